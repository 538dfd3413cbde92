"""`formsift explain` says, for each table, the header line found, the line that ended
it and why (its until label, a wide gap, a line that is no row), and the lines left out
of its rows with the reason: it said only "table items: 3 row(s)", so a user could not
tell that rows were lost, nor which line ended the table (pricelist journey, finding 7;
coa journey, finding 9)."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.templates.explain import explain
from tests.test_table_text_row_under_numbers import COA, _coa


def _explained(tmp_path, rows, tail="", template=COA) -> str:
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    pdf = _coa(tmp_path / "coa.pdf", rows, tail)
    return explain(Engine(seen_store="memory"), pdf, str(sift))


def _table_part(text: str) -> list[str]:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("table results"))
    return lines[at:]


def test_explain_names_the_header_line_and_the_line_that_ended_the_table(tmp_path):
    out = _table_part(_explained(tmp_path, [("pH", "4.5 - 5.5", "5.1"),
                                            ("Appearance", "Conforms", "Conforms")],
                                 tail="We certify that the lot conforms to specification."))
    assert out[0] == "table results: 2 row(s)"
    assert "page 1: header line 'Test Specification Result'" in out[1]
    assert "ended at 'We certify that the lot conforms to specification.'" in out[2]
    assert "a line that is no row" in out[2] and "sentence or a note" in out[2]


def test_explain_names_the_until_label_and_a_heading_left_out(tmp_path):
    template = COA.replace("result: text? header \"Result\"",
                           "result: text? header \"Result\"\n    until \"Approved by\"")
    out = _table_part(_explained(tmp_path, [("pH", "4.5 - 5.5", "5.1"),
                                            ("Microbiology", "", ""),
                                            ("Brix", "10.0 - 12.0", "11.2")],
                                 tail="Approved by: QA", template=template))
    assert out[0] == "table results: 2 row(s)"
    assert any("left out 'Microbiology'" in line or "passed over 'Microbiology'" in line
               for line in out)
    assert any("ended at 'Approved by: QA': its until label" in line for line in out)
