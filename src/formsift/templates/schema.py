"""The JSON Schema of the record a template extracts (``formsift schema T``)."""

from __future__ import annotations

from typing import Any

from formsift.templates.model import CompiledTemplate


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def record_schema(t: CompiledTemplate) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, f in t.fields.items():
        item = dict(f.type.json_schema())
        item.setdefault("description", f"{f.type_name} field")
        props[name] = {"type": "array", "items": item} if f.repeated else _nullable(item)
    for name, tb in t.tables.items():
        cols = {c.name: _nullable(dict(c.type.json_schema())) for c in tb.columns}
        props[name] = {
            "type": "array",
            "items": {"type": "object", "properties": cols, "required": list(cols),
                      "additionalProperties": False},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:formsift:template:{t.name}:{t.version}",
        "title": t.title,
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }
