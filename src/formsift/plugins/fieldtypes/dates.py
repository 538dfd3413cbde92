"""The date field type: explicit formats first, then numeric and month-name dates in the
template's locale (month names of every language :mod:`formsift.core.locale` embeds are
always understood, in a format's %b and %B too; months in Roman numerals too). Dates of
the Gregorian calendar: a date marked as Hijri ("1447/09/25 هـ") is none; a year of the
Republic of China (民國) or of the Buddhist Era (พ.ศ.) is read as the Gregorian year it is
where the date or the locale says it counts so, and is no year elsewhere."""

from __future__ import annotations

import calendar
import contextlib
import functools
import itertools
import re
import unicodedata
from datetime import date, datetime
from typing import Any, Literal

from pydantic import field_validator, model_validator

from formsift.core.components import Options
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.core.locale import MONTHS, WEEKDAYS, Locale, month_key, month_table
from formsift.handwriting.metrics import edit_distance
from formsift.plugins.fieldtypes.comb import comb_text
from formsift.plugins.fieldtypes.text import DIGIT_FOR_LOOKALIKE, may_be_misread
from formsift.util.number_text import DASHES

#: A month name: a word of 3 to 12 letters (Polish "października": 12), or one of the
#: embedded names that is not one (Arabic "كانون الثاني", "آب": two words, two letters;
#: Thai "ธันวาคม", "ธ.ค.": vowel signs and dots), first.
_MONTH_NAME = "(?:" + "|".join(
    r"\s+".join(map(re.escape, name.split()))
    for name in sorted({month_key(n) for forms in MONTHS.values() for names in forms
                        for n in names if not re.fullmatch(r"[^\W\d_]{3,12}", n)},
                       key=len, reverse=True)
) + r"|[^\W\d_]{3,12})"
_MONTH_WORD = _MONTH_NAME + r"\.?"
#: Dashes written between a date's numbers in place of the hyphen ("2026‑12‑04"): the
#: soft hyphen (which PDF fonts map their hyphen glyph to), the hyphen, non-breaking
#: hyphen, figure dash and en dash. Dates are read as if each were a hyphen (one
#: character for one: positions stay valid).
_DASHES = str.maketrans(dict.fromkeys(DASHES, "-"))  # every dash a date may be printed with
_YEAR = r"(?P<y>\d{4}|\d{2})"
#: What a date's year may carry after it, as Cyrillic-script documents print a date: the
#: word "year" abbreviated or written out ("2026 г.", "2026г.", "2026 года", Ukrainian
#: "2026 р.", "року", Kazakh "2026 ж.", Serbian "2026. године"), or the dot that ends a
#: Serbian (and Croatian, Hungarian) date ("5. децембар 2026.", "05.12.2026."). Part of
#: the date, so that a field's whole value reads as one.
_YEAR_MARK = (r"(?:\.?\s?(?i:г|год|года|году|године|р|рік|року|ж|жыл|жылы)\.?|\.)"
              r"(?![^\W\d_]|\.?\d)")
#: The day of a date in quotes, as Russian and Ukrainian documents print it ("«05»
#: декабря 2026 г."): the opening quote, the day, the closing one; or the closing »
#: alone, where a template's regex captured the date without the opening one.
_QUOTED_DAY = r"(?:(?P<q>[«\"„“])\s?)?(?<!\d)(?P<d>\d{1,2})(?(q)\s?[»\"”“]|»?)"
_GENERAL = [
    # ISO first: it is unambiguous in every locale. Year first with dots, as Korean
    # writes a date, before: a space after each dot and a dot at the end ("2026. 12. 5.",
    # "2026.12.5."; the spaces after both dots or neither), the end's dot the date's
    ("iso", re.compile(r"(?<![\d.])(?P<y>\d{4})\.(?P<sp>[ \u00a0]?)(?P<m>\d{1,2})\.(?P=sp)"
                       r"(?P<d>\d{1,2})(?:\.(?![\d.]))?(?![\d.])")),
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)")),
    # a Japanese era year ("令和8年12月4日", "令和元年", short "R8.12.4", "H31/4/25"): the
    # era's first year is known, so it is a Gregorian date (2026-12-04, 2019-04-25)
    ("era", re.compile(r"(?P<era>令和|平成|昭和|大正|明治)\s*(?P<y>\d{1,2}|元)\s*年\s*"
                       r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")),
    ("era", re.compile(r"(?<![^\W\d_])(?P<era>[RHST])\s?(?P<y>\d{1,2})(?P<s>[./])"
                       r"(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d./])")),
    # a date of the Republic of China (民國, year 1 is 1912), its era written, as Taiwan
    # prints dates: "中華民國115年12月05日", "民國 99年 1月 5日", "民國115/12/05" (2026-12-05)
    ("era", re.compile(r"(?P<era>中華民國|中华民国|民國|民国)\s*(?P<y>\d{1,3}|元)\s*年\s*"
                       r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)(?:\s*日)?")),
    ("era", re.compile(r"(?P<era>中華民國|中华民国|民國|民国)\s*(?P<y>\d{1,3})(?P<s>[./-])"
                       r"(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d|[./-]\d)")),
    # year, month and day marked as such, as Chinese and Japanese ("2026年12月04日") and
    # Korean ("2026년 12월 4일") documents write a date: unambiguous too
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*"
                       r"(?P<d>\d{1,2})\s*[日号號일]")),
    # the month and day marked, the year after a comma, as Korean software localized from
    # English's "December 5, 2026" prints a date ("12월 5일, 2026"); no year marked after it
    ("iso", re.compile(r"(?<![\d년])(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일\s*,\s*"
                       r"(?P<y>\d{4})(?!\d|\s*년)")),
    # the day, month and year named in Vietnamese: "Ngày 05 tháng 12 năm 2026", "5 tháng
    # 12, 2026", and without the marks, as OCR and keyboards without them write them
    # ("Ngay 05 thang 12 nam 2026")
    ("iso", re.compile(r"(?:ng[àa]\u0300?y\s*)?(?<!\d)(?P<d>\d{1,2})\s*th[áa]\u0301?ng\s*"
                       r"(?P<m>\d{1,2})\s*(?:,\s*|n[ăa]\u0306?m\s*)(?P<y>\d{4})(?!\d)",
                       re.IGNORECASE)),
    # a stray space beside a slash, as OCR leaves it ("21 /02/18"), is allowed
    # (a space after each dot too, before a four-digit year: "4. 12. 2026", as Czech and
    # Slovak documents print a date)
    ("numeric", re.compile(r"(?<!\d)(?P<a>\d{1,2})(?: (?=/))?(?P<s>[./-])"
                           r"(?:(?<=/) |(?<=\.)(?P<sp>[ \u00a0]))?"
                           r"(?P<b>\d{1,2})(?: (?=/))?(?P=s)(?:(?<=/) )?"
                           r"(?(sp)[ \u00a0](?=\d{4}(?!\d)))"
                           r"(?P<y>\d{4}|\d{2})(?!\d)(?:" + _YEAR_MARK + r")?")),
    # ("1 de marzo de 2026", "del 2026" in Latin America; a dash joins the parts only
    # without spaces, "3-Mar-24": "1 jan - 31 mrt 2026" is a range, not 1 January 2031)
    # (spaced dashes too, before a four-digit year: "15 - Mar - 2026")
    # (legal English: "5th of March 2026", "the 12th day of March, 2026")
    # (the day in quotes and a year's mark after it: "«05» декабря 2026 г.")
    ("day_month", re.compile(_QUOTED_DAY + r"(?:st|nd|rd|th|er|º|°|\.)?"
                             r"(?:[\s./]*|-|\s*-\s*(?=" + _MONTH_WORD + r"\s*-?\s*\d{4}(?!\d)))"
                             r"(?:(?:de|(?<=[a-z\s])(?:day\s+)?of)\s+)?"
                             r"(?P<mon>" + _MONTH_WORD + r")"
                             r"(?:[\s./,]*|-|\s*-\s*(?=\d{4}(?!\d)))(?:del?\s+)?"
                             r"(?:(?P<be>พ\.\s?ศ\.?|B\.\s?E\.)\s*|ค\.\s?ศ\.?\s*)?"
                             + _YEAR + r"(?!\d)(?:" + _YEAR_MARK + r")?", re.IGNORECASE)),
    # the year first, marked, as Kazakh writes a date: "2026 ж. 5 желтоқсан", "2026 жылғы 5
    # желтоқсан" (the year's mark says it is one)
    ("day_month", re.compile(r"(?<![\d.])(?P<y>\d{4})\s?(?:ж\.|жылғы)\s*(?P<d>\d{1,2})\s+"
                             r"(?P<mon>" + _MONTH_WORD + r")(?![^\W\d_])", re.IGNORECASE)),
    # the month in Roman numerals, as Polish, Italian and Hungarian documents write it
    # ("04.III.2026", "4/XII/2025"; "15. II. 2026", a dot and a space, as Czech writes
    # it): capitals, joined by dots, slashes or dashes, and a year of this century or the
    # last ("12 V 2000 mAh", "6 X 1500 ML" are no dates)
    ("roman", re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<s>[./-]|\.[ \u00a0])"
                         r"(?P<r>XII|XI|IX|X|VIII|VII|VI|IV|"
                         r"V|III|II|I)(?P=s)(?P<y>(?:19|20)\d{2})(?!\d)")),
    ("month_day", re.compile(r"(?P<mon>" + _MONTH_WORD + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
                             r"(?:\s*,\s*|\s+)(?P<y>\d{4})(?!\d)", re.IGNORECASE)),
    # a right-to-left date with a Hebrew or Arabic month name ("4 בדצמבר 2026", "14 مارس
    # 2026") as a PDF's text layer gives its words, left to right as they stand on the
    # page: "2026 בדצמבר 4"
    ("rtl", re.compile(r"(?<![\d.,/])(?P<y>\d{4})\s+(?P<mon>[\u05d0-\u05ea\u0620-\u064a"
                       r"\u0671-\u06d3]{2,12})\s+(?P<d>\d{1,2})(?![\d.,/:])")),
    # last, where nothing above was found: a two-digit year after a spaced dash, OCR's
    # spaces around the dashes of "15-Mar-24" ("15 - Mar - 24", "15 -Mar-24", "15 Mar -
    # 24"). Not "1 jan - 31" of "1 jan - 31 mrt 2026" (whose end is found first, and a
    # range's "31" is no year), nor of "1 jan - 31 mrt" (a word after a date whose day and
    # month a space joins), "1-Jan - 31-Mar-26" (a date's separator after the year)
    ("day_month", re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?"
                             r"(?:\s*(?P<dash>-)\s*|[\s./]*)(?P<mon>" + _MONTH_WORD + r")"
                             r"\s*-\s*(?P<y>\d{2})(?![\d./-]|,\d)"
                             r"(?(dash)|(?!\s*[^\W\d_]))", re.IGNORECASE)),
]
#: Dates whose year has two or three digits, of a calendar whose year 1 is not the
#: Gregorian one, read under a locale that counts years so (:attr:`Locale.year_base`:
#: zh_TW, 民國 years): year, month and day marked ("115年12月5日", "99年1月5日"), or year
#: first with three digits ("115/12/05", "115.12.05"). Elsewhere they are no dates.
_SHORT_YEAR = [
    ("based", re.compile(r"(?<!\d)(?P<y>\d{2,3})\s*年\s*(?P<m>\d{1,2})\s*月\s*"
                         r"(?P<d>\d{1,2})\s*日")),
    ("based", re.compile(r"(?<![\d./-])(?P<y>\d{3})(?P<s>[./-])(?P<m>\d{1,2})(?P=s)"
                         r"(?P<d>\d{1,2})(?!\d|[./-]\d)")),
]
#: Years of the Buddhist Era (พ.ศ., Thailand's: 2569 is 2026) a document may print: no
#: Gregorian year of an invoice. Read as such where the date says so (พ.ศ. or B.E. before
#: its year, a Thai month name) or under locale "th"; elsewhere they are no years.
_BE_YEARS = range(2400, 2701)
_BE_BASE = -543
#: What marks a date's year as one of the Buddhist Era, before the date ("พ.ศ. 2569-12-05").
_BE_BEFORE = re.compile(r"(?:พ\.\s?ศ\.?|B\.\s?E\.)\s*\Z")
_BE_WHY = ("a year of the Buddhist Era (พ.ศ., as Thai documents print years: 2569 is 2026), "
           "no Gregorian year: read it with locale \"th\" (a date with พ.ศ. or B.E. before "
           "its year, or a Thai month name, is read so in every locale)")


