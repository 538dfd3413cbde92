"""A decimal point the reading of a handwritten number left out, seen in its ink or
heard by the model.

The shipped handwriting model drops a small point written between two digits (a
temperature log's "1.5" read "15", sure of both digits: a right-looking value accepted);
the point reaches it, and it gives the point some probability at the step between the
digits, but less than the blank. Two things tell. The ink: a small round blot on the
digits' baseline, in the gap between two of them, that the reading has no character for
(:func:`baseline_dot`, :func:`ink_place`; :func:`with_point` is the reading with a point
put in there). The model: the probability it gave a "." or "," between two digits
(:func:`points_heard`), which the ``crnn`` recognizer keeps with the words it read
(:func:`note_heard`, :func:`heard_in`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A point is at most this share of the digits' height tall and wide (a pen's dot to a
#: blot; a comma's tail included)...
POINT_SIZE = 0.4
#: ... at least this share of it across (smaller is a speck of the scan's noise)...
POINT_LEAST = 0.05
#: ... its bottom within this share of the digits' height of their baseline, its top
#: below their middle...
POINT_ON_BASELINE = 0.25
#: ... and it lies in a gap between two digits: at most this share of its width under
#: a digit's columns.
POINT_UNDER_DIGIT = 0.5
#: A digit's ink is at least this share of the tallest piece's height.
DIGIT_HEIGHT = 0.5
#: A point is a filled, round blot: its ink fills at least this share of its box (a
#: hairline fragment of a broken thin stroke fills less)...
POINT_FILL = 0.5
#: ... its box is at most this many times as wide as tall, or as tall as wide...
POINT_ROUND = 2.0
#: ... and no other piece of ink but a digit's lies within this many times its size of
#: it (the fragments of a broken hairline stroke lie in a chain; a point lies alone).
POINT_ALONE = 1.0


@dataclass(frozen=True)
class Dot:
    """A point's place in a crop: its columns (x0, x1), and how many digits' pieces of
    ink lie left of it and right of it."""

    x0: int
    x1: int
    left: int
    right: int


def _ink(gray: Any) -> Any:
    """The ink of a dark-on-light crop (boolean), by Otsu's threshold; None when the crop
    has no contrast."""
    import cv2
    import numpy as np

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 40:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink) > 0


def baseline_dot(image: Any) -> Dot | None:
    """The one small round blot of ink on the baseline of the digits of a line crop
    (``image``: any size, grey or colour, dark ink on light paper), in a gap between two
    of them; None when there is none, or more than one (a row of dots is no decimal
    point). Ruling lines through the crop are left out (the longest pieces wider than
    the digits are tall)."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    ink = _ink(to_gray(image))
    if ink is None:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    pieces = [tuple(int(v) for v in stats[k, :5]) for k in range(1, n)]
    crop_h = ink.shape[0]
    # (a ruling, or a cell's wall: as wide as the crop, or as tall)
    pieces = [p for p in pieces if p[2] < 0.9 * ink.shape[1] and p[3] < 0.95 * crop_h]
    if not pieces:
        return None
    tallest = max(p[3] for p in pieces)
    digits = [p[:4] for p in pieces if p[3] >= DIGIT_HEIGHT * tallest]
    if len(digits) < 2:
        return None
    baseline = float(np.median([p[1] + p[3] for p in digits]))
    top = float(np.median([p[1] for p in digits]))
    height = baseline - top
    if height < 8:
        return None
    small = [p[:4] for p in pieces if p[3] < DIGIT_HEIGHT * tallest]
    found = []
    for x, y, w, h, area in pieces:
        if h >= DIGIT_HEIGHT * tallest or max(w, h) > POINT_SIZE * height \
                or max(w, h) < max(2.0, POINT_LEAST * height) \
                or max(w / h, h / w) > POINT_ROUND or area < POINT_FILL * w * h:
            continue
        if abs(y + h - baseline) > POINT_ON_BASELINE * height or y < top + height / 2:
            continue
        under = sum(max(0, min(x + w, dx + dw) - max(x, dx)) for dx, _, dw, _ in digits)
        left = sum(dx + dw / 2 < x + w / 2 for dx, _, dw, _ in digits)
        if under > POINT_UNDER_DIGIT * w or left == 0 or left == len(digits) \
                or _crowded((x, y, w, h), small):
            continue
        found.append(Dot(x, x + w, left, len(digits) - left))
    return found[0] if len(found) == 1 else None


def _crowded(dot: tuple[int, int, int, int], others: list[tuple[int, int, int, int]]
             ) -> bool:
    """Whether a piece of ``others`` (pieces of ink no digit's: x, y, w, h) other than
    ``dot`` lies within :data:`POINT_ALONE` times ``dot``'s size of it."""
    x, y, w, h = dot
    r = POINT_ALONE * max(w, h)
    return any(o != dot and o[0] < x + w + r and o[0] + o[2] > x - r
               and o[1] < y + h + r and o[1] + o[3] > y - r for o in others)


