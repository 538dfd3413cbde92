"""Mixed PDFs: a text layer plus images. OCR reads only the image areas the text layer
does not cover (or covers only in part), and the words merge without duplicates."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_words

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _stamp_png(text: str) -> bytes:
    import cv2

    img = draw_words([(8, text)], 280, fontsize=26, dpi=144)
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


def _pdf(stamp: str, overlay: str | None = None) -> bytes:
    """A page with a text layer and a scanned stamp; ``overlay`` writes the stamp's words
    into the text layer over the image too (as a searchable scan does)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Invoice number 12345", fontsize=12)
    page.insert_text((72, 130), "Total due 250.00 EUR", fontsize=12)
    rect = pymupdf.Rect(72, 200, 372, 259)
    page.insert_image(rect, stream=_stamp_png(stamp))
    if overlay:
        page.insert_textbox(rect, overlay, fontsize=30, render_mode=3)  # invisible text
    data = doc.tobytes()
    doc.close()
    return data


def test_the_pdf_loader_reports_image_areas(registry):
    from formsift.core.engine import Engine
    from formsift.core.mixed import missing_areas

    doc = Engine(registry=registry).load(_pdf("PAID 2024-05-01"), name="m.pdf")
    page = doc.pages[0]
    assert page.has_text_layer and len(page.image_areas) == 1
    a = page.image_areas[0]
    assert a.x0 == pytest.approx(72 / 595, abs=0.01) and a.y0 == pytest.approx(200 / 842,
                                                                                abs=0.01)
    assert missing_areas(page) == [a]


def test_an_image_under_the_text_layer_is_not_read_again(registry):
    from formsift.core.engine import Engine
    from formsift.core.mixed import missing_areas

    doc = Engine(registry=registry).load(_pdf("PAID 2024-05-01", "PAID 2024-05-01"),
                                         name="m.pdf")
    assert missing_areas(doc.pages[0]) == []


@needs_models
def test_ocr_reads_the_stamp_and_keeps_the_text_layer(registry):
    from formsift.core.engine import Engine

    engine = Engine(registry=registry)
    doc = engine.load(_pdf("PAID 2024-05-01"), name="m.pdf")
    used = engine.recognize(doc)
    assert "ppocr_rec" in used
    words = doc.pages[0].words
    texts = [w.text for w in words]
    assert texts[:7] == ["Invoice", "number", "12345", "Total", "due", "250.00", "EUR"]
    ocr = [w for w in words if w.source == "ppocr_rec"]
    assert [w.text for w in ocr] == ["PAID", "2024-05-01"]
    assert all(w.box.y0 > 190 / 842 for w in ocr)
    assert doc.pages[0].notes["mixed"]["words"] == 2
    # a second pass reads nothing again
    assert engine.recognize(doc) == [] and len(doc.pages[0].words) == len(words)


def test_duplicates_are_dropped_when_words_overlap():
    from formsift.core.areas import dedupe
    from formsift.core.document import Word
    from formsift.core.geometry import Box

    kept = [Word("Total", Box(0.1, 0.1, 0.2, 0.12), 0)]
    new = [Word("Tota1", Box(0.101, 0.1, 0.199, 0.121), 0, 0.9, "ocr"),
           Word("PAID", Box(0.3, 0.3, 0.4, 0.33), 0, 0.9, "ocr")]
    assert [w.text for w in dedupe(kept, new)] == ["PAID"]


@needs_models
def test_extraction_on_a_mixed_pdf_reports_the_ocr_words(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field paid: date = right of "PAID"\n'
                 '  field no: text = right of "Invoice number"\n}\n')
    result = Engine(registry=registry).extract(_pdf("PAID 2024-05-01"), t, name="m.pdf")
    assert result.record() == {"paid": "2024-05-01", "no": "12345"}
    assert result.fields["paid"].source == "ppocr_rec"
    assert result.fields["no"].source == "pdf"
    info = result.page_info[0]
    assert info.text_layer and [w.text for w in info.words] == ["PAID", "2024-05-01"]


@needs_models
def test_auto_mode_leaves_images_unread_when_the_text_layer_completes_the_record(
        registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field no: text = right of "Invoice number"\n}\n')
    pdf = _pdf("PAID 2024-05-01")
    result = Engine(registry=registry).extract(pdf, t, name="m.pdf")
    assert result.record() == {"no": "12345"}
    notes = result.page_info[0].notes["mixed"]
    assert notes["read"] is False and len(notes["areas"]) == 1
    assert not any(c.kind == "recognizer" for c in result.audit.components)
    always = Engine(registry=registry, mixed_ocr="always").extract(pdf, t, name="m.pdf")
    assert always.page_info[0].notes["mixed"]["words"] == 2
    assert [w.text for w in always.page_info[0].words] == ["PAID", "2024-05-01"]


