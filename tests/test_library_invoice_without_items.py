"""The shipped invoice template on an invoice that prints no line items (inbox journey,
finding 3): an invoice in a mail's HTML body, or a one-line service invoice, has a net,
VAT and total but no table; ``sum(items.amount) == net`` failed ("0 against 129.00;
table 'items' has no rows") and every such invoice went to review. The sum is checked
where the table has rows; the totals rule still checks the header amounts."""

from __future__ import annotations

import pytest

from formsift import Engine

_HEAD = [(50, 60, "Webshop Direct Ltd"), (50, 80, "Invoice"),
         (50, 100, "Invoice No."), (150, 100, "INV-5001"),
         (50, 120, "Invoice date"), (150, 120, "09/11/2026")]


def _totals(net: str, vat: str, total: str) -> list[tuple[float, float, str]]:
    return [(50, 240, "Subtotal"), (150, 240, net), (50, 260, "VAT 20%"), (150, 260, vat),
            (50, 280, "Total"), (150, 280, total),
            (50, 320, "IBAN GB33 BUKB 2020 1555 5555 55")]


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def test_an_invoice_without_line_items_is_accepted(engine, make_pdf):
    result = engine.extract(make_pdf([*_HEAD, *_totals("129.00", "25.80", "154.80")]),
                            "invoice", name="inv.pdf")
    assert result.status == "accepted", result.reasons
    assert result.record()["items"] == []
    assert str(result.value("net")) == "129.00"


def test_a_plain_text_invoice_without_line_items_is_accepted(engine, tmp_path):
    """The journey's repro: an invoice written in a mail's body, saved as text."""
    path = tmp_path / "body.txt"
    path.write_text("Webshop Direct Ltd\nInvoice\nInvoice No.   INV-5001\n"
                    "Invoice date   09/11/2026\n\nSubtotal   129.00\nVAT 20%   25.80\n"
                    "Total   154.80\nIBAN GB33 BUKB 2020 1555 5555 55\n", encoding="utf-8")
    result = engine.extract(path, "invoice")
    assert result.status == "accepted", result.reasons
    assert str(result.value("total")) == "154.80"


def test_totals_that_do_not_add_up_still_go_to_review(engine, make_pdf):
    """Guard: without a table the header amounts are still checked."""
    result = engine.extract(make_pdf([*_HEAD, *_totals("129.00", "25.80", "164.80")]),
                            "invoice", name="inv.pdf")
    assert result.status == "review"
    assert "totals" in [r.rule for r in result.reasons]


def test_line_items_that_do_not_add_up_to_the_net_still_fail(engine, make_pdf):
    """Guard: where the table has rows, their sum is checked as before."""
    table = [(50, 160, "Description"), (250, 160, "Qty"), (430, 160, "Amount"),
             (50, 180, "Hosting"), (250, 180, "1"), (430, 180, "100.00"),
             (50, 200, "Domain"), (250, 200, "1"), (430, 200, "19.00")]
    result = engine.extract(make_pdf([*_HEAD, *table, *_totals("129.00", "25.80",
                                                                 "154.80")]),
                            "invoice", name="inv.pdf")
    assert len(result.record()["items"]) == 2
    assert result.status == "review"
    assert "sum_items" in [r.rule for r in result.reasons]
