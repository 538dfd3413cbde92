"""A header word followed by a colon and a number is a label with its value, not a column's
header. Real receipts (SROIE) print "Item(s) : 5  Qty(s) : 6" right above "TOTAL ... 15.90":
the shipped receipt template took "Item" and "Total" for its item table's header, read the
payment lines and the footer below them as items, and sent the receipts to review for items
without amounts (7 of 100 SROIE receipts)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

FOOTER = ["CASH RM 50.00", "CHANGE RM 34.10", "19-09-17 15:39 SH01 ZJ03 T3 R000100808",
          "OPERATOR TRAINEE CASHIER"]


@pytest.mark.parametrize("count", ["Item(s) : 2 Qty(s) : 3", "Total Item(s): 2",
                                   "ITEM: 2 QTY: 3", "No. Qtys: 3.00 No. Items: 2"])
def test_a_count_over_the_total_is_no_item_header(registry, make_pdf, count):
    lines = ["HARDWARE TRADING SDN BHD", "TAX INVOICE", "TOILET BRUSH 1 X 10.90 10.90",
             "CURTAIN STRAPS 2 X 2.50 5.00", count, "TOTAL RM 15.90", *FOOTER]
    pdf = make_pdf([(20, 60 + 14 * i, text) for i, text in enumerate(lines)])
    result = Engine(registry=registry).extract(pdf, "receipt")
    items = result.record().get("items") or []
    assert not any("CASH" in str(r.get("description")) or "OPERATOR" in
                   str(r.get("description")) for r in items), items
    assert result.value("total") == Decimal("15.90")
    assert not [r for r in result.reasons if (r.field or "").startswith("items")], \
        result.reasons


def test_a_header_line_is_still_a_header(registry, make_pdf):
    """Guard: "Item  Qty  Amount" with no colon is the table's header."""
    lines = ["HARDWARE TRADING SDN BHD", "Item Qty Amount", "TOILET BRUSH 1 10.90",
             "CURTAIN STRAPS 2 5.00", "TOTAL RM 15.90", *FOOTER]
    pdf = make_pdf([(20, 60 + 14 * i, text) for i, text in enumerate(lines)])
    result = Engine(registry=registry).extract(pdf, "receipt")
    amounts = [r["amount"] for r in result.record()["items"]]
    assert amounts == ["10.90", "5.00"]
    assert result.status is Status.ACCEPTED, result.reasons
