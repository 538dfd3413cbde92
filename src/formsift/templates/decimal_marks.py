"""Values written with one mark and three digits after it, where the document does not
show which mark is its decimal one, and the rules that settle them.

"325,000 kg" is 325 kg in a document whose decimal mark is the comma and 325000 kg in
one whose decimal mark is the point (the shipping journey, finding 4: "6.100 KGS" read
6.1). Where the template states neither ``decimal`` nor ``thousands``, the document's
own numbers are weighed (:func:`~formsift.plugins.fieldtypes.amounts.weigh_marks`: the
template's numeric values count more, its other values, such as an HS code "8481.40" in
a text column, not at all); where they show no mark by a clear majority, each such
``decimal`` or ``money`` value reads two ways (customs journey, finding 1).

The two readings are the two conventions of one document: every such value read the
other way at once, never one alone (a sum of weights written "6.100" and a total
"18.400" holds both ways alike). The error rules that tie such a value to another
(``sum(items.net_kg) == total_net``, ``each items: qty * unit_price == amount``: see
:func:`~formsift.templates.runtime._ties`) are evaluated with the values as read and
with all of them read the other way: where some hold with one reading and fail with the
other, and none the other way round, that reading is settled for the values they tie
(the other one taken, where the rules hold with it), and the rule's outcome says so;
where a rule holds with both, fails with both or cannot be evaluated, or the rules
disagree, the values keep their ``ambiguous`` reason (customs journey, finding 2). The
cost is one more evaluation of those rules: an ``each`` rule only on the rows of the
doubted cells (and the rows after them, where it reads ``previous()``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from formsift.core.result import Reason

if TYPE_CHECKING:
    from formsift.core.document import Document
    from formsift.templates.locators import Candidate
    from formsift.templates.model import CompiledTemplate, RuleSpec
    from formsift.templates.rules import Scope

#: The field types whose values are doubted.
KINDS = ("decimal", "money")


@dataclass
class Doubt:
    """A value that reads two ways: a field (``row`` None) or a table cell."""

    #: the field's name, or the cell's column as "table.column"
    key: str
    row: int | None
    cand: Candidate
    other: Decimal

    def said(self) -> str:
        """"'325,000' (325.000 or 325000)"."""
        return f"'{self.cand.raw}' ({self.cand.value} or {self.other})"


def settle_marks(template: CompiledTemplate, doc: Document, chosen: dict[str, Any],
                 tables: dict[str, list[dict[str, Any]]], chose: dict[str, str]
                 ) -> list[Reason]:
    """The ``ambiguous`` reasons of the values of ``chosen`` and ``tables`` that read two
    ways (:func:`doubts`) and no rule settles (:func:`_settle`: ``chosen`` and
    ``tables`` take the reading the rules settle; ``chose`` gets, per rule that settled
    values, what it settled)."""
    found = doubts(template, doc, chosen, tables)
    if not found:
        return []
    settled = _settle(template, chosen, tables, found, chose)
    return _reasons([d for k, d in enumerate(found) if k not in settled])


def doubts(template: CompiledTemplate, doc: Document, chosen: dict[str, Any],
           tables: dict[str, list[dict[str, Any]]]) -> list[Doubt]:
    """The ``decimal`` and ``money`` values written with one mark and three digits after
    it whose other reading the document does not rule out
    (:func:`~formsift.plugins.fieldtypes.amounts.other_reading`), where the template
    states neither ``decimal`` nor ``thousands``."""
    from formsift.plugins.fieldtypes.amounts import other_reading

    if template.marks_stated:
        return []
    locale = template.context.locale
    shown: list[str | None] = []
    out = []
    for key, row, cand, ftype in _values(template, chosen, tables):
        if ftype.name not in KINDS or cand is None or cand.raw is None \
                or getattr(cand, "rival", None) is not None:
            continue
        options = {"money": ftype.name == "money",
                   "currency": getattr(ftype.options, "currency", None)
                   or template.context.currency,
                   "decimals": getattr(ftype.options, "decimals", None)}
        if other_reading(cand.raw, cand.value, locale, None, **options) is None:
            continue  # no other reading whatever the document shows: not weighed
        if not shown:
            shown.append(_shown_mark(template, doc, chosen, tables))
        other = other_reading(cand.raw, cand.value, locale, shown[0], **options)
        if other is not None:
            out.append(Doubt(key, row, cand, other))
    return out


def _values(template: CompiledTemplate, chosen: dict[str, Any],
            tables: dict[str, list[dict[str, Any]]]) -> list[tuple[str, int | None, Any, Any]]:
    """(key, row, candidate, type) of every single field's and table cell's value."""
    out: list[tuple[str, int | None, Any, Any]] = []
    for name, spec in template.fields.items():
        if not spec.repeated:
            out.append((name, None, chosen.get(name), spec.type))
    for name, rows in tables.items():
        spec = template.tables.get(name)
        types = {c.name: c.type for c in spec.columns} if spec is not None else {}
        for i, row in enumerate(rows):
            out += [(f"{name}.{col}", i, cand, types[col]) for col, cand in row.items()
                    if col in types]
    return out


def _shown_mark(template: CompiledTemplate, doc: Document, chosen: dict[str, Any],
                tables: dict[str, list[dict[str, Any]]]) -> str | None:
    """The decimal mark the document's numbers show by a clear majority, the texts of
    the template's numeric values counted twice and those of its other values not at
    all (:func:`~formsift.plugins.fieldtypes.amounts.weigh_marks`)."""
    from formsift.plugins.fieldtypes.amounts import mark_evidence, weigh_marks
    from formsift.templates.runtime import _of_text

    numbers: list[str] = []
    codes: list[str] = []
    repeated = [(n, None, c, s.type) for n, s in template.fields.items() if s.repeated
                for c in (chosen.get(n) or [])]
    for _key, _row, cand, ftype in [*_values(template, chosen, tables), *repeated]:
        raw = getattr(cand, "raw", None)
        if raw:
            kind = getattr(ftype, "value_kind", "text")
            (numbers if kind in ("number", "money") else codes).append(raw)
    return weigh_marks(_of_text(doc, mark_evidence), numbers, codes)


def _reasons(found: list[Doubt]) -> list[Reason]:
    """One ``ambiguous`` reason per field, and per table column with its rows named."""
    out = []
    columns: dict[str, list[Doubt]] = {}
    for d in found:
        if d.row is None:
            out.append(Reason(code="ambiguous", field=d.key, message=(
                f"'{d.key}' {d.said()} reads two ways: the template states neither decimal "
                f"nor thousands, and no number of the document shows which mark is its "
                f"decimal one; state them (decimal \",\" and thousands \".\", or the "
                f"other way)")))
        else:
            columns.setdefault(d.key, []).append(d)
    for key, cells in columns.items():
        said = [f"row {d.row + 1}: {d.said()}" for d in cells if d.row is not None]
        out.append(Reason(code="ambiguous", field=key, message=(
            f"'{key}' reads two ways: " + "; ".join(said[:3])
            + (f" (+{len(said) - 3} more)" if len(said) > 3 else "")
            + "; the template states neither decimal nor thousands, and no number of "
            "the document shows which mark is its decimal one"),
            rows=[d.row for d in cells if d.row is not None]))
    return out


def _settle(template: CompiledTemplate, chosen: dict[str, Any],
            tables: dict[str, list[dict[str, Any]]], found: list[Doubt],
            chose: dict[str, str]) -> set[int]:
    """The indexes of the doubts of ``found`` the error rules settle (see the module's
    docstring); those settled for their other reading take it in ``chosen`` and
    ``tables``, and ``chose`` says per rule what it settled."""
    from formsift.templates import runtime as R

    keys = {d.key for d in found}
    rules = [r for r in template.rules if r.severity == "error"
             and not R._asks_other_documents(r) and any(_tied(r, k, template) for k in keys)]
    if not rules:
        return set()
    as_read = R._scope(template, chosen, tables)
    other_chosen, other_tables = _read_otherwise(template, chosen, tables, found)
    otherwise = R._scope(template, other_chosen, other_tables)
    votes: dict[bool, list[RuleSpec]] = {True: [], False: []}  # True: the reading taken
    for r in rules:  # (an each rule's rows may vote both ways: then it settles nothing)
        for a, b in _outcomes(r, as_read, otherwise, found):
            if a is not None and b is not None and a != b and r not in votes[a]:
                votes[a].append(r)
    if bool(votes[True]) == bool(votes[False]):
        return set()  # no rule tells them apart, or the rules disagree
    taken = bool(votes[True])
    deciding = votes[taken]
    settled = {k for k, d in enumerate(found) if any(_tied(r, d.key, template)
                                                      for r in deciding)}
    for k in sorted(settled):
        d = found[k]
        read, other = d.cand.value, d.other
        if not taken:
            _take(template, chosen, tables, d)
            read, other = other, read
        where = d.key if d.row is None else f"row {d.row + 1} of {d.key}"
        for r in deciding:
            if _tied(r, d.key, template):
                said = (f"read {where} '{d.cand.raw}' as {read}, not {other}: it holds "
                        f"with that reading of the decimal mark only")
                chose[r.name] = f"{chose[r.name]}; {said}" if r.name in chose else said
    return settled


def _tied(rule: RuleSpec, key: str, template: CompiledTemplate) -> bool:
    """Whether ``rule`` holds the value ``key`` names equal to another value."""
    from formsift.templates.runtime import _ties, equated

    table, _, column = key.partition(".")
    if column:
        return _ties(rule, table, column)
    return key in equated(rule, template.functions)


def _outcomes(rule: RuleSpec, as_read: Scope, otherwise: Scope, found: list[Doubt]
              ) -> list[tuple[bool | None, bool | None]]:
    """``rule``'s outcomes with the values as read and read the other way: an ``each``
    rule over a table with doubted cells on their rows (and the rows after them where it
    reads ``previous()``); another rule as a whole."""
    from formsift.templates.runtime import _holds, _row_holds

    rows = {d.row for d in found if d.row is not None and d.key.partition(".")[0] == rule.each}
    if not rows:
        return [(_holds(rule, as_read), _holds(rule, otherwise))]
    if reads_previous(rule):
        rows |= {i + 1 for i in rows}
    return [(_row_holds(rule, as_read, i), _row_holds(rule, otherwise, i)) for i in sorted(rows)]


def reads_previous(rule: RuleSpec) -> bool:
    """Whether ``rule`` reads a value of the row before (``previous(balance)``): a cell's
    reading then counts on its own row and on the next."""
    from formsift.grammar import ast as A
    from formsift.templates.rules import PREVIOUS

    return any(isinstance(n, A.FuncCall) and n.name.text == PREVIOUS for n in A.walk(rule.expr))


def _read_otherwise(template: CompiledTemplate, chosen: dict[str, Any],
                    tables: dict[str, list[dict[str, Any]]], found: list[Doubt]
                    ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Copies of ``chosen`` and ``tables`` with every doubted value read the other way
    (the rows' defaults computed again)."""
    other_chosen = dict(chosen)
    other_tables = {t: list(rows) for t, rows in tables.items()}
    for d in found:
        _take(template, other_chosen, other_tables, d, copy=True)
    return other_chosen, other_tables


def _take(template: CompiledTemplate, chosen: dict[str, Any],
          tables: dict[str, list[dict[str, Any]]], d: Doubt, copy: bool = False) -> None:
    """``d``'s value read the other way in ``chosen`` or ``tables`` (a row of a copy of
    ``tables`` copied first, when ``copy``)."""
    from formsift.core.money import Amount
    from formsift.templates.runtime import recomplete_row

    value = d.cand.value
    other: Any = (Amount(d.other, value.currency, value.named) if isinstance(value, Amount)
                  else d.other)
    cand = replace(d.cand, value=other)
    if d.row is None:
        chosen[d.key] = cand
        return
    table, _, column = d.key.partition(".")
    row = dict(tables[table][d.row]) if copy else tables[table][d.row]
    row[column] = cand
    tables[table][d.row] = row
    recomplete_row(template, tables, table, d.row)
