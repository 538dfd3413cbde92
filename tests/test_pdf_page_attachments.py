"""The PDF loader lists files attached to a page as annotations in that page's notes
(``attached_files``, not read; e-invoice journey, finding 6: a Factur-X XML attached so
was ignored without a word). The PDF is written here."""

from __future__ import annotations

import pymupdf

from formsift import Engine
from tests.test_einvoice import CII, TEMPLATE


def test_an_xml_attached_to_a_page_is_noted() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 100), "Facture FA-2026-0784", fontsize=14)
    page.insert_text((60, 160), "Total TTC 2 249,40 EUR", fontsize=11)
    page.add_file_annot(pymupdf.Point(500, 800), CII.encode(), "factur-x.xml")
    r = Engine(seen_store="memory").extract(doc.tobytes(), template=TEMPLATE.replace(
        "einvoice", "einvoice?"), name="annot.pdf")
    note = r.page_info[0].notes["attached_files"]
    assert note["read"] is False and note["files"][0]["known_as"] == "Factur-X"
    assert "embedded_files" not in r.page_info[0].notes
