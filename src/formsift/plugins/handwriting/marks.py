"""Marks: is a signature (or are initials) present in a box? Field types that read pixels.

``field signed: signature = in sign_box`` gives ``true``/``false`` with a confidence. The
box's ink is measured on its paper made even (a stain or a shadow is no ink), after
removing ruling lines (the line one signs on, the box's frame, and what is left of the
frame along the box's edges) and the printed words the page's text layer or OCR placed
there (a label such as "Signature:"), so only pen marks count: a signature is ink that
spreads over a good part of the box's width in connected, curved strokes, or writes a
word, a row across it crossing several strokes side by side (a legible surname in a box
wider than it needs); initials need less. Strongly saturated red ink is a stamp's and
removed too, unless the type says red is a pen's (``initials(red="pen")``: markers' and
teachers' red pens); a box that reads empty only because its red ink was removed reads so
unsure (:data:`RED_DOUBT`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from formsift.core.components import Options
from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, ParseContext


@dataclass(frozen=True)
class MarkReading:
    present: bool
    confidence: float
    ink: float  # share of the box's pixels that are pen ink
    extent: float  # share of the box's width the ink spans
    strokes: int  # connected ink components of a useful size
    across: int = 0  # pen strokes a row across the ink crosses (see _strokes_across)


class MarkOptions(Options):
    #: Minimum ink share and width extent for a mark (defaults per type).
    min_ink: float | None = None
    min_extent: float | None = None
    #: Or, for a signature, the strokes a row across its ink crosses side by side (a word
    #: written in a box wider than it needs: see :func:`read_mark`).
    min_across: int | None = None
    #: What strongly saturated red ink in the box is: a stamp's ("stamp", the default:
    #: removed, as "RECEIVED" or "PAID" set across a signing line is no signature) or a
    #: pen's ("pen": kept, where markers or teachers initial or sign in red; a red stamp in
    #: the box then counts as a mark).
    red: Literal["stamp", "pen"] = "stamp"


def _pen_ink(crop: Any, masks: list[tuple[int, int, int, int]], red: Any = None,
             upright: float = 0.5, stamps: bool = False) -> Any:
    """Binary (0/1) pen ink of a crop: dark pixels minus ruling lines, masked boxes and
    ``red`` (where stamp ink is, :func:`_stamp_red`; None: none removed) and, with
    ``stamps``, the framed stamps of any colour but strongly saturated red (which ``red``
    says what to do with: :func:`_framed_stamps`). An upright line is a ruling from
    ``upright`` of the crop's height (a table cell's: its whole height, a written "1"
    being an upright stroke too)."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    gray = to_gray(crop)
    if gray.size == 0:
        return np.zeros((1, 1), np.uint8)
    gray = _flattened(gray)
    paper = float(np.percentile(gray, 90))
    ink = (gray < paper - max(40.0, 0.35 * paper)).astype(np.uint8)
    h, w = ink.shape
    if stamps:  # on the ink as it is: a stamp's frame set square is also a ruling's lines
        stamps = _framed_stamps(ink)
        if crop.ndim == 3 and crop.shape[2] == 3:
            stamps &= ~_stamp_red(crop)
    stamps = stamps if stamps is not False and stamps.any() else None
    # ruling lines: long horizontal or vertical runs, found after closing the small gaps
    # that noise or a light scan leaves in a thin line (a signing line broken into short
    # pieces measured as a pen stroke across the box), and removed with a pixel around
    # them
    gap = max(3, w // 80)
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    horiz = cv2.morphologyEx(bridged, cv2.MORPH_OPEN, np.ones((1, max(15, w // 4)), np.uint8))
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((max(3, h // 40), 1), np.uint8))
    vert = cv2.morphologyEx(bridged, cv2.MORPH_OPEN,
                            np.ones((max(15, int(h * upright)), 1), np.uint8))
    lines = cv2.dilate(((horiz > 0) | (vert > 0)).astype(np.uint8), np.ones((3, 3), np.uint8))
    ink[lines > 0] = 0
    if stamps is not None:
        ink[stamps] = 0
    if red is not None:  # after the lines: a stamp may cross them
        ink[red] = 0
    for x0, y0, x1, y1 in masks:
        ink[max(0, y0):y1, max(0, x0):x1] = 0
    # specks of scanner noise
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _flattened(gray: Any) -> Any:
    """A grey crop with its paper made even: each pixel over the paper around it (the
    crop closed over :data:`PAPER_SPAN` of its shorter side, which no pen stroke is as
    wide as, and smoothed), so a smooth shade (a grease stain, a photo's shadow, a scan's falloff)
    darkening part of a box reads as paper, not ink, and pen ink on it is measured
    against the paper it lies on."""
    import cv2
    import numpy as np

    h, w = gray.shape
    k = max(15, int(PAPER_SPAN * min(h, w)))
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    paper = cv2.blur(paper, (k, k)).astype(np.float32)
    level = float(np.percentile(paper, 90))
    out = gray.astype(np.float32) * (level / np.maximum(paper, 1.0))
    return np.clip(out, 0, 255).astype(np.uint8)


#: The span, as a share of a crop's shorter side, over which its paper is measured
#: (:func:`_flattened`): a box's pen strokes are narrower, a shade wider.
PAPER_SPAN = 0.3


def _stamp_red(crop: Any) -> Any:
    """Where a BGR crop is strongly saturated red: the ink of office stamps ("RECEIVED",
    "PAID"), which lie across signing lines and are no pen mark (most pens that sign are
    blue or black; a mark in red pen reads absent, unsure: :data:`RED_DOUBT`)."""
    import cv2
    import numpy as np

    hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = (((hue <= 10) | (hue >= 165)) & (sat >= 90) & (val >= 70)).astype(np.uint8)
    # with the paler fringe a scan gives the stamp's strokes
    return cv2.dilate(red, np.ones((5, 5), np.uint8)) > 0


#: A stamp's frame (a rectangle or a ring, :func:`_framed_stamps`) holds a hole at least
#: this share of the crop's shorter side across: a company's stamp, 15 to 25 mm tall, in a
#: signature box 30 to 45 mm tall; a pen's loop (an "l", an "e") is a few millimetres.
STAMP_HOLE = 0.15
#: The hole is a rectangle's or an ellipse's at any angle: it covers this share of the
#: rectangle or ellipse fitted to it, and they of it, at least (a hole a pen's stroke
#: closes, or cuts off a stamp's frame, has a curved or slanted side: less).
STAMP_SHAPE = 0.9
#: The frame's line, removed with the pixels of ink this far outside the rectangle or
#: ellipse at most: a share of its shorter side (a line of 1 point about 0.03 of a frame
#: 15 mm tall, a scan's blur and a photo's thicken it; a double frame's outer line, or a
#: ring's glyphs that touch it, lie up to 0.1 out), at least 3 pixels.
STAMP_LINE = 0.1
#: A stamp's frame holds print: this many pieces of ink wholly inside it at least (its
#: lines' glyphs); a letter's loop or a pen's holds none.
STAMP_PRINT = 3
#: A piece of ink inside a stamp's frame is its printed text when it is no taller than
#: this many times the median height of the pieces there (the glyphs of its lines: a
#: rotated stamp's glyphs stand a little taller in their boxes, an umlaut's capital too);
#: a pen's stroke written inside the frame is taller than the stamp's print, and one that
#: crosses the frame is no piece inside it.
STAMP_GLYPH = 1.6


def _framed_stamps(ink: Any) -> Any:
    """Where rubber stamps are in pen ink ``ink`` (0/1, the crop's dark pixels, rulings
    kept): their frames, a line around a hole that is a rectangle or an ellipse at any
    angle (:data:`STAMP_HOLE`, :data:`STAMP_SHAPE`) not touching the crop's edges (the
    box's own frame, or a table cell's, is a ruling) and holding print
    (:data:`STAMP_PRINT` pieces of ink; or inside another stamp's frame: a double frame's
    inner line, a ring's inner ring), removed along the rectangle or ellipse as far as
    :data:`STAMP_LINE` from it, and the printed glyphs wholly inside them
    (:data:`STAMP_GLYPH`). A pen's stroke across a stamp is kept but where it crosses the
    frame's line; a letter's closed loop (a "D", an "O") holds no print."""
    import cv2
    import numpy as np

    h, w = ink.shape
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    contours, tree = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    frames = []
    for i, hole in enumerate(contours):
        if tree is None or tree[0][i][3] < 0:
            continue  # an outer edge, no hole
        frame = _frame_shape(hole, h, w)
        if frame is None:
            continue
        inside = np.zeros((h, w), np.uint8)
        cv2.drawContours(inside, [hole], -1, 1, -1)
        inside = inside > 0
        pieces = sorted(set(np.unique(labels[inside]).tolist())
                        - set(np.unique(labels[~inside]).tolist()) - {0})
        frames.append((frame, inside, pieces))
    stamps = [f for f in frames if len(f[2]) >= STAMP_PRINT]
    stamps += [f for f in frames if len(f[2]) < STAMP_PRINT
               and any(not (f[1] & ~other[1]).any() for other in stamps)]
    out = np.zeros((h, w), bool)
    for (shape, short), _, pieces in stamps:
        reach = max(3, round(STAMP_LINE * short))
        outside = cv2.distanceTransform(1 - shape, cv2.DIST_L2, 3)
        within = cv2.distanceTransform(shape, cv2.DIST_L2, 3)
        out |= (outside <= reach) & (within <= 2) & (ink > 0)
        if pieces:
            tall = float(np.median(stats[pieces, cv2.CC_STAT_HEIGHT]))
            out |= np.isin(labels, [k for k in pieces
                                    if stats[k, cv2.CC_STAT_HEIGHT] <= STAMP_GLYPH * tall])
    return cv2.dilate(out.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0


def _frame_shape(hole: Any, h: int, w: int) -> tuple[Any, float] | None:
    """When contour ``hole`` is the inside of a stamp's frame (see
    :func:`_framed_stamps`) in a crop ``h`` by ``w``: the rectangle or ellipse fitted to
    it (filled, 0/1, the crop's size) and its shorter side (pixels); else None."""
    import cv2
    import numpy as np

    x, y, bw, bh = cv2.boundingRect(hole)
    if x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1 or len(hole) < 5:
        return None
    rect = cv2.minAreaRect(hole)
    short = min(rect[1])
    if short < STAMP_HOLE * min(h, w) or bw * bh > 0.5 * h * w:
        return None
    own = np.zeros((h, w), np.uint8)
    cv2.drawContours(own, [hole], -1, 1, -1)
    for ellipse in (False, True):
        fitted = np.zeros_like(own)
        if ellipse:
            cv2.ellipse(fitted, cv2.fitEllipse(hole), 1, -1)
        else:
            cv2.drawContours(fitted, [np.intp(cv2.boxPoints(rect))], -1, 1, -1)
        both = np.count_nonzero(own & fitted)
        if both >= STAMP_SHAPE * max(np.count_nonzero(own), np.count_nonzero(fitted)):
            return fitted, short
    return None


#: Ink that writes a word in a signature's box fills this share of the box's height at
#: least: surnames written at 16 and 20 points in a box 36 points tall filled 0.20 to 0.65
#: of it (0.28 or more for 90% of them, in 33 handwriting fonts), the meters journey's
#: signed slips 0.38 to 0.48; a caption printed at 8 points 0.21 at most, at 10 points
#: 0.27 (at 0.22 on average).
WRITTEN_HEIGHT = 0.25


def _strokes_across(ink: Any) -> int:
    """How many pen strokes a row across the ink ``ink`` (0/1) crosses side by side: the
    90th percentile, over its rows with ink, of each row's runs of ink (a written surname's
    rows cross 5 to 15 strokes, a tick's, a cross's or a dot's 1 or 2). None (0) unless the
    ink is written at a signature's size (:data:`WRITTEN_HEIGHT`; a caption printed small
    in the box is not) and three strokes' widths tall at least (a row's typical run): what
    is left of a ruling line along a row is no writing, however many pieces it has."""
    import numpy as np

    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return 0
    tall = rows[-1] - rows[0] + 1
    edges = np.diff(np.pad(ink[rows].astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts, ends = np.nonzero(edges == 1), np.nonzero(edges == -1)
    width = float(np.median(ends[1] - starts[1]))
    if tall < 3 * width or tall < WRITTEN_HEIGHT * ink.shape[0]:
        return 0
    return int(np.percentile(np.bincount(starts[0], minlength=rows.size), 90))


#: The confidence at most of a box read empty once its red ink was removed as a stamp's,
#: which with that ink kept reads as a mark: a red pen's initials or signature, or a stamp
#: over an empty box; the ink cannot tell which, so the reading goes to review rather than
#: say "not signed" surely (the field's confidence, this with a sure location, comes to
#: about 0.4: under the default floor of 0.5). The examination office's marking sheets
#: initialled in red pen read "not initialled" at 0.88. So too a box read empty once a
#: framed stamp's ink was removed (:func:`_framed_stamps`) where pen ink is left beside it
#: that with the stamp's reads as a mark: a pen's strokes over the stamp, which may be a
#: signature written small inside its frame (its letters the stamp's print's size).
RED_DOUBT = 0.1


def read_mark(crop: Any, masks: list[tuple[int, int, int, int]] = (),  # type: ignore[assignment]
              min_ink: float = 0.004, min_extent: float = 0.2,
              min_across: int | None = None, red: str = "stamp") -> MarkReading:
    """Whether a crop holds a pen mark, measured (see the module's docstring): ink of
    ``min_ink`` of the crop's pixels at least, which spans ``min_extent`` of its width or,
    with ``min_across``, crosses that many strokes side by side (a word written).
    ``red``: what strongly saturated red ink is, a stamp's (removed) or a pen's (kept)."""
    masks = list(masks)
    stamp = None
    if red == "stamp" and crop.ndim == 3 and crop.shape[2] == 3:
        stamp = _stamp_red(crop)
        if not stamp.any():
            stamp = None
    reading = _measure(_off_frame(_pen_ink(crop, masks, stamp, stamps=True)), min_ink,
                       min_extent, min_across)
    if reading.present:
        return reading
    if stamp is not None:
        kept = _measure(_off_frame(_pen_ink(crop, masks, stamps=True)), min_ink, min_extent,
                        min_across)
        if kept.present:  # a mark in red: a pen's or a stamp's, the ink cannot tell
            return _doubted(reading)
    if reading.strokes:  # pen ink beside a stamp's: a stamp, or a pen's strokes over it
        unstamped = _measure(_off_frame(_pen_ink(crop, masks, stamp)), min_ink, min_extent,
                             min_across)
        if unstamped.present:
            return _doubted(reading)
    return reading


def _doubted(reading: MarkReading) -> MarkReading:
    """``reading`` (no mark) no surer than :data:`RED_DOUBT`."""
    return MarkReading(False, min(reading.confidence, RED_DOUBT), reading.ink,
                       reading.extent, reading.strokes, reading.across)


#: The band along a box's edges, as a share of its height, where what is left of its
#: frame lies: a ruling the box's edge runs along, cut by the crop (half of a thin line
#: in, half out) or by a skew (a line 1.6 degrees off leaves the crop of a table cell
#: 150 pixels wide at one end), reads as pieces too short to be found as a line; ink
#: lying wholly in this band is no pen mark (initials or a signature reach further in).
FRAME_BAND = 0.1


def _off_frame(ink: Any) -> Any:
    """Pen ink ``ink`` (0/1) without the pieces that lie wholly along the crop's edges
    (:data:`FRAME_BAND`): what is left of the frame of the box cropped."""
    import cv2

    h, w = ink.shape
    band = max(2, round(FRAME_BAND * h))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for i in range(1, n):
        x, y = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_TOP])
        x1, y1 = x + int(stats[i, cv2.CC_STAT_WIDTH]), y + int(stats[i, cv2.CC_STAT_HEIGHT])
        if y1 <= band or y >= h - band or x1 <= band or x >= w - band:
            ink[labels == i] = 0
    return ink


def _measure(ink: Any, min_ink: float, min_extent: float,
             min_across: int | None) -> MarkReading:
    """:func:`read_mark` on pen ink ``ink`` (0/1)."""
    import cv2
    import numpy as np

    h, w = ink.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    min_size = max(6, int(0.0004 * h * w))
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_size]
    if not keep:
        return MarkReading(False, 0.97, 0.0, 0.0, 0)
    area = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in keep)
    x0 = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in keep)
    x1 = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in keep)
    share, extent = area / float(h * w), (x1 - x0) / float(w)
    # a soft score: each criterion as a log-ratio to its threshold; the spread is the
    # width's, or the strokes' side by side, whichever says more
    spread = math.log(max(extent, 1e-6) / min_extent)
    across = 0
    if min_across:
        across = _strokes_across(np.isin(labels, keep))
        spread = max(spread, math.log(max(across, 1e-6) / min_across))
    z = min(math.log(max(share, 1e-6) / min_ink), spread)
    p = 1.0 / (1.0 + math.exp(-4.0 * z))
    present = p >= 0.5
    return MarkReading(present, round(p if present else 1 - p, 4), round(share, 5),
                       round(extent, 4), len(keep), across)


#: A tick in a cell that is its own box (a ruled grid's cell with no printed box): ink of
#: this share of the cell at least (a hand X 5 mm across in a cell of 30 by 9 mm: about
#: 0.02; a pen dot set as a mark, 2 mm: 0.01) ...
TICK_INK = 0.002
#: ... spanning this share of the cell's height at least, across or down (a pen's touch or
#: a scan's speck spans less than a tenth of it).
TICK_SPAN = 0.15
#: The border of the cell left out, as a share of its height: what is left of its rulings
#: (a skewed scan's line, cut short where it leaves a row of pixels) lies along its edges.
TICK_BORDER = 0.12
#: An upright line is a ruling when it runs along this share of the cell's height: a
#: written "1" or a check's long stroke is upright, and shorter.
TICK_UPRIGHT = 0.85
#: A reading from a cell's pixels is no surer than this, either way.
TICK_SURE = 0.95


def read_tick(crop: Any, masks: list[tuple[int, int, int, int]] = ()  # type: ignore[assignment]
              ) -> MarkReading:
    """Whether a table cell that is its own checkbox (no printed box in it: a ruled grid
    ticked with a hand X or a check mark) holds a mark: pen ink, rulings and ``masks``
    (printed words) removed, away from the cell's border (:data:`TICK_BORDER`), of
    :data:`TICK_INK` of its pixels and spanning :data:`TICK_SPAN` of its height at
    least. The confidence grows with how far the ink is past (or short of) both, at most
    :data:`TICK_SURE`; a cell with no ink left at all reads empty at that."""
    import numpy as np

    ink = _pen_ink(crop, list(masks), upright=TICK_UPRIGHT)
    h, w = ink.shape
    edge = max(1, round(TICK_BORDER * h))
    inner = np.zeros_like(ink)
    inner[edge:h - edge, edge:w - edge] = ink[edge:h - edge, edge:w - edge]
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(inner, connectivity=8)
    min_size = max(4, int(0.0004 * h * w))
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_size]
    if not keep:
        return MarkReading(False, TICK_SURE, 0.0, 0.0, 0)
    area = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in keep)
    x0 = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in keep)
    x1 = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in keep)
    y0 = min(int(stats[i, cv2.CC_STAT_TOP]) for i in keep)
    y1 = max(int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]) for i in keep)
    share, span = area / float(h * w), max(x1 - x0, y1 - y0) / float(h)
    z = min(math.log(max(share, 1e-6) / TICK_INK), math.log(max(span, 1e-6) / TICK_SPAN))
    p = 1.0 / (1.0 + math.exp(-4.0 * z))
    present = p >= 0.5
    return MarkReading(present, round(min(TICK_SURE, p if present else 1 - p), 4),
                       round(share, 5), round((x1 - x0) / float(w), 4), len(keep))


