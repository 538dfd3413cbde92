"""What components promise the engine, checked where their output enters it.

A plugin that breaks a promise (a ``money`` field type whose ``parse`` returns a float, a
rule function declared ``bool`` that returns the string ``"False"``) would otherwise leave
a wrong value in a record that looks fine. Broken promises raise :class:`ContractError`,
which names the component's module so that the engine can name the plugin.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

#: Value kinds a field type may declare (``FieldType.value_kind``).
FIELD_KINDS = frozenset({"text", "number", "money", "date", "bool", "record"})
#: Kinds of a rule function's parameters and result (``Function.params``, ``.returns``).
FUNCTION_KINDS = frozenset({"text", "number", "money", "date", "bool", "any"})

_WANTED = {"text": "a str", "number": "a Decimal or an int", "money": "a Decimal",
           "date": "a datetime.date, not a datetime", "bool": "a bool"}


class ContractError(Exception):
    """A component returned what its kind does not allow (a plugin's bug)."""

    def __init__(self, message: str, culprit: Any) -> None:
        super().__init__(message)
        #: The module whose code broke the promise (the engine names its plugin).
        self.culprit_module = str(getattr(culprit, "__module__", "") or "")


def kind_problem(value: Any, kind: str) -> str | None:
    """Why ``value`` is not a value of ``kind`` (None when it is, or when it is None).
    Infinity and NaN are no value of any kind: they would pass or crash the rules."""
    if isinstance(value, (Decimal, float)) and not _finite(value):
        return f"{value!r} ({type(value).__name__}), but a {kind} value must be a finite number"
    if value is None or kind not in _WANTED:
        return None
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, (Decimal, int)) and not isinstance(value, bool)
    elif kind == "money":
        ok = isinstance(value, Decimal)
    elif kind == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime)
    else:
        ok = isinstance(value, str)
    if ok:
        return None
    return f"{value!r} ({type(value).__name__}), but a {kind} value must be {_WANTED[kind]}"


def _finite(value: Decimal | float) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def image_problem(image: Any) -> str | None:
    """Why ``image`` is not a page image as stages pass them on (a uint8 numpy array,
    gray or BGR), or None."""
    shape = getattr(image, "shape", None)
    dtype = str(getattr(image, "dtype", ""))
    if shape is None or not dtype:
        return f"{type(image).__name__}, not an image (a uint8 numpy array)"
    if dtype != "uint8":
        return f"an image of {dtype}, not uint8 (0-255)"
    if len(shape) not in (2, 3) or (len(shape) == 3 and shape[2] not in (1, 3, 4)) \
            or 0 in shape[:2]:
        return f"an array of shape {tuple(shape)}, not a gray or BGR image"
    return None
