"""Documents side by side on one page are said only on real evidence (redo of c2d7831,
reverted in 1854d1c): two blocks each holding the template's fields at places of their
own, parted by a gutter no word of the page crosses. An ordinary single document is
never taken for two: an Argentine factura whose issuer's ``C.U.I.T.:`` and client's
``CUIT:`` each match both labels (the one place counted as two fields repeated, the
client's CUIT then took the issuer's), an invoice with its seller's and buyer's blocks
side by side under one title, a two-column application form, and formsift.samples'
generated documents, born digital and scanned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.samples import encode_png, generate, render_scan
from formsift.samples.generator import receipt
from formsift.templates import compile_template
from tests.test_label_punctuation_evidence import CUIT
from tests.test_receipt_shipped_payments_and_pages import SEEDS, paid_with, side_by_side


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def several(result) -> list[str]:
    return [r.message for r in result.reasons if r.code == "several_documents"]


@pytest.mark.parametrize("text", [
    "C.U.I.T.: 30-71234567-1\nCliente: Distribuidora Norte SA CUIT: 30-50001091-2",
    "Cliente: Distribuidora Norte SA CUIT: 30-50001091-2\nC.U.I.T.: 30-71234567-1",
])
def test_a_factura_whose_two_cuit_labels_match_each_other_is_one_document(text):
    """tests/test_label_punctuation_evidence.py's factura: each label matches both lines,
    so both fields stood at the same two places, taken for a block and its copy."""
    result = Engine(templates=[], seen_store="memory").extract(
        text.encode(), compile_template(CUIT), name="doc.txt")
    assert not several(result), result.reasons
    assert result.fields["cuit"].value == "30-71234567-1"
    assert result.fields["client"].value == "30-50001091-2"


PARTIES = '''template parties {
  locale "en_GB"
  currency "GBP"
  match { contains "INVOICE" }
  field name: text = right of "Name:"
  field address: text = right of "Address:"
  field vat_no: id(/GB\\d{9}/) = right of "VAT No:"
  field total: money = right of "Total"
}
'''


def parties(title: bool = True, table: bool = True) -> list[tuple[float, float, str]]:
    """An invoice whose seller's and buyer's blocks stand side by side (the same labels,
    other values), under a title across the page and above a table of its width."""
    rows = [(40, 120, "Seller"), (320, 120, "Buyer"),
            (40, 140, "Name: Harbour Supplies Ltd"), (320, 140, "Name: Moor Lane Bakery"),
            (40, 158, "Address: 4 Quay Street, Bristol"),
            (320, 158, "Address: 17 Moor Lane, Leeds"),
            (40, 176, "VAT No: GB123456789"), (320, 176, "VAT No: GB987654321"),
            (40, 520, "Total"), (480, 520, "180.00")]
    if title:
        rows.append((190, 70, "INVOICE  No. 20931  of 01/03/2025"))
    if table:
        rows += [(40, 230, "Description"), (300, 230, "Qty"), (480, 230, "Amount"),
                 (40, 250, "Flour, strong white, 25 kg sacks"), (300, 250, "10"),
                 (480, 250, "150.00"), (40, 268, "Delivery to the bakery"), (300, 268, "1"),
                 (480, 268, "30.00")]
    return rows


@pytest.mark.parametrize("title,table", [(True, True), (True, False), (False, True)])
def test_a_sellers_and_a_buyers_block_side_by_side_are_one_document(make_pdf, title, table):
    result = Engine(templates=[], seen_store="memory").extract(
        make_pdf(parties(title, table)), compile_template(PARTIES))
    assert not several(result), result.reasons
    assert result.fields["total"].value == Decimal("180.00")


FORM = '''template application {
  match { contains "APPLICATION" }
  field surname: text = right of "Surname:"
  field born: date = right of "Date of birth:"
  field city: text = right of "City:"
}
'''


def test_a_two_column_form_under_one_title_is_one_document(make_pdf):
    """An applicant's and a co-applicant's columns, the same labels in each."""
    rows = [(150, 60, "JOINT ACCOUNT APPLICATION FORM"),
            (40, 100, "Applicant"), (310, 100, "Co-applicant")]
    for x, (surname, born, city) in ((40, ("Novak", "12/05/1980", "Brno")),
                                     (310, ("Novakova", "03/09/1982", "Olomouc"))):
        rows += [(x, 120, f"Surname: {surname}"), (x, 138, f"Date of birth: {born}"),
                 (x, 156, f"City: {city}")]
    result = Engine(templates=[], seen_store="memory").extract(
        make_pdf(rows), compile_template(FORM))
    assert not several(result), result.reasons


@pytest.mark.parametrize("kind,template", [("invoice", "invoice"), ("receipt", "receipt"),
                                           ("delivery_note", "delivery_note"),
                                           ("payslip", "payslip")])
def test_generated_documents_are_one_document_each(engine, kind, template):
    for seed in range(4):
        result = engine.extract(generate(kind, seed).pdf, template)
        assert not several(result), (kind, seed, result.reasons)


@pytest.mark.parametrize("kind,seed", [("invoice", 1), ("receipt", 2)])
def test_scanned_generated_documents_are_one_document_each(engine, kind, seed):
    png = encode_png(render_scan(generate(kind, seed).pdf, 200, "all", seed=seed)[0])
    result = engine.extract(png, kind)
    assert not several(result), result.reasons


def test_three_receipts_side_by_side_on_a_scan_are_said_and_not_mixed(engine):
    first, second, third = (receipt(s) for s in SEEDS)
    pdf = side_by_side(paid_with(first.pdf), paid_with(second.pdf), third.pdf)
    png = encode_png(render_scan(pdf, 200, "noise", seed=1)[0])
    result = engine.extract(png, "receipt")
    assert result.status is not Status.ACCEPTED
    assert several(result), result.reasons
    assert result.fields["date"].value == date.fromisoformat(first.truth["date"])
    assert result.fields["total"].value == Decimal(first.truth["total"])
    assert result.fields.get("cash") is None and result.fields.get("change") is None


def test_a_change_of_nothing_under_a_card_the_template_does_not_read_is_no_doubt(engine):
    """``change_given`` doubts a change read with no amount handed over; "CHANGE 0.00" is
    printed under any payment, one by a card no label of ``cash`` names too."""
    sample = receipt(3)
    pdf = paid_with(sample.pdf, ("AMEX", sample.truth["total"]), ("CHANGE", "0.00"))
    result = engine.extract(pdf, "receipt")
    assert result.fields["change"].value == Decimal("0.00")
    assert not [r for r in result.reasons if r.code == "rule_failed"], result.reasons


# Code read Y's findings on aef1bf4 (/tmp/rv-y38): label-less fields counted in copies
# one below the other, a statement's dated lines compared pair by pair, a total under one
# of two blocks side by side dropped.

STATEMENT = '''template statement {
  match { contains "INVOICE" }
  field date: date = anywhere
  field amount: money = search /EUR\\s+(\\d+\\.\\d\\d)/
  field total: money = right of "Total"
}'''


def statement(lines: int) -> bytes:
    """A one-page statement of ``lines`` lines, each with a date and an amount."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 40), "INVOICE  Invoice No. 4471  Invoice date 01/03/2026",
                     fontsize=8, fontname="helv")
    for i in range(lines):
        y = 60 + i * (760 / lines)
        page.insert_text((40, y), f"{1 + i % 28:02d}/02/2026  Service item {i}",
                         fontsize=6, fontname="helv")
        page.insert_text((400, y), f"EUR {10 + i}.00", fontsize=6, fontname="helv")
    page.insert_text((40, 830), "Subtotal EUR 100.00   VAT 19% EUR 19.00   Total EUR 119.00",
                     fontsize=6, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


@pytest.mark.parametrize("lines", [40, 80, 200])
def test_a_statements_dated_lines_are_one_document_read_at_once(monkeypatch, lines):
    """Every place of a field read anywhere was paired with every other, and every shift
    tried against every pair: 1.6 s at 40 lines, 38 s at 80; and the dated lines one
    below the other were taken for copies (several_documents). The work is counted, not
    timed: places looked up (``_place``) grow with the lines (155 at 40 lines, 497 at
    200), where aef1bf4 looked up 253,539 at 40 lines and 857,449 at 60."""
    import formsift.templates.splitting as splitting

    looked_up = [0]
    original = splitting._place

    def counted(candidate):
        looked_up[0] += 1
        return original(candidate)

    monkeypatch.setattr(splitting, "_place", counted)
    result = Engine(templates=[], seen_store="memory").extract(
        statement(lines), compile_template(STATEMENT))
    assert looked_up[0] <= 10 * lines, looked_up[0]
    assert not several(result), result.reasons


def parking(items: int) -> bytes:
    """A parking receipt (courier 8 pt, as formsift.samples' receipts): its entry and exit
    dates and two header lines one below the other, ``items`` lines before its total."""
    import pymupdf

    lines = ["CITY PARKING LTD", "ENTRY 06/05/2026 08:12", "STATION RD CAR PARK",
             "EXIT  06/05/2026 17:40", "TICKET 004471", "", "PARKING 9H|12.00", "",
             *[f"ITEM {i}|1.00" for i in range(items)], "TOTAL|12.00", "VISA|12.00", "",
             "THANK YOU"]
    width, pitch, top = 226, 11, 24
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=top + pitch * len(lines) + 30)
    for i, line in enumerate(lines):
        left, _, right = line.partition("|")
        page.insert_text((20, top + i * pitch), left, fontsize=8, fontname="cour")
        if right:
            w = pymupdf.get_text_length(right, fontname="cour", fontsize=8)
            page.insert_text((width - 20 - w, top + i * pitch), right, fontsize=8,
                             fontname="cour")
    data = doc.tobytes()
    doc.close()
    return data


