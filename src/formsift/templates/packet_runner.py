"""Extracting a packet: split the file into documents, extract each with its template,
then apply the packet template's cross-document rules and route the whole."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from formsift.core.document import Document
from formsift.core.packet import PacketDocument, PacketResult, PageClassification
from formsift.core.result import ExtractionResult, FieldValue, Reason, Status
from formsift.templates import splitting
from formsift.templates.packet_rules import (
    assign_roles,
    choose_packet,
    document_rank,
    evaluate_packet,
)
from formsift.templates.packet_rules import seen_values as packet_seen_values

if TYPE_CHECKING:
    from formsift.core.engine import Engine

_RANK = {Status.ACCEPTED: 0, Status.REVIEW: 1, Status.REJECTED: 2, Status.ERROR: 3}


def sub_document(doc: Document, pages: list[int]) -> Document:
    """The pages (0-based, in this order) of ``doc`` as a document of their own."""
    out = []
    for j, i in enumerate(pages):
        page = doc.pages[i]
        words = [dataclasses.replace(w, page=j) for w in page.words]
        out.append(dataclasses.replace(page, index=j, words=words, _lines=None))
    numbers = ",".join(str(i + 1) for i in pages)
    return Document(f"{doc.id}#pages={numbers}", f"{doc.name}#pages={numbers}",
                    doc.media_type, out, doc.loader, doc.size_bytes, dict(doc.metadata))


def _renumber(result: ExtractionResult, pages: list[int]) -> None:
    """Page numbers of the document's values become the file's page numbers."""
    def fix(fv: FieldValue | None) -> None:
        if fv is not None and fv.page is not None and 0 < fv.page <= len(pages):
            fv.page = pages[fv.page - 1] + 1

    for v in result.fields.values():
        for fv in (v if isinstance(v, list) else [v]):
            fix(fv)
    for rows in result.tables.values():
        for row in rows:
            for fv in row.values():
                fix(fv)
    for info in result.page_info:
        if 0 < info.page <= len(pages):
            info.page = pages[info.page - 1] + 1


def extract_packet(engine: Engine, doc: Document) -> PacketResult:
    """Split ``doc`` (its pages recognized) and extract every document in it."""
    errors: list[str] = []
    extra = engine.classifier_scores(doc, errors)
    segments, unassigned, facts = splitting.split(engine.templates, doc, extra)
    by_name = {t.name: t for t in engine.templates}
    documents: list[PacketDocument] = []
    for seg in segments:
        sub = sub_document(doc, seg.pages)
        result = engine.extract_document(sub, by_name[seg.template] if seg.template else None)
        _renumber(result, seg.pages)
        result.audit.plugin_errors.extend(errors)
        documents.append(PacketDocument(template=result.template,
                                        pages=[i + 1 for i in seg.pages],
                                        evidence=seg.evidence, result=result))
    owner = {i: n for n, seg in enumerate(segments) for i in seg.pages}
    classification = [PageClassification(page=f.index + 1, template=f.label, scores=f.scores,
                                          page_cue=list(f.cue) if f.cue else None,
                                          document=owner.get(f.index)) for f in facts]
    out = PacketResult(document_id=doc.id, source=doc.name, pages=len(doc.pages),
                       status=Status.ACCEPTED, documents=documents,
                       unassigned_pages=[i + 1 for i in unassigned],
                       page_classification=classification)
    out.reasons.extend(_file_reasons(doc))
    _apply_packet(engine, out)
    _route(out)
    return out


def _file_reasons(doc: Document) -> list[Reason]:
    """What is wrong with the file as a whole: broken (read only in part), or no text on
    any page; said once for the packet, whichever documents its pages make."""
    from formsift.core.engine import damage_reasons

    out = damage_reasons(doc)
    if not any(p.words for p in doc.pages):
        out.insert(0, Reason(code="no_text", message="the file has no text layer and no "
                                                     "recognizer read any text"))
    return out


def _apply_packet(engine: Engine, out: PacketResult) -> None:
    templates = [d.template for d in out.documents]
    packet = choose_packet(engine.packets, templates)
    if packet is None:
        partial = [p for p in engine.packets if any(d.template in templates
                                                    for d in p.documents)]
        for p in partial[:1]:
            missing = [f"{d.role} ({d.template})" for d in p.documents
                       if not d.optional and d.template not in templates]
            out.reasons.append(Reason(code="document_missing", message=(
                f"looks like a '{p.name}' packet, but lacks: {', '.join(missing)}")))
        return
    ranks = [document_rank(d.result, _score(out, n)) for n, d in enumerate(out.documents)]
    roles = assign_roles(packet, templates, ranks)
    for role, index in roles.items():
        out.documents[index].role = role
    docs = {role: out.documents[i].result for role, i in roles.items()}
    out.packet = packet.name
    # seen_before in a packet's rules asks about other packets (of this packet template),
    # checked and recorded in one step, as a template's are for its documents
    from formsift.core import seen

    namespace = f"packet:{packet.name}"
    with seen.claiming(engine.seen_store), \
            seen.bound(engine.seen_store, namespace, out.document_id):
        out.rules, reasons, decided = evaluate_packet(packet, docs)
        for value in packet_seen_values(packet, docs):
            engine.seen_store.add(namespace, value, out.document_id)
    out.reasons.extend(reasons)
    if decided in ("review", "reject"):
        out.status = Status.REJECTED if decided == "reject" else Status.REVIEW


def _score(out: PacketResult, n: int) -> float:
    """Document ``n``'s classification score for its template (its best page's)."""
    template = out.documents[n].template
    return max((c.scores.get(template or "", 0.0) for c in out.page_classification
                if c.document == n), default=0.0)


def _route(out: PacketResult) -> None:
    """The packet's status: its worst document, review for unassigned pages or failed
    packet rules; a failed error rule is never accepted, whatever a policy says."""
    status = out.status
    for n, d in enumerate(out.documents):
        if d.result.status is not Status.ACCEPTED:
            why = "; ".join(r.message for r in d.result.reasons[:2])
            out.reasons.append(Reason(code="document_" + d.result.status.value, message=(
                f"document {n + 1} ({d.template or 'unknown'}, pages "
                f"{_pages(d.pages)}) is {d.result.status.value}"
                + (f": {why}" if why else ""))))
        if _RANK[d.result.status] > _RANK[status]:
            status = d.result.status
    extra = [(n, d) for n, d in enumerate(out.documents) if out.packet and d.role is None]
    if extra:  # a second customer's form, another person's ID, an invoice in the packet
        outranked = {n: why for n, _ in extra if (why := _why_not(out, n))}
        others = [(n, d) for n, d in extra if n not in outranked]
        said = [f"document {n + 1} ({d.template}, pages {_pages(d.pages)}) has no role in "
                f"the '{out.packet}' packet: {outranked[n]}" for n, d in extra
                if n in outranked]
        if others:
            listed = ", ".join(f"document {n + 1} ({d.template or 'unknown'}, pages "
                               f"{_pages(d.pages)})" for n, d in others)
            said.append(f"{listed} has no role in the '{out.packet}' packet: another "
                        f"customer's documents, or one sent twice? Split the file, or "
                        f"review it")
        out.reasons.append(Reason(code="extra_documents", message="; ".join(said)))
    if out.unassigned_pages:
        out.reasons.append(Reason(code="unassigned_pages", message=(
            f"page(s) {_pages(out.unassigned_pages)} match no template and continue no "
            f"document")))
    if any(r.code in ("rule_failed", "rule_not_evaluated", "unassigned_pages",
                      "document_missing", "extra_documents", "input_damaged", "no_text")
           for r in out.reasons) \
            and status is Status.ACCEPTED:
        status = Status.REVIEW
    out.status = status


def _why_not(out: PacketResult, n: int) -> str:
    """Why document ``n`` lost its template's role to another (a cover letter that names
    the delivery note: it scores lower, its fields are missing)."""
    doc = out.documents[n]
    rivals = [(m, d) for m, d in enumerate(out.documents)
              if d.role is not None and d.template == doc.template]
    if not rivals:
        return ""
    m, rival = rivals[0]
    mine = document_rank(doc.result, _score(out, n))
    theirs = document_rank(rival.result, _score(out, m))
    if mine >= theirs:
        return ""  # it ranks as well (a second copy?): nothing to explain
    why = (f"score {theirs[0]:g} against {mine[0]:g}" if mine[0] != theirs[0] else
           f"{theirs[1]:.0%} of its fields read against {mine[1]:.0%}")
    return (f"role '{rival.role}' went to document {m + 1} (pages {_pages(rival.pages)}), "
            f"which matches {doc.template} better ({why}); a cover page that names the "
            f"document, or a copy? Review it")


def _pages(pages: list[int]) -> str:
    return ", ".join(map(str, pages))


def packet_summary(result: PacketResult) -> dict[str, Any]:
    """A compact view: per document its role, template, pages and status."""
    return {"packet": result.packet, "status": result.status.value,
            "documents": [{"role": d.role, "template": d.template, "pages": d.pages,
                           "status": d.result.status.value} for d in result.documents],
            "unassigned_pages": result.unassigned_pages}
