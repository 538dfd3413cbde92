"""Number field types: int, decimal, money and percent, locale-aware and never float."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import Field, field_validator

from formsift.core.components import Options
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.core.locale import Locale
from formsift.core.money import (
    DOLLAR_SIGN_CURRENCIES,
    KRONA_CURRENCIES,
    YEN_CURRENCIES,
    Amount,
)
from formsift.plugins.fieldtypes.dates import date_spans, day_and_month_spans
from formsift.util.currencies import currency_problem, minor_units
from formsift.util.fractions import (
    fraction_value,
    fraction_why,
    holds_fraction,
    with_fractions,
)
from formsift.util.number_text import ascii_forms, quoted

#: The spaces that group thousands in every locale: every Unicode space separator
#: (category Zs) but the ordinary space, which groups only where the locale does, and the
#: ideographic and ogham spaces, which set words apart: no-break (U+00A0), narrow no-break
#: (U+202F), thin (U+2009), hair, figure, punctuation, en, em, the fractions of an em, and
#: the medium mathematical space, as typesetters and PDF generators group thousands.
_THIN_SPACES = "\u00a0\u202f" + "".join(map(chr, range(0x2000, 0x200B))) + "\u205f"
_SPACES = " " + _THIN_SPACES
_NUMBER_CHARS = re.compile(r"[\d.,\u2009]+")  # after spaces and apostrophes became \u2009
_SEPARATORS = re.compile(r"[.,\u2009]")
#: Apostrophes grouping Swiss thousands: "1'234.50", "1’234.50", and the acute and grave
#: accents ("1´234.50", "1`234.50") that tills print and OCR reads for them.
_APOS = "'’´`ʼ"
#: A middle dot grouping thousands (only before three digits): "1·012,0", where a PDF's
#: font lacks the narrow no-break space a French number groups with and the writer put
#: a middle dot in its place.
_MIDDLE_DOT = "\u00b7"
#: The dashes that stand for a minus where "-" does: the hyphen-minus, the soft hyphen
#: (U+00AD: PDF fonts that map their hyphen glyph to it, "€ \u00ad1.000,00" of a credit
#: note), the hyphen and non-breaking hyphen, the figure dash, the en dash, the minus sign,
#: and the small and full-width hyphen-minus. (The hyphen-minus first: the string starts
#: the regexes' character classes, where a hyphen-minus after another character would make
#: a range.)
_MINUS = "-\u00ad\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
#: A character class of :data:`_MINUS`.
_DASH = "[" + _MINUS + "]"
#: The Arabic decimal separator (U+066B), always the decimal mark where it is written
#: ("١٠٠٫٥٠": 100.50), and the marks that group thousands in Arabic writing: the Arabic
#: thousands separator (U+066C) and the Arabic comma (U+060C): "١٬١٥٠٫٠٠", "١،١٥٠٫٠٠".
_ARABIC_DECIMAL = "\u066b"
_ARABIC_GROUPS = "\u066c\u060c"
#: The percent signs: the ASCII one, the Arabic percent sign (U+066A: "١٥٪"), and the
#: full-width and small ones.
_PERCENT = "%\u066a\uff05\ufe6a"
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "Fr.": "CHF",
                    "RM": "MYR", "kr": "SEK", "zł": "PLN",
                    # kroner and kronor with a capital or a dot ("Kr. 450,00", "KR 450,00")
                    "kr.": "SEK", "Kr.": "SEK", "Kr": "SEK", "KR": "SEK", "R$": "BRL", "S$": "SGD",
                    "Kč": "CZK", "Rs.": "INR", "Rs": "INR", "lei": "RON",
                    "₺": "TRY", "₩": "KRW", "₪": "ILS", "₱": "PHP", "฿": "THB",
                    # the lira as Turkish invoices write it ("1.500,00 TL"), the shekel as
                    # Hebrew ones do ('10,000.00 ש"ח', "ש״ח" with gershayim; set apart by a
                    # text layer, 'ש " ח', and the word "שקל": :data:`_SPELT_MARKS`)
                    "TL": "TRY", 'ש"ח': "ILS", "ש״ח": "ILS",
                    # the full-width yen sign, and yen and won written after the digits
                    # ("12,800円", "35,000원"); the dinars of Kuwait and Bahrain as their
                    # folios print them ("KD 12.345", "BD 8.500")
                    "￥": "JPY", "円": "JPY", "元": "CNY", "圓": "CNY", "원": "KRW", "KD": "KWD",
                    "BD": "BHD",
                    # the dong and the rupiah as Vietnamese and Indonesian invoices write
                    # them ("6.250.000 đ", "6.250.000 đồng", "Rp 450.000")
                    "₫": "VND", "đ": "VND", "đồng": "VND", "VNĐ": "VND", "Rp": "IDR", "Rp.": "IDR",
                    "₦": "NGN", "₴": "UAH", "₽": "RUB", "₸": "KZT", "₾": "GEL",
                    "₲": "PYG", "₵": "GHS", "৳": "BDT", "₡": "CRC", "₭": "LAK", "₮": "MNT",
                    "₼": "AZN",
                    # the yuan: "RMB 8,236.00", "人民币8,236.00", "CN¥ 8,236.00" (and the yen
                    # as "JP¥"); "¥" and "￥" alone are both's (:data:`_SHARED_SYMBOLS`)
                    "RMB": "CNY", "人民币": "CNY", "CN¥": "CNY", "CN￥": "CNY", "JP¥": "JPY",
                    # (traditional characters: "人民幣"), and the New Taiwan dollar,
                    # "新台幣 12,345 元" ("元" alone is the yuan's, :data:`_SHARED_SYMBOLS`)
                    "人民幣": "CNY", "新台幣": "TWD", "新臺幣": "TWD",
                    # Arabic marks, written before or after the digits: the dirham of the
                    # Emirates ("د.إ", the word "درهم"), the riyal of Saudi Arabia ("ر.س",
                    # the word "ريال", the rial sign U+FDFC, the Saudi riyal sign U+20C1),
                    # of Qatar and Oman, the dinars of Kuwait and Bahrain (and the word
                    # "دينار"), the Egyptian pound
                    "د.إ": "AED", "درهم": "AED", "ر.س": "SAR", "ريال": "SAR", "\ufdfc": "SAR",
                    "\u20c1": "SAR", "ر.ق": "QAR", "ر.ع.": "OMR", "ر.ع": "OMR",
                    "د.ك": "KWD", "د.ب": "BHD", "دينار": "KWD", "ج.م": "EGP",
                    # (and "ج.م" in the order a text layer gives a right-to-left line's
                    # letters, left to right, "م.ج"); the Egyptian pound as Latin script
                    # writes it ("E£ 1,000.00", "£E", "L.E."; "LE" alone:
                    # :data:`_WEAK_MARKS`), the Ghanaian cedi with a cent sign ("GH¢"), the
                    # Kenyan, Tanzanian and Ugandan shillings ("KSh 2,350.00", "Kshs",
                    # "Ksh.", "TSh", "USh"), the Moroccan dirham ("8 450,00 DH", "Dhs" is
                    # also the Emirates': :data:`_SHARED_SYMBOLS`)
                    "م.ج": "EGP", "E£": "EGP", "£E": "EGP", "L.E.": "EGP", "GH¢": "GHS",
                    "KSh": "KES", "Ksh": "KES", "Ksh.": "KES", "Kshs": "KES", "KShs": "KES",
                    "Kshs.": "KES", "TSh": "TZS", "Tsh": "TZS", "USh": "UGX", "Ush": "UGX",
                    "DH": "MAD", "Dh": "MAD", "Dhs": "AED", "DHS": "AED",
                    # the sol ("S/ 1,234.56", "S/.1,234.56"), the unidad de fomento of
                    # Chile ("UF 30,00": an amount in UF is none in pesos)
                    "S/": "PEN", "S/.": "PEN", "UF": "CLF"}
#: ISO 4217 codes that are also words or abbreviations printed in capitals beside a number
#: ("CUP 3.50", "PEN 2.00", "ALL 12.00", "SVC 12.00" a service charge, "2,480.00 KGS"
#: kilograms, "TMT" bars, "CHE-116.281.710" a Swiss company number), and the codes of
#: funds that no price is written in: read as their currency only where the template (or
#: the field) expects it.
WORD_CODES = frozenset({"ALL", "TOP", "CUP", "PEN", "GEL", "BOB", "MOP", "SOS", "BTN", "CRC",
                        "MNT", "NAD", "SCR", "BAM", "ERN", "CVE", "LAK", "SVC", "KGS", "TMT",
                        "AMD", "CHE", "CHW", "COU", "MXV", "USN", "UYI", "UYW", "BOV", "CLF"})
#: The active ISO 4217 codes that have minor units (the ``iso4217`` package's list, less
#: gold, the SDR and the testing codes), less :data:`WORD_CODES`.
CURRENCY_CODES = frozenset(minor_units()) - WORD_CODES
#: Codes printed in place of the ISO ones: "CDN" (the Canadian dollar, "$1,149.75 CDN"),
#: "NTD" (the New Taiwan dollar, "NTD 12,600"), "GHC" (the Ghanaian cedi's code before
#: 2007, still printed: "GHC 10,000.00").
CODE_ALIASES = {"CDN": "CAD", "NTD": "TWD", "GHC": "GHS"}


def parse_number(text: str, locale: Locale) -> Decimal:
    """Parse a written number ("1.234,56", "1,234.56", "1 234,56", "(12.00)", "12,00-").

    Both separators present: the last one is the decimal mark. One separator used several
    times: thousands. One separator once: decimal unless exactly three digits follow and
    it is the locale's thousands separator (a fuel price "1.859" under fr, "1,250 kg"
    under de_CH: three decimals are printed too). A dash in place of the decimals ("12.500,-",
    "Fr. 12.-", "12 500:-": no cents, :data:`_NO_CENTS`) says which mark is the decimal
    one: the number is whole, and its other marks group thousands. Full-width digits and
    marks ("４０，５００") are read as their ASCII forms; a triangle before the digits
    ("△75,900", "▲75,900": :data:`_TRIANGLES`) is the Japanese minus.
    """
    s = ascii_forms(text).strip()
    mixed = fraction_value(s)  # "20½", "½", "1 1/2": a whole number and a fraction
    if mixed is not None:
        return mixed
    if _SPACED_WHOLE.fullmatch(s):  # "16, 530.750": a thousands comma and a space
        s = _SPACED_GAP.sub(r"\1", s)
    negative = False
    if s and s[0] in _TRIANGLES:  # "△75,900": negative, as Japanese accounts write it
        rest = s[1:].lstrip(_GAP)
        if not rest[:1].isdigit():
            raise ValueError(f"not a number: {text!r}")  # "△-75,900", "△(75,900)"
        value = parse_number(rest, locale)
        if value < 0:
            raise ValueError(f"not a number: {text!r}")  # "△75,900-"
        return -value
    bracketed = _BRACKET_SIGN_START.match(s)
    if bracketed is not None:  # "(-)0.40", "(-) 0.40": the sign Indian invoices print
        s = s[bracketed.end():]
        if not s or not (s[0].isdigit() or s[0] in ".,") or (
                s[-1] in _MINUS and not _NO_CENTS_END.search(s)):
            raise ValueError(f"not a number: {text!r}")  # "(-) -0.40", "(-) 0.40-"
        value = parse_number(s, locale)
        return -value if bracketed.group(1) != "+" and value > 0 else value
    if _ZERO_DASH.fullmatch(s) and (s[0] in "–—" or _swiss(locale)):
        s = "0" + s[1:]  # "Fr. –.80": the dash stands for no francs, not for a minus
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s and s[0] in _MINUS:
        negative, s = True, s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()
    no_cents = _NO_CENTS_END.search(s)
    if no_cents is not None:  # "12.500,-": the comma is the decimal mark, "12.500,00"
        mark, s = s[no_cents.start()], s[:no_cents.start()]
        if mark == ":":  # "12 500:-", Swedish kronor: a mark the number does not use
            mark = "," if "," not in s else "."
        s += mark + "00"
    elif s and s[-1] in _MINUS:
        negative, s = True, s[:-1].strip()
    for ch in _SPACES + _APOS + _ARABIC_GROUPS + _MIDDLE_DOT:
        s = s.replace(ch, "\u2009")
    if _ARABIC_DECIMAL in s:  # "١٠٠٫٥٠": the decimal mark, the locale's own for the rules below
        if locale.decimal in s:
            raise ValueError(f"not a number: {text!r}")
        s = s.replace(_ARABIC_DECIMAL, locale.decimal)
    if len(s) in (2, 3) and s[0] == locale.decimal and s[1:].isdigit():
        s = "0" + s  # ".40" on a receipt: forty cents
    if not s or not s[0].isdigit() or not s[-1].isdigit() or not _NUMBER_CHARS.fullmatch(s):
        raise ValueError(f"not a number: {text!r}")
    seps = _SEPARATORS.findall(s)
    decimal_mark = None
    kinds = set(seps) - {"\u2009"}
    if len(kinds) == 2:
        decimal_mark = max(kinds, key=s.rindex)
    elif len(kinds) == 1:
        mark = kinds.pop()
        if s.count(mark) == 1:
            head, tail = s.rsplit(mark, 1)
            if head.startswith("0"):  # "0,005", "00,125": no thousands group starts with 0
                decimal_mark = mark
            elif len(tail) == 3 and mark == locale.thousands and "\u2009" not in s:
                decimal_mark = None
            elif len(tail) == 3 and "\u2009" in s:
                decimal_mark = None if mark == locale.thousands else mark
            else:
                decimal_mark = mark
    integer, _, fraction = s.partition(decimal_mark) if decimal_mark else (s, "", "")
    if decimal_mark and any(c in fraction for c in ".,\u2009"):
        raise ValueError(f"not a number: {text!r}")
    groups = re.split(r"[.,\u2009]", integer)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or
                            any(len(g) != 3 for g in groups[1:])) \
            and not _indian_grouping(integer):
        raise ValueError(f"misplaced thousands separator in {text!r}")
    digits = "".join(groups) + ("." + fraction if decimal_mark else "")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if no_cents is not None:  # whole, as written: the decimals were never printed
        if decimal_mark is None or fraction != "00":
            raise ValueError(f"not a number: {text!r}")  # "1.250.-", "12,500,-"
        value = value.quantize(Decimal(1))
    return -value if negative else value


#: The triangles Japanese accounts write before a negative amount: "△75,900", "▲75,900".
_TRIANGLES = "△▲"
#: The marks of a yen or won amount written before its digits: "¥", "￥", "₩", and "金"
#: and "금", the formal amount ("金12,345円也", "금 1,234,000원정") where it stands as a word
#: of its own (not "現金" or "현금", cash). A dash after the digits of such an amount
#: ("¥75,900-", "₩1,000,000-", "金12,345円-") closes it, as Japanese, Korean and Chinese
#: invoices and receipts write it so that nothing is added after: no minus (nor after
#: the marks written after the digits, :data:`_CLOSED_AFTER`).
_YEN_BEFORE = re.compile(r"(?:[¥￥₩]|(?<![^\W\d_])[金금])[ \t]?$")
#: The formal marks alone, and their currency (no currency symbols: "金額" and "금액" are
#: labels).
_FORMAL_YEN_BEFORE = re.compile(r"(?<![^\W\d_])(?P<mark>[金금])[ \t]?$")
_FORMAL_CURRENCY = {"金": "JPY", "금": "KRW"}
#: The marks after the digits of a whole amount that a dash closes ("12,345円-",
#: "1,000,000원-", "12,345元-", "12,345圓-").
_CLOSED_AFTER = ("円", "원", "元", "圓")


def _yen_closed(text: str, start: int, raw: str) -> bool:
    """Whether the number ``raw`` at ``text[start:]``, written with a dash after its
    digits, is a whole yen or won amount marked before its digits (:data:`_YEN_BEFORE`):
    the dash closes it ("¥75,900-", "₩1,000,000-"), no minus. A trailing minus without
    such a mark stays a sign (SAP exports: "1,234.56-", "75,900-")."""
    return (re.search(r"[.,]\d{1,2}" + _DASH + "$", raw) is None
            and _YEN_BEFORE.search(text, max(0, start - 3), start) is not None)


#: A dash in place of an amount's decimals: no cents ("12.500,-", "12,--", "12,— €",
#: "Fr. 12.-", and Swedish kronor "12 500:-"). The mark before it is the decimal mark.
_NO_CENTS = r"[.,:](?:[" + _MINUS + r"—]){1,2}(?![" + _MINUS + r"\w—])"
_NO_CENTS_END = re.compile(_NO_CENTS + "$")


#: "(-)" or "(+)" before an amount, as Indian invoices print a round-off or a discount
#: ("Round Off (-) 0.40", "(-)0.40", "(+) 0.22"): the amount's sign. Nothing but spaces
#: (or the amount's currency) may stand between: the "(-)" of a label in its column and
#: the amount in the next one ("Round Off (-)        0.40") is its sign too.
_BRACKET_SIGN_START = re.compile(r"\(([" + _MINUS + r"+])\)[ \t" + _THIN_SPACES + "]*")
_BRACKET_SIGNS = _MINUS + "+"
_GAP = " \t" + _THIN_SPACES


#: The last characters of currency symbols and codes (most characters before an amount
#: are none: no symbol is looked for then).
_SYMBOL_ENDS = frozenset("".join(CURRENCY_SYMBOLS) + "$" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _bracket_signed(text: str, start: int, value: Decimal) -> tuple[int, Decimal]:
    """``(start, value)`` of a number not negative already, with the "(-)" or "(+)"
    written before it (:func:`_bracket_sign`) taken in: its start, and its sign."""
    sign = _bracket_sign(text, start) if value >= 0 else None
    if sign is None:
        return start, value
    return sign[0], -value if sign[1] and value > 0 else value


def _bracket_sign(text: str, start: int) -> tuple[int, bool] | None:
    """Where a "(-)" or "(+)" written before the amount at ``start`` begins (spaces, or a
    currency and spaces, between), and whether it is a minus; None when there is none."""
    j = start
    while j > 0 and text[j - 1] in _GAP:
        j -= 1
    if j > 0 and text[j - 1] != ")":  # "(-) ₹ 0.40", "(-) Rs. 0.40", "(-) INR 0.40"
        if text[j - 1] not in _SYMBOL_ENDS:
            return None
        for sym, _ in _SYMBOLS_LONGEST_FIRST:
            if text.endswith(sym, 0, j):
                j -= len(sym)
                break
        else:
            if j < 3 or text[j - 3:j] not in CURRENCY_CODES or text[j - 4:j - 3].isalpha():
                return None
            j -= 3
        while j > 0 and text[j - 1] in _GAP:
            j -= 1
    if j >= 3 and text[j - 3] == "(" and text[j - 2] in _BRACKET_SIGNS and text[j - 1] == ")":
        return j - 3, text[j - 2] != "+"
    return None


#: A dash in place of the units before the cents: no francs ("Fr. –.80", "–,50 €"), as
#: Swiss and German typography writes it. An en or em dash always means so; a hyphen or
#: minus sign only in Swiss locales (elsewhere "-.80" is minus eighty cents).
_ZERO_DASH = re.compile(r"[" + _MINUS + r"—][.,]\d{2}")


def _swiss(locale: Locale) -> bool:
    return locale.tag.replace("-", "_").upper().endswith(("_CH", "_LI"))


#: Indian grouping (lakh and crore): "1,23,456.78", "12,34,56,789".
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")


def _indian_grouping(integer: str) -> bool:
    return _INDIAN.fullmatch(integer) is not None


@functools.lru_cache(maxsize=64)
def _number_regex(spaces_group: bool) -> re.Pattern[str]:
    group_sep = r"[.," + _APOS + _THIN_SPACES + _ARABIC_GROUPS + _MIDDLE_DOT \
        + (" " if spaces_group else "") + "]"
    marks = ".," + _ARABIC_DECIMAL + _ARABIC_GROUPS + _MIDDLE_DOT
    # a number that goes on ("1,23" of "1,23,456.78", "12.05" of "12.05.2024") is not
    # read in part: it is grouped in a way not known here, or not an amount at all
    # (nor a part of a date or a range written with a slash or a dash: "12/05/2024", nor
    # of a time of day, "14:02", or of a number a speck cut with a colon, "1:174,17")
    ends = r"(?![/:" + marks + r"]?\d|" + _DASH + r"\d)"
    # nor before a group of thousands that could not be read with it ("1 250:50", kronor
    # and öre as Swedish amounts were written: not 1)
    grouped_on = r"(?!" + group_sep + r"\d{3}(?!\d))"
    # (a currency abbreviated with a dot may touch its digits: "Rs.1,95,256.00")
    # (and the formal yen and won marks: "金12,345円也", "금1,234,000원정")
    starts = r"(?:(?<![\w" + marks + r"])|(?<=(?<![\w.])(?:Rs|Fr)\.)|(?<=(?<![^\W\d_])[金금]))" \
        r"(?<!\d[" + _MINUS + r"/:])"
    # decimals, or a dash in their place ("12.500,-")
    fraction = r"(?:[.," + _ARABIC_DECIMAL + r"]\d+|" + _NO_CENTS + ")?"
    return re.compile(
        starts + r"(?:\((?=[\d]))?" + _DASH + "?" + _INDIAN.pattern + r"(?:\.\d+|"
        + _NO_CENTS + ")?" + ends + r"\)?"
        # a thousands group is three digits and no more ("0.9412" is not 0.941 and a 2)
        r"|" + starts + r"(?:\((?=[\d]))?" + _DASH + r"?\d{1,3}(?:" + group_sep
        + r"\d{3}(?!\d))+" + grouped_on + fraction + ends + r"\)?"
        r"|" + starts + r"(?:\((?=[\d]))?" + _DASH + r"?(?:\d{1,3}" + grouped_on + r"|\d{4,})"
        + fraction + ends + r"\)?"
        r"|" + starts + _DASH + r"?[.,]\d{2}(?![\d.,])")  # ".40": cents without the leading 0


#: A percent sign after a number, a space between or none.
_PERCENT_AFTER = re.compile(r"\s?[" + _PERCENT + "]")


def _percent_after(text: str, end: int) -> bool:
    """Whether a percent sign follows the number that ends at ``end`` ("19%", "19 %",
    "١٥٪"): a rate, no amount."""
    return _PERCENT_AFTER.match(text, end) is not None


#: A comparison written before a number ("<10", ">1000", "≤ 0.5", ">= 3", "less than 10"),
#: as laboratory results and specifications print them: the number is a bound, no value.
#: An arrow ("->", "=>") is no comparison.
_COMPARISON = r"(?:(?<![-=<>])[<>]=?|[≤≥≦≧⩽⩾]|\b(?:less|greater|more|fewer)[ \t]+than)"


@functools.lru_cache(maxsize=1)
def _bound_before() -> re.Pattern[str]:
    """:data:`_COMPARISON` right before a number, a currency symbol or code between or
    none ("< $10.00", "> EUR 1,000.00", "<€ 10,00"), at most a space apart: built on first
    use (the symbols, :data:`_SYMBOL`, are defined further down)."""
    return re.compile("(?P<sign>" + _COMPARISON + r")[ \t]?(?:(?:" + _SYMBOL
                      + r")[ \t]?)?\Z", re.IGNORECASE)


def bound_before(text: str, start: int) -> str | None:
    """The comparison written right before the number that starts at ``text[start]``
    ("<", ">=", "≤", "less than"; a currency may stand between, "< $10.00"), None when
    there is none: such a number ("<10" CFU/g, a result ">1000", a fee "> EUR 1,000.00")
    is a bound, not the exact number a rule could compare, so no number type
    (:class:`IntType`, :class:`DecimalType`, :class:`MoneyType`, :class:`PercentType`)
    reads a value there."""
    m = _bound_before().search(text, max(0, start - 24), start)
    return " ".join(m["sign"].split()) if m is not None else None


def _without_bounds(text: str, spans: list[_Span]) -> list[_Span]:
    """``spans`` (:func:`_with_space_grouped`) less the numbers written after a
    comparison (:func:`bound_before`) and every reading inside one ("000,00" and "1" of
    ">1 000,00": the bound's parts are no value either)."""
    bounded = [(s, e) for s, e, *_ in spans if bound_before(text, s)]
    if not bounded:
        return spans
    return [sp for sp in spans if not any(bs <= sp[0] and sp[1] <= be for bs, be in bounded)]


#: What stands before the slash of a score's or a fraction's "out of" part: a number ("7 /
#: 10", "14,5 / 20"), a blank to fill in (underscores, dot leaders, a colon, or nothing on
#: its line: "Punkte ___ / 25", "...... / 20", the text right of a label "/ 10 Punkte").
#: A word before the slash ("Qty/ 5", "Nr./ 123", "Net 100.00 / VAT 20.00") is a label's,
#: also one with digits inside ("INV2024 / 0457", "Room B12 / 4"): the number before the
#: slash starts its word.
_OUT_OF = re.compile(r"(?:^|(?<!\w)\d[^\s/]*|_|\.\.|…|:)[ \t]*/[ \t]*\Z", re.MULTILINE)


def out_of(text: str, start: int) -> bool:
    """Whether the number that starts at ``text[start]`` is the "out of" part of a score
    or a fraction, written after a slash (:data:`_OUT_OF`: "7 / 10 Punkte", "__ / 10",
    "/20", "Page 1 / 3"): the maximum a form prints beside the value to write, or the whole
    a count is of, no value of its own. Numbers glued to both sides of the slash ("8/10",
    "24/330ml") are never read as numbers (:func:`number_spans`)."""
    return _OUT_OF.search(text, max(0, start - 12), start) is not None


def _without_out_of(text: str, spans: list[_Span]) -> list[_Span]:
    """``spans`` less the numbers after a slash that are the "out of" part of a score or a
    fraction (:func:`out_of`), and every reading inside one."""
    denominators = [(s, e) for s, e, *_ in spans if out_of(text, s)]
    if not denominators:
        return spans
    return [sp for sp in spans
            if not any(ds <= sp[0] and sp[1] <= de for ds, de in denominators)]


def _out_of_why(text: str, name: str, locale: Locale) -> str | None:
    """Why ``text`` holds no value of the number type ``name``: its only numbers are the
    "out of" parts of scores (:func:`out_of`: "/ 10 Punkte" beside a mark left blank), as
    a misfit says it; None otherwise."""
    text = ascii_forms(text)
    spans = number_spans(text, locale)
    if not spans or not all(out_of(text, s) for s, _, _ in spans):
        return None
    return (f"{quoted(text.strip()[:40])} holds only the \"out of\" part of a score or a "
            f"fraction (a number after a slash: the maximum a form prints beside the value "
            f"to write in), no {name} value of its own; nothing else was read there")


def _bound_why(text: str, name: str, locale: Locale, bare: str | None = None
               ) -> str | None:
    """Why ``text`` holds no value of the number type ``name``: a number written after a
    comparison (:func:`bound_before`), as a misfit says it; None when it holds none.
    ``bare``: the text with currencies glued to the digits blanked (money), where its
    numbers are looked for."""
    text = ascii_forms(text)
    for start, _, _ in number_spans(bare if bare is not None else text, locale):
        sign = bound_before(text, start)
        if sign is not None:
            article = "an" if name[0] in "aeiou" else "a"
            return (f"{quoted(text.strip()[:40])} is a bound (a number after {sign!r}), not "
                    f"an exact value: {article} {name} field does not read it, since a rule would "
                    f"take it for the number; read such results as text (a text field or "
                    f"column) and check them with matches(), e.g. /^[<>≤≥]/")
    return None


def _percent_why(text: str, name: str, locale: Locale) -> str | None:
    """Why ``text`` holds no value of the number type ``name``: a number with a percent
    sign after it ("16.3 %"), which is a rate (:func:`_percent_after`), as a misfit says
    it; None when it holds none."""
    text = ascii_forms(text)
    if not any(_percent_after(text, end) for _, end, _ in number_spans(text, locale)):
        return None
    article = "an" if name[0] in "aeiou" else "a"
    return (f"{quoted(text.strip()[:40])} is a percentage: {article} {name} reads no number "
            f"with a % sign (a rate beside an amount is not taken for it); declare the "
            f"field percent, or percent(sign=\"optional\") where some values are written "
            f"without the sign, or {name}(unit=\"%\") to read the number as {article} {name}")


#: A percent sign before a number, as Turkish writes it ("%20", "% 5", "KDV (%10)").
_PERCENT_BEFORE = re.compile("[" + _PERCENT + r"][ \t]?$")


def _percent_before(text: str, start: int, closing: set[int] | frozenset[int] = frozenset()
                    ) -> int | None:
    """Where the percent sign written before the number that starts at ``start`` is ("%20",
    "% 5"), unless it is one of ``closing``, the signs written after the numbers before
    ("20% 5": the sign is 20's); None when there is none."""
    m = _PERCENT_BEFORE.search(text, max(0, start - 2), start)
    return m.start() if m is not None and m.start() not in closing else None


#: The mask before the last four digits of a card number ("************9279", "**** 9279",
#: "XXXX-XXXX-XXXX-"); not "TOTAL ****4.50", a cheque's protection fill before an amount.
_MASKED = re.compile(r"(?:[*Xx]{4}[\s-]?)+$")
#: How far before the last four digits ``_MASKED`` looks (a search to the start of a long
#: text for every number made reading it quadratic).
_MASK_SPAN = 40


#: A currency written after the digits, glued to them: "12,800円", "35,000원", "12,50zł",
#: "120kr", "12 000,00грн.", "59 400руб." (a word after it is no currency: "12krone" is no
#: amount); "円也", "元整", "圓整" and "원정" close the formal amount ("金12,345円也",
#: "12,345元整", "금 1,234,000원정").
_GLUED_AFTER_MARKS = r"(?:円也?|원정?|元整?|圓整?|zł|Kč|kr|lei|TL|د\.إ|ر\.س|درهم|ريال|" \
    r"(?i:руб\.?|грн\.?|тг\.?|лв\.?|дин\.?|ден\.?|р\.))(?![^\W\d_])"
_GLUED_AFTER = re.compile(_GLUED_AFTER_MARKS)


def number_spans(text: str, locale: Locale) -> list[tuple[int, int, Decimal]]:
    """Every number written in ``text``: (start, end, value), left to right. Full-width
    digits and marks are read as their ASCII forms (one character for one). A vulgar
    fraction is part of its number ("20½": 20.5, "1 1/2": 1.5, "½": 0.5,
    :func:`~formsift.util.fractions.with_fractions`); a number with one that has no exact
    decimal value ("1⅓") is none, its whole part not read alone."""
    text = ascii_forms(text)
    out = []
    for m in _number_regex(locale.thousands == " ").finditer(text):
        start, end = m.start(), m.end()
        # a trailing minus ("12,00-") belongs to the number when nothing follows it (but
        # the dash that closes a yen amount, "¥75,900-", is none)
        if end < len(text) and text[end] in _MINUS and (end + 1 == len(text)
                                                        or text[end + 1] in _SPACES) \
                and not _yen_closed(text, start, text[start:end + 1]):
            end += 1
        raw = text[start:end]
        if raw.startswith("(") and not raw.endswith(")"):
            start += 1
            raw = raw[1:]
        if raw.endswith(")") and not raw.startswith("("):
            end -= 1
            raw = raw[:-1]
        if end < len(text) and text[end:end + 1].isalpha() and text[end:end + 2] != "x " \
                and not _GLUED_AFTER.match(text, end):
            continue  # "12kg", "3rd": a number glued to a word is not an amount
        if re.fullmatch(r"\d{4}", raw) and _MASKED.search(text, max(0, start - _MASK_SPAN),
                                                          start):
            continue  # "VISA ************9279": a masked card number's last digits
        try:
            out.append((start, end, parse_number(raw, locale)))
        except ValueError:
            continue
    return [(s, e, v) for s, e, v in with_fractions(text, out) if v is not None]


#: An amount grouped by spaces in a locale whose thousands separator is not a space
#: ("12 345,67" or "10 000 €" in de_DE, "12 345.67" in en_US: ISO 31-0 and DIN 5008
#: spacing). It is read beside its parts, as a tied rival: "Qty 2 100" may be two numbers.
#: (No-break, narrow, thin and the other spaces of :data:`_THIN_SPACES` group in every
#: locale: ``number_spans`` reads them.)
_SPACE_GROUPED = re.compile(r"(?<![\w.,])(?<!\d[" + _MINUS + "/])" + _DASH
                            + r"?[1-9]\d{0,2}(?: \d{3}){1,6}(?:[.,]\d{1,4}|" + _NO_CENTS
                            + ")?(?:" + _DASH
                            + r"(?=\s|$))?(?!(?!" + _GLUED_AFTER_MARKS + r")\w|[.,/]\d)")


#: Languages whose typography groups thousands with spaces in every region (fr_BE and
#: fr_CH group with dots or apostrophes too): there "1 234,56" is one amount, no tie.
_SPACE_TYPOGRAPHY = {"fr", "pl"}


def space_grouped_spans(text: str, locale: Locale) -> list[tuple[int, int, Decimal]]:
    """Amounts grouped by spaces in a locale that groups otherwise (:data:`_SPACE_GROUPED`):
    (start, end, value). Empty for locales that group by spaces (``number_spans`` reads
    them already)."""
    if locale.thousands == " ":
        return []
    text = ascii_forms(text)
    out = []
    for m in _SPACE_GROUPED.finditer(text):
        raw = m.group()
        if raw[-1] in _MINUS and _yen_closed(text, m.start(), raw):
            raw = raw[:-1]  # "¥ 75 900-": the dash closes the yen amount
        try:
            out.append((m.start(), m.start() + len(raw), parse_number(raw, locale)))
        except ValueError:
            continue
    return out


_LEADING_ZERO = re.compile(_DASH + r"?0\d")

#: An amount whose thousands separator has a space after it ("16, 530.750 KGS", "1, 234,
#: 567.89", "16. 530,750 kg"): monospaced print (Courier, dot-matrix) leaves the comma's
#: cell as a gap, and OCR puts a space back after a comma that hugs the digit before it
#: (a list's comma). A separator, one space and exactly three digits, then the other mark
#: and decimals: a list is not written so ("16, 530" is two numbers and stays two, and
#: so does a list around it, "7, 16, 530.750").
_SPACED_CORE = (r"[1-9]\d{0,2}(?P<sep>[.,]) \d{3}(?:(?P=sep) ?\d{3})*(?!(?P=sep))[.,]\d+")
_SPACED_GROUPS = re.compile(r"(?<![\w.,])(?<![.,] )(?<!\d[" + _MINUS + "/])" + _DASH + "?"
                            + _SPACED_CORE + r"(?![^\W_]|[.,/] ?\d|[" + _PERCENT + "])")
#: The same amount given whole (a table cell, a value typed in review), with its sign.
_SPACED_WHOLE = re.compile(r"\(?[ \t]*" + _DASH + "?" + _SPACED_CORE + r"[ \t]*\)?"
                           + _DASH + "?")
_SPACED_GAP = re.compile(r"(?<=\d)([.,]) (?=\d{3})")


def spaced_group_spans(text: str, locale: Locale) -> list[tuple[int, int, Decimal]]:
    """Amounts whose thousands separator has a space after it (:data:`_SPACED_GROUPS`):
    (start, end, value)."""
    out = []
    for m in _SPACED_GROUPS.finditer(text):
        try:
            out.append((m.start(), m.end(), parse_number(m.group(), locale)))
        except ValueError:
            continue
    return out


#: An amount whose decimal comma OCR set apart from its cents ("81, 40", "10, 09" on a
#: photographed receipt): a number, a comma, one space, exactly two digits, and no more
#: of a list of numbers around it.
_SPLIT_DECIMAL = re.compile(r"(?<![\w.,])(?<!, )(?<!\d[" + _MINUS + "/])" + _DASH
                            + r"?(?:\d{1,3}(?:\.\d{3})+|\d+)"
                            r", \d{2}(?![\w.,/%]| ?\d|, ?\d)")


def split_decimal_spans(text: str, locale: Locale) -> list[tuple[int, int, Decimal]]:
    """Amounts written with a space after their decimal comma (:data:`_SPLIT_DECIMAL`):
    (start, end, value)."""
    out = []
    for m in _SPLIT_DECIMAL.finditer(text):
        try:
            out.append((m.start(), m.end(), parse_number(m.group().replace(", ", ","),
                                                         locale)))
        except ValueError:
            continue
    return out


#: A number whose decimal mark OCR read as its thousands separator: "4.592.42" for
#: "4,592.42" or "4.592,42" (a comma's tail lost on a fax or a coarse scan), "1,318,80"
#: for "1.318,80". Thousands groups of three digits, then two decimals behind the same
#: separator: no number is written so, and both ways of writing it mean the same amount.
_CONFUSED_DECIMAL = re.compile(r"(?<![\w.,])(?<!\d[" + _MINUS + "/:])" + _DASH
                               + r"?[1-9]\d{0,2}"
                               r"(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*(?P=sep)\d{2}"
                               r"(?![\w.,/:]|" + _DASH + r"\d)")


def confused_decimal_spans(text: str) -> list[tuple[int, int, Decimal]]:
    """Amounts whose decimal mark was read as their thousands separator
    (:data:`_CONFUSED_DECIMAL`): (start, end, value). Only :meth:`find` reads them, so a
    value found so counts as parsed leniently (a lower confidence), never strictly."""
    out = []
    for m in _CONFUSED_DECIMAL.finditer(text):
        raw = m.group()
        integer, cents = raw[:-3], raw[-2:]
        out.append((m.start(), m.end(),
                    Decimal(integer.replace(m.group("sep"), "") + "." + cents)))
    return out


def _with_space_grouped(text: str, locale: Locale, *,
                        confused: Sequence[tuple[int, int, Decimal]] = (),
                        foreign: bool = False
                        ) -> list[tuple[int, int, Decimal, bool, bool]]:
    """Every number of ``text`` (:func:`number_spans`) as (start, end, value, tied, part),
    with each space-grouped amount (:func:`space_grouped_spans`) where its first group was,
    followed by its part that ends where it ends, marked tied, then its other groups,
    marked part: "12 345,67" gives 12345.67, then 345.67 at the same rank (either may be
    right: "Pos 1 250,00", OCR noise before a total), then 12 (below them). Also each
    amount of ``confused`` (:func:`confused_decimal_spans` of ``text``) where no number
    was read. With ``foreign``, a number whose one separator is neither of the locale's
    before three digits (:data:`_FOREIGN_GROUP`) is followed by its other reading, tied."""
    spans = [(s, e, v, False, False) for s, e, v in number_spans(text, locale)]
    if foreign:
        spans = _with_foreign_groups(text, locale, spans)
    sure = locale.language in _SPACE_TYPOGRAPHY

    def grouped(g: tuple[int, int, Decimal], inside: list[_Span]) -> list[_Span]:
        gs, ge, gv = g
        # a tail printed with a leading zero ("000,00" of "5 000,00") is no amount of its
        # own: only a part, never a rival of the whole
        tail = [(s, e, v, not sure, sure) for s, e, v, _, _ in inside
                if e == ge and not _LEADING_ZERO.match(text, s)]
        rest = [(s, e, v, False, True) for s, e, v, _, _ in inside
                if e != ge or _LEADING_ZERO.match(text, s)]
        return [(gs, ge, gv, False, False), *tail, *rest]

    # "16, 530.750": one amount, its thousands separator spaced; its parts below it
    spans = _replace_inside(
        spans, spaced_group_spans(text, locale),
        lambda g, inside: [(g[0], g[1], g[2], False, False),
                           *[(s, e, v, False, True) for s, e, v, _, _ in inside]])
    spans = _replace_inside(spans, space_grouped_spans(text, locale), grouped)
    # "81, 40": one amount where the decimal mark is a comma, its parts below it; where
    # it is a point, "81" is as likely (a list "81, 40"): a tied rival, which rules decide
    comma = locale.decimal == ","

    def split(g: tuple[int, int, Decimal], inside: list[_Span]) -> list[_Span] | None:
        if len(inside) != 2:
            return None
        return [(g[0], g[1], g[2], False, False),
                *[(s, e, v, not comma and k == 0, comma or k > 0)
                  for k, (s, e, v, _, _) in enumerate(inside)]]

    spans = _replace_inside(spans, split_decimal_spans(text, locale), split)
    return _insert_free(spans, confused)  # amounts whose decimal mark was read wrong


#: (start, end, value, tied, part): see :func:`_with_space_grouped`.
_Span = tuple[int, int, Decimal, bool, bool]

#: A number written with one separator, three digits after it, that is neither the
#: locale's decimal mark nor its thousands separator: "kr 12.500" in a template that says
#: ``decimal ","`` and ``thousands " "`` (Norwegian invoices print "12 500,00" and "kr
#: 12.500" alike), "1,250" in de_CH. Twelve and a half or twelve thousand five hundred:
#: in money, the two readings tie, and a rule decides, or review (read as decimals, every
#: amount of an invoice so written kept net + vat == total at a thousandth of its value).
#: A plain decimal reads the decimals, as :func:`parse_number` does (a price per litre
#: "1.859", a weight "12.500" kg: three decimals are printed).
_FOREIGN_GROUP = re.compile(r"\(?" + _DASH + r"?[1-9]\d{0,2}(?P<mark>[.,])\d{3}" + _DASH
                            + r"?\)?")


def _with_foreign_groups(text: str, locale: Locale, spans: list[_Span]) -> list[_Span]:
    """``spans`` with each number of :data:`_FOREIGN_GROUP`, read as decimals, followed
    by its grouped reading, tied with it."""
    out: list[_Span] = []
    for span in spans:
        out.append(span)
        s, e, v = span[:3]
        m = _FOREIGN_GROUP.fullmatch(text, s, e)
        if m is not None and m["mark"] not in (locale.decimal, locale.thousands) \
                and v.as_tuple().exponent == -3:
            out.append((s, e, v.scaleb(3), True, False))
    return out


def _replace_inside(spans: list[_Span], groups: Sequence[tuple[int, int, Decimal]],
                    block: Any) -> list[_Span]:
    """``spans`` where, for each of ``groups`` (left to right, none overlapping), the
    spans inside it are replaced by ``block(group, inside)`` at the place of the first of
    them (a group with none inside goes to the end); ``block`` returning None leaves them.
    One pass with a sorted index, not a scan of the list per group: a page of thousands
    of numbers must not take quadratic time."""
    import bisect

    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    starts = [spans[i][0] for i in order]
    removed: set[int] = set()
    before: dict[int, list[_Span]] = {}
    at_end: list[_Span] = []
    for g in groups:
        gs, ge = g[0], g[1]
        idx = []
        for k in range(bisect.bisect_left(starts, gs), len(order)):
            if starts[k] > ge:
                break
            if spans[order[k]][1] <= ge:
                idx.append(order[k])
        idx.sort()
        new = block(g, [spans[i] for i in idx])
        if new is None:
            continue
        if idx:
            removed.update(idx)
            before[idx[0]] = new
        else:
            at_end.extend(new)
    if not before and not at_end:
        return spans
    out: list[_Span] = []
    for i, x in enumerate(spans):
        out.extend(before.get(i, ()))
        if i not in removed:
            out.append(x)
    return out + at_end


def _insert_free(spans: list[_Span], extra: Sequence[tuple[int, int, Decimal]]
                 ) -> list[_Span]:
    """``spans`` with each of ``extra`` (left to right, none overlapping) that overlaps
    none of them, before the first span that starts after it."""
    import bisect
    import itertools

    if not extra:
        return spans
    by_start = sorted((s, e) for s, e, *_ in spans)
    starts = [s for s, _ in by_start]
    ends_max = list(itertools.accumulate((e for _, e in by_start), max))
    firsts = list(itertools.accumulate((x[0] for x in spans), max))  # to find the place
    placed: dict[int, list[_Span]] = {}
    for cs, ce, cv in extra:
        n = bisect.bisect_left(starts, ce)  # the spans that start before it ends
        if n and ends_max[n - 1] > cs:
            continue
        placed.setdefault(bisect.bisect_right(firsts, cs), []).append(
            (cs, ce, cv, False, False))
    out: list[_Span] = []
    for i, x in enumerate(spans):
        out.extend(placed.get(i, ()))
        out.append(x)
    return out + placed.get(len(spans), [])


#: The shape of a printed number, for decoding constrained by a pattern: digits, thousands
#: groups with one separator throughout, then a decimal part with a different separator
#: ("1.094,56", "1,094.56", "1 094,56", "1094.56", "-12", "12.50-").
NUMBER_SHAPE = (r"-?\s?(?:\d{1,3}(?:(?P<t>[.,' ])\d{3})(?:(?P=t)\d{3})*|\d+)"
                r"(?:(?!(?P=t))[.,]\d{1,4})?-?")
#: A whole number: digits, or thousands groups with one separator throughout.
INT_SHAPE = r"-?\s?(?:\d{1,3}(?:(?P<t>[.,' ])\d{3})(?:(?P=t)\d{3})*|\d+)"


#: The English number words (the words_amount validator splits those a recognizer ran
#: together: "thirtyeight").
_ENGLISH_NUMBER_WORDS_TEXT = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion lakh lakhs crore crores"""
ENGLISH_NUMBER_WORDS = frozenset(_ENGLISH_NUMBER_WORDS_TEXT.split())

#: Number words a figure in brackets restates ("FORTY EIGHT (48) CARTONS", "thirty (30)
#: days", "Five Hundred Dollars (500.00)", "dreißig (30) Tage", "trente (30) jours"), in
#: the languages of the locale tables; the last word before the bracket is compared (a
#: hyphenated number by its last part, "forty-eight"), and German and Dutch compounds by
#: their ends (:data:`_NUMBER_WORD_ENDS`: "achtundvierzig", "achtenveertig").
_NUMBER_WORDS_TEXT = """
    null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig hundert
    tausend million millionen
    un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze
    seize vingt vingts trente quarante cinquante soixante cent cents mille
    uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince
    veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento mil
    quattro sei sette otto nove dieci venti trenta quaranta cinquanta sessanta settanta
    ottanta novanta cento mille
    een twee drie vier vijf zes zeven negen tien twaalf twintig honderd duizend
    um uma dois duas três quatro cinco seis sete oito nove dez vinte trinta quarenta
    cinquenta sessenta setenta oitenta noventa cem mil"""
_NUMBER_WORDS = ENGLISH_NUMBER_WORDS | frozenset(_NUMBER_WORDS_TEXT.split())
_NUMBER_WORD_ENDS = ("zig", "ßig", "hundert", "tausend", "tig", "honderd", "duizend")
#: Words between the number words and the figure that restates them: the currency and
#: "only" ("Five Hundred Dollars Only ($500.00)").
_RESTATED_AFTER = frozenset({
    "only", "exactly", "euro", "euros", "dollar", "dollars", "pound", "pounds", "sterling",
    "rupee", "rupees", "franc", "francs", "franken", "pesos", "peso", "rand", "yen", "yuan",
    "ringgit", "reais", "real", "kroner", "kronor", "zloty", "złotych", "usd", "eur", "gbp",
    "nur", "seulement", "solamente"})
_TOKEN_BEFORE = re.compile(r"(?:[^\W_]+(?:[-/'’][^\W_]+)*|\S)[ \t" + _THIN_SPACES + r"]*$")


def _restates(text: str, opening: int, digits: str) -> bool:
    """Whether the figure ``digits`` in the brackets that open at ``text[opening]``
    restates what is written right before them: number words ("FORTY EIGHT (48)",
    "thirty (30) days"; a currency word or "only" between, "Five Hundred Dollars
    (500.00)"; cents written "00/100") or the same figure ("Pages: 3 (3)")."""
    j = opening
    for _ in range(3):
        m = _TOKEN_BEFORE.search(text, max(0, j - 40), j)
        if m is None:
            return False
        word = m.group().rstrip(" \t" + _THIN_SPACES)
        low = word.lower()
        if low in _RESTATED_AFTER:
            j = m.start()
            continue
        if re.fullmatch(r"(?:\d\d|xx|no)/100", low):  # "and 00/100 Dollars ($500.00)"
            return True
        if any(c.isdigit() for c in word):  # "3 (3)": the same figure again
            return re.sub(r"\D", "", word) == re.sub(r"\D", "", digits)
        last = re.split(r"[-/'’]", low)[-1]
        return last in _NUMBER_WORDS or (len(last) > 5 and last.endswith(_NUMBER_WORD_ENDS))
    return False


@functools.lru_cache(maxsize=1)
def _bracket_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An opening bracket before a number, and a closing one after it, with spaces (a
    fixed-width print pads its brackets: "( 12 )", "(   3)") or a currency between
    ("($3.00)", "(3.00 €)", "(USD 3.00)"). After the number, a currency it knows: a word
    in capitals there is a unit, and the brackets a note ("(1 BOX)", "(2 PCS)"); before
    it, any three capitals, as a code it does not know ("(ABC 45.00)"). Built on first
    use (:data:`_SYMBOLS_LONGEST_FIRST` is defined further down)."""
    codes = sorted(CURRENCY_CODES | set(CODE_ALIASES), key=len, reverse=True)
    sym = "(?:" + "|".join(re.escape(s) for s, _ in _SYMBOLS_LONGEST_FIRST) + "|" \
        + "|".join(codes) + ")"
    gap = "[" + _GAP + "]*"
    return (re.compile(r"\(" + gap + "(?:(?P<sym>" + _SYMBOL + ")" + gap + ")?$"),
            re.compile(gap + "(?:(?P<sym>" + sym + r")(?![^\W\d_])" + gap + r")?\)"))


def _in_brackets(text: str, start: int, end: int, value: Decimal
                 ) -> tuple[int, int, Decimal] | None:
    """(start, end, value) of the number at ``text[start:end]`` with the brackets around
    it taken in, negative ("(3)", "( 12 )", "(120)", "($3.00)", "(3.00 €)"), or, where it
    restates the words or the figure before it (:func:`_restates`: "FORTY EIGHT (48)
    CARTONS", "Five Hundred Dollars (500.00)", "Pages: 3 (3)"), its digits alone,
    positive; None when it is not in brackets of its own: brackets around a note ("(1
    BOX)", "(3 boxes)", "(SR)") are no sign. The one rule of int, decimal and money."""
    if text.startswith("(", start) and text.endswith(")", 0, end) and value < 0:
        opening, closing, value = start, end, -value
        first, last = start + 1, end - 1
    else:
        if value <= 0:
            return None
        opens, closes = _bracket_marks()
        before = opens.search(text, max(0, start - 24), start)
        after = closes.match(text, end) if before is not None else None
        if after is None or (before["sym"] and after["sym"]):  # type: ignore[index]
            return None
        opening, closing, first, last = before.start(), after.end(), start, end  # type: ignore[union-attr]
    while first < last and text[first] in _GAP:
        first += 1
    while last > first and text[last - 1] in _GAP:
        last -= 1
    if _restates(text, opening, text[first:last]):
        return first, last, value
    return opening, closing, -value


#: A number written with both marks, which says which is the decimal one: "7.122,750"
#: (comma), "12,345.678" and "1,23,456.78" (point, Indian grouping too).
_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d+(?![.,]?\d)")
_POINT_DECIMAL = re.compile(r"(?<![\d.,])(?:" + _INDIAN.pattern
                            + r"|\d{1,3}(?:,\d{3})+)\.\d+(?![.,]?\d)")


def document_marks(text: str) -> tuple[str, str] | None:
    """(decimal mark, thousands separator) that the numbers of a document written with
    both marks show ("7.122,750 KGS": (",", ".")), where they all show the same; None
    where none is written so, or they show both (a document that quotes amounts of two
    conventions says nothing of its own)."""
    text = ascii_forms(text)
    comma = _COMMA_DECIMAL.search(text) is not None
    point = _POINT_DECIMAL.search(text) is not None
    if comma == point:
        return None
    return (",", ".") if comma else (".", ",")


#: A number written with one mark that shows it is the decimal mark: one or two digits
#: after it, or four and more ("12.5", "3,75", "3.14159"), or three after a lone 0
#: ("0.125"); not a part of a longer number or of a date ("18.11.2026", "Nov. 20,2026").
_DECIMAL_SHOWN = re.compile(r"(?<![\d.,])(?:\d+(?P<a>[.,])\d{1,2}|"
                            r"\d+(?P<b>[.,])(?!(?:19|20)\d\d(?!\d))\d{4,}|"
                            r"0(?P<c>[.,])\d{3})(?![.,]?\d)")
#: A number whose one mark is written twice or more between groups of three: the
#: thousands separator ("1.234.567", "12,345,678").
_THOUSANDS_SHOWN = re.compile(r"(?<![\d.,])\d{1,3}(?P<t>[.,])\d{3}(?:(?P=t)\d{3})+(?![.,]?\d)")
#: A number written with one mark once and exactly three digits after it ("6.100",
#: "1,250"): thousands or decimals, as the writer's convention has it.
_THREE_AFTER = re.compile(r"(?<![\d.,])(?P<head>[1-9]\d{0,2})(?P<mark>[.,])(?P<tail>\d{3})"
                          r"(?![.,]?\d)")


#: How much a number says of the document's decimal mark (:func:`mark_evidence`): one
#: written with both marks ("96.400,00"), or with a thousands separator set apart
#: ("16, 530.750"), says most; one written with a currency ("27,90 EUR", "$4.50"), an
#: amount, more than a bare one ("4.5"); one glued to letters ("0.75kW", "v1.2",
#: "DN1.5", "1.5x2") is part of a name, a version or a dimension, and says little.
BOTH_MARKS_WEIGHT = 3.0
MONEY_WEIGHT = 2.0
BARE_WEIGHT = 1.0
GLUED_WEIGHT = 0.25
#: A convention's evidence must be at least this many times the other's to decide: a
#: clear majority, not the first contrary token ("4.5 CBM and 3,75 EUR" decides nothing).
MARK_MAJORITY = 3.0

_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b[A-Z]{3})[ \t]?$")
_MONEY_AFTER = re.compile(r"[ \t]?(?:[$€£¥₹]|[A-Z]{3}\b)")


def _token_weight(text: str, start: int, end: int) -> float:
    """How much the number at ``text[start:end]`` (one mark, :data:`_DECIMAL_SHOWN` or
    :data:`_THOUSANDS_SHOWN`) says of the document's marks, by what is written beside it
    (:data:`MONEY_WEIGHT`, :data:`BARE_WEIGHT`, :data:`GLUED_WEIGHT`)."""
    before = _MONEY_BEFORE.search(text, max(0, start - 4), start)
    after = _MONEY_AFTER.match(text, end)
    for found in (before, after):
        if found is not None:
            word = found.group().strip()
            if word in CURRENCY_CODES or word in CURRENCY_SYMBOLS or word == "$":
                return MONEY_WEIGHT
    glued = (start > 0 and text[start - 1].isalpha()) or (end < len(text)
                                                          and text[end].isalpha())
    return GLUED_WEIGHT if glued else BARE_WEIGHT


def mark_evidence(text: str) -> dict[str, float]:
    """The weight of the evidence the numbers of ``text`` give for each decimal mark
    ({".": w, ",": w}): numbers written with both marks (:func:`document_marks`'
    patterns, :data:`_SPACED_GROUPS`: :data:`BOTH_MARKS_WEIGHT` each), with one mark
    before one, two or four and more digits or after a lone 0 (:data:`_DECIMAL_SHOWN`:
    that mark), or with one mark repeated between groups of three
    (:data:`_THOUSANDS_SHOWN`: the other one), each weighed by what is written beside
    it (:func:`_token_weight`). Digits in dotted groups ("8481.40.90") and dates
    ("18.11.2026") give none."""
    return _mark_weights(text)


def _mark_weights(text: str) -> dict[str, float]:
    """:func:`mark_evidence` (which the runtime works out once per document; this, for a
    value's text, each time)."""
    text = ascii_forms(text)
    out = {".": 0.0, ",": 0.0}
    out[","] += BOTH_MARKS_WEIGHT * len(_COMMA_DECIMAL.findall(text))
    out["."] += BOTH_MARKS_WEIGHT * sum(1 for _ in _POINT_DECIMAL.finditer(text))
    for m in _SPACED_GROUPS.finditer(text):  # "16, 530.750": both marks, one set apart
        out["," if m["sep"] == "." else "."] += BOTH_MARKS_WEIGHT
    for m in _DECIMAL_SHOWN.finditer(text):
        out[m["a"] or m["b"] or m["c"]] += _token_weight(text, m.start(), m.end())
    for m in _THOUSANDS_SHOWN.finditer(text):
        out["," if m["t"] == "." else "."] += _token_weight(text, m.start(), m.end())
    return out


def weigh_marks(evidence: dict[str, float], numbers: Sequence[str] = (),
                codes: Sequence[str] = ()) -> str | None:
    """The decimal mark ``evidence`` (:func:`mark_evidence` of a document's text) shows
    by a clear majority (:data:`MARK_MAJORITY`), or None. ``numbers``: the texts of the
    values a template reads as numbers (its decimal and money fields and columns), whose
    evidence counts twice; ``codes``: the texts of the values it reads as anything else
    (an HS code "8481.40" in a text column, a time "12.00"), whose evidence does not
    count."""
    weight = dict(evidence)
    for texts, sign in ((numbers, 1.0), (codes, -1.0)):
        for raw in texts:
            for mark, w in _mark_weights(raw).items():
                weight[mark] = max(0.0, weight.get(mark, 0.0) + sign * w)
    point, comma = weight.get(".", 0.0), weight.get(",", 0.0)
    if point > 0 and point >= MARK_MAJORITY * comma:
        return "."
    if comma > 0 and comma >= MARK_MAJORITY * point:
        return ","
    return None


def marks_shown(text: str, numbers: Sequence[str] = (), codes: Sequence[str] = ()
                ) -> str | None:
    """The decimal mark the numbers of a document show ("." or ","), weighed
    (:func:`mark_evidence`, :func:`weigh_marks`): a clear majority decides, a code or a
    product name's "0.75kW" does not cancel what the amounts show; None where nothing
    shows it, or both conventions alike ("4.5 CBM and 3,75 EUR")."""
    return weigh_marks(mark_evidence(text), numbers, codes)


def other_reading(raw: str, value: Any, locale: Locale, shown: str | None, *,
                  money: bool = False, currency: str | None = None,
                  decimals: int | None = None) -> Decimal | None:
    """The other reading of ``value``, read from ``raw`` written with one mark and exactly
    three digits after it (:data:`_THREE_AFTER`: "6.100 KGS" read 6.1 under en_GB, 6100
    the other way; "1,250" read 1250, 1.25 the other way), where the document's numbers
    do not show that the mark taken for the decimal one is (``shown``,
    :func:`marks_shown`); None where there is no other reading: another number or mark
    in ``raw``, a mark neither of the locale's (money ties those already), or a document
    that shows the reading taken. Of ``money`` (its ``currency``, or the one written
    beside it), only three decimals where its currency has fewer minor units ("6.100 EUR"
    read 6.1 under en_GB): an amount read in thousands ("$ 100.000" in es_CO, "$1,250")
    is whole, as amounts are written, and three decimals are a dinar's ("KD 12.345"); but
    in a currency with three minor units (BHD, IQD, JOD, KWD, LYD, OMR, TND), or where the
    field declares ``decimals=3`` (``decimals``, which stand for the currency's minor
    units), an amount read in thousands is as likely its three decimals ("KWD125,500"
    under en: 125500, or 125.500 as a SWIFT message writes it)."""
    if not isinstance(value, Decimal) or raw is None:
        return None
    text = ascii_forms(raw)
    found = list(_THREE_AFTER.finditer(text))
    if len(found) != 1 or len(re.findall(r"\d+", text)) != 2:
        return None
    m = found[0]
    if m["mark"] not in (locale.decimal, locale.thousands):
        return None
    took_decimal = m["mark"] != locale.thousands  # as parse_number reads it
    decimal_taken = m["mark"] if took_decimal else ("," if m["mark"] == "." else ".")
    if shown == decimal_taken:
        return None
    as_decimals = Decimal(m["head"] + "." + m["tail"])
    as_thousands = Decimal(m["head"] + m["tail"])
    taken, other = (as_decimals, as_thousands) if took_decimal else (as_thousands, as_decimals)
    if abs(value) != taken:
        return None
    currency = getattr(value, "currency", None) or currency
    minor = minor_units().get(currency, 2) if currency is not None else None
    if money and decimals is not None:
        minor = decimals
    if minor == 0:
        return None  # "¥1,250": yen are whole
    if money and minor == 3:  # a dinar's three decimals ("KD 12.345") or its thousands
        return None if took_decimal else (-other if value < 0 else other)
    if (money or minor is not None) and (not took_decimal or minor == 3):
        return None
    return -other if value < 0 else other


#: ``unit="kW"`` (or several, ``unit=["km", "mi"]``): the unit the values are written
#: with, after the number, a space between or none ("110 kW", "110kW"). Only a number
#: written with it is read ("150 PS / 110 kW": 110), and a text that holds numbers but none
#: in the unit is no value (review, the reason names the unit), never its first number.
UNIT = Field(None, description="the unit the values are written with, after the number "
             "(\"110 kW\", \"110kW\"); several as a list, unit=[\"km\", \"mi\"]")


def unit_problem(unit: str | list[str] | None) -> str | None:
    """Why ``unit`` (the option's value) is no unit, or None."""
    if unit is None:
        return None
    units = [unit] if isinstance(unit, str) else list(unit)
    if not units:
        return 'a unit option names at least one unit: unit="kW", unit=["km", "mi"]'
    for u in units:
        if not isinstance(u, str) or not u.strip():
            return 'a unit cannot be empty: unit="kW"'
        if "|" in u:
            several = ", ".join(f'"{p.strip()}"' for p in u.split("|"))
            return f"write several units as a list: unit=[{several}]"
        if u.strip()[0].isdigit() or u.strip()[0] in ".,+-":
            return (f"a unit is written after the number, and starts with a letter or a "
                    f"sign (\"kW\", \"%\", \"°C\"), not {u.strip()[0]!r}: unit={u!r}")
    return None


#: What a unit's matched characters become in the text a number type reads past them: no
#: letter, digit, space, bracket or sign to any rule (a private-use character), so that
#: "18km" is the number 18 followed by something, and "(150 PS)" with the unit PS is no
#: number in brackets (no accounting minus).
_UNIT_BLANK = "\ue000"
#: The degree sign and the signs OCR reads it as (the ordinal sign, the ring above).
_DEGREE = "°º˚"
#: Superscript digits a unit is written with ("cm³", "m²") and their plain forms ("cm3").
_SUPERSCRIPTS = {"²": "2", "³": "3"}


def _units(options: Any) -> tuple[str, ...]:
    """The units of a number type's ``unit`` option (none when it has no such option)."""
    unit = getattr(options, "unit", None)
    if unit is None:
        return ()
    return tuple(u.strip() for u in ([unit] if isinstance(unit, str) else unit))


def _any_case(unit: str) -> bool:
    """Whether ``unit`` is read in any case ("KW" for kW, "KG" for kg, "Km" for km): when it
    has two letters or more and does not start with m or M, whose case tells milli from
    mega (mW, MW; mm, Mm; ml, ML) or the metre from a million; a one-letter unit ("m", "g",
    "t", "l") is read only as written (list other spellings: unit=["l", "L"])."""
    letters = [c for c in unit if c.isalpha()]
    return len(letters) >= 2 and letters[0] not in "mM"


def _spellings(unit: str) -> set[str]:
    """``unit`` and the forms it is written in: full-width letters as ASCII ones, a
    superscript as its digit and the other way ("cm³", "cm3"), a micro sign as mu."""
    import unicodedata

    forms = {ascii_forms(unit), ascii_forms(unicodedata.normalize("NFKC", unit))}
    for f in list(forms):
        for sup, digit in _SUPERSCRIPTS.items():
            forms.add(f.replace(sup, digit))
            if f.endswith(digit) and not f[:-1][-1:].isdigit():
                forms.add(f[:-1] + sup)
        forms.add(f.replace("\u00b5", "\u03bc"))
        forms.add(f.replace("\u03bc", "\u00b5"))
    if "%" in forms:  # the Arabic, full-width and small percent signs ("١٥٪")
        forms.update(_PERCENT)
    for f in list(forms):  # "°C": OCR reads the degree sign as "º" or loses it ("3C")
        if f[:1] in _DEGREE and f[1:2].isalpha():
            forms.update({d + f[1:] for d in _DEGREE} | {f[1:]})
    return forms


@functools.lru_cache(maxsize=64)
def unit_regex(units: tuple[str, ...]) -> re.Pattern[str]:
    """Where one of ``units`` is written as a number's unit: not after a letter, and not
    followed by a letter or digit ("kWh" is no kW, "km²" no km), nor by a slash or a dot
    of multiplication and a letter ("kg/hl" is no kg). Spaces inside a unit ("kg / hl") may
    be any spaces."""
    alternatives = []
    for unit in units:
        for form in _spellings(unit):
            body = re.sub(r"\\ ", "[" + _GAP + "]*", re.escape(" ".join(form.split())))
            alternatives.append(("(?i:" if _any_case(form) else "(?:") + body + ")")
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives)
                      + r")(?![^\W_]|[²³¹]|[/·⋅][ \t]?[^\W\d_])")


