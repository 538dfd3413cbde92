"""A grade printed with its scale glued to it, ``14,5/20`` under a ``decimal`` column, is
the grade 14.5 when the column's cells print one scale: French relevés print "Note /20"
cells as ``14,5/20``, ``8,75/20``, ``16/20``, which were never read (every grade blank,
the record in review) while ``14,5 / 20``, spaced, was (transcripts journey, finding 5).
The scale is the column's: cells that print different numbers after the slash (``1/2``,
``3/4``: fractions) or a value above it are no grades out of a scale, and stay unread."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template fr {
  locale "fr_FR"
  match { contains "Relevé de notes" }
  table ues {
    code: text header "Code UE"
    ects: decimal header "ECTS"
    grade: decimal header "Note /20"
    until "Total ECTS"
  }
}'''


def _releve(path, grades: list[str]) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "Relevé de notes", fontsize=12)
    y = 80
    for head, x in (("Code UE", 50), ("Intitulé", 120), ("ECTS", 380), ("Note /20", 450)):
        page.insert_text((x, y), head, fontsize=10)
    for k, grade in enumerate(grades):
        y += 14
        for value, x in ((f"UE{k + 1}", 50), (f"Matière {k + 1}", 120), ("6", 380),
                         (grade, 450)):
            page.insert_text((x, y), value, fontsize=10)
    page.insert_text((300, y + 24), "Total ECTS :", fontsize=10)
    page.insert_text((450, y + 24), str(6 * len(grades)), fontsize=10)
    out = str(path / "releve.pdf")
    doc.save(out)
    return out


def _extract(tmp_path, grades):
    tpl = tmp_path / "fr.sift"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    return Engine(seen_store="memory").extract(_releve(tmp_path, grades), template=str(tpl))


@pytest.mark.parametrize(("grades", "values"), [
    (["14,5/20", "8,75/20", "16/20"], ["14.5", "8.75", "16"]),
    (["14,5 / 20", "8,75/20", "16/20"], ["14.5", "8.75", "16"]),
    (["14,5/20", "20/20"], ["14.5", "20"]),
])
def test_grades_with_their_scale_glued_are_read(tmp_path, grades, values):
    result = _extract(tmp_path, grades)
    got = [r["grade"].value if r["grade"] is not None else None for r in result.tables["ues"]]
    assert got == [Decimal(v) for v in values]
    assert result.status is Status.ACCEPTED


@pytest.mark.parametrize("grades", [["1/2", "3/4", "5/8"], ["14,5/20", "8/10"],
                                    ["24/20", "12/20"], ["3/4"], ["8/10", "5/10", "10/10"]])
def test_no_one_scale_is_no_grade(tmp_path, grades):
    """The guards: fractions, two scales, a value above its scale, one cell alone, and
    counts with no decimals ("8/10": shipped of ordered, read 8 and accepted: the code read
    of this stop)."""
    result = _extract(tmp_path, grades)
    rows = result.tables["ues"]
    assert any(r["grade"] is None for r in rows)
    assert result.status is Status.REVIEW
