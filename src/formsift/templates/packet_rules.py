"""Packet templates at run time: assign the split documents to the packet's roles and
evaluate the rules across them (``form.surname == id.surname``)."""

from __future__ import annotations

from typing import Any

from formsift.core.result import ExtractionResult, FieldValue, Reason, RuleOutcome
from formsift.grammar import ast as A
from formsift.templates.model import CompiledPacket, RuleSpec
from formsift.templates.rules import (
    SEEN_BEFORE,
    MissingValue,
    RuleEvalError,
    Scope,
    evaluate,
)
from formsift.templates.runtime import (
    Verdict,
    _confidences,
    apply_policies,
    custom_message,
    evaluate_rule,
)
from formsift.templates.runtime import _each as evaluate_each
from formsift.util.safe_regex import RegexTimeout


def choose_packet(packets: list[CompiledPacket], templates: list[str | None]
                  ) -> CompiledPacket | None:
    """The packet template whose required documents are all present, covering the most
    documents (None when none fits)."""
    best, best_cover = None, 0
    for p in packets:
        required = [d.template for d in p.documents if not d.optional]
        if not all(t in templates for t in required):
            continue
        cover = sum(1 for d in p.documents if d.template in templates)
        if cover > best_cover:
            best, best_cover = p, cover
    return best


def assign_roles(packet: CompiledPacket, templates: list[str | None],
                 ranks: list[tuple[float, float]] | None = None) -> dict[str, int]:
    """role -> index of the document that plays it. When more documents of a template
    are there than roles for it, the roles go to those ranked best by ``ranks`` (per
    document: its classification score, then how complete its record is), not to the
    first in the file: a cover letter that mentions the delivery note, every field
    missing, does not take the delivery note's role. The chosen documents take the
    template's roles in file order."""
    ranks = ranks or [(0.0, 0.0)] * len(templates)
    roles: dict[str, int] = {}
    for template in dict.fromkeys(d.template for d in packet.documents):
        wanted = [d.role for d in packet.documents if d.template == template]
        candidates = [i for i, t in enumerate(templates) if t == template]
        best = sorted(candidates, key=lambda i: (-ranks[i][0], -ranks[i][1], i))
        for role, i in zip(wanted, sorted(best[:len(wanted)]), strict=False):
            roles[role] = i
    return {d.role: roles[d.role] for d in packet.documents if d.role in roles}


def _values(result: ExtractionResult) -> dict[str, Any]:
    return {name: fv.value for name, fv in result.fields.items()
            if isinstance(fv, FieldValue)}


def evaluate_packet(packet: CompiledPacket, docs: dict[str, ExtractionResult]
                    ) -> tuple[list[RuleOutcome], list[Reason], str | None]:
    """Rule outcomes, reasons for review, and the policy decision (review/reject/accept).
    ``seen_before`` asks the store bound by the caller (:func:`seen_values` lists what to
    record once the packet is final)."""
    scope = _scope(packet, docs)
    outcomes: list[RuleOutcome] = []
    reasons: list[Reason] = []
    for r in packet.rules:
        scope.tolerance, scope.tolerance_percent = r.tolerance, r.tolerance_percent
        # a value missing from a document is that document's reason (field_missing); a
        # row with no match in another document's table (lookup) is the packet's
        verdict = evaluate_each(r, scope, lambda ref: True) if r.each else \
            evaluate_rule(r, scope)
        scope.tolerance = None
        empty = _empty_tables(r, scope)
        if empty and verdict.passed is not False:  # nothing checked: never a silent pass
            verdict = Verdict(None, f"not evaluated: {empty}", f"not evaluated: {empty}")
        passed, message = verdict.passed, verdict.message
        if passed is False and r.message:
            message = custom_message(r, message)
        scope.outcomes[r.name] = passed
        outcomes.append(RuleOutcome(name=r.name, severity=r.severity, passed=passed,
                                    message=message, fields=r.fields))
        if r.severity != "error":
            continue
        if passed is False:
            reasons.append(Reason(code="rule_failed", rule=r.name, message=message))
        elif verdict.problem:
            reasons.append(Reason(code="rule_not_evaluated", rule=r.name,
                                  message=f"rule '{r.name}' {verdict.problem}"))
    decided = apply_policies(packet.policies, scope, reasons)
    return outcomes, reasons, decided


def _empty_tables(rule: RuleSpec, scope: Scope) -> str:
    """Tables of the packet's documents a rule reads that have no rows: a sum of nothing
    or an 'each' over nothing says nothing about line items that were never read."""
    names = [rule.each] if rule.each else []
    for n in A.walk(rule.expr):
        if isinstance(n, A.Ref) and n.attr is not None:
            names.append(f"{n.name.text}.{n.attr.text}")
    empty = [t for t in dict.fromkeys(names) if t in scope.tables and not scope.tables[t]]
    return "; ".join(f"table '{t}' has no rows (its document's table was not read)"
                     for t in empty)


def _scope(packet: CompiledPacket, docs: dict[str, ExtractionResult]) -> Scope:
    values: dict[str, Any] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    confidences: dict[str, float] = {}
    for role, result in docs.items():
        values[role] = _values(result)
        # fields, tables and columns (inv.items.qty: its least sure cell)
        confidences.update({f"{role}.{k}": x for k, x in
                            _confidences(result.fields, result.tables).items()})
        for name, rows in result.tables.items():
            tables[f"{role}.{name}"] = [{k: (fv.value if fv is not None else None)
                                         for k, fv in row.items()} for row in rows]
    return Scope(values, tables, confidences=confidences, functions=packet.functions,
                 optional_columns=set(packet.optional_columns))


def document_rank(result: ExtractionResult, score: float) -> tuple[float, float]:
    """How well a document plays its template's role: its classification score, then the
    share of its fields and tables that have a value."""
    slots = [*result.fields.values(), *result.tables.values()]
    filled = sum(1 for v in slots if (v.value is not None if isinstance(v, FieldValue)
                                      else bool(v)))
    return round(score, 4), (filled / len(slots) if slots else 0.0)


def seen_values(packet: CompiledPacket, docs: dict[str, ExtractionResult]) -> list[str]:
    """The values the packet's ``seen_before(...)`` calls ask about (``id.document_no``):
    recorded for the packet once it is final, as a template's are for its document."""
    exprs = [*(r.expr for r in packet.rules), *(p.expr for p in packet.policies)]
    calls = [n.args[0] for e in exprs for n in A.walk(e)
             if isinstance(n, A.FuncCall) and n.name.text == SEEN_BEFORE and n.args]
    scope = _scope(packet, docs) if calls else None
    out = []
    for arg in calls:
        try:
            value = evaluate(arg, scope)  # type: ignore[arg-type]
        except (MissingValue, RuleEvalError, RegexTimeout):
            continue
        if value is not None and str(value).strip():
            out.append(str(value))
    return list(dict.fromkeys(out))
