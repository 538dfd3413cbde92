"""Text lines of a small area by ink projection: no model, a few milliseconds.

Meant for the boxes of a form whose fields are known (region-first extraction reads a
typed field's box with it instead of running the text detector on it), and usable in any
pipeline (``segment ink_lines``) for clean pages with well separated lines.
"""

from __future__ import annotations

from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion
from formsift.plugins.segment.rules import ink


class InkLineOptions(Options):
    #: A row holds ink when at least this share of its pixels is ink (noise stays below).
    row_ink: float = 0.004
    #: Bands lower than this share of the tallest band are specks or rules, not text.
    min_height: float = 0.35
    #: Words further apart than this many line heights become separate regions.
    split_gap: float = 2.5
    #: Pixels of margin kept around each line (the recognizer wants a little white).
    margin: int = 3


class InkLines(Segmenter):
    name = "ink_lines"
    version = "0.1.0"
    summary = "Text lines of small areas by ink projection profiles (no model)"
    Options = InkLineOptions

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        opts: InkLineOptions = self.options  # type: ignore[assignment]
        bw = _without_rules(ink(image)) > 0
        h, w = bw.shape
        bands = _runs(bw.mean(axis=1) >= opts.row_ink, gap=1)
        if not bands:
            return []
        tallest = max(b - a for a, b in bands)
        out = []
        for y0, y1 in bands:
            if y1 - y0 < opts.min_height * tallest:
                continue
            cols = bw[y0:y1].any(axis=0)
            for x0, x1 in _runs(cols, gap=int(opts.split_gap * (y1 - y0))):
                m = opts.margin
                box = Box(max(0, x0 - m) / w, max(0, y0 - m) / h, min(w, x1 + m) / w,
                          min(h, y1 + m) / h)
                out.append(TextRegion(box, "text", 1.0))
        return out


def _runs(mask: Any, gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of True in ``mask``, bridging gaps of up to ``gap`` False items."""
    import numpy as np

    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _without_rules(bw: Any) -> Any:
    """``bw`` without the frame of a box, underlines and column rules: ink runs longer than
    most of the area's width (horizontal) or height (vertical)."""
    import cv2

    h, w = bw.shape
    rules = 0
    for size in ((max(8, int(w * 0.6)), 1), (1, max(8, int(h * 0.8)))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        rules = cv2.bitwise_or(rules, cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel))
    return cv2.subtract(bw, cv2.dilate(rules, None))
