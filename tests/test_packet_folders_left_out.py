"""Packets of several files (code read r4 of 3ba5057 + 6b119ef): nothing a case folder
holds is read twice, read from outside the folder given, or left out unsaid.

- The same invoice in two case folders, twice in one, or also given as a file was read
  (and accepted) each time with ``batch --split --packet-folders``, where file mode gives
  a copy a ``duplicate_input`` line; ``extract_packet([f, f])`` read it twice.
- A symbolic link in a case folder leading outside the folder given was read as a page
  (the run said "not followed").
- A broken link and a pipe vanished from the packet unsaid; a ZIP archive beside the
  documents failed the whole case.
- A folder (or list) of one file gave its documents the folder's name as their source.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from formsift import Engine
from formsift.batch import run_batch
from formsift.samples import generate


def _invoice(path: Path, seed: int, kind: str = "invoice") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generate(kind, seed).pdf)
    return path


def _case(folder: Path, seed: int) -> None:
    _invoice(folder / "1_invoice.pdf", seed)
    _invoice(folder / "2_delivery_note.pdf", seed + 1, "delivery_note")


def _batch(inbox: Path, out: Path) -> dict[str, dict]:
    run = run_batch([str(inbox)], output=str(out), split=True, packet_folders=True,
                    workers=1, seen_store="memory", handle_signals=False)
    for _ in run:
        pass
    return {Path(x["source"]).name: x for x in map(json.loads, out.read_text().splitlines())}


def _invoice_totals(line: dict) -> list[str]:
    return [d["result"]["fields"]["total"]["value"]
            for d in line.get("documents", []) if d["template"] == "invoice"]


def _codes(line: dict) -> list[str]:
    return [r["code"] for r in line["reasons"]]


def test_a_copy_in_a_case_folder_or_another_case_or_given_alone_is_read_once(tmp_path):
    inbox = tmp_path / "inbox"
    _case(inbox / "caseA", 21)
    invoice = (inbox / "caseA" / "1_invoice.pdf").read_bytes()
    (inbox / "caseA" / "3_invoice_resent.pdf").write_bytes(invoice)  # sent twice
    _invoice(inbox / "caseB" / "2_delivery_note.pdf", 40, "delivery_note")
    (inbox / "caseB" / "1_invoice.pdf").write_bytes(invoice)  # filed in two cases
    (inbox / "loose.pdf").write_bytes(invoice)  # and in the inbox itself
    out = tmp_path / "out.jsonl"
    lines = _batch(inbox, out)
    read = [n for line in lines.values() for n in _invoice_totals(line)]
    assert len(read) == 1, read  # one invoice, one record: never paid twice
    for name in ("caseA", "caseB"):
        assert lines[name]["status"] == "review" and "duplicate_input" in _codes(
            lines[name]), lines[name]["reasons"]
    assert any(x.startswith("3_invoice_resent.pdf (the same file as")
               for x in lines["caseA"]["left_out"])
    assert any(x.startswith("1_invoice.pdf (the same file as")
               for x in lines["caseB"]["left_out"])
    # (the loose file comes first in the walk: it is read, the cases' copies are not)
    assert _invoice_totals(lines["loose.pdf"]) == read
    before = out.read_text()
    _batch(inbox, out)  # a rerun plans the same packets: all skipped as done
    assert out.read_text() == before


def test_a_list_naming_one_file_twice_reads_it_once_and_goes_to_review(tmp_path):
    f = _invoice(tmp_path / "1_invoice.pdf", 21)
    result = Engine().extract_packet([f, f])
    assert [d.template for d in result.documents] == ["invoice"]
    assert result.documents[0].result.source == f"{f}#pages=1"
    assert result.status.value == "review"
    assert "duplicate_input" in [r.code for r in result.reasons]
    assert result.left_out == [f"1_invoice.pdf (the same file as {f}, identical content)"]


def _outside_link(inbox: Path, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-TOKEN-42 Invoice No. 999 Total 1,000.00\n")
    os.symlink(secret, inbox / "caseA" / "3_notes.txt")


def test_a_link_out_of_the_folder_given_is_not_read_as_a_page(tmp_path):
    inbox = tmp_path / "inbox"
    _case(inbox / "caseA", 15)
    _outside_link(inbox, tmp_path)
    out = tmp_path / "out.jsonl"
    lines = _batch(inbox, out)
    assert "SECRET-TOKEN-42" not in out.read_text()
    case = lines["caseA"]
    assert case["status"] == "review" and "file_left_out" in _codes(case)
    assert any(x.startswith("3_notes.txt (a symbolic link that leads outside")
               for x in case["left_out"])
    assert len(case["documents"]) == 2
    api = Engine().extract_packet(inbox / "caseA")  # the same rule in Python
    assert api.status.value == "review" and api.left_out == case["left_out"]
    assert all("3_notes" not in d.result.source for d in api.documents)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_broken_links_pipes_and_archives_are_named_and_the_rest_is_read(tmp_path):
    inbox = tmp_path / "inbox"
    case = inbox / "caseA"
    _case(case, 31)
    os.symlink(case / "gone.pdf", case / "3_invoice.pdf")  # a broken link
    os.mkfifo(case / "4_scan.pdf")  # opening it would block
    with zipfile.ZipFile(case / "9_originals.zip", "w") as z:
        z.writestr("1_invoice.pdf", (case / "1_invoice.pdf").read_bytes())
    expected = ["3_invoice.pdf (no such file: a broken link?)",
                "4_scan.pdf (not a regular file: a pipe, a device or a socket)",
                "9_originals.zip (an archive of 1 file(s): formsift reads no archives; put "
                "its files in the folder)"]
    lines = _batch(inbox, tmp_path / "out.jsonl")
    line = lines["caseA"]
    assert line["status"] == "review" and "file_left_out" in _codes(line)
    assert line["left_out"] == expected
    assert sorted(d["template"] for d in line["documents"]) == ["delivery_note", "invoice"]
    api = Engine().extract_packet(case)
    assert api.left_out == expected and api.status.value == "review"


def test_a_file_that_cannot_be_loaded_is_left_out_not_the_case(tmp_path):
    folder = tmp_path / "case"
    _case(folder, 41)
    (folder / "3_scan.pdf").write_bytes(b"%PDF-1.4\nthis is no PDF at all\n")
    result = Engine().extract_packet(folder)
    assert sorted(d.template for d in result.documents) == ["delivery_note", "invoice"]
    assert result.status.value == "review"
    assert [x.split(" (")[0] for x in result.left_out] == ["3_scan.pdf"]


def test_a_folder_or_list_of_one_file_names_the_file(tmp_path):
    f = _invoice(tmp_path / "caseC" / "1_invoice.pdf", 51)
    for source, name in ((tmp_path / "caseC", None), ([f], "case C")):
        result = Engine().extract_packet(source, name=name)
        assert result.documents[0].result.source == f"{f}#pages=1"
        assert result.documents[0].result.audit.input_name == f"{f}#pages=1"


@pytest.mark.parametrize("first, then", [([], ["--packet-folders"]),
                                         (["--packet-folders"], [])])
def test_switching_packet_folders_with_the_same_output_is_refused(tmp_path, capsys, first,
                                                                 then):
    """Run 1 --split, then (as its summary hints) --split --packet-folders into the same
    file: the invoice got a second accepted line. The other way round likewise."""
    from formsift.cli import main

    inbox = tmp_path / "inbox"
    _case(inbox / "caseA", 61)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(inbox), "--split", "-o", str(out), "-w", "1", "--seen-store",
            "memory", "--no-progress"]
    assert main(args + first) == 0
    before = out.read_text()
    capsys.readouterr()
    assert main(args + then) == 2
    err = capsys.readouterr().err
    assert "choose another --output" in err and "Traceback" not in err
    assert out.read_text() == before


def test_a_case_folder_given_itself_gets_a_hint(tmp_path, capsys):
    from formsift.cli import main

    case = tmp_path / "case_0042"
    _case(case, 71)
    main(["batch", str(case), "--split", "--packet-folders", "-o", str(tmp_path / "o.jsonl"),
          "-w", "1", "--seen-store", "memory", "--no-progress"])
    err = capsys.readouterr().err
    assert f"folder(s) given hold several files and no folder, each file read as a packet " \
           f"of its own: {case} (2 files)" in err
    assert "give the folder above it" in err


def test_a_case_filed_twice_is_a_duplicate_input_line(tmp_path):
    inbox = tmp_path / "inbox"
    _case(inbox / "caseA", 81)
    (inbox / "caseB").mkdir()
    for f in (inbox / "caseA").iterdir():
        (inbox / "caseB" / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out.jsonl"
    lines = _batch(inbox, out)
    assert lines["caseA"]["status"] == "accepted"
    assert lines["caseB"]["status"] == "error"
    assert lines["caseB"]["error"] == "duplicate_input", lines["caseB"]
    before = out.read_text()
    _batch(inbox, out)
    assert out.read_text() == before
