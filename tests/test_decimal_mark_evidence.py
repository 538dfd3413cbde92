"""A code or a product name is no evidence of the decimal mark (customs journey, finding
1): an invoice printing "96.400,00", "96,40" and "27,90" (comma decimal) and one HS code
written "8481.40" went to review, its quantity "1.000" said to read 1000 or 1.000 "and no
number of the document shows which mark is its decimal one": the HS code counted as a
decimal point as much as all the amounts for the comma, and one contrary number
cancelled the rest. The same invoice with the code written "8481.40.90" was read right.
So did a packing list's "Gear motor 0.75kW". Now the numbers are weighed
(amounts.mark_evidence, weigh_marks): amounts count more than codes, a number glued to
letters little, the template's text values (an HS code column) not at all, and a clear
majority decides."""

from __future__ import annotations

import pytest

from formsift.plugins.fieldtypes.amounts import mark_evidence, marks_shown, weigh_marks
from tests.parsing import extract_text

ROWS = ("Pressure valve DN25    {hs}       1.000     96,40       96.400,00\n"
        "Steel coupling K-12    8483.60.80    20        27,90       558,00\n")


def test_an_hs_code_does_not_cancel_what_the_amounts_show():
    for hs in ("8481.40", "8481.40.90"):  # (the journey's two invoices read alike)
        assert marks_shown(ROWS.format(hs=hs) + "Subtotal 96.958,00") == ",", hs


@pytest.mark.parametrize("text", [
    "Gear motor 0.75kW   60   16.800,000   16.851,000\nHydraulic pump   84   18.500,000",
    "Firmware v1.2  Valve DN1.5  Net 7.122,750 KGS  12,50",
    "Frame 1.5x2.0 m   Preis 3,75 EUR   12,40 EUR",
])
def test_a_number_glued_to_letters_counts_little(text):
    assert marks_shown(text) == ","


def test_the_evidence_is_weighed_and_a_clear_majority_decides():
    for text in ("4.5 CBM and 3,75 EUR",     # an amount each way, no clear majority
                 "12.50 and 3,75",
                 "6.100 KGS  12.300 KGS"):   # nothing shows it
        assert marks_shown(text) is None, text
    evidence = mark_evidence("HS Code 8481.40   Unit price 27,90")
    assert weigh_marks(evidence) is None                       # one each way
    assert weigh_marks(evidence, codes=["8481.40"]) == ","      # a text column's value
    # an amount of a numeric field counts twice: 2 against 1 is no clear majority yet
    assert weigh_marks(evidence, numbers=["27,90"]) is None
    assert weigh_marks(mark_evidence("8481.40  27,90  3,10"), numbers=["27,90", "3,10"],
                       codes=[]) == ","


INVOICE = '''template ci {
  locale "en_GB"
  match { contains "COMMERCIAL INVOICE" }
  table items {
    description: text header "Description"
    hs_code: text header "HS Code"
    qty: decimal header "Qty"
    unit_price: money header "Unit Price"
    amount: money header "Amount"
    until "Subtotal"
  }
}'''

DOC = """COMMERCIAL INVOICE
Description            HS Code       Qty       Unit Price    Amount
Pressure valve DN25    {hs}       1.000     27,90         27.900,00
Steel coupling K-12    8483.60.80    20        3,10          62,00
Subtotal
"""


def test_an_hs_code_in_a_text_column_leaves_the_quantity_settled(tmp_path):
    # the page's amounts show the comma (the locale reads them so); the HS code, a
    # point
    result = extract_text(tmp_path, INVOICE, DOC.format(hs="8481.40"))
    assert not [r for r in result.reasons if r.code == "ambiguous"], result.reasons
    assert [str(r["qty"].value) for r in result.tables["items"]] == ["1000", "20"]
    assert result.status == "accepted", result.reasons
    # amounts with a point beside those with a comma: no clear majority, doubted still
    doc = DOC.format(hs="8481.40.90").replace("3,10          62,00", "3.10          62.00")
    result = extract_text(tmp_path, INVOICE, doc)
    assert any(r.code == "ambiguous" and r.field == "items.qty" for r in result.reasons), \
        result.reasons