class _BuddhistYear(ValueError):
    """A year of the Buddhist Era where the date does not say it counts years so."""

    def __init__(self, year: int) -> None:
        super().__init__(f"the year {year} looks like {_BE_WHY}")


def _gregorian_year(text: str, buddhist: bool, short: bool | None = None) -> int:
    """The Gregorian year of ``text``, a date's year: :func:`_year`, or where ``buddhist``
    (the date or its locale counts years of the Buddhist Era) one of :data:`_BE_YEARS`
    (2569 is 2026), and where ``short`` (``buddhist`` unless said) two digits of one ("69"
    is 2569, 2026). A year of the Buddhist Era elsewhere is a :class:`_BuddhistYear`."""
    if (buddhist if short is None else short) and len(text) == 2:
        return 2500 + int(text) + _BE_BASE
    y = _year(text)
    if y in _BE_YEARS:
        if not buddhist:
            raise _BuddhistYear(y)
        return y + _BE_BASE
    return y


def _buddhist(m: re.Match[str], text: str, year_base: int) -> bool:
    """Whether the date ``m`` of ``text`` counts years of the Buddhist Era: under a locale
    that does (th), with พ.ศ. or B.E. before its year or before it, or a Thai month name."""
    groups = m.groupdict()
    return (year_base == _BE_BASE or bool(groups.get("be"))
            or bool(re.search(r"[\u0e01-\u0e4e]", groups.get("mon") or ""))
            or bool(_BE_BEFORE.search(text[max(0, m.start() - 8):m.start()])))


_ROC_WHY = ("a date of the Republic of China's calendar (民國 years: 115 is 2026)? The date "
            "type reads one only with its era written (民國115年12月5日) or under locale "
            "\"zh_TW\"")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _ordinal_words() -> dict[str, int]:
    """Days written as ordinal words, as contracts write them: English ("first",
    "twenty-first", "thirty first") and German ("ersten", "einundzwanzigsten",
    "dreißigster")."""
    en_units = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth"]
    en = dict(zip(en_units, range(1, 10), strict=True))
    en.update({w: n for n, w in enumerate(
        ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
         "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"], start=10)})
    en["thirtieth"] = 30
    for tens, base in (("twenty", 20), ("thirty", 30)):
        for k, unit in enumerate(en_units[: 9 if base == 20 else 1], start=1):
            for join in ("-", " "):
                en[f"{tens}{join}{unit}"] = base + k
    de_units = ["erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht",
                "neunt"]
    de_stems = dict(zip(de_units, range(1, 10), strict=True))
    de_stems.update({"zehnt": 10, "elft": 11, "zwölft": 12, "dreizehnt": 13,
                     "vierzehnt": 14, "fünfzehnt": 15, "sechzehnt": 16, "siebzehnt": 17,
                     "achtzehnt": 18, "neunzehnt": 19, "zwanzigst": 20, "dreißigst": 30})
    for k, unit in enumerate(["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben",
                              "acht", "neun"], start=1):
        de_stems[f"{unit}undzwanzigst"] = 20 + k
    de_stems["einunddreißigst"] = 31
    de = {stem + end: n for stem, n in de_stems.items() for end in ("en", "er", "e", "es")}
    return {**en, **de}


_ORDINALS = _ordinal_words()
#: A day written as an ordinal word: "the first day of March 2026", "am ersten März 2026".
_ORDINAL_DATE = re.compile(
    r"(?<![^\W\d_])(?P<w>" + "|".join(sorted(map(re.escape, _ORDINALS), key=len, reverse=True))
    + r")\s+(?:(?:day\s+)?of\s+)?(?P<mon>" + _MONTH_WORD + r")\s*,?\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s+\d{1,2}:\d{2}(?!\d)")
#: A word and what follows it up to the next one: where the general parser looks again for
#: a date after a match that is none.
_NEXT_WORD = re.compile(r"[^\W_]*[\W_]*")
#: A word of letters and digits (at least one of each): perhaps a month name in which OCR
#: read a letter as the digit that looks like it ("Ju1", "0ct", "5ep").
_MIXED_WORD = re.compile(r"(?<![^\W_])(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]{3,10}(?![^\W_])")
#: The letters each digit is mistaken for.
_DIGIT_LETTERS = {"0": "o", "1": "li", "5": "s", "8": "b"}
#: A month name repaired from such digits counts for a little less.
_REPAIRED = 0.9
#: A token of digits and of the letters OCR reads for them (:data:`DIGIT_FOR_LOOKALIKE`: O,
#: I, l, |, S, B, Z...), set apart from other letters and digits: where a date's day, month
#: or year may stand read as letters ("I. Januar 2027", "2O.11.2026").
_LOOKALIKE_TOKEN = re.compile(r"(?<![\w|])[0-9" + re.escape("".join(DIGIT_FOR_LOOKALIKE))
                              + r"]{1,4}(?![\w|])")
#: A word that may be a month name misread by one letter ("Mlai", "Rugust", "fanuary").
_MONTHLIKE_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,12}(?![^\W\d_])")
#: A date read with a letter taken for its digit or a month name one letter off scores
#: this much less (:meth:`DateType._doubted_readings`).
_DOUBTED_SCORE = 0.9
#: A comb field's date (one digit per cell, :mod:`.comb`) scores a little less than one
#: read as written.
_COMB_SCORE = 0.9


def _repair_months(text: str, months: dict[str, int]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each mixed letter-and-digit word that is a month name once its digits
    are read as the letters they resemble ("01 Ju1 2020" -> "01 Jul 2020"), and the spans
    repaired. Lengths are kept, so positions stay valid."""
    spans: list[tuple[int, int]] = []
    for m in _MIXED_WORD.finditer(text):
        word = m.group().casefold()
        options = [_DIGIT_LETTERS.get(c, c) for c in word]
        if any(c.isdigit() and c not in _DIGIT_LETTERS for c in word):
            continue
        for letters in itertools.product(*options):
            name = "".join(letters)
            if name in months:
                text = text[:m.start()] + name + text[m.end():]
                spans.append((m.start(), m.end()))
                break
    return text, spans


def _weekday_names() -> list[str]:
    """The weekday names read before a date ("Tuesday, March 5, 2024", "Dienstag, 5. März
    2024" is the date it names), of core.locale.WEEKDAYS, longest first: the names of
    English, German, French, Dutch, Spanish, Italian, Portuguese, Polish, Indonesian and
    Malay, and the abbreviations of German, French, Dutch and English (not English's
    two-letter ones: "we", "th" are a sentence's or an ordinal's). As these were read
    before the two came from one table: with "terca-feira", without "piatek", "sroda"
    and Italian's "sabato" (a clean-up changes no date read)."""
    words: set[str] = {"terca-feira"}
    for lang in ("en", "de", "fr", "nl", "es", "it", "pt", "pl", "id", "ms"):
        for names, short in WEEKDAYS[lang]:
            words.update(names)
            words.update(s for s in short
                         if lang in ("de", "fr", "nl") or (lang == "en" and len(s) > 2))
    return sorted(words - {"piatek", "sroda", "sabato"}, key=lambda n: (-len(n), n))


_WEEKDAYS = "|".join(re.escape(n) for n in _weekday_names())
_WEEKDAY_BEFORE = re.compile(r"(?:" + _WEEKDAYS + r")\.?,?\s+(?:(?:the|den|le|el)\s+)?",
                             re.IGNORECASE)
#: A time of day after a date ("05.03.2024 14:35", "2024-03-05T10:22:00Z", "December 05,
#: 2024 at 3:15 PM", "2024-12-05 10:00 UTC"): a value captured with it is still its date.
_TIME_TAIL = re.compile(
    r"(?:T|,?\s+(?:at\s+|um\s+|à\s+|a\s+las\s+|alle\s+|om\s+)?)"
    r"\d{1,2}[:h.]\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{3,4}))?\s*(?:Uhr|h)?\Z")
#: A date written without separators, year first ("20240305"): read only when a whole
#: value is this (a template's capture), never searched for in running text.
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])")


