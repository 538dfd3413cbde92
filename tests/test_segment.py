"""Segmenters beside text detection: ruling lines, checkboxes (on generated images), and
reading order on two-column pages."""

from __future__ import annotations

import pytest

from formsift.core.document import Page
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_words


def _form(ticked=(True, False), size=(1200, 900)):
    """A white page with a 3x3 table grid, and checkboxes with labels below it."""
    import cv2
    import numpy as np

    h, w = size
    img = np.full((h, w, 3), 255, np.uint8)
    for i in range(4):  # the grid: 4 horizontal and 4 vertical rules
        cv2.line(img, (100, 100 + i * 80), (700, 100 + i * 80), (0, 0, 0), 2)
        cv2.line(img, (100 + i * 200, 100), (100 + i * 200, 340), (0, 0, 0), 2)
    for k, tick in enumerate(ticked):
        x, y = 120, 500 + k * 120
        cv2.rectangle(img, (x, y), (x + 44, y + 44), (0, 0, 0), 3)
        if tick:
            cv2.line(img, (x + 9, y + 9), (x + 35, y + 35), (0, 0, 0), 4)
            cv2.line(img, (x + 35, y + 9), (x + 9, y + 35), (0, 0, 0), 4)
        cv2.putText(img, ["I agree", "Send offers"][k], (x + 70, y + 36),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.3, (0, 0, 0), 3)
    return img


def _page():
    return Page(index=0, width=900, height=1200, unit="px")


def _make(registry, name, **opts):
    return registry.create("segmenter", name, opts or None)


def test_ruling_lines_are_found_with_their_orientation(registry):
    page = _page()
    rules = _make(registry, "rules").segment(_form(), page)
    horizontal = [r for r in rules if r.attrs["orientation"] == "h"]
    vertical = [r for r in rules if r.attrs["orientation"] == "v"]
    assert len(horizontal) == 4 and len(vertical) == 4
    assert all(r.kind == "rule" for r in rules)
    assert horizontal[0].box.x0 == pytest.approx(100 / 900, abs=0.01)
    assert horizontal[0].box.x1 == pytest.approx(700 / 900, abs=0.01)
    assert page.notes["rules"] == {"horizontal": 4, "vertical": 4}


def test_ink_lines_finds_each_line_of_a_boxed_field_without_its_frame(registry):
    import cv2
    import numpy as np

    img = np.full((120, 600, 3), 255, np.uint8)
    first_line = draw_words([(0, "Gross 3,210.00"), (215, "EUR")], 240, fontsize=14, dpi=144)
    img[20:20 + first_line.shape[0], 18:18 + first_line.shape[1]] = first_line
    second_line = draw_words([(0, "next line")], 100, fontsize=12, dpi=144)
    img[72:72 + second_line.shape[0], 18:18 + second_line.shape[1]] = second_line
    cv2.rectangle(img, (2, 2), (597, 117), (0, 0, 0), 2)  # the form's box
    ink = np.nonzero((first_line < 128).any(axis=(0, 2)))[0]
    gross_end = 18 + max(x for x in ink if x < 300)  # the last ink column of the amount
    boxes = [[round(v * s) for v, s in zip(r.box.as_list(), (600, 120, 600, 120),
                                           strict=True)]
             for r in _make(registry, "ink_lines").segment(img, _page())]
    assert len(boxes) == 3  # two words far apart on the first line, and the second line
    first, eur, second = boxes
    assert 12 <= first[0] <= 20 and gross_end <= first[2] <= gross_end + 6
    assert eur[0] >= 18 + 2 * 215 - 6
    assert first[3] < second[1] and second[3] < 117  # the frame is not a line
    assert _make(registry, "ink_lines").segment(np.full((50, 80, 3), 255, np.uint8),
                                                _page()) == []


def test_checkboxes_ticked_and_empty_with_a_confidence(registry):
    page = _page()
    boxes = _make(registry, "checkboxes").segment(_form((True, False)), page)
    assert [b.attrs["checked"] for b in boxes] == [True, False]
    assert all(b.kind == "checkbox" and 0.5 <= b.score <= 1.0 for b in boxes)
    assert boxes[0].box.x0 == pytest.approx(120 / 900, abs=0.01)
    # the table's cells are not checkboxes (too large), nor are the letters
    assert page.notes["checkboxes"] == {"found": 2, "ticked": 1}


#: The tick boxes of ``claim_page``: (label, x) on one row, and a second row of two.
CLAIM_BOXES = [("Vehicle", 60), ("Property", 150), ("Injury", 240), ("Theft", 330),
               ("Yes", 60), ("No", 150)]
BOX_SIDE, ROW_Y = 12, (150, 190)


