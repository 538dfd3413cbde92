"""Mixed PDF pages: a text layer plus images (a scanned stamp, a handwritten note, a scan
pasted into the page). Only the image areas that the text layer does not cover are read
by OCR, and their words join the text-layer words without duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from formsift.core import areas as A
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, Segmenter

#: Image areas smaller than this share of the page (icons, bullets, rules) are not read.
MIN_AREA = 0.002
#: An image area is covered by the text layer when text-layer words fill this share of it
#: (a scan with an invisible OCR layer, a letterhead drawn under the text).
COVERED = 0.04


def missing_areas(page: Page) -> list[Box]:
    """The page's image areas that its text layer does not cover (empty for a page without
    a text layer: such a page is read whole)."""
    if not page.has_text_layer or not page.image_areas:
        return []
    if page.notes.get("mixed", {}).get("read"):
        return []
    out = []
    for area in page.image_areas:
        if area.area() < MIN_AREA or min(area.width, area.height) < 0.01:
            continue
        inked = sum(area.intersection_area(w.box) for w in page.words)
        if inked < COVERED * area.area():
            out.append(area)
    return out


def read_missing(page: Page, image: Any, segmenters: Sequence[Segmenter],
                 recognizers: Sequence[Recognizer]) -> list[Word]:
    """OCR words of the uncovered image areas, minus those repeating a text-layer word."""
    todo = missing_areas(page)
    words = A.read_areas(image, page, [A.Area(b) for b in todo], segmenters, recognizers)
    kept = A.dedupe(page.words, words)
    page.notes["mixed"] = {"read": True, "areas": [b.as_list() for b in todo],
                           "words": len(kept), "duplicates_dropped": len(words) - len(kept)}
    return kept
