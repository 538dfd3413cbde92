"""Digit strings that are numbers: meter readings, account and serial numbers printed with
their leading zeros ("0045127").

``int`` reads "0045127" as 45127 (the record and the CSV export lose the zeros); ``id``
keeps them but is text, which rules cannot subtract, and which ``>=`` would order letter
by letter ("11596" >= "115870"). A ``digits`` value is both: a :class:`DigitString`, a
``Decimal`` that computes as the number (``current - prev``, ``current >= prev``,
``sum(meters.current)``) and is written as the digits read (str, JSON, CSV: "0045127").

What is no digit string is not taken for another number:

- a point or a comma between digits ("1159.6", "11,596"): no value; the text is named
  (``invalid_value``), as a value of the wrong shape; handwriting read so is not read
  again with digits alone, which would drop the mark
  (:func:`formsift.templates.constrained.wrong_shape`);
- digits a space apart ("1159 6", a gap in the pen, or two values): each group of the
  field's length, as likely: the record goes to review (``ambiguous``) unless a rule
  holds for one group only (``current >= prev`` over a small previous reading takes
  1159; ``int`` took it without a rule); never the groups joined from the text alone
  (in print "10 87847" is two numbers). Where no group is of the field's length
  (``digits(5)``, ``digits(min_length=5, max_length=7)``), the text is named
  (``invalid_value``), and a handwritten value is read again with the length's pattern
  (``templates.constrained``; a gap read as a space is left out there);
- a comb field's cells ("0 0 4 5 1 2 7", one digit per printed cell) are joined, as the
  other types join them (:func:`formsift.plugins.fieldtypes.comb.comb_text`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from pydantic import Field, model_validator

from formsift.core.components import Options
from formsift.core.digit_string import DigitString
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.plugins.fieldtypes.comb import comb_text
from formsift.util.number_text import ascii_forms

#: The score of a value read from a comb field's cells (as the other types' combs).
_COMB_SCORE = 0.95
#: Digits, and digits set apart by one space, a point or a comma inside one run: not part
#: of a word, a code ("WM-2023-000777"), a date ("14/08/2026") or a time ("09:30"). (Two
#: spaces are a column's gap for a number type: see ``locators._number_line_text``.)
_RUN = re.compile(r"(?<![\w\-/.,])(?<![0-9]:)[0-9]+(?:[ .,][0-9]+)*(?![\w\-/]|[.,:][0-9])")
_MARK = re.compile(r"[0-9][.,][0-9]")


class DigitsOptions(Options):
    """How many digits a value has: ``digits(7)`` exactly seven, ``digits(min_length=5,
    max_length=7)`` five to seven; any number of them by default."""

    length: int | None = Field(None, ge=1, le=64, description="the number of digits")
    min_length: int | None = Field(None, ge=1, le=64, description="the fewest digits")
    max_length: int | None = Field(None, ge=1, le=64, description="the most digits")

    @model_validator(mode="after")
    def _one_way(self) -> DigitsOptions:
        if self.length is not None and (self.min_length or self.max_length):
            raise ValueError("give either a length (digits(7)) or min_length/max_length, "
                             "not both")
        if self.min_length and self.max_length and self.min_length > self.max_length:
            raise ValueError(f"min_length {self.min_length} is more than max_length "
                             f"{self.max_length}")
        return self

    def bounds(self) -> tuple[int, int | None]:
        """The fewest and most digits (None: no most)."""
        if self.length is not None:
            return self.length, self.length
        return self.min_length or 1, self.max_length


class DigitsType(FieldType):
    name = "digits"
    version = "0.1.0"
    summary = ("A number written as a string of digits that keeps its leading zeros "
               "(meter readings, account numbers: \"0045127\"); a number in rules, the "
               "digits as read in the record; digits(7) or digits(min_length=5, "
               "max_length=7) for its length")
    value_kind = "number"
    positional = "length"
    Options = DigitsOptions

    def _bounds(self) -> tuple[int, int | None]:
        return self.options.bounds()  # type: ignore[attr-defined, no-any-return]

    def _fits(self, digits: str) -> bool:
        low, high = self._bounds()
        return len(digits) >= low and (high is None or len(digits) <= high)

    def _length_said(self) -> str:
        low, high = self._bounds()
        if low == high:
            return f"{low} digit{'s' if low > 1 else ''}"
        return f"at least {low} digits" if high is None else f"{low} to {high} digits"

    def parse(self, raw: str, ctx: ParseContext) -> DigitString:
        text = ascii_forms(raw).strip()
        comb = comb_text(text)
        digits = comb[2] if comb is not None and comb[2].isdigit() else text
        if not (digits.isascii() and digits.isdigit()):
            raise ValueError(_not_digits(text))
        if not self._fits(digits):
            raise ValueError(f"{digits!r} has {len(digits)} digits, not {self._length_said()}")
        return DigitString(digits)

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Each run of digits in ``text`` of the field's length; a run with a point or a
        comma inside gives none, one with spaces inside each of its groups, as likely
        (see the module's docstring); a comb's cells joined."""
        text = ascii_forms(text)  # one character for one: the spans are the text's
        comb = comb_text(text)
        if comb is not None and comb[2].isdigit() and self._fits(comb[2]):
            return [Found(comb[0], comb[1], DigitString(comb[2]), _COMB_SCORE)]
        out: list[Found] = []
        for m in _RUN.finditer(text):
            if not _MARK.search(m.group()):
                out.extend(self._readings(m))
        return out

    def _readings(self, m: re.Match[str]) -> list[Found]:
        """The values of one run of digits (:data:`_RUN`) without a mark inside: each of
        its groups of the field's length, all as likely (a gap in the pen, or two values:
        a rule decides, or review). The groups are never joined from the text alone: in
        print, "10 87847" is two numbers (an average come into a reading's cell); a
        handwritten number's pieces are joined where their words touch, as an ``int``'s
        (``locators._split_numbers``), or read again under the field's length when no
        group is of it (``templates.constrained``)."""
        out = [Found(m.start() + g.start(), m.start() + g.end(), DigitString(g.group()))
               for g in re.finditer(r"[0-9]+", m.group()) if self._fits(g.group())]
        return [dataclasses.replace(f, tied=i > 0) for i, f in enumerate(out)]

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """Digits with a point, a comma or a space inside ("1159.6", "11,596", "1159 6"
        where no group is of the field's length), or of another length than the field's,
        where the value belongs (at the start of the text beside the label): written as
        the value, but none of this type."""
        head = ascii_forms(text).lstrip(" :#")
        m = _RUN.match(head)
        if m is None or self.find(text, ctx):
            return None
        run = m.group()
        if not run.isdigit():  # a point, a comma or a space inside
            return _not_digits(run)
        return f"{run!r} has {len(run)} digits; the field wants {self._length_said()}"

    def _shape(self) -> str:
        """A regex of the values: digits, as many as the field's length allows."""
        low, high = self._bounds()
        if high is None:
            return "[0-9]+" if low == 1 else f"[0-9]{{{low},}}"
        return f"[0-9]{{{low}}}" if low == high else f"[0-9]{{{low},{high}}}"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{self._shape()}$"}

    def constraint(self) -> Constraint:
        # a recognizer reads digits alone, as many as the length allows: a handwritten 1
        # read freely as a slash ("0045/27") is read again as the digit
        return Constraint(alphabet="0123456789", pattern=self._shape())


def _not_digits(text: str) -> str:
    """Why ``text`` is no string of digits."""
    if _MARK.search(text):
        return (f"{text!r} holds a point or a comma: a digits value is written with digits "
                f"alone (a number with decimals is a decimal)")
    if re.fullmatch(r"[0-9]+(?:\s+[0-9]+)+", text):
        return f"{text!r} has a space inside: one number written with a gap, or two?"
    return f"not a string of digits: {text!r}"
