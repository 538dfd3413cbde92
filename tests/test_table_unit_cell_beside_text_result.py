"""A unit printed in a column the template leaves out ("Einheit"), a word space after a
text result, is that column's, not the end of the result: a certificate's row
"Salmonellen | n.n. in 25 g | nicht nachweisbar | /25 g" read ``res: 25`` and ``result:
"nicht nachweisbar g"`` under two columns on the header "Ergebnis" (coa journey, finding
7), because the result and the unit, 3 pt apart at 9 pt type, were one phrase under one
declared header. The unit starts where the left out column's header and its other cells
start; a description that runs on under such a header by chance starts anywhere."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine

TEMPLATE = '''template coa {
  locale "de_DE"
  match { contains "Analysenzertifikat" }
  table results {
    test: text header "Prüfmerkmal"
    spec: text header "Spezifikation"
    res: decimal? header "Ergebnis"
    result: text? header "Ergebnis"
    until "Die Charge"
  }
}'''

HEADERS = [("Prüfmerkmal", 40), ("Spezifikation", 200), ("Ergebnis", 330), ("Einheit", 0)]
ROWS = [("pH-Wert", "4,5 - 5,5", "5,1", "-"),
        ("Feuchtigkeit", "≤ 0,5 %", "0,3", "%"),
        ("Salmonellen", "n.n. in 25 g", "nicht nachweisbar", "/25 g"),
        ("Aussehen", "entspricht", "entspricht", "-")]


def _certificate(path, gap: float, salmonella: tuple[str, ...] = ROWS[2]) -> str:
    """The certificate with its unit column starting ``gap`` pt after the end of
    "nicht nachweisbar" (its header and cells aligned there)."""
    import pymupdf

    size = 9
    x_unit = 330 + pymupdf.get_text_length("nicht nachweisbar", fontsize=size) + gap
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Analysenzertifikat", fontsize=14)
    y = 100
    for head, x in HEADERS:
        page.insert_text((x or x_unit, y), head, fontsize=size, fontname="hebo")
    for row in [*ROWS[:2], salmonella, *ROWS[3:]]:
        y += 15
        for value, x in zip(row, (40, 200, 330, x_unit), strict=False):
            page.insert_text((x, y), value, fontsize=size)
    page.insert_text((40, y + 30), "Die Charge entspricht den Spezifikationen.", fontsize=size)
    out = str(path / "coa.pdf")
    doc.save(out)
    return out


def _results(tmp_path, pdf):
    tpl = tmp_path / "coa.sift"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    result = Engine(seen_store="memory").extract(pdf, template=str(tpl))
    return [{k: (v.value if v is not None else None) for k, v in row.items()}
            for row in result.tables["results"]]


@pytest.mark.parametrize("gap", [2.5, 3, 4])
def test_unit_a_word_space_after_a_text_result_is_no_part_of_it(tmp_path, gap):
    rows = _results(tmp_path, _certificate(tmp_path, gap))
    salmonella = next(r for r in rows if r["test"] == "Salmonellen")
    assert salmonella["result"] == "nicht nachweisbar"
    assert salmonella["res"] is None
    assert [str(r["res"]) for r in rows if r["res"] is not None] == ["5.1", "0.3"]


def test_a_result_running_on_under_the_left_out_header_stays_whole(tmp_path):
    """The guard: a result without a unit that runs on under "Einheit", its words
    starting elsewhere than the unit column's cells, stays whole."""
    row = ("Salmonellen", "n.n. in 25 g", "nicht nachweisbar in der Probe")
    rows = _results(tmp_path, _certificate(tmp_path, 6, row))
    salmonella = next(r for r in rows if r["test"] == "Salmonellen")
    assert salmonella["result"] == "nicht nachweisbar in der Probe"