class _MarkType(FieldType):
    value_kind = "bool"
    Options = MarkOptions
    #: This type reads the page's pixels in the field's box (see FieldType.read_image).
    reads_image: ClassVar[bool] = True
    default_ink: ClassVar[float] = 0.004
    default_extent: ClassVar[float] = 0.2
    #: Strokes side by side that make a mark without its extent (None: extent only).
    default_across: ClassVar[int | None] = None
    words: ClassVar[tuple[str, str]] = ("signed", "not signed")

    def written_print(self, word: Word, image: Any, words: Sequence[Word]) -> bool:
        """Whether ``word``, read surely as print inside the box, is the mark itself (not
        masked as print): never for a signature (a name a recognizer reads surely is
        print, see the docs)."""
        return False

    def parse(self, raw: str, ctx: ParseContext) -> bool:
        text = raw.strip().lower()
        if text in ("signed", "initialled", "true", "yes", "present"):
            return True
        if text in ("not signed", "not initialled", "false", "no", "absent", ""):
            return False
        raise ValueError(f"not a mark reading: {raw!r}")

    def find(self, text: str, ctx: ParseContext) -> list[Any]:
        return []  # marks are read from pixels, never from text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def read_image(self, image: Any, box: Box, printed: list[Box]) -> tuple[bool, float, str]:
        """(present, confidence, raw) for the pixels of ``box`` (page-relative) in the page
        image; ``printed`` are boxes of printed words to ignore."""
        h, w = image.shape[:2]
        x0, y0 = int(box.x0 * w), int(box.y0 * h)
        x1, y1 = max(x0 + 2, int(box.x1 * w)), max(y0 + 2, int(box.y1 * h))
        masks = [(int(b.x0 * w) - x0 - 2, int(b.y0 * h) - y0 - 2, int(b.x1 * w) - x0 + 2,
                  int(b.y1 * h) - y0 + 2) for b in printed]
        crop = image[y0:y1, x0:x1]
        opts: MarkOptions = self.options  # type: ignore[assignment]
        reading = read_mark(crop, masks,
                            opts.min_ink if opts.min_ink is not None else self.default_ink,
                            opts.min_extent if opts.min_extent is not None
                            else self.default_extent,
                            opts.min_across if opts.min_across is not None
                            else self.default_across, opts.red)
        return reading.present, reading.confidence, self.words[0 if reading.present else 1]


