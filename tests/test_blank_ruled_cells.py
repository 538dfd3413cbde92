"""A blank value cell of a ruled form has no value: not the next cell's printed caption,
whose label has no colon (aircraft technical log journey, findings 1 and 2).

A parts-change row `| P/N depose / P/N off | (blank) | S/N depose / S/N off | 1187 |`
read `pn_off: "S/N depose / S/N off"` and a blank licence cell the next caption,
"Signature APRS", both accepted; and a blank box captioned "Defect" under a heading
"DEFECT / ACTION" read "Defect" (the label found in the heading, the caption below it
taken for the value)."""

from __future__ import annotations

import pymupdf
import pytest

from formsift import Engine
from formsift.templates import compile_template
from formsift.templates.explain import explain

PARTS = """template parts_form {
  match { contains "PARTS FORM" }
  field pn_off: text? = right of "P/N depose / P/N off"
  field sn_off: text? = right of "S/N depose / S/N off"
  field pn_on: text? = right of "P/N pose / P/N on"
  field sn_on: text? = right of "S/N pose / S/N on"
  field eng_licence: text? = right of "Licence / Licence No."
}"""

COLUMNS = [(40, 165), (165, 297), (297, 425), (425, 555)]


def parts_form(values: dict[str, str]) -> bytes:
    """A ruled parts form: each row label | value | label | value, without colons; the
    values of ``values`` (by label) written in their cells, the others left blank."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=260)
    page.insert_text((40, 30), "PARTS FORM", fontsize=12, fontname="hebo")
    rows = [("P/N depose / P/N off", "S/N depose / S/N off"),
            ("P/N pose / P/N on", "S/N pose / S/N on"),
            ("Licence / Licence No.", "Signature APRS")]
    y = 60
    for left, right in rows:
        for x0, x1 in COLUMNS:
            page.draw_rect(pymupdf.Rect(x0, y, x1, y + 30), width=0.8)
        for (x0, _), (x1, _), label in ((COLUMNS[0], COLUMNS[1], left),
                                        (COLUMNS[2], COLUMNS[3], right)):
            page.insert_text((x0 + 3, y + 18), label, fontsize=8)
            if values.get(label):
                page.insert_text((x1 + 6, y + 20), values[label], fontsize=12)
        y += 30
    pdf = doc.tobytes()
    doc.close()
    return pdf


def scanned(pdf: bytes, dpi: int = 200) -> bytes:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png")


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


BLANKS = {"S/N depose / S/N off": "1187"}
FILLED = {"P/N depose / P/N off": "D23190000-5", "S/N depose / S/N off": "1187",
          "P/N pose / P/N on": "D23190000-7", "S/N pose / S/N on": "2214",
          "Licence / Licence No.": "UK.66.10442"}


def test_a_blank_cell_is_no_value_not_the_next_cells_caption(engine):
    result = engine.extract(parts_form(BLANKS), compile_template(PARTS))
    assert result.record() == {"pn_off": None, "sn_off": "1187", "pn_on": None,
                               "sn_on": None, "eng_licence": None}


def test_filled_cells_keep_their_values(engine):
    record = engine.extract(parts_form(FILLED), compile_template(PARTS)).record()
    assert record == {"pn_off": "D23190000-5", "sn_off": "1187", "pn_on": "D23190000-7",
                      "sn_on": "2214", "eng_licence": "UK.66.10442"}


def test_on_a_200_dpi_scan_a_blank_cell_is_no_value(engine):
    record = engine.extract(scanned(parts_form(BLANKS)), compile_template(PARTS)).record()
    assert record["sn_off"] == "1187"
    for name in ("pn_off", "pn_on", "sn_on", "eng_licence"):
        assert record[name] is None, (name, record[name])


def test_on_a_200_dpi_scan_filled_cells_keep_their_values(engine):
    record = engine.extract(scanned(parts_form(FILLED)), compile_template(PARTS)).record()
    assert record["sn_off"] == "1187" and record["sn_on"] == "2214"
    assert record["pn_off"] is not None and record["pn_off"].startswith("D2319")
    assert record["eng_licence"] is not None and "10442" in record["eng_licence"]


def test_unruled_a_blank_fields_value_is_not_another_fields_label(engine):
    # no ruling, no colon: the text right of a blank label is the next field's label
    text = ("PARTS FORM\n"
            "P/N depose / P/N off        S/N depose / S/N off        1187\n")
    result = engine.extract(text.encode(), compile_template(PARTS), name="doc.txt")
    assert result.record()["pn_off"] is None
    assert result.record()["sn_off"] == "1187"


TECH_LOG = """template tl {
  match { contains "TECH LOG" }
  field defect: text? = below "Defect"
  field action: text? = below "Action Taken"
}"""


def tech_log(defect: str = "", action: str = "") -> bytes:
    """A heading "DEFECT / ACTION" over two ruled boxes captioned "Defect" and "Action
    Taken", with ``defect`` and ``action`` written in them (blank when empty)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=200)
    page.insert_text((40, 30), "TECH LOG", fontsize=12, fontname="hebo")
    page.insert_text((40, 60), "DEFECT / ACTION", fontsize=10, fontname="hebo")
    for y, caption, value in ((70, "Defect", defect), (110, "Action Taken", action)):
        page.draw_rect(pymupdf.Rect(40, y, 555, y + 40), width=0.8)
        page.insert_text((43, y + 8), caption, fontsize=6.5)
        if value:
            page.insert_text((60, y + 28), value, fontsize=11)
    pdf = doc.tobytes()
    doc.close()
    return pdf


