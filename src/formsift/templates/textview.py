"""The layout text view: a document's text laid out as its pages look, for ``search``.

Word-based locators (``right of``, ``below``...) read words and their boxes. Some templates
are better written as regular expressions over the page *text*, the way tools built on
``pdftotext -layout`` see it (invoice2data templates are): columns stay apart by runs of
spaces, a vertical gap leaves blank lines, and pages end with a form feed. This module
builds that text from the words' boxes, so it works the same for PDFs, plain-text files
and OCR'd scans, and keeps for every character the word it came from, so that a value a
regex finds still has its page, box, confidence and producer.

Normalization steps (``normalize { ... }`` in a template) rewrite the view while keeping
that character-to-word map.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import statistics
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from formsift.core.document import ODD_SPACES, Document, Line, Page, Word
from formsift.core.geometry import Box
from formsift.util.safe_regex import RegexTimeout, compile_pattern, recognized_text, timed

#: A gap between two words narrower than this many characters is one space.
_SINGLE_SPACE_GAP = 1.6
#: ... and between two words of one line of the producer's (a PDF's text line: "Total
#: EUR   1,190.00" written as one string with runs of spaces), which pdftotext joins
#: with one space.
_SAME_LINE_GAP = 2.5
#: No-break, thin and narrow no-break spaces inside a word ("1 250") are spaces in the
#: layout text, as pdftotext writes them (one character for one: owners stay aligned).
_PLAIN_SPACES = str.maketrans(dict.fromkeys(ODD_SPACES, " "))
#: Spaces at least between a fragment and one wholly to its left (as pdftotext leaves).
_COLUMN_GAP = 3
#: Step names a template's ``normalize`` block may use (``replace`` takes arguments).
NORMALIZE_STEPS = ("remove_spaces", "remove_accents", "lowercase", "replace")


@dataclass(frozen=True)
class NormalizeStep:
    """One rewriting of the text view: a named step, or ``replace`` with a regex."""

    name: str
    pattern: str = ""
    flags: str = ""
    replacement: str = ""


@dataclass
class TextView:
    """Text plus, for each character, the index of the word it belongs to (-1: layout)."""

    text: str
    owners: list[int]
    words: list[Word]
    #: Offsets where each page's text starts.
    page_starts: list[int] = field(default_factory=list)

    @functools.cached_property
    def match_text(self) -> str:
        """The text as template regexes read it: the characters of words a recognizer
        read are marked (:class:`~formsift.util.safe_regex.RecognizedText`), and a regex
        finds their letters whatever their accents."""
        return _marked(self.text, self.owners, self.words)

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words that characters ``[start, end)`` come from, in order, no repeats."""
        seen: dict[int, None] = {}
        for o in self.owners[max(0, start):min(end, len(self.owners))]:
            if o >= 0:
                seen[o] = None
        return [self.words[i] for i in seen]

    def page_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.page_starts, offset) - 1)

    def slice(self, start: int, end: int) -> TextView:
        """The view of ``text[start:end]`` (for a block between two matches)."""
        starts = [max(0, s - start) for s in self.page_starts if s < end]
        return TextView(self.text[start:end], self.owners[start:end], self.words,
                        starts or [0])


# ---------------------------------------------------------------- building the view
def _char_width(lines: list[Line]) -> float:
    widths = [w.box.width / len(w.text) for ln in lines for w in ln.words
              if len(w.text) >= 2 and w.box.width > 0]
    if not widths:
        return 0.01
    return max(1e-4, statistics.median(widths))


def _line_pitch(lines: list[Line]) -> float:
    boxes = [ln.box for ln in lines]
    deltas = [b.y1 - a.y1 for a, b in itertools.pairwise(boxes) if b.y1 - a.y1 > 0]
    heights = [b.height for b in boxes if b.height > 0]
    if not deltas:
        return max(heights, default=0.02)
    pitch = statistics.median(deltas)
    # a page of widely spaced lines still has blank lines only where gaps are unusual
    return max(pitch, statistics.median(heights) if heights else pitch)


