"""A date that does not exist, printed where a field's locator looks, is an invalid value,
never replaced by another date (AP journey J3, finding F1): ``right of "Rechnungsdatum" or
below "Rechnungsdatum"`` on an invoice printing "Rechnungsdatum: 31.02.2026" took the due
date from the row under it (0.81), and with ``rule dates: due_date >= invoice_date`` the
record was accepted with invoice_date = the due date; no reason named the bad date. It is
now ``invalid_value`` ("'31.02.2026' is no date: February has 28 days in 2026"), the field
has no value, and no later alternative (nor a line farther down) stands in for it."""

from __future__ import annotations

import datetime as dt

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template de {
  locale "de_DE"
  field invoice_date: date = LOCATOR
  field due_date: date = right of "Fällig am" or below "Fällig am"
  rule dates: due_date >= invoice_date
}'''

OR = 'right of "Rechnungsdatum" or below "Rechnungsdatum"'


def _pdf(path, items: list[tuple[float, float, str]]) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in items:
        page.insert_text((x, y), text, fontsize=9, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, items, locator: str = OR, template: str = TEMPLATE):
    sift = tmp_path / "t.sift"
    sift.write_text(template.replace("LOCATOR", locator), encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", items),
                                               template=str(sift))


def _rows(date: str) -> list[tuple[float, float, str]]:
    """Layout A: "Label: value" rows, the due date's right under the invoice date's."""
    return [(40, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (40, 90, "Rechnung"),
            (40, 120, "Rechnungsnummer: RE-2026-01117"), (40, 133, f"Rechnungsdatum: {date}"),
            (40, 146, "Fällig am: 06.04.2026"), (340, 133, "Europaweg 200, 2711 AH Zoetermeer")]


def _column(date: str) -> list[tuple[float, float, str]]:
    """Layout C: a label column without colons, the values a column's gap to its right."""
    return [(40, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (40, 90, "Rechnung"),
            (40, 120, "Rechnungsnummer"), (160, 120, "RE-2026-01117"),
            (40, 133, "Rechnungsdatum"), (160, 133, date),
            (40, 146, "Fällig am"), (160, 146, "06.04.2026"),
            (340, 133, "Europaweg 200, 2711 AH Zoetermeer")]


BAD = [("31.02.2026", "February has 28 days in 2026"),
       ("30/02/2026", "February has 28 days in 2026"),
       ("2026-13-01", "there is no month 13"),
       ("31.04.2026", "April has 30 days in 2026")]


@pytest.mark.parametrize("layout", [_rows, _column], ids=["label-colon", "label-column"])
@pytest.mark.parametrize(("printed", "why"), BAD, ids=[b[0] for b in BAD])
def test_a_date_that_does_not_exist_is_invalid_not_the_next_rows_date(tmp_path, layout,
                                                                      printed, why):
    result = _extract(tmp_path, layout(printed))
    assert result.status is Status.REVIEW, result.reasons
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    (reason,) = [r for r in result.reasons if r.field == "invoice_date"]
    assert reason.code == "invalid_value", reason
    assert f"'{printed}' is no date: {why}" in reason.message, reason.message
    assert result.fields["due_date"].value == dt.date(2026, 4, 6)


def test_the_field_alone_says_the_date_does_not_exist(tmp_path):
    """``right of`` alone: invalid_value naming the date, not "does not read as a date
    value" (a user read that as a format problem)."""
    result = _extract(tmp_path, _column("31.02.2026"), 'right of "Rechnungsdatum"')
    (reason,) = [r for r in result.reasons if r.field == "invoice_date"]
    assert reason.code == "invalid_value", reason
    assert "'31.02.2026' is no date: February has 28 days in 2026" in reason.message
    assert "does not read as" not in reason.message


def test_below_does_not_read_past_a_date_that_does_not_exist(tmp_path):
    """The locator itself: ``below`` took the next line holding a date when the nearest
    line's date does not exist."""
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (40, 133, "31.02.2026"),
             (40, 150, "Fällig am"), (40, 163, "06.04.2026")]
    result = _extract(tmp_path, items, 'below "Rechnungsdatum"')
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    assert [r.code for r in result.reasons if r.field == "invoice_date"] == ["invalid_value"]


IBAN_TEMPLATE = '''template pay {
  locale "de_DE"
  field iban: iban = LOCATOR
}'''


def test_an_invalid_iban_beside_its_label_is_not_replaced_by_another_alternative(tmp_path):
    """The same for every type with a check: the bank's own IBAN in the footer, read by
    ``anywhere``, does not stand in for the payee's IBAN whose check digits are wrong."""
    items = [(40, 90, "Zahlungsanweisung"), (40, 120, "IBAN: DE89 3704 0044 0532 0130 01"),
             (40, 800, "Unsere Bank: DE02 1203 0000 0000 2020 51")]
    result = _extract(tmp_path, items, 'right of "IBAN" or anywhere', IBAN_TEMPLATE)
    assert result.status is Status.REVIEW
    assert result.fields.get("iban") is None, result.fields.get("iban")
    assert [r.code for r in result.reasons if r.field == "iban"] == ["invalid_value"]


# guards: what still reads


@pytest.mark.parametrize("layout", [_rows, _column], ids=["label-colon", "label-column"])
def test_a_leap_day_reads(tmp_path, layout):
    items = [(x, y, t.replace("06.04.2026", "06.04.2028")) for x, y, t in layout("29.02.2028")]
    result = _extract(tmp_path, items)
    assert result.fields["invoice_date"].value == dt.date(2028, 2, 29)
    assert result.status is Status.ACCEPTED, result.reasons


def test_the_later_alternative_still_reads_where_the_first_finds_nothing(tmp_path):
    """Values under their captions: nothing right of the label, ``below`` reads it."""
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (200, 120, "Fällig am"),
             (40, 133, "15.03.2026"), (200, 133, "14.04.2026")]
    result = _extract(tmp_path, items)
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.fields["due_date"].value == dt.date(2026, 4, 14)
    assert result.status is Status.ACCEPTED, result.reasons


def test_text_that_is_no_date_is_still_passed_over(tmp_path):
    """Text beside the label that is not shaped like a date (a version number, words)
    does not stop the fallback."""
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (160, 120, "siehe unten"),
             (40, 133, "15.03.2026"), (40, 160, "Fällig am: 14.04.2026")]
    result = _extract(tmp_path, items)
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("text", ["4.52.17", "12.34.56", "Version 1.13.2026b", "030-123-4567",
                                  "Seite 1/2"])
def test_numbers_that_are_not_date_shaped_are_no_invalid_date(registry, text):
    from tests.parsing import ctx, ftype

    assert ftype(registry, "date").misfit(text, ctx("de_DE")) is None


def test_below_does_not_take_the_next_captions_date_beside_a_date_that_does_not_exist(
        tmp_path):
    """Captions side by side without rulings, values under them: ``below
    "Rechnungsdatum"`` reads its line up to a quarter of the page past the label, and took
    the due date under "Fällig am" where the date under its own label does not exist."""
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (200, 120, "Fällig am"),
             (40, 133, "31.02.2026"), (200, 133, "06.04.2026")]
    result = _extract(tmp_path, items)
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    assert [r.code for r in result.reasons if r.field == "invoice_date"] == ["invalid_value"]
    assert result.fields["due_date"].value == dt.date(2026, 4, 6)


def test_a_percentage_beside_an_amount_under_its_caption_still_reads(tmp_path):
    """Guard: words before the value under the label that are set close to it (no
    column's gap) do not stop ``below``."""
    items = [(40, 120, "MwSt"), (40, 133, "19 % 234,92")]
    template = 'template m {\n  locale "de_DE"\n  currency "EUR"\n' \
               '  field vat: money = LOCATOR\n}'
    result = _extract(tmp_path, items, 'below "MwSt"', template)
    assert str(result.fields["vat"].value) == "234.92", result.reasons


# Code read r4 of 8ce2c8c: only a date that does not exist as the whole of the words
# beside the label (or their first token) stops the next alternative, not a date-shaped
# piece of a phone number, a version, a lot; nor another type's rejected value.

@pytest.mark.parametrize("beside", ["Tél. 04.31.02.45.67", "Software release 4.0.18",
                                    "Lot 00.12.2026", "Tel 0221 31-02-88",
                                    "Version 2.31.2024"])
def test_a_date_shaped_piece_of_another_number_does_not_stop_below(tmp_path, beside):
    items = [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (200, 120, beside),
             (40, 133, "15.03.2026"), (40, 200, "Fällig am: 14.04.2026")]
    result = _extract(tmp_path, items)
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15), result.reasons


@pytest.mark.parametrize("text", ["Tél. 04.31.02.45.67", "IP 10.0.13.2026"])
def test_part_of_a_longer_number_is_no_invalid_date(registry, text):
    from tests.parsing import ctx, ftype

    assert ftype(registry, "date").misfit(text, ctx("fr_FR")) is None


def test_a_percentage_in_the_caption_does_not_stop_below(tmp_path):
    template = '''template en {
  locale "en_GB"
  field net: decimal = right of "Net amount" or below "Net amount"
}'''
    items = [(40, 90, "Invoice"), (40, 300, "Net amount (excl. 19 % VAT)"),
             (40, 313, "1000.00")]
    result = _extract(tmp_path, items, template=template)
    from decimal import Decimal

    assert result.fields["net"].value == Decimal("1000.00"), result.reasons
