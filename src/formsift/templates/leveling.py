"""A photographed page's lines set level before a table groups its words in rows.

A phone photo leaves a page's printed lines slanted, each by its own slope: taken at an
angle (one side nearer the camera) the rows rise to one side at the top of the page and
fall at the bottom; a page that bends adds its own drift. One turn of the page (deskew)
levels none of that, and a row's words then drift across it by more than half their
height: the page's line grouping puts a row's labels and its values on lines of their
own, or joins the two lines of a wrapped description, or two rows, into one.

The slope is measured where the page shows it: on each line as the page grouped it that
fits a straight line (three words or more across a quarter of the page: a table's row of
cells far apart), and on runs of printed words side by side (:func:`_runs`: a word's
neighbour to its right, as near as a few word heights, of its height and at its height;
a hand keeps to no printed line), four words or more across a tenth of the page, each
fitting a straight line within a third of their height. Lines that the page's grouping
already joined are no help (two rows taken for one fit no line), while runs are found on
every printed line, down to the bottom of the page. The slope at any height is what the
samples near it say (a local straight-line fit, weighted by their length and by how near
they are, and kept within the slopes measured near it: no trend is carried beyond
them), so a slope that changes down the page, evenly (perspective) or not (a page that
bends), is followed. Every page a table is read on is measured, a flat scan too, so
samples off the trend of the page's samples (:func:`_kept`: a stamp or a note turned on
the page beside a table) measure nothing: a flat page's level rows stay as grouped.

Finding the runs costs tens of milliseconds on a dense table (tens of times the rest), so
a page whose lines as grouped already lie level (:func:`_grouped_level`: no line joins two
rows, every line of three words or more across a tenth of the page is level, the pieces of
a row the grouping cut too, and the long ones hold most of the words: a flat scan's table)
is left as it is without looking for runs.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Any

from formsift.core.document import Line, Word, group_lines
from formsift.core.geometry import Box

#: A run's words fit its slope within this share of their height, for the run to measure
#: the page's slant (no word of another line).
ON_ITS_SLOPE = 0.35
#: Lines are grouped again along the page's slant where it lifts a line's end by this share
#: of a word's height or more, across the words' width.
SLANT_LIFT = 0.5
#: A run measures the slant with four words or more across this share of the page's width
#: (three words fit a line with one of them a little off: "Received by:" and a name
#: written beside it).
RUN_WORDS, RUN_SPAN = 4, 0.1
#: A line as the page grouped it measures the slant across this share of the page's width.
LINE_SPAN = 0.25
#: Words side by side on one line: at most this many word heights apart, their middles
#: this share of the smaller height apart, the taller at most this times the smaller.
RUN_GAP, RUN_ALIGN, RUN_SIZE = 2.0, 0.5, 1.6
#: How far up and down the page a run's slope counts (a Gaussian weight with this spread,
#: a share of the page's height).
REACH = 0.1
#: A sample measures the page's print where its slope is at most this far from the trend
#: of all samples down the page (about 3 degrees on a portrait page): a stamp, a note
#: turned on the page make runs of their own slope.
OFF_TREND = 0.04
#: The trend is measured on the pairs of at most about this many samples, evenly down
#: the page.
TREND_PAIRS = 40
#: A page's lines as grouped lie level (no run is looked for) where each long line lifts
#: its end by less than this share of :data:`SLANT_LIFT` across the words' width, and
#: the long lines hold at least this share of the page's words.
LEVEL_MARGIN, LEVEL_WORDS = 0.5, 0.6


def level_lines(lines: list[Line], page: Any) -> list[Line]:
    """``lines`` (a page's, read by a recognizer) grouped again along the slant of the
    page's lines where it changes down the page (see the module's doc). Each word is set
    level by the slope at its height about the words' middle, and the words are grouped
    in lines as the page groups them; the lines returned hold the words themselves. Lines
    of a text layer, and a page whose slant lifts no line's end by half a word's height,
    are left as they are."""
    words = [w for line in lines for w in line.words]
    if len(words) < 6 or not all(w.recognized for w in words):
        return lines
    heights = sorted(w.box.height for w in words)
    height = heights[len(heights) // 2]
    x0, x1 = min(w.box.x0 for w in words), max(w.box.x1 for w in words)
    if _grouped_level(lines, height, x1 - x0, len(words)):
        return lines
    aspect = page.height / page.width if getattr(page, "width", 0) else 1.0
    samples = _line_samples(lines, height) + _samples(
        [w for w in words if not w.handwritten], height, aspect)
    samples = _kept(samples)
    if not samples:
        return lines
    lo, hi = min(y for y, _, _ in samples), max(y for y, _, _ in samples)
    if max(abs(_slope_at(samples, y)) for y in (lo, (lo + hi) / 2, hi)) * (x1 - x0) \
            < SLANT_LIFT * height:
        return lines
    mid = (x0 + x1) / 2
    slopes: dict[float, float] = {}
    proxies = []
    for w in words:
        y = min(max(w.box.cy, lo), hi)
        if y not in slopes:
            slopes[y] = _slope_at(samples, y)
        lift = slopes[y] * (w.box.cx - mid)
        proxies.append(replace(w, box=Box(w.box.x0, w.box.y0 - lift, w.box.x1,
                                          w.box.y1 - lift)))
    level = {id(p): w for p, w in zip(proxies, words, strict=True)}
    return [Line([level[id(p)] for p in line.words], page.index)
            for line in group_lines(proxies)]


def _grouped_level(lines: list[Line], height: float, width: float, words: int) -> bool:
    """Whether ``lines`` (a page's, as it grouped them; ``words`` in all, ``width`` across)
    already lie level, so that no run of words need be looked for: every line of three
    words or more across :data:`RUN_SPAN` of the page (as a run that measures the slant
    spans) fits a straight line (no line joins two rows of a slanted page) that lifts its
    end by less than :data:`LEVEL_MARGIN` of :data:`SLANT_LIFT`: across ``width`` for a
    line across :data:`LINE_SPAN`, across itself for a shorter one (a piece of a leaning
    row the grouping cut; the slope of a few words close together is too unsure to carry
    across the page), and the lines across :data:`LINE_SPAN` hold :data:`LEVEL_WORDS` of
    the words (a page whose slanted rows fell apart in pieces has few)."""
    level = 0
    for line in lines:
        if len(line.words) < 3 or _span(line.words) < RUN_SPAN:
            continue
        fit = _fitted(line.words, height)
        if fit is None:
            return False  # two rows joined, or a row bent
        _, slope, span = fit
        across = width if span >= LINE_SPAN else span  # a short line's slope is unsure
        if abs(slope) * across >= LEVEL_MARGIN * SLANT_LIFT * height:
            return False
        if span >= LINE_SPAN:
            level += len(line.words)
    return level >= LEVEL_WORDS * words


def _span(words: list[Word]) -> float:
    """How far apart the middles of ``words`` are across the page."""
    return max(w.box.cx for w in words) - min(w.box.cx for w in words)


def _line_samples(lines: list[Line], height: float) -> list[tuple[float, float, float]]:
    """(height on the page, slope, length) of each of ``lines`` (as the page grouped
    them) of three words or more across a quarter of the page that measures the slant:
    a table's row of cells far apart, which makes no run."""
    return [s for line in lines if len(line.words) >= 3
            and (s := _fitted(line.words, height)) is not None and s[2] >= LINE_SPAN]


def _samples(words: list[Word], height: float, aspect: float
             ) -> list[tuple[float, float, float]]:
    """(height on the page, slope, length) of each run of words that measures the slant."""
    return [s for run in _runs(words, aspect) if len(run) >= RUN_WORDS
            and (s := _fitted(run, height)) is not None and s[2] >= RUN_SPAN]


def _fitted(words: list[Word], height: float) -> tuple[float, float, float] | None:
    """(height, slope, length) of the straight line through the middles of ``words``,
    None when one of them is off it by more than :data:`ON_ITS_SLOPE` of their height."""
    xs = [w.box.cx for w in words]
    ys = [w.box.cy for w in words]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    if max(abs(y - my - slope * (x - mx)) for x, y in zip(xs, ys, strict=True)) \
            > ON_ITS_SLOPE * height:
        return None
    return my, slope, max(xs) - min(xs)


def _runs(words: list[Word], aspect: float) -> list[list[Word]]:
    """The words in runs side by side on one line: each word followed by its nearest
    neighbour to the right (see :data:`RUN_GAP`), when it is that neighbour's nearest to
    the left too."""
    order = sorted(words, key=lambda w: w.box.x0)
    rank = {id(w): i for i, w in enumerate(order)}
    by_y = sorted(order, key=lambda w: w.box.cy)
    ys = [w.box.cy for w in by_y]
    right: dict[int, Word] = {}
    for a in order:
        # a neighbour on a's line has its middle within half a's height of a's
        band = by_y[bisect_left(ys, a.box.cy - RUN_ALIGN * a.box.height):
                    bisect_right(ys, a.box.cy + RUN_ALIGN * a.box.height)]
        near = _neighbour(a, [b for b in band if rank[id(b)] > rank[id(a)]], aspect)
        if near is not None:
            right[id(a)] = near
    left: dict[int, Word] = {}
    for a in order:  # of two words with one neighbour, the one at its height keeps it
        b = right.get(id(a))
        if b is None:
            continue
        other = left.get(id(b))
        if other is not None and abs(other.box.cy - b.box.cy) <= abs(a.box.cy - b.box.cy):
            continue
        left[id(b)] = a
    runs = []
    for a in order:
        if id(a) in left:
            continue
        run = [a]
        while (b := right.get(id(run[-1]))) is not None and left.get(id(b)) is run[-1]:
            run.append(b)
        runs.append(run)
    return runs


def _neighbour(a: Word, after: list[Word], aspect: float) -> Word | None:
    """The nearest of ``after`` (words to the right of ``a``'s left edge, at its height)
    on ``a``'s line to its right, at most :data:`RUN_GAP` word heights away."""
    best: tuple[float, Word] | None = None
    reach = RUN_GAP * RUN_SIZE * a.box.height * aspect
    for b in after:
        gap = b.box.x0 - a.box.x1
        if gap > reach or gap < -0.3 * a.box.height * aspect:
            continue  # too far (or too far over a) whatever the heights
        small, tall = sorted((a.box.height, b.box.height))
        if gap > RUN_GAP * tall * aspect or gap < -0.3 * small * aspect \
                or abs(b.box.cy - a.box.cy) > RUN_ALIGN * small or tall > RUN_SIZE * small:
            continue
        if best is None or gap < best[0] or (gap == best[0] and b.box.x0 < best[1].box.x0):
            best = (gap, b)
    return best[1] if best is not None else None


def _kept(samples: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """``samples`` that measure the page's print: those whose slope is within
    :data:`OFF_TREND` of the trend of all (a straight line of slope against height,
    fitted robustly: the weighted median of the pairs' changes, Theil-Sen). A stamp or a
    note turned on the page beside a table makes runs of words of its own slope, off the
    trend; a photo's perspective changes the slope evenly down the page, along it."""
    if len(samples) < 3:
        return samples
    ordered = sorted(samples)
    some = ordered[::max(1, len(ordered) // TREND_PAIRS)]  # a dense page: pairs of a few
    change = _median([(a[2] * b[2], (b[1] - a[1]) / (b[0] - a[0]))
                      for i, a in enumerate(some) for b in some[i + 1:]
                      if abs(b[0] - a[0]) > 1e-6] or [(1.0, 0.0)])
    base = _median([(length, s - change * sy) for sy, s, length in samples])
    return [t for t in samples if abs(t[1] - base - change * t[0]) <= OFF_TREND]


def _median(weighted: list[tuple[float, float]]) -> float:
    """The weighted median of the (weight, value) pairs ``weighted``."""
    ordered = sorted(weighted, key=lambda t: t[1])
    half, seen = sum(a for a, _ in ordered) / 2, 0.0
    for a, v in ordered:
        seen += a
        if seen >= half:
            return v
    return ordered[-1][1] if ordered else 0.0


def _weights(samples: list[tuple[float, float, float]], y: float
             ) -> list[tuple[float, float]]:
    """(weight, slope) of each of ``samples`` at height ``y``: its length, less the
    further it is (a Gaussian of spread :data:`REACH`)."""
    return [(length * math.exp(-0.5 * ((sy - y) / REACH) ** 2), s)
            for sy, s, length in samples]


def _slope_at(samples: list[tuple[float, float, float]], y: float) -> float:
    """The slope the samples measure at height ``y``: a straight line through their slopes
    against their heights, each weighted by its length and by how near ``y`` it is, kept
    within the slopes of the samples that count there (no trend carried beyond them)."""
    weights = [(a, sy, s) for (a, s), (sy, _, _) in zip(_weights(samples, y), samples,
                                                         strict=True)]
    total = sum(a for a, _, _ in weights)
    if total <= 1e-12:
        return 0.0
    my = sum(a * sy for a, sy, _ in weights) / total
    ms = sum(a * s for a, _, s in weights) / total
    syy = sum(a * (sy - my) ** 2 for a, sy, _ in weights)
    change = sum(a * (sy - my) * (s - ms) for a, sy, s in weights) / syy \
        if syy > 1e-9 else 0.0
    near = [s for a, _, s in weights if a >= 0.05 * max(a for a, _, _ in weights)]
    return min(max(ms + change * (y - my), min(near)), max(near))