def _unit_text(text: str, units: tuple[str, ...]) -> tuple[str, dict[int, int]]:
    """``text`` with each of ``units`` written in it blanked (:data:`_UNIT_BLANK`), and
    where each starts -> where it ends."""
    marks = {m.start(): m.end() for m in unit_regex(units).finditer(text) if m.end() > m.start()}
    if not marks:
        return text, marks
    chars = list(text)
    for start, end in marks.items():
        chars[start:end] = _UNIT_BLANK * (end - start)
    return "".join(chars), marks


def _bare_allowed(options: Any) -> bool:
    """Whether a number type's options let a number stand without its unit
    (``unit_written="optional"``)."""
    return getattr(options, "unit_written", "required") == "optional"


def with_unit(text: str, units: tuple[str, ...],
              find: Callable[[str], list[Found]], bare: bool = False) -> list[Found]:
    """The values ``find`` reads in ``text`` that are written with one of ``units`` after
    them (a space between or none), each spanning its unit ("110 kW"): ``find`` reads the
    text with the units blanked, so a unit glued to the digits ("18km") stops no number.
    With ``bare`` (``unit_written="optional"``), also a number without the unit that is
    the whole text, spaces aside ("3" in a cell of "3°C" and "3"), as a number alone reads
    without the option (:func:`_alone`: "+3", "3.", a degree unit's lone sign "3°")."""
    blanked, marks = _unit_text(text, units)
    if not marks:
        if not bare:
            return []
        return [f for f in find(text) if _alone(text[:f.start], text[f.end:], units)]
    out: list[Found] = []
    kept = False  # whether the value before was kept (a tied value is its rival)
    for f in find(blanked):
        at = f.end
        while at < len(text) and text[at] in _GAP:
            at += 1
        end = marks.get(at)
        if end is None:
            kept = False
            continue
        out.append(Found(f.start, end, f.value, f.score, tied=f.tied and kept))
        kept = True
    return out


