"""Boxed forms (W-2, 1099 look-alikes): a grid of ruled boxes, a small caption at the top
of each box, the value typed under it. ``below "<caption>"`` reads the box the caption is
in, never the box under it or beside it; a blank box has no value. Without ruling lines
on the page, the locators read as they always did."""

from __future__ import annotations

import pytest

from formsift.templates import check_source

#: (caption, (x0, y0, x1, y1) in points, value or "" for a blank box)
BOXES = [
    ("b  Employer identification number (EIN)", (30, 80, 306, 120), "12-3456789"),
    ("1  Wages, tips, other compensation", (306, 80, 444, 120), "$ 52,340.17"),
    ("2  Federal income tax withheld", (444, 80, 582, 120), ""),
    ("c  Employer's name, address, and ZIP code", (30, 120, 306, 200), "Harbor Light LLC"),
    ("3  Social security wages", (306, 120, 444, 160), "$ 54,840.17"),
    ("4  Social security tax withheld", (444, 120, 582, 160), "$ 3,400.09"),
    ("5  Medicare wages and tips", (306, 160, 444, 200), ""),
    ("6  Medicare tax withheld", (444, 160, 582, 200), "$ 795.18"),
    ("d  Control number", (30, 200, 306, 240), ""),
    ("7  Social security tips", (306, 200, 444, 240), ""),
    ("8  Allocated tips", (444, 200, 582, 240), ""),
    ("e  Employee's address and ZIP code", (30, 240, 306, 300), "77 Pine Court"),
    ("9  Verification code", (306, 240, 444, 300), "4471"),
    ("10  Dependent care benefits", (444, 240, 582, 300), ""),
]

TEMPLATE = """template w2 {
  locale "en_US"
  currency "USD"
  field ein: id(/\\d{2}-\\d{7}/) = below "Employer identification number (EIN)"
  field wages: money = below "Wages, tips, other compensation"
  field fed_withheld: money? = below "Federal income tax withheld"
  field employer: text = below "Employer's name, address, and ZIP code"
  field ss_wages: money = below "Social security wages"
  field ss_tax: money = below "Social security tax withheld"
  field medicare_wages: money? = below "Medicare wages and tips"
  field medicare_tax: money = below "Medicare tax withheld"
  field control: text? = below "Control number"
  field ss_tips: money? = below "Social security tips"
  field allocated_tips: money? = below "Allocated tips"
  field allocated_right: money? = right of "Allocated tips"
  field dependent_care: money? = below "Dependent care benefits"
}"""


def form_pdf(ruled: bool = True, boxes=BOXES, bars: bool = False) -> bytes:
    """A W-2-like grid: each box drawn as a rectangle (when ``ruled``; with ``bars``, its
    sides as thin filled rectangles) with its caption in 6 pt at its top and its value in
    9 pt under the caption."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for caption, (x0, y0, x1, y1), value in boxes:
        if ruled and bars:
            for side in ((x0, y0, x1, y0 + 0.8), (x0, y1 - 0.8, x1, y1),
                         (x0, y0, x0 + 0.8, y1), (x1 - 0.8, y0, x1, y1)):
                page.draw_rect(pymupdf.Rect(*side), color=None, fill=(0, 0, 0))
        elif ruled:
            page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)
        page.insert_text((x0 + 2, y0 + 7), caption, fontsize=6, fontname="helv")
        if value:
            page.insert_text((x0 + 6, y0 + 19), value, fontsize=9, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture(scope="module")
def template(registry):
    (t,), diags = check_source(TEMPLATE, "w2.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@pytest.fixture(scope="module")
def engine(registry):
    from formsift import Engine

    return Engine(registry=registry, seen_store="memory")


def test_a_filled_box_gives_its_own_value(engine, template):
    record = engine.extract(form_pdf(), template).record()
    assert record["ein"] == "12-3456789"
    assert record["wages"] == "52340.17"
    assert record["ss_wages"] == "54840.17"
    assert record["ss_tax"] == "3400.09"
    assert record["medicare_tax"] == "795.18"


@pytest.mark.parametrize("bars", [False, True], ids=["stroked", "filled-bars"])
def test_a_blank_box_gives_no_value(engine, template, bars):
    """Not the caption number of the box under it ("4", "8", "10"), not the value of the
    box beside it, not an address's house number boxes away ("77"); whether the grid is
    stroked or drawn as thin filled bars."""
    result = engine.extract(form_pdf(bars=bars), template)
    record = result.record()
    for name in ("fed_withheld", "medicare_wages", "control", "ss_tips", "allocated_tips",
                 "allocated_right", "dependent_care"):
        assert record[name] is None, (name, record[name])
    assert "ambiguous" not in {r.code for r in result.reasons}


def test_a_box_beside_a_blank_box_keeps_its_value_to_itself(engine, template):
    """Box 5 is blank, box 6 beside it holds 795.18: the same printed word is not read
    for both; nor is box 3's value read for box 2 (blank) above box 4."""
    result = engine.extract(form_pdf(), template)
    assert result.record()["medicare_wages"] is None
    assert result.field("medicare_tax").raw == "795.18"
    assert result.record()["fed_withheld"] is None


