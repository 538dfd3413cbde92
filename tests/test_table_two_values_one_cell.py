"""Two prices in one printed cell, both under the column's header (an old price and a
promotion price, "2.49  1.99" under "Unit Price"), read one of them and name the cell
``ambiguous``: the first was taken without a word and the record accepted (pricelist
journey, finding 4). A rule tying the column to others decides (12 x 1.99 = 23.88: the
promotion price); an amount that came to
the cell from a column the template leaves out is not under the header and stays out."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

LIST = '''template promo {
  match { contains "Price List" }
  table items {
    ean: id(/\\d{13}/) header "EAN"
    description: text header "Description"
    pack: int header "Pack"
    unit_price: money header "Unit Price"
    case_price: money header "Case Price"
    until "Prices in EUR"
  }
RULE
}'''

ROWS = [("4000000000006", "Cola Classic", "6", "1.00", "6.00"),
        ("4000000000037", "Ginger Ale", "12", "2.49  1.99", "23.88"),
        ("4000000000044", "Skyr natural", "6", "5.00", "30.00")]


def _list(path, rows=ROWS, price_at: float = 440) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Price List", fontsize=14)
    heads = [("EAN", 40, "l"), ("Description", 140, "l"), ("Pack", 300, "l"),
             ("Unit Price", 440, "r"), ("Case Price", 520, "r")]
    for head, x, align in heads:
        width = pymupdf.get_text_length(head, fontsize=8) if align == "r" else 0
        page.insert_text((x - width, 90), head, fontsize=8)
    y = 104
    for row in rows:
        for k, (value, (_, x, align)) in enumerate(zip(row, heads, strict=True)):
            x = price_at if k == 3 else x
            width = pymupdf.get_text_length(value, fontsize=8) if align == "r" else 0
            page.insert_text((x - width, y), value, fontsize=8)
        y += 12
    page.insert_text((40, y + 10), "Prices in EUR excl. VAT", fontsize=8)
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, rule: str = "", rows=ROWS, price_at: float = 440):
    sift = tmp_path / "t.sift"
    sift.write_text(LIST.replace("RULE", rule), encoding="utf-8")
    pdf = _list(tmp_path / "t.pdf", rows, price_at)
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def test_two_prices_under_the_header_are_ambiguous(tmp_path):
    result = _extract(tmp_path)
    assert result.status is Status.REVIEW
    reasons = [r for r in result.reasons if r.code == "ambiguous"]
    assert len(reasons) == 1 and reasons[0].field == "items.unit_price", result.reasons
    assert "row 2" in reasons[0].message and "1.99" in reasons[0].message
    assert "2.49" in reasons[0].message


def test_one_price_per_cell_is_accepted(tmp_path):
    rows = [ROWS[0], (*ROWS[1][:3], "1.99", "23.88"), ROWS[2]]
    result = _extract(tmp_path, rows=rows)
    assert result.status is Status.ACCEPTED
    assert [str(r["unit_price"].value) for r in result.tables["items"]] == ["1.00", "1.99",
                                                                             "5.00"]


def test_a_tying_rule_decides_between_the_two(tmp_path):
    result = _extract(tmp_path, "  rule case: each items: case_price == unit_price * pack")
    assert [str(r["unit_price"].value) for r in result.tables["items"]] == ["1.00", "1.99",
                                                                             "5.00"]
    assert result.status is Status.ACCEPTED
