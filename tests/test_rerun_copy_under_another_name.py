"""``--rerun`` exempts a file from its own earlier extraction only (code read r8 of
ff96431): the store knows a document by its content hash, so a byte-identical copy under
another name (the same receipt in alice's and in bob's claim) passed as new under
``--rerun``. The store now keeps each document's source (the path or name it was given
as); ``--rerun`` exempts a document only when the store first read it from the same
source, and never when it was already read in this run."""

from __future__ import annotations

import json
import sqlite3

import pytest

from formsift import Engine
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
BODY = "RECEIPT\nMerchant: Cafe Nord\nDate: 2026-02-10\nTotal 34.00\n"


@pytest.fixture()
def claims(tmp_path):
    (tmp_path / "slip.sift").write_text(TEMPLATE, encoding="utf-8")
    files = []
    for folder, name in (("claimA", "alice_r01.txt"), ("claimB", "bob_r07.txt")):
        (tmp_path / folder).mkdir()
        files.append(tmp_path / folder / name)
        files[-1].write_text(BODY, encoding="utf-8")
    return tmp_path, files


def _run(command, tmp_path, inputs, out, *extra):
    more = ["--workers", "1"] if command == "batch" else ["-f", "jsonl"]
    code = main([command, *map(str, inputs), "-t", str(tmp_path / "slip.sift"),
                 "--seen-store", str(tmp_path / "seen.sqlite3"), "--no-progress", *more,
                 *extra, "-o", str(out)])
    assert code in (0, 7)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    return [(r["source"].rsplit("/", 1)[-1], sorted(x["code"] for x in r["reasons"]))
            for r in lines]


def test_a_copy_in_the_same_rerun_is_still_a_duplicate(claims):
    tmp_path, files = claims
    assert _run("extract", tmp_path, files, tmp_path / "1.jsonl", "--rerun") == [
        ("alice_r01.txt", []), ("bob_r07.txt", ["duplicate_document"])]


@pytest.mark.parametrize("command", ["extract", "batch"])
def test_a_later_rerun_exempts_the_same_file_but_not_its_copy(claims, command):
    tmp_path, (alice, bob) = claims
    assert _run(command, tmp_path, [alice], tmp_path / "1.jsonl") == [("alice_r01.txt", [])]
    assert _run(command, tmp_path, [bob], tmp_path / "2.jsonl", "--rerun") == [
        ("bob_r07.txt", ["duplicate_document"])]
    # the original, run again on purpose after its copy came in, is still no duplicate
    assert _run(command, tmp_path, [alice], tmp_path / "3.jsonl", "--rerun") == [
        ("alice_r01.txt", [])]


def test_the_python_api_compares_the_name_passed(tmp_path):
    (tmp_path / "slip.sift").write_text(TEMPLATE, encoding="utf-8")
    store = tmp_path / "seen.sqlite3"

    def codes(name, **options):
        engine = Engine([tmp_path / "slip.sift"], seen_store=store, **options)
        result = engine.extract(BODY.encode(), name=name)
        return sorted(r.code for r in result.reasons)

    assert codes("alice.txt") == []
    assert codes("alice.txt", rerun=True) == []
    assert codes("bob.txt", rerun=True) == ["duplicate_document"]
    # one engine reading the same file twice: the second reading is a copy
    engine = Engine([tmp_path / "slip.sift"], seen_store=store, rerun=True)
    assert [sorted(r.code for r in engine.extract(BODY.encode(), name="alice.txt").reasons)
            for _ in range(2)] == [[], ["duplicate_document"]]


def test_a_store_written_before_sources_were_kept_opens(tmp_path):
    (tmp_path / "slip.sift").write_text(TEMPLATE, encoding="utf-8")
    store = tmp_path / "old.sqlite3"
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE seen (namespace TEXT NOT NULL, value TEXT NOT NULL, "
                     "document_id TEXT NOT NULL, seen_at TEXT, "
                     "PRIMARY KEY (namespace, value, document_id))")
        conn.execute("INSERT INTO seen VALUES ('shared:expenses', 'x', 'old-doc', NULL)")
    engine = Engine([tmp_path / "slip.sift"], seen_store=store, rerun=True)
    assert engine.extract(BODY.encode(), name="a.txt").status.value == "accepted"
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT source FROM sources").fetchall() == [("a.txt",)]
        assert conn.execute("SELECT count(*) FROM seen").fetchone()[0] == 2
