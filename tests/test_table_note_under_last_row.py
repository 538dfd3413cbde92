"""A note under a table's last row whose number stands in a sentence ("Payable within 14
days without deduction", set under the Qty column) was read as a row: its qty 14, every
other cell missing, the record sent to review (row 4 has no description, unit price,
amount); without a stop label the totals line under it became a fifth row (task LB 3).
A real last row with a cell missing still counts and still goes to review (guards, true
before the change too)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.templates import compile_template
from tests.test_table_left_out_line_review import LAST, PITCH, ROWS, SIFT, WRAP, _invoice

NO_UNTIL = SIFT.replace('    until "Subtotal"\n', "")
NOTE = "Payable within 14 days without deduction"


@pytest.fixture(scope="module")
def engine():
    return Engine(seen_store="memory")


def _read(engine, data: bytes, sift: str = SIFT):
    result = engine.extract(data, compile_template(sift))
    return result, result.record()["items"]


@pytest.mark.parametrize("sift", [SIFT, NO_UNTIL], ids=["until", "no until"])
@pytest.mark.parametrize("gap", [WRAP, PITCH])
@pytest.mark.parametrize("note", [NOTE, "Goods remain ours until paid: 30 days net"])
def test_a_note_with_a_number_under_the_last_row_is_no_row(engine, sift, gap, note):
    result, rows = _read(engine, _invoice(note, gap=gap, x=200), sift)
    assert [r["description"] for r in rows] == [r[0] for r in ROWS]
    assert str(result.status) == "accepted", result.reasons


def test_a_last_row_with_a_blank_cell_still_counts_and_goes_to_review(engine):
    """Guard: the last row's unit price left blank, the note under it."""
    rows_in = [*ROWS[:2], (LAST, "", "1", "", "189.00")]
    result, rows = _read(engine, _invoice(NOTE, x=200, rows=rows_in))
    assert rows[2]["description"] == LAST and rows[2]["qty"] == 1
    assert rows[2]["unit_price"] is None
    assert str(result.status) == "review"
    assert any(r.code == "field_missing" and r.field == "items.unit_price" and 2 in r.rows
               for r in result.reasons)


def test_a_last_row_without_its_description_still_counts_and_goes_to_review(engine):
    """Guard: numbers alone in their cells, the description blank: a row, in review."""
    rows_in = [*ROWS[:2], ("", "", "1", "189.00", "189.00")]
    result, rows = _read(engine, _invoice(NOTE, x=200, rows=rows_in))
    assert rows[2]["qty"] == 1 and rows[2]["description"] is None
    assert str(result.status) == "review"
    assert any(r.code == "field_missing" and r.field == "items.description" and 2 in r.rows
               for r in result.reasons)
