"""``last_seen(series..., name)``: the value ``name`` of the latest earlier document of the
same series, as that document carried it.

A monthly payment application is checked against the previous one of its project::

    rule prev_certs_match: app_no == 1 or previous_certs == last_seen(project_no, earned_less_ret)
    rule app_sequence: app_no == 1 or app_no == last_seen(project_no, app_no) + 1

``last_seen(project_no, earned_less_ret)`` is the ``earned_less_ret`` of the latest
document of this template (or of the templates sharing its ``duplicates "NAME"``) whose
``project_no`` equals this one's (compared as ``seen_before`` compares: without case,
spaces and the separators ``- / . _``), in the order the store recorded them: never the
document itself, and, for a document recorded already (a file extracted again, a record
re-validated in review), the latest recorded *before* it, so the answer does not change
when later applications came in meanwhile. The value keeps its type (money, a date, a
whole number).

No earlier document of the series: the rule is not evaluated (``rule_not_evaluated``, the
record goes to review), never passed: a store that lost its history (an engine's memory
store, another machine's file) must not let an application through unchecked. The
template says when a document needs no predecessor, from the document itself:
``app_no == 1 or ...`` (an ``or`` whose first side holds does not ask the store).

The engine records the values these calls name (``earned_less_ret`` and ``app_no`` by
``project_no`` above) once a document's result is final, with ``seen_before``'s values,
unless the record is rejected (it was never booked: the resubmitted application follows
the one before it, not the rejected one). A review's correction replaces the value (it
keeps its place in the order); a rejection in review forgets it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from formsift.core import seen
from formsift.core.errors import FormsiftError
from formsift.core.result import Status
from formsift.grammar import ast as A
from formsift.templates.model import CompiledTemplate
from formsift.templates.rules import (
    LAST_SEEN,
    MissingValue,
    NoMatchingRow,
    RuleEvalError,
    Scope,
    evaluate,
    show_kind,
)
from formsift.util.safe_regex import RegexTimeout

USAGE = ("last_seen(series, value): a field's value as the latest earlier document of the "
         "series carried it: previous_certs == last_seen(project_no, earned_less_ret)")
#: How a template lets the first document of a series pass: it says when one is.
FIRST_HINT = "if it is the first of its series, say when one is in the rule: app_no == 1 or ..."
_METHODS = ("remember", "recall", "forget_remembered")
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}


class NoEarlierRecord(NoMatchingRow):
    """``last_seen(...)`` found no earlier document of the series: the rule is not
    evaluated (never a silent pass), unless the template asks for it with
    ``missing(last_seen(...))``, which is then true."""


def check_call(checker: Any, e: A.FuncCall, kinds: list[str]) -> str:
    """The kind ``last_seen(...)`` gives (its value field's), or a type error: the last
    argument names a field of the template, the others are the series' values (one value
    each); not in packet rules nor ``each`` rules."""
    env = checker.env
    if env.packet:
        return checker.err(e, "last_seen() is for a document's template, not a packet rule",
                           "check the series in the documents' templates")
    if env.row_table:
        return checker.err(e, "last_seen() asks about the document's fields, not an 'each' "
                              "rule's rows", "write it in a rule of its own: " + USAGE)
    value = e.args[-1] if e.args else None
    if len(e.args) < 2 or not isinstance(value, A.Ref) or value.attr is not None:
        return checker.err(e, "last_seen() takes the series' values and, last, the name of "
                              "the field whose earlier value it gives", USAGE)
    kind = env.fields.get(value.name.text)
    if kind is None and kinds[-1] == "any":
        return "any"  # an unknown name: said already
    if kind is None or kind.startswith("list:"):
        return checker.err(value, f"last_seen()'s last argument names a field of this "
                                  f"template with one value, not {value.name.text!r}", USAGE)
    for arg, k in zip(e.args[:-1], kinds, strict=False):
        if k.startswith("list:"):
            checker.err(arg, f"a series is keyed by values, not {show_kind(k)}", USAGE)
    return kind


def check_policy(p: A.PolicyDecl, sink: Any, written: Callable[[A.Span], str]) -> None:
    """An error for each ``last_seen(...)`` in a ``review when`` / ``reject when``
    policy: a policy that cannot be evaluated does not fire, so the first document of a
    series (no earlier one to compare with) or a store that failed would pass unchecked.
    A rule is not evaluated then, and sends the record to review. ``written`` gives a
    span's source text."""
    if p.action not in ("review", "reject"):
        return
    e = p.expr
    held = (f"{written(e.left.span)} {_NEGATED[e.op]} {written(e.right.span)}"
            if isinstance(e, A.Binary) and e.op in _NEGATED else f"not ({written(e.span)})")
    for call in _calls_in(e):
        sink.error(call.span, f"last_seen() cannot be in a '{p.action} when' policy: a "
                              "policy that cannot be evaluated does not fire, so the first "
                              "document of a series would pass unchecked",
                   "write what must hold as a rule, which sends a record it cannot check "
                   "to review, and say when a document is the first of its series: rule "
                   f"r: app_no == 1 or {held}")


