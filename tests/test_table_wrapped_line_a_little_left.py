"""A wrapped description's next line set a few points left of the rows' text is that
description's rest, not a section heading (regression of c5acd3d, found re-running the
transcripts journey). On a 200-dpi scanned US transcript, OCR moved the box of 'Biology
of Organisms' (the second line of the course title 'Genetics and Molecular Biology of
Organisms') 3 to 4 points left of the Title column at 10-point type. The table has an
`until` label and a `skip_line` for its term headings, so it passed over no heading left
of its rows; yet the line was taken for a heading by its place alone, the title read
'Genetics and Molecular' and the record was accepted: no rule checks a title."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template tr {
  match { contains "TRANSCRIPT" }
  field total_credits: decimal = right of "Total Credits Earned"
  table courses {%s
    code: text header "Course"
    title: text header "Title"%s
    credits: decimal header "Credits"
    grade: text header "Grade"
    points: decimal? header "Points"
    until "Total Credits Earned"%s
  }
  rule credits: sum(courses.credits) == total_credits
}'''

SKIP = '\n    skip_line /^\\s*(Fall|Spring) \\d{4}\\s*$/'


def _transcript(path, shift, term_above=True, name="tr.pdf"):
    """Two terms of courses at 10 pt; the first course's title wraps, its second line set
    ``shift`` points left of the Title column."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)

    def t(x, y, s):
        page.insert_text((x, y), s, fontsize=10, fontname="helv")

    t(50, 60, "OFFICIAL TRANSCRIPT")
    for x, s in ((50, "Course"), (130, "Title"), (380, "Credits"), (440, "Grade"),
                 (500, "Points")):
        t(x, 100, s)
    y = 120
    if term_above:
        t(50, y, "Fall 2022")
        y += 18
    t(50, y, "BIO 210"), t(130, y, "Genetics and Molecular"), t(380, y, "4.0")
    t(440, y, "B+"), t(500, y, "13.20")
    y += 13
    t(130 - shift, y, "Biology of Organisms")
    y += 18
    t(50, y, "MATH 151"), t(130, y, "Calculus I"), t(380, y, "4.0"), t(440, y, "A")
    t(500, y, "16.00")
    y += 24
    t(50, y, "Spring 2023")
    y += 18
    t(50, y, "CHEM 102"), t(130, y, "General Chemistry II"), t(380, y, "4.0")
    t(440, y, "C"), t(500, y, "8.00")
    y += 30
    t(50, y, "Total Credits Earned: 12.0")
    out = str(path / name)
    doc.save(out)
    return out


def _read(tmp_path, pdf, multiline=True, term=False, skip=True):
    tpl = tmp_path / "tr.sift"
    tpl.write_text(TEMPLATE % ("\n    term: text? heading" if term else "",
                               " multiline" if multiline else "", SKIP if skip else ""),
                   encoding="utf-8")
    result = Engine(seen_store="memory").extract(pdf, template=str(tpl))
    rows = result.tables["courses"]
    return result, [r["title"].value if r["title"] is not None else None for r in rows], \
        [r["term"].value if term and r["term"] is not None else None for r in rows]


TITLES = ["Genetics and Molecular Biology of Organisms", "Calculus I",
          "General Chemistry II"]


@pytest.mark.parametrize("shift", [3, 4])
@pytest.mark.parametrize("multiline", [True, False], ids=["multiline", "not_multiline"])
def test_a_wrapped_title_a_few_points_left_keeps_its_second_line(tmp_path, shift,
                                                                 multiline):
    result, titles, _ = _read(tmp_path, _transcript(tmp_path, shift), multiline)
    assert titles == TITLES
    assert result.status is Status.ACCEPTED


@pytest.mark.parametrize("shift", [3, 4])
def test_a_heading_column_whose_headings_stand_elsewhere(tmp_path, shift):
    """The term headings read into a heading column stand under "Course", far left of the
    titles: a line a few points left of the titles is not set as they are."""
    _, titles, terms = _read(tmp_path, _transcript(tmp_path, shift), term=True, skip=False)
    assert titles == TITLES
    assert terms == ["Fall 2022", "Fall 2022", "Spring 2023"]


def test_a_heading_column_with_no_heading_seen_yet(tmp_path):
    """No heading above the first row: the line 3 points left (under a character at 10
    points) is no heading by its place alone."""
    pdf = _transcript(tmp_path, 3, term_above=False)
    _, titles, terms = _read(tmp_path, pdf, term=True, skip=False)
    assert titles == TITLES
    assert terms == [None, None, "Spring 2023"]


def test_aligned_wrapped_title_is_unchanged(tmp_path):
    # the guard: the wrapped line set where the title starts, as before
    _, titles, _ = _read(tmp_path, _transcript(tmp_path, 0))
    assert titles == TITLES
