"""A quantity glued to its unit code ("3CS", "12EA", "2.5KG": printed so by some
distributors, and what OCR reads of "2 CS" on a phone photo) under one header that two
columns share, a number and a text: the number is the quantity, the code the unit. The
quantity was lost and the unit column got "3CS", the record accepted when the quantity
is optional (the food distribution journey, finding 2). Only there: a code that is no
number glued to letters is left whole."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.test_tables_shared_header import QTY, ROWS, UOM_PATTERN, UOM_PLAIN, _extract, _template
from tests.test_tables_shared_header import _lines as lines_of

GLUED = {"cell": lambda qty, unit: f"{qty}{unit}"}


@pytest.mark.parametrize("columns", [
    f"{QTY}\n    {UOM_PLAIN}", f"{UOM_PLAIN}\n    {QTY}", f"{QTY}\n    {UOM_PATTERN}",
    'qty: decimal? header "Quantity"\n    uom: text? header "Quantity"'],
    ids=["qty-first", "unit-first", "unit-pattern", "both-optional"])
def test_a_number_glued_to_its_unit_is_split(tmp_path, columns):
    result = _extract(tmp_path, _template(columns, price=True), **GLUED)
    lines = lines_of(result)
    assert [r["qty"] for r in lines] == ["12", "2.5", "3", "10"]
    assert [r["uom"] for r in lines] == ["EA", "KG", "CS", "PK"]
    assert result.status is Status.ACCEPTED, result.reasons


def test_glued_quantity_boxes_are_their_own_parts(tmp_path):
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}"), **GLUED)
    row = result.tables["lines"][0]
    assert row["qty"].raw == "12" and row["uom"].raw == "EA"
    assert row["qty"].box[2] <= row["uom"].box[0] + 1e-9


def test_int_quantity_glued_to_a_case_code(tmp_path):
    template = _template('qty: int? header "Quantity"\n    uom: text? header "Quantity"',
                         price=True)
    result = _extract(tmp_path, template, **GLUED)
    lines = lines_of(result)
    assert [lines[k]["qty"] for k in (0, 2, 3)] == ["12", "3", "10"]
    assert [lines[k]["uom"] for k in (0, 2, 3)] == ["EA", "CS", "PK"]


def test_a_unit_that_is_no_number_glued_to_letters_is_left_whole(tmp_path):
    """"12 EA2" or a code starting with letters is no glued quantity: nothing is split
    out of the unit's words."""
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}"),
                      cell=lambda qty, unit: f"{qty} X{unit}2")
    lines = lines_of(result)
    assert [r["qty"] for r in lines] == ["12", "2.5", "3", "10"]
    assert [r["uom"] for r in lines] == [f"X{r[4]}2" for r in ROWS]
