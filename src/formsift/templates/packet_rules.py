"""Packet templates at run time: assign the split documents to the packet's roles and
evaluate the rules across them (``form.surname == id.surname``)."""

from __future__ import annotations

import dataclasses
from collections import Counter
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
    said_may_be_empty,
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
    """The packet template whose required documents are all present (as many as a
    repeated role needs: ``payslip_uk[2..3]``, two), covering the most documents (None
    when none fits)."""
    best, best_cover = None, 0
    held = Counter(templates)
    for p in packets:
        if missing_roles(p, held):
            continue
        cover = sum(min(held[d.template], d.at_most or held[d.template])
                    for d in p.documents if d.template in held)
        if cover > best_cover:
            best, best_cover = p, cover
    return best


def missing_roles(packet: CompiledPacket, held: Counter[str | None]) -> list[str]:
    """The roles ``packet`` needs that the documents held (template -> how many) cannot
    play: ``id (id_card)``, ``pays (payslip_uk: 2 to 3, 1 found)``."""
    out = []
    for d in packet.documents:
        if d.repeated and held[d.template] < d.need:
            most = "" if d.at_most is None else f" to {d.at_most}"
            out.append(f"{d.role} ({d.template}: {d.need}{most}, {held[d.template]} found)")
        elif not d.repeated and d.need and not held[d.template]:
            out.append(f"{d.role} ({d.template})")
    return out


def assign_roles(packet: CompiledPacket, templates: list[str | None],
                 ranks: list[tuple[float, float]] | None = None
                 ) -> dict[str, int | list[int]]:
    """role -> index of the document that plays it; for a repeated role
    (``payslip_uk[]``), the indexes of its documents, in file order. When more documents
    of a template are there than its roles take, the roles go to those ranked best by
    ``ranks`` (per document: its classification score, then how complete its record is),
    not to the first in the file: a cover letter that mentions the delivery note, every
    field missing, does not take the delivery note's role. The chosen documents take the
    template's roles in file order, a repeated role as many as it takes while the roles
    after it still get what they need."""
    ranks = ranks or [(0.0, 0.0)] * len(templates)
    roles: dict[str, int | list[int]] = {}
    for template in dict.fromkeys(d.template for d in packet.documents):
        wanted = [d for d in packet.documents if d.template == template]
        candidates = [i for i, t in enumerate(templates) if t == template]
        best = sorted(candidates, key=lambda i: (-ranks[i][0], -ranks[i][1], i))
        room = sum(d.at_most or len(candidates) for d in wanted)
        chosen = sorted(best[:room])
        for k, d in enumerate(wanted):
            if not chosen:
                break
            if not d.repeated:
                roles[d.role] = chosen.pop(0)
                continue
            after = sum(max(x.at_least, 1) if x.repeated else 1 for x in wanted[k + 1:])
            take = max(min(d.at_most or len(chosen), len(chosen) - after), 0)
            roles[d.role], chosen = chosen[:take], chosen[take:]
    return {d.role: roles[d.role] for d in packet.documents if d.role in roles}


def _values(result: ExtractionResult) -> dict[str, Any]:
    return {name: fv.value for name, fv in result.fields.items()
            if isinstance(fv, FieldValue)}


#: role -> its document's result; a repeated role's: (what names the document, result)
Docs = dict[str, ExtractionResult | list[tuple[str, ExtractionResult]]]


def evaluate_packet(packet: CompiledPacket, docs: Docs
                    ) -> tuple[list[RuleOutcome], list[Reason], str | None]:
    """Rule outcomes, reasons for review, and the policy decision (review/reject/accept).
    ``docs``: role -> its document's result; for a repeated role, its documents as
    (what names one: "document 4 (pages 5)", result). ``seen_before`` asks the store
    bound by the caller (:func:`seen_values` lists what to record once the packet is
    final)."""
    scope = _scope(packet, docs)
    outcomes: list[RuleOutcome] = []
    reasons: list[Reason] = []
    many = {role: v for role, v in docs.items() if isinstance(v, list)}
    repeated = {d.role for d in packet.documents if d.repeated}
    may_be_empty = _may_be_empty(packet, scope)
    for r in packet.rules:
        scope.tolerance, scope.tolerance_percent = r.tolerance, r.tolerance_percent
        # a value missing from a document is that document's reason (field_missing); a
        # row with no match in another document's table (lookup) is the packet's, and so
        # is a document of a repeated role an aggregate over it lacks a value of
        if r.each in repeated:
            verdict = _each_document(r, scope, many.get(r.each, []), many, repeated)
        else:
            verdict = _each_row(r, scope, set(docs), many) if r.each else \
                _evaluate(r, scope, many, repeated)
        scope.tolerance = None
        empty = _empty_tables(r, scope, repeated | may_be_empty)
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


