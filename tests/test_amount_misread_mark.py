"""A decimal mark read as ";" or ":" does not drop the cents (purchase-order journey JS: a
faxed French PO's "Total HT 89 612;45" was read 89612 at 0.79, the ";45" left over; only
the sum rules sent it to review). A number with ";" or ":" between its digits, where the
locale's decimal mark or a thousands separator belongs, is no amount, nor are its parts:
the field has no value and says why (``invalid_value``: review). A time of day ("14:32")
is no such number, and a right amount beside one is read as before."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize(("locale", "text"), [
    ("fr_FR", "89 612;45"), ("fr_FR", "Total HT. 89 612;45"), ("de_DE", "1.234;56 EUR"),
    ("en_US", "1,234;56"), ("en_US", "$1;234.56"), ("de_DE", "12.345:67"),
    ("fr_FR", "9:803 471,89"), ("en_GB", "783;00"),
])
def test_a_misread_mark_is_no_amount(registry, locale, text):
    money = ftype(registry, "money")
    assert money.find(text, ctx(locale)) == []
    why = money.misfit(text, ctx(locale))
    assert why is not None and "between its digits" in why


@pytest.mark.parametrize(("locale", "text", "value"), [
    ("fr_FR", "89 612,45", "89612.45"), ("en_US", "Total 12.50 14:32", "12.50"),
    ("de_DE", "Summe 1.234,56 EUR", "1234.56"), ("en_US", "Paid 10:45 $45.00", "45.00"),
])
def test_right_amounts_beside_a_time_read_as_before(registry, locale, text, value):
    found = best(registry, "money", text, locale)
    assert found is not None and str(found.value) == value


@pytest.mark.parametrize(("locale", "text", "value"), [
    ("en_US", "Check-in 14:00 199.00", "199.00"), ("en_US", "12:00-13:00 350.00", "350.00"),
    ("en_GB", "Time 09:30 999.99", "999.99"), ("de_DE", "Uhrzeit 8:15 250,00 EUR", "250.00"),
    ("fr_FR", "14h 14:32 123 456,78", "123456.78"), ("en_US", "Paid 10:45 145.00", "145.00"),
])
def test_an_amount_right_after_a_time_is_read_alone(registry, locale, text, value):
    """Code read r8: a time before an amount of 100 or more was taken into the misread
    number ("14:00 199" a thousands group): the right amount refused (review); before the
    misread marks, the time's minutes were glued to it ("32125.00" ranked first). The time
    alone is no amount, and the amount after it is read alone."""
    money = ftype(registry, "money")
    assert [str(f.value) for f in money.find(text, ctx(locale))] == [value]


@pytest.mark.parametrize(("locale", "text", "value"), [
    ("en_US", "Check-in 14:00 199", "199"), ("en_US", "Paid 10:45 250", "250"),
    ("en_US", "12:00-13:00 350 USD", "350"), ("de_DE", "Uhrzeit 10:30 250 EUR", "250"),
    ("de_DE", "um 14:30 120 Euro", "120"), ("fr_FR", "Arrivée 14:00 850 EUR", "850"),
])
def test_a_whole_amount_right_after_a_time_is_read_alone(registry, locale, text, value):
    """Code read r1 of 9403c3f: the scale rule (a time whose groups run on, "1:25 000")
    took any time before a whole amount of three digits for a scale, and the amount was
    refused again. Only "1:" starts a scale."""
    money = ftype(registry, "money")
    assert [str(f.value) for f in money.find(text, ctx(locale))] == [value]


def test_a_whole_amount_after_a_time_is_accepted_end_to_end(tmp_path):
    template = """template hotel {
  locale "en_US"
  currency "USD"
  field total: money = right of "Deposit"
}"""
    result = extract_text(tmp_path, template, "HOTEL FOLIO\nDeposit 14:00 250\n")
    assert result.status.value == "accepted", result.reasons
    assert str(result.fields["total"].value) == "250"


def test_the_field_goes_to_review_with_why(tmp_path):
    template = """template po {
  locale "fr_FR"
  match { contains "BON DE COMMANDE" }
  field net: money = right of "Total HT"
}"""
    result = extract_text(tmp_path, template, "BON DE COMMANDE\nTotal HT. 89 612;45\n")
    assert result.status.value == "review"
    assert result.fields.get("net") is None or result.fields["net"].value is None
    said = [r.message for r in result.reasons if r.field == "net"]
    assert any("';' between its digits" in m for m in said), result.reasons


@pytest.mark.parametrize(("locale", "text"), [
    ("fr_FR", "Échelle 1:25 000"), ("fr_FR", "Carte IGN 1:25 000"), ("en_GB", "Map 1:50,000"),
    ("de_DE", "Maßstab 1:50.000"), ("en_US", "Scale 1:100,000"),
])
def test_a_scale_is_no_time_and_no_amount(registry, locale, text):
    """Code read r9: "1:25 000" was taken for the time "1:25" and its "000" read as the
    amount 0; the scale's groups run on from the "25": it is no amount at all."""
    money = ftype(registry, "money")
    assert money.find(text, ctx(locale)) == []
