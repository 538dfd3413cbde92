"""A time entry's narrative cut by a page break (legal e-billing journey, finding 1).

A law firm's bill wraps each narrative to its column; a long one runs over the page
break, and the next page, under its repeated header, goes on with "Debrief with JS; ..."
or, after a full stop, "Summarize ...": a capital. The lines above the next page's first
row were dropped and the record accepted, no note, where the same line inside a page is
joined. They are the rest of the narrative where the row above ends in a way that goes on
(";" as ",") or where the page break fell where the column wraps (the next page's first
word would not have fitted on the row's last line); lines that join no row are named (the
page's notes, ``formsift explain``) and, under a column every row needs, given a reason.
"""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template
from formsift.templates.explain import explain

SIFT = '''template bill {
  table entries {
    date: date header "Date"
    tk: text header "Tkpr"
    narrative: text header "Description" multiline
    hours: decimal header "Hours"
    amount: money header "Amount"
    until "Total fees"
  }
  rule entry_hours: each entries: hours <= 10
}'''

X = {"date": 40, "tk": 110, "narrative": 150, "hours": 420, "amount": 500}
WIDTH = 210  # the narrative column's wrap width, in points
SIZE = 10
LEADING = 12

FILLERS = [
    "Review production batch 12 for responsiveness and privilege; draft privilege "
    "log entries for withheld documents.",
    "Telephone conference with opposing counsel regarding the scheduling order; "
    "confirm deadlines with the court clerk.",
    "Research pleading standard for fraud claims and draft a memo to JS summarizing "
    "the cases decided under Rule 9(b).",
    "Prepare document requests.",
]


def _wrap(text: str) -> list[str]:
    """``text`` wrapped to the column as a word processor does: each word on the line
    while it fits."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        joined = f"{cur} {word}" if cur else word
        if cur and pymupdf.get_text_length(joined, "helv", SIZE) > WIDTH:
            lines.append(cur)
            cur = word
        else:
            cur = joined
    return [*lines, cur]


def _header(page: pymupdf.Page, y: float) -> None:
    for name, head in (("date", "Date"), ("tk", "Tkpr"), ("narrative", "Description"),
                       ("hours", "Hours"), ("amount", "Amount")):
        page.insert_text((X[name], y), head, fontsize=SIZE, fontname="hebo")


def _bill(entries: list[tuple[str, str, str, str, str]], break_after: int,
          cut: int | None, heading: str | None = None) -> bytes:
    """A bill of ``entries`` (date, timekeeper, narrative, hours, amount): page 1 holds
    the entries up to ``break_after`` (its index) and, with ``cut``, the first ``cut``
    lines of that entry's narrative, the rest on page 2 under the repeated header;
    ``heading``: a line at the top of page 2, above its first row."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _header(page, 80)
    y = 100.0
    for i, (date, tk, text, hours, amount) in enumerate(entries):
        for name, value in (("date", date), ("tk", tk), ("hours", hours),
                            ("amount", amount)):
            page.insert_text((X[name], y), value, fontsize=SIZE)
        lines = _wrap(text)
        for k, line in enumerate(lines):
            if i == break_after and cut is not None and k == cut:
                page.insert_text((40, 760), "Continued on next page", fontsize=8)
                page = doc.new_page(width=612, height=792)
                _header(page, 80)
                y = 100.0 - LEADING * k
            page.insert_text((X["narrative"], y + LEADING * k), line, fontsize=SIZE)
        y += LEADING * len(lines) + 6
        if i == break_after and cut is None:
            page.insert_text((40, 760), "Continued on next page", fontsize=8)
            page = doc.new_page(width=612, height=792)
            _header(page, 80)
            y = 100.0
            if heading:
                page.insert_text((X["narrative"], y), heading, fontsize=SIZE)
                y += LEADING + 6
    page.insert_text((300, y + 20), "Total fees", fontsize=SIZE)
    data = doc.tobytes()
    doc.close()
    return data


def _entries(split: str) -> list[tuple[str, str, str, str, str]]:
    rows = [(f"2026-11-{i + 2:02d}", "DK", text, "1.5", "442.50")
            for i, text in enumerate(FILLERS)]
    rows.append(("2026-11-30", "MR", split, "6.5", "2,925.00"))
    rows.append(("2026-12-01", "JS", "Settlement strategy meeting.", "0.8", "520.00"))
    return rows


@pytest.fixture(scope="module")
def engine():
    return Engine()


def _template(engine):
    return compile_template(SIFT)


@pytest.mark.parametrize("mark", [";", "."])
def test_a_narrative_cut_by_a_page_break_before_a_capital_keeps_its_end(engine, mark):
    split = (f"Attend deposition of the chief financial officer{mark} Outline "
             f"cross-examination topics{mark} Meet with client team{mark} Debrief with "
             f"JS{mark} Summarize testimony for client and update case chronology.")
    lines = _wrap(split)
    # the generator's own check: the page break falls after a line ending in the mark,
    # the next page going on with a capital
    assert lines[0].endswith(mark) and lines[1][0].isupper()
    entries = _entries(split)
    pdf = _bill(entries, break_after=len(FILLERS), cut=1)
    result = engine.extract(pdf, _template(engine))
    rows = result.record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]
    assert result.status.value == "accepted", result.reasons
    assert not any(p.notes.get("table_lines_left_out") for p in result.page_info)


def test_a_heading_above_a_next_pages_first_row_is_named_not_dropped(engine):
    """A short entry ends page 1 ("Prepare document requests.", "Services" would have
    fitted after it), page 2 starts "Services" above its first row: no rest of that
    narrative, but no line to lose without a word either."""
    entries = _entries("Attend deposition of the chief financial officer.")
    pdf = _bill(entries, break_after=len(FILLERS) - 1, cut=None, heading="Services")
    template = _template(engine)
    result = engine.extract(pdf, template)
    rows = result.record()["entries"]
    assert [r["narrative"] for r in rows] == [e[2] for e in entries]
    assert result.page_info[1].notes["table_lines_left_out"] == {"entries": ["Services"]}
    (reason,) = [r for r in result.reasons if r.field == "entries.narrative"]
    assert reason.rows == [len(FILLERS) - 1]
    assert "'Services'" in reason.message and "page 2" in reason.message
    assert result.status.value == "review"
    text = explain(engine, pdf, template)
    assert "page 2: left out 'Services'" in text
