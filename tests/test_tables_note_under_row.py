"""A line under a row that is no row, in a table that goes on to its stop label
(``until``): a remittance's note under an invoice line ("Deduction reason: D03 Shortage
- 8 cases short"), a statement's section heading ("Current assets") where two columns
share the "Notes" header. The table ended there: the rows after it were lost and the
record accepted (the remittance journey, findings 1 and 2; the financial statements
journey, finding 3). A short note under a reference ("see claim") joined the invoice
number."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

COLS = [("Invoice No.", 40, False), ("Invoice Date", 130, False),
        ("Invoice Amount", 300, True), ("Deduction", 380, True), ("Amount Paid", 470, True)]
ROWS = [("INV-000503", "10/05/2026", "980.00", "80.00", "900.00"),
        ("INV-000504", "10/06/2026", "120.00", "", "120.00"),
        ("CM-000031", "10/07/2026", "(120.00)", "", "(120.00)")]

REMITTANCE = '''template remit {
  locale "en_US"
  currency "USD"
  field total: money = right of "Payment Total:"
  table lines {
    invoice_no: text header "Invoice No."
    invoice_date: date header "Invoice Date"
    invoice_amount: money header "Invoice Amount"
    deduction: money header "Deduction" default 0
    paid: money header "Amount Paid"
    until "Payment Total"
  }
  rule sum_paid: sum(lines.paid) == total
}'''


def _put(page, x, y, text, size=9, right=False):
    import pymupdf

    if right:
        x -= pymupdf.get_text_length(text, fontname="helv", fontsize=size)
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


def _remittance(path, note: str, after: int = 0, total_gap: float = 15) -> str:
    """A remittance whose rows are ``ROWS``, with ``note`` in 8 pt under row ``after``."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=400)
    _put(page, 40, 40, "REMITTANCE ADVICE", 12)
    y = 80
    for head, x, right in COLS:
        _put(page, x, y, head, right=right)
    y += 16
    for i, row in enumerate(ROWS):
        for (_, x, right), value in zip(COLS, row, strict=True):
            if value:
                _put(page, x, y, value, right=right)
        if i == after and note:
            y += 11
            _put(page, 50, y, note, 8)
        y += 15
    y += total_gap - 15
    _put(page, 330, y, "Payment Total:")
    _put(page, 470, y, "900.00", right=True)
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, template: str, pdf: str):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _column(result, table: str, name: str) -> list:
    return [str(row[name].value) if row[name] is not None else None
            for row in result.tables[table]]


@pytest.mark.parametrize("note", [
    "Deduction reason: D03 Shortage - 8 cases short",
    "Deduction reason: D03 Shortage - eight cases short",
    "deduction reason: shortage - 8 cases short",
    "Short shipment claim: 8 cases short"])
def test_a_note_under_a_row_does_not_end_the_table(tmp_path, note):
    """The rows after the note are read (an invoice and a credit memo netting to zero,
    the record was accepted with one line of three)."""
    result = _extract(tmp_path, REMITTANCE, _remittance(tmp_path / "r.pdf", note))
    assert _column(result, "lines", "invoice_no") == ["INV-000503", "INV-000504",
                                                      "CM-000031"]
    assert _column(result, "lines", "paid") == ["900.00", "120.00", "-120.00"]
    assert result.status == Status.ACCEPTED


def test_a_note_after_the_last_row_is_no_part_of_it(tmp_path):
    """A note under the last row, before the stop label: no row, and nothing joins."""
    result = _extract(tmp_path, REMITTANCE,
                      _remittance(tmp_path / "r.pdf", "Deduction reason: D03 Shortage - 8",
                                  after=2))
    assert _column(result, "lines", "invoice_no") == ["INV-000503", "INV-000504",
                                                      "CM-000031"]


@pytest.mark.parametrize("note", ["see claim", "see claim 4471"])
def test_a_short_note_does_not_join_an_invoice_number(tmp_path, note):
    """A lower-case note under the invoice number only: the number stays as printed."""
    result = _extract(tmp_path, REMITTANCE, _remittance(tmp_path / "r.pdf", note))
    assert _column(result, "lines", "invoice_no") == ["INV-000503", "INV-000504",
                                                      "CM-000031"]


def _statement(path) -> str:
    """A balance sheet: items under "Notes" with the note number in the same header's
    column, a section heading "Current assets" between the rows."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _put(page, 306, 80, "Notes", 10)
    _put(page, 440, 80, "2025", 10, right=True)
    _put(page, 530, 80, "2024", 10, right=True)
    y = 100
    for item, note, a, b in [("Property, plant and equipment", "10", "12,450", "11,980"),
                             ("Intangible assets", "11", "3,210", "3,540"),
                             ("Current assets", "", "", ""),
                             ("Inventories", "12", "4,120", "3,870"),
                             ("Trade receivables", "13", "6,845", "5,930"),
                             ("Total assets", "", "27,900", "27,630")]:
        _put(page, 50, y, item, 10)
        if note:
            _put(page, 310, y, note, 10)
        if a:
            _put(page, 440, y, a, 10, right=True)
            _put(page, 530, y, b, 10, right=True)
        y += 15
    doc.save(str(path))
    doc.close()
    return str(path)


def test_a_heading_between_rows_where_two_columns_share_a_header(tmp_path):
    template = '''template t {
      locale "en_GB"
      table bs {
        item: text header "Notes"
        note: int? header "Notes"
        c2025: money header "2025"
        c2024: money header "2024"
        until "Total assets"
      }
    }'''
    result = _extract(tmp_path, template, _statement(tmp_path / "s.pdf"))
    assert _column(result, "bs", "item") == ["Property, plant and equipment",
                                             "Intangible assets", "Inventories",
                                             "Trade receivables"]
    assert _column(result, "bs", "c2025") == ["12450", "3210", "4120", "6845"]


def test_after_a_note_a_line_unlike_the_rows_is_no_row(tmp_path):
    """Under the last row, a note and then "Payment terms: net 30" with its 30 under the
    Deduction column, before the stop label: neither is a row (the 30 is no deduction)."""
    import pymupdf

    path = tmp_path / "r.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=400)
    for head, x, right in COLS:
        _put(page, x, 80, head, right=right)
    y = 96
    for row in ROWS:
        for (_, x, right), value in zip(COLS, row, strict=True):
            if value:
                _put(page, x, y, value, right=right)
        y += 15
    _put(page, 50, y - 4, "Deduction reason: D03 Shortage - 8 cases short", 8)
    _put(page, 50, y + 8, "Payment terms: net")
    _put(page, 380, y + 8, "30", right=True)
    _put(page, 330, y + 26, "Payment Total:")
    _put(page, 470, y + 26, "900.00", right=True)
    doc.save(str(path))
    doc.close()
    result = _extract(tmp_path, REMITTANCE, str(path))
    assert _column(result, "lines", "invoice_no") == ["INV-000503", "INV-000504",
                                                      "CM-000031"]
