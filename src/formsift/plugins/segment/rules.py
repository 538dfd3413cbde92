"""Ruling lines: the horizontal and vertical rules of tables and form boxes."""

from __future__ import annotations

from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion
from formsift.plugins.preprocess.filters import gray


class RuleOptions(Options):
    #: Shortest rule kept, as a share of the page's width (horizontal) or height (vertical).
    min_length: float = 0.08
    #: Thickest rule kept, as a share of the page's height (horizontal) or width (vertical).
    max_thickness: float = 0.006


class RulingLines(Segmenter):
    name = "rules"
    version = "0.1.0"
    summary = "Horizontal and vertical ruling lines of tables and form boxes (morphology)"
    Options = RuleOptions

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        import cv2

        opts: RuleOptions = self.options  # type: ignore[assignment]
        bw = ink(image)
        h, w = bw.shape
        out = []
        for orient, kernel, length, across in (
                ("h", (max(8, int(w * opts.min_length)), 1), w, h),
                ("v", (1, max(8, int(h * opts.min_length))), h, w)):
            mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN,
                                    cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
            contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
            for c in contours:
                x, y, cw, ch = cv2.boundingRect(c)
                long_side, thick = (cw, ch) if orient == "h" else (ch, cw)
                if long_side < opts.min_length * length or \
                        thick > max(2, opts.max_thickness * across):
                    continue
                out.append(TextRegion(Box(x / w, y / h, (x + cw) / w, (y + ch) / h), "rule",
                                      1.0, None, {"orientation": orient, "thickness": thick}))
        out.sort(key=lambda r: (r.attrs["orientation"], r.box.y0, r.box.x0))
        page.notes[self.name] = {"horizontal": sum(r.attrs["orientation"] == "h" for r in out),
                                 "vertical": sum(r.attrs["orientation"] == "v" for r in out)}
        return out


def ink(image: Any) -> Any:
    """A binary image, ink = 255 (local threshold: robust to uneven lighting)."""
    import cv2

    g = gray(image)
    return cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)
