"""`combine sum` over 'Payment received 18 Dec - thank you  -300.00' lines added the day of
'18 Dec' to the payments (telecom journey, F2: -300.00 + -340.18 + 18 + 02 = -620.18,
accepted): the money type refused a day written beside a month name in full ("15 May")
through the date type's day-and-month spans, but not beside an abbreviated one ("18 Dec",
"Dec 18", "Sept.", "déc.", "Dez."). An abbreviation written as one, with its dot or a
capital, of the template's language or English, now counts; a lowercase one without its
dot, or one of another language that is a word of this one ("Sie", "Set"), stays a word."""

from __future__ import annotations

import pytest

from formsift.plugins.fieldtypes.dates import day_and_month_spans
from tests.parsing import ctx, extract_text, ftype


def amounts(registry, text, locale="en_GB", currency="USD"):
    return [str(f.value) for f in ftype(registry, "money").find(text, ctx(locale, currency))]


@pytest.mark.parametrize("text, locale, day", [
    ("Payment received 18 Dec - thank you", "en", "18 Dec"),
    ("Payment received 02 Jan - thank you", "en", "02 Jan"),
    ("Credit applied Nov 05", "en_US", "Nov 05"),
    ("Adjustment Dec 18 - late fee", "en_US", "Dec 18"),
    ("Payment received 18 DEC", "en", "18 DEC"),
    ("Paid 3 Sept. thanks", "en", "3 Sept."),
    ("Paiement reçu le 18 déc. merci", "fr_FR", "18 déc."),
    ("Zahlung erhalten 18. Dez. danke", "de_DE", "18. Dez."),
    ("Zahlung erhalten 18 Dez", "de_DE", "18 Dez"),
    ("Betaling ontvangen 18 dec. bedankt", "nl", "18 dec."),
    ("Pago recibido 18 Dic", "es_ES", "18 Dic"),
    ("Wpłata 15 Sie", "pl", "15 Sie"),
    ("Payment received 18 Dec", "de_DE", "18 Dec"),  # English on any locale's document
])
def test_a_day_beside_an_abbreviated_month_is_a_day(text, locale, day):
    spans = day_and_month_spans(text, ctx(locale))
    assert [text[s:e] for s, e in spans] == [day]


@pytest.mark.parametrize("text, locale", [
    ("Payment received 18 Dec - thank you", "en"),
    ("Credit applied Nov 05", "en_US"),
    ("Paiement reçu le 18 déc. merci", "fr_FR"),
    ("Zahlung erhalten 18. Dez. danke", "de_DE"),
])
def test_the_day_is_no_amount(registry, text, locale):
    assert amounts(registry, text, locale) == []


@pytest.mark.parametrize("text, locale, values", [
    # an amount with decimals is no day, nor a number over 31
    ("Adjustment Dec 18.50", "en_US", ["18.50"]),
    ("Adjustment Dec 18,50", "de_DE", ["18.50"]),
    ("Units 40 Dec", "en", ["40"]),
    # a currency beside it: the amount's
    ("Payment $18 Dec", "en_US", ["18"]),
    # a lowercase abbreviation without its dot may be a word ("3 set", "12 mag")
    ("Totaal 3 set", "nl", ["3"]),
    ("Totale 12 mag", "it", ["12"]),
    ("Total 2 set", "en", ["2"]),
    # capitalised, another language's abbreviation is a word of this one's
    ("Qty 2 Set", "en", ["2"]),
    ("Bitte überweisen Sie 15 Euro", "de_DE", ["15"]),
])
def test_numbers_that_are_no_days_stay_amounts(registry, text, locale, values):
    assert amounts(registry, text, locale) == values


def test_combine_sum_over_payments_with_dates(tmp_path):
    template = ('template t {\n  currency "USD"\n  match { contains "Previous" }\n'
                '  field previous_balance: money = right of "Previous balance"\n'
                '  field payments: money = right of "Payment received" combine sum\n}\n')
    text = ("Previous balance                          640.18\n"
            "Payment received 18 Dec - thank you      -300.00\n"
            "Payment received 02 Jan - thank you      -340.18\n")
    result = extract_text(tmp_path, template, text)
    assert str(result.field("payments").value) == "-640.18"


def test_a_total_with_a_dated_label_keeps_its_amount(tmp_path):
    template = ('template t {\n  currency "USD"\n  match { contains "Total" }\n'
                '  field total: money = right of "Total"\n'
                '  field paid: money = right of "Paid"\n}\n')
    text = ("Total 12 Dec 2026          $45.00\n"
            "Paid 12 Dec                $45.00\n")
    result = extract_text(tmp_path, template, text)
    assert str(result.field("total").value) == "45.00"
    assert str(result.field("paid").value) == "45.00"