def _evaluate(rule: RuleSpec, scope: Scope,
              many: dict[str, list[tuple[str, ExtractionResult]]], repeated: set[str]
              ) -> Verdict:
    """A packet rule's outcome. An aggregate over a repeated role (``avg(pays.gross)``)
    that a document of the role lacks the value for is not evaluated, naming the
    documents that lack it, and that is a reason: an aggregate over the documents that
    have it would pass over fewer than the packet holds. A role with no document
    (``[0..2]``) leaves it not evaluated as an absent optional document does."""
    missed: list[str] = []

    def may_miss(ref: str) -> bool:
        missed.append(ref)
        return ref.partition(".")[0] not in repeated

    verdict = evaluate_rule(rule, scope, may_miss)
    if verdict.passed is not None or not missed or missed[-1].partition(".")[0] \
            not in repeated:
        return verdict
    role, _, name = missed[-1].partition(".")
    docs = many.get(role, [])
    if not docs:
        return Verdict(None, f"not evaluated: no {role} document")
    said = _missing_in_role(f"{role}.{name}", many)
    return Verdict(None, said, said) if said else verdict


def _missing_in_role(ref: str, many: dict[str, list[tuple[str, ExtractionResult]]]) -> str:
    """What a role of several documents lacks for ``ref`` (``pays.gross``): "not
    evaluated: pays.gross is missing in pays document 4 (pages 4)"; "" when none lacks
    it or ``ref`` is no such role's."""
    role, _, name = ref.partition(".")
    lacking = [f"{role} {shown}" for shown, result in many.get(role, [])
               if _values(result).get(name) is None]
    return f"not evaluated: {ref} is missing in {', '.join(lacking)}" if lacking else ""


def _each_row(rule: RuleSpec, scope: Scope, present: set[str],
              many: dict[str, list[tuple[str, ExtractionResult]]] | None = None) -> Verdict:
    """``each inv.items: ...``: the rule on each row of a document's table. When every
    row is left unchecked for lack of a value of a document the packet does not hold
    (``origin == coo.origin`` with no certificate in the packet, its role ``coo`` marked
    ``?``), the rule is not evaluated and holds nothing back, as a rule outside ``each``
    over that value is not; a value a document in the packet lacks (a column of its table
    blank on every row, a field it did not read) and a blank cell of the row on every row
    are still a reason (:func:`~formsift.templates.runtime._each`). A value a document of
    a role of several (``many``) lacks, asked in an aggregate's ``where`` (``count(rc
    where rc.total == amount)``), leaves the rule not evaluated naming that document."""
    own = f"{rule.each}."
    lacked: dict[int, set[str]] = {}  # row (its id) -> the values it lacked

    def may_miss(ref: str) -> bool:
        lacked.setdefault(id(scope.row), set()).add(ref)
        return True

    verdict = evaluate_each(rule, scope, may_miss)
    rows = scope.tables.get(rule.each or "") or []
    refs = set().union(*lacked.values()) if lacked else set()
    # count(rc where rc.total == amount), a receipt's total not read: name the receipt
    said = next((m for r in sorted(refs) if (m := _missing_in_role(r, many or {}))), "")
    if verdict.passed is None and said:
        return Verdict(None, said, said)
    if verdict.passed is not None or not verdict.problem or not rows \
            or len(lacked) < len(rows) or any(r.startswith(own) for r in refs) \
            or any(r.partition(".")[0] in present for r in refs):
        # a value a document in the packet lacks (a column of its table blank on every
        # row, a field it did not read) is a reason, as a blank cell of the row is
        return verdict
    absent = sorted({r.partition(".")[0] for r in refs})
    return Verdict(None, f"not evaluated: {' and '.join(sorted(refs))} "
                         f"{'is' if len(refs) == 1 else 'are'} missing (the packet has no "
                         f"{' or '.join(absent)} document)")


