"""Accents, umlauts and the sharp s that the recognizer does not write, restored from the
line's pixels.

PP-OCRv4's recognizer was trained on Chinese and English: its character list has no ``ö``,
``Ö``, ``Ä``, ``ç`` or ``ß``, and it seldom writes the ``ä``, ``ü``, ``è``, ``à`` it has.
German and French words come out as ``Burostuhl``, ``HafenstraBe``, ``Siege``, ``Garcon``.
The marks are on the page, though. Above a letter the model read plainly, a mark is
classified by its shape: two dots side by side (or, at low resolution, one flat bar where
they merged) are a diaeresis, a stroke rising to the right an acute accent, one falling to
the right a grave accent, a wedge a circumflex; a tail below a ``c`` is a cedilla. A ``B``
inside a lower-case word after a vowel is an ``ß`` when its top-left corner is round (a
``B``'s stem meets its top bar in a square corner). A blurred scan runs an accent into its
letter: the ink above a thin neck on top of the letter is classified the same way, and
ink there that cannot be told leaves the letter unsure (:data:`UNREAD_MARK`).
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

Char = tuple[str, float, float]  # (character, confidence, x as a fraction of the crop)

#: letter -> {mark: accented letter}; upper-case letters take the upper-case forms
ACCENTED = {
    "a": {"diaeresis": "ä", "acute": "á", "grave": "à", "circumflex": "â", "ring": "å"},
    "e": {"diaeresis": "ë", "acute": "é", "grave": "è", "circumflex": "ê"},
    "i": {"diaeresis": "ï", "acute": "í", "grave": "ì", "circumflex": "î"},
    "o": {"diaeresis": "ö", "acute": "ó", "grave": "ò", "circumflex": "ô",
          "stroke": "ø"},
    "u": {"diaeresis": "ü", "acute": "ú", "grave": "ù", "circumflex": "û", "ring": "ů"},
    "n": {"bar": "ñ", "acute": "ń", "caron": "ň"},
    # Polish and Czech consonants (and ý): marks of their own shapes, never a bar
    "c": {"acute": "ć", "caron": "č"},
    "s": {"acute": "ś", "caron": "š"},
    "z": {"acute": "ź", "caron": "ž", "dot": "ż"},
    "r": {"caron": "ř"},
    "y": {"acute": "ý"},
}
ACCENTED["e"]["caron"] = "ě"
#: The confidence at most of a letter under a mark that was not put back (one of a shape
#: not read, or on a line whose marks cannot be trusted): below ``labels.UNSURE``, so a
#: value holding it is no surer than its least sure letter.
UNREAD_MARK = 0.5
#: marks whose shape a speck lacks
_SHAPED = {"diaeresis", "acute", "grave", "circumflex", "caron", "ring"}
#: a dot over these is a mark of theirs only where the line holds no dirt like it
_DOT_CARRIERS = set("z")
#: a flat bar above these is two dots run together (ä ö ü at low resolution)
_BAR_IS_DIAERESIS = set("aou")
_VOWELS = set("aeiouyäöüéèêàâîôû")


def restore(chars: list[Char], crop: Any) -> list[Char]:
    """``chars`` with accents, umlauts and sharp s put back where the crop's pixels show
    them (see :func:`restore_spaced`)."""
    return restore_spaced(chars, [0.0] * len(chars), crop)[0]


def restore_spaced(chars: list[Char], spaces: list[float], crop: Any
                   ) -> tuple[list[Char], list[float]]:
    """``chars`` with accents, umlauts, rings, slashed o's and sharp s put back where the
    crop's pixels show them, and the model's space probabilities before each character
    (``spaces``, one a character) kept in step: an umlaut's two dots the model read as an
    ``i`` beside its letter ("Abzuige" for "Abzüge") are the letter's mark, and the ``i``
    goes (its space probability passes on to the next character)."""
    if crop is None or not any(c[0].lower() in ACCENTED or c[0] in "BcC&tlL" for c in chars):
        return chars, spaces
    glyphs = _Glyphs(crop, chars)
    if not glyphs.clean():
        return chars, spaces
    marks = not glyphs.stray_marks()
    tails = not glyphs.stray_tails()
    out = list(chars)
    dropped: set[int] = set()
    used: set[Box] = set()  # marks put on a letter already (a slanted face's over two)
    for i, (ch, conf, x) in enumerate(chars):
        low = ch.lower()
        new = None
        if i in dropped:
            continue
        if ch == "a" and i + 1 < len(chars) and chars[i + 1][0] == "e" \
                and glyphs.ligature_ae(i):
            out[i] = ("æ", min(conf, chars[i + 1][1]), x)  # one glyph read as two letters
            dropped.add(i + 1)
            continue
        if low in ACCENTED or ch == "&":
            kind = glyphs.own_mark(i)  # a stroke through an o, a ring joined to an a
            body = glyphs.letter(i) if ch != "&" else glyphs.small_letter(i)
            if kind is None and marks and body is not None:
                kind = glyphs.mark_above(body)
                if kind is not None and used & set(glyphs.marks_over(body)):
                    kind = None
                if low == "i" and kind in ("acute", "grave") and (
                        kind == "grave" or not glyphs.i_accent(i, body)):
                    # an i's own dot, drawn askew in italics (or an italic f's hook over
                    # it), is no accent: only an acute clearly bigger than the line's dots
                    kind = None
                if kind == "bar" and low in _BAR_IS_DIAERESIS:
                    kind = "diaeresis" if glyphs.bar_wide(body) else None
                if kind == "dot" and low in _DOT_CARRIERS and glyphs.like_dirt(body):
                    kind = None
                if kind == "diaeresis":
                    # the two dots read as an "i" of their own beside the letter
                    dropped.update(glyphs.dots_read_as_i(i))
            if kind is None and marks and ch != "&" and low != "i":
                kind = glyphs.joined_mark(i)  # an accent a blurred scan ran into its letter
            if ch == "&":
                # a c under a caron, read as one sign: an "&" only as tall as the
                # x-height, under a wedge
                new = "č" if kind in ("caron", "circumflex") else None
            else:
                new = ACCENTED[low].get(kind or "")
        if new:
            out[i] = (new if ch.islower() or ch == "&" else new.upper(), conf, x)
            if body is not None:
                used.update(glyphs.marks_over(body))
        elif ch in "tl" and glyphs.barred_l(i):
            out[i] = ("ł", conf, x)  # PP-OCR has no ł: it writes "t" or "l"
        elif ch in "tlL" and glyphs.barred_capital_l(i):
            out[i] = ("Ł", conf, x)  # ... and "t" (sans faces) or "L" for an Ł
        elif ch in "cC" and marks and tails and glyphs.cedilla(i):
            out[i] = ("ç" if ch == "c" else "Ç", conf, x)
        elif ch == "B" and _sharp_s_context(chars, i):
            body = glyphs.letter(i)
            if body is not None and glyphs.round_top_left(body):
                out[i] = ("ß", conf, x)
        if out[i] == chars[i] and low in ACCENTED and _unread(glyphs, i):
            # a mark sits over the letter, unlike the line's dirt, and was not read: the
            # letter as the model wrote it is likely missing its accent
            out[i] = (ch, min(conf, UNREAD_MARK), x)
    if not dropped:
        return out, spaces
    kept_chars, kept_spaces = [], []
    carry = 0.0
    for k, (c, sp) in enumerate(zip(out, spaces, strict=True)):
        if k in dropped:
            carry = max(carry, sp)
            continue
        kept_chars.append(c)
        kept_spaces.append(max(carry, sp))
        carry = 0.0
    return kept_chars, kept_spaces


def _unread(glyphs: _Glyphs, i: int) -> bool:
    """Whether character ``i``'s letter carries a mark that was not put back: one of an
    accent's shape standing over it, or one a blurred scan joined to it; over an ``i``, a
    stroke rising to the right, wider than the line's strokes, where no other i's dot on
    the line shows what its own dot looks like."""
    if glyphs.chars[i][0].lower() != "i":
        return glyphs.unread_mark(i) or glyphs.joined_unread(i)
    body = glyphs.letter(i)
    return body is not None and glyphs.mark_above(body) == "acute" \
        and glyphs.i_accent(i, body) is None and glyphs.wide_mark(body)


def _crossed(rows: list[Any], stem_l: float, stem_r: float, bottom: float = 0.85) -> bool:
    """Whether a stroke rising to the right crosses a stem in its middle (from 0.15 of its
    height to ``bottom``): ink sticks out left of the stem (``stem_l`` to ``stem_r``) in
    one run of rows, and right of it in another, the left one wholly below the right
    one's middle and right under it."""
    import numpy as np

    h = len(rows)
    stem = stem_r - stem_l + 1
    reach = max(1.0, 0.25 * stem)
    out_l = [y for y, r in enumerate(rows) if stem_l - r[0] >= reach]
    out_r = [y for y, r in enumerate(rows) if r[-1] - stem_r >= reach]
    if not out_l or not out_r:
        return False
    middle = all(0.15 * h <= y <= bottom * h for y in (*out_l, *out_r))
    # each part one run of rows (a stroke, not specks of a rough print) ...
    runs = all(len(p) >= 2 and p[-1] - p[0] + 1 <= len(p) + 1 for p in (out_l, out_r))
    # ... the left part wholly below the right part and right under it: one stroke
    # rising to the right across the stem
    return middle and runs and min(out_l) > float(np.mean(out_r)) \
        and min(out_l) - max(out_r) <= max(2.0, 0.2 * h) \
        and float(np.mean(out_l)) - float(np.mean(out_r)) >= max(1.5, 0.1 * h)