def _alone(before: str, after: str, units: tuple[str, ...]) -> bool:
    """Whether a number with ``before`` and ``after`` around it stands alone in its text,
    as a number without its unit is read under ``unit_written="optional"``: nothing but
    spaces around it, a plus sign before it ("+3"), a point after it ("3.", a sentence's
    end) and, for a unit written with a degree sign ("°C"), that sign alone after it ("3°",
    "-18°", "3 °": the unit's degree, its letter left out, as handwritten logs write it).
    A number in brackets is read as without the option, negative ("(3)": -3)."""
    after = after.strip()
    if after.endswith("."):
        after = after[:-1].rstrip()
    degree = any(u[:1] in _DEGREE for u in units)
    return before.strip() in ("", "+") \
        and (not after or (degree and len(after) == 1 and after in _DEGREE))


def without_unit(raw: str, units: tuple[str, ...]) -> str:
    """``raw`` less one of ``units`` written at its end, after a number ("110 kW": "110");
    ``raw`` as it is without one (a bare number parses too: a default, a reviewer's
    correction)."""
    text = ascii_forms(raw).rstrip()
    for m in unit_regex(units).finditer(text):
        if m.end() == len(text) and text[:m.start()].rstrip(_GAP)[-1:].isdigit():
            return raw[:m.start()]
    return raw


