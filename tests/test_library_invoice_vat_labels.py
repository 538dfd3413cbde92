"""The shipped invoice template reads VAT under the labels invoices print (journey
newuser, finding 3): it found the VAT amount only beside "VAT 20%" or "VAT (20%)", so
"VAT", "Tax", "VAT @ 20%", "Sales Tax", "VAT amount" and "Total VAT" left it missing (6 of
7 invoices to review), and a table of quantities and amounts alone was flagged for its
missing unit prices."""

from __future__ import annotations

import pytest

from formsift import Engine


def _invoice(make_pdf, vat_label: str, unit_prices: bool = True) -> bytes:
    cols = (50, 250, 330, 430) if unit_prices else (50, 250, 430)
    head = ("Description", "Qty", "Unit price", "Amount") if unit_prices else \
        ("Description", "Qty", "Amount")
    rows = [("Paper", "2", "50.00", "100.00"), ("Toner", "1", "400.00", "400.00")]
    if not unit_prices:
        rows = [(d, q, a) for d, q, _, a in rows]
    items = [(50, 60, "Northwind Supplies Ltd"), (50, 80, "INVOICE"),
             (50, 100, "Invoice No. NW-1001"), (50, 120, "Invoice date 2026-11-30")]
    for y, cells in ((160, head), (180, rows[0]), (200, rows[1])):
        items += [(x, y, c) for x, c in zip(cols, cells, strict=True)]
    items += [(330, 240, "Subtotal"), (430, 240, "500.00"), (330, 260, vat_label),
              (430, 260, "100.00"), (330, 280, "Total"), (430, 280, "600.00"),
              (50, 320, "IBAN: DE89 3704 0044 0532 0130 00")]
    return make_pdf(items)


@pytest.mark.parametrize("label", ["VAT", "Tax", "VAT @ 20%", "Sales Tax", "VAT amount",
                                   "Total VAT", "VAT 20%"])
def test_vat_is_read_under_the_usual_labels(registry, make_pdf, label):
    result = Engine(registry=registry, seen_store="memory").extract(
        _invoice(make_pdf, label), "invoice", name="inv.pdf")
    assert result.value("vat") == 100
    assert result.status == "accepted", result.reasons
    assert result.value("vat_rate") == (20 if "20%" in label else None)


def test_a_table_without_unit_prices(registry, make_pdf):
    result = Engine(registry=registry, seen_store="memory").extract(
        _invoice(make_pdf, "VAT", unit_prices=False), "invoice", name="inv.pdf")
    assert [r["amount"] for r in result.record()["items"]] == ["100.00", "400.00"]
    assert result.status == "accepted", result.reasons
