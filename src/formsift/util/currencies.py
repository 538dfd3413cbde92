"""ISO 4217 currency codes, for checking the codes templates write."""

from __future__ import annotations

import functools
from typing import Any

from formsift.util.suggest import did_you_mean

#: Codes suggested first when a code is misspelled ("EUX" -> "EUR", not "XUA").
_COMMON = ("EUR", "USD", "GBP", "CHF", "JPY", "CNY", "INR", "CAD", "AUD", "SEK", "NOK", "DKK",
           "PLN", "CZK", "HUF", "MYR", "SGD", "BRL", "MXN", "ZAR")


#: Codes ISO 4217 withdrew in the last ten years that invoices and archives still carry
#: (a Bulgarian invoice of 2025 is in leva): a template or an amount may name them, and
#: ``formsift check`` says the code is withdrawn (:func:`withdrawn_note`). Code -> (when
#: its successor replaced it, the successor, the rate, minor units).
WITHDRAWN: dict[str, tuple[str, str, str, int]] = {
    "BGN": ("2026-01-01", "EUR", "1 EUR = 1.95583 BGN", 2),
    "ANG": ("2025-03-31", "XCG", "at par", 2),
    "ZWL": ("2024", "ZWG", "", 2),
    "HRK": ("2023-01-01", "EUR", "1 EUR = 7.53450 HRK", 2),
    "SLL": ("2022-07-01", "SLE", "1 SLE = 1,000 SLL", 2),
    "CUC": ("2021-01-01", "CUP", "1 CUC = 24 CUP", 2),
    "VEF": ("2018-08-20", "VES", "1 VES = 100,000 VEF", 2),
    "MRO": ("2018-01-01", "MRU", "1 MRU = 10 MRO", 2),
    "BYR": ("2016-07-01", "BYN", "1 BYN = 10,000 BYR", 0),
}
#: Codes withdrawn longer ago (or a word: "STD" of the São Tomé dobra before 2018 is
#: "standard"), refused with their successor as the hint: code -> (year, successor, rate).
REPLACED: dict[str, tuple[str, str, str]] = {
    **{code: ("1999", "EUR", f"1 EUR = {rate} {code}") for code, rate in (
        ("DEM", "1.95583"), ("FRF", "6.55957"), ("ITL", "1936.27"), ("ESP", "166.386"),
        ("NLG", "2.20371"), ("BEF", "40.3399"), ("LUF", "40.3399"), ("ATS", "13.7603"),
        ("PTE", "200.482"), ("FIM", "5.94573"), ("IEP", "0.787564"))},
    "GRD": ("2001", "EUR", "1 EUR = 340.750 GRD"),
    "SIT": ("2007", "EUR", "1 EUR = 239.640 SIT"),
    "CYP": ("2008", "EUR", "1 EUR = 0.585274 CYP"),
    "MTL": ("2008", "EUR", "1 EUR = 0.429300 MTL"),
    "SKK": ("2009", "EUR", "1 EUR = 30.1260 SKK"),
    "EEK": ("2011", "EUR", "1 EUR = 15.6466 EEK"),
    "LVL": ("2014", "EUR", "1 EUR = 0.702804 LVL"),
    "LTL": ("2015", "EUR", "1 EUR = 3.45280 LTL"),
    "RUR": ("1998", "RUB", "1 RUB = 1,000 RUR"),
    "TRL": ("2005", "TRY", "1 TRY = 1,000,000 TRL"),
    "ROL": ("2005", "RON", "1 RON = 10,000 ROL"),
    "GHC": ("2007", "GHS", "1 GHS = 10,000 GHC"),
    "ZMK": ("2013", "ZMW", "1 ZMW = 1,000 ZMK"),
    "STD": ("2018", "STN", "1 STN = 1,000 STD"),
}


@functools.cache
def iso_4217_codes() -> frozenset[str]:
    """Active ISO 4217 codes, from the ``iso4217`` package (imported on first use)."""
    from iso4217 import Currency

    return frozenset(c.code for c in Currency)


@functools.cache
def minor_units() -> dict[str, int]:
    """ISO 4217's minor units of each currency (the decimals its amounts are written
    with: 2 for EUR, 0 for JPY and KRW, 3 for KWD and BHD), from the ``iso4217`` package,
    and of the codes withdrawn recently (:data:`WITHDRAWN`); the codes without any (gold,
    SDR, the testing code) are left out."""
    from iso4217 import Currency

    units = {c.code: c.exponent for c in Currency if c.exponent is not None}
    # and the recently withdrawn codes documents still print ("1 234,00 BGN" is in leva)
    return {**{code: w[3] for code, w in WITHDRAWN.items()}, **units}


def withdrawn_note(code: str) -> str | None:
    """What ``formsift check`` says of a withdrawn code a template names (:data:`WITHDRAWN`);
    None for an active code."""
    if code not in WITHDRAWN or code in iso_4217_codes():
        return None
    when, successor, rate, _ = WITHDRAWN[code]
    rate = f", {rate}" if rate else ""
    when = f"on {when}" if len(when) > 4 else f"in {when}"
    return (f"'{code}' was withdrawn from ISO 4217 (replaced by {successor} {when}{rate}): "
            f"it is read, for documents dated before; for later ones write '{successor}'")


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not an ISO 4217 currency code, with the nearest code; None if it is,
    or was withdrawn recently (:data:`WITHDRAWN`: see :func:`withdrawn_note`)."""
    if code in iso_4217_codes() or code in WITHDRAWN:
        return None
    if code.upper() in REPLACED:
        year, successor, rate = REPLACED[code.upper()]
        return (f"'{code}' is no longer an ISO 4217 currency code: {successor} replaced it "
                f"in {year} ({rate}); write '{successor}'")
    guess = did_you_mean(code.upper(), _COMMON, cutoff=0.6) or did_you_mean(
        code.upper(), sorted(iso_4217_codes() | set(WITHDRAWN)), cutoff=0.6)
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