def _a(name: str) -> str:
    """``name`` with its indefinite article: "an int", "a decimal"."""
    return ("an " if name[:1] in "aeiou" else "a ") + name


def _units_said(units: tuple[str, ...]) -> str:
    return " or ".join(units)


def _option_said(name: str, units: tuple[str, ...]) -> str:
    shown = f'"{units[0]}"' if len(units) == 1 else "[" + ", ".join(f'"{u}"' for u in units) + "]"
    return f"{name}(unit={shown})"


def _unit_why(text: str, name: str, units: tuple[str, ...], locale: Locale) -> str | None:
    """Why ``text`` holds no value of the number type ``name`` with the ``unit`` option
    ``units``: a number after a comparison (a bound), or numbers none of which is written
    with the unit ("150 PS" for kW; "12345mi" for km); None when it holds no digit."""
    text = ascii_forms(text)
    blanked, _ = _unit_text(text, units)
    bound = _bound_why(text, name, locale, blanked)
    if bound is not None:
        return bound
    if not any(ch.isdecimal() for ch in text):
        return None
    # (said as digits that do not read: no doubt where another place gave the value)
    return (f"{quoted(text.strip()[:40])} holds digits that do not read as {_a(name)} value "
            f"in {_units_said(units)}: no number there is written with the unit, and "
            f"{_option_said(name, units)} reads only a number followed by it "
            f"(\"12 {units[0]}\" or \"12{units[0]}\"), never one in another unit")


#: A number glued to a word of letters, the whole text ("18km", "12345km", "76kg",
#: "110kW", "1.498ccm"): a number with its unit, as OCR reads a photo's "18 km"; not an
#: ordinal ("3rd", "1er", "2º": :data:`_ORDINALS`), nor a time ("18h30").
_GLUED_UNIT = re.compile(r"\s*(?P<number>\d(?:[\d.,']*\d)?)(?P<unit>[^\W\d_]{1,5}[²³]?)\s*")
_ORDINALS = frozenset({"st", "nd", "rd", "th", "e", "er", "re", "ère", "ème", "eme", "o",
                       "a", "º", "ª", "te", "ste", "de", "ter", "x", "h"})
#: ... nor a time of day ("10am", "5pm") or a magnitude ("100k", "2bn", "3Mio"), which
#: no unit option reads.
_NO_UNITS = frozenset({"am", "pm", "k", "bn", "mn", "mio", "mrd"})


def _glued_why(text: str, name: str, locale: Locale) -> str | None:
    """Why ``text`` holds no value of the number type ``name`` (without the ``unit``
    option): it is a number glued to its unit ("18km"), which a number type does not take
    for a number (a word is no unit of it unless the template says so); None when it is
    not one."""
    m = _GLUED_UNIT.fullmatch(ascii_forms(text))
    if m is None or m["unit"].lower() in _ORDINALS | _NO_UNITS:
        return None
    try:
        value = parse_number(m["number"], locale)
    except ValueError:
        return None
    if name == "int" and value != value.to_integral_value():
        return None
    # (said as digits that do not read: no doubt where another place gave the value)
    return (f"{quoted(text.strip()[:40])} holds digits that do not read as {_a(name)} value: "
            f"a number glued to its unit, {m['unit']} ({_a(name)} reads no number glued to "
            f"a word); declare the field {_option_said(name, (m['unit'],))} to read the "
            f"number written in {m['unit']} (\"12 {m['unit']}\" or \"12{m['unit']}\"), "
            f"with unit_written=\"optional\" where some values are written without it")


#: A number written with one mark and three digits after it, four digits or more before
#: it ("4500,250", "12500.500"): no thousands group, so where the mark is the locale's
#: thousands separator nothing reads it (:func:`_mark_why`).
_LONG_HEAD = re.compile(r"(?<![\d.,])(?P<head>\d{4,})(?P<mark>[.,])(?P<tail>\d{3})(?![.,]?\d)")


def _mark_why(text: str, name: str, locale: Locale) -> str | None:
    """Why ``text`` holds no value of the number type ``name``: a number whose one mark is
    the locale's thousands separator with four digits or more before it ("BHD4500,250"
    under en, as a SWIFT message writes amounts: the comma is its decimal mark), which
    groups no thousands; the reason names the decimal mark to state. None when it holds
    no such number, or more than it and a currency code or symbol."""
    text = ascii_forms(text)
    m = _LONG_HEAD.search(text)
    if m is None or m["mark"] != locale.thousands:
        return None
    rest = text[:m.start()] + text[m.end():]
    if any(ch.isdigit() for ch in rest) or sum(ch.isalpha() for ch in rest) > 4:
        return None  # the number alone, or with its currency ("BHD"), not in a sentence
    mark = "comma" if m["mark"] == "," else "point"
    other = "." if m["mark"] == "," else ","
    swift = ", as SWIFT messages write amounts" if m["mark"] == "," else ""
    # (said as digits that do not read: no doubt where another place gave the value)
    return (f"{quoted(text.strip()[:40])} holds digits that do not read as {_a(name)} value: "
            f"{m[0]} has {len(m['head'])} digits before its {mark}, which groups no "
            f"thousands as the template's locale ({locale.tag}) writes them; if the {mark} "
            f"is the decimal mark ({m['head']}.{m['tail']}{swift}), state decimal "
            f"\"{m['mark']}\" and thousands \"{other}\" in the template")


def _unit_constraint(base: Constraint, units: tuple[str, ...]) -> Constraint:
    """``base`` (a number's alphabet and shape) with ``units`` after the number: their
    letters (in each case read) added to the alphabet, and the shape followed by one."""
    if not units:
        return base
    letters = set()
    alternatives = []
    for unit in units:
        for form in _spellings(unit):
            letters.update(form.lower() + form.upper() if _any_case(form) else form)
            alternatives.append(("(?i:" if _any_case(form) else "(?:") + re.escape(form) + ")")
    alphabet = (base.alphabet or "") + "".join(sorted(letters - set(base.alphabet or "")))
    pattern = base.pattern and ("(?:" + base.pattern + r")\s?(?:" + "|".join(alternatives)
                                + ")?")
    return Constraint(alphabet=alphabet, pattern=pattern)


class _UnitOptions(Options):
    """The ``unit`` option of the number types (:data:`UNIT`), checked by
    :func:`unit_problem`."""

    unit: str | list[str] | None = UNIT
    #: Whether the unit must be written after the number ("required", the default) or may
    #: be left out ("optional": a temperature log whose cells print "3" and "3°C"), as
    #: ``percent(sign="optional")`` reads a bare number: a number without the unit is found
    #: only when it stands alone in the text (a cell, a value right of its label), so "3 kg"
    #: or "Fridge 3" is no temperature.
    unit_written: Literal["required", "optional"] = "required"

    @field_validator("unit")
    @classmethod
    def _a_unit(cls, v: str | list[str] | None) -> str | list[str] | None:
        problem = unit_problem(v)
        if problem is not None:
            raise ValueError(problem)
        return v


class _BoundsOptions(Options):
    """``min`` and ``max`` of :class:`IntType` (first among its options, before ``unit``)."""

    min: int | None = None
    max: int | None = None


class IntOptions(_UnitOptions, _BoundsOptions):
    pass


