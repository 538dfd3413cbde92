"""Money values: a ``Decimal`` that remembers the currency written beside it."""

from __future__ import annotations

from decimal import Decimal


class Amount(Decimal):
    """An amount of money that keeps the currency written beside it ("$1,234.56": USD), so
    that an amount in another currency than the template's is flagged, not taken for it."""

    currency: str | None

    def __new__(cls, value: Decimal | str, currency: str | None = None) -> Amount:
        self = super().__new__(cls, value)
        self.currency = currency
        return self

    def __reduce__(self) -> tuple[type, tuple[str, str | None]]:
        return Amount, (str(self), self.currency)