def test_a_text_value_stops_at_the_box_border(engine, template):
    """The employer's name, and box 3's amount on the same line a few characters on, a
    ruling line between them (a W-2 printed 4-up gave "Harbor Light Logistics LLC $
    54,840.17 $")."""
    boxes = [("c  Employer's name, address, and ZIP code", (30, 120, 152, 200),
              "Harbor Light Logistics LLC"),
             ("3  Social security wages", (152, 120, 300, 160), "$ 54,840.17")]
    record = engine.extract(form_pdf(boxes=boxes), template).record()
    assert record["employer"] == "Harbor Light Logistics LLC"
    assert record["ss_wages"] == "54840.17"


def test_right_of_stops_at_the_box_border(engine, registry):
    """A label and its value side by side in one ruled box: the value ends at the box's
    side, not with the next box's words two characters on."""
    import pymupdf

    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.draw_rect(pymupdf.Rect(30, 80, 250, 100), color=(0, 0, 0), width=0.6)
    page.draw_rect(pymupdf.Rect(250, 80, 582, 100), color=(0, 0, 0), width=0.6)
    page.insert_text((34, 94), "State no.", fontsize=9, fontname="helv")
    page.insert_text((186, 94), "CA 5521-0093", fontsize=9, fontname="helv")  # to x=244
    page.insert_text((254, 94), "14,750.00", fontsize=9, fontname="helv")
    pdf = doc.tobytes()
    doc.close()
    (t,), _ = check_source('template s {\n  field state_no: text = right of "State no."\n}',
                           "s.sift", registry)
    record = Engine(registry=registry, seen_store="memory").extract(pdf, t).record()
    assert record["state_no"] == "CA 5521-0093"


def test_without_ruling_lines_the_locators_read_as_before(engine, template):
    """The same words with no lines drawn: nothing tells where a box ends, and ``below``
    reads the nearest line under the label's column as it always did (a blank box's field
    then takes what is under it: the reason the docs ask for ruled boxes or regions)."""
    record = engine.extract(form_pdf(ruled=False), template).record()
    assert record["wages"] == "52340.17"
    assert record["ss_tax"] == "3400.09"
    assert record["medicare_tax"] == "795.18"
    assert record["fed_withheld"] == "4"  # the caption number of the box under it
    assert record["ss_tips"] == "9"
    assert record["dependent_care"] is None  # nothing within reach under it