class IntType(FieldType):
    name = "int"
    version = "0.1.0"
    summary = ("Whole numbers, thousands grouped by the locale's separator: 1,250 (en), "
               "1.250 (de, fr_BE), 1 250 (fr, pl); int(unit=\"km\") reads only a number "
               "written in km ('12,345 km', '18km')")
    value_kind = "number"
    Options = IntOptions

    def parse(self, raw: str, ctx: ParseContext) -> int:
        raw = without_unit(raw, _units(self.options))  # "110 kW" under int(unit="kW")
        value = parse_number(raw, ctx.locale)  # "(3)" returned: negative, as in find
        if value != value.to_integral_value():
            raise ValueError(f"not a whole number: {raw!r}")
        return self._check(int(value))

    def _check(self, value: int) -> int:
        opts: IntOptions = self.options  # type: ignore[assignment]
        if opts.min is not None and value < opts.min:
            raise ValueError(f"{value} is below the minimum {opts.min}")
        if opts.max is not None and value > opts.max:
            raise ValueError(f"{value} is above the maximum {opts.max}")
        return value

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Whole numbers in ``text``, as :meth:`DecimalType.find` reads numbers: one grouped
        by spaces where the locale groups otherwise ("84 213" in en_GB) is a rival of its
        last group ("213"), as likely, and its first group ("84") ranks below them. A
        number in brackets is negative, as :meth:`DecimalType.find` and money read it (a
        return in a Qty column, "(3)"), unless it restates the words or the number before
        it ("FORTY EIGHT (48) CARTONS", "Pages: 3 (3)"). Under the ``unit`` option, only
        the numbers written with the unit (:func:`with_unit`: "150 PS / 110 kW" gives 110
        under ``unit="kW"``). A number after a slash that is the "out of" part of a score
        (:func:`out_of`: "7 / 10 Punkte", "__ / 20") is none."""
        if holds_fraction(text) and fraction_why(
                text, self.name, number_spans(text, ctx.locale), True):
            return []  # "Qty 1 1/2 pcs 10": the number refused, not passed over
        text = ascii_forms(text)  # "１，２５０": full-width digits, one character for one
        units = _units(self.options)
        if units:
            return with_unit(text, units, lambda t: self._numbers(t, ctx),
                             bare=_bare_allowed(self.options))
        return self._numbers(text, ctx)

    def _numbers(self, text: str, ctx: ParseContext) -> list[Found]:
        """:meth:`find` without the ``unit`` option."""
        out = []
        for start, end, value, tied, part in _without_out_of(text, _without_bounds(
                text, _with_space_grouped(text, ctx.locale))):  # "<10": a bound, no value
            # "(3)" in a Qty column: a return, negative; "FORTY EIGHT (48)": 48
            bracketed = _in_brackets(text, start, end, value) if not part else None
            if bracketed is not None:
                start, end, value = bracketed
            if value == value.to_integral_value() and not _percent_after(text, end):
                try:
                    out.append(Found(start, end, self._check(int(value)),
                                     0.8 if part else 1.0, tied=tied))
                except ValueError:
                    continue
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """A number after a comparison ("<10": a bound), before a % sign ("16.3 %"),
        glued to its unit ("18km") or only after a slash ("/ 10 Punkte", :func:`out_of`):
        written as a value, but none of this type; under the
        ``unit`` option, numbers none of which is written in the unit ("150 PS")."""
        units = _units(self.options)
        fraction = fraction_why(text, self.name, number_spans(text, ctx.locale), True)
        if fraction or units:  # "½", "20½": a fraction, never dropped from a whole number
            return fraction or _unit_why(text, self.name, units, ctx.locale)
        return _bound_why(text, self.name, ctx.locale) or \
            _percent_why(text, self.name, ctx.locale) or \
            _glued_why(text, self.name, ctx.locale) or \
            _out_of_why(text, self.name, ctx.locale) or _mark_why(text, self.name, ctx.locale)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer"}

    def constraint(self) -> Constraint:
        return _unit_constraint(Constraint(alphabet="0123456789-,. ", pattern=INT_SHAPE),
                                _units(self.options))


#: ``decimals=N``: the number of decimals the values are written with. A value written
#: with fewer is padded (``12.5`` gives 12.50); one written with more is no value of the
#: type (never rounded: ``0.3125`` is not a price in cents).
DECIMALS = Field(None, ge=0, le=12, description="decimals the values are written with: "
                 "fewer are padded with zeros, more make the text no value of this type")


class _DecimalsOptions(Options):
    decimals: int | None = DECIMALS


class DecimalOptions(_UnitOptions, _DecimalsOptions):
    pass


class DecimalType(FieldType):
    name = "decimal"
    version = "0.1.0"
    summary = ("Decimal numbers in the template's locale: 1.234,56 or 1,234.56; "
               "decimal(unit=\"kW\") reads only a number written in kW ('150 PS / 110 kW': "
               "110)")
    value_kind = "number"
    Options = DecimalOptions

    def parse(self, raw: str, ctx: ParseContext) -> Decimal:
        raw = without_unit(raw, _units(self.options))  # "110 kW" under decimal(unit="kW")
        return self._quantize(parse_number(raw, ctx.locale))

    def _quantize(self, value: Decimal) -> Decimal:
        """``value`` with the ``decimals`` option's number of decimals; ValueError when it
        was written with more (a value is never rounded).

        The decimals written count, not the number they make: ``value`` comes from
        :func:`parse_number`, whose Decimal keeps every digit written after the decimal
        mark, so "2.000" under ``decimals=2`` is refused (three decimals: a comma read as
        a point, or a third digit that does not belong), though it equals 2.00; "2.000"
        grouped in thousands (de_DE) is 2000, no decimals, and padded to 2000.00."""
        decimals = getattr(self.options, "decimals", None)
        if decimals is None:
            return value
        exponent = value.as_tuple().exponent
        written = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if written > decimals:
            raise ValueError(f"{value} is written with {written} decimals, more than the "
                             f"{decimals} decimal(s) the type allows (decimals={decimals})")
        try:
            return value.quantize(Decimal(1).scaleb(-decimals))
        except InvalidOperation as exc:  # more digits than a Decimal holds (28)
            raise ValueError(f"{value} has too many digits") from exc

    def _fits(self, value: Decimal) -> bool:
        try:
            self._quantize(value)
        except ValueError:
            return False
        return True

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Numbers in ``text``; a number grouped by spaces where the locale groups
        otherwise ("12 345,67" in de_DE) is a rival of its part ("345,67"), as likely. A
        lone separator that is neither of the locale's before three digits is read as
        :func:`parse_number` reads it, the decimal mark ("1.859" under fr: a fuel price
        per litre); money ties it with its grouped reading (:data:`_FOREIGN_GROUP`).
        Under the ``unit`` option, only the numbers written with the unit
        (:func:`with_unit`: "150 PS / 110 kW" gives 110 under ``unit="kW"``, "14.2 %" 14.2
        under ``unit="%"``). A number after a slash that is the "out of" part of a score
        (:func:`out_of`: "14,5 / 20") is none."""
        if holds_fraction(text) and fraction_why(
                text, self.name, number_spans(text, ctx.locale), False):
            return []  # "Qty 1 1/2 pcs 10": the number refused, not passed over
        text = ascii_forms(text)  # "１，２５０．５": full-width digits, one character for one
        units = _units(self.options)
        if units:
            return with_unit(text, units, lambda t: self._numbers(t, ctx),
                             bare=_bare_allowed(self.options))
        return self._numbers(text, ctx)

    def _numbers(self, text: str, ctx: ParseContext) -> list[Found]:
        """:meth:`find` without the ``unit`` option."""
        misread = confused_decimal_spans(text)
        confused = {(s, e) for s, e, _ in misread}
        out = []
        for s, e, v, tied, part in _without_out_of(text, _without_bounds(  # "<10": a bound
                text, _with_space_grouped(text, ctx.locale, confused=misread))):
            if _percent_after(text, e) or not self._fits(v):
                continue
            score = 0.6 if (s, e) in confused else 0.8 if part else 1.0
            # "(12.50)", "( 12.50 )", "($3.00)": negative; "FORTY EIGHT (48)": 48
            bracketed = _in_brackets(text, s, e, v) if not part else None
            if bracketed is not None:
                s, e, v = bracketed
            else:
                s, v = _bracket_signed(text, s, v)  # "(-) 0.40": negative; "(+) 0.22"
            out.append(Found(s, e, self._quantize(v), score, tied=tied))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """A number after a comparison ("<10", ">1000": a bound) or, but for
        :class:`PercentType`, before a % sign ("16.3 %") or glued to its unit ("18km"):
        written as a value, but none of this type; under the ``unit`` option, numbers
        none of which is written in the unit ("150 PS")."""
        units = _units(self.options)
        fraction = fraction_why(text, self.name, number_spans(text, ctx.locale), False)
        if fraction or units:  # "⅓": a fraction with no exact decimal value
            return fraction or _unit_why(text, self.name, units, ctx.locale)
        if self.name == "percent":
            return _bound_why(text, self.name, ctx.locale)
        return _bound_why(text, self.name, ctx.locale) or \
            _percent_why(text, self.name, ctx.locale) or \
            _glued_why(text, self.name, ctx.locale) or \
            _out_of_why(text, self.name, ctx.locale) or _mark_why(text, self.name, ctx.locale)

    def to_json(self, value: Any) -> Any:
        return str(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}

    def constraint(self) -> Constraint:
        return _unit_constraint(Constraint(alphabet="0123456789-,. ", pattern=NUMBER_SHAPE),
                                _units(self.options))


class MoneyOptions(Options):
    currency: str | None = None
    decimals: int | None = DECIMALS
    #: What "CR" (or "Cr", "cr", "CREDIT") beside an amount means: a credit, negative
    #: ("negative", the default: a credit note's "120.00 CR"), or a balance in credit,
    #: positive ("positive": a bank statement's "226.50 CR").
    cr: Literal["negative", "positive"] = "negative"
    #: What "DR" (or "Dr", "dr", "DEBIT") beside an amount means: a debit, negative
    #: ("negative", the default: a bank statement's "132.46 DR"), or money owed to the
    #: supplier, positive ("positive": an accounts-payable debit note's "240.00 DR").
    #: "OD" (overdrawn) is negative either way.
    dr: Literal["negative", "positive"] = "negative"

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, v: str | None) -> str | None:
        problem = currency_problem(v) if v is not None else None
        if problem is not None:
            raise ValueError(problem)
        return v


_GLUED_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{2,3}|Rp)(?=\d)")
#: "S8.20": OCR reads a dollar sign glued to its amount as an S.
_GLUED_DOLLAR_AS_S = re.compile(r"(?<![A-Za-z0-9])S(?=\d+[.,]\d\d(?!\d))")
#: "212.35cr", "£212.35CR", "240.00DR": a credit or a debit glued to an amount with cents
#: (read by :data:`_CREDIT` and :data:`_DEBIT`; "18Cr" of a steel grade is no amount).
_GLUED_CREDIT = re.compile(r"(?<=[.,]\d\d)(?:CR|Cr|cr|DR|Dr|dr)(?![^\W_])")


#: A currency written in Chinese characters, glued before its amount: "人民币8,236.00"
#: (Chinese writes no space between them; the characters are letters to the number
#: pattern, which reads no number glued to a word).
_GLUED_CJK_BEFORE = re.compile(r"(?:人民币|人民幣|新台幣|新臺幣)(?=[" + _MINUS + r"]?\d)")


#: Marks that end with a letter or a dot, glued before the digits of their amount (which
#: the number pattern reads after no letter): "KSh2,350.00", "Ksh.2,350.00", "S/.1,234.56",
#: "$U1.234", "U$S1.500", "UF30", "Dhs100.00"; and the marks of :data:`_WEAK_MARKS`,
#: "R2,350.00", "N2,350.00", "LE2,350.00", where the template expects their currency or
#: the amount has cents (:data:`_CENTS_AHEAD`).
_GLUED_MARK = re.compile(r"(?<![^\W\d_])(?P<mark>S/\.|Kshs\.|Ksh\.|KShs|Kshs|KSh|Ksh|TSh|Tsh|"
                         r"USh|Ush|\$U|U\$S|UF|DH|Dhs|Dh|L\.E\.|R|N|LE|f)(?=[" + _MINUS
                         + r"]?\d)")
#: An amount with cents ahead: "2,350.00", "1 000.00", "2350.00".
_CENTS_AHEAD = re.compile(r"[" + _MINUS + r"]?\d{1,3}(?:[,. \u00a0\u202f]\d{3})*[.,]\d{2}"
                          r"(?![\d.,])|[" + _MINUS + r"]?\d+[.,]\d{2}(?![\d.,])")


#: Kopecks after a dash, as Russian accounts wrote amounts: "1 234 567-89" (1234567.89).
#: Only after thousands grouped by spaces, two digits, and nothing more of a number after
#: them (a phone number "8 800 555-35-35", a date "2026-12-05" are none).
_DASH_KOPECKS = re.compile(r"(?<![\w.,/" + _MINUS + r"])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
                           r"(?P<dash>-)\d{2}(?![\w.,/]|[" + _MINUS + r"]\d)")


def _dash_kopecks(text: str, locale: Locale) -> str:
    """``text`` with the dash of each amount of :data:`_DASH_KOPECKS` written as the
    locale's decimal mark (same length)."""
    return _DASH_KOPECKS.sub(lambda m: m.group()[:m.start("dash") - m.start()]
                             + locale.decimal + m.group()[m.end("dash") - m.start():], text)


def _unglue_currency(text: str, expected: str | None = None) -> str:
    """``RM29.30``, ``EUR12.50``, ``人民币8,236.00``: a currency code glued to its amount
    (as receipts and OCR write it) is blanked out, same length, so that the amount stands
    alone; so is a mark glued to it (:data:`_GLUED_MARK`: ``KSh2,350.00``, ``R1 000.00``
    where ``expected`` is ZAR or the amount has cents), the S OCR writes for a dollar sign
    before an amount with cents (``S8.20``), and a credit or a debit glued after the
    digits (``212.35cr``, ``240.00DR``; the sign is read from the text itself)."""
    def blank(m: re.Match[str]) -> str:
        code = m.group(1)
        known = code in CURRENCY_CODES or code in CURRENCY_SYMBOLS or code in CODE_ALIASES
        return " " * len(code) if known else code

    def blank_mark(m: re.Match[str]) -> str:
        mark = m["mark"]
        if mark in _WEAK_MARKS and _WEAK_MARKS[mark] != expected \
                and (mark in _OCR_MARKS or not _CENTS_AHEAD.match(text, m.end())):
            return mark  # "R2": a room, a row
        return " " * len(mark)

    text = _GLUED_CREDIT.sub(lambda m: " " * len(m.group()), text)
    text = _GLUED_CJK_BEFORE.sub(lambda m: " " * len(m.group()), text)
    text = _GLUED_MARK.sub(blank_mark, text)
    return _GLUED_DOLLAR_AS_S.sub(" ", _GLUED_CODE.sub(blank, text))


#: Symbols that several currencies write, and the currency they mean when the template
#: expects none of those: "$" is also CAD, AUD, NZD, SGD, HKD, and the pesos of Mexico,
#: Argentina, Chile, Colombia, Uruguay... (:data:`~formsift.core.money.DOLLAR_SIGN_CURRENCIES`);
#: "kr" NOK, DKK, ISK;
#: "ريال" and "﷼" the rials of Qatar, Oman, Yemen and Iran; "درهم" Morocco's dirham.
_SHARED_SYMBOLS = {"$": ("USD", set(DOLLAR_SIGN_CURRENCIES)),
                   **{kr: ("SEK", set(KRONA_CURRENCIES))
                      for kr in ("kr", "kr.", "Kr.", "Kr", "KR")},
                   "¥": ("JPY", set(YEN_CURRENCIES)), "￥": ("JPY", set(YEN_CURRENCIES)),
                   "JP¥": ("JPY", {"JPY"}), "CN¥": ("CNY", {"CNY"}),
                   "元": ("CNY", {"CNY", "TWD", "HKD"}), "圓": ("CNY", {"CNY", "TWD", "HKD"}),
                   "درهم": ("AED", {"AED", "MAD"}), "Dhs": ("AED", {"AED", "MAD"}),
                   "DHS": ("AED", {"AED", "MAD"}),
                   "ريال": ("SAR", {"SAR", "QAR", "OMR", "YER", "IRR"}),
                   "\ufdfc": ("SAR", {"SAR", "QAR", "OMR", "YER", "IRR"}),
                   "دينار": ("KWD", {"KWD", "BHD", "JOD", "IQD", "LYD", "TND", "DZD"})}
#: Dollar symbols that say which dollar, tried before a bare "$" (and which peso: "$U" the
#: Uruguayan one, "RD$" the Dominican one; "U$S" is the US dollar as Argentina and Uruguay
#: write it).
_DOLLARS = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD",
            "NZ$": "NZD", "HK$": "HKD", "MX$": "MXN", "R$": "BRL", "S$": "SGD",
            "NT$": "TWD", "U$S": "USD", "$U": "UYU", "RD$": "DOP", "N$": "NAD",
            "J$": "JMD", "TT$": "TTD", "EC$": "XCD", "BZ$": "BZD"}
#: The marked dollars, as other modules read them (templates.shared_symbols).
DOLLAR_MARKS = _DOLLARS
#: The marks of a country written beside a "$", before or after it, glued or set apart by
#: a space ("US $1,149.75", "1 149,75 $ US", "1 149,75 $US", "$ É.-U.", "$ CA", "$CAN"),
#: or after the amount of a "$" ("$1,149.75 US"), and the dollar they name. A currency
#: code does so too ("USD $1,149.75", "Total NZD $1,380.00", "CDN $1,149.75").
_DOLLAR_COUNTRIES = {"US": "USD", "U.S.": "USD", "USA": "USD", "U.S.A.": "USD",
                     "É.-U.": "USD", "E.-U.": "USD", "É.U.": "USD", "E.U.": "USD",
                     "CA": "CAD", "CAN": "CAD", "AU": "AUD", "AUS": "AUD", "NZ": "NZD",
                     "HK": "HKD", "NT": "TWD", "SG": "SGD", "MX": "MXN"}
_DOLLAR_MARK = "(?:" + "|".join(re.escape(m) for m in sorted(_DOLLAR_COUNTRIES, key=len,
                                                            reverse=True)) + r"|[A-Z]{3})"
_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])"
#: Before the digits: a mark, then "$" ("US $", "USD $", "US$"), or "$", then a mark
#: ("$US 1,149.75", "$ CAN 100.00").
_MARKED_DOLLAR_BEFORE = re.compile(
    _NOT_AFTER_LETTER + r"(?P<mark>" + _DOLLAR_MARK + r")[ \t]?\$[ \t]?$|"
    r"(?<![A-Za-z])\$[ \t]?(?P<after>" + _DOLLAR_MARK + r")[ \t]?$")
#: After the digits: "$", then a mark ("1 149,75 $ US", "1 149,75 $US"), or a mark alone
#: where a "$" stands before the digits ("$1,149.75 US").
_MARKED_DOLLAR_AFTER = re.compile(r"[ \t]?\$[ \t]?(?P<mark>" + _DOLLAR_MARK + r")"
                                  + _NOT_BEFORE_LETTER)
