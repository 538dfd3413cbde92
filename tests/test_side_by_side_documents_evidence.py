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
