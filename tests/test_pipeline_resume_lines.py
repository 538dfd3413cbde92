"""Resuming by content left an input path without a line: a new copy of a file an
earlier run had done was "skipped as already done" and never got a line, so a pipeline
reconciling its manifest of paths against the results file missed it (data engineer
journey, finding 4). A new path whose content is done gets a duplicate_input line naming
the earlier input, once; the same path run again is skipped as before."""

from __future__ import annotations

import json
from pathlib import Path

from formsift.batch import run_batch
from tests.plugins.chaos import write_invoices as invoices


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_a_new_copy_of_a_done_file_gets_a_line_pointing_at_the_earlier_one(tmp_path):
    docs = invoices(tmp_path / "in", 2)
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    renamed = tmp_path / "in" / "renamed-copy.pdf"
    renamed.write_bytes(docs[0].read_bytes())
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    assert again.todo == 1
    items = list(again)
    assert [(Path(i.path).name, i.status, i.error) for i in items] == [
        ("renamed-copy.pdf", "error", "duplicate_input")]
    assert dict(again.summary.skipped) == {"accepted": 2}
    lines = _lines(out)
    assert sorted(x["source"] for x in lines) == sorted(str(p) for p in [*docs, renamed])
    line = next(x for x in lines if x["source"] == str(renamed))
    assert str(docs[0]) in line["message"] and "earlier run" in line["message"]
    assert list(line)[:2] == ["source", "status"]
    # the next run: every path has its line, nothing to do, nothing written
    third = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    assert third.todo == 0 and list(third) == []
    assert dict(third.summary.skipped) == {"accepted": 2, "error": 1}
    assert len(_lines(out)) == 3


def test_the_same_files_given_by_another_path_are_still_done(tmp_path, monkeypatch):
    invoices(tmp_path / "in", 2)
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    monkeypatch.chdir(tmp_path)
    again = run_batch(["./in"], "invoice", out, workers=1)  # relative, not as written
    assert again.todo == 0 and list(again) == []


def test_a_changed_file_gets_a_new_line_and_the_summary_says_so(tmp_path):
    docs = invoices(tmp_path / "in", 2)
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    other = invoices(tmp_path / "other", 3)[2]
    docs[0].write_bytes(other.read_bytes())  # the same name, new content
    again = run_batch([tmp_path / "in"], "invoice", out, workers=1)
    assert [Path(i.path).name for i in again] == [docs[0].name]
    assert again.summary.changed == 1 and again.summary.as_dict()["changed"] == 1
    assert "1 file changed since an earlier run wrote a line for it" in again.summary.table()
    sources = [x["source"] for x in _lines(out)]
    assert sources.count(str(docs[0])) == 2  # the last one is current
