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
words' foot, a rule under a table's header just above its first row's capitals: only a
stroke through the middle of the words' ink strikes them. The ink is measured on the page's
image (rendered, for a born-digital page) in the words' boxes, the long level lines there
left out: a word's box is taller than its letters (a text layer's box spans the font's
ascent and descent, 106.5-116.1 pt for 7 pt Helvetica on a baseline at 114 pt, whose
capitals stand from 109 to 114 pt; a recognizer boxes its words with a margin), so a rule
drawn 6 pt above the baseline lies inside the box though it touches no letter.

A PDF viewer's strikethrough tool marks the words it strikes (a StrikeOut annotation,
its quads over them: :func:`marked`): those strike as a stroke does (:func:`struck_out`),
however short, with no line looked for on the image.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection
from dataclasses import dataclass, replace
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
#: Pieces of one stroke on an image (pixels at STRUCK_DPI) lie at most this far above or
#: below one another, drawn on (a ruling line or an underline lies further off).
JOIN_PX = 3
#: A cell is struck when the stroke crosses it between these shares of the height of its
#: words' ink (from its top): the letters' middle, not their top or their foot (a rule
#: along the capitals' top, an underline) ...
MIDDLE = (0.15, 0.85)
#: ... along at least this share of its width.
ALONG = 0.5
#: A row of pixels is in the words' ink when it holds this share of the busiest row's ink
#: (a comma's tail, a descender's loop, a neighbour's stray ink do not stretch it).
INK_SHARE = 0.2
#: Longest side, in pixels, of a page's image looked at (a large page's at less than
#: STRUCK_DPI).
MAX_SIDE = 2400
#: A row is struck when this share of its cells that hold words are (and two of them
#: at least, when it has two or more).
MOST = 0.6
#: A word is struck out by a StrikeOut annotation (:func:`struck_out`) whose quads cover
#: this share of its box's width at least, across its middle.
COVERED = 0.5


@dataclass(frozen=True)
class Stroke:
    """A straight stroke, page-relative: from ``x0`` to ``x1`` at height ``y0 + slope *
    (x - x0)``."""

    x0: float
    x1: float
    y0: float
    slope: float
    #: The pieces of one line found on an image share a number (:func:`detect`): they
    #: strike a row together. None: a line of its own.
    line: int | None = None

    def at(self, x: float) -> float:
        return self.y0 + self.slope * (x - self.x0)


_CACHE: weakref.WeakKeyDictionary[Page, tuple[Any, list[Stroke]]] = \
    weakref.WeakKeyDictionary()
#: The image of the page looked at last (one page's: a document's pages are not all kept).
_LAST_IMAGE: weakref.WeakKeyDictionary[Page, tuple[Any, Any]] = weakref.WeakKeyDictionary()


def strokes(page: Page) -> list[Stroke]:
    """The long straight horizontal strokes of ``page`` (see the module), measured once
    per page and kept while its words stay the same; none on a page with no image."""
    key = _state(page)
    cached = _CACHE.get(page)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        found = _measure(page)
    except Exception:  # no image to look at (too large, broken): no strokes
        found = []
    _CACHE[page] = (key, found)
    return found


def drawn(page: Page) -> Any:
    """The lines a born-digital page draws (its renderer's ``ruling_lines``), where its
    strokes are taken from them; None for a page whose strokes are found on its image (a
    scan, a photo, a page with image areas)."""
    lines = getattr(page.renderer, "ruling_lines", None)
    return lines if not _scanned(page) and lines is not None and not page.image_areas \
        else None


