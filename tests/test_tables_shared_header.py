"""Two columns of a table naming the same header: a purchase order printing quantity and
unit in one cell ("12 EA") under one "Quantity" header, read as ``qty: decimal`` and
``uom: text`` (the order-intake journey, finding 1). Each column reads that header's cell,
its own part of it; neither takes another header's column (the quantity read the Price
column's 22.40 and the record was accepted)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 9

#: (item, part, description, quantity, unit, price, amount)
ROWS = [("1", "GL-1001", "Food-grade oil H1, 5 L", "12", "EA", "22.40", "268.80"),
        ("2", "GL-1002", "Citric acid powder", "2.5", "KG", "9.60", "24.00"),
        ("3", "GL-1003", "Nitrile gloves L, 100/bx", "3", "CS", "64.00", "192.00"),
        ("4", "GL-1004", "Hairnets white", "10", "PK", "5.25", "52.50")]


def _pdf(path, cell=lambda qty, unit: f"{qty} {unit}") -> str:
    """A purchase order whose "Quantity" column prints ``cell(qty, unit)`` right-aligned,
    between a left-aligned "Description" and right-aligned "Price" and "Amount"."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)

    def put(x: float, y: float, text: str, right: bool = False) -> None:
        if right:
            x -= pymupdf.get_text_length(text, fontname="helv", fontsize=FONT)
        page.insert_text((x, y), text, fontsize=FONT, fontname="helv")

    put(40, 50, "GREENLEAF FOODS CO.")
    y = 180
    for x, head, right in [(40, "Item", False), (75, "Your Item No.", False),
                           (210, "Description", False), (420, "Quantity", True),
                           (490, "Price", True), (570, "Amount", True)]:
        put(x, y, head, right)
    for item, part, description, qty, unit, price, amount in ROWS:
        y += 15
        put(40, y, item)
        put(75, y, part)
        put(210, y, description)
        put(420, y, cell(qty, unit), True)
        put(490, y, f"${price}", True)
        put(570, y, f"${amount}", True)
    put(400, y + 22, "Order Total")
    put(570, y + 22, "$537.30", True)
    doc.save(str(path))
    doc.close()
    return str(path)


def _template(columns: str, price: bool = False) -> str:
    price_column = 'unit_price: money header "Price"' if price else ""
    return f'''template po {{
  locale "en_US"
  currency "USD"
  field total: money = right of "Order Total"
  table lines {{
    description: text header "Description"
    {columns}
    {price_column}
    amount: money header "Amount"
    until "Order Total"
  }}
}}'''


def _extract(tmp_path, template: str, **kw):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", **kw),
                                               template=str(sift))


def _lines(result) -> list[dict]:
    return [{k: (str(v.value) if v is not None else None) for k, v in row.items()}
            for row in result.tables["lines"]]


UOM_PATTERN = 'uom: text(pattern=/[A-Z]{2,3}$/) header "Quantity"'
UOM_PLAIN = 'uom: text header "Quantity"'
QTY = 'qty: decimal header "Quantity"'


@pytest.mark.parametrize("columns", [
    f"{UOM_PATTERN}\n    {QTY}", f"{QTY}\n    {UOM_PATTERN}",
    f"{UOM_PLAIN}\n    {QTY}", f"{QTY}\n    {UOM_PLAIN}"],
    ids=["unit-pattern-first", "qty-first", "unit-plain-first", "qty-first-unit-plain"])
@pytest.mark.parametrize("price", [False, True], ids=["no-price-column", "price-column"])
def test_two_columns_on_one_header_each_read_their_part_of_its_cell(tmp_path, columns,
                                                                      price):
    """Whatever their order, and whether the Price column is declared or not: the
    quantity is the cell's number, the unit the rest of it (a text column without a
    pattern too); the description is its own column's, not the undeclared item and part
    number columns merged in."""
    result = _extract(tmp_path, _template(columns, price))
    lines = _lines(result)
    assert [r["qty"] for r in lines] == ["12", "2.5", "3", "10"]
    assert [r["uom"] for r in lines] == ["EA", "KG", "CS", "PK"]
    assert [r["description"] for r in lines] == [r[2] for r in ROWS]
    assert [r["amount"] for r in lines] == [r[6] for r in ROWS]
    if price:
        assert [r["unit_price"] for r in lines] == [r[5] for r in ROWS]
    assert result.status is Status.ACCEPTED, result.reasons


def test_each_part_has_its_own_box(tmp_path):
    """The quantity's box is its number's, the unit's the unit's: a reviewer sees which
    words each value came from."""
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}"))
    row = result.tables["lines"][0]
    assert row["qty"].box is not None and row["uom"].box is not None
    assert row["qty"].box[2] <= row["uom"].box[0]


def test_a_cell_without_its_unit_leaves_the_unit_blank_not_another_column(tmp_path):
    """A cell holding the number alone ("12") has no unit: the required unit column is
    blank (review), never the next column's words; the quantity is still read."""
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}"),
                      cell=lambda qty, unit: qty)
    lines = _lines(result)
    assert [r["qty"] for r in lines] == ["12", "2.5", "3", "10"]
    assert all(r["uom"] is None for r in lines)
    assert result.status is Status.REVIEW
    assert any(r.code == "field_missing" and "uom" in (r.field or "") for r in result.reasons)


def test_a_cell_without_a_number_leaves_the_quantity_blank_not_the_price(tmp_path):
    """A cell holding only a unit: the quantity is blank in every row (review), not the
    Price column's amounts read instead."""
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}"),
                      cell=lambda qty, unit: unit)
    lines = _lines(result)
    assert all(r["qty"] is None for r in lines)
    assert [r["uom"] for r in lines] == ["EA", "KG", "CS", "PK"]
    assert result.status is Status.REVIEW


def test_one_column_on_the_header_still_reads_the_number(tmp_path):
    """One column on the header reads the cell's number and drops the unit, as before."""
    result = _extract(tmp_path, _template(QTY))
    assert [r["qty"] for r in _lines(result)] == ["12", "2.5", "3", "10"]
    assert result.status is Status.ACCEPTED, result.reasons


def test_quantity_amount_sum_value_unchanged(tmp_path):
    """The quantities are numbers a rule can use."""
    result = _extract(tmp_path, _template(f"{QTY}\n    {UOM_PLAIN}", price=True))
    row = result.tables["lines"][1]
    assert row["qty"].value * row["unit_price"].value == Decimal("24.00")
