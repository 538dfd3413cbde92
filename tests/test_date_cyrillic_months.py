"""Cyrillic (and Serbian Latin) month names and the ru, uk, bg, sr and kk locales
(journey cyrillic, finding 6): '«05» декабря 2026 г.' on a Russian invoice, '5 грудня 2026
р.' on a Ukrainian one, '5 декември 2026 г.', '5. децембар 2026.' and '5. decembar 2026.'
were no dates ("does not read as a date value"), even with date(format="%d %B %Y г."),
and there was no locale for these countries' numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formsift.core.locale import get_locale, known_languages
from tests.parsing import best, ctx, extract_text, ftype

#: The genitive a date is written with, the nominative (a month alone) and the
#: abbreviations, as CLDR has them.
_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
       "октября", "ноября", "декабря"]
_RU_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
           "сентябрь", "октябрь", "ноябрь", "декабрь"]
_RU_ABBR = ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.",
            "нояб.", "дек."]
_UK = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
       "вересня", "жовтня", "листопада", "грудня"]
_UK_NOM = ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень",
           "серпень", "вересень", "жовтень", "листопад", "грудень"]
_BG = ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември",
       "октомври", "ноември", "декември"]
_SR = ["јануар", "фебруар", "март", "април", "мај", "јун", "јул", "август", "септембар",
       "октобар", "новембар", "децембар"]
_SR_LATN = ["januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar",
            "oktobar", "novembar", "decembar"]
_KK = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
       "қазан", "қараша", "желтоқсан"]


def _parse(registry, text, locale="en", **options):
    return ftype(registry, "date", **options).parse(text, ctx(locale))


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize(("names", "locale"), [
    (_RU, "ru"), (_RU_NOM, "ru_RU"), (_RU_ABBR, "ru"), (_UK, "uk_UA"), (_UK_NOM, "uk"),
    (_BG, "bg_BG"), (_SR, "sr_RS"), (_SR_LATN, "sr_Latn"), (_KK, "kk_KZ"),
    (_RU, "en"), (_UK, "de_DE"), (_SR_LATN, "en"), (_KK, "ru")])
def test_month_names(registry, names, locale, month):
    """Every month, lower case, capitalized and in capitals, in the template's locale and
    in another (month names of every embedded language are read in every locale)."""
    name = names[month - 1]
    for written in (name, name.capitalize(), name.upper()):
        assert _parse(registry, f"5 {written} 2026", locale) == date(2026, month, 5), written


@pytest.mark.parametrize(("text", "locale"), [
    ("5 декабря 2026 г.", "ru"),
    ("«05» декабря 2026 г.", "ru"),
    ("« 05 » декабря 2026 г.", "ru"),
    ('"05" декабря 2026 г.', "ru"),
    ("05» декабря 2026", "ru"),  # a template's regex left the opening quote out
    ("05 декабря 2026 года", "ru"),
    ("5 декабря 2026г.", "ru"),
    ("5 ДЕКАБРЯ 2026 Г.", "ru"),
    ("5 грудня 2026 р.", "uk"),
    ("«05» грудня 2026 року", "uk"),
    ("5 декември 2026 г.", "bg"),
    ("5. децембар 2026.", "sr"),
    ("5. decembar 2026.", "sr_Latn"),
    ("05. децембар 2026. године", "sr"),
    ("5 желтоқсан 2026 ж.", "kk"),
    ("2026 ж. 5 желтоқсан", "kk"),
    ("2026 жылғы 5 желтоқсан", "kk"),
    ("05.12.2026 г.", "ru"),
    ("05.12.2026г.", "bg"),
    ("05.12.2026.", "sr"),
    ("5 декабря 2026 г.", "en"),
])
def test_dates_as_invoices_print_them(registry, text, locale):
    """The user's bug: the quotes around the day and the year's mark after it (г. год, р.
    рік, ж. жыл, Serbian's dot and године) are part of the date."""
    assert _parse(registry, text, locale) == date(2026, 12, 5)


@pytest.mark.parametrize(("text", "locale"), [
    ("Zeitraum 01.01. - 31.03.2026.", "de"),
    ("Период: 01.01. - 31.03.2026 г.", "ru"),
    ("Период: с 1 января по 31 марта 2026 г.", "ru"),
])
def test_range_whose_end_has_a_year_mark(registry, text, locale):
    """A range's first date printed without its year takes the year of its end, also
    where the end carries a year's mark or a final dot."""
    found = ftype(registry, "date").find(text, ctx(locale))
    assert [f.value for f in found][:1] == [date(2026, 1, 1)]


def test_format_month_name(registry):
    """%B in a format reads the Cyrillic month names too (it did nothing for them)."""
    assert _parse(registry, "5 декабря 2026 г.", format="%d %B %Y г.") == date(2026, 12, 5)
    assert _parse(registry, "«05» грудня 2026", format="«%d» %B %Y") == date(2026, 12, 5)
    assert _parse(registry, "05 дек. 2026", format="%d %b %Y") == date(2026, 12, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("Счёт на оплату № 12 от «05» декабря 2026 г.", date(2026, 12, 5)),
    ("Рахунок № 7 від 5 грудня 2026 р. (оплатити до 15 грудня 2026 р.)", date(2026, 12, 5)),
    ("Рачун бр. 12 од 5. децембар 2026. године", date(2026, 12, 5)),
    ("Дата на издаване: 5 декември 2026 г.", date(2026, 12, 5)),
])
def test_dates_found_in_a_line(registry, text, expected):
    found = best(registry, "date", text, locale="ru")
    assert found is not None and found.value == expected


