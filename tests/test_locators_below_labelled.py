"""``below`` a label, a value that is another label's ("Due Date: 03/01/2027" under
"Invoice Date: 04/12/2026") is a weaker candidate than one standing under the label alone:
`right of "Invoice Date" or below "Invoice Date"`, written to read both an invoice of
"Label: value" rows and one that prints values under their labels, sent the first to review
as two nearly equal candidates (the AU/NZ/CA journey, F4)."""

from __future__ import annotations

import datetime as dt

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 10

TEMPLATE = '''template inv {
  locale "en_AU"
  currency "AUD"
  field invoice_date: date = LOCATOR
}'''

BOTH = 'right of "Invoice Date" or below "Invoice Date"'


def _pdf(path, items: list[tuple[float, float, str]]) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in items:
        page.insert_text((x, y), text, fontsize=FONT, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, items, locator: str = BOTH):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE.replace("LOCATOR", locator), encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", items),
                                               template=str(sift))


#: A header of "Label: value" rows, the due date's row right under the invoice date's.
ROWS = [(40, 50, "Koala Office Supplies Pty Ltd"), (360, 50, "TAX INVOICE"),
        (360, 100, "Invoice Number: INV-10452"), (360, 115, "Invoice Date: 04/12/2026"),
        (360, 130, "Due Date: 03/01/2027"),
        (40, 160, "Bill To: Southern Cross Retail Pty Ltd, Melbourne VIC 3000")]

#: Xero's layout: each value under its label, a word of another column beside it.
UNDER = [(40, 40, "TAX INVOICE"), (40, 90, "Southern Cross Retail Pty Ltd"),
         (330, 90, "Invoice Date"), (450, 90, "Wattle Cleaning Services"),
         (330, 104, "4 Dec 2026"), (450, 104, "ABN 53 004 085 616"),
         (330, 120, "Invoice Number"), (330, 134, "INV-0077")]


@pytest.mark.parametrize("sep", [": ", " : "], ids=["colon", "spaced-colon"])
def test_a_value_right_of_another_label_below_loses_to_the_value_right_of_the_label(
        tmp_path, sep):
    rows = [(x, y, t.replace(": ", sep)) for x, y, t in ROWS]
    result = _extract(tmp_path, rows)
    assert result.fields["invoice_date"].value == dt.date(2026, 12, 4)
    assert result.status is Status.ACCEPTED, result.reasons


def test_values_under_their_labels_are_still_read_below(tmp_path):
    result = _extract(tmp_path, UNDER)
    assert result.fields["invoice_date"].value == dt.date(2026, 12, 4)
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_value_under_the_label_scores_as_before(tmp_path):
    """Below alone: a value under the label scores what it did (the first line, 1.0 of
    the label's score), another label's value less."""
    under = _extract(tmp_path, UNDER, 'below "Invoice Date"').fields["invoice_date"]
    labelled = _extract(tmp_path, ROWS, 'below "Invoice Date"').fields["invoice_date"]
    assert under.value == dt.date(2026, 12, 4)
    assert labelled.value == dt.date(2027, 1, 3)  # still a candidate: nothing else is
    assert labelled.confidence < under.confidence


def test_glued_label_value_below_is_another_labels(tmp_path):
    """'Due Date:03/01/2027', the value glued to its label, is another label's too."""
    rows = [(x, y, t.replace("Due Date: ", "Due Date:")) for x, y, t in ROWS]
    result = _extract(tmp_path, rows)
    assert result.fields["invoice_date"].value == dt.date(2026, 12, 4)
    assert result.status is Status.ACCEPTED, result.reasons
