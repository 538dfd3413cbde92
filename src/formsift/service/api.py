"""The HTTP routes. Every error is an :class:`~formsift.service.errors.ErrorResponse`."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, Security
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from formsift import __version__
from formsift.core.document import content_id
from formsift.core.packet import PacketDocument, PacketResult
from formsift.core.result import ExtractionResult, Reason, Status
from formsift.service import audit as A
from formsift.service import webhooks
from formsift.service.app import PAGE_HEADERS, STATIC, Service
from formsift.service.auth import ANONYMOUS, Principal, split_key, verify
from formsift.service.content import NAMED_BY_SUFFIX, mismatch, sniffed
from formsift.service.errors import ApiError, ErrorResponse
from formsift.service.review import CorrectionError, apply_review, record_seen, vouch_for_nothing
from formsift.service.storage import pages_of
from formsift.service.workers import MAX_PAGE_IMAGE_PIXELS, among, read_frame
from formsift.templates.params import (
    ParamError,
    QueryParams,
    RecordedParams,
    parse_assignments,
)


def _query_names(dependant: Any) -> set[str]:
    """The query parameters an endpoint takes: its own and its dependencies'."""
    names = {getattr(f, "alias", None) or f.name for f in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def known_query(request: Request) -> None:
    """422 for a query parameter the endpoint does not take, named: a misspelt one
    (``?statuss=review``, ``?templat=invoice``) was ignored, and the answer looked like the
    one asked for. (Routes outside the API spec, such as the review page, take any.)"""
    route = request.scope.get("route")
    if route is None or not getattr(route, "include_in_schema", False) or \
            not request.query_params:
        return
    known = _query_names(route.dependant)
    unknown = [k for k in dict.fromkeys(request.query_params.keys()) if k not in known]
    if not unknown:
        return
    takes = (f"takes {', '.join(sorted(known))}" if known else "takes no query parameters")
    listed = ", ".join(repr(k) for k in unknown)
    raise ApiError(422, "invalid_request",
                   f"unknown query parameter{'s' if len(unknown) > 1 else ''} {listed}: "
                   f"{request.method} {route.path} {takes}",
                   details=[{"loc": ["query", k], "message": "unknown query parameter"}
                            for k in unknown])


router = APIRouter(dependencies=[Depends(known_query)])

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False,
                        description="An API key from `formsift keys create`.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")

DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain",
                  "application/octet-stream")
DOCUMENT_BODY = {"requestBody": {
    "required": True,
    "description": "The document's bytes as the request body (a PDF, an image, or plain "
                   "text sent as text/plain or with a filename ending in .txt); not "
                   "multipart. Example: curl --data-binary @invoice.pdf "
                   "-H 'Content-Type: application/pdf' ...",
    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in DOCUMENT_TYPES},
}}


