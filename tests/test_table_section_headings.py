"""A price list's section headings, one above the first row ("BEVERAGES") and one
between rows ("DAIRY"), are passed over and every row is read: the heading above the
first row was taken for a name printed above its numbers, which turned off passing over
the one between rows, and the 3 rows under "DAIRY" were lost, the record accepted
(pricelist journey, finding 1; fixed by b21a683, this guards it on a price list with a
multiline description and right-aligned amounts)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

PRICE_LIST = '''template pricelist {
  match { contains "Price List" }
  table items {
    art_no: id(/\\d{6}/) header "Art. No."
    ean: id(/\\d{12,13}/) header "EAN"
    description: text header "Description" multiline
    pack: text header "Pack"
    unit_price: money header "Unit Price"
    case_price: money header "Case Price"
    vat: percent header "VAT"
    until "Prices in EUR"
  }
}'''

ROWS = [("BEVERAGES",),
        ("111111", "4000000000006", "Cola Classic", "6 x 1.5 L", "1.00", "6.00", "19 %"),
        ("222222", "4000000000013", "Orange Lemonade", "24/330ml", "2.00", "48.00", "19 %"),
        ("333333", "4000000000020", "Tonic Water", "12 x 1 L", "3.00", "36.00", "19 %"),
        ("DAIRY",),
        ("444444", "4000000000037", "Greek Yoghurt", "8 x 250 ml", "4.00", "32.00", "7 %"),
        ("555555", "4000000000044", "Skyr natural", "6 x 500 g", "5.00", "30.00", "7 %"),
        ("666666", "4000000000051", "Butter unsalted", "10 x 200 g", "6.00", "60.00", "7 %")]
COLUMNS = [("Art. No.", 40, "l"), ("EAN", 85, "l"), ("Description", 160, "l"), ("Pack", 330, "l"),
           ("Unit Price", 440, "r"), ("Case Price", 505, "r"), ("VAT", 555, "r")]


def _price_list(path, before: float, after: float, first_heading: bool = True) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Mini Price List", fontsize=14)
    y = 90
    for head, x, align in COLUMNS:
        width = pymupdf.get_text_length(head, fontsize=8, fontname="hebo") if align == "r" else 0
        page.insert_text((x - width, y), head, fontsize=8, fontname="hebo")
    y += 14
    for k, row in enumerate(ROWS):
        if len(row) == 1:
            if k == 0 and not first_heading:
                continue
            y += before
            page.insert_text((40, y), row[0], fontsize=9, fontname="hebo")
            y += after
            continue
        for value, (_, x, align) in zip(row, COLUMNS, strict=True):
            width = pymupdf.get_text_length(value, fontsize=8) if align == "r" else 0
            page.insert_text((x - width, y), value, fontsize=8)
        y += 11
    page.insert_text((40, y + 10), "Prices in EUR excl. VAT", fontsize=8)
    doc.save(str(path))
    doc.close()
    return str(path)


@pytest.mark.parametrize(("before", "after", "first"),
                         [(2, 13, True), (0, 11, True), (2, 13, False)])
def test_every_section_is_read(tmp_path, before, after, first):
    sift = tmp_path / "t.sift"
    sift.write_text(PRICE_LIST, encoding="utf-8")
    pdf = _price_list(tmp_path / "t.pdf", before, after, first)
    result = Engine(seen_store="memory").extract(pdf, template=str(sift))
    got = [(r["art_no"].value, r["description"].value) for r in result.tables["items"]]
    assert got == [(row[0], row[2]) for row in ROWS if len(row) > 1]
    assert result.status is Status.ACCEPTED
