"""A folder of files is one packet with ``formsift extract --split DIR`` (mortgage
journey, finding 8): an applicant's phone photos, a page each, could not be split as one
packet: ``extract --split photos/`` said "is a directory", and ``extract --split
photos/*.jpg`` made a packet of each photo, each lacking the others' documents."""

from __future__ import annotations

import json

from formsift.cli import main
from formsift.samples import packet


def _pages(data: bytes) -> list[bytes]:
    import pymupdf

    src = pymupdf.open(stream=data, filetype="pdf")
    out = []
    for n in range(src.page_count):
        one = pymupdf.open()
        one.insert_pdf(src, from_page=n, to_page=n)
        out.append(one.tobytes())
    return out


def _blank_png() -> bytes:
    import cv2
    import numpy as np

    ok, png = cv2.imencode(".png", np.full((1100, 850), 255, np.uint8))
    assert ok
    return png.tobytes()


def test_a_folder_is_one_packet_in_name_order(tmp_path, capsys):
    data, layout = packet(["kyc_form", "id_card", "proof_of_address"], 2)
    folder = tmp_path / "upload"
    folder.mkdir()
    pages = _pages(data)
    # scan1 .. scan3, then scan10: numbers in names count as numbers
    names = [f"scan{n}.pdf" for n in (1, 2, 3, 10)][: len(pages)]
    for name, page in zip(names, pages, strict=True):
        (folder / name).write_bytes(page)
    (folder / "scan11.png").write_bytes(_blank_png())  # the back of the last sheet
    (folder / ".DS_Store").write_bytes(b"\0\1")
    assert main(["extract", "--split", "--record", "--no-progress", str(folder)]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["packet"] == "kyc" and out["status"] == "accepted", out
    assert sorted(sorted(d["pages"]) for d in out["documents"]) == sorted(
        sorted(p) for _, p in layout)
    assert "one packet of 5 file(s), in name order" in captured.err
    assert f"{len(pages)} {names[-1]}, {len(pages) + 1} scan11.png" in captured.err


def test_an_empty_folder_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["extract", "--split", "--no-progress", str(tmp_path / "empty")]) == 3
    assert "holds no files" in capsys.readouterr().err


def test_files_no_loader_reads_are_left_out_and_named(tmp_path, capsys):
    """A Windows thumbnail cache made the whole folder's packet an error (exit 3) (the
    code read of 9d96576): a file no loader reads is left out, as a batch walk leaves it,
    and stderr names it. (A text file is a document formsift reads: it stays a page, and
    the stderr line names its page.)"""
    data, layout = packet(["kyc_form", "id_card"], 3)
    folder = tmp_path / "upload"
    folder.mkdir()
    for n, page in enumerate(_pages(data), 1):
        (folder / f"scan{n}.pdf").write_bytes(page)
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    assert main(["extract", "--split", "--record", "--no-progress", str(folder)]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert sorted(sorted(d["pages"]) for d in out["documents"]) == sorted(
        sorted(p) for _, p in layout)
    assert "left out" in captured.err and "Thumbs.db" in captured.err
    assert "one packet of 3 file(s)" in captured.err


def test_a_folder_of_nothing_readable_says_what_it_left_out(tmp_path, capsys):
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "Thumbs.db").write_bytes(bytes(64))
    assert main(["extract", "--split", "--no-progress", str(folder)]) == 3
    assert "left out: Thumbs.db" in capsys.readouterr().err
