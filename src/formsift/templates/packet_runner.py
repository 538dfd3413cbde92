"""Extracting a packet: split the file into documents, extract each with its template,
then apply the packet template's cross-document rules and route the whole."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formsift.core.document import RECOGNIZE_MS, Document
from formsift.core.errors import FormsiftError
from formsift.core.packet import PacketDocument, PacketResult, PageClassification
from formsift.core.packet_files import (
    DUPLICATE_INPUT,
    FILE_LEFT_OUT,
    LeftOut,
    member_problem,
)
from formsift.core.reasons import by_action, routes
from formsift.core.result import ExtractionResult, FieldValue, Reason, Status
from formsift.templates import splitting
from formsift.templates.packet_rules import (
    Docs,
    assign_roles,
    choose_packet,
    document_rank,
    evaluate_packet,
    missing_roles,
)
from formsift.templates.packet_rules import seen_values as packet_seen_values
from formsift.templates.params import (
    PACKET_PARAMS,
    ParamError,
    TextParams,
    bind,
    picked,
    shown,
    values_for,
)
from formsift.templates.runtime import FORCE_REVIEW

if TYPE_CHECKING:
    from formsift.core.engine import Engine
    from formsift.templates.model import CompiledPacket, CompiledTemplate

_RANK = {Status.ACCEPTED: 0, Status.REVIEW: 1, Status.REJECTED: 2, Status.ERROR: 3}
#: The packet's own reasons that keep it from being accepted; a duplicate, a damaged file
#: and the others of :data:`~formsift.templates.runtime.FORCE_REVIEW` do too.
_HELD_BACK = frozenset({"rule_failed", "rule_not_evaluated", "unassigned_pages",
                        "document_missing", "extra_documents"})
#: How a reason of the packet says a document's status ("document 2 (...) is in review").
_STATUS_SAID = {Status.ACCEPTED: "is accepted", Status.REVIEW: "is in review",
                Status.REJECTED: "is rejected", Status.ERROR: "could not be extracted"}


def said_status(status: Status) -> str:
    """A document's status as a sentence says it: "is in review", "is rejected",
    "could not be extracted" (an error)."""
    return _STATUS_SAID[status]


def sub_document(doc: Document, pages: list[int]) -> Document:
    """The pages (0-based, in this order) of ``doc`` as a document of their own."""
    out = []
    for j, i in enumerate(pages):
        page = doc.pages[i]
        words = [dataclasses.replace(w, page=j) for w in page.words]
        out.append(dataclasses.replace(page, index=j, words=words, _lines=None))
    numbers = ",".join(str(i + 1) for i in pages)
    return Document(f"{doc.id}#pages={numbers}", f"{doc.name}#pages={numbers}",
                    doc.media_type, out, doc.loader, doc.size_bytes,
                    {k: v for k, v in doc.metadata.items() if k != RECOGNIZE_MS})


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


def _natural(path: Path) -> list[Any]:
    """Name order as a person reads it: numbers as numbers (scan2 before scan10)."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", path.name)]


def folder_files(folder: Path, suffixes: set[str] | None = None, top: Path | None = None,
                 follow_outside_links: bool = False) -> tuple[list[Path], list[LeftOut]]:
    """The files of ``folder`` (not its subfolders, no hidden files), in name order (see
    :func:`_natural`): the pages of one packet (a customer's phone photos); and those
    left out, each with why. A broken link, a pipe, a file not readable and a symbolic
    link leading outside ``top`` (default ``folder``; followed with
    ``follow_outside_links``) are left out with a reason that sends the packet to review
    (:func:`~formsift.core.packet_files.member_problem`), and so is an archive (formsift
    reads none). With ``suffixes`` (the installed loaders'), a file no loader reads is
    left out as a batch walk leaves it (``Thumbs.db`` beside the photos: by its suffix,
    else by how it starts), and so is an image too small to be a page (a logo). A text
    file is a document formsift reads: it stays, and the caller names each file's
    pages."""
    files: list[Path] = []
    skipped: list[LeftOut] = []
    for p in sorted((p for p in folder.iterdir() if not p.name.startswith(".")),
                    key=_natural):
        if p.is_dir():  # (a link to a folder too) its files are not this packet's
            continue
        problem = member_problem(p, top or folder, follow_outside_links)
        if problem is None:
            problem = _not_a_page(p, suffixes)
        if problem is None:
            files.append(p)
        else:
            skipped.append(problem)
    if not files:
        left = f" (left out: {', '.join(map(str, skipped))})" if skipped else ""
        raise FormsiftError(f"{folder}: the folder holds no files to read as a packet{left}")
    return files, skipped


