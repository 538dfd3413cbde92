"""Mixed PDF pages: a text layer plus images (a scanned stamp, a handwritten note, a scan
pasted into the page). Only the image areas that the text layer does not cover, or covers
only in part, are read by OCR, and their words join the text-layer words without
duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from formsift.core import areas as A
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, Segmenter, TextRegion

#: Image areas smaller than this share of the page (icons, bullets, rules) are not read.
MIN_AREA = 0.002
#: An image area is covered by the text layer when text-layer words fill this share of it
#: (a scan with an invisible OCR layer, a letterhead drawn under the text) and spread over
#: it (:data:`CLEAR`).
COVERED = 0.04
#: An image area that text-layer words fill in part is covered only in part when a band
#: across it (its whole width or its whole height) of at least this share of its side holds
#: no text-layer word: a note pasted over the end of a paragraph, a stamp over one line.
CLEAR = 0.5
#: A text region found in such an area is the text layer's (not read again) when
#: text-layer words fill this share of its box.
HELD = 0.5


def _inside(area: Box, words: Sequence[Word]) -> list[Box]:
    """The parts of the words' boxes that lie inside ``area``."""
    out = []
    for w in words:
        b = w.box
        x0, y0 = max(area.x0, b.x0), max(area.y0, b.y0)
        x1, y1 = min(area.x1, b.x1), min(area.y1, b.y1)
        if x1 > x0 and y1 > y0:
            out.append(Box(x0, y0, x1, y1))
    return out


def _largest_gap(spans: list[tuple[float, float]], lo: float, hi: float) -> float:
    """The longest part of [lo, hi] that none of ``spans`` covers."""
    gap, at = 0.0, lo
    for a, b in sorted(spans):
        gap = max(gap, a - at)
        at = max(at, b)
    return max(gap, hi - at)


#: An image this large a share of the page, with text-layer words over it, is the page's
#: scan under an OCR text layer: covered, whatever blank parts it has.
WHOLE_PAGE = 0.5


def coverage(page: Page, area: Box) -> str:
    """How the page's text layer covers the image ``area``: ``"none"`` (its words fill
    less than :data:`COVERED` of it), ``"part"`` (they fill more, but leave a clear band
    across it: :data:`CLEAR`) or ``"full"`` (they spread over it, or the image is the
    page's scan, :data:`WHOLE_PAGE`: an invisible OCR layer over a scan)."""
    parts = _inside(area, page.words)
    if sum(b.area() for b in parts) < COVERED * area.area():
        return "none"
    if area.area() >= WHOLE_PAGE:  # a page's scan under its OCR layer: a form's blank
        return "full"  # half is no unread note (a pasted note is a part of a page)
    clear_y = _largest_gap([(b.y0, b.y1) for b in parts], area.y0, area.y1)
    clear_x = _largest_gap([(b.x0, b.x1) for b in parts], area.x0, area.x1)
    if clear_y >= CLEAR * area.height or clear_x >= CLEAR * area.width:
        return "part"
    return "full"


def _big_enough(area: Box) -> bool:
    return area.area() >= MIN_AREA and min(area.width, area.height) >= 0.01


def missing_areas(page: Page) -> list[Box]:
    """The page's image areas that its text layer does not cover, or covers only in part
    (empty for a page without a text layer: such a page is read whole)."""
    if not page.has_text_layer or not page.image_areas:
        return []
    if page.notes.get("mixed", {}).get("read"):
        return []
    return [a for a in page.image_areas if _big_enough(a) and coverage(page, a) != "full"]


def read_missing(page: Page, image: Any, segmenters: Sequence[Segmenter],
                 recognizers: Sequence[Recognizer]) -> list[Word]:
    """OCR words of the image areas the text layer does not cover, minus those repeating a
    text-layer word. Of an area covered in part, only the text regions the text-layer
    words do not fill (:data:`HELD`) are read: the printed line under a pasted note is
    not read again."""
    todo = missing_areas(page)
    whole = [b for b in todo if coverage(page, b) == "none"]
    part = [b for b in todo if b not in whole]
    words = A.read_areas(image, page, [A.Area(b) for b in whole], segmenters, recognizers)
    held = 0
    if part:
        regions: list[TextRegion] = []
        for area in part:
            for r in A.segment_area(image, page, A.pad(area, 0.004), segmenters):
                if r.box.intersection_area(area) <= 0:
                    continue
                filled = sum(b.area() for b in _inside(r.box, page.words))
                if r.kind in ("text", "handwritten") and filled >= HELD * r.box.area():
                    held += 1
                    continue
                regions.append(r)
        words += A.read_groups(image, page, [(regions, None)], recognizers)
    kept = A.dedupe(page.words, words)
    page.notes["mixed"] = {"read": True, "areas": [b.as_list() for b in todo],
                           "words": len(kept), "duplicates_dropped": len(words) - len(kept)}
    if part:
        page.notes["mixed"]["partly_covered"] = [b.as_list() for b in part]
        page.notes["mixed"]["text_layer_regions"] = held
    return kept