def evaluate_call(e: A.FuncCall, s: Scope) -> Any:
    """The value ``last_seen(...)`` gives (see the module), asked of the store through the
    function the duplicates validator registers (:func:`recall`)."""
    args, value = e.args[:-1], e.args[-1]
    assert isinstance(value, A.Ref)
    series = [evaluate(a, s) for a in args]  # a key not read: the rule is not evaluated
    try:
        found = s.functions[LAST_SEEN].impl(seen.key(series), value.name.text)
    except RuleEvalError:
        raise
    except Exception as exc:  # the store failed (a database down): said, not a traceback
        raise RuleEvalError(f"last_seen() failed: {type(exc).__name__}: {exc}") from exc
    if found is None:
        binding = seen.current()
        space = _space(binding.namespace) if binding is not None else "this template"
        raise NoEarlierRecord(
            f"no earlier document of {space} with {shown_arguments(args, series)} "
            f"carried {value.name.text} (last_seen); {FIRST_HINT}")
    return found[1]


def recall(series: str, name: str) -> tuple[str, Any, Any] | None:
    """The value of field ``name`` the latest earlier document of ``series`` (its values'
    :func:`formsift.core.seen.key`) carried, asked of the store bound to the document
    being extracted or re-validated (:func:`formsift.core.seen.bound`): ``(document_id,
    value, when)`` or None. Without a store, or with one that keeps no values, the rule is
    not evaluated."""
    binding = seen.current()
    if binding is None:
        raise RuleEvalError("last_seen() has no store of earlier documents to ask (the "
                            "record is validated outside an engine)")
    if lacking(binding.store):
        raise RuleEvalError(_lacks(binding.store))
    return seen.asking("last_seen", lambda: binding.store.recall(  # type: ignore[attr-defined]
        binding.namespace, seen.series_key(name, [series]), binding.document_id))


def shown_arguments(args: list[A.Expr], values: list[Any]) -> str:
    """'project_no "RMOB-1234", app_no - 1 = 5': the values a call asked the store about,
    each with the argument as the template writes it (a failed ``seen_before(project_no,
    app_no - 1)`` names the number it looked up, not ``app_no``'s)."""
    from formsift.grammar.formatter import expr as written
    from formsift.templates.runtime import _shown

    return ", ".join(f"{a.dotted} {_shown(v, quoted=True)}" if isinstance(a, A.Ref)
                     else f"{written(a)} = {_shown(v, quoted=True)}"
                     for a, v in zip(args, values, strict=True))


def looked_up(e: A.FuncCall, s: Scope) -> str | None:
    """For a call asking the store (``seen_before``, ``last_seen``) in a failed rule: the
    values it asked about, as :func:`shown_arguments` says them; None when one of them
    cannot be computed (the rule says what is missing)."""
    args = e.args[:-1] if e.name.text == LAST_SEEN else e.args
    try:
        values = [evaluate(a, s) for a in args]
    except (MissingValue, RuleEvalError, RegexTimeout, TypeError):
        return None
    return shown_arguments(list(args), values)


def calls(template: CompiledTemplate,
          templates: Sequence[CompiledTemplate] = ()) -> list[A.FuncCall]:
    """The template's ``last_seen(...)`` calls (rules and policies), in order, then those
    of the other ``templates`` sharing its ``duplicates "NAME"`` whose arguments name
    fields of this template: a document of the namespace keeps what any template reading
    the next document of the series asks for."""
    own = _own_calls(template)
    if not template.duplicates:
        return own
    fields = set(template.fields)
    return own + [c for t in templates if t is not template
                  and t.seen_namespace == template.seen_namespace
                  for c in _own_calls(t) if _names(c) <= fields]


def _own_calls(template: CompiledTemplate) -> list[A.FuncCall]:
    exprs = [*(r.expr for r in template.rules), *(p.expr for p in template.policies)]
    return [n for e in exprs for n in _calls_in(e)]


def _names(call: A.FuncCall) -> set[str]:
    """The names a call's arguments read (its series' and its value's fields)."""
    return {n.name.text for a in call.args for n in A.walk(a) if isinstance(n, A.Ref)}


def _calls_in(expr: A.Expr) -> list[A.FuncCall]:
    return [n for n in A.walk(expr)
            if isinstance(n, A.FuncCall) and n.name.text == LAST_SEEN and len(n.args) > 1
            and isinstance(n.args[-1], A.Ref)]


