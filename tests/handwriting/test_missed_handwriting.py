"""Handwriting the text detector misses or mislabels: a name written on a form's underline,
a label and the name after it detected as one line, a quantity written across a table's
rule. The documents are drawn here: a delivery note printed with PyMuPDF, written on in a
handwriting font installed on the system, degraded like a scan."""

from __future__ import annotations

import random
from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts

needs_fonts = pytest.mark.skipif(not handwriting_fonts(),
                                 reason="no handwriting font installed (see .ci/run)")

DPI = 200
SCALE = DPI / 72
ITEMS = (("4711-200", "Hex bolt M12x60", 500), ("4711-310", "Washer A13", 1000),
         ("6100-040", "Threaded rod M12", 10))
TEMPLATE = '''template dn {
  match { contains "Delivery note" }
  field received_by: text = right of "Received by:" handwritten
  table items {
    article: id header "Article"
    description: text header "Description"
    qty_ordered: int header "Qty ordered"
    qty_delivered: int header "Qty delivered" handwritten
    until /Received by/i
  }
}'''


def _font() -> Any:
    fonts = handwriting_fonts()
    return next((f for f in fonts if f.name == "dkg.ttf"), fonts[0])


def delivery_note(receiver: str, seed: int = 2, scan: bool = True,
                  rule_through: int | None = None, shift: float = 5) -> tuple[Any, dict[str, Any]]:
    """A delivery note (greyscale array at 200 dpi) whose delivered quantities and
    receiver are handwritten; the receiver writes the name ON the underline after
    "Received by:", which runs through the lower half of the letters. ``rule_through``:
    the row whose quantity is written ``shift`` points lower, across the table's bottom
    rule. With
    ``scan`` the page is turned a little, shaded, blurred and given noise. Also returns
    where things are, in pixels."""
    import cv2
    import numpy as np
    import pymupdf
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((340, 60), "DELIVERY NOTE", fontsize=18, fontname="hebo")
    page.insert_text((340, 90), "Delivery note No.:", fontsize=9, fontname="hebo")
    page.insert_text((440, 90), "DN-88214", fontsize=9)
    y = 250
    for x, head in ((52, "Article"), (122, "Description"), (380, "Qty ordered"),
                    (457, "Qty delivered")):
        page.insert_text((x, y), head, fontsize=9, fontname="hebo")
    page.draw_line((50, y + 4), (525, y + 4), width=0.6)
    y += 16
    for art, desc, qty in ITEMS:
        page.insert_text((52, y), art, fontsize=9)
        page.insert_text((122, y), desc, fontsize=9)
        page.insert_text((431 - pymupdf.get_text_length(str(qty), fontsize=9), y), str(qty),
                         fontsize=9)
        y += 14
    page.draw_line((50, y - 8), (525, y - 8), width=0.6)
    page.insert_text((50, y + 40), "Received by:", fontsize=10, fontname="hebo")
    page.draw_line((125, y + 42), (300, y + 42), width=0.5)
    page.insert_text((320, y + 40), "Signature:", fontsize=10, fontname="hebo")
    page.draw_line((380, y + 42), (545, y + 42), width=0.5)
    lines: dict[tuple[int, int], list[float]] = {}
    for x0, y0, x1, y1, _, block, line, _ in page.get_text("words"):
        box = lines.setdefault((block, line), [x0, y0, x1, y1])
        box[:] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    # the printed lines as a detector boxes them: a few points of margin
    printed = [tuple(v * SCALE for v in (x0 - 3, y0 - 3, x1 + 3, y1 + 3))
               for x0, y0, x1, y1 in lines.values()]
    pix = page.get_pixmap(dpi=DPI)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    draw = ImageDraw.Draw(img)
    ink = (25, 35, 120)
    digits = ImageFont.truetype(str(_font()), 38)
    quantities = []
    for i, (_, _, qty) in enumerate(ITEMS):
        at = ((492 + rng.uniform(-5, 5)) * SCALE, (266 + i * 14 - 12) * SCALE
              + rng.uniform(-3, 3) + (shift * SCALE if i == rule_through else 0))
        draw.text(at, str(qty), font=digits, fill=ink)
        quantities.append(draw.textbbox(at, str(qty), font=digits))
    name_font = ImageFont.truetype(str(_font()), 44)
    name_at = (135 * SCALE, (y + 22) * SCALE)
    draw.text(name_at, receiver, font=name_font, fill=ink)
    name_box = draw.textbbox(name_at, receiver, font=name_font)
    grey = np.array(img.convert("L")).astype(np.float32)
    if scan:
        turn = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2),
                                       rng.uniform(-1.2, 1.2), 1.0)
        grey = cv2.warpAffine(grey, turn, (grey.shape[1], grey.shape[0]), borderValue=235)
        grey = grey * 0.93 + 10 - np.linspace(0, 18, grey.shape[1])[None, :]
        grey = cv2.GaussianBlur(grey, (3, 3), 0.7)
        grey += np.random.default_rng(seed).normal(0, 6, grey.shape)
    where = {"name": name_box, "label_y": (y + 40) * SCALE, "printed": printed,
             "quantities": quantities, "underline": (125 * SCALE, (y + 42) * SCALE,
                                                     300 * SCALE)}
    return np.clip(grey, 0, 255).astype(np.uint8), where