@pytest.mark.parametrize("tag", ["ru", "ru_RU", "uk_UA", "bg_BG", "kk_KZ", "sr_RS", "sr_Latn",
                                 "sr-Latn-RS"])
def test_locales(tag):
    loc = get_locale(tag)
    assert loc.decimal == ","
    assert loc.thousands == ("." if loc.language == "sr" else " ")
    assert loc.date_order == "DMY"


def test_known_languages():
    assert {"ru", "uk", "bg", "sr", "kk"} <= set(known_languages())


@pytest.mark.parametrize(("text", "locale", "amount"), [
    ("Всего к оплате: 59 400,50 руб.", "ru", "59400.50"),
    ("Разом: 12\u00a0000,00 грн", "uk", "12000.00"),
    ("Укупно: 102.000,00 дин.", "sr", "102000.00"),
    ("Сума за плащане: 2 664,00 лв.", "bg", "2664.00"),
    ("Барлығы: 58 000,00 ₸", "kk", "58000.00"),
])
def test_locale_amounts(registry, text, locale, amount):
    found = best(registry, "money", text, locale=locale)
    assert found is not None and getattr(found.value, "amount", found.value) == Decimal(amount)


def test_a_date_is_no_amount(registry):
    """The day and year of a Cyrillic date are no amounts of the line."""
    found = best(registry, "money", "Оплатить до 15 декабря 2026 г.: 1 200,00 ₽", locale="ru")
    assert found is not None and getattr(found.value, "amount", found.value) == Decimal("1200.00")


def test_unknown_month_name_names_the_languages_read(registry):
    """A month in a language none of the tables hold (Belarusian 'снежня') says which
    languages month names are read in, rather than only 'does not read as a date'."""
    with pytest.raises(ValueError) as err:
        _parse(registry, "5 снежня 2026")
    message = str(err.value)
    assert "снежня" in message and "ru" in message and "uk" in message


def test_russian_invoice_template(tmp_path):
    result = extract_text(
        tmp_path, 'template ru1 { locale "ru_RU" currency "RUB"\n'
        '  field date: date = right of "от"\n'
        '  field total: money = right of "Всего к оплате" }\n',
        "Счёт на оплату № 12 от «05» декабря 2026 г.\nВсего к оплате: 59 400,00 ₽\n")
    assert result.fields["date"].value == date(2026, 12, 5)
    total = result.fields["total"].value
    assert getattr(total, "amount", total) == Decimal("59400.00")


def test_unknown_month_language_is_a_misfit(registry):
    """Where a date was expected, a date whose month name is in a language none of the
    tables hold says so (as a Hijri date does), rather than only 'does not read as a date
    value'; a known month name or a line that is no date is none."""
    date_type = ftype(registry, "date")
    why = date_type.misfit("5 снежня 2026", ctx("ru"))
    assert why is not None and "снежня" in why and "ru" in why
    assert date_type.misfit("5 декабря 2026 г.", ctx("en")) is None
    assert date_type.misfit("5 снежня 2026, 05.12.2026", ctx("ru")) is None
    assert date_type.misfit("Qty 5 boxes 12", ctx("en")) is None
    assert date_type.misfit("Order 12 from 2024, see terms", ctx("en")) is None


def test_unknown_month_language_in_the_record(tmp_path):
    result = extract_text(tmp_path, 'template t { field d: date? = right of "Дата:" }\n',
                          "Дата: 5 снежня 2026\n")
    assert result.status == "review"
    assert any("снежня" in r.message and "month names are read in" in r.message
               for r in result.reasons)