def _date_parts(text: str) -> list[str]:
    """What may be the date of ``text``: without a time after it, and also without a
    weekday name before it (first); "Mar 5, 2024" keeps its "Mar", which is also French
    for Tuesday."""
    tail = _TIME_TAIL.search(text)
    if tail is not None and tail.start() > 0:
        text = text[:tail.start()].rstrip(" ,")
    gregorian = re.search(r"\d\s*م\Z", text)  # "2026/03/14م": ميلادي, Gregorian
    if gregorian is not None:
        text = text[:gregorian.start() + 1]
    m = _WEEKDAY_BEFORE.match(text)
    return [text[m.end():], text] if m is not None and m.end() < len(text) else [text]


_STRPTIME = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%y": r"\d{2}",
             "%b": _MONTH_WORD, "%B": _MONTH_WORD, "%a": _MONTH_WORD, "%A": _MONTH_WORD,
             "%H": r"\d{1,2}", "%I": r"\d{1,2}", "%p": r"[AaPp]\.?[Mm]\.?", "%M": r"\d{2}",
             "%S": r"\d{2}", "%f": r"\d{1,6}", "%j": r"\d{1,3}", "%z": r"[+-]\d{2}:?\d{2}|Z",
             "%%": "%"}


class DateOptions(Options):
    """``format`` or ``formats``: strptime formats tried before the general parser."""

    format: str | None = None
    formats: list[str] = []
    #: Only the explicit formats, no general parsing.
    strict: bool = False
    #: The day a date read by a format without one gets (``"%m/%Y"``, ``"%b %Y"``,
    #: ``"EXP %Y-%m"``): ``"first"`` (the 1st of the month, the default) or ``"last"``
    #: (the month's last day: an expiry ``03/2027`` is good until 2027-03-31). A format
    #: with a year alone gives 1 January or 31 December. Formats with a day are not
    #: affected.
    day: Literal["first", "last"] = "first"

    @field_validator("formats", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("format")
    @classmethod
    def _valid_format(cls, v: str | None) -> str | None:
        if v is not None:
            _check_format(v)
        return v

    @field_validator("formats")
    @classmethod
    def _valid_formats(cls, v: list[str]) -> list[str]:
        for fmt in v:
            _check_format(fmt)
        return v

    @model_validator(mode="after")
    def _day_needs_a_format_without_one(self) -> DateOptions:
        formats = ([self.format] if self.format else []) + list(self.formats)
        if self.day == "last" and all(_has_day(f) for f in formats):
            # a date printed with its day keeps it: day="last" would change nothing
            raise ValueError('day="last" is the day of a date read by a format without '
                             'one; give such a format, for example date(format="%m/%Y", '
                             'day="last")' + (f" ({', '.join(map(repr, formats))} "
                                              + ("has" if len(formats) == 1 else "each have")
                                              + " a day)" if formats else ""))
        return self


def _directives(fmt: str) -> list[str]:
    return re.findall(r"%[^%]|%%", fmt)


def _formats_order(formats: list[str]) -> str | None:
    """The order the formats ``formats`` write a numeric day and month in, when they
    agree: ``"DMY"`` for ``%d/%m/%Y`` (and ``%d.%m.%Y`` beside it), ``"MDY"`` for
    ``%m/%d/%Y``; None when none writes both, or they differ. A format with the year
    first (``%Y-%m-%d``) says nothing of a date with its year last."""
    orders = set()
    for fmt in formats:
        parts = _directives(fmt)
        if "%d" in parts and "%m" in parts and parts[0] not in ("%Y", "%y"):
            orders.add("DMY" if parts.index("%d") < parts.index("%m") else "MDY")
    return orders.pop() if len(orders) == 1 else None


def _has_day(fmt: str) -> bool:
    return any(d in ("%d", "%j") for d in _directives(fmt))


def _on_day(value: date, fmt: str, day: str) -> date:
    """``value``, read by ``fmt``, on the day ``day`` says when ``fmt`` has no day: strptime
    gives the 1st (and January without a month); "last" gives the month's last day (31
    December without a month)."""
    if day != "last" or _has_day(fmt):
        return value
    if not any(d in ("%m", "%b", "%B") for d in _directives(fmt)):
        return date(value.year, 12, 31)
    return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])


def _check_format(fmt: str) -> None:
    """Raise ValueError for a format with a directive dates are not read with."""
    if not fmt.strip():
        raise ValueError("a date format cannot be empty")
    for m in re.finditer(r"%(.?)", fmt):
        if m.group() not in _STRPTIME:
            shown = m.group() if m.group(1) else "a lone '%'"
            raise ValueError(f"{shown!s} is not a date format directive; use "
                             + " ".join(k for k in _STRPTIME if k != "%%") + " or %%")
    directives = re.findall(r"%[^%]|%%", fmt)
    if not any(d in ("%d", "%m", "%b", "%B", "%y", "%Y", "%j") for d in directives):
        # "dd.MM.yyyy" (as other languages write formats) matched no date and fell back to
        # the general parser silently
        raise ValueError(f"{fmt!r} has no day, month or year directive; formats are "
                         f"strptime's (%d day, %m month, %Y year): {_as_strptime(fmt)}")
    if not any(d in ("%y", "%Y") for d in directives):
        # "%d.%m." read every date of a bank statement as 1900, accepted
        raise ValueError(f"{fmt!r} has no year (%Y or %y): strptime would give every date "
                         f"the year 1900. A date printed without a year (\"03.04.\") is read "
                         f"only as the start of a range (\"01.01. - 31.03.2026\"); read "
                         f"others as text")


#: Date pattern letters of other tools (Java, .NET, Excel), longest first, as strptime's.
_FOREIGN = [("yyyy", "%Y"), ("YYYY", "%Y"), ("MMMM", "%B"), ("MMM", "%b"), ("yy", "%y"),
            ("YY", "%y"), ("MM", "%m"), ("dd", "%d"), ("DD", "%d")]


def _as_strptime(fmt: str) -> str:
    """How to write ``fmt``, a format in another tool's pattern letters, for strptime."""
    out, i = [], 0
    while i < len(fmt):
        hit = next(((k, v) for k, v in _FOREIGN if fmt.startswith(k, i)), None)
        out.append(hit[1] if hit else fmt[i])
        i += len(hit[0]) if hit else 1
    written = "".join(out)
    return f"write '{written}'" if written != fmt else "for example '%d.%m.%Y'"


def _year(text: str) -> int:
    """A year; a two-digit one in the window from 79 years ago to 20 years ahead ("69" is
    1969, not 2069; "35" on a passport's expiry is 2035). A four-digit one starting with 0
    is none (:func:`_checked_year`)."""
    if len(text) == 4 and text.startswith("0"):
        raise ValueError(f"the year {text} starts with 0")
    y = int(text)
    if len(text) == 2:
        y += 2000 if 2000 + y <= date.today().year + 20 else 1900
    return y


def _checked_year(value: date) -> date:
    """``value``, unless its year has fewer than four digits: strptime's ``%Y`` and an ISO
    date take "0994", which no one writes for a year; it is a misread ("1994" whose 1 was
    read as 0 beside a comb field's cell wall) and must not become the year 994."""
    if value.year < 1000:
        raise ValueError(f"the year {value.year:04d} starts with 0")
    return value


@functools.lru_cache(maxsize=128)
def _format_regex(fmt: str) -> re.Pattern[str]:
    """What ``fmt`` reads, as a regex; the month name of its k-th ``%b`` or ``%B`` is the
    group ``monbk`` or ``monBk`` and the dot after it (an abbreviation's) ``dotk``."""
    out = []
    i = 0
    while i < len(fmt):
        token = fmt[i:i + 2]
        if token in ("%b", "%B"):
            k = sum(d in ("%b", "%B") for d in _directives(fmt[:i]))
            out.append(f"(?P<mon{token[1]}{k}>{_MONTH_NAME})(?P<dot{k}>\\.?)")
            i += 2
        elif token in _STRPTIME:
            out.append("(?:" + _STRPTIME[token] + ")")
            i += 2
        else:
            out.append(r"\s+" if fmt[i] == " " else re.escape(fmt[i]))
            i += 1
    return re.compile(r"(?<![\w])" + "".join(out) + r"(?![\w])", re.IGNORECASE)


def _named_months(text: str, fmt: str, months: dict[str, int]) -> str:
    """``text`` with each month name that a ``%b`` or ``%B`` of ``fmt`` reads, in any
    language of ``months`` ("März", "prosince", "Okt."), written as strptime reads it
    there ("March", "Oct"): a format's month names are the template's, not English
    alone. Unchanged where ``fmt`` has no month name or does not read ``text``."""
    if not any(d in ("%b", "%B") for d in _directives(fmt)):
        return text
    m = _format_regex(fmt).fullmatch(text)
    if m is None:
        return text
    spans = []
    for group, word in m.groupdict().items():
        if not group.startswith("mon") or word is None:
            continue
        number = months.get(month_key(word))
        if number is not None:
            names = calendar.month_name if group[3] == "B" else calendar.month_abbr
            spans.append((m.start(group), m.end(f"dot{group[4:]}"), names[number]))
    for start, end, name in sorted(spans, reverse=True):
        text = text[:start] + name + text[end:]
    return text