def _a_reason(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("a rejection needs a reason; leave 'reject' out to keep the record")
    return value


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {401: "No or invalid API key",
            403: "The key lacks a role or template scope", 404: "Not found",
            408: "The request body arrived too slowly",
            409: "Conflict (a review claim)",
            413: "Body too large (a document, or a review submission), or too many pages",
            415: "Unsupported body type (send the document bytes, not multipart)",
            422: "Invalid request, unreadable document, or processing took longer than "
                 "the limit (processing_timeout)", 429: "Too many queued jobs",
            500: "Internal error",
            503: "Not ready (the database does not answer, the service is stopping), or "
                 "busy: too many requests wait for a worker (retry after Retry-After "
                 "seconds)"}
    return {c: {"model": ErrorResponse, "description": text[c]} for c in codes}


def service_of(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(service_of)]


async def principal(request: Request,
                    api_key: Annotated[str | None, Security(_api_key)] = None,
                    bearer: Annotated[HTTPAuthorizationCredentials | None,
                                      Security(_bearer)] = None) -> Principal:
    """The caller, from ``X-API-Key`` or ``Authorization: Bearer`` (401 when absent)."""
    service = service_of(request)
    if not service.config.auth:
        return ANONYMOUS
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise ApiError(401, "unauthorized", "an API key is required (X-API-Key header or "
                                            "Authorization: Bearer)",
                       headers={"WWW-Authenticate": "Bearer"})
    parts = split_key(key)
    who = None
    if parts is not None:
        row = await asyncio.to_thread(service.store.get_key, parts[0])
        who = verify(row, parts[1])
    if who is None:
        raise ApiError(401, "unauthorized", "invalid or revoked API key",
                       headers={"WWW-Authenticate": "Bearer"})
    return who


def role(name: str) -> Any:
    async def check(who: Annotated[Principal, Depends(principal)]) -> Principal:
        if name not in who.roles:
            raise ApiError(403, "forbidden", f"this API key lacks the {name!r} role")
        return who

    return check


Extractor = Annotated[Principal, Depends(role("extract"))]
Reviewer = Annotated[Principal, Depends(role("review"))]
Auditor = Annotated[Principal, Depends(role("audit"))]
Anyone = Annotated[Principal, Depends(principal)]


# ---------------------------------------------------------------------- models
def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


#: Times are stored as naive UTC and answered with their zone.
UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


class Health(BaseModel):
    status: str
    version: str
    database: str
    schema_revision: str
    workers: int = Field(description="Worker processes running now (a dead one is replaced "
                                     "before it is given a document).")
    workers_configured: int = Field(description="Worker processes the service runs.")
    zero_retention: bool


class TemplateInfo(BaseModel):
    name: str
    title: str
    version: str
    description: str = ""
    fields: list[str]
    tables: dict[str, list[str]]
    rules: list[str]


class ExtractResponse(BaseModel):
    record_id: str
    status: Status
    result: ExtractionResult


class PacketDocumentOut(PacketDocument):
    """A document of a split file: its record (stored like any record: review queue,
    ``GET /v1/records/{record_id}``, audit), its pages in the file and its template."""

    record_id: str = Field(description="The document's record (GET /v1/records/{id}).")
    status: Status = Field(description="The record's status (in GET /v1/packets/{id}: as "
                                       "it is now, after any review).")


class PacketOut(PacketResult):
    """A file split into documents (split=true): ``PacketResult`` of the result schema,
    each document with its record's id and status."""

    documents: list[PacketDocumentOut] = Field(default_factory=list)


class PacketResponse(BaseModel):
    packet_id: str = Field(description="The packet's id: GET /v1/packets/{id}; each of "
                                       "its records says it (packet_id).")
    status: Status = Field(description="The packet's status: its worst document's, and "
                                       "review for pages no document took "
                                       "(unassigned_pages), a failed packet rule, a "
                                       "missing or extra document")
    packet: PacketOut


class JobError(BaseModel):
    code: str
    message: str


class DeliveryOut(BaseModel):
    attempt: int
    at: UtcDatetime
    status_code: int | None
    error: str | None
    duration_ms: float
    delivered: bool


class JobSummary(BaseModel):
    """A job as ``GET /v1/jobs`` lists it (``GET /v1/jobs/{id}`` adds its result)."""

    job_id: str
    status: str = Field(description="queued | running | done | failed")
    created_at: UtcDatetime
    started_at: UtcDatetime | None = None
    finished_at: UtcDatetime | None = None
    source: str
    template: str | None
    split: bool = Field(False, description="the file is split into documents (split=true)")
    params: dict[str, str | list[str]] | None = Field(
        None, description="the template parameters given (param=NAME=VALUE), as given; "
                          "None: none")
    record_id: str | None = None
    packet_id: str | None = Field(None, description="split=true: the packet, once done")
    error: JobError | None = None
    callback_url: str | None = Field(None, description="as given, with a password in it "
                                                       "written *** (http://user:***@host/)")
    webhook_state: str | None = Field(
        None, description="pending (to deliver, or being retried) | delivered | failed "
                          "(given up after --webhook-attempts, or no webhook secret); None "
                          "without a callback_url")


class JobOut(JobSummary):
    deliveries: list[DeliveryOut] = Field(default_factory=list)
    result: ExtractionResult | None = None
    packet: PacketOut | None = Field(None, description="split=true: the packet once done, "
                                                       "its documents' records as they are "
                                                       "now")


class RecordOut(BaseModel):
    record_id: str
    created_at: UtcDatetime
    source: str
    template: str | None
    status: Status
    extracted_status: Status
    document_hash: str
    document_retained: bool
    claimed_by: str | None = None
    claim_expires_at: UtcDatetime | None = None
    reviewed_by: str | None = None
    reviewed_at: UtcDatetime | None = None
    packet_id: str | None = Field(None, description="a document of a split file: its "
                                                    "packet (GET /v1/packets/{id})")
    packet_pages: list[int] | None = Field(
        None, description="a document of a split file: its pages in the file, in reading "
                          "order (the page numbers of its values and of "
                          "/pages/{n}); document_hash is the file's")
    template_served: bool | None = Field(
        None, description="whether the service still serves the record's template (None: "
                          "the record has none). false: the template was retired or "
                          "renamed; in review, the record can only be rejected or released")
    result: ExtractionResult


class QueueItem(BaseModel):
    record_id: str
    created_at: UtcDatetime
    source: str
    template: str | None
    claimed_by: str | None
    claim_expires_at: UtcDatetime | None
    packet_id: str | None = None
    packet_pages: list[int] | None = None
    reasons: list[str] = Field(default_factory=list,
                               description="why the record is in review: its reasons' "
                                           "codes (duplicate_document, rule_failed, ...)")
    rules: list[str] = Field(default_factory=list,
                             description="the rules its reasons name (the failed rules: "
                                         "first_time for a seen_before duplicate, totals "
                                         "for a sum, ...)")
    template_served: bool | None = Field(
        None, description="false: its template is no longer served (it can only be "
                          "rejected or released); None: it has no template")


class ReviewSubmission(BaseModel):
    # a misspelt key ("corections") must not pass as a submission without corrections
    model_config = ConfigDict(extra="forbid")

    corrections: dict[str, str | list[str] | None] = Field(
        default_factory=dict,
        description="field -> text as the reviewer typed it; table cells as "
                    "'items[0].amount' (rows from 0, as the record shows them); a list for "
                    "a repeated field; null or '' clears the value. Add rows with the "
                    "cells of the rows after the last ('items[4].amount' on a table of 4 "
                    "rows, then 'items[5]...'; appended in that order); delete a row with "
                    "the row set to null ('items[2]': null).",
        examples=[{"total": "1.234,50", "items[0].amount": "99.00"},
                  {"items[4].description": "Freight", "items[4].amount": "25.00"}])
    confirm: bool = Field(True, description="the reviewer vouches for the values left "
                                            "unchanged (their confidence becomes 1.0)")
    reject: Annotated[str | None, AfterValidator(_a_reason)] = Field(
        None, description="reject the record, with this reason (not empty: an empty string "
                          "is a mistake, not a rejection)")


class CorrectionOut(BaseModel):
    field: str
    before: Any = None
    after: Any = None
    reviewer: str
    at: UtcDatetime
    template: str | None = None
    template_version: str | None = None


class ReviewResult(BaseModel):
    record_id: str
    status: Status
    previous_status: Status
    template_served: bool = Field(
        True, description="false: the record's template is no longer served (retired or "
                          "renamed); the record could only be rejected, without validation "
                          "(its reasons and the audit event say template_gone)")
    template_changed: bool = Field(
        False, description="true: the record was extracted with another version of its "
                           "template than the one served; it could only be rejected, "
                           "without validation (reason template_changed), or extracted "
                           "again (POST /v1/review/{id}/reextract)")
    corrections: list[CorrectionOut]
    result: ExtractionResult


# ---------------------------------------------------------------------- helpers
async def read_document(request: Request, service: Service, limit: int,
                        hint: str = "") -> bytes:
    """The request body, in memory only, refused with 413 as soon as it passes ``limit``
    and with 408 when it does not arrive within the upload time limit."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype.startswith("multipart/"):  # curl -F: the body would be the form, not the file
        raise ApiError(415, "unsupported_media_type",
                       "send the document's bytes as the request body (curl --data-binary "
                       "@file.pdf), not as a multipart form (curl -F)")
    too_large = ApiError(413, "too_large", f"the document is larger than {limit:,} bytes"
                                           + hint)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        top = service.config.max_upload_bytes
        if int(length) > top:  # over every limit: no point in suggesting a job
            raise ApiError(413, "too_large", f"the document is larger than the upload limit "
                                             f"of {top:,} bytes")
        raise too_large
    chunks: list[bytes] = []
    size = 0

    async def receive() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)

    try:
        await asyncio.wait_for(receive(), service.config.upload_timeout_s)
    except TimeoutError:
        raise ApiError(408, "request_timeout", "the document did not arrive within "
                                               f"{service.config.upload_timeout_s:g} s") from None
    if not size:
        raise ApiError(422, "input_error", "the request body is empty: send the document's "
                                           "bytes")
    return b"".join(chunks)


def document_name(request: Request, service: Service, filename: str, data: bytes) -> str:
    """The name a document is read (and stored, and shown) under. Plain text and XML have
    no magic bytes: the text loader reads a file whose name says it is text (``.txt``),
    the e-invoice loader one named ``.xml``, and a body sent as ``Content-Type:
    text/plain`` (``application/xml``, ``text/xml``) says so too; its name gets ``.txt``
    (``.xml``) unless a loader already claims its suffix, or no loader claims that one,
    or its bytes are a PDF's or an image's (a PDF sent as text/plain is read as a PDF,
    under the name given). The charset parameter is not used: the text is read as UTF-8
    (or as its byte-order mark says), and text that is not valid in it is an error that
    says so."""
    from pathlib import PurePath

    from formsift.core.components import ComponentKind

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    wanted = NAMED_BY_SUFFIX.get(ctype)
    if wanted is None or sniffed(data) is not None:
        # (a PDF or an image sent as text/plain is read by its bytes: no .txt name)
        return filename
    suffix = PurePath(filename).suffix.lower()
    claimed = {s for info in service.catalog.registry.of_kind(ComponentKind.LOADER).values()
               for s in getattr(info.cls, "suffixes", ())}
    if (suffix and suffix in claimed) or wanted not in claimed:
        return filename
    return filename + wanted


def _said_wrongly(request: Request, filename: str, data: bytes) -> list[str] | None:
    """The request's Content-Type or filename naming another kind of document than its
    bytes are (a PNG sent as text/plain): a warning for the record (the bytes decide)."""
    said = mismatch(request.headers.get("content-type", ""), filename, data)
    return [said] if said else None


def _usable(service: Service, who: Principal) -> list[str]:
    """The templates a key may use: for a key limited to some, the others are answered as
    if they did not exist (no hint spells their names, no status tells them apart from a
    name that does not exist)."""
    return [name for name in service.templates if who.may_use(name)]


def _usable_packets(service: Service, who: Principal) -> list[str]:
    """The packet templates a key may see: those whose documents it may all use (the
    ones ``split=true`` applies for it)."""
    return [p.name for p in service.catalog.packets
            if all(who.may_use(d.template) for d in p.documents)]


def _unknown(name: str, known: list[str]) -> str:
    from formsift.util.suggest import did_you_mean

    hint = did_you_mean(name, known)
    return f"no template named {name!r}" + (f"; did you mean {hint!r}?" if hint else
                                            " (GET /v1/templates lists them)")


def check_template(service: Service, who: Principal, template: str | None) -> None:
    """A template the key may not use is unknown to it, as one that does not exist (and
    the same answer: else a 403 would confirm a guessed name)."""
    if template is None:
        if not who.all_templates:
            raise ApiError(403, "forbidden", "this key may use only the templates "
                                             f"{', '.join(who.templates)}: name one")
        return
    if template not in service.templates or not who.may_use(template):
        raise ApiError(422, "unknown_template", _unknown(template, _usable(service, who)))


def check_split(service: Service, who: Principal, template: str | None) -> None:
    """``split=true`` classifies every page, as ``formsift extract --split`` does (which
    refuses ``--template``): against every template the key may use, and applies the
    packet templates (``packet kyc``) whose documents it finds. A template named as well
    is refused, saying what it is (among the templates and packet templates the key may
    use: another is unknown to it)."""
    if template is None:
        return
    packets = _usable_packets(service, who)
    templates = _usable(service, who)
    where = [{"loc": ["query", "template"], "message": "not taken with split=true"}]
    candidates = ("the templates this key may use" if who.scope() is not None
                  else "every template")
    if template in packets:
        raise ApiError(422, "invalid_request",
                       f"{template!r} is a packet template: split=true applies it by itself "
                       f"when the file holds its documents; leave out template", where)
    if template in templates:
        raise ApiError(422, "invalid_request",
                       f"split=true classifies every page against {candidates}, as "
                       "formsift extract --split does: leave out template (or leave out "
                       f"split to extract the whole file as one {template!r})", where)
    from formsift.util.suggest import did_you_mean

    hint = did_you_mean(template, [*templates, *packets])
    raise ApiError(422, "unknown_template",
                   f"no template or packet template named {template!r}"
                   + (f" (did you mean {hint!r}?)" if hint else "")
                   + "; and split=true takes no template: leave it out", where)


def _may_see_packet(who: Principal, row: dict[str, Any]) -> bool:
    """A packet is visible to a key that may use the templates of all its documents (of
    those that have one), and to the key that sent it (its documents were classified
    against that key's templates only)."""
    if who.all_templates:
        return True
    templates = {d.get("template") for d in row["result"].get("documents") or []} - {None}
    if not all(who.may_use(t) for t in templates):
        return False
    return bool(templates) or row["api_key_id"] == who.key_id


def _record_out(row: dict[str, Any], retained: bool, service: Service) -> RecordOut:
    return RecordOut(record_id=row["id"],
                     template_served=_served(service, row["template"]),
                     created_at=row["created_at"], source=row["source"],
                     template=row["template"], status=row["status"],
                     extracted_status=row["extracted_status"],
                     document_hash=row["document_hash"], document_retained=retained,
                     claimed_by=row["claimed_by"], claim_expires_at=row["claim_expires_at"],
                     reviewed_by=row["reviewed_by"], reviewed_at=row["reviewed_at"],
                     packet_id=row.get("packet_id"),
                     packet_pages=pages_of(row.get("packet_pages")),
                     result=ExtractionResult.model_validate(row["result"]))


def _served(service: Service, template: str | None) -> bool | None:
    """Whether the service still serves a record's template (None: it has none)."""
    return None if template is None else template in service.templates


async def _visible_record(service: Service, who: Principal, record_id: str
                          ) -> dict[str, Any]:
    row = await asyncio.to_thread(service.store.record, record_id)
    if row is None or not who.may_use(row["template"]):
        raise ApiError(404, "not_found", f"no record {record_id!r}")
    return row


async def _audit_read(service: Service, who: Principal, rows: list[dict[str, Any]],
                      what: str, **details: Any) -> None:
    """With ``audit_reads``: a ``record.read`` event for each record of ``rows`` that
    ``who`` read (``what`` of it)."""
    if not service.config.audit_reads:
        return
    for row in rows:
        await asyncio.to_thread(service.store.audit,
                                **A.read_event(who.key_id, row, what, **details))


async def _retained(service: Service, digest: str) -> bool:
    if service.config.zero_retention:
        return False
    return await asyncio.to_thread(service.store.document, digest) is not None


RecordId = Annotated[str, Path(max_length=36, description="a record id")]


# ---------------------------------------------------------------------- service info
@router.get("/health", response_model=Health, tags=["service"],
            responses=_errors(503))
async def health(service: ServiceDep) -> Any:
    """Liveness and readiness: the database answers and the workers are up."""
    import sqlalchemy as sa

    def ping() -> None:
        with service.store.engine.connect() as c:
            c.execute(sa.text("SELECT 1"))

    try:
        await asyncio.to_thread(ping)
    except Exception as exc:
        raise ApiError(503, "database_unavailable", f"database: {type(exc).__name__}"
                       ) from None
    return Health(status="ok", version=__version__, database=service.store.dialect,
                  schema_revision=service.store.revision, workers=service.pool.alive,
                  workers_configured=service.pool.size,
                  zero_retention=service.config.zero_retention)


@router.get("/metrics", tags=["service"], response_class=Response,
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                             "description": "Prometheus text format"}})
async def metrics(service: ServiceDep) -> Response:
    """Prometheus metrics."""
    from prometheus_client import CONTENT_TYPE_LATEST

    body = await asyncio.to_thread(service.metrics.render)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


