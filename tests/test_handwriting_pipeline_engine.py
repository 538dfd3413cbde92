"""A ``handwritten`` hint is read as handwriting when the template's ``pipeline`` is named
for another reason (the docs' checkbox recipe): fleet journey, finding 4, end to end. The
scan is generated: a printed repair order with the mileages written in a handwriting font
and a printed tick box, rendered at 200 dpi."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from formsift.plugins.ocr.models import models_available

needs_ocr = pytest.mark.skipif(not models_available() or not handwriting_fonts(),
                               reason="OCR models or a handwriting font not installed")

DPI = 200
TEMPLATE = """template repair_order {
  locale "en_GB"
  pipeline {
    segment ppocr_det, checkboxes
  }
  field mileage_in: int = right of "Mileage in:" handwritten
  field mileage_out: int = right of "Mileage out:" handwritten
  field tyres: checkbox = right of "Tyres checked"
}"""


def _scan() -> Any:
    import numpy as np
    import pymupdf
    from PIL import Image, ImageDraw, ImageFont

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "Harbour Motors Ltd", fontsize=14, fontname="hebo")
    page.insert_text((380, 60), "REPAIR ORDER", fontsize=14, fontname="hebo")
    page.insert_text((50, 110), "Vehicle: Ford Transit", fontsize=10)
    rows = ((300, "Mileage in:", "73518"), (340, "Mileage out:", "73158"))
    for y, label, _ in rows:
        page.insert_text((50, y), label, fontsize=11)
        page.draw_line((130, y + 3), (300, y + 3), width=0.5)
    page.insert_text((50, 420), "Tyres checked", fontsize=10)
    page.draw_rect(pymupdf.Rect(140, 410, 151, 421), width=0.8)
    pix = page.get_pixmap(dpi=DPI)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    fonts = handwriting_fonts()
    font = ImageFont.truetype(str(next((f for f in fonts if f.name == "dkg.ttf"), fonts[0])),
                              44)
    draw = ImageDraw.Draw(img)
    for y, _, value in rows:
        draw.text((140 * DPI / 72, (y - 22) * DPI / 72), value, font=font, fill=(25, 35, 120))
    grey = np.array(img.convert("L")).astype(np.float32)
    grey += np.random.default_rng(3).normal(0, 4, grey.shape)
    return np.clip(grey, 0, 255).astype(np.uint8)


@needs_ocr
def test_a_checkbox_pipeline_keeps_the_handwritten_mileage_read_as_handwriting(
        registry, tmp_path):
    from formsift import Engine
    from formsift.samples import encode_png
    from formsift.templates import check_source

    path = tmp_path / "repair_order.png"
    path.write_bytes(encode_png(_scan()))
    (template,), _ = check_source(TEMPLATE, "repair_order.sift", registry)
    result = Engine(registry=registry, seen_store="memory").extract(path, template)
    for name, value in (("mileage_in", 73518), ("mileage_out", 73158)):
        field = result.fields[name]
        assert field is not None and field.source == "crnn", (name, field)
        assert field.value == value
    assert result.fields["tyres"].source == "checkboxes"  # the pipeline's own segmenter
    (page,) = result.page_info
    assert page.notes["handwriting"]["read_as_handwriting"] >= 2
    used = {c.name for c in result.audit.components}
    assert {"handwriting", "checkboxes", "ppocr_rec", "crnn"} <= used