@dataclass
class _Frag:
    """A run of words on one row separated by single spaces (pdftotext's fragment)."""

    words: list[Word]
    row: int
    text: str = ""
    col: int = 0

    @property
    def x0(self) -> float:
        return self.words[0].box.x0

    @property
    def x1(self) -> float:
        return self.words[-1].box.x1


def _fragments(lines: list[Line]) -> list[list[Word]]:
    """The producer's own lines (pymupdf's), which page lines may have merged."""
    out: list[list[Word]] = []
    for ln in lines:
        groups: dict[object, list[Word]] = {}
        for w in ln.words:
            groups.setdefault(w.line_key, []).append(w)
        out.extend(groups.values())
    return out


def _rows(lines: list[Line]) -> list[list[Word]]:
    """Fragments whose bottoms (about their baselines) are close merged into rows, as
    pdftotext lays them out: a tall title shares the row of the line it ends on."""
    frags = sorted(_fragments(lines), key=lambda ws: max(w.box.y1 for w in ws))
    rows: list[list[Word]] = []
    refs: list[tuple[float, float]] = []
    for ws in frags:
        y1 = max(w.box.y1 for w in ws)
        h = max(w.box.height for w in ws)
        for j in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            ry1, rh = refs[j]
            if abs(y1 - ry1) <= 0.75 * min(h, rh) and all(
                    w.box.x1 <= v.box.x0 or v.box.x1 <= w.box.x0 for w in ws for v in rows[j]):
                rows[j].extend(ws)
                break
        else:
            rows.append(list(ws))
            refs.append((y1, h))
    return [sorted(r, key=lambda w: w.box.x0) for r in rows]


def _frags(rows: list[list[Word]], cw: float) -> list[_Frag]:
    frags: list[_Frag] = []
    for r, words in enumerate(rows):
        current: list[Word] = []
        for w in words:
            limit = _SINGLE_SPACE_GAP if w.line_key is None or \
                w.line_key != (current[-1].line_key if current else None) \
                else _SAME_LINE_GAP
            if current and (w.box.x0 - current[-1].box.x1) / cw >= limit:
                frags.append(_Frag(current, r))
                current = []
            current.append(w)
        if current:
            frags.append(_Frag(current, r))
    for f in frags:
        f.text = " ".join(w.text for w in f.words)
    return frags


def _assign_columns(frags: list[_Frag]) -> None:
    """Columns like pdftotext's physical layout: a fragment starts after every fragment
    wholly to its left, and at the interpolated character of a fragment it starts within.

    Fragments clearly to the left of the current one only raise a running maximum (they
    stay to the left of every later fragment too), so the work is about fragments x rows.
    """
    ordered = sorted(frags, key=lambda f: f.x0)
    # per fragment: x0, x1, length, half a character, column (filled in)
    active: dict[int, tuple[float, float, int, float, _Frag]] = {}
    by_end: list[tuple[float, int]] = []  # (x1 + half a character, key in ``active``)
    done_max = 0
    row_end: dict[int, int] = {}  # where each row's text ends so far
    for i, f in enumerate(ordered):
        x0 = f.words[0].box.x0
        while by_end and by_end[0][0] < x0:
            _, k = heapq.heappop(by_end)
            _, _, n, _, g = active.pop(k)
            done_max = max(done_max, g.col + n + _COLUMN_GAP)
        col = done_max
        for gx0, gx1, n, half, g in active.values():
            if x0 >= gx1:  # right at its end (within half a character): no space
                c = g.col + n + (_COLUMN_GAP if x0 - gx1 > half else 0)
            else:
                c = g.col + int((x0 - gx0) / max(1e-6, gx1 - gx0) * n)
            if c > col:
                col = c
        if f.row in row_end:  # a new column on a row is set apart by a few spaces
            col = max(col, row_end[f.row] + _COLUMN_GAP)
        f.col = col
        row_end[f.row] = col + len(f.text)
        x1 = f.words[-1].box.x1
        n = len(f.text)
        half = 0.5 * (x1 - x0) / max(1, n)
        active[i] = (x0, x1, n, half, f)
        heapq.heappush(by_end, (x1 + half, i))