@router.get("/v1/templates", response_model=list[TemplateInfo], tags=["templates"],
            responses=_errors(401, 403))
async def list_templates(service: ServiceDep, who: Anyone) -> Any:
    """The templates this service extracts with (those the key may use)."""
    return [TemplateInfo(name=t.name, title=t.title, version=t.version,
                         description=t.description, fields=list(t.fields),
                         tables={n: [c.name for c in s.columns] for n, s in t.tables.items()},
                         rules=[r.name for r in t.rules])
            for t in service.templates.values() if who.may_use(t.name)]


@router.get("/v1/templates/{name}/schema", tags=["templates"],
            responses={**_errors(401, 403, 404),
                       200: {"description": "JSON Schema (draft 2020-12) of the record",
                             "content": {"application/json": {"schema": {"type": "object"}}}}})
async def template_schema(service: ServiceDep, who: Anyone,
                          name: Annotated[str, Path(max_length=200)]) -> Any:
    """The JSON Schema of the record a template extracts."""
    from formsift.templates.schema import record_schema

    t = service.templates.get(name)
    if t is None or not who.may_use(name):
        raise ApiError(404, "not_found", f"no template named {name!r}")
    return record_schema(t)


@router.get("/v1/plugins", tags=["templates"], responses={
    **_errors(401, 403),
    200: {"description": "Installed components and plugin problems",
          "content": {"application/json": {"schema": {"type": "object"}}}}})
async def plugins(service: ServiceDep, who: Anyone) -> Any:
    """Installed components (loaders, recognizers, field types, ...) and their versions."""
    reg = service.catalog.registry
    return {"components": [i.as_dict() for i in reg.all()],
            "problems": [str(p) for p in reg.problems]}


# ---------------------------------------------------------------------- extraction
TemplateQ = Annotated[str | None, Query(max_length=200, description="template name "
                                        "(default: classify against the service's "
                                        "templates)")]
FilenameQ = Annotated[str, Query(max_length=300, description="a name for the document "
                                 "(shown in results and the review queue)")]
SplitQ = Annotated[bool, Query(description=(
    "the file may hold several documents (a packet: a KYC form, an ID card and a utility "
    "bill; three invoices in one PDF): split it by page classification and continuation "
    "cues, extract each document with its template (one record each) and apply the "
    "packet templates, as formsift extract --split does. Every page is classified "
    "against the templates the key may use: leave out template. The answer is the "
    "packet (packet_id, documents with their record_id, pages, template and status, "
    "unassigned_pages)"))]


ParamQ = Annotated[list[str] | None, Query(max_length=2000, description=(
    "a value of the template's parameters, which its rules read as param.NAME: "
    "NAME=VALUE (param=applicant=Anna%20Berg), repeatable; a list parameter takes one "
    "per value or a JSON list; each value is read with the parameter's type"))]


def request_params(given: list[str] | None) -> dict[str, Any] | None:
    """The ``param`` query values as :class:`QueryParams` (a mistake in their form: 422;
    in their names or values: the worker's ``param_error``, 422 too; none given, an
    empty one: a template's missing parameter is then told as ``?param=``)."""
    try:
        return QueryParams(parse_assignments(given or (), "?param="))
    except ParamError as exc:
        raise ApiError(422, exc.code, str(exc)) from None


