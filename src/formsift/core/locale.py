"""Locales: decimal and thousands separators, date order and month names.

Templates say ``locale "de_DE"`` and may override parts (``decimal ","``). Month names are
embedded for en, de, fr, nl, es, it, pt and pl, so dates like "3. März 2024", "12 janvier
2024" or "3 marca 2024" parse without the operating system's locale database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

MONTHS: dict[str, list[list[str]]] = {
    "en": [["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"],
           ["may"], ["june", "jun"], ["july", "jul"], ["august", "aug"],
           ["september", "sep", "sept"], ["october", "oct"], ["november", "nov"],
           ["december", "dec"]],
    "de": [["januar", "jan", "jänner"], ["februar", "feb"], ["märz", "mär", "maerz", "mrz"],
           ["april", "apr"], ["mai"], ["juni", "jun"], ["juli", "jul"], ["august", "aug"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["dezember", "dez"]],
    "fr": [["janvier", "janv"], ["février", "fevrier", "févr", "fevr"], ["mars"],
           ["avril", "avr"], ["mai"], ["juin"], ["juillet", "juil"], ["août", "aout"],
           ["septembre", "sept"], ["octobre", "oct"], ["novembre", "nov"],
           ["décembre", "decembre", "déc", "dec"]],
    "nl": [["januari", "jan"], ["februari", "feb"], ["maart", "mrt"], ["april", "apr"],
           ["mei"], ["juni", "jun"], ["juli", "jul"], ["augustus", "aug"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["december", "dec"]],
    "es": [["enero", "ene"], ["febrero", "feb"], ["marzo", "mar"], ["abril", "abr"],
           ["mayo", "may"], ["junio", "jun"], ["julio", "jul"], ["agosto", "ago"],
           ["septiembre", "setiembre", "sep", "sept"], ["octubre", "oct"],
           ["noviembre", "nov"], ["diciembre", "dic"]],
    "it": [["gennaio", "gen"], ["febbraio", "feb"], ["marzo", "mar"], ["aprile", "apr"],
           ["maggio", "mag"], ["giugno", "giu"], ["luglio", "lug"], ["agosto", "ago"],
           ["settembre", "set"], ["ottobre", "ott"], ["novembre", "nov"],
           ["dicembre", "dic"]],
    "pt": [["janeiro", "jan"], ["fevereiro", "fev"], ["março", "marco", "mar"],
           ["abril", "abr"], ["maio", "mai"], ["junho", "jun"], ["julho", "jul"],
           ["agosto", "ago"], ["setembro", "set"], ["outubro"], ["novembro", "nov"],
           ["dezembro", "dez"]],
    # Polish writes dates with the genitive ("3 marca 2024"); the nominative is kept too
    "pl": [["stycznia", "styczeń", "styczen", "sty"], ["lutego", "luty", "lut"],
           ["marca", "marzec"], ["kwietnia", "kwiecień", "kwiecien", "kwi"],
           ["maja", "maj"], ["czerwca", "czerwiec", "cze"], ["lipca", "lipiec", "lip"],
           ["sierpnia", "sierpień", "sierpien", "sie"], ["września", "wrzesnia", "wrzesień",
                                                          "wrz"],
           ["października", "pazdziernika", "październik", "paź", "paz"],
           ["listopada", "listopad", "lis"], ["grudnia", "grudzień", "grudzien", "gru"]],
}

# language -> (decimal, thousands, date order)
_DEFAULTS: dict[str, tuple[str, str, str]] = {
    "en": (".", ",", "DMY"),
    "de": (",", ".", "DMY"),
    "fr": (",", " ", "DMY"),
    "nl": (",", ".", "DMY"),
    "es": (",", ".", "DMY"),
    "it": (",", ".", "DMY"),
    "pt": (",", ".", "DMY"),
    "pl": (",", " ", "DMY"),
}
_REGION_OVERRIDES: dict[str, tuple[str, str, str]] = {
    "en_US": (".", ",", "MDY"),
    "fr_BE": (",", ".", "DMY"),  # Belgium and Luxembourg group with dots, unlike France
    "fr_LU": (",", ".", "DMY"),
    "es_MX": (".", ",", "DMY"),
    "de_CH": (".", "'", "DMY"),
    "fr_CH": (".", "'", "DMY"),
    "it_CH": (".", "'", "DMY"),
    # Portugal and the other Portuguese-speaking countries group thousands with a space
    # (CLDR: "1 234,56 €"); Brazil, and ``pt`` alone (CLDR's pt is Brazilian), with a dot
    **{f"pt_{region}": (",", " ", "DMY")
       for region in ("PT", "AO", "MZ", "CV", "GW", "ST", "TL", "MO", "GQ", "LU", "CH")},
}


@dataclass(frozen=True)
class Locale:
    """How numbers and dates are written in a template's documents."""

    tag: str = "en"
    decimal: str = "."
    thousands: str = ","
    date_order: str = "DMY"
    #: Month name (lower case) -> month number, for every language the template reads.
    months: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def language(self) -> str:
        return self.tag.split("_")[0].split("-")[0].lower()

    def with_overrides(self, **kw: str) -> Locale:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def known_languages() -> list[str]:
    return sorted(MONTHS)


def month_table(*languages: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for lang in languages:
        for number, names in enumerate(MONTHS.get(lang, []), start=1):
            for name in names:
                table.setdefault(name, number)
    return table


def get_locale(tag: str = "en") -> Locale:
    """The locale for a tag such as ``de_DE``, ``fr``, ``en-US``; ValueError if unknown."""
    norm = tag.replace("-", "_")
    parts = norm.split("_")
    lang = parts[0].lower()
    if lang not in _DEFAULTS:
        raise ValueError(f"unknown locale {tag!r}; known languages: {', '.join(known_languages())}")
    region = f"{lang}_{parts[1].upper()}" if len(parts) > 1 else lang
    decimal, thousands, order = _REGION_OVERRIDES.get(region, _DEFAULTS[lang])
    # Month names of every known language are understood (the locale's own first): they do
    # not collide, and invoices mix languages more often than templates expect.
    months = month_table(lang, *known_languages())
    return Locale(region, decimal, thousands, order, months)


DEFAULT_LOCALE = get_locale("en")