def layout_lines(lines: list[Line], *, compact: bool = False, grid: float | None = None
                 ) -> tuple[list[str], list[list[int]], list[Word]]:
    """Each row's text laid out in character columns, and each character's word index.

    ``compact``: the words of each line separated by one space, no blank lines (the text
    of a region). ``grid``: the page is a character grid this many columns wide (a text
    file): words go to their exact columns.
    """
    words: list[Word] = []
    texts: list[str] = []
    owners: list[list[int]] = []
    if not lines:
        return texts, owners, words
    rows = [list(ln.words) for ln in lines] if compact else _rows(lines)
    cw = _char_width(lines)
    frags = _frags(rows, cw if not compact else float("inf"))
    if grid is not None and not compact:
        for f in frags:
            f.col = round(f.x0 * grid)
    elif not compact:
        _assign_columns(frags)
    by_row: dict[int, list[_Frag]] = {}
    for f in frags:
        by_row.setdefault(f.row, []).append(f)
    pitch = _line_pitch(lines)
    prev_bottom: float | None = None
    for r, row_words in enumerate(rows):
        bottom = max(w.box.y1 for w in row_words)
        if prev_bottom is not None and not compact:
            blank = round((bottom - prev_bottom) / pitch) - 1
            for _ in range(max(0, min(blank, 8))):
                texts.append("")
                owners.append([])
        prev_bottom = bottom
        parts: list[str] = []
        own: list[int] = []
        cursor = 0
        for f in sorted(by_row.get(r, []), key=lambda f: f.x0):
            col = f.col if cursor == 0 or f.col > cursor else cursor + 1
            if compact and cursor:
                col = cursor + 1
            if col > cursor:
                parts.append(" " * (col - cursor))
                own.extend([-1] * (col - cursor))
            for k, w in enumerate(f.words):
                if k:
                    parts.append(" ")
                    own.append(-1)
                own.extend([len(words)] * len(w.text))
                words.append(w)
                parts.append(w.text.translate(_PLAIN_SPACES))
            cursor = max(col, cursor) + len(f.text)
        texts.append("".join(parts))
        owners.append(own)
    return texts, owners, words


def _page_view(page: Page, area: Box | None = None) -> tuple[str, list[int], list[Word]]:
    if area is None:
        lines = page.lines
    else:
        lines = []
        for ln in page.lines:
            ws = [w for w in ln.words if area.contains_center_of(w.box)]
            if ws:
                lines.append(Line(ws, page.index))
    texts, owners, words = layout_lines(lines, compact=area is not None,
                                        grid=page.width if page.unit == "char" else None)
    text = "\n".join(texts)
    flat: list[int] = []
    for i, own in enumerate(owners):
        if i:
            flat.append(-1)
        flat.extend(own)
    return text, flat, words


_PAGES: weakref.WeakKeyDictionary[Page, tuple[int, tuple[str, list[int], list[Word]]]] = \
    weakref.WeakKeyDictionary()


def _whole_page(page: Page) -> tuple[str, list[int], list[Word]]:
    """A page's layout (cached for the life of the page: classification and every
    ``search`` share it)."""
    cached = _PAGES.get(page)
    if cached is None or cached[0] != page.revision:  # words changed (OCR added some)
        cached = _PAGES[page] = (page.revision, _page_view(page))
    return cached[1]


def page_text(page: Page) -> str:
    """One page's layout text."""
    return _whole_page(page)[0]


def page_match_text(page: Page) -> str:
    """One page's layout text as template regexes read it (see
    :attr:`TextView.match_text`)."""
    return _marked(*_whole_page(page))


def _marked(text: str, owners: list[int], words: list[Word]) -> str:
    """``text`` with the characters of words a recognizer read marked."""
    flags = [w.recognized for w in words]
    if not any(flags):
        return text
    return recognized_text(text, bytes(o >= 0 and flags[o] for o in owners))


_CACHE: weakref.WeakKeyDictionary[Document, dict[tuple[object, ...], TextView]] = \
    weakref.WeakKeyDictionary()


