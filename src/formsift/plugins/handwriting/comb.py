"""Handwriting in a comb field: one character per printed cell (a meter number, a date of
birth written in a row of boxes).

Read as a line, the cells' walls reach the recognizer with the writing and are read as
characters (``/``, ``1``, ``l``: "746814" in six cells was "7ll618/1/4"). So a line to be
read as handwriting is first looked at with the page around it (:func:`find_comb`): when
it lies in a comb (upright straight strokes, evenly spaced, of one height, as tall as the
line or taller, at least :data:`formsift.plugins.fieldtypes.comb.MIN_CELLS` cells between
them) each cell it covers is read on its own, its inside only (walls and the comb's top
and bottom rulings whitened, :func:`cell_images`), as one character: the cells become
single-character words, which the field types join as they join a printed comb
(:mod:`formsift.plugins.fieldtypes.comb`). An empty cell gives no word. A short comb (two
or three boxes, SHORT_CELLS) is read so too, and its cells make one word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: How far around a line the page is looked at for a comb's walls: in line heights above
#: and below, and to each side; TALL_LOOK above and below when LOOK_UP finds none (a
#: digit written small and low in a tall cell, boxed alone by the detector:
#: :func:`comb_around`).
LOOK_UP, LOOK_SIDE = 0.6, 6.0
TALL_LOOK = 1.5
#: Walls are at least this share of the line's height long (the comb is about as tall as
#: the writing in it, or taller), and consecutive walls of a comb are spaced alike
#: (within PITCH_TOLERANCE of the comb's pitch), a cell at most MAX_CELL_SHAPE times as
#: wide as it is tall and at least MIN_CELL_SHAPE (a table's columns are wider: a line
#: in one of its cells is read as a line).
WALL_SHARE = 0.55
PITCH_TOLERANCE = 0.2
MIN_CELL_SHAPE, MAX_CELL_SHAPE = 0.3, 1.25
#: A cell is read when a region covers at least this share of its width; a region that
#: covers none so is read in the cells beside it when its middle lies on a wall, within
#: ON_WALL of a cell's width of them.
COVER, ON_WALL = 0.3, 0.15
#: A line labelled printed is taken for a comb's writing when it covers at least this
#: many of its cells (:func:`formsift.plugins.handwriting.segment._written_in_combs`),
#: or, found only with the taller look (TALL_LOOK), covers one and lies with at least
#: WITHIN_COMB of its width between the comb's first and last walls (the detector boxes a
#: digit written small and low in its cell alone).
MIN_LINE_CELLS = 2
WITHIN_COMB = 0.8


@dataclass
class Comb:
    """Combs in a crop: their ``cells`` as (x0, x1) columns inside the walls, the rows
    ``top``:``bottom`` between its rulings (the walls' extent), and the walls' ink
    (boolean image) to take out of a cell."""

    cells: list[tuple[int, int]]
    top: int
    bottom: int
    walls: Any
    #: which comb each cell is in (cells of one comb, its groups a narrow gap apart,
    #: share a number)
    runs: list[int]
    #: each cell's top ruling (the rows between its walls' tops) and bottom one, as
    #: (top0, top1, bottom0, bottom1): a slanted scan's comb is not level
    rows: list[tuple[int, int, int, int]]


def find_comb(gray: Any, line_height: float, fewest: int | None = None) -> Comb | None:
    """The comb in ``gray`` (a greyscale crop around a line ``line_height`` pixels high),
    None when there is none: upright straight strokes at least WALL_SHARE of the line's
    height long, thin, sharing their top and bottom, spaced by one pitch, with at least
    MIN_CELLS cells between consecutive ones, or ``fewest`` (SHORT_CELLS: a short comb,
    an age's or a household size's two or three boxes) when they make one row of boxes
    side by side, each wall there, their top and bottom rulings along every box
    (:func:`_short_comb`)."""
    import cv2
    import numpy as np

    from formsift.plugins.fieldtypes.comb import MIN_CELLS

    least = MIN_CELLS if fewest is None else min(fewest, MIN_CELLS)

    h, w = gray.shape[:2]
    k = max(6, round(WALL_SHARE * line_height))
    if h < k or w < 4 * k:
        return None
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # a slanted scan's wall moves a pixel or two along its length: widen before looking
    slack = max(1, round(0.04 * k))
    wide = cv2.dilate(bw, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * slack + 1, 1)))
    upright = cv2.morphologyEx(wide, cv2.MORPH_OPEN,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    # the comb's top and bottom: flat ruling lines at least a cell long
    flat = cv2.morphologyEx(bw, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(upright, connectivity=8)
    near = 2 * slack + 2
    cand = []
    for j in range(1, n):
        x, y, cw, ch = (int(v) for v in stats[j, :4])
        # thin (a digit touching the wall widens it), running from a ruling to a ruling
        # (a written "1" as tall does not reach both)
        if ch < k or cw > max(2 * slack + 4, 0.35 * ch):
            continue
        cols = slice(max(0, x - near), x + cw + near)
        if flat[max(0, y - near):y + near + 1, cols].any() and \
                flat[max(0, y + ch - near - 1):y + ch + near, cols].any():
            # the wall's own columns: a digit's stroke touching it is no part of it
            count = np.count_nonzero(labels[y:y + ch, x:x + cw] == j, axis=0)
            a = b = int(count.argmax())
            while a > 0 and count[a - 1] >= 0.85 * count.max():
                a -= 1
            while b + 1 < cw and count[b + 1] >= 0.85 * count.max():
                b += 1
            x, cw = x + a, b - a + 1
            cand.append((x, y, cw, ch, j))
    if len(cand) < least + 1:
        return None
    best: list[tuple[int, int, int, int, int]] = []
    for ref in cand:  # the walls as long as this one, sharing its top and bottom (a
        # written "1" or "7" that reaches both rulings of a small cell is shorter)
        tol, alike = max(2, 0.15 * ref[3]), max(3, 0.12 * ref[3])
        same = sorted((c for c in cand if abs(c[1] - ref[1]) <= tol
                       and abs(c[1] + c[3] - ref[1] - ref[3]) <= tol
                       and abs(c[3] - ref[3]) <= alike), key=lambda c: c[0])
        if len(same) > len(best):
            best = same
    if len(best) < least + 1:
        return None
    height = float(np.median([c[3] for c in best]))
    centres = [c[0] + c[2] / 2 for c in best]
    steps = np.diff(centres)
    pitch = float(np.median(steps))
    if not (MIN_CELL_SHAPE * height <= pitch <= MAX_CELL_SHAPE * height):
        return None
    cells: list[tuple[int, int]] = []
    runs: list[int] = []
    rows: list[tuple[int, int, int, int]] = []
    run = 0
    for a, b, step in zip(best, best[1:], steps, strict=False):
        k = round(step / pitch)
        if k >= 1 and abs(step - k * pitch) <= PITCH_TOLERANCE * pitch:
            # k cells (a wall a digit's stroke broke: k - 1 walls missed)
            x0, x1 = a[0] + a[2], b[0]
            for i in range(k):
                cells.append((round(x0 + i * (x1 - x0) / k), round(x0 + (i + 1) * (x1 - x0) / k)))
                runs.append(run)
                rows.append((min(a[1], b[1]), max(a[1], b[1]), min(a[1] + a[3], b[1] + b[3]),
                             max(a[1] + a[3], b[1] + b[3])))
        elif step > pitch:  # a comb's end: another one, or none, further on
            run += 1
        # (a narrower step: the gap between a date's groups of cells, "DD MM YYYY")
    if len(cells) < least or (len(best) < MIN_CELLS + 1 and (
            pitch > SHORT_CELL_SHAPE * height
            or not _short_comb(flat, cells, rows, runs, len(best), near))):
        return None
    if _holds_values(bw, flat, cells, rows, near):
        return None
    top = int(np.median([c[1] for c in best]))
    bottom = int(np.median([c[1] + c[3] for c in best]))
    walls = np.zeros(bw.shape, np.uint8)
    for x, y, cw, ch, _ in best:
        walls[y:y + ch, x:x + cw] = 1
    walls = cv2.dilate(walls, np.ones((3, 2 * slack + 1), np.uint8)) > 0
    # the rulings: flat lines along the comb's top and bottom
    edges = np.zeros(bw.shape, bool)
    for (x0, x1), (t0, t1, b0, b1) in zip(cells, rows, strict=True):
        edges[max(0, t0 - near):t1 + near + 1, max(0, x0 - near):x1 + near] = True
        edges[max(0, b0 - near - 1):b1 + near, max(0, x0 - near):x1 + near] = True
    flat = cv2.dilate(flat, np.ones((3, 3), np.uint8)) > 0
    return Comb(cells, top, bottom, (walls & (bw > 0)) | (flat & edges), runs, rows)


#: Fewest cells of a short comb (:func:`find_comb`'s ``fewest``): MIN_CELLS of
#: :mod:`formsift.plugins.fieldtypes.comb` is the fewest a comb's text is joined from, but
#: a handwritten comb's boxes are seen: two or three of them (an age, a household size, a
#: day) read as a line had their walls read as "1"s ("0|3" -> 1013).
SHORT_CELLS = 2
#: A short comb's boxes are at most as wide as tall (SHORT_CELL_SHAPE): as wide as a
#: digit; a row of two or three wider boxes holds a value each (a mark sheet's scores,
#: one digit each, are not one number).
SHORT_CELL_SHAPE = 1.0


def _short_comb(flat: Any, cells: list[tuple[int, int]], rows: list[tuple[int, int, int, int]],
                runs: list[int], walls: int, near: int) -> bool:
    """Whether the ``cells`` (fewer than a comb's MIN_CELLS, with their rulings' ``rows``
    and ``runs``, see :class:`Comb`) found between ``walls`` walls are a short comb:
    boxes side by side in one row, no wall missing between them, the comb's top and bottom
    rulings (``flat``: the flat ruling lines of the crop) running along RULING_SPAN of
    each box (a written stroke as tall as the box is no wall of a box it does not close)."""
    import numpy as np

    if len(set(runs)) != 1 or len(cells) != walls - 1:
        return False
    for (x0, x1), (t0, t1, b0, b1) in zip(cells, rows, strict=True):
        for y0, y1 in ((t0, t1), (b0, b1)):
            band = flat[max(0, y0 - near):y1 + near + 1, x0:x1] > 0
            if np.count_nonzero(band.any(axis=0)) < RULING_SPAN * (x1 - x0):
                return False
    return True


#: A row of boxes is no comb when a box holds several characters side by side, set at
#: least VALUE_GAP of their height apart, and is at least VALUE_ROOM times as wide as
#: they are tall (:func:`_holds_values`); but for pieces of one capital written in
#: strokes that do not meet (an H whose bar misses an upright): one of them is as wide
#: as a character (WIDE_PIECE times their height) and together they span no more than
#: ONE_CHAR times the widest writing in one piece in a box of the row.
VALUE_GAP, VALUE_ROOM = 0.05, 1.4
#: Pieces that do not overlap are also set apart when they are MIDDLE_GAP of their height
#: apart in the middle MIDDLE of it (:func:`_middle`): a "1"'s flat foot or a "7"'s bar
#: reaching almost to the next digit does not join a "13" or a "17" into one character.
MIDDLE, MIDDLE_GAP = 0.5, 0.2
WIDE_PIECE, ONE_CHAR = 0.4, 1.1
#: Flat ink inside a box is its ruling (taken out) only when it runs across this share of
#: the box's inside width: the bar of an H or an A, an E's arms are writing (a bar as long
#: as a comb's rulings must be, taken out, left an H's uprights apart, like "11").
RULING_SPAN = 0.75


def _holds_values(bw: Any, flat: Any, cells: list[tuple[int, int]],
                  rows: list[tuple[int, int, int, int]], near: int) -> bool:
    """Whether the boxes ``cells`` (with their rulings' ``rows``, see :class:`Comb`) of a
    row found by :func:`find_comb` hold a whole value each rather than one character: a
    box with room for more than one character (VALUE_ROOM times as wide as its writing
    is tall) that holds several, side by side, clear of its walls (a digit bigger than
    its comb cell overflows into the next one), set apart. A mark sheet's score boxes,
    an order form's quantity boxes: read one character per box, a "13" lost its 3. The
    pieces of a capital whose strokes do not meet, in a name's comb, are one character:
    one of them as wide as a character, and together no wider than ONE_CHAR times the
    widest writing in one piece in the row's boxes (two narrow strokes apart, "11", are
    two characters). ``bw``: the ink (Otsu), ``flat``: its flat ruling lines (those
    across a box: :func:`_rulings_across`)."""
    import itertools

    import cv2
    import numpy as np

    one: list[int] = []  # the width of each box's writing in one piece
    several: list[tuple[int, bool]] = []  # each box's pieces set apart: (span, one wide)
    for (x0, x1), (_, t1, b0, _) in zip(cells, rows, strict=True):
        ys = slice(t1 + near, max(t1 + near, b0 - near))
        xs = slice(x0 + 2, max(x0 + 2, x1 - 2))
        inside = (bw[ys, xs] > 0) & ~_rulings_across(flat[ys, xs] > 0)
        if inside.size == 0 or not inside.any():
            continue
        ch, cw = inside.shape
        joined = cv2.dilate(inside.astype(np.uint8), np.ones((3, 3), np.uint8))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        # (ink against a wall is a neighbour's digit overflowing, or one the wall cut)
        keep = [j for j in range(1, n)
                if stats[j, cv2.CC_STAT_HEIGHT] >= 0.25 * ch and stats[j, cv2.CC_STAT_LEFT] > 0
                and stats[j, cv2.CC_STAT_LEFT] + stats[j, cv2.CC_STAT_WIDTH] < cw]
        if not keep:
            continue
        tall = max(int(stats[j, cv2.CC_STAT_HEIGHT]) for j in keep)
        keep = sorted((j for j in keep if stats[j, cv2.CC_STAT_HEIGHT] >= 0.5 * tall),
                      key=lambda j: int(stats[j, cv2.CC_STAT_LEFT]))
        parts = [stats[j] for j in keep]
        span = int(parts[-1][cv2.CC_STAT_LEFT] + parts[-1][cv2.CC_STAT_WIDTH]
                   - parts[0][cv2.CC_STAT_LEFT])
        if len(parts) == 1:
            one.append(span)
            continue
        if x1 - x0 < VALUE_ROOM * tall:
            continue
        # (how far apart the pieces are, in their middle: a "1"'s foot or a "7"'s bar
        # reaching almost to the next digit leaves the two digits apart)
        cols = [_middle(labels == j, stats[j]) for j in keep]
        if any(_apart(p, q, a, b, tall)
               for (p, a), (q, b) in itertools.pairwise(zip(parts, cols, strict=True))):
            several.append((span, any(int(p[cv2.CC_STAT_WIDTH]) >= WIDE_PIECE * tall
                                      for p in parts)))
    widest = max(one, default=0)
    return any(not wide or span > ONE_CHAR * widest for span, wide in several)


def _apart(p: Any, q: Any, a: tuple[int, int], b: tuple[int, int], tall: int) -> bool:
    """Whether two pieces of ink side by side in a box (their connected-component stats
    ``p`` and ``q``, left to right, and their columns in their middle ``a`` and ``b``,
    :func:`_middle`) are set apart: VALUE_GAP of the writing's height ``tall``, or, not
    overlapping, MIDDLE_GAP in their middle."""
    import cv2

    gap = int(q[cv2.CC_STAT_LEFT]) - int(p[cv2.CC_STAT_LEFT] + p[cv2.CC_STAT_WIDTH])
    return gap >= max(2, VALUE_GAP * tall) or (gap >= 0 and b[0] - a[1] >= MIDDLE_GAP * tall)


def _middle(piece: Any, stat: Any) -> tuple[int, int]:
    """The columns (left, right end) of a ``piece`` of ink (boolean image, its
    connected-component ``stat``) in the middle MIDDLE of its height."""
    import cv2
    import numpy as np

    top, height = int(stat[cv2.CC_STAT_TOP]), int(stat[cv2.CC_STAT_HEIGHT])
    a = top + round((1 - MIDDLE) / 2 * height)
    band = piece[a:max(a + 1, top + round((1 + MIDDLE) / 2 * height))]
    xs = np.nonzero(band.any(axis=0))[0]
    left = int(stat[cv2.CC_STAT_LEFT])
    return (int(xs[0]), int(xs[-1]) + 1) if xs.size else (left, left + int(stat[cv2.CC_STAT_WIDTH]))


def _rulings_across(flat: Any) -> Any:
    """The pieces of ``flat`` (flat strokes inside a box, boolean) that run across the box:
    RULING_SPAN of its width or more."""
    import cv2
    import numpy as np

    if not flat.any():
        return flat
    n, labels, stats, _ = cv2.connectedComponentsWithStats(flat.astype(np.uint8), connectivity=8)
    wide = [j for j in range(1, n)
            if stats[j, cv2.CC_STAT_WIDTH] >= RULING_SPAN * flat.shape[1]]
    return np.isin(labels, wide)


def cell_images(gray: Any, comb: Comb, cells: list[int]) -> list[Any | None]:
    """The writing in each cell of ``cells`` (indices into ``comb.cells``, one comb's,
    left to right) of ``gray``, walls and rulings left out: each piece of ink goes to the
    cell its middle lies in, whole (a digit that overflows its cell, into the next one or
    over the ruling, is read whole, and not in the next cell), on blank paper; None for
    a cell that holds no writing."""
    import cv2
    import numpy as np

    x0 = min(comb.cells[i][0] for i in cells)
    x1 = max(comb.cells[i][1] for i in cells)
    t0 = min(comb.rows[i][0] for i in cells)
    b1 = max(comb.rows[i][3] for i in cells)
    span = max(1, b1 - t0)
    wx0, wx1 = max(0, x0 - span // 2), min(gray.shape[1], x1 + span // 2)
    y0, y1 = max(0, t0 - round(0.4 * span)), min(gray.shape[0], b1 + round(0.4 * span))
    g = gray[y0:y1, wx0:wx1]
    # ink: darker than the paper by a fifth of the way to the comb's print (a thin
    # pen's strokes are lighter than the walls: Otsu's threshold between the walls and
    # the paper leaves them out)
    paper = int(np.percentile(g, 80))
    dark = int(np.percentile(g, 1))
    walls = comb.walls[y0:y1, wx0:wx1]
    ink = (g < paper - max(20, 0.2 * (paper - dark))) & ~walls
    # (a thin pen's stroke breaks into pieces: they are joined across a pixel's gap; a
    # stroke across a wall is cut there, and each side goes to its own cell: digits on
    # both sides of a wall touch it as often as one crosses it)
    joined = (cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0) & ~walls
    n, labels, stats, centres = cv2.connectedComponentsWithStats(joined.astype(np.uint8),
                                                                 connectivity=8)
    least = max(3, 0.002 * span * span)
    mine: list[list[int]] = [[] for _ in cells]
    for j in range(1, n):
        if stats[j, cv2.CC_STAT_AREA] < least:
            continue
        cx, cy = centres[j][0] + wx0, centres[j][1] + y0
        left = int(stats[j, cv2.CC_STAT_LEFT]) + wx0
        right = left + int(stats[j, cv2.CC_STAT_WIDTH])
        for k, i in enumerate(cells):
            a, b = comb.cells[i]
            top, bottom = comb.rows[i][0], comb.rows[i][3]
            half = (bottom - top) // 4
            # (a digit overflowing the comb's first or last cell outwards is still its)
            reach = (round(0.4 * (b - a)) if k == 0 else 2,
                     round(0.4 * (b - a)) if k == len(cells) - 1 else 2)
            if a - reach[0] <= cx <= b + reach[1] and top - half <= cy <= bottom + half:
                side = max(4, round(0.15 * (b - a)))
                # a sliver along a wall (a slanted wall's edge the mask missed) is no
                # writing
                if right - left <= side and (right <= a + side or left >= b - side):
                    break
                if _beside_comb(stats[j], comb.rows[i], walls, y0) or \
                        _ruling_beyond(labels, j, stats[j], (wx0, y0), (a, b), comb.rows[i],
                                       side):
                    break
                mine[k].append(j)
                break
    out: list[Any | None] = []
    for k, _ in enumerate(cells):
        parts = mine[k]
        if not parts:
            out.append(None)
            continue
        top = min(int(stats[j, cv2.CC_STAT_TOP]) for j in parts)
        bottom = max(int(stats[j, cv2.CC_STAT_TOP] + stats[j, cv2.CC_STAT_HEIGHT])
                     for j in parts)
        inside = comb.rows[cells[k]][2] - comb.rows[cells[k]][1]
        if bottom - top < 0.3 * inside or all(
                max(stats[j, cv2.CC_STAT_WIDTH], stats[j, cv2.CC_STAT_HEIGHT]) < SPECK * inside
                for j in parts):
            # specks (a fax's noise, spread over the cell: read "1"), what is left of a
            # slanted wall: an empty cell
            out.append(None)
            continue
        left = min(int(stats[j, cv2.CC_STAT_LEFT]) for j in parts)
        right = max(int(stats[j, cv2.CC_STAT_LEFT] + stats[j, cv2.CC_STAT_WIDTH])
                    for j in parts)
        keep = cv2.dilate(np.isin(labels, parts).astype(np.uint8), np.ones((3, 3), np.uint8))
        cell = np.where(keep > 0, g, paper).astype(np.uint8)
        m = max(3, span // 6)
        a, b = comb.cells[cells[k]][0] - wx0, comb.cells[cells[k]][1] - wx0
        cell = cell[:, max(0, min(left, a) - 2):max(right, b) + 2]
        out.append(cv2.copyMakeBorder(cell, m, m, m, m, cv2.BORDER_CONSTANT, value=paper))
    return out


def _beside_comb(stat: Any, row: tuple[int, int, int, int], walls: Any, y0: int) -> bool:
    """Whether a piece of ink (its connected-component ``stat``, in a crop of the comb's
    image starting at its row ``y0``) lies wholly under the bottom ruling
    of a cell (``row``: its rulings, see :attr:`Comb.rows`) or over its top one without
    touching it: print beside the comb, its caption ("T T M M J J J J" under a date's
    cells), not writing in the cell (a digit overflowing the ruling crosses it, and its
    part beyond it touches the ruling taken out). ``walls``: the walls' and rulings'
    ink in the crop."""
    import cv2

    left, top = int(stat[cv2.CC_STAT_LEFT]), int(stat[cv2.CC_STAT_TOP])
    width, height = int(stat[cv2.CC_STAT_WIDTH]), int(stat[cv2.CC_STAT_HEIGHT])
    if not (top + y0 >= row[3] or top + height + y0 <= row[0]):
        return False
    m = TOUCH
    near = walls[max(0, top - m):top + height + m, max(0, left - m):left + width + m]
    return not near.any()


#: Pixels (of the comb's image) ink may stand from a comb's ruling and still touch it.
TOUCH = 2
#: A cell whose every piece of ink is smaller than this share of its inside height, each
#: way, holds specks (a scan's or a fax's noise), no writing (:func:`cell_images`).
SPECK = 0.15
#: Ink beyond a comb's first or last cell found that lies within this share of the cell's
#: height from its top or bottom ruling is the ruling's (:func:`_ruling_beyond`).
RULING_THIN = 0.2


def _ruling_beyond(labels: Any, j: int, stat: Any, at: tuple[int, int],
                   cell: tuple[int, int], row: tuple[int, int, int, int], side: int) -> bool:
    """Whether a piece of ink (``j`` of the connected components ``labels``, its ``stat``,
    in a crop of the comb's image whose corner is ``at`` in it) given to a comb's first or
    last cell (its columns ``cell``, its rulings ``row``: see :attr:`Comb.rows`) lies
    beyond the cell's outer wall, but for a sliver of ``side`` pixels along it, and there
    only along the rulings (RULING_THIN of the cell's height from them): the rulings of
    the cell before or after it, which the look around a line did not reach (it found
    the comb from a cell on), joined by the wall's edge the mask left. Read with the first
    cell, they were a "7" or a "T" ("7 ? ? ? 7 0 3 8 2 7" for 7038.27). A digit
    overflowing the cell outwards has ink between the rulings there."""
    import cv2

    x0, y0 = at
    left = int(stat[cv2.CC_STAT_LEFT]) + x0
    right = left + int(stat[cv2.CC_STAT_WIDTH])
    if right <= cell[0] + side:
        cols = slice(left - x0, max(left - x0, cell[0] - side - x0))
    elif left >= cell[1] - side:
        cols = slice(min(right - x0, cell[1] + side - x0), right - x0)
    else:
        return False
    thin = round(RULING_THIN * (row[2] - row[1]))
    rows = slice(max(0, row[1] + thin - y0), max(0, row[2] - thin - y0))
    beyond = labels[:, cols] == j
    return bool(beyond.any()) and not beyond[rows].any()


@dataclass
class Around:
    """A line with the page around it, straightened: the greyscale ``gray`` crop, the
    line's ``height`` in its pixels, and the corners of the crop on the page (fractions:
    top left, top right, bottom right, bottom left) to place its cells."""

    gray: Any
    height: float
    corners: list[tuple[float, float]]
    #: the line's own columns in the crop
    x0: float
    x1: float

    def holds(self, comb: Comb) -> bool:
        """Whether the line lies in ``comb`` (its middle between the comb's top and
        bottom): print under a comb ("D D M M Y Y Y Y") is not in it."""
        middle = self.gray.shape[0] / 2
        return comb.top <= middle <= comb.bottom

    def box(self, x0: float, x1: float, y0: float, y1: float) -> Any:
        """The page box (fractions) of the crop's pixels x0:x1, y0:y1."""
        from formsift.core.geometry import Box

        pts = self.quad(x0, x1, y0, y1)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return Box(max(0.0, min(xs)), max(0.0, min(ys)), min(1.0, max(xs)), min(1.0, max(ys)))

    def quad(self, x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
        """The page corners (fractions: top left, top right, bottom right, bottom left)
        of the crop's pixels x0:x1, y0:y1."""
        h, w = self.gray.shape[:2]
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = self.corners
        pts = []
        for u, v in ((x0 / w, y0 / h), (x1 / w, y0 / h), (x1 / w, y1 / h), (x0 / w, y1 / h)):
            tx, ty = ax + u * (bx - ax), ay + u * (by - ay)
            lx, ly = dx + u * (cx - dx), dy + u * (cy - dy)
            pts.append((tx + v * (lx - tx), ty + v * (ly - ty)))
        return pts


def comb_around(image: Any, region: Any, fewest: int | None = None
                ) -> tuple[Around, Comb, bool] | None:
    """The comb the line ``region`` (a TextRegion) of ``image`` lies in, looked for with
    LOOK_UP of the page above and below it, then TALL_LOOK: the line with the page
    around it (:func:`around`), the comb, and whether the taller look found it (the
    line is then much lower than the comb's cells, and is read with their whole height:
    :meth:`Around.quad`); None for none. ``fewest``: as :func:`find_comb`'s
    (:func:`comb_at`)."""
    for up in (LOOK_UP, TALL_LOOK):
        got = comb_at(image, region, fewest, up)
        if got is not None:
            return *got, up != LOOK_UP
    return None


def comb_at(image: Any, region: Any, fewest: int | None = None, up_share: float = LOOK_UP
            ) -> tuple[Around, Comb] | None:
    """The comb the line ``region`` (a TextRegion) of ``image`` lies in, looked for with
    ``up_share`` of the page above and below it (:func:`around`), along its polygon and,
    for a line of a character or two (shorter than SHORT_LINE times its height), along
    its box, for a short comb: the slant of the detector's polygon round one digit says
    little of the page's (a "2" boxed at 10 degrees turned its comb out of the look). The
    line with the page around it, and the comb; None for none. ``fewest``: as
    :func:`find_comb`'s."""
    import dataclasses

    looks = [region]
    if region.polygon and len(region.polygon) == 4:
        h, w = image.shape[:2]
        (ax, ay), (bx, by), _, (dx, dy) = region.polygon
        if math.hypot((bx - ax) * w, (by - ay) * h) < \
                SHORT_LINE * math.hypot((dx - ax) * w, (dy - ay) * h):
            looks.append(dataclasses.replace(region, polygon=None))
    from formsift.plugins.fieldtypes.comb import MIN_CELLS

    for k, look in enumerate(looks):
        near = around(image, look, up_share)
        found = find_comb(near.gray, near.height, fewest) if near is not None else None
        # (along the box, a short comb only: a digit alone in one of a row of score
        # boxes, each a value, is read alone)
        if near is not None and found is not None and near.holds(found) and \
                (k == 0 or len(found.cells) < MIN_CELLS):
            return near, found
    return None


#: A line shorter than this many times its height holds a character or two.
SHORT_LINE = 2.0


def around(image: Any, region: Any, up_share: float = LOOK_UP) -> Around | None:
    """The line ``region`` (a TextRegion) of ``image`` with ``up_share`` of its height
    above and below and LOOK_SIDE heights to each side, straightened along its
    polygon."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    h, w = image.shape[:2]
    poly = region.polygon if region.polygon and len(region.polygon) == 4 else None
    b = region.box
    quad = poly or [(b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1)]
    p = np.float64([(x * w, y * h) for x, y in quad])
    length = float(np.linalg.norm(p[1] - p[0]))
    height = float(np.linalg.norm(p[3] - p[0]))
    if length < 2 or height < 4:
        return None
    ex, ey = (p[1] - p[0]) / length, (p[3] - p[0]) / height
    if abs(ex[0]) < 0.9:  # not a line lying on its side
        return None
    side, up = LOOK_SIDE * height, up_share * height
    tl = p[0] - side * ex - up * ey
    tr = p[1] + side * ex - up * ey
    br = p[2] + side * ex + up * ey
    bl = p[3] - side * ex + up * ey
    cw, ch = round(length + 2 * side), round(height + 2 * up)
    m = cv2.getPerspectiveTransform(np.float32([tl, tr, br, bl]),
                                    np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]]))
    crop = to_gray(cv2.warpPerspective(image, m, (cw, ch), flags=cv2.INTER_LINEAR,
                                       borderMode=cv2.BORDER_REPLICATE))
    corners = [(float(x / w), float(y / h)) for x, y in (tl, tr, br, bl)]
    return Around(crop, height, corners, side, side + length)
