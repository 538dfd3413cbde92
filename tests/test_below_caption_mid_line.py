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
