"""The Turkish lira and the shekel as invoices write them (mediterranean journey, finding 6):
'1.500,00 TL' and '10,000.00 ש"ח' were read without a currency (only '₺' and '₪' were
known), so a template could not tell an amount in TRY or ILS from one in another currency
printed on the page."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, locale, value, code", [
    ("Toplam 1.234,56 TL", "tr", "1234.56", "TRY"),
    ("Toplam TL 1.234,56", "tr", "1234.56", "TRY"),
    ("Toplam 1.234,56TL", "tr", "1234.56", "TRY"),
    ("Toplam TL1.234,56", "tr", "1234.56", "TRY"),
    ("Toplam 1.234,56 ₺", "tr", "1234.56", "TRY"),
    ('סה"כ 10,000.00 ש"ח', "he", "10000.00", "ILS"),
    ("סה״כ 10,000.00 ש״ח", "he", "10000.00", "ILS"),
    ('סה"כ 10,000.00 ש " ח', "he", "10000.00", "ILS"),   # split by a text layer
    ("סה״כ 10,000.00 ש ״ ח", "he", "10000.00", "ILS"),
    ('סה"כ 10,000.00 ח " ש', "he", "10000.00", "ILS"),   # its words as the page shows them
    ('סה"כ ש"ח 10,000.00', "he", "10000.00", "ILS"),
    ('סה"כ ש " ח 10,000.00', "he", "10000.00", "ILS"),
    ("סה״כ 10,000.00 שקל", "he", "10000.00", "ILS"),
    ("סה״כ 10,000.00 שקלים", "he", "10000.00", "ILS"),
    ("סה״כ ₪10,000.00", "he", "10000.00", "ILS"),
])
@pytest.mark.parametrize("currency", [None, "EUR"])
def test_the_lira_and_the_shekel_as_invoices_write_them(registry, text, locale, value,
                                                        code, currency):
    found = best(registry, "money", text, locale=locale, currency=currency)
    assert found is not None and str(found.value) == value
    assert found.value.currency == code
    amount = text.split(" ", 1)[1]
    parsed = ftype(registry, "money").parse(amount, ctx(locale, currency))
    assert str(parsed) == value and parsed.currency == code


@pytest.mark.parametrize("text", ["TTL 1,234.56", "1,234.56 TTL", "STL 1,234.56",
                                  "TLC 1,234.56", "1,234.56 TLS", "משקל 1,234.56",
                                  "1,234.56 משקלים"])
def test_the_marks_inside_a_longer_word_are_none(registry, text):
    found = best(registry, "money", text)
    assert found is not None and getattr(found.value, "currency", None) is None


@pytest.mark.parametrize("text, value", [
    ("Toplam 1.500,00 TL-", "-1500.00"),   # a minus glued to the lira mark: negative
    ('יתרה -10,000.00 ש"ח', "-10000.00"),
])
def test_the_sign_beside_the_new_marks(registry, text, value):
    locale = "tr" if "TL" in text else "he"
    assert str(best(registry, "money", text, locale=locale).value) == value
