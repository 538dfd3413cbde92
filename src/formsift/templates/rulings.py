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


#: A long line on a photo may lean this much (its run across its length, in pixels: about
#: 4.5 degrees) and still be a ruling: a table's lines on a page photographed at an angle
#: lean, each its own way. (A thin line leaning more breaks up in ``straight_runs``' runs.)
MAX_LEAN = 0.08
#: A leaning line is at least this long (a share of the page's width or height): a short
#: stroke leaning is a stroke of writing as likely as a line.
LEANING_LENGTH = 0.1
#: The pieces of a leaning line broken where its ink fades are joined across a gap of at
#: most this share of the page's height (width).
JOIN_GAP = 0.05


@dataclass(frozen=True)
class Rule:
    """A ruling line: horizontal at ``at`` (y) from ``start`` to ``end`` (x), or vertical
    at ``at`` (x) from ``start`` to ``end`` (y); page-relative. A line that leans (on a
    photo) is at ``at`` at its middle and moves by ``lean`` along its length
    (:meth:`at_along`)."""

    at: float
    start: float
    end: float
    lean: float = 0.0

    def at_along(self, v: float) -> float:
        """Where the line is at ``v`` along its length (y of a vertical line, x of a
        horizontal one)."""
        return self.at + self.lean * (v - (self.start + self.end) / 2)

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
        # each line where it passes the label (a line on a photo leans)
        xs = {id(r): r.at_along(cy) for r in self.vertical if r.covers(cy)}
        ys = {id(r): r.at_along(cx) for r in self.horizontal if r.covers(cx)}
        if any(box.x0 + CORNER / 2 < x < box.x1 - CORNER / 2 for x in xs.values()):
            return None  # the label runs across a line: it is in no one box
        left = max((r for r in self.vertical if xs.get(id(r), 2.0) <= box.x0 + CORNER / 2),
                   key=lambda r: xs[id(r)], default=None)
        right = min((r for r in self.vertical if xs.get(id(r), -1.0) >= box.x1 - CORNER / 2),
                    key=lambda r: xs[id(r)], default=None)
        top = max((r for r in self.horizontal if ys.get(id(r), 2.0) < cy),
                  key=lambda r: ys[id(r)], default=None)
        bottom = min((r for r in self.horizontal if ys.get(id(r), -1.0) > cy),
                     key=lambda r: ys[id(r)], default=None)
        if left is None or right is None or top is None or bottom is None:
            return None
        x0, x1, y0, y1 = xs[id(left)], xs[id(right)], ys[id(top)], ys[id(bottom)]
        if not (left.spans(y0, y1) and right.spans(y0, y1)
                and top.spans(x0, x1) and bottom.spans(x0, x1)):
            return None
        return Box(x0, y0, x1, y1)

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
        return any(lo - 0.001 <= r.at_along(b.cy) <= hi + 0.001 and r.covers(b.cy)
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
        """Whether half of ``rule`` runs through the middle of words' boxes, or it is an
        upright stroke of a word's own letters at its box's edge (the stem of the ``d``
        of "read" beside the ``b`` of "by", at 16 pt: within the word's box side to side
        and no taller than its letters)."""
        if not len(boxes):
            return False
        if not horizontal and _a_letters_stem(rule, boxes):
            return True
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
    for orient, x, y, cw, ch, thick in straight_runs(bw, MIN_LENGTH, MAX_LEAN,
                                                     MAX_THICKNESS_PX):
        if thick > max(MAX_THICKNESS_PX, MAX_THICKNESS * (h if orient == "h" else w)):
            rule = _leaning(bw, orient, x, y, cw, ch)
        else:
            rule = (Rule((y + ch / 2) / h, x / w, (x + cw) / w) if orient == "h" else
                    Rule((x + cw / 2) / w, y / h, (y + ch) / h))
        if rule is not None and not printed(rule, orient == "h"):
            found[orient].append(rule)
    found = {"h": _pieces_joined(found["h"], 2.0 / h), "v": _pieces_joined(found["v"], 2.0 / w)}
    return Rulings(tuple(sorted(found["h"], key=lambda r: (r.at, r.start))),
                   tuple(sorted(found["v"], key=lambda r: (r.at, r.start))))


#: How far (page-relative) past a word's box side a letter's stem may lie, and how far
#: above or below its box (in its heights) it may run.
STEM_SIDE = 0.001
STEM_REACH = 0.15


def _a_letters_stem(rule: Rule, boxes: Any) -> bool:
    """Whether the upright ``rule`` lies within one of ``boxes`` (x0, y0, x1, y1) from
    side to side (up to :data:`STEM_SIDE` past it) and runs no farther above or below it
    than :data:`STEM_REACH` of its height: a letter's stroke, not a box's side (which
    runs past the words it holds)."""
    tall = boxes[:, 3] - boxes[:, 1]
    return bool(((boxes[:, 0] - STEM_SIDE <= rule.at) & (rule.at <= boxes[:, 2] + STEM_SIDE)
                 & (rule.start >= boxes[:, 1] - STEM_REACH * tall)
                 & (rule.end <= boxes[:, 3] + STEM_REACH * tall)).any())


def _pieces_joined(rules: list[Rule], near: float) -> list[Rule]:
    """``rules`` with the pieces of one leaning line joined: a line on a photo broken
    where its ink fades (a stain, a fold), its pieces one after the other less than
    :data:`JOIN_GAP` apart, leaning alike, each where the other runs on to (within
    ``near``: two pixels) across the gap. Lines that do not lean are left as found."""
    out = sorted(rules, key=lambda r: r.start)
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(out):
            for j, b in enumerate(out):
                if i == j or not (a.lean or b.lean) or not 0 <= b.start - a.end <= JOIN_GAP \
                        or abs(a.lean - b.lean) > 0.25 * max(abs(a.lean), abs(b.lean)):
                    continue
                gap = (a.end + b.start) / 2
                if abs(a.at_along(gap) - b.at_along(gap)) > near:
                    continue
                out[i] = _through(a, b)
                del out[j]
                joined = True
                break
            if joined:
                break
    return sorted(out, key=lambda r: (r.at, r.start))


def _through(a: Rule, b: Rule) -> Rule:
    """One line from ``a``'s start to ``b``'s end, through the middles of both."""
    ma, mb = (a.start + a.end) / 2, (b.start + b.end) / 2
    lean = (b.at - a.at) / (mb - ma)
    start, end = a.start, b.end
    return Rule(a.at + lean * ((start + end) / 2 - ma), start, end, lean)


def _leaning(bw: Any, orient: str, x: int, y: int, cw: int, ch: int) -> Rule | None:
    """The line of a run of ink (``straight_runs``' box ``x, y, cw, ch`` of ``bw``) that
    is thicker than a ruling line only because it leans: at least
    :data:`LEANING_LENGTH` long, leaning :data:`MAX_LEAN` at most, and inked along one
    straight line (within a pixel) on nine tenths of its length. The line is the one
    through most of the strokes as thin as a ruling line across the box (print set
    against the line, or written across it, lies off it); None when there is no such
    line (a bar, print, two lines side by side)."""
    import numpy as np

    h, w = bw.shape[:2]
    part = bw[y:y + ch, x:x + cw] > 0
    if orient == "h":
        part = part.T  # one row of ``part`` across the line, for either direction
    length, across = part.shape
    if length < LEANING_LENGTH * (w if orient == "h" else h):
        return None
    thin = max(MAX_THICKNESS_PX, MAX_THICKNESS * (h if orient == "h" else w))
    pos, mid = _thin_strokes(part, thin)
    fit = _through_most(pos, mid, length)
    if fit is None:
        return None
    lean, at = fit
    if abs(lean) > MAX_LEAN:
        return None
    rows = np.arange(length)
    line = np.rint(at + lean * rows).astype(int)
    inked = np.zeros(length, dtype=bool)
    for d in (-1, 0, 1):
        cols = line + d
        ok = (cols >= 0) & (cols < across)
        inked[ok] |= part[rows[ok], cols[ok]]
    if inked.mean() < 0.9:
        return None
    centre = at + lean * (length - 1) / 2
    if orient == "h":
        return Rule((y + centre + 0.5) / h, x / w, (x + cw) / w, float(lean) * w / h)
    return Rule((x + centre + 0.5) / w, y / h, (y + ch) / h, float(lean) * h / w)


def _thin_strokes(part: Any, thin: float) -> tuple[Any, Any]:
    """Where ``part``'s rows (across a line) cross strokes at most ``thin`` wide: each
    stroke's row and middle."""
    import numpy as np

    edges = np.diff(np.pad(part, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # (row by row, in order: one end per start)
    keep = ends - starts <= thin
    return rows[keep].astype(np.float64), (starts[keep] + ends[keep] - 1) / 2.0


def _through_most(pos: Any, mid: Any, length: int) -> tuple[float, float] | None:
    """The straight line ``mid = at + lean * pos`` within a pixel of the most of the points
    (pairs of points far apart tried, the best fitted again to its points), when those
    are half of ``length`` at least; None otherwise."""
    import numpy as np

    if len(pos) < 0.5 * length:
        return None
    order = np.argsort(pos, kind="stable")
    pos, mid = pos[order], mid[order]
    n = len(pos)
    # pairs a third of the points apart, spread over the line (the same every time)
    first = np.linspace(0, n - 1 - n // 3, num=min(60, n - n // 3)).astype(int)
    second = first + n // 3
    dp = pos[second] - pos[first]
    ok = dp > 0
    if not ok.any():
        return None
    leans = (mid[second[ok]] - mid[first[ok]]) / dp[ok]
    ats = mid[first[ok]] - leans * pos[first[ok]]
    near = np.abs(mid[None, :] - (ats[:, None] + leans[:, None] * pos[None, :])) <= 1.0
    best = int(near.sum(axis=1).argmax())
    inliers = near[best]
    if len(np.unique(pos[inliers])) < 0.5 * length:
        return None
    lean, at = np.polyfit(pos[inliers], mid[inliers], 1)
    return float(lean), float(at)