def claim_page(dpi: int = 200, ticks=("check", None, "cross", None, None, "check"),
               grey: bool = False):
    """A scanned form (PyMuPDF, rendered at ``dpi``): a bold heading and printed lines
    full of "O", "o", "D" and "P", handwriting-like loops, and a row of tick boxes of
    side 12 pt with labels; ``ticks`` per box: "check" (a check mark drawn across the
    frame and beyond its top right corner, as people tick), "cross" (inside) or None."""
    import numpy as np
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=300)
    page.insert_text((30, 40), "NORTHWIND INSURANCE", fontname="hebo", fontsize=16)
    page.insert_text((30, 62), "Claim Form CF-7 - please complete in BLOCK letters",
                     fontname="helv", fontsize=10)
    page.insert_text((30, 84), "Policy holder: DOROTHEA O'CONNOR, Rosenweg 80, Bonn",
                     fontname="helv", fontsize=10)
    page.insert_text((30, 104), "Date of loss: 04.10.2024   Description of damage",
                     fontname="helv", fontsize=10)
    blue = (0.1, 0.1, 0.6)
    for i, (rx, ry) in enumerate([(5, 4), (4, 5), (6, 5), (3, 4)]):  # handwritten loops
        cx = 250 + i * 30
        page.draw_oval(pymupdf.Rect(cx - rx, 125 - ry, cx + rx, 125 + ry), color=blue,
                       width=1.3)
        page.draw_line((cx + rx, 125 - ry), (cx + rx + 4, 125 + ry), color=blue, width=1.3)
    for k, ((label, x), tick) in enumerate(zip(CLAIM_BOXES, ticks, strict=True)):
        y, s = ROW_Y[k // 4], BOX_SIDE
        page.draw_rect(pymupdf.Rect(x, y, x + s, y + s), width=0.8)
        page.insert_text((x + s + 5, y + 10), label, fontname="helv", fontsize=10)
        if tick == "check":
            page.draw_polyline([(x + 2, y + s * 0.55), (x + s * 0.42, y + s - 1.5),
                                (x + s + 3, y - 3)], color=blue, width=1.4)
        elif tick == "cross":
            page.draw_line((x + 2, y + 2), (x + s - 2, y + s - 2), color=blue, width=1.4)
            page.draw_line((x + s - 2, y + 2), (x + 2, y + s - 2), color=blue, width=1.4)
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, ::-1]
    doc.close()
    img = np.ascontiguousarray(img)
    if grey:  # a scan's grey paper and noise
        rng = np.random.default_rng(7)
        img = np.clip(img.astype(int) * 0.85 + rng.normal(0, 8, img.shape), 0, 255)
        img = img.astype(np.uint8)
    return img


