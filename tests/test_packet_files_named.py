"""A packet that arrives as a folder of files (three-way-match journey, task F2): each
document names the file(s) and pages it came from, in the JSON, the CSV and the Python
object (the ERP links the invoice file; the source said only ``case#pages=3``);
``Engine.extract_packet`` takes a folder or a list of files; ``formsift batch DIR --split
--packet-folders`` reads each folder of DIR as one packet (each file was a packet of its
own, every one lacking the others' documents); nothing in a folder is left out unsaid."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from formsift import Engine
from formsift.cli import main
from formsift.core.errors import FormsiftError
from formsift.samples import packet


def _pages(data: bytes, numbers: list[int]) -> bytes:
    """The 1-based pages ``numbers`` of the PDF ``data`` as a PDF of their own."""
    import pymupdf

    src = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    for n in numbers:
        out.insert_pdf(src, from_page=n - 1, to_page=n - 1)
    return out.tobytes()


def _case(folder: Path, seed: int = 2, split_form: bool = False) -> dict[str, list[int]]:
    """A KYC case as a folder of files, a document a file (the two-page form as two files
    with ``split_form``); file name -> the packet pages it holds."""
    data, layout = packet(["kyc_form", "id_card", "proof_of_address"], seed)
    folder.mkdir(parents=True)
    files = {}
    for n, (kind, pages) in enumerate(layout, 1):
        parts = [[p] for p in pages] if split_form and kind == "kyc_form" else [pages]
        for k, part in enumerate(parts):
            name = f"{n}{'abc'[k] if len(parts) > 1 else ''}_{kind}.pdf"
            (folder / name).write_bytes(_pages(data, part))
            files[name] = part
    return files


def _by_template(documents: list) -> dict:
    return {(d["template"] if isinstance(d, dict) else d.template): d for d in documents}


def test_each_document_of_a_folder_names_its_file_in_the_json(tmp_path, capsys):
    folder = tmp_path / "cases" / "c02"
    _case(folder)
    assert main(["extract", "--split", "--no-progress", "-f", "json", str(folder)]) == 0
    out = json.loads(capsys.readouterr().out)
    docs = _by_template(out["documents"])
    card = docs["id_card"]
    assert card["pages"] == [3]  # the packet's pages count across the files
    assert card["files"] == [{"file": str(folder / "2_id_card.pdf"), "pages": [1]}]
    assert card["result"]["source"] == f"{folder / '2_id_card.pdf'}#pages=1"
    assert docs["kyc_form"]["files"] == [{"file": str(folder / "1_kyc_form.pdf"),
                                          "pages": [1, 2]}]
    assert [f["file"] for f in out["files"]] == [
        str(folder / n) for n in ("1_kyc_form.pdf", "2_id_card.pdf",
                                  "3_proof_of_address.pdf")]
    assert [f["pages"] for f in out["files"]] == [[1, 2], [3], [4]]


def test_the_csv_source_column_names_the_file(tmp_path, capsys):
    folder = tmp_path / "c04"
    _case(folder, seed=3)
    assert main(["extract", "--split", "--no-progress", "-f", "csv", str(folder)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_template = {r["template"]: r["source"] for r in rows}
    assert by_template["proof_of_address"] == \
        f"{folder / '3_proof_of_address.pdf'}#pages=1"
    assert by_template["kyc_form"] == f"{folder / '1_kyc_form.pdf'}#pages=1,2"


def test_a_document_over_two_files_names_both(tmp_path):
    folder = tmp_path / "upload"
    _case(folder, split_form=True)
    result = Engine().extract_packet(folder)
    form = result.document("kyc_form")
    assert form is not None and form.pages == [1, 2]
    assert [(f.file, f.pages) for f in form.files] == [
        (str(folder / "1a_kyc_form.pdf"), [1]), (str(folder / "1b_kyc_form.pdf"), [1])]
    assert form.result.source == (f"{folder / '1a_kyc_form.pdf'}#pages=1; "
                                  f"{folder / '1b_kyc_form.pdf'}#pages=1")
    assert form.result.audit.input_name == form.result.source


def test_the_python_api_takes_a_folder_or_a_list_of_files(tmp_path):
    folder = tmp_path / "case"
    files = _case(folder, seed=4)
    engine = Engine()
    whole = engine.extract_packet(str(folder))
    assert whole.packet == "kyc" and whole.status.value == "accepted", whole.reasons
    assert whole.source == str(folder)
    # a list: the files in the order given, named as given
    order = sorted(files, reverse=True)
    listed = engine.extract_packet([folder / n for n in order])
    assert [f.file for f in listed.files] == [str(folder / n) for n in order]
    card = listed.document("id_card")
    assert card is not None and card.files[0].file == str(folder / "2_id_card.pdf")
    assert card.pages == [2]  # the second file given
    assert listed.status == whole.status


def test_a_packet_of_one_file_names_it_and_keeps_its_source(tmp_path):
    data, _ = packet(["invoice", "receipt"], 5)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = Engine().extract_packet(path)
    receipt = result.document("receipt")
    assert receipt is not None
    assert [(f.file, f.pages) for f in receipt.files] == [(str(path), [2])]
    assert receipt.result.source == f"{path}#pages=2"
    assert [(f.file, f.pages) for f in result.files] == [(str(path), [1, 2])]


def test_a_subfolder_of_a_packet_folder_is_named_as_left_out(tmp_path, capsys):
    folder = tmp_path / "c06"
    _case(folder, seed=2)
    (folder / "later").mkdir()
    (folder / "later" / "extra.pdf").write_bytes(_pages(packet(["invoice"], 1)[0], [1]))
    assert main(["extract", "--split", "--no-progress", "-f", "json", str(folder)]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["left_out"] == ["later/ (a folder: its files are not pages of this "
                               "packet)"]
    assert "left out later/" in captured.err
    assert Engine().extract_packet(folder).left_out == out["left_out"]


def test_wrong_lists_are_clear_errors(tmp_path):
    engine = Engine()
    with pytest.raises(FormsiftError, match="no files given"):
        engine.extract_packet([])
    (tmp_path / "sub").mkdir()
    with pytest.raises(FormsiftError, match="is a folder"):
        engine.extract_packet([tmp_path / "sub"])


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    _case(inbox / "2026-03" / "case1", seed=2)  # a case's folder, under a date's
    data, _ = packet(["kyc_form", "id_card", "proof_of_address"], 3)
    (inbox / "loose.pdf").write_bytes(data)  # a whole packet in one file
    return inbox


def test_batch_packet_folders_reads_each_folder_as_one_packet(tmp_path, capsys):
    inbox = _inbox(tmp_path)
    out = tmp_path / "packets.jsonl"
    args = ["batch", str(inbox), "--split", "--packet-folders", "-o", str(out), "-w", "1",
            "--seen-store", "memory", "--no-progress"]
    assert main(args) == 0
    lines = {Path(x["source"]).name: x for x in map(json.loads, out.read_text().splitlines())}
    assert sorted(lines) == ["case1", "loose.pdf"]
    case = lines["case1"]
    assert case["status"] == "accepted" and case["packet"] == "kyc", case["reasons"]
    card = _by_template(case["documents"])["id_card"]
    assert card["result"]["source"] == \
        f"{inbox / '2026-03' / 'case1' / '2_id_card.pdf'}#pages=1"
    assert lines["loose.pdf"]["status"] == "accepted"
    capsys.readouterr()
    assert main(args) == 0  # resumed: the folder's content id is its packet's
    assert "2 skipped as already done" in capsys.readouterr().err


def test_batch_split_names_folders_whose_files_it_reads_one_by_one(tmp_path, capsys):
    inbox = _inbox(tmp_path)
    out = tmp_path / "packets.jsonl"
    assert main(["batch", str(inbox), "--split", "-o", str(out), "-w", "1",
                 "--seen-store", "memory", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert len(out.read_text().splitlines()) == 4  # as documented: a packet a file
    assert "1 folder(s) hold several files, each read as a packet of its own" in err
    assert f"{inbox / '2026-03' / 'case1'} (3 files)" in err and "--packet-folders" in err


@pytest.mark.parametrize("extra, message", [
    ([], "goes with --split"),
    (["--split", "--glob", "*.pdf"], "leave out --glob"),
])
def test_batch_packet_folders_usage(tmp_path, capsys, extra, message):
    inbox = _inbox(tmp_path)
    assert main(["batch", str(inbox), "--packet-folders", *extra, "-o",
                 str(tmp_path / "o.jsonl"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_page_no_document_claims_names_its_file(tmp_path):
    """A folder case with a file no template claims (a cover letter): the packet's
    reason said 'page(s) 5 match no template', a page number of the files put together;
    it names the file now, and every page says its file."""
    from tests.test_packets import combine

    folder = tmp_path / "case"
    _case(folder)
    letter, _ = combine([("letter", 5)])
    (folder / "4_cover.pdf").write_bytes(letter)
    result = Engine().extract_packet(folder)
    assert result.unassigned_pages == [5]
    reason = next(r for r in result.reasons if r.code == "unassigned_pages")
    assert f"page 5: {folder / '4_cover.pdf'}#pages=1" in reason.message
    page = result.page_classification[4]
    assert (page.file, page.file_page) == (str(folder / "4_cover.pdf"), 1)
    assert result.page_classification[1].file_page == 2  # the form's second page
