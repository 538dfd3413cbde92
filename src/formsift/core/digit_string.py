"""A number written as a string of digits (the ``digits`` field type's value): computes as
the number, is written as the digits read, leading zeros kept. In the core because a
result's JSON restores it (:class:`formsift.core.result.FieldValue`), as it restores
dates and amounts."""

from __future__ import annotations

from decimal import Decimal


class DigitString(Decimal):
    """A whole number that keeps the digits it was written with: ``DigitString("0045127")``
    is 45127 in arithmetic and comparisons (a ``Decimal``; what it computes is a plain
    ``Decimal``) and "0045127" as text (``str``, ``format``, JSON, CSV)."""

    digits: str

    def __new__(cls, digits: str) -> DigitString:
        if not (isinstance(digits, str) and digits.isascii() and digits.isdigit()):
            raise ValueError(f"not a string of digits: {digits!r}")
        self = super().__new__(cls, digits)
        self.digits = digits
        return self

    def __str__(self) -> str:
        return self.digits

    def __repr__(self) -> str:
        return f"DigitString({self.digits!r})"

    def __format__(self, spec: str) -> str:
        return self.digits if not spec else super().__format__(spec)

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return DigitString, (self.digits,)
