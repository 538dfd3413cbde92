"""Formatting of amounts, dates and IBANs as documents print them."""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
}


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount(value: Decimal, lang: str) -> str:
    """1234.5 -> '1,234.50' (en) or '1.234,50' (de)."""
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(q(value)):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    if lang == "de":
        return sign + ".".join(groups) + "," + frac
    return sign + ",".join(groups) + "." + frac


def written_date(d: date, lang: str, style: int) -> str:
    if lang == "de":
        return [f"{d:%d.%m.%Y}", f"{d.day}. {MONTHS['de'][d.month - 1]} {d.year}"][style % 2]
    return [f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}", f"{d:%Y-%m-%d}",
            f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}"][style % 3]


def iban(rng: random.Random, country: str = "DE") -> str:
    """A valid IBAN (mod-97 check digits computed), compact."""
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def grouped(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