_NUMBER_BEFORE = re.compile(r"(?<![\w.,/-])(\d{1,2})(\W)\Z")


def _part_of_a_date(text: str, m: re.Match[str], fmt: str) -> bool:
    """Whether the match ``m`` of the explicit format ``fmt`` is a part of a longer date:
    one more number of one or two digits glued to it by a separator the format itself
    writes between its numbers ("%Y-%m" in "2028-03-01", "%m.%Y" in "15.03.2027"), the
    day the format does not read. A date after a dash of a range ("01.03.2027-31.03.2027")
    or a year ("2028-03-01-2028-04-01") is no such part."""
    seps = {c for c in re.sub(r"%.", " ", fmt) if not c.isspace() and not c.isalnum()}
    end, start = m.end(), m.start()
    after = re.match(r"(.)(\d{1,2})(?!\d)", text[end:end + 4])
    if after and after[1] in seps and not re.match(r"[^\s\w]\d", text[end + len(after[0]):]):
        return True
    before = _NUMBER_BEFORE.search(text, max(0, start - 3), start)
    return bool(before and before[2] in seps)


class DateType(FieldType):
    name = "date"
    version = "0.1.0"
    summary = ("Dates: explicit formats, numeric dates in locale order, month names in 26 "
               "languages (in formats too), Roman-numeral months")
    value_kind = "date"
    Options = DateOptions
    #: no check covers a date's digits, and one misread is a wrong date: a printed
    #: date is no surer than its weakest digit (``runtime.typed_digits``)
    digits_at_weakest = True

    @property
    def _formats(self) -> list[str]:
        opts: DateOptions = self.options  # type: ignore[assignment]
        return ([opts.format] if opts.format else []) + list(opts.formats)

    def _read(self, text: str, fmt: str, months: dict[str, int], year_base: int = 0) -> date:
        """``text`` read by the explicit format ``fmt`` (ValueError when it does not), its
        month names in the languages of ``months``; a year of the Buddhist Era as its
        Gregorian year under a locale whose ``year_base`` counts so, or where ``text`` says
        so (พ.ศ., a Thai month name), else a ValueError that says what it is."""
        value = _checked_year(datetime.strptime(_named_months(text, fmt, months), fmt).date())
        if value.year in _BE_YEARS:
            if year_base != _BE_BASE and not re.search(r"[\u0e01-\u0e4e]|B\.\s?E\.", text):
                raise _BuddhistYear(value.year)
            value = value.replace(year=value.year + _BE_BASE)
        return _on_day(value, fmt, getattr(self.options, "day", "first"))

    def parse(self, raw: str, ctx: ParseContext) -> date:
        text = " ".join(raw.split()).translate(_DASHES)
        months = ctx.locale.months
        for fmt in self._formats:
            try:
                datetime.strptime(_named_months(text, fmt, months), fmt)
            except ValueError:
                continue
            try:  # (a year "0994" is no other format's either)
                return self._read(text, fmt, months, ctx.locale.year_base)
            except ValueError as exc:
                raise ValueError(f"not a date: {raw!r} ({exc})") from None
        comb = self._comb(text, ctx)
        if comb is not None:
            return comb
        if getattr(self.options, "strict", False):
            raise ValueError(f"{raw!r} does not match {', '.join(self._formats)}")
        cores = _date_parts(text)
        for core in cores:
            for found in self._general(core, ctx):
                if found.start == 0 and found.end == len(core):
                    return found.value
            compact = _COMPACT.fullmatch(core)
            if compact is not None:
                with contextlib.suppress(ValueError):
                    return date(int(compact["y"]), int(compact["m"]), int(compact["d"]))
        if (other := self._other_order(cores[0], ctx)) is not None:
            raise ValueError(f"not a date of this field: {other}")
        raise ValueError(f"not a date: {raw!r}{_why_not(cores[0], ctx)}")

    def _other_order(self, text: str, ctx: ParseContext) -> str | None:
        """Why ``text`` holds a numeric date the field does not read: one that reads only
        in the other order than its formats write day and month (``07/23/1988`` under
        ``%d/%m/%Y`` is 23 July 1988 only month first); None when it holds none."""
        stated = _formats_order(self._formats)
        if stated is None:
            return None
        for m in dict(_GENERAL)["numeric"].finditer(text):
            with contextlib.suppress(ValueError, KeyError):
                value, _ = _build("numeric", m, ctx.locale.months, stated,
                                  ctx.locale.year_base)
                if _read_otherwise(m, value, stated):
                    first, other = ("day", "month") if stated == "DMY" else ("month", "day")
                    return (f"{m.group()!r} reads only {other} first ({value:%d %B %Y}), "
                            f"but the field's format ({', '.join(self._formats)}) writes the "
                            f"{first} first: not read so; the writer may write dates "
                            f"{other} first, the others too")
        return None

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        return self._find(text, ctx)

    def _find(self, text: str, ctx: ParseContext, doubted: bool = True) -> list[Found]:
        """:meth:`find`; ``doubted``: also a date a misreading hides, where none is read
        as written (:meth:`_doubted_readings`)."""
        out: list[Found] = []
        taken: list[tuple[int, int]] = []
        text = _join_split_months(text.translate(_DASHES), ctx.locale.months)
        read: list[Found] = []
        for fmt in self._formats:
            for m in _format_regex(fmt).finditer(text):
                if _hijri(text, m.start(), m.end()) or _part_of_a_date(text, m, fmt):
                    continue
                try:
                    value = self._read(" ".join(m.group().split()), fmt, ctx.locale.months,
                                       ctx.locale.year_base)
                except ValueError:
                    continue
                read.append(Found(m.start(), m.end(), value, 1.0))
        # a format reads a whole date, never a part of a longer one another format reads
        # ("%Y-%m" in "2028-03-01" beside "%Y-%m-%d"): the longest match wins, whatever
        # the order of the formats
        for f in sorted(read, key=lambda f: (f.start - f.end, f.start)):
            if not any(s < f.end and f.start < e for s, e in taken):
                out.append(f)
                taken.append((f.start, f.end))
        if not getattr(self.options, "strict", False):
            for f in self._general(text, ctx):
                if not any(s < f.end and f.start < e for s, e in taken):
                    out.append(Found(f.start, f.end, f.value, f.score * 0.95))
                    taken.append((f.start, f.end))
        for f in _range_starts(text, out, ctx):
            if not any(s < f.end and f.start < e for s, e in taken):
                out.append(f)
                taken.append((f.start, f.end))
        if not out and (comb := comb_text(text)) is not None:
            value = self._comb(text, ctx)
            if value is not None:
                out.append(Found(comb[0], comb[1], value, _COMB_SCORE))
        if doubted and not out and may_be_misread(ctx) \
                and not getattr(self.options, "strict", False):
            out = [f for f, _ in self._doubted_readings(text, ctx)]
        out.sort(key=lambda f: f.start)
        return out

    def _doubted_readings(self, text: str, ctx: ParseContext) -> list[tuple[Found, str]]:
        """The dates of ``text`` (which holds none as read) that a recognizer's misreading
        of one part hides, each with what was put right: a day, month or year read as the
        letters that look like its digits ("I. Januar 2027": 1 January 2027; O, I, l, |,
        S, B, Z: :data:`DIGIT_FOR_LOOKALIKE`), the other parts read as they are (two digits
        at least); or a month name read one letter off a month name of the template's
        language or English, and of no other month ("Mlai", "Rugust", "fanuary"). Each is
        a reading to check, never one to accept unseen (:func:`_misreading` names it)."""
        out: list[tuple[Found, str]] = []
        if sum(c.isdigit() for c in text) < 2:
            return out  # (no part of a date read as digits)
        for m in _LOOKALIKE_TOKEN.finditer(text):
            token = m.group()
            if token.isdigit():
                continue
            digits = "".join(DIGIT_FOR_LOOKALIKE.get(c, c) for c in token)
            fixed = text[:m.start()] + digits + text[m.end():]
            for f in self._general(fixed, ctx):
                rest = text[f.start:m.start()] + text[m.end():f.end]
                if f.start <= m.start() and m.end() <= f.end \
                        and sum(c.isdigit() for c in rest) >= 2 \
                        and not self._roman_month(text, m, f, ctx):
                    out.append((Found(f.start, f.end, f.value, f.score * _DOUBTED_SCORE),
                                f"{token!r} read as {digits}"))
        for m in _MONTHLIKE_WORD.finditer(text):
            number = _near_month(m.group(), ctx.locale)
            if number is None:
                continue
            months = {**ctx.locale.months, month_key(m.group()): number}
            out += [(Found(f.start, f.end, f.value, f.score * _DOUBTED_SCORE),
                     f"{m.group()!r} read as {calendar.month_name[number]}")
                    for f in self._general(text, ctx, months)
                    if f.start <= m.start() and m.end() <= f.end]
        return out

    def _roman_month(self, text: str, m: re.Match[str], found: Found,
                     ctx: ParseContext) -> bool:
        """Whether the look-alike token ``m`` of ``text``, read as digits in ``found``, is
        a month written in Roman numerals (I, II, III: "15 II 2026" is 15 February, not 15
        November): all capital I and in the month's place (another number there gives
        another month)."""
        if set(m.group()) != {"I"}:
            return False
        other = "2" if len(m.group()) == 1 else "12"
        moved = self._general(text[:m.start()] + other + text[m.end():], ctx)
        return any(g.start == found.start and g.value.month != found.value.month
                   for g in moved)

    def doubted(self, raw: str, value: Any, ctx: ParseContext) -> str | None:
        """The misreading put right to read ``value`` from ``raw`` (a letter taken for the
        digit it looks like, "'I' read as 1"; a month name one letter off, "'Mlai' read as
        May": :meth:`_doubted_readings`), None when ``raw`` reads as ``value`` as written.
        Such a value is no surer than a character the recognizer doubts, for review
        (:func:`formsift.templates.runtime.misreading`)."""
        text = " ".join(raw.split()).translate(_DASHES)
        with contextlib.suppress(ValueError):
            if self.parse(text, ctx) == value:
                return None
        return next((how for f, how in self._doubted_readings(text, ctx) if f.value == value),
                    None)

    def _comb(self, text: str, ctx: ParseContext) -> date | None:
        """The date of a comb field (:mod:`.comb`), one digit per cell: the whole text is
        six or eight single digits ("1 7 1 2 1 9 9 4"), read by a format without
        separators first ("%d%m%Y"), else as day, month and year in the locale's order
        with the year last (year first in YMD locales); None when it is no such date."""
        comb = comb_text(text)
        if comb is None or not comb[2].isdigit():
            return None
        digits = comb[2]
        for fmt in self._formats:
            if re.search(r"[^%\w]|%[^dmyY]", fmt.replace("%%", "")):
                continue  # a format with separators is read from the text as written
            with contextlib.suppress(ValueError):
                value = datetime.strptime(digits, fmt).date()
                if value.strftime(fmt) == digits:  # each number in its cells, padded
                    return self._read(digits, fmt, ctx.locale.months, ctx.locale.year_base)
        if getattr(self.options, "strict", False) or len(digits) not in (6, 8):
            return None
        year_digits = len(digits) - 4
        order = ctx.locale.date_order
        if order == "YMD":
            y, a, b = digits[:year_digits], digits[year_digits:-2], digits[-2:]
            month, day = int(a), int(b)
        else:
            a, b, y = digits[:2], digits[2:4], digits[4:]
            day, month = (int(b), int(a)) if order == "MDY" else (int(a), int(b))
        try:
            return date(_gregorian_year(y, ctx.locale.year_base == _BE_BASE), month, day)
        except ValueError:
            return None

    def _general(self, text: str, ctx: ParseContext,
                 months: dict[str, int] | None = None) -> list[Found]:
        """The dates of ``text`` the general parser reads (without the formats): numeric
        ones in the order the field's formats write them (:func:`_formats_order`), else
        in the locale's. A numeric date that reads only the other way (``07/23/1988``
        under ``%d/%m/%Y``) is none: the field says how its dates are written, and a
        date written otherwise is no value of it (:meth:`misfit` names it). ``months``:
        the month names read (the locale's by default)."""
        months = ctx.locale.months if months is None else months
        stated = _formats_order(self._formats)
        order = stated or ctx.locale.date_order
        out: list[Found] = []
        taken: list[tuple[int, int]] = []
        text, repaired = _repair_months(text, months)
        year_base = ctx.locale.year_base
        formats = self._formats
        four_digit_years = bool(formats) and all("%Y" in f and "%y" not in f for f in formats)
        for kind, rx in [*_GENERAL, *(_SHORT_YEAR if year_base > 0 else []),
                         ("ordinal", _ORDINAL_DATE)]:
            pos = 0
            while (m := rx.search(text, pos)) is not None:
                pos = m.end()
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                if _hijri(text, m.start(), m.end()):
                    taken.append((m.start(), m.end()))  # no part of it is a date either
                    continue
                if four_digit_years and kind in ("numeric", "day_month") \
                        and len(m.groupdict().get("y") or "____") == 2:
                    # "19/04/19" under date(format="%d/%m/%Y"): the template writes its
                    # years in full; a year cut to two digits is a date of another form, or
                    # a year an OCR split off ("19/04/19" + "65" of a birth date 19/04/1965)
                    continue
                try:
                    value, score = _build(kind, m, months, order, year_base,
                                          _buddhist(m, text, year_base))
                except (ValueError, KeyError):
                    # no date ("1 van 29" of "KB nr. 1 van 29 december 1992": "van" is no
                    # month): one may start at its next word
                    pos = max(m.start() + 1, _NEXT_WORD.match(text, m.start()).end())
                    continue
                before = text[m.start() - 1] if m.start() else " "
                if before.isalnum() or (text[m.end():m.end() + 1].isalpha()
                                        and not _GREGORIAN_AFTER.match(text, m.end())):
                    score *= 0.5  # inside a code such as "HD03-04-06"
                elif _TIME_AFTER.match(text, m.end()):
                    score = min(1.0, score + 0.05)  # a date and a time: a timestamp
                if any(s < m.end() and m.start() < e for s, e in repaired):
                    score *= _REPAIRED
                if stated and kind == "numeric" and _read_otherwise(m, value, stated):
                    taken.append((m.start(), m.end()))  # (no part of it is a date either)
                    continue
                out.append(Found(m.start(), m.end(), value, score))
                taken.append((m.start(), m.end()))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        """A Hijri date where a date was expected ("Invoice Date: 1447/09/25 هـ"): a date
        of another calendar, which must not pass for a Gregorian one (nor go unnoticed)."""
        text = " ".join(text.split()).translate(_DASHES)
        for _, rx in _GENERAL:
            for m in rx.finditer(text):
                if _hijri(text, m.start(), m.end()):
                    return f"{m.group()!r} is {_HIJRI_WHY}"
        roc = _roc_date(text, ctx)
        if roc is not None:
            return f"{roc!r} looks like {_ROC_WHY}"
        be = _buddhist_date(text, ctx)
        if be is not None:
            return f"{be!r}: {_BE_WHY}"
        if (other := self._other_order(text, ctx)) is not None:
            return other
        doubted = self._doubted_readings(text, ctx) if ctx.recognized else []
        if doubted:
            return f"{text!r} is no date as read ({_misreading(*doubted[0])})"
        unknown = _unknown_month(text, ctx)
        if unknown is not None and not self._general(text, ctx):
            return (f"{unknown.group()!r}: {unknown['mon']!r} is no month name the date "
                    f"type reads ({_MONTHS_READ}; a word one letter off a month name of the "
                    f"template's language or English is taken for a misreading of it)")
        if self._general(text, ctx):
            return None
        stated = _formats_order(self._formats)
        no_such = no_such_date(text, ctx, stated or ctx.locale.date_order)
        if no_such is not None:  # "31.02.2026": no other date may stand in for it
            return no_such
        # a date printed in a form read only by a format ("03/2019", "22 07 2021")
        text = text.strip()
        if self._formats and (m := _YYMMDD.fullmatch(text)) and m["d"] != "00":
            return None  # six digits the field's own format does not read: no other to name
        why = _why_not(text, ctx) if _format_only(text, ctx) else ""
        return f"{text!r} is no date{why}" if why else None

    def to_json(self, value: Any) -> Any:
        return value.isoformat()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}

    def constraint(self) -> Constraint:
        return Constraint(alphabet="0123456789./- " + "abcdefghijklmnopqrstuvwxyzäéèûüô"
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ", pattern=DATE_SHAPE)


#: The shapes of a printed date, for decoding constrained by a pattern: numeric
#: ("2024-01-31", "31.01.24"), day month-name year ("31 August 2024", "1. März 2024",
#: "31-Aug-2024") and month-name day year ("August 31, 2024"). A numeric date has one
#: separator twice and numbers a day and a month can be: a beam search takes the most
#: probable reading of the shape, and "14.0/2027" (a handwritten 14.01.2027), which is
#: no date, kept the date's right reading from being found.
_DAY_OR_MONTH = r"(?:0?[1-9]|[12]\d|3[01])"
DATE_SHAPE = (r"(?:\d{2}|\d{4})(?P<ymd>[./-])(?:0?[1-9]|1[0-2])(?P=ymd)" + _DAY_OR_MONTH
              + r"|" + _DAY_OR_MONTH + r"(?P<dmy>[./-])" + _DAY_OR_MONTH
              + r"(?P=dmy)(?:\d{2}|\d{4})"
              r"|\d{1,2}\.?[\s-]?[^\W\d_]{3,}\.?,?[\s-]?\d{2,4}"
              r"|[^\W\d_]{3,}\.?\s?\d{1,2}(?:st|nd|rd|th)?,?\s?\d{2,4}")


#: The words and dashes that join the two dates of a range: "01.01. - 31.03.2026", "1 jan
#: t/m 31 mrt 2026", "1. Januar bis 31. März 2026", "du 1er janvier au 31 mars 2026",
#: "del 1 de enero al 31 de marzo de 2026", "January 1 to March 31, 2026", "с 1 января по
#: 31 марта 2026 г.".
_RANGE_JOIN = (r"(?:\s*[-–—‐‑]\s*|\s+(?:to|till|til|until|through|thru|t/m|t\.m\.|"
               r"tot(?:\s+en\s+met)?|bis(?:\s+zum)?|au|jusqu'au|al|a|à|ao|até|hasta|do|"
               r"fino\s+al|по|до)\s+)$")
#: A date without its year at the start of a range (what :data:`_RANGE_JOIN` follows).
_YEARLESS = {
    "numeric": re.compile(r"(?<![\w.,/:])(?P<date>(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})"
                          r"(?P=s)?)" + _RANGE_JOIN),
    "day_month": re.compile(r"(?<![\w.,/:])(?P<date>(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?"
                            r"(?:[\s./]*|-)(?:de\s+)?(?P<mon>" + _MONTH_WORD + r"))" + _RANGE_JOIN,
                            re.IGNORECASE),
    "month_day": re.compile(r"(?<![\w])(?P<date>(?P<mon>" + _MONTH_WORD + r")\s+(?P<d>\d{1,2})"
                            r"(?:st|nd|rd|th)?)" + _RANGE_JOIN, re.IGNORECASE),
}
#: A numeric date with its year, as the end of a range: its separator and first numbers.
_NUMERIC_END = re.compile(r"(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})(?P=s)\d{2,4}"
                          r"(?:" + _YEAR_MARK + r")?")
#: How far before a range's end its start and joining word may begin.
_RANGE_REACH = 40


def _range_starts(text: str, ends: list[Found], ctx: ParseContext) -> list[Found]:
    """The first date of each range whose first date is printed without a year ("01.01. -
    31.03.2026", "1 jan t/m 31 mrt 2026"): it takes the year of the range's end, or the
    year before when it would otherwise come after the end ("15.12. - 14.01.2027"). The
    first date is written like the second (:func:`_written_alike`). A date without a year
    anywhere else is no date (which year it has cannot be known)."""
    months = ctx.locale.months
    text, _ = _repair_months(text, months)
    out = []
    for f in ends:
        if not isinstance(f.value, date):
            continue
        end_text = text[f.start:f.end]
        numeric = _NUMERIC_END.fullmatch(end_text)
        if numeric is not None:
            kind = "numeric"
        elif re.search(r"[^\W\d_]{3}", end_text):  # "31 März 2026" or "March 31, 2026"
            kind = "day_month" if end_text[:1].isdigit() else "month_day"
        else:
            continue
        # (searched in place: what comes before the window still counts)
        m = _YEARLESS[kind].search(text, max(0, f.start - _RANGE_REACH), f.start)
        if m is None or not _written_alike(m, numeric, end_text):
            continue
        if numeric is not None:
            # the order the end was read in (the locale's when its numbers are equal)
            a, b = int(numeric["a"]), int(numeric["b"])
            day_first = f.value.day == a if a != b else ctx.locale.date_order != "MDY"
            x, y = int(m["a"]), int(m["b"])
            day, month = (x, y) if day_first else (y, x)
        elif month_key(m["mon"]) in months:
            day, month = int(m["d"]), months[month_key(m["mon"])]
        else:
            continue
        value = _borrowed_year(day, month, f.value)
        if value is not None:
            out.append(Found(m.start("date"), m.end("date"), value, f.score))
    return out


#: The languages each month name is written in ("mar": en, es, it, pt).
_MONTH_LANGUAGES: dict[str, set[str]] = {}
for _lang, _names in MONTHS.items():
    for _forms in _names:
        for _name in _forms:
            _MONTH_LANGUAGES.setdefault(month_key(_name), set()).add(_lang)


def _written_alike(m: re.Match[str], numeric: re.Match[str] | None, end_text: str) -> bool:
    """Whether a yearless range start is written like the range's end: with its
    separator, and with dots after both numbers ("01.01. - 31.03.2026"; "Kasse 1.2 -
    14.03.2026", "Qty 12.3 to 14.03.2026" are no dates), both numbers with two digits
    where the end pads a number with a zero ("01/01 until 03/31/2026"; not "Page 1/2 -
    14/03/2026", "Tisch 4.1. - 14.03.2026"); or with a month name of the end's language
    ("1 jan t/m 31 mrt 2026"; not "1 set - 31 March 2026")."""
    if numeric is not None:
        if m["s"] != numeric["s"] or (m["s"] == "." and not m["date"].endswith(".")):
            return False
        padded = any(len(n) == 2 and n.startswith("0") for n in (numeric["a"], numeric["b"]))
        return not padded or (len(m["a"]) == 2 and len(m["b"]) == 2)
    end_month = re.search(_MONTH_WORD, end_text)
    start_langs = _MONTH_LANGUAGES.get(month_key(m["mon"]), set())
    end_langs = _MONTH_LANGUAGES.get(month_key(end_month.group()), set()) \
        if end_month is not None else set()
    return bool(start_langs & end_langs)


def _borrowed_year(day: int, month: int, end: date) -> date | None:
    """The day and month in the latest year, of the end's and the one before, where they
    make a date not after ``end``; None when neither does."""
    for year in (end.year, end.year - 1):
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= end:
            return value
    return None


#: What marks a date as one of the Hijri (Islamic lunar) calendar, after it: "هـ" (or "ه",
#: "هجري", "هجرية"), "AH" or "A.H.", or an "H" written against it ("1447/09/25H").
_HIJRI_AFTER = re.compile(r"\s*\)?\s*(?:ـ?هـ|ه(?![^\W\d_])|هجري[^\W\d_]*|A\.?\s?H\.?(?![^\W\d_]))"
                          r"|H(?![^\W\d_])")
#: ... or before it: "AH 1447/09/25", and the Arabic marks where a right-to-left line's
#: text puts them, before the date and perhaps reversed ("ـه٣٠/٠٩/١٤٤٧" of a PDF).
_HIJRI_BEFORE = re.compile(r"(?<![^\W\d_])(?:A\.?\s?H\.?|ـ?هـ|ـ?ه)\s*\(?\s*\Z")
#: What marks a date as Gregorian, written against it in Arabic: "2026/03/14م" (ميلادي).
_GREGORIAN_AFTER = re.compile(r"\s*م(?![^\W\d_])")
_HIJRI_WHY = ("a Hijri date (of the Islamic calendar, marked هـ or AH): the date type reads "
              "Gregorian dates only; read the Gregorian date printed beside it")


#: Two words between a day and a year, or before a year ("3 Deze mber 2026", "4 De mber
#: 2026"): OCR splits a month name where its letters stand apart on a scan.
_SPLIT_WORDS = re.compile(r"(?<=\d[ .])(?P<a>[^\W\d_]{2,}) (?P<b>[^\W\d_]{1,})(?=\.? \d)")


def _join_split_months(text: str, months: dict[str, int]) -> str:
    """``text`` with each month name OCR split in two between a day and a year written
    whole ("3 Deze mber 2026" is "3 Dezember  2026", "5 Mar ch 2026" "5 March  2026": the
    space moves after it, so that offsets into the text stay as they were). Only where
    the two together are a month name and the second part is none."""
    def join(m: re.Match[str]) -> str:
        a, b = m["a"], m["b"]
        if month_key(a + b) in months and month_key(b) not in months:
            return a + b + " "
        return m.group()

    return _SPLIT_WORDS.sub(join, text) if " " in text else text


def _hijri(text: str, start: int, end: int) -> bool:
    """Whether the date ``text[start:end]`` is marked as a Hijri date."""
    return bool(_HIJRI_AFTER.match(text, end)
                or _HIJRI_BEFORE.search(text[max(0, start - 8):start]))


def _why_not(text: str, ctx: ParseContext) -> str:
    """Why text shaped like a date is none ("31/02/2023": the day is out of range; "MAR
    2027": a month and a year, read only by a format; "1447/09/25 هـ": a Hijri date;
    "115/12/05": a year of the Republic of China, read under zh_TW)."""
    for _, rx in _GENERAL:
        hijri = next((m for m in rx.finditer(text) if _hijri(text, m.start(), m.end())), None)
        if hijri is not None:
            return f" ({_HIJRI_WHY})"
    if _roc_date(text, ctx) is not None:
        return f" (it looks like {_ROC_WHY})"
    doubted = _PLAIN._doubted_readings(text, ctx) if ctx.recognized else []
    if doubted:
        return f" ({_misreading(*doubted[0])})"
    for kind, rx in _GENERAL:
        m = rx.fullmatch(text)
        if m is None:
            continue
        try:
            _build(kind, m, ctx.locale.months, ctx.locale.date_order, ctx.locale.year_base,
                   _buddhist(m, text, ctx.locale.year_base))
        except KeyError:
            return f" ({m['mon']!r} is no month name the date type reads: {_MONTHS_READ})"
        except ValueError as exc:
            why = _no_such_day(kind, m, ctx.locale.months, ctx.locale.date_order)
            return f" ({why or exc})"
    # (a whole date first: "7 February 0994" is a date with a wrong year, not a month
    # and a year after a 7)
    month_year = _month_year_format(text, ctx)
    if month_year is not None:
        if not month_year:
            return (" (a month and a year without a day: the date type reads these only by "
                    "a format, such as date(format=\"%m/%Y\", day=\"last\"))")
        return (f" (a month and a year without a day: read it with a format, "
                f"date(format=\"{month_year}\"), which gives the month's 1st day; add "
                f"day=\"last\" for its last day, as for an expiry date)")
    if m := _YYMMDD.fullmatch(text.strip()):
        if m["d"] == "00":
            return (" (a year and a month with day 00, as GS1 expiry dates write the "
                    "month's end: date(formats=[\"%y%m%d\", \"%y%m00\"], day=\"last\"))")
        return (" (six digits: read with a format, date(format=\"%y%m%d\") for a year, "
                "month and day as GS1 dates write them, date(format=\"%d%m%y\") for the "
                "day first)")
    if _spaced_date(text):
        shape = "%m %d %Y" if ctx.locale.date_order == "MDY" else "%d %m %Y"
        return (" (day, month and year set apart by spaces: the date type reads these only "
                f"by a format, date(format=\"{shape}\") in the locale's order)")
    m = _NO_YEAR.fullmatch(text)
    month = (m["mon"] or m["mon2"]) if m is not None else None
    if m is not None and (month is None or month_key(month) in ctx.locale.months):
        return (" (no year: a date printed without one is read only as the first date of a "
                "range whose second date has one, '01.01. - 31.03.2026')")
    return ""


#: The kinds of :data:`_GENERAL` whose day, month and year are read as printed: a match
#: of one of them that is no date names a day or month that does not exist.
_PLAIN_KINDS = ("iso", "numeric", "day_month", "month_day", "roman")


def no_such_date(text: str, ctx: ParseContext, order: str) -> str | None:
    """Why ``text`` holds a date that does not exist, printed as a date is ("31.02.2026":
    "'31.02.2026' is no date: February has 28 days in 2026"; "2026-13-01": "there is no
    month 13"), its day and month read in ``order``; None when it holds none. Only a year
    of 1900-2099 counts, or two digits with a day and month of a calendar's range (a
    version "4.52.17" is no date); a day or month 0 counts only as the first word of
    ``text`` ("00.03.2026", not the lot "Lot 00.12.2026")."""
    text = " ".join(text.split()).translate(_DASHES)
    for kind, rx in _GENERAL:
        if kind not in _PLAIN_KINDS:
            continue
        for m in rx.finditer(text):
            if _hijri(text, m.start(), m.end()) or _buddhist(m, text, ctx.locale.year_base) \
                    or _longer_number(text, m.start(), m.end()):
                continue
            try:
                _build(kind, m, ctx.locale.months, order, ctx.locale.year_base)
                continue  # a date
            except (KeyError, _BuddhistYear):
                continue  # no month name, a year of another era: said elsewhere
            except ValueError:
                pass
            why = _no_such_day(kind, m, ctx.locale.months, order)
            if why in _ZERO and _after_word(text, m.start()):
                continue  # a lot "Lot 00.12.2026", a version "release 4.0.18": no date
            if why is not None:
                return f"{m.group().strip()!r} is no date: {why}"
    return None


#: How :func:`_no_such_day` names a day or month 0.
_ZERO = ("a month has no day 0", "there is no month 0")


def _after_word(text: str, start: int) -> bool:
    """Whether a word (letters or digits) comes before ``text[start:]``: a day or month 0
    there is a lot or a version ("Lot 00.12.2026", "release 4.0.18"), no date's shape; as
    the first word beside a label ("Rechnungsdatum: 00.03.2026") it is an impossible date."""
    return re.search(r"\w", text[:start]) is not None


def _longer_number(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer number ("04.31.02" of the phone
    number "04.31.02.45.67", "4.0.18" of "4.0.18.2"): digits or a separator and a digit
    right before or after it."""
    head, tail = text[:start], text[end:]
    if _RANGE_END.match(tail) or _RANGE_START.search(head):
        return False  # "01.03.2026-31.03.2026": a range's two dates, each one of its own
    return bool(re.search(r"\d[./:-]?$", head) or re.match(r"[./:-]?\d", tail))


#: A numeric date after a range's dash, and one before it ("01.03.2026-31.03.2026",
#: printed without spaces; every dash read as "-"): the other end of a range, no longer
#: number.
_RANGE_END = re.compile(r"-\d{1,4}([./-])\d{1,2}\1\d{2,4}(?![./:-]?\d)")
_RANGE_START = re.compile(r"(?<![\d./:-])\d{1,4}([./-])\d{1,2}\1\d{2,4}-$")


def _no_such_day(kind: str, m: re.Match[str], months: dict[str, int], order: str
                 ) -> str | None:
    """What of the date-shaped match ``m`` (of a :data:`_PLAIN_KINDS` pattern, read in
    ``order`` as :func:`_build` reads it) does not exist: "February has 28 days in 2026",
    "there is no month 13"; None where it is no date's shape (see :func:`no_such_date`)."""
    parts = _day_month_year(kind, m, months, order)
    if parts is None:
        return None
    day, month, year, digits = parts
    if not ((1900 <= year <= 2099) if digits == 4
            else (digits == 2 and day <= 31 and 1 <= month <= 12)):
        return None
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        return f"a month has no day {day}"
    if day > last:
        return f"{calendar.month_name[month]} has {last} days in {year}"
    return None


def _day_month_year(kind: str, m: re.Match[str], months: dict[str, int], order: str
                    ) -> tuple[int, int, int, int] | None:
    """The day, month and year ``m`` prints (as :func:`_build` orders them) and the
    number of the year's digits; None for a form this does not read (a year first of
    two digits, an unknown month name, a year starting with 0)."""
    y = m.groupdict().get("y") or ""
    if len(y) not in (2, 4) or (len(y) == 4 and y.startswith("0")):
        return None
    year = _year(y)
    if kind == "iso":
        return int(m["d"]), int(m["m"]), year, len(y)
    if kind == "numeric":
        if order == "YMD" and len(m["a"]) == 2 and len(y) == 2:
            return None
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if order == "MDY" else (b, a)
        if month > 12 >= day:  # (as _build reads it: only the other order makes sense)
            day, month = month, day
        return day, month, year, len(y)
    if kind == "roman":
        return int(m["d"]), _ROMAN.index(m["r"]) + 1, year, len(y)
    month = months.get(month_key(m["mon"]))
    return None if month is None else (int(m["d"]), month, year, len(y))


#: The languages month names are read in, for a date whose month is in none of them.
_MONTHS_READ = ("month names are read in " + ", ".join(lang for lang in MONTHS if MONTHS[lang])
                + ", in every locale")


#: Six digits that may be a GS1 date, YYMMDD (a day 00 is the month's end: AI 15, 17).
_YYMMDD = re.compile(r"\d{2}(?:0[1-9]|1[0-2])(?P<d>0\d|[12]\d|3[01])")
#: Day, month and year as numbers set apart by single spaces, as a UK V5C prints them:
#: "22 07 2021".
_SPACED_DMY = re.compile(r"(?<![\w./-])(0?[1-9]|[12]\d|3[01]) (0?[1-9]|1[0-2]) ((?:19|20)\d{2})"
                         r"(?![\w./-])")
#: ... or month, day and year (the US order).
_SPACED_MDY = re.compile(r"(?<![\w./-])(0?[1-9]|1[0-2]) (0?[1-9]|[12]\d|3[01]) ((?:19|20)\d{2})"
                         r"(?![\w./-])")


def _spaced_date(text: str) -> bool:
    """Whether ``text`` holds a date written as three numbers set apart by spaces, and no
    other digit ("22 07 2021"; not "3 12 2020 4")."""
    m = _SPACED_DMY.search(text) or _SPACED_MDY.search(text)
    return m is not None and not any(ch.isdigit() for ch in text[:m.start()] + text[m.end():])


def _unknown_month(text: str, ctx: ParseContext) -> re.Match[str] | None:
    """``text``, where a date was expected, when it is a day, a word and a year of this
    century or the last, and no more, whose word is no month name the locale's tables hold
    ("5 снежня 2026", Belarusian): a date in a language the date type does not read,
    rather than no date; None otherwise."""
    for kind, rx in _GENERAL:
        if kind not in ("day_month", "month_day"):
            continue
        m = rx.fullmatch(text.rstrip(" ,;"))
        # three words: a day, the word, a year ("4 De mber 2026" is a name OCR split)
        if (m is not None and len(m.group().split()) == 3
                and month_key(m["mon"]) not in ctx.locale.months
                and re.fullmatch(r"(?:19|20)\d{2}", m["y"])):
            return m
    return None


def _roc_date(text: str, ctx: ParseContext) -> str | None:
    """The date of ``text`` with a year of two or three digits that would be a date of the
    Republic of China's calendar (:data:`_SHORT_YEAR`: "115年12月5日", "115/12/05") where
    the locale does not count years so; None when there is none."""
    if ctx.locale.year_base > 0:
        return None
    for _, rx in _SHORT_YEAR:
        for m in rx.finditer(text):
            with contextlib.suppress(ValueError):
                date(2000 + int(m["y"]) % 100, int(m["m"]), int(m["d"]))
                return m.group()
    return None


def _buddhist_date(text: str, ctx: ParseContext) -> str | None:
    """The date of ``text`` whose year is one of the Buddhist Era where neither it nor the
    locale says it counts years so ("05/12/2569" under en); None when there is none."""
    locale = ctx.locale
    for kind, rx in _GENERAL:
        for m in rx.finditer(text):
            try:
                _build(kind, m, locale.months, locale.date_order, locale.year_base,
                       _buddhist(m, text, locale.year_base))
            except _BuddhistYear:
                return m.group()
            except (ValueError, KeyError):
                continue
    return None


#: A month and a year without a day: "03/2027", "2027-03", "MAR 2027", "März 2027".
_MONTH_YEAR = [
    ("%m{}%Y", re.compile(r"(?<![\w./-])(?P<m>\d{1,2})(?P<s>[./-])(?P<y>\d{4})(?![\w./-])")),
    ("%Y{}%m", re.compile(r"(?<![\w./-])(?P<y>\d{4})(?P<s>[./-])(?P<m>\d{1,2})(?![\w./-])")),
    ("%b{}%Y", re.compile(r"(?<![\w])(?P<mon>" + _MONTH_WORD + r")(?P<s>[\s./-]*)(?P<y>\d{4})"
                          r"(?![\w./-])", re.IGNORECASE)),
]
_ENGLISH_MONTHS = {m.casefold(): "%b" for m in calendar.month_abbr if m} | \
    {m.casefold(): "%B" for m in calendar.month_name if m}


def _month_year_format(text: str, ctx: ParseContext) -> str | None:
    """The format that reads ``text`` when it is a month and a year with no day ("EXP
    2027-03" -> "EXP %Y-%m", "März 2027" -> "%B %Y"); "" when it is one no single format
    reads (mixed separators); None when it is none, or when other digits stand beside it
    (a date misread: "0111 5/2026" is no month and year)."""
    for shape, rx in _MONTH_YEAR:
        m = rx.search(text)
        if m is None:
            continue
        if "mon" in m.groupdict():
            word = month_key(m["mon"])
            if word not in ctx.locale.months and word not in _ENGLISH_MONTHS:
                continue
            # (a format's %B reads a month name of every language the template reads)
            shape = shape.replace("%b", _ENGLISH_MONTHS.get(word, "%B"))
        elif not 1 <= int(m["m"]) <= 12:
            continue
        if not 1900 <= int(m["y"]) <= 2099:
            continue  # (no year of a business document: "07/1411", a misread date)
        around = text[:m.start()] + " " + text[m.end():]
        if any(ch.isdigit() for ch in around) or any(
                not t.isdigit() for t in _LOOKALIKE_TOKEN.findall(around)):
            # other digits around it ("07/1411 99 1", "0111 5/2026": a misread date), or
            # letters that look like digits ("I. Januar 2027": a day misread): no month
            # and a year written another way, and no format to suggest (one with a
            # literal "I" would read every misread day as the 1st)
            return None
        sep = m["s"] if not m["s"].strip() or len(m["s"]) == 1 else None
        if sep is None:
            return ""
        esc = [part.replace("%", "%%") for part in (text[:m.start()], text[m.end():])]
        return esc[0] + shape.format(sep) + esc[1]
    return None


def _format_only(text: str, ctx: ParseContext) -> bool:
    """Whether ``text`` holds a month and a year with no day, a day, month and year set
    apart by spaces, or is six digits of a GS1 date (YYMMDD): what a field's text is when
    it is a date in a form only a format reads (its reason then names that format)."""
    return (_month_year_format(text, ctx) is not None or _spaced_date(text)
            or _YYMMDD.fullmatch(text.strip()) is not None)


#: A day and a month alone: "01.01.", "1 jan", "1. Januar", "January 1".
_NO_YEAR = re.compile(r"\d{1,2}[./]\d{1,2}\.?|\d{1,2}(?:st|nd|rd|th|er|º|°|\.)?\s*(?:de\s+)?"
                      + "(?P<mon>" + _MONTH_WORD + r")|(?P<mon2>" + _MONTH_WORD
                      + r")\s+\d{1,2}(?:st|nd|rd|th)?",
                      re.IGNORECASE)


#: The year before each Japanese era's first (令和1 is 2019), by its name and initial.
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925,
         "大正": 1911, "T": 1911, "明治": 1867,
         # ... and the Republic of China's (民國1年 is 1912), traditional and simplified
         "中華民國": 1911, "中华民国": 1911, "民國": 1911, "民国": 1911}


def _build(kind: str, m: re.Match[str], months: dict[str, int], order: str,
           year_base: int = 0, buddhist: bool = False) -> tuple[date, float]:
    """The date of the match ``m`` of a pattern of ``kind`` and its score; ``buddhist``:
    its year is one of the Buddhist Era (:func:`_buddhist`). ValueError (KeyError for an
    unknown month name) where it is none."""
    # (a two-digit year after a month name in Latin letters is Gregorian, under th too:
    # "05-Dec-26" as software printing English writes it; "5 ธ.ค. 69" is of the Buddhist Era)
    mon = m.groupdict().get("mon") or ""
    short = buddhist and not (re.search(r"[A-Za-z]", mon) and not m.groupdict().get("be"))

    def year(text: str) -> int:
        return _gregorian_year(text, buddhist, short)

    if kind == "based":  # a year of the locale's calendar (:data:`_SHORT_YEAR`)
        value = date(year_base + int(m["y"]), int(m["m"]), int(m["d"]))
        return value, 0.9 if "s" in m.groupdict() else 1.0  # numeric: the locale's reading
    if kind == "era":
        year = _ERAS[m["era"]] + (1 if m["y"] == "元" else int(m["y"]))
        return date(year, int(m["m"]), int(m["d"])), 1.0 if len(m["era"]) > 1 else 0.9
    if kind == "iso":
        return date(year(m["y"]), int(m["m"]), int(m["d"])), 1.0
    if kind == "numeric":
        if order == "YMD" and len(m["a"]) == 2 and len(m["y"]) == 2:
            # a two-digit year first, as Japanese, Chinese and Korean short dates write it
            # ("26/12/04" is 4 December 2026)
            return date(year(m["a"]), int(m["b"]), int(m["y"])), 0.8
        a, b, y = int(m["a"]), int(m["b"]), year(m["y"])
        if order == "MDY":
            month, day = a, b
        else:
            day, month = a, b
        if month > 12 >= day:  # only the other order makes sense: 25/12 read in MDY
            day, month = month, day
        return date(y, month, day), 0.9 if len(m["y"]) == 4 else 0.8
    if kind == "roman":
        return date(year(m["y"]), _ROMAN.index(m["r"]) + 1, int(m["d"])), 1.0
    month = months[month_key(m["mon"])]
    if kind == "ordinal":
        day = _ORDINALS[" ".join(m["w"].lower().split())]
        return date(year(m["y"]), month, day), 1.0
    return date(year(m["y"]), month, int(m["d"])), 1.0


def _read_otherwise(m: re.Match[str], value: date, order: str) -> bool:
    """Whether the numeric date ``m`` was read as ``value`` in the other order than
    ``order`` (its day and month swapped because one of them is over 12)."""
    a, b = int(m["a"]), int(m["b"])
    return (value.day, value.month) != ((a, b) if order == "DMY" else (b, a))


#: A plain date type (no format): what the general parser reads, for :func:`date_spans`.
_PLAIN = DateType()


def date_spans(text: str, ctx: ParseContext) -> list[tuple[int, int]]:
    """Where ``text`` holds a date the date type reads without a format (:meth:`DateType.find`:
    numeric, with a month name of any language the locale tables hold, "15-Jan-2027",
    "15.Januar 2027", "15 de enero de 2027", a Roman-numeral month, an ordinal day, a
    range's first date printed without its year): (start, end) of each, left to right.
    For the number types, which must not take a date's day or year for a number of their
    own ("vóór 15 januari 2027" is no total of 15)."""
    if not any(c.isalpha() for c in text):  # numeric dates are no numbers' anyway
        return []
    spans = [(f.start, f.end) for f in _PLAIN._find(text, ctx, doubted=False)]
    # a month and its year, a period rather than a day ("Total for December 2026",
    # "Dezember 2026"): no date of the date type, but its year is no amount either
    months = ctx.locale.months
    spans += [m.span() for m in _MONTH_AND_YEAR.finditer(text)
              if month_key(m["mon"]) in months]
    return sorted(spans)


_MONTH_AND_YEAR = re.compile(r"(?<![^\W\d_])(?P<mon>" + _MONTH_NAME + r")\.?,?\s{1,2}"
                             r"(?:19|20)\d{2}(?![\d.,]\d|\d)", re.IGNORECASE)


#: The month names written out in full: the first name of each month of each language,
#: and every name of four letters or more, with and without their accents ("mei", "May",
#: "Mai", "maj", "januari", "Dezember", "Sept"). Not "mar", "set", "des", "mag", "jun":
#: the abbreviations of three letters are words too often ("2 set", "40 des"); they count
#: only written as abbreviations (:func:`day_and_month_spans`). Nor Malay's "Mac" (March),
#: English's "Mac" ("2 Mac mini").
_FULL_MONTH_NAMES = frozenset(
    key for forms in MONTHS.values() for names in forms for k, name in enumerate(names)
    if (k == 0 or len(name) >= 4) and name != "mac"
    for key in (month_key(name), month_key("".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)))))
