"""Thousands grouped by Swiss accents, by spaces in whole numbers, and by spaces in
Portuguese (pt_PT) amounts (stop 26)."""

from __future__ import annotations

import pytest

from formsift.core.locale import get_locale
from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, locale, value", [
    ("CHF 1´180.00", "de_CH", "1180.00"),
    ("CHF 1`180.00", "de_CH", "1180.00"),
    ("Total CHF 1´234.50", "de_CH", "1234.50"),
    ("1´234´567.05", "fr_CH", "1234567.05"),
    ("CHF 1´234.50", "en", "1234.50"),
])
def test_swiss_thousands_written_with_an_accent_are_thousands(registry, text, locale, value):
    assert str(best(registry, "money", text, locale).value) == value
    assert str(ftype(registry, "money").parse(text.removeprefix("Total "),
                                              ctx(locale))) == value
    assert str(ftype(registry, "decimal").parse("1´180.00", ctx(locale))) == "1180.00"
    assert ftype(registry, "int").parse("1´180", ctx(locale)) == 1180



@pytest.mark.parametrize("locale", ["en_GB", "en", "de_DE"])
def test_a_space_grouped_whole_number_is_read_as_decimal_reads_it(registry, locale):
    ints = ftype(registry, "int").find("84 213", ctx(locale))
    decimals = ftype(registry, "decimal").find("84 213", ctx(locale))
    assert [(f.start, f.end, int(f.value), f.score, f.tied) for f in ints] == \
        [(f.start, f.end, int(f.value), f.score, f.tied) for f in decimals]
    assert ints[0].value == 84213



def test_an_int_grouped_by_spaces_in_french_is_one_number(registry):
    found = ftype(registry, "int").find("Kilométrage 84 213 km", ctx("fr"))
    assert [f.value for f in found] == [84213]



@pytest.mark.parametrize("tag, thousands", [
    ("pt_PT", " "), ("pt-PT", " "), ("pt_AO", " "), ("pt_MZ", " "), ("pt_BR", "."), ("pt", "."),
])
def test_portuguese_groups_thousands_as_cldr_says(tag, thousands):
    loc = get_locale(tag)
    assert (loc.decimal, loc.thousands) == (",", thousands)



def test_a_portuguese_amount_grouped_by_a_space_is_one_amount(registry):
    found = ftype(registry, "money").find("Total 1 234,56 €", ctx("pt_PT"))
    assert str(found[0].value) == "1234.56" and not any(f.tied for f in found)
    assert str(ftype(registry, "money").parse("1 234,56 €", ctx("pt_PT"))) == "1234.56"
    assert str(ftype(registry, "money").parse("R$ 1.234,56", ctx("pt_BR"))) == "1234.56"
