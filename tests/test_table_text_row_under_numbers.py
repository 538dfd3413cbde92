"""A table row whose number cells hold words ("Foreign matter  Absent  Present" under
Test / Specification / Result, the specification read into decimal columns) is a row
with those cells unread, not the end of the table: a certificate of analysis mixes
organoleptic and pathogen rows ("Conforms", "Absent", "Not detected") with numeric
ones, and such a row, with every row after it, was dropped silently and the record
accepted (coa journey, finding 1). A note or heading (one run of words) is still no row."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

COA = '''template coa {
  match { contains "CERTIFICATE" }
  table results {
    test: text header "Test"
    spec_lo: decimal? header "Specification"
    spec_hi: decimal? header "Specification"
    result: text? header "Result"
  }
  rule no_fail: each results: not matches(result, /present|detected/i)
    or matches(result, /not detected/i)
}'''


def _coa(path, rows, tail: str = "") -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "CERTIFICATE OF ANALYSIS", fontsize=10)
    y = 100
    for x, head in zip((40, 200, 380), ("Test", "Specification", "Result"), strict=True):
        page.insert_text((x, y), head, fontsize=10)
    y += 18
    for row in rows:
        for x, cell in zip((40, 200, 380), row, strict=True):
            page.insert_text((x, y), cell, fontsize=10)
        y += 15
    if tail:
        page.insert_text((40, y + 20), tail, fontsize=10)
    doc.save(str(path))
    doc.close()
    return str(path)


def _run(tmp_path, rows, tail=""):
    sift = tmp_path / "t.sift"
    sift.write_text(COA, encoding="utf-8")
    pdf = _coa(tmp_path / "coa.pdf", rows, tail)
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _val(cell):
    return None if cell is None else str(cell.value)


def test_text_row_between_numeric_rows_is_a_row(tmp_path):
    result = _run(tmp_path, [("pH", "4.5 - 5.5", "5.1"), ("Foreign matter", "Absent", "Present"),
                             ("Brix", "10.0 - 12.0", "11.2")])
    rows = result.tables["results"]
    assert [_val(r["test"]) for r in rows] == ["pH", "Foreign matter", "Brix"]
    assert _val(rows[1]["result"]) == "Present" and rows[1]["spec_lo"] is None
    assert result.status is Status.REVIEW  # the rule fails on "Present"


def test_text_row_last_is_a_row(tmp_path):
    result = _run(tmp_path, [("pH", "4.5 - 5.5", "5.1"), ("Foreign matter", "Absent", "Present")])
    assert [_val(r["test"]) for r in result.tables["results"]] == ["pH", "Foreign matter"]
    assert result.status is Status.REVIEW


def test_conforming_text_rows_keep_the_rows_below(tmp_path):
    result = _run(tmp_path, [("pH", "4.5 - 5.5", "5.1"), ("Appearance", "Conforms", "Conforms"),
                             ("Salmonella", "Not detected", "Not detected"),
                             ("Brix", "10.0 - 12.0", "11.2")])
    rows = result.tables["results"]
    assert [_val(r["test"]) for r in rows] == ["pH", "Appearance", "Salmonella", "Brix"]
    assert rows[3]["spec_lo"] is not None and _val(rows[3]["result"]) == "11.2"


def test_a_sentence_under_the_rows_is_no_row(tmp_path):
    result = _run(tmp_path, [("pH", "4.5 - 5.5", "5.1"), ("Brix", "10.0 - 12.0", "11.2")],
                  tail="We certify that the lot conforms to specification.")
    assert [_val(r["test"]) for r in result.tables["results"]] == ["pH", "Brix"]