class SignatureType(_MarkType):
    name = "signature"
    version = "0.1.0"
    summary = "Signature present or not, read from the pixels of a box (true/false)"
    default_across = 4


class InitialsType(_MarkType):
    name = "initials"
    version = "0.1.0"
    summary = "Initials present or not in a small box, read from its pixels (true/false)"
    default_ink = 0.003
    default_extent = 0.08
    words = ("initialled", "not initialled")

    def written_print(self, word: Word, image: Any, words: Sequence[Word]) -> bool:
        """A text layer's word in the box (a born-digital form's typed initials, "AB",
        or a name) is the initials, not print to mask, unless it is a caption or a
        placeholder (:func:`typed_initials`); its glyphs are then the box's ink.

        Initials are mostly written in capitals, which a printed recognizer reads
        surely ("MK" at 0.99, or one of them, "D" for "JD"): such a word in the box
        (:data:`INITIALS`, read from the page's pixels, not a text layer's) is the
        initials, not print to mask, when its ink is :data:`WRITTEN_CAPITALS` times as
        tall as the page's print at least (measured without the box's frame,
        :func:`formsift.core.routing.ink_height`); a caption printed small in the box
        ("QC", "initials", "X") or a label is not. A word read as one capital is the
        initials only when its box holds more ink than one printed capital
        (:func:`_one_glyph`): a letter read of two, its box over both; a capital
        printed large in the box (a sign-here "X") is print."""
        text = word.text.strip()
        if not word.recognized:  # a born-digital register's typed "AB"
            return typed_initials(text)
        if INITIALS.fullmatch(text) is None:
            return False
        from formsift.core.routing import ink_height, print_height

        others = [w for w in words if w is not word and not w.handwritten]
        printed = print_height(image, others, set())
        if printed is None \
                or ink_height(image, word.box, frame=True) < WRITTEN_CAPITALS * printed:
            return False
        return sum(c.isalpha() for c in text) > 1 or not _one_glyph(image, word.box)


