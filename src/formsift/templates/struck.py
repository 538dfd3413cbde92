"""Rows of a table struck through by hand: a long straight stroke across the middle of a
row's words, over most of its cells (a pen line through a petition's signer, a cancelled
line of a delivery note). Such a row is cancelled: :mod:`formsift.templates.tables` leaves
it out of the table's rows (``count(rows)`` counts the rows that stand), and says so on
its page (``page.notes["struck_rows"]``: table name -> the rows' texts) and in
``formsift explain``.

The strokes are found on the page's image (a scan, a photo; at STRUCK_DPI) or among the
straight lines a born-digital page draws: horizontal runs of ink at least MIN_LENGTH of the
page's width long (a pen's or a ruler's line, level or slanted a little), the
text they run through left in. A ruling line runs between rows, an underline along the
words' foot: only a stroke through the middle of the words' boxes strikes them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from formsift.core.document import Page
from formsift.core.geometry import Box

#: Resolution a page's image is looked at for strokes.
STRUCK_DPI = 150
#: Shortest stroke, as a share of the page's width.
MIN_LENGTH = 0.06
#: Steepest stroke (rise over run): a line drawn a few degrees off the level.
MAX_SLOPE = 0.1
#: Strokes kept per page, at most.
MAX_STROKES = 400
#: A cell is struck when the stroke crosses it between these shares of the height of the
#: row's words (from their top): their middle, not their top or their foot (a rule, an
#: underline; a handwritten row's words are boxed with their tall capitals and loops) ...
MIDDLE = (0.1, 0.8)
#: ... along at least this share of its width.
ALONG = 0.5
#: A row is struck when this share of its cells that hold words are (and two of them
#: at least, when it has two or more).
MOST = 0.6


@dataclass(frozen=True)
class Stroke:
    """A straight stroke, page-relative: from ``x0`` to ``x1`` at height ``y0 + slope *
    (x - x0)``."""

    x0: float
    x1: float
    y0: float
    slope: float

    def at(self, x: float) -> float:
        return self.y0 + self.slope * (x - self.x0)


_CACHE: weakref.WeakKeyDictionary[Page, tuple[Any, list[Stroke]]] = \
    weakref.WeakKeyDictionary()


def strokes(page: Page) -> list[Stroke]:
    """The long straight horizontal strokes of ``page`` (see the module), measured once
    per page and kept while its words stay the same; none on a page with no image."""
    key = (page.revision, bool(page.notes.get("preprocessed")), page.width, page.height,
           page.rotation)
    cached = _CACHE.get(page)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        found = _measure(page)
    except Exception:  # no image to look at (too large, broken): no strokes
        found = []
    _CACHE[page] = (key, found)
    return found


def _measure(page: Page) -> list[Stroke]:
    scan = bool(page.notes.get("preprocessed") or page.notes.get("image"))
    drawn = getattr(page.renderer, "ruling_lines", None)
    if not scan and drawn is not None and not page.image_areas:
        # a born-digital page: the level lines it draws
        return [Stroke(min(x0, x1), max(x0, x1), y0 if x0 <= x1 else y1,
                       (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0)
                for x0, y0, x1, y1 in drawn()
                if abs(x1 - x0) >= MIN_LENGTH and abs(y1 - y0) <= MAX_SLOPE * abs(x1 - x0)]
    if page.unit == "pt":
        inches = max(page.width, page.height) / 72
    elif page.unit == "px" and page.notes.get("image", {}).get("dpi"):
        inches = max(page.width, page.height) / page.notes["image"]["dpi"]
    else:  # a text file's page: no image
        return []
    dpi = max(10, int(min(STRUCK_DPI, 2400 / inches)))
    image = page.shown_image(dpi) if scan or page.renderer is None else page.renderer(dpi)
    return detect(image)


def detect(image: Any) -> list[Stroke]:
    """The long straight horizontal strokes of an image (see the module), page-relative:
    its level runs of ink (a slanted pen line keeps runs as long as its thickness over its
    slope, a hundred pixels and more at a degree or two), as straight segments (a
    probabilistic Hough transform: a stroke that touches or crosses a table's ruling line
    stays a segment of its own)."""
    import cv2
    import numpy as np

    from formsift.plugins.segment.rules import ink

    bw = ink(image)
    h, w = bw.shape[:2]
    k = max(8, int(0.02 * w))
    level = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                          (k, 1)))
    least = max(16, int(MIN_LENGTH * w))
    found = cv2.HoughLinesP(level, 1, np.pi / 720, threshold=least // 2,
                            minLineLength=least, maxLineGap=max(5, int(0.01 * w)))
    out = []
    for x0, y0, x1, y1 in (found.reshape(-1, 4).tolist() if found is not None else []):
        if x1 < x0:
            x0, y0, x1, y1 = x1, y1, x0, y0
        if x1 - x0 < least or abs(y1 - y0) > MAX_SLOPE * (x1 - x0):
            continue
        out.append(Stroke(x0 / w, x1 / w, y0 / h, (y1 - y0) / (x1 - x0) * w / h))
        if len(out) >= MAX_STROKES:
            break
    return out


def struck(cells: list[tuple[Box, list[Box]]], lines: list[Stroke]) -> bool:
    """Whether a row is struck through by one of the strokes ``lines``: ``cells``, its
    cells that hold words, each as its box and its words' boxes. A stroke strikes a cell
    when it runs along ALONG of the cell's width, through the MIDDLE of the row's words
    (the median top and foot of its words' boxes: a word the stroke spoilt for the
    recognizer may be boxed short); a row, when one stroke strikes MOST of its cells (two
    at least, when it has two or more)."""
    import statistics

    words = [b for box, found in cells for b in (found or [box])]
    if not words:
        return False
    top = statistics.median(b.y0 for b in words)
    foot = statistics.median(b.y1 for b in words)
    lo_y, hi_y = top + MIDDLE[0] * (foot - top), top + MIDDLE[1] * (foot - top)
    need = max(min(2, len(cells)), -(-int(MOST * 100) * len(cells) // 100))
    for s in lines:
        crossed = 0
        for box, _ in cells:
            lo, hi = max(box.x0, s.x0), min(box.x1, s.x1)
            if hi - lo >= ALONG * box.width and lo_y <= s.at((lo + hi) / 2) <= hi_y:
                crossed += 1
        if crossed >= need:
            return True
    return False
