"""Finding labels on a page, tolerantly: case, spacing, punctuation and OCR confusions."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from formsift.core.document import Line, Page, Word
from formsift.core.geometry import Box
from formsift.util.safe_regex import compile_pattern, finditer

# Characters OCR confuses, folded to one representative for a second, looser pass.
_CONFUSIONS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s",
                             "8": "b", "$": "s", "€": "e",
                             # OCR often loses accents: "Beträge" read as "Betrage"
                             **{c: unicodedata.normalize("NFKD", c)[0].translate(
                                 {ord("i"): "l"})
                                for c in "àáâãäåèéêëìíîïòóôõöùúûüýÿçñ"}})
_DROP = set(".:;,_-()[]*'\"")


@functools.lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Case-folded, accents kept, punctuation dropped, whitespace removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DROP)


@functools.lru_cache(maxsize=4096)
def loose(text: str) -> str:
    return normalize(text).translate(_CONFUSIONS)


@dataclass(frozen=True, slots=True)
class LabelHit:
    """Where a label was found: its words on a line, and how exactly it matched."""

    page: int
    line_index: int
    first: int  # index of the first word of the label in the line
    last: int  # index of the last word (inclusive)
    box: Box
    score: float


def find_label(page: Page, options: tuple[str | object, ...],
               lines: list[Line] | None = None) -> list[LabelHit]:
    """Every place on ``page`` (or in ``lines`` of it) where one of the label ``options``
    is written, best first."""
    return find_in_lines(page.index, page.lines if lines is None else lines, options)


def find_in_lines(page: int, lines: list[Line], options: tuple[str | object, ...]
                  ) -> list[LabelHit]:
    hits: list[LabelHit] = []
    for option in options:
        if isinstance(option, str):
            hits.extend(_find_text(page, lines, option))
        else:
            hits.extend(_find_regex(page, lines, option))
    hits.sort(key=lambda h: (-h.score, h.line_index, h.first))
    return hits


def _index(line: Line) -> tuple[str, str, list[int], list[int]]:
    """The line's normalized text (exact and OCR-loose) with each word's start and end."""
    cached = line.cache.get("labels")
    if cached is None:
        norms = [normalize(w.text) for w in line.words]
        starts, ends = [], []
        pos = 0
        for n in norms:
            starts.append(pos)
            pos += len(n)
            ends.append(pos)
        joined = "".join(norms)
        cached = (joined, joined.translate(_CONFUSIONS), starts, ends)
        line.cache["labels"] = cached
    return cached


def _find_text(page: int, lines: list[Line], label: str) -> list[LabelHit]:
    target = normalize(label)
    if not target:
        return []
    target_loose = loose(label)
    hits = []
    for li, line in enumerate(lines):
        joined, joined_loose, starts, ends = _index(line)
        for text, needle, score in ((joined, target, 1.0), (joined_loose, target_loose, 0.8)):
            found = False
            at = text.find(needle)
            while at >= 0:
                hit = _word_span(starts, ends, at, at + len(needle))
                if hit is not None:
                    first, last, exact_end = hit
                    s = score if exact_end else score * 0.9
                    if first > 0 and _same_phrase(line.words[first - 1], line.words[first]):
                        s *= 0.85  # "Date" inside "Due date": part of a longer label
                    elif last + 1 < len(line.words) and line.words[last + 1].text[:1].isalpha() \
                            and _same_phrase(line.words[last], line.words[last + 1]):
                        s *= 0.9  # "Employee" in "Employee ID": maybe a longer label
                    hits.append(LabelHit(page, li, first, last,
                                         _enclose(line.words[first:last + 1]), s))
                    found = True
                at = text.find(needle, at + 1)
            if found:
                break  # an exact hit on this line makes the loose pass pointless
    return hits


def _word_span(starts: list[int], ends: list[int], a: int, b: int
               ) -> tuple[int, int, bool] | None:
    """Words covering [a, b) when it starts at a word start and ends at (or one character
    before) a word end: "Total" in "Total:" or "Total1"; not "Total" inside "Subtotal"."""
    try:
        first = starts.index(a)
    except ValueError:
        return None
    for last in range(first, len(ends)):
        if ends[last] == b:
            return first, last, True
        if ends[last] == b + 1:
            return first, last, False
        if ends[last] > b + 1:
            return None
    return None


def _same_phrase(prev: Word, word: Word) -> bool:
    """Whether ``prev`` is close enough to ``word`` to be part of the same phrase."""
    gap = word.box.x0 - prev.box.x1
    return 0 <= gap < 1.2 * max(word.box.height, prev.box.height)


def _find_regex(page: int, lines: list[Line], regex_node: object) -> list[LabelHit]:
    compiled = compile_pattern(regex_node.pattern, regex_node.flags)  # type: ignore[attr-defined]
    hits = []
    for li, line in enumerate(lines):
        text, starts = line.cache.get("text") or line.cache.setdefault(
            "text", line_text_with_offsets(line.words))
        for m in finditer(compiled, text):
            if m.end() == m.start():
                continue
            first, last = span_to_words(starts, line.words, m.start(), m.end())
            hits.append(LabelHit(page, li, first, last, _enclose(line.words[first:last + 1]),
                                 1.0))
    return hits


def line_text_with_offsets(words: list[Word]) -> tuple[str, list[int]]:
    """Join words with single spaces; return the text and each word's start offset."""
    starts = []
    pos = 0
    parts = []
    for w in words:
        starts.append(pos)
        parts.append(w.text)
        pos += len(w.text) + 1
    return " ".join(parts), starts


def span_to_words(starts: list[int], words: list[Word], start: int, end: int) -> tuple[int, int]:
    """Indices of the first and last word that a character span [start, end) touches."""
    first = last = 0
    for i, s in enumerate(starts):
        if s <= start:
            first = i
        if s < end:
            last = i
    return first, max(first, last)


def _enclose(words: list[Word]) -> Box:
    return Box.enclosing([w.box for w in words])
