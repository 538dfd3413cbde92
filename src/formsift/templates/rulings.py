"""A page's ruling lines, and the ruled box a label sits in.

The lines are those a born-digital PDF page draws (its loader's renderer offers them as
``renderer.ruling_lines()``), else they are measured on the page's image (a scan as
preprocessing left it, the image the word boxes refer to) with the morphology of the
``rules`` segmenter; once per page. Only straight strokes long compared to print count:
a box's side, a table's rule, a form's grid line; on an image, a run of ink inside a
word's box (print that a coarse image blurs into a bar) is none.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from formsift.core.document import Page
from formsift.core.geometry import Box

#: Resolution the ruling lines are measured at: a PDF page's rendering (its lines are
#: sharp), a scan's image (its lines are not).
RULING_DPI = 100
SCAN_RULING_DPI = 150
#: Longest side of the image measured, in pixels (a poster-sized page is measured coarser).
MAX_SIDE_PX = 2400
#: Shortest ruling line, as a share of the page's width (horizontal) or height (vertical):
#: about 20 pt on a letter page, longer than a stroke of print (a 24 pt heading's "l").
MIN_LENGTH = 0.025
#: Thickest ruling line, in pixels at RULING_DPI, or as a share of the page's other side.
MAX_THICKNESS_PX = 4
MAX_THICKNESS = 0.005
#: How far apart (share of the page) two lines may end and still meet at a box's corner.
CORNER = 0.01


@dataclass(frozen=True)
class Rule:
    """A ruling line: horizontal at ``at`` (y) from ``start`` to ``end`` (x), or vertical
    at ``at`` (x) from ``start`` to ``end`` (y); page-relative."""

    at: float
    start: float
    end: float

    def spans(self, lo: float, hi: float, slack: float = CORNER) -> bool:
        return self.start <= lo + slack and self.end >= hi - slack

    def covers(self, v: float) -> bool:
        return self.start <= v <= self.end


@dataclass(frozen=True)
class Rulings:
    """The ruling lines of a page."""

    horizontal: tuple[Rule, ...]
    vertical: tuple[Rule, ...]

    def __bool__(self) -> bool:
        return bool(self.horizontal or self.vertical)

    def box_around(self, box: Box) -> Box | None:
        """The ruled box enclosing ``box`` (a label): the nearest line on each side of it
        that runs past it, when the four meet at the corners (a box's frame); None when
        the page draws no closed box around it, or a line crosses it."""
        cx, cy = box.cx, box.cy
        if any(box.x0 + CORNER / 2 < r.at < box.x1 - CORNER / 2 and r.covers(cy)
               for r in self.vertical):
            return None  # the label runs across a line: it is in no one box
        left = max((r for r in self.vertical if r.at <= box.x0 + CORNER / 2 and r.covers(cy)),
                   key=lambda r: r.at, default=None)
        right = min((r for r in self.vertical if r.at >= box.x1 - CORNER / 2
                     and r.covers(cy)), key=lambda r: r.at, default=None)
        top = max((r for r in self.horizontal if r.at < cy and r.covers(cx)),
                  key=lambda r: r.at, default=None)
        bottom = min((r for r in self.horizontal if r.at > cy and r.covers(cx)),
                     key=lambda r: r.at, default=None)
        if left is None or right is None or top is None or bottom is None:
            return None
        if not (left.spans(top.at, bottom.at) and right.spans(top.at, bottom.at)
                and top.spans(left.at, right.at) and bottom.spans(left.at, right.at)):
            return None
        return Box(left.at, top.at, right.at, bottom.at)

    def between(self, a: Box, b: Box, reach: bool = False) -> bool:
        """Whether a vertical line stands between ``a`` and ``b`` (side by side, neither
        over the other), across ``b``'s height. With ``reach``, only a line that runs to
        the top or the bottom of the two boxes counts: between two handwritten words, a
        stroke of the writing that the ruling detector took for a line (a tall ``1``, the
        stem of a ``5``) lies within their height, while a box's side runs past it."""
        if a.x1 <= b.x0:
            lo, hi = a.x1, b.x0
        elif b.x1 <= a.x0:
            lo, hi = b.x1, a.x0
        else:
            return False
        top, bottom = min(a.y0, b.y0), max(a.y1, b.y1)
        slack = 0.1 * (bottom - top)
        return any(lo - 0.001 <= r.at <= hi + 0.001 and r.covers(b.cy)
                   and (not reach or r.start <= top + slack or r.end >= bottom - slack)
                   for r in self.vertical)


_CACHE: weakref.WeakKeyDictionary[Page, tuple[Any, Rulings | None]] = \
    weakref.WeakKeyDictionary()


def page_rulings(page: Page) -> Rulings | None:
    """The ruling lines of ``page`` (None when it has no image: a text file's page), measured
    once per page and kept while its words stay the same."""
    key = (page.revision, bool(page.notes.get("preprocessed")), page.width, page.height,
           page.rotation)
    cached = _CACHE.get(page)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = _measure(page)
    _CACHE[page] = (key, found)
    return found


def _measure(page: Page) -> Rulings | None:
    scan = bool(page.notes.get("preprocessed") or page.notes.get("image"))
    drawn = getattr(page.renderer, "ruling_lines", None)
    if not scan and drawn is not None and not page.image_areas:
        try:  # a born-digital page: the lines it draws (no image to render)
            return from_segments(drawn(), page.width, page.height)
        except Exception:  # a broken drawing: measured on the image
            pass
    if page.unit == "pt":
        inches = max(page.width, page.height) / 72
    elif page.unit == "px" and page.notes.get("image", {}).get("dpi"):
        inches = max(page.width, page.height) / page.notes["image"]["dpi"]
    else:  # a text file's page: no image
        return None
    dpi = max(10, int(min(SCAN_RULING_DPI if scan else RULING_DPI, MAX_SIDE_PX / inches)))
    try:  # a born-digital page's image is rendered, not cached: it is not needed again
        image = page.shown_image(dpi) if scan or page.renderer is None else page.renderer(dpi)
    except Exception:  # no image (too large, broken): no ruling lines
        return None
    return detect(image, [w.box for w in page.words])


def from_segments(segments: Sequence[tuple[float, float, float, float]], width: float,
                  height: float) -> Rulings:
    """The ruling lines among straight segments (x0, y0, x1, y1, page-relative) a page
    draws: the level and upright ones, those that continue each other joined (a grid's
    line drawn box by box), at least MIN_LENGTH long. ``width`` and ``height``: the page's
    size in points (a point's slant or gap is allowed)."""
    pt_x, pt_y = 1.0 / max(width, 1e-9), 1.0 / max(height, 1e-9)
    level: list[tuple[float, float, float]] = []
    upright: list[tuple[float, float, float]] = []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= pt_y and abs(x1 - x0) > pt_x:
            level.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= pt_x and abs(y1 - y0) > pt_y:
            upright.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return Rulings(tuple(_joined(level, pt_y, pt_x, MIN_LENGTH)),
                   tuple(_joined(upright, pt_x, pt_y, MIN_LENGTH)))


def _joined(parts: list[tuple[float, float, float]], near: float, gap: float,
            shortest: float) -> list[Rule]:
    """Segments (at, start, end) on one line (``at`` within ``near``) that touch or overlap
    (a ``gap`` apart at most), joined; those ``shortest`` long or longer."""
    out: list[Rule] = []
    for at, start, end in sorted(parts, key=lambda p: (round(p[0] / (2 * near)), p[1])):
        last = out[-1] if out else None
        if last is not None and abs(last.at - at) <= 2 * near and start <= last.end + gap:
            out[-1] = Rule(last.at, last.start, max(last.end, end))
        else:
            out.append(Rule(at, start, end))
    return sorted((r for r in out if r.end - r.start >= shortest),
                  key=lambda r: (r.at, r.start))


def detect(image: Any, words: Sequence[Box] = ()) -> Rulings:
    """The horizontal and vertical ruling lines of a page image, but for runs of ink
    inside the boxes of ``words`` (page-relative)."""
    import numpy as np

    from formsift.plugins.segment.rules import ink, straight_runs

    boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in words], dtype=float).reshape(-1, 4)
    inner = 0.2 * (boxes[:, 3] - boxes[:, 1]), 0.2 * (boxes[:, 2] - boxes[:, 0])

    def printed(rule: Rule, horizontal: bool) -> bool:
        """Whether half of ``rule`` runs through the middle of words' boxes."""
        if not len(boxes):
            return False
        if horizontal:
            at, lo, hi = (boxes[:, 1] + inner[0], boxes[:, 3] - inner[0],
                          (boxes[:, 0], boxes[:, 2]))
        else:
            at, lo, hi = (boxes[:, 0] + inner[1], boxes[:, 2] - inner[1],
                          (boxes[:, 1], boxes[:, 3]))
        through = (at <= rule.at) & (rule.at <= lo)
        if not through.any():
            return False
        run = np.clip(np.minimum(hi[1][through], rule.end)
                      - np.maximum(hi[0][through], rule.start), 0, None).sum()
        return bool(run >= 0.5 * (rule.end - rule.start))

    bw = ink(image)
    h, w = bw.shape[:2]
    found: dict[str, list[Rule]] = {"h": [], "v": []}
    for orient, x, y, cw, ch, _ in straight_runs(bw, MIN_LENGTH, MAX_THICKNESS,
                                                 MAX_THICKNESS_PX):
        rule = (Rule((y + ch / 2) / h, x / w, (x + cw) / w) if orient == "h" else
                Rule((x + cw / 2) / w, y / h, (y + ch) / h))
        if not printed(rule, orient == "h"):
            found[orient].append(rule)
    return Rulings(tuple(sorted(found["h"], key=lambda r: (r.at, r.start))),
                   tuple(sorted(found["v"], key=lambda r: (r.at, r.start))))
