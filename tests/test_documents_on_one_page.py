"""Two documents printed on one page (payroll journey, finding 1): two weekly payslips
printed 2-up became ONE accepted record mixing slip 1's period start, gross and net with
slip 2's period end and year-to-date figures. A page that repeats the template's labels
as a copy of one block (the same labels at the same places, shifted) whose values differ
holds several documents: the record is not accepted. Copies whose values agree (an
invoice with its tear-off remittance slip, a slip printed twice) are no alarm, nor the
columns beside one label (This Period / Year to Date) or labels repeated within one
document (Subtotal, Total)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.result import Status

PAYSLIP = '''template uk_payslip {
  locale "en_GB"
  currency "GBP"
  match { contains "Payslip" contains "NI Number" }
  field employee: text = right of "Employee:"
  field national_id: id(/[A-Z]{2}\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-D]/) = right of "NI Number"
  field period_start: date = right of "Pay Period"
  field period_end: date = right of "Pay Period" combine last
  field pay_date: date = right of "Pay Date"
  field gross: money = right of "Gross Pay"
  field tax: money = right of "Income Tax"
  field ni: money = right of "National Insurance"
  field total_deductions: money = right of "Total Deductions"
  field net_pay: money = right of "Net Pay"
  field ytd_gross: money? = right of "Gross Pay" combine last
  field ytd_net: money? = right of "Net Pay" combine last

  rule sum_deductions: tax + ni == total_deductions tolerance 0.01
  rule net_ok: gross - total_deductions == net_pay tolerance 0.01
  rule ytd_ge: ytd_gross >= gross
  rule period_order: period_end >= period_start
  rule paid_after_start: pay_date >= period_start
}
'''

WEEK1 = {"start": "03/03/2025", "end": "09/03/2025", "paid": "14/03/2025",
         "ytd_gross": "30,012.50", "ytd_net": "25,477.55"}
WEEK2 = {"start": "10/03/2025", "end": "16/03/2025", "paid": "21/03/2025",
         "ytd_gross": "30,625.00", "ytd_net": "25,997.50"}


def slip(x: float, y: float, week: dict[str, str]) -> list[tuple[float, float, str]]:
    """One weekly payslip whose top left corner is at (x, y), in points."""
    rows = [
        (0, 0, "Harbour Lane Logistics Ltd"), (180, 0, "PAYSLIP"),
        (0, 22, "Employee: Tomasz Nowak"),
        (0, 40, "NI Number: JG 10 37 29 A"),
        (0, 58, f"Pay Period: {week['start']} - {week['end']}"),
        (170, 58, f"Pay Date: {week['paid']}"),
        (0, 82, "Description"), (130, 82, "This Period"), (190, 82, "Year to Date"),
        (0, 100, "Gross Pay"), (130, 100, "612.50"), (190, 100, week["ytd_gross"]),
        (0, 118, "Income Tax"), (130, 118, "42.40"), (190, 118, "2,077.60"),
        (0, 136, "National Insurance"), (130, 136, "19.52"), (190, 136, "956.48"),
        (0, 154, "Total Deductions"), (130, 154, "61.92"), (190, 154, "3,034.08"),
        (0, 172, "Net Pay"), (130, 172, "550.58"), (190, 172, week["ytd_net"]),
    ]
    return [(x + dx, y + dy, text) for dx, dy, text in rows]


@pytest.fixture(scope="module")
def engine(tmp_path_factory, registry):
    folder = tmp_path_factory.mktemp("sift")
    (folder / "payslip.sift").write_text(PAYSLIP)
    (folder / "invoice.sift").write_text(INVOICE)
    return Engine(templates=[folder / "payslip.sift", folder / "invoice.sift"],
                  registry=registry, seen_store="memory")


def several(result) -> list[str]:
    return [r.message for r in result.reasons if r.code == "several_documents"]


def test_two_payslips_one_above_the_other_are_not_one_accepted_record(engine, make_pdf):
    pdf = make_pdf([*slip(40, 60, WEEK1), *slip(40, 460, WEEK2)])
    result = engine.extract(pdf, "uk_payslip")
    assert result.status is not Status.ACCEPTED
    (message,) = several(result)
    assert "page 1" in message and "period_start" in message, message
    # the record in review is the first slip's, not a mix: 'combine last' fields are read
    # beside the label their best value stands by on such a page
    assert result.fields["period_start"].value == date(2025, 3, 3)
    assert result.fields["period_end"].value == date(2025, 3, 9)
    assert result.fields["ytd_gross"].value == Decimal("30012.50")


def test_two_payslips_side_by_side_are_not_one_accepted_record(engine, make_pdf):
    pdf = make_pdf([*slip(20, 80, WEEK1), *slip(300, 80, WEEK2)], size=(595, 420))
    result = engine.extract(pdf, "uk_payslip")
    assert result.status is not Status.ACCEPTED
    assert several(result), result.reasons


def test_split_says_a_page_holding_two_documents_is_not_one(engine, make_pdf):
    """``--split`` splits a file by its pages: a page that holds two payslips is not
    given as one accepted document."""
    pdf = make_pdf([*slip(40, 60, WEEK1), *slip(40, 460, WEEK2)])
    packet = engine.extract_packet(pdf)
    assert packet.status is not Status.ACCEPTED
    (doc,) = packet.documents
    assert doc.result.status is not Status.ACCEPTED and several(doc.result)


def test_one_payslip_with_its_year_to_date_column_is_accepted(engine, make_pdf):
    result = engine.extract(make_pdf(slip(40, 60, WEEK1)), "uk_payslip")
    assert result.status is Status.ACCEPTED, result.reasons
    fields = result.fields
    assert fields["period_end"].value == date(2025, 3, 9)
    assert (fields["gross"].value, fields["ytd_gross"].value) == (Decimal("612.50"),
                                                                  Decimal("30012.50"))


def test_the_same_payslip_printed_twice_on_a_page_is_no_alarm(engine, make_pdf):
    """A copy whose values agree (an employer's copy and the employee's) is one document."""
    result = engine.extract(make_pdf([*slip(40, 60, WEEK1), *slip(40, 460, WEEK1)]),
                            "uk_payslip")
    assert not several(result) and result.status is Status.ACCEPTED, result.reasons


def test_a_payslip_on_each_page_is_not_one_accepted_record(engine, make_pdf):
    """uk_two_months.pdf without --split: page 1's period end was page 2's (combine last
    is the document's last candidate): the file holds a second payslip on page 2, which
    sends it to review (--split gives one record a page)."""
    result = engine.extract(make_pdf(slip(40, 60, WEEK1), slip(40, 60, WEEK2)),
                            "uk_payslip")
    assert result.status is not Status.ACCEPTED
    assert any("page 2" in m for m in several(result))


def test_combine_last_is_the_documents_last_candidate(engine, make_pdf):
    """A total printed on every page: 'combine last' is the last page's (code read of this
    stop: keeping the candidates beside the best label's place read page 1's)."""
    template = ('template tot {\n  match { contains "Statement" }\n'
                '  field total: money = right of "Total" combine last\n}\n')
    pages = [[(60, 80, "Statement"), (60, 120, "Total 100.00")],
             [(60, 80, "Statement"), (60, 120, "Total 250.00")]]
    result = engine.extract(make_pdf(*pages), template)
    assert result.fields["total"].value == Decimal("250.00")


INVOICE = '''template invoice_r {
  locale "en_GB"
  currency "GBP"
  match { contains "INVOICE" contains "Remittance" }
  field invoice_no: id(/INV-\\d+/) = right of "Invoice No"
  field customer_no: id(/C-\\d+/) = right of "Customer No"
  field invoice_date: date = right of "Invoice Date"
  field due_date: date = right of "Due Date"
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  field amount_due: money = right of "Amount Due"
  rule sum: net + vat == total tolerance 0.01
}
'''


def invoice(slip_layout: str, due: str = "31/03/2025") -> list[tuple[float, float, str]]:
    top = [(40, 50, "ACME Supplies Ltd"), (400, 50, "INVOICE"),
           (40, 90, "Invoice No: INV-20931"), (300, 90, "Invoice Date: 01/03/2025"),
           (40, 108, "Customer No: C-4471"), (300, 108, f"Due Date: {due}"),
           (40, 150, "Item"), (300, 150, "Qty"), (400, 150, "Total"),
           (40, 168, "Widgets"), (300, 168, "10"), (400, 168, "100.00"),
           (40, 186, "Gadgets"), (300, 186, "2"), (400, 186, "50.00"),
           (300, 230, "Subtotal"), (400, 230, "150.00"),
           (300, 248, "VAT 20%"), (400, 248, "30.00"),
           (300, 266, "Total"), (400, 266, "180.00"),
           (300, 284, "Amount Due"), (400, 284, "180.00")]
    if slip_layout == "copy":  # the header block again, as a tear-off slip
        slip_rows = [(40, 650, "Remittance advice - return with payment"),
                     (40, 690, "Invoice No: INV-20931"), (300, 690, "Amount Due: 180.00"),
                     (40, 708, "Customer No: C-4471"), (300, 708, f"Due Date: {due}")]
    else:  # a slip of its own layout
        slip_rows = [(40, 650, "Remittance slip"),
                     (40, 680, "Customer No: C-4471"), (40, 698, "Invoice No: INV-20931"),
                     (40, 716, f"Due Date: {due}"), (40, 734, "Amount Due: 180.00")]
    return top + slip_rows


@pytest.mark.parametrize("layout", ["copy", "own"])
def test_an_invoice_with_its_remittance_slip_is_one_document(engine, make_pdf, layout):
    result = engine.extract(make_pdf(invoice(layout)), "invoice_r")
    assert not several(result) and result.status is Status.ACCEPTED, result.reasons
    assert result.fields["total"].value == Decimal("180.00")
