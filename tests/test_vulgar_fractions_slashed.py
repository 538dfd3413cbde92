"""Fractions written with a slash after a whole number of any length, and a number
written with a fraction a type cannot take (code read of 2d87271): "Balance 20 1/2" was
read 20 (the ½ dropped, as the glyph was before), and "Qty 1 1/2 pcs 10" under int gave
10, the number beside the refused one, accepted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize(("name", "text", "value"), [
    ("decimal", "Balance 20 1/2", Decimal("20.5")),
    ("decimal", "12 1/2", Decimal("12.5")),
    ("decimal", "105 3/4", Decimal("105.75")),
    ("money", "EUR 120 1/2", Decimal("120.50")),
    ("decimal", "Card 4 12/25", Decimal("4")),  # no fraction: a card's expiry date
])
def test_a_slashed_fraction_after_a_whole_number_of_any_length(registry, name, text, value):
    found = best(registry, name, text, currency="EUR" if name == "money" else None)
    assert found.value == value


@pytest.mark.parametrize(("name", "text"), [
    ("int", "Qty 1 1/2 pcs 10"),
    ("int", "Boxes: 1 1/2 pallets of 12"),
    ("decimal", "Hours: 2 1/3 (shift 8)"),
    ("money", "2 1/3 EUR, fee 8.00 EUR"),
])
def test_a_number_with_a_fraction_the_type_cannot_take_is_no_value_and_said(registry, name,
                                                                            text):
    assert best(registry, name, text, currency="EUR" if name == "money" else None) is None
    said = ftype(registry, name).misfit(text, ctx(currency="EUR" if name == "money" else None))
    assert "fraction" in (said or "")
