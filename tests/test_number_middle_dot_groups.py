"""A middle dot grouping thousands: a French packing list whose PDF font lacks the narrow
no-break space wrote "1·012,0" (GS1 receiving journey, finding 4): read 1, accepted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, value", [("1·012,0", "1012.0"), ("12·345·678,50", "12345678.50"),
                                         ("Poids brut 1·012,0 kg", "1012.0")])
def test_a_middle_dot_groups_thousands(registry, text, value):
    assert best(registry, "decimal", text, "fr_FR").value == Decimal(value)


def test_money_too(registry):
    assert ftype(registry, "money").parse("1·250,00 €", ctx("fr_FR")) == Decimal("1250.00")


@pytest.mark.parametrize("text", ["1·5", "1·50"])
def test_a_middle_dot_before_fewer_digits_is_no_group(registry, text):
    found = best(registry, "decimal", text, "fr_FR")
    assert found is None or found.value != Decimal(text.replace("·", ""))
