"""The last row's wrapped line, above the table's stop label or the page's end, is the
row's (bank-statement journey, finding 1: a wrong value accepted), where the line itself
says so: no row follows it to tell a wrapped line from a note (code read r6 of fbd1a25).

In a table without ``multiline``, a description's wrapped line ("REF 613918 ON 31 MAR")
was joined to its row only when another row followed; under the last row, before the
``until`` label ("Total paid out"), or before a page's "Balance carried forward"
(``skip_line``) and its end, it was dropped with no note, and the record accepted with
"INTEREST PAID" for "INTEREST PAID REF 613918 ON 31 MAR". A line under the last row that
is no part of it (a heading, a note) is named in the page's notes
(``table_lines_left_out``), never dropped silently.
"""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template

SIFT = '''template statement {
  title "Statement"
  version 1
  locale "en_GB"
  currency "GBP"
  match { contains "Current Account Statement" }
  table tx {
    date:        date header "Date"
    description: text header "Description"
    paid_out:    money? header "Paid out" default 0
    paid_in:     money? header "Paid in" default 0
    balance:     money header "Balance"
    skip_line    "Balance brought forward" | "Balance carried forward"
    until        "Total paid out"
  }
}
'''

SIZE = 9
PITCH = 15  # from one row to the next
WRAP = 11  # from a row to its wrapped line

#: (date, description, wrapped line or "", paid out, paid in, balance)
ROWS = [
    ("02 Mar 26", "CARD PAYMENT SHELL 4471", "", "46.56", "", "390.86"),
    ("03 Mar 26", "DD COUNCIL TAX", "REF 999817 ON 03 MAR", "105.03", "", "285.83"),
    ("04 Mar 26", "TRANSFER FROM J SMITH", "", "", "148.55", "434.38"),
    ("05 Mar 26", "REFUND AMAZON", "REF 609869 ON 05 MAR", "", "22.12", "456.50"),
    ("06 Mar 26", "TESCO STORES 2231", "", "13.73", "", "442.77"),
    ("31 Mar 26", "INTEREST PAID", "REF 613918 ON 31 MAR", "", "2.78", "445.55"),
]


def _right(page: pymupdf.Page, x: float, y: float, text: str) -> None:
    page.insert_text((x - pymupdf.get_text_length(text, "helv", SIZE), y), text,
                     fontsize=SIZE)


def _header(page: pymupdf.Page) -> float:
    page.insert_text((40, 60), "Current Account Statement", fontsize=12)
    for x, text, right in ((40, "Date", False), (100, "Description", False),
                           (395, "Paid out", True), (465, "Paid in", True),
                           (555, "Balance", True)):
        if right:
            _right(page, x, 110, text)
        else:
            page.insert_text((x, 110), text, fontsize=SIZE)
    return 128.0


def _row(page: pymupdf.Page, y: float, row: tuple[str, ...], wrap: float = WRAP) -> float:
    date, text, wrapped, out, paid_in, balance = row
    page.insert_text((40, y), date, fontsize=SIZE)
    page.insert_text((100, y), text, fontsize=SIZE)
    for x, amount in ((395, out), (465, paid_in), (555, balance)):
        if amount:
            _right(page, x, y, amount)
    if wrapped:
        y += wrap
        page.insert_text((100, y), wrapped, fontsize=SIZE)
    return y + PITCH


def _statement(pages: list[list[tuple[str, ...]]], after_last: list[str] = (),
               carried: str | None = "Balance carried forward",
               page_number: bool = False, after_gap: float = PITCH,
               after_size: float = SIZE, wrap: float = WRAP) -> bytes:
    """The rows of ``pages``, page by page (each page but the last ending with the
    ``carried`` line and its balance, and with ``page_number`` a "Page n of m" line under
    it), ``after_last`` lines under the last row (the first ``after_gap`` under it, in
    ``after_size`` points, the others at the rows' pitch), then the totals."""
    doc = pymupdf.open()
    for n, rows in enumerate(pages, start=1):
        page = doc.new_page(width=595, height=842)
        y = _header(page)
        for row in rows:
            y = _row(page, y, row, wrap)
        if n < len(pages):
            if carried:
                page.insert_text((100, y), carried, fontsize=SIZE)
                if carried.startswith("Balance"):
                    _right(page, 555, y, rows[-1][5])
                y += PITCH
            if page_number:
                _right(page, 555, y + 4, f"Page {n} of {len(pages)}")
            continue
        y += after_gap - PITCH
        for text in after_last:
            page.insert_text((100, y), text, fontsize=after_size)
            y += PITCH
        page.insert_text((100, y + 8), "Total paid out", fontsize=SIZE)
        _right(page, 395, y + 8, "165.32")
        page.insert_text((100, y + 22), "Closing balance", fontsize=SIZE)
        _right(page, 555, y + 22, "445.55")
    data = doc.tobytes()
    doc.close()
    return data


def _unwrapped(row: tuple[str, ...]) -> tuple[str, ...]:
    """``row`` printed without its wrapped line."""
    return (*row[:2], "", *row[3:])


def _want(rows: list[tuple[str, ...]]) -> list[str]:
    return [f"{r[1]} {r[2]}".strip() for r in rows]


@pytest.fixture(scope="module")
def engine():
    return Engine()