def _claim_boxes(registry, img):
    h, w = img.shape[:2]
    page = Page(index=0, width=w, height=h, unit="px")
    return page, _make(registry, "checkboxes").segment(img, page)


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_a_check_mark_drawn_across_the_frame_leaves_the_box_found_and_ticked(registry,
                                                                              dpi):
    ticks = ("check", "check", "cross", None, "check", None)
    img = claim_page(dpi, ticks, grey=True)
    _, boxes = _claim_boxes(registry, img)
    found = {}
    for b in boxes:  # which drawn box each found one is
        for k, (_, x) in enumerate(CLAIM_BOXES):
            if abs(b.box.x0 * 420 - x) < 2 and abs(b.box.y0 * 300 - ROW_Y[k // 4]) < 2:
                found[k] = b
    assert sorted(found) == list(range(6))
    assert [found[k].attrs["checked"] for k in range(6)] == [t is not None for t in ticks]
    # the box is the frame, not the frame with the mark's overshoot
    assert found[0].box.width * 420 == pytest.approx(BOX_SIDE, abs=1.5)


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_letters_and_handwritten_loops_are_not_checkboxes(registry, dpi):
    page, boxes = _claim_boxes(registry, claim_page(dpi, grey=True))
    # "O", "o", "D", "P" in print and loops in handwriting: none is a box, each tick box is
    outside = [(round(b.box.x0 * 420), round(b.box.y0 * 300)) for b in boxes
               if b.box.y0 * 300 < ROW_Y[0] - 5]
    assert outside == []
    assert page.notes["checkboxes"] == {"found": 6, "ticked": 3}


def test_a_filled_box_is_ticked_and_a_dot_is_no_box(registry):
    """A filled-in box is one, ticked (the local threshold leaves only its rim as ink: it
    is told from a thick-sided letter by the darkness inside); a round blob is none."""
    import cv2
    import numpy as np

    img = np.full((1200, 900, 3), 255, np.uint8)
    cv2.rectangle(img, (100, 100), (140, 140), (0, 0, 0), 2)  # empty
    cv2.rectangle(img, (200, 100), (240, 140), (0, 0, 0), -1)  # solid
    cv2.rectangle(img, (300, 100), (340, 140), (0, 0, 0), 2)  # frame, filled in
    cv2.rectangle(img, (306, 106), (334, 134), (0, 0, 0), -1)
    cv2.circle(img, (420, 120), 18, (0, 0, 0), -1)  # a dot
    boxes = _make(registry, "checkboxes").segment(img, _page())
    assert sorted((round(b.box.x0 * 90) * 10, b.attrs["checked"]) for b in boxes) == [
        (100, False), (200, True), (300, True)]


def test_a_box_inside_a_recognized_word_is_a_letter_not_a_checkbox():
    import numpy as np

    from formsift.core.areas import EMPTY, TICKED, read
    from formsift.core.document import Word
    from formsift.core.geometry import Box
    from formsift.core.kinds import Recognizer, TextRegion

    class Reads(Recognizer):
        name = "reads"

        def recognize(self, image, page, regions, constraint=None):
            return [Word("Novak", Box(0.30, 0.10, 0.42, 0.13), 0),
                    Word("BLOCK", Box(0.30, 0.20, 0.42, 0.24), 0),
                    Word("Vehicle", Box(0.53, 0.50, 0.65, 0.53), 0)]

    text = [TextRegion(Box(0.3, 0.1, 0.42, 0.13), "text"),
            TextRegion(Box(0.3, 0.2, 0.42, 0.24), "text"),
            TextRegion(Box(0.53, 0.5, 0.65, 0.53), "text")]
    bowl = TextRegion(Box(0.30, 0.22, 0.315, 0.24), "checkbox", 0.9, None,
                      {"checked": True})  # the lower bowl of the "B", at the word's start
    loop = TextRegion(Box(0.35, 0.105, 0.37, 0.125), "checkbox", 0.9, None,
                      {"checked": False})  # the "o" of "Novak"
    box = TextRegion(Box(0.50, 0.50, 0.52, 0.53), "checkbox", 0.9, None,
                     {"checked": True})  # beside its label
    glued = TextRegion(Box(0.53, 0.50, 0.55, 0.53), "checkbox", 0.9, None,
                       {"checked": False})  # read with its label as one word: kept
    recognizer = Reads()
    words = read(np.zeros((10, 10, 3), np.uint8), _page(), [*text, loop, bowl, box, glued],
                 [recognizer])
    assert sorted(w.text for w in words) == sorted(["Novak", "BLOCK", "Vehicle", TICKED,
                                                    EMPTY])
    assert not any(w.text in (TICKED, EMPTY) and w.box.x0 < 0.45 for w in words)


def test_bad_segmenter_options_are_refused_clearly(registry, tmp_path):
    from formsift.core.errors import FormsiftError
    from formsift.templates import load_template

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  pipeline {\n    segment ppocr_det, checkboxes(ticked_at="a '
                 'lot")\n  }\n  field a: checkbox = left of "I agree"\n}\n')
    with pytest.raises(FormsiftError, match="ticked_at") as err:
        load_template(t, registry)
    assert "t.sift:3" in str(err.value)


def test_checkbox_regions_become_words_the_checkbox_type_reads():
    import numpy as np

    from formsift.core.areas import EMPTY, TICKED, read
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    regions = [TextRegion(Box(0.1, 0.1, 0.15, 0.14), "checkbox", 0.9, None,
                          {"checked": True}),
               TextRegion(Box(0.1, 0.3, 0.15, 0.34), "checkbox", 0.8, None,
                          {"checked": False}),
               TextRegion(Box(0.1, 0.5, 0.9, 0.502), "rule")]
    words = read(np.zeros((10, 10, 3), np.uint8), _page(), regions, [])
    assert [(w.text, w.confidence) for w in words] == [(TICKED, 0.9), (EMPTY, 0.8)]


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_template_reads_ticked_boxes_on_a_scan(registry, tmp_path):
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text("template consent {\n"
                 "  pipeline {\n    segment ppocr_det, checkboxes\n  }\n"
                 '  field agree: checkbox = left of "I agree"\n'
                 '  field offers: checkbox = left of "Send offers"\n}\n')
    engine = Engine(registry=registry)
    for ticks in ((True, False), (False, True)):
        result = engine.extract(encode_png(_form(ticks)), t)
        assert result.record() == {"agree": ticks[0], "offers": ticks[1]}
        assert result.fields["agree"].source == "checkboxes"


def test_reading_order_follows_columns():
    from formsift.core.document import Word
    from formsift.core.geometry import Box
    from formsift.core.reading_order import reading_order

    def w(text, x, y):
        return Word(text, Box(x, y, x + 0.08, y + 0.015), 0)

    words = [w("Title", 0.1, 0.05), w("wide", 0.5, 0.05),
             w("left1", 0.1, 0.2), w("right1", 0.6, 0.2),
             w("left2", 0.1, 0.23), w("right2", 0.6, 0.23),
             w("left3", 0.1, 0.26), w("right3", 0.6, 0.26),
             w("Footer", 0.1, 0.9), w("line", 0.5, 0.9)]
    lines = [ln.text for ln in reading_order(words)]
    assert lines == ["Title wide", "left1", "left2", "left3", "right1", "right2", "right3",
                     "Footer line"]


def test_ocr_columns_needs_the_text_format(tmp_path, capsys):
    from formsift.cli import main
    from formsift.samples import encode_png

    png = tmp_path / "f.png"
    png.write_bytes(encode_png(_form()))
    assert main(["ocr", str(png), "--columns", "-f", "json"]) != 0
    err = capsys.readouterr().err
    assert "--columns applies to --format text only" in err and "Traceback" not in err
