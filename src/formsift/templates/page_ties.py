"""Which values read from the page a rule's equation compares a doubted value with (code
read r2, finding 2). ``hours: decimal? default hours_between(start, end)`` with the Hours
column blank on the page makes ``each days: hours_between(start, end) == hours`` hold
whatever '715' was meant to be: its other side is computed from the doubted cell itself,
so nothing on the page checked it. An equation vouches for a value only where the value
stands on one side (itself or through the defaults computed from it: ``sum(days.hours) ==
week`` ties each start) and the other side holds a value read from the page, not one
computed from the doubted value, nor a field's ``default`` (the box left blank) or a
literal, which the page never said."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from formsift.grammar import ast as A
from formsift.templates.rules import PREVIOUS

#: a row of a table as the runtime holds it: column name -> cell (a Candidate or a
#: FieldValue, ``locator`` "default" for a cell computed from its row), None when blank
Row = Mapping[str, Any]


def _read(value: Any) -> bool:
    """Whether a field's or cell's value was read from the page (not blank, not its
    ``default``)."""
    if isinstance(value, list):
        return any(_read(v) for v in value)
    return value is not None and getattr(value, "locator", None) != "default"


def sources(e: A.Expr, template: Any, fields: Mapping[str, Any],
            tables: Mapping[str, list[Row]], table: str | None = None,
            row: Row | None = None) -> set[str]:
    """The values read from the page that ``e`` is computed from: ``"name"`` for a field,
    ``"table.column"`` for a table's cell (a cell computed by its column's ``default``
    counts as the cells its default reads, recursively), ``"table.column@previous"`` for
    a cell of the row before (``previous(balance)``). ``row``: the row of ``table`` an
    ``each`` rule reads bare column names from. A literal, a field's default or a param
    is none."""
    out: set[str] = set()
    if isinstance(e, A.Ref):
        name, attr = e.name.text, e.attr.text if e.attr else None
        columns = _columns(template, table)
        if row is not None and attr is None and name in columns:
            out |= _cell(template, table or "", name, row, set())
        elif name in tables and attr is not None:
            for r in tables[name]:
                out |= _cell(template, name, attr, r, set())
        elif name in tables:
            out |= {f"{name}.{c}" for r in tables[name] for c, v in r.items() if _read(v)}
        elif name in template.fields and _read(fields.get(name)):
            out.add(name)
    elif isinstance(e, A.FuncCall):
        if e.name.text == PREVIOUS:
            return {f"{s}@previous" for a in e.args
                    for s in sources(a, template, fields, tables, table, row)}
        beside = getattr(template.functions.get(e.name.text), "beside_value", ())
        for k, a in enumerate(e.args):
            if k not in beside:
                out |= sources(a, template, fields, tables, table, row)
    elif isinstance(e, A.Unary):
        out |= sources(e.operand, template, fields, tables, table, row)
    elif isinstance(e, A.Binary):
        out |= sources(e.left, template, fields, tables, table, row)
        out |= sources(e.right, template, fields, tables, table, row)
    return out


def _columns(template: Any, table: str | None) -> dict[str, Any]:
    spec = template.tables.get(table) if table else None
    return {c.name: c for c in spec.columns} if spec is not None else {}


def _cell(template: Any, table: str, column: str, row: Row, seen: set[str]) -> set[str]:
    """The values read from the page that cell ``column`` of ``row`` is: itself when read,
    the cells its column's default reads when computed, none when blank."""
    value = row.get(column)
    if value is None or column in seen:
        return set()
    if getattr(value, "locator", None) != "default":
        return {f"{table}.{column}"}
    spec = _columns(template, table).get(column)
    if spec is None or spec.default is None:
        return set()
    out: set[str] = set()
    for ref in A.walk(spec.default):
        if isinstance(ref, A.Ref) and ref.attr is None:
            out |= _cell(template, table, ref.name.text, row, seen | {column})
    return out


def checked_by_page(node: A.Binary, own: str, template: Any, fields: Mapping[str, Any],
                    tables: Mapping[str, list[Row]], table: str | None = None,
                    row: Row | None = None, unsure: Collection[str] = ()) -> bool:
    """Whether equation ``node`` compares value ``own`` (a source, see :func:`sources`)
    with a value read from the page: ``own`` on one side only, and on the other a value
    read from the page other than those in ``unsure`` (values themselves doubted)."""
    left = sources(node.left, template, fields, tables, table, row)
    right = sources(node.right, template, fields, tables, table, row)
    if (own in left) == (own in right):
        return False
    other = right if own in left else left
    return bool(other - set(unsure) - {own})
