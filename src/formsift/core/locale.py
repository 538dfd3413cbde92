"""Locales: decimal and thousands separators, date order, month and weekday names.

Templates say ``locale "de_DE"`` and may override parts (``decimal ","``). Month names are
embedded for en, de, fr, nl, es, it, pt, pl, cs, sk, sv, nb, da, fi, ar, tr, el, he, id,
ms, th, ru, uk, bg, sr (Cyrillic and Latin) and kk (ja, zh, ko and vi number their months,
and are known for their separators and dates), so dates like "3. März 2024", "12 janvier
2024", "3 marca 2024", "4. prosince 2026", "4. joulukuuta 2026", "14 مارس 2026", "4 Aralık
2026", "4 Δεκεμβρίου 2026", "4 בדצמבר 2026", "17 Agustus 2026", "5 Disember 2026", "5
ธันวาคม 2569", "5 декабря 2026 г." or "5. decembar 2026." parse without the operating
system's locale database.
"""

from __future__ import annotations

import re
import unicodedata
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
    # Czech and Slovak write dates with the genitive too ("4. prosince 2026", "4. decembra
    # 2026"); the nominative is kept (CLDR's stand-alone names). Czech's three-letter
    # abbreviations are left out: "led", "pro", "dub" are English words
    "cs": [["ledna", "leden"], ["února", "únor"], ["března", "březen"], ["dubna", "duben"],
           ["května", "květen"], ["června", "červen"], ["července", "červenec"],
           ["srpna", "srpen"], ["září"], ["října", "říjen"], ["listopadu", "listopad"],
           ["prosince", "prosinec"]],
    "sk": [["januára", "január"], ["februára", "február"], ["marca", "marec"],
           ["apríla", "apríl"], ["mája", "máj"], ["júna", "jún"], ["júla", "júl"],
           ["augusta", "august"], ["septembra", "september"], ["októbra", "október"],
           ["novembra", "november"], ["decembra", "december"]],
    "sv": [["januari", "jan"], ["februari", "feb"], ["mars", "mar"], ["april", "apr"],
           ["maj"], ["juni", "jun"], ["juli", "jul"], ["augusti", "aug"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["december", "dec"]],
    # Norwegian Bokmål (and Nynorsk, whose month names are the same)
    "nb": [["januar", "jan"], ["februar", "feb"], ["mars", "mar"], ["april", "apr"],
           ["mai"], ["juni", "jun"], ["juli", "jul"], ["august", "aug"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["desember", "des"]],
    "da": [["januar", "jan"], ["februar", "feb"], ["marts", "mar"], ["april", "apr"],
           ["maj"], ["juni", "jun"], ["juli", "jul"], ["august", "aug"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["december", "dec"]],
    # Finnish: the partitive a date is written with ("4. joulukuuta 2026"), the nominative
    # and the abbreviation ("jouluk.")
    "fi": [["tammikuuta", "tammikuu", "tammik"], ["helmikuuta", "helmikuu", "helmik"],
           ["maaliskuuta", "maaliskuu", "maalisk"], ["huhtikuuta", "huhtikuu", "huhtik"],
           ["toukokuuta", "toukokuu", "toukok"], ["kesäkuuta", "kesäkuu", "kesäk"],
           ["heinäkuuta", "heinäkuu", "heinäk"], ["elokuuta", "elokuu", "elok"],
           ["syyskuuta", "syyskuu", "syysk"], ["lokakuuta", "lokakuu", "lokak"],
           ["marraskuuta", "marraskuu", "marrask"], ["joulukuuta", "joulukuu", "jouluk"]],
    # Arabic: the Gregorian months as Egypt and the Gulf name them (CLDR's ar), as the
    # Levant and Iraq do (ar_SY, ar_LB, ar_JO, ar_IQ: "كانون الثاني", two words) and as
    # Algeria, Tunisia and Morocco do. (Hijri months are another calendar: not here.)
    "ar": [["يناير", "كانون الثاني", "جانفي"], ["فبراير", "شباط", "فيفري"],
           ["مارس", "آذار"], ["أبريل", "إبريل", "نيسان", "أفريل"],
           ["مايو", "أيار", "ماي"], ["يونيو", "يونيه", "حزيران", "جوان"],
           ["يوليو", "يوليه", "تموز", "جويلية", "يوليوز"], ["أغسطس", "آب", "أوت", "غشت"],
           ["سبتمبر", "أيلول", "شتنبر"], ["أكتوبر", "تشرين الأول"],
           ["نوفمبر", "تشرين الثاني", "نونبر"], ["ديسمبر", "كانون الأول", "دجنبر"]],
    # Turkish, with CLDR's abbreviations ("4 Aralık 2026", "04 Ara 2026"); Turkish
    # capitals write İ for i and I for ı ("ARALIK", "NİSAN"): :func:`month_key` reads them
    "tr": [["ocak", "oca"], ["şubat", "şub"], ["mart", "mar"], ["nisan", "nis"],
           ["mayıs", "may"], ["haziran", "haz"], ["temmuz", "tem"], ["ağustos", "ağu"],
           ["eylül", "eyl"], ["ekim", "eki"], ["kasım", "kas"], ["aralık", "ara"]],
    # Greek: the genitive a date is written with ("4 Δεκεμβρίου 2026"), the nominative and
    # CLDR's abbreviations; capitals drop the tonos and May's iota takes a dialytika
    # ("ΜΑΪΟΥ"), read by the names without their accents
    "el": [["ιανουαρίου", "ιανουάριος", "ιαν"], ["φεβρουαρίου", "φεβρουάριος", "φεβ"],
           ["μαρτίου", "μάρτιος", "μαρ"], ["απριλίου", "απρίλιος", "απρ"],
           ["μαΐου", "μάιος", "μαϊου", "μαϊος", "μαΐ", "μαϊ"], ["ιουνίου", "ιούνιος", "ιουν"],
           ["ιουλίου", "ιούλιος", "ιουλ"], ["αυγούστου", "αύγουστος", "αυγ"],
           ["σεπτεμβρίου", "σεπτέμβριος", "σεπ"], ["οκτωβρίου", "οκτώβριος", "οκτ"],
           ["νοεμβρίου", "νοέμβριος", "νοε"], ["δεκεμβρίου", "δεκέμβριος", "δεκ"]],
    # Hebrew: the Gregorian months as Israel names them, also with the prefix "ב" (in)
    # a date is written with ("4 בדצמבר 2026")
    "he": [[name, "ב" + name] for name in (
        "ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר",
        "אוקטובר", "נובמבר", "דצמבר")],
    # Indonesian and Malay, with CLDR's abbreviations and the ones invoices print too
    # ("Agt", "Ags"); Malay's "Mac" (March) is no full name for :func:`day_and_month_spans`
    "id": [["januari", "jan"], ["februari", "feb"], ["maret", "mar"], ["april", "apr"],
           ["mei"], ["juni", "jun"], ["juli", "jul"], ["agustus", "agu", "agt", "ags"],
           ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"],
           ["desember", "des"]],
    "ms": [["januari", "jan"], ["februari", "feb"], ["mac"], ["april", "apr"], ["mei"],
           ["jun"], ["julai", "jul"], ["ogos", "ogo"], ["september", "sep", "sept"],
           ["oktober", "okt"], ["november", "nov"], ["disember", "dis"]],
    # Thai: the full names, also after "เดือน" (month), and the abbreviations with their
    # dots ("5 ธ.ค. 2569"). A date with a Thai month name counts years of the Buddhist Era
    # (พ.ศ. 2569 is 2026): the date type reads it so
    "th": [[name, "เดือน" + name, abbr] for name, abbr in (
        ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
        ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
        ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."))],
    # Russian, Ukrainian and Bulgarian: the genitive a Russian or Ukrainian date is written
    # with ("5 декабря 2026 г.", "5 грудня 2026 р."), the nominative (CLDR's stand-alone
    # names, Bulgarian's only form: "5 декември 2026 г.") and CLDR's abbreviations (not
    # Ukrainian's "лист.", "лип.", "вер.": the words "sheet", "linden", "heather")
    "ru": [["января", "январь", "янв"], ["февраля", "февраль", "февр", "фев"],
           ["марта", "март", "мар"], ["апреля", "апрель", "апр"], ["мая", "май"],
           ["июня", "июнь", "июн"], ["июля", "июль", "июл"], ["августа", "август", "авг"],
           ["сентября", "сентябрь", "сент", "сен"], ["октября", "октябрь", "окт"],
           ["ноября", "ноябрь", "нояб", "ноя"], ["декабря", "декабрь", "дек"]],
    "uk": [["січня", "січень", "січ"], ["лютого", "лютий", "лют"],
           ["березня", "березень", "бер"], ["квітня", "квітень", "квіт"],
           ["травня", "травень", "трав"], ["червня", "червень", "черв"],
           ["липня", "липень"], ["серпня", "серпень", "серп"], ["вересня", "вересень"],
           ["жовтня", "жовтень", "жовт"], ["листопада", "листопад"],
           ["грудня", "грудень", "груд"]],
    "bg": [["януари", "яну"], ["февруари", "фев"], ["март"], ["април", "апр"], ["май"],
           ["юни"], ["юли"], ["август", "авг"], ["септември", "сеп"], ["октомври", "окт"],
           ["ноември", "ное"], ["декември", "дек"]],
    # Serbian, in Cyrillic and in Latin letters ("5. децембар 2026.", "5. decembar 2026."),
    # and CLDR's Cyrillic abbreviations (the Latin ones are other languages' already, but
    # "avg", an English word)
    "sr": [["јануар", "januar", "јан"], ["фебруар", "februar", "феб"], ["март", "mart", "мар"],
           ["април", "april", "апр"], ["мај", "maj"], ["јун", "jun"], ["јул", "jul"],
           ["август", "avgust", "авг"], ["септембар", "septembar", "сеп"],
           ["октобар", "oktobar", "окт"], ["новембар", "novembar", "нов"],
           ["децембар", "decembar", "дец"]],
    # Kazakh, full names only (its abbreviations, "қаз.", "там.", are words too); a Kazakh
    # date puts the year first ("2026 ж. 5 желтоқсан"), read by the date type so
    "kk": [["қаңтар"], ["ақпан"], ["наурыз"], ["сәуір"], ["мамыр"], ["маусым"], ["шілде"],
           ["тамыз"], ["қыркүйек"], ["қазан"], ["қараша"], ["желтоқсан"]],
    # Japanese, Chinese and Korean number their months ("12月", "12월"): dates are read by
    # the year-month-day marks (2026年12月4日); Vietnamese too ("ngày 5 tháng 12 năm 2026");
    # these languages are known for their defaults
    "ja": [], "zh": [], "ko": [], "vi": [],
}

#: Weekday names of the languages a form prints its days in (Norwegian's are Danish's),
#: one language after another: its days Monday first, each its names, then its usual
#: abbreviations in brackets. Dates read the names before a date ("Dienstag, 5. März
#: 2024"; plugins.fieldtypes.dates), tables a timesheet's days in their order
#: (templates.tables).
_WEEKDAY_TABLE = """\
en: monday (mon mo), tuesday (tue tues tu), wednesday (wed we),
    thursday (thu thur thurs th), friday (fri fr), saturday (sat sa), sunday (sun su)
de: montag (mo), dienstag (di), mittwoch (mi), donnerstag (do), freitag (fr),
    samstag sonnabend (sa), sonntag (so)
fr: lundi (lun), mardi (mar), mercredi (mer), jeudi (jeu), vendredi (ven), samedi (sam),
    dimanche (dim)
nl: maandag (ma), dinsdag (di), woensdag (wo), donderdag (do), vrijdag (vr), zaterdag (za),
    zondag (zo)
es: lunes (lun), martes (mar), miércoles miercoles (mié mie), jueves (jue), viernes (vie),
    sábado sabado (sáb sab), domingo (dom)
it: lunedì lunedi (lun), martedì martedi (mar), mercoledì mercoledi (mer),
    giovedì giovedi (gio), venerdì venerdi (ven), sabato (sab), domenica (dom)
pt: segunda segunda-feira (seg), terça terca terça-feira (ter), quarta quarta-feira (qua),
    quinta quinta-feira (qui), sexta sexta-feira (sex), sábado sabado (sáb sab),
    domingo (dom)
pl: poniedziałek (pon pn), wtorek (wt), środa sroda (śr sr), czwartek (czw cz),
    piątek piatek (pt), sobota (sob so), niedziela (niedz nd)
sv: måndag (mån), tisdag (tis), onsdag (ons), torsdag (tor tors), fredag (fre),
    lördag (lör), söndag (sön)
da: mandag (man), tirsdag (tir), onsdag (ons), torsdag (tor), fredag (fre), lørdag (lør),
    søndag (søn)
fi: maanantai (ma), tiistai (ti), keskiviikko (ke), torstai (to), perjantai (pe),
    lauantai (la), sunnuntai (su)
cs: pondělí (po), úterý (út), středa (st), čtvrtek (čt), pátek (pá), sobota (so),
    neděle (ne)
id: senin (sen), selasa (sel), rabu (rab), kamis (kam), jumat jum'at (jum), sabtu (sab),
    minggu (min)
ms: isnin, selasa, rabu, khamis, jumaat, sabtu, ahad
"""


def _weekdays(text: str) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """:data:`_WEEKDAY_TABLE` read: language -> its seven days, each (names,
    abbreviations)."""
    table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for lang, days in re.findall(r"^(\w+): (.*?)(?=^\w+: |\Z)", text,
                                 re.MULTILINE | re.DOTALL):
        table[lang] = []
        for day in days.split(","):
            names, _, short = day.partition("(")
            table[lang].append((tuple(names.split()), tuple(short.strip(") \n").split())))
    return table


#: Weekday names per language (:data:`_WEEKDAY_TABLE`): its seven days, Monday first,
#: each (names, abbreviations).
WEEKDAYS = _weekdays(_WEEKDAY_TABLE)
#: Other names of a language whose month names and defaults are another's: Norwegian
#: ("no") and Nynorsk ("nn") are Bokmål's; "iw" is Hebrew's old code.
_ALIASES = {"no": "nb", "nn": "nb", "iw": "he"}

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
    # (a space stands for every space that groups: the no-break and narrow spaces CLDR
    # gives cs, sk, sv, nb and fi are read like it)
    "cs": (",", " ", "DMY"),
    "sk": (",", " ", "DMY"),
    "sv": (",", " ", "DMY"),  # (CLDR's short date is ISO's, read in every locale)
    "nb": (",", " ", "DMY"),
    "da": (",", ".", "DMY"),
    "fi": (",", " ", "DMY"),
    # Arabic with Western digits, as CLDR's latn numbers write it; the Arabic decimal and
    # thousands marks (٫ ٬) go with Arabic-Indic digits only and are no locale choice
    "ar": (".", ",", "DMY"),
    # Turkish and Greek group with a dot ("1.234,56 TL", "2.016,13 €"); Israel writes
    # "1,234.56" (CLDR's tr, el and he)
    "tr": (",", ".", "DMY"),
    "el": (",", ".", "DMY"),
    "he": (".", ",", "DMY"),
    # Indonesia and Vietnam group with a dot ("Rp 12.500.000,00", "6.250.000 đ"); Malaysia
    # and Thailand write "1,234.56" (CLDR's id, vi, ms and th)
    "id": (",", ".", "DMY"),
    "vi": (",", ".", "DMY"),
    "ms": (".", ",", "DMY"),
    "th": (".", ",", "DMY"),
    # Russian, Ukrainian, Bulgarian and Kazakh group with a (no-break) space, "1 234,56";
    # Serbian with a dot, "1.234,56" (CLDR's ru, uk, bg, kk and sr)
    "ru": (",", " ", "DMY"),
    "uk": (",", " ", "DMY"),
    "bg": (",", " ", "DMY"),
    "kk": (",", " ", "DMY"),
    "sr": (",", ".", "DMY"),
    # year first: "2026/12/04", and "26/12/04" with a two-digit year
    "ja": (".", ",", "YMD"),
    "zh": (".", ",", "YMD"),
    "ko": (".", ",", "YMD"),
}
_REGION_OVERRIDES: dict[str, tuple[str, str, str]] = {
    "en_US": (".", ",", "MDY"),
    "en_PH": (".", ",", "MDY"),  # the Philippines write month first too (CLDR's en_PH)
    "fr_BE": (",", ".", "DMY"),  # Belgium and Luxembourg group with dots, unlike France
    "fr_LU": (",", ".", "DMY"),
    # Latin American Spanish (CLDR's es_419) writes "1,234.56", and so do the regions that
    # keep its numbers; Argentina, Bolivia, Chile, Colombia, Ecuador, Paraguay, Uruguay and
    # Venezuela write Spain's "1.234,56" (``es`` alone and the other regions)
    **{f"es_{region}": (".", ",", "DMY")
       for region in ("419", "MX", "US", "PE", "GT", "HN", "NI", "PA", "SV", "DO", "PR",
                      "CU", "BZ", "BR")},
    "de_CH": (".", "'", "DMY"),
    "fr_CH": (".", "'", "DMY"),
    "it_CH": (".", "'", "DMY"),
    # Portugal and the other Portuguese-speaking countries group thousands with a space
    # (CLDR: "1 234,56 €"); Brazil, and ``pt`` alone (CLDR's pt is Brazilian), with a dot
    **{f"pt_{region}": (",", " ", "DMY")
       for region in ("PT", "AO", "MZ", "CV", "GW", "ST", "TL", "MO", "GQ", "LU", "CH")},
    # the Maghreb, Libya, Mauritania and Lebanon write Western digits with a decimal comma
    **{f"ar_{region}": (",", ".", "DMY") for region in ("DZ", "LB", "LY", "MA", "MR", "TN")},
}
#: Regions (or languages) whose documents count years from another year than the Gregorian
#: 0: Taiwan's dates are of the Republic of China (民國, year 1 is 1912), "115/12/05" is
#: 2026-12-05; Thailand's of the Buddhist Era (พ.ศ., 543 years ahead), "05/12/2569" is.
_YEAR_BASES = {"zh_TW": 1911, "th": -543}
#: Regions whose documents write numeric dates day first and month first alike: Canada
#: (CLDR's short date there is ISO's, y-MM-dd; suppliers print 12/04/2026 either way).
#: Their language's order (day first) is only the reading taken when nothing decides.
_BOTH_ORDERS = frozenset({"en_CA", "fr_CA"})


@dataclass(frozen=True)
class Locale:
    """How numbers and dates are written in a template's documents."""

    tag: str = "en"
    decimal: str = "."
    thousands: str = ","
    date_order: str = "DMY"
    #: Month name (lower case) -> month number, for every language the template reads.
    months: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
    #: What a year of the calendar the locale's documents count years in adds to make the
    #: Gregorian one: 1911 in zh_TW, whose dates count years of the Republic of China in two
    #: or three digits (民國115年 is 2026); -543 in th, whose dates count years of the
    #: Buddhist Era (พ.ศ. 2569 is 2026, and "69" of "5/12/69"); 0 where they do not.
    year_base: int = 0
    #: Whether the locale's country writes numeric dates both day first and month first
    #: (Canada: en_CA, fr_CA): a date that reads both ways (12/04/2026) is then read in
    #: ``date_order`` only when the template states it, or the document shows its order;
    #: else it goes to review. A stated ``date_order`` (:meth:`with_overrides`) settles it.
    both_orders: bool = False

    @property
    def language(self) -> str:
        return self.tag.split("_")[0].split("-")[0].lower()

    def with_overrides(self, **kw: str) -> Locale:
        values: dict[str, object] = {k: v for k, v in kw.items() if v is not None}
        if "date_order" in values:
            values["both_orders"] = False
        return replace(self, **values)  # type: ignore[arg-type]


def known_languages() -> list[str]:
    """The languages a locale may name, whose month names dates are read in ("no" and "nn"
    among them, Bokmål's)."""
    return sorted({*MONTHS, *_ALIASES})


def month_key(word: str) -> str:
    """How a month name is looked up in a month table: lower case, without a dot after
    it, its words joined by one space ("Kanun  al-thani" printed over two spaces). Case
    folded: a Greek final sigma is a sigma ("ΜΆΡΤΙΟΣ", "Μάρτιος"), and the Turkish
    capital İ is i ("NİSAN")."""
    return " ".join(word.rstrip(".").replace("İ", "i").casefold().split())


def _unaccented(name: str) -> str:
    """``name`` without its accents ("únor" -> "unor", "kesäkuuta" -> "kesakuuta", "آذار"
    -> "اذار", "δεκεμβρίου" -> "δεκεμβριου"), and a Turkish dotless ı as i ("aralık" ->
    "aralik": its capital I, "ARALIK", folds to i): as capitals, a scan's OCR or a
    keyboard without them write it."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.replace("ı", "i"))
                   if not unicodedata.combining(c))


def month_table(*languages: str) -> dict[str, int]:
    """Month name -> month number for ``languages`` (the first wins where two name
    different months alike), each name also without its accents."""
    table: dict[str, int] = {}
    for lang in languages:
        for number, names in enumerate(MONTHS.get(lang, []), start=1):
            for name in names:
                table.setdefault(month_key(name), number)
    for name, number in list(table.items()):
        table.setdefault(_unaccented(name), number)
    return table


def get_locale(tag: str = "en") -> Locale:
    """The locale for a tag such as ``de_DE``, ``fr``, ``en-US``; ValueError if unknown."""
    norm = tag.replace("-", "_")
    parts = norm.split("_")
    lang = _ALIASES.get(parts[0].lower(), parts[0].lower())
    if lang not in _DEFAULTS:
        raise ValueError(f"unknown locale {tag!r}; known languages: "
                         f"{', '.join(known_languages())}")
    region = f"{lang}_{parts[1].upper()}" if len(parts) > 1 else lang
    decimal, thousands, order = _REGION_OVERRIDES.get(region, _DEFAULTS[lang])
    # Month names of every known language are understood (the locale's own first): they do
    # not collide, and invoices mix languages more often than templates expect.
    months = month_table(lang, *known_languages())
    year_base = _YEAR_BASES.get(region, _YEAR_BASES.get(lang, 0))
    return Locale(region, decimal, thousands, order, months, year_base,
                  region in _BOTH_ORDERS)


DEFAULT_LOCALE = get_locale("en")
