"""`formsift batch --templates DIR` reads subfolders as extract does, and a packet split
labels a page with a fallback template only where no other template fits (the two ends
the templib fixer left for files it did not own)."""

from __future__ import annotations

import json

from formsift.cli import main
from tests.test_fallback_template import invoice, library


def test_batch_reads_a_library_with_subfolders(tmp_path, make_pdf):
    (lib,) = library(tmp_path)
    sub = lib / "suppliers"
    sub.mkdir()
    for name in ("alpha", "beta"):
        (lib / f"{name}.sift").rename(sub / f"{name}.sift")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(invoice(make_pdf, "Alpha Papier GmbH", "A-1"))
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(inbox), "--templates", str(lib), "-o", str(out), "-w", "1",
                 "--seen-store", "memory"])
    assert code == 0
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["template"] == "alpha" and line["status"] == "accepted"


def test_a_split_labels_pages_with_a_suppliers_template_before_a_fallback(tmp_path, make_pdf):
    import pymupdf

    from formsift import Engine

    packet = pymupdf.open()
    for data in (invoice(make_pdf, "Alpha Papier GmbH", "A-1"),
                 invoice(make_pdf, "Beta Papier GmbH", "B-7")):
        packet.insert_pdf(pymupdf.open(stream=data, filetype="pdf"))
    path = tmp_path / "packet.pdf"
    path.write_bytes(packet.tobytes())
    (lib,) = library(tmp_path, extra="")
    # the fallback loaded first: a tie on scores alone would give it every page
    (lib / "generic.sift").rename(lib / "00_generic.sift")
    engine = Engine(templates=[lib], seen_store="memory")
    result = engine.extract_packet(path)
    assert [d.template for d in result.documents] == ["alpha", "beta"]