def _segmenter(detected: list[tuple[float, float, float, float]], image: Any) -> Any:
    """The ``handwriting`` segmenter with a detector that finds only ``detected`` (pixel
    boxes): what PP-OCR's detector did on the notes of a procurement journey, where it
    saw nothing of a name written on its underline."""
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    h, w = image.shape[:2]
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    seg._model_det.segment = lambda *_: [  # type: ignore[method-assign]
        TextRegion(Box(x0 / w, y0 / h, x1 / w, y1 / h), "text", 0.9)
        for x0, y0, x1, y1 in detected]
    return seg


@needs_fonts
def test_a_name_written_on_the_underline_is_found_when_the_detector_misses_it():
    from formsift.core.document import Page

    image, where = delivery_note("J. Brandt", scan=False)
    h, w = image.shape[:2]
    seg = _segmenter(where["printed"], image)
    regions = seg.segment(image, Page(0, 595, 842))
    x0, y0, x1, y1 = where["name"]
    written = [r for r in regions if r.kind == "handwritten"
               and r.box.x0 * w <= x0 + 10 and r.box.x1 * w >= x1 - 10
               and r.box.y0 * h <= (y0 + y1) / 2 <= r.box.y1 * h]
    assert len(written) == 1, [(r.kind, r.box) for r in regions]
    # the name, not the underline it is written on (which runs on to 300 pt)
    assert written[0].box.x1 * w < where["underline"][2] - 50
    # the handwriting recognizer reads the name from it (nearly: the line through it)
    from difflib import SequenceMatcher

    from formsift.plugins.handwriting.recognize import CRNNRecognizer
    from formsift.plugins.ocr.recognize import _crop

    crnn = CRNNRecognizer()
    (line,) = crnn.read_lines([_crop(image, written[0])])
    assert SequenceMatcher(None, line.text, "J. Brandt").ratio() >= 0.7, line.text


def test_ruling_lines_frames_and_specks_are_no_handwriting():
    """What the detector leaves unexplained on a printed form: a table's rules (one of
    them slanting a little, as a scan turns it), an empty box's frame, the short strokes
    of a comb field, specks of noise. None of it becomes a line of writing."""
    import cv2
    import numpy as np

    from formsift.plugins.handwriting.segment import missed_lines

    rng = np.random.default_rng(4)
    image = np.full((1400, 1000), 245, np.uint8)
    for y in (200, 300, 400, 500):
        cv2.line(image, (60, y), (940, y), 30, 2)
    cv2.line(image, (60, 600), (940, 628), 30, 2)  # turned 1.8 degrees
    for x in (60, 500, 940):
        cv2.line(image, (x, 200), (x, 500), 30, 2)
    cv2.rectangle(image, (100, 700), (130, 730), 30, 2)  # a checkbox
    cv2.line(image, (200, 760), (600, 760), 30, 2)  # a comb field: a base line ...
    for x in range(200, 601, 40):  # ... and its ticks, as tall as a line of text
        cv2.line(image, (x, 730), (x, 760), 30, 2)
    specks = rng.integers(0, image.size, 400)
    image.flat[specks] = 60
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    h = image.shape[0]
    printed = [TextRegion(Box(0.1, y / h, 0.5, (y + 36) / h), "text")
               for y in (220, 320, 420)]
    assert missed_lines(image, printed) == []