def test_never_mode_reads_no_image_and_a_missing_field_stays_missing(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field paid: date? = right of "PAID"\n'
                 '  field no: text = right of "Invoice number"\n}\n')
    result = Engine(registry=registry, mixed_ocr="never").extract(
        _pdf("PAID 2024-05-01"), t, name="m.pdf")
    assert result.record() == {"paid": None, "no": "12345"}
    assert result.page_info[0].words == []
    assert result.page_info[0].notes["mixed"]["why"] == "mixed OCR is off"


def test_a_wrong_mixed_ocr_mode_is_one_clear_error(registry):
    from formsift.core.engine import Engine
    from formsift.core.errors import FormsiftError

    with pytest.raises(FormsiftError, match="mixed_ocr must be one of auto, always, never"):
        Engine(registry=registry, mixed_ocr="sometimes")


@needs_models
def test_auto_mode_reads_images_for_a_missing_handwritten_field_not_a_printed_optional_one(
        registry, tmp_path):
    from formsift.core.engine import Engine

    printed = tmp_path / "printed.sift"
    printed.write_text('template t {\n  field paid: date? = right of "PAID"\n'
                       '  field no: text = right of "Invoice number"\n}\n')
    result = Engine(registry=registry).extract(_pdf("PAID 2024-05-01"), printed, name="m.pdf")
    assert result.record() == {"paid": None, "no": "12345"}  # an absent optional field
    assert result.page_info[0].notes["mixed"]["read"] is False
    inked = tmp_path / "inked.sift"
    inked.write_text('template t {\n  field paid: date? = right of "PAID" handwritten\n'
                     '  field no: text = right of "Invoice number"\n}\n')
    result = Engine(registry=registry).extract(_pdf("PAID 2024-05-01"), inked, name="m.pdf")
    assert result.record()["paid"] == "2024-05-01"  # ink is never in the text layer


@needs_models
def test_debug_dir_shows_the_image_areas_read_on_a_text_layer_page(registry, tmp_path):
    from formsift.core.engine import Engine

    engine = Engine(registry=registry, debug_dir=tmp_path, mixed_ocr="always")
    engine.extract(_pdf("PAID 2024-05-01"), name="m.pdf")
    names = sorted(p.name for p in (tmp_path / "m.pdf").iterdir())
    assert names == ["p1-00-input.png", "p1-91-words.png"]


def _note_over_paragraph_pdf(pasted: bool = True) -> bytes:
    """A paragraph of running text with a scan of part of it pasted back over it: the end
    of its second line, and below it a note in other words (drawn with a font, as a scan
    shows it). The text layer's words fill about a fifth of the image, all in its top
    strip, and the scan shows them again at the same place. ``pasted=False``: the image
    is painted first and the paragraph's text over it (the text layer's words are shown;
    pasted over them, they are hidden until the image is read and shows them)."""
    import pymupdf

    paragraph = ["The Tenant shall restore the Premises to the state they were in at the start",
                 "of the lease, fair wear and tear excepted, unless otherwise agreed in writing by",
                 "both parties to this agreement."]
    rect = pymupdf.Rect(300, 106, 500, 160)
    scan = pymupdf.open()
    page = scan.new_page()
    for i, line in enumerate(paragraph):
        page.insert_text((72, 100 + 15 * i), line, fontsize=11)
    page.draw_rect(pymupdf.Rect(304, 121, 496, 158), color=None, fill=(1, 1, 1))
    x = 306.0
    for word in ["rent", "reduced", "to", "1150", "EUR"]:  # wide spaces, as a hand leaves
        page.insert_text((x, 137), word, fontsize=15, fontname="tiro")
        x += pymupdf.get_text_length(word, fontname="tiro", fontsize=15) + 8
    page.insert_text((306, 155), "from", fontsize=15, fontname="tiro")
    page.insert_text((346, 155), "01.03.2026", fontsize=15, fontname="tiro")
    png = page.get_pixmap(dpi=144, clip=rect, alpha=False).tobytes("png")
    scan.close()
    doc = pymupdf.open()
    page = doc.new_page()
    if not pasted:
        page.insert_image(rect, stream=png)
    for i, line in enumerate(paragraph):
        page.insert_text((72, 100 + 15 * i), line, fontsize=11)
    page.insert_text((72, 190), "The net monthly rent amounts to EUR 1,380.00.", fontsize=11)
    if pasted:
        page.insert_image(rect, stream=png)
    data = doc.tobytes()
    doc.close()
    return data


