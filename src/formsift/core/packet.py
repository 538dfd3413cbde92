"""The result of splitting a multi-document file (a packet): one record per document with
its page range, the pages no template claimed, every page's classification, and the
outcome of the packet template's cross-document rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from formsift.core.result import Audit, ExtractionResult, Reason, RuleOutcome, Status

#: The packet's reasons that only repeat a document's status (its own row says it).
_DOCUMENT_STATUS = frozenset("document_" + s.value for s in Status)


class PageClassification(BaseModel):
    """How one page of the packet was classified and tied to a document."""

    page: int = Field(description="1-based page number in the packet (a packet of several "
                                  "files counts across them, in order: see file_page).")
    template: str | None = Field(description="Best template whose threshold the page "
                                             "reaches (None: no template claims it).")
    scores: dict[str, float] = Field(default_factory=dict,
                                     description="Score of every template for this page.")
    page_cue: list[int] | None = Field(None, description="[x, y] from 'page x of y'.")
    document: int | None = Field(None, description="Index in documents, None if unassigned.")
    kind: str = Field("document", description=(
        "document (a page of one) | blank (no word read, hardly any ink: a blank back) | "
        "separator (a separator sheet) | unread (ink, but no word read: review it) | "
        "unknown (text no template claims: review it)."))
    recognize_ms: float | None = Field(None, description="How long reading the page "
                                                         "(OCR) took, in ms.")
    file: str | None = Field(None, description="The file the page came from (a packet of "
                                               "several files: one of the folder's).")
    file_page: int | None = Field(None, description="Its 1-based page number in that file.")


class FilePages(BaseModel):
    """A file a document's pages came from, and which of its pages."""

    file: str = Field(description="The file, as named to formsift (a folder's file: "
                                  "the folder as given joined with its name).")
    pages: list[int] = Field(description="1-based page numbers in this file (as the file "
                                         "numbers them), in the document's reading order.")


class PacketFile(BaseModel):
    """One file of a packet, and the pages of the packet it gave."""

    file: str
    pages: list[int] = Field(description="1-based page numbers in the packet (which "
                                         "count across its files) that this file gave.")


class PacketDocument(BaseModel):
    """One document found in the packet."""

    role: str | None = Field(None, description="Its name in the packet template (form, id).")
    template: str | None
    pages: list[int] = Field(description=(
        "1-based page numbers in the packet, in reading order: the file's own for a "
        "packet of one file; a packet of several files (a folder, a list) counts across "
        "them in order, and files gives each file's own page numbers."))
    evidence: list[str] = Field(default_factory=list,
                                description="Why these pages were put together.")
    files: list[FilePages] = Field(default_factory=list, description=(
        "The file(s) its pages came from, each with its own page numbers: the packet's "
        "file, or, for a packet of several files (a folder), the files of the folder "
        "that hold its pages."))
    result: ExtractionResult = Field(description=(
        "The record. Its values' and page_info's page numbers are the packet's (as "
        "pages); its source and audit.input_name name the file(s) with their own page "
        "numbers (as files)."))