#: Words a text layer may hold in an initials box that are no initials: the box's caption
#: (the column's or field's label printed in it) and what is typed in place of initials.
#: (The words that say a box is not signed, "N/A", "none", "void", make it not initialled
#: wherever they come from: ``locators.NOT_A_MARK``.)
CAPTIONS = frozenset({"initials", "initial", "initialled", "inits", "sign", "signed",
                      "signature", "sig", "witness", "witnessed", "given", "by", "here",
                      "checked", "name", "date", "tbc", "tba", "tbd"})


def typed_initials(text: str) -> bool:
    """Whether ``text``, a text layer's word in an initials box, is the initials typed:
    written as initials are (:data:`INITIALS`: one to three capitals, "AB", "J.D."), and
    no caption (:data:`CAPTIONS`, or a word ending with a colon, "Initials:"). A dash, a
    dot and any other word ("Not witnessed", "pending", "to follow") are no initials: the
    box reads not initialled, and a rule that wants it initialled fails."""
    plain = text.strip()
    return INITIALS.fullmatch(plain) is not None and not plain.endswith(":") \
        and plain.casefold().strip(".()[]") not in CAPTIONS


#: Capitals written in an initials box are this many times as tall as the page's print at
#: least (its words' median ink height): on the stock-take journey's count sheets, initials
#: in neat capitals measured 1.31 to 2.58 times the print, the sheets' printed capitals
#: ("EA", "KG", "SKU") 0.93 to 1.05, a caption printed in a box at 6 points 0.55.
WRITTEN_CAPITALS = 1.15
def _one_glyph(image: Any, box: Box) -> bool:
    """Whether the ink of a word's ``box`` (page fractions) in ``image`` is one printed
    capital's: a single piece of ink (a full stop or a speck beside it aside: pieces
    under :data:`GLYPH_PIECE` of the ink's height) no wider than :data:`WIDEST_CAPITAL`
    times its height. A printed capital is one piece in the faces in use; two letters
    written side by side are two pieces or, joined, wider, and a hand's capital is often
    written in strokes that do not meet. The ink is read in the box and a margin around
    it, without the pieces whose middle lies outside the box (a neighbour's) and the
    rulings crossing it (the frame of the box the word lies in)."""
    import cv2
    import numpy as np

    from formsift.core.routing import INK_LEVEL

    h, w = image.shape[:2]
    bx0, by0, bx1, by1 = box.x0 * w, box.y0 * h, box.x1 * w, box.y1 * h
    m = 0.25 * (by1 - by0)
    x0, y0 = max(0, int(bx0 - m)), max(0, int(by0 - m))
    x1, y1 = min(w, int(bx1 + m) + 1), min(h, int(by1 + m) + 1)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return True
    ink = ((crop.min(axis=2) if crop.ndim == 3 else crop) < INK_LEVEL).astype(np.uint8)
    ch, cw = ink.shape
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    pieces = []
    for k in range(1, n):
        px, py, pw, ph, area = (int(v) for v in stats[k, :5])
        if area < 4 or not (bx0 <= x0 + px + pw / 2 <= bx1 and by0 <= y0 + py + ph / 2 <= by1):
            continue
        if (pw >= 0.9 * cw and ph <= 0.2 * ch) or (ph >= 0.9 * ch and pw <= 0.2 * cw):
            continue  # a ruling crossing the box: its frame
        pieces.append((px, py, px + pw, py + ph))
    if not pieces:
        return True
    tall = max(p[3] for p in pieces) - min(p[1] for p in pieces)
    wide = max(p[2] for p in pieces) - min(p[0] for p in pieces)
    letters = [p for p in pieces if p[3] - p[1] >= GLYPH_PIECE * tall]
    return len(letters) <= 1 and wide <= WIDEST_CAPITAL * tall


#: A piece of ink this share of the ink's height at least is a letter's, or a stroke of
#: one (:func:`_one_glyph`); a full stop or a speck is less.
GLYPH_PIECE = 0.4
#: A printed capital is at most this many times as wide as it is tall: the widest
#: measured in 190 faces, "W" 1.72 (a script face), "M" 1.59 (a bold serif's italic),
#: most other capitals 1.0 to 1.4.
WIDEST_CAPITAL = 1.75
#: Initials as a recognizer reads neat capitals: one to three capitals, each maybe with a
#: full stop ("MK", "M.K.", "J. S."; one letter may be a frame's stroke read as "I", and
#: one may go unread: the HACCP journey's "JD" in a hand's capitals read "D" at 0.97, its
#: box over both letters, which masked as print left the cell empty)
INITIALS = re.compile(r"(?:[A-Z]\.?\s?){1,3}")

