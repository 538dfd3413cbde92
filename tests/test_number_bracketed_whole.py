"""A whole number in brackets is negative where it stands alone, as money reads brackets
(journey fooddist, F3): a distributor's deposit returns print '(3)' and '(120)' in the Qty
column beside amounts '(90.00)'; under an `int` column they were read +3 and +120, and the
record was accepted without a line rule. A whole number in brackets after the words or
the number it restates ('FORTY EIGHT (48) CARTONS', 'Pages: 3 (3)') stays the number."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, expected", [
    ("(3)", -3),
    ("(120)", -120),
    ("( 12 )", -12),
    ("(1,250)", -1250),
    ("Returned: (3)", -3),
])
def test_a_bracketed_whole_number_alone_is_negative(registry, text, expected):
    assert best(registry, "int", text, "en_US").value == expected
    assert best(registry, "decimal", text, "en_US").value == expected
    assert ftype(registry, "int").parse(text.split(": ")[-1], ctx("en_US")) == expected


@pytest.mark.parametrize("text, expected", [
    ("SAY FORTY EIGHT (48) CARTONS ONLY", 48),
    ("thirty (30) days", 30),
    ("Pages: 3 (3)", 3),
])
def test_a_bracketed_whole_number_that_restates_what_precedes_it_stays_positive(
        registry, text, expected):
    found = ftype(registry, "int").find(text, ctx("en_US"))
    assert found[-1].value == expected and all(f.value > 0 for f in found)
    # the value's text is the number (its brackets are no sign): it parses to the value
    raw = text[found[-1].start:found[-1].end]
    assert ftype(registry, "int").parse(raw, ctx("en_US")) == expected


ITEMS = '''template t {
  locale "en_US"
  currency "USD"
  field total: money = right of "Invoice Total"
  table items {
    item: text header "Item"
    qty: int header "Qty"
    amount: money header "Amount"
    until "Invoice Total"
  }
}'''

DOC = """INVOICE
Item        Qty      Amount
KEG-IPA       2      240.00
DEP-KEG     (3)     (90.00)
DEP-BTL   (120)      (6.00)
Invoice Total        144.00
"""


def test_deposit_returns_in_a_quantity_column_are_negative(tmp_path):
    """The journey's bev2_paren_qty.pdf, without its line rule (us_noline.sift)."""
    result = extract_text(tmp_path, ITEMS, DOC)
    rows = result.tables["items"]
    assert [r["qty"].value for r in rows] == [2, -3, -120]
    assert [str(r["amount"].value) for r in rows] == ["240.00", "-90.00", "-6.00"]