@needs_fonts
def test_a_label_and_the_name_after_it_detected_as_one_line_are_cut_apart():
    from formsift.core.document import Page

    image, where = delivery_note("K. Yilmaz", scan=False)
    h, w = image.shape[:2]
    x0, y0, x1, y1 = where["name"]
    label_y = where["label_y"]
    # the detector's one box over "Received by:" and the name (as on the journey's notes)
    label = next(b for b in where["printed"] if b[1] < label_y < b[3] and b[0] < x0)
    detected = [b for b in where["printed"] if b is not label]
    detected.append((label[0], min(y0, label[1]) - 5, x1 + 10, max(y1, label[3]) + 5))
    regions = _segmenter(detected, image).segment(image, Page(0, 595, 842))
    near = sorted((r for r in regions if r.box.y0 * h < label_y < r.box.y1 * h
                   and r.box.x0 * w < x1), key=lambda r: r.box.x0)
    assert [r.kind for r in near] == ["text", "handwritten"], [(r.kind, r.box) for r in near]
    label, name = near
    assert label.box.x1 * w < x0 and name.box.x0 * w < x0 + 10 and name.box.x1 * w > x1 - 10


@needs_fonts
def test_a_quantity_written_across_a_rule_is_handwriting():
    """A "10" written low in its row, across the table's bottom rule: the straight line
    through the crop made the style model call it print, and the print recognizer read
    nothing there."""
    from formsift.core.document import Page

    image, where = delivery_note("J. Brandt", scan=False, rule_through=2, shift=4)
    h, w = image.shape[:2]
    x0, y0, x1, y1 = where["quantities"][2]
    box = (x0 - 8, y0 - 8, x1 + 8, y1 + 8)
    regions = _segmenter([*where["printed"], box], image).segment(
        image, Page(0, 595, 842))
    (ten,) = [r for r in regions if abs(r.box.x0 * w - box[0]) < 2
              and abs(r.box.y0 * h - box[1]) < 2]
    assert ten.kind == "handwritten", ten.attrs


@needs_fonts
@pytest.mark.parametrize(("receiver", "seed"), [("K. Yilmaz", 3), ("M. Weber", 5)])
def test_a_note_written_on_by_hand_is_read_end_to_end(registry, tmp_path, receiver, seed):
    """The whole pipeline on scanned notes. PP-OCR's detector saw one line in "Received
    by: K. Yilmaz" (read by the handwriting recognizer, so the label was not found and
    the name was missing), cut the "1" off a "10" written across the table's bottom rule
    (the "0" was taken for print and nothing was read), and a "10" written a little low
    became a row of its own (seed 5: four rows for three items)."""
    from difflib import SequenceMatcher

    from formsift import Engine
    from formsift.core.result import Status
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    (tmp_path / "dn.sift").write_text(TEMPLATE)
    image, _ = delivery_note(receiver, seed=seed)
    (tmp_path / "dn.png").write_bytes(encode_png(image))
    engine = Engine(templates=[tmp_path / "dn.sift"], seen_store="memory")
    result = engine.extract(tmp_path / "dn.png", template="dn")
    name = result.fields.get("received_by")
    assert name is not None, result.reasons
    assert SequenceMatcher(None, str(name.value), receiver).ratio() >= 0.7, name.value
    assert [(c["qty_ordered"].value, c["qty_delivered"].value)
            for c in result.tables["items"]] == [(500, 500), (1000, 1000), (10, 10)]
    # a name read from handwriting is no surer than its weakest word: most go to review
    assert result.status is Status.REVIEW or name.confidence >= 0.5


