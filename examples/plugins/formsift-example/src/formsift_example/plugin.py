"""The plugin module named by the ``formsift`` entry point in pyproject.toml.

It contributes two components through formsift's registration hooks:

* a field type ``nl_postcode`` (Dutch postcodes such as "1234 AB", value "1234AB"), usable
  in templates as ``field zip: nl_postcode = right of "Postcode"``;
* a validator ``example-checks`` whose function ``is_weekday(date)`` rules can call:
  ``warn on_weekday: is_weekday(invoice_date)``.

formsift imports this module once per process that builds a plugin registry, then calls
each ``formsift_register_*`` function below once and indexes the classes they return.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

from formsift.core.components import Options
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Constraint, FieldType, Found, Function, ParseContext, Validator

# Four digits, the first not 0, an optional space, two capital letters; not glued to
# other digits or letters ("12345 AB" and "1234 ABC" are not postcodes).
_POSTCODE = re.compile(r"(?<![0-9])([1-9][0-9]{3}) ?([A-Z]{2})(?![A-Za-z0-9])")
# Letter pairs the Dutch post never issues.
_UNUSED = {"SA", "SD", "SS"}


class PostcodeOptions(Options):
    """Options a template may give: ``nl_postcode(format="spaced")``.

    ``Options`` forbids unknown names, so ``formsift check`` reports a misspelt option.
    """

    format: Literal["compact", "spaced"] = "compact"


class DutchPostcode(FieldType):
    """Dutch postcodes: four digits (not starting with 0) and two capital letters."""

    name = "nl_postcode"
    version = "0.1.0"
    summary = "Dutch postcodes such as 1234 AB (value: 1234AB)"
    value_kind = "text"
    Options = PostcodeOptions

    def _value(self, digits: str, letters: str) -> str:
        spaced = getattr(self.options, "format", "compact") == "spaced"
        return f"{digits} {letters}" if spaced else digits + letters

    def parse(self, raw: str, ctx: ParseContext) -> str:
        """The whole of ``raw`` must be a postcode; lower-case letters are accepted."""
        text = " ".join(raw.split()).upper()
        m = _POSTCODE.fullmatch(text)
        if not m:
            raise ValueError(f"not a Dutch postcode (1234 AB): {raw!r}")
        if m.group(2) in _UNUSED:
            raise ValueError(f"{m.group(2)!r} is never used in Dutch postcodes")
        return self._value(m.group(1), m.group(2))

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Postcodes inside a longer text ("Postcode: 1234 AB Amsterdam"), strictly cased."""
        return [Found(m.start(), m.end(), self._value(m.group(1), m.group(2)), 1.0)
                for m in _POSTCODE.finditer(text) if m.group(2) not in _UNUSED]

    def json_schema(self) -> dict[str, Any]:
        spaced = getattr(self.options, "format", "compact") == "spaced"
        return {"type": "string", "pattern": "^[1-9][0-9]{3}" + (" " if spaced else "")
                + "[A-Z]{2}$"}

    def constraint(self) -> Constraint:
        # What an OCR engine may read for this field: digits, capitals and a space.
        return Constraint(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
                          pattern=r"[1-9][0-9]{3} ?[A-Z]{2}")


def is_weekday(value: date) -> bool:
    """Whether ``value`` falls on Monday to Friday."""
    return value.weekday() < 5


class ExampleChecks(Validator):
    """Functions for template rules; their signatures let ``formsift check`` type-check."""

    name = "example-checks"
    version = "0.1.0"
    summary = "is_weekday(date)"

    def functions(self) -> Iterable[Function]:
        return [Function("is_weekday", ("date",), "bool", is_weekday,
                         "The date falls on Monday to Friday.")]


@hookimpl
def formsift_register_field_types() -> list[type[FieldType]]:
    return [DutchPostcode]


@hookimpl
def formsift_register_validators() -> list[type[Validator]]:
    return [ExampleChecks]
