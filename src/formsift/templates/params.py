"""Parameters: values the caller gives a template's (or a packet's) rules at extraction
time, ``param applicant: text`` read as ``param.applicant``.

A compiled definition holds each declared parameter's :class:`ParamSpec`; an extraction
checks the values given against them (:func:`values_for`: every parameter without a
default given, none the engine's templates do not declare, each of its type) and binds
them into the rules (:func:`bind`), so that the run itself is the run of any template.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from formsift.core.errors import FormsiftError
from formsift.grammar import ast as A
from formsift.grammar.diagnostics import DiagnosticSink
from formsift.util.suggest import did_you_mean

#: The value kinds a parameter may hold (no record: a parameter is one value, or a list).
KINDS = ("text", "number", "money", "date", "time", "bool")


class ParamError(FormsiftError):
    """A parameter of an extraction is missing, unknown or of the wrong type."""

    code = "param_error"


class TextParams(dict[str, Any]):
    """Parameters given as text (``--param NAME=VALUE``, a form field): each is read with
    its parameter's type, and a list parameter also takes one text or a JSON list."""


class QueryParams(TextParams):
    """Parameters given in an HTTP request (``?param=NAME=VALUE``): their mistakes say
    how to give them there."""


class RecordedParams(TextParams):
    """The parameters a record says were given (``audit.params`` less
    ``audit.params_defaulted``, a golden file's ``params``), given again to replay it: a
    template takes those it still declares; one it no longer declares (dropped,
    renamed) is skipped, as a review's :func:`bound_as_recorded` does."""

    @classmethod
    def of(cls, audit: Mapping[str, Any]) -> RecordedParams | None:
        """Those of a result's ``audit`` (as JSON) that were given; None for none."""
        defaulted = set(audit.get("params_defaulted") or ())
        given = {n: v for n, v in (audit.get("params") or {}).items() if n not in defaulted}
        return cls(given) if given else None


@dataclass(frozen=True)
class ParamSpec:
    """A declared parameter: ``param open_pos: text[]``, ``param currency: text = "EUR"``."""

    name: str
    #: The value kind of one value (text, number, money, date, time, bool).
    kind: str
    #: The field type a value given as text is read with (``--param``, a form field).
    type: Any
    #: ``text[]``: a list of values.
    many: bool
    #: The type as written (``text[]``), for messages.
    written: str
    #: The value when none is given (:data:`ast.UNBOUND`: it must be given).
    default: Any = A.UNBOUND

    @property
    def rule_kind(self) -> str:
        """The kind rules see: ``list:text`` for ``text[]``."""
        return f"list:{self.kind}" if self.many else self.kind

    @property
    def required(self) -> bool:
        return self.default is A.UNBOUND


# ---------------------------------------------------------------- compiling
def compile_params(decls: list[A.ParamDecl], field_type: Callable[[A.TypeRef], Any],
                   ctx: Any, sink: DiagnosticSink) -> dict[str, ParamSpec]:
    """The :class:`ParamSpec` of each declaration, its problems reported to ``sink``."""
    out: dict[str, ParamSpec] = {}
    first: dict[str, A.ParamDecl] = {}
    for d in decls:
        name = d.name.text
        if name in first:
            sink.error(d.name.span, f"the parameter '{name}' is declared twice (first on "
                                    f"line {first[name].span.line})")
            continue
        first[name] = d
        spec = _spec(d, field_type, ctx, sink)
        if spec is not None:
            out[name] = spec
    return out


def _spec(d: A.ParamDecl, field_type: Callable[[A.TypeRef], Any], ctx: Any,
          sink: DiagnosticSink) -> ParamSpec | None:
    if d.type.cardinality == "?":
        sink.error(d.type.span, "a parameter is given or has a default; '?' makes no "
                                "optional parameter",
                   f'write a default: param {d.name.text}: {d.type.call.name.text} = ...')
        return None
    ftype = field_type(d.type)
    if ftype is None:
        return None  # reported by field_type
    if ftype.value_kind not in KINDS:
        sink.error(d.type.span, f"a parameter holds text, a number, money, a date, a time "
                                f"of day or true/false, not {ftype.value_kind} values "
                                f"('{d.type.call.name.text}')",
                   "declare it as text and compare it with a part of the record")
        return None
    written = d.type.call.name.text + d.type.cardinality
    spec = ParamSpec(d.name.text, ftype.value_kind, ftype, d.type.cardinality == "[]", written)
    if d.default is None:
        return spec
    try:
        default = coerce(spec, d.default.value, ctx, texts=True)
    except ParamError as exc:
        sink.error(d.default.span, f"the default of parameter '{d.name.text}': {exc.message}")
        return spec
    return dataclasses.replace(spec, default=default)


