"""Golden tests (controlled-drug register journey, finding 4): an expected "8" (a number
written as a JSON string) failed against the 8 an ``int`` field reads (`bf[0]: got 8,
expected "8"`), though decimals compare as numbers; and a stray ``test_output.txt`` (a
run's output saved in the folder) was listed as a document to write a test for."""

from __future__ import annotations

import json

from formsift.core.engine import Engine
from formsift.templates.golden import diff, run_golden

TEMPLATE = 'template stock {\n  field count: int = right of "Count:"\n}\n'


def test_a_whole_number_string_matches_an_int_read():
    assert diff({"bf": ["8"], "n": "12"}, {"bf": [8], "n": 12}) == []
    # still compared as numbers only: "08" is no way to write 8, and a text read stays text
    assert diff({"bf": ["08"]}, {"bf": [8]}) != []
    assert diff({"id": "007"}, {"id": "7"}) != []


def test_a_stray_text_file_is_said_once_not_as_a_document(tmp_path):
    (tmp_path / "stock.sift").write_text(TEMPLATE)
    (tmp_path / "sheet.txt").write_text("Count: 8\n")
    (tmp_path / "sheet.json").write_text(json.dumps({"count": "8"}))
    (tmp_path / "test_output.txt").write_text("PASS sheet.txt\n1 passed, 0 failed\n")
    (tmp_path / "notes.txt").write_text("to do\n")
    report = run_golden(Engine(), [tmp_path])
    lines = report.lines()
    assert [c.ok for c in report.cases] == [True]
    assert not any(line.startswith("SKIP") for line in lines)
    said = [line for line in lines if "test_output.txt" in line]
    assert len(said) == 1 and "notes.txt" in said[0] and "2 text file(s)" in said[0]
    assert lines[-1] == "1 passed, 0 failed"
