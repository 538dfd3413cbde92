"""Under an optional unit, a number alone reads in the forms plain decimal reads it in
(stop 34's code read c, finding 5; follow-up of 4125fe6). `decimal(unit="°C",
unit_written="optional")` read nothing from "3°", "-18°", "3 °" (a degree sign without
its C, as handwritten logs write it), "3." or "+3", which plain `decimal` reads: moving a
column to the optional form lost those cells. A number in brackets reads as plain decimal
reads it, negative ("(3)": -3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize(("text", "value"), [
    ("3°", 3), ("-18°", -18), ("3 °", 3), ("3.", 3), ("+3", 3), ("3°.", 3),
    ("(3)", -3), ("3", 3), ("3°C", 3)])
def test_a_number_alone_reads_as_plain_decimal_reads_it(registry, text, value):
    found = best(registry, "decimal", text, unit="°C", unit_written="optional")
    plain = best(registry, "decimal", text)
    assert found is not None and found.value == Decimal(value) == plain.value


@pytest.mark.parametrize("text", ["Fridge 3", "3 kg", "CCP 3", "2-4", "3 4", "37°F", "3 Cl",
                                  "3 ° 4", "3..", "- 3", "3°°"])
def test_still_no_number_beside_other_words(registry, text):
    assert ftype(registry, "decimal", unit="°C", unit_written="optional").find(text, ctx()) \
        == []


def test_a_lone_degree_sign_is_a_degree_units_only(registry):
    assert best(registry, "int", "250°", unit="ml", unit_written="optional") is None
    assert best(registry, "int", "250.", unit="ml", unit_written="optional").value == 250
    assert best(registry, "int", "-18°", unit="°C", unit_written="optional").value == -18


def test_a_column_of_handwritten_forms(tmp_path):
    template = """template t {
  table temps {
    unit: text header "Unit"
    temp: decimal(unit="°C", unit_written="optional") header "Temp"
  }
}
"""
    text = ("Unit        Temp\n"
            "Fridge 1    3°\n"
            "Fridge 2    +4\n"
            "Freezer     -18°\n")
    result = extract_text(tmp_path, template, text)
    assert [r["temp"].value for r in result.tables["temps"]] == \
        [Decimal(3), Decimal(4), Decimal(-18)]
