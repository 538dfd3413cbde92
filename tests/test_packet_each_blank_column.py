"""An ``each`` rule of a packet that lacks a value of a document the packet holds: a
packing list whose optional Qty column is printed blank on every line. Only a document
the packet does not hold (an absent optional role) lets such a rule go unevaluated
silently (00209d7); a present document's blank column is a reason, as a plain rule over
it fails."""

from __future__ import annotations

import pymupdf

from formsift import Engine
from tests.test_packet_customs_entry import LINES, PACKET, TEMPLATES

PL_QTY_OPTIONAL = TEMPLATES.replace(
    '  table items {\n    description: text header "Description"\n    qty: int header "Qty"\n'
    '    until "Total cartons"',
    '  table items {\n    description: text header "Description"\n'
    '    cartons: int header "Cartons"\n    qty: int? header "Qty"\n    until "Total cartons"')


def _packet(pl_qty: str) -> bytes:
    doc = pymupdf.open()
    for head, header, rows, foot in (
            (["COMMERCIAL INVOICE", "Invoice No.  SBE-26-5179"], ("Description", "Origin", "Qty"),
             [(d, "CN", str(q)) for d, q in LINES], "Subtotal  1234.00"),
            (["PACKING LIST", "Invoice No.  SBE-26-5179"], ("Description", "Cartons", "Qty"),
             [(d, "4", pl_qty) for d, _ in LINES], "Total cartons  12")):
        page = doc.new_page(width=595, height=842)
        y = 60
        for line in head:
            page.insert_text((50, y), line, fontsize=11)
            y += 18
        for row in [header, *rows]:
            y += 18
            for x, text in zip((50, 250, 350), row, strict=True):
                page.insert_text((x, y), text, fontsize=10)
        page.insert_text((50, y + 30), foot, fontsize=11)
    return doc.tobytes()


def test_a_present_documents_blank_column_holds_the_packet_back(registry, tmp_path):
    assert PL_QTY_OPTIONAL != TEMPLATES
    path = tmp_path / "customs.sift"
    # PACKET's line_qty: each inv.items: qty == lookup(description, pl.items.description,
    # pl.items.qty)
    path.write_text(PL_QTY_OPTIONAL + PACKET.replace("RULES", ""))
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    blank = engine.extract_packet(_packet(""), name="p.pdf")
    rule = next(r for r in blank.rules if r.name == "line_qty")
    assert rule.passed is None
    assert blank.status.value == "review"
    assert any(r.code == "rule_not_evaluated" and "line_qty" in r.message
               for r in blank.reasons)
    printed = engine.extract_packet(_packet("7"), name="q.pdf")  # wrong quantities: fails
    assert next(r for r in printed.rules if r.name == "line_qty").passed is False
