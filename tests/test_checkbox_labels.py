"""Checkboxes on scanned, hand-filled forms (claims journey, findings 4 and 5): a short
label right beside a box is read whole, and a thick tick that overshoots the box leaves it
found, while letters stay no boxes. Images are generated here (PyMuPDF, rendered at 300
dpi and made scan-like)."""

from __future__ import annotations

import pytest

from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.plugins.ocr.models import INSTALL_HINT, models_available

#: The rows of ``yes_no_page``: (question, y) in points; the boxes at x = 330 and 390 pt
#: (as on the claim form HC-7, an A4 page).
ROWS = [("Is this claim due to an accident?", 309), ("Do you have other health insurance?", 335)]
BOX_X, SIDE = (330, 390), 11
A4 = (595, 842)


def _scan(img, angle: float = 0.6):
    """A scan of ``img``: slightly turned, blurred, grey paper and noise."""
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))
    img = cv2.GaussianBlur(img, (3, 3), 0.6)
    rng = np.random.default_rng(3)
    return np.clip(img.astype(float) * 0.93 + 10 + rng.normal(0, 6, img.shape), 0,
                   255).astype(np.uint8)


def _render(page, dpi: int):
    import numpy as np

    pix = page.get_pixmap(dpi=dpi, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, ::-1]
    return np.ascontiguousarray(img)


def yes_no_page(ticks=(None, None, None, None), dpi: int = 300, scan: bool = True):
    """A form's Yes/No rows: a box of side 11 pt, its label ("Yes", "No") 5 pt right of
    it, at 9 pt, as on the claim form HC-7. ``ticks`` per box (row by row): None, "cross"
    (inside the box) or "big" (a thick tick overshooting the box's bottom and right, as
    hurried people tick)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((40, 60), "Claim Form for Medical Expenses", fontname="hebo", fontsize=14)
    ink = (0.1, 0.1, 0.45)
    for k, tick in enumerate(ticks):
        question, y = ROWS[k // 2]
        x, s = BOX_X[k % 2], SIDE
        if k % 2 == 0:
            page.insert_text((40, y + 9), question, fontname="helv", fontsize=9)
        page.draw_rect(pymupdf.Rect(x, y, x + s, y + s), width=0.8)
        page.insert_text((x + 16, y + 9), "Yes" if k % 2 == 0 else "No", fontname="helv",
                         fontsize=9)
        if tick == "big":
            page.draw_polyline([(x - 3, y + s * 0.4), (x + s * 0.4, y + s + 3),
                                (x + s + 9, y - 9)], color=ink, width=1.8)
        elif tick == "cross":
            page.draw_line((x + 1.5, y + 1.5), (x + s - 1.5, y + s - 1.5), color=ink, width=1.4)
            page.draw_line((x + s - 1.5, y + 1.5), (x + 1.5, y + s - 1.5), color=ink, width=1.4)
    img = _render(page, dpi)
    doc.close()
    return _scan(img) if scan else img


def _segment(registry, img):
    h, w = img.shape[:2]
    page = Page(index=0, width=w, height=h, unit="px")
    return page, registry.create("segmenter", "checkboxes", None).segment(img, page)


def _which(boxes, size=A4):
    """The drawn box (its index in ``ticks``) each found box is: {index: region}."""
    out = {}
    for b in boxes:
        for k in range(4):
            x, y = BOX_X[k % 2], ROWS[k // 2][1]
            if abs(b.box.x0 * size[0] - x) < 4 and abs(b.box.y0 * size[1] - y) < 4:
                out[k] = b
    return out


# -- finding 5: a thick tick overshooting the box ---------------------------------------

@pytest.mark.parametrize("dpi", [200, 300])
def test_a_thick_tick_overshooting_the_box_leaves_it_found_and_ticked(registry, dpi):
    """The tick runs close along the box's bottom and right sides: measured where it
    crosses them, the sides were as thick as a letter's and the box was lost (the "Female"
    box: ``left of "Female"`` then read the empty "Male" box)."""
    ticks = ("big", None, None, "big")
    page, boxes = _segment(registry, yes_no_page(ticks, dpi))
    found = _which(boxes)
    assert sorted(found) == [0, 1, 2, 3]
    assert [found[k].attrs["checked"] for k in range(4)] == [True, False, False, True]
    # the box is the frame, not the frame with the tick's overshoot
    assert found[0].box.width * A4[0] == pytest.approx(SIDE, abs=1.5)
    assert page.notes["checkboxes"] == {"found": 4, "ticked": 2}


@pytest.mark.parametrize("font", ["helv", "hebo", "tibo", "cobo"])
@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_letters_as_large_as_boxes_stay_no_checkboxes(registry, font, dpi):
    """"O", "D", "0" and other round letters, bold or not, of the size of a
    checkbox and larger: none is a box (their sides bend, or are thick all along)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=600, height=420)
    for k, size in enumerate((10, 14, 20, 28, 40)):
        page.insert_text((20, 50 + k * 75), "O D 0 Q o D 8 0 O a e g", fontname=font,
                         fontsize=size)
    img = _scan(_render(page, dpi), angle=0.0)
    doc.close()
    _, boxes = _segment(registry, img)
    assert [b.box for b in boxes] == []