_MARK_AFTER = re.compile(r"[ \t]?(?P<mark>" + _DOLLAR_MARK + r")" + _NOT_BEFORE_LETTER)
_DOLLAR_BEFORE = re.compile(r"\$[ \t]?$")


#: Marks written in several pieces or longer than the symbols looked for beside an
#: amount: the shekel's abbreviation with its quote set apart by a text layer ('ש " ח',
#: "ש ״ ח", "ש''ח"), or its letters in the order the page shows them, left to right, as a
#: text layer that gives a right-to-left line's words so writes it ('8,474.58 ח " ש'),
#: and the word, "שקל" or "שקלים" (as a word of its own: "משקל" is a weight).
_SHEKEL_QUOTE = r"[ \t]?(?:[\"״”]|''|׳׳)[ \t]?"
_SHEKEL = r"(?:ש" + _SHEKEL_QUOTE + r"ח|ח" + _SHEKEL_QUOTE + r"ש|שקלים|שקל)"
#: The currency words and abbreviations of Cyrillic invoices (any case, as words of their
#: own, glued after the digits or not: "59 400,00 руб.", "12 000,00грн.", "тенге"), and
#: the currencies each may mean: the first, unless the template expects another of them
#: (the Russian and the Belarusian rouble; the dinar of Serbia, "дин.", and the denar of
#: North Macedonia, "ден."). The lev ("лв.", "лева") is BGN, which Bulgaria's euro
#: replaced: an amount in лева is no amount in euros. And a few currency words of Latin
#: script longer than a symbol: "dirhams" (the Emirates' or Morocco's), "naira", "cedis".
_WORD_MARKS = r"(?:руб(?:лей|ля|ль)?\.?|грн\.?|грив(?:ень|ні|ня|ен|ны|на)|тенге|тг\.?|" \
    r"дин(?:ара|ари|ар)?\.?|ден(?:ари|ар)?\.?|лв\.?|лева|сом|р\.|dirhams?|naira|cedis?)"
_WORD_CURRENCIES = (("руб", ("RUB", "BYN")), ("р.", ("RUB", "BYN")), ("гр", ("UAH",)),
                        ("т", ("KZT",)), ("ди", ("RSD", "MKD")), ("де", ("MKD",)),
                        ("л", ("BGN",)), ("с", ("KGS",)), ("dirham", ("AED", "MAD")),
                        ("naira", ("NGN",)), ("cedi", ("GHS",)))
#: "р." alone is also the abbreviation of a year ("2026 р.", Ukrainian "рік"): a rouble
#: only where the template (or the field) expects one.
_WEAK_WORDS = ("р.",)
_SPELT_MARKS = ((re.compile(r"[ \t]?" + _SHEKEL + r"(?![^\W\d_])"),
                 re.compile(r"(?<![^\W\d_])" + _SHEKEL + r"[ \t]?$"), "ILS"),
                (re.compile(r"[ \t]?(?P<mark>" + _WORD_MARKS + r")(?![^\W\d_])",
                            re.IGNORECASE),
                 re.compile(r"(?<![^\W\d_])(?P<mark>" + _WORD_MARKS + r")[ \t]?$",
                            re.IGNORECASE), None))


def _spelt_mark(text: str, start: int, end: int, expected: str | None = None
                ) -> str | None:
    """The currency of a mark of :data:`_SPELT_MARKS` written after or before the amount
    at ``text[start:end]`` (a currency word means the ``expected`` currency where it is one
    of its own, :data:`_WORD_CURRENCIES`)."""
    for after, before, code in _SPELT_MARKS:
        m = after.match(text, end) or before.search(text, max(0, start - 10), start)
        if m is None:
            continue
        if code is not None:
            return code
        mark = m["mark"].lower()
        for prefix, codes in _WORD_CURRENCIES:
            if mark.startswith(prefix):
                if expected in codes:
                    return expected
                if mark in _WEAK_WORDS:
                    return None  # "2026 р.": a year, unless a rouble is expected
                return codes[0]
    return None


#: Kopecks after the roubles or hryvnias of an amount, as Russian and Ukrainian software
#: prints a total: "59 400 руб. 50 коп.", "1 250 грн. 08 коп.", "100 р. 5 к.".
_MINOR_WORDS = re.compile(r"[ \t]?(?:руб(?:лей|ля|ль)?\.?|р\.|грн\.?|грив(?:ень|ні|ня|ен))"
                          r"[ \t]*(?P<minor>\d{1,2})[ \t]?(?:коп(?:еек|ейки|ейка|ійок|ійки|"
                          r"ійка)?\.?|к\.)(?![^\W\d_])", re.IGNORECASE)


def _minor_after(text: str, end: int, value: Decimal) -> tuple[Decimal, int] | None:
    """A whole amount of roubles or hryvnias (``value``, written at ``text[:end]``) with
    the kopecks written after its currency word (:data:`_MINOR_WORDS`): (the amount with
    them, where they end); None when there are none."""
    if _has_decimals(value):
        return None
    m = _MINOR_WORDS.match(text, end)
    if m is None:
        return None
    cents = Decimal(m["minor"]).scaleb(-2)
    return (value - cents if value < 0 else value + cents), m.end()


#: Superscript and subscript digits, and the look-alikes of 0 ("OO/1oo"), as their digits:
#: the cents a cheque writes as a fraction ("1,250⁰⁰/₁₀₀").
_FRACTION_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉oOlI", "01234567890123456789" "0011")
#: The cents of a whole amount written as a fraction of 100 after it, as cheques write
#: them: "487 35/100", "1250 and 75/100", "1,250⁰⁰/₁₀₀", "56 no/100", "1250 xx/100",
#: "1250 75/xx" (after a space, a no-break one too: a PDF's "100\u00a025/100"). What looks
#: so but is no two-digit numerator ("487 3/100", "487 135/100",
#: "12.50 35/100"), or its slash read as a 1 ("1312 751100"), is no amount: its cents are
#: not dropped, unless the text is print (:func:`_cents_over_100`). (Halves and
#: quarters, "1 1/2", are :mod:`formsift.util.fractions`'.)
_CENTS_OVER = re.compile(
    r"[ \t\u00a0\u202f]*(?:(?i:and|&)[ \t\u00a0\u202f]*)?(?:"
    r"(?P<num>[0-9oO\u00b2\u00b3\u00b9\u2070\u2074-\u2079]{1,4}|(?i:xx|no|nil)|[-*~=_]{1,4})"
    r"[ \t]*[/\u2044][ \t]*(?P<den>[1lI\u2081][0oO\u2080]{2}|(?i:xx))"
    r"|(?P<lost>[0-9oO]{2}[1lI|][1lI][0oO]{2}))(?![\w/.,])")
#: The numerators that say "no cents" ("xx/100", "no/100", "--/100").
_NO_CENTS_WORDS = re.compile(r"(?i:xx|no|nil)|[-*~=_]{1,4}")
#: A fraction of 100 written in plain digits with nothing else of a cheque's ("25/100":
#: no "and", no raised or lowered digits, no "xx"): printed, as likely a ratio or a page
#: ("Page 25/100", "25/100 units") as cents.
_PLAIN_OVER_100 = re.compile(r"[ \t\u00a0\u202f]*[0-9]{1,4}[ \t]*/[ \t]*100")


def _by_hand(ctx: ParseContext) -> bool | None:
    """Whether the text a money field reads is handwriting: True where its context says so
    (``ParseContext.handwritten``: the words read as handwriting, or the field hinted
    ``handwritten``), False where it is print (a text layer), None where nothing says
    (words a recognizer labelled print, which may be handwriting the segmenter took for
    print; a context that does not tell, such as a rule's or a test's)."""
    if not ctx.recognized:
        return False
    return ctx.handwritten


def _cents_over_100(text: str, end: int, value: Decimal, hand: bool | None = None
                    ) -> tuple[Decimal | None, int] | None:
    """The cents written as a fraction after the whole amount ``value`` that ends at
    ``text[end]`` (:data:`_CENTS_OVER`): (the amount with them, where they end), with
    None for the amount where the fraction is no cents one can be sure of ("3/100",
    "35/10"); None when no fraction of 100 follows.

    ``hand`` (:func:`_by_hand`) False, the text is print, which writes its slashes: six
    digits after the amount are another number, not glued to it ("1312 401100": a ledger
    account, not "40/100" with its slash read 1). (A plain "25/100" after it is read both
    ways: :func:`_plain_cents`.)"""
    m = _CENTS_OVER.match(text, end)
    if m is None or (m["lost"] and hand is False):
        return None
    if m["lost"] or _has_decimals(value):  # "1312 751100": "75/100" with its slash read 1
        return None, m.end()  # "12.50 35/100": which is meant is not guessed
    num, den = m["num"].translate(_FRACTION_DIGITS), m["den"].translate(_FRACTION_DIGITS)
    if _NO_CENTS_WORDS.fullmatch(m["num"]):
        cents = Decimal(0) if den == "100" else None  # "xx/xx" says nothing
    else:
        cents = Decimal(num).scaleb(-2) if len(num) == 2 and num.isdigit() else None
    if cents is None:
        return None, m.end()
    return (value - cents if value < 0 else value + cents).quantize(Decimal("0.01")), m.end()


def _plain_cents(text: str, end: int, hand: bool | None) -> bool:
    """Whether the cents read as a fraction after the whole amount ending at ``text[end]``
    are a plain "NN/100" (:data:`_PLAIN_OVER_100`) in text not known to be handwriting
    (``hand``, :func:`_by_hand`): on print it is as likely a ratio or a page number as
    cents, so the whole amount alone is read too, tied (a rule decides, or review); a
    hand's "100 25/100" on a cheque is its cents."""
    return hand is not True and _PLAIN_OVER_100.match(text, end) is not None


def _hand_closes(text: str, start: int, end: int, value: Decimal, hand: bool | None) -> bool:
    """Whether the dash after the amount ``text[start:end]`` read as a minus (``value`` <
    0) is the flourish a hand draws after an amount, whole or with cents ("3600-",
    "1250.00-"): so it is in handwriting (``hand`` True, :func:`_by_hand`); printed, a
    minus after the cents is an accounting export's sign."""
    return (hand is True and value < 0 and text[start:start + 1].isdigit()
            and text[end - 1] in _MINUS)


def _dash_closes(text: str, start: int, end: int, value: Decimal, code: str | None,
                 expected: str | None) -> bool:
    """Whether the dash after the whole amount ``text[start:end]`` ("3600-", "1,250-"),
    read as a minus (``value`` < 0), is rather the dash that closes an amount with no
    cents, as a hand fills a cheque's amount box ("3600—", "1250=").

    So it is where the amount is written without decimals in the template's currency (or
    with none written), and that currency has cents: the minus an accounting export
    prints after an amount comes after its cents ("1,250.00-", a sign); a yen or won
    amount is whole ("75,900-": a sign but where a mark closes it, :func:`_yen_closed`);
    and with no currency expected, nothing says which it is (a sign, as before). On a
    scan, photo or text layer it may be either (a printed scan's "1,250-" is a minus),
    unless the context says the text is handwriting (:func:`_hand_closes`):
    :meth:`MoneyType.find` reads both, tied (a rule decides, or review), and
    :meth:`MoneyType.parse` neither."""
    return (value < 0 and text[start:start + 1].isdigit() and text[end - 1] in _MINUS
            and not _has_decimals(value) and expected is not None
            and code in (None, expected) and (minor_units().get(expected) or 0) > 0)


def _dash_why(raw: str) -> str:
    """Why a printed whole amount with a dash after it is no amount :meth:`MoneyType.parse`
    reads (:func:`_dash_closes`)."""
    return (f"{raw.strip()!r}: the dash after a whole amount may be a minus or the dash that "
            f"closes an amount with no cents; which is not guessed")


#: A number with ";" or ":" between its digits, where a decimal mark or a thousands
#: separator belongs: a fax's or a scan's comma or point with a speck over it ("89 612;45",
#: "1;234,56", "38,497:47"), its digits on either side as the locale groups them.
_MISREAD_MARK = re.compile(r"(?<![\d.,'])(?P<left>\d{1,3}(?:[ \u00a0\u202f.,']\d{3})*|\d+)"
                           r"(?P<mark>[;:])(?P<right>\d+(?:[ \u00a0\u202f.,']\d{3})*"
                           r"(?:[.,]\d+)?)(?!\d)")
#: ... but for a time of day, "14:32" (a colon after one or two digits, before two).
_TIME_LIKE = re.compile(r"\d{1,2}:\d\d")


