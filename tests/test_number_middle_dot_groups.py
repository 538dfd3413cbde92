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


@pytest.mark.parametrize("text", ["1·5", "1·50", "Poids 1·50 kg"])
def test_a_number_a_middle_dot_cuts_elsewhere_is_no_number(registry, text):
    """Not its first digits (1, accepted: the code read of this stop) nor its last (5)."""
    assert best(registry, "decimal", text, "fr_FR") is None
    assert best(registry, "money", text + " €", "fr_FR") is None