# -- finding 4: a short label right beside a box ----------------------------------------

def _line(x0, x1, y0=0.10, y1=0.13):
    return TextRegion(Box(x0, y0, x1, y1), "text", 0.9)


def _box(x0, x1, y0=0.104, y1=0.126):
    return TextRegion(Box(x0, y0, x1, y1), "checkbox", 0.9, None, {"checked": False})


def test_a_text_line_detected_with_its_box_starts_after_the_box():
    from formsift.core.areas import trim_boxes

    box = _box(0.50, 0.52)
    # "☐ No": the line starts just before the box, or inside it
    for x0 in (0.498, 0.505):
        trimmed = trim_boxes(_line(x0, 0.56), [box])
        assert trimmed.box.x0 == pytest.approx(0.522, abs=1e-6)
        assert trimmed.box.x1 == pytest.approx(0.56)
    # "I agree ☐": the line ends after the box's left side
    end = trim_boxes(_line(0.40, 0.521), [box])
    assert end.box.x0 == pytest.approx(0.40) and end.box.x1 == pytest.approx(0.498, abs=1e-6)
    # a line with a polygon is cut along it
    poly = TextRegion(Box(0.498, 0.10, 0.56, 0.13), "handwritten", 0.8,
                      [(0.498, 0.10), (0.56, 0.10), (0.56, 0.13), (0.498, 0.13)])
    cut = trim_boxes(poly, [box])
    assert cut.kind == "handwritten" and cut.polygon[0][0] == pytest.approx(0.522, abs=1e-6)


def test_boxes_inside_a_line_or_much_smaller_than_it_are_left_alone():
    from formsift.core.areas import trim_boxes

    line = _line(0.40, 0.60)
    # a box in the middle of the line ("Novak": its "o"), a letter's bowl at its start
    # (the "B" of "BLOCK": half the line's height), a box on another line, no box
    for boxes in ([_box(0.48, 0.50)], [_box(0.40, 0.41, 0.11, 0.12)],
                  [_box(0.40, 0.42, 0.20, 0.22)], []):
        assert trim_boxes(line, boxes) is line
    # a line that is the box and nothing more keeps its place (its reading, a letter
    # over the frame, is dropped when words are made)
    only = _line(0.499, 0.523)
    assert trim_boxes(only, [_box(0.50, 0.52)]) is only


def test_the_recognizer_reads_the_label_without_the_frame():
    """The recognizer is given the line from the box's right side: the frame's ink is not
    in the crop (it was read as "N" or "α", and the label "No" was lost)."""
    import numpy as np

    from formsift.core.areas import EMPTY, read
    from formsift.core.document import Word
    from formsift.core.kinds import Recognizer

    class Records(Recognizer):
        name = "records"
        seen: list[Box] = []

        def recognize(self, image, page, regions, constraint=None):
            self.seen.extend(r.box for r in regions)
            return [Word("No", r.box, 0, 0.98) for r in regions]

    rec = Records()
    words = read(np.zeros((10, 10, 3), np.uint8),
                 Page(index=0, width=900, height=1200, unit="px"),
                 [_line(0.498, 0.56), _box(0.50, 0.52)], [rec])
    assert len(rec.seen) == 1 and rec.seen[0].x0 >= 0.52
    assert sorted(w.text for w in words) == sorted(["No", EMPTY])


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
@pytest.mark.parametrize("segment", ["handwriting, checkboxes", "ppocr_det, checkboxes"])
def test_left_of_a_short_label_finds_its_box_on_a_scan(registry, tmp_path, segment):
    """``left of "No"`` on a scanned Yes/No row (300 dpi): the label beside the frame is
    read, on an empty form and a filled one."""
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text("template yes_no {\n"
                 f"  pipeline {{\n    segment {segment}\n    recognize ppocr_rec, crnn\n  }}\n"
                 '  region acc_row = right of "due to an accident?" size(45%, 3%)\n'
                 '  region oth_row = right of "other health insurance?" size(45%, 3%)\n'
                 '  field acc_yes: checkbox = left of "Yes" in acc_row\n'
                 '  field acc_no: checkbox = left of "No" in acc_row\n'
                 '  field oth_yes: checkbox = left of "Yes" in oth_row\n'
                 '  field oth_no: checkbox = left of "No" in oth_row\n}\n')
    engine = Engine(registry=registry)
    for ticks in ((None, None, None, None), ("cross", None, None, "cross")):
        result = engine.extract(encode_png(yes_no_page(ticks)), t)
        assert result.record() == {"acc_yes": ticks[0] is not None, "acc_no": False,
                                   "oth_yes": False, "oth_no": ticks[3] is not None}