def test_a_handwritten_amount_does_not_grow_over_the_side_of_its_box():
    """The cheque journey after the widening of handwritten lines: the left side of the
    amount box, just left of the digits, was taken in and read as a leading "1" (9999.99
    became 19999.99). Ink beside the line that is a vertical line through the whole band
    and on past it is a frame; a stroke beside the digits (the "1" of a "10" the detector
    cut off) is still taken in."""
    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import PageInk, _grow_handwriting

    ink = np.zeros((200, 400), np.uint8)
    ink[40:161, 100:102] = 255          # the box's left side, past the line above and below
    ink[70:126, 150:160] = 255          # the digits the detector found (x 150-260)
    ink[75:122, 128:131] = 255          # a stroke the detector cut off, left of them
    line = TextRegion(Box(145 / 400, 60 / 200, 260 / 400, 140 / 200), "handwritten", 0.9)
    (grown,) = _grow_handwriting([line], PageInk(ink, np.zeros_like(ink), 40.0))
    assert grown.box.x0 * 400 < 128          # the cut-off stroke is taken in
    assert grown.box.x0 * 400 > 102          # the box's side is not


#: Where boxed_amount draws the amount box's left side, in pixels.
BOX_SIDE = 358 * 250 / 72


def boxed_amount(amount: str, angle: float, seed: int = 1) -> tuple[Any, list[Any]]:
    """A cheque's courtesy amount (greyscale array at 250 dpi): ``amount`` written in a
    handwriting font in a box whose left side runs just before the first digit, a
    printed "£" before the box, the page turned ``angle`` degrees, as on the cheque
    journey's scans. Also returns the printed words' boxes, in pixels."""
    import cv2
    import numpy as np
    import pymupdf
    from PIL import Image, ImageDraw, ImageFont

    doc = pymupdf.open()
    page = doc.new_page(width=500, height=230)
    page.insert_text((20, 26), "NORTHBRIDGE BANK PLC", fontsize=12, fontname="hebo")
    page.insert_text((20, 82), "Pay", fontsize=9, fontname="helv")
    page.draw_line((44, 85), (476, 85), width=0.6)
    page.insert_text((20, 110), "the sum of", fontsize=9, fontname="helv")
    page.draw_line((70, 113), (335, 113), width=0.6)
    page.insert_text((344, 124), "£", fontsize=12, fontname="hebo")
    page.draw_rect(pymupdf.Rect(358, 100, 476, 132), width=0.9)
    scale = 250 / 72
    printed = [tuple(v * scale for v in (x0 - 2, y0 - 2, x1 + 2, y1 + 2))
               for x0, y0, x1, y1, *_ in page.get_text("words")]
    pix = page.get_pixmap(dpi=250)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    font = ImageFont.truetype(str(_font()), round(26 * scale))
    ImageDraw.Draw(img).text((363 * scale, 127 * scale), amount, font=font,
                             fill=(25, 35, 120), anchor="ls")
    grey = np.array(img.convert("L")).astype(np.float32)
    turn = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), angle, 1.0)
    grey = cv2.warpAffine(grey, turn, (grey.shape[1], grey.shape[0]), borderValue=240)
    grey = cv2.GaussianBlur(grey, (3, 3), 0.7)
    grey += np.random.default_rng(seed).normal(0, 5, grey.shape)
    return np.clip(grey, 0, 255).astype(np.uint8), printed


@needs_fonts
@pytest.mark.parametrize(("amount", "angle"), [("72.05", 1.4), ("125.00", -1.2)])
def test_a_handwritten_amount_in_a_box_reads_no_leading_one(registry, tmp_path, amount, angle):
    """The cheque journey after the widening of handwritten lines (242add1): the box's
    left side, a few pixels before the digits, was taken in with them and read as a
    leading "1", and the amount accepted (72.05 -> 172.05, 125.00 -> 1125.00). A box's
    side runs from its top to its bottom: ink of a frame is never part of the writing."""
    from decimal import Decimal

    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    (tmp_path / "cheque.sift").write_text('''template cheque {
  match { contains "NORTHBRIDGE BANK" }
  region amount_box = box(70%, 41%, 99%, 62%)
  field amount: money(decimals=2) = in amount_box handwritten
}''')
    (tmp_path / "cheque.png").write_bytes(encode_png(boxed_amount(amount, angle)[0]))
    engine = Engine(templates=[tmp_path / "cheque.sift"], seen_store="memory")
    result = engine.extract(tmp_path / "cheque.png", template="cheque")
    read = result.fields.get("amount")
    assert read is not None, result.reasons
    assert read.value == Decimal(amount), read.raw