#: A day and a month name without a year: "15 mei", "15. Mai", "15.Mai", "1er mai", "15 de
#: mayo", "18 Dec", "18. Dez.", or the month first, "May 15", "Nov 05" (not "mars 15,00",
#: "Dec 18.50": a number goes on after it).
_DAY_AND_MONTH = (
    re.compile(r"(?<![\w.,])(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s{0,2}(?:de\s+)?"
               r"(?P<mon>" + _MONTH_NAME + r")(?P<dot>\.?)(?![^\W\d_])", re.IGNORECASE),
    re.compile(r"(?<![\w])(?P<mon>" + _MONTH_NAME + r")(?P<dot>\.?)\s{1,2}(?P<d>\d{1,2})"
               r"(?:st|nd|rd|th)?(?!\w|[.,/:" + re.escape(DASHES) + r"]?\d)", re.IGNORECASE))


def _misreading(found: Found, how: str) -> str:
    """What a date a misreading hides is (:meth:`DateType._doubted_readings`): "'I' read as
    1 gives 2027-01-01: a misreading, to be checked"."""
    return f"{how} gives {found.value.isoformat()}: a misreading, to be checked"


def _near_month(word: str, locale: Locale) -> int | None:
    """The month ``word`` (no month name ``locale`` reads, four letters or more) names
    when it is one letter off (one edit) a month name of the locale's language or
    English, and off no other month's: "Mlai" (Mai), "Rugust" (August), "fanuary"
    (January), a handwritten name misread. None otherwise."""
    key = month_key(word)
    if len(key) < 4 or key in locale.months:
        return None
    return _one_edit_month(key, locale.language)