def kept_values(template: CompiledTemplate, fields: dict[str, Any],
                tables: dict[str, Any],
                templates: Sequence[CompiledTemplate] = ()) -> dict[str, Any]:
    """What a document's record keeps for later documents' ``last_seen`` calls (its
    template's and those of the ``templates`` sharing its namespace, :func:`calls`): by
    :func:`formsift.core.seen.series_key`, each named field's value in its type (as the
    rules saw it: a field's default when it was found nowhere). A call whose series or
    value has no value keeps nothing."""
    found = calls(template, templates)
    if not found:
        return {}
    from formsift.templates.runtime import _scope

    scope = _scope(template, fields, tables)
    out: dict[str, Any] = {}
    for call in found:
        name = call.args[-1].name.text  # type: ignore[attr-defined]
        value = scope.values.get(name)
        try:
            series = [evaluate(a, scope) for a in call.args[:-1]]
        except (MissingValue, RuleEvalError, RegexTimeout, TypeError):
            continue
        if value is None or isinstance(value, list) or \
                any(v is None or not str(v).strip() for v in series):
            continue
        out[seen.series_key(name, series)] = value
    return out


def record(store: Any, template: CompiledTemplate, ex: Any, document_id: str,
           templates: Sequence[CompiledTemplate] = ()) -> None:
    """Keep the values of ``ex`` (a template run's final extraction) that later documents'
    ``last_seen`` calls ask for (of ``templates``, those sharing the template's
    namespace, included); nothing for a rejected record."""
    if ex.status == Status.REJECTED:
        return
    for key, value in kept_values(template, ex.fields, ex.tables, templates).items():
        store.remember(template.seen_namespace, key, value, document_id)


def record_reviewed(store: Any, template: CompiledTemplate, document_id: str,
                    kept: dict[str, Any], replaced: list[str]) -> None:
    """After a review is stored: keep the values as corrected and forget those the
    corrections replaced (a corrected project number: the old series' value), or every
    one of a rejected record (``kept`` empty)."""
    if lacking(store):
        return
    for key in replaced:
        store.forget_remembered(template.seen_namespace, key, document_id)
    for key, value in kept.items():
        store.remember(template.seen_namespace, key, value, document_id)


def reviewed(template: CompiledTemplate, before: dict[str, Any], fields: dict[str, Any],
             tables: dict[str, Any], rejected: bool,
             templates: Sequence[CompiledTemplate] = ()) -> tuple[dict[str, Any], list[str]]:
    """What a review leaves kept for the record (its values as corrected, for the calls
    of ``templates`` sharing its namespace too, :func:`calls`; nothing when rejected) and
    the keys it kept before that it no longer does."""
    after = {} if rejected else kept_values(template, fields, tables, templates)
    return after, [k for k in before if k not in after]


def lacking(store: Any) -> bool:
    """Whether ``store`` cannot keep values for ``last_seen`` (a store of one's own written
    for ``seen_before`` only)."""
    return any(not callable(getattr(store, m, None)) for m in _METHODS)


def check_store(store: Any, template: CompiledTemplate) -> None:
    """A :class:`FormsiftError` when ``template`` calls ``last_seen`` and ``store`` cannot
    answer it: said once, when the template is bound to the store, not as a rule not
    evaluated on every document."""
    if calls(template) and lacking(store):
        raise FormsiftError(f"template '{template.name}' calls last_seen(): "
                            f"{_lacks(store)}")


def _lacks(store: Any) -> str:
    missing = [m for m in _METHODS if not callable(getattr(store, m, None))]
    return (f"the duplicates store ({type(store).__name__}) keeps no values of earlier "
            f"documents: it has no {', '.join(f'{m}()' for m in missing)} (see "
            f"formsift.core.seen.SeriesStore; 'memory' and SQLite files have them)")


def _space(namespace: str) -> str:
    return (f"the templates sharing duplicates \"{namespace[7:]}\""
            if namespace.startswith("shared:") else f"template '{namespace}'")


def earlier(template: CompiledTemplate, expr: A.Expr, fields: dict[str, Any],
            tables: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """For a failed rule calling ``last_seen``: the earlier documents it compared with
    (``{"document_id", "seen_at", "value"}``), asked of the store bound to the document."""
    binding = seen.current()
    if binding is None or lacking(binding.store):
        return
    from formsift.templates.runtime import _scope

    scope = _scope(template, fields, tables)
    for call in (n for n in A.walk(expr) if isinstance(n, A.FuncCall)
                 and n.name.text == LAST_SEEN and isinstance(n.args[-1], A.Ref)):
        try:
            series = [evaluate(a, scope) for a in call.args[:-1]]
        except (MissingValue, RuleEvalError, RegexTimeout, TypeError):
            continue
        found = recall(seen.key(series), call.args[-1].name.text)
        if found is not None:
            from formsift.core.result import _jsonable

            yield {"document_id": found[0], "seen_at": found[2],
                   "value": str(_jsonable(found[1]))}
