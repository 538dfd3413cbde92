"""Running a compiled template on a document: locate, choose among candidates with the
rules, validate, score confidence and route to a status."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from formsift.core.document import Document
from formsift.core.result import FieldValue, Reason, RuleOutcome, Status
from formsift.templates.locators import Candidate, locate
from formsift.templates.model import CompiledTemplate, FieldSpec, RuleSpec
from formsift.templates.rules import MissingValue, RuleEvalError, Scope, evaluate
from formsift.templates.tables import Row, extract_table
from formsift.util.safe_regex import RegexTimeout

#: Fields under this confidence send a record to review unless the template says otherwise.
DEFAULT_MIN_CONFIDENCE = 0.5
_MAX_COMBINATIONS = 243
_TOP_K = 3


@dataclass
class Extraction:
    """Everything a template run found, chosen and decided (the engine makes a result of it)."""

    fields: dict[str, FieldValue | list[FieldValue] | None]
    tables: dict[str, list[dict[str, FieldValue | None]]]
    rules: list[RuleOutcome]
    status: Status
    reasons: list[Reason]
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)


def run(template: CompiledTemplate, doc: Document) -> Extraction:
    ctx = template.context
    cands: dict[str, list[Candidate]] = {}
    reasons: list[Reason] = []
    for name, spec in template.fields.items():
        try:
            cands[name] = locate(doc, spec, ctx, template.regions)
        except RegexTimeout as exc:
            cands[name] = []
            reasons.append(Reason(code="regex_timeout", field=name, message=str(exc)))
    tables: dict[str, list[Row]] = {
        name: extract_table(doc, spec, ctx, template.regions)
        for name, spec in template.tables.items()
    }
    chosen = _choose(template, cands, tables)
    outcomes = _evaluate_rules(template, chosen, tables)
    fields = _field_values(template, chosen, cands, outcomes)
    table_values = {
        name: [{col: (_fv(c, c.confidence * min(1.0, c.score)) if c else None)
                for col, c in row.items()} for row in rows]
        for name, rows in tables.items()
    }
    status, route_reasons = _route(template, fields, table_values, outcomes, cands)
    return Extraction(fields, table_values, outcomes, status, reasons + route_reasons, cands)


def revalidate(template: CompiledTemplate,
               fields: dict[str, FieldValue | list[FieldValue] | None],
               tables: dict[str, list[dict[str, FieldValue | None]]]
               ) -> tuple[list[RuleOutcome], Status, list[Reason]]:
    """Rules and routing again, on values a person corrected (the review queue): the same
    evaluation and the same routing as an extraction, without locating anything."""
    outcomes = _evaluate_rules(template, fields, tables)  # type: ignore[arg-type]
    status, reasons = _route(template, fields, tables, outcomes, {})
    return outcomes, status, reasons


# ---------------------------------------------------------------- choosing candidates
def _choose(template: CompiledTemplate, cands: dict[str, list[Candidate]],
            tables: dict[str, list[Row]]) -> dict[str, Any]:
    """Pick one candidate per field (a list for repeated fields), letting rules decide."""
    chosen: dict[str, Any] = {}
    for name, spec in template.fields.items():
        options = cands.get(name, [])
        if spec.repeated:
            chosen[name] = options
        else:
            chosen[name] = options[0] if options else None
    ambiguous = [n for n, s in template.fields.items()
                 if not s.repeated and len(cands.get(n, [])) > 1
                 and any(n in r.fields for r in template.rules)]
    if not ambiguous:
        return chosen
    choices = [cands[n][:_TOP_K] for n in ambiguous]
    best_key: tuple[float, ...] | None = None
    best_combo: tuple[Candidate, ...] | None = None
    relevant = [r for r in template.rules if set(r.fields) & set(ambiguous) and r.each is None]
    if not relevant:
        return chosen
    for combo in itertools.islice(itertools.product(*choices), _MAX_COMBINATIONS):
        trial = dict(chosen)
        trial.update(zip(ambiguous, combo, strict=True))
        scope = _scope(template, trial, tables)
        errors_passed = warns_passed = 0.0
        for r in relevant:
            ok = _check(r, scope)
            if ok:
                if r.severity == "error":
                    errors_passed += 1
                else:
                    warns_passed += 1
        key = (errors_passed, warns_passed, sum(c.score for c in combo))
        if best_key is None or key > best_key:
            best_key, best_combo = key, combo
    assert best_combo is not None
    chosen.update(zip(ambiguous, best_combo, strict=True))
    return chosen


def _value_of(c: Any) -> Any:
    if c is None:
        return None
    if isinstance(c, list):
        return [x.value for x in c]
    return c.value


def _scope(template: CompiledTemplate, chosen: dict[str, Any],
           tables: dict[str, list[Row]]) -> Scope:
    values = {n: _value_of(c) for n, c in chosen.items()}
    table_values = {n: [{k: (v.value if v else None) for k, v in row.items()} for row in rows]
                    for n, rows in tables.items()}
    return Scope(values, table_values, functions=template.functions)


def _check(rule: RuleSpec, scope: Scope) -> bool | None:
    scope.tolerance = rule.tolerance
    scope.tolerance_percent = rule.tolerance_percent
    try:
        return bool(evaluate(rule.expr, scope))
    except (MissingValue, RuleEvalError, RegexTimeout, TypeError):
        return None
    finally:
        scope.tolerance = None


# ---------------------------------------------------------------- rules
def _evaluate_rules(template: CompiledTemplate, chosen: dict[str, Any],
                    tables: dict[str, list[Row]]) -> list[RuleOutcome]:
    scope = _scope(template, chosen, tables)
    outcomes: list[RuleOutcome] = []
    for rule in template.rules:
        scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
        if rule.each is None:
            passed, message = _single(rule, scope)
        else:
            passed, message = _each(rule, scope)
        scope.tolerance = None
        scope.outcomes[rule.name] = passed
        if passed is False and rule.message:
            message = rule.message
        outcomes.append(RuleOutcome(name=rule.name, severity=rule.severity, passed=passed,
                                    message=message, fields=rule.fields))
    return outcomes


def _single(rule: RuleSpec, scope: Scope) -> tuple[bool | None, str]:
    try:
        ok = bool(evaluate(rule.expr, scope))
    except MissingValue as exc:
        return None, f"not evaluated: {exc.name} is missing"
    except (RuleEvalError, RegexTimeout) as exc:
        return None, f"not evaluated: {exc}"
    return ok, "" if ok else f"{rule.source} does not hold"


def _each(rule: RuleSpec, scope: Scope) -> tuple[bool | None, str]:
    rows = scope.tables.get(rule.each or "", [])
    failed, skipped = [], 0
    for i, row in enumerate(rows, start=1):
        scope.row = row
        try:
            if not evaluate(rule.expr, scope):
                failed.append(i)
        except (MissingValue, RuleEvalError, RegexTimeout):
            skipped += 1
    scope.row = None
    if failed:
        return False, f"{rule.source} does not hold for row(s) {', '.join(map(str, failed))}"
    if rows and skipped == len(rows):
        return None, "not evaluated: values missing in every row"
    note = f" ({skipped} row(s) not evaluated)" if skipped else ""
    return True, note.strip()


# ---------------------------------------------------------------- confidence and routing
def _fv(c: Candidate, confidence: float) -> FieldValue:
    return FieldValue(value=c.value, raw=c.raw, page=c.page + 1,
                      box=c.box.as_list() if c.box else None,
                      confidence=round(max(0.0, min(1.0, confidence)), 4), source=c.source,
                      locator=c.locator)


def _field_values(template: CompiledTemplate, chosen: dict[str, Any],
                  cands: dict[str, list[Candidate]],
                  outcomes: list[RuleOutcome]) -> dict[str, FieldValue | list[FieldValue] | None]:
    out: dict[str, FieldValue | list[FieldValue] | None] = {}
    for name, spec in template.fields.items():
        c = chosen.get(name)
        if spec.repeated:
            out[name] = [_fv(x, x.confidence * min(1.0, x.score)) for x in c or []]
            continue
        if c is None:
            out[name] = _default(spec)
            continue
        conf = c.confidence * min(1.0, c.score)
        for o in outcomes:
            if name in o.fields and o.severity == "error":
                if o.passed is True:
                    conf = 1 - (1 - conf) * 0.5
                elif o.passed is False:
                    conf *= 0.5
        others = [x for x in cands.get(name, []) if x is not c and x.value != c.value]
        if others and others[0].score >= 0.9 * c.score and not any(
                name in o.fields and o.passed for o in outcomes):
            conf *= 0.7
        fv = _fv(c, conf)
        fv.candidates = len(cands.get(name, [])) or 1
        out[name] = fv
    return out


def _default(spec: FieldSpec) -> FieldValue | None:
    if spec.default is None:
        return None
    return FieldValue(value=spec.default, raw=None, confidence=1.0, source="template",
                      locator="default", candidates=0)


def _route(template: CompiledTemplate, fields: dict[str, Any], tables: dict[str, Any],
           outcomes: list[RuleOutcome],
           cands: dict[str, list[Candidate]]) -> tuple[Status, list[Reason]]:
    reasons: list[Reason] = []
    hard_failure = False
    for o in outcomes:
        if o.passed is False and o.severity == "error":
            hard_failure = True
            reasons.append(Reason(code="rule_failed", rule=o.name, message=o.message))
    for name, spec in template.fields.items():
        fv = fields.get(name)
        if fv is None and not spec.optional and not spec.repeated:
            where = ", ".join(loc.describe() for loc in spec.locators)
            reasons.append(Reason(code="field_missing", field=name,
                                  message=f"no value found for '{name}' ({where})"))
        elif isinstance(fv, FieldValue) and fv.confidence < DEFAULT_MIN_CONFIDENCE:
            code = "ambiguous" if len(cands.get(name, [])) > 1 else "low_confidence"
            reasons.append(Reason(code=code, field=name,
                                  message=f"confidence {fv.confidence:.2f} for '{name}'"))
    scope = Scope(values={n: _value_of(v) for n, v in fields.items()},
                  tables={n: [{k: (v.value if v else None) for k, v in row.items()}
                              for row in rows] for n, rows in tables.items()},
                  confidences=_confidences(fields, tables),
                  outcomes={o.name: o.passed for o in outcomes},
                  functions=template.functions)
    decided: str | None = None
    for p in template.policies:
        try:
            hit = bool(evaluate(p.expr, scope))
        except (MissingValue, RuleEvalError, RegexTimeout):
            hit = False
        if not hit:
            continue
        if p.action == "reject":
            decided = "reject"
            reasons.append(Reason(code="policy", message=p.message or f"reject when {p.source}"))
        elif p.action == "review" and decided != "reject":
            decided = "review"
            reasons.append(Reason(code="policy", message=p.message or f"review when {p.source}"))
        elif p.action == "accept" and decided is None:
            decided = "accept"
    if decided == "reject":
        return Status.REJECTED, reasons
    if hard_failure:  # accepted must be earned: a failed error rule is never accepted
        return Status.REVIEW, reasons
    if decided == "accept":
        return Status.ACCEPTED, [r for r in reasons if r.code == "policy"]
    if decided == "review" or reasons:
        return Status.REVIEW, reasons
    return Status.ACCEPTED, reasons


def _confidences(fields: dict[str, Any], tables: dict[str, Any]) -> dict[str, float]:
    out = {}
    for n, fv in fields.items():
        if isinstance(fv, FieldValue):
            out[n] = fv.confidence
        elif isinstance(fv, list) and fv:
            out[n] = min(x.confidence for x in fv)
        else:
            out[n] = 0.0
    for n, rows in tables.items():
        confs = [v.confidence for row in rows for v in row.values() if v is not None]
        out[n] = min(confs) if confs else 0.0
        cols: dict[str, list[float]] = {}
        for row in rows:
            for k, v in row.items():
                cols.setdefault(k, []).append(v.confidence if v is not None else 0.0)
        for k, vals in cols.items():
            out[f"{n}.{k}"] = min(vals)
    return out
