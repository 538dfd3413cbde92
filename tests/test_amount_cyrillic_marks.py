"""Currency words and marks of Cyrillic invoices (cyrillic journey, findings 2, 3, 10):
"тенге", "грн", "руб.", "лв." were no currency, so an amount in tenge or hryvnias was
accepted as roubles and one in лева as euros; "59 400 руб. 50 коп." read 59400, the
kopecks dropped, accepted; "12 000,00грн." (the word glued) was no amount."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, expected, value, currency", [
    ("Всего к оплате: 59 400,00 руб.", None, "59400.00", "RUB"),
    ("Всего к оплате: 59 400,00 руб", None, "59400.00", "RUB"),
    ("Итого: 59 400,00 рублей", None, "59400.00", "RUB"),
    ("Всего к оплате: 59 400,00 тенге", "RUB", "59400.00", "KZT"),
    ("Барлығы: 59 400,00 тг", None, "59400.00", "KZT"),
    ("Всього: 59 400,00 грн", "RUB", "59400.00", "UAH"),
    ("Всього: 59 400,00 грн.", None, "59400.00", "UAH"),
    ("Всього: 59 400,00 ГРН", None, "59400.00", "UAH"),
    ("Укупно: 120 000,00 дин.", None, "120000.00", "RSD"),
    ("Вкупно: 120 000,00 ден.", None, "120000.00", "MKD"),
    ("Общо: 1 955,83 лв.", "EUR", "1955.83", "BGN"),
    ("Общо: 1 955,83 лева", None, "1955.83", "BGN"),
    ("Жалпы: 5 000,00 сом", None, "5000.00", "KGS"),
    # a currency of the word's that the template expects: the Belarusian rouble
    ("Усяго: 1 250,00 руб.", "BYN", "1250.00", "BYN"),
    # roubles in a template that expects another currency: a mismatch to flag
    ("Всего: 59 400,00 руб.", "KZT", "59400.00", "RUB"),
    # "р." is a rouble where one is expected (else a year: "2026 р.")
    ("Итого: 1 250,00 р.", "RUB", "1250.00", "RUB"),
])
def test_cyrillic_currency_words(registry, text, expected, value, currency):
    found = best(registry, "money", text, locale="fr", currency=expected)
    assert found is not None
    assert (str(found.value), found.value.currency) == (value, currency)


def test_a_year_abbreviated_r_is_no_rouble(registry):
    found = best(registry, "money", "Дата: 5 грудня 2026 р.", locale="fr", currency="UAH")
    assert found is None or getattr(found.value, "currency", None) is None


@pytest.mark.parametrize("text, value, currency", [
    ("Всего к оплате: 59 400 руб. 50 коп.", "59400.50", "RUB"),
    ("В т.ч. НДС: 9 900 руб. 08 коп.", "9900.08", "RUB"),
    ("Всього: 1 250 грн. 08 коп.", "1250.08", "UAH"),
    ("Итого: 100 р. 5 к.", "100.05", "RUB"),
])
def test_kopecks_after_the_currency_word_are_the_amounts(registry, text, value, currency):
    found = best(registry, "money", text, locale="fr", currency=currency)
    assert found is not None
    assert (str(found.value), found.value.currency) == (value, currency)
    assert found.score == 1.0


def test_kopecks_parsed(registry):
    value = ftype(registry, "money").parse("59 400 руб. 50 коп.", ctx("fr"))
    assert (str(value), value.currency) == ("59400.50", "RUB")


@pytest.mark.parametrize("text, value, currency", [
    ("Итого: 12 000,00грн.", "12000.00", "UAH"),
    ("Итого: 12 000,00руб.", "12000.00", "RUB"),
    ("Итого: 1 955,83лв.", "1955.83", "BGN"),
])
def test_a_word_glued_to_the_digits(registry, text, value, currency):
    for locale in ("fr", "en"):  # grouped by spaces in the locale, or not
        found = best(registry, "money", text, locale=locale, currency=currency)
        assert found is not None
        assert (str(found.value), found.value.currency) == (value, currency)


TEMPLATE = """template t {
  currency "%s"
  decimal ","
  thousands " "
  field total: money = right of "Всего к оплате"
}"""


@pytest.mark.parametrize("currency, text, status", [
    ("RUB", "Всего к оплате: 59 400,00 тенге\n", "review"),
    ("RUB", "Всего к оплате: 59 400,00 грн\n", "review"),
    ("KZT", "Всего к оплате: 59 400,00 руб.\n", "review"),
    ("RUB", "Всего к оплате: 59 400,00 руб.\n", "accepted"),
    ("KZT", "Всего к оплате: 59 400,00 тенге\n", "accepted"),
])
def test_an_amount_in_another_currency_word_is_a_mismatch(tmp_path, currency, text, status):
    result = extract_text(tmp_path, TEMPLATE % currency, text)
    assert result.status == status
    if status == "review":
        assert [r.code for r in result.reasons] == ["currency_mismatch"]


def test_kopecks_in_a_record(tmp_path):
    result = extract_text(tmp_path, TEMPLATE % "RUB",
                          "Всего к оплате: 59 400 руб. 50 коп.\n")
    assert str(result.fields["total"].value) == "59400.50"


@pytest.mark.parametrize("text, value", [
    ("Итого: 1 234 567-89", "1234567.89"),
    ("Итого: 59 400-50 руб.", "59400.50"),
])
def test_kopecks_after_a_dash(registry, text, value):
    found = best(registry, "money", text, locale="fr", currency="RUB")
    assert found is not None and str(found.value) == value and found.score == 1.0
    assert str(ftype(registry, "money").parse(text.split(": ")[1], ctx("fr"))) == value


@pytest.mark.parametrize("text", ["Тел.: 8 800 555-35-35", "Тел.: +7 495 123-45-67",
                                  "Период: 2026-12"])
def test_a_dash_in_a_phone_number_or_a_date_is_no_decimal_mark(registry, text):
    assert best(registry, "money", text, locale="fr", currency="RUB") is None