class PacketResult(BaseModel):
    """A multi-document file split into documents, each extracted with its template."""

    document_id: str
    source: str
    pages: int
    status: Status
    reasons: list[Reason] = Field(default_factory=list)
    packet: str | None = Field(None, description="The packet template that matched, if any.")
    documents: list[PacketDocument] = Field(default_factory=list)
    unassigned_pages: list[int] = Field(default_factory=list,
                                        description="1-based pages no document claimed "
                                                    "(blank and separator pages too).")
    blank_pages: list[int] = Field(default_factory=list, description=(
        "The unassigned pages that are blank (no word read, hardly any ink: the back of a "
        "sheet scanned duplex); they do not send the packet to review."))
    separator_pages: list[int] = Field(default_factory=list, description=(
        "The unassigned pages that are separator sheets (a few words, one of them "
        "'SEPARATOR', 'Trennblatt', 'PATCH T'...); they do not send the packet to review."))
    timings_ms: dict[str, float] = Field(default_factory=dict, description=(
        "load, recognize (every page's OCR), split (classifying pages and extracting "
        "the documents) and total, in ms."))
    page_classification: list[PageClassification] = Field(default_factory=list)
    files: list[PacketFile] = Field(default_factory=list, description=(
        "The file(s) the packet was read from, in page order, each with the packet's "
        "pages it gave (a folder: its files in name order)."))
    left_out: list[str] = Field(default_factory=list, description=(
        "A packet read from a folder or a list of files: the entries not read as its "
        "pages, each with why: no loader reads it, an image too small to be a page, a "
        "subfolder; and, sending the packet to review (file_left_out, duplicate_input), "
        "a broken link, a pipe, an archive, a file that could not be loaded, a symbolic "
        "link leading outside the folder given, the same file as another one read."))
    rules: list[RuleOutcome] = Field(default_factory=list,
                                     description="The packet template's cross-document rules.")
    params: dict[str, Any] = Field(default_factory=dict, description=(
        "The parameters the packet template's rules read (param.NAME), as given at "
        "extraction or their defaults; each document's audit says its template's."))
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def document(self, role_or_template: str) -> PacketDocument | None:
        """The first document with this role (or template)."""
        for d in self.documents:
            if role_or_template in (d.role, d.template):
                return d
        return None

    def record(self) -> dict[str, Any]:
        """The packet's plain values, as ``formsift extract --split --record`` prints them
        (and a packet's golden test expects them): the packet template, the status and
        why anything is in review (a status without its reasons leaves a reviewer
        guessing), each document's role, template, pages, status, reasons and record, and
        the pages no document claimed (and which of them are blank or separator sheets,
        when any are)."""
        def reason(r: Reason) -> dict[str, Any]:
            return {k: v for k, v in r.model_dump(mode="json").items() if v is not None}

        return {"source": self.source, "packet": self.packet, "status": self.status.value,
                "reasons": [reason(r) for r in self.reasons],
                "documents": [{"role": d.role, "template": d.template, "pages": d.pages,
                               "status": d.result.status.value,
                               "reasons": [reason(r) for r in d.result.reasons],
                               "record": d.result.record()} for d in self.documents],
                "unassigned_pages": self.unassigned_pages,
                # named when there are any (a golden packet written before stays right)
                **{k: v for k, v in (("blank_pages", self.blank_pages),
                                     ("separator_pages", self.separator_pages)) if v}}

    def flat(self) -> list[ExtractionResult]:
        """The packet as records, for a format of one row per record (CSV): each
        document's result, whose source is the file's with the document's pages
        (``inbox/scan.pdf#pages=2,3``). When the packet has something to say that its
        documents' rows do not (unassigned pages, a failed packet rule, a missing or extra
        document, a damaged file) or holds no document, a record of the packet itself
        comes first: the file's source, the packet's status and reasons, the packet
        template's name as its template, and no fields."""
        documents = [d.result for d in self.documents]
        if documents and all(r.code in _DOCUMENT_STATUS for r in self.reasons):
            return documents
        from formsift import __version__
        from formsift.util.versions import library_versions

        whole = ExtractionResult(
            document_id=self.document_id, source=self.source, pages=self.pages,
            template=self.packet, status=self.status, reasons=list(self.reasons),
            rules=list(self.rules),
            audit=Audit(input_name=self.source, input_hash=self.document_id,
                        template=self.packet, formsift_version=__version__,
                        libraries=library_versions(), created_at=self.created_at))
        return [whole, *documents]


def name_files(packet: PacketResult, files: list[tuple[str, int]], *,
               several: bool = False) -> PacketResult:
    """Say which file (and which of its pages) each document of ``packet`` came from.
    ``files``: the packet's files in page order, each with how many pages it gave
    (one file: the packet's own). A document of a packet of several files (more than
    one, or ``several``: read from a folder or a list, even of one file) gets their
    names as its result's source (``cases/c02/3_invoice.pdf#pages=1``; a document over
    two files ``upload/IMG_1.jpg#pages=1; upload/IMG_2.jpg#pages=1``), which the CSV's
    source column and the audit's input name carry too."""
    where: list[tuple[str, int]] = []  # 0-based packet page -> (file, its 1-based page)
    packet.files = []
    for name, count in files:
        packet.files.append(PacketFile(file=name, pages=list(
            range(len(where) + 1, len(where) + count + 1))))
        where.extend((name, k + 1) for k in range(count))
    for d in packet.documents:
        taken: dict[str, list[int]] = {}
        for page in d.pages:
            if 0 < page <= len(where):
                name, own = where[page - 1]
                taken.setdefault(name, []).append(own)
        d.files = [FilePages(file=name, pages=pages) for name, pages in taken.items()]
        if (several or len(files) > 1) and d.files:
            source = "; ".join(f"{f.file}#pages={','.join(map(str, f.pages))}"
                               for f in d.files)
            d.result.source = source
            d.result.audit.input_name = source
    for c in packet.page_classification:
        if 0 < c.page <= len(where):
            c.file, c.file_page = where[c.page - 1]
    if several or len(files) > 1:
        _name_unassigned(packet, where)
    return packet


def _name_unassigned(packet: PacketResult, where: list[tuple[str, int]]) -> None:
    """The packet's ``unassigned_pages`` reason of a packet of several files says which
    file (and page of it) each page it names is: a reviewer finds the file no document
    claimed (``page 4: cases/c02/4_letter.pdf#pages=1``)."""
    pages = [p for p in packet.unassigned_pages if 0 < p <= len(where)]
    named = " (" + "; ".join(f"page {p}: {where[p - 1][0]}#pages={where[p - 1][1]}"
                             for p in pages) + ")"
    for r in packet.reasons:
        if r.code == "unassigned_pages" and pages and not r.message.endswith(named):
            r.message += named
