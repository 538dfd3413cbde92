"""A number column alone on its header whose cells hold words that do not read as its type
("12EA", a quantity glued to its unit code; "TBD") is blank in those rows, never filled
with another header's column. The rows were read again by the declared columns alone
(the mechanism for "Amount   RM", amounts under a label beside their header), which gave
the undeclared Price column's amounts to the quantity: qty 22.40, accepted (the second
tables fixer's finding on the food distribution journey)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.test_tables_shared_header import ROWS, _extract, _lines, _template

PRICES = [r[5] for r in ROWS]


@pytest.mark.parametrize("cell", [lambda qty, unit: f"{qty}{unit}", lambda qty, unit: "TBD"],
                         ids=["glued-unit", "words"])
@pytest.mark.parametrize("qty", ['qty: decimal header "Quantity"',
                                 'qty: int header "Quantity"',
                                 'qty: decimal? header "Quantity"'],
                         ids=["decimal", "int", "optional"])
def test_a_cell_that_does_not_read_is_blank_not_the_next_columns(tmp_path, cell, qty):
    result = _extract(tmp_path, _template(qty), cell=cell)
    lines = _lines(result)
    assert len(lines) == 4
    assert not any(r["qty"] in PRICES for r in lines), lines
    assert all(r["qty"] is None for r in lines)
    assert [r["amount"] for r in lines] == [r[6] for r in ROWS]
    assert [r["description"] for r in lines] == [r[2] for r in ROWS]
    if "?" not in qty:
        assert result.status is Status.REVIEW
        assert any("qty" in (r.field or "") or "qty" in r.message for r in result.reasons)


def test_the_quantity_printed_apart_from_its_unit_is_still_read(tmp_path):
    """Guard: "12 EA" under a lone "Quantity" reads 12, as before."""
    result = _extract(tmp_path, _template('qty: decimal header "Quantity"'))
    assert [r["qty"] for r in _lines(result)] == ["12", "2.5", "3", "10"]
    assert result.status is Status.ACCEPTED, result.reasons
