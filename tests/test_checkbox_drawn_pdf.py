"""Checkboxes drawn as vector graphics on born-digital PDFs (fleet journey, finding 5): a
repair order's tick boxes are drawn squares with a cross or a check mark drawn in them,
which no text layer holds. A template with a ``checkbox`` field reads them (the page is
rendered and the checkboxes segmenter finds them, as on a scan); a template without one
sees the text layer unchanged."""

from __future__ import annotations

TEMPLATE = """template tyres {
  match {
    contains "REPAIR ORDER"
  }
  field tyre_fl: checkbox = left of "Front L"
  field tyre_fr: checkbox = left of "Front R"
  field tyre_rl: checkbox = left of "Rear L"
  field tyre_rr: checkbox = left of "Rear R"
}
"""


def _order() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    page.insert_text((40, 40), "REPAIR ORDER", fontsize=14)
    marks = [("Front L", "cross"), ("Front R", None), ("Rear L", "check"), ("Rear R", None)]
    for i, (label, mark) in enumerate(marks):
        x, y = 40 + i * 120, 80
        page.draw_rect(pymupdf.Rect(x, y - 8, x + 9, y + 1), width=0.8)
        if mark == "cross":
            page.draw_line((x + 1, y - 7), (x + 8, y), width=1.2)
            page.draw_line((x + 8, y - 7), (x + 1, y), width=1.2)
        elif mark == "check":
            page.draw_polyline([(x + 1.5, y - 4), (x + 3.5, y - 1), (x + 8, y - 7.5)],
                               width=1.2)
        page.insert_text((x + 14, y), label, fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data


def test_boxes_drawn_on_a_born_digital_pdf_are_read(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "tyres.sift"
    t.write_text(TEMPLATE)
    result = Engine(registry=registry).extract(_order(), t, name="ro.pdf")
    assert result.record() == {"tyre_fl": True, "tyre_fr": False, "tyre_rl": True,
                               "tyre_rr": False}
    assert result.status.value == "accepted"
    assert all(f.source == "checkboxes" for f in result.fields.values())
    note = result.page_info[0].notes["checkboxes"]
    assert note["found"] == 4 and note["ticked"] == 2
    assert "text layer" in note["on"]
    # the boxes' words are listed as words the text layer did not give
    assert sorted(w.text for w in result.page_info[0].words) == ["☐", "☐", "☒", "☒"]


def test_a_template_without_checkbox_fields_sees_the_text_layer_unchanged(registry,
                                                                         tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field label: text = right of "REPAIR"\n}\n')
    result = Engine(registry=registry).extract(_order(), t, name="ro.pdf")
    assert result.record() == {"label": "ORDER"}
    assert "checkboxes" not in result.page_info[0].notes
    assert result.page_info[0].words == []


def test_a_blocked_checkbox_segmenter_is_said_in_the_page_notes(tmp_path):
    """Without the checkboxes segmenter (blocked, not installed) the drawn boxes cannot
    be found: the page's notes say why the fields have no value (nothing said it)."""
    from formsift.core.engine import Engine
    from formsift.core.plugins import PluginRegistry

    t = tmp_path / "tyres.sift"
    t.write_text(TEMPLATE)
    registry = PluginRegistry.discover(block=["checkboxes"])
    result = Engine(registry=registry).extract(_order(), t, name="ro.pdf")
    assert result.status.value == "review"
    note = result.page_info[0].notes["checkboxes"]
    assert note["found"] is None
    assert "checkboxes" in note["why"] and "blocked" in note["why"]


def test_only_pages_a_checkbox_field_may_be_on_are_rendered(registry, tmp_path):
    """Every text-layer page was rendered and searched for boxes, even those no checkbox
    field can be on (``on first page``): a long form's other pages cost a render each."""
    import pymupdf

    from formsift.core.engine import Engine

    order = pymupdf.open(stream=_order(), filetype="pdf")
    for n in range(2):
        page = order.new_page(width=595, height=300)
        page.insert_text((40, 40), f"Terms and conditions, part {n + 1}", fontsize=10)
        page.draw_rect(pymupdf.Rect(40, 72, 49, 81), width=0.8)  # a box no field reads
    data = order.tobytes()
    t = tmp_path / "tyres.sift"
    t.write_text(TEMPLATE.replace(' L"\n', ' L" on first page\n')
                 .replace('"Front R"\n', '"Front R" on page 1\n')
                 .replace('"Rear R"\n', '"Rear R" on pages 1-2\n'))
    engine = Engine(registry=registry)
    result = engine.extract(data, t, name="ro.pdf")
    assert result.record() == {"tyre_fl": True, "tyre_fr": False, "tyre_rl": True,
                               "tyre_rr": False}
    notes = [p.notes.get("checkboxes") for p in result.page_info]
    assert notes[0]["found"] == 4 and notes[1]["found"] == 1 and notes[2] is None
