"""The plugin module named by the ``formsift`` entry point in pyproject.toml.

It contributes two components through formsift's registration hooks:

* a field type ``nl_postcode`` (Dutch postcodes such as "1234 AB"), usable in templates as
  ``field zip: nl_postcode = right of "Postcode"``;
* a validator ``example-checks`` whose function ``is_weekday(date)`` rules can call:
  ``warn on_weekday: is_weekday(invoice_date)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Constraint, FieldType, Found, Function, ParseContext, Validator

_POSTCODE = re.compile(r"(?<!\d)([1-9]\d{3})\s?([A-Z]{2})(?![A-Za-z])")
# Letter pairs the Dutch post never issues.
_UNUSED = {"SA", "SD", "SS"}


class DutchPostcode(FieldType):
    """Dutch postcodes: four digits (not starting with 0) and two capital letters."""

    name = "nl_postcode"
    version = "0.1.0"
    summary = "Dutch postcodes such as 1234 AB (value: 1234AB)"
    value_kind = "text"

    def parse(self, raw: str, ctx: ParseContext) -> str:
        m = _POSTCODE.fullmatch(raw.strip())
        if not m or m.group(2) in _UNUSED:
            raise ValueError(f"not a Dutch postcode: {raw!r}")
        return m.group(1) + m.group(2)

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return [Found(m.start(), m.end(), m.group(1) + m.group(2), 1.0)
                for m in _POSTCODE.finditer(text) if m.group(2) not in _UNUSED]

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[1-9][0-9]{3}[A-Z]{2}$"}

    def constraint(self) -> Constraint:
        return Constraint(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
                          pattern=r"[1-9]\d{3} ?[A-Z]{2}")


def is_weekday(value: date) -> bool:
    return value.weekday() < 5


class ExampleChecks(Validator):
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
