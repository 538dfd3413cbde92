"""Vulgar fractions written in numbers: the glyphs ("½", "20½", "1 ¾") and a whole number
with a fraction written with a slash after a space ("1 1/2"), as registers, recipes and
dosage charts write halves and quarters.

A number reader that does not know them reads "20½" as 20 and "½" as nothing: a value
silently wrong. :func:`with_fractions` joins each fraction to the whole number written
before it (the number readers' spans), :func:`fraction_value` reads a text that is one
such number, and :func:`fraction_why` says why a number type cannot take one (a whole
number type, or a fraction with no exact decimal value, "⅓").
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

#: The vulgar fraction glyphs of Unicode (Latin-1 and Number Forms), each with its value.
GLYPHS: dict[str, Fraction] = {
    ch: Fraction(*map(int, unicodedata.normalize("NFKC", ch).split("\u2044")))
    for ch in "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞↉"}

_MINUS = "-\u2212"
#: The denominators a fraction written with a slash has: halves, thirds, quarters, sixths,
#: eighths, sixteenths and finer ("4 12/25" is no fraction: a card's expiry date).
_DENOMINATOR = r"(?P<den>[2-46]|8|16|32|64)"
_GLYPH = "[" + "".join(GLYPHS) + "]"
#: A glyph, one space at most after a whole number before it ("20½", "1 ¾"); a fraction
#: written with a slash (ASCII or the fraction slash U+2044) only after a whole number and
#: a space ("1 1/2", "20 1/2"; :data:`_DENOMINATOR`): alone, "1/2" is as often a page or
#: a date as a half.
_FRACTION = re.compile(
    r"(?P<glyph>" + _GLYPH + r")(?![\w/])"
    r"|(?<=\d[ \u00a0])(?<![/.,]\d[ \u00a0])(?P<num>\d{1,2})[/\u2044]"
    + _DENOMINATOR + r"(?![\w/.,]|[ \u00a0]?\d)")
#: A whole text that is a number with a fraction: "20½", "-1 ¾", "½", "1 1/2".
_WHOLE_TEXT = re.compile(
    r"\s*(?P<sign>[" + _MINUS + r"])?\s*(?:(?P<whole>\d+)[ \u00a0]?)?(?P<glyph>" + _GLYPH
    + r")\s*|\s*(?P<sign2>[" + _MINUS + r"])?\s*(?P<whole2>\d+)[ \u00a0]+(?P<num>\d{1,2})"
    r"[/\u2044]" + _DENOMINATOR + r"\s*")

Span = tuple[int, int, Decimal]


def _fraction(m: re.Match[str]) -> Fraction | None:
    """The fraction ``m`` matched; None for a slashed one that is no proper fraction."""
    if m.group("glyph"):
        return GLYPHS[m.group("glyph")]
    num, den = int(m.group("num")), int(m.group("den"))
    return Fraction(num, den) if 0 < num < den else None


def exact(value: Fraction) -> Decimal | None:
    """``value`` as a Decimal, or None when it has no exact decimal value (thirds, sixths)."""
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)


def with_fractions(text: str, spans: list[Span]) -> list[tuple[int, int, Decimal | None]]:
    """``spans`` (numbers read in ``text``, left to right) with each fraction of ``text``
    joined to the whole number written just before it ("20½": 20.5 in place of 20; "1
    1/2": 1.5), or standing alone ("½": 0.5). A fraction after a number with decimals
    ("2.5½") or with no exact decimal value ("⅓", "1⅓") has the value None: the text
    holds a number, but none a Decimal can be; the caller reads no number there."""
    out: list[tuple[int, int, Decimal | None]] = list(spans)
    for m in _FRACTION.finditer(text):
        frac = _fraction(m)
        if frac is None:
            continue
        start, end = m.span()
        gap = 1 if start and text[start - 1] in " \u00a0" else 0
        before = next((i for i, (_, e, _) in enumerate(out) if e == start - gap), None)
        if before is None and m.group("num"):
            continue  # "1/2" alone (the look-behind saw a digit that no number ended)
        if before is None:
            if start and (text[start - 1].isalnum() or text[start - 1] in ".,"):
                continue  # "A½", "2.½": no number written
            out.append((start, end, exact(frac)))
            continue
        s, _, whole = out[before]
        if m.group("num") and s and text[s - 1] in "/\u2044":
            continue  # "3/4 1/2": the number before is a fraction's denominator
        value: Decimal | None = None
        exponent = whole.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:  # no decimals written: "1,250½"
            total = exact(int(abs(whole)) + frac)
            value = None if total is None else -total if whole < 0 or \
                text[s:s + 1] in _MINUS else total
        out[before] = (s, end, value)
    return sorted(out, key=lambda sp: sp[0])


def holds_fraction(text: str) -> bool:
    """Whether ``text`` writes a fraction ("20½", "1 1/2", "⅓"): a number type that cannot
    take it reads no number in ``text`` rather than the others beside it."""
    return any(_fraction(m) is not None for m in _FRACTION.finditer(text))


def fraction_value(text: str) -> Decimal | None:
    """The value of ``text`` when it is one number written with a fraction ("20½", "1 ¾",
    "½", "-1 1/2"); None when it is not. ValueError for a fraction with no exact decimal
    value ("⅓") or a slashed one that is none ("1 3/2")."""
    m = _WHOLE_TEXT.fullmatch(text)
    if m is None:
        return None
    frac = _fraction(m)
    if frac is None:
        raise ValueError(f"not a number: {text!r}")
    whole = m.group("whole") or m.group("whole2") or "0"
    value = exact(int(whole) + frac)
    if value is None:
        raise ValueError(f"{text.strip()!r} has no exact decimal value")
    return -value if m.group("sign") or m.group("sign2") else value


def fraction_why(text: str, name: str, read: list[Span], whole_only: bool) -> str | None:
    """Why ``text``, which writes a fraction, holds no value of the number type ``name``
    (``read``: the numbers read in it, :func:`with_fractions` applied): the type reads
    whole numbers only (``whole_only``), or the fraction was not read, having no exact
    decimal value ("⅓") or following decimals ("2.5½"); None when ``text`` writes none."""
    fractions = [m.span() for m in _FRACTION.finditer(text) if _fraction(m) is not None]
    shown = text.strip()[:40]
    if whole_only and fractions:
        return (f"{shown!r} is written with a fraction: {name} reads whole numbers only "
                f"(a fraction is never dropped); declare the field decimal to read "
                f"'20½' as 20.5")
    if any(not any(s <= fs and fe <= e for s, e, _ in read) for fs, fe in fractions):
        return (f"{shown!r} is written with a fraction that has no exact decimal value (a "
                f"third, a sixth ...) or after decimals: {name} reads no number there")
    return None
