"""The shipped ``receipt`` template checks a total against the receipt's tax summary.

A receipt that prints no payment which confirms its total (paid by card with no amount
on the slip, or a payment line the recognizer garbled) kept its right total at about
0.88 and went to review under ``confidence(total) < 0.9``: SROIE's needless reviews were
mostly such receipts. Most till receipts print what the total is made of: the amount
before tax and the tax on it (``Total excl. GST`` and ``GST 6%``, or a tax summary line
``SR @ 6%  37.64  2.26``), and the rounding. Where these add up to the total, the total is
confirmed (a misread total, or the amount of another line, does not add up); where they
do not, nothing is said against it (the amount before tax may be read from a subtotal
that holds the tax). A total that is only a part of the amount to pay (the supplies at
one tax rate, with that part's tax) adds up too, and stays in review: the amount to pay,
printed beside a total's label as well, is its rival.

The receipts are drawn with PyMuPDF (a text layer, and one scanned), with formsift's
generated shop names and items.
"""

from __future__ import annotations

from decimal import Decimal

import pymupdf
import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.samples import encode_png, render_scan
from formsift.samples.generator import SHOP_ITEMS, SHOPS

WIDTH = 226.0


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def drawn(seed: int, items: list[Decimal], lines: list[tuple[str, str]]) -> bytes:
    """A till receipt: a shop of formsift's samples, a date, ``items`` (amounts), then
    ``lines`` (a label, and the text set flush right: an amount, or two)."""
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=220 + 14 * (len(items) + len(lines)))
    y = 30.0

    def line(left: str, right: str = "", font: str = "cour", size: float = 8) -> None:
        nonlocal y
        page.insert_text((20, y), left, fontsize=size, fontname=font)
        if right:
            width = pymupdf.get_text_length(right, fontname=font, fontsize=size)
            page.insert_text((WIDTH - 20 - width, y), right, fontsize=size, fontname=font)
        y += 14

    line(SHOPS[seed % len(SHOPS)], font="cobo", size=11)
    line(f"{10 + seed} HIGH ST")
    line(f"DATE: 1{seed % 10}/03/2018  13:{10 + seed:02d}")
    line("ITEM", "AMOUNT", font="cobo")
    for k, amount in enumerate(items):
        line(SHOP_ITEMS[(seed + k) % len(SHOP_ITEMS)], f"{amount:.2f}")
    y += 6
    for label, right in lines:
        line(label, right)
    line("THANK YOU, COME AGAIN")
    data = doc.tobytes()
    doc.close()
    return data


def split(total: Decimal) -> tuple[Decimal, Decimal]:
    """The amount before a 6% tax and the tax, adding up to ``total``."""
    tax = (total * 6 / 106).quantize(Decimal("0.01"))
    return total - tax, tax


ITEMS = {0: [Decimal("12.50"), Decimal("27.40")], 3: [Decimal("4.20"), Decimal("1.70")],
         5: [Decimal("55.00"), Decimal("9.90"), Decimal("18.35")]}


def with_lines(seed: int, form: str, total: Decimal) -> list[tuple[str, str]]:
    net, tax = split(total)
    if form == "labels":  # the amount before tax and the tax, each beside its label
        return [("TOTAL EXCL. GST", f"{net}"), ("GST 6%", f"{tax}"), ("TOTAL", f"{total}")]
    if form == "summary":  # the tax summary's line: the rate, the amount, the tax
        return [("TOTAL INCL. GST", f"{total}"), ("GST SUMMARY", "AMOUNT   TAX"),
                ("SR @ 6%", f"{net}   {tax}")]
    # the rounding of the amount to pay: the tax summary adds up to the amount before it
    return [("TOTAL EXCL. GST", f"{net - Decimal('0.02')}"), ("GST 6%", f"{tax}"),
            ("ROUNDING ADJ", "0.02"), ("TOTAL ROUNDED", f"{total}")]


@pytest.mark.parametrize("form", ["labels", "summary", "rounding"])
@pytest.mark.parametrize("seed", sorted(ITEMS))
def test_a_total_its_tax_summary_adds_up_to_is_accepted(engine, seed, form):
    """No payment line confirms the total (paid by card, nothing printed): before, every
    such receipt went to review with its total right at 0.88."""
    total = sum(ITEMS[seed], Decimal(0))
    result = engine.extract(drawn(seed, ITEMS[seed], with_lines(seed, form, total)), "receipt")
    assert result.fields["total"].value == total
    assert result.fields["total"].confidence >= 0.9, result.reasons
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_scanned_receipt_its_tax_summary_adds_up_to_is_accepted(engine):
    seed, total = 0, sum(ITEMS[0], Decimal(0))
    (page,) = render_scan(drawn(seed, ITEMS[seed], with_lines(seed, "summary", total)),
                          dpi=200, degrade="noise", seed=1)
    result = engine.extract(encode_png(page), "receipt")
    assert result.fields["total"].value == total
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("form", ["labels", "summary", "rounding"])
def test_a_total_the_tax_summary_does_not_add_up_to_goes_to_review(engine, form):
    """A total read wrong (here printed so: 49.90 where the items and the summary make
    39.90, as a 3 misread 4 would be) is not confirmed by the summary."""
    seed, total = 0, sum(ITEMS[0], Decimal(0))
    lines = [(label, right.replace(f"{total}", "49.90")) for label, right
             in with_lines(seed, form, total)]
    result = engine.extract(drawn(seed, ITEMS[seed], lines), "receipt")
    assert result.fields["total"].value == Decimal("49.90")
    assert result.fields["total"].confidence < 0.9
    assert result.status is Status.REVIEW, result.reasons


def test_a_total_of_part_of_the_supplies_is_no_total(engine):
    """Supplies at two tax rates: the standard-rated part's amount and tax add up to its
    own total (73.52), not to the amount to pay (94.19): 73.52 must not be accepted."""
    lines = [("TOTAL EXCL. GST", "69.36"), ("GST 6%", "4.16"),
             ("TOTAL INCL. GST", "73.52"), ("ZERO RATED SUPPLIES", "20.67"),
             ("TOTAL PAYABLE", "94.19")]
    result = engine.extract(drawn(3, [Decimal("73.52"), Decimal("20.67")], lines), "receipt")
    assert result.status is Status.REVIEW, result.reasons
    # the reviewer is shown the amount to pay beside the part
    assert any("94.19" in r.message for r in result.reasons), result.reasons


def test_a_total_excluding_tax_is_no_rival_of_the_total(engine):
    """'Total (Excluding GST): 4.54' is the amount before tax, not a second total: the
    receipt paid exactly in cash (4.80) was ambiguous between 4.54 and 4.80."""
    lines = [("Total (Excluding GST):", "4.54"), ("GST payable (6%):", "0.26"),
             ("TOTAL:", "4.80"), ("CASH :", "4.80")]
    result = engine.extract(drawn(5, [Decimal("4.40"), Decimal("0.40")], lines), "receipt")
    assert result.fields["total"].value == Decimal("4.80")
    assert not [r for r in result.reasons if r.code == "ambiguous"], result.reasons
    assert result.status is Status.ACCEPTED, result.reasons
