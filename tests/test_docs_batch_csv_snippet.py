"""The CSV export docs/batch.md shows for a batch's lines writes each input once, with its
current line (order-desk journey JS of stop 43: a PO file replaced under the same name got a
second line, as docs/batch.md's Resuming says, and the snippet, which read every line,
exported the old, accepted PO beside the new one: an ERP load of the accepted rows booked an
order the file no longer holds)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _snippet() -> str:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    after = text[text.index("A batch writes JSON Lines only"):]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)


def test_the_batch_csv_snippet_keeps_each_sources_last_line(tmp_path, monkeypatch):
    from formsift import Engine

    engine = Engine(seen_store="memory")
    old = engine.extract(ROOT / "examples/documents/invoice.pdf", template="invoice")
    new = engine.extract(ROOT / "examples/documents/receipt.pdf", template="invoice")
    lines = []
    for result in (old, new):  # the same path, its content changed between two runs
        lines.append(result.model_copy(update={"source": "inbox/scan.pdf"}).model_dump_json())
    (tmp_path / "results.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(_snippet(), "docs/batch.md", "exec"), {})
    with open(tmp_path / "results.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["source"] for r in rows] == ["inbox/scan.pdf"]
    assert rows[0]["status"] == new.status
