"""A fax's speck that the recognizer read as a point, a comma, a colon or an apostrophe at a
word's edge, told from a printed mark by its ink.

Only on a bilevel page: one whose source image is black and white (1 bit per pixel, or
two grey levels), as a fax's is; the loaders say so (the page's renderer's ``bilevel``),
from the source image, since OCR's render at another resolution smooths it into greys.
On a grey or colour scan or photo (receipts, scanned orders) a printed point can be a few
pixels of a faint print, and the words stay as read.

On a faxed page the model writes the pixel of noise after ``Am Hafen 3`` as a full stop
(``3.``), the one after ``10um`` too, and a pair of them after ``Zentrallager`` as a colon
of its own. A printed point, comma or colon dot is about a stroke wide and a stroke tall
(its area near the stroke's width squared); a speck is a pixel or two. So a mark at the
start or the end of a word whose ink, between its neighbours' centres, is nothing but
pieces smaller than :data:`SPECK_AREA` of the stroke width squared, and than :data:`FLOOR`
pixels, is dropped: no ink of a mark's size, no mark. The stroke is the word's own letters'
(a bold label on the line would make a small value's printed points look like specks);
marks standing alone take the word's before them, else after. A colon between digits is a
time's (``12 : 30``) and stays. Where the stroke cannot be measured, or no ink is found
there at all (the model's positions are coarse), the mark stays as read. The word
keeps the confidence it had with the speck: dropping one never makes a value surer.

A point or comma before a digit at a word's start (``.50``) is a number's decimal mark if
printed; a speck there is not dropped (``50`` would be a hundred times the amount) but
doubted, so the value goes to review.
"""

from __future__ import annotations

from typing import Any

Char = tuple[str, float, float]  # (character, confidence, x as a fraction of the crop)

#: Marks a speck is read as.
MARKS = frozenset(".,:;'`·")
#: A piece of ink smaller than this share of its word's stroke width squared is a speck
#: (printed points and comma heads measure 0.75-1.5 of it on 200 dpi faxes, specks
#: 0.08-0.19).
SPECK_AREA = 0.35
#: A piece of ink at least this share of the crop's tallest piece high is a letter's.
LETTER_HEIGHT = 0.5
#: A piece of ink of this many pixels or more is a printed mark, whatever the stroke.
FLOOR = 4


class _Ink:
    """The crop's pieces of ink below a letter's height, and the stroke width of its
    letters' pieces (the lengths of their horizontal runs of ink)."""

    def __init__(self, crop: Any) -> None:
        import cv2
        import numpy as np

        gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        self.width = ink.shape[1]
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        boxes = [tuple(int(v) for v in stats[k]) for k in range(1, n)]
        tall = max((b[3] for b in boxes), default=0)
        #: (x of its centre, runs of ink) of each letter's piece
        self.letters: list[tuple[float, list[int]]] = []
        #: (x of its centre, area) of each piece of ink lower than a letter
        self.small: list[tuple[float, int]] = []
        for k, (x, y, w, h, area) in enumerate(boxes, start=1):
            if h < LETTER_HEIGHT * tall:
                self.small.append((x + w / 2, area))
                continue
            own = labels[y:y + h, x:x + w] == k
            edges = np.diff(np.pad(own, ((0, 0), (1, 1))).astype(np.int8), axis=1)
            runs = (np.nonzero(edges == -1)[1] - np.nonzero(edges == 1)[1]).tolist()
            self.letters.append((x + w / 2, runs))

    def stroke(self, lo: float, hi: float) -> float | None:
        """The stroke width of the letters whose centres lie between ``lo`` and ``hi``
        (fractions of the crop's width): the median of their runs; None if none."""
        import numpy as np

        runs = [r for x, rs in self.letters if lo * self.width <= x <= hi * self.width
                for r in rs]
        return float(np.median(runs)) if runs else None

    def speck(self, lo: float, hi: float, stroke: float) -> bool:
        """Whether the ink between ``lo`` and ``hi`` (fractions of the crop's width) is
        specks alone: some ink, none of it a mark's size for letters of ``stroke``, nor
        more than :data:`FLOOR` pixels."""
        pieces = [a for x, a in self.small if lo * self.width < x < hi * self.width]
        return bool(pieces) and max(pieces) < min(SPECK_AREA * stroke ** 2, FLOOR)


def marked(groups: list[list[Char]]) -> bool:
    """Whether a word of ``groups`` starts or ends with one of the :data:`MARKS`."""
    return any(g and (g[0][0] in MARKS or g[-1][0] in MARKS) for g in groups)


def trimmed(groups: list[list[Char]], chars: list[Char], crop: Any,
            doubt: float) -> list[list[Char]]:
    """The line's words (``groups`` of ``chars``, the line's characters in order) without
    the specks read as marks at their edges (see the module); a speck read as a decimal
    mark before a digit stays, at ``doubt`` confidence at most. Words that were specks
    alone go; a word that loses a speck keeps the confidence it had with it (the speck's
    character's, where lower, goes to the character beside it)."""
    if crop is None or not marked(groups):
        return groups
    ink = _Ink(crop)
    where = {id(c): i for i, c in enumerate(chars)}

    def beside(i: int, step: int) -> str:
        i += step
        while 0 <= i < len(chars) and chars[i][0] == " ":
            i += step
        return chars[i][0] if 0 <= i < len(chars) else ""

    def speck(c: Char, stroke: float | None) -> bool:
        i = where.get(id(c))
        if i is None or stroke is None:
            return False
        if c[0] == ":" and beside(i, -1).isdigit() and beside(i, 1).isdigit():
            return False  # a time's colon ("12 : 30")
        lo = chars[i - 1][2] if i > 0 else 0.0
        hi = chars[i + 1][2] if i + 1 < len(chars) else 1.0
        return ink.speck(lo, hi, stroke)

    def own_stroke(g: list[Char]) -> float | None:
        """The stroke of the word's own letters (not a bold label's beside it)."""
        xs = [c[2] for c in g if c[0] not in MARKS]
        if not xs:
            return None
        pad = (max(xs) - min(xs)) / (2 * max(1, len(xs) - 1)) if len(xs) > 1 else 0.01
        return ink.stroke(min(xs) - pad, max(xs) + pad)

    strokes = [own_stroke(g) for g in groups]
    out = []
    for k, g in enumerate(groups):
        g = list(g)
        # marks alone ("Zentrallager :"): the stroke of the word before them, else after
        near = [s for s in strokes[k - 1::-1] if s is not None] if k else []
        near += [s for s in strokes[k + 1:] if s is not None]
        stroke = strokes[k] if strokes[k] is not None or not near else near[0]
        end = len(g)
        while end and g[end - 1][0] in MARKS and speck(g[end - 1], stroke):
            end -= 1
        start = 0
        while start < end and g[start][0] in MARKS and speck(g[start], stroke):
            if end - start > 1 and g[start][0] in ".," and g[start + 1][0].isdigit():
                g[start] = _capped(g[start], doubt)  # ".50": kept, doubted
                break
            start += 1
        if start < end:
            # the word is no surer than it was with the speck read into it
            if end < len(g):
                g[end - 1] = _capped(g[end - 1], min(c[1] for c in g[end:]))
            if start:
                g[start] = _capped(g[start], min(c[1] for c in g[:start]))
            out.append(g[start:end])
    return out


def _capped(c: Char, conf: float) -> Char:
    return (c[0], min(c[1], conf), c[2])
