"""A number written with one mark and three digits after it reads two ways (journey
shipping, finding 4): a German carrier's bill of lading printed '6.100 KGS', '12.300 KGS'
(6100 and 12300 kg), read 6.1 and 12.3 under an en_GB template, ACCEPTED (the sum rule
held, every weight a thousandth of itself). Where the template states neither decimal nor
thousands, only the document's own numbers can show which mark is its decimal one;
amounts.marks_shown says what they show, amounts.other_reading gives the other reading
of a value the document does not settle (the runtime's ambiguous reason uses them)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.locale import get_locale
from formsift.plugins.fieldtypes.amounts import marks_shown, other_reading


@pytest.mark.parametrize("text, shown", [
    ("Total Gross Weight: 7.122,750 KGS", ","),      # both marks
    ("Total Gross Weight: 12,345.678 KGS", "."),
    ("Total Gross Weight: 16, 530.750 KGS", "."),    # (OCR of monospaced print)
    ("Volume 4.5 CBM", "."),                         # a lone mark before one digit
    ("Preis 3,75 EUR", ","),                          # ... before two
    ("Tare 0.125 t", "."),                            # three after a lone 0
    ("Net 1.234.567 kg", ","),                        # a mark repeated: thousands
    ("6.100 KGS  12.300 KGS  18.11.2026", None),      # nothing shows it (a date is none)
    ("206.000 CBM  Nov. 20,2026", None),
    ("Gross 6.100 KGS", None),
    ("4.5 CBM and 3,75 EUR", None),                   # both shown: says nothing
    ("", None),
])
def test_marks_shown(text, shown):
    assert marks_shown(text) == shown


@pytest.mark.parametrize("raw, value, locale, shown, other", [
    ("6.100 KGS", "6.100", "en_GB", None, "6100"),     # the journey's bl08
    ("12.300", "12.300", "en_GB", None, "12300"),
    ("1,250", "1250", "en_US", None, "1.250"),        # the comma read as thousands
    ("6.100", "6100", "de_DE", None, "6.100"),
    ("6.100 KGS", "6.100", "en_GB", ",", "6100"),      # the page shows the other way
    ("-6.100", "-6.100", "en_GB", None, "-6100"),
])
def test_other_reading(raw, value, locale, shown, other):
    assert other_reading(raw, Decimal(value), get_locale(locale), shown) == Decimal(other)


@pytest.mark.parametrize("raw, value, locale, shown", [
    ("6.100 KGS", "6.100", "en_GB", "."),              # the page shows the reading taken
    ("1,250", "1250", "en_US", "."),
    ("6.10", "6.10", "en_GB", None),                    # two decimals: no other reading
    ("6,100.50", "6100.50", "en_GB", None),             # both marks
    ("1.234.567", "1234567", "de_DE", None),            # a mark repeated
    ("0.125", "0.125", "en_GB", None),                  # no thousands group starts with 0
    ("6100", "6100", "en_GB", None),
    ("2 x 6.100", "6.100", "en_GB", None),              # another number beside it
])
def test_no_other_reading(raw, value, locale, shown):
    assert other_reading(raw, Decimal(value), get_locale(locale), shown) is None


@pytest.mark.parametrize("raw, value, currency, locale, other", [
    ("6.100 EUR", "6.100", "EUR", "en_GB", "6100"),    # three decimals of a euro
    ("$ 100.000", "100000", "COP", "es_CO", None),     # read whole, as amounts are
    ("$1,250", "1250", "USD", "en_US", None),
    ("KD 12.345", "12.345", "KWD", "en_GB", None),     # a dinar has three decimals
    ("¥1,250", "1250", "JPY", "ja", None),             # yen are whole
])
def test_money(raw, value, currency, locale, other):
    from formsift.core.money import Amount

    got = other_reading(raw, Amount(value, currency), get_locale(locale), None, money=True)
    assert got == (None if other is None else Decimal(other))
    # the template's currency where none is written beside the amount
    got = other_reading(raw, Decimal(value), get_locale(locale), None, money=True,
                        currency=currency)
    assert got == (None if other is None else Decimal(other))
