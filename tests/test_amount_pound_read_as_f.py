"""A pound sign that OCR reads as a glued 'f' (journey notices, finding 2): on scanned UK
letters '£1,234.56' came out 'f1,234.56', which was no amount, so every £ amount of a
scan was missing. In a template (or a field) that expects GBP it is read as pounds."""

from __future__ import annotations

import pytest

from tests.parsing import best


@pytest.mark.parametrize("text, value", [
    ("Please pay f1,234.56 by 31 January 2027", "1234.56"),
    ("Total due f680.00", "680.00"),
    ("Balance f 45.10", "45.10"),
])
def test_an_f_before_an_amount_is_a_pound_where_pounds_are_expected(registry, text, value):
    found = best(registry, "money", text, currency="GBP")
    assert found is not None and str(found.value) == value
    assert found.value.currency == "GBP"


@pytest.mark.parametrize("currency", [None, "EUR"])
def test_nowhere_else(registry, currency):
    found = best(registry, "money", "Total due f680.00", currency=currency)
    assert found is None or str(found.value) != "680.00"


def test_an_f_inside_a_word_is_no_mark(registry):
    found = best(registry, "money", "ref1234.56", currency="GBP")
    assert found is None
