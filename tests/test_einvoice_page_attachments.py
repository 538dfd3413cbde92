"""A file attached to a PDF page as an annotation (e-invoice journey, finding 6): a
Factur-X XML attached so was ignored without a word, and the record was accepted from
the print alone. Such files are listed in the page's notes (``attached_files``, not
read). The PDFs are written here."""

from __future__ import annotations

import pymupdf

from formsift.core.document import Page
from formsift.plugins.einvoice.attachments import note_page_attachments
from tests.test_einvoice import CII


def _pdf(attach_on: tuple[int, ...]) -> pymupdf.Document:
    doc = pymupdf.open()
    for i in range(2):
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 100), f"Facture FA-2026-0784 page {i + 1}", fontsize=14)
        if i in attach_on:
            page.add_file_annot(pymupdf.Point(500, 800), CII.encode(), "factur-x.xml")
    return pymupdf.open("pdf", doc.tobytes())


def _pages(doc: pymupdf.Document) -> list[Page]:
    return [Page(index=i, width=595, height=842) for i in range(len(doc))]


def test_a_file_attached_to_a_page_is_noted() -> None:
    doc = _pdf((1,))
    pages = _pages(doc)
    note_page_attachments(doc, pages)
    assert "attached_files" not in pages[0].notes
    note = pages[1].notes["attached_files"]
    assert note["count"] == 1 and note["read"] is False and "not read" in note["why"]
    assert note["files"] == [{"name": "factur-x.xml", "size": len(CII.encode()),
                              "known_as": "Factur-X"}]


def test_no_attachment_no_note() -> None:
    doc = _pdf(())
    pages = _pages(doc)
    note_page_attachments(doc, pages)
    assert all("attached_files" not in p.notes for p in pages)
