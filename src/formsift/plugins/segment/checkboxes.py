"""Checkboxes: small square frames, ticked (a cross, a check mark, filled) or empty.

Each found box becomes a region of kind ``checkbox`` with ``attrs["checked"]`` and a
confidence; the engine turns it into a word ``☒`` or ``☐`` that the ``checkbox`` field
type reads, so ``field agree: checkbox = left of "I agree"`` works on scans.
"""

from __future__ import annotations

from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion
from formsift.plugins.segment.rules import ink


class CheckboxOptions(Options):
    #: Smallest and largest side of a box, as shares of the page's longer side.
    min_side: float = 0.004
    max_side: float = 0.04
    #: Share of the inside covered by ink from which a box counts as ticked.
    ticked_at: float = 0.06


class Checkboxes(Segmenter):
    name = "checkboxes"
    version = "0.1.0"
    summary = "Checkboxes, ticked or empty, with a confidence (square frames, ink inside)"
    Options = CheckboxOptions

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        import cv2

        opts: CheckboxOptions = self.options  # type: ignore[assignment]
        bw = ink(image)
        h, w = bw.shape
        lo, hi = opts.min_side * max(h, w), opts.max_side * max(h, w)
        contours, _ = cv2.findContours(bw, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        squares = []
        for c in contours:
            x, y, cw, ch = cv2.boundingRect(c)
            if not (lo <= cw <= hi and lo <= ch <= hi and 0.8 <= cw / ch <= 1.25):
                continue
            poly = cv2.approxPolyDP(c, 0.08 * cv2.arcLength(c, True), True)
            if len(poly) != 4 or not cv2.isContourConvex(poly):
                continue
            if cv2.contourArea(c) < 0.7 * cw * ch or not _framed(bw, x, y, cw, ch):
                continue
            squares.append((x, y, cw, ch))
        out = []
        for x, y, cw, ch in _outermost(squares):
            fill = _inside_ink(bw, x, y, cw, ch)
            checked = fill >= opts.ticked_at
            # confidence: how far the ink share is from the threshold (0.5 at it)
            margin = (fill - opts.ticked_at) / opts.ticked_at if checked else \
                (opts.ticked_at - fill) / opts.ticked_at
            conf = round(min(1.0, 0.5 + 0.5 * min(1.0, margin)), 4)
            out.append(TextRegion(Box(x / w, y / h, (x + cw) / w, (y + ch) / h), "checkbox",
                                  conf, None, {"checked": checked, "ink": round(fill, 4)}))
        out.sort(key=lambda r: (r.box.y0, r.box.x0))
        page.notes[self.name] = {"found": len(out), "ticked": sum(r.attrs["checked"]
                                                                 for r in out)}
        return out


def _outermost(squares: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """A frame's outline has an inner contour too: keep the outer one."""
    squares = sorted(squares, key=lambda s: -s[2] * s[3])
    kept: list[tuple[int, int, int, int]] = []
    for s in squares:
        x, y, cw, ch = s
        if any(kx <= x + cw / 2 <= kx + kw and ky <= y + ch / 2 <= ky + kh
               for kx, ky, kw, kh in kept):
            continue
        kept.append(s)
    return kept


def _framed(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """All four sides are straight lines of ink (letters such as "o" are not)."""
    box = bw[y:y + ch, x:x + cw] > 0
    t = max(1, round(min(cw, ch) * 0.15))
    sides = (box[:t, :].mean(axis=1), box[-t:, :].mean(axis=1),
             box[:, :t].mean(axis=0), box[:, -t:].mean(axis=0))
    return all(float(side.max()) >= 0.85 for side in sides)


def _inside_ink(bw: Any, x: int, y: int, cw: int, ch: int) -> float:
    """Share of the box's inside (its frame left out) covered by ink."""
    mx, my = max(2, int(cw * 0.2)), max(2, int(ch * 0.2))
    inner = bw[y + my:y + ch - my, x + mx:x + cw - mx]
    return float((inner > 0).mean()) if inner.size else 0.0
