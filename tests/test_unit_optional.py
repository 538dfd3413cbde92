"""A number type's unit may be optional, as percent's sign is: `decimal(unit="°C",
unit_written="optional")` reads "3°C" and a bare "3" in one column. A HACCP temperature
log's cells printed "3" beside "3°C": `decimal(unit="C")` read only the numbers written
with the unit, the plain ones (the majority) stopped reading, and nothing read both
(HACCP journey, finding F6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, extract_text, ftype


@pytest.mark.parametrize("text", ["3°C", "3 °C", "3C", "3ºC", "3"])
def test_an_optional_unit_reads_the_number_with_it_or_alone(registry, text):
    found = best(registry, "decimal", text, unit="°C", unit_written="optional")
    assert found is not None and found.value == Decimal(3)


def test_a_bare_number_is_found_only_standing_alone(registry):
    t = ftype(registry, "decimal", unit="°C", unit_written="optional")
    from tests.parsing import ctx

    assert t.find("Fridge 3", ctx()) == []
    assert t.find("3 kg", ctx()) == []
    assert [f.value for f in t.find("Fridge 3 °C", ctx())] == [Decimal(3)]


def test_the_unit_stays_required_by_default(registry):
    assert best(registry, "decimal", "3", unit="°C") is None
    assert best(registry, "decimal", "3 °C", unit="°C").value == Decimal(3)


def test_int_takes_it_too(registry):
    assert best(registry, "int", "250", unit="ml", unit_written="optional").value == 250
    assert best(registry, "int", "250 ml", unit="ml", unit_written="optional").value == 250
    assert best(registry, "int", "250", unit="ml") is None


def test_a_column_of_cells_with_and_without_the_unit(tmp_path):
    template = """template t {
  table temps {
    unit: text header "Unit"
    temp: decimal(unit="°C", unit_written="optional") header "Temp"
  }
}
"""
    text = ("Unit        Temp\n"
            "Fridge 1    3°C\n"
            "Fridge 2    4\n"
            "Freezer     -18 °C\n")
    result = extract_text(tmp_path, template, text)
    assert [r["temp"].value for r in result.tables["temps"]] == \
        [Decimal(3), Decimal(4), Decimal(-18)]


def test_a_glued_unit_says_the_optional_form(registry):
    from tests.parsing import ctx

    why = ftype(registry, "decimal").misfit("3C", ctx())
    assert why is not None and 'decimal(unit="C")' in why and 'unit_written="optional"' in why
