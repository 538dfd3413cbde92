"""A heading at the top of a next page is no rest of the last row's finished narrative
(stop 34's code read of 761bf5e, finding 2: a wrong value accepted).

761bf5e joins the text above a next page's first row to the last row's description where
the page break fell where the column wraps: the text's first word would not have fitted on
the row's last line. A finished narrative whose last line is nearly full ("... deadlines
with the court clerk in person.") followed by a heading on the next page ("Disbursements",
above its first row) gave the narrative "... in person. Disbursements", accepted, no note.
After a sentence's end, a line that reads as a heading (one short line, starting with a
capital, ending in no mark of a sentence) is not joined on the wrap test alone: it is a line
that joins no row, named in the page's notes and, under a column every row needs, in a
reason. The rest of a narrative cut there (several lines, or one ending in a full stop)
still joins.
"""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template
from tests.test_table_description_over_page_break import (
    FILLERS,
    LEADING,
    SIFT,
    SIZE,
    WIDTH,
    X,
    _header,
    _wrap,
)

#: a narrative that ends in a full stop, its last wrapped line nearly full
FINISHED = ("Telephone conference with opposing counsel regarding the scheduling order and "
            "confirm deadlines with the court clerk in person.")


def _bill(entries: list[tuple[str, str, str, str, str]], break_after: int,
          top: list[str], top_x: float, cut: int | None = None) -> bytes:
    """A bill of ``entries`` (date, timekeeper, narrative, hours, amount): page 1 ends after
    entry ``break_after`` (or, with ``cut``, after that many lines of its narrative, the
    rest going on at the top of page 2); page 2 repeats the header and prints the lines
    ``top`` above its first row, at ``top_x`` points from the left."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _header(page, 80)
    y = 100.0
    for i, (date, tk, text, hours, amount) in enumerate(entries):
        for name, value in (("date", date), ("tk", tk), ("hours", hours),
                            ("amount", amount)):
            page.insert_text((X[name], y), value, fontsize=SIZE)
        lines = _wrap(text)
        if i == break_after and cut is not None:
            lines = lines[:cut]
        for k, line in enumerate(lines):
            page.insert_text((X["narrative"], y + LEADING * k), line, fontsize=SIZE)
        y += LEADING * len(lines) + 6
        if i == break_after:
            page.insert_text((40, 760), "Continued on next page", fontsize=8)
            page = doc.new_page(width=612, height=792)
            _header(page, 80)
            y = 100.0
            for k, line in enumerate(top):
                page.insert_text((top_x, y + LEADING * k), line, fontsize=SIZE)
            y += LEADING * len(top) + 6
    page.insert_text((300, y + 20), "Total fees", fontsize=SIZE)
    data = doc.tobytes()
    doc.close()
    return data


def _entries() -> list[tuple[str, str, str, str, str]]:
    rows = [(f"2026-11-{i + 2:02d}", "DK", text, "1.5", "442.50")
            for i, text in enumerate(FILLERS)]
    rows[2] = (rows[2][0], "DK", FINISHED, "1.5", "442.50")
    rows.append(("2026-11-30", "MR", "Attend deposition of the chief financial officer.",
                 "6.5", "2,925.00"))
    return rows


@pytest.fixture(scope="module")
def engine():
    return Engine()


def test_the_generators_narrative_ends_where_the_column_wraps():
    """The case: a next word would not have fitted on the finished narrative's last line."""
    last = _wrap(FINISHED)[-1]
    assert last.endswith(".")
    assert pymupdf.get_text_length(last + " Disbursements", "helv", SIZE) > WIDTH


HEADINGS = ["Disbursements", "Fees (continued)", "EXPENSES", "Costs Advanced:"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_a_heading_after_a_finished_narrative_is_not_glued_to_it(engine, heading):
    entries = _entries()
    pdf = _bill(entries, break_after=2, top=[heading], top_x=X["narrative"])
    result = engine.extract(pdf, compile_template(SIFT))
    rows = result.record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]
    assert result.page_info[1].notes["table_lines_left_out"] == {"entries": [heading]}
    assert result.status.value == "review"
    (reason,) = [r for r in result.reasons if r.field == "entries.narrative"]
    assert reason.rows == [2] and repr(heading) in reason.message, reason


@pytest.mark.parametrize("heading", HEADINGS)
def test_a_heading_set_at_the_margin_is_not_glued_either(engine, heading):
    """The heading printed at the page's margin, under the date column."""
    entries = _entries()
    pdf = _bill(entries, break_after=2, top=[heading], top_x=X["date"])
    rows = engine.extract(pdf, compile_template(SIFT)).record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]


@pytest.mark.parametrize("rest", [["Debrief with JS."],
                                  ["Debrief with JS. Summarize testimony for client",
                                   "and update case chronology."]])
def test_the_rest_of_a_narrative_after_a_full_stop_still_joins(engine, rest):
    """Cut after a line ending in a full stop where the column wraps, the next page going
    on with a capital: one line ending in a full stop, or several lines, are its rest."""
    text = FINISHED + " " + " ".join(rest)
    entries = _entries()
    entries[2] = (entries[2][0], "DK", text, "1.5", "442.50")
    pdf = _bill(entries, break_after=2, top=rest, top_x=X["narrative"],
                cut=len(_wrap(FINISHED)))
    assert _wrap(text)[:len(_wrap(FINISHED))] == _wrap(FINISHED)
    result = engine.extract(pdf, compile_template(SIFT))
    rows = result.record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]
    assert result.status.value == "accepted", result.reasons
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)