def _not_a_page(path: Path, suffixes: set[str] | None) -> LeftOut | None:
    """Why the regular file ``path`` is no page of its folder's packet: an archive (said,
    to review), a file no loader reads, an image too small for a page (a logo)."""
    from formsift.batch.inputs import _matches, _sniffed, too_small
    from formsift.core.sources import archive_members, printable_name

    name = printable_name(path.name)
    if suffixes is not None and not _matches(str(path), (), suffixes):
        members = archive_members(path)
        if members is not None:
            return LeftOut(name, f"an archive of {len(members)} file(s): formsift reads no "
                                 f"archives; put its files in the folder", FILE_LEFT_OUT)
        if not _sniffed(str(path), suffixes):
            return LeftOut(name, "no loader reads it")
    if suffixes is not None and (size := too_small(str(path))) is not None:
        return LeftOut(name, f"{size[0]} x {size[1]} px: too small for a page")
    return None


def join_documents(docs: list[Document], name: str) -> Document:
    """Documents (each file of a packet) as one, their pages one after the other."""
    pages = []
    for d in docs:
        for page in d.pages:
            k = len(pages)
            words = [dataclasses.replace(w, page=k) for w in page.words]
            pages.append(dataclasses.replace(page, index=k, words=words, _lines=None))
    ids = hashlib.sha256("\n".join(d.id for d in docs).encode()).hexdigest()
    types = {d.media_type for d in docs}
    metadata: dict[str, Any] = {}
    for d in docs:
        for key, value in d.metadata.items():
            if key == RECOGNIZE_MS:
                continue
            if isinstance(value, list):
                metadata.setdefault(key, []).extend(value)
            elif key == "damaged":  # said per file: which file was read only in part
                metadata[key] = "; ".join(filter(None, (metadata.get(key),
                                                        f"{d.name}: {value}")))
            else:
                metadata.setdefault(key, value)
    return Document(f"sha256:{ids}", name,
                    types.pop() if len(types) == 1 else "multipart/mixed", pages,
                    ",".join(dict.fromkeys(d.loader for d in docs)),
                    sum(d.size_bytes for d in docs), metadata)


def extract_packet_files(engine: Engine, paths: list[Path], name: str,
                         left_out: list[LeftOut]) -> tuple[PacketResult, list[tuple[Path, int]]]:
    """Several files as one packet (a folder of phone photos, a page each), their pages
    in the order given, as :meth:`Engine.extract_packet` reads one file; and each file
    read with how many pages it gave. A file that cannot be loaded, or whose content is
    a file's before it, is added to ``left_out`` instead (one attachment does not fail
    the case); none read is a :class:`FormsiftError`."""
    from formsift.core.engine import _READ_FOR_SPLIT

    t0 = time.perf_counter()
    with engine._blaming_plugins(name):
        docs, read = _load_files(engine, paths, left_out)
        if not docs:
            raise FormsiftError(f"{name}: no file of the packet could be read (left out: "
                                f"{', '.join(map(str, left_out))})")
        doc = join_documents(docs, name)
        unread = [p for p in doc.pages if not p.words]
        t1 = time.perf_counter()
        engine.recognize(doc)
        page_ms = dict(doc.metadata.get(RECOGNIZE_MS, {}))
        timings = {"load": (t1 - t0) * 1000, "recognize": (time.perf_counter() - t1) * 1000}
        for page in unread:  # as Engine.extract_packet marks them
            page.notes[_READ_FOR_SPLIT] = True
        try:
            return extract_packet(engine, doc, timings, page_ms), read
        finally:
            for page in unread:
                page.notes.pop(_READ_FOR_SPLIT, None)