# ---------------------------------------------------------------- values
def coerce(spec: ParamSpec, value: Any, ctx: Any, *, texts: bool = False) -> Any:
    """``value`` as the parameter's rules read it (a tuple for a list parameter).
    ``texts``: values may be given as text and are then read with the parameter's type
    (the command line, a form field); a list parameter then also takes one text (a
    list of one) or a JSON list (``["PO-1", "PO-2"]``)."""
    if spec.many:
        if texts and isinstance(value, str):
            value = _text_list(spec, value)
        if not isinstance(value, (list, tuple)):
            raise ParamError(f"parameter '{spec.name}' ({spec.written}) takes a list, not "
                             f"{_shown_type(value)}",
                             hint=f'e.g. params={{"{spec.name}": ["...", "..."]}}')
        return tuple(_one(spec, v, ctx) for v in value)
    if isinstance(value, (list, tuple)):
        raise ParamError(f"parameter '{spec.name}' ({spec.written}) takes one value, not a "
                         f"list", hint=f"declare it as {spec.written}[] to give several")
    return _one(spec, value, ctx)


def _text_list(spec: ParamSpec, text: str) -> Any:
    if not text.lstrip().startswith("["):
        return [text]
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ParamError(f"parameter '{spec.name}': {text[:40]!r} is no JSON list: "
                         f"{exc}") from exc


def _one(spec: ParamSpec, value: Any, ctx: Any) -> Any:
    """One value: a text read with the parameter's type (from Python as from the command
    line: an ``iban`` parameter given "DE89 3704 ..." holds the IBAN, not the spaced
    text, and refuses "hello"), else a value of its kind."""
    kind = spec.kind
    if isinstance(value, str):
        return _read(spec, value, ctx)
    ok = {"text": isinstance(value, str),
          "number": isinstance(value, (Decimal, int)) and not isinstance(value, bool),
          "money": isinstance(value, (Decimal, int)) and not isinstance(value, bool),
          "date": isinstance(value, date) and not isinstance(value, datetime),
          "time": isinstance(value, time),
          "bool": isinstance(value, bool)}[kind]
    if not ok:
        hint = ("a float is not exact: give a Decimal or a text, Decimal(\"12.50\")"
                if isinstance(value, float) else None)
        raise ParamError(f"parameter '{spec.name}' ({spec.written}) takes "
                         f"{_what(kind)}, not {_shown_type(value)}", hint=hint)
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return _whole(spec, _finite(spec, value), ctx) if isinstance(value, Decimal) else value


def _whole(spec: ParamSpec, value: Decimal, ctx: Any) -> Decimal:
    """``value``, refused where the type holds whole numbers only (``int``, ``digits``)
    and it is not one: 2.5 is no int."""
    if value == value.to_integral_value() or not _whole_only(spec, ctx):
        return value
    raise ParamError(f"parameter '{spec.name}' ({spec.written}) takes a whole number, "
                     f"not {value}")


def _whole_only(spec: ParamSpec, ctx: Any) -> bool:
    """Whether the parameter's type reads whole numbers only (it reads "7" as an int, or
    as digits)."""
    from formsift.core.digit_string import DigitString

    try:
        seven = spec.type.parse("7", ctx)
    except Exception:  # a type that reads no plain number: not one of whole numbers
        return False
    return isinstance(seven, (int, DigitString)) and not isinstance(seven, bool)


def _finite(spec: ParamSpec, value: Decimal) -> Decimal:
    if not value.is_finite():  # NaN would compare unequal to everything, never fail
        raise ParamError(f"parameter '{spec.name}' ({spec.written}) takes a finite "
                         f"number, not {value}")
    return value


