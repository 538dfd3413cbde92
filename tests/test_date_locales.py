"""Dates in the languages and ways of writing that users met: a format's month names in
the template's languages (payroll journey, finding 2), Czech and Slovak dates and locales
(ceeu journey, finding 4), Nordic locales and month names (nordic journey, finding 6),
ISO dates whose hyphens are other dashes (ceeu journey, finding 2), and Hijri dates,
Arabic month names and an Arabic locale (gulf journey, finding 3)."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from tests.parsing import extract_text


def _ctx(locale: str = "en") -> ParseContext:
    return ParseContext(get_locale(locale), None)


def _date(registry, **options):
    return registry.create("field_type", "date", options or None)


def _found(registry, text: str, locale: str, **options) -> list[date]:
    return [f.value for f in _date(registry, **options).find(text, _ctx(locale))]


# -- payroll finding 2: a format's %B and %b read the template's month names ---------------

@pytest.mark.parametrize("fmt, text, locale, first, last", [
    ("%B %Y", "März 2025", "de_DE", date(2025, 3, 1), date(2025, 3, 31)),
    ("%B %Y", "Februar 2028", "de", date(2028, 2, 1), date(2028, 2, 29)),
    ("%b %Y", "Okt. 2025", "de", date(2025, 10, 1), date(2025, 10, 31)),
    ("%B %Y", "mars 2025", "fr", date(2025, 3, 1), date(2025, 3, 31)),
    ("%B %Y", "maart 2025", "nl", date(2025, 3, 1), date(2025, 3, 31)),
    ("%B %Y", "marzo 2025", "es", date(2025, 3, 1), date(2025, 3, 31)),
    ("%B %Y", "March 2025", "de", date(2025, 3, 1), date(2025, 3, 31)),  # English still
    ("%b. %Y", "Dez. 2025", "de", date(2025, 12, 1), date(2025, 12, 31)),
])
def test_a_format_reads_the_month_names_of_the_template_locale(registry, fmt, text, locale,
                                                               first, last):
    """A user's bug: 'Abrechnungsmonat: März 2025' on a German payslip, read by
    date(format="%B %Y") under locale "de_DE", was no date (strptime's %B reads English
    names only), and the pay period was missing on every DATEV slip."""
    assert _date(registry, format=fmt).parse(text, _ctx(locale)) == first
    assert _date(registry, format=fmt, day="last").parse(text, _ctx(locale)) == last
    assert _found(registry, f"Abrechnungsmonat: {text} Seite 1", locale,
                  format=fmt, day="last") == [last]


def test_a_format_with_a_day_reads_a_genitive_month_name(registry):
    assert _date(registry, format="%d. %B %Y").parse("4. prosince 2026", _ctx("cs_CZ")) \
        == date(2026, 12, 4)
    assert _date(registry, format="%d %B %Y", strict=True).parse(
        "3 marca 2024", _ctx("pl")) == date(2024, 3, 3)


def test_a_month_and_a_year_without_a_format_names_the_format_that_reads_it(registry):
    with pytest.raises(ValueError, match=r'format="%B %Y"') as err:
        _date(registry).parse("März 2027", _ctx("de"))
    assert "English" not in str(err.value)


def test_a_german_payslip_month_reads_as_the_period(registry, make_pdf):
    """The journey's reproduction: right of "Abrechnungsmonat" with a format and with
    day="last"."""
    from formsift.core.engine import Engine
    from formsift.templates import check_source

    src = '''template de_month {
  locale "de_DE"
  field period_start: date(format="%B %Y") = right of "Abrechnungsmonat"
  field period_end: date(format="%B %Y", day="last") = right of "Abrechnungsmonat"
}'''
    (tpl,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    pdf = make_pdf([(50, 100, "Abrechnungsmonat:"), (200, 100, "März 2025")])
    result = Engine(registry=registry, seen_store="memory").extract(pdf, tpl)
    assert result.record()["period_start"] == "2025-03-01"
    assert result.record()["period_end"] == "2025-03-31"


# -- ceeu finding 4: Czech (and Slovak) -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("4. prosince 2026", date(2026, 12, 4)),     # genitive, as dates are written
    ("4. prosinec 2026", date(2026, 12, 4)),     # nominative
    ("18. července 2026", date(2026, 7, 18)),
    ("18. cervence 2026", date(2026, 7, 18)),    # without its accents, as OCR may read it
    ("1. února 2027", date(2027, 2, 1)),
    ("30. září 2026", date(2026, 9, 30)),
    ("4. 12. 2026", date(2026, 12, 4)),          # spaces after the dots
    ("04. 12. 2026", date(2026, 12, 4)),
    ("4.\u00a012.\u00a02026", date(2026, 12, 4)),
    ("4. decembra 2026", date(2026, 12, 4)),     # Slovak
])
def test_czech_dates_read_without_a_format(registry, text, expected):
    """A user's bug: 'Datum vystavení: 4. 12. 2026' (the usual Czech way) and '4. prosince
    2026' were no dates, and locale "cs_CZ" was unknown: three dates missing on every
    Czech invoice."""
    assert _date(registry).parse(text, _ctx("cs_CZ")) == expected
    assert _found(registry, f"Datum splatnosti: {text} Celkem 1 234,50 Kč", "cs_CZ") \
        == [expected]


@pytest.mark.parametrize("text", ["Kapitola 1. 2. 26 strana", "body 1. 2. 3. 4",
                                  "4. 12.2026", "4.12. 2026 x 4. 12 . 2026"])
def test_spaced_numbers_that_are_no_date(registry, text):
    """A space after each dot before a four-digit year only: lists and section numbers
    are no dates."""
    assert date(2026, 12, 4) not in _found(registry, text, "cs")
    assert date(2026, 2, 1) not in _found(registry, text, "cs")


@pytest.mark.parametrize("tag, decimal, thousands", [
    ("cs_CZ", ",", " "), ("cs", ",", " "), ("sk_SK", ",", " "),
    ("sv", ",", " "), ("sv_SE", ",", " "), ("sv_FI", ",", " "),
    ("nb", ",", " "), ("nb_NO", ",", " "), ("no", ",", " "), ("no_NO", ",", " "),
    ("nn_NO", ",", " "), ("da", ",", "."), ("da_DK", ",", "."), ("fi", ",", " "),
    ("fi_FI", ",", " "), ("ar", ".", ","), ("ar_SA", ".", ","), ("ar_AE", ".", ","),
    ("ar_MA", ",", "."),
])
def test_the_new_locales_and_their_separators(tag, decimal, thousands):
    """CLDR's separators; a space stands for the no-break space CLDR gives cs, sk, sv, nb
    and fi (every space groups where a space does)."""
    locale = get_locale(tag)
    assert (locale.decimal, locale.thousands, locale.date_order) == (decimal, thousands,
                                                                     "DMY")


def test_a_template_takes_the_new_locales(registry):
    from formsift.templates import check_source

    for tag in ("cs_CZ", "sv_SE", "nb_NO", "no", "da_DK", "fi_FI", "ar_SA"):
        src = f'template t {{\n  locale "{tag}"\n  field d: date = right of "Datum"\n}}'
        _, diags = check_source(src, "t.sift", registry)
        assert not [d for d in diags if d.severity == "error"], (tag, diags)


def test_an_unknown_locale_still_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown locale 'xx_XX'.*cs.*sv"):
        get_locale("xx_XX")


def test_an_invoice2data_template_in_norwegian_gets_no_note_on_month_names():
    """invoice2data's languages: [no] (dateparser's code for Norwegian): its month names
    are read, so the importer must not report them as not read."""
    yaml = pytest.importorskip("yaml")
    from formsift.importers.invoice2data import convert

    conv = convert(yaml.safe_load("issuer: Nordlys\nkeywords: [Nordlys]\nfields:\n"
                                  "  amount: Total\\s+(\\d+)\noptions:\n"
                                  "  languages: ['no', nb, da, sv, fi, cs, ar, hu]\n"),
                   "nordlys")
    (note,) = [n.message for n in conv.notes if "month names in" in n.message]
    assert note.split("month names in ")[1].startswith("hu are not known")
    # the note lists the languages the date type reads (it said 'en, de, fr, nl, es, it')
    assert "cs, da, de" in note and "sv" in note
    # an unquoted `no` is YAML 1.1's false: still Norwegian, not "False"
    conv = convert(yaml.safe_load("issuer: Nordlys\nkeywords: [Nordlys]\nfields:\n"
                                  "  amount: Total\\s+(\\d+)\noptions:\n"
                                  "  languages: [no, hu]\n"), "nordlys")
    (note,) = [n.message for n in conv.notes if "month names in" in n.message]
    assert "False" not in note and note.split("month names in ")[1].startswith("hu are")


# -- nordic finding 6 -----------------------------------------------------------------------

@pytest.mark.parametrize("text, locale, expected", [
    ("4. desember 2026", "nb_NO", date(2026, 12, 4)),
    ("04 DES 2026", "no", date(2026, 12, 4)),
    ("4. des. 2026", "nb", date(2026, 12, 4)),
    ("1. marts 2027", "da_DK", date(2027, 3, 1)),
    ("4. joulukuuta 2026", "fi_FI", date(2026, 12, 4)),
    ("4. joulukuu 2026", "fi", date(2026, 12, 4)),
    ("15. kesäkuuta 2026", "fi", date(2026, 6, 15)),
    ("15. kesakuuta 2026", "fi", date(2026, 6, 15)),
    ("4 augusti 2026", "sv_SE", date(2026, 8, 4)),
    ("4 december 2026", "sv", date(2026, 12, 4)),
    # every language's names are read in every locale, as before
    ("4. desember 2026", "en", date(2026, 12, 4)),
    ("4. joulukuuta 2026", "de", date(2026, 12, 4)),
])
def test_nordic_month_names(registry, text, locale, expected):
    """A user's bug: '4. desember 2026' (Norwegian), '1. marts 2027' (Danish), '04 DES
    2026' and '4. joulukuuta 2026' (Finnish) were no dates; the Nordic locales were
    unknown."""
    assert _date(registry).parse(text, _ctx(locale)) == expected
    assert _found(registry, f"Forfallsdato: {text} Beløp 12 450,00", locale) == [expected]


def test_a_format_reads_nordic_month_names(registry):
    assert _date(registry, format="%d. %B %Y").parse("1. marts 2027", _ctx("da")) \
        == date(2027, 3, 1)
    assert _date(registry, format="%d %b %Y").parse("04 DES 2026", _ctx("nb")) \
        == date(2026, 12, 4)


# -- ceeu finding 2: other dashes between an ISO date's numbers ------------------------------

@pytest.mark.parametrize("dash", ["\u00ad", "\u2010", "\u2011", "\u2012", "\u2013"])
def test_an_iso_date_with_another_dash(registry, dash):
    """A user's bug: 'Data wystawienia: 2026\\xad12\\xad04' (a PDF whose font maps the
    hyphen to the soft hyphen) and '2026‑12‑04' (non-breaking hyphens) were no dates,
    with a message that looked like a normal ISO date in a terminal."""
    text = dash.join(["2026", "12", "04"])
    assert _date(registry).parse(text, _ctx("pl")) == date(2026, 12, 4)
    assert _found(registry, f"Data wystawienia: {text} NIP 526", "pl") == [date(2026, 12, 4)]
    assert _date(registry, format="%Y-%m-%d").parse(text, _ctx("pl")) == date(2026, 12, 4)
    assert _found(registry, f"Datum {text}", "pl", format="%Y-%m-%d", strict=True) \
        == [date(2026, 12, 4)]
    day_first = dash.join(["04", "12", "2026"])
    assert _date(registry).parse(day_first, _ctx("pl")) == date(2026, 12, 4)


def test_a_period_with_an_en_dash_keeps_both_dates(registry):
    assert _found(registry, "Zeitraum 01.01.2026 – 31.03.2026", "de") == [
        date(2026, 1, 1), date(2026, 3, 31)]
    assert _found(registry, "Zeitraum 01.01. – 31.03.2026", "de") == [
        date(2026, 1, 1), date(2026, 3, 31)]


# -- gulf finding 3: Hijri dates are no Gregorian dates --------------------------------------

@pytest.mark.parametrize("text", [
    "1447/09/25 هـ", "1447/09/25هـ", "25/09/1447 هـ", "٢٥/٠٩/١٤٤٧هـ", "١٤٤٧/٠٩/٢٥ هـ",
    "1447-09-25 AH", "25/09/1447 A.H.", "1447/09/25H", "25/09/1447 هجري",
    "1447/09/25 ه", "(1447/09/25 هـ)",
    # the mark before the date, as a right-to-left line's text puts it (reversed too)
    "ـه٣٠/٠٩/١٤٤٧", "هـ 1447/09/25", "AH 1447/09/25",
])
def test_a_hijri_date_is_no_gregorian_date(registry, text):
    """A user's bug: 'Invoice Date: 1447/09/25 هـ' was read as the Gregorian 1447-09-25
    and accepted (not_in_future held)."""
    with pytest.raises(ValueError, match="Hijri"):
        _date(registry).parse(text, _ctx("ar_SA"))
    assert _found(registry, f"Invoice Date: {text} Total 1,150.00", "ar_SA") == []
    assert _found(registry, f"Invoice Date: {text}", "en") == []
    # a format reading its numbers does not read it either
    assert _found(registry, f"Date {text}", "en", formats=["%Y/%m/%d", "%d/%m/%Y",
                                                            "%Y-%m-%d"]) == []


def test_the_gregorian_date_beside_a_hijri_one_is_read(registry):
    text = "Date: 2026-03-14 (1447/09/25 هـ)"
    assert _found(registry, text, "ar_SA") == [date(2026, 3, 14)]
    assert _found(registry, "التاريخ: 1447/09/25 هـ الموافق 14/03/2026م", "ar") \
        == [date(2026, 3, 14)]
    assert _date(registry).parse("14/03/2026م", _ctx("ar")) == date(2026, 3, 14)
    # an H that is a word of its own is no mark
    assert _found(registry, "Delivered 2026-03-14 H. Meier", "en") == [date(2026, 3, 14)]


def test_a_hijri_date_sends_the_record_to_review(tmp_path):
    """The journey's reproduction, on a text document."""
    from formsift import Engine

    doc = tmp_path / "hijri.txt"
    doc.write_text("TAX INVOICE\nInvoice Date: 1447/09/25 هـ\nTotal: 1,150.00 SAR\n",
                   encoding="utf-8")
    sift = tmp_path / "hijri.sift"
    sift.write_text('template hijri {\n  currency "SAR"\n'
                    '  field invoice_date: date = right of "Invoice Date"\n'
                    '  field total: money = right of "Total"\n'
                    '  rule not_future: not_in_future(invoice_date)\n}\n', encoding="utf-8")
    result = Engine(seen_store="memory").extract(doc, template=sift)
    assert result.status.value == "review"
    assert result.record()["invoice_date"] is None


