"""An ``each`` rule of a packet that lacks a value of a document the packet holds: a
packing list whose optional Qty column is printed blank on every line. Only a document
the packet does not hold (an absent optional role) lets such a rule go unevaluated
silently (00209d7); a present document's blank column is a reason, as a plain rule over
it fails."""

from __future__ import annotations

from formsift import Engine
from tests.test_packet_customs_entry import LINES, PACKET, TEMPLATES, entry_pdf

PL_QTY_OPTIONAL = TEMPLATES.replace(
    '  table items {\n    description: text header "Description"\n    qty: int header "Qty"\n'
    '    until "Total cartons"',
    '  table items {\n    description: text header "Description"\n'
    '    cartons: int header "Cartons"\n    qty: int? header "Qty"\n    until "Total cartons"')


def _packet(pl_qty: str) -> bytes:
    return entry_pdf(coo=None, cartons=True, packed={d: pl_qty for d, _ in LINES})


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