@pytest.mark.parametrize("items", [0, 30])
def test_a_parking_receipts_entry_and_exit_dates_are_no_copy(engine, items):
    """The merchant (read in the head) and the date (read anywhere) stand at places of no
    label: two such places one below the other are no document again."""
    result = engine.extract(parking(items), "receipt")
    assert not several(result), result.reasons
    assert result.status is Status.ACCEPTED, result.reasons
    assert result.fields["date"].value == date(2026, 5, 6)
    assert result.fields["total"].value == Decimal("12.00")


def test_a_parking_receipt_scanned_is_one_document(engine):
    png = encode_png(render_scan(parking(30), 200, "noise", seed=1)[0])
    result = engine.extract(png, "receipt")
    assert not several(result), result.reasons
    assert result.fields["total"].value == Decimal("12.00")


def test_a_total_under_one_of_two_blocks_side_by_side_is_kept(make_pdf):
    """A left-aligned title and a table whose Qty column lines up with the buyer's block
    leave a gutter between the seller's and the buyer's; the total, under the buyer's
    block only, was dropped as the second document's. The blocks' names stay doubted."""
    rows = [(40, 70, "INVOICE No. 20931"), (40, 120, "Seller"), (320, 120, "Buyer"),
            (40, 140, "Name: Harbour Supplies Ltd"), (320, 140, "Name: Moor Lane Bakery"),
            (40, 158, "Address: 4 Quay Street, Bristol"),
            (320, 158, "Address: 17 Moor Lane, Leeds"),
            (40, 176, "VAT No: GB123456789"), (320, 176, "VAT No: GB987654321"),
            (40, 230, "Description"), (320, 230, "Qty"), (480, 230, "Amount"),
            (40, 250, "Flour, 25 kg sacks"), (320, 250, "10"), (480, 250, "150.00"),
            (40, 268, "Delivery"), (320, 268, "1"), (480, 268, "30.00"),
            (400, 320, "Total"), (480, 320, "180.00")]
    result = Engine(templates=[], seen_store="memory").extract(
        make_pdf(rows), compile_template(PARTIES))
    assert result.fields["total"].value == Decimal("180.00"), result.reasons
    assert not several(result), result.reasons
    assert result.status is not Status.ACCEPTED
    assert {r.field for r in result.reasons if r.code == "ambiguous"} >= {"name", "vat_no"}