@functools.lru_cache(maxsize=4096)
def _one_edit_month(key: str, language: str) -> int | None:
    """The month whose names of ``language`` and English are one edit from ``key`` (the
    only one), or None."""
    near = {number for name, number in _own_months(language).items()
            if len(name) >= 3 and abs(len(name) - len(key)) <= 1
            and edit_distance(name, key) == 1}
    return near.pop() if len(near) == 1 else None


@functools.lru_cache(maxsize=64)
def _own_months(language: str) -> dict[str, int]:
    """The month names of ``language`` and of English, with their months."""
    return month_table(language, "en")


@functools.lru_cache(maxsize=64)
def _own_month_names(language: str) -> frozenset[str]:
    """The month names (abbreviations among them) of ``language`` and of English, which
    documents of every language print too ("18 Dec" on a German bill)."""
    return frozenset(month_table(language, "en"))


def day_and_month_spans(text: str, ctx: ParseContext) -> list[tuple[int, int]]:
    """Where ``text`` holds a day and a month name without a year (:data:`_DAY_AND_MONTH`):
    (start, end) of each. No date the date type reads (its year cannot be known), but no
    number of another type either. The month is a name written out in full
    (:data:`_FULL_MONTH_NAMES`: "Te betalen vóór: 15 mei", "due by 15 May", "bis 15. Mai"),
    or an abbreviation of the locale's language or of English written as one, with its dot
    or a capital ("Payment received 18 Dec", "Nov 05", "18 déc.", "18. Dez.", "3 Sept.").
    A lowercase abbreviation without its dot may be a word ("Totaal 3 set", "Totale 12
    mag"), and so may another language's ("Qty 2 Set", "zahlen Sie 15"): not one. The day
    is at most 31."""
    if not any(c.isalpha() for c in text):
        return []
    months = ctx.locale.months
    own = _own_month_names(ctx.locale.language)
    out = []
    for rx in _DAY_AND_MONTH:
        for m in rx.finditer(text):
            key = month_key(m["mon"])
            if key not in months or not 1 <= int(m["d"]) <= 31:
                continue
            written_as_one = bool(m["dot"]) or not m["mon"].islower()  # "déc.", "Dec"
            if key in _FULL_MONTH_NAMES or (key in own and written_as_one):
                out.append(m.span())
    return sorted(out)