def test_a_ruled_tables_header_cell_still_reads_the_cell_below(engine, registry):
    """A label alone in a tight ruled cell (a table's header, a ruled key/value row) is no
    caption: its value is in the next cell, as on an unruled page; only it no longer runs
    on into the cell beside that one (the number read 'INV-2024-001 2024-03-14')."""
    import pymupdf

    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for x0, x1 in ((40, 200), (200, 360)):
        for y0, y1 in ((100, 116), (116, 132)):
            page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)
    page.insert_text((44, 111), "Invoice No.", fontsize=9, fontname="helv")
    page.insert_text((204, 111), "Date", fontsize=9, fontname="helv")
    page.insert_text((44, 127), "INV-2024-001", fontsize=9, fontname="helv")
    page.insert_text((204, 127), "2024-03-14", fontsize=9, fontname="helv")
    for y0 in (160, 176):  # a ruled key/value table
        page.draw_rect(pymupdf.Rect(40, y0, 200, y0 + 16), color=(0, 0, 0), width=0.6)
        page.draw_rect(pymupdf.Rect(200, y0, 360, y0 + 16), color=(0, 0, 0), width=0.6)
    page.insert_text((44, 171), "Customer", fontsize=9, fontname="helv")
    page.insert_text((204, 171), "ACME GmbH", fontsize=9, fontname="helv")
    page.insert_text((44, 187), "Total", fontsize=9, fontname="helv")
    page.insert_text((204, 187), "1,250.00", fontsize=9, fontname="helv")
    pdf = doc.tobytes()
    doc.close()
    src = """template t {
  locale "en_US"
  field number: text = below "Invoice No."
  field date: date(format="%Y-%m-%d") = below "Date"
  field customer: text = right of "Customer"
  field total: money = right of "Total"
}"""
    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    record = Engine(registry=registry, seen_store="memory").extract(pdf, t).record()
    assert record == {"number": "INV-2024-001", "date": "2024-03-14",
                      "customer": "ACME GmbH", "total": "1250.00"}


def test_ruling_lines_are_found_on_a_scan_and_not_in_its_print():
    """The lines measured on an image of the form (as on a scan), not the bars that small
    print blurs into; the caption's ruled box is found around it."""
    import numpy as np
    import pymupdf

    from formsift.core.geometry import Box
    from formsift.templates.rulings import detect

    doc = pymupdf.open(stream=form_pdf(), filetype="pdf")
    page = doc[0]
    words = [Box(w[0] / 612, w[1] / 792, w[2] / 612, w[3] / 792)
             for w in page.get_text("words")]
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w).copy()
    doc.close()
    rng = np.random.default_rng(0)
    img = np.clip(img.astype(np.int16) + rng.normal(0, 8, img.shape), 0, 255).astype(np.uint8)
    rulings = detect(np.dstack([img] * 3), words)
    assert rulings.horizontal and rulings.vertical
    caption = next(b for b, w in zip(words, page_words(), strict=True) if w == "Allocated")
    box = rulings.box_around(caption)
    assert box is not None
    assert abs(box.x0 - 444 / 612) < 0.005 and abs(box.x1 - 582 / 612) < 0.005
    assert abs(box.y0 - 200 / 792) < 0.005 and abs(box.y1 - 240 / 792) < 0.005


def page_words() -> list[str]:
    import pymupdf

    with pymupdf.open(stream=form_pdf(), filetype="pdf") as doc:
        return [w[4] for w in doc[0].get_text("words")]


def test_a_scanned_form_reads_its_boxes_by_their_ruling_lines(engine, template):
    """The form scanned (an image, read by OCR): the lines are measured on the image."""
    import cv2
    import numpy as np
    import pymupdf

    with pymupdf.open(stream=form_pdf(), filetype="pdf") as doc:
        pix = doc[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w).copy()
    rng = np.random.default_rng(1)
    img = cv2.GaussianBlur(img, (3, 3), 0.6)
    img = np.clip(img.astype(np.int16) + rng.normal(0, 8, img.shape), 0, 255).astype(np.uint8)
    ok, png = cv2.imencode(".png", img)
    assert ok
    record = engine.extract(png.tobytes(), template).record()
    assert record["wages"] == "52340.17"
    assert record["medicare_tax"] == "795.18"
    for name in ("fed_withheld", "medicare_wages", "ss_tips", "allocated_tips",
                 "dependent_care"):
        assert record[name] is None, (name, record[name])


