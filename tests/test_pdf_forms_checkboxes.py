"""Ticked boxes and radio buttons of fillable PDF forms (pdfforms journey, findings 1, 2,
4): Acrobat, Preview, browsers and flattening (``bake``) draw a checked box's tick as a
ZapfDingbats glyph, which the text layer holds as its code ("3"/"4" check, "8" cross, "n"
square, "l" circle, "u" diamond, "H" star). The ticked box was dropped as "a box the text
layer writes", the code was no checkbox value, and ``left of "Wire"`` went on to the
empty box beyond it: "☐ SEPA ✔ Wire" read wire=False, accepted. The PDF loader now
reads a symbol font's glyph as the symbol it draws, and a checkbox or radio button
widget that draws no glyph (an empty box, a dot drawn as a path) as ``☒``/``☐`` from its
state."""

from __future__ import annotations

from pathlib import Path

import pytest

METHOD = """template method {
  match { contains "Payment method" }
  field sepa: checkbox = left of "SEPA"
  field wire: checkbox = left of "Wire"
}
"""
WIRE_ONLY = """template wire_only {
  match { contains "Payment method" }
  field wire: checkbox = left of "Wire"
}
"""
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _method_form(ticked: str = "Wire", framed: bool = True, flatten: bool = False) -> bytes:
    """"Payment method: [ ] SEPA [ ] Wire" with two checkbox widgets, ``ticked`` checked
    (as a form filler sets it), the boxes' frames drawn on the page or not."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Payment method:", fontsize=10)
    for name, x in (("SEPA", 200), ("Wire", 280)):
        page.insert_text((x + 18, 100), name, fontsize=10)
        rect = pymupdf.Rect(x, 90, x + 12, 102)
        if framed:
            page.draw_rect(rect, color=(0, 0, 0), width=0.8)
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_CHECKBOX
        widget.field_name = name
        widget.rect = rect
        widget.field_value = name == ticked
        page.add_widget(widget)
    if flatten:
        doc.bake()
    data = doc.tobytes()
    doc.close()
    return data


def _glyph_form(glyph: str, font: str = "zadb") -> bytes:
    """A flattened form: two framed boxes, ``glyph`` written in ``font`` in Wire's (as
    Acrobat flattens a checked box of that style)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Payment method:", fontsize=10)
    for name, x in (("SEPA", 200), ("Wire", 280)):
        page.draw_rect(pymupdf.Rect(x, 90, x + 12, 102), color=(0, 0, 0), width=0.8)
        if name == "Wire":
            page.insert_text((x + 2, 100), glyph, fontsize=9, fontname=font)
        page.insert_text((x + 18, 100), name, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def _load(registry, data: bytes):
    from formsift.core.sources import Source

    return registry.create("loader", "pdf").load(Source("f.pdf", data))


def _extract(registry, tmp_path, data: bytes, template: str = METHOD):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text(template)
    return Engine(registry=registry).extract(data, t, name="form.pdf")


@pytest.mark.parametrize("flatten", [False, True])
def test_a_ticked_widget_is_not_read_as_the_empty_box_beside_it(registry, tmp_path,
                                                                  flatten):
    result = _extract(registry, tmp_path, _method_form("Wire", flatten=flatten))
    assert result.record() == {"sepa": False, "wire": True}
    assert result.status.value == "accepted"
    result = _extract(registry, tmp_path, _method_form("SEPA", flatten=flatten))
    assert result.record() == {"sepa": True, "wire": False}


@pytest.mark.parametrize("flatten", [False, True])
def test_a_ticked_widget_with_no_box_beyond_it_is_read(registry, tmp_path, flatten):
    result = _extract(registry, tmp_path, _method_form("Wire", flatten=flatten), WIRE_ONLY)
    assert result.record() == {"wire": True}
    assert result.status.value == "accepted"


def test_widgets_drawing_no_frame_are_read_from_their_state(registry, tmp_path):
    """An unticked widget without a border draws nothing at all: its state is its box."""
    for ticked in ("SEPA", "Wire"):
        result = _extract(registry, tmp_path, _method_form(ticked, framed=False))
        assert result.record() == {"sepa": ticked == "SEPA", "wire": ticked == "Wire"}
        assert result.status.value == "accepted"
    note = result.page_info[0].notes["form_fields"]
    assert note["fields"] == 2 and note["boxes_from_state"] == 1
    assert "mismatches" not in note


@pytest.mark.parametrize("glyph, shown", [("3", "✓"), ("4", "✔"), ("8", "✘"),
                                          ("n", "■"), ("l", "●"), ("u", "◆"),
                                          ("H", "★")])
def test_a_zapfdingbats_tick_is_read_as_the_symbol_it_draws(registry, tmp_path, glyph,
                                                           shown):
    data = _glyph_form(glyph)
    doc = _load(registry, data)
    assert shown in [w.text for w in doc.pages[0].words]
    assert glyph not in [w.text for w in doc.pages[0].words]
    result = _extract(registry, tmp_path, data)
    assert result.record() == {"sepa": False, "wire": True}


def test_a_digit_in_an_ordinary_font_stays_a_digit(registry):
    """Only a symbol font's glyphs are read as symbols: "Qty 4" on a page that also has a
    ZapfDingbats tick keeps its 4."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Qty 4 n 8", fontsize=10)
    page.insert_text((200, 100), "4", fontsize=10, fontname="zadb")
    doc = _load(registry, doc.tobytes())
    assert [w.text for w in doc.pages[0].words] == ["Qty", "4", "n", "8", "✔"]


def test_a_tick_written_against_its_label_is_a_word_of_its_own(registry, tmp_path):
    """"✔SEPA": a tick glyph with no space before the label (MuPDF makes one word of
    them) is the box's word, and the label is found."""
    from tests.drawing import pdf_in_font

    data = pdf_in_font(DEJAVU, [(50, 100, "Payment method:"), (202, 100, "✔"),
                                (218, 100, "SEPA"), (300, 100, "☐"), (318, 100, "Wire")])
    result = _extract(registry, tmp_path, data)
    assert result.record() == {"sepa": True, "wire": False}


def _radio_form(selected: int) -> bytes:
    """"Company type: ( ) Ltd ( ) Partnership ( ) Sole trader", a radio group of three
    round buttons with button ``selected`` on."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "Supplier Onboarding Form", fontsize=16)
    page.insert_text((50, 100), "Company type:", fontsize=10)
    for i, name in enumerate(["Ltd", "Partnership", "Sole trader"]):
        x = 200 + i * 110
        page.draw_circle((x + 6, 96), 6, color=(0, 0, 0), width=0.8)
        page.insert_text((x + 16, 100), name, fontsize=10)
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON
        widget.field_name = "ctype"
        widget.rect = pymupdf.Rect(x, 90, x + 12, 102)
        widget.field_value = False
        page.add_widget(widget)
    buttons = [w for w in page.widgets() if w.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON]
    buttons[selected].field_value = True
    buttons[selected].update()
    data = doc.tobytes()
    doc.close()
    return data


def test_radio_buttons_of_a_filled_form_are_read(registry, tmp_path):
    template = """template onboarding {
  match { contains "Supplier Onboarding Form" }
  field ltd:         checkbox = left of "Ltd"
  field partnership: checkbox = left of "Partnership"
  field sole:        checkbox = left of "Sole trader"
  rule one_type: count_true(ltd, partnership, sole) == 1
}
"""
    for selected in (0, 1, 2):
        result = _extract(registry, tmp_path, _radio_form(selected), template)
        assert list(result.record().values()) == [i == selected for i in range(3)]
        assert result.status.value == "accepted"


@pytest.mark.parametrize("mark, value", [("■", True), ("●", True), ("◉", True),
                                         ("◆", True), ("★", True), ("✕", True),
                                         ("○", False), ("◯", False), ("❏", False)])
def test_checkbox_type_reads_form_marks(registry, mark, value):
    from tests.parsing import best

    assert best(registry, "checkbox", f"{mark} ").value is value