def _load_files(engine: Engine, paths: list[Path], left_out: list[LeftOut]
                ) -> tuple[list[Document], list[tuple[Path, int]]]:
    """The files ``paths`` loaded, each once (a second file of the same content, or a
    file that cannot be loaded, is added to ``left_out`` with why); and each file loaded
    with its page count."""
    from formsift.core.sources import as_source, printable_name

    docs: list[Document] = []
    read: list[tuple[Path, int]] = []
    first: dict[str, Path] = {}
    for p in paths:
        name = printable_name(p.name)
        try:
            d = engine._load(as_source(p, max_bytes=engine.max_bytes))
        except FormsiftError as exc:
            why = getattr(exc, "reason", None) or str(exc)
            left_out.append(LeftOut(name, f"not read: {why}", FILE_LEFT_OUT))
            continue
        if d.id in first:
            other = printable_name(str(first[d.id]))
            left_out.append(LeftOut(name, f"the same file as {other}, identical content",
                                    DUPLICATE_INPUT))
            continue
        first[d.id] = p
        docs.append(d)
        read.append((p, len(d.pages)))
    return docs, read


def extract_packet(engine: Engine, doc: Document, timings: dict[str, float] | None = None,
                   page_ms: dict[int, float] | None = None) -> PacketResult:
    """Split ``doc`` (its pages recognized) and extract every document in it.
    ``timings`` (ms: load, recognize) and ``page_ms`` (0-based page -> its OCR time in
    ms) are what reading the file took: the packet's timings and each document's
    ``recognize`` (its pages' share) say them."""
    t0 = time.perf_counter()
    page_ms = page_ms or {}
    errors: list[str] = []
    extra = engine.classifier_scores(doc, errors)
    segments, unassigned, facts = splitting.split(engine.templates, doc, extra)
    by_name = {t.name: t for t in engine.templates}
    documents: list[PacketDocument] = []
    for seg in segments:
        sub = sub_document(doc, seg.pages)
        template = by_name[seg.template] if seg.template else None
        try:
            result = engine.extract_document(sub, template, params=picked(
                PACKET_PARAMS.get(), template.params if template is not None else ()))
        except ParamError as exc:  # its template needs one not given: this document's error
            result = _param_error(engine, sub, template, exc)
        if template is not None and len(seg.pages) > 1:
            _conflicts(result, template, sub, seg.pages)
        _doubts(result, seg)
        result.reasons = by_action(result.reasons)  # the split's doubts are the document's
        _renumber(result, seg.pages)
        read = [page_ms[i] for i in seg.pages if i in page_ms]
        if read:  # the pages' OCR, done before the split, is this document's too
            result.audit.timings_ms["recognize"] = round(
                result.audit.timings_ms.get("recognize", 0.0) + sum(read), 3)
        result.audit.plugin_errors.extend(errors)
        documents.append(PacketDocument(template=result.template,
                                        pages=[i + 1 for i in seg.pages],
                                        evidence=seg.evidence, result=result))
    owner = {i: n for n, seg in enumerate(segments) for i in seg.pages}
    kinds = {i: splitting.page_kind(doc.pages[i]) for i in unassigned}
    classification = [PageClassification(page=f.index + 1, template=f.label, scores=f.scores,
                                          page_cue=list(f.cue) if f.cue else None,
                                          document=owner.get(f.index),
                                          kind=kinds.get(f.index, "document"),
                                          recognize_ms=(round(page_ms[f.index], 3)
                                                        if f.index in page_ms else None))
                      for f in facts]
    out = PacketResult(document_id=doc.id, source=doc.name, pages=len(doc.pages),
                       status=Status.ACCEPTED, documents=documents,
                       unassigned_pages=[i + 1 for i in unassigned],
                       blank_pages=[i + 1 for i in unassigned if kinds[i] == "blank"],
                       separator_pages=[i + 1 for i in unassigned
                                        if kinds[i] == "separator"],
                       page_classification=classification)
    out.reasons.extend(_file_reasons(doc))
    _apply_packet(engine, out)
    _route(out)
    spent = dict(timings or {})
    spent["split"] = (time.perf_counter() - t0) * 1000
    spent["total"] = sum(spent.values())
    out.timings_ms = {k: round(v, 3) for k, v in spent.items()}
    return out


