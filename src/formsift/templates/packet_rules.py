"""Packet templates at run time: assign the split documents to the packet's roles and
evaluate the rules across them (``form.surname == id.surname``)."""

from __future__ import annotations

from typing import Any

from formsift.core.result import ExtractionResult, FieldValue, Reason, RuleOutcome
from formsift.grammar import ast as A
from formsift.templates.model import CompiledPacket
from formsift.templates.rules import MissingValue, RuleEvalError, Scope, evaluate
from formsift.templates.runtime import apply_policies, evaluate_rule
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


def assign_roles(packet: CompiledPacket, templates: list[str | None]) -> dict[str, int]:
    """role -> index of the document that plays it (the first of its template)."""
    roles: dict[str, int] = {}
    used: set[int] = set()
    for d in packet.documents:
        for i, t in enumerate(templates):
            if t == d.template and i not in used:
                roles[d.role] = i
                used.add(i)
                break
    return roles


def _values(result: ExtractionResult) -> tuple[dict[str, Any], dict[str, float]]:
    values, confs = {}, {}
    for name, fv in result.fields.items():
        if isinstance(fv, FieldValue):
            values[name] = fv.value
            confs[name] = fv.confidence
    return values, confs


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
        # a value missing from a document is that document's reason (field_missing)
        verdict = evaluate_rule(r, scope)
        scope.tolerance = None
        passed, message = verdict.passed, verdict.message
        if passed is False and r.message:
            message = r.message
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


def _scope(packet: CompiledPacket, docs: dict[str, ExtractionResult]) -> Scope:
    values: dict[str, Any] = {}
    confidences: dict[str, float] = {}
    for role, result in docs.items():
        v, c = _values(result)
        values[role] = v
        confidences.update({f"{role}.{k}": x for k, x in c.items()})
    return Scope(values, {}, confidences=confidences, functions=packet.functions)


def seen_values(packet: CompiledPacket, docs: dict[str, ExtractionResult]) -> list[str]:
    """The values the packet's ``seen_before(...)`` calls ask about (``id.document_no``):
    recorded for the packet once it is final, as a template's are for its document."""
    exprs = [*(r.expr for r in packet.rules), *(p.expr for p in packet.policies)]
    calls = [n.args[0] for e in exprs for n in A.walk(e)
             if isinstance(n, A.FuncCall) and n.name.text == "seen_before" and n.args]
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
