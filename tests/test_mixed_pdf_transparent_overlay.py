"""Handwriting pasted over a printed form as one transparent image as wide as the page is
read (weighbridge journey, finding 7).

The grading section of a weighbridge ticket (a PDF with a text layer) had its handwritten
grades, initials and signature pasted as one transparent PNG over the whole section. The
text layer's labels and units lay inside the image's rectangle, spread over it, so the
image counted as covered by the text layer (an OCR layer over a scan) and was never
read, with no note: every grade was missing. The page shows such an image only where it
is opaque: the PDF loader now reports those parts as the page's image areas, joined while
no text-layer word falls between them, and they are read as any image the text layer
does not cover.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")

#: The section the overlay spans (points of the A4 page): the whole width.
SECTION = (0, 330, 595, 600)
#: The rows of the section: label, handwritten value, printed unit.
ROWS = (("Moisture:", "14.2", "%"), ("Protein:", "12.8", "%"), ("Test weight:", "76", "kg/hl"),
        ("Admixture:", "3.5", "%"), ("Moisture deduction:", "0", "kg"))


def _overlay(scale: float = 200 / 72, opaque: bool = False) -> bytes:
    """The handwritten values on a transparent image the size of SECTION (a white one
    when ``opaque``), each beside its label's blank."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from formsift.handwriting.fonts import handwriting_fonts

    x0, y0, x1, y1 = SECTION
    img = Image.new("RGBA", (round((x1 - x0) * scale), round((y1 - y0) * scale)),
                    (255, 255, 255, 255 if opaque else 0))
    fonts = handwriting_fonts()
    font = ImageFont.truetype(str(fonts[0]), round(22 * scale)) if fonts else \
        ImageFont.load_default(round(22 * scale))
    draw = ImageDraw.Draw(img)
    for k, (_, value, _) in enumerate(ROWS):
        y = 360 + 40 * k
        draw.text(((205 - x0) * scale, (y - 20 - y0) * scale), value, font=font,
                  fill=(30, 40, 150, 255))
    draw.text(((200 - x0) * scale, (570 - y0) * scale), "AK", font=font,
              fill=(30, 40, 150, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _form(opaque: bool = False) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "WEIGHBRIDGE TICKET", fontsize=13, fontname="hebo")
    page.insert_text((50, 120), "Gross weight:", fontsize=11, fontname="cour")
    page.insert_text((200, 120), "38,420 kg", fontsize=11, fontname="cour")
    page.insert_text((50, 320), "Lab grading", fontsize=12, fontname="hebo")
    for k, (label, _, unit) in enumerate(ROWS):
        y = 360 + 40 * k
        page.insert_text((50, y), label, fontsize=11)
        page.draw_line((200, y + 3), (310, y + 3), width=0.5)
        page.insert_text((315, y), unit, fontsize=11)
    page.draw_rect(pymupdf.Rect(50, 548, 64, 562), width=0.8)
    page.insert_text((72, 560), "GMO free (tick if the supplier declares it)", fontsize=11)
    page.insert_text((50, 590), "Grader initials:", fontsize=11)
    page.insert_text((300, 590), "Signature of the grader:", fontsize=11)
    page.insert_text((380, 360), "Lab use only", fontsize=11)
    page.insert_image(pymupdf.Rect(*SECTION), stream=_overlay(opaque=opaque))
    data = doc.tobytes()
    doc.close()
    return data


def _page(registry: Any, data: bytes) -> Any:
    from formsift.core.engine import Engine

    return Engine(registry=registry).load(data, name="ticket.pdf").pages[0]


def test_a_transparent_overlay_is_an_image_area_where_it_shows(registry):
    from formsift.core.geometry import Box
    from formsift.core.mixed import missing_areas

    page = _page(registry, _form())
    whole = Box(0, 330 / 842, 1, 600 / 842)
    assert whole not in page.image_areas
    todo = missing_areas(page)
    # the values and the initials are to be read, none of the printed words with them
    assert todo and all(a.x0 > 190 / 595 and a.x1 < 315 / 595 for a in todo), todo
    for k in range(len(ROWS)):
        y = (360 + 40 * k - 8) / 842
        assert any(a.y0 < y < a.y1 for a in todo), (k, todo)
    labels = [w for w in page.words if w.text in ("Moisture:", "%", "initials:")]
    assert labels and not any(a.intersection_area(w.box) > 0 for a in todo for w in labels)


def test_an_opaque_image_over_the_print_stays_one_area(registry):
    """Guard: an image without transparency shows over its whole rectangle."""
    from formsift.core.geometry import Box

    page = _page(registry, _form(opaque=True))
    (area,) = page.image_areas
    assert area.as_list() == pytest.approx(Box(0, 330 / 842, 1, 600 / 842).as_list(),
                                           abs=0.002)


@needs_models
def test_the_handwritten_values_of_the_overlay_are_read(registry, tmp_path):
    from formsift.core.engine import Engine
    from formsift.templates import check_source

    source = """template grading {
  match { contains "WEIGHBRIDGE TICKET" }
  field moisture: percent(sign="optional") = right of "Moisture:" handwritten
  field protein: percent(sign="optional") = right of "Protein:" handwritten
  field admixture: percent(sign="optional") = right of "Admixture:" handwritten
}"""
    (t,), _ = check_source(source, "grading.sift", registry)
    path = tmp_path / "ticket.pdf"
    path.write_bytes(_form())
    result = Engine(registry=registry, seen_store="memory").extract(path, t)
    assert result.record() == {"moisture": "14.2", "protein": "12.8", "admixture": "3.5"}
    assert result.page_info[0].notes["mixed"]["read"]