def _param_error(engine: Engine, sub: Document, template: CompiledTemplate | None,
                 exc: ParamError) -> ExtractionResult:
    """A document the split gave a template whose parameters were not given (or not of
    their type): an error result saying so; the packet's other documents are read."""
    return ExtractionResult(
        document_id=sub.id, source=sub.name, pages=len(sub.pages),
        template=template.name if template is not None else None, status=Status.ERROR,
        reasons=[Reason(code=exc.code, message=str(exc))],
        audit=engine._audit(sub, template, [], {}))


def _conflicts(result: ExtractionResult, template: CompiledTemplate, sub: Document,
               pages: list[int]) -> None:
    """A document of several pages whose pages each hold a value of one field, and not
    the same: the record shows one of them, so the others are said (``pages_disagree``,
    review), never dropped (two documents taken for one: a second month's payslip of
    the same employee)."""
    per_page = [splitting.page_values(template, page, scope=(j, len(sub.pages)))
                for j, page in enumerate(sub.pages)]
    said: list[tuple[str, list[tuple[str, int]]]] = []
    for spec in template.fields.values():
        seen: list[tuple[str, int]] = []  # (value, file's 1-based page), one per value
        for j, values in enumerate(per_page):
            value = values.get(spec.name)
            if value is not None and not any(splitting.same_value(value, v)
                                             for v, _ in seen):
                seen.append((value, pages[j] + 1))
        if len(seen) > 1:
            said.append((spec.name, seen))
    if not said:
        return
    # every value (a template has a few fields): the record shows one of each
    where = "; ".join(f"{name}: " + ", ".join(f"{v!r} on page {p}" for v, p in seen)
                      for name, seen in said)
    result.reasons.append(Reason(
        code="pages_disagree", field=said[0][0], message=(
            f"the pages of this document hold different values of {len(said)} field(s) "
            f"({where}); the record shows one of each: two documents taken for one? "
            f"Review it")))
    if result.status is Status.ACCEPTED:
        result.status = Status.REVIEW


def _doubts(result: ExtractionResult, seg: splitting.Segment) -> None:
    """A page that may as well be another document's (two statements of one account whose
    pages 2 nothing tells apart): said as ``pages_disagree``, review, never accepted."""
    for doubt in seg.doubts:
        result.reasons.append(Reason(code="pages_disagree", message=doubt))
    if seg.doubts and result.status is Status.ACCEPTED:
        result.status = Status.REVIEW


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
            missing = missing_roles(p, Counter(templates))
            out.reasons.append(Reason(code="document_missing", message=(
                f"looks like a '{p.name}' packet, but lacks: {', '.join(missing)}")))
        return
    packet = _with_params(packet, out)
    ranks = [document_rank(d.result, _score(out, n)) for n, d in enumerate(out.documents)]
    roles = assign_roles(packet, templates, ranks)
    docs: Docs = {}
    for role, index in roles.items():
        if isinstance(index, list):  # a repeated role: each of its documents plays it
            for i in index:
                out.documents[i].role = role
            docs[role] = [(f"document {i + 1} (pages {_pages(out.documents[i].pages)})",
                           out.documents[i].result) for i in index]
        else:
            out.documents[index].role = role
            docs[role] = out.documents[index].result
    out.packet = packet.name
    # seen_before in a packet's rules asks about other packets (of this packet template),
    # checked and recorded in one step, as a template's are for its documents
    from formsift.core import seen

    namespace = f"packet:{packet.name}"
    with seen.claiming(engine.seen_store), \
            seen.bound(engine.seen_store, namespace, out.document_id):
        out.rules, reasons, decided = evaluate_packet(packet, docs)
        values = packet_seen_values(packet, docs)
        if engine.flag_resent:  # the same file again: seen_before skips its own records
            reasons += _resent(engine.seen_store, namespace, values, out.document_id)
        for value in values:
            engine.seen_store.add(namespace, value, out.document_id)
    out.reasons.extend(reasons)
    if decided in ("review", "reject"):
        out.status = Status.REJECTED if decided == "reject" else Status.REVIEW


