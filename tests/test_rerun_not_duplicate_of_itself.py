"""Running the same receipts again on purpose (travel-expense journey JX, finding 1): with
the default SQLite store, a second ``formsift batch`` of the trip flagged every receipt
``duplicate_document`` (its own values, recorded by the first run). That stays the default
(a file sent again on a later night is a copy sent again), but ``--rerun`` says the run is
deliberate: no file is a duplicate of its own earlier extraction, while another file with
the same values (a second scan of a receipt) is still caught, on both runs."""

from __future__ import annotations

import json

import pytest

from formsift.cli import main

TEMPLATE = '''template slip {
  duplicates "expenses"
  match { contains "RECEIPT" }
  field merchant: text = right of "Merchant:"
  field date: date = right of "Date:"
  field total: money = right of "Total"
  rule first_time: not seen_before(merchant, date, total)
}
'''


@pytest.fixture()
def trip(tmp_path):
    (tmp_path / "slip.sift").write_text(TEMPLATE, encoding="utf-8")
    docs = tmp_path / "trip"
    docs.mkdir()
    for name, merchant, total, extra in (("r01", "Cafe Nord", "34.00", ""),
                                         ("r02", "Bistro Sud", "33.00", ""),
                                         ("r02b", "Bistro Sud", "33.00", "(scan 2)\n")):
        (docs / f"{name}.txt").write_text(
            f"RECEIPT\n{extra}Merchant: {merchant}\nDate: 2026-02-10\nTotal {total}\n",
            encoding="utf-8")
    return tmp_path, docs


def _run(command, tmp_path, docs, out, *extra):
    inputs = [str(docs)] if command == "batch" else sorted(map(str, docs.iterdir()))
    more = ["--workers", "1"] if command == "batch" else ["-f", "jsonl"]
    code = main([command, *inputs, "-t", str(tmp_path / "slip.sift"), "--seen-store",
                 str(tmp_path / "seen.sqlite3"), "--no-progress", *more, *extra,
                 "-o", str(out)])
    assert code in (0, 7)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    return {r["source"].rsplit("/", 1)[-1]: sorted(x["code"] for x in r["reasons"])
            for r in lines}


@pytest.mark.parametrize("command", ["batch", "extract"])
def test_a_rerun_is_no_duplicate_of_itself_but_a_second_scan_still_is(trip, command):
    tmp_path, docs = trip
    caught = {"r01.txt": [], "r02.txt": [], "r02b.txt": ["rule_failed"]}
    assert _run(command, tmp_path, docs, tmp_path / "1.jsonl") == caught
    again = _run(command, tmp_path, docs, tmp_path / "2.jsonl", "--rerun")
    assert again == caught  # r02b still a copy of r02; no file a copy of itself
    # without --rerun the same files are copies sent again, as before
    resent = _run(command, tmp_path, docs, tmp_path / "3.jsonl")
    assert resent == {"r01.txt": ["duplicate_document"], "r02.txt": ["duplicate_document"],
                      "r02b.txt": ["rule_failed"]}