def _measure(page: Page) -> list[Stroke]:
    lines = drawn(page)
    if lines is not None:
        # a born-digital page: the level lines it draws
        return [Stroke(min(x0, x1), max(x0, x1), y0 if x0 <= x1 else y1,
                       (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0)
                for x0, y0, x1, y1 in lines()
                if abs(x1 - x0) >= MIN_LENGTH and abs(y1 - y0) <= MAX_SLOPE * abs(x1 - x0)]
    image = _image(page)
    return [] if image is None else detect(image)


def _scanned(page: Page) -> bool:
    return bool(page.notes.get("preprocessed") or page.notes.get("image"))


def _state(page: Page) -> tuple[Any, ...]:
    """What the page's image and words depend on: measured again when it changes."""
    return (page.revision, bool(page.notes.get("preprocessed")), page.width, page.height,
            page.rotation)


def _image(page: Page) -> Any:
    """The page's image strokes and ink are looked at on (grey, at STRUCK_DPI, at most
    MAX_SIDE pixels long; a born-digital page rendered); None for a page with no image (a
    text file's). The last page's is kept (for a table's rows, one after the other)."""
    key = _state(page)
    last = _LAST_IMAGE.get(page)
    if last is not None and last[0] == key:
        return last[1]
    scan = _scanned(page)
    if page.unit == "pt":
        inches = max(page.width, page.height) / 72
    elif page.unit == "px" and page.notes.get("image", {}).get("dpi"):
        inches = max(page.width, page.height) / page.notes["image"]["dpi"]
    else:  # a text file's page: no image
        return None
    dpi = max(10, int(min(STRUCK_DPI, MAX_SIDE / inches)))
    image = page.shown_image(dpi) if scan or page.renderer is None else page.renderer(dpi)
    from formsift.plugins.preprocess.filters import gray

    image = gray(image)
    _LAST_IMAGE.clear()
    _LAST_IMAGE[page] = (key, image)
    return image


def detect(image: Any) -> list[Stroke]:
    """The long straight horizontal strokes of an image (see the module), page-relative:
    its level runs of ink (a slanted pen line keeps runs as long as its thickness over its
    slope, a hundred pixels and more at a degree or two), as straight segments (a
    probabilistic Hough transform: a stroke that touches or crosses a table's ruling line
    stays a segment of its own), the pieces of one line numbered alike (:func:`_joined`)."""
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
    return _joined(out, max(5, int(0.01 * w)) / w, JOIN_PX / h)


def _joined(found: list[Stroke], gap: float, off: float) -> list[Stroke]:
    """The segments ``found``, those of one line numbered alike (``line``): a stroke on a
    scan comes in pieces (broken where it crosses a ruling line or its ink thins), each
    over fewer cells than the whole. A segment is of the line of the last one it overlaps
    or follows within ``gap``, at most ``off`` above or below where that one, drawn on,
    runs there. Each keeps its own place: a rule's piece taken into a stroke's line
    strikes nothing the more."""
    ends: list[Stroke] = []  # each line's last piece (the one reaching furthest right)
    out: list[Stroke] = []
    for s in sorted(found, key=lambda s: s.x0):
        n = next((i for i, t in enumerate(ends)
                  if s.x0 <= t.x1 + gap and abs(t.at(s.x0) - s.y0) <= off), len(ends))
        if n == len(ends):
            ends.append(s)
        elif s.x1 > ends[n].x1:
            ends[n] = s
        out.append(replace(s, line=n))
    return out


def struck(cells: list[tuple[Box, list[Box]]], lines: list[Stroke],
           page: Page | None = None) -> bool:
    """Whether a row is struck through by one of the strokes ``lines``: ``cells``, its
    cells that hold words, each as its box and its words' boxes. A stroke strikes a cell
    when it runs along ALONG of the cell's width, through the MIDDLE of the ink of one of
    its lines of words on ``page``'s image (see the module; a first line's ink is looked
    for down to the row's words' median foot too: a word the stroke spoilt for the
    recognizer may be boxed short); a row, when one stroke strikes MOST of its cells (two
    at least, when it has two or more; the pieces of one line found on an image together,
    each through its own cells). Without an image to look at (no ``page``), the lines'
    boxes stand for their ink."""
    import statistics

    words = [b for box, found in cells for b in (found or [box])]
    if not words:
        return False
    row = Box(0, statistics.median(b.y0 for b in words), 1,
              statistics.median(b.y1 for b in words))
    need = _needed(len(cells))
    texts = [[_with_row(t, row) for t in _text_lines(found or [box])] for box, found in cells]
    bands: dict[Box, tuple[float, float] | None] = {}

    def band(t: Box) -> tuple[float, float] | None:
        if t not in bands:
            bands[t] = _ink_band(page, t) if page is not None else (t.y0, t.y1)
        return bands[t]

    crossed: dict[int, set[int]] = {}  # line -> the cells its strokes strike
    for k, s in enumerate(lines):
        cut = crossed.setdefault(-1 - k if s.line is None else s.line, set())
        for i, ((box, _), text) in enumerate(zip(cells, texts, strict=True)):
            lo, hi = max(box.x0, s.x0), min(box.x1, s.x1)
            if i in cut or hi - lo < ALONG * box.width:
                continue
            y = s.at((lo + hi) / 2)
            if any(t.y0 <= y <= t.y1 and (b := band(t)) is not None and _through_middle(y, b)
                   for t in text):
                cut.add(i)
        if len(cut) >= need:
            return True
    return False


@dataclass(frozen=True)
class Mark:
    """One StrikeOut annotation of a page: its quads' boxes and the band of heights they
    span (page-relative)."""

    quads: tuple[Box, ...]
    top: float
    bottom: float


_MARKS: weakref.WeakKeyDictionary[Page, tuple[Any, list[Mark]]] = \
    weakref.WeakKeyDictionary()


def marked(page: Page) -> list[Mark]:
    """``page``'s StrikeOut annotations (its renderer's ``struck_out``: a PDF viewer's
    strikethrough tool), their quads grouped by annotation once per page; none on a page
    with no such annotations or whose words are read from a preprocessed image (not in
    the PDF page's frame)."""
    found = getattr(page.renderer, "struck_out", None)
    if found is None or page.notes.get("preprocessed"):
        return []
    cached = _MARKS.get(page)
    if cached is not None and cached[0] is found:  # the same renderer's
        return cached[1]
    groups: dict[int, list[Box]] = {}
    try:
        for n, quad in found():
            groups.setdefault(n, []).append(quad)
    except Exception:  # a damaged annotation dictionary: no marks from it
        groups = {}
    marks = [Mark(tuple(q), min(b.y0 for b in q), max(b.y1 for b in q))
             for q in groups.values()]
    _MARKS[page] = (found, marks)
    return marks


def struck_out(cells: list[tuple[Box, list[Box]]], page: Page,
               texts: Collection[int] | None = None) -> bool:
    """Whether a row (``cells`` as for :func:`struck`) is struck out by a StrikeOut
    annotation of ``page`` (:func:`marked`): one annotation's quads cover (:func:`_covered`)
    words making ALONG of the width of a cell's words, in MOST of its cells (two at least,
    when it has two or more). With ``texts`` (the indexes of the row's text cells, its
    description), the row is struck only when one of them is among those cells, or all
    of its cells are: struck numbers beside a description left standing are corrected
    values (each a struck cell), not a cancelled row. The annotation names the words it
    strikes: no line is looked for on the page's image."""
    marks = marked(page)
    if not marks or not cells:
        return False
    words = [found or [box] for box, found in cells]
    top = min(b.y0 for w in words for b in w)
    bottom = max(b.y1 for w in words for b in w)
    need = _needed(len(cells))
    for mark in marks:
        if mark.bottom < top or mark.top > bottom:
            continue  # an annotation above or below the row's words
        hit = {i for i, w in enumerate(words) if _cell_struck(w, mark.quads)}
        if len(hit) >= need and (texts is None or len(hit) == len(cells)
                                 or not hit.isdisjoint(texts)):
            return True
    return False


def _cell_struck(words: list[Box], quads: tuple[Box, ...]) -> bool:
    """Whether ``quads`` cover words making ALONG of the width of ``words``."""
    struck = sum(b.width for b in words if _covered(b, quads))
    return struck > 0 and struck >= ALONG * sum(b.width for b in words)


def _needed(cells: int) -> int:
    """How many of a row's ``cells`` (that hold words) one stroke strikes, at least, to
    strike the row: MOST of them, two at least when it has two or more."""
    return max(min(2, cells), -(-int(MOST * 100) * cells // 100))


def _covered(word: Box, quads: tuple[Box, ...]) -> bool:
    """Whether ``quads`` (one annotation's) cover COVERED of the width of ``word``'s box,
    across its middle (a viewer's quads may be boxed taller or shorter than the words)."""
    across = sum(max(0.0, min(word.x1, q.x1) - max(word.x0, q.x0))
                 for q in quads if q.y0 <= word.cy <= q.y1)
    return word.width > 0 and across >= COVERED * word.width


def _text_lines(boxes: list[Box]) -> list[Box]:
    """The lines of words ``boxes`` (a cell's, of one line or several), each as the box
    of its words: words that overlap by half their height share a line."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        if out and out[-1].vertical_overlap(b) >= 0.5:
            out[-1] = out[-1].union(b)
        else:
            out.append(b)
    return out


def _with_row(line: Box, row: Box) -> Box:
    """``line`` reaching to the row's words' median top and foot when it shares their
    line (a word the stroke spoilt boxed short)."""
    return line.union(Box(line.x0, row.y0, line.x1, row.y1)) \
        if line.vertical_overlap(row) >= 0.5 else line


def _through_middle(y: float, band: tuple[float, float]) -> bool:
    top, foot = band
    return top + MIDDLE[0] * (foot - top) <= y <= top + MIDDLE[1] * (foot - top)


def _ink_band(page: Page, line: Box) -> tuple[float, float] | None:
    """The top and foot (page-relative) of the ink of a line of words, in its box ``line``
    on ``page``'s image, its long level lines (rules, strokes) left out: the rows of
    pixels holding INK_SHARE of the busiest row's ink, as the run of rows holding the
    most ink (a neighbour line's ink at the box's edge left out, and a rule's faint edge
    the local threshold broke into pieces too short to be taken out with it: a row or
    two, however busy; a line through the letters, with their ink on both sides of it,
    joins them). None when there is no ink there; the box when the page has no image."""
    try:
        image = _image(page)
    except Exception:  # no image to look at (too large, broken): the box stands for it
        image = None
    if image is None:
        return line.y0, line.y1
    h, w = image.shape[:2]
    y0, y1 = max(0, math.floor(line.y0 * h)), min(h, math.ceil(line.y1 * h))
    x0, x1 = max(0, math.floor(line.x0 * w)), min(w, math.ceil(line.x1 * w))
    if y1 - y0 < 4 or x1 - x0 < 2:
        return None
    letters, level = _letters(image, x0, y0, x1, y1)
    busiest = int(letters.max())
    if busiest == 0:
        return None
    inked = letters >= max(1, INK_SHARE * busiest)
    first, last = max(_runs(inked, level), key=lambda run: int(letters[run[0]:run[1] + 1].sum()))
    return (y0 + first) / h, (y0 + last + 1) / h


def _runs(inked: Any, level: Any) -> list[tuple[int, int]]:
    """The runs of rows (first, last) of the letters' ink: inked rows, one after the
    other or across a level line the ink goes on past (see _joins)."""
    out: list[tuple[int, int]] = []
    r = 0
    while r < len(inked):
        if inked[r]:
            last = r
            while last < len(inked) - 1 and _joins(inked, level, last + 1, 1):
                last += 1
            out.append((r, last))
            r = last
        r += 1
    return out


def _joins(inked: Any, level: Any, r: int, step: int) -> bool:
    """Whether row ``r`` goes on with the letters' ink coming from ``r - step``: it holds
    ink of letters, or a level line with the letters' ink going on past it (a stroke
    through them; a rule along their top or foot has none past it)."""
    if inked[r]:
        return True
    if not level[r]:
        return False
    while 0 <= r < len(level) and level[r] and not inked[r]:
        r += step
    return 0 <= r < len(level) and bool(inked[r])


def _letters(image: Any, x0: int, y0: int, x1: int, y1: int) -> tuple[Any, Any]:
    """Per row of pixels from ``y0`` to ``y1``, between ``x0`` and ``x1``: the ink of
    letters (pixels), and whether a long level line runs there (a rule, a stroke: runs of
    ink longer than the rows are tall, looked for a height to either side)."""
    import cv2
    import numpy as np

    from formsift.plugins.segment.rules import ink

    h, w = image.shape[:2]
    tall = y1 - y0
    margin = 16 + tall  # the local threshold's window, and a line's run beyond short words
    cy0, cy1 = max(0, y0 - 16), min(h, y1 + 16)
    cx0, cx1 = max(0, x0 - margin), min(w, x1 + margin)
    bw = ink(image[cy0:cy1, cx0:cx1])
    level = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(8, tall), 1)))
    inside = (slice(y0 - cy0, y1 - cy0), slice(x0 - cx0, x1 - cx0))
    letters = np.count_nonzero(cv2.subtract(bw, level)[inside], axis=1)
    return letters, np.count_nonzero(level[inside], axis=1) > 0