def _with_params(packet: CompiledPacket, out: PacketResult) -> CompiledPacket:
    """``packet`` with the values of its parameters bound into its rules (and said in
    ``out.params``)."""
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale

    given = PACKET_PARAMS.get()
    if not packet.params:
        return packet
    values = values_for(f"packet '{packet.name}'", packet.params,
                        picked(given, packet.params), ParseContext(get_locale("en")),
                        texts=isinstance(given, TextParams))
    out.params = shown(values)
    return bind(packet, values)


def _resent(store: Any, namespace: str, values: list[str], packet_id: str
            ) -> list[Reason]:
    """``duplicate_document`` for a packet whose ``seen_before`` values the store holds
    from this very file (same content, same id): the file sent again, which
    ``not seen_before(...)`` lets pass since a packet's own records are not duplicates of
    it (as :meth:`Engine.extract_document` says it for a single document)."""
    from formsift.core import seen

    said = seen.resent(store, namespace, values, packet_id)
    found = seen.first_recorded(store, namespace, values, packet_id) if said else None
    return [Reason(code="duplicate_document", message=m, refers_to=found) for m in said]


def _score(out: PacketResult, n: int) -> float:
    """Document ``n``'s classification score for its template (its best page's)."""
    template = out.documents[n].template
    return max((c.scores.get(template or "", 0.0) for c in out.page_classification
                if c.document == n), default=0.0)


def _route(out: PacketResult) -> None:
    """The packet's status: its worst document, review for unassigned pages or failed
    packet rules; a failed error rule is never accepted, whatever a policy says. A
    document not accepted is named with the first two of its reasons that route it (a
    failed rule, not the doubts its template accepts); the packet's reasons end in the
    order a person acts on them (:func:`~formsift.core.reasons.by_action`)."""
    status = out.status
    for n, d in enumerate(out.documents):
        if d.result.status is not Status.ACCEPTED:
            why = "; ".join(r.message for r in
                            [r for r in by_action(d.result.reasons) if routes(r)][:2])
            out.reasons.append(Reason(code="document_" + d.result.status.value, message=(
                f"document {n + 1} ({d.template or 'unknown'}, pages "
                f"{_pages(d.pages)}) {said_status(d.result.status)}"
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
    kind = {c.page: c.kind for c in out.page_classification}
    label = {c.page: c.template for c in out.page_classification}
    unknown = [p for p in out.unassigned_pages if kind.get(p, "unknown") == "unknown"]
    unread = [p for p in out.unassigned_pages if kind.get(p) == "unread"]
    if unknown or unread:  # blank backs and separator sheets are listed, not sent to review
        said = []
        # a page a template's match block claims that holds none of the fields it requires
        named = [p for p in unknown if label.get(p)]
        if len(named) < len(unknown):
            said.append(f"page(s) {_pages([p for p in unknown if p not in named])} match no "
                        f"template and continue no document")
        cue = {c.page: c.page_cue for c in out.page_classification if c.page_cue}
        for template in dict.fromkeys(label[p] for p in named):
            pages = [p for p in named if label[p] == template]
            # a later page by its own page cue ("page 2 of 2") is no cover letter
            later = [p for p in pages if p in cue and cue[p][0] > 1]
            if later:
                which = ", ".join(f"page {cue[p][0]} of {cue[p][1]}" for p in later)
                said.append(f"page(s) {_pages(later)} score for {template} and say they "
                            f"are a later page ({which}), but continue no document of it "
                            f"(its other pages missing?)")
            pages = [p for p in pages if p not in later]
            if pages:
                said.append(f"page(s) {_pages(pages)} score for {template} but hold none of "
                            f"the fields it requires (a cover letter that names the "
                            f"document?)")
        if unread:
            said.append(f"page(s) {_pages(unread)} show ink, but no text was read from "
                        f"them (a page OCR could not read?)")
        aside = [f"{_pages(pages)} {what}" for pages, what in (
            (out.blank_pages, "blank"), (out.separator_pages, "separator sheet(s)")) if pages]
        out.reasons.append(Reason(code="unassigned_pages", message=(
            "; ".join(said) + (f" (page(s) {', '.join(aside)}: set aside)" if aside else ""))))
    if any(r.code in _HELD_BACK or r.code in FORCE_REVIEW for r in out.reasons) \
            and status is Status.ACCEPTED:
        status = Status.REVIEW
    out.status = status
    out.reasons = by_action(out.reasons)


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