@router.post("/v1/extract", response_model=ExtractResponse | PacketResponse,
             tags=["extraction"], openapi_extra=DOCUMENT_BODY,
             responses={**_errors(401, 403, 408, 413, 415, 422, 500, 503), 200: {
                 "description": "The record (ExtractResponse); with split=true, the packet "
                                "(PacketResponse): each document a record of its own"}})
async def extract(request: Request, service: ServiceDep, who: Extractor,
                  template: TemplateQ = None, filename: FilenameQ = "document",
                  split: SplitQ = False, param: ParamQ = None) -> Any:
    """Extract one small document while the client waits (up to ``sync_max_bytes``; larger
    documents go through ``POST /v1/jobs``). With ``split=true``, a file of several
    documents: one record per document, and the packet. ``param``: the values of the
    template's parameters (``?param=applicant=Anna%20Berg``)."""
    cfg = service.config
    params = request_params(param)
    if split:
        check_split(service, who, template)
    else:
        check_template(service, who, template)
    limit = min(cfg.sync_max_bytes, cfg.max_upload_bytes)
    hint = (f"; one of up to {cfg.max_upload_bytes:,} bytes can be submitted as a job "
            "(POST /v1/jobs)" if limit < cfg.max_upload_bytes else "")
    # a place in line before the body is read: the bodies of waiting requests are bounded
    with service.wait_in_line("retry later, or submit documents as jobs (POST /v1/jobs), "
                              "which wait in a queue of their own") as place:
        data = await read_document(request, service, limit, hint)
        warnings = _said_wrongly(request, filename, data)
        filename = document_name(request, service, filename, data)
        if split:
            return await _extract_packet(service, who, data, filename, place.started,
                                         params, warnings)
        try:
            result = await service.extract(data, filename, template, mode="sync",
                                           on_start=place.started, params=params,
                                           warnings=warnings)
        except ApiError as exc:
            await asyncio.to_thread(service.store.audit, **A.failure_event(
                who.key_id, content_id(data), filename, exc.code, exc.message, template))
            raise
    store = service.store
    if not cfg.zero_retention:
        await asyncio.to_thread(store.save_document, result["document_id"], filename, data)
    record_id, result = await asyncio.to_thread(
        store.save_extraction, result, lambda r: A.extraction_event(r, who.key_id),
        who.key_id)
    service.count_extraction(result, "sync")
    return {"record_id": record_id, "status": result["status"], "result": result}


async def _extract_packet(service: Service, who: Principal, data: bytes, filename: str,
                          on_start: Callable[[], Awaitable[None]],
                          params: dict[str, Any] | None = None,
                          warnings: list[str] | None = None) -> dict[str, Any]:
    """``POST /v1/extract?split=true``: the file split, each document's record stored (and
    its ``extract`` event), the packet stored (and its ``extract.packet`` event)."""
    store = service.store
    try:
        packet = await service.extract_packet(data, filename, who.scope(), mode="sync",
                                              on_start=on_start, params=params,
                                              warnings=warnings)
    except ApiError as exc:
        await asyncio.to_thread(store.audit, **A.failure_event(
            who.key_id, content_id(data), filename, exc.code, exc.message, None))
        raise
    if not service.config.zero_retention:
        await asyncio.to_thread(store.save_document, packet["document_id"], filename, data)
    saved = await asyncio.to_thread(
        store.save_packet, packet,
        lambda r, part: A.packet_document_event(r, who.key_id, part),
        lambda p, pid: A.packet_event(p, pid, who.key_id), who.key_id)
    assert saved is not None  # (None only for a job another process took over)
    packet_id, packet = saved
    service.count_packet(packet, "sync")
    return {"packet_id": packet_id, "status": packet["status"], "packet": packet}


@router.post("/v1/jobs", response_model=JobOut, status_code=202, tags=["extraction"],
             openapi_extra=DOCUMENT_BODY,
             responses=_errors(401, 403, 408, 413, 415, 422, 429))
async def submit_job(request: Request, service: ServiceDep, who: Extractor,
                     template: TemplateQ = None, filename: FilenameQ = "document",
                     callback_url: Annotated[str | None, Query(
                         max_length=2000, pattern=r"^https?://\S+$",
                         description="POSTed the outcome when the job ends, signed "
                                     "(X-Formsift-Signature)")] = None,
                     split: SplitQ = False, param: ParamQ = None) -> Any:
    """Queue a document for extraction; poll ``GET /v1/jobs/{job_id}`` or get a webhook.
    With ``split=true``, a file of several documents: the job's outcome is the packet.
    ``param``: the values of the template's parameters, kept with the job (checked
    now: a mistake is a 422 before the document is read)."""
    cfg = service.config
    params = request_params(param)
    if split:
        check_split(service, who, template)
    else:
        check_template(service, who, template)
    check_params(service, who, template, params, split=split)
    if callback_url is not None:
        await check_callback(service, callback_url)
    if service.jobs.pending >= cfg.max_queued_jobs:
        raise ApiError(429, "queue_full", f"{service.jobs.pending} jobs are waiting; retry "
                                          "later", headers={"Retry-After": "5"})
    data = await read_document(request, service, cfg.max_upload_bytes)
    warnings = _said_wrongly(request, filename, data)
    filename = document_name(request, service, filename, data)
    digest = content_id(data)
    store = service.store
    if not cfg.zero_retention:
        await asyncio.to_thread(store.save_document, digest, filename, data)
    # held by this process from the start: another process on the database leaves it be
    job_id = await asyncio.to_thread(store.add_job, source=filename, document_hash=digest,
                                     template=template, callback_url=callback_url,
                                     api_key_id=who.key_id, owner=service.jobs.owner,
                                     lease_s=cfg.job_lease_s, split=split, params=params,
                                     input_warnings=warnings)
    await asyncio.to_thread(store.audit, actor=who.key_id, action="job.submit", job_id=job_id,
                            input_hash=digest, template=template,
                            details={"source": filename, "callback": bool(callback_url),
                                     **({"split": True} if split else {}),
                                     **({"params": dict(params)} if params else {})})
    job = await asyncio.to_thread(store.job, job_id)
    service.jobs.start(job, data)
    return _job_out(job, [], None)


def check_params(service: Service, who: Principal, template: str | None,
                 params: QueryParams | None, *, split: bool = False) -> None:
    """422 ``param_error`` for a mistake in a job's parameters, as the worker would say it
    when it runs (a parameter the template needs and was not given, one no template
    declares, a value of the wrong type): said at submission, not as a failed job. A
    split job's are checked against the templates and packet templates of ``who``'s
    scope, which its worker classifies against (a parameter only another template
    declares is no parameter of this key's, nor named in a hint)."""
    from formsift.templates.params import check_known

    engine = service.catalog
    try:
        if split:
            if params:
                check_known(params, among(engine, who.scope()).declared_params(),
                            "the engine's templates or packets")
        elif template is not None:
            engine.param_values(engine.template(template), params)
        elif params:
            check_known(params, engine.declared_params(), "the engine's templates")
    except ParamError as exc:
        raise ApiError(422, exc.code, str(exc)) from None


async def check_callback(service: Service, url: str) -> None:
    """422 unless the service signs webhooks and may call ``url`` (a public address,
    unless private ones are allowed)."""
    if not service.config.webhook_secret:
        raise ApiError(422, "webhooks_disabled", "this service has no webhook secret "
                                                 "(FORMSIFT_WEBHOOK_SECRET)")
    try:
        await webhooks.check_callback(url, service.config.webhook_allow_private)
    except webhooks.CallbackRefused as exc:
        raise ApiError(422, "callback_not_allowed", str(exc),
                       details=[{"field": "callback_url"}]) from None