def _read(engine, pdf: bytes):
    result = engine.extract(pdf, compile_template(SIFT))
    return result, result.record()["tx"]


def test_the_last_rows_wrapped_line_above_the_stop_label_is_its_own(engine):
    result, rows = _read(engine, _statement([ROWS]))
    assert [r["description"] for r in rows] == _want(ROWS)
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)


def test_a_pages_last_rows_wrapped_line_above_the_carried_forward_line_is_its_own(engine):
    pages = [ROWS[:4], ROWS[4:]]
    _result, rows = _read(engine, _statement(pages))
    assert [r["description"] for r in rows] == _want(ROWS)
    assert len(rows) == len(ROWS)  # the carried-forward line is no row


def test_a_pages_last_rows_wrapped_line_above_its_page_number_is_its_own(engine):
    pages = [ROWS[:4], ROWS[4:]]
    _result, rows = _read(engine, _statement(pages, carried=None, page_number=True))
    assert [r["description"] for r in rows] == _want(ROWS)


def test_the_stop_label_right_under_the_last_row_is_not_joined_to_it(engine):
    """A totals line right after the last row (no wrapped line) stays out of it."""
    rows_in = [*ROWS[:-1], _unwrapped(ROWS[-1])]
    _result, rows = _read(engine, _statement([rows_in]))
    assert [r["description"] for r in rows] == _want(rows_in)
    assert rows[-1]["description"] == "INTEREST PAID"


@pytest.mark.parametrize("line", ["Totals for March", "Carried forward"])
def test_a_line_under_the_last_row_at_the_rows_pitch_is_named_not_joined(engine, line):
    """Set as far under the last row as the rows are from each other, starting with a
    capital after a finished description: a heading or a note, no part of the row (as
    between two rows), and named in the page's notes, not dropped silently."""
    rows_in = [*ROWS[:-1], _unwrapped(ROWS[-1])]
    result, rows = _read(engine, _statement([rows_in], after_last=[line]))
    assert [r["description"] for r in rows] == _want(rows_in)
    assert result.page_info[0].notes["table_lines_left_out"] == {"tx": [line]}


def test_a_text_carried_forward_line_on_a_page_is_named_not_joined(engine):
    """A page's "Carried forward" (no amount, no skip_line for it) under the last row."""
    pages = [[_unwrapped(r) for r in ROWS[:4]], ROWS[4:]]
    result, rows = _read(engine, _statement(pages, carried="Carried forward"))
    assert [r["description"] for r in rows] == _want(pages[0] + pages[1])
    assert result.page_info[0].notes["table_lines_left_out"] == {"tx": ["Carried forward"]}


# Under the last row no row follows to say a line is the row's wrapped text: a note there
# (code read r6 of fbd1a25) joins only on evidence of the line's own, else it is named.
_UNJOINED = [_unwrapped(r) for r in ROWS]


@pytest.mark.parametrize("note", ["3 transactions this period",
                                  "interest rates: see overleaf", "19% VAT included"])
def test_a_note_starting_small_or_with_a_digit_at_the_rows_pitch_is_named_not_joined(
        engine, note):
    """A start in small letters or with a digit does not make a line under the last row
    the row's rest where no row follows it: a note ("3 transactions this period")."""
    result, rows = _read(engine, _statement([_UNJOINED], after_last=[note]))
    assert rows[-1]["description"] == "INTEREST PAID"
    assert result.page_info[0].notes["table_lines_left_out"] == {"tx": [note]}


def test_a_small_note_set_tight_under_the_last_row_is_named_not_joined(engine):
    """Set tight under the last row, but in smaller letters (7 pt under 9 pt rows)."""
    note = "Thank you for your custom"
    result, rows = _read(engine, _statement([_UNJOINED], after_last=[note], after_gap=9,
                                            after_size=7))
    assert rows[-1]["description"] == "INTEREST PAID"
    assert result.page_info[0].notes["table_lines_left_out"] == {"tx": [note]}


def test_a_signature_line_under_the_last_row_is_named_not_joined(engine):
    line = "x ____________ signature"
    result, rows = _read(engine, _statement([_UNJOINED], after_last=[line]))
    assert rows[-1]["description"] == "INTEREST PAID"
    assert result.page_info[0].notes["table_lines_left_out"] == {"tx": [line]}


def test_the_last_rows_line_joins_where_its_text_goes_on(engine):
    """A description that does not end ("TRANSFER TO") takes the line under it, at any
    spacing the rows' leading allows (a guard: joined before and after)."""
    last = ("31 Mar 26", "TRANSFER TO", "", "", "2.78", "445.55")
    result, rows = _read(engine, _statement([[*_UNJOINED[:-1], last]],
                                            after_last=["J SMITH SAVINGS"]))
    assert rows[-1]["description"] == "TRANSFER TO J SMITH SAVINGS"
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)


def test_the_last_rows_line_joins_as_far_under_it_as_the_tables_wraps(engine):
    """Wrapped lines set a little apart (not tight) between rows: the last row's line as
    far under it is its wrapped text too (a guard for that evidence)."""
    rows_in = [(*r[:2], r[2].lower(), *r[3:]) for r in ROWS]
    result, rows = _read(engine, _statement([rows_in], wrap=14.2))
    assert [r["description"] for r in rows] == _want(rows_in)
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)
