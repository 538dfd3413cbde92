"""The shipped ``receipt`` template on till receipts (receipts journey, stop 37).

1. A page holding three receipts side by side became one record mixing them (the first
   one's merchant, the third one's total, cash and change) with the shipped template, as
   only the third receipt printed CASH and CHANGE: what told two documents on one page
   counted only labels printed in every block, so it depended on which labels a template
   reads. A field read without a label (the date, ``anywhere``) now stands at its value,
   and the record is the first receipt's, in review.
2. Payment lines: "MASTERCARD  AUTH 04485" gave ``cash`` = 4485, "VISA ****4471" alone on
   its line an ``invalid_value`` (its masked number read as the amount), and a ``change``
   read with no amount handed over was accepted.

The receipts are formsift.samples' generated ones (their CASH and CHANGE lines replaced
where a case needs other payment lines).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pymupdf
import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.samples.generator import receipt


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def paid_with(pdf: bytes, *lines: tuple[str, str]) -> bytes:
    """The receipt with its CASH and CHANGE lines replaced by ``lines`` (left text, right
    text; none: the lines taken out)."""
    doc = pymupdf.open(stream=pdf)
    page = doc[0]
    places = [r for word in ("CASH", "CHANGE") for r in page.search_for(word)]
    for r in places:
        page.add_redact_annot(pymupdf.Rect(0, r.y0 - 1, page.rect.width, r.y1 + 1))
    page.apply_redactions()
    for (left, right), r in zip(lines, sorted(places, key=lambda r: r.y0), strict=False):
        page.insert_text((r.x0, r.y1 - 1.5), left, fontsize=8, fontname="cour")
        if right:
            width = pymupdf.get_text_length(right, fontname="cour", fontsize=8)
            page.insert_text((page.rect.width - 20 - width, r.y1 - 1.5), right, fontsize=8,
                             fontname="cour")
    data = doc.tobytes()
    doc.close()
    return data


def side_by_side(*pdfs: bytes, step: float = 9) -> bytes:
    """One landscape A4 page holding the receipts side by side, as a flatbed scan of
    several receipts laid next to each other (each ``step`` points lower than the one
    before it)."""
    out = pymupdf.open()
    page = out.new_page(width=842, height=595)
    for k, pdf in enumerate(pdfs):
        src = pymupdf.open(stream=pdf)
        w, h = src[0].rect.width, src[0].rect.height
        x, y = 30 + k * 270, 30 + k * step
        page.show_pdf_page(pymupdf.Rect(x, y, x + w, y + h), src, 0)
        src.close()
    data = out.tobytes()
    out.close()
    return data


def several(result) -> list[str]:
    return [r.message for r in result.reasons if r.code == "several_documents"]


# seeds with the same total label and date style (TOTAL / TOTAL:, dd/mm/yyyy), three shops
SEEDS = (0, 4, 8)


def test_three_receipts_side_by_side_are_said_and_not_mixed(engine):
    first, second, third = (receipt(s) for s in SEEDS)
    # the first two paid by card (no tender lines printed), the third in cash
    pdf = side_by_side(paid_with(first.pdf), paid_with(second.pdf), third.pdf)
    result = engine.extract(pdf, "receipt")
    assert result.status is not Status.ACCEPTED
    assert several(result), result.reasons
    # the record (in review) is the first receipt's, not the third one's total and payment
    assert result.fields["merchant"].value == first.truth["merchant"]
    assert result.fields["date"].value == date.fromisoformat(first.truth["date"])
    assert result.fields["total"].value == Decimal(first.truth["total"])
    assert result.fields.get("cash") is None and result.fields.get("change") is None


def test_receipts_laid_in_line_give_no_mixed_value(engine):
    """Receipts laid at one height: their header lines are read across the page as one
    ("CORNER MART  FRESH MARKET  GREEN LEAF CAFE"), a value of none of them."""
    first, second, third = (receipt(s) for s in SEEDS)
    pdf = side_by_side(paid_with(first.pdf), paid_with(second.pdf), third.pdf, step=0)
    result = engine.extract(pdf, "receipt")
    assert result.status is not Status.ACCEPTED and several(result), result.reasons
    merchant = result.fields.get("merchant")
    assert merchant is None or merchant.value == first.truth["merchant"], merchant
    assert result.fields["total"].value == Decimal(first.truth["total"])


def test_one_receipt_alone_is_one_document(engine):
    sample = receipt(SEEDS[0])
    result = engine.extract(side_by_side(sample.pdf), "receipt")
    assert not several(result), result.reasons
    assert result.fields["total"].value == Decimal(sample.truth["total"])


def test_an_approval_code_on_a_card_line_is_no_amount_paid(engine):
    sample = receipt(3)
    pdf = paid_with(sample.pdf, ("MASTERCARD", "AUTH 04485"))
    result = engine.extract(pdf, "receipt")
    assert result.fields.get("cash") is None, result.fields.get("cash")
    assert result.fields["total"].value == Decimal(sample.truth["total"])


def test_a_masked_card_number_alone_on_its_line_is_no_amount(engine):
    sample = receipt(3)
    pdf = paid_with(sample.pdf, ("VISA ****4471", ""))
    result = engine.extract(pdf, "receipt")
    assert result.fields.get("cash") is None
    assert not [r for r in result.reasons if r.code == "invalid_value"], result.reasons


def test_the_amount_after_a_masked_card_number_is_paid(engine):
    sample = receipt(3)
    total = sample.truth["total"]
    pdf = paid_with(sample.pdf, ("VISA ****4471", total))
    result = engine.extract(pdf, "receipt")
    assert result.fields["cash"].value == Decimal(total)


def test_change_with_no_amount_handed_over_is_doubted(engine):
    sample = receipt(3)
    pdf = paid_with(sample.pdf, ("CHANGE", sample.truth["change"]))
    result = engine.extract(pdf, "receipt")
    assert result.fields["change"].value == Decimal(sample.truth["change"])
    assert result.status is not Status.ACCEPTED
    assert any(r.code == "rule_failed" and "present(cash)" in r.message
               for r in result.reasons), result.reasons
