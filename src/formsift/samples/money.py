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


def written_date(d: date, lang: str, style: int = 0) -> str:
    """An unambiguous date: '03.03.2024' (de); '3 March 2024' or '2024-03-03' (en)."""
    if lang == "de":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style % 2:
        return d.isoformat()
    return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"


def month_year(d: date, lang: str) -> str:
    """'March 2024' / 'März 2024'."""
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def short_month(d: date) -> str:
    """'Jan' ... 'Dec', independent of the process's locale (unlike strftime's %b)."""
    return MONTHS["en"][d.month - 1][:3]


def iban_check_digits(country: str, bban: str) -> str:
    """The two ISO 13616 check digits (mod 97-10) of ``country`` + ``bban``."""
    digits = "".join(str(int(c, 36)) for c in (bban + country).upper() + "00")
    return f"{98 - int(digits) % 97:02d}"


def iban(rng: random.Random, country: str = "DE") -> str:
    """A valid German-shaped IBAN (DE, 2 check digits, 18 digits), compact."""
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    return f"{country}{iban_check_digits(country, bban)}{bban}"


def grouped(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
