"""A pack cell, a count times a size with its unit ("8 x 250 ml"), under an ``int``
column reads the count: a price list's "Pack" column read as ``pack_qty: int`` and
``pack: text`` on one header gave 250 for "8 x 250 ml" and 500 for "6 x 500 g" (the number
most under the short header "Pack"), accepted without a rule tying the case price to it
(pricelist journey, finding 3). The number after the sign carries its unit: it is the
size, no count. Glued forms ("10×200g", "24/330ml") read their count too."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine

TEMPLATE = '''template pack {
  locale "en_GB"
  match { contains "Price List" }
  table items {
    art_no: id(/\\d{6}/) header "Art. No."
    description: text header "Description"
    pack_qty: int header "Pack"
    %s
    unit_price: money header "Unit Price"
    until "Prices in EUR"
  }
}'''

PACKS = [("8 x 250 ml", 8), ("10 x 200 g", 10), ("24 x 330 ml", 24), ("6 x 500 g", 6),
         ("12 x 1 L", 12), ("10×200g", 10), ("24/330ml", 24), ("6 X 1.5 L", 6)]


def _price_list(path, packs) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Mini Price List", fontsize=14)
    y = 90
    for head, x in (("Art. No.", 40), ("Description", 110), ("Pack", 330)):
        page.insert_text((x, y), head, fontsize=8, fontname="hebo")
    page.insert_text((440 - pymupdf.get_text_length("Unit Price", fontsize=8, fontname="hebo"),
                      y), "Unit Price", fontsize=8, fontname="hebo")
    for k, pack in enumerate(packs):
        y += 11
        page.insert_text((40, y), f"{k + 1:06d}", fontsize=8)
        page.insert_text((110, y), f"Article {k + 1}", fontsize=8)
        page.insert_text((330, y), pack, fontsize=8)
        price = f"{k + 1}.00"
        page.insert_text((440 - pymupdf.get_text_length(price, fontsize=8), y), price,
                         fontsize=8)
    page.insert_text((40, y + 20), "Prices in EUR excl. VAT", fontsize=8)
    out = str(path / "pl.pdf")
    doc.save(out)
    return out


@pytest.mark.parametrize("text_column", ['pack: text header "Pack"', ""])
def test_an_int_column_reads_the_pack_count(tmp_path, text_column):
    tpl = tmp_path / "pack.sift"
    tpl.write_text(TEMPLATE % text_column, encoding="utf-8")
    pdf = _price_list(tmp_path, [p for p, _ in PACKS])
    result = Engine(seen_store="memory").extract(pdf, template=str(tpl))
    got = [r["pack_qty"].value if r["pack_qty"] is not None else None
           for r in result.tables["items"]]
    assert got == [n for _, n in PACKS]
    if text_column:  # the size stays in the text column, glued forms too
        assert [r["pack"].value for r in result.tables["items"]] == [
            "x 250 ml", "x 200 g", "x 330 ml", "x 500 g", "x 1 L", "×200g", "/330ml",
            "X 1.5 L"]


def test_a_count_alone_is_read_as_before(tmp_path):
    """The guard: a plain count, and a count beside a word, are read as they were."""
    tpl = tmp_path / "pack.sift"
    tpl.write_text(TEMPLATE % 'pack: text header "Pack"', encoding="utf-8")
    pdf = _price_list(tmp_path, ["12", "6 bottles", "24"])
    result = Engine(seen_store="memory").extract(pdf, template=str(tpl))
    rows = result.tables["items"]
    assert [r["pack_qty"].value for r in rows] == [12, 6, 24]
    assert [r["pack"].value if r["pack"] is not None else None for r in rows] == \
        [None, "bottles", None]
