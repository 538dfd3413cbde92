"""Ruling lines: the horizontal and vertical rules of tables and form boxes."""

from __future__ import annotations

from collections.abc import Iterator
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
        opts: RuleOptions = self.options  # type: ignore[assignment]
        bw = ink(image)
        h, w = bw.shape
        out = [TextRegion(Box(x / w, y / h, (x + cw) / w, (y + ch) / h), "rule", 1.0, None,
                          {"orientation": orient, "thickness": thick})
               for orient, x, y, cw, ch, thick in straight_runs(bw, opts.min_length,
                                                                opts.max_thickness, 2)]
        out.sort(key=lambda r: (r.attrs["orientation"], r.box.y0, r.box.x0))
        page.notes[self.name] = {"horizontal": sum(r.attrs["orientation"] == "h" for r in out),
                                 "vertical": sum(r.attrs["orientation"] == "v" for r in out)}
        return out


def straight_runs(bw: Any, min_length: float, max_thickness: float, min_thickness_px: int
                  ) -> Iterator[tuple[str, int, int, int, int, int]]:
    """The straight runs of ink of a binary image (``ink``), horizontal ("h") then vertical
    ("v"), as (orientation, x, y, width, height, thickness) in pixels: at least
    ``min_length`` of the image's width (height) long, at most ``max_thickness`` of its
    height (width), or ``min_thickness_px``, thick."""
    import cv2

    h, w = bw.shape[:2]
    for orient, length, across in (("h", w, h), ("v", h, w)):
        k = max(8, int(min_length * length))
        kernel = (k, 1) if orient == "h" else (1, k)
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            x, y, cw, ch = cv2.boundingRect(c)
            long_side, thick = (cw, ch) if orient == "h" else (ch, cw)
            if long_side < max(k, min_length * length) or \
                    thick > max(min_thickness_px, max_thickness * across):
                continue
            yield orient, x, y, cw, ch, thick


def ink(image: Any) -> Any:
    """A binary image, ink = 255 (local threshold: robust to uneven lighting)."""
    import cv2

    g = gray(image)
    return cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)
