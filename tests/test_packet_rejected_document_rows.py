"""One rejected document of a packet made its good documents' CSV rows read rejected
(stop 35 gave a document row its packet's status when worse, and a packet's status is
its worst document's): a loader returned or discarded an invoice and a packing list
nothing rejected. Such rows now read review (not booked, not rejected), and a packet
rejected as a whole, by its own ``reject when``, still rejects every row; ``packet_status``
stays the packet's (stop 35's loose ends, issue 5)."""

from __future__ import annotations

import csv
import io

from formsift import Engine
from formsift.core.result import Status
from tests.test_packet_customs_entry import PACKET, TEMPLATES, entry_pdf

#: The certificate of origin rejects itself for an embargoed origin.
REJECTING_ORIGIN = TEMPLATES.replace(
    'field invoice_ref: id = right of "Invoice Reference:"',
    'field invoice_ref: id = right of "Invoice Reference:"\n'
    '  reject when origin == "KP" message "embargoed origin"')
#: The packet rejects itself for an embargoed origin.
REJECTING_PACKET = 'reject when coo.origin == "KP" message "embargoed origin (packet)"'


def _engine(registry, tmp_path, templates: str, rules: str = "") -> Engine:
    assert templates.count("reject when") == (templates != TEMPLATES)
    path = tmp_path / "customs.sift"
    path.write_text(templates + PACKET.replace("RULES", rules))
    return Engine(templates=[path], registry=registry, seen_store="memory")


def _rows(engine: Engine, packet, fmt: str = "csv") -> dict[str, dict[str, str]]:
    out = io.StringIO()
    engine.export([packet], out, fmt)
    return {r["packet_role"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))
            if r["packet_role"]}


def _statuses(rows: dict[str, dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    return {role: (r["status"], r["packet_status"], r["document_status"])
            for role, r in rows.items()}


def test_one_rejected_document_leaves_the_others_in_review(registry, tmp_path):
    engine = _engine(registry, tmp_path, REJECTING_ORIGIN)
    packet = engine.extract_packet(entry_pdf(origins=("KP",) * 3, coo="KP"), name="P20.pdf")
    assert packet.status is Status.REJECTED  # the packet: its worst document
    for fmt in ("csv", "csv-rows"):
        rows = _rows(engine, packet, fmt)
        assert _statuses(rows) == {"inv": ("review", "rejected", "accepted"),
                                   "pl": ("review", "rejected", "accepted"),
                                   "coo": ("rejected", "rejected", "rejected")}
        assert rows["inv"]["message"] == ("the packet is rejected: document 3 (c_origin, "
                                          "pages 3) is rejected: embargoed origin")
        assert rows["coo"]["message"] == "embargoed origin"
    # a packet rejected as a whole (its own reject when) rejects every row
    engine = _engine(registry, tmp_path, TEMPLATES, REJECTING_PACKET)
    packet = engine.extract_packet(entry_pdf(origins=("KP",) * 3, coo="KP"), name="P21.pdf")
    assert packet.status is Status.REJECTED
    assert {d.result.status for d in packet.documents} == {Status.ACCEPTED}
    rows = _rows(engine, packet)
    assert {s for s, _, _ in _statuses(rows).values()} == {"rejected"}
    assert "embargoed origin (packet)" in rows["inv"]["message"]
    # both: the packet's own rejection stands on every row
    engine = _engine(registry, tmp_path, REJECTING_ORIGIN, REJECTING_PACKET)
    packet = engine.extract_packet(entry_pdf(origins=("KP",) * 3, coo="KP"), name="P22.pdf")
    assert {s for s, _, _ in _statuses(_rows(engine, packet)).values()} == {"rejected"}

