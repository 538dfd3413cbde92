"""Two number columns on one header take the cell's numbers left to right, in the
template's order: a certificate's range "10.0 - 12.0" under "Specification", read as
``spec_lo`` and ``spec_hi``, is 10.0 and 12.0, never 12.0 and 10.0 (the number most under
the header was taken first: coa journey, finding 4, 7 of 7 ranges reversed, and a rule
``value >= spec_lo and value <= spec_hi`` failed on conforming lots)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

RANGES = '''template coa {
  match { contains "CERTIFICATE" }
  table results {
    test: text header "Test"
    spec_lo: decimal header "Specification"
    spec_hi: decimal header "Specification"
    result: decimal header "Result"
  }
  rule in_spec: each results: result >= spec_lo and result <= spec_hi
}'''


def _coa(path, rows, spec_x: float = 200) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "CERTIFICATE OF ANALYSIS", fontsize=10)
    y = 100
    for x, head in zip((40, 200, 380), ("Test", "Specification", "Result"), strict=True):
        page.insert_text((x, y), head, fontsize=10)
    y += 18
    for test, spec, result in rows:
        page.insert_text((40, y), test, fontsize=10)
        page.insert_text((spec_x, y), spec, fontsize=10)
        page.insert_text((380, y), result, fontsize=10)
        y += 15
    doc.save(str(path))
    doc.close()
    return str(path)


ROWS = [("pH", "4.5 - 5.5", "5.1"), ("Brix", "10.0 - 12.0", "11.2"),
        ("Moisture", "2 - 14.5", "9.0"), ("Bulk density", "100 - 1000", "420")]


@pytest.mark.parametrize("spec_x", [200, 215, 230])
def test_range_reads_low_then_high(tmp_path, spec_x):
    sift = tmp_path / "t.sift"
    sift.write_text(RANGES, encoding="utf-8")
    pdf = _coa(tmp_path / "coa.pdf", ROWS, spec_x)
    result = Engine(seen_store="memory").extract(pdf, template=str(sift))
    got = [(str(r["spec_lo"].value), str(r["spec_hi"].value)) for r in result.tables["results"]]
    assert got == [tuple(spec.split(" - ")) for _, spec, _ in ROWS]
    assert result.status is Status.ACCEPTED


def test_template_order_decides_not_the_names(tmp_path):
    """The first declared column takes the left number, whatever it is called."""
    sift = tmp_path / "t.sift"
    sift.write_text(RANGES.replace("spec_lo: decimal header", "spec_hx: decimal header")
                    .replace("spec_hi: decimal header", "spec_lo: decimal header")
                    .replace("spec_hx: decimal header", "spec_hi: decimal header"),
                    encoding="utf-8")
    pdf = _coa(tmp_path / "coa.pdf", ROWS[:2])
    result = Engine(seen_store="memory").extract(pdf, template=str(sift))
    got = [(str(r["spec_hi"].value), str(r["spec_lo"].value)) for r in result.tables["results"]]
    assert got == [("4.5", "5.5"), ("10.0", "12.0")]