# -- gulf: Arabic month names (the Gulf's, the Levant's, the Maghreb's) -----------------------

@pytest.mark.parametrize("text, expected", [
    ("14 مارس 2026", date(2026, 3, 14)),
    ("١٤ مارس ٢٠٢٦", date(2026, 3, 14)),
    ("1 يناير 2026", date(2026, 1, 1)),
    ("31 ديسمبر 2025", date(2025, 12, 31)),
    ("14 أبريل 2026", date(2026, 4, 14)),
    ("14 ابريل 2026", date(2026, 4, 14)),       # without the hamza
    ("14 آذار 2026", date(2026, 3, 14)),         # Levantine
    ("14 كانون الثاني 2026", date(2026, 1, 14)),
    ("14 كانون الأول 2026", date(2026, 12, 14)),
    ("14 تشرين الأول 2026", date(2026, 10, 14)),
    ("14 آب 2026", date(2026, 8, 14)),
])
def test_arabic_gregorian_month_names(registry, text, expected):
    assert _date(registry).parse(text, _ctx("ar")) == expected
    assert _found(registry, f"التاريخ: {text}", "ar_SA") == [expected]


_DATED = ('template c {{\n{locale}  match {{ contains "Datum" }}\n'
          '  field d: date = right of "Datum"\n}}\n')


