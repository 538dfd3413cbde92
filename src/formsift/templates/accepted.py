"""``accept low_confidence(name, address, items.description)``: fields (or columns, or
whole tables) a person reads anyway, or that are there for information, whose low
confidence alone sends no record to review.

A claims team routes a hand-filled form on its checks (a box ticked twice, a page
missing, a check digit) and reads the policyholder's name and the accident's
description itself: handwritten letters are read at 0.58 at most, so without this every
form went to review for them, and ``accept when`` overrules doubts on every value
(a misread repair cost with them). The statement is a policy line, beside ``review when``
and ``accept when``, naming the fields as rules name them.

What it changes, and only that: a ``low_confidence`` reason about a named field becomes
a ``low_confidence_accepted`` one (:data:`~formsift.core.reasons.LOW_CONFIDENCE_ACCEPTED`),
kept in the result, after the others, and not routing. An ambiguous, invalid or missing
value of the field, a rule over it that failed or was not evaluated, a ``review when``
that names it, and every other field's doubt route as before.

Compiled as a :class:`~formsift.templates.model.PolicySpec` whose action is
:data:`ACTION` and whose expression is ``low_confidence("name", "items.description")``:
the names are texts there, not references, so that nothing reads them as a rule's
values (a second reading of key values, duplicates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from formsift.core.reasons import LOW_CONFIDENCE_ACCEPTED

if TYPE_CHECKING:
    from collections.abc import Sequence

    from formsift.core.result import Reason
    from formsift.templates.model import CompiledTemplate

#: The policy action of ``accept low_confidence(...)``.
ACTION = "accept low_confidence"
#: The reason codes a template may accept field by field. An ambiguous value (two
#: readings), a missing or invalid one are no doubt a reader settles by looking: never.
CODES = ("low_confidence",)


def accepted_names(template: CompiledTemplate) -> dict[str, str]:
    """The names the template's ``accept low_confidence(...)`` lines give (a field,
    ``table.column`` or a table), each with the line that gives it."""
    from formsift.grammar import ast as A

    out: dict[str, str] = {}
    for p in template.policies:
        if p.action == ACTION and isinstance(p.expr, A.FuncCall):
            for arg in p.expr.args:
                if isinstance(arg, A.Str):
                    out.setdefault(arg.value, f"accept {p.source}")
    return out


def note_accepted(template: CompiledTemplate, reasons: Sequence[Reason]) -> list[Reason]:
    """``reasons`` with each ``low_confidence`` reason about a field the template accepts
    it for turned into a ``low_confidence_accepted`` one, which says so."""
    names = accepted_names(template)
    if not names:
        return list(reasons)
    out = []
    for r in reasons:
        line = _accepting(names, r.field) if r.code == "low_confidence" else None
        if line is None:
            out.append(r)
            continue
        out.append(r.model_copy(update={
            "code": LOW_CONFIDENCE_ACCEPTED,
            "message": f"{r.message}; accepted by the template ({line}): not routed"}))
    return out


def _accepting(names: dict[str, str], field: str | None) -> str | None:
    """The line that accepts the low confidence of ``field`` (a field, or a table's
    column ``table.column``, accepted by name or by its table), or None."""
    if field is None:
        return None
    if field in names:
        return names[field]
    table = field.split(".", 1)[0]
    return names.get(table) if "." in field else None
