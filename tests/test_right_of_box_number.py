"""A form's box number printed between a caption and its box ("Kz 81" on a German VAT
return: ``Taxable sales at standard rate 19% (net)   81 |3|9|3|5|3|5|2|``) is the
caption's, never the value of ``right of "<caption>"``; nor is a formula of box numbers
in the caption's brackets (``Total VAT due (83 + 87 + 93)``). A blank box has no value,
and an amount is not read from a comb's first cells. Ordinary ``Label value`` lines
(``Total 81.00``, ``Qty 3``, ``Tax 19% 81.00``) read as before."""

from __future__ import annotations

import pytest

from formsift.templates import check_source

#: (caption, box number, value typed in the comb or None for a blank box)
ROWS = [
    ("Taxable sales at standard rate 19% (net)", "81", "39353.52"),
    ("Intra-Community supplies (exempt)", "41", None),
    ("Exports to non-EU countries (exempt)", "43", None),
    ("Total VAT due (83 + 87 + 93)", "65", "7477.17"),
]

TEMPLATE = """template vat {
  match { contains "Advance VAT Return" }
  field b81: money(decimals=2)  = right of "Taxable sales at standard rate"
  field b41: money(decimals=2)? = right of "Intra-Community supplies"
  field b43: money(decimals=2)? = right of "Exports to non-EU countries (exempt)"
  field b65: money(decimals=2)  = right of "Total VAT due"
  field d81: digits(min_length=3, max_length=11)  = right of "Taxable sales at standard rate"
  field d65: digits(min_length=3, max_length=11)  = right of "Total VAT due"
  field d41: digits(min_length=3, max_length=11)? = right of "Intra-Community supplies"
}"""


def vat_return(rows=ROWS, comb: bool = True) -> bytes:
    """A born-digital VAT return: each caption, its box number in bold a column on, then
    an 11-cell comb (cents in the last two cells) with the value's digits typed in it; with
    ``comb`` False the value is typed as one number right after the box number's column
    (no comb drawn)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "Advance VAT Return", fontsize=18, fontname="hebo")
    y = 150
    for caption, number, value in rows:
        page.insert_text((40, y), caption, fontsize=9, fontname="helv")
        page.insert_text((318, y), number, fontsize=9, fontname="hebo")
        cell = [340 + i * 15 for i in range(11)]
        if comb:
            for x in cell:
                page.draw_rect(pymupdf.Rect(x, y - 14, x + 15, y + 5), width=0.7)
        if value and comb:
            for x, ch in zip(cell, value.replace(".", "").rjust(11), strict=True):
                if ch != " ":
                    page.insert_text((x + 4, y), ch, fontsize=11, fontname="cour")
        elif value:
            page.insert_text((400, y), value, fontsize=10, fontname="cour")
        y += 27
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture(scope="module")
def engine(registry):
    from formsift import Engine

    return Engine(registry=registry, seen_store="memory")


def _template(registry, source: str):
    (t,), diags = check_source(source, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@pytest.fixture(scope="module")
def vat(registry):
    return _template(registry, TEMPLATE)


def test_a_blank_box_has_no_value_not_its_box_number(engine, vat):
    result = engine.extract(vat_return(), vat)
    record = result.record()
    assert record["b41"] is None
    assert record["b43"] is None
    assert record["d41"] is None


def test_the_box_number_is_not_the_amount(engine, vat):
    """81 is the box's number; the comb's cells are no amount (money is never joined from
    a comb) and none of them alone is: the field is sent to review, not accepted."""
    result = engine.extract(vat_return(), vat)
    assert result.record()["b81"] is None
    assert result.status != "accepted"
    b81 = [r for r in result.reasons if r.field == "b81"]
    assert b81 and "3 9 3 5 3 5 2" in b81[0].message


def test_a_comb_after_the_box_number_reads_as_digits(engine, vat):
    """The caption's rest (``19% (net)``) and its box number are not part of the value:
    the comb's cells are read joined, as under a label copied with its box number."""
    record = engine.extract(vat_return(), vat).record()
    assert record["d81"] == "3935352"
    assert record["d65"] == "747717"


def test_a_formula_of_box_numbers_in_the_caption_is_no_value(engine, vat):
    """``(83 + 87 + 93)`` adds up boxes: 83 is not box 65's amount, with the amount typed
    as one number right of the box number, or in a comb."""
    record = engine.extract(vat_return(comb=False), vat).record()
    assert record["b65"] == "7477.17"
    assert record["b81"] == "39353.52"
    result = engine.extract(vat_return(), vat)
    assert result.record()["b65"] is None
    assert "83" not in str(result.field("b65").raw if result.field("b65") else "")


@pytest.mark.parametrize(("line", "source", "expected"), [
    ("Total 81.00", 'field v: money = right of "Total"', "81.00"),
    ("Qty 3", 'field v: int = right of "Qty"', 3),
    ("Invoice no. 4711", 'field v: id = right of "Invoice no."', "4711"),
    ("Page 2", 'field v: int = right of "Page"', 2),
    ("Tax 19% 81.00", 'field v: money = right of "Tax"', "81.00"),
    ("Tax 19% 81.00", 'field v: money = right of "Tax 19%"', "81.00"),
    ("Balance (225.00)", 'field v: money = right of "Balance"', "-225.00"),
    ("Qty 3 pcs 12.00", 'field v: int = right of "Qty"', 3),
])
def test_ordinary_label_value_lines_read_as_before(engine, registry, make_pdf, line, source,
                                                   expected):
    template = _template(registry, "template t {\n  " + source + "\n}")
    record = engine.extract(make_pdf([(60, 100, "Header line"), (60, 140, line)]),
                            template).record()
    assert record["v"] == expected


def test_a_quantity_in_a_ruled_table_row_is_no_box_number(engine, registry):
    """``| Qty | 3 | 12.00 |``: the 3 stands in a cell of its own, with a ruled cell after
    it: a value, not the next box's number."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x0, x1, text in ((40, 120, "Qty"), (120, 160, "3"), (160, 260, "12.00")):
        page.draw_rect(pymupdf.Rect(x0, 130, x1, 150), width=0.7)
        page.insert_text((x0 + 4, 144), text, fontsize=10, fontname="helv")
    data = doc.tobytes()
    doc.close()
    template = _template(registry, 'template t {\n  field v: int = right of "Qty"\n}')
    assert engine.extract(data, template).record()["v"] == 3


def test_on_a_scan_a_blank_box_has_no_value(engine, vat):
    """The same return scanned (200 dpi, no text layer): the box numbers are OCR's words
    and the combs' lines are found on the image."""
    import pymupdf

    src = pymupdf.open(stream=vat_return(), filetype="pdf")
    png = src[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png")
    src.close()
    record = engine.extract(png, vat).record()
    assert record["b41"] is None
    assert record["b43"] is None
    assert record["b81"] != "81.00"
    assert record["b65"] != "83.00"
