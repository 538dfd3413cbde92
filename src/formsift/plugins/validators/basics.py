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


def _matches(text: Any, pattern: Any) -> bool:
    rx = pattern if hasattr(pattern, "search") else compile_pattern(str(pattern))
    return search(rx, str(text)) is not None


class BasicsValidator(Validator):
    name = "basics"
    version = "0.3.0"
    summary = ("abs, round, days_between, years_between, today, len, upper, lower, matches, "
               "unece_unit")

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
            Function("upper", ("text",), "text", lambda s: str(s).upper(), "Upper case."),
            Function("lower", ("text",), "text", lambda s: str(s).lower(), "Lower case."),
            Function("matches", ("text", "any"), "bool", _matches,
                     "matches(x, /re/): the regex is found in the text (with a time limit)."),
            Function("unece_unit", ("text",), "text", unece_code,
                     "unece_unit(uom): the UN/ECE Rec. 20 code of a printed unit of measure "
                     "(kg: KGM, pcs: H87, l: LTR); nothing when the unit is not known."),
        ]
