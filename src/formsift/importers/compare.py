"""Compare a formsift record with the JSON invoice2data gives for the same document.

Used to check a migration field by field: numbers are compared as numbers (invoice2data
writes floats, formsift Decimals), dates as ISO dates, text exactly; line items row by
row. An empty string and a missing value count as the same (invoice2data writes ``""``
for a group that matched nothing; formsift leaves the column empty). invoice2data writes
a list of one value as the value itself, so a repeated formsift field with one value
matches it. Values only formsift gives are extras, not mismatches: fields at the top level
(listed apart) and columns of a line-item row (such as ``unece_code``, which invoice2data
1.0 adds but expected files written before it lack).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

#: Keys invoice2data adds about itself, not extracted values.
IGNORED = {"template_name"}


@dataclass
class FieldResult:
    name: str
    expected: Any
    got: Any
    ok: bool
    #: "expected" (in the expected JSON) or "extra" (only formsift has a value).
    kind: str = "expected"


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def _number(v: Any) -> Decimal | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float, Decimal)):
        return Decimal(str(v))
    if isinstance(v, str):
        try:
            return Decimal(v.strip())
        except InvalidOperation:
            return None
    return None


def same(expected: Any, got: Any) -> bool:
    """Whether formsift's value ``got`` is invoice2data's ``expected``."""
    if _empty(expected) or _empty(got):
        return _empty(expected) and _empty(got)
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return False
        return all(same(e, g) for e, g in zip(expected, got, strict=True))
    if isinstance(got, list):
        return len(got) == 1 and same(expected, got[0])
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return False
        return all(same(v, got.get(k)) for k, v in expected.items())
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        n = _number(got)
        return n is not None and abs(n - Decimal(str(expected))) < Decimal("0.000001")
    if isinstance(got, (date, datetime)):
        got = got.isoformat()[:10]
    if isinstance(expected, str) and isinstance(got, (int, Decimal)):
        return expected == str(got)
    return expected == got


def compare(expected: dict[str, Any], record: dict[str, Any]) -> list[FieldResult]:
    """Every expected field, then every field only formsift filled."""
    out = []
    for name, value in expected.items():
        if name in IGNORED:
            continue
        got = record.get(name)
        out.append(FieldResult(name, value, got, same(value, got)))
        out += _extra_columns(name, value, got)
    for name, got in record.items():
        if name not in expected and name not in IGNORED and not _empty(got):
            out.append(FieldResult(name, None, got, False, "extra"))
    return out


def _extra_columns(name: str, expected: Any, got: Any) -> list[FieldResult]:
    """Columns of line-item rows that only formsift fills, one result per column."""
    if not (isinstance(expected, list) and isinstance(got, list)):
        return []
    known = {k for row in expected if isinstance(row, dict) for k in row}
    extra: dict[str, list[Any]] = {}
    for row in got:
        if isinstance(row, dict):
            for k, v in row.items():
                if k not in known and not _empty(v):
                    extra.setdefault(k, []).append(v)
    return [FieldResult(f"{name}[].{k}", None, vs, False, "extra") for k, vs in extra.items()]