def _read(spec: ParamSpec, text: str, ctx: Any) -> Any:
    """A value given as text, read as the parameter's type reads a document's (a date
    also as ISO 2026-01-04, true/false and yes/no as true/false)."""
    text = text.strip()
    if spec.kind == "text" and not text:
        return ""  # (a type reads no value from nothing; a parameter may be empty)
    if spec.kind == "bool" and text.lower() in _BOOLS:
        return _BOOLS[text.lower()]
    if spec.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            _refuse_both_ways(spec, text, ctx)
    if spec.kind in ("number", "money"):
        try:
            number = Decimal(text)
        except InvalidOperation:
            pass
        else:  # a plain number ("1250.00", whatever the locale), as its type keeps it
            typed = _parsed(spec, text, ctx)  # (digits keep their leading zeros: "00451")
            if isinstance(typed, Decimal) and typed == number:
                return typed
            return _whole(spec, _finite(spec, number), ctx)
    try:
        value = spec.type.parse(text, ctx)
    except Exception as exc:  # a type's own refusal (ValueError, a contract's)
        value, why = None, str(exc)
    else:
        why = ""
    if value is None or (spec.kind != "text" and isinstance(value, str)):
        what = _what(spec.kind) if spec.written.rstrip("[]") == spec.kind else \
            spec.written.rstrip("[]")  # (an iban, not "a text")
        raise ParamError(f"parameter '{spec.name}' ({spec.written}): {text[:40]!r} does "
                         f"not read as {what}" + (f": {why}" if why else ""))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


#: A numeric date with a slash or a dash whose first two numbers may each be the month
#: (03/01/2026, 3-1-26). Dots are not written month first (01.03.2026: day first).
_BOTH_WAYS = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})")


def _refuse_both_ways(spec: ParamSpec, text: str, ctx: Any) -> None:
    """A :class:`ParamError` for a date given as one that reads both ways (03/01/2026:
    3 January or 1 March) where nothing says which: the caller's order is not the
    documents' (a US team's trip "03/01/2026" to "03/12/2026", read day first, was 3
    January to 3 December, and a receipt of June passed its trip rule). A template that
    states its order (``locale "en_US"``, ``date_order "MDY"``) reads it so."""
    m = _BOTH_WAYS.fullmatch(text)
    if m is None or not _order_guessed(spec, ctx):
        return
    written = {int(m[1]), int(m[3])}
    if len(written) < 2 or max(written) > 12:
        return
    value = _parsed(spec, text, ctx)
    if not isinstance(value, date) or {value.day, value.month} != written:
        return  # (a reading of other numbers: year first, 03/01/26 under "YMD")
    other = date(value.year, value.day, value.month)
    first, second = sorted((value, other))
    raise ParamError(f"parameter '{spec.name}' ({spec.written}): {text!r} reads both as "
                     f"{first.isoformat()} and as {second.isoformat()}: give it as "
                     f"YYYY-MM-DD")


def _order_guessed(spec: ParamSpec, ctx: Any) -> bool:
    """Whether ``spec``'s type reads a numeric date in an order nothing states:
    formsift's ``date`` type under a template that states neither its ``locale`` nor its
    ``date_order`` (or a Canadian locale's, whose country writes both). A plugin's date
    type reads in its own order."""
    from formsift.plugins.fieldtypes.dates import DateType

    return type(spec.type) is DateType and not getattr(ctx, "date_order_stated", False)


def _parsed(spec: ParamSpec, text: str, ctx: Any) -> Any:
    """``text`` read by the parameter's type; None where it refuses it."""
    try:
        return spec.type.parse(text, ctx)
    except Exception:  # a type's own refusal (ValueError, a contract's)
        return None


_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _what(kind: str) -> str:
    return {"text": "a text", "number": "a number (Decimal or int)",
            "money": "an amount (Decimal or int)", "date": "a date (datetime.date)",
            "time": "a time of day (datetime.time)", "bool": "true or false"}[kind]


def _shown_type(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:60]


def values_for(owner: str, specs: Mapping[str, ParamSpec], given: Mapping[str, Any] | None,
               ctx: Any, *, declared: Iterable[str] = (), texts: bool = False
               ) -> dict[str, Any]:
    """The values of ``owner``'s parameters (``template 'x'``, ``packet 'y'``): those
    given, checked and read (:func:`coerce`), else their defaults. A parameter without a
    default not given is a :class:`ParamError` naming it; so is one given that neither
    ``specs`` nor ``declared`` (the other templates' and packets' parameters) know."""
    how = giving(given)
    if isinstance(given, RecordedParams):  # a replay: those no longer declared are skipped
        given = {n: v for n, v in given.items() if n in specs}
    given = dict(as_mapping(given) or {})
    check_known(given, [*specs, *declared], owner)
    missing = [n for n, spec in specs.items() if spec.required and n not in given]
    if missing:
        shown = ", ".join(f"'{n}' ({specs[n].written})" for n in missing)
        raise ParamError(f"{owner} needs the parameter{'s' if len(missing) > 1 else ''} "
                         f"{shown}, which {'were' if len(missing) > 1 else 'was'} not given",
                         hint=f"give it: {how(missing[0])}")
    return {n: coerce(spec, given[n], ctx, texts=texts) if n in given else spec.default
            for n, spec in specs.items()}


