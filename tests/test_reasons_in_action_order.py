"""A result's ``reasons`` are in the order a person acts on them, whatever path made it
(stop 35's loose ends, issue 5):

1. the engine put what it says about the document (a missing page, a duplicate) after
   the template's reasons, which ``by_action`` had ordered: ``field_missing`` before
   ``pages_missing``; a packet's documents and a packet's own reasons likewise;
2. a packet's ``document_review`` named the first two reasons of the document, not the
   first two that route it: a document in review for a failed rule could be described
   by the doubts its template accepts (``low_confidence_accepted``).
"""

from __future__ import annotations

from formsift import Engine
from formsift.core.reasons import tier
from formsift.core.result import Audit, ExtractionResult, Reason, Status

MEMO = '''template memo {
  match { contains "MEMO" threshold 1 }
  field ref: id = right of "Ref:"
  field amount: decimal = right of "Amount:"
}
'''


def _memo_pdf() -> bytes:
    """A memo without its amount that says it is page 1 of 2: a page is missing."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for n, line in enumerate(["MEMO", "Ref: M-1", "Page 1 of 2"]):
        page.insert_text((50, 60 + 20 * n), line, fontsize=11)
    return doc.tobytes()


def _in_order(reasons: list[Reason]) -> bool:
    tiers = [tier(r.code) for r in reasons]
    return tiers == sorted(tiers)


def test_the_documents_own_reasons_come_first(tmp_path):
    path = tmp_path / "memo.sift"
    path.write_text(MEMO)
    engine = Engine(templates=[path])
    result = engine.extract(_memo_pdf(), "memo", name="memo.pdf")
    assert [r.code for r in result.reasons] == ["pages_missing", "field_missing"]
    # the same document classified in a packet
    packet = engine.extract_packet(_memo_pdf(), name="memo.pdf")
    (doc,) = packet.documents
    assert [r.code for r in doc.result.reasons] == ["pages_missing", "field_missing"]


def test_a_packets_reasons_are_in_order(registry, tmp_path):
    """A packet rule not evaluated (a blank cell the lookup needs) came before the
    packing list in review, which _route added last."""
    from tests.test_packet_customs_entry import _engine, entry_pdf

    engine = _engine(registry, tmp_path)
    result = engine.extract_packet(entry_pdf(packed={"Gate valve": "x", "Check valve": ""}),
                                   name="P04.pdf")
    assert {r.code for r in result.reasons} == {"rule_not_evaluated", "document_review"}
    assert [r.code for r in result.reasons] == ["document_review", "rule_not_evaluated"]
    assert all(_in_order(d.result.reasons) for d in result.documents)


# ----------------------------------------------------- 2. document_review names what routes
def _packet_of(reasons: list[Reason]):
    """A packet of one document in review with ``reasons``, routed as extract_packet
    routes it."""
    from formsift.core.packet import PacketDocument, PacketResult
    from formsift.templates.packet_runner import _route

    result = ExtractionResult(
        document_id="sha256:0", source="claim.pdf#pages=1", pages=1, template="claim",
        status=Status.REVIEW, reasons=reasons,
        audit=Audit(input_name="claim.pdf", input_hash="sha256:0"))
    packet = PacketResult(document_id="sha256:1", source="claim.pdf", pages=1,
                          status=Status.ACCEPTED,
                          documents=[PacketDocument(template="claim", pages=[1],
                                                    result=result)])
    _route(packet)
    return packet


ACCEPTED = [Reason(code="low_confidence_accepted", field=f,
                   message=f"confidence 0.41 for '{f}', accepted") for f in ("name", "town")]
FAILED = Reason(code="rule_failed", rule="cost_ok", message="cost > 0 does not hold")
MISSING = Reason(code="field_missing", field="policy_no", message="'policy_no' not found")


def test_document_review_names_the_reasons_that_route():
    for reasons in ([*ACCEPTED, FAILED], [FAILED, *ACCEPTED]):
        packet = _packet_of(reasons)
        assert packet.status is Status.REVIEW
        (said,) = packet.reasons
        assert said.code == "document_review"
        assert said.message == ("document 1 (claim, pages 1) is in review: "
                                "cost > 0 does not hold"), said.message
    # two that route: both, the one acted on first first
    (said,) = _packet_of([*ACCEPTED, MISSING, FAILED]).reasons
    assert said.message.endswith(": cost > 0 does not hold; 'policy_no' not found")
