"""General functions for rules: rounding, absolute values, dates, text helpers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.util.safe_regex import compile_pattern, search
from formsift.util.units import unece_code


def _round(value: Decimal, places: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _years_between(a: date, b: date) -> Decimal:
    """Whole years from ``a`` to ``b`` (an age: 18 on the 18th birthday, not after 6570
    days); a birthday on 29 February falls on 1 March in other years."""
    years = b.year - a.year - ((b.month, b.day) < (a.month, a.day))
    return Decimal(years)


def _substr(text: Any, start: Decimal, length: Decimal) -> str:
    """``length`` characters of ``text`` from the ``start``-th on, the first being 1 (as
    SQL's SUBSTR and a spreadsheet's MID count); fewer where the text ends before."""
    from formsift.templates.rules import RuleEvalError

    problem = _substr_problem(start, length)
    if problem is not None:
        raise RuleEvalError(problem)
    text = str(text)
    if start > len(text):  # compared as Decimal: a huge literal becomes no huge int
        return ""
    return text[int(start) - 1:int(start) - 1 + int(min(length, len(text)))]


def _substr_problem(start: Any, length: Any) -> str | None:
    """What is wrong with substr()'s start or length (None: nothing, or not known)."""
    for name, value, least in (("start", start, 1), ("length", length, 0)):
        if not isinstance(value, Decimal) or not value.is_finite():
            continue
        if value != value.to_integral_value() or value < least:
            return (f"substr() counts characters from 1: its {name} must be a whole number of "
                    f"{least} or more, not {value}")
    return None


def _check_substr(literals: list[Any]) -> tuple[str, str | None] | None:
    problem = _substr_problem(*literals[1:3]) if len(literals) == 3 else None
    return (problem, "substr(gstin, 3, 10): the 10 characters from the 3rd on") \
        if problem else None


def _starts_with(text: Any, prefix: Any) -> bool:
    return str(text).strip().casefold().startswith(str(prefix).strip().casefold())


def _ends_with(text: Any, suffix: Any) -> bool:
    return str(text).strip().casefold().endswith(str(suffix).strip().casefold())


def _matches(text: Any, pattern: Any) -> bool:
    rx = pattern if hasattr(pattern, "search") else compile_pattern(str(pattern))
    return search(rx, str(text)) is not None


class BasicsValidator(Validator):
    name = "basics"
    version = "0.5.0"
    summary = ("abs, round, days_between, years_between, today, len, substr, upper, lower, "
               "starts_with, ends_with, matches, unece_unit")

    def functions(self) -> Iterable[Function]:
        return [
            Function("abs", ("number",), "number", lambda v: abs(v), "Absolute value."),
            Function("round", ("number", "number"), "number", _round,
                     "round(x, 2): rounded half up to 2 places."),
            Function("days_between", ("date", "date"), "number",
                     lambda a, b: Decimal((b - a).days), "Days from the first to the second."),
            Function("years_between", ("date", "date"), "number", _years_between,
                     "Whole years from the first date to the second (an age: "
                     "years_between(birth_date, signed_on) >= 18)."),
            Function("today", (), "date", date.today, "Today's date."),
            Function("len", ("text",), "number", lambda s: Decimal(len(str(s))),
                     "Length of a text."),
            Function("substr", ("text", "number", "number"), "text", _substr,
                     "substr(x, start, length): length characters of the text from the "
                     "start-th on, counting the first character as 1; fewer where the text "
                     "ends (substr(gstin, 3, 10) is characters 3 to 12, the PAN in a GSTIN; "
                     "substr(gstin, 1, 2), its state code).", check=_check_substr),
            Function("upper", ("text",), "text", lambda s: str(s).upper(), "Upper case."),
            Function("lower", ("text",), "text", lambda s: str(s).lower(), "Lower case."),
            Function("starts_with", ("text", "text"), "bool", _starts_with,
                     "starts_with(x, prefix): the text begins with the other, ignoring case "
                     "and the spaces around both (starts_with(iban, \"DE\"))."),
            Function("ends_with", ("text", "text"), "bool", _ends_with,
                     "ends_with(x, suffix): the text ends with the other, ignoring case and "
                     "the spaces around both (ends_with(email, \"@\" + supplier_domain))."),
            Function("matches", ("text", "any"), "bool", _matches,
                     "matches(x, /re/): the regex is found in the text (with a time limit)."),
            Function("unece_unit", ("text",), "text", unece_code,
                     "unece_unit(uom): the UN/ECE Rec. 20 code of a printed unit of measure "
                     "(kg: KGM, pcs: H87, l: LTR, lbs: LBR); nothing when the unit is not known."),
        ]
