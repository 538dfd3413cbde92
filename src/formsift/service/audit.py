"""The audit trail: what every extraction and review action records, and its export as
JSON Lines (``GET /v1/audit/export``, ``formsift audit export``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

#: Actions written to the trail.
ACTIONS = ("extract", "extract.packet", "extract.failed", "job.submit", "job.webhook",
           "review.claim", "review.release", "review.submit", "review.reextract",
           "key.create", "key.revoke", "documents.purge", "record.read")


def record_values(result: dict[str, Any]) -> dict[str, Any]:
    """The plain values of a result (JSON form): fields and table cells."""
    out: dict[str, Any] = {}
    for name, fv in (result.get("fields") or {}).items():
        if fv is None:
            out[name] = None
        elif isinstance(fv, list):
            out[name] = [x.get("value") for x in fv]
        else:
            out[name] = fv.get("value")
    for name, rows in (result.get("tables") or {}).items():
        out[name] = [{c: (v.get("value") if v else None) for c, v in row.items()}
                     for row in rows]
    return out


def read_event(actor: str, row: dict[str, Any], what: str, **details: Any
               ) -> dict[str, Any]:
    """A ``record.read`` row (with ``--audit-reads``): who read which record, and what of
    it (``record``, ``corrections``, ``page``, through a ``job`` or a ``packet``)."""
    return {"actor": actor, "action": "record.read", "record_id": row["id"],
            "job_id": details.pop("job_id", None), "input_hash": row["document_hash"],
            "template": row["template"], "status": row["status"],
            "details": {"what": what, **details}}


def extraction_event(result: dict[str, Any], actor: str, *, action: str = "extract",
                     job_id: str | None = None) -> dict[str, Any]:
    """An audit row for an extraction: input hash, template and component versions (from
    the result's audit block), the status and the extracted values."""
    audit = result.get("audit") or {}
    return {
        "actor": actor, "action": action, "job_id": job_id,
        "input_hash": audit.get("input_hash") or result.get("document_id"),
        "template": audit.get("template"), "template_version": audit.get("template_version"),
        "template_hash": audit.get("template_hash"),
        "formsift_version": audit.get("formsift_version"),
        "components": audit.get("components"), "status": result.get("status"),
        "before": None, "after": record_values(result),
        "details": {"source": result.get("source"), "pages": result.get("pages"),
                    "reasons": [r.get("code") for r in result.get("reasons") or []],
                    "timings_ms": audit.get("timings_ms")},
    }


def packet_document_event(result: dict[str, Any], actor: str, part: Any, *,
                          job_id: str | None = None) -> dict[str, Any]:
    """The ``extract`` row of a document of a packet: as :func:`extraction_event`, with
    the file's hash as the input hash (the SHA-256 of what was sent, as for any upload)
    and the packet's id and the document's pages in its details."""
    event = extraction_event(result, actor, job_id=job_id)
    event["input_hash"] = part.file_hash
    event["details"] = {**event["details"], "packet_id": part.packet_id,
                        "packet_pages": list(part.pages)}
    return event


def packet_event(packet: dict[str, Any], packet_id: str, actor: str, *,
                 job_id: str | None = None) -> dict[str, Any]:
    """The ``extract.packet`` row of a split file: what became of each page (the
    documents' records and pages, the pages no document took), the packet template and
    the packet's status and reasons."""
    return {
        "actor": actor, "action": "extract.packet", "job_id": job_id,
        "input_hash": packet.get("document_id"), "template": packet.get("packet"),
        "formsift_version": _version(), "status": packet.get("status"),
        "before": None, "after": None,
        "details": {"packet_id": packet_id, "source": packet.get("source"),
                    "pages": packet.get("pages"),
                    "documents": [{"record_id": d.get("record_id"),
                                   "template": d.get("template"), "role": d.get("role"),
                                   "pages": d.get("pages"), "status": d.get("status")}
                                  for d in packet.get("documents") or []],
                    "unassigned_pages": packet.get("unassigned_pages") or [],
                    "rules": {r.get("name"): r.get("passed")
                              for r in packet.get("rules") or []},
                    "reasons": [r.get("code") for r in packet.get("reasons") or []]},
    }


def _version() -> str:
    from formsift import __version__

    return __version__


def failure_event(actor: str, input_hash: str, source: str, code: str, message: str,
                  template: str | None, *, job_id: str | None = None) -> dict[str, Any]:
    return {"actor": actor, "action": "extract.failed", "job_id": job_id,
            "input_hash": input_hash, "template": template, "status": "error",
            "details": {"source": source, "code": code, "message": message}}


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat() + "Z"
    return v


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in row.items()}


def jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line."""
    for row in rows:
        yield json.dumps(event_json(row), ensure_ascii=False, sort_keys=True) + "\n"


def parse_time(text: str | None, what: str) -> datetime | None:
    """An ISO 8601 date or time (UTC assumed when no zone is given), as naive UTC."""
    from datetime import UTC

    from formsift.core.errors import FormsiftError

    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise FormsiftError(f"{what}: not an ISO date or time: {text!r}",
                            hint="e.g. 2026-11-25 or 2026-11-25T09:00:00Z") from exc
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    return t
