"""A rate or a percentage's base on a charge line is no amount of the line (freight journey,
finding 1): right of "Detention" on 'Detention 2.5 hrs x $75.00/hr    187.50' took the
hourly rate 75.00, 'Linehaul 1,250 lbs $42.10/cwt 526.25' the rate 42.10, and 'Fuel
Surcharge 28.5% of 526.25 149.98' the base 526.25, all accepted. An amount per unit
('/hr', '/cwt', 'per hour') or after '% of' is refused where another amount is on the
line, and ranks below every other when it stands alone ('Rate: $75.00/hr' is read)."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, value, rate", [
    ("Detention 2.5 hrs x $75.00/hr    187.50", "187.50", "75.00"),
    ("Linehaul 1,250 lbs $42.10/cwt 526.25", "526.25", "42.10"),
    ("Fuel Surcharge 28.5% of 526.25 149.98", "149.98", "526.25"),
    ("Storage 3 days @ $45.00/day 135.00", "135.00", "45.00"),
    ("Storage 3 days @ $45.00 / day 135.00", "135.00", "45.00"),
    ("Labour 2 hrs at 60.00 per hour 120.00", "120.00", "60.00"),
    ("Handling 12.00 EUR/kg 240.00 EUR", "240.00", "12.00"),
    ("Zuschlag 10 % von 1.200,00 120,00", "120.00", "1200.00"),
])
def test_a_rate_or_a_base_is_no_amount_of_the_line(registry, text, value, rate):
    locale = "de_DE" if "von" in text else "en_US"
    found = ftype(registry, "money").find(text, ctx(locale))
    assert found and str(found[0].value) == value
    assert all(str(f.value) != rate for f in found)


@pytest.mark.parametrize("text", ["Rate: $75.00/hr", "Rate: 75.00 per hour", "$42.10/cwt"])
def test_a_rate_alone_is_read(registry, text):
    found = best(registry, "money", text, "en_US")
    assert found is not None and str(found.value) in ("75.00", "42.10")


@pytest.mark.parametrize("text", [
    "Total 1,250.00 12/31/2026", "Paid 100.00 / 200.00", "Total 1,250.00 USD",
    "Amount 5,000.00 of which VAT 800.00",
])
def test_other_amounts_unchanged(registry, text):
    found = best(registry, "money", text, "en_US")
    assert found is not None and str(found.value) in ("1250.00", "100.00", "5000.00")


@pytest.mark.parametrize("text, value", [
    ("Compenso € 500,00 per consulenza IVA € 110,00", "500.00"),  # "per": for, no rate
    ("Saldo € 1.234,56 per 31-12-2026", "1234.56"),
])
def test_per_before_no_unit_is_no_rate(registry, text, value):
    assert str(best(registry, "money", text, "it_IT").value) == value


@pytest.mark.parametrize("text", ["Miete 1.200,00 EUR pro Monat 100,00", "Hotel 95,00 € par nuit"
                                  " 285,00 €", "Labour 60.00 PER HOUR 120.00"])
def test_per_before_a_unit_is_a_rate(registry, text):
    locale = "en_US" if "Labour" in text else "de_DE"
    assert str(best(registry, "money", text, locale).value) in ("100.00", "285.00", "120.00")