def _each_document(rule: RuleSpec, scope: Scope,
                   docs: list[tuple[str, ExtractionResult]],
                   many: dict[str, list[tuple[str, ExtractionResult]]] | None = None,
                   repeated: set[str] | None = None) -> Verdict:
    """``each pays: ...``: the rule over each document of a repeated role, the role's
    name standing for that document; failed if it fails for one, each named with what it
    showed. A role with no document (``[0..3]``) is not evaluated, as an absent optional
    document's rules are not."""
    role = rule.each or ""
    if not docs:
        return Verdict(None, f"not evaluated: no {role} document")
    one = dataclasses.replace(rule, each=None)
    failed, problems, unread = [], [], []
    for name, result in docs:
        scope.values[role] = _values(result)
        scope.confidences.update({f"{role}.{k}": x for k, x in
                                  _confidences(result.fields, result.tables).items()})
        verdict = _evaluate(one, scope, many or {}, (repeated or set()) - {role})
        shown = verdict.message.partition(" does not hold")[2].strip()
        if verdict.passed is False:
            failed.append(f"{role} {name}{' ' + shown if shown else ''}")
        elif verdict.passed is None:
            (problems if verdict.problem else unread).append(
                f"{name}: {verdict.message.removeprefix('not evaluated: ')}")
    scope.values.pop(role, None)
    if failed:
        return Verdict(False, f"{rule.source} does not hold: " + "; ".join(failed))
    if problems:
        said = f"not evaluated for {role}: " + "; ".join(problems)
        return Verdict(None, said, said)
    if len(unread) == len(docs):
        return Verdict(None, f"not evaluated for {role}: " + "; ".join(unread))
    return Verdict(True, "")


def _may_be_empty(packet: CompiledPacket, scope: Scope) -> set[str]:
    """The documents' tables the packet says may have no rows (``missing(dn.items) or
    ...``, as a template says it of its own tables: :func:`said_may_be_empty`)."""
    return said_may_be_empty([r.expr for r in packet.rules]
                             + [p.expr for p in packet.policies], scope.tables)


def _empty_tables(rule: RuleSpec, scope: Scope,
                  repeated: set[str] | frozenset[str] = frozenset()) -> str:
    """Tables of the packet's documents a rule reads that have no rows: a sum of nothing
    or an 'each' over nothing says nothing about line items that were never read. (A
    repeated role, ``pays``, is read as a table of its documents: none is an optional
    role's absence, not an unread table; nor is a table the packet says may have none,
    ``missing(dn.items) or ...``: see :func:`_may_be_empty`.)"""
    names = [rule.each] if rule.each else []
    for n in A.walk(rule.expr):
        if isinstance(n, A.Ref) and n.attr is not None:
            names.append(f"{n.name.text}.{n.attr.text}")
    empty = [t for t in dict.fromkeys(names) if t in scope.tables and not scope.tables[t]
             and t not in repeated]
    return "; ".join(f"table '{t}' has no rows (its document's table was not read)"
                     for t in empty)


def _scope(packet: CompiledPacket, docs: Docs) -> Scope:
    """The packet's values by role. A repeated role's documents are bound one at a time
    by :func:`_each_document`, and are a table of a row per document, its fields the
    columns, in the role's order, for the aggregates (``avg(pays.gross)``,
    ``count(pays)``)."""
    values: dict[str, Any] = {}
    tables: dict[str, list[dict[str, Any]]] = {d.role: [] for d in packet.documents
                                                if d.repeated}
    confidences: dict[str, float] = {}
    for role, result in docs.items():
        if isinstance(result, list):
            tables[role] = [_values(one) for _, one in result]
            continue
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


def seen_values(packet: CompiledPacket, docs: Docs) -> list[str]:
    """The values the packet's ``seen_before(...)`` calls ask about (``id.document_no``):
    recorded for the packet once it is final, as a template's are for its document."""
    exprs = [*((r.expr, r.each) for r in packet.rules),
             *((p.expr, None) for p in packet.policies)]
    calls = [(n.args[0], each) for e, each in exprs for n in A.walk(e)
             if isinstance(n, A.FuncCall) and n.name.text == SEEN_BEFORE and n.args]
    if not calls:
        return []
    scope = _scope(packet, docs)
    out = []
    for arg, each in calls:
        # in an 'each' rule, once per row (each inv.items: not seen_before(article)) or
        # per document of a repeated role (each pays: not seen_before(pays.payslip_no)),
        # as the rule asked: each one's value is recorded
        ones: list[Any] = [None]
        if each and isinstance(docs.get(each), list):
            ones = [result for _, result in docs[each]]  # type: ignore[union-attr]
        elif each:
            ones = list(scope.tables.get(each, []))
        for one in ones:
            if isinstance(one, ExtractionResult):
                scope.values[each] = _values(one)  # type: ignore[index]
            else:
                scope.row = one
            try:
                value = evaluate(arg, scope)
            except (MissingValue, RuleEvalError, RegexTimeout):
                continue
            if value is not None and str(value).strip():
                out.append(str(value))
        scope.row = None
    return list(dict.fromkeys(out))
