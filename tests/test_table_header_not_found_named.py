"""A declared column whose header is not on the table's header line is named, never
silent (timesheet journey: a fax's "Break (min)" read "Break (rnin)", the optional
column ``brk`` blank on every row with no word of why).

The page's notes (``table_headers_not_found``) and ``formsift explain`` name the column,
its header and the phrase of the header line standing where it belongs. Where that
phrase reads as the header misread (rn for m, or a character in four) and words stand
under it, each such row's ``unread`` carries the phrase (``HEADER_MISREAD``): its cells
are there, not read. A column the layout simply does not print gets the note only.
"""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template, tables
from formsift.templates.tables import extract_table

#: (looked up so that the guards run on the code before the key existed too)
HEADER_MISREAD = getattr(tables, "HEADER_MISREAD", "\0header misread")

SIFT = '''template sheet {
  title "Timesheet"
  version 1
  locale "en_GB"
  match { contains "Weekly timesheet" }
  table days {
    day: text header "Day"
    start: text header "Start"
    end: text header "End"
    brk: int? header "Break (min)"
    hours: decimal header "Hours"
    until "Total hours"
  }
}
'''

SIZE = 10
DAYS = [("Monday", "8:00", "16:30", "30", "8.0"), ("Tuesday", "9:00", "17:30", "", "8.5"),
        ("Wednesday", "8:30", "17:00", "45", "7.75")]


def _sheet(headers: list[tuple[float, str]], with_break: bool = True) -> bytes:
    """A timesheet whose header line prints ``headers`` (x, text); the break cells under
    the fourth header where ``with_break``."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 60), "Weekly timesheet", fontsize=14)
    for x, text in headers:
        page.insert_text((x, 110), text, fontsize=SIZE)
    xs = [x for x, _ in headers]
    y = 130
    for day in DAYS:
        cells = day if with_break else (*day[:3], day[4])
        for x, text in zip(xs, cells, strict=False):
            if text:
                page.insert_text((x, y), text, fontsize=SIZE)
        y += 18
    page.insert_text((40, y + 10), "Total hours", fontsize=SIZE)
    page.insert_text((420, y + 10), "24.25", fontsize=SIZE)
    data = doc.tobytes()
    doc.close()
    return data


def _headers(brk: str | None) -> list[tuple[float, str]]:
    out = [(40, "Day"), (140, "Start"), (220, "End")]
    if brk is not None:
        out.append((300, brk))
    return [*out, (420, "Hours")]


@pytest.fixture(scope="module")
def engine():
    return Engine()


def _notes(result) -> list[str]:
    return [text for p in result.page_info
            for text in p.notes.get("table_headers_not_found", {}).get("days", [])]


def _misread_rows(engine, pdf: bytes) -> list[str | None]:
    """Per row read, what its ``unread`` says of the ``brk`` header (None: nothing)."""
    template = compile_template(SIFT)
    doc = engine.load(pdf)
    unread: list[dict[str, str]] = []
    extract_table(doc, template.tables["days"], template.context, template.regions, unread=unread)
    return [texts.get("brk" + HEADER_MISREAD) for texts in unread]


def test_a_misread_header_is_named_and_its_rows_marked(engine):
    pdf = _sheet(_headers("Break (rnin)"))
    result = engine.extract(pdf, compile_template(SIFT))
    assert [r["brk"] for r in result.record()["days"]] == [None, None, None]
    assert _notes(result) == ['column \'brk\': header "Break (min)" not found on the header '
                              "line (nearest 'Break (rnin)', misread?)"]
    # the rows with a break written under it; Tuesday's cell is blank
    assert _misread_rows(engine, pdf) == ["Break (rnin)", None, "Break (rnin)"]


def test_a_header_a_character_off_is_misread_too(engine):
    pdf = _sheet(_headers("Brcak (min)"))
    assert _misread_rows(engine, pdf) == ["Brcak (min)", None, "Brcak (min)"]


def test_another_column_in_its_place_is_named_not_marked(engine):
    pdf = _sheet(_headers("Lunch"))
    result = engine.extract(pdf, compile_template(SIFT))
    assert _notes(result) == ['column \'brk\': header "Break (min)" not found on the header '
                              "line (nearest 'Lunch')"]
    assert _misread_rows(engine, pdf) == [None, None, None]


def test_a_column_the_layout_leaves_out_is_named_only(engine):
    pdf = _sheet(_headers(None), with_break=False)
    result = engine.extract(pdf, compile_template(SIFT))
    assert _notes(result) == ['column \'brk\': header "Break (min)" not found on the header '
                              "line"]
    assert _misread_rows(engine, pdf) == [None, None, None]
    assert [r["hours"] for r in result.record()["days"]] == ["8.0", "8.5", "7.75"]


def test_a_header_found_is_not_named(engine):
    pdf = _sheet(_headers("Break (min)"))
    result = engine.extract(pdf, compile_template(SIFT))
    assert [r["brk"] for r in result.record()["days"]] == [30, None, 45]
    assert _notes(result) == []
    assert _misread_rows(engine, pdf) == [None, None, None]


def test_rows_under_a_misread_header_send_the_record_to_review(engine):
    """The note alone routes nothing: an optional column's cells left unread under its
    misread header are a field_missing reason naming the phrase; a column the layout
    does not print, or another column in its place, gives none."""
    result = engine.extract(_sheet(_headers("Break (rnin)")), compile_template(SIFT))
    missing = [r for r in result.reasons if r.code == "field_missing"]
    assert result.status.value == "review" and len(missing) == 1
    assert missing[0].field == "days.brk" and missing[0].rows == [0, 2]
    assert "'Break (rnin)'" in missing[0].message
    for headers, with_break in ((_headers(None), False), (_headers("Lunch"), True)):
        other = engine.extract(_sheet(headers, with_break), compile_template(SIFT))
        assert not [r for r in other.reasons if r.code == "field_missing"]