def sex_row_page(dpi: int = 300):
    """The claim form's "Sex: ☐ Male ☐ Female" row, Female ticked with a thick tick that
    overshoots the box (c06_bad_ticks)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((40, 60), "Claim Form for Medical Expenses", fontname="hebo", fontsize=14)
    page.insert_text((360, 221), "Sex:", fontname="helv", fontsize=9)
    for lab, x in (("Male", 392), ("Female", 452)):
        page.draw_rect(pymupdf.Rect(x, 212, x + SIDE, 212 + SIDE), width=0.8)
        page.insert_text((x + 16, 221), lab, fontname="helv", fontsize=9)
    x, y, s = 452, 212, SIDE
    page.draw_polyline([(x - 3, y + s * 0.4), (x + s * 0.4, y + s + 3), (x + s + 9, y - 9)],
                       color=(0.1, 0.1, 0.45), width=1.8)
    img = _render(page, dpi)
    doc.close()
    return _scan(img)


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_left_of_female_reads_the_box_an_overshooting_tick_crosses(registry, tmp_path):
    """The Female box with its overshooting tick is found, and not taken for a letter of
    the tick read as handwriting ("SAe"): ``left of "Female"`` reads it, not the Male box."""
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text("template sex {\n"
                 "  pipeline {\n    segment handwriting, checkboxes\n"
                 "    recognize ppocr_rec, crnn\n  }\n"
                 '  field male: checkbox = left of "Male"\n'
                 '  field female: checkbox = left of "Female"\n}\n')
    result = Engine(registry=registry).extract(encode_png(sex_row_page()), t)
    assert result.record() == {"male": False, "female": True}
    assert result.fields["female"].box[0] * A4[0] == pytest.approx(452, abs=3)


def test_a_tick_read_as_letters_leaves_its_box_a_checkbox():
    """A handwriting recognizer reads the thick tick across a box as a word ("SAe",
    confidence 0.04) around it: the box is ticked, not a letter of that word, and the
    word, the tick's reading, is no word. A box inside a word read with confidence, or an
    empty one inside a doubtful word, stays a letter."""
    import numpy as np

    from formsift.core.areas import TICKED, read
    from formsift.core.document import Word
    from formsift.core.kinds import Recognizer

    class Reads(Recognizer):
        name = "reads"

        def recognize(self, image, page, regions, constraint=None):
            return [Word("SAe", Box(0.749, 0.237, 0.799, 0.273), 0, 0.04),
                    Word("Moore", Box(0.30, 0.10, 0.42, 0.14), 0, 0.9),
                    Word("Jnwe", Box(0.30, 0.30, 0.42, 0.34), 0, 0.3)]

    text = [TextRegion(Box(0.749, 0.237, 0.799, 0.273), "handwritten", 0.8),
            TextRegion(Box(0.30, 0.10, 0.42, 0.14), "handwritten", 0.8),
            TextRegion(Box(0.30, 0.30, 0.42, 0.34), "handwritten", 0.8)]
    ticked = TextRegion(Box(0.755, 0.249, 0.775, 0.264), "checkbox", 0.7, None,
                        {"checked": True})
    loop = TextRegion(Box(0.33, 0.11, 0.35, 0.13), "checkbox", 0.9, None,
                      {"checked": True})  # an "o" of "Moore", inked inside
    empty = TextRegion(Box(0.36, 0.31, 0.38, 0.33), "checkbox", 0.9, None,
                       {"checked": False})  # a loop of a doubtful word
    words = read(np.zeros((10, 10, 3), np.uint8),
                 Page(index=0, width=900, height=1200, unit="px"),
                 [*text, ticked, loop, empty], [Reads()])
    assert sorted((w.text, w.box.x0) for w in words) == [
        ("Jnwe", 0.30), ("Moore", 0.30), (TICKED, 0.755)]


def test_a_line_made_taller_by_a_tick_still_starts_after_its_box():
    """A tick overshooting the box upwards makes the detected line taller than the box
    (the box is half its height): the box is still cut off."""
    from formsift.core.areas import trim_boxes

    line = _line(0.498, 0.56, 0.082, 0.126)
    assert trim_boxes(line, [_box(0.50, 0.52)]).box.x0 == pytest.approx(0.522, abs=1e-6)