def test_an_image_the_text_layer_covers_in_part_is_an_area_to_read(registry):
    from formsift.core.engine import Engine
    from formsift.core.mixed import COVERED, coverage, missing_areas

    page = Engine(registry=registry).load(_note_over_paragraph_pdf(pasted=False),
                                          name="n.pdf").pages[0]
    area = page.image_areas[0]
    filled = sum(area.intersection_area(w.box) for w in page.words) / area.area()
    assert filled > COVERED  # more than the "covered" share, but only in its top strip
    assert coverage(page, area) == "part" and missing_areas(page) == [area]


def test_an_image_partly_over_print_left_unread_is_listed_in_the_notes(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field rent: money = after "rent amounts to"\n}\n')
    result = Engine(registry=registry, mixed_ocr="never").extract(
        _note_over_paragraph_pdf(), t, name="n.pdf")
    notes = result.page_info[0].notes["mixed"]
    assert notes["read"] is False and len(notes["areas"]) == 1
    assert notes["why"] == "mixed OCR is off"


@needs_models
@pytest.mark.parametrize("pasted", [False, True])
def test_a_note_pasted_over_part_of_a_paragraph_is_read_and_merged(registry, tmp_path,
                                                                   pasted):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  field rent: money = after "rent amounts to"\n'
                 '  field amended: money? = after "reduced to"\n'
                 '  field from: date? = after "from"\n}\n')
    result = Engine(registry=registry, mixed_ocr="always").extract(
        _note_over_paragraph_pdf(pasted), t, name="n.pdf")
    assert result.record() == {"rent": "1380.00", "amended": "1150", "from": "2026-03-01"}
    assert result.fields["amended"].source != "pdf"
    info = result.page_info[0]
    assert info.notes["mixed"]["read"] is True
    added = [w.text for w in info.words]  # the note's words, none of the print's
    assert {"rent", "reduced", "1150", "from", "01.03.2026"} <= set(added)
    assert not {"unless", "otherwise", "agreed", "writing", "by"} & set(added)
    if pasted:  # the printed words under the scan are hidden until the scan shows them
        hidden = info.notes["hidden_text"]
        assert hidden["words"] == hidden["shown_by_image"] == 5
        assert result.status.value == "accepted"
        assert not any(r.code == "hidden_text" for r in result.reasons)
    else:
        assert info.notes["mixed"]["partly_covered"]
        assert info.notes["mixed"]["text_layer_regions"] == 1  # the printed line: not read
    # the printed words under and beside the note are the text layer's, once each
    engine = Engine(registry=registry, mixed_ocr="always")
    doc = engine.load(_note_over_paragraph_pdf(pasted), name="n.pdf")
    engine.recognize(doc)
    texts = [w.text for w in doc.pages[0].words]
    for word in ("unless", "otherwise", "agreed", "writing", "by", "parties"):
        assert texts.count(word) == 1
    assert all(w.source == "pdf" for w in doc.pages[0].words if w.text == "unless")


def test_a_searchable_scan_with_a_blank_half_is_covered(registry):
    """The review's case (R4): a searchable scan (the page's image under an invisible OCR
    layer) whose text fills only its top half has a clear band, and --mixed-ocr always
    read it again: 3 spurious rows, a quantity 1 read 18. The page's own scan is covered
    by its text layer, blank parts and all."""
    import cv2
    import numpy as np
    import pymupdf

    from formsift.core.engine import Engine
    from formsift.core.mixed import coverage, missing_areas

    img = np.full((1100, 850, 3), 255, np.uint8)
    lines = [f"Line {i}: Pallet {i} of delivery DN-{4000 + i}, quantity {i + 1}" for i in range(14)]
    for i, text in enumerate(lines):
        cv2.putText(img, text, (60, 80 + 30 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (0, 0, 0), 1)
    _, png = cv2.imencode(".png", img)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=png.tobytes())
    for i, text in enumerate(lines):  # the OCR layer, invisible, over the scan's lines
        page.insert_text((43, 58 + 21.6 * i), text, fontsize=9, render_mode=3)
    data = doc.tobytes()
    doc.close()
    loaded = Engine(registry=registry).load(data, name="s.pdf").pages[0]
    (area,) = loaded.image_areas
    assert coverage(loaded, area) == "full" and missing_areas(loaded) == []