def _dated(tmp_path, written: str, locale: str | None = None, engine=None):
    """The date a template (of ``locale``) reads right of "Datum" in ``written``."""
    template = _DATED.format(locale=f'  locale "{locale}"\n' if locale else "")
    return extract_text(tmp_path, template, f"Datum {written}\n", engine).value("d")


def test_year_month_and_day_marked_in_chinese_japanese_and_korean(tmp_path):
    # china journey, finding 4: '2026年12月04日' was no date unless a format was given
    from formsift import Engine

    engine = Engine()
    for written in ("2026年12月04日", "2026 年 12 月 4 日", "2026年12月4日 10:22",
                    "2026년 12월 4일", "２０２６年１２月０４日"):
        assert _dated(tmp_path, written, engine=engine) == date(2026, 12, 4), written


def test_dates_read_every_dash_ids_and_amounts_read(tmp_path):
    # code read of stop 27: the dates' dashes were a shorter list than the IDs' and the
    # amounts' (a minus sign U+2212 and the full-width U+FF0D of CJK invoices were no date)
    from formsift import Engine

    engine = Engine()
    for written in ("2026\u221212\u221204", "２０２６－１２－０４", "2026\ufe6312\ufe6304"):
        assert _dated(tmp_path, written, engine=engine) == date(2026, 12, 4), written


@pytest.mark.parametrize("written, expected", [
    ("令和8年12月4日", date(2026, 12, 4)), ("令和 8 年 12 月 4 日", date(2026, 12, 4)),
    ("令和元年5月1日", date(2019, 5, 1)), ("平成31年4月25日", date(2019, 4, 25)),
    ("R9.1.15", date(2027, 1, 15)), ("R7.3.25", date(2025, 3, 25)),
    ("R9/1/15", date(2027, 1, 15)), ("H31.4.25", date(2019, 4, 25)),
    ("R8.12.4", date(2026, 12, 4)),
])
def test_japanese_era_dates_are_their_gregorian_dates(tmp_path, written, expected):
    # japan journey, finding 3: 'R9.1.15' (Reiwa 9) was read 2015-01-09 and accepted
    assert _dated(tmp_path, written) == expected


@pytest.mark.parametrize("locale", ["ja_JP", "zh_CN", "ko_KR"])
def test_east_asian_locales_read_a_two_digit_year_first(tmp_path, locale):
    # japan journey, finding 8: '26/12/04' was read 2004-12-26 and there was no ja locale
    for written in ("26/12/04", "2026/12/04", "26.12.04"):
        assert _dated(tmp_path, written, locale) == date(2026, 12, 4), written
