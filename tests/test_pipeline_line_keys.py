"""Lines of one results file read alike: error lines started with source and status,
result lines with document_id (data engineer journey, finding 7). Every written result
(batch lines, extract -f json/jsonl, a packet) now starts with source, status."""

from __future__ import annotations

import io
import json

from formsift.batch import run_batch
from formsift.cli import EXIT_INPUT, main
from formsift.core.engine import Engine
from formsift.core.result import ExtractionResult
from tests.plugins.chaos import write_invoices as invoices


def test_batch_lines_all_start_with_source_and_status(tmp_path):
    invoices(tmp_path / "in", 1)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "r.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", out, workers=1))
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(x["status"] for x in lines) == ["accepted", "error"]
    assert all(list(x)[:2] == ["source", "status"] for x in lines)
    result = next(x for x in lines if x["status"] != "error")
    # the same result, whatever the key order, and the same line engine.export writes
    parsed = ExtractionResult.model_validate(result)
    again = io.StringIO()
    Engine(seen_store="memory").export([parsed], again, "jsonl")
    assert json.loads(again.getvalue()) == result
    assert list(json.loads(again.getvalue())) == list(result)


def test_extract_json_lines_start_with_source_and_status(tmp_path, capsys):
    doc = invoices(tmp_path / "in", 1)[0]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    assert main(["extract", str(doc), str(bad), "-t", "invoice", "-f", "jsonl",
                 "--no-progress", "--seen-store", "memory"]) == EXIT_INPUT
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [list(x)[:2] for x in lines] == [["source", "status"]] * 2
