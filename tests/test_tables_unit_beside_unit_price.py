"""A column headed "Unit" beside a "Unit price" column (a cloud bill's "Service |
Quantity | Unit | Unit price | Amount", its headers set close together): the declared
"Unit" was placed on the "Unit" of "Unit price" (the lone "Unit" scored lower, close after
"Quantity" as if part of a longer label), so every unit was blank and the record went to
review (the telecom journey, finding 3)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine

ROWS = [("Compute instance", "730.0", "hrs", "0.0960", "70.08"),
        ("Block storage", "2,048", "GB-mo", "0.0800", "163.84"),
        ("Data transfer out", "845.25", "GB", "0.0900", "76.07")]


def _bill(path, unit_header: str) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)

    def put(x: float, y: float, text: str, right: bool = False) -> None:
        if right:
            x -= pymupdf.get_text_length(text, fontname="helv", fontsize=10)
        page.insert_text((x, y), text, fontsize=10, fontname="helv")

    y = 120
    for x, head, right in [(50, "Service", False), (330, "Quantity", True),
                           (340, unit_header, False), (470, "Unit price", True),
                           (550, "Amount", True)]:
        put(x, y, head, right)
    for service, qty, unit, price, amount in ROWS:
        y += 16
        put(50, y, service)
        put(330, y, qty, True)
        put(340, y, unit)
        put(470, y, price, True)
        put(550, y, amount, True)
    put(330, y + 22, "Total")
    put(550, y + 22, "309.99", True)
    doc.save(str(path))
    doc.close()
    return str(path)


@pytest.mark.parametrize("header", ["Unit", "UoM"])
def test_a_unit_column_beside_unit_price_gets_its_values(tmp_path, header):
    sift = tmp_path / "t.sift"
    sift.write_text(f'''template t {{
  table items {{
    service: text header "Service"
    qty: decimal header "Quantity"
    unit: text header "{header}"
    unit_price: money header "Unit price"
    amount: money header "Amount"
    until "Total"
  }}
}}''', encoding="utf-8")
    result = Engine(seen_store="memory").extract(_bill(tmp_path / "b.pdf", header),
                                                 template=str(sift))
    rows = result.tables["items"]
    assert [str(r["unit"].value) if r["unit"] else None for r in rows] == \
        ["hrs", "GB-mo", "GB"]
    assert [str(r["unit_price"].value) for r in rows] == ["0.0960", "0.0800", "0.0900"]
