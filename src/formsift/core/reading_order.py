"""Reading order on multi-column pages (recursive XY cut over word boxes).

``Page.lines`` joins words that share a baseline across the whole page, which is what label
and value search needs; a person reads a two-column page column by column. The page is cut
into horizontal bands at blank gaps taller than a line's spacing, each band into columns
at vertical gutters that no word crosses, recursively; lines are grouped inside each part.
A line's words are read left to right, but a run of right-to-left words (Arabic, Hebrew)
from right to left (``logical_order``).
"""

from __future__ import annotations

import unicodedata

from formsift.core.document import Line, Word, group_lines

#: A band break: a blank gap at least this many word heights tall.
BAND_GAP = 1.2
#: A column gutter: a blank gap at least this many word heights wide, with at least
#: ``MIN_COLUMN_LINES`` lines on either side (a label and its far value stay one line).
GUTTER = 2.5
MIN_COLUMN_LINES = 2


def reading_order(words: list[Word]) -> list[Line]:
    """The words as lines in reading order: bands top to bottom, columns left to right."""
    if not words:
        return []
    heights = sorted(w.box.height for w in words)
    h = max(heights[len(heights) // 2], 1e-4)
    return [ln if (ordered := logical_order(ln.words)) is ln.words else Line(ordered, ln.page)
            for ln in _order(words, h, depth=0)]


def logical_order(words: list[Word]) -> list[Word]:
    """A line's words (left to right on the page) in the order they are read: each run of
    right-to-left words (words with Hebrew or Arabic letters, and the numbers and marks
    between two of them) reversed, as Unicode's bidirectional algorithm reads a
    right-to-left phrase in a left-to-right line back ('رقم الفاتورة' is shown with
    'الفاتورة' on the left); Latin words, and numbers at a run's ends, stay where they
    are. The words' boxes are not changed. A line without such letters is ``words``
    itself, unchanged."""
    order = reading_indexes([w.text for w in words])
    return words if order is None else [words[i] for i in order]


def reading_indexes(texts: list[str]) -> list[int] | None:
    """:func:`logical_order` on the words' texts: the indexes of ``texts`` in the other
    order, or None when no word has right-to-left letters. The reordering is its own
    inverse: it also gives the order a phrase typed as read is shown in on a page."""
    strong = [_right_to_left(t) for t in texts]
    if not any(strong):
        return None
    out: list[int] = []
    i, n = 0, len(texts)
    while i < n:
        if not strong[i]:
            out.append(i)
            i += 1
            continue
        last = k = i
        while k + 1 < n and (strong[k + 1] or not _has_letters(texts[k + 1])):
            k += 1
            if strong[k]:
                last = k
        out.extend(range(last, i - 1, -1))
        i = last + 1
    return out


def _right_to_left(text: str) -> bool:
    """Whether ``text`` has letters of a right-to-left script."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _order(words: list[Word], h: float, depth: int) -> list[Line]:
    if len(words) < 2 or depth > 30:
        return group_lines(words)
    bands = _split(words, "y", BAND_GAP * h)
    if len(bands) > 1:
        return [ln for b in bands for ln in _order(b, h, depth + 1)]
    columns = _split(words, "x", GUTTER * h)
    if len(columns) > 1 and all(len(group_lines(c)) >= MIN_COLUMN_LINES for c in columns):
        return [ln for c in columns for ln in _order(c, h, depth + 1)]
    return group_lines(words)


def _split(words: list[Word], axis: str, min_gap: float) -> list[list[Word]]:
    """Groups of words separated by blank gaps of at least ``min_gap`` along ``axis``."""
    def span(w: Word) -> tuple[float, float]:
        return (w.box.y0, w.box.y1) if axis == "y" else (w.box.x0, w.box.x1)

    ordered = sorted(words, key=lambda w: span(w)[0])
    groups: list[list[Word]] = [[ordered[0]]]
    reach = span(ordered[0])[1]
    for w in ordered[1:]:
        start, end = span(w)
        if start - reach >= min_gap:
            groups.append([])
        groups[-1].append(w)
        reach = max(reach, end)
    return groups
