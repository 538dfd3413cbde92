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

With ``two_parts="h:mm"`` (a technical log's block time, a time sheet's hours), hours
and minutes are read as the ``time`` type reads a time of day whose colon was misread or
lost: ``1.26`` is 1:26, its colon read as a dot (exactly two digits of minutes, 00 to 59:
``1.75`` and ``1.5`` are decimal numbers, no duration), a little less sure than ``1:26``;
and, on recognized text only (a scan or a photo, whose recognizer may lose a handwritten
colon's dots), three or four digits as the whole of the value's text are hours and
minutes, less sure still: ``126`` is 1:26, ``0053`` 0:53 (``175`` is none). A text layer's
``126`` was typed so and stays no duration. Declare a column of decimal hours (``7.50``
for seven and a half) ``decimal``, not ``duration(two_parts="h:mm")``.

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
#: With ``two_parts="h:mm"``: hours and minutes with a dot for the colon, as a recognizer
#: reads a handwritten ``1:26`` (``1.26``); exactly two digits of minutes, 00 to 59, not
#: inside a longer number or a date, not before a unit (``1.26 h`` is decimal hours).
_DOTTED = re.compile(rf"(?<![\w.:,/])(?P<a>\d{{1,3}})\.(?P<b>[0-5]\d)"
                     rf"(?![\w:/]|[.,]\d|\s?(?:{_H}|{_M}|{_S}|[aApP]\.?\s?[mM])\b)",
                     re.IGNORECASE)
#: How much less a dotted ``1.26`` scores than ``1:26`` (as the ``time`` type's ``16.30``).
_DOTTED_SCORE = 0.9
#: With ``two_parts="h:mm"``, on recognized text: hours and minutes whose colon was lost,
#: three or four digits as the whole of a value's text (``126``, ``0053``, ``1045``).
_DIGITS = re.compile(r"(?P<a>\d{1,2})(?P<b>[0-5]\d)")
#: How much less a colon-less ``126`` scores (as the ``time`` type's ``1759``).
_DIGITS_SCORE = 0.8
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
        for found in self._read(text, ctx.recognized):
            if found.start == 0 and found.end == len(text):
                return found.value
        raise ValueError(f"not a duration: {raw!r} (write it 1:23:45, 45:10, 1h 23m, "
                         f"90 min or 2.5 hrs)")

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return self._read(text, ctx.recognized)

    def _read(self, text: str, recognized: bool = True) -> list[Found]:
        opts: DurationOptions = self.options  # type: ignore[assignment]
        out: list[Found] = []
        taken: list[tuple[int, int]] = []
        for m in _H_MM.finditer(text):
            seconds = int(m["h"]) * 3600 + int(m["m"]) * 60
            out.append(Found(m.start(), m.end(), self._in_unit(Decimal(seconds)), 1.0))
            taken.append(m.span())
        if opts.two_parts == "h:mm":
            for m in _DOTTED.finditer(text):
                seconds = int(m["a"]) * 3600 + int(m["b"]) * 60
                out.append(Found(m.start(), m.end(), self._in_unit(Decimal(seconds)),
                                 _DOTTED_SCORE))
                taken.append(m.span())
            stripped = text.strip()
            if recognized and (m := _DIGITS.fullmatch(stripped)) and len(stripped) >= 3:
                start = len(text) - len(text.lstrip())
                seconds = int(m["a"]) * 3600 + int(m["b"]) * 60
                out.append(Found(start, start + len(stripped),
                                 self._in_unit(Decimal(seconds)), _DIGITS_SCORE))
                taken.append((start, start + len(stripped)))
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