def misread_marks(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a number with a ";" or ":" between its digits
    (:data:`_MISREAD_MARK`; not a time "14:32"), as (start, end) spans: no amount is read
    there, nor out of its parts ("89 612;45" is neither 89612 nor 45: a misread decimal
    mark would drop the cents, a thousands one the thousands)."""
    spans = []
    for m in _MISREAD_MARK.finditer(text):
        time = _time_at(m)
        if time is None:
            spans.append(m.span())
        elif time < m.end():  # "14:00 199.00": the time alone, the amount after it read
            spans.append((m.start(), time))
    return spans


def _time_at(m: re.Match[str]) -> int | None:
    """Where the time of day ends that :data:`_MISREAD_MARK`'s match ``m`` starts with
    (one or two digits, ":", two digits and no third: "14:32", and "14:00" of "14:00
    199.00", where the match ran on into the amount after the time); None when its mark
    is no time's."""
    right = m.group("right")
    if m.group("mark") != ":" or right[2:3].isdigit() or _TIME_LIKE.fullmatch(
            m.group("left") + ":" + right[:2]) is None:
        return None
    if m.group("left") == "1" and _GROUPS_ONLY.fullmatch(right[2:]):
        return None  # "1:25 000", a scale: its groups run on from the "25", no amount
    return m.start() + len(m.group("left")) + 3


#: Thousands groups alone, with no decimal part (" 000" of "1:25 000"): after "1:" and two
#: digits, a scale's; after another time ("14:00 199"), the whole amount that follows it.
_GROUPS_ONLY = re.compile(r"(?:[ \u00a0\u202f.,']\d{3})+")


def _mark_misread_why(text: str, span: tuple[int, int], locale: Locale) -> str:
    """Why the number at ``span`` of ``text`` (:func:`misread_marks`) is no amount."""
    number = text[span[0]:span[1]]
    mark = next(ch for ch in number if ch in ";:")
    return (f"{quoted(number)} has {mark!r} between its digits, where the decimal mark "
            f"({locale.decimal!r}) or a thousands separator belongs (misread?): not read "
            f"as an amount, to be checked")


def _cents_why(text: str, start: int, end: int) -> str:
    """Why the amount at ``text[start:end]``, written with a fraction after its units that
    :func:`_cents_over_100` cannot read as its cents, is no amount."""
    return (f"{text[start:end].strip()!r}: what follows the whole amount looks like its "
            f"cents written as a fraction ('35/100', 'xx/100') but is not two digits over "
            f"100: the amount is not read without them")


def _named_dollar(text: str, start: int, end: int, expected: str | None) -> str | None:
    """The dollar a mark beside the "$" of the amount at ``text[start:end]`` names
    (:data:`_DOLLAR_COUNTRIES`, or a currency code); None when there is no such mark."""
    def code(mark: str | None) -> str | None:
        if mark is None:
            return None
        if mark in _DOLLAR_COUNTRIES:
            return _DOLLAR_COUNTRIES[mark]
        if mark in CURRENCY_CODES or (mark == expected and mark in WORD_CODES):
            return mark
        return CODE_ALIASES.get(mark)

    m = _MARKED_DOLLAR_BEFORE.search(text, max(0, start - 12), start)
    if m is not None and (found := code(m["mark"] or m["after"])):
        return found
    m = _MARKED_DOLLAR_AFTER.match(text, end)
    if m is not None and (found := code(m["mark"])):
        return found
    if _DOLLAR_BEFORE.search(text, max(0, start - 2), start):
        m = _MARK_AFTER.match(text, end)
        if m is not None and (found := code(m["mark"])):
            return found
    return None


#: Symbols of letters that mixed case writes ("Dh", "KSh"): no mark where a letter touches
#: them ("Dhaka"). (Symbols in capitals are none inside a word in capitals, "RMX".)
_WORD_SYMBOLS = frozenset({"Dh", "Dhs", "DH", "KSh", "Ksh", "Kshs", "KShs", "TSh", "Tsh",
                           "USh", "Ush", "UF", "GH¢", "S/", "S/."})
#: Currency symbols, the longest first ("CA$" before "$").
_SYMBOLS_LONGEST_FIRST = tuple(sorted({**CURRENCY_SYMBOLS, **_DOLLARS}.items(),
                                      key=lambda kv: -len(kv[0])))


def _shared_currency(sym: str, code: str, expected: str | None, decimals: bool) -> str:
    """The currency a symbol means (:data:`_SHARED_SYMBOLS`): the template's when it is
    one of the symbol's currencies, else, for an amount written with decimals, the one
    currency of the symbol that has a minor unit when its first has none ("¥15,695.70",
    "¥13,890.00": the yen is written whole, so yuan), else the symbol's first currency
    ("¥12,800": yen)."""
    default, family = _SHARED_SYMBOLS.get(sym, (code, set()))
    if expected in family:
        return expected  # type: ignore[return-value]
    if decimals:
        with_minor = [c for c in sorted(family) if minor_units().get(c) != 0]
        if len(with_minor) == 1 and minor_units().get(default) == 0:
            return with_minor[0]
    return default


def _currency_near(text: str, start: int, end: int, expected: str | None = None,
                   decimals: bool = False) -> str | None:
    """The currency written beside an amount: a code ("12.50 CAD") before a symbol, a
    symbol that names its dollar ("CA$") before a bare one, and a bare "$" (or "kr", "¥")
    as :func:`_shared_currency` says (``decimals``: the amount is written with some). A
    symbol in capitals is no symbol inside a longer word in capitals ("RM" of "RMX")."""
    return _currency_read(text, start, end, expected, decimals)[0]


def _currency_read(text: str, start: int, end: int, expected: str | None = None,
                   decimals: bool = False) -> tuple[str | None, bool]:
    """:func:`_currency_near`, and whether what is written names that currency (a code, a
    mark, a symbol of one currency), not a symbol of several (:data:`_SHARED_SYMBOLS`:
    "$", "kr", "¥"), read as one of them."""
    dollar = _named_dollar(text, start, end, expected)
    if dollar is not None:  # "USD $1,149.75", "1 149,75 $ US", "$1,149.75 CDN"
        return dollar, True
    before = text[max(0, start - 5):start].strip()
    after = text[end:end + 5].strip()
    chunks = (before[-4:], after[:4])
    for chunk in chunks:
        for w in re.sub(r"[^A-Z]", " ", chunk).split():
            if w in CURRENCY_CODES or (w == expected and w in WORD_CODES):
                return w, True
            if w in CODE_ALIASES:  # "CDN 1,149.75", "NTD 12,600"
                return CODE_ALIASES[w], True
    spelt = _spelt_mark(text, start, end, expected)
    if spelt is not None:  # 'ש " ח', "שקלים", "руб.", "грн"
        return spelt, True
    for chunk in chunks:
        for sym, code in _SYMBOLS_LONGEST_FIRST:
            at = len(chunk) - len(sym) if chunk.endswith(sym) else \
                0 if chunk.startswith(sym) else None
            if at is None:
                continue
            if sym.isupper() and sym.isalpha() and (
                    chunk[at + len(sym):at + len(sym) + 1].isupper()
                    or chunk[at - 1:at].isupper()):
                continue  # "RM" of "RMX": a word in capitals, not the ringgit
            if sym in _WORD_SYMBOLS and (chunk[at + len(sym):at + len(sym) + 1].isalpha()
                                         or chunk[at - 1:at].isalpha()):
                continue  # "Dhaka", "Kshilling": a word, not a mark
            return (_shared_currency(sym, code, expected, decimals),
                    sym not in _SHARED_SYMBOLS)
    formal = _FORMAL_YEN_BEFORE.search(text, max(0, start - 3), start)
    if formal is not None:  # "金12,345", "금 1,234,000": the formal amount, yen or won
        return _FORMAL_CURRENCY[formal["mark"]], True
    weak = _weak_mark(text, start, end)
    if weak is not None and (weak == expected or (decimals and weak not in _OCR_ONLY)):
        return weak, True  # "R1 000.00", "N2,350.00", "LE 2,350.00"
    return None, False


#: Marks of one letter or two that are also letters and words ("R" of a rand, "N" of a
#: naira written without its sign, "LE", the Egyptian pound, also French "le"): a mark
#: only right before the digits (glued or a space between; "LE" after them too), not
#: after a letter, and only where the template (or the field) expects that currency or
#: the amount is written with decimals ("R1 000.00", "N2,350.00"; "R2" of a room is none).
_WEAK_MARKS = {"R": "ZAR", "N": "NGN", "LE": "EGP", "f": "GBP"}
#: Marks that are OCR's reading of a symbol it has no letter for: a pound sign read as a
#: glued "f" ("f1,234.56" on a scanned UK letter). Read only where the template (or the
#: field) expects that currency, never from the amount's cents alone.
_OCR_MARKS = {"f": "GBP"}
_OCR_ONLY = frozenset(_OCR_MARKS.values())
_WEAK_BEFORE = re.compile(r"(?<![^\W\d_])(?<![./\-])(?P<mark>R|N|LE|(?<=^)f|(?<=\s)f)[ \t]?$")
_WEAK_AFTER = re.compile(r"[ \t]?(?P<mark>LE)(?![^\W\d_])")


def _weak_mark(text: str, start: int, end: int) -> str | None:
    """The currency of a mark of :data:`_WEAK_MARKS` written beside the amount at
    ``text[start:end]``, before it or ("LE") after it."""
    m = _WEAK_BEFORE.search(text, max(0, start - 3), start) or _WEAK_AFTER.match(text, end)
    return _WEAK_MARKS[m["mark"]] if m is not None else None


def _has_decimals(value: Decimal) -> bool:
    """Whether an amount is written with decimals ("8,236.00", "15,695.70")."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < 0


#: A currency symbol (every one of :data:`CURRENCY_SYMBOLS`, the longest first) or code.
_SYMBOL = "(?:" + "|".join(re.escape(sym) for sym, _ in _SYMBOLS_LONGEST_FIRST) + r"|[A-Z]{3})"
#: A minus before a currency symbol that stands before the digits: "-$1,234.56", "-€
#: 1.234,56", "-₩35,000", "-Rs. 1,250.00" (brackets: :func:`_in_brackets`); a
#: minus glued to a mark of two or three capitals the type does not know ("-QR 500.00",
#: "-RO 8.500"): a currency all the same, whose amount is negative (a dash set apart
#: before such letters, "Room - BB 45.00", is no sign); or a minus set apart by one space
#: at the start of the text ("- 1,234.56").
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s:]))(?:(?P<sign>[" + _MINUS + r"])\s?" + _SYMBOL
                          + r"|(?P<glued>" + _DASH + r")[A-Z]{2,3}\.?)\s?$"
                          r"|^(?P<lone>" + _DASH + r") $")


#: What stands after a credit or debit word: the end of the text, or spaces and no
#: letter ("50.00 DR SMITH" is a doctor, "500.00 Credit limit" a label).
_WORD_ENDS = r"(?=\s*$|\s+[^A-Za-z\s])"
#: A credit written after an amount ("120.00 CR", "120.00 Cr", "120.00 cr", "212.35cr",
#: "120.00 CREDIT", "120.00 Credit"), or after its currency ("1.234,56 € CR", "284.29 EUR
#: Cr"): negative, or positive under ``money(cr="positive")`` ("CR-Nr. 4711" after it is
#: no credit).
_CREDIT = re.compile(r"(?:\s?" + _SYMBOL + r")?\s?(?:(?:CR|Cr|cr)\b(?![-/]\w)\.?|"
                     r"(?:CREDIT|Credit)" + _WORD_ENDS + ")")
#: "2.50cr", "2.50 cr" in rupees: crore (ten million), no credit; such an amount is not
#: read ("Cr" and "CR" are credits, as Indian bank statements write them).
_CRORE = re.compile(r"[ \t]?cr\b")
#: The minus signs of Dutch and German bookkeeping, written apart from the amount, before
#: or after it: "-/- € 212,35", "212,35 -/-", "./. 212,35 €".
_MARK = r"(?:-/-|\./\.)"
#: Such a mark after an amount (and its currency): "212,35 -/-", "212,35 € -/-", or a
#: minus glued to the amount's currency ("212,35 €-", "212,35 EUR-"). A mark followed by
#: another amount is that amount's sign ("100,00 -/- 20,00": 100 less 20), and a minus
#: followed by one joins them ("212,35 €- 10,00 €"). A lone minus set apart after an
#: amount is no sign: a column of dashes for "none" beside it ("Total 142.80 -",
#: "212,35 € -") would negate every amount alike, and rules would still hold (a minus
#: glued to the digits, "12,00-", is read by ``number_spans``).
_SIGN_AFTER = re.compile(r"(?:\s?(?P<cur>" + _SYMBOL + r")(?P<minus>" + _DASH
                         + r")|(?:\s?" + _SYMBOL
                         + r")?\s?" + _MARK + r")"
                         + r"(?!\s*[" + _MINUS + r"(]?\s?(?:" + _SYMBOL + r")?\s?\d)(?=\s|$)")
#: Such a mark before an amount (and its currency): "-/- € 212,35", "./. 212,35 €", at the
#: start of the text or after a space or colon.
_MARK_BEFORE = re.compile(r"(?:^|(?<=[\s:]))" + _MARK + r"\s?(?:" + _SYMBOL + r"\s?)?$")
#: A Japanese minus (:data:`_TRIANGLES`) before an amount (and its currency): "△75,900",
#: "▲ ¥75,900".
_TRIANGLE_BEFORE = re.compile("[" + _TRIANGLES + r"][ \t]?(?:" + _SYMBOL + r"[ \t]?)?$")
#: Two dashes before an amount (and its currency): "Subtotaal -- 175,50", a Dutch "-/-"
#: whose thin slash a scan or fax lost. Perhaps a minus, perhaps a rule or filler: the
#: amount is read both ways, tied, so that a rule picks the sign (or review does).
_LOST_MARK_BEFORE = re.compile(r"(?:^|(?<=[\s:]))" + _DASH + r"{2}\s?(?:" + _SYMBOL
                               + r"\s?)?$")
#: A debit written after an amount ("132.46 DR", "132.46 Dr", "132.46 dr", "132.46DR",
#: "132.46 DEBIT"): negative, or positive under ``money(dr="positive")``; or an overdrawn
#: balance ("132.46 OD"): negative. (Nothing but figures or the end after it:
#: :data:`_WORD_ENDS`.)
_DEBIT = re.compile(r"(?:\s?" + _SYMBOL + r")?\s?(?:(?P<od>OD)|(?:DR|Dr|dr)\.?|DEBIT|Debit)"
                    + _WORD_ENDS)
#: A credit or debit written before an amount (and its currency), in capitals, as a word
#: of its own: "CR 1,234.56", "DR $240.00".
_CR_DR_BEFORE = re.compile(r"(?:^|(?<=[\s:]))(?P<word>CR|DR)\.?[ \t]?(?:" + _SYMBOL
                           + r"[ \t]?)?$")


#: The end of an amount (and its currency) before a word: "100.00 " of "100.00 DR".
_AMOUNT_BEFORE = re.compile(r"\d\)?[ \t]*(?:" + _SYMBOL + r"[ \t]*)?$")


def _credit_debit(value: Decimal, debit: bool, cr: str, dr: str) -> Decimal:
    """``value`` (positive) marked a debit (``debit``) or a credit: negative, unless the
    field's ``dr`` or ``cr`` option says "positive"."""
    return -value if (dr if debit else cr) == "negative" else value


def _suffix_sign(text: str, end: int, value: Decimal, cr: str, dr: str = "negative"
                 ) -> tuple[Decimal, int]:
    """The amount and where it ends, with a CR, DR, OD or minus (:data:`_SIGN_AFTER`)
    written after it applied."""
    if value <= 0:
        return value, end
    debit = _DEBIT.match(text, end)
    if debit is not None:
        if debit["od"]:  # overdrawn: negative whatever the field's dr says
            return -value, debit.end()
        return _credit_debit(value, True, cr, dr), debit.end()
    credit = _CREDIT.match(text, end)
    if credit is not None:
        return _credit_debit(value, False, cr, dr), credit.end()
    minus = _SIGN_AFTER.match(text, end)
    if minus is not None and minus["cur"] in _CLOSED_AFTER \
            and value == value.to_integral_value():
        return value, minus.end()  # "12,345円-", "1,000,000원-": the dash closes it
    if minus is not None and (minus["minus"] is None or minus["cur"] in CURRENCY_CODES
                              or minus["cur"] in CURRENCY_SYMBOLS):
        return -value, minus.end()  # ("12.50 VAT-": no currency, no sign)
    return value, end


def _prefix_sign(text: str, start: int, value: Decimal, cr: str, dr: str
                 ) -> tuple[int, Decimal]:
    """The amount's start and value with a CR or DR written before it
    (:data:`_CR_DR_BEFORE`) applied."""
    if value <= 0:
        return start, value
    m = _CR_DR_BEFORE.search(text, max(0, start - 10), start)
    if m is None or _AMOUNT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return start, value  # "100.00 DR 5,000.00": the DR is the amount before's
    return m.start(), _credit_debit(value, m["word"] == "DR", cr, dr)


def _sign_outside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a negative amount whose minus sits outside its digits, with a currency
    symbol between ("-$1,234.56", "-/- € 212,35", "- 1,234.56" at the start of the text);
    None when there is no such sign (brackets: :func:`_in_brackets`)."""
    mark = _MARK_BEFORE.search(text, max(0, start - 10), start) \
        or _TRIANGLE_BEFORE.search(text, max(0, start - 10), start)
    if mark is not None:  # "-/- € 212,35", "./. 212,35 €", "△75,900", "▲ ¥75,900"
        return mark.start(), end
    before = text[max(0, start - 8):start]
    m = _SIGN_BEFORE.search(before)
    spaced = re.fullmatch(_DASH + r"\s(?P<word>[A-Z]{3})\s?", before[m.start():]) \
        if m is not None and m.group("sign") else None
    if spaced is not None and spaced["word"] not in CURRENCY_CODES \
            and spaced["word"] not in CODE_ALIASES:
        m = None  # "Item - ABC 45.00": a dash set apart before a word, no currency
    if m is None:
        return None
    return start - (len(before) - m.start()), end


def _lone_bracket(text: str, start: int, end: int) -> int | None:
    """Where a bracket stands that a positive amount at ``text[start:end]`` has on one
    side only, the other one lost by a scan or a cut ("1,234.56)", "(1,234.56"): a
    closing one after it with no bracket open before it on its line, or an opening one
    before it with none closing it after it on its line. The amount may be negative:
    its span then runs from the bracket to the amount's end (or from its start to the
    bracket). None when there is no such bracket: in "(3 lines x $1.50)" the bracket
    after 1.50 closes the one before 3."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opens, closes = _bracket_marks()
    close = closes.match(text, end, line_end)
    if close is not None:
        depth = 0
        for ch in text[line_start:start]:
            depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
        return close.end() if depth == 0 else None
    opening = opens.search(text, max(line_start, start - 32), start)
    if opening is not None:
        depth = 1
        for ch in text[end:line_end]:
            depth += 1 if ch == "(" else -1 if ch == ")" else 0
            if depth == 0:
                return None
        return opening.start()
    return None


#: An amount per unit after its digits (and its currency): "$75.00/hr", "$42.10/cwt",
#: "12.00 EUR/kg", "45.00 / day", "60.00 per hour", "€ 12,00 pro Stück", "8,50 € je Std.",
#: "100 € par mois": a rate, no amount of the line it is written on. After a slash any
#: short word is a unit; after "per" (a word of other uses too: Italian "€ 500,00 per
#: consulenza", Dutch "per 31-12") only a unit of time, weight, length or count.
#: Units a rate is given per (time, distance, weight, volume, count), in the languages of
#: the locale tables: a closed list, so that a slash between two amounts or currencies
#: ("Net 100.00 / VAT 20.00", "CHF 100.00 / EUR 104.00") makes no rate.
_RATE_UNITS = (r"hours?|hrs?|h|min|minutes?|days?|nights?|weeks?|wk|months?|mo|years?|yr|"
               r"miles?|mi|km|m|m2|m²|m3|m³|sqm|sqft|ft|kg|kgs|kilo|g|lbs?|pounds?|oz|"
               r"tonn?e?s?|t|cwt|l|ltrs?|lit(?:er|re)s?|gal|units?|pieces?|pcs?|ea|each|"
               r"items?|pallets?|Stunde|Std|Tag|Nacht|Woche|Monat|Jahr|Stück|Stk|St|heure|"
               r"jour|nuit|semaine|mois|an|hora|d[ií]a|noche|semana|mes|año|uur|dag|nacht|"
               r"week|maand|jaar|stuk|ora|giorno|notte|settimana|mese|anno|pezzo")
_PER_UNIT = re.compile(
    r"[ \t]?(?:" + _SYMBOL + r"[ \t]?)?(?:/[ \t]?(?:" + _RATE_UNITS + r")\.?(?![^\W_])|[ \t]"
    r"(?:per|pro|je|par|por)[ \t]+(?:" + _RATE_UNITS + r")\b)", re.IGNORECASE)
#: A percentage's base before an amount (and its currency): "28.5% of 526.25", "10 % von
#: 1.200,00", "5 % de 300,00", "10% van € 250,00": no amount of its line either.
_BASE_BEFORE = re.compile("[" + _PERCENT + r"][ \t]?(?:of|on|von|vom|auf|van|over|de|du|des|"
                          r"sur|su|sul|di|del|af|av|på|z|ze|od)[ \t]+(?:" + _SYMBOL
                          + r"[ \t]?)?$")


#: A times sign between a count and a price: "x" or "X" as a word of its own or glued
#: after the count ("3 x", "2x"; not the end of a word, "Tax", "Box"), "×" or "*".
_TIMES = r"(?:[×*]|(?<![^\W\d_])[xX])"
#: A unit price before its digits (and its currency): after a count, a word of what is
#: counted if any, and a times sign ("3 lines x $1.50", "2 x $35.00", "4 Stk. x 12,50 €"),
#: or after "@" ("12 lines @ $0.25", "25 users @ $12.00", "@ 12.00"): the line's amount
#: is the product, written elsewhere on it.
_PRICE_BEFORE = re.compile(r"(?:@|\d(?:[ \t]+[^\W\d_]+\.?)?[ \t]*" + _TIMES + r")[ \t]*(?:"
                           + _SYMBOL + r"[ \t]*)?$")
#: A unit price followed (after its currency) by a times sign and a count: "$1.50 x 3".
_PRICE_AFTER = re.compile(r"[ \t]*(?:" + _SYMBOL + r"[ \t]*)?" + _TIMES + r"[ \t]*\d")


def _per_unit(text: str, start: int, end: int) -> bool:
    """Whether the amount at ``text[start:end]`` is a rate per unit (:data:`_PER_UNIT`),
    the base of a percentage (:data:`_BASE_BEFORE`) or a unit price multiplied on its
    line (:data:`_PRICE_BEFORE`, :data:`_PRICE_AFTER`)."""
    return _PER_UNIT.match(text, end) is not None or \
        _BASE_BEFORE.search(text, max(0, start - 16), start) is not None or \
        _PRICE_BEFORE.search(text, max(0, start - 40), start) is not None or \
        _PRICE_AFTER.match(text, end) is not None


#: Units of time a count is written with ("binnen 30 dagen", "14 Tage netto", "30 jours",
#: "60 días", "30 giorni", "14 dni", "2 weken", "3 Monate"), in the languages the locale
#: tables hold: a count of days is no amount.
_TIME_UNITS = re.compile(
    # (working days and the like: "14 Werktagen", "30 werkdagen", "30 business days")
    r"\s{1,2}(?:werk|arbeits|kalender|bank|(?:business|working|calendar|banking|bank)\s{1,2})?"
    r"(?:days?|dag(?:en|ar|e)?|tag(?:e|en)?|jours?|d[ií]as?|giorn[oi]|gg|dn[iíůa]|"
    r"dnia|dnu|dní|dnů|døgn|päivää|päivän|gün|hari|"
    r"weeks?|weken|woche(?:n)?|semaines?|semanas?|settiman[ae]|tygodni(?:e)?|veckor|"
    r"vecka|uger|uker|viikkoa|"
    r"months?|maand(?:en)?|monat(?:e|en)?|mois|mes(?:es)?|mes[ei]|miesi[ąę]c(?:e|y)?|"
    r"miesięcy|månad(?:er)?|måned(?:er)?|kuukautta|"
    r"years?|jaar|jaren|jahr(?:e|en)?|ans|années?|años?|anni|anno|lat|år|vuotta|"
    r"hours?|uur|stunden?|heures?|horas?|godzin[ay]?|timmar|timer)(?![^\W\d_])",
    re.IGNORECASE)
#: Names of currencies written as words after an amount ("850 euro"): no running text.
_CURRENCY_WORDS = frozenset({"euro", "euros", "eur", "dollar", "dollars", "pond", "pound",
                             "pounds", "frank", "franken", "francs", "franc", "kronen",
                             "kroner", "kronor", "kronur", "koruna", "korun", "zloty",
                             "złotych", "zł", "forint", "lei", "leva", "rupees", "yen",
                             "yuan", "ringgit", "rand", "real", "reais", "pesos", "peso"})
_WORD_BEFORE = re.compile(r"(?:^|\s)([^\W\d_]+)\.?\s$")
_WORD_AFTER = re.compile(r"\s([^\W\d_]{3,})(?![.\w])")


class _Dates:
    """Where the dates of a text are, looked for once, when a number asks: those the date
    type reads (:func:`~.dates.date_spans`: "15 januari 2027", "15-Jan-2027", "15.Januar
    2027", "15 de enero de 2027", "December 4, 2026"), and a day with a month name written
    in full and no year (:func:`~.dates.day_and_month_spans`: "15 mei", "15 May")."""

    def __init__(self, text: str, ctx: ParseContext) -> None:
        self.text, self.ctx = text, ctx
        #: per ``year``: the starts and ends of the dates, overlapping ones joined
        self._spans: dict[bool, tuple[list[int], list[int]]] = {}

    def holds(self, start: int, end: int, *, year: bool) -> bool:
        """Whether ``text[start:end]`` lies inside such a date, with a year (``year``) or
        without one."""
        import bisect

        if year not in self._spans:
            starts: list[int] = []
            ends: list[int] = []
            for s, e in sorted((date_spans if year else day_and_month_spans)(self.text,
                                                                             self.ctx)):
                if ends and s < ends[-1]:
                    ends[-1] = max(ends[-1], e)
                else:
                    starts.append(s)
                    ends.append(e)
            self._spans[year] = (starts, ends)
        starts, ends = self._spans[year]
        k = bisect.bisect_right(starts, start) - 1
        return k >= 0 and end <= ends[k]


def _in_phrase(text: str, start: int, end: int, dates: _Dates, code: str | None) -> bool:
    """The number at ``text[start:end]`` belongs to a phrase, not to an amount: a part of
    a date the date type reads (a currency beside it is the next amount's: "15 januari
    2027 € 120,00"); or, a whole number (in brackets or not: "thirty (30) days") with no
    currency beside it, the day of a day and month written without a year ("15 mei"), a
    count of a unit of time ("30 dagen", "(30) days"), or a number between two words of
    running text ("binnen 30 dagen", "nr. 1 van"; not before a currency's name, "850
    euro", nor an abbreviation, "850 incl. BTW")."""
    if dates.holds(start, end, year=True):
        return True
    raw = text[start:end]
    if raw.startswith("(") and raw.endswith(")"):
        raw = raw[1:-1]  # "(30) days": a count all the same, not a negative amount
    if not raw.isdigit() or code is not None:
        return False
    if dates.holds(start, end, year=False) or _TIME_UNITS.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 80), start)  # (a word, not the text)
    after = _WORD_AFTER.match(text, end)
    return (before is not None and after is not None and before.group(1).islower()
            and after.group(1).islower() and after.group(1) not in _CURRENCY_WORDS)


