"""A price list printed in two columns side by side on one page, its header line
repeating every declared header ("EAN  Description  Price   EAN  Description  Price"):
both parts are read, the left one's rows first, and no row pairs the left part's items
with the right part's prices. Before, the left items took the right part's prices (with
a bold header) and the right part's rows were lost, the record accepted (pricelist
journey, finding 2)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TWO_UP = '''template twocol {
  match { contains "Snack Direct" }
  table items {
    ean: id(/\\d{12,13}/) header "EAN"
    description: text header "Description"
    unit_price: money header "Price"
    until "End of list"
  }
}'''

LEFT = [("4000000000006", "Cola Classic", "1.11"), ("4000000000013", "Orange Lemonade", "2.22"),
        ("4000000000020", "Tonic Water", "3.33")]
RIGHT = [("4000000000037", "Greek Yoghurt", "7.77"), ("4000000000044", "Skyr natural", "8.88"),
         ("4000000000051", "Butter", "9.99")]


def _two_up(path, font: str, parts=((30, LEFT), (305, RIGHT))) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 40), "Snack Direct - Price List", fontsize=13)
    for x0, rows in parts:
        y = 80
        for head, dx in (("EAN", 0), ("Description", 62), ("Price", 250)):
            page.insert_text((x0 + dx, y), head, fontsize=7, fontname=font)
        y += 12
        for ean, name, price in rows:
            page.insert_text((x0, y), ean, fontsize=7)
            page.insert_text((x0 + 62, y), name, fontsize=7)
            width = pymupdf.get_text_length(price, fontsize=7)
            page.insert_text((x0 + 270 - width, y), price, fontsize=7)
            y += 9.5
    page.insert_text((40, 800), "End of list", fontsize=8)
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, pdf: str, template: str = TWO_UP):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _rows(result) -> list[tuple]:
    return [(r["ean"].value, r["description"].value, str(r["unit_price"].value))
            for r in result.tables["items"]]


@pytest.mark.parametrize("font", ["helv", "hebo"])
def test_both_parts_are_read_each_with_its_prices(tmp_path, font):
    result = _extract(tmp_path, _two_up(tmp_path / "t.pdf", font))
    assert _rows(result) == [*LEFT, *RIGHT]
    assert result.status is Status.ACCEPTED


def test_one_copy_of_the_header_reads_as_before(tmp_path):
    result = _extract(tmp_path, _two_up(tmp_path / "t.pdf", "helv", parts=((30, LEFT),)))
    assert _rows(result) == LEFT


def test_a_header_inside_another_is_no_copy(tmp_path):
    """"Price" in "Unit Price" and "Case Price" is no second copy of the table."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 40), "Snack Direct - Price List", fontsize=13)
    for x, head in ((40, "EAN"), (140, "Description"), (330, "Unit Price"), (450, "Case Price")):
        page.insert_text((x, 80), head, fontsize=8)
    for k, (ean, name, price) in enumerate(LEFT):
        y = 95 + 12 * k
        page.insert_text((40, y), ean, fontsize=8)
        page.insert_text((140, y), name, fontsize=8)
        page.insert_text((330, y), price, fontsize=8)
        page.insert_text((450, y), f"{6 * float(price):.2f}", fontsize=8)
    page.insert_text((40, 200), "End of list", fontsize=8)
    pdf = tmp_path / "t.pdf"
    doc.save(str(pdf))
    doc.close()
    template = TWO_UP.replace('header "Price"', 'header "Unit Price"')
    assert _rows(_extract(tmp_path, str(pdf), template)) == LEFT