def _job_out(job: dict[str, Any], deliveries: list[dict[str, Any]],
             result: dict[str, Any] | None, packet: dict[str, Any] | None = None) -> JobOut:
    error = JobError(code=job["error_code"], message=job["error_message"] or "") \
        if job["error_code"] else None
    return JobOut(job_id=job["id"], status=job["status"], created_at=job["created_at"],
                  started_at=job["started_at"], finished_at=job["finished_at"],
                  source=job["source"], template=job["template"],
                  split=bool(job.get("split")), params=job.get("params") or None,
                  record_id=job["record_id"],
                  packet_id=job.get("packet_id"),
                  error=error, callback_url=webhooks.masked(job["callback_url"]),
                  webhook_state=job.get("webhook_state"),
                  deliveries=[DeliveryOut(**{k: d[k] for k in DeliveryOut.model_fields})
                              for d in deliveries],
                  result=ExtractionResult.model_validate(result) if result else None,
                  packet=PacketOut.model_validate(packet) if packet else None)


def _job_view(store: Any, who: Principal, job: dict[str, Any]
              ) -> tuple[bool, dict[str, Any] | None]:
    """Whether ``who`` may see ``job`` (the key that submitted it, or an audit key, within
    the key's template scope: a split job's packet as :func:`_may_see_packet` says), and
    the row that said so: the packet's for a split job, the record's for another (None
    while there is none). ``storage._within`` says the same in SQL, for listings."""
    if job["api_key_id"] != who.key_id and "audit" not in who.roles:
        return False, None
    if job.get("split"):
        packet_row = store.packet(job["packet_id"]) if job["packet_id"] else None
        ok = (_may_see_packet(who, packet_row) if packet_row else
              who.all_templates or job["api_key_id"] == who.key_id)
        return ok, packet_row
    row = store.record(job["record_id"]) if job["record_id"] else None
    return who.may_use(job["template"] or (row["template"] if row else None)), row


async def _visible_job(service: Service, who: Principal, job_id: str
                       ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The job and its packet or record row (:func:`_job_view`), or 404 as for a job that
    does not exist."""
    job = await asyncio.to_thread(service.store.job, job_id)
    seen = await asyncio.to_thread(_job_view, service.store, who, job) if job else None
    if seen is None or not seen[0]:
        raise ApiError(404, "not_found", f"no job {job_id!r}")
    return job, seen[1]


JobStatus = Literal["queued", "running", "done", "failed"]
WebhookState = Literal["pending", "delivered", "failed"]
JOBS_HEADERS = {
    "X-Has-More": {"description": "true when jobs follow this page",
                   "schema": {"type": "string", "enum": ["true", "false"]}},
    "X-Next-After": {"description": "with more to come: the after of the next page (this "
                                    "page's last job id)", "schema": {"type": "string"}}}


@router.get("/v1/jobs", response_model=list[JobSummary], tags=["extraction"],
            responses={**_errors(401, 403, 404),
                       200: {"description": "A page of jobs, newest first",
                             "headers": JOBS_HEADERS}})
async def list_jobs(service: ServiceDep, who: Anyone, response: Response,
                    status: Annotated[list[JobStatus] | None, Query(
                        description="jobs of this status; repeat for any of several")
                    ] = None,
                    webhook_state: Annotated[list[WebhookState] | None, Query(
                        description="jobs whose webhook is in this state (failed: given "
                                    "up, to send again); repeat for any of several")
                    ] = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                    after: Annotated[str | None, Query(
                        max_length=36, description="the last job id of the previous "
                                                   "page: the jobs after it")] = None
                    ) -> Any:
    """The jobs this key may read (``GET /v1/jobs/{id}``): its own, or with the audit role
    every key's, within its template scope; newest first, without their results. Page
    with ``after``, the last job id of the previous page (``X-Next-After``)."""
    store = service.store
    mark = None
    if after is not None:
        mark = await asyncio.to_thread(store.job, after)
        if mark is None or not (await asyncio.to_thread(_job_view, store, who, mark))[0]:
            raise ApiError(404, "not_found", f"after: no job {after!r} (pass the last "
                                             "job_id of the previous page)",
                           details=[{"loc": ["query", "after"], "message": "no such job"}])
    owner = None if "audit" in who.roles else who.key_id
    # a key limited to some templates: the jobs it may not see left out by the query
    page = await asyncio.to_thread(store.jobs_page, api_key_id=owner, statuses=status,
                                   webhook_states=webhook_state, before=mark,
                                   limit=limit + 1, templates=who.scope(),
                                   viewer=who.key_id)
    more = len(page) > limit
    page = page[:limit]
    response.headers["X-Has-More"] = "true" if more else "false"
    if more:
        response.headers["X-Next-After"] = page[-1]["id"]
    return [JobSummary(**_job_out(job, [], None).model_dump(include=set(
        JobSummary.model_fields))) for job in page]


@router.post("/v1/jobs/{job_id}/webhook", response_model=JobOut, status_code=202,
             tags=["extraction"], responses={**_errors(401, 403, 404, 422), 409: {
                 "model": ErrorResponse,
                 "description": "The job is not finished, has no callback_url, or its "
                                "webhook is being delivered"}})
async def resend_webhook(service: ServiceDep, who: Extractor,
                         job_id: Annotated[str, Path(max_length=36)]) -> Any:
    """Deliver a finished job's webhook again (its receiver lost it, or was down for every
    attempt): a new round of ``--webhook-attempts`` tries, signed as every delivery is, to
    the job's ``callback_url``, checked again against the private-address rules. For the
    key that submitted the job (audited as ``job.webhook``)."""
    store = service.store
    job, _ = await _visible_job(service, who, job_id)
    if job["api_key_id"] != who.key_id:
        raise ApiError(404, "not_found", f"no job {job_id!r}")
    if job["status"] not in ("done", "failed"):
        raise ApiError(409, "job_not_finished", f"job {job_id} is {job['status']}: its "
                                                "webhook is sent when it ends")
    if not job["callback_url"]:
        raise ApiError(409, "no_callback", f"job {job_id} was submitted without a "
                                           "callback_url")
    if job["webhook_state"] == "pending":
        raise ApiError(409, "webhook_pending", f"job {job_id}'s webhook is being "
                                               "delivered (or retried): see its deliveries")
    await check_callback(service, job["callback_url"])
    if not await service.jobs.resend(job_id):
        raise ApiError(409, "webhook_pending", f"job {job_id}'s webhook is being "
                                               "delivered by another service process")
    await asyncio.to_thread(store.audit, actor=who.key_id, action="job.webhook",
                            job_id=job_id, input_hash=job["document_hash"],
                            template=job["template"],
                            details={"previous_state": job["webhook_state"]})
    job = await asyncio.to_thread(store.job, job_id)
    deliveries = await asyncio.to_thread(store.deliveries, job_id)
    return await asyncio.to_thread(_job_out, job, deliveries, None)


@router.get("/v1/jobs/{job_id}", response_model=JobOut, tags=["extraction"],
            responses=_errors(401, 403, 404))
async def get_job(service: ServiceDep, who: Anyone,
                  job_id: Annotated[str, Path(max_length=36)]) -> Any:
    """A job's state; its result once done; its webhook delivery attempts. Visible to the
    key that submitted it and to audit keys, within the key's template scope."""
    store = service.store
    job, seen = await _visible_job(service, who, job_id)
    if job.get("split"):
        packet_row = seen
        deliveries = await asyncio.to_thread(store.deliveries, job_id)
        packet = await asyncio.to_thread(store.packet_out, job["packet_id"],
                                         row=packet_row) if packet_row else None
        if packet_row:
            await _audit_read(service, who, await _packet_records(service, packet_row),
                              "job", job_id=job_id, packet_id=job["packet_id"])
        return await asyncio.to_thread(_job_out, job, deliveries, None, packet)
    row = seen
    if row:
        await _audit_read(service, who, [row], "job", job_id=job_id)
    deliveries = await asyncio.to_thread(store.deliveries, job_id)
    # validating a large result takes a while: not on the event loop, which webhook
    # retries and every other request share
    return await asyncio.to_thread(_job_out, job, deliveries, row["result"] if row else None)