def check_known(given: Mapping[str, Any], declared: Iterable[str], owner: str) -> None:
    """A :class:`ParamError` for a parameter given that none of ``declared`` is (a typo),
    with the nearest declared name."""
    known = list(dict.fromkeys(declared))
    for name in as_mapping(given) or {}:
        if not isinstance(name, str):
            raise ParamError(f"parameter names are texts, not {_shown_type(name)}")
        if name not in known:
            hint = did_you_mean(name, known)
            raise ParamError(f"no parameter '{name}' is declared by {owner}",
                             hint=f"did you mean '{hint}'?" if hint else
                             ("its parameters: " + ", ".join(known)) if known else
                             "declare it in the template: param NAME: text")


def check_readable(given: Mapping[str, Any] | None, definitions: Iterable[Any]) -> None:
    """A :class:`ParamError` for a value given (``--param``, ``params=``) that no template
    or packet of ``definitions`` declaring its parameter can read (``trip_start=
    2026-02-31``): the caller's mistake, said once before any input is read. A value one
    of them reads is left to the documents classified as the others."""
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale

    owners = [d for d in definitions if getattr(d, "params", None)]
    packets = ParseContext(get_locale("en"))  # as packet_runner reads a packet's
    for name, value in (as_mapping(given) or {}).items():
        errors: list[ParamError] = []
        declaring = [d for d in owners if name in d.params]
        for d in declaring:
            try:
                coerce(d.params[name], value, getattr(d, "context", packets),
                       texts=isinstance(given, TextParams))
            except ParamError as exc:
                errors.append(exc)
        if errors and len(errors) == len(declaring):
            raise errors[0]
    check_one_reading(given, definitions)


def check_one_reading(given: Mapping[str, Any] | None, definitions: Iterable[Any]) -> None:
    """A :class:`ParamError` for a date given as text (``trip_start=03/01/2026``) that the
    templates and packets of ``definitions`` declaring its parameter read as different
    dates: 1 March under a ``locale "en_US"`` template, 3 January under a ``de_DE`` one,
    so a run over both would hold each document to another trip. A replay's values
    (:class:`RecordedParams`) were read once already."""
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale

    if isinstance(given, RecordedParams):
        return
    packets = ParseContext(get_locale("en"))  # as packet_runner reads a packet's
    owners = [d for d in definitions if getattr(d, "params", None)]
    for name, value in (as_mapping(given) or {}).items():
        readings: dict[tuple[Any, ...], str] = {}
        written = ""
        for d in owners:
            spec = d.params.get(name)
            if spec is None or spec.kind != "date":
                continue
            try:
                read = coerce(spec, value, getattr(d, "context", packets),
                              texts=isinstance(given, TextParams))
            except ParamError:
                continue  # (refused there: check_readable's, or that document's, error)
            whose = "packet" if hasattr(d, "documents") else "template"
            # (a list parameter's dates and one date alike: ("2026-03-01",) is 2026-03-01)
            readings.setdefault(read if isinstance(read, tuple) else (read,),
                                f"{whose} '{d.name}'")
            written = spec.written
        if len(readings) > 1:
            (one, first), (two, second) = sorted(readings.items())[:2]
            raise ParamError(f"parameter '{name}' ({written}): {value!r} "
                             f"reads as {_iso(one)} under {first} and as {_iso(two)} "
                             f"under {second}: give it as YYYY-MM-DD")


def _iso(value: tuple[Any, ...]) -> str:
    """A parameter's dates as ISO, for messages: one, or a list's."""
    shown = ", ".join(v.isoformat() for v in value)
    return shown if len(value) == 1 else f"[{shown}]"


def as_mapping(given: Any) -> Mapping[str, Any] | None:
    """``given`` (``params=``), refused with a clear error unless it maps names to
    values: ``params="applicant=A"`` is no way to give them."""
    if given is None or isinstance(given, Mapping):
        return given
    raise ParamError(f"params= takes a dict of names and values, not {_shown_type(given)}",
                     hint='e.g. params={"applicant": "Anna Berg"}')


