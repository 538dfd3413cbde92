"""Two columns on one header that read the same cell (meter journey, finding 7):
``current: int`` and ``current_digits: id(/\\d+/)``, both ``header "Current reading"``.
The number column reads the cell first and the code column gets only what it leaves,
nothing, so every row said its ink was unreadable. ``formsift check`` now warns and says
which column gets the cells; a number and its unit on one header ("12 EA") do not warn."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import check_source

TABLE = """template route {
  match { contains "ROUTE SHEET" }
  table meters {
    serial: text header "Meter serial"
    COLUMNS
    code: text header "Code"
  }
}
"""

CURRENT = 'current: int? header "Current reading"'
DIGITS = 'current_digits: id(/\\d+/)? header "Current reading" | "Current"'


def _warnings(columns: str, registry) -> list:
    _, diags = check_source(TABLE.replace("COLUMNS", columns), "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return [d for d in diags if d.severity == "warning"]


def _sheet(make_pdf) -> bytes:
    lines = [(50, 60, "ROUTE SHEET"), (50, 100, "Meter serial"),
             (200, 100, "Current reading"), (350, 100, "Code")]
    for k, (serial, reading) in enumerate([("WM-0001", "0045127"), ("WM-0002", "80716")]):
        y = 120 + 16 * k
        lines += [(50, y, serial), (200, y, reading), (350, y, "A")]
    return make_pdf(lines)


@pytest.mark.parametrize("columns", [f"{CURRENT}\n    {DIGITS}", f"{DIGITS}\n    {CURRENT}"])
def test_a_number_and_a_code_reading_one_cell_warn(registry, make_pdf, tmp_path, columns):
    (warning,) = _warnings(columns, registry)
    assert warning.message.startswith(
        "columns 'current' and 'current_digits' name the same header: 'current' (int) "
        "reads its cells first, and 'current_digits' only what that leaves"), warning
    assert "current: digits" in (warning.hint or "")
    assert warning.source_line.strip().startswith("current_digits:")
    # what it says is what happens: the number column takes the cells, in either order
    path = tmp_path / "t.sift"
    path.write_text(TABLE.replace("COLUMNS", columns))
    result = Engine(templates=[path]).extract(_sheet(make_pdf), name="sheet.pdf")
    rows = [(r["current"].value, r["current_digits"]) for r in result.tables["meters"]]
    assert rows == [(45127, None), (80716, None)]


def test_columns_reading_their_own_part_do_not_warn(registry):
    """A number and its unit (12 EA), a range (10.0 - 12.0), other headers: only the
    number and the code read from one cell warn."""
    own_parts = [
        'qty: decimal header "Current reading"\n    uom: text header "Current reading"',
        'qty: decimal header "Current reading"\n'
        '    uom: text(pattern=/[A-Z]{2,3}$/) header "Current reading"',
        'qty: int header "Current reading"\n'
        '    unit: id(/[A-Za-z0-9]+/) header "Current reading"',
        'lo: decimal header "Current reading"\n    hi: decimal header "Current reading"',
        f'{CURRENT}\n    current_digits: id(/\\d+/)? header "Previous reading"',
    ]
    assert [len(_warnings(c, registry)) for c in [*own_parts, f"{CURRENT}\n    {DIGITS}"]] \
        == [0, 0, 0, 0, 0, 1]