def test_a_blank_captioned_box_under_a_heading_repeating_its_caption(engine):
    result = engine.extract(tech_log(), compile_template(TECH_LOG))
    assert result.record() == {"defect": None, "action": None}


def test_a_filled_captioned_box_under_the_heading_reads_its_value(engine):
    result = engine.extract(tech_log("LH MLG TYRE WORN TO LIMIT", "TYRE REPLACED"),
                            compile_template(TECH_LOG))
    assert result.record() == {"defect": "LH MLG TYRE WORN TO LIMIT",
                               "action": "TYRE REPLACED"}
    assert not [r for r in result.reasons if r.field == "defect"], result.reasons


def test_explain_says_which_occurrence_of_the_label(engine, tmp_path):
    doc = tmp_path / "log.pdf"
    doc.write_bytes(tech_log("LH MLG TYRE WORN TO LIMIT"))
    text = explain(engine, str(doc), compile_template(TECH_LOG))
    assert "label at page 1, line 3 'Defect'" in text
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(tech_log())
    text = explain(engine, str(blank), compile_template(TECH_LOG))
    assert "rejected 'Defect': printed text of the form" in text


def test_a_label_inside_a_heading_is_weaker_than_a_caption_that_is_it(engine):
    from formsift.templates.labels import find_label

    doc = engine.load(tech_log())
    hits = find_label(doc.pages[0], ("Defect",))
    lines = doc.pages[0].lines
    texts = [" ".join(w.text for w in lines[h.line_index].words) for h in hits]
    assert texts[0] == "Defect"
    assert hits[0].score > hits[1].score


def test_an_amount_past_blank_cells_of_its_row_is_its_value(tmp_path):
    """A bill's "Brought forward" row leaves its quantity and rate cells blank and writes
    the amount in the last column: that amount is the field's (the stop's tender bids
    journey, re-run after be2b72d: bf was lost, an optional field, with no reason)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=200)
    page.insert_text((40, 30), "BILL OF QUANTITIES", fontsize=12, fontname="hebo")
    cols = [(40, 250), (250, 330), (330, 430), (430, 555)]
    for y, (label, amount) in ((60, ("Brought forward", "75,017.00")),
                               (90, ("Carried forward", "80,512.50"))):
        for x0, x1 in cols:
            page.draw_rect(pymupdf.Rect(x0, y, x1, y + 30), width=0.8)
        page.insert_text((44, y + 19), label, fontsize=10)
        page.insert_text((470, y + 19), amount, fontsize=10)
    path = tmp_path / "bill.pdf"
    doc.save(path)
    tpl = tmp_path / "bill.sift"
    tpl.write_text('template bill {\n  locale "en_US"\n'
                   '  field bf: money? = right of "Brought forward"\n'
                   '  field cf: money = right of "Carried forward"\n}\n')
    result = Engine(seen_store="memory").extract(path, tpl)
    assert str(result.fields["bf"].value) == "75017.00"
    assert str(result.fields["cf"].value) == "80512.50"
