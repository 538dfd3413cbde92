"""A next page that repeats the letterhead but not the column header (statement journey,
finding 3): its "Account No: AC-0017" line was read as a row (credit 17) and the table
ended there, losing the rest of the rows."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 9

TEMPLATE = """template stmt {
  locale "en_GB"
  field balance_due: money = right of "Balance Due" on last page
  table tx {
    date: date header "Date"
    ref: text header "Reference"
    debit: money header "Debit" default 0
    credit: money header "Credit" default 0
    balance: money header "Balance"
    until "Balance Due"
  }
  rule running: each tx: balance == previous(balance) + debit - credit
  rule ends: last(tx.balance) == balance_due
}
"""

X = {"date": 40, "ref": 110, "debit": 300, "credit": 380, "balance": 480}


def _pdf(path, pages: list[list[tuple[float, float, str]]]) -> str:
    import pymupdf

    doc = pymupdf.open()
    for items in pages:
        page = doc.new_page(width=595, height=842)
        for x, y, text in items:
            page.insert_text((x, y), text, fontsize=FONT, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _rows(n: int, first: int, y: float) -> tuple[list[tuple[float, float, str]], float, int]:
    items, balance = [], first
    for i in range(n):
        amount = 100 + 7 * i
        debit = i % 3 != 2
        balance += amount if debit else -amount
        y += 14
        items += [(X["date"], y, f"{1 + i % 28:02d}/0{1 + i // 28}/2026"),
                  (X["ref"], y, f"INV-{5700 + i}" if debit else f"PMT-{800 + i}"),
                  (X["debit"] if debit else X["credit"], y, f"{amount:,.2f}"),
                  (X["balance"], y, f"{balance:,.2f}")]
    return items, y, balance


def _letterhead(page: int, account_x: float) -> list[tuple[float, float, str]]:
    return [(40, 45, "KESTREL LABELS LTD"), (40, 66, "12 Industrial Way, Leeds LS1 4AB"),
            (300, 46, "STATEMENT OF ACCOUNT"), (account_x, 71, "Account No:"),
            (account_x + 80, 71, "AC-0017"), (account_x, 83, "Statement Date:"),
            (account_x + 80, 83, "31/10/2026"), (300, 95, f"Page {page} of 2"),
            (40, 101, "To: Northwind Trading Ltd"), (40, 113, "Accounts Payable")]


def _statement(tmp_path, account_x: float) -> str:
    header = [(X[name], 150, title) for name, title in
              (("date", "Date"), ("ref", "Reference"), ("debit", "Debit"),
               ("credit", "Credit"), ("balance", "Balance"))]
    first, y, balance = _rows(20, 0, 160)
    second, y, balance = _rows(12, balance, 140)
    second = [(x, yy, t.replace("/01/", "/02/")) for x, yy, t in second]
    end = [(300, y + 25, "Balance Due"), (X["balance"], y + 25, f"{balance:,.2f}")]
    return _pdf(tmp_path / "s.pdf", [_letterhead(1, account_x) + header + first,
                                     _letterhead(2, account_x) + second + end])


def _extract(tmp_path, pdf: str):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def test_a_next_pages_letterhead_is_no_row_and_the_table_goes_on_under_it(tmp_path):
    # "Account No:" under "Debit", "AC-0017" between "Credit" and "Balance"
    record = _extract(tmp_path, _statement(tmp_path, account_x=300))
    assert len(record.tables["tx"]) == 32
    assert record.status == Status.ACCEPTED, record.reasons
    assert record.tables["tx"][20]["ref"].value == "INV-5700"


def test_a_letterhead_line_that_reads_under_the_columns_is_no_row(tmp_path):
    # "Account No:" under "Reference" (reads as text), "AC-0017" under "Debit" (17)
    record = _extract(tmp_path, _statement(tmp_path, account_x=220))
    assert len(record.tables["tx"]) == 32
    assert record.status == Status.ACCEPTED, record.reasons


def test_a_next_pages_first_row_with_a_blank_cell_is_still_a_row(tmp_path):
    header = [(X[name], 150, title) for name, title in
              (("date", "Date"), ("ref", "Reference"), ("debit", "Debit"),
               ("credit", "Credit"), ("balance", "Balance"))]
    first, _, balance = _rows(5, 0, 160)
    # page 2 starts with a row whose reference nobody printed
    second = [(X["date"], 60, "06/03/2026"), (X["debit"], 60, "50.00"),
              (X["balance"], 60, f"{balance + 50:,.2f}"),
              (X["date"], 74, "07/03/2026"), (X["ref"], 74, "INV-9001"),
              (X["debit"], 74, "10.00"), (X["balance"], 74, f"{balance + 60:,.2f}"),
              (300, 100, "Balance Due"), (X["balance"], 100, f"{balance + 60:,.2f}")]
    pdf = _pdf(tmp_path / "b.pdf", [_letterhead(1, 300) + header + first, second])
    record = _extract(tmp_path, pdf)
    assert len(record.tables["tx"]) == 7
    assert record.status == Status.REVIEW
    assert [r.field for r in record.reasons if r.code == "field_missing"] == ["tx.ref"]
