"""Money values: a ``Decimal`` that remembers the currency written beside it."""

from __future__ import annotations

from decimal import Decimal


class Amount(Decimal):
    """An amount of money that keeps the currency written beside it ("$1,234.56": USD), so
    that an amount in another currency than the template's is flagged, not taken for it.

    ``named`` says that the currency is named by what is written beside the amount: a
    code or a mark that says which dollar ("CAD 110.00", "US$ 100.00", "1 149,75 $ US"),
    or a symbol of one currency ("€"); not a symbol several currencies write ("$", "kr",
    "¥"), read as its first currency or the template's. Amounts in two named dollars are
    two currencies; a bare "$" beside one of them is no other currency."""

    currency: str | None
    named: bool

    def __new__(cls, value: Decimal | str, currency: str | None = None,
                named: bool = False) -> Amount:
        self = super().__new__(cls, value)
        self.currency = currency
        self.named = named
        return self

    def __reduce__(self) -> tuple[type, tuple[str, str | None, bool]]:
        return Amount, (str(self), self.currency, self.named)
