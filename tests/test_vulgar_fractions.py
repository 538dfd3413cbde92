"""Vulgar fractions in numbers (controlled-drug register journey, finding 1): a born-digital
register's text layer held "20½", "19½" ... and formsift read 20, 19 ...: the ½ dropped
everywhere, every balance rule still held, the record ACCEPTED with every quantity wrong;
a cell "½" read as blank (then the column's default 0) and "1½" as 1. A fraction is part
of its number under decimal, money and percent, and never dropped under int."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.locale import get_locale
from formsift.plugins.fieldtypes.amounts import number_spans, parse_number
from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, value", [
    ("20½", "20.5"), ("½", "0.5"), ("1 ¾", "1.75"), ("1 1/2", "1.5"), ("-1½", "-1.5"),
    ("2⅛", "2.125"), ("1,250½", "1250.5"), ("Balance brought forward: 20½", "20.5")])
def test_a_number_with_a_fraction_reads_whole(registry, text, value):
    assert best(registry, "decimal", text).value == Decimal(value)
    assert best(registry, "money", text, currency="GBP").value == Decimal(value)


def test_a_percentage_with_a_fraction(registry):
    assert best(registry, "percent", "12½%").value == Decimal("12.5")


def test_a_slashed_fraction_only_after_a_whole_number():
    """Alone, "1/2" is as often a page or a date as a half: it reads nothing, as before;
    after a whole number and a space, "1 1/2" is one and a half (it read 1)."""
    en = get_locale("en")
    assert number_spans("1 1/2", en) == [(0, 5, Decimal("1.5"))]
    assert [number_spans(t, en) for t in ("Page 1/2", "12/05/2024", "1/2")] == [[], [], []]


def test_parse_reads_the_fraction():
    assert parse_number("20½", get_locale("en")) == Decimal("20.5")
    assert parse_number("1 1/2", get_locale("en")) == Decimal("1.5")


@pytest.mark.parametrize("text", ["½", "20½", "1 1/2"])
def test_an_int_never_drops_a_fraction(registry, text):
    int_type = ftype(registry, "int")
    assert int_type.find(text, ctx()) == []
    with pytest.raises(ValueError):
        int_type.parse(text, ctx())
    assert "fraction" in int_type.misfit(text, ctx())


@pytest.mark.parametrize("text", ["⅓", "1⅓", "2.5½"])
def test_a_fraction_without_an_exact_decimal_is_no_value(registry, text):
    for name in ("decimal", "money"):
        t = ftype(registry, name)
        assert t.find(text, ctx()) == []
        assert "fraction" in t.misfit(text, ctx())


REGISTER = ("CD REGISTER\nBrought forward: 20½\n\n"
            "Patient        Given     Balance\n"
            "J. Adeyemi     1         19½\n"
            "M. Kowalski    ½         19\n"
            "R. Patel       1½        17½\n"
            "Carried forward: 17½\n")


def _template(given: str) -> str:
    return ('template reg {\n  locale "en_GB"\n'
            '  field bf: decimal = right of "Brought forward:"\n'
            '  table entries {\n    who: text header "Patient"\n'
            f'    given: {given} header "Given" default 0\n'
            '    balance: decimal header "Balance"\n    until "Carried forward"\n  }\n'
            '  rule running: each entries: balance == previous(balance) - given\n}\n')


def test_a_text_layer_register_keeps_its_halves(tmp_path):
    result = extract_text(tmp_path, _template("decimal?"), REGISTER)
    assert result.fields["bf"].value == Decimal("20.5")
    rows = result.tables["entries"]
    assert [r["given"].value for r in rows] == [1, Decimal("0.5"), Decimal("1.5")]
    assert [r["balance"].value for r in rows] == [Decimal("19.5"), 19, Decimal("17.5")]
    assert result.status == "accepted"


def test_halves_under_an_int_column_go_to_review(tmp_path):
    result = extract_text(tmp_path, _template("int?"), REGISTER)
    assert result.status == "review"
    bad = [r for r in result.reasons if r.code == "invalid_value"]
    assert bad and bad[0].field == "entries.given" and "fraction" in bad[0].message
