"""Rows struck through by hand are no rows (petitions journey F3): a pen line through a
signer's row was read as the row's text ('Daniel (' for "Daniel Okafor", the line eating
the surname) and counted in ``count(signers)``. A long straight stroke through the middle
of most of a row's cells' words now cancels the row: it is left out of the table's rows
(``count`` counts those that stand) and named on its page (``page_info`` notes
``struck_rows``). The same for a line of a delivery note struck through, on a scan and on
a born-digital PDF. Table rulings between rows, an underline at the words' foot and a
stroke through one cell alone (a corrected quantity) strike nothing. Pages drawn here."""

from __future__ import annotations

from typing import Any

import pytest

PETITION = """template petition {
  match { contains "PETITION" }
  table signers {
    name: text header "Printed Name"
    postcode: text header "Postcode"
    city: text header "Town"
    until "Circulator:"
  }
  rule n: count(signers) == 3
}"""

DELIVERY = """template delivery {
  match { contains "DELIVERY NOTE" }
  table items {
    description: text header "Description"
    qty: int header "Qty"
    code: text header "Article"
    until "Received by"
  }
}"""

SIGNERS = [("Margaret Hollis", "BS3 4QT", "Bristol"), ("Daniel Okafor", "BS5 9JH", "Bath"),
           ("Lucy Carver", "BS1 5TR", "Bristol"), ("Peter Lane", "BS7 8XX", "Keynsham")]
ITEMS = [("Steel bracket 40 mm", "12", "SB-40"), ("Hinge brass", "6", "HB-22"),
         ("Wood screws 4x30", "200", "WS-430"), ("Cable ties black", "50", "CT-100")]


def _face(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        pytest.skip("DejaVuSans is needed to draw the page")


def sheet(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]], end: str,
          struck: dict[int, tuple[int, int, int]], slant: int = 0, ruled: bool = False,
          underline: int | None = None, one_cell: int | None = None) -> Any:
    """A page (RGB, 200 dpi A4): ``title``, a table of ``rows`` under ``headers`` (3
    columns), ``end`` below it; rows of ``struck`` (index -> pen colour) struck through by
    a pen line (``slant`` pixels of rise over its length), ``ruled``: lines between the
    rows; ``underline``: a row underlined at its words' foot; ``one_cell``: a row whose
    first cell alone is struck (a corrected value)."""
    import numpy as np
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1654, 2339), (252, 252, 252))
    d = ImageDraw.Draw(img)
    big, face = _face(44), _face(34)
    d.text((150, 150), title, fill=(0, 0, 0), font=big)
    xs = (150, 750, 1150)
    for x, h in zip(xs, headers, strict=True):
        d.text((x, 320), h, fill=(0, 0, 0), font=face)
    top = 420
    for i, row in enumerate(rows):
        y = top + 110 * i
        for x, text in zip(xs, row, strict=True):
            d.text((x, y), text, fill=(10, 10, 10), font=face)
        if ruled:
            d.line((130, y + 70, 1500, y + 70), fill=(0, 0, 0), width=3)
        mid = y + 22
        if i in struck:
            d.line((130, mid + slant // 2, 1450, mid - slant // 2), fill=struck[i], width=5)
        if underline == i:
            d.line((150, y + 42, 1400, y + 42), fill=(20, 30, 150), width=4)
        if one_cell == i:
            d.line((140, mid, 600, mid), fill=(20, 30, 150), width=5)
    d.text((150, top + 110 * len(rows) + 80), end, fill=(0, 0, 0), font=face)
    return np.array(img)


def _extract(tmp_path: Any, template: str, image: Any) -> Any:
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    (tmp_path / "t.sift").write_text(template)
    (tmp_path / "p.png").write_bytes(encode_png(image))
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / "p.png")


@pytest.mark.parametrize("pen", [(20, 30, 150), (25, 25, 25)], ids=["blue", "black"])
@pytest.mark.parametrize("slant", [0, 14])
def test_a_struck_signer_is_no_row(tmp_path, pen, slant):
    image = sheet("CITIZENS' PETITION", ("Printed Name", "Postcode", "Town"), SIGNERS,
                  "Circulator: Janet Rowe", {1: pen}, slant=slant)
    result = _extract(tmp_path, PETITION, image)
    names = [r["name"].value for r in result.tables["signers"]]
    assert names == ["Margaret Hollis", "Lucy Carver", "Peter Lane"], names
    assert result.rules[0].passed, result.reasons
    struck = result.page_info[0].notes.get("struck_rows", {})
    assert list(struck) == ["signers"] and len(struck["signers"]) == 1, struck


def test_a_struck_line_of_a_delivery_note_scan(tmp_path):
    image = sheet("DELIVERY NOTE 4471", ("Description", "Qty", "Article"), ITEMS,
                  "Received by: ____", {2: (25, 25, 25)}, ruled=True)
    result = _extract(tmp_path, DELIVERY, image)
    got = [(r["description"].value, r["qty"].value) for r in result.tables["items"]]
    assert got == [("Steel bracket 40 mm", 12), ("Hinge brass", 6),
                   ("Cable ties black", 50)], got


def test_rulings_underlines_and_a_corrected_cell_strike_no_row(tmp_path):
    image = sheet("DELIVERY NOTE 4471", ("Description", "Qty", "Article"), ITEMS,
                  "Received by: ____", {}, ruled=True, underline=1, one_cell=3)
    result = _extract(tmp_path, DELIVERY, image)
    assert len(result.tables["items"]) == 4, [
        {k: c.value if c else None for k, c in r.items()} for r in result.tables["items"]]
    assert "struck_rows" not in result.page_info[0].notes


def test_a_struck_line_of_a_born_digital_delivery_note(tmp_path):
    """A PDF whose line is struck by a drawn line (an editor's strike-out)."""
    import pymupdf

    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "DELIVERY NOTE 4471", fontsize=16)
    for x, h in zip((50, 300, 420), ("Description", "Qty", "Article"), strict=True):
        page.insert_text((x, 120), h, fontsize=11)
    for i, row in enumerate(ITEMS):
        for x, text in zip((50, 300, 420), row, strict=True):
            page.insert_text((x, 150 + 25 * i), text, fontsize=11)
    page.draw_line((45, 150 + 25 * 1 - 4), (520, 150 + 25 * 1 - 4), color=(0, 0, 0), width=1)
    page.insert_text((50, 300), "Received by: ____", fontsize=11)
    (tmp_path / "d.pdf").write_bytes(doc.tobytes())
    (tmp_path / "t.sift").write_text(DELIVERY)
    result = Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / "d.pdf")
    got = [r["description"].value for r in result.tables["items"]]
    assert got == ["Steel bracket 40 mm", "Wood screws 4x30", "Cable ties black"], got