@needs_fonts
@pytest.mark.parametrize(("amount", "angle"), [("310.75", 0.4), ("125.00", -1.2)])
def test_a_boxed_amount_the_detector_missed_is_found_without_the_box(amount, angle):
    """The same box when the detector sees nothing in it: the ink left unexplained is
    grouped into a line of writing, and the box's side beside the digits is not part of
    it (310.75 was read 1310.75)."""
    from formsift.core.document import Page
    from formsift.plugins.handwriting.recognize import CRNNRecognizer
    from formsift.plugins.ocr.recognize import _crop

    image, printed = boxed_amount(amount, angle)
    w = image.shape[1]
    regions = _segmenter(printed, image).segment(image, Page(0, 500, 230))
    (written,) = [r for r in regions if r.kind == "handwritten" and r.box.x1 * w > BOX_SIDE]
    assert written.attrs.get("missed")
    assert written.box.x0 * w > BOX_SIDE + 3, written.box
    (line,) = CRNNRecognizer().read_lines([_crop(image, written)])
    assert line.text == amount


def test_handwriting_either_side_of_a_box_side_is_not_joined_over_it():
    """Handwritten lines a word space apart are joined into one, but not over the side
    of a box or of a comb field's cell standing between them (from one ruling line to the
    next): it would be read with them, as a "1"."""
    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import PageInk, _join_handwriting

    ink = np.zeros((200, 400), np.uint8)
    rules = np.zeros_like(ink)
    rules[49:54, 40:390] = rules[148:153, 40:390] = 255  # a box's top and bottom
    ink[54:148, 200:203] = 255  # its side between two cells, from top to bottom

    def written() -> list[TextRegion]:
        return [TextRegion(Box(x0 / 400, 60 / 200, x1 / 400, 140 / 200), "handwritten", 0.9)
                for x0, x1 in ((120, 196), (207, 280))]

    assert len(_join_handwriting(written(), 2.0, PageInk(ink, rules, 40.0))) == 2
    # with no side between them, they are one line of writing
    no_side = PageInk(np.zeros_like(ink), rules, 40.0)
    assert len(_join_handwriting(written(), 2.0, no_side)) == 1


def test_a_widened_line_keeps_the_slant_the_detector_saw():
    """A handwritten line widened over a stroke the detector cut off keeps its corners
    (lengthened along its edges), so that it is straightened as the detected line was
    when read: read as its box, square on, the journey's "312,40" became "3/2,40" and
    "01/12/26" became "0//12/26"."""
    import math

    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import PageInk, _grow_handwriting

    ink = np.zeros((200, 400), np.uint8)
    ink[70:126, 150:160] = 255  # the digits the detector found
    ink[75:122, 128:131] = 255  # a stroke it cut off, left of them
    tilt = 0.04  # the line rises to the right: 0.04 of its width in height
    corners = [(145, 64), (260, 64 - tilt * 115), (260, 136 - tilt * 115), (145, 136)]
    polygon = [(x / 400, y / 200) for x, y in corners]
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    line = TextRegion(Box(min(xs), min(ys), max(xs), max(ys)), "handwritten", 0.9, polygon)
    (grown,) = _grow_handwriting([line], PageInk(ink, np.zeros_like(ink), 40.0))
    assert grown.polygon is not None and len(grown.polygon) == 4
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = ((x * 400, y * 200) for x, y in grown.polygon)
    assert ax < 128 and dx < 128  # grown to the left, not to the right
    assert math.isclose(bx, 260) and math.isclose(cx, 260)
    for (x0, y0), (x1, y1) in (((ax, ay), (bx, by)), ((dx, dy), (cx, cy))):
        assert math.isclose((y0 - y1) / (x1 - x0), tilt, abs_tol=1e-6)  # the same slant
    assert math.isclose(grown.box.x0 * 400, min(ax, dx))
