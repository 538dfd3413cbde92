"""``formsift extract --record`` names a row left out as struck through (pay-application
journey): the row is named in the full result's ``page_info[n].notes.struck_rows``, but a
plain record has no page notes and the record goes to no review for it, so the row was
gone without a word. One stderr line per struck row under ``--record``; none for the
full results (-f json), which carry the notes themselves. Pages drawn here."""

from __future__ import annotations

import json
from typing import Any

from formsift.cli import main
from tests.test_struck_rows_rules import TEMPLATE, sheet


def _run(tmp_path: Any, capsys: Any, *options: str) -> tuple[str, str]:
    (tmp_path / "t.sift").write_text(TEMPLATE)
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(sheet("helv", 10, rule=2.3 - 0.85, first=2.3, struck=(1, 0.33)))
    main(["extract", str(pdf), "-t", str(tmp_path / "t.sift"), "--no-progress",
          *options])
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_record_names_the_struck_row_on_stderr(tmp_path, capsys):
    out, err = _run(tmp_path, capsys, "--record", "--with-status")
    item = json.loads(out)
    assert [r["item"] for r in item["record"]["rows"]] == ["001", "003"]
    lines = [ln for ln in err.splitlines() if "struck through" in ln]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"formsift: {tmp_path / 's.pdf'}: p1: rows: row '002")
    assert lines[0].endswith("is struck through: left out of the rows")


def test_full_results_carry_the_note_and_say_nothing_more(tmp_path, capsys):
    out, err = _run(tmp_path, capsys, "-f", "json")
    result = json.loads(out)
    assert result["page_info"][0]["notes"]["struck_rows"]["rows"][0].startswith("002")
    assert "struck through" not in err


def test_split_record_names_the_struck_row_of_each_document(tmp_path, capsys):
    """``extract --split --record`` prints each document's record, with no page notes
    either: the row left out is named on stderr with the document's pages."""
    (tmp_path / "t.sift").write_text(TEMPLATE)
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(sheet("helv", 10, rule=2.3 - 0.85, first=2.3, struck=(1, 0.33)))
    main(["extract", "--split", str(pdf), "--templates", str(tmp_path / "t.sift"),
          "--no-progress", "--record"])
    captured = capsys.readouterr()
    packet = json.loads(captured.out)
    rows = packet["documents"][0]["record"]["rows"]
    assert [r["item"] for r in rows] == ["001", "003"]
    lines = [ln for ln in captured.err.splitlines() if "struck through" in ln]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"formsift: {pdf}#pages=1: p1: rows: row '002")
