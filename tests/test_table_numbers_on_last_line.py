"""A catalogue may print a row's numbers on the LAST line of its wrapped description
("Orange Lemonade in glass" / "bottle, returnable  24/330ml  2.00"), not on its first:
the lines between two rows are then the start of the row below. They were read as the
rest of the row above ("Cola Classic Orange Lemonade in glass", and "bottle, returnable"
for the next row, accepted: pricelist journey, finding 5). Where the table's wrapped
lines read as the start of the row below (the row's own words start in small letters,
the wrapped line ends in a way that goes on, or it is set closer to the row below) and
none reads as the rest of the row above, every such line goes with the row below. A
table that prints its numbers on a description's first line reads as before."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template pricelist {
  match { contains "Price List" }
  table items {
    art_no: id(/\\d{6}/) header "Art. No."
    description: text header "Description" multiline
    pack: text header "Pack"
    unit_price: money header "Unit Price"
    until "Prices in EUR"
  }
}'''


def _pdf(path, blocks, *, bottom: bool = True, block_gap: float = 0.0) -> str:
    """A price list whose rows are ``blocks`` (art_no, description lines, pack, price),
    the numbers on the last description line (``bottom``) or on the first."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Mini Price List", fontsize=14)
    for x, head in [(40, "Art. No."), (100, "Description"), (330, "Pack"),
                    (440, "Unit Price")]:
        page.insert_text((x, 90), head, fontsize=8, fontname="hebo")
    y = 104.0
    for art, lines, pack, price in blocks:
        at = len(lines) - 1 if bottom else 0
        for k, text in enumerate(lines):
            page.insert_text((100, y), text, fontsize=8)
            if k == at:
                page.insert_text((40, y), art, fontsize=8)
                page.insert_text((330, y), pack, fontsize=8)
                page.insert_text((470 - pymupdf.get_text_length(price, fontsize=8), y),
                                 price, fontsize=8)
            y += 11
        y += block_gap
    page.insert_text((40, y + 10), "Prices in EUR excl. VAT", fontsize=8)
    doc.save(str(path))
    doc.close()
    return str(path)


def _run(tmp_path, blocks, **kw):
    sift = tmp_path / "p.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    pdf = _pdf(tmp_path / "p.pdf", blocks, **kw)
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _rows(result):
    return [(r["art_no"].value, r["description"].value, str(r["unit_price"].value))
            for r in result.tables["items"]]


BLOCKS = [("111111", ["Cola Classic"], "6 x 1.5 L", "1.00"),
          ("222222", ["Orange Lemonade in glass", "bottle, returnable"], "24/330ml", "2.00"),
          ("333333", ["Tonic Water"], "12 x 1 L", "3.00")]


def test_numbers_on_the_last_line_of_a_wrapped_description(tmp_path):
    result = _run(tmp_path, BLOCKS)
    assert _rows(result) == [("111111", "Cola Classic", "1.00"),
                             ("222222", "Orange Lemonade in glass bottle, returnable", "2.00"),
                             ("333333", "Tonic Water", "3.00")]
    assert result.status is Status.ACCEPTED, result.reasons


def test_three_lines_and_a_wrapped_first_row(tmp_path):
    blocks = [("111111", ["Mineral Water still,", "glass bottle"], "12 x 0.7 L", "0.80"),
              ("222222", ["Apple Juice from", "concentrate, cloudy,", "carton"], "6 x 1 L", "1.20"),
              ("333333", ["Ginger Ale"], "24 x 0.2 L", "0.60"),
              ("444444", ["Iced Tea Peach with", "sweeteners"], "6 x 1.5 L", "1.10")]
    result = _run(tmp_path, blocks)
    assert _rows(result) == [
        ("111111", "Mineral Water still, glass bottle", "0.80"),
        ("222222", "Apple Juice from concentrate, cloudy, carton", "1.20"),
        ("333333", "Ginger Ale", "0.60"),
        ("444444", "Iced Tea Peach with sweeteners", "1.10")]


def test_blocks_set_apart_go_with_their_numbers_below(tmp_path):
    """No word tells it, the spacing does: each block's lines close together, the
    blocks apart."""
    blocks = [("111111", ["Cola Classic"], "6 x 1.5 L", "1.00"),
              ("222222", ["Orange Lemonade", "Glass Bottle"], "24/330ml", "2.00"),
              ("333333", ["Tonic Water", "Premium Line"], "12 x 1 L", "3.00")]
    result = _run(tmp_path, blocks, block_gap=6)
    assert [d for _, d, _ in _rows(result)] == [
        "Cola Classic", "Orange Lemonade Glass Bottle", "Tonic Water Premium Line"]


def test_numbers_on_the_first_line_read_as_before(tmp_path):
    """Guard: the usual layout, a description's rest under its numbers."""
    blocks = [("111111", ["Steel shelving unit,", "with 5 shelves"], "1 pc", "89.00"),
              ("222222", ["Cola Classic"], "6 x 1.5 L", "1.00"),
              ("333333", ["Orange Lemonade", "Glass Bottle"], "24/330ml", "2.00"),
              ("444444", ["Tonic Water"], "12 x 1 L", "3.00")]
    result = _run(tmp_path, blocks, bottom=False)
    assert [d for _, d, _ in _rows(result)] == [
        "Steel shelving unit, with 5 shelves", "Cola Classic",
        "Orange Lemonade Glass Bottle", "Tonic Water"]
    blocks[1] = ("222222", ["Cola Classic in PET"], "6 x 1.5 L", "1.00")
    result = _run(tmp_path, blocks, bottom=False, block_gap=6)
    assert [d for _, d, _ in _rows(result)][2] == "Orange Lemonade Glass Bottle"


def test_first_row_in_capitals_goes_with_its_numbers_below(tmp_path):
    """No word tells it (capitals), the spacing does; the first row's first line too, set
    above its numbers as the other rows' lines are (a receipt's names over numbers)."""
    blocks = [("111111", ["COLA CLASSIC", "PET BOTTLE"], "6 x 1.5 L", "1.00"),
              ("222222", ["ORANGE LEMONADE", "GLASS BOTTLE"], "24/330ml", "2.00"),
              ("333333", ["TONIC WATER", "PREMIUM LINE"], "12 x 1 L", "3.00")]
    result = _run(tmp_path, blocks, block_gap=6)
    assert [d for _, d, _ in _rows(result)] == [
        "COLA CLASSIC PET BOTTLE", "ORANGE LEMONADE GLASS BOTTLE", "TONIC WATER PREMIUM LINE"]