def _sharp_s_context(chars: list[Char], i: int) -> bool:
    """A ``B`` where German writes ``ß``: after a lower-case vowel that follows a letter,
    and before a lower-case letter or the end of the word ("groB", "StraBe", "FuB")."""
    if i < 2 or chars[i - 1][0] not in _VOWELS or not chars[i - 2][0].isalpha():
        return False
    nxt = chars[i + 1][0] if i + 1 < len(chars) else " "
    return nxt.islower() or not nxt.isalnum()


Box = tuple[int, int, int, int, int]  # left, top, width, height, area


class _Glyphs:
    """The crop's connected ink components, each character's letter among them, and the
    line's x-height, cap height and baseline measured on its own letters."""

    def __init__(self, crop: Any, chars: list[Char]) -> None:
        import cv2

        gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        _, self.ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        self.height, self.width = self.ink.shape
        n, self.labels, stats, _ = cv2.connectedComponentsWithStats(self.ink, connectivity=8)
        self.boxes: list[Box] = [tuple(int(v) for v in stats[k]) for k in range(1, n)]
        self._label = {b: k for k, b in enumerate(self.boxes, start=1)}
        self.chars = chars
        self.bodies = self._aligned(chars)
        self.baseline = _median([b[1] + b[3] for c, b in zip(chars, self.bodies, strict=True)
                                 if b is not None and c[0].isalnum() and c[0] not in _DESCEND])
        self.x_top = _median([b[1] for c, b in zip(chars, self.bodies, strict=True)
                              if b is not None and c[0] in _X_HEIGHT])
        self.cap_top = _median([b[1] for c, b in zip(chars, self.bodies, strict=True)
                                if b is not None and (c[0].isupper() or c[0].isdigit()
                                                      or c[0] in _ASCEND)])
        #: a line of capitals alone (a name in block letters): their marks sit above the
        #: cap height, which stands in for the x-height line they are judged against
        self.capitals = self.x_top is None and any(c[0].isupper() for c in chars)
        if self.capitals:
            self.x_top = self.cap_top
        #: components that could be a mark above a letter: above the x-height line, not
        #: touching the crop's upper edge, neither specks nor taller than an accent
        self._small_above: list[Box] = []
        if self.x_top is not None and self.baseline is not None:
            xh = self.baseline - self.x_top
            # (a handwritten capital may stand lower than the line's others, its mark too)
            lift = 0.15 * xh if self.capitals else 0
            # (the x-height line where the piece stands: a scan's line slopes)
            self._small_above = [b for b in self.boxes
                                 if b[1] + b[3] <= max(self.x_top, round(
                                     self.x_top_at(b[0] + b[2] / 2))) + lift
                                 and b[1] > 0 and max(2, 0.1 * xh) <= b[3] <= 0.45 * xh
                                 and b[2] >= 2 and b[4] >= 3]
        #: the dots of i's and j's that a slanted hand put over a neighbour
        self._dots_astray = self._dots_beside()

    def _dots_beside(self) -> set[Box]:
        """The dots of the line's i's and j's that stand over a neighbour: a slanted or
        hurried hand puts an i's dot over the next letter ("Lisbon" is no "Liśbon"). An
        i (or j) alone on its piece of ink with nothing over its own columns claims the
        nearest piece above the line within an x-height of it; one joined to its
        neighbours (cursive) claims the piece over their ink nearest to where the model
        read it, when no other letter of that ink was read nearer."""
        if self.x_top is None or self.baseline is None:
            return set()
        xh = self.baseline - self.x_top
        claimed: set[Box] = set()
        for k, (ch, _, x) in enumerate(self.chars):
            body = self.bodies[k]
            if ch not in "ij" or body is None:
                continue
            free = [b for b in self._small_above if b not in claimed]
            mates = [self.chars[j][2] * self.width for j in range(len(self.chars))
                     if j != k and self.bodies[j] == body]
            left, _, w, _, _ = body
            centre = x * self.width if mates else left + w / 2
            if mates and len([b for b in free if self._over(body, b[0] + b[2] / 2)]) > 1:
                continue  # two marks over the ink: an umlaut's dots (the "i" may be them)
            if mates:
                free = [b for b in free if self._over(body, b[0] + b[2] / 2) and all(
                    abs(b[0] + b[2] / 2 - centre) < abs(b[0] + b[2] / 2 - m) for m in mates)]
            elif any(left - 0.15 * xh <= b[0] + b[2] / 2 <= left + w + 0.15 * xh for b in free):
                continue  # its own dot (or mark) stands over it
            near = [b for b in free if abs(b[0] + b[2] / 2 - centre) <= xh]
            if near:
                claimed.add(min(near, key=lambda b: abs(b[0] + b[2] / 2 - centre)))
        return claimed

    def _aligned(self, chars: list[Char]) -> list[Box | None]:
        """Each character's component: the model's character positions are coarse (one
        step is several pixels) and lag or lead, so characters and the components that
        reach the crop's lower half (letters, not dots or accents) are matched in order,
        each character to the nearest centre that keeps the order (touching letters may
        share a component)."""
        underscore = any(c[0] == "_" for c in chars)
        comps = sorted((b for b in self.boxes if b[1] + b[3] > self.height / 2
                        and (underscore or not self._rule_below(b))),
                       key=lambda b: b[0] + b[2] / 2)
        idx = [i for i, c in enumerate(chars) if c[0] != " "]
        out: list[Box | None] = [None] * len(chars)
        if not comps or not idx:
            return out
        import numpy as np

        centres = np.array([b[0] + b[2] / 2 for b in comps])
        share = 0.5 * float(np.median([b[2] for b in comps]))  # two on one component cost more
        steps = np.arange(len(comps))
        # cost[j]: the best total distance with the current character on component j
        cost = np.abs(chars[idx[0]][2] * self.width - centres)
        back = []
        for i in idx[1:]:
            # the best over the components strictly before j, and where it lies
            running = np.minimum.accumulate(cost)
            where = np.maximum.accumulate(np.where(cost <= running, steps, 0))
            before = np.concatenate([[np.inf], running[:-1]])
            came = np.concatenate([[0], where[:-1]])
            stay = cost + share
            take = before <= stay
            back.append(np.where(take, came, steps))
            cost = np.where(take, before, stay) + np.abs(chars[i][2] * self.width - centres)
        j = int(np.argmin(cost))
        for k in range(len(idx) - 1, -1, -1):
            out[idx[k]] = comps[j]
            if k:
                j = int(back[k - 1][j])
        return out

    def _rule_below(self, b: Box) -> bool:
        """Whether the piece is a line under the writing (the form's box or the line
        written on, cut into the crop): flat, in the crop's lowest fifth. It is no letter,
        and matched to one it would stand for it."""
        return b[2] >= 4 * b[3] and b[1] >= 0.8 * self.height

    @cached_property
    def stroke(self) -> float | None:
        """The line's stroke width: the median length of the horizontal runs of ink across
        its letters between the x-height line and the baseline (a vertical stem is crossed
        once per row, so stems outnumber bars)."""
        if self.x_top is None or self.baseline is None:
            return None
        import numpy as np

        lo, hi = int(self.x_top), int(self.baseline)
        runs: list[int] = []
        for b in {b for c, b in zip(self.chars, self.bodies, strict=True)
                  if b is not None and c[0].isalpha()}:
            left, top, w, h, _ = b
            rows = slice(max(top, lo), min(top + h, hi))
            own = self.labels[rows, left:left + w] == self._label[b]
            edges = np.diff(np.pad(own, ((0, 0), (1, 1))).astype(np.int8), axis=1)
            runs += (np.nonzero(edges == -1)[1] - np.nonzero(edges == 1)[1]).tolist()
        return _median(runs)

    @cached_property
    def _baseline_line(self) -> tuple[float, float]:
        """The baseline as a straight line, (slope, offset): y = offset + slope * x. A scan
        or a photo slants its lines by a degree or more, a few pixels over a crop's width,
        as much as a tail hangs below a letter. The slope is the median of the slopes
        between the bottoms of the line's letters (descenders left out) at least an
        x-height apart (a robust fit: a letter off the line moves it little); level on a
        line with too few letters to tell."""
        import itertools

        if self.baseline is None or self.x_top is None:
            return 0.0, float(self.baseline or 0)
        xh = max(1.0, self.baseline - self.x_top)
        pts = sorted({(b[0] + b[2] / 2, float(b[1] + b[3]))
                      for c, b in zip(self.chars, self.bodies, strict=True)
                      if b is not None and c[0].isalnum() and c[0] not in _DESCEND})
        slopes = [(yb - ya) / (xb - xa) for (xa, ya), (xb, yb) in itertools.combinations(pts, 2)
                  if xb - xa >= xh]
        if len(pts) < 3 or not slopes:
            return 0.0, float(self.baseline)
        slope = sorted(slopes)[len(slopes) // 2]
        slope = max(-0.1, min(0.1, slope))  # at most about six degrees
        offsets = sorted(y - slope * x for x, y in pts)
        return slope, offsets[len(offsets) // 2]

    def x_top_at(self, x: float) -> float:
        """The x-height line's height at ``x``, parallel to the baseline."""
        assert self.x_top is not None and self.baseline is not None
        return self.x_top + self.baseline_at(x) - self.baseline

    def baseline_at(self, x: float) -> float:
        """The baseline's height at ``x`` (pixels from the crop's left)."""
        slope, offset = self._baseline_line
        return offset + slope * x

    def specks(self, exclude: list[Box]) -> list[Box]:
        """Small pieces of ink no character accounts for, ``exclude`` left out: not a
        character's letter nor a piece inside its box (a thin stroke broken off), not a
        dot or mark above a letter that carries one, not near a punctuation mark the model
        read (a colon's upper dot): dirt, or a fax's speckle."""
        if self.x_top is None or self.baseline is None:
            return []
        xh = self.baseline - self.x_top
        # (a speck in the lower half may have been matched to a character: only pieces of
        # a letter's size are taken for letters)
        letters = {b for b in self.bodies if b is not None and max(b[2], b[3]) > 0.5 * xh}
        carriers = [b for c, b in zip(self.chars, self.bodies, strict=True)
                    if b is not None and _base(c[0]) in _CARRIERS]
        marks = [c[2] * self.width for c in self.chars if not c[0].isalnum() and c[0] != " "]
        out = []
        for b in self.boxes:
            left, top, w, h, _ = b
            centre = left + w / 2
            if b in exclude or max(w, h) > 0.5 * xh:
                continue
            middle = top + h / 2
            if any(o[0] <= centre <= o[0] + o[2] and o[1] <= middle <= o[1] + o[3]
                   for o in letters):
                continue
            if top + h <= self.x_top + 1 and any(self._over(c, centre) for c in carriers):
                continue
            if any(abs(centre - x) <= 0.5 * xh for x in marks) or self._quote(b):
                continue
            out.append(b)
        return out

    def _quote(self, b: Box) -> bool:
        """Whether the piece is shaped and placed like an apostrophe or a quote mark (the
        model often writes ``l'Ouest`` as ``IOuest``): a stroke at least half again as tall
        as it is wide, from the top of the capitals down into the upper x-height."""
        assert self.x_top is not None and self.baseline is not None
        xh = self.baseline - self.x_top
        cap = self.cap_top if self.cap_top is not None else self.x_top - 0.4 * xh
        _, top, w, h, _ = b
        return h >= 1.5 * w and abs(top - cap) <= 0.25 * xh and top + h <= self.x_top + 0.5 * xh

    def _like_specks(self, mark: list[Box], area: int) -> bool:
        """Whether the line holds other unexplained ink at least half the size of a mark
        of ``area`` pixels: a mark like the line's dirt is told from it by nothing."""
        return any(b[4] >= max(2, area / 2) for b in self.specks(mark))

    def clean(self) -> bool:
        """Whether most letters of the line are whole (not dot-matrix print or a
        broken, faint scan), so that what sits above them can be judged."""
        letters = [i for i, c in enumerate(self.chars) if c[0].isalpha()]
        return bool(letters) and \
            sum(self.letter(i) is not None for i in letters) >= 0.7 * len(letters)

    def letter(self, i: int) -> Box | None:
        """Character ``i``'s letter, when it is one piece from its line's top (x-height
        or cap height) to the baseline: a dot-matrix letter falls apart into pieces, and
        none of them is taken for it."""
        body = self.bodies[i]
        ch = self.chars[i][0]
        top = self.x_top if ch in _X_HEIGHT or ch in _DESCEND else self.cap_top
        if body is None or top is None or self.baseline is None:
            return None
        size = self.baseline - top
        slack = max(1.0, 0.2 * size)
        bottom = body[1] + body[3]
        low = bottom < self.baseline - slack if ch in _DESCEND \
            else abs(bottom - self.baseline) > slack
        if size < 4 or abs(body[1] - top) > slack or low:
            return None
        return body

    def _marks_above(self, body: Box, close: bool = False) -> list[Box]:
        """Marks over a letter's own columns, a clear gap above its top and above the
        x-height line (``close``: one pixel is enough), not touching the crop's upper
        edge (where a neighbouring line shows), neither specks nor bigger than an
        accent."""
        _, top, w, h, _ = body
        if self.x_top is None or self.baseline is None:
            return []
        xh = self.baseline - self.x_top
        # (a capital on a line of capitals: from its own top, however high it stands)
        # (at the low end of a sloping line the x-height line lies lower: where the letter
        # stands, never higher than the line's median)
        top_line = top if self.capitals else \
            min(top, max(self.x_top, round(self.x_top_at(body[0] + w / 2))))
        ceiling = top_line - (1 if close else max(1, round(0.08 * xh)))
        return [b for b in self._small_above if b[1] + b[3] <= ceiling and b[1] >= top - h
                and b not in self._dots_astray
                and b[2] <= max(0.9 * w, 0.65 * xh) and self._over(body, b[0] + b[2] / 2)]

    def marks_over(self, body: Box) -> list[Box]:
        """The marks :meth:`mark_above` judges over the letter (a pixel's gap or more)."""
        return self._marks_above(body) or self._marks_above(body, close=True)

    def stray_marks(self) -> bool:
        """Whether ink floats above the x-height line away from any letter that carries
        a mark (i, j, a vowel, n): bits of a neighbouring line or noise, among which
        accents cannot be told from dirt."""
        if self.x_top is None:
            return True
        carriers = [b for c, b in zip(self.chars, self.bodies, strict=True)
                    if b is not None and _base(c[0]) in _CARRIERS]
        # ť ď ľ carry their caron as an apostrophe right of the stem
        beside = [b for c, b in zip(self.chars, self.bodies, strict=True)
                  if b is not None and c[0] in _BESIDE]
        xh = (self.baseline or 0) - self.x_top
        for b in self.boxes:
            if b[1] + b[3] > self.x_top or b[4] < 3:
                continue
            centre = b[0] + b[2] / 2
            if not any(self._over(c, centre) for c in carriers) and not any(
                    c[0] <= centre <= c[0] + c[2] + 0.4 * xh for c in beside):
                return True
        return False

    def stray_tails(self) -> bool:
        """Whether ink hangs below the baseline where no letter descends (g j p q y, a
        comma) and no c could carry it: dirt, or the top of the line below."""
        if self.baseline is None or self.x_top is None:
            return True
        xh = self.baseline - self.x_top
        allowed = [b for c, b in zip(self.chars, self.bodies, strict=True)
                   if b is not None and (c[0] in _DESCEND or c[0] in ",;cC")]
        for b in self.boxes:
            if b[1] + b[3] <= self.baseline + max(1.0, 0.2 * xh) or b[4] < 3:
                continue
            if b not in allowed and not any(self._over(a, b[0] + b[2] / 2) and b[1] >=
                                            a[1] + a[3] - 1 for a in allowed):
                return True
        return False

    def _over(self, body: Box, x: float) -> bool:
        """Whether column ``x`` lies over the letter (widened for an i's narrow stem,
        whose marks are wider than it)."""
        left, _, w, _, _ = body
        xh = (self.baseline or 0) - (self.x_top or 0)
        centre = left + w / 2
        return min(left - 0.1 * w, centre - 0.3 * xh) <= x <= \
            max(left + 1.1 * w, centre + 0.3 * xh)

    def mark_above(self, body: Box) -> str | None:
        """What sits above the letter: "diaeresis" (two like dots side by side),
        "acute", "grave", "circumflex", "bar" (one flat stroke: merged dots or a tilde),
        "dot" (an i's), or None. A bar is None too when the line holds unexplained ink
        like it elsewhere (one speck lying over an a is no umlaut); two like dots side by
        side, a slanted stroke and a wedge have a shape one speck lacks."""
        w = body[2]
        marks = self._marks_above(body)
        if not marks:
            # a bold face's accents sit a pixel above their letters at 200 dpi: there
            # only a slanted stroke or a wedge, shapes a letter's broken-off top lacks
            marks = self._marks_above(body, close=True)
            if not 1 <= len(marks) <= 2 or not self._isolated(marks, w):
                return None
            kind = self._kind(body, marks)  # (two like dots side by side: a diaeresis)
            return kind if kind in ("acute", "grave", "circumflex", "caron", "diaeresis") \
                else None
        if len(marks) > 2 or not self._isolated(marks, w):
            return None
        kind = self._kind(body, marks)
        # one flat bar has no shape a speck lacks: it must be unlike the line's dirt
        if kind == "bar" and self._like_specks(marks, min(m[4] for m in marks)):
            return None
        return kind

    def _kind(self, body: Box, marks: list[Box]) -> str | None:
        """The marks' kind by their shape alone (see :meth:`mark_above`)."""
        left, _, w, _, _ = body
        if len(marks) == 2:
            (al, at, aw, ah, _), (bl, bt, bw, bh, _) = sorted(marks)
            middle = left + w / 2
            apart = al + aw <= bl and al + aw / 2 < middle < bl + bw / 2
            level = abs((at + ah / 2) - (bt + bh / 2)) <= max(ah, bh) / 2 + 1
            alike = max(aw * ah, bw * bh) <= 3 * min(aw * ah, bw * bh)
            round_ = all(1 / 3 <= mw / mh <= 3 for mw, mh in ((aw, ah), (bw, bh)))
            return "diaeresis" if apart and level and alike and round_ else None
        return self._shape(marks[0])

    def _shape(self, mark: Box) -> str | None:
        ml, mt, mw, mh, _ = mark
        return self._shape_of(self.labels[mt:mt + mh, ml:ml + mw] == self._label[mark])

    def _shape_of(self, own: Any) -> str | None:
        """The kind of the mark whose pixels are ``own`` (its box's True pixels)."""
        import numpy as np

        mh, mw = own.shape
        area = int(own.sum())
        ys, xs = np.nonzero(own)
        if len(xs) < 3:
            return None
        # a slope needs a few pixels: three in a 2x2 box say nothing (an i's dot in noise)
        if len(xs) >= 5 and max(mw, mh) >= 3 and xs.std() > 0 and ys.std() > 0:
            r = float(np.corrcoef(xs, ys)[0, 1])  # y grows downwards
            if r <= -0.45:
                return "acute"
            if r >= 0.45:
                return "grave"
        if max(mw, mh) <= 1.5 * min(mw, mh) and mw >= 3 and mh >= 3 \
                and any(c[2] >= 1 for c in _holes_of(own, 0, 0)):
            return "ring"  # round, with paper inside: a ring (å, ů)
        if max(mw, mh) <= 1.5 * min(mw, mh) and area >= 0.6 * mw * mh:
            return "dot"
        if mw >= 1.5 * mh:
            # a wedge: both ends hang well below its middle; two dots run together (or a
            # tilde) keep their ends about as high as the middle
            tops = [int(np.argmax(own[:, c])) for c in range(mw)]
            quarter = max(1, mw // 4)
            middle = min(tops[quarter:mw - quarter] or tops)
            drop = max(1.0, 0.4 * mh)
            if mh >= 3 and tops[0] >= middle + drop and tops[-1] >= middle + drop:
                return "circumflex"
            if self._caron(own):
                return "caron"
            return "bar"
        if mw >= mh and self._caron(own):
            return "caron"
        return None

    def _holes(self, box: Box) -> list[tuple[float, float, int]]:
        """The holes in component ``box`` (counters: paper it encloses), each as its
        centre (x, y in the crop) and its area in pixels."""
        left, top, w, h, _ = box
        return _holes_of(self.labels[top:top + h, left:left + w] == self._label[box], left, top)

    def own_mark(self, i: int) -> str | None:
        """A mark joined to character ``i``'s letter: "stroke" when a slash through an
        ``o`` splits its counter in two, the upper one on the left (``ø``: the stroke
        rises to the right); "ring" when an ``a`` encloses a counter above its top line
        (a ring touching the letter, ``å``). The letter must be a piece of its own (two
        touching letters hold two counters)."""
        ch = self.chars[i][0]
        low = ch.lower()
        body = self.bodies[i]
        if low not in "ao" or body is None or self.baseline is None or self.x_top is None:
            return None
        if any(0 <= j < len(self.bodies) and self.chars[j][0] != " "
               and self.bodies[j] == body for j in (i - 1, i + 1)):
            return None
        top_line = self.x_top if ch.islower() else self.cap_top
        if top_line is None:
            return None
        size = self.baseline - top_line
        left, top, w, h, _ = body
        bottom = top + h
        if size < 4 or not -0.1 * size - 1 <= bottom - self.baseline <= 0.35 * size:
            return None
        holes = [c for c in self._holes(body) if c[2] >= 2]
        if low == "o":
            if len(holes) != 2 or min(c[2] for c in holes) < 0.15 * sum(c[2] for c in holes):
                return None
            (ax, ay, _), (bx, by, _) = sorted(holes)
            # the slash crosses the counter: its pieces sit apart both ways (in a bold
            # face, whose counter is narrow, mostly one above the other)
            return "stroke" if bx - ax >= max(1.0, 0.05 * w) and by - ay >= 0.15 * h \
                else None
        # a counter high in a letter that rises above its line, over the letter's middle
        # (the letter's own counter lies below)
        # (a small a's hook can close into a second counter at low resolution: its ring's
        # counter must lie above the x-height line; a capital's apex has none of its own)
        limit = top + 0.35 * h if ch.isupper() else min(top + 0.35 * h, top_line - 0.1 * size)
        above = [c for c in holes if c[1] < limit]
        if len(holes) >= 2 and len(above) == 1 and top <= top_line - 0.08 * size and \
                left + 0.2 * w <= above[0][0] <= left + 0.8 * w:
            return "ring"
        # or a ring of its own right above it (Helvetica Bold's nearly touches the A): a
        # round piece with paper inside, over the letter's middle
        for b in self.boxes:
            bl, bt, bw, bh, _ = b
            if top - 0.6 * size <= bt and bt + bh <= top - 1 and bw <= 0.7 * w \
                    and 2 / 3 <= bw / max(1, bh) <= 1.5 and bw >= 3 \
                    and left + 0.3 * w <= bl + bw / 2 <= left + 0.7 * w \
                    and len([c for c in self._holes(b) if c[2] >= 1]) == 1:
                return "ring"
        return None

    def _joined(self, i: int) -> tuple[Any, bool] | None:
        """The ink a blurred scan joined on top of character ``i``'s letter (an accent
        run into its ``o``, ``e`` or ``S`` by a pixel or two), as its pixels (cut to their
        box) and whether a neck parts it from the letter: a row or two of at most a
        seventh of the letter's width between the ink above and the letter, whose top is
        then where the line's letters' is. None unless the letter is a piece of ink of its
        own, no wider than the line's letters, standing on the baseline and reaching an
        accent's height above its line (x-height, or cap height for a capital)."""
        import numpy as np

        ch = self.chars[i][0]
        body = self.bodies[i]
        top_line = self.x_top if ch.islower() else self.cap_top
        if body is None or top_line is None or self.baseline is None \
                or self.bodies.count(body) != 1 or ch in _ASCEND:
            return None
        left, top, w, h, _ = body
        size = self.baseline - top_line
        slack = max(1.0, 0.2 * size)
        # (the lines where the letter stands: a scan's line slopes)
        base = self.baseline_at(left + w / 2)
        top_line += base - self.baseline
        bottom = top + h
        low = bottom < base - slack if ch in _DESCEND else abs(bottom - base) > slack
        # (a capital's accent is squeezed above it; a small letter's rises higher than a
        # pen's lead-in stroke)
        rise = 0.1 if ch.isupper() else 0.2
        typical = _median([b[2] for c, b in zip(self.chars, self.bodies, strict=True)
                           if b is not None and c[0] in _X_HEIGHT and c[0] not in "mwi"
                           and self.bodies.count(b) == 1])
        if size < 6 or low or top <= 0 or top > top_line - max(2.0, rise * size) \
                or (typical is not None and w > 1.3 * typical):
            return None
        own = self.labels[top:top + h, left:left + w] == self._label[body]
        counts = own.sum(axis=1)
        thin = max(2, round(w / 7))
        # the neck: the lowest thin row down to the line's top (and its slack)
        necks = [r for r in range(2, h) if counts[r] <= thin and top + r <= top_line + slack
                 and counts[r - 1] > 0 and _one_run(own[r])]
        neck = bool(necks) and counts[necks[-1] + 1:].size > 0 and \
            abs(top + necks[-1] + 1 - top_line) <= slack
        # (the neck is the tip of an acute's stroke)
        above = own[:necks[-1] + 1] if neck else own[:max(0, int(top_line - slack) - top)]
        rows = np.nonzero(above.any(axis=1))[0]
        cols = np.nonzero(above.any(axis=0))[0]
        if len(rows) < 2 or int(above.sum()) < 3:
            return None
        above = above[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        mh, mw = above.shape
        centre = (cols[0] + cols[-1]) / 2
        if not max(2.0, 0.1 * size) <= mh <= 0.5 * size or mw > max(0.9 * w, 0.65 * size) \
                or not 0.2 * w <= centre <= 0.8 * w:
            return None
        return above, neck

    def joined_mark(self, i: int) -> str | None:
        """The accent a blurred scan joined to character ``i``'s letter by a neck (see
        :meth:`_joined`): a slanted stroke or a wedge, shapes a speck lacks, with its neck
        (a small acute's tip) or without it (a bridge of blur); else None."""
        found = self._joined(i)
        if found is None or not found[1]:
            return None
        import numpy as np

        above = found[0]
        counts = above.sum(axis=1)
        thin = max(2, round(self.bodies[i][2] / 7))  # type: ignore[index]
        cuts = [len(counts)]  # (the neck's rows taken off one by one)
        while cuts[-1] > 2 and counts[cuts[-1] - 1] <= thin:
            cuts.append(cuts[-1] - 1)
        for cut in cuts:
            own = above[:cut]
            cols = np.nonzero(own.any(axis=0))[0]
            kind = self._shape_of(own[:, cols[0]:cols[-1] + 1])
            if kind in ("acute", "grave", "circumflex", "caron"):
                return kind
        return None

    def joined_unread(self, i: int) -> bool:
        """Whether ink joined on top of character ``i``'s letter (see :meth:`_joined`)
        was not read as a mark: no neck parts it from the letter, or no accent was read
        in its shape. A mark's shape (a slanted stroke, a wedge, a bar, a ring) that rises a
        fifth of the line's height above the letter counts; not a lone dot (a speck as
        often as not) nor ink of no shape, such as the stem of a touching t."""
        found = self._joined(i)
        if found is None or self._shape_of(found[0]) in ("dot", None):
            return False
        top_line = self.x_top if self.chars[i][0].islower() else self.cap_top
        assert top_line is not None and self.baseline is not None
        return found[0].shape[0] >= max(2.0, 0.2 * (self.baseline - top_line))

    def wide_mark(self, body: Box) -> bool:
        """Whether the one mark over the letter is at least half again as wide as the
        line's strokes (an i's own dot is about a stroke square)."""
        marks = self._marks_above(body)
        return len(marks) == 1 and self.stroke is not None and marks[0][2] >= 1.5 * self.stroke

    def i_accent(self, i: int, body: Box) -> bool | None:
        """Over an ``i`` read with a slanted mark: True when the mark is an accent, clearly
        bigger than the dots of the line's other i's and j's (half again as wide and a
        quarter taller than their median: an i's dot, drawn askew in italics, is as big as
        the others); False when it is not; None when the line has no other dot to compare
        it with."""
        marks = self._marks_above(body)
        if len(marks) != 1:
            return False
        mark = marks[0]
        others = []
        for j, (ch, _, _) in enumerate(self.chars):
            other = self.letter(j) if j != i and ch in "ij" else None
            found = self._marks_above(other) if other is not None else []
            if len(found) == 1:
                others.append(found[0])
        if not others:
            return None
        width = _median([m[2] for m in others])
        height = _median([m[3] for m in others])
        assert width is not None and height is not None
        return mark[2] >= 1.5 * width and mark[3] >= 1.25 * height

    def dots_read_as_i(self, i: int) -> list[int]:
        """The characters beside ``i`` that the model wrote for the two dots over its
        letter: an ``i`` (or ``l``, ``!``) matched to the same one-letter-wide piece of
        ink (the model read "Abzüge" as "Abzuige", the ü's dots as an i)."""
        body = self.bodies[i]
        if body is None:
            return []
        widths = [b[2] for c, b in zip(self.chars, self.bodies, strict=True)
                  if b is not None and c[0] in _X_HEIGHT and c[0] not in "mwi"
                  and self.bodies.count(b) == 1]
        typical = _median(widths)
        if typical is None or body[2] > 1.3 * typical:
            return []  # wide enough for two letters that touch: a real "ui"
        return [j for j in (i - 1, i + 1) if 0 <= j < len(self.chars)
                and self.chars[j][0] in "iïíìlı!|" and self.bodies[j] == body]

    @staticmethod
    def _caron(own: Any) -> bool:
        """Whether a mark (its own pixels) is a wedge pointing down: its middle columns'
        ink starts well below its two ends' (a caron: č š ž ř ě ň)."""
        import numpy as np

        h, w = own.shape
        if w < 3 or h < 3:
            return False
        cols = [np.nonzero(own[:, c])[0] for c in range(w)]
        if any(len(c) == 0 for c in cols):
            return False
        tops = [int(c[0]) for c in cols]
        bottoms = [int(c[-1]) for c in cols]
        quarter = max(1, w // 4)
        middle = tops[quarter:w - quarter] or tops
        drop = max(1.0, 0.3 * h)
        # the ends rise above the middle, and the point is at the bottom, in the middle
        if tops[0] + drop <= max(middle) and tops[-1] + drop <= max(middle) \
                and max(bottoms[quarter:w - quarter] or bottoms) == h - 1 \
                and bottoms[0] < h - 1 and bottoms[-1] < h - 1:
            return True
        # a pen's wedge, as thick as it is deep (a "v" filled in): its ends stop well
        # above the point, a narrow foot under its middle (two dots run together, or a
        # tilde, keep their ends about as low as their middle)
        foot = np.nonzero(own[h - 1])[0]
        return max(bottoms[0], bottoms[-1]) <= h - 1 - 0.4 * h \
            and foot[-1] - foot[0] + 1 <= 0.5 * w and w / 4 <= (foot[0] + foot[-1]) / 2 <= 3 * w / 4

    def small_letter(self, i: int) -> Box | None:
        """Character ``i``'s piece of ink when it is one piece from the x-height line to
        the baseline (what the model read as a taller sign, such as a c read "&")."""
        body = self.bodies[i]
        if body is None or self.x_top is None or self.baseline is None:
            return None
        size = self.baseline - self.x_top
        slack = max(1.0, 0.2 * size)
        if size < 4 or abs(body[1] - self.x_top) > slack \
                or abs(body[1] + body[3] - self.baseline) > slack:
            return None
        return body

    def like_dirt(self, body: Box) -> bool:
        """Whether the one mark above the letter is like unexplained ink elsewhere on the
        line (a dot over a z is a speck there)."""
        marks = self._marks_above(body)
        return not marks or self._like_specks(marks, min(m[4] for m in marks))

    def barred_l(self, i: int) -> bool:
        """Whether character ``i`` (read "t" or "l") is an ``ł``: a stem as tall as the
        line's ascenders, crossed in its middle by a stroke rising to the right (the ink
        that sticks out left of the stem lies below the ink that sticks out right of it),
        and no foot (a ``t``'s bottom curls out to the right, its bar is level)."""
        found = self._stem_rows(i)
        if found is None:
            return False
        rows, stem_l, stem_r = found
        h, stem = len(rows), stem_r - stem_l + 1
        foot = max(r[-1] - r[0] + 1 for r in rows[-max(2, round(0.15 * h)):])
        return foot <= 1.25 * stem and _crossed(rows, stem_l, stem_r)

    def barred_capital_l(self, i: int) -> bool:
        """Whether character ``i`` (read "t", "l" or "L") is an ``Ł``: an L (a stem as
        tall as the capitals standing on a foot that reaches out to the right) whose stem
        a stroke rising to the right crosses in its middle, above the foot. A ``t``'s bar
        is level and sits high, an ``L`` has no ink left of its stem."""
        import numpy as np

        found = self._stem_rows(i)
        if found is None:
            return False
        rows, stem_l, stem_r = found
        stem = stem_r - stem_l + 1
        reach = max(2.0, 1.5 * stem)
        # the foot: from the first of the bottom rows that reaches out to the right (a
        # serif face's out to the left a little too; its lowest row may be rounded off)
        low = math.ceil(0.7 * len(rows))
        foot = [y for y in range(low, len(rows)) if rows[y][-1] - stem_r >= reach]
        if not foot or foot[0] < 8:
            return False
        # a serif face's top serif sticks out on both sides: it is no part of a stroke
        top = 0
        while top < 0.15 * len(rows) and stem_l - rows[top][0] >= 1 <= rows[top][-1] - stem_r:
            top += 1
        # the stem measured above the foot; (the bar of a bold face comes down close to it)
        kept = rows[top:foot[0]]
        return _crossed(kept, float(np.median([r[0] for r in kept])),
                        float(np.median([r[-1] for r in kept])), bottom=0.9)

    def _stem_rows(self, i: int) -> tuple[list[Any], float, float] | None:
        """Character ``i``'s letter as its rows of ink (column indexes, one array a row)
        and its stem's left and right columns (the median row's ends); None when it is
        no one piece of ink at least 8 pixels tall with ink in every row."""
        import numpy as np

        body = self.letter(i)
        if body is None:
            return None
        left, top, w, h, _ = body
        if h < 8:
            return None
        own = self.labels[top:top + h, left:left + w] == self._label[body]
        rows = [np.nonzero(own[r])[0] for r in range(h)]
        if any(len(r) == 0 for r in rows):
            return None
        # (most rows of either letter are the stem alone)
        return (rows, float(np.median([r[0] for r in rows])),
                float(np.median([r[-1] for r in rows])))

    def ligature_ae(self, i: int) -> bool:
        """Whether characters ``i`` and ``i + 1`` (read "a", "e") are one ``æ``: matched
        to the same piece of ink, one x-height tall, narrower than the line's own ``a``
        and ``e`` side by side (a touching pair is as wide as both; an æ's two letters
        share a stroke)."""
        body = self.bodies[i]
        if body is None or self.bodies[i + 1] != body or self.letter(i) is None:
            return False
        if any(0 <= j < len(self.bodies) and self.bodies[j] == body for j in (i - 1, i + 2)):
            return False
        alone = {c[0]: [] for c in self.chars}
        for c, b in zip(self.chars, self.bodies, strict=True):
            if b is not None and self.bodies.count(b) == 1:
                alone[c[0]].append(b[2])
        wa, we = _median(alone.get("a", [])), _median(alone.get("e", []))
        if wa is None or we is None:
            return False  # nothing on the line to measure the pair against
        return 1.3 * max(wa, we) <= body[2] <= 0.92 * (wa + we)

    def unread_mark(self, i: int) -> bool:
        """Whether a mark sits right over character ``i``'s letter with the shape of an
        accent (two like dots, a slanted stroke, a wedge, a ring), unlike the line's dirt
        (bigger than twice any unexplained speck)."""
        body = self.letter(i)
        if body is None:
            return False
        marks = self._marks_above(body, close=True)
        if not marks or len(marks) > 2 or self._like_specks(marks, max(m[4] for m in marks)):
            return False
        # a shape a speck lacks (a lone dot over a receipt's letter is dirt); or a stroke
        # of a pen's size whose shape was not told (a wedge drawn round, a flat acute):
        # ink no letter of the reading accounts for
        kind = self._kind(body, marks)
        return kind in _SHAPED or (kind != "dot" and self._pen_sized(marks))

    def _pen_sized(self, marks: list[Box]) -> bool:
        """Whether the marks reach a third of the x-height across or down, a stroke of a
        pen rather than a speck."""
        assert self.x_top is not None and self.baseline is not None
        xh = self.baseline - self.x_top
        return max(max(m[2], m[3]) for m in marks) >= xh / 3

    def bar_wide(self, body: Box) -> bool:
        """Whether the one flat mark above the letter spans its middle, as two dots run
        together do."""
        left, _, w, _, _ = body
        marks = self._marks_above(body)
        if len(marks) != 1:
            return False
        ml, _, mw, mh, _ = marks[0]
        return mw >= 2 * mh and mw >= 0.45 * w and ml < left + w / 2 < ml + mw

    def cedilla(self, i: int) -> bool:
        """Whether a tail hangs below character ``i`` (a ``c``): a narrow hook joined under
        its middle, reaching at least a stroke's width below the baseline (Helvetica Bold's,
        the stubbiest, does), or a small mark there just below the baseline, taller than the
        line's strokes are wide (a speck is a blob no bigger than a stroke); either unlike
        any unexplained ink elsewhere on the line (a fax's speckle). The baseline is the
        line's where the letter stands (:meth:`baseline_at`): on a sloping line the round of
        a C at its low end reaches under the line's median baseline, and is no tail."""
        body = self.bodies[i]
        ref = self.x_top if self.chars[i][0].islower() else self.cap_top
        if body is None or self.baseline is None or self.x_top is None or ref is None:
            return False
        left, top, w, h, _ = body
        xh = self.baseline - self.x_top
        base = self.baseline_at(left + w / 2)
        ref += base - self.baseline
        if xh < 4 or abs(top - ref) > max(1.0, 0.2 * (base - ref)):
            return False
        bottom = top + h
        if base + 0.2 * xh <= bottom <= base + 0.6 * xh:
            # the tail joined to the letter: a narrow hook under its middle
            below = self.ink[int(base) + 1:bottom, left:left + w]
            cols = [c for c in range(below.shape[1]) if below[:, c].any()]
            return bool(cols) and cols[-1] - cols[0] + 1 <= 0.7 * w and \
                left + 0.25 * w <= left + (cols[0] + cols[-1]) / 2 <= left + 0.75 * w \
                and self.stroke is not None and bottom - base >= self.stroke \
                and not self._like_specks([body], int(below.sum()))
        if abs(bottom - base) > max(1.0, 0.2 * xh):
            return False
        for b in self.boxes:
            bl, bt, bw, bh, area = b
            if bottom - 1 <= bt <= bottom + 0.2 * xh and bt + bh <= self.height - 1 \
                    and bh <= 0.5 * xh and bw <= 0.6 * w and bh >= 2 and area >= 3 \
                    and left + 0.25 * w <= bl + bw / 2 <= left + 0.75 * w \
                    and self.stroke is not None and bh > self.stroke \
                    and not self._like_specks([b], area):
                return True
        return False

    def _isolated(self, marks: list[Box], width: int) -> bool:
        """No ink right beside the marks at their height (the end of a neighbouring
        letter's bar broken off by a faint print is no accent)."""
        top = min(m[1] for m in marks)
        bottom = max(m[1] + m[3] for m in marks)
        lo = min(m[0] for m in marks)
        hi = max(m[0] + m[2] for m in marks)
        gap = max(1, round(0.15 * width))
        rows = self.ink[top:bottom]
        return not rows[:, max(0, lo - gap):lo].any() and not rows[:, hi:hi + gap].any()

    def round_top_left(self, body: Box) -> bool:
        """Whether the glyph's top-left corner is open (``ß``) rather than a square
        joint of stem and bar (``B``)."""
        left, top, w, h, _ = body
        k = max(2, round(0.18 * min(w, h)))
        corner = self.ink[top:top + k, left:left + k]
        return float(corner.mean()) < 0.65


_X_HEIGHT = set("acemnorsuvwxzıiäöü")
_ASCEND = set("bdfhklt")
_DESCEND = set("gjpqy")


#: letters that carry a mark above them (their own accented forms included)
_CARRIERS = set(ACCENTED) | set("ijy&")
#: letters whose caron is an apostrophe beside the stem (ť ď ľ): not put back, but ink
#: there is no dirt
_BESIDE = set("tdlL")


def _holes_of(own: Any, left: int, top: int) -> list[tuple[float, float, int]]:
    """The holes in the ink ``own`` (a box's pixels, its corner at ``left``, ``top``), each
    as its centre and its area in pixels."""
    import cv2
    import numpy as np

    paper = np.pad(~own, 1, constant_values=True).astype(np.uint8)
    # paper joins only side by side (4-connected), as ink joins corner to corner
    n, labels, stats, centres = cv2.connectedComponentsWithStats(paper, connectivity=4)
    outside = labels[0, 0]
    return [(left + float(centres[k][0]) - 1, top + float(centres[k][1]) - 1,
             int(stats[k][4])) for k in range(1, n) if k != outside]


def _one_run(row: Any) -> bool:
    """Whether a row of pixels holds its ink in one run."""
    import numpy as np

    cols = np.nonzero(row)[0]
    return len(cols) > 0 and int(cols[-1] - cols[0]) + 1 == len(cols)


def _base(ch: str) -> str:
    """The letter without its accent, lower-case ("É" -> "e")."""
    import unicodedata

    return unicodedata.normalize("NFD", ch)[:1].lower()


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return float(values[len(values) // 2])