# ---------------------------------------------------------------------- packets
@router.get("/v1/packets/{packet_id}", response_model=PacketResponse, tags=["records"],
            responses=_errors(401, 403, 404))
async def get_packet(service: ServiceDep, who: Anyone,
                     packet_id: Annotated[str, Path(max_length=36)]) -> Any:
    """A split file (``split=true``): its documents, each with its record's id, pages,
    template, and status and result as they are now (after any review); the pages no
    document took; the packet template's rules. The packet's own status and reasons are
    those of its extraction."""
    store = service.store
    row = await asyncio.to_thread(store.packet, packet_id)
    if row is None or not _may_see_packet(who, row):
        raise ApiError(404, "not_found", f"no packet {packet_id!r}")
    packet = await asyncio.to_thread(store.packet_out, packet_id, row=row)
    await _audit_read(service, who, await _packet_records(service, row), "packet",
                      packet_id=packet_id)
    return await asyncio.to_thread(PacketResponse.model_validate, {
        "packet_id": packet_id, "status": row["status"], "packet": packet})


async def _packet_records(service: Service, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a packet's documents (for :func:`_audit_read`; none without
    ``audit_reads``)."""
    if not service.config.audit_reads:
        return []
    ids = [d.get("record_id") for d in row["result"].get("documents") or []]
    found = [await asyncio.to_thread(service.store.record, i) for i in ids if i]
    return [r for r in found if r is not None]


# ---------------------------------------------------------------------- records
@router.get("/v1/records/{record_id}", response_model=RecordOut, tags=["records"],
            responses=_errors(401, 403, 404))
async def get_record(service: ServiceDep, who: Anyone, record_id: RecordId) -> Any:
    """A stored record: its current result (after any review) and review state."""
    row = await _visible_record(service, who, record_id)
    await _audit_read(service, who, [row], "record")
    return _record_out(row, await _retained(service, row["document_hash"]), service)


@router.get("/v1/records/{record_id}/corrections", response_model=list[CorrectionOut],
            tags=["records"], responses=_errors(401, 403, 404))
async def get_corrections(service: ServiceDep, who: Anyone, record_id: RecordId) -> Any:
    """Every correction made to a record: field, before, after, reviewer, time."""
    row = await _visible_record(service, who, record_id)
    await _audit_read(service, who, [row], "corrections")
    return await asyncio.to_thread(service.store.corrections, record_id)


@router.get("/v1/records/{record_id}/pages/{page}", tags=["records"],
            response_class=Response,
            responses={**_errors(401, 403, 404, 422, 500, 503),
                       200: {"content": {"image/png": {"schema": {"type": "string",
                                                                  "format": "binary"}}},
                             "description": "The page as PNG",
                             "headers": {"X-Formsift-Dpi": {
                                 "description": "the dpi the page is drawn at: the one "
                                                "asked for, or lower for a page over "
                                                f"{MAX_PAGE_IMAGE_PIXELS:,} pixels at it",
                                 "schema": {"type": "integer"}},
                                 "X-Formsift-Page-Transform": {
                                     "description": "what was done to the page as it "
                                                    "came, as the preprocessing did "
                                                    "before it was read: 'turn=90' "
                                                    "(clockwise), 'deskew=-2.48' "
                                                    "(degrees, counter-clockwise), "
                                                    "'perspective', in order; 'none'",
                                     "schema": {"type": "string"}}}}})
async def page_image(service: ServiceDep, who: Anyone, record_id: RecordId,
                     page: Annotated[int, Path(ge=1, le=10000)],
                     dpi: Annotated[int | None, Query(ge=36, le=200)] = None,
                     original: Annotated[bool, Query(description=(
                         "the page as it came (a photo taken sideways stays sideways): "
                         "the result's boxes do not fit it when the page was turned or "
                         "straightened (X-Formsift-Page-Transform)"))] = False) -> Response:
    """A page of the record's document as PNG, for the review page: the page as it was
    read, turned and straightened as the preprocessing did (a photo taken sideways is
    served upright, a skewed scan straight), so the result's boxes, fractions of that
    page, fit it at any size. ``X-Formsift-Page-Transform`` says what was done to the
    page as it came (``turn=270; deskew=-2.48``, or ``none``). A page over
    ``MAX_PAGE_IMAGE_PIXELS`` pixels at the dpi asked for is drawn at the highest dpi
    within it (``X-Formsift-Dpi`` says which)."""
    row = await _visible_record(service, who, record_id)
    info = next((p for p in row["result"].get("page_info") or []
                 if isinstance(p, dict) and p.get("page") == page), None)
    transform = [] if original or info is None else read_frame(info)
    pages = pages_of(row.get("packet_pages"))
    if pages is not None and page not in pages:
        # the file's other pages are other documents (of other templates, perhaps)
        raise ApiError(404, "not_found", f"page {page} is not a page of this record: it "
                                         f"is a document of a split file, on page(s) "
                                         f"{', '.join(map(str, pages))}")
    if service.config.zero_retention:
        raise ApiError(404, "not_retained", "the document was not retained (zero retention)")
    # a place in line before the document is read from the database (up to the upload
    # limit in memory)
    with service.wait_in_line("retry later") as place:
        doc = await asyncio.to_thread(service.store.document, row["document_hash"])
        if doc is None:
            raise ApiError(404, "not_retained", "the document was not retained (it was "
                                                "purged after the retention period, or "
                                                "stored by a zero-retention run)")
        png, drawn = await service.render(doc[1], doc[0], page,
                                          dpi or service.config.render_dpi, place.started,
                                          transform)
    await _audit_read(service, who, [row], "page", page=page)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=300",
                             "X-Formsift-Dpi": str(drawn),
                             "X-Formsift-Page-Transform": _transform_text(transform)})


def _transform_text(steps: list[list[Any]]) -> str:
    """``turn=270; deskew=-2.48; perspective`` (what :func:`read_frame` steps did), or
    ``none``."""
    parts = [f"{kind}={arg:g}" if kind in ("turn", "deskew") else kind
             for kind, arg in steps]
    return "; ".join(parts) or "none"


# ---------------------------------------------------------------------- review
QUEUE_HEADERS = {
    "X-Total-Count": {"description": "records waiting with these filters, in all (not only "
                                     "after the cursor)", "schema": {"type": "integer"}},
    "X-Has-More": {"description": "true when records follow this page",
                   "schema": {"type": "string", "enum": ["true", "false"]}},
    "X-Next-After": {"description": "with more to come: the after of the next page (this "
                                    "page's last record id)", "schema": {"type": "string"}}}


@router.get("/v1/review/queue", response_model=list[QueueItem], tags=["review"],
            responses={**_errors(401, 403, 404),
                       200: {"description": "A page of the queue", "headers": QUEUE_HEADERS}})
async def review_queue(service: ServiceDep, who: Reviewer, response: Response,
                       limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                       after: Annotated[str | None, Query(
                           max_length=36, description="the last record id of the previous "
                                                      "page: the records after it")] = None,
                       template: Annotated[str | None, Query(
                           max_length=200, description="records of this template only")
                       ] = None,
                       reason: Annotated[list[str] | None, Query(
                           max_length=100, description="records with a reason of this code "
                                                       "(rule_failed, duplicate_document, "
                                                       "...); repeat for any of several")
                       ] = None,
                       rule: Annotated[list[str] | None, Query(
                           max_length=200, description="records whose rule of this name "
                                                       "failed (first_time, totals, ...); "
                                                       "repeat for any of several")] = None
                       ) -> Any:
    """Records waiting for review, oldest first (claims that expired show as free); page
    through them with ``after``, the last record id of the previous page (``X-Next-After``).
    ``X-Total-Count`` says how many wait with the filters, ``X-Has-More`` whether more
    follow. Filter by ``template``, ``reason`` (a reason's code) and ``rule`` (a failed
    rule's name); each item lists its reasons' codes and its failed rules."""
    if after is not None:
        mark = await asyncio.to_thread(service.store.record, after)
        if mark is None or not who.may_use(mark["template"]):
            raise ApiError(404, "not_found", f"after: no record {after!r} (pass the last "
                                             "record_id of the previous page)",
                           details=[{"loc": ["query", "after"], "message": "no such record"}])
    rows, total, more = await asyncio.to_thread(
        service.store.review_page, who.scope(), limit, after, template=template,
        reasons=reason, rules=rule)
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Has-More"] = "true" if more else "false"
    if more and rows:
        response.headers["X-Next-After"] = rows[-1]["id"]
    return [QueueItem(record_id=r["id"], template_served=_served(service, r["template"]),
                      **{k: r[k] for k in QueueItem.model_fields
                         if k not in ("record_id", "template_served")}) for r in rows]


async def _claim(service: Service, who: Principal, record_id: str | None) -> RecordOut | None:
    row = await asyncio.to_thread(service.store.claim, who.key_id, service.config.claim_ttl_s,
                                  who.scope(), record_id)
    if row is None:
        return None
    # when the claim runs out, and whose claim that had run out it took over: an expiry
    # leaves no event of its own, so "who held it when" is rebuilt from these
    details: dict[str, Any] = {"claim_expires_at": _iso(row["claim_expires_at"])}
    expired = row.pop("expired_claim", None)
    if expired:
        details["took_over_expired_claim"] = {"claimed_by": expired["claimed_by"],
                                              "expired_at": _iso(expired["expired_at"])}
    await asyncio.to_thread(service.store.audit, actor=who.key_id, action="review.claim",
                            record_id=row["id"], input_hash=row["document_hash"],
                            template=row["template"], status=row["status"], details=details)
    return _record_out(row, await _retained(service, row["document_hash"]), service)


@router.post("/v1/review/claim", response_model=RecordOut, tags=["review"],
             responses={**_errors(401, 403), 204: {"description": "The queue is empty"}})
async def claim_next(service: ServiceDep, who: Reviewer) -> Any:
    """Claim the oldest free record in review (204 when there is none)."""
    out = await _claim(service, who, None)
    return out if out is not None else Response(status_code=204)


@router.post("/v1/review/{record_id}/claim", response_model=RecordOut, tags=["review"],
             responses=_errors(401, 403, 404, 409))
async def claim_record(service: ServiceDep, who: Reviewer, record_id: RecordId) -> Any:
    """Claim one record (or renew your claim on it)."""
    row = await _visible_record(service, who, record_id)
    out = await _claim(service, who, record_id)
    if out is None:
        if row["status"] != "review":
            raise ApiError(409, "not_in_review", f"record {record_id} is {row['status']}, "
                                                 "not waiting for review")
        raise ApiError(409, "claimed", f"record {record_id} is claimed by another reviewer")
    return out


@router.post("/v1/review/{record_id}/release", status_code=204, tags=["review"],
             response_class=Response, responses=_errors(401, 403, 404, 409))
async def release(service: ServiceDep, who: Reviewer, record_id: RecordId) -> Response:
    """Give a claimed record back to the queue unchanged."""
    row = await _visible_record(service, who, record_id)
    if not await asyncio.to_thread(service.store.release, record_id, who.key_id):
        raise ApiError(409, "not_claimed", "you do not hold a claim on this record")
    await asyncio.to_thread(service.store.audit, actor=who.key_id, action="review.release",
                            record_id=record_id, input_hash=row["document_hash"],
                            template=row["template"], status=row["status"])
    return Response(status_code=204)


def _template_changed(template: Any, result: dict[str, Any], record_id: str) -> str | None:
    """Why a record cannot be validated with ``template`` as served now: it was extracted
    with another version of it (its ``audit.template_hash``); None when it was not."""
    if template is None:
        return None
    audit = result.get("audit") or {}
    was = audit.get("template_hash")
    if not was or not template.source_hash or was == template.source_hash:
        return None
    return (f"the record was extracted with another version of template "
            f"{template.name!r} ({audit.get('template_version') or '?'}, {was}) than the "
            f"one served now ({template.version}, {template.source_hash}): its values cannot "
            "be validated with it. Extract its document again with the template as it is "
            f"now (POST /v1/review/{record_id}/reextract), or reject it")


def _iso(t: datetime | None) -> str | None:
    """A stored (naive UTC) time as RFC 3339."""
    return None if t is None else _utc(t).isoformat().replace("+00:00", "Z")


def _gone_message(name: str) -> str:
    return (f"template {name!r} is no longer served (retired or renamed): the record can "
            "be neither corrected nor approved, as nothing can validate it; reject it "
            "({\"reject\": \"...\"}), or release it")


def _unclaimed(row: dict[str, Any], why: str = "your claim may have expired") -> ApiError:
    """The answer to a submit without a claim: ``not_in_review`` when the record is no
    longer in review (nothing to claim: not "claim it first"), else ``not_claimed``."""
    if row["status"] != "review":
        return ApiError(409, "not_in_review", f"record {row['id']} is {row['status']}, "
                                              "not in review")
    return ApiError(409, "not_claimed", f"claim the record first ({why})")


@router.post("/v1/review/{record_id}/submit", response_model=ReviewResult, tags=["review"],
             responses={**_errors(401, 403, 404, 409, 413), 422: {
                 "model": ErrorResponse,
                 "description": "Invalid request: the body is not JSON, or not a submission "
                                "(invalid_request); a correction that does not parse or is "
                                "over the size limits (invalid_correction)"}})
async def submit_review(service: ServiceDep, who: Reviewer, record_id: RecordId,
                        body: ReviewSubmission) -> Any:
    """Apply corrections, validate the record again with its template's rules and store
    the outcome (and every correction, before and after) under your claim."""
    store = service.store
    row = await _visible_record(service, who, record_id)
    if not await asyncio.to_thread(store.holds_claim, record_id, who.key_id):
        # the record as it is now: a submit stored since it was read (one sent at the
        # same time) has taken it out of review
        raise _unclaimed(await asyncio.to_thread(store.record, record_id) or row)
    template = service.templates.get(row["template"]) if row["template"] else None
    gone = bool(row["template"]) and template is None
    if gone and (body.reject is None or body.corrections):
        # nothing to parse corrections with, nor to validate an approval against; a
        # rejection needs neither (else such records could never leave the queue)
        raise ApiError(409, "template_gone", _gone_message(row["template"]))
    changed = _template_changed(template, row["result"], record_id)
    if changed and (body.reject is None or body.corrections):
        # its values were read with another version: validating them with this one would
        # mix the two (a renamed field reported missing, old and new fields side by side)
        raise ApiError(409, "template_changed", changed)
    unvalidated = None
    if gone:
        unvalidated = Reason(code="template_gone", message=(
            f"template {row['template']!r} is no longer served (retired or renamed): the "
            "record was rejected without validation"))
    elif changed:
        unvalidated = Reason(code="template_changed", message=(
            f"template {row['template']!r} changed since the record was extracted: the "
            "record was rejected without validation"))
    try:
        outcome = await asyncio.to_thread(apply_review, row["result"],
                                          None if unvalidated else template,
                                          body.corrections, who.key_id,
                                          seen_store=store.seen, confirm=body.confirm,
                                          reject=body.reject, unvalidated=unvalidated,
                                          templates=list(service.templates.values()))
    except CorrectionError as exc:
        raise ApiError(422, "invalid_correction", str(exc),
                       details=[{"field": exc.path}]) from None
    # a copy of a file whose earlier record stands is not accepted (it would be paid twice)
    result = outcome.result = await asyncio.to_thread(store.mark_resubmission, outcome.result,
                                                      record_id=record_id)
    if result["status"] == "review":  # a copy: the confirmation vouches for nothing
        vouch_for_nothing(outcome, result)
    audit_info = result.get("audit") or {}
    event = {"actor": who.key_id, "action": "review.submit", "record_id": record_id,
             "input_hash": row["document_hash"], "template": row["template"],
             "template_version": audit_info.get("template_version"),
             "template_hash": audit_info.get("template_hash"),
             "formsift_version": __version__, "components": audit_info.get("components"),
             "status": result["status"],
             "before": {c["field"]: c["before"] for c in outcome.corrections},
             "after": {c["field"]: c["after"] for c in outcome.corrections},
             "details": {"previous_status": row["status"], "confirmed": outcome.confirmed,
                         "rejected": body.reject,
                         "reasons": [r["code"] for r in result["reasons"]],
                         **({"template_gone": True} if gone else {}),
                         **({"template_changed": True} if changed else {})}}
    saved = await asyncio.to_thread(store.save_review, record_id, who.key_id, result,
                                    outcome.corrections, event)
    if not saved:
        # the claim ran out meanwhile, or another submit (one sent at the same time) was
        # stored first: answered as a submit sent after it would be
        now = await asyncio.to_thread(store.record, record_id)
        raise _unclaimed(now or row, "your claim expired while you were reviewing, or "
                                     "another submit of yours was stored first")
    # the document's own id (a document of a packet: the file's with its pages), as the
    # extraction recorded its values under
    document_id = row["result"].get("document_id") or row["document_hash"]
    if result["status"] == "rejected":
        await asyncio.to_thread(_forget_rejected, service, record_id, document_id)
    else:
        await asyncio.to_thread(record_seen, store.seen, template, document_id, outcome)
    service.metrics.reviews.labels(result["status"]).inc()
    stored = await asyncio.to_thread(store.corrections, record_id)
    return ReviewResult(record_id=record_id, status=result["status"],
                        previous_status=row["status"], template_served=not gone,
                        template_changed=bool(changed),
                        corrections=stored[-len(outcome.corrections):]
                        if outcome.corrections else [],
                        result=ExtractionResult.model_validate(result))


def _forget_rejected(service: Any, record_id: str, document_id: str) -> None:
    """A rejected record was never booked: forget every value its document recorded for
    ``seen_before`` and ``last_seen``, on every path (validated, or rejected after its
    template changed or was retired: the values may be under another version's
    namespace), so that the rescan asked for is no duplicate of it. Not while another
    record of the same file and template stands (a rejected copy of a booked invoice: the
    values are that record's too), nor under the namespaces of the other templates that
    read the same document and stand."""
    store = service.store
    if store.other_record_stands(record_id):
        return
    keep = [t.seen_namespace if t is not None else name
            for name in store.other_templates_standing(record_id)
            for t in [service.templates.get(name)]]
    store.seen.forget_document(document_id, keep)


@router.post("/v1/review/{record_id}/reextract", response_model=ReviewResult,
             tags=["review"], responses=_errors(401, 403, 404, 409, 422, 500, 503))
async def reextract(service: ServiceDep, who: Reviewer, record_id: RecordId) -> Any:
    """Extract a claimed record's stored document again with its template as served now
    (after a template change: the record's values were read with the older version) and
    store the new result in its place (audited as ``review.reextract``; the corrections
    made before stay in its corrections). The claim stays while the record is in review."""
    store = service.store
    row = await _visible_record(service, who, record_id)
    if not await asyncio.to_thread(store.holds_claim, record_id, who.key_id):
        raise _unclaimed(await asyncio.to_thread(store.record, record_id) or row)
    if not row["template"]:
        raise ApiError(409, "no_template", "the document matched no template: reject it, "
                                           "or send it again naming a template")
    if row["template"] not in service.templates:
        raise ApiError(409, "template_gone", _gone_message(row["template"]))
    if row.get("packet_id"):
        raise ApiError(409, "packet_document", "a document of a split file is extracted "
                                               "with its file: reject it and send the file "
                                               "again")
    if service.config.zero_retention:
        raise ApiError(404, "not_retained", "the document was not retained (zero retention)")
    with service.wait_in_line("retry later") as place:
        doc = await asyncio.to_thread(store.document, row["document_hash"])
        if doc is None:
            raise ApiError(404, "not_retained", "the document was not retained (it was "
                                                "purged after the retention period)")
        # the parameters given (not the defaults: a changed one applies; one the template
        # no longer declares is skipped)
        recorded = RecordedParams.of(row["result"].get("audit") or {})
        result = await service.extract(doc[1], doc[0], row["template"], mode="sync",
                                       on_start=place.started, params=recorded)
    # another record of the same file that stands makes this one a copy, as at a review
    result = await asyncio.to_thread(store.mark_resubmission, result, record_id=record_id)
    before = row["result"].get("audit") or {}
    event = {**A.extraction_event(result, who.key_id, action="review.reextract"),
             "record_id": record_id, "input_hash": row["document_hash"],
             "before": A.record_values(row["result"])}
    event["details"] = {**event["details"], "previous_status": row["status"],
                        "previous_template_version": before.get("template_version"),
                        "previous_template_hash": before.get("template_hash")}
    if not await asyncio.to_thread(store.save_reextraction, record_id, who.key_id, result,
                                   event):
        now = await asyncio.to_thread(store.record, record_id)
        raise _unclaimed(now or row, "your claim expired while the document was read")
    service.count_extraction(result, "sync")
    return ReviewResult(record_id=record_id, status=result["status"],
                        previous_status=row["status"], corrections=[],
                        result=ExtractionResult.model_validate(result))


# ---------------------------------------------------------------------- audit
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
Action = Literal[A.ACTIONS]  # type: ignore[valid-type]
TimeQ = Annotated[str | None, Query(max_length=40, description="an RFC 3339 date-time, e.g. "
                                    "2026-11-25T09:00:00Z", json_schema_extra={
                                        "format": "date-time"})]


def _utc_time(text: str | None, what: str) -> datetime | None:
    """An RFC 3339 date-time as naive UTC (how times are stored); 422 for anything else."""
    if text is None:
        return None
    t = None
    if _RFC3339.match(text):
        norm = text.upper().replace("Z", "+00:00")
        try:
            t = datetime.fromisoformat(norm)
        except ValueError:  # a leap second, 23:59:60: as good as :59
            with contextlib.suppress(ValueError):
                t = datetime.fromisoformat(norm[:17] + "59" + norm[19:])
    if t is None:
        raise ApiError(422, "invalid_request", f"{what}: not an RFC 3339 date-time: {text!r} "
                                               "(e.g. 2026-11-25T09:00:00Z)")
    return t.astimezone(UTC).replace(tzinfo=None)


@router.get("/v1/audit/export", tags=["audit"], response_class=StreamingResponse,
            responses={**_errors(401, 403, 422),
                       200: {"content": {"application/x-ndjson": {"schema": {
                           "type": "string"}}}, "description": "One event per line"}})
async def audit_export(service: ServiceDep, who: Auditor, since: TimeQ = None,
                       until: TimeQ = None,
                       action: Annotated[Action | None, Query()] = None,
                       record_id: Annotated[str | None, Query(max_length=36)] = None
                       ) -> StreamingResponse:
    """The audit trail as JSON Lines: who, when, what, input hash, template and component
    versions, before and after values. A key scoped to some templates gets only the
    events of those templates."""
    rows = service.store.audit_events(since=_utc_time(since, "since"),
                                      until=_utc_time(until, "until"), action=action,
                                      record_id=record_id, templates=who.scope())
    return StreamingResponse(A.jsonl(rows), media_type="application/x-ndjson")


# ---------------------------------------------------------------------- web page
@router.get("/review", include_in_schema=False)
async def review_page() -> FileResponse:
    return FileResponse(STATIC / "review.html", media_type="text/html", headers=PAGE_HEADERS)