class MoneyType(DecimalType):
    name = "money"
    version = "0.1.0"
    summary = "Amounts of money as Decimal, with an optional currency symbol or code"
    value_kind = "money"
    Options = MoneyOptions
    #: no check covers an amount's digits, and one misread is a wrong amount: a printed
    #: amount no rule ties to another value is no surer than its weakest digit
    #: (``runtime.typed_digits``)
    digits_at_weakest = True

    def _expected_currency(self, ctx: ParseContext) -> str | None:
        return getattr(self.options, "currency", None) or ctx.currency

    def parse(self, raw: str, ctx: ParseContext) -> Decimal:
        """The amount; an :class:`Amount` that knows its currency when one is written."""
        text = ascii_forms(raw.strip())  # "４０，５００円": full-width digits and marks
        # "RM29.30", "S8.20", "KSh2,350.00": the amount alone, same places
        bare = _dash_kopecks(_unglue_currency(text, self._expected_currency(ctx)), ctx.locale)
        # one number: a space-grouped amount counts once, not with its parts
        found = [(s, e, v) for s, e, v, tied, part in _with_space_grouped(bare, ctx.locale)
                 if not tied and not part]
        hand = _by_hand(ctx)
        minor = _minor_after(text, found[0][1], found[0][2]) if found else None
        if minor is None and found:  # "487 35/100": the cents written as a fraction
            minor = _cents_over_100(text, found[0][1], found[0][2], hand)
        if minor is not None:  # "59 400 руб. 50 коп.": the kopecks are the amount's
            found = [f for f in found if f[0] < found[0][1] or f[1] > minor[1]]
        if len(found) != 1:
            raise ValueError(f"not an amount: {raw!r}")
        start, end, value = found[0]
        if bound_before(text, start):  # "< 10.00", ">1 000,00 €": a bound, no amount
            raise ValueError(_bound_why(text, self.name, ctx.locale, bare))
        code, named = _currency_read(text, start, end, self._expected_currency(ctx),
                                     _has_decimals(value) or minor is not None)
        if minor is not None:
            if minor[0] is None:  # "487 3/100": its cents are not dropped
                raise ValueError(_cents_why(text, start, minor[1]))
            value, end = minor
        if _hand_closes(bare, start, end, value, hand):  # a hand's "1250.00-": no minus
            value = -value
        elif _dash_closes(bare, start, end, value, code, self._expected_currency(ctx)):
            # a minus as likely as a hand's closing dash (find reads both ways, tied): a
            # scan's printed "1,250-" is no handwriting
            raise ValueError(_dash_why(bare[start:end]))
        if "INR" in (code, self._expected_currency(ctx)) and _CRORE.match(text, end):
            raise ValueError(f"not an amount: {raw!r} (cr: crore)")
        bracketed = _in_brackets(bare, start, end, value)
        signed = _sign_outside(bare, start, end) if value > 0 and not bracketed else None
        if bracketed is not None:  # "($1,234.56)", "(1.234,56 €)": the span holds them
            start, end, value = bracketed
        elif signed is not None:  # "-$1,234.56", "-/- € 212,35"
            value = -value
            start, end = signed  # the sign's span holds the currency symbol, if any
        else:  # "(-) 0.40", "(-) ₹0.40": negative; "(+) 0.22"
            start, value = _bracket_signed(bare, start, value)
        # "120.00 CR": a credit, negative (or a balance in credit); "132.46 DR": negative
        # (read in the text: a credit glued to the digits is blank in ``bare``)
        # (or "CR 1,234.56"; under money(dr="positive") a debit is positive)
        opts: MoneyOptions = self.options  # type: ignore[assignment]
        signed_end = _suffix_sign(text, end, value, opts.cr, opts.dr)
        if signed_end[1] == end:
            start, value = _prefix_sign(text, start, value, opts.cr, opts.dr)
        else:
            value, end = signed_end
        rest = (bare[:start] + bare[end:]).strip()
        if rest and code is None:
            raise ValueError(f"not an amount: {raw!r}")
        problem = self._minor_units_problem(value, code, ctx)
        if problem is not None:
            raise ValueError(problem)
        return self._with_currency(value, code, named)

    def _minor_units_problem(self, value: Decimal, code: str | None,
                             ctx: ParseContext) -> str | None:
        """Why ``value`` is no amount of its currency (the one written beside it, else the
        expected one): a fraction that is not zero in a currency without minor units
        ("¥18.400", "₩35.50": yen and won are whole; on a folio "18.400" is 18,400 with
        its comma misread). None when it is one, and always when the field sets
        ``decimals`` (a price per litre in yen, ``money(decimals=1)``: "¥165.5"). More
        decimals than a currency's minor units are no problem: a fuel price is written
        1.789 EUR a litre."""
        if getattr(self.options, "decimals", None) is not None:
            return None
        currency = code or self._expected_currency(ctx)
        if currency is None or minor_units().get(currency) != 0 \
                or value == value.to_integral_value():
            return None
        return (f"{value} {currency} is written with a fraction, but {currency} has no minor "
                f"unit (its amounts are whole: a point or comma misread?); "
                f"money(decimals=N) reads such values")

    def _with_currency(self, value: Decimal, code: str | None, named: bool = False
                       ) -> Decimal:
        value = self._quantize(value)
        return Amount(value, code, named) if code else value

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Amounts in ``text``, best first; one written in another currency than the
        expected one is kept (with its currency) but ranks lower."""
        if holds_fraction(text) and fraction_why(
                text, self.name, number_spans(text, ctx.locale), False):
            return []  # "2 1/3 EUR": the number refused, not the next one taken
        return self._find(text, ctx)

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """An amount after a comparison ("< 10.00", "> EUR 1,000.00": a bound, as
        :meth:`DecimalType.misfit` says it), or written with a fraction in a currency
        without minor units ("¥18.400" in a JPY template): no value of the type, and no
        blank either (an optional field would be left empty, the record accepted)."""
        text = ascii_forms(text)
        bound = _bound_why(text, self.name, ctx.locale,
                           _unglue_currency(text, self._expected_currency(ctx)))
        if bound is not None:  # "> EUR 1,000.00": a bound, as under decimal
            return bound
        fraction = holds_fraction(text) and fraction_why(
            text, self.name, number_spans(text, ctx.locale), False)
        if fraction:  # "2 1/3 EUR, fee 8.00 EUR": find read none, not the fee
            return fraction
        problems: list[str] = []
        found = self._find(text, ctx, problems)
        if problems:
            return problems[0]
        # "BHD4500,250" under en: a comma that groups no thousands (a decimal mark); "⅓"
        return None if found else fraction_why(text, self.name, number_spans(
            text, ctx.locale), False) or _mark_why(text, self.name, ctx.locale)

    def _find(self, text: str, ctx: ParseContext, problems: list[str] | None = None
              ) -> list[Found]:
        """:meth:`find`; ``problems`` receives why amounts of the text's shape are none
        (:meth:`_minor_units_problem`)."""
        text = ascii_forms(text)  # "４０，５００円": full-width digits, one character for one
        expected = self._expected_currency(ctx)
        out = []
        rates: set[int] = set()  # the ids of the amounts found per unit or as a base
        bare = _dash_kopecks(_unglue_currency(text, expected), ctx.locale)  # "1 234 567-89"
        # an amount grouped by spaces where the locale groups otherwise ("12 345,67" in
        # de_DE) and its part ("345,67"; "Pos 1 250,00" on a row, OCR noise before a
        # total) are equally likely: rivals, which rules decide, or review does
        # score, currency and whether it is named (:func:`_currency_read`) of a tie's rival
        head: tuple[float, str | None, bool] = (1.0, None, False)
        misread = confused_decimal_spans(bare)
        confused = {(s, e) for s, e, _ in misread}
        dates = _Dates(text, ctx)
        kopecks = (0, 0)  # where the kopecks written after the last amount are
        glued = False  # whether the last amount's currency is glued before its digits
        hand = _by_hand(ctx)  # handwriting (True), print (False) or not known (None)
        marked = misread_marks(text)  # "89 612;45": no amount there, nor its parts
        for start, end, value, tied, part in _without_bounds(  # "< 10.00": a bound, no value
                text, _with_space_grouped(bare, ctx.locale, confused=misread, foreign=True)):
            at = (start, end)
            if any(start < b and end > a for a, b in marked):
                continue
            if kopecks[0] <= start and end <= kopecks[1]:
                continue  # "50" of "59 400 руб. 50 коп.": the amount's kopecks
            if tied and glued:  # "R2 350.00", "$1 000.00": the mark glued to the first
                tied, part = False, True  # group says where the amount starts
            if _percent_after(text, end) or (start and text[start - 1] in _PERCENT):
                continue  # "19 %", "%20" (Turkish): a rate, no amount
            # a tied part ("456,78" of "USD 123 456,78") is another reading of its rival's
            # characters: the same currency and score, so that it stays level with it
            code, named = (head[1], head[2]) if tied else _currency_read(
                text, start, end, expected, _has_decimals(value))
            if not tied and _in_phrase(text, start, end, dates, code):
                continue  # "binnen 30 dagen", "vóór 15 januari 2027": no amount
            if not tied and not part:  # a mark glued before: blanked in ``bare``, or a sign
                glued = code is not None and start > 0 and (
                    bare[start - 1] != text[start - 1]
                    or (text[start - 1] in _SYMBOL_ENDS and not text[start - 1].isspace()))
            if "INR" in (code, expected) and _CRORE.match(text, end):
                continue  # "₹2.50cr": crore, not a credit
            # the digits' own decimals ("(1.234,56 €)" has two, though its sign's span
            # ends with a bracket)
            # (in ``bare``: "1 234 567-89" has its dash as a decimal mark there)
            frac = re.search(r"[.,](\d+)\)?-?$", bare[start:end])
            cents = bool(frac) and len(frac.group(1)) == 2  # type: ignore[union-attr]
            minor = _minor_after(text, end, value) if not part else None
            if minor is None and not part:  # "487 35/100": the cents as a fraction
                minor = _cents_over_100(text, end, value, hand)
            whole = None  # the whole amount alone, as likely as with its cents
            if minor is not None:  # "59 400 руб. 50 коп.": 59400.50
                kopecks = (end, minor[1])
                if minor[0] is None:  # "487 3/100": no amount without its cents
                    if problems is not None:
                        problems.append(_cents_why(text, start, minor[1]))
                    continue
                if _plain_cents(text, end, hand):  # printed "100 25/100": a ratio too?
                    whole = (end, value)
                value, end, cents = minor[0], minor[1], True
            hands = not part and _hand_closes(bare, start, end, value, hand)
            closed = hands or (not part and _dash_closes(bare, start, end, value, code,
                                                         expected))
            if closed:  # "3600-": the dash after a whole amount, no minus (or a rival one)
                value = -value
            # "($1,234.56)", "(1.234,56 €)", "( 3 )": negative, as under int and decimal;
            # "Five Hundred Dollars (500.00)": 500.00 (:func:`_in_brackets`)
            bracketed = _in_brackets(text, start, end, value) if not part else None
            if bracketed is not None:
                start, end, value = bracketed
            elif value > 0:
                signed = _sign_outside(text, start, end)
                if signed is not None:  # "-$1,234.56", "-/- € 212,35"
                    start, end, value = signed[0], signed[1], -value
            if not part and bracketed is None:  # "(-) 0.40", "(-) ₹0.40"; "(+) 0.22"
                start, value = _bracket_signed(text, start, value)
            # "120.00 CR", "132.46 DR", as British and Australian statements write them
            # (or before it: "CR 1,234.56"; money(dr="positive"): a debit note's "240.00
            # DR" is owed, positive)
            opts: MoneyOptions = self.options  # type: ignore[assignment]
            signed_end = _suffix_sign(text, end, value, opts.cr, opts.dr)
            if signed_end[1] == end:
                start, value = _prefix_sign(text, start, value, opts.cr, opts.dr)
            else:
                value, end = signed_end
            # "$75.00/hr", "12.00 EUR/kg", "60.00 per hour", "28.5% of 526.25", "3 lines x
            # $1.50": a rate, a percentage's base or a unit price, no amount of its line
            # (:func:`_per_unit`)
            rate = not part and _per_unit(text, start, end)
            score = 1.0 if cents else 0.7
            if code:
                score = min(1.0, score + 0.1)
            if expected and code and code != expected:
                score *= 0.5
            if at in confused:  # "4.592.42": below an amount read as written
                score *= 0.6
            if tied:
                score = head[0]
            elif part:  # "1" of "1 234,56 $": below the amount it belongs to
                score = min(score, head[0] * 0.8)
            if not part:
                head = (score, code, named)
            problem = self._minor_units_problem(value, code, ctx)
            if problem is not None and problems is not None:
                problems.append(problem)
            if self._fits(value) and problem is None:
                out.append(Found(start, end, self._with_currency(value, code, named), score,
                                 tied=tied))
                lost = None
                if closed and not hands:  # "1,250-": printed, it may be a minus too, on
                    lost = (start, end)  # a scan as well (:func:`_dash_closes`)
                elif value > 0 and not tied and not part:
                    dashes = _LOST_MARK_BEFORE.search(text, max(0, start - 10), start)
                    bracket = _lone_bracket(text, start, end) \
                        if dashes is None and (frac or code) else None
                    if dashes is not None:  # "-- 175,50": "-/-" without its slash, or not
                        lost = (dashes.start(), end)
                    elif bracket is not None:  # "1,234.56)", "(1,234.56": a bracket lost
                        lost = (min(start, bracket), max(end, bracket))
                if lost is not None:
                    out.append(Found(lost[0], lost[1], self._with_currency(-value, code, named),
                                     score, tied=True))
                if whole is not None:  # "100 25/100" in print: 100.00 as likely
                    out.append(Found(start, whole[0], self._with_currency(
                        whole[1], code, named), score, tied=True))
                if rate:
                    rates.update(id(f) for f in out[-1 - (lost is not None)
                                                    - (whole is not None):])
        if rates:  # refused where another amount, read as surely, is on the line
            plain = [f.score for f in out if id(f) not in rates and not f.tied]
            out = [f for f in out if id(f) not in rates or not any(p >= f.score
                                                                   for p in plain)]
        if marked and not out and problems is not None:
            problems.append(_mark_misread_why(text, marked[0], ctx.locale))
        out.sort(key=lambda f: -f.score)  # stable: a tied reading stays after its rival
        return out


class PercentOptions(_DecimalsOptions):  # no unit: a percentage's unit is its sign
    #: Whether the % sign must be written ("required", the default) or may be left out
    #: ("optional": a "% Complete" column whose cells print "50" on one layout and "46.0%"
    #: on another). A number without its sign is found only when it stands alone in the
    #: text (a cell, a value right of its label): "50 kg" or "Line 50" is no percentage.
    sign: Literal["required", "optional"] = "required"


class PercentType(DecimalType):
    name = "percent"
    version = "0.1.0"
    summary = ("Percentages as Decimal percent points: '19 %' gives 19; "
               "percent(sign=\"optional\") reads a bare '19' too")
    value_kind = "number"
    Options = PercentOptions

    def parse(self, raw: str, ctx: ParseContext) -> Decimal:
        text = ascii_forms(raw.strip())
        if text.endswith(tuple(_PERCENT)):
            text = text[:-1].strip()
        elif text.startswith(tuple(_PERCENT)):  # "%20", "% 5": the Turkish way
            text = text[1:].strip()
        return self._quantize(parse_number(text, ctx.locale))

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        """Numbers followed by a % sign, or written after one ("%20", "% 5", as Turkish
        writes them; not after the sign of the number before, "20% 5"); under
        ``sign="optional"`` also a number that is the whole text (spaces aside) without
        one."""
        text = ascii_forms(text)  # "１０％": full-width digits and sign
        out = []
        spans = number_spans(text, ctx.locale)
        closing = {m.end() - 1 for _, end, _ in spans
                   if (m := _PERCENT_AFTER.match(text, end)) is not None}
        for start, end, value in spans:
            if bound_before(text, start):  # "<0.3 %": a bound, no value
                continue
            m = _PERCENT_AFTER.match(text, end)
            before = _percent_before(text, start, closing) if m is None else None
            if m and self._fits(value):
                out.append(Found(start, m.end(), self._quantize(value), 1.0))
            elif before is not None and self._fits(value):
                out.append(Found(before, end, self._quantize(value), 1.0))
            elif m is None and self.options.sign == "optional" \
                    and not text[:start].strip() and not text[end:].strip() \
                    and self._fits(value):  # type: ignore[attr-defined]
                out.append(Found(start, end, self._quantize(value), 1.0))
        return out

    def constraint(self) -> Constraint:
        return Constraint(alphabet="0123456789,.% ")
