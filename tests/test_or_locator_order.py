"""``or`` alternatives are read in the template's order at each occurrence of a label (AP
journey J3, finding F3): ``right of "Rechnungsdatum" or below "Rechnungsdatum"`` on a label
column without colons ("Rechnungsdatum   15.03.2026" over "Fällig am   14.04.2026") scored
the date right of the label 0.85 and the due date under it, found by ``below``, 0.81:
"nearly equal", so the record went to review as ``ambiguous``. Beside one occurrence of a
label, the first alternative that finds a value there is the label's value; alternatives
at other labels (or other occurrences) still compete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status
from tests.test_invalid_date_no_fallback import _pdf

DATES = '''template de {
  locale "de_DE"
  field invoice_date: date = right of "Rechnungsdatum" or below "Rechnungsdatum"
  field due_date: date = right of "Fällig am" or below "Fällig am"
  RULE
}'''

GE = "rule dates: due_date >= invoice_date"


def _extract(tmp_path, items, template: str):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", items),
                                               template=str(sift))


#: Layout C: a label column without colons, the values a column's gap to the right.
COLUMN = [(40, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (40, 90, "Rechnung"),
          (40, 120, "Rechnungsnummer"), (160, 120, "RE-2026-01117"),
          (40, 133, "Rechnungsdatum"), (160, 133, "15.03.2026"),
          (40, 146, "Fällig am"), (160, 146, "14.04.2026"),
          (340, 133, "Europaweg 200, 2711 AH Zoetermeer")]


def test_the_value_right_of_the_label_is_not_rivalled_by_the_next_row(tmp_path):
    result = _extract(tmp_path, COLUMN, DATES.replace("RULE", GE))
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.fields["due_date"].value == dt.date(2026, 4, 14)
    assert result.status is Status.ACCEPTED, result.reasons


def test_without_a_rule_too(tmp_path):
    result = _extract(tmp_path, COLUMN, DATES.replace("RULE", ""))
    assert not [r for r in result.reasons if r.code == "ambiguous"], result.reasons
    assert result.status is Status.ACCEPTED, result.reasons


# guards


def test_values_under_their_captions_are_read_by_the_later_alternative(tmp_path):
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (200, 120, "Fällig am"),
             (40, 133, "15.03.2026"), (200, 133, "14.04.2026")]
    result = _extract(tmp_path, items, DATES.replace("RULE", GE))
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.status is Status.ACCEPTED, result.reasons


TOTAL = '''template t {
  locale "en_GB"
  currency "EUR"
  field total: money = right of "Total" or right of "Amount due"
}'''


def test_alternatives_at_other_labels_still_compete(tmp_path):
    """Two labels, two nearly equal values: ``or`` over different labels is no fallback
    order, a reviewer decides (as the docs' `"C.U.I.T.:" | "CUIT:"` example says)."""
    items = [(40, 100, "Total 100.00"), (40, 130, "Amount due 90.00")]
    result = _extract(tmp_path, items, TOTAL)
    assert result.status is Status.REVIEW
    assert [r.code for r in result.reasons if r.field == "total"] == ["ambiguous"]


def test_a_rule_still_chooses_among_alternatives_at_other_labels(tmp_path):
    items = [(40, 80, "Net 80.00"), (40, 90, "VAT 10.00"), (40, 100, "Total 100.00"),
             (40, 130, "Amount due 90.00")]
    template = TOTAL.replace('  field total', '  field net: money = right of "Net"\n'
                                              '  field vat: money = right of "VAT"\n'
                                              '  field total').replace(
        "}", "  rule totals: net + vat == total\n}")
    result = _extract(tmp_path, items, template)
    assert result.fields["total"].value == Decimal("90.00")
    assert result.status is Status.ACCEPTED, result.reasons


# Code read r4 of 8ce2c8c: only a value that is the first thing right of the label, and
# scores at least as high, keeps a later alternative's value beside that label out.

CAPTIONS = '''template de {
  locale "de_DE"
  currency "EUR"
  field total: money = right of "Gesamtbetrag" or below "Gesamtbetrag"
  field net: money = right of "Nettobetrag" or below "Nettobetrag"
  field vat: money = right of "MwSt" or below "MwSt"
}'''


@pytest.mark.parametrize("caption", ["Gesamtbetrag 1)", "Gesamtbetrag*1",
                                     "Gesamtbetrag (brutto, 2 Seiten)"])
def test_a_footnote_mark_or_note_right_of_a_caption_is_not_the_total(tmp_path, caption):
    """A footnote mark or a parenthesised note after the caption is no value: the
    amounts under the captions are (before: total, net and vat all 1 or 2, accepted)."""
    items = [(40, 60, "Rechnung"), (40, 300, "Nettobetrag"), (160, 300, "MwSt 19 %"),
             (280, 300, caption), (40, 313, "1.000,00 EUR"), (160, 313, "190,00 EUR"),
             (280, 313, "1.190,00 EUR"), (40, 400, "1) zahlbar ohne Abzug")]
    result = _extract(tmp_path, items, CAPTIONS)
    values = {k: result.fields[k].value for k in ("net", "vat", "total")}
    assert values == {"net": Decimal("1000.00"), "vat": Decimal("190.00"),
                      "total": Decimal("1190.00")}, result.reasons


TOTAL_BELOW = '''template en {
  locale "en_GB"
  currency "EUR"
  field total: money = right of "Total" or below "Total"
}'''


def _safe(result, name: str, right) -> None:
    """Right, or in review: never another value accepted."""
    assert result.status is not Status.ACCEPTED or result.fields[name].value == right, \
        (result.fields[name].value, result.reasons)


def test_a_count_in_parentheses_right_of_the_caption_is_not_the_total(tmp_path):
    items = [(40, 90, "Invoice"), (40, 300, "Total (3 items)"), (40, 313, "1,190.00 EUR")]
    _safe(_extract(tmp_path, items, TOTAL_BELOW), "total", Decimal("1190.00"))


def test_another_blocks_amount_on_the_captions_line_is_not_accepted(tmp_path):
    items = [(40, 90, "Invoice"), (40, 300, "Total"), (200, 300, "Deposit paid 100.00 EUR"),
             (40, 313, "1,190.00 EUR")]
    _safe(_extract(tmp_path, items, TOTAL_BELOW), "total", Decimal("1190.00"))


def test_another_blocks_date_on_the_captions_line_is_not_accepted(tmp_path):
    """"Ihre Bestellung vom 01.03.2026" right of the captions: not both dates."""
    items = [(40, 50, "NORDLICHT GMBH"), (40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"),
             (160, 120, "Fällig am"), (330, 120, "Ihre Bestellung vom 01.03.2026"),
             (40, 133, "15.03.2026"), (160, 133, "14.04.2026"), (330, 133, "Bestell-Nr. 4711")]
    result = _extract(tmp_path, items, DATES.replace("RULE", GE))
    _safe(result, "invoice_date", dt.date(2026, 3, 15))
    _safe(result, "due_date", dt.date(2026, 4, 14))
