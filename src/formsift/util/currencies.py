"""ISO 4217 currency codes, for checking the codes templates write."""

from __future__ import annotations

import functools
from typing import Any

from formsift.util.suggest import did_you_mean

#: Codes suggested first when a code is misspelled ("EUX" -> "EUR", not "XUA").
_COMMON = ("EUR", "USD", "GBP", "CHF", "JPY", "CNY", "INR", "CAD", "AUD", "SEK", "NOK", "DKK",
           "PLN", "CZK", "HUF", "MYR", "SGD", "BRL", "MXN", "ZAR")


@functools.cache
def iso_4217_codes() -> frozenset[str]:
    """Active ISO 4217 codes, from the ``iso4217`` package (imported on first use)."""
    from iso4217 import Currency

    return frozenset(c.code for c in Currency)


@functools.cache
def minor_units() -> dict[str, int]:
    """ISO 4217's minor units of each currency (the decimals its amounts are written
    with: 2 for EUR, 0 for JPY and KRW, 3 for KWD and BHD), from the ``iso4217`` package;
    the codes without any (gold, SDR, the testing code) are left out."""
    from iso4217 import Currency

    return {c.code: c.exponent for c in Currency if c.exponent is not None}


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not an ISO 4217 currency code, with the nearest code; None if it is."""
    if code in iso_4217_codes():
        return None
    guess = did_you_mean(code.upper(), _COMMON, cutoff=0.6) or did_you_mean(
        code.upper(), sorted(iso_4217_codes()), cutoff=0.6)
    hint = f"; did you mean '{guess}'?" if guess else " such as \"EUR\""
    return f"'{code}' is not an ISO 4217 currency code{hint}"


def expected_currency(ftype: Any, ctx: Any) -> str | None:
    """The currency a field's amounts are in: its type's ``currency`` option, else the
    template's ``currency`` setting (None: any)."""
    return getattr(getattr(ftype, "options", None), "currency", None) or getattr(
        ctx, "currency", None)


def mismatched_currency(value: Any, ftype: Any, ctx: Any) -> str | None:
    """The currency written with ``value`` (an amount that knows it) when it is not the one
    its field expects (see :func:`expected_currency`)."""
    code = getattr(value, "currency", None)
    expected = expected_currency(ftype, ctx)
    return code if code and expected and code != expected else None