def test_a_comb_fields_cell_walls_do_not_cut_its_value(engine, registry):
    """A comb field (one digit per ruled cell) beside and under its label: the walls
    between the cells are ruling lines, yet the digits read as one value."""
    import pymupdf

    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for row, (lx, ly, cx, cy) in enumerate(((40, 112, 120, 98), (40, 160, 40, 170))):
        page.insert_text((lx, ly), f"Member ID {'AB'[row]}", fontsize=9, fontname="helv")
        for i, digit in enumerate("4410382917"):
            x = cx + 18 * i
            page.draw_rect(pymupdf.Rect(x, cy, x + 18, cy + 24), color=(0, 0, 0), width=0.6)
            page.insert_text((x + 6, cy + 16), digit, fontsize=10, fontname="helv")
    pdf = doc.tobytes()
    doc.close()
    src = """template t {
  field beside: id(/\\d{10}/) = right of "Member ID A"
  field under: id(/\\d{10}/) = below "Member ID B"
}"""
    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    record = Engine(registry=registry, seen_store="memory").extract(pdf, t).record()
    assert record == {"beside": "4410382917", "under": "4410382917"}


def test_a_scanned_pdf_with_a_text_layer_reads_its_lines_from_the_image(registry, template):
    """A searchable scan (the form as a page image, its words an invisible text layer): no
    line is drawn, the lines are measured on the image."""
    import pymupdf

    from formsift import Engine

    with pymupdf.open(stream=form_pdf(), filetype="pdf") as src:
        png = src[0].get_pixmap(dpi=150).tobytes("png")
        words = src[0].get_text("words")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=png)
    for caption, (x0, y0, _x1, _y1), value in BOXES:
        page.insert_text((x0 + 2, y0 + 7), caption, fontsize=6, fontname="helv",
                         render_mode=3)
        if value:
            page.insert_text((x0 + 6, y0 + 19), value, fontsize=9, fontname="helv",
                             render_mode=3)
    pdf = doc.tobytes()
    doc.close()
    assert words and not pymupdf.open(stream=pdf, filetype="pdf")[0].get_cdrawings()
    engine = Engine(registry=registry, seen_store="memory", mixed_ocr="never")
    record = engine.extract(pdf, template).record()
    assert record["wages"] == "52340.17"
    assert record["medicare_tax"] == "795.18"
    for name in ("fed_withheld", "medicare_wages", "control", "ss_tips", "dependent_care"):
        assert record[name] is None, (name, record[name])


def test_a_text_value_below_its_label_ends_at_the_next_column(registry):
    """A user's bug (Swiss QR-bill payment part, no ruling lines): "Währung" and "Betrag"
    side by side, "CHF" and "2 788.98" under them; `below "Währung"` gave "CHF 2 788.98",
    accepted."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box
    from formsift.templates import runtime

    def word(text: str, x: float, y: float) -> Word:
        return Word(text, Box(x, y, x + 0.012 * len(text), y + 0.015), 0, 0.99, "test-ocr")

    words = [word("Währung", 0.05, 0.70), word("Betrag", 0.20, 0.70),
             word("CHF", 0.05, 0.73), word("2", 0.20, 0.73), word("788.98", 0.215, 0.73),
             word("Name", 0.05, 0.80), word("Harbor", 0.05, 0.83), word("Light", 0.13, 0.83),
             word("Logistics", 0.20, 0.83)]
    doc = Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    (t,), diags = check_source('template t {\n  field currency: text = below "Währung"\n'
                               '  field amount: money = below "Betrag"\n'
                               '  field name: text = below "Name"\n}', "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    ex = runtime.run(t, doc)
    assert ex.fields["currency"].value == "CHF"
    assert str(ex.fields["amount"].value) == "2788.98"
    assert ex.fields["name"].value == "Harbor Light Logistics"  # one block: word spaces
