"""Times of day: ``7:00``, ``07:00``, ``16.30``, ``4:30 pm``, ``16h30``, ``7h``.

The value is a :class:`datetime.time` (value kind ``time``), written ``"HH:MM"`` in JSON
(``"HH:MM:SS"`` when its seconds are not 0: ``7:00:15``; ``7:00:00`` is ``"07:00"``).
Rules compare times with each other and with a literal ``"09:00"``, and measure the time
between two with ``hours_between(start, end)`` or ``minutes_between(start, end)``
(:mod:`formsift.plugins.validators.plausibility`).

A dot separates hours and minutes only when exactly two digits of minutes (00 to 59)
follow: ``16.30`` is half past four in the afternoon, but ``7.5`` and ``7.75`` are decimal
hours, which are no time of day (declare such a column ``decimal``). Three or four digits
are hours and minutes (``715``, ``1430``, ``0745 hrs``, a handwritten ``17:59`` whose
colon was lost) as the whole of a value's text, a little less sure; such a reading is
doubted (:meth:`TimeType.doubted`: review, unless a rule ties it to other values), but
for four digits on a text layer, a 24-hour clock's as printed.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from formsift.core.kinds import Constraint, FieldType, Found, ParseContext

_AMPM = r"(?P<ampm>[aApP])\.?\s?[mM]\.?"
#: One time of day, not inside a number, a date or a word: 7:00, 16.30, 16h30, 16 h 30,
#: 7h, 7:00:15, 4:30 pm, 4pm, 11 a.m.; a colon set apart by a space on either side, as OCR
#: splits a monospaced print: 14 :38, 07: 42.
_TIME = re.compile(
    r"(?<![\w.:,/])(?P<h>\d{1,2})"
    r"(?:(?P<sep>[ \t]?:[ \t]?|\.|\s?[hH]\s?)(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"|\s?(?P<hh>[hH])(?![\w])"
    r"|(?=\s?[aApP]\.?\s?[mM](?![^\W\d_])))"
    rf"(?:\s?{_AMPM})?"
    r"(?![^\W_]|[.:,/]\d)")
#: Hours and minutes written as three or four digits, as 24-hour clocks in operations are
#: ("1430", "0745 hrs"), or as a handwritten "7:15" or "17:59" reads when its colon's dots
#: are lost ("715", "1759"): read only as the whole of a value's text ("2000 cartons",
#: "2019 model", "1200 EUR" are no time).
_FOUR_DIGITS = re.compile(r"(?<![\w.:,/-])(?P<h>[01]?\d|2[0-3])(?P<m>[0-5]\d)"
                          r"(?:\s?(?:hrs?|Uhr|h)\.?)?(?![\w.:,/-])")
#: How much less a time written as three or four digits scores than one with its separator.
_FOUR_DIGITS_SCORE = 0.8
#: A number of hours with decimals (7.5, 7,75): no time of day.
_DECIMAL_HOURS = re.compile(r"\d{1,2}[.,]\d{1,2}|\d{1,2}[.,]\d{3,}")


def _value(m: re.Match[str]) -> time:
    """The time ``m`` reads (ValueError with a reason when it is no time of day)."""
    h = int(m["h"])
    minute = int(m["m"]) if m["m"] else 0
    second = int(m["s"]) if m["s"] else 0
    if minute > 59 or second > 59:
        raise ValueError(f"{m.group().strip()!r}: minutes and seconds go from 00 to 59")
    if m["ampm"]:
        if not 1 <= h <= 12:
            raise ValueError(f"{m.group().strip()!r}: with am or pm the hour goes from 1 "
                             f"to 12")
        h = h % 12 + (12 if m["ampm"].lower() == "p" else 0)
    elif h == 24 and minute == second == 0:
        h = 0  # the end of a day, 24:00, is its midnight
    elif h > 23:
        raise ValueError(f"{m.group().strip()!r}: the hour goes from 0 to 23")
    return time(h, minute, second)


def time_json(value: time) -> str:
    """``"07:00"``, or ``"07:00:15"`` with seconds."""
    return value.isoformat(timespec="seconds" if value.second else "minutes")


class TimeType(FieldType):
    """A time of day (see the module's docstring for what it reads)."""

    name = "time"
    version = "0.1.0"
    summary = "Times of day: 7:00, 16.30, 4:30 pm, 16h30, 7h (JSON \"HH:MM\")"
    value_kind = "time"

    def parse(self, raw: str, ctx: ParseContext) -> time:
        text = " ".join(raw.split())
        m = _TIME.fullmatch(text)
        if m is None and (four := _FOUR_DIGITS.fullmatch(text)):
            return time(int(four["h"]), int(four["m"]))
        decimal = _DECIMAL_HOURS.fullmatch(text) and (m is None or int(m["m"] or 0) > 59)
        if m is None or decimal:
            hint = ("a decimal number of hours, not a time of day: declare the field "
                    "decimal, or write the time 7:30" if decimal
                    else "write it 7:30, 16:30, 16.30, 4:30 pm, 16h30 or 7h")
            raise ValueError(f"not a time of day: {raw!r} ({hint})")
        try:
            return _value(m)
        except ValueError as exc:
            raise ValueError(f"not a time of day: {exc}") from None

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []
        for m in _TIME.finditer(text):
            try:
                value = _value(m)
            except ValueError:
                continue
            # a dotted "16.30" may be a number: a little less sure than "16:30" or "16h30"
            score = 0.9 if m["sep"] == "." else 1.0
            out.append(Found(m.start(), m.end(), value, score))
        if not out and (four := _FOUR_DIGITS.fullmatch(text.strip())):
            start = len(text) - len(text.lstrip())
            out.append(Found(start + four.start(), start + four.end(),
                             time(int(four["h"]), int(four["m"])), _FOUR_DIGITS_SCORE))
        return out

    def doubted(self, raw: str, value: Any, ctx: ParseContext) -> str | None:
        """Why ``value`` read from ``raw`` without a separator between its hours and
        minutes ("715", "1730") is doubted: the separator is missing or the recognizer lost
        it, and the digits could be another time misread. None for a time written with
        its separator, and for four digits on a text layer (``may_be_misread`` False: a
        24-hour clock's "1430" as printed). Such a value is no surer than a character the
        recognizer doubts, for review (:func:`formsift.templates.runtime.misreading`)."""
        from formsift.plugins.fieldtypes.text import may_be_misread

        four = _FOUR_DIGITS.fullmatch(" ".join(raw.split()))
        if four is None or _TIME.fullmatch(" ".join(raw.split())) is not None \
                or time(int(four["h"]), int(four["m"])) != value:
            return None
        if len(four["h"]) == 2 and not may_be_misread(ctx):
            return None
        return (f"no colon between hours and minutes (written so, or lost in reading), "
                f"read as {time_json(value)}")

    def to_json(self, value: Any) -> Any:
        return time_json(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"}

    def constraint(self) -> Constraint:
        return Constraint(alphabet="0123456789:.hHapmAPM ", pattern=TIME_SHAPE)


#: The shape of a written time of day, for decoding constrained by a pattern.
TIME_SHAPE = r"\d{1,2}(?:[:.h]\d{2})?\s?(?:[apAP]\.?[mM]\.?)?|\d{1,2}h"