def ink_place(digits: str, image: Any) -> int | None:
    """How many of ``digits`` (a reading of digits alone) come before the point the ink
    of ``image`` (the crop read) shows (:func:`baseline_dot`): as many as there are
    digits' pieces of ink left of the dot; None when the ink shows no point, ``digits``
    is not two digits or more, or the ink's pieces are not one a digit (a digit broken
    in two, or two joined: where the point falls among the digits is a guess)."""
    if not digits.isdigit() or len(digits) < 2:
        return None
    dot = baseline_dot(image)
    if dot is None or dot.left + dot.right != len(digits):
        return None
    return dot.left


def with_point(text: str, image: Any) -> str | None:
    """``text`` (a reading of digits, no point or comma in it) with a point put in where
    the ink of ``image`` shows one (:func:`ink_place`); None when the ink shows no point,
    or the reading has one."""
    digits = "".join(text.split())
    k = ink_place(digits, image)
    return None if k is None else f"{digits[:k]}.{digits[k:]}"


#: A point the model *heard*: a "." or "," given at least this probability at a step
#: between two digits of its reading, where its best path kept the blank (what it wrote
#: down as "15"). Points heard more faintly are not noted.
HEARD_NOTED = 0.01
#: The page note (``page.notes[HEARD_NOTE]``: a list, not shown in the result) that keeps
#: the points heard in the words a handwriting recognizer read there.
HEARD_NOTE = "points_heard"


@dataclass(frozen=True)
class Heard:
    """A point the model gave some probability between two digits and left out: ``at``,
    how many of the reading's characters (spaces not counted) come before it; ``p``, its
    probability; ``mark``, which mark it was ("." or ",": only the locale's decimal mark
    is a decimal point, a "," in "1,250" is en_GB's thousands separator)."""

    at: int
    p: float
    mark: str = "."


def points_heard(probs: Any, charset: str, text: str) -> tuple[Heard, ...]:
    """The points the model heard between two digits of its best path (``probs``: one
    line's (T, C) probabilities, class 0 the blank, ``charset[i - 1]`` class ``i``) and
    left out: per pair of neighbouring digits on the path and per mark ("." and ","), the
    most probability the mark got at a step from the first one's last to the second
    one's first, when it is at least :data:`HEARD_NOTED`. ``text``: the line's reading as
    given (after constraints and the like); when its characters are not the best path's,
    nothing (the places would not be its own)."""
    import numpy as np

    marks = [(c, i + 1) for i, c in enumerate(charset) if c in ".,"]
    if not marks or len(probs) == 0:
        return ()
    best = np.asarray(probs).argmax(axis=1)
    runs: list[tuple[str, int, int]] = []  # (character, first step, last step)
    prev = 0
    for t, k in enumerate(best):
        k = int(k)
        if k and k == prev:
            runs[-1] = (runs[-1][0], runs[-1][1], t)
        elif k:
            runs.append((charset[k - 1], t, t))
        prev = k
    runs = [r for r in runs if r[0] != " "]
    if "".join(r[0] for r in runs) != "".join(text.split()):
        return ()
    probs = np.asarray(probs)
    out = []
    for i in range(1, len(runs)):
        a, b = runs[i - 1], runs[i]
        if not (a[0].isdigit() and b[0].isdigit()):
            continue
        for mark, k in marks:
            p = float(probs[a[2]:b[1] + 1, k].max())
            if p >= HEARD_NOTED:
                out.append(Heard(i, round(p, 4), mark))
    return tuple(out)


def note_heard(page: Any, heard: tuple[Heard, ...], words: list[Any]) -> None:
    """Keep the points ``heard`` in a line (:func:`points_heard`) with the words its
    reading was split into (``words``, in order), in the page's note
    :data:`HEARD_NOTE`: (the word's text, its box, the point's place in the word, p, the
    mark). What an earlier reading of the same words noted goes: a line read again
    (another recognizer's pass over the page) leaves its latest reading's points."""
    kept = getattr(page, "notes", None)  # (a stand-in page without notes: none kept)
    if not words or kept is None or (not heard and HEARD_NOTE not in kept):
        return
    again = {(w.text, tuple(w.box.as_list())) for w in words}
    notes = [n for n in kept.get(HEARD_NOTE, []) if (n[0], tuple(n[1])) not in again]
    kept[HEARD_NOTE] = notes
    start = 0
    for w in words:
        n = len("".join(w.text.split()))
        for h in heard:
            # (a point where the reading has a space: noted with the word before it)
            if start < h.at <= start + n:
                notes.append((w.text, tuple(w.box.as_list()), h.at - start, h.p, h.mark))
        start += n


def heard_in(page: Any, words: list[Any]) -> list[Heard]:
    """The points heard in ``words`` (a value's words, in order, as read on ``page``),
    their places counted over the words' characters (spaces left out). A note without
    its mark is a "."."""
    notes = getattr(page, "notes", {}).get(HEARD_NOTE)
    if not notes:
        return []
    out = []
    start = 0
    for w in words:
        box = tuple(w.box.as_list())
        out.extend(Heard(start + at, p, (*mark, ".")[0]) for text, b, at, p, *mark in notes
                   if text == w.text and tuple(b) == box)
        start += len("".join(w.text.split()))
    return out
