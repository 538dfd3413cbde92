"""A value under a label printed mid-line is not cut at the label's left edge (CMR journey,
finding 2): a CMR's box caption reads "2 Empfänger (Name, Anschrift, Land) / Consignee /
Destinataire", so the English label stands mid-line, and the consignee's name under it,
written from the box's left edge, read `below "Consignee"` as "GmbH" (the words under the
label's column), accepted, on the text layer and on a 200 dpi scan alike."""

from __future__ import annotations

import pymupdf
import pytest

from formsift import Engine
from formsift.templates import compile_template

CAPTION = """template cmr_caption {
  match { contains "CMR" }
  field consignee: text = below "Consignee"
}"""

CONSIGNEE = ["Baumarkt Schäfer GmbH", "Gießener Str. 101", "60435 Frankfurt am Main"]


def caption_box(ruled: bool = True, lines: list[str] = CONSIGNEE) -> bytes:
    """A CMR's box 2: a trilingual caption at 5.8 points, the consignee's lines at 9
    points from the box's left edge (in a ruled box, or none)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 60), "CMR", fontsize=18, fontname="hebo")
    if ruled:
        page.draw_rect(pymupdf.Rect(30, 122, 298, 192), width=0.7)
    page.insert_text((32, 130), "2", fontsize=8, fontname="hebo")
    page.insert_text((43, 129.5), "Empfänger (Name, Anschrift, Land) / Consignee / "
                     "Destinataire", fontsize=5.8)
    for i, text in enumerate(lines):
        page.insert_text((40, 142 + i * 11), text, fontsize=9, fontname="cour")
    pdf = doc.tobytes()
    doc.close()
    return pdf


def scanned(pdf: bytes, dpi: int = 200) -> bytes:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png")


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


@pytest.mark.parametrize("ruled", [True, False])
def test_a_value_under_a_mid_line_label_starts_where_its_line_does(engine, ruled):
    result = engine.extract(caption_box(ruled), compile_template(CAPTION))
    assert result.record() == {"consignee": "Baumarkt Schäfer GmbH"}


def test_on_a_200_dpi_scan_too(engine):
    result = engine.extract(scanned(caption_box()), compile_template(CAPTION))
    assert result.record()["consignee"] == "Baumarkt Schäfer GmbH"


def test_a_value_a_column_apart_left_of_the_label_is_not_joined(engine):
    # the line's words left of the label, a column's gap before the value, are no part of it
    lines = ["Ref 7781                 Schäfer GmbH"]
    result = engine.extract(caption_box(False, lines), compile_template(CAPTION))
    assert result.record() == {"consignee": "Schäfer GmbH"}


# Guards (code read Z2 of 31630ba, which ran every text-kind value leftwards along its
# line under any label): a label that starts its own caption, a column's gap right of the
# label before it, reads its own column only; and an id, an enum or an email is never run
# leftwards.
FORM = """template app {
  match { contains "APPLICATION FORM" }
  field company: text = below "Employer"
  field city: text = below "City"
  field product: text = below "Description"
}"""


def two_column_form() -> bytes:
    """Unruled boxes side by side: 'Street and number' | 'Employer' (300 points apart),
    'Postcode' | 'City' (the city's column 40 points from the postcode's), and a table
    header 'Qty' | 'Description' with a right-aligned quantity."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "APPLICATION FORM", fontsize=14, fontname="hebo")
    rows = [("Street and number", "Große Hamburger Straße 117, Hinterhaus 4 links",
             "Employer", "Siemens AG", 300), ("Postcode", "60435", "City",
                                              "Frankfurt am Main", 80)]
    for k, (label1, value1, label2, value2, x2) in enumerate(rows):
        y = 90 + 34 * k
        page.insert_text((40, y), label1, fontsize=7, fontname="hebo")
        page.insert_text((x2, y), label2, fontsize=7, fontname="hebo")
        page.insert_text((40, y + 12), value1, fontsize=10)
        page.insert_text((x2, y + 12), value2, fontsize=10)
    page.insert_text((40, 200), "Qty", fontsize=8, fontname="hebo")
    page.insert_text((70, 200), "Description", fontsize=8, fontname="hebo")
    page.insert_text((52, 213), "12", fontsize=10)
    page.insert_text((70, 213), "Steel bolts M8", fontsize=10)
    pdf = doc.tobytes()
    doc.close()
    return pdf


@pytest.mark.parametrize("scan", [False, True])
def test_a_label_starting_its_own_column_reads_that_column_only(engine, scan):
    pdf = two_column_form()
    result = engine.extract(scanned(pdf) if scan else pdf, compile_template(FORM))
    assert result.record() == {"company": "Siemens AG", "city": "Frankfurt am Main",
                               "product": "Steel bolts M8"}


def test_an_id_under_a_header_of_short_columns_is_its_columns(engine):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "INVOICE", fontsize=16, fontname="hebo")
    for x, label, value in ((40, "Cust. no.", "K-4711"), (84, "Invoice no.", "RE-240815"),
                            (150, "Date", "12.03.2024")):
        page.insert_text((x, 90), label, fontsize=7, fontname="hebo")
        page.insert_text((x, 102), value, fontsize=10)
    pdf = doc.tobytes()
    doc.close()
    template = """template inv { match { contains "INVOICE" }
      field number: id = below "Invoice no." }"""
    result = engine.extract(pdf, compile_template(template))
    assert result.record() == {"number": "RE-240815"}


@pytest.mark.parametrize("kind", ["id", 'enum(["Baumarkt", "GmbH"])', "email"])
def test_only_free_text_runs_back_under_its_caption(engine, kind):
    """An id, an enum or an email under a mid-caption label keeps the label's column."""
    lines = {"email": ["Baumarkt kontakt@schaefer.de"]}.get(kind.split("(")[0],
                                                             ["Baumarkt Schäfer GmbH"])
    template = CAPTION.replace("consignee: text", f"consignee: {kind}")
    result = engine.extract(caption_box(True, lines), compile_template(template))
    assert "Baumarkt" not in str(result.record().get("consignee"))
