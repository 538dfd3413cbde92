"""A column whose cells another column under the same header read is told so (meter
journey): with ``current: int`` and ``current_digits: id(/\\d+/)`` under one header the
number column reads each cell first, and every row said 'current_digits' was blank (or,
handwritten, 'unreadable ink') when the cell had been read by 'current'. The runtime now
names the column that read it (``formsift check`` warns of the template already)."""

from __future__ import annotations

from formsift.templates import compile_template

SRC = """template route {
  match { contains "ROUTE SHEET" }
  table readings {
    meter: id(/M\\d{3}/) header "Meter"
    current: int header "Current reading"
    current_digits: DIGITS header "Current reading"
  }
}"""

DOC = b"""ROUTE SHEET

Meter        Current reading
M101         0045127
M102         0118706
"""


def _reason(digits_type: str) -> str:
    from formsift import Engine

    result = Engine(templates=[], seen_store="memory").extract(
        DOC, compile_template(SRC.replace("DIGITS", digits_type)), name="route.txt")
    assert [r["current"].value for r in result.tables["readings"]] == [45127, 118706]
    (reason,) = [r for r in result.reasons if r.field == "readings.current_digits"]
    return reason.message


def test_a_required_column_names_the_column_that_read_its_cells():
    message = _reason("id(/\\\\d+/)")
    assert message == ("row(s) 1, 2 of table 'readings' have no 'current_digits': the cell "
                       "under its header was read by 'current', which names the same "
                       "header and reads its cells first"), message


def test_handwritten_ink_read_by_the_other_column_is_no_unreadable_ink():
    """The optional column of the journey's handwritten route sheet (its cells marked as
    holding pen ink, tables.INKED): not 'unreadable ink', the other column read it."""
    from formsift.templates.runtime import _inked_blanks
    from formsift.templates.tables import INKED

    spec = compile_template(SRC.replace("DIGITS", "id(/\\\\d+/)?")).tables["readings"]
    col = next(c for c in spec.columns if c.name == "current_digits")
    rows = [{"meter": "M101", "current": 45127, "current_digits": None}]
    texts = [{"current_digits" + INKED: "1"}]
    (reason,) = _inked_blanks("readings", col, rows, texts, spec.columns)
    assert "unreadable ink" not in reason.message
    assert "was read by 'current'" in reason.message, reason.message
    # a cell the other column did not read either is still unreadable ink
    (reason,) = _inked_blanks("readings", col, [{**rows[0], "current": None}], texts,
                              spec.columns)
    assert "unreadable ink" in reason.message
