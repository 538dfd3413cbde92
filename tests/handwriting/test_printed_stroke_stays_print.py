"""A printed "|" or "l" standing alone in a printed line is print (issue 7, part 1).

38237a6 labelled a detected line whose ink is one straight stroke handwritten (a lone
pen "1" the style model took for print), and the style model itself calls nearly every
printed "|" standing alone handwritten (p 1.0): a table's separators and a lone "l" in
Liberation, DejaVu or Times at 300 dpi went to the handwriting recognizer (of 332 such
strokes on generated pages, all 332). A straight stroke that type set (an upright bar of
even width with square ends: it fills its box) standing in a printed line (print on its
row within three of that line's heights, the bar no taller than its type) is now print; a
pen's, handwriting.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

FONTS = {"LiberationSans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
         "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "Times": None}  # (PyMuPDF's own Times)
#: Printed lines: (text, gap before it in points); the lone strokes are "|" and "l".
LINES = [[("Qty", 0), ("|", 14), ("12", 14), ("|", 14), ("l", 14)],
         [("Item", 0), ("|", 20), ("Size", 20), ("|", 20), ("Price", 20)],
         [("Ref", 0), ("|", 24), ("A-7", 24), ("|", 24), ("B", 24)]]


def _page(face: str, size: float = 10.0) -> tuple[np.ndarray, list[tuple[str, tuple]]]:
    """A page of :data:`LINES` printed in ``face`` at 300 dpi; per lone stroke, the box
    (page fractions) between the words on either side of it (its line's ends where
    there is none): a region there holds strokes alone."""
    import pymupdf

    from formsift.samples.scans import render_scan

    path = FONTS[face]
    if path is not None and not Path(path).is_file():
        pytest.skip(f"{path} not installed")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    name = "tiro"
    font = pymupdf.Font("tiro")
    if path is not None:
        page.insert_font(fontname="F0", fontfile=path)
        name, font = "F0", pymupdf.Font(fontfile=path)
    page.insert_text((40, 60), "Stock sheet", fontsize=16, fontname="helv")
    strokes = []
    y = 110.0
    for line in LINES:
        x, spans = 40.0, []
        for text, gap in line:
            x += gap
            width = font.text_length(text, fontsize=size)
            page.insert_text((x, y), text, fontsize=size, fontname=name)
            spans.append((text, x, x + width))
            x += width
        for i, (text, _, _) in enumerate(spans):
            if text not in ("|", "l"):
                continue
            left = max((b for t, _, b in spans[:i] if t not in ("|", "l")), default=30.0)
            right = min((a for t, a, _ in spans[i + 1:] if t not in ("|", "l")), default=565.0)
            strokes.append((text, (left / 595, (y - 1.5 * size) / 842, right / 595,
                                   (y + 0.6 * size) / 842)))
        y += 2.2 * size
    (image,) = render_scan(doc.tobytes(), dpi=300)
    return np.ascontiguousarray(image), strokes


@pytest.mark.parametrize("face", list(FONTS))
def test_printed_strokes_in_a_printed_line_are_print(face):
    from formsift.core.document import Page
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    image, strokes = _page(face)
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    regions = seg.segment(image, Page(0, 595, 842))
    hand, alone = [], 0
    for ch, (x0, y0, x1, y1) in strokes:
        # the lines found between its words: strokes alone
        mine = [r for r in regions if r.kind in ("text", "handwritten")
                and r.box.x0 >= x0 and r.box.x1 <= x1 and r.box.y1 > y0 and r.box.y0 < y1]
        alone += bool(mine)
        hand += [ch for r in mine if r.kind == "handwritten"]
    assert alone  # (the detector boxes some strokes alone: Times's one of 7)
    assert hand == [], f"{len(hand)} of {alone} printed strokes labelled handwritten"


def _crop(draw) -> np.ndarray:
    import cv2

    a = np.full((60, 40), 250, np.uint8)
    draw(a, cv2)
    return a


def test_a_typeset_bar_is_printed_a_pens_stroke_is_not():
    from formsift.plugins.handwriting.segment import _one_straight_stroke, _typeset_bars

    def bar(a, cv2):  # an upright bar, square ends
        a[10:50, 18:22] = 20

    def bars(a, cv2):  # "| l": two of them
        a[10:50, 10:14] = 20
        a[14:46, 26:30] = 20

    def slanted(a, cv2):  # a pen's "1", slanted
        cv2.line(a, (21, 10), (17, 50), 20, 4)

    def upright_round(a, cv2):  # upright, its ends round (a pen's tip)
        cv2.line(a, (20, 12), (20, 48), 20, 5, cv2.LINE_AA)

    def thinning(a, cv2):  # thinner towards its end (the pen lifted)
        for y in range(10, 50):
            w = 5 if y < 25 else 4 if y < 40 else 3
            a[y, 18:18 + w] = 20

    def bar_and_word(a, cv2):  # a bar beside a pen's stroke: no bars alone
        a[10:50, 8:12] = 20
        cv2.line(a, (30, 10), (24, 50), 20, 4)

    crops = {f.__name__: _crop(f) for f in (bar, bars, slanted, upright_round, thinning,
                                            bar_and_word)}
    assert all(_one_straight_stroke(crops[k]) for k in ("slanted", "upright_round",
                                                         "thinning"))
    assert _typeset_bars(crops["bar"]) == (True, False)
    assert _typeset_bars(crops["bars"]) == (True, False)
    for k in ("slanted", "upright_round", "thinning", "bar_and_word"):
        assert _typeset_bars(crops[k]) == (False, False), k


def test_a_bar_the_lines_box_cut_is_judged_whole():
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import _printed_bars, _typeset_bars

    page = np.full((200, 200), 250, np.uint8)
    page[60:140, 98:102] = 20  # a "|" 80 pixels tall ...
    region = TextRegion(Box(0.45, 0.35, 0.55, 0.65), "text")  # ... its box 60 tall
    assert _typeset_bars(page[70:130, 90:110]) == (False, True)
    assert _printed_bars(page, region)
    page[60:64, 94:98] = 20  # its top a pen's hook: no bar
    assert not _printed_bars(page, region)


def test_a_bar_is_seen_upright_on_the_page_whatever_the_detectors_quadrangle():
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import _printed_bars

    page = np.full((200, 200), 250, np.uint8)
    page[70:130, 98:102] = 20
    slanted = [(0.46, 0.33), (0.54, 0.345), (0.54, 0.67), (0.46, 0.655)]
    assert _printed_bars(page, TextRegion(Box(0.46, 0.33, 0.54, 0.67), "text", 1.0, slanted))


def test_a_bar_is_print_only_beside_print_on_its_row():
    """A pen's upright "1" blurred at 200 dpi fills its box as a bar does: a bar is print
    where it stands in a printed line, not alone in a cell or a box."""
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import _beside_print

    word = TextRegion(Box(0.10, 0.100, 0.20, 0.110), "text")  # a printed line, 0.01 tall
    page = (5000, 5000)  # (its line 50 pixels tall: 10-12 pt at 300 dpi)
    bar = TextRegion(Box(0.22, 0.100, 0.222, 0.111), "text")
    assert _beside_print(bar, [word], page)
    far = TextRegion(Box(0.30, 0.100, 0.302, 0.111), "text")  # 10 of its heights away
    assert not _beside_print(far, [word], page)
    tall = TextRegion(Box(0.22, 0.095, 0.222, 0.115), "text")  # twice its type's height
    assert not _beside_print(tall, [word], page)
    below = TextRegion(Box(0.22, 0.120, 0.222, 0.131), "text")  # on the next row
    assert not _beside_print(below, [word], page)

    from formsift.plugins.handwriting.segment import _sharp

    assert _sharp([word], 5000)
    # the line 35 pixels tall (10-12 pt at 200 dpi): a pen's "1" fills its box as a bar
    assert not _sharp([word], 3500)


@pytest.mark.parametrize("dpi", [150, 200])
def test_a_pens_lone_one_in_a_cell_stays_handwritten(dpi):
    """Breip's upright "1" fills its box as a bar does at 150 dpi: without print beside
    it on its row it is a pen's, not type's (a bar labelled print wherever it stood took
    7 of 7 such "1"s of a log sheet's cells for print at 150 dpi)."""
    from formsift.core.document import Page
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.plugins.handwriting.segment import HandwritingSegmenter
    from tests.handwriting.log_cells import sheet

    if "Breip.ttf" not in {f.name for f in handwriting_fonts()}:
        pytest.skip("Breip.ttf not installed")
    rows = [{"unit": f"Fridge {i}", "count": "1", "ref": "1"} for i in range(6)]
    s = sheet(rows, "Breip.ttf", seed=0, dpi=dpi)
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    regions = seg.segment(s.image, Page(0, 595, 842))
    got = [r.kind for cells in s.boxes for x0, y0, x1, y1 in cells.values()
           for r in regions if r.kind in ("text", "handwritten")
           and r.box.x1 > x0 and r.box.x0 < x1 and r.box.y1 > y0 and r.box.y0 < y1]
    assert got and set(got) == {"handwritten"}, got


def _ones_after_labels(hand: str, dpi: int) -> tuple[np.ndarray, list[tuple]]:
    """A page of printed labels ("Boxes:", 11 pt) each with a pen's "1" written by
    ``hand`` 6 to 30 pt after it, at ``dpi``; the "1"s' boxes (page fractions)."""
    import random

    import pymupdf

    from formsift.samples.scans import render_scan
    from tests.handwriting.log_cells import _rgba_png, written

    rng = random.Random(f"{hand}-{dpi}")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    scale, ones, y = dpi / 72, [], 110.0
    for gap in (6, 10, 15, 20, 30) * 3:
        page.insert_text((40, y), "Boxes:", fontsize=11, fontname="helv")
        end = 40 + pymupdf.get_text_length("Boxes:", fontname="helv", fontsize=11)
        px = max(8, round(13 * scale * rng.uniform(0.9, 1.1)))
        ink = written("1", hand, px, rng)
        w, h, pad = ink.shape[1] / scale, ink.shape[0] / scale, max(4, px // 4) / scale
        r = pymupdf.Rect(end + gap, y - h + pad, end + gap + w, y + pad)
        page.insert_image(r, stream=_rgba_png(ink), keep_proportion=False)
        ones.append((r.x0 / 595, r.y0 / 842, r.x1 / 595, r.y1 / 842))
        y += 30
    (image,) = render_scan(doc.tobytes(), dpi=dpi)
    return np.ascontiguousarray(image), ones


@pytest.mark.parametrize("hand,dpi", [("Breip.ttf", 150), ("Ecolier-court.ttf", 150)])
def test_a_pens_one_right_of_a_printed_label_is_no_printed_bar(hand, dpi, monkeypatch):
    """At 150 dpi a pen's upright "1" fills its box as a bar does, and one written right
    of a printed label ("Boxes: 1") stood beside print: taken for a printed bar, it was
    dropped (a line the detector missed is kept only as handwriting). A bar's fill tells
    type from a pen only beside print drawn sharp enough (BAR_SHARP)."""
    from formsift.core.document import Page
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.plugins.handwriting import segment as S

    if hand not in {f.name for f in handwriting_fonts()}:
        pytest.skip(f"{hand} not installed")
    image, ones = _ones_after_labels(hand, dpi)
    printed = []
    mark = S._bars_beside_print

    def spy(bars, lines, img):
        mark(bars, lines, img)
        printed.extend(r.box for r in bars if r.attrs.get(S.PRINTED_STROKE))

    monkeypatch.setattr(S, "_bars_beside_print", spy)
    seg = S.HandwritingSegmenter()
    seg.ensure_ready()
    seg.segment(image, Page(0, 595, 842))
    taken = [b for b in printed for x0, y0, x1, y1 in ones
             if b.x1 > x0 and b.x0 < x1 and b.y1 > y0 and b.y0 < y1]
    assert taken == []
