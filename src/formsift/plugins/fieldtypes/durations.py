"""Lengths of time: call durations, hours worked, time on site.

``duration`` reads ``1:23:45`` (hours, minutes, seconds), ``27:41:09`` (more than a day's
hours), ``0:45`` and ``45:10`` (two parts: minutes and seconds by default, hours and
minutes with ``two_parts="h:mm"``), ``1h 23m 45s``, ``2 h 30 min``, ``90 min``,
``45 sec``, ``2.5 hrs`` (a lone ``m`` is a metre: ``1h 30m`` and ``30 min`` are
durations, ``30 m`` is not). The value is a number (value kind ``number``, a
``Decimal``) in the field's ``unit``: seconds by default, or ``"min"`` / ``"h"``
(``1:30:00`` is 5400, 90 or 1.5), so rules add durations up (``sum(calls.duration) ==
total_time``) as they add amounts. A number without a unit (``90``) is no duration:
declare such a column ``decimal``.

A time of day is no duration and the two look alike: ``duration`` reads what the
``time`` type reads as ``16:30`` as well (16 minutes 30 seconds by default); declare the
field by what it is.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import Field

from formsift.core.components import Options
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext

_PER_UNIT = {"s": Decimal(1), "min": Decimal(60), "h": Decimal(3600)}

#: ``h:mm:ss`` or two parts, not inside a longer number, a date or a time with am/pm.
_CLOCK = re.compile(r"(?<![\w.:,/])(?P<a>\d{1,4}):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?"
                    r"(?![\w:/]|[.,]\d|\s?[aApP]\.?\s?[mM]\b)")
_H = r"(?:h|hr|hrs|hour|hours|std|stunden?|heures?)"
_M = r"(?:m|min|mins|minutes?|minuten?)"
_S = r"(?:s|sec|secs|seconds?|sek|sekunden?|secondes?)"
_NUM = r"\d+(?:[.,]\d+)?"
#: ``1h 23m 45s``, ``2 h 30 min``, ``90 min``, ``2.5 hrs``: each part a number and its
#: unit, hours before minutes before seconds, at least one part.
_WORDS = re.compile(
    rf"(?<![\w.,])(?=\d)(?:(?P<h>{_NUM})\s?{_H}\.?(?![^\W\d_]))?\s?"
    rf"(?:(?P<m>{_NUM})\s?(?P<mu>{_M})\.?(?![^\W\d_]))?\s?"
    rf"(?:(?P<s>{_NUM})\s?{_S}\.?(?![^\W\d_]))?", re.IGNORECASE)


#: Hours and minutes written as on a French or German time sheet, the minutes without
#: their unit: ``1h30``, ``2 h 15``, ``1h05`` (not ``1h 30m``, read above).
_H_MM = re.compile(r"(?<![\w.,])(?P<h>\d{1,3})\s?[hH]\s?(?P<m>[0-5]\d)(?![\w:.,]|\s?\d|\s?[mM])")
#: Every letter of the unit words, for decoding constrained by the type's alphabet.
_UNIT_LETTERS = "".join(sorted({c for w in ("hrsourstdenheure", "minutesminuten",
                                             "secondsekunden") for c in w}))


class DurationOptions(Options):
    unit: Literal["s", "min", "h"] = Field(
        "s", description="the unit of the value: seconds (s), minutes (min) or hours (h)")
    two_parts: Literal["m:ss", "h:mm"] = Field(
        "m:ss", description="what a duration of two parts means: 45:10 as minutes and "
                            "seconds (m:ss, call logs) or hours and minutes (h:mm)")


class DurationType(FieldType):
    """A length of time, as a number in the field's ``unit`` (see the module's
    docstring)."""

    name = "duration"
    version = "0.1.0"
    summary = ("Lengths of time: 1:23:45, 45:10, 1h 23m 45s, 90 min, 2.5 hrs (a number of "
               "seconds, or of the unit option's min or h)")
    value_kind = "number"
    Options = DurationOptions

    def parse(self, raw: str, ctx: ParseContext) -> Decimal:
        text = " ".join(raw.split())
        for found in self._read(text):
            if found.start == 0 and found.end == len(text):
                return found.value
        raise ValueError(f"not a duration: {raw!r} (write it 1:23:45, 45:10, 1h 23m, "
                         f"90 min or 2.5 hrs)")

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return self._read(text)

    def _read(self, text: str) -> list[Found]:
        opts: DurationOptions = self.options  # type: ignore[assignment]
        out: list[Found] = []
        taken: list[tuple[int, int]] = []
        for m in _H_MM.finditer(text):
            seconds = int(m["h"]) * 3600 + int(m["m"]) * 60
            out.append(Found(m.start(), m.end(), self._in_unit(Decimal(seconds)), 1.0))
            taken.append(m.span())
        for m in _CLOCK.finditer(text):
            a, b, c = int(m["a"]), int(m["b"]), m["c"]
            if c is not None:
                seconds = a * 3600 + b * 60 + int(c)
            elif opts.two_parts == "h:mm":
                seconds = a * 3600 + b * 60
            else:
                seconds = a * 60 + b
            out.append(Found(m.start(), m.end(), self._in_unit(Decimal(seconds)), 1.0))
            taken.append(m.span())
        for m in _WORDS.finditer(text):
            if not (m["h"] or m["m"] or m["s"]) or any(s < m.end() and m.start() < e
                                                        for s, e in taken):
                continue
            if m["mu"] and m["mu"].lower() == "m" and not m["h"]:
                continue  # "2.5 m" alone is a length; "1h 30m" is a duration
            try:
                seconds = sum((Decimal(m[k].replace(",", ".")) * per
                               for k, per in (("h", 3600), ("m", 60), ("s", 1)) if m[k]),
                              Decimal(0))
            except InvalidOperation:
                continue
            end = m.end()
            while end > m.start() and text[end - 1].isspace():
                end -= 1
            out.append(Found(m.start(), end, self._in_unit(seconds), 1.0))
        out.sort(key=lambda f: f.start)
        return out

    def _in_unit(self, seconds: Decimal) -> Decimal:
        opts: DurationOptions = self.options  # type: ignore[assignment]
        value = seconds / _PER_UNIT[opts.unit]
        if value == value.to_integral_value():
            return Decimal(int(value))
        # 100 s in minutes: 1.6667 (four decimals, trailing zeros dropped: 1.5, not 1.5000)
        return Decimal(format(value.quantize(Decimal("0.0001")).normalize(), "f"))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d+(\.\d+)?$"}

    def constraint(self) -> Constraint:
        return Constraint(alphabet="0123456789:., " + _UNIT_LETTERS + _UNIT_LETTERS.upper())
