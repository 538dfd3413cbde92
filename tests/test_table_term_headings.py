"""A heading between a table's rows ("Fall 2023", "Spring 2024", "Autumn Term", "WS
2024/25", "Semester 1": a transcript's terms) is no row and no part of one, and the rows
after it are read. It was joined to the row above's course code ("MATH 151 Spring 2024")
because the row's text, all its text cells joined, ended in its grade "B+", read as a
line that goes on; before that, it ended the table (only the first term's courses were
read: the transcripts journey, finding 3). A line continues the row above when it reads
as the rest of the cell above it, in its own column."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template terms {
  locale "en_US"
  match { contains "Course" }
  field total_credits: decimal = right of "Total Credits Earned"
  table courses {
    code: text header "Course"
    title: text header "Title"
    credits: decimal header "Credits"
    grade: text header "Grade"
    until "Total Credits Earned"
  }
  rule credits_sum: sum(courses.credits) == total_credits
}'''

COURSES = [[("CS 101", "Intro to Programming", "4.0", "A"),
            ("MATH 151", "Calculus I", "4.0", "B+")],
           [("CS 102", "Data Structures", "4.0", "B"),
            ("PHYS 201", "Physics I", "3.0", "A-")]]


def _transcript(path, headings: tuple[str, str], gap: float = 0, bold: bool = True,
                wrapped: str = "", leading: float = 13, wraps: int = 0) -> str:
    """Two terms of two courses, each under its heading in the Course column; with
    ``wrapped``, the title of each term's course ``wraps`` goes on on a second line,
    ``leading`` under it (the rows are 13 apart)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100
    xs = [50, 110, 330, 390]

    def put(x: float, text: str, heavy: bool = False) -> None:
        page.insert_text((x, y), text, fontsize=9, fontname="hebo" if heavy else "helv")

    for x, head in zip(xs, ["Course", "Title", "Credits", "Grade"], strict=True):
        put(x, head, True)
    y += 16
    for heading, rows in zip(headings, COURSES, strict=True):
        put(50, heading, bold)
        y += 13
        for k, row in enumerate(rows):
            for x, value in zip(xs, row, strict=True):
                put(x, value)
            y += 13
            if wrapped and k == wraps:
                y += leading - 13
                put(110, wrapped)
                y += 13
        y += gap
    y += 10
    put(300, "Total Credits Earned:")
    put(450, "15.0")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, pdf: str):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


@pytest.mark.parametrize("headings", [("Fall 2023", "Spring 2024"),
                                      ("Autumn Term", "Spring Term"),
                                      ("WS 2024/25", "SS 2025"),
                                      ("Semester 1", "Semester 2")],
                         ids=["season-year", "words", "german", "semester"])
@pytest.mark.parametrize("gap", [0, 4], ids=["gap0", "gap4"])
@pytest.mark.parametrize("bold", [True, False], ids=["bold", "plain"])
def test_a_term_heading_between_rows_is_passed_over(tmp_path, headings, gap, bold):
    result = _extract(tmp_path, _transcript(tmp_path / "t.pdf", headings, gap, bold))
    rows = [{k: (str(v.value) if v is not None else None) for k, v in r.items()}
            for r in result.tables["courses"]]
    assert [(r["code"], r["title"], r["credits"], r["grade"]) for r in rows] == [
        row for term in COURSES for row in term]
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_wrapped_title_still_joins_its_row(tmp_path):
    """Guard: a title's second line in lower case is still the rest of the title, with
    the term headings passed over."""
    result = _extract(tmp_path, _transcript(tmp_path / "t.pdf", ("Fall 2023", "Spring 2024"),
                                            wrapped="for engineers"))
    rows = result.tables["courses"]
    assert len(rows) == 4
    assert rows[0]["title"].value == "Intro to Programming for engineers"
    assert rows[1]["code"].value == "MATH 151"


def test_a_title_wrapped_tighter_than_the_rows_joins_its_row(tmp_path):
    """A title's second line that starts with a capital, set closer under its row than
    the rows are to each other ("Genetics and Molecular" / "Biology of Organisms", 11
    points under it, rows 13 apart), is the rest of the title; the term heading right
    under it, set as far as the rows, is still passed over. (The row's grade "B+" made
    every line after it the rest of the row: the headings too.)"""
    result = _extract(tmp_path, _transcript(tmp_path / "t.pdf", ("Fall 2023", "Spring 2024"),
                                            wrapped="Biology of Organisms", leading=11,
                                            wraps=1))
    rows = result.tables["courses"]
    assert [r["code"].value for r in rows] == ["CS 101", "MATH 151", "CS 102", "PHYS 201"]
    assert rows[1]["title"].value == "Calculus I Biology of Organisms"
