"""Umlauts and the sharp s that the recognizer cannot write, restored from the line's pixels.

PP-OCRv4's recognizer was trained on Chinese and English: its character list has no ``ö``,
``Ö``, ``Ä`` or ``ß``, and it hardly ever writes the ``ä`` and ``ü`` it has. German words
come out as ``Burostuhl`` and ``HafenstraBe``. The marks are on the page, though: a vowel
the model read is given its umlaut when two dots (or, at low resolution, one flat bar)
sit right above its letter body; a ``B`` inside a lower-case word after a vowel is a
``ß`` when its top-left corner is round (a ``B``'s stem meets its top bar in a square
corner).
"""

from __future__ import annotations

from typing import Any

Char = tuple[str, float, float]  # (character, confidence, x as a fraction of the crop)

UMLAUTS = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_VOWELS = set("aeiouyäöü")


def restore(chars: list[Char], crop: Any) -> list[Char]:
    """``chars`` with umlauts and sharp s put back where the crop's pixels show them."""
    if crop is None or not any(c[0] in UMLAUTS or c[0] == "B" for c in chars):
        return chars
    glyphs = _Glyphs(crop, chars)
    if not glyphs.clean():
        return chars
    umlauts = not glyphs.stray_marks()
    out = list(chars)
    for i, (ch, conf, x) in enumerate(chars):
        if ch in UMLAUTS and umlauts:
            body = glyphs.letter(i)
            if body is not None and glyphs.has_umlaut(body):
                out[i] = (UMLAUTS[ch], conf, x)
        elif ch == "B" and _sharp_s_context(chars, i):
            body = glyphs.letter(i)
            if body is not None and glyphs.round_top_left(body):
                out[i] = ("ß", conf, x)
    return out


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
        n, _, stats, _ = cv2.connectedComponentsWithStats(self.ink, connectivity=8)
        self.boxes: list[Box] = [tuple(int(v) for v in stats[k]) for k in range(1, n)]
        self.chars = chars
        self.bodies = self._aligned(chars)
        self.baseline = _median([b[1] + b[3] for c, b in zip(chars, self.bodies, strict=True)
                                 if b is not None and c[0].isalnum() and c[0] not in _DESCEND])
        self.x_top = _median([b[1] for c, b in zip(chars, self.bodies, strict=True)
                              if b is not None and c[0] in _X_HEIGHT])
        self.cap_top = _median([b[1] for c, b in zip(chars, self.bodies, strict=True)
                                if b is not None and (c[0].isupper() or c[0].isdigit()
                                                      or c[0] in _ASCEND)])

    def _aligned(self, chars: list[Char]) -> list[Box | None]:
        """Each character's component: the model's character positions are coarse (one
        step is several pixels) and lag or lead, so characters and the components that
        reach the crop's lower half (letters, not dots or accents) are matched in order,
        each character to the nearest centre that keeps the order (touching letters may
        share a component)."""
        comps = sorted((b for b in self.boxes if b[1] + b[3] > self.height / 2),
                       key=lambda b: b[0] + b[2] / 2)
        idx = [i for i, c in enumerate(chars) if c[0] != " "]
        out: list[Box | None] = [None] * len(chars)
        if not comps or not idx:
            return out
        centres = [b[0] + b[2] / 2 for b in comps]
        # cost[j]: the best total distance with the current character on component j
        cost = [abs(chars[idx[0]][2] * self.width - c) for c in centres]
        back: list[list[int]] = []
        for i in idx[1:]:
            x = chars[i][2] * self.width
            best, arg, row, new = float("inf"), 0, [], []
            for j, c in enumerate(centres):
                if cost[j] < best:
                    best, arg = cost[j], j
                row.append(arg)
                new.append(best + abs(x - c))
            back.append(row)
            cost = new
        j = min(range(len(cost)), key=cost.__getitem__)
        for k in range(len(idx) - 1, -1, -1):
            out[idx[k]] = comps[j]
            if k:
                j = back[k - 1][j]
        return out

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

    def _marks_above(self, body: Box) -> list[Box]:
        """Marks over a letter's own columns, a clear gap above its top and above the
        x-height line, not touching the crop's upper edge (where a neighbouring line
        shows), neither specks nor bigger than a dot."""
        left, top, w, h, _ = body
        if self.x_top is None or self.baseline is None:
            return []
        xh = self.baseline - self.x_top
        ceiling = min(top, self.x_top) - max(1, round(0.08 * xh))
        marks = []
        for b in self.boxes:
            bl, bt, bw, bh, area = b
            if b is body or not left - 0.1 * w <= bl + bw / 2 <= left + 1.1 * w:
                continue
            if bt + bh <= ceiling and bt > 0 and bt >= top - h and bw <= 0.7 * w \
                    and max(2, 0.1 * xh) <= bh <= 0.45 * xh and bw >= 2 and area >= 3:
                marks.append(b)
        return marks

    def stray_marks(self) -> bool:
        """Whether ink floats above the x-height line away from any letter that carries
        a mark (i, j, a vowel): bits of a neighbouring line or noise, among which dots
        cannot be told from dirt."""
        if self.x_top is None:
            return True
        carriers = [b for c, b in zip(self.chars, self.bodies, strict=True)
                    if b is not None and c[0].lower() in "ijaeiouyäöü"]
        for b in self.boxes:
            if b[1] + b[3] > self.x_top or b[4] < 3:
                continue
            centre = b[0] + b[2] / 2
            if not any(c[0] - 0.1 * c[2] <= centre <= c[0] + 1.1 * c[2] for c in carriers):
                return True
        return False

    def has_umlaut(self, body: Box) -> bool:
        """Two like dots side by side above the letter, or one flat bar where they
        merged."""
        if self.x_top is None:
            return False
        left, _, w, _, _ = body
        marks = self._marks_above(body)
        if not marks or not self._isolated(marks, w):
            return False
        middle = left + w / 2
        if len(marks) == 2:
            (al, at, aw, ah, _), (bl, bt, bw, bh, _) = sorted(marks)
            apart = al + aw <= bl and al + aw / 2 < middle < bl + bw / 2
            level = abs((at + ah / 2) - (bt + bh / 2)) <= max(ah, bh) / 2 + 1
            alike = max(aw * ah, bw * bh) <= 3 * min(aw * ah, bw * bh)
            round_ = all(1 / 3 <= mw / mh <= 3 for mw, mh in ((aw, ah), (bw, bh)))
            return apart and level and alike and round_
        if len(marks) == 1:
            ml, _, mw, mh, _ = marks[0]
            return mw >= 2 * mh and mw >= 0.45 * w and ml < middle < ml + mw
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


_X_HEIGHT = set("acemnorsuvwxzıäöü")
_ASCEND = set("bdfhklt")
_DESCEND = set("gjpqy")


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return float(values[len(values) // 2])