def document_view(doc: Document, steps: tuple[NormalizeStep, ...] = (),
                  pages: Iterable[int] | None = None,
                  areas: dict[int, Box] | None = None) -> TextView:
    """The layout view of ``doc`` (pages end with a form feed, as pdftotext writes them),
    normalized by ``steps``; optionally only some pages, or areas of them (compact)."""
    page_list = list(pages) if pages is not None else [p.index for p in doc.pages]
    key = (tuple((i, doc.pages[i].revision) for i in page_list),
           tuple(sorted((k, v.as_list().__repr__())
                                          for k, v in (areas or {}).items())), steps)
    cache = _CACHE.setdefault(doc, {})
    if key in cache:
        return cache[key]
    parts: list[str] = []
    owners: list[int] = []
    words: list[Word] = []
    starts: list[int] = []
    pos = 0
    for index in page_list:
        page = doc.pages[index]
        area = (areas or {}).get(index)
        if areas is not None and area is None:
            continue
        text, own, ws = _whole_page(page) if area is None else _page_view(page, area)
        starts.append(pos)
        base = len(words)
        words.extend(ws)
        chunk = text + ("\n\f" if areas is None else "\n")
        parts.append(chunk)
        owners.extend(own if base == 0 else [o + base if o >= 0 else -1 for o in own])
        owners.extend([-1] * (len(chunk) - len(text)))
        pos += len(chunk)
    view = TextView("".join(parts), owners, words, starts or [0])
    for step in steps:
        view = apply_step(view, step)
    cache[key] = view
    return view


# ---------------------------------------------------------------- normalization
def _spread(owners: list[int], n: int) -> list[int]:
    """The words of ``n`` replacement characters, spread over the words of the text they
    replace in order (``1 jan t/m`` rewritten as ``01.01.-``: the first characters keep
    ``1``'s word, the last ones ``t/m``'s), so a value read from a rewritten span has the
    box of every word it came from; characters between words (-1) take the next word."""
    known = [o for o in owners if o >= 0]
    if not known:
        return [-1] * n
    return [known[min(len(known) - 1, i * len(known) // max(1, n))] for i in range(n)]


def apply_step(view: TextView, step: NormalizeStep) -> TextView:
    """One normalization step, keeping each character's word."""
    text, owners = view.text, view.owners
    out: list[str] = []
    own: list[int] = []
    if step.name == "remove_spaces":
        for ch, o in zip(text, owners, strict=True):
            # every space character (no-break and narrow no-break spaces of French
            # numbers too), not the line and page breaks
            if not ch.isspace() or ch in "\n\f\r":
                out.append(ch)
                own.append(o)
    elif step.name in ("remove_accents", "lowercase"):
        for ch, o in zip(text, owners, strict=True):
            if step.name == "lowercase":
                new = ch.lower()
            else:
                new = "".join(c for c in unicodedata.normalize("NFKD", ch)
                              if not 0x300 <= ord(c) <= 0x362)
            out.append(new)
            own.extend([o] * len(new))
    elif step.name == "replace":
        rx = compile_pattern(step.pattern, step.flags)
        pos = 0
        try:
            for m in timed(lambda t: list(rx.finditer(text, timeout=t)), 1.0):
                out.append(text[pos:m.start()])
                own.extend(owners[pos:m.start()])
                repl = m.expand(step.replacement)
                out.append(repl)
                own.extend(_spread(owners[m.start():m.end()], len(repl)))
                pos = m.end()
        except TimeoutError:
            raise RegexTimeout(f"normalize: replace /{step.pattern}/ timed out after 1 s "
                               f"on this document") from None
        out.append(text[pos:])
        own.extend(owners[pos:])
    else:
        raise ValueError(f"unknown normalization step {step.name!r}")
    new_text = "".join(out)
    # page starts move with the text: recount them from the form feeds
    feeds = [i + 1 for i, ch in enumerate(new_text) if ch == "\f"]
    starts = [0, *feeds[:-1]] if feeds else view.page_starts
    return TextView(new_text, own, view.words, starts)