def giving(given: Any) -> Callable[[str], str]:
    """How the caller gives a parameter NAME, for hints: ``--param NAME=...`` for values
    given as text on the command line, ``?param=NAME=...`` in an HTTP request,
    ``params={"NAME": ...}`` in Python."""
    if isinstance(given, QueryParams):
        return lambda name: f"?param={name}=..."
    if isinstance(given, TextParams):
        return lambda name: f"--param {name}=..."
    return lambda name: f'params={{"{name}": ...}}'


def picked(params: Mapping[str, Any] | None, names: Iterable[str]
           ) -> Mapping[str, Any] | None:
    """The parameters of ``params`` that ``names`` declare (given as text, still; in an
    HTTP request, still)."""
    if params is None:
        return None
    wanted = set(names)
    out = {n: v for n, v in params.items() if n in wanted}
    return type(params)(out) if isinstance(params, TextParams) else out


#: The parameters of the packet being extracted (:meth:`Engine.extract_packet`): its
#: documents' templates and its packet template take those they declare.
PACKET_PARAMS: ContextVar[Mapping[str, Any] | None] = ContextVar("packet_params",
                                                                 default=None)


def bind(definition: Any, values: Mapping[str, Any]) -> Any:
    """``definition`` (a compiled template or packet) whose rules and policies read
    ``values`` as ``param.NAME``; its ``param_values`` say which."""
    if not definition.params:
        return definition
    rules = [dataclasses.replace(r, expr=bind_expr(r.expr, values)) for r in definition.rules]
    policies = [dataclasses.replace(p, expr=bind_expr(p.expr, values))
                for p in definition.policies]
    return dataclasses.replace(definition, rules=rules, policies=policies,
                               param_values=dict(values))


def bind_expr(e: A.Expr, values: Mapping[str, Any]) -> A.Expr:
    """``e`` with each ``param.NAME`` holding its value (one not in ``values`` stays
    unbound: a rule reading it is not evaluated)."""
    if isinstance(e, A.Param):
        return dataclasses.replace(e, value=values.get(e.name.text, A.UNBOUND))
    if isinstance(e, A.Binary):
        return dataclasses.replace(e, left=bind_expr(e.left, values),
                                   right=bind_expr(e.right, values))
    if isinstance(e, A.Unary):
        return dataclasses.replace(e, operand=bind_expr(e.operand, values))
    if isinstance(e, A.FuncCall):
        where = bind_expr(e.where, values) if e.where is not None else None
        return dataclasses.replace(e, args=tuple(bind_expr(a, values) for a in e.args),
                                   where=where)
    return e


def bound_as_recorded(definition: Any, recorded: Mapping[str, Any]) -> Any:
    """``definition`` with those of ``recorded`` it declares bound, each read as if
    given as text where it is text: the values a record says its rules read
    (``audit.params``, as JSON: a review's corrections run the rules again with them), or
    the values given for a near-tie's trial runs. One missing, or not of its type, stays
    unbound (a rule reading it is not evaluated: never a silent pass)."""
    if not definition.params:
        return definition
    values: dict[str, Any] = {}
    ctx = getattr(definition, "context", None)
    for name, spec in definition.params.items():
        if name in recorded:
            try:
                values[name] = coerce(spec, recorded[name], ctx, texts=True)
            except ParamError:
                continue
    return bind(definition, values)


def shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as a result records them (lists as lists)."""
    return {n: list(v) if isinstance(v, tuple) else v for n, v in values.items()}


# ---------------------------------------------------------------- the command line
def parse_assignments(items: Iterable[str], option: str = "--param"
                      ) -> dict[str, str | list[str]]:
    """``--param NAME=VALUE`` options as values: a name given again is a list of its
    values (``--param po=A --param po=B``); a value stays text, read with the parameter's
    type once its template is known (a JSON list ``["A", "B"]`` is read then too).
    ``option``: how the values were given, for a mistake's message (``?param=``)."""
    out: dict[str, str | list[str]] = {}
    for item in items:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            raise ParamError(f"{option} takes NAME=VALUE, not {item!r}",
                             hint='e.g. ?param=applicant=Anna%20Berg' if option != "--param"
                             else 'e.g. --param applicant="Anna Berg"')
        if name in out:
            before = out[name]
            out[name] = [*(before if isinstance(before, list) else [before]), value]
        else:
            out[name] = value
    return out
