"""The same inputs gave different bytes on every run (audit.created_at, timings), so a
checksum could not tell a changed result from a re-run (data engineer journey, finding
6). ``--stable`` (batch, extract -f json/jsonl; the json exporters' ``stable`` option)
leaves them out; the lines are still results."""

from __future__ import annotations

import io
import json

from formsift.batch import run_batch
from formsift.cli import EXIT_OK, EXIT_USAGE, main
from formsift.core.engine import Engine
from formsift.core.result import ExtractionResult
from tests.plugins.chaos import write_invoices as invoices


def test_batch_stable_lines_are_the_same_bytes_on_every_run(tmp_path):
    invoices(tmp_path / "in", 2)
    runs = []
    for n in range(2):
        out = tmp_path / f"r{n}.jsonl"
        list(run_batch([tmp_path / "in"], "invoice", out, workers=1, stable=True))
        runs.append(out.read_bytes())
    assert runs[0] == runs[1]
    line = json.loads(runs[0].splitlines()[0])
    assert "created_at" not in line["audit"] and "timings_ms" not in line["audit"]
    ExtractionResult.model_validate(line)  # still a result
    plain = tmp_path / "plain.jsonl"
    list(run_batch([tmp_path / "in"], "invoice", plain, workers=1))
    assert "created_at" in json.loads(plain.read_text().splitlines()[0])["audit"]


def test_cli_batch_and_extract_stable(tmp_path, capsys):
    docs = invoices(tmp_path / "in", 1)
    outs = []
    for n in range(2):
        out = tmp_path / f"b{n}.jsonl"
        assert main(["batch", str(tmp_path / "in"), "-t", "invoice", "-o", str(out),
                     "--stable", "--no-progress", "-w", "1"]) == EXIT_OK
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    printed = []
    for _ in range(2):
        assert main(["extract", str(docs[0]), "-t", "invoice", "-f", "jsonl", "--stable",
                     "--no-progress", "--seen-store", "memory"]) == EXIT_OK
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1] and "created_at" not in printed[0]
    assert main(["extract", str(docs[0]), "-t", "invoice", "-f", "csv", "--stable",
                 "--no-progress", "--seen-store", "memory"]) == EXIT_OK  # nothing volatile
    capsys.readouterr()


def test_the_json_exporters_stable_option(tmp_path):
    doc = invoices(tmp_path / "in", 1)[0]
    engine = Engine(seen_store="memory")
    result = engine.extract(doc, "invoice")
    out = io.StringIO()
    engine.component("exporter", "json", {"stable": True}).export([result], out)
    assert "created_at" not in out.getvalue() and "timings_ms" not in out.getvalue()
    assert result.audit.created_at is not None  # the result itself is left as it is


def test_stable_with_a_format_that_has_no_such_option_is_a_usage_error(tmp_path, capsys,
                                                                      monkeypatch):
    from formsift.core.components import NoOptions
    from formsift.plugins.exporters import CsvExporter

    doc = invoices(tmp_path / "in", 1)[0]
    monkeypatch.setattr(CsvExporter, "Options", NoOptions)  # as a plugin's exporter
    assert main(["extract", str(doc), "-t", "invoice", "-f", "csv", "--stable",
                 "--no-progress", "--seen-store", "memory"]) == EXIT_USAGE
    assert "--stable applies to -f json or -f jsonl" in capsys.readouterr().err
