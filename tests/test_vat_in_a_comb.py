"""A VAT number written in a comb field, one character per cell, is read joined, as an
IBAN's is (VAT-return journey: `vat(country="DE")` over the comb after a printed "DE"
read no value, though the docs list the types that join a comb)."""

from __future__ import annotations

from tests.parsing import ctx, ftype


def test_a_vat_numbers_comb_is_read_joined(registry) -> None:
    named = ftype(registry, "vat", country="DE")
    # the digits alone, the country's prefix printed before the comb
    assert [f.value for f in named.find("1 3 6 6 9 5 9 7 6", ctx())] == ["DE136695976"]
    # with the prefix in the comb's first cells, or as one word (two cells read as one)
    assert [f.value for f in named.find("D E 1 3 6 6 9 5 9 7 6", ctx())] == ["DE136695976"]
    assert [f.value for f in named.find("DE 1 3 6 6 9 5 9 7 6", ctx())] == ["DE136695976"]
    assert [f.value for f in ftype(registry, "vat").find("D E 1 3 6 6 9 5 9 7 6", ctx())] \
        == ["DE136695976"]
    # no valid VAT number: none
    assert named.find("1 3 6 6 9 5 9 7 5", ctx()) == []  # a check digit wrong
    assert named.find("1 3 6 6 9 5 9 7", ctx()) == []    # a cell short
    # digits alone without a country named: a locale's country is no proof (as in print)
    assert ftype(registry, "vat").find("1 3 6 6 9 5 9 7 6", ctx("de_DE")) == []
