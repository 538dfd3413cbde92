"""The JSON Schema of a packet's record, as ``formsift extract --split --record`` writes it
(``PacketResult.record()``): ``formsift schema --templates FILE -t PACKET``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from formsift.core.result import Status
from formsift.templates.model import CompiledPacket, CompiledTemplate
from formsift.templates.schema import record_schema

_STATUS = {"enum": [s.value for s in Status]}
_PAGES = {"type": "array", "items": {"type": "integer", "minimum": 1}}
#: A reason as a record lists it: its code and message, and what else it names.
_REASONS = {"type": "array", "items": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}


def packet_record_schema(packet: CompiledPacket,
                         template: Callable[[str], CompiledTemplate]) -> dict[str, Any]:
    """The schema of ``packet``'s record: the packet's source, name, status and reasons,
    its documents (each role's: its template's record, :func:`record_schema`; a document
    with no role, ``role: null``: any record) and its unassigned pages. ``template``
    gives a document template by name (``Engine.template``)."""
    roles = [_document(d.role, d.template, _record(template(d.template)))
             for d in packet.documents]
    extra = _document(None, None, {"type": "object"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:formsift:packet:{packet.name}:{packet.version}",
        "title": packet.title or packet.name,
        "type": "object",
        "properties": {
            "source": {"type": "string"},
            "packet": {"anyOf": [{"const": packet.name}, {"type": "null"}],
                       "description": "null: the file's documents fit no packet template"},
            "status": _STATUS,
            "reasons": _REASONS,
            "documents": {"type": "array", "items": {"oneOf": [*roles, extra]}},
            "unassigned_pages": _PAGES,
            "blank_pages": _PAGES,
            "separator_pages": _PAGES,
        },
        "required": ["source", "packet", "status", "reasons", "documents",
                     "unassigned_pages"],
        "additionalProperties": False,
    }


def _record(t: CompiledTemplate) -> dict[str, Any]:
    """A document template's record schema, as a part of the packet's."""
    return {k: v for k, v in record_schema(t).items() if k != "$schema"}


def _document(role: str | None, template: str | None,
              record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "role": {"const": role} if role else {"type": "null"},
            "template": {"const": template} if template else {"type": ["string", "null"]},
            "pages": _PAGES,
            "status": _STATUS,
            "reasons": _REASONS,
            "record": record,
        },
        "required": ["role", "template", "pages", "status", "reasons", "record"],
        "additionalProperties": False,
    }
