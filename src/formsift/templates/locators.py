"""Locators: where a field's value is on the page, as scored candidates.

Every candidate keeps the raw text, page, box, confidence and the component that read the
words, so that a value can be trusted, explained and corrected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from formsift.core.document import Document, Line, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, Found, ParseContext
from formsift.templates import model as M
from formsift.templates.labels import (
    TAG,
    LabelHit,
    find_label,
    line_text_with_offsets,
    loose,
    normalize,
    span_to_words,
)
from formsift.templates.whole_match import pattern_matches
from formsift.util.number_text import quoted
from formsift.util.safe_regex import (
    DEFAULT_TIMEOUT,
    RegexTimeout,
    compile_pattern,
    joined,
    part,
    top_level_alternation,
)

#: Resolution at which pixel-reading field types see a PDF page (the engine's OCR
#: resolution); a raster input is seen at its own pixels, as the engine reads it.
IMAGE_DPI = 300


@dataclass
class Candidate:
    """A possible value for a field, with where it came from and how likely it is."""

    value: Any
    raw: str
    page: int  # 0-based
    box: Box | None
    confidence: float
    score: float
    locator: str
    source: str
    words: list[Word] = field(default_factory=list, repr=False)
    #: Another value the same characters read as, as likely (a table cell's tied reading).
    rival: Any = None
    #: The occurrence of the label a label's locator found the value beside (None for
    #: other locators): which of the places that print the label the value belongs to.
    anchor: Anchor | None = None
    #: How near where a label's locator looks it found the value: 1.0 on the label's line
    #: or the first line under (over) it, 0.15 less for each line farther (the score
    #: factor of :func:`relative_words`); 1.0 for other locators. A value found far away
    #: is no surer than this (:data:`formsift.templates.confidence.FAR_PLACEMENT`).
    placement: float = 1.0
    #: Found ``right of`` a label as the first thing after it (no other words between,
    #: no footnote mark or parenthesised note): a later ``or`` alternative's weaker
    #: candidate beside the same label occurrence is no rival of it (``locate``).
    first_beside: bool = False

    def key(self) -> tuple[Any, ...]:
        b = self.box.as_list() if self.box else None
        return (self.page, tuple(b) if b else None, str(self.value))


@dataclass(frozen=True)
class Anchor:
    """Where a label was found: its page (0-based), the box of its words and their
    normalized text."""

    page: int
    box: Box
    text: str
    #: The line of the page the label was read in, as the page prints it (a heading
    #: holding the label among other words, or a caption that is exactly it), and its
    #: place among the page's lines (1-based; 0: unknown).
    line: str = ""
    line_number: int = 0

    def describe(self) -> str:
        """Which occurrence of the label: ``page 1, line 3 'DEFECT / ACTION'``."""
        at = f", line {self.line_number}" if self.line_number else ""
        line = self.line if len(self.line) <= 60 else self.line[:57] + "..."
        return f"page {self.page + 1}{at} {line!r}"

    def same_place(self, other: Anchor) -> bool:
        """Whether two anchors are one place of the page (two labels of a field matching
        the same words: "Pay Period" and "Period")."""
        return self.page == other.page and self.box.intersection_area(other.box) > 0


class PageView:
    """A page's lines, optionally restricted to an area, with their texts cached."""

    def __init__(self, page: Page, area: Box | None = None) -> None:
        self.page = page
        self.area = area
        if area is None:
            self.lines = page.lines
        else:
            self.lines = []
            for line in page.lines:
                words = [w for w in line.words if area.contains_center_of(w.box)]
                if words:
                    self.lines.append(Line(words, page.index))


def resolve_region(doc: Document, page: Page, region: M.RegionSpec) -> Box | None:
    """The box of a region on ``page`` (None when its anchor label is not on the page)."""
    if not region.pages.includes(page.index, M.scope_count(doc)):
        return None
    if region.box is not None:
        return region.box
    hits = find_label(page, region.label)
    if not hits:
        return None
    hit = hits[0]
    lb = hit.box
    w, h = region.size or (1.0, 0.15)
    d = region.direction
    if d == "below":
        area = Box(lb.x0, lb.y1, min(1.0, lb.x0 + w), min(1.0, lb.y1 + h))
    elif d == "above":
        area = Box(lb.x0, max(0.0, lb.y0 - h), min(1.0, lb.x0 + w), lb.y0)
    elif d == "right of":
        area = Box(lb.x1, max(0.0, lb.cy - h / 2), min(1.0, lb.x1 + w),
                   min(1.0, lb.cy + h / 2))
    else:
        area = Box(max(0.0, lb.x0 - w), max(0.0, lb.cy - h / 2), lb.x0,
                   min(1.0, lb.cy + h / 2))
    return _in_its_box(page, hit, d, area)


#: How far past its label's ruled box a region may reach and still be that box, as a
#: share of the box's size (width or height): a region sized about its box stops at its
#: rulings, one drawn larger is taken as written.
REGION_OVERSHOOT = 0.5


def _in_its_box(page: Page, hit: LabelHit, direction: str, area: Box) -> Box:
    """A region ``area`` beside a label that is a ruled box's caption (or in a ruled box
    that holds words on the region's side: :func:`value_box`), ending at the box's
    rulings where it would reach into the next box by less than half the box's size: a
    CMR's `region sender = below "1 Absender" size(45%, 8%)` is the sender's box, not its
    address and the caption `2 Empfänger` of the box under it. A region reaching further
    past the box is taken as written (across boxes, on purpose)."""
    from formsift.templates.rulings import page_rulings

    rulings = page_rulings(page)
    if not rulings:
        return area
    label_words = page.lines[hit.line_index].words[hit.first:hit.last + 1]
    em = _em(label_words, hit.box, page.width / max(page.height, 1e-9))
    box = value_box(rulings, hit.box, direction, list(page.words), em)
    if box is None:
        return area
    slack_x, slack_y = REGION_OVERSHOOT * box.width, REGION_OVERSHOOT * box.height
    x0, y0, x1, y1 = area.x0, area.y0, area.x1, area.y1
    if box.x0 - slack_x < x0 < box.x0:
        x0 = box.x0
    if box.x1 < x1 < box.x1 + slack_x:
        x1 = box.x1
    if box.y0 - slack_y < y0 < box.y0:
        y0 = box.y0
    if box.y1 < y1 < box.y1 + slack_y:
        y1 = box.y1
    return Box(x0, y0, max(x0, x1), max(y0, y1))


#: What stands between an arithmetic's operand and its result: "3 x EUR 1,200.00 = EUR
#: 3,600.00", "1.200,00 € = 3.600,00 €".
_EQUALS = re.compile(r"\s*(?:[A-Z]{3}|[€$£¥])?\s*=\s*(?:[A-Z]{3}|[€$£¥])?\s*")


#: What stands before an operand on the right of an operation: "3 x EUR 1,200.00".
_OPERATED = re.compile(r"(?:[x×*+]|\bx)\s*(?:[A-Z]{3}|[€$£¥])?\s*$")


def _currency_code(word: str) -> bool:
    """Whether ``word`` is a currency code (ISO 4217, or "CDN", "NTD") written before an
    amount: "- EUR 1,234.56", "- USD1,234.56"."""
    from formsift.plugins.fieldtypes.amounts import CODE_ALIASES, CURRENCY_CODES

    m = re.fullmatch(r"([A-Z]{3})(?:[\d.,(-].*)?", word)
    return m is not None and (m[1] in CURRENCY_CODES or m[1] in CODE_ALIASES)


def _results_first(text: str, found: list[Found]) -> list[Found]:
    """``found`` with the result of a sum written out in the text ranked before its
    operand: "deposit of three months' rent (3 x EUR 1,200.00 = EUR 3,600.00)" is 3,600.00,
    though 1,200.00 comes first. Only an operand of an operation written before the '='
    ("3 x EUR 1,200.00 ="): "100.00 = 50.00 x 2" and "EUR 100.00 = CHF 95.00" stay as
    they are."""
    out = list(found)
    for f in found:
        if not _OPERATED.search(text, 0, f.start):
            continue
        for g in found:
            at = out.index(g)
            if g.start > f.end and _EQUALS.fullmatch(text, f.end, g.start) \
                    and at > out.index(f) and not g.tied and not f.tied \
                    and not (at + 1 < len(out) and out[at + 1].tied):
                out.remove(g)
                out.insert(out.index(f), g)
    return out


#: Two words closer than this share of a character's width (of their own characters)
#: touch: less than a word space (half a digit's width or more in print). A number the
#: recognizer split into such words ("11" and "8204" of a handwritten 118204, gap 0.2 of
#: a digit) is one number.
SPLIT_GAP_CHARS = 0.4


def _touching(a: Word, b: Word) -> bool:
    char = (a.box.width + b.box.width) / max(1, len(a.text) + len(b.text))
    return b.box.x0 - a.box.x1 < SPLIT_GAP_CHARS * char


def _split_numbers(text: str, starts: list[int], words: list[Word], found: list[Found],
                   ftype: FieldType, ctx: ParseContext) -> list[Found]:
    """``found`` (a number type's values in the ``text`` of ``words``) with a value that
    ends a word directly followed, touching it (:func:`_touching`), by a word of more
    digits never taken as its first part alone: read across the two words when that is a
    value of the type and the first part is digits only (the words' text joined: "11"
    "8204" is 118204); else tied with the value that starts in the next word ("12.50"
    touching "3.75"), so that a rule decides, or review (``ambiguous``). So is a value
    followed by a lone thousands or decimal mark and more digits, read as words of their
    own (:func:`_mark_between`: "2" "." "210", read across as "2.210", 2210 in de_DE)."""
    if getattr(ftype, "value_kind", None) not in ("number", "money") or len(words) < 2:
        return found
    ends = [st + len(w.text) for st, w in zip(starts, words, strict=True)]
    out = list(found)
    for f in found:
        last = next((i for i, e in enumerate(ends) if e == f.end), None)
        if last is None or last + 1 >= len(words) or f.start > ends[last] - 1:
            continue
        a, b = words[last], words[last + 1]
        mark = ""
        if last + 2 < len(words) and _mark_between(a, b, words[last + 2]):
            mark, b = b.text, words[last + 2]  # "2" "." "210": one number, its mark apart
            last += 1
        elif not (_digits_meet(a, b) and _touching(a, b)):
            continue
        nxt = starts[last + 1]
        read = [g for g in found if g.start <= f.start and g.end > nxt]
        if read:  # the type read across the gap already, as a space-grouped number ("73
            # 518"): touching, it is that number only, not also its first or last group
            whole = max(read, key=lambda g: (g.score, g.end - g.start))
            # (but a reading the type tied with it, of its first characters: a printed
            # "100" "25/100" is 100.25 or 100.00, touching or not)
            out = [x for x in out if x is whole or _rival_of(x, whole) or not (
                x.start == f.start or nxt <= x.start < ends[last + 1])]
            continue
        if f not in out:
            continue
        head = text[f.start:f.end]
        digits = re.match(r"[\d.,']*\d", b.text).end()  # type: ignore[union-attr]
        across = []
        if head.isdigit():  # split between its digits; "12.50" touching "3.75" is not one
            with contextlib.suppress(ValueError):
                across = [g for g in ftype.find(head + mark + b.text, ctx)
                          if g.start == 0 and g.end >= len(head + mark) + digits]
        at = out.index(f)
        if across:
            g = max(across, key=lambda g: g.end)
            joined = out[at] = Found(f.start, nxt + g.end - len(head + mark), g.value,
                                     f.score)
            out = [x for x in out if x is joined or not (f.end <= x.start < joined.end)]
            continue
        following = [x for x in out if nxt <= x.start < ends[last + 1]]
        if following:  # neither part alone is sure: tie the next one with this one
            x = following[0]
            out.remove(x)
            out.insert(out.index(f) + 1, dataclasses.replace(x, tied=True, score=f.score))
    return out


def _rival_of(x: Found, whole: Found) -> bool:
    """Whether ``x`` is a reading ``find`` tied with ``whole`` of the same first
    characters (``whole`` with its cents written as a fraction, ``x`` without them)."""
    return x.tied and x.start == whole.start and x.end < whole.end


#: A note's or reference's number: a whole number of one or two digits.
_NOTE_NUMBER = re.compile(r"\d{1,2}")


#: A thousands or decimal mark a recognizer may read as a word of its own between a
#: number's digit groups (the handwriting model reads a printed "2.210" as "2" "." "210").
_MARKS = frozenset(".,'’·")


def _mark(word: Word) -> bool:
    return len(word.text) == 1 and word.text in _MARKS


def _mark_between(a: Word, m: Word, b: Word) -> bool:
    """Whether a lone mark ``m`` (:data:`_MARKS`) parts the digits of ``a`` and ``b``, a
    narrower gap than a column's (:data:`NUMBER_GAP_CHARS`) on either side of it: one
    number whose mark the recognizer read apart, not "2" and "210". The gaps are measured
    in the widest of the three words' characters: a handwriting recognizer's box of one
    digit may be half as wide as its ink."""
    if not (_mark(m) and a.text[-1:].isdecimal() and b.text[:1].isdecimal()
            and a.page == m.page == b.page):
        return False
    char = max(w.box.width / max(1, len(w.text)) for w in (a, m, b))
    return max(m.box.x0 - a.box.x1, b.box.x0 - m.box.x1) <= NUMBER_GAP_CHARS * char


def _notes_last(text: str, found: list[Found], ftype: FieldType) -> list[Found]:
    """``found`` (an amount type's values in ``text``, best first) where the first is a
    whole number of one or two digits followed, with nothing but space between, by
    another amount: likely a note's or reference's number before the line's amounts (a
    statement's "Trade receivables   13   6,845   5,930", its Notes column). Before an
    amount written as one (thousands separators, decimals, a currency mark) it ranks
    below the amounts; before a plain whole number of more digits ("4   340": a note, or
    two years' amounts?) the two are tied, for a rule to decide, or review."""
    if getattr(ftype, "value_kind", None) != "money" or len(found) < 2:
        return found
    f = found[0]
    if f.tied or not _NOTE_NUMBER.fullmatch(text, f.start, f.end):
        return found
    after = [g for g in found if g.start >= f.end]
    if not after:
        return found
    g = min(after, key=lambda g: g.start)
    if text[f.end:g.start].strip():
        return found
    raw = text[g.start:g.end]
    if not raw.isdigit():  # "6,845", "340.00", "(120)", "€340": an amount as printed
        return [*found[1:], dataclasses.replace(f, tied=False)]
    if len(raw) > f.end - f.start and not g.tied:
        rest = [x for x in found[1:] if x is not g]
        return [f, dataclasses.replace(g, tied=True, score=f.score), *rest]
    return found


def _digits_meet(a: Word, b: Word) -> bool:
    """Whether word ``a`` ends and ``b`` starts with a decimal digit (what ``\\d``
    matches: "²" and "①" are digits to ``str.isdigit`` but no number's digits)."""
    return a.text[-1:].isdecimal() and b.text[:1].isdecimal()


#: Two numbers' words farther apart than this many characters (of the two words) are
#: never one number: a thousands space is one narrow gap, this is a column's gap.
NUMBER_GAP_CHARS = 1.5

#: How far apart (in characters, as :data:`NUMBER_GAP_CHARS`) a number's thousands group
#: may stand from the one to three digits before it and still be read with them: a
#: handwriting recognizer parts a French "3 125,00" at the writer's thousands space
#: ("3" "125,00", up to 1.9 characters apart on the scans measured), and typed text may
#: set it three spaces wide. Narrower than the column gaps seen between a number and an
#: amount on one line (a note's number, a quantity with no column of its own, two years'
#: columns: 8 characters and more).
GROUP_GAP_CHARS = 3.5

#: A word that may be a number's leading digits (one to three), and one that starts with
#: a thousands group: three digits, then no digit (a decimal part, a currency, nothing).
_LEADING_GROUP = re.compile(r"\d{1,3}")
_GROUP_AFTER = re.compile(r"\d{3}(?!\d)")


def numbers_apart(a: Word, b: Word) -> bool:
    """Whether ``b`` follows ``a`` a column's gap apart, wider than a thousands space
    (:data:`NUMBER_GAP_CHARS`), or on another page. One to three digits and a word that
    starts with a group of three ("3" and "125,00") are apart only past
    :data:`GROUP_GAP_CHARS`: nearer, they are read as one text, so that the locale says
    what it is (3125.00 where a space groups thousands, fr_FR; where none does, en_US,
    both readings, 3125.00 or 125.00, for a rule to decide, or review), never silently
    the last (or first) part. Only where a recognizer read them (a scan, handwriting): a
    text layer or a text file never splits its own "3 125,00", and there a count before
    an amount ("Licenses   12   450,00") is two columns."""
    chars = max(1, len(a.text) + len(b.text))
    gap = NUMBER_GAP_CHARS
    if a.recognized and b.recognized and _LEADING_GROUP.fullmatch(a.text) \
            and _GROUP_AFTER.match(b.text):
        gap = GROUP_GAP_CHARS
    return a.page != b.page or b.box.x0 - a.box.x1 > gap * (
        a.box.width + b.box.width) / chars


def _number_line_text(words: list[Word]) -> tuple[str, list[int]]:
    """The words' text for a number or amount type to read, with each word's start: by a
    space, but by two where a digit and a digit are a column's gap apart
    (:func:`numbers_apart`), which no number reads across ("95" and "185" in two year
    columns are no space-grouped 95 185, nor a note "4" and "340" a 4 340)."""
    text, starts = line_text_with_offsets(words)
    cuts = [starts[i] for i in range(1, len(words))
            if _digits_meet(words[i - 1], words[i]) and numbers_apart(words[i - 1], words[i])]
    if not cuts:
        return text, starts
    bounds = [0, *cuts, len(text)]
    text = joined(" ", [part(text, a, b) for a, b in itertools.pairwise(bounds)])
    return text, [st + sum(c <= st for c in cuts) for st in starts]


#: Two recognized words of a handwritten value at most this many of their line's word
#: spaces apart (:func:`_word_space`) are one run of writing, which may be a token the
#: recognizer split at a gap in the pen ("PL" "T-7710" of PLT-7710, "11:4" "0" of 11:40,
#: 0.9 and 1.2 characters apart on the field service journey's scans, where the line's
#: words stand 0.8 to 1 character apart: a pen's gap is often as wide as a word space,
#: so a run is read joined only when the joined text is a value the parts are not,
#: :func:`_split_runs`).
RUN_GAP = 1.5
#: A gap at most this many of the line's word spaces is clearly narrower than one: the
#: words beside it are one token's parts more likely than two words ("CRAC-4" "4", 0.3
#: of a character apart, where the line's words stand about 1 apart).
RUN_TIGHT = 0.5
#: The word space, in characters, of a line whose words give fewer than two gaps to
#: measure it on; and the narrowest taken (print sets words half a character apart).
WORD_SPACE_CHARS, MIN_WORD_SPACE_CHARS = 1.0, 0.5
#: A gap wider than this many characters is no word space (a column's, a blank's, the
#: distance from a label to its value).
WIDE_GAP_CHARS = 3.0
#: The confidence, at most, of the words of a value read across a handwritten run's gaps
#: (:func:`_split_runs`), or of a value that is only part of a run that does not read
#: whole: either may be wrong (a field hinted handwritten is no surer than its words).
RUN_DOUBT = 0.5
#: The score of that part, against the joined value's: a little less, so that the
#: joined value is taken, the part its rival all the same (``ambiguous``, at least
#: AMBIGUOUS_RATIO of its score).
RUN_PART_SCORE = 0.97


def _gap_chars(a: Word, b: Word) -> float:
    """The gap from ``a`` to ``b`` (the next word on its line), in characters of the two."""
    char = (a.box.width + b.box.width) / max(1, len(a.text) + len(b.text))
    return (b.box.x0 - a.box.x1) / max(char, 1e-9)


def _word_space(line: list[Word]) -> float:
    """The word space of ``line`` (its words left to right), in characters
    (:func:`_gap_chars`): the median gap between words next to each other on one page,
    none wider than :data:`WIDE_GAP_CHARS`; :data:`WORD_SPACE_CHARS` when fewer than two
    such gaps are left, :data:`MIN_WORD_SPACE_CHARS` at least."""
    gaps = sorted(max(0.0, g) for a, b in itertools.pairwise(line)
                  if a.page == b.page and (g := _gap_chars(a, b)) <= WIDE_GAP_CHARS)
    if len(gaps) < 2:
        return WORD_SPACE_CHARS
    n = len(gaps)
    median = gaps[n // 2] if n % 2 else (gaps[n // 2 - 1] + gaps[n // 2]) / 2
    return max(MIN_WORD_SPACE_CHARS, median)


def _in_run(a: Word, b: Word, space: float) -> bool:
    """Whether ``b`` follows ``a`` in one run of handwriting: :data:`RUN_GAP` word spaces
    (``space``, in characters) apart at most."""
    return a.recognized and b.recognized and a.page == b.page \
        and _gap_chars(a, b) <= RUN_GAP * space


def _reads_any_run(ftype: FieldType) -> bool:
    """Whether ``ftype`` reads about any run of letters and digits (a text or an ``id``
    without a pattern): a run joined reads as one of its values, which says nothing."""
    if getattr(ftype, "value_kind", None) != "text":
        return False
    constraint = ftype.constraint()
    return not getattr(getattr(ftype, "options", None), "pattern", None) and not (
        constraint is not None and constraint.pattern)


def no_surer(word: Word, cap: float) -> Word:
    """``word`` no surer than ``cap``, its characters' confidences too (what a lone
    handwritten letter's confidence is taken from: ``runtime.lone_letter``)."""
    return dataclasses.replace(
        word, confidence=min(word.confidence, cap),
        char_confidences=tuple(min(c, cap) for c in word.char_confidences))


def _split_runs(text: str, starts: list[int], words: list[Word], found: list[Found],
                ftype: FieldType, ctx: ParseContext, line: list[Word] | None = None
                ) -> tuple[list[Found], set[tuple[int, int]]]:
    """``found`` (the values of a ``handwritten`` field's type in the ``text`` of
    ``words``, on ``line``) where a value is only part of a run of recognized words that
    may stand a gap in the pen apart (:func:`_in_run`, by ``line``'s word space):
    "T-7710" of "PL T-7710", "CRAC-4" of "CRAC-4 4 02", a time "11:4 0" that reads as
    none. The run's words joined without their gaps are the value where the joined text
    is a value the parts are not: a date or a time the run reads whole (11:40, or
    2026-12-04 of "4/12/20 26", tied with the part the type read, ``ambiguous``); a
    code whose pattern (``id(/[A-Z]{3}-[0-9]{4}/)``) matches the joined run ("PLT-7710")
    and no part of it. A text or an ``id`` without a pattern reads any run joined, so is
    never joined. Where the run is not joined but reads joined as the type, the part
    the type read is doubted when another word of the run stands before it (between the
    label and it: "PL" of "PL T-7710") or right after it, clearly nearer than a word
    space (:data:`RUN_TIGHT`: "4" of "CRAC-4 4 02"); a word a word space after a value
    ("04/12/2026 JS", "T-7710 spare") leaves it as read. Also the spans of the values to
    doubt (their words no surer than :data:`RUN_DOUBT`): each joined value and each such
    part. Number and amount types join their split digits themselves
    (:func:`_split_numbers`)."""
    if getattr(ftype, "value_kind", None) in ("number", "money") or not words:
        return found, set()
    space = _word_space(line or words)
    free = _reads_any_run(ftype)
    coded = getattr(ftype, "value_kind", None) == "text"  # by a pattern: joined as none
    ends = [st + len(w.text) for st, w in zip(starts, words, strict=True)]
    runs = [0]
    for i in range(1, len(words)):
        runs.append(runs[-1] + (not _in_run(words[i - 1], words[i], space)))
    spans = {r: (runs.index(r), len(runs) - 1 - runs[::-1].index(r)) for r in set(runs)}
    joined_at: dict[int, Found | None] = {}
    out: list[Found] = []
    doubted: set[tuple[int, int]] = set()
    rivalled: set[int] = set()

    def joined(r: int) -> Found | None:
        if r not in joined_at:
            a, b = spans[r]
            whole = "".join(w.text for w in words[a:b + 1])
            try:
                read = [g for g in ftype.find(whole, ctx)
                        if g.start == 0 and g.end == len(whole)]
            except Exception:  # a type's regex running out of time: no joined value
                read = []
            joined_at[r] = Found(starts[a], ends[b], read[0].value, 1.0) if read else None
        return joined_at[r]

    for f in found:
        first, last = span_to_words(starts, words, f.start, max(f.start + 1, f.end))
        r = runs[first]
        a, b = spans[r]
        if runs[last] != r or a == b or (
                (a, b) == (first, last) and f.start == starts[a] and f.end == ends[b]):
            out.append(f)
            continue
        whole = joined(r)
        if whole is None or free or coded:  # the part stays
            out.append(f)
            if whole is not None and (a < first or (last < b and _gap_chars(
                    words[last], words[last + 1]) <= RUN_TIGHT * space)):
                doubted.add((f.start, f.end))  # the type cannot tell which was written
            continue
        if not any(x.start == whole.start and x.end == whole.end for x in out):
            out.append(dataclasses.replace(whole, score=f.score, tied=f.tied))
            doubted.add((whole.start, whole.end))
        if str(f.value) != str(whole.value) and r not in rivalled:
            # the part the type read first is the joined value's rival (its other parts,
            # "4" and "02" of "CRAC-4 4 02", are no values the writer meant)
            rivalled.add(r)
            out.append(dataclasses.replace(f, tied=True, score=f.score * RUN_PART_SCORE))
            doubted.add((f.start, f.end))
    # the runs that read whole though the type found no value in them at all ("11:4 0")
    for r, (a, b) in spans.items():
        if free or a == b or any(starts[a] <= f.start < ends[b] for f in found):
            continue
        whole = joined(r)
        if whole is not None:
            at = next((i for i, f in enumerate(out) if f.start > whole.start and not f.tied),
                      len(out))
            out.insert(at, whole)
            doubted.add((whole.start, whole.end))
    return out, doubted


def handwriting_context(ctx: ParseContext, words: list[Word]) -> ParseContext:
    """``ctx`` saying whether ``words`` are handwriting (``ParseContext.handwritten``):
    True where they were all read as handwriting; False where they are a text layer's
    (print); None otherwise: a recognizer's words labelled print may be handwriting the
    segmenter took for print, and, in a field hinted ``handwritten``, print may be print
    (a printed credit's ``1,250.00-`` in a column hinted so is a minus: code read R2)."""
    if words and not any(w.recognized for w in words):
        hand: bool | None = False
    elif words and all(w.handwritten for w in words):
        hand = True
    else:
        hand = None
    return ctx if ctx.handwritten is hand else dataclasses.replace(ctx, handwritten=hand)


def _candidates_in_words(words: list[Word], ftype: FieldType, ctx: ParseContext,
                         pattern: Any, locator: str, base_score: float,
                         first_only: bool = False, handwritten: bool = False,
                         line: list[Word] | None = None) -> list[Candidate]:
    """Values of ``ftype`` inside the text of ``words`` (one line, left to right);
    ``handwritten``: the words are beside the label of a field hinted so (a token its
    recognizer split at a gap in the pen is read whole: :func:`_split_runs`, by the word
    space of ``line``, the words' whole line)."""
    if not words:
        return []
    ctx = handwriting_context(ctx, words)
    if pattern is None and getattr(ftype, "value_kind", None) in ("number", "money"):
        text, starts = _number_line_text(words)
    else:
        text, starts = line_text_with_offsets(words)
    found: list[Found] = []
    doubted: set[tuple[int, int]] = set()
    if pattern is not None:
        # read whole where the regex can (a greedy repeat before the group, or its first
        # alternative, cut '18%' to '8%' in 'IGST @ 18%': whole_match)
        for m in pattern_matches(pattern, text, DEFAULT_TIMEOUT):
            if m.end() == m.start():
                continue
            # the first group; of alternatives ("(a)|(b)"), the one that matched
            g = 1 if m.groups() else 0
            if g and m.group(1) is None and top_level_alternation(pattern.pattern):
                g = next((i for i in range(2, len(m.groups()) + 1)
                          if m.group(i) is not None), 1)
            if g and m.group(g) is None:
                g = 0
            group, gstart = m.group(g), m.start(g)
            try:
                value = ftype.parse(group, ctx)
            except ValueError:
                continue
            found.append(Found(gstart, gstart + len(group), value, 1.0))
    else:
        found = _results_first(text, ftype.find(text, ctx))
        found = _split_numbers(text, starts, words, found, ftype, ctx)
        found = _notes_last(text, found, ftype)
        if handwritten:
            found, doubted = _split_runs(text, starts, words, found, ftype, ctx, line)
    out = []
    rank = -1
    for f in found:
        rank += not (f.tied and rank >= 0)
        first, last = span_to_words(starts, words, f.start, max(f.start + 1, f.end))
        used = words[first:last + 1]
        if (f.start, f.end) in doubted:  # read across a run's gaps, or a part of one
            used = [no_surer(w, RUN_DOUBT) for w in used]
        out.append(Candidate(
            value=f.value,
            # a number split in two touching words ("11" "8204") is one token as written,
            # so is one split at its mark ("2" "." "210")
            raw=text[f.start:starts[last] - 1] + text[starts[last]:f.end]
            if len(used) > 1 and _digits_meet(used[-2], used[-1])
            and _touching(used[-2], used[-1]) else
            text[f.start:starts[last - 1] - 1] + used[-2].text + text[starts[last]:f.end]
            if len(used) > 2 and _mark_between(*used[-3:]) else text[f.start:f.end],
            page=used[0].page,
            box=Box.enclosing([w.box for w in used]),
            confidence=min(w.confidence for w in used),
            # earlier (closer to the label) values rank higher
            score=base_score * f.score * (1.0 - min(0.5, 0.1 * rank)),
            locator=locator,
            source=",".join(sorted({w.source for w in used})),
            words=used,
        ))
        if first_only:
            break
    return out


def label_texts(fields: Iterable[M.FieldSpec]) -> frozenset[str]:
    """The template's labels, as :func:`value_is_a_label` compares a value with them: the
    loose text (:func:`~formsift.templates.labels.loose`) of each label written as text
    that a field's label locator looks for, of :data:`LABEL_VALUE_CHARS` characters or
    more."""
    out = set()
    for spec in fields:
        for loc in spec.locators:
            if loc.kind in ("relative", "after"):
                out.update(t for t in (loose(x) for x in loc.label if isinstance(x, str))
                           if len(t) >= LABEL_VALUE_CHARS)
    return frozenset(out)


#: The shortest label (in normalized characters) a value equal to it is taken for: a
#: "No" or "Tel" read as a value is one, whatever a template's "No." is.
LABEL_VALUE_CHARS = 4


def locate(doc: Document, spec: M.FieldSpec, ctx: ParseContext,
           regions: dict[str, M.RegionSpec], steps: tuple[Any, ...] = (),
           timeouts: list[str] | None = None, misses: list[str] | None = None,
           misfits: list[str] | None = None, one_place: bool = False,
           labels: frozenset[str] = frozenset()) -> list[Candidate]:
    """All candidates for a field, best first, from every locator the template gave.

    ``steps`` normalize the layout text that ``search`` locators read. A locator whose
    regex times out gives no candidates and the next one is still tried; the timeout is
    added to ``timeouts`` (raised when no list is given). ``misses`` receives the text a
    label or box locator found where its value should be when none of it parsed as the
    field's type (what a person needs to see why a field is missing); ``misfits`` those of
    them that hold a value of the type's shape failing its check (``FieldType.misfit``).
    ``labels``: the template's labels (:func:`label_texts`), which no value beside a
    label is (:func:`value_is_a_label`).

    Locators joined with ``or`` are alternatives in the template's order. Where an
    earlier one found a value as the first thing right of a label occurrence
    (``Candidate.first_beside``), a later one's candidates beside that occurrence scoring
    no higher are none (:func:`_claimed`); otherwise they all compete. Where one finds,
    beside a label, a date that does not exist or an IBAN / VAT id whose check fails, as
    the whole of the words there or their first token (:func:`_blocks`: "31.02.2026"),
    later ones are not read at all: no other value stands in for an invalid one.
    """
    from formsift.templates import search

    out: list[Candidate] = []
    claimed: list[tuple[Anchor, float]] = []  # a value first right of a label, its score
    for order, loc in enumerate(spec.locators):
        weight = 1.0 - 0.05 * order  # the template's first locator is preferred
        invalid_at: list[Anchor] = []
        had = len(misfits) if misfits is not None else 0
        try:
            found = _locate_one(doc, spec, loc, ctx, regions, steps, weight, misses,
                                misfits, labels, invalid_at)
        except RegexTimeout as exc:
            if timeouts is None:
                raise
            later = " (the next locator was tried)" if order + 1 < len(spec.locators) else ""
            timeouts.append(f"field '{spec.name}', locator {loc.describe()}: {exc}{later}")
            continue
        out.extend(c for c in found if not _claimed(c, claimed))
        claimed += [(c.anchor, c.score) for c in found if c.anchor is not None
                    and c.first_beside]
        if invalid_at or (loc.kind in ("box", "region") and misfits is not None
                          and _checked_type(spec.type)
                          and any(UNREAD_DIGITS not in n for n in misfits[had:])):
            break  # an invalid value where this alternative looks: no later one replaces it
    # a type that takes its values from certain words only (a barcode's, not the print)
    out = [c for c in _dedupe(out)
           if not c.words or spec.type is None or spec.type.takes(c.raw, c.words, doc)]
    if one_place and spec.combine in ("first", "last"):
        out = beside_one_label(out)
    if spec.combine:
        out = search.combine(spec.combine, out, " or ".join(x.describe() for x in spec.locators))
    return out


def _claimed(c: Candidate, claims: list[tuple[Anchor, float]]) -> bool:
    """Whether ``c`` was found beside a label occurrence where an earlier ``or``
    alternative found a value first right of the label (``claims``: the occurrence and
    that value's score) scoring at least as high: ``right of "Rechnungsdatum" or below
    "Rechnungsdatum"`` takes "Rechnungsdatum 15.03.2026", and the due date on the row
    under it is no rival of it. A number after other words or a footnote mark
    ("Gesamtbetrag 1)", "Total (3 items)") claims nothing: the candidates compete."""
    return c.anchor is not None and any(
        c.anchor.same_place(a) and score >= c.score - 1e-9 for a, score in claims)


#: A token that reads as a numeric date, whole: "31.02.2026", "2026-13-01", "30/02/26".
_DATE_TOKEN = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{2,4}\.?")
#: A range of two such dates printed without spaces, any dash between them, its dates
#: the groups "first" and "last": "31.02.2026-31.03.2026", "01.03.2026–31.02.2026".
_DATE_SPAN = re.compile(r"(?P<first>\d{1,4}([./-])\d{1,2}\2\d{2,4})[-\u2010-\u2015\u2212]"
                        r"(?P<last>\d{1,4}([./-])\d{1,2}\4\d{2,4})\.?")
#: Words that are a date with a month's name, whole: "30 February 2026", "Feb 30, 2026".
_NAMED_DATE = re.compile(r"\d{1,2}\.?\s+[^\W\d]+\.?,?\s+\d{4}|[^\W\d]+\.?\s+\d{1,2},?\s+\d{4}")


def _checked_type(ftype: FieldType | None) -> bool:
    """Whether ``ftype``'s invalid values stop later ``or`` alternatives: dates, and
    identifiers with check digits (IBAN, VAT id); not a percentage where an amount
    belongs, a unit, a length."""
    return ftype is not None and (ftype.value_kind == "date" or ftype.name in ("iban", "vat"))


def _blocks(words: list[Word], ftype: FieldType | None, ctx: ParseContext) -> bool:
    """Whether ``words`` beside a label are an invalid value of ``ftype`` that no later
    ``or`` alternative replaces: a date that does not exist as the whole of the words or
    their first token ("31.02.2026", "31.02.2026 (Lieferung)"), not a date-shaped piece of
    a phone number, version or lot ("Tel. 04.31.02.45.67", "release 4.0.18", "Lot
    00.12.2026"); an IBAN / VAT id whose check fails. Other types' invalid values (a
    percentage in the caption "Net amount (excl. 19 % VAT)") do not stop them."""
    if not words or ftype is None or not _checked_type(ftype):
        return False
    text = " ".join(w.text for w in words)
    if ftype.value_kind != "date":
        return ftype.misfit(text, ctx) is not None
    dates = _first_dates(words)
    if dates:
        return any(ftype.misfit(date, ctx) is not None for date in dates)
    return _NAMED_DATE.fullmatch(" ".join(text.split())) is not None \
        and ftype.misfit(text, ctx) is not None


def _first_dates(words: list[Word]) -> list[str]:
    """The first of ``words`` when it reads as a numeric date, whole ("31.02.2026"), or
    both dates of a range it starts, printed with or without spaces around its dash
    ("31.02.2026-31.03.2026", "01.03.2026 - 31.02.2026"); else none."""
    first = words[0].text
    if _DATE_TOKEN.fullmatch(first):
        return [w.text for w in _leading_date(words) if _DATE_TOKEN.fullmatch(w.text)]
    span = _DATE_SPAN.fullmatch(first)
    return [span["first"], span["last"]] if span is not None else []


def _leading_date(words: list[Word]) -> list[Word]:
    """The first of ``words``, or the first three where they are a range of numeric dates
    with spaces around its dash ("01.03.2026 - 31.02.2026")."""
    if len(words) > 2 and _DATE_TOKEN.fullmatch(words[0].text) \
            and _DASH.fullmatch(words[1].text) and _DATE_TOKEN.fullmatch(words[2].text):
        return words[:3]
    return words[:1]


#: A dash alone between two words.
_DASH = re.compile(r"[-\u2010-\u2015\u2212]")


def _first_beside(c: Candidate, hit: LabelHit, lines: list[Line], loc: M.LocatorSpec) -> bool:
    """Whether ``c``, found ``right of`` the label ``hit``, is the first thing after it:
    its first word the label's next (past a lone colon or dash), and that word no
    footnote mark or note ("1)", "(3", "*1")."""
    if loc.kind != "relative" or loc.direction != "right of" or not c.words:
        return False
    after = ([hit.rest] if hit.rest is not None else []) + \
        lines[hit.line_index].words[hit.last + 1:]
    after = [w for w in after if w.text not in (":", "-", "\u2013", "\u2014")]
    if not after or after[0].box != c.words[0].box:
        return False
    return not any(ch in "()[]*\u2020" for ch in after[0].text)


def beside_one_label(cands: list[Candidate]) -> list[Candidate]:
    """``cands`` (best first) less those found beside another occurrence of a label than
    the best one's (``locate(one_place=True)``, for a page that holds two documents: the
    first one's values, not a mix). Candidates of locators without a label stay."""
    if not cands or cands[0].anchor is None:
        return cands
    best = cands[0].anchor
    return [c for c in cands if c.anchor is not None and c.anchor.same_place(best)]


def _locate_one(doc: Document, spec: M.FieldSpec, loc: M.LocatorSpec, ctx: ParseContext,
                regions: dict[str, M.RegionSpec], steps: tuple[Any, ...], weight: float,
                misses: list[str] | None = None, misfits: list[str] | None = None,
                labels: frozenset[str] = frozenset(),
                invalid_at: list[Anchor] | None = None) -> list[Candidate]:
    """The candidates one locator of a field finds, on every page the field looks at."""
    from formsift.templates import search

    if loc.kind == "search":
        return search.search_candidates(doc, spec, loc, ctx, regions, steps, weight, misses)
    if loc.kind == "constant":
        return [Candidate(loc.value if not isinstance(loc.value, str) else
                          _parse_or_raw(spec.type, loc.value, ctx),
                          str(loc.value), 0, None, 1.0, weight, loc.describe(), "template")]
    pattern = compile_pattern(spec.pattern.pattern, spec.pattern.flags) if spec.pattern else None
    out: list[Candidate] = []
    count = M.scope_count(doc)
    for page in doc.pages:
        if not spec.pages.includes(page.index, count):
            continue
        scope_box = None
        if spec.scope is not None:
            scope_box = resolve_region(doc, page, regions[spec.scope])
            if scope_box is None:
                continue
        view = PageView(page, scope_box)
        out.extend(_locate_on_page(doc, page, view, loc, spec, ctx, regions, pattern, weight,
                                   misses, misfits, labels, invalid_at))
    return out


def _parse_or_raw(ftype: FieldType, raw: str, ctx: ParseContext) -> Any:
    try:
        return ftype.parse(raw, ctx)
    except ValueError:
        return raw


def _locate_on_page(doc: Document, page: Page, view: PageView, loc: M.LocatorSpec,
                    spec: M.FieldSpec, ctx: ParseContext, regions: dict[str, M.RegionSpec],
                    pattern: Any, weight: float, misses: list[str] | None = None,
                    misfits: list[str] | None = None,
                    labels: frozenset[str] = frozenset(),
                    invalid_at: list[Anchor] | None = None) -> list[Candidate]:
    """The candidates of one locator on one page; ``invalid_at`` receives the label
    occurrences beside which a value of the type's shape failed its check (``misfits``)."""
    ftype = spec.type
    desc = loc.describe()
    if loc.kind in ("box", "region"):
        area = loc.box if loc.kind == "box" else resolve_region(doc, page, regions[loc.region])
        if area is None:
            return []
        area = area if view.area is None else _clip(area, view.area)
        if ftype.reads_image:  # signatures, initials: pixels, not words
            return _from_image(page, area, ftype, desc, weight)
        inner = PageView(page, area)
        found = _from_lines(inner.lines, ftype, ctx, pattern, desc, weight)
        if not found and misses is not None and inner.lines:
            where = desc if loc.kind == "region" else f"in {desc}"
            _missed(misses, [w for ln in inner.lines for w in ln.words], where,
                    ftype, ctx, misfits, spec.handwritten)
        return found
    if loc.kind in ("anywhere", "pattern"):
        pat = pattern
        if loc.kind == "pattern":
            assert loc.regex is not None
            pat = compile_pattern(loc.regex.pattern, loc.regex.flags)
        found = _from_lines(view.lines, ftype, ctx, pat, desc, weight * 0.9)
        if not found and loc.kind == "anywhere" and misfits is not None \
                and getattr(ftype, "value_kind", None) == "text":
            _misfit_anywhere(view.lines, ftype, ctx, misses, misfits)
        return found
    hits = find_label(page, loc.label, view.lines)
    out = []
    blank = None  # the score of a match with nothing beside it: the field left blank
    for hit in hits[:5]:
        stopped: list[list[Word]] = []
        found = relative_candidates(view.lines, hit, loc, spec, ctx, pattern, desc,
                                    weight * hit.score, page, labels, stopped)
        label = " ".join(w.text for w in view.lines[hit.line_index].words[
            hit.first:hit.last + 1])
        if hit.rest is not None and label.endswith(hit.rest.text):
            label = label[:-len(hit.rest.text)]  # "Total:12.50": the label is "Total:"
        own = view.lines[hit.line_index]
        number = next((i + 1 for i, ln in enumerate(page.lines) if ln is own), 0)
        anchor = Anchor(page.index, hit.box, normalize(label),
                        " ".join(w.text for w in own.words), number)
        for c in found:
            c.anchor = anchor
            c.first_beside = _first_beside(c, hit, view.lines, loc)
        if not found and misses is not None:
            beside = stopped[0] if stopped else next(
                (w for w, _, _ in relative_words(view.lines, hit, loc, spec, page, labels)
                 if w), [])
            label = " ".join(w.text for w in view.lines[hit.line_index].words[
                hit.first:hit.last + 1])
            direction = loc.direction if loc.kind == "relative" else "after"
            if not beside:
                blank = hit.score if blank is None else max(blank, hit.score)
            # (what a worse match has beside it says nothing of a blank field: not the
            # header "Date Signed"'s "Signed" for a blank "Date:")
            elif (blank is None or hit.score >= blank - 1e-9) and _missed(
                    misses, beside, f'{direction} "{label}"', ftype, ctx, misfits,
                    spec.handwritten) and invalid_at is not None \
                    and _blocks(beside, ftype, ctx):
                invalid_at.append(anchor)  # an invalid value beside this occurrence
        out.extend(found)
    return out


def _misfit_anywhere(lines: list[Line], ftype: FieldType, ctx: ParseContext,
                     misses: list[str] | None, misfits: list[str]) -> None:
    """For an identifier read ``anywhere`` that found none: the first text of the page that
    has the type's shape but fails its check ("DE86 7005 ... 30": an IBAN whose check
    digits are wrong), noted as for a label's value (an ``invalid_value``, not a field
    missing: a wrong payee IBAN is a fraud signal, not a blank)."""
    for line in lines:
        for i in range(len(line.words)):
            if ftype.misfit(" ".join(w.text for w in line.words[i:]), ctx):
                _missed(misses if misses is not None else [], line.words[i:], "anywhere",
                        ftype, ctx, misfits)
                return


#: What a misfit note of printed digits that did not read says (:func:`_missed`).
UNREAD_DIGITS = "holds digits that do not read as"


def _looks_numeric(text: str) -> bool:
    from formsift.templates.tables import looks_numeric  # (tables imports this module)

    return looks_numeric(text)


def _missed(misses: list[str], words: list[Word], where: str, ftype: FieldType | None = None,
            ctx: ParseContext | None = None, misfits: list[str] | None = None,
            handwritten: bool = False) -> str | None:
    """Note the text ``words`` hold ``where`` a value was expected (shortened), and in
    ``misfits`` why it is a value of the type that fails its check, if it is one, or
    handwriting (of a field hinted ``handwritten``, or words read as such) that does not
    read as a number, an amount or a date, or (words read as handwriting) as a value of a
    text type (an e-mail, an IBAN, an id). Returns that why (None where there is none)."""
    if not words:
        return None
    full = " ".join(w.text for w in words)
    text = full if len(full) <= 40 else full[:37] + "..."
    note = f"the text {where} is {quoted(text)}"
    why = ftype.misfit(full, ctx) if ftype is not None and ctx is not None else None
    if why is None and ftype is not None and ctx is not None and ftype.value_kind == "date":
        # a range with a date that does not exist: its other date, which the type reads,
        # does not make it right ("31.02.2026-31.03.2026", "01.03.2026-31.02.2026")
        why = next((w for date in _first_dates(words)
                    if (w := ftype.misfit(date, ctx)) is not None), None)
    if why is None and ftype is not None and ftype.value_kind in ("number", "money", "date"):
        # a person wrote something where the value belongs: a correction nobody can read
        # must not vanish (the printed value would then stand unchallenged). Printed
        # words of a hinted field's area count only when they look like an attempt at a
        # value (two digits or more, no letters), not its label ("7b Corrected total:")
        written = [w for w in words if w.handwritten
                   or (handwritten and sum(ch.isdigit() for ch in w.text) >= 2
                       and not any(ch.isalpha() for ch in w.text))]
        if written:
            what = "handwriting" if all(w.handwritten for w in written) else \
                "the text (in a field hinted handwritten)"
            why = (f'{what} "{" ".join(w.text for w in written)[:40]}" does not read '
                   f"as {a_or_an(ftype.name)} value")
        elif ftype.value_kind in ("number", "money") and _looks_numeric(full):
            # printed digits that do not read ("3O.00", "3l.70"): an optional field must
            # not take them for a blank (or its default 0); see runtime._invalid_values
            why = f"{quoted(text)} {UNREAD_DIGITS} {a_or_an(ftype.name)} value"
    elif why is None and ftype is not None and ftype.value_kind == "text":
        # an e-mail, an IBAN, an id a person wrote that does not read ('melli cmaiteosk'
        # for an address): not a blank either, though print there may be anything
        written = [w for w in words if w.handwritten]
        if written:
            why = (f'handwriting "{" ".join(w.text for w in written)[:40]}" does not read '
                   f"as {a_or_an(ftype.name)} value")
    if why and misfits is not None and f"{where}: {why}" not in misfits:
        misfits.append(f"{where}: {why}")
    if note not in misses:
        misses.append(note)
    return why


#: What a person writes in a signature or initials box instead of signing ("N/A",
#: "VOID", "none"): read there, the box is not signed, however much ink the words have.
NOT_A_MARK = frozenset({"na", "n/a", "void", "none", "nil", "unsigned", "notsigned",
                        "refused", "declined", "null"})


def _written_instead(page: Page, area: Box) -> str | None:
    """The words in ``area`` when they say the box is not signed (:data:`NOT_A_MARK`)."""
    inside = [w for w in page.words if area.contains_center_of(w.box)]
    text = "".join(ch for w in inside for ch in w.text.casefold() if ch.isalnum() or ch == "/")
    return " ".join(w.text for w in inside) if text and (
        text in NOT_A_MARK or text.replace("/", "") in NOT_A_MARK) else None


def _from_image(page: Page, area: Box, ftype: FieldType, desc: str, weight: float
                ) -> list[Candidate]:
    dpi = page.notes.get("image", {}).get("dpi") or IMAGE_DPI
    image = page.image(dpi)
    # printed words are masked, not the mark itself read as print (neat initials "MK")
    written = getattr(ftype, "written_print", None)
    printed = [w.box for w in page.words if not w.handwritten
               and area.contains_center_of(w.box) and w.confidence >= 0.8
               and not (written is not None and written(w, image, page.words))]
    value, confidence, raw = ftype.read_image(image, area, printed)
    said = _written_instead(page, area) if value is True and ftype.value_kind == "bool" \
        else None
    if said is not None and len(getattr(ftype, "words", ())) == 2:
        # "VOID" written across a signature line has a signature's ink and strokes
        value, raw = False, ftype.words[1]
    return [Candidate(value, raw, page.index, area, confidence, weight, desc, ftype.name)]


def a_or_an(word: str) -> str:
    """``word`` with its indefinite article: "an iban", "a money"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _clip(a: Box, b: Box) -> Box:
    return Box(max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1))


def _from_lines(lines: list[Line], ftype: FieldType, ctx: ParseContext, pattern: Any,
                desc: str, weight: float) -> list[Candidate]:
    if ftype.multiline and pattern is None:
        return _multiline(lines, ftype, ctx, desc, weight)
    out = []
    for line in lines:
        out.extend(_candidates_in_words(line.words, ftype, ctx, pattern, desc, weight))
    if not out and lines and ftype.value_kind == "text" and pattern is None:
        # a text field in a box: the whole box's text, line by line (when the type takes
        # it: an IBAN field must not become the page's text)
        words = [w for ln in lines for w in ln.words]
        raw = "\n".join(ln.text for ln in lines)
        try:
            value = ftype.parse(raw, ctx)
        except ValueError:
            return out
        out.append(Candidate(value, raw, words[0].page, Box.enclosing([w.box for w in words]),
                             min(w.confidence for w in words), weight, desc,
                             ",".join(sorted({w.source for w in words})), words))
    return out


def _multiline(lines: list[Line], ftype: FieldType, ctx: ParseContext, desc: str,
               weight: float) -> list[Candidate]:
    """Values of a type that spans lines (an MRZ): its ``find`` sees the lines joined by
    newlines, and each value keeps the words of every line it covers."""
    words = [w for ln in lines for w in ln.words]
    starts: list[int] = []
    parts = []
    pos = 0
    for ln in lines:
        text, offsets = line_text_with_offsets(ln.words)
        starts.extend(pos + o for o in offsets)
        parts.append(text)
        pos += len(text) + 1
    text = "\n".join(parts)
    out = []
    for f in ftype.find(text, ctx):
        first, last = span_to_words(starts, words, f.start, max(f.start + 1, f.end))
        used = words[first:last + 1]
        out.append(Candidate(f.value, text[f.start:f.end], used[0].page,
                             Box.enclosing([w.box for w in used]),
                             min(w.confidence for w in used), weight * f.score, desc,
                             ",".join(sorted({w.source for w in used})), used))
    return out


def relative_candidates(lines: list[Line], hit: LabelHit, loc: M.LocatorSpec,
                        spec: M.FieldSpec, ctx: ParseContext, pattern: Any, desc: str,
                        weight: float, page: Page | None = None,
                        labels: frozenset[str] = frozenset(),
                        stopped: list[list[Word]] | None = None) -> list[Candidate]:
    """Candidates beside a label: from the first group of words (see
    :func:`relative_words`) that holds any; none that is a label
    (:func:`value_is_a_label`). A group that holds none but a value of the type's shape
    that fails its check (``FieldType.misfit``: "31.02.2026", an IBAN whose check digits
    are wrong) ends the search: the value is there, invalid, and no value farther away
    stands in for it (the due date a line under an invoice date that does not exist); its
    words go to ``stopped``. A type that spans lines (``text(multiline=true)``)
    ``below`` a label reads the lines that go on under the first one too
    (:func:`_paragraph`)."""
    paragraph = spec.type.multiline and spec.type.value_kind == "text" and pattern is None \
        and loc.kind == "relative" and loc.direction == "below"
    groups: Iterable[tuple[list[Word], float, bool]] = relative_words(lines, hit, loc, spec,
                                                                      page, labels)
    if paragraph:
        groups = list(groups)  # (the lines under the first are read with it)
    for i, (words, factor, aligned) in enumerate(groups):
        if paragraph and words:
            assert isinstance(groups, list)
            para = _paragraph(words, groups[i + 1:], hit, loc, lines, labels)
            if len(para) > 1:
                joined = _multiline([Line(p, hit.page) for p in para], spec.type, ctx, desc,
                                    weight * factor)
                if joined:
                    return joined
        cands = _candidates_in_words(words, spec.type, ctx, pattern, desc, weight * factor,
                                     handwritten=spec.handwritten,
                                     line=_line_of(words, lines) if spec.handwritten else None)
        for c in cands:
            c.placement = factor
        if aligned:
            cands = _aligned(cands, hit.box)
        # a label read as a value ("31C" of ":31C:261020"), or another tagged field's
        # value (":31C:261020" under ":20:"), is none of this field's
        cands = [c for c in cands if not _is_label(c, lines, lines[hit.line_index])
                 and not value_is_a_label(c.raw, hit, loc, lines, labels)]
        if loc.kind == "relative" and loc.direction in ("below", "above"):
            for c in cands:
                if _labelled(c, lines):
                    c.score *= OTHER_LABEL_SCORE
        if loc.kind == "relative" and loc.direction == "left of":
            # the nearest value to the label's left wins, as "right of" takes the first
            # one after it: each farther candidate scores below the one nearer
            nearest = sorted(cands, key=lambda c: -(c.box.x1 if c.box else 0))[:3]
            for i in range(1, len(nearest)):
                nearest[i].score = min(nearest[i].score, nearest[i - 1].score * 0.9)
            return nearest
        under = _invalid_under(words, cands, hit, loc, spec, ctx) if cands and \
            pattern is None else []
        if under:  # the value under the label is invalid; the one found is another's
            cands = []
        elif cands and pattern is None and _blocks(_leading_date(words), spec.type,
                                                   handwriting_context(ctx, words)):
            # the first word is a date that does not exist, the one found after it (the
            # end of a range, "31.02.2026-31.03.2026") is no stand-in for it; nor is a
            # range's first date for a range whose end does not exist ("01.03.2026 -
            # 31.02.2026")
            cands = []
        if cands:
            return cands
        if under or (words and pattern is None and _blocks(
                words, spec.type, handwriting_context(ctx, words))):
            if stopped is not None:
                stopped.append(under or words)
            return []
    return []


def _invalid_under(words: list[Word], cands: list[Candidate], hit: LabelHit,
                   loc: M.LocatorSpec, spec: M.FieldSpec, ctx: ParseContext) -> list[Word]:
    """``below`` or ``above`` a label, the words straight under (over) it when they hold
    a date that does not exist or an IBAN / VAT id failing its check (:func:`_blocks`)
    and the candidates found stand a
    column's gap to their right, under the next caption ("31.02.2026" under
    "Rechnungsdatum", "06.04.2026" under "Fällig am" on a grid of captions without
    rulings): those words, none where that is not so."""
    if loc.kind != "relative" or loc.direction not in ("below", "above"):
        return []
    first = min((c for c in cands if c.box is not None and c.words),
                key=lambda c: c.box.x0, default=None)  # type: ignore[union-attr]
    if first is None:
        return []
    before = [w for w in words if w.box.x1 <= first.words[0].box.x0]
    if not before or not any(w.box.horizontal_overlap(hit.box) > 0 for w in before) \
            or not _column_gap(before[-1].box.x1, first.words[0], before[-1]):
        return []
    return before if _blocks(before, spec.type, handwriting_context(ctx, before)) else []


def _paragraph(words: list[Word], groups: list[tuple[list[Word], float, bool]],
               hit: LabelHit, loc: M.LocatorSpec, lines: list[Line],
               labels: frozenset[str]) -> list[list[Word]]:
    """``words`` (the first line a label's ``below`` reads) and the lines of ``groups``
    (the next ones under it, as :func:`relative_words` gives them) that go on with it: each
    at most one and a half line's height under the one before, and no label of the form (a fault
    description's second and third lines, not the "Parts used" caption after a gap), nor
    the form's print where the value is another kind of line (:func:`_form_line`)."""
    para = [words]
    for more, _factor, _aligned in groups:
        prev = para[-1]
        height = max(w.box.height for w in prev)
        if not more or min(w.box.y0 for w in more) - max(w.box.y1 for w in prev) \
                > 1.5 * height \
                or value_is_a_label(" ".join(w.text for w in more), hit, loc, lines, labels):
            break
        # a line that starts with a label of the template, or a caption ("Parts used:")
        line = next((ln for ln in lines if more[0] in ln.words), None)
        start = loose(" ".join(w.text for w in (line.words if line else more)))
        if any(start.startswith(x) for x in labels) or more[0].text.endswith(":") \
                or (len(more) > 1 and more[1].text.endswith(":")) \
                or _form_line(para, more, lines[hit.line_index].words[hit.first:hit.last + 1]):
            break
        para.append(more)
    return para


#: A date or a time of day, a word of its own ("12/03/2026", "12.03.26", "2026-03-12",
#: "14:30"): :func:`_form_line`'s value of another field.
_DATE_OR_TIME = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:.]\d{2}(?:[ap]m)?",
                           re.IGNORECASE)


def _form_line(para: list[list[Word]], line: list[Word], label: list[Word]) -> bool:
    """Whether ``line``, under the lines ``para`` of a text going on below its label
    ``label`` (its words), is the form's print or another field's, not the text's next
    line, though it ends in no colon ("Work carried out", "Date 12/03/2026"): a line
    printed under a handwritten text, or handwritten under a printed one; under a printed
    text, a printed line that starts where the label starts (within half its characters'
    width) while the text's lines all start to its right (a caption set at the form's
    margin, the values indented; a hand sets its lines too loosely to tell); or a caption
    and a date or time after a text without one ("Date 12/03/2026": a few words starting
    with a capital, then the date). Each ends the text as a gap does: a line of the text
    that looks so is left out of it, as the text's lines after its first all were before
    multiline read on."""
    if not line:
        return False
    text_lines = [w for ws in para for w in ws]
    if (all(w.handwritten for w in text_lines) and not any(w.handwritten for w in line)) \
            or (not any(w.handwritten for w in text_lines)
                and all(w.handwritten for w in line)):
        return True
    if not label or any(w.handwritten for w in text_lines + line):
        return _dated(para, line)  # (where a hand sets its lines is no margin)
    left = min(w.box.x0 for w in label)
    half = 0.5 * (max(w.box.x1 for w in label) - left) \
        / max(1, len(" ".join(w.text for w in label)))
    x0 = min(w.box.x0 for w in line)
    if abs(x0 - left) <= half \
            and all(min(w.box.x0 for w in ws) - left > half for ws in para) \
            and x0 < min(min(w.box.x0 for w in ws) for ws in para) - half:
        return True
    return _dated(para, line)


def _dated(para: list[list[Word]], line: list[Word]) -> bool:
    """Whether ``line`` is a caption and a date or time under the text ``para`` without
    one (:func:`_form_line`)."""
    dated = [i for i, w in enumerate(line) if _DATE_OR_TIME.fullmatch(w.text.strip(",;"))]
    if not dated or dated[0] == 0 or dated[0] > 3 \
            or any(_DATE_OR_TIME.search(w.text) for ws in para for w in ws):
        return False
    caption = line[:dated[0]]
    return caption[0].text[:1].isupper() and all(w.text.isalpha() for w in caption) \
        and all(any(ch.isdigit() for ch in w.text) for w in line[dated[0]:])


def value_is_a_label(raw: str, hit: LabelHit, loc: M.LocatorSpec, lines: list[Line],
                     labels: frozenset[str] = frozenset()) -> bool:
    """Whether text ``raw`` found beside a label (``hit`` of locator ``loc``) is printed
    text of the form, no value: one of the template's ``labels`` (:func:`label_texts`),
    the next cell's caption beside a blank one; the field's own label, another
    occurrence of it (a box captioned "Defect" under a heading "DEFECT / ACTION" that the
    label was also found in); or, below or above a label read among the other words of a
    heading, one of that heading's words ("Action" under "DEFECT / ACTION")."""
    text = loose(raw)
    if len(text) < LABEL_VALUE_CHARS:
        return False
    if text in labels or any(text == loose(x) for x in loc.label if isinstance(x, str)):
        return True
    if loc.kind != "relative" or loc.direction not in ("below", "above"):
        return False
    words = lines[hit.line_index].words
    if hit.first == 0 and hit.last == len(words) - 1:
        return False  # the label alone on its line: no heading
    return any(text == loose(w.text) for w in words)


#: How much of its score a value ``below`` or ``above`` a label keeps when it is another
#: label's value (see :func:`_labelled`).
OTHER_LABEL_SCORE = 0.8


def _labelled(c: Candidate, lines: list[Line]) -> bool:
    """Whether candidate ``c`` stands right after another label on its line, a word
    ending in a colon ("Due Date: 03/01/2027", "Due Date : 03/01/2027",
    "Due Date:03/01/2027"): that label's value. Under "Invoice Date: 04/12/2026" it is
    the due date, not a value written under the invoice date's label (as Xero prints
    them: "Invoice Date" / "4 Dec 2026", a word of the next column beside it)."""
    if not c.words:
        return False
    first = c.words[0]
    glued = first.text[:first.text.find(c.raw)] if c.raw and c.raw in first.text else ""
    if glued and _label_end(glued):
        return True
    line = next((ln for ln in lines if any(w is first for w in ln.words)), None)
    if line is None:
        return False
    before = sorted((w for w in line.words if w.box.x1 <= first.box.x0 + 1e-9
                     and w is not first), key=lambda w: w.box.x0)
    if before and _SEPARATOR.fullmatch(before[-1].text) and ":" in before[-1].text:
        return len(before) > 1 and sum(ch.isalpha() for ch in before[-2].text) >= 2
    return bool(before) and _label_end(before[-1].text)




def _tagged(words: list[Word]) -> bool:
    """Whether a line's ``words`` start with a SWIFT tag (``labels.TAG``), glued to its
    value or set apart, its colons too as OCR reads them (": 31C: Date of Issue")."""
    return TAG.match("".join(w.text for w in words[:4]).replace(" ", "")) is not None


def _is_label(c: Candidate, lines: list[Line], own: Line | None = None) -> bool:
    """Whether candidate ``c`` is text shaped like a label, no value: on a line other than
    the field's label's (``own``), a tag or a word on a line that starts with one
    (":31C:261020": the field 31C's value, and "31C" its tag); or, alone, a word ending in
    a colon that starts its line ("Remarks:")."""
    if not c.words:
        return False
    first = c.words[0]
    line = next((ln for ln in lines if any(w is first for w in ln.words)), None)
    if line is not own and (TAG.match(first.text)
                            or (line is not None and _tagged(line.words))):
        return True
    if len(c.words) > 1 or not _label_end(first.text) \
            or c.raw.strip().rstrip(":") != first.text.rstrip(":"):
        return False
    return line is not None and line.words[0] is first


def _label_end(text: str) -> bool:
    """Whether ``text`` ends a label: a colon after two letters or more, no currency
    ("Total: EUR: 12.50")."""
    return text.endswith(":") and sum(ch.isalpha() for ch in text) >= 2 \
        and not _CURRENCY_MARK.fullmatch(text[:-1])


#: A gap wider than this many characters (of the words beside it) ends a text value.
COLUMN_GAP_CHARS = 3.0


def _first_block(words: list[Word], label: Box | None = None,
                 labels: frozenset[str] = frozenset()) -> list[Word]:
    """The words of a text value up to the next column: a gap of several characters, or
    the next label ("Contact:") of a second label/value pair on the same line ("Order ref:
    PO 88-1205      Contact: Mrs Smith").

    No words when the field is blank and the next column's label comes first: a word
    ending in a colon within a block that starts a column's gap away from the ``label``
    ("Surname:          Maiden name: Novak"). A value at such a tab stop keeps its words
    when the next pair's label stands apart from them by a gap clearly wider than their
    own word spaces ("Customer:      ACME GmbH  Contact: Mrs Smith"), measured on a text
    layer only (OCR's word gaps vary too much); a one-word value followed closely by a
    label has no word space to compare with, and is blank (a review). A value may start
    with such a word ("Re: Order 4711"). A block ending in one: the words before its
    phrase ("Jane Doe" of "Contact: Jane Doe  Phone:"); nothing when the block is a label
    alone a column's gap away ("Customer:" then, a column further, "Phone:" and its
    number); the whole block when it follows the label closely ("Remarks: Please deliver
    to:"). A label of the template (``labels``, :func:`label_texts`) ending in that colon
    ends the value where its words start, at any gap ("Anna Berg" of "Customer: Anna Berg
    Tax ID: DE123", not "Anna Berg Tax")."""
    far = bool(words) and label is not None and _column_gap(label.x1, words[0])
    block = _block(words, far, labels)
    if not block or not _is_label_word(block[-1]):
        return block
    known = _known_label_start(block, len(block) - 1, labels)
    if known is not None:
        return block[:known]
    start = _phrase_start(block, len(block) - 1)
    return block[:start] if start else ([] if far else block)


def _known_label_start(words: list[Word], i: int, labels: frozenset[str]) -> int | None:
    """Where a label of the template ending in ``words[i]`` (a word with a colon) starts:
    its words of letters, up to four ("Tax ID:", "Order no.:"); None when the words
    before the colon are no such label."""
    for j in range(i, max(-1, i - 4), -1):
        if any(ch.isdigit() for ch in words[j].text):
            return None
        if loose(" ".join(w.text for w in words[j:i + 1])) in labels:
            return j
    return None


def _is_label_word(word: Word) -> bool:
    return word.text.endswith(":") and len(word.text) > 1


#: A currency code or symbol before a colon ("Total: EUR: 12.50") is part of the value.
_CURRENCY_MARK = re.compile(r"(?:[A-Z]{3}|[€$£¥]|[A-Z]{2}\$)")


def _before_next_label(words: list[Word]) -> list[Word]:
    """The words right of a label up to the next label on its row, for a value that is no
    text (a number, an amount, a date): a phrase ending in ':' that the template need not
    name ("Amount Certified:  Site Manager Initials: JM"). What follows it is that label's
    value, never a blank field's (it would be taken, or found no value of the type and
    sent the record to review). Only once the field's own label has ended: the caller
    does not cut the words of a label matched as the start of a longer phrase."""
    for i, word in enumerate(words):
        if _is_label_word(word) and sum(ch.isalpha() for ch in word.text) >= 2 \
                and not _CURRENCY_MARK.fullmatch(word.text[:-1]):
            return words[:_label_phrase_start(words, i)]
        if i and _SEPARATOR.fullmatch(word.text) and ":" in word.text \
                and sum(ch.isalpha() for ch in words[i - 1].text) >= 2 \
                and not _CURRENCY_MARK.fullmatch(words[i - 1].text):
            # the next label's colon set apart ("Time out : 08:15", as OCR splits a
            # monospaced print): the value ends before that label's words
            start = i - 1
            while start and any(ch.isalpha() for ch in words[start - 1].text) \
                    and not any(ch.isdigit() for ch in words[start - 1].text):
                start -= 1
            return words[:start]
    return words


def _label_phrase_start(words: list[Word], i: int) -> int:
    """Where the next label ending in ``words[i]`` (a word with a colon) starts: all its
    words, not only the last ("No. of" of "1759      No. of parcels:"). Its phrase is a
    run of words of letters (no digit) set apart from the value before it by a gap wider
    than :data:`PHRASE_GAP_RATIO` times its own word spaces and than one of its
    characters; of several such gaps, the widest ("12.50 EUR   Paid by:" keeps EUR). With
    no such gap only the word with the colon is the label ("12 pcs Net weight:"), as a
    value's own words and the label's are not told apart without one."""
    best, widest = i, 0.0
    for j in range(i, 0, -1):
        if not any(ch.isalpha() for ch in words[j].text) \
                or any(ch.isdigit() for ch in words[j].text):
            break
        phrase = words[j:i + 1]
        if len(phrase) < 2:
            continue
        gap = words[j].box.x0 - words[j - 1].box.x1
        inside = max(b.box.x0 - a.box.x1 for a, b in itertools.pairwise(phrase))
        char = sum(w.box.width for w in phrase) / max(1, sum(len(w.text) for w in phrase))
        if gap > max(PHRASE_GAP_RATIO * inside, char) and gap > widest:
            best, widest = j, gap
    return best


def _block(words: list[Word], far: bool, labels: frozenset[str] = frozenset()
           ) -> list[Word]:
    for i, word in enumerate(words):
        if i and _column_gap(words[i - 1].box.x1, word, words[i - 1]):
            return words[:i]
        if i and _is_label_word(word) and (i + 1 < len(words) or far):
            known = _known_label_start(words, i, labels)
            return words[:known] if known is not None else \
                words[:_phrase_start(words, i)] if far else words[:i]
    return words


#: A gap this many times as wide as the narrowest word space before it separates phrases.
PHRASE_GAP_RATIO = 1.75


def _phrase_start(words: list[Word], i: int) -> int:
    """Where the phrase holding ``words[i]`` starts: after the last gap before it that is
    clearly wider than the narrowest gap between ``words[:i + 1]`` (0 when there is none:
    the words up to ``i`` are one phrase, and always on words OCR read: their gaps vary
    more than a phrase's break)."""
    if i == 0 or any(w.char_confidences or w.confidence < 1.0 for w in words[:i + 1]):
        return 0  # recognized words, not a text layer's
    gaps = [b.box.x0 - a.box.x1 for a, b in itertools.pairwise(words[:i + 1])]
    narrow = max(min(gaps), 1e-6)
    for j in range(i, 0, -1):
        if gaps[j - 1] > PHRASE_GAP_RATIO * narrow:
            return j
    return 0


def _column_gap(x1: float, word: Word, prev: Word | None = None) -> bool:
    """Whether ``word`` starts more than a few characters (its own, and ``prev``'s) to
    the right of ``x1``."""
    pair = [word] if prev is None else [prev, word]
    char_width = sum(w.box.width for w in pair) / max(1, sum(len(w.text) for w in pair))
    return word.box.x0 - x1 > COLUMN_GAP_CHARS * char_width


#: A word that only separates a label from its value (with the specks a fax or a scan
#: leaves beside a colon: ":." of "Devise :. EUR").
_SEPARATOR = re.compile(r"[.…·]*[:\-–—=|>»]+[.,·'`]*|[.…·]{2,}")
#: A speck alone after a label's separator (": . BC45482"): no value.
_SPECK = re.compile(r"[.,·'`]")


def _without_speck(words: list[Word]) -> list[Word]:
    """``words`` without a fax's speck at their start, set apart from the next word (not
    the point of ". 50" split by OCR): what a scan leaves after a label's colon."""
    if words and _SPECK.fullmatch(words[0].text) and (
            len(words) == 1 or words[1].box.x0 - words[0].box.x1 > words[0].box.width):
        return words[1:]
    return words


def _line_of(words: list[Word], lines: list[Line]) -> list[Word] | None:
    """The words of the line of ``lines`` that holds ``words`` (the same objects)."""
    held = {id(w) for w in words}
    return next((ln.words for ln in lines if any(id(w) in held for w in ln.words)), None)


def relative_words(lines: list[Line], hit: LabelHit, loc: M.LocatorSpec, spec: M.FieldSpec,
                   page: Page | None = None, labels: frozenset[str] = frozenset()
                   ) -> Iterator[tuple[list[Word], float, bool]]:
    """The words a label-relative locator reads, in order of preference, as (words, score
    factor, whether values must share the label's baseline).

    On a ``page`` with ruling lines, ``below`` and ``above`` read no word across a vertical
    line from the label's column, a text value does not run on across one, and when the
    label is the caption of a ruled box (:func:`value_box`) only the words inside that box
    are read: a blank box has no value."""
    from formsift.templates.rulings import page_rulings

    line = lines[hit.line_index]
    lb = hit.box
    max_dist = spec.within
    d = loc.direction if loc.kind == "relative" else "after"
    rulings = page_rulings(page) if page is not None else None
    text = getattr(spec.type, "value_kind", None) == "text"
    em = 0.0
    if rulings and page is not None:
        em = _em(line.words[hit.first:hit.last + 1], lb, page.width / max(page.height, 1e-9))
    bound = _next_caption(line, hit)
    if d in ("after", "right of", "left of"):
        words = (([hit.rest] if hit.rest else []) + line.words[hit.last + 1:]
                 if d != "left of" else line.words[:hit.first])
        if bound is not None and d != "left of":  # not the next box's caption ("12 Umfang")
            words = [w for w in words if w.box.x0 < bound]
        box = value_box(rulings, lb, d, words, em) if rulings else None
        if box is not None:
            words = [w for w in words if box.contains_center_of(w.box)]
        cell_end = None
        # (a number, an amount, a date past blank cells is the row's: "Brought forward",
        # its quantity and rate cells blank, its amount in the last column)
        if rulings and box is None and d != "left of" and text:
            cell_end = blank_cell_end(rulings, lb, words)
            if cell_end is not None:  # a blank value cell: the words past it are not its
                words = [w for w in words if w.box.cx < cell_end]
        if d == "left of":
            if rulings and text:  # the nearest words to the label's left, up to a line
                words = _up_to_rule(words[::-1], rulings)[::-1]
            yield words, 1.0, True
            return
        # "Client : Boulangerie", "Contact - Anna": the separator is not the value (a
        # minus before a number is its sign: "- 1,234.56", and before a number's
        # currency code, "- EUR 1,234.56"; two dashes may be a Dutch "-/-" whose slash
        # a scan lost, "Subtotaal -- 175,50": the money type reads both signs, tied)
        if not hit.rest and line.words[hit.last].text.endswith(":"):
            words = _without_speck(words)  # "Currency: . EUR", the colon on the label
        while words and _SEPARATOR.fullmatch(words[0].text) and not (
                words[0].text in ("-", "–", "--", "––") and len(words) > 1
                and (re.match(r"[\d(€$£¥]", words[1].text)
                     or (not text and _currency_code(words[1].text)))):
            words = _without_speck(words[1:])  # "Devise : . EUR", the colon set apart
        if max_dist is not None:
            words = [w for w in words if w.box.x0 - lb.x1 <= max_dist]
        placed = 1.0
        if hit.glued is not None and not hit.rest and text:
            # a longer label of its own ("Tel-nr"): its words of small letters up to a
            # colon may be the label's ("E-mail address: a@b.de"); not the next label and
            # its value ("Tel-nr Fax: 030 999" has no number of its own there)
            words, guess = _glued_label_value(words, _checks_value(spec))
            placed = GLUED_GUESS if guess else placed
        if text:
            words = _first_block(_up_to_rule(words, rulings) if rulings else words,
                                 None if hit.rest else lb, labels)
        elif not hit.rest and words and (
                line.words[hit.last].text.endswith(":") or _column_gap(lb.x1, words[0])):
            # the label's phrase has ended (its colon, or a column's gap after it); not
            # a label found as the start of a longer one ("Fecha" of "Fecha de emisi6n:")
            words = _before_next_label(words)
        yield words, placed, True
        if d == "right of":
            beside = _beside_line(lines, line, hit, box, rulings, text)
            if rulings and box is None and text:
                end = blank_cell_end(rulings, lb, beside) if cell_end is None else cell_end
                beside = beside if end is None else [w for w in beside if w.box.cx < end]
            yield beside, 0.95, False
        if hit.glued is not None and not hit.rest and d != "left of" \
                and _reads_whole(spec, hit.glued.text):
            # "Ref-abc", /[a-z]{3}/: the glued letters, only when no word after the whole
            # label holds the value, and a guess ("nr" of "Kunden-nr" may be the label's)
            yield [hit.glued], GLUED_GUESS, True
        return
    # below / above: the nearest lines in the label's column (in the label's box, when it
    # is a ruled box's caption)
    limit = max_dist if max_dist is not None else 0.12
    ordered = lines[hit.line_index + 1:] if d == "below" else lines[:hit.line_index][::-1]
    box = None
    if rulings:
        box = value_box(rulings, lb, d, [w for other in ordered for w in other.words], em)
    shown = 0
    for distance, other in enumerate(ordered):
        gap = (other.box.y0 - lb.y1) if d == "below" else (lb.y0 - other.box.y1)
        if gap > limit:
            return
        column = _run_on([w for w in other.words
                          if w.box.x1 >= lb.x0 - 0.02 and w.box.x0 <= lb.x1 + 0.25
                          and (w.box.horizontal_overlap(lb) > 0
                               or w.box.x0 >= lb.x0 - 0.02)], other.words)
        if bound is not None:  # not the words under the next numbered caption, or past it
            column = [w for w in column if w.box.x0 < bound]
        if column and _tagged(other.words):
            return  # another tagged field (":31C:261020" under ":20:"), and those after it
        if text and column:  # a text value runs on past the label's column as far as its
            # words do ("INR Twenty-Three Thousand ... Paise Only" under "Amount in words")
            column = [w for w in other.words if w.box.x0 >= column[0].box.x0]
        if rulings and column:  # not the words a line sets apart from the label's column
            column = [w for part in _between_rules(column, rulings)
                      if not _set_apart(lb, part, rulings) for w in part]
        if text and column:  # a text value ends where the next column starts: "CHF" under
            column = _first_block(column)  # "Währung", not "CHF  2 788.98" (and "Betrag")
        if box is not None:  # the lines in the box, not those of the boxes beside it
            if any(box.contains_center_of(w.box) for w in other.words):
                yield [w for w in column if box.contains_center_of(w.box)], \
                    1.0 - 0.15 * shown, False
                shown += 1
            continue
        yield column, 1.0 - 0.15 * distance, False


#: The placement of a value read after a hyphenated label by a guess: small letters glued
#: to it after the hyphen that the field's pattern reads whole ("abc" of "Ref-abc" for
#: /[a-z]{3}/; they may as well be the rest of a longer label, "nr" of "Kunden-nr" for
#: /\w+/), or the words after it where words of small letters run on to a colon
#: ("Payment-method bank transfer within: 30 days": the label's or the value's?). Under
#: :data:`~formsift.templates.confidence.FAR_PLACEMENT`, so such a value goes to review.
GLUED_GUESS = 0.45

#: Small words that make a hyphenated label longer when they run on to a colon after it
#: ("E-mail address:", "Total-amount due:", "Due-date of payment:", "Kunden-nr nummer:");
#: other words of small letters before a colon may be the value's ("bank transfer
#: within: 30 days"): read as a guess (:data:`GLUED_GUESS`), unless one such word of
#: :data:`LABEL_WORD_LETTERS` letters or more stands alone before the colon of a field
#: that checks its value (:func:`_checks_value`).
LABEL_SMALL_WORDS = frozenset({
    "address", "addr", "adresse", "due", "of", "payment", "no", "nr", "number", "nummer",
    "date", "datum", "id", "code"})

#: A single word of small letters with a colon right after a hyphenated label is the
#: label's from this many letters ("Bestell-nr order:", "Zahlungs-ziel bis:", "Tele-fon
#: mobil:", in any cased script) for a field that checks its value; a shorter one may
#: start the value ("Betreff-zeile wg: Angebot", as "Re:" does).
LABEL_WORD_LETTERS = 3


def _checks_value(spec: M.FieldSpec) -> bool:
    """Whether ``spec``'s value is checked by more than being text: a type other than
    ``text`` (an id's digit, an IBAN's checksum, an enum's values) or a pattern (the
    field's or its type's). A free text takes any words, its own first word too."""
    return spec.pattern is not None or spec.type.name != "text" \
        or getattr(getattr(spec.type, "options", None), "pattern", None) is not None


def _small_word_colon(word: Word) -> bool:
    """Whether ``word`` is a word of small letters ending in a colon ("neu:", "new:")."""
    stem = word.text.rstrip(":")
    return word.text.endswith(":") and stem.isalpha() and stem.islower()


def _glued_label_value(words: list[Word], checked: bool) -> tuple[list[Word], bool]:
    """The words of a text value after a hyphenated label word ("Tel-nr", "Total-amount"),
    and whether they are a guess. Words of small letters running on to a colon right
    after it are the label's when each is one of :data:`LABEL_SMALL_WORDS` ("E-mail
    address: a@b.de"), or, for a field that ``checked`` its value (an id, an IBAN, a
    pattern), when one word of :data:`LABEL_WORD_LETTERS` letters or more stands alone
    before the colon and no later word of small letters on the line ends in one
    ("Bestell-nr order: 4711"; not "Bank-verbindung alt: DE44... neu: DE89...", which of
    the two?). Other such words ("Payment-method bank transfer within: 30 days",
    "Betreff-zeile wg: Angebot", a free text's "Mode-paiement virement: 30 jours") may be
    the label's or the value's: the value is read as before 9e78168
    (:func:`_up_to_next_label`; with none there, the words after the colon), a guess."""
    for i, word in enumerate(words[:4]):
        stem = word.text.rstrip(":").removesuffix(".")
        if not (stem.isalpha() and stem.islower()):
            break
        if word.text.endswith(":"):
            one_word = checked and i == 0 and len(stem) >= LABEL_WORD_LETTERS \
                and not any(_small_word_colon(w) for w in words[1:])
            if not one_word and not all(
                    w.text.rstrip(":").removesuffix(".") in LABEL_SMALL_WORDS
                    for w in words[:i + 1]):
                return _up_to_next_label(words) or _up_to_next_label(words[i + 1:]), True
            words = words[i + 1:]  # "address:", "of payment:", "order:": the label's
            break
    return _up_to_next_label(words), False


def _up_to_next_label(words: list[Word]) -> list[Word]:
    """The words of a text value up to the next label (:func:`_before_next_label`:
    "Tel-nr Fax: 030 999" has none there); a word of two letters before a colon may start
    the value ("Betreff-zeile Re: Angebot"), as the words after a longer label read
    before 9e78168."""
    if words and _is_label_word(words[0]) and sum(ch.isalpha() for ch in words[0].text) == 2:
        return words[:1] + _before_next_label(words[1:])
    return _before_next_label(words)


def _reads_whole(spec: M.FieldSpec, text: str) -> bool:
    """Whether the field's pattern reads ``text`` whole as its value: small letters glued
    to the label after a hyphen are then its value ("abc" of "Ref-abc" for /[a-z]{3}/),
    not the rest of a longer label ("nr" of "Tel-nr")."""
    if spec.pattern is None:
        return False
    try:
        rx = compile_pattern(spec.pattern.pattern, spec.pattern.flags)
        matches = pattern_matches(rx, text, DEFAULT_TIMEOUT)
    except RegexTimeout:
        return False
    return any(m.start() == 0 and m.end() == len(text) for m in matches)


#: A form's box number before its caption ("12" of "12 Umfang m3", "2." of "2. Empfänger").
_BOX_NUMBER = re.compile(r"\(?(\d{1,3})[.)]?")


def _box_number(word: Word) -> int | None:
    m = _BOX_NUMBER.fullmatch(word.text)
    return int(m.group(1)) if m else None


def _next_caption(line: Line, hit: LabelHit) -> float | None:
    """Where the next numbered caption starts right of a numbered label on its line (x0),
    or None: on a form whose numbered boxes' captions stand side by side on one line
    (a CMR's "11 Bruttogewicht kg   12 Umfang m3", a W-2's "1 Wages, tips ... 2 Federal
    income tax withheld"), the words under or after caption 11 end where caption 12
    starts; what lies there or past it is the next box's (its caption's words, its value),
    not this one's. The label is numbered when it starts with a box number or follows
    one; the next caption is a higher number (by 30 at most) followed by a word of
    letters, as no value with a unit is (:func:`_caption_word`: "12 pcs" after "11 Qty",
    "24 EUR" after "3 Total" are no captions)."""
    words = line.words
    own = _box_number(words[hit.first]) if hit.last > hit.first else None
    if own is None and hit.first > 0:
        own = _box_number(words[hit.first - 1])
    if own is None:
        return None
    for word, after in itertools.pairwise(words[hit.last + 1:]):
        number = _box_number(word)
        if number is not None and own < number <= own + 30 and _caption_word(after.text):
            return word.box.x0
    return None


def _caption_word(text: str) -> bool:
    """Whether ``text`` starts a caption: a capitalised word of letters, not a code of a
    currency or a unit in capitals ("24 EUR", "16 KGS", "12 PCS" are values: the code read
    of this stop found "Items 3  Total 24 EUR" cut before 24)."""
    letters = sum(ch.isalpha() for ch in text)
    if not text[:1].isupper() or letters < 2:
        return False
    return not (text.isupper() and letters <= 4)


def _run_on(column: list[Word], words: list[Word]) -> list[Word]:
    """``column`` (the words of a line in a label's column) with the words of that line
    that go on from its last one without a column's gap: a value is not cut at the
    column's edge ("(225,00 €)" right-aligned past it is not "(225,00", read without its
    closing bracket as 225,00 instead of -225,00)."""
    if not column:
        return column
    at = next((i for i, w in enumerate(words) if w is column[-1]), None)
    if at is None:
        return column
    out = list(column)
    for prev, word in itertools.pairwise(words[at:]):
        if _column_gap(prev.box.x1, word, prev):
            break
        out.append(word)
    return out


def _beside_line(lines: list[Line], line: Line, hit: LabelHit, box: Box | None,
                 rulings: Any, text: bool) -> list[Word]:
    """The words right of a label on other lines at its height: a separate text block, or
    handwriting written a little above the label's baseline (a word counts when it or its
    line lies level with the label). They end before the next word of the label's own line
    (the next label: "Client: ... Week ending:"), and a text value at the next column."""
    lb = hit.box
    stop = next((w.box.x0 for w in line.words[hit.last + 1:] if w.box.x0 > lb.x1), None)
    near = []
    for ln in lines:
        if ln is line:
            continue
        level = ln.box.vertical_overlap(lb) >= 0.5
        near += [w for w in ln.words
                 if w.box.x0 >= lb.x1 - 0.002 and (stop is None or w.box.x0 < stop)
                 and (w.box.vertical_overlap(lb) >= 0.5
                      or (level and w.box.vertical_overlap(lb) > 0))
                 and (box is None or box.contains_center_of(w.box))]
    near.sort(key=lambda w: w.box.x0)
    if rulings and text:
        near = _up_to_rule(near, rulings)
    return _first_block(near, lb) if text else near


#: A ruled box is a caption's box (its value written inside it, under the caption) when
#: below the caption it has room for this many times the caption's size (its em).
CAPTION_ROOM = 2.0


def _em(words: list[Word], box: Box, aspect: float) -> float:
    """The print size of ``words`` (a label, in ``box``), as a share of the page's height
    (``aspect``: the page's width over its height): the lesser of its box's height (which a
    recognizer draws loosely) and twice its average character's width."""
    chars = sum(len(w.text) for w in words) + len(words) - 1
    return min(box.height, 2 * box.width / max(1, chars) * aspect)


def value_box(rulings: Any, label: Box, direction: str, words: list[Word],
              em: float = 0.0) -> Box | None:
    """The ruled box that holds the value of ``label`` (None: read as on an unruled page).

    That is the box enclosing the label when it holds some of ``words`` on the locator's
    side of the label (a value, or the rest of a long caption), or is tall enough for a
    value under the label, its caption (:data:`CAPTION_ROOM` times the label's print size
    ``em``): a tax form's boxes. A box around a label alone, with no room for a value
    under it (a table's header cell, a label's cell on a ruled row), leaves the value to
    the next cell, as on an unruled page."""
    box = rulings.box_around(label)
    if box is None:
        return None
    side = {"below": lambda w: w.box.cy > label.y1,
            "above": lambda w: w.box.cy < label.y0,
            "left of": lambda w: w.box.cx < label.x0}.get(direction,
                                                        lambda w: w.box.cx > label.x1)
    if any(side(w) and box.contains_center_of(w.box) for w in words):
        return box
    room = (label.y0 - box.y0) if direction == "above" else (box.y1 - label.y1)
    return box if room >= CAPTION_ROOM * (em or label.height) else None


#: How close (a share of the page's width) two vertical lines are one side of a box (a
#: scan's thick line measured twice).
SAME_RULE = 0.004


def blank_cell_end(rulings: Any, label: Box, words: list[Word]) -> float | None:
    """Where the blank cell right of a ``label`` ends (x), on a ruled row: the second
    vertical line right of the label, at its height, when no word of ``words`` (those
    right of the label, in reading order) lies between the first and the second (the
    label's cell's side, or a value box's left side, and that cell's right side), and the
    two are the sides of a closed ruled cell of the label's row. None when the cell holds
    words, or no such cell stands there. What lies past a blank cell
    is another cell's: the next column's caption ("S/N off" after a blank "P/N off"
    cell, "Signature" after a blank "Licence No." one), or its value, never this field's:
    a blank field has no value, with or without a colon after its label."""
    from formsift.templates.rulings import CORNER

    if not words:
        return None
    right = sorted(r.at for r in rulings.vertical
                   if r.at >= label.x1 - CORNER / 2 and r.covers(label.cy))
    sides: list[float] = []
    for x in right:
        if not sides or x - sides[-1] > SAME_RULE:
            sides.append(x)
    if len(sides) < 2 or sides[1] - sides[0] < label.height:
        return None
    if any(sides[0] < w.box.cx < sides[1] for w in words):
        return None
    # a closed cell of the label's row, as tall as the label at least (not the strokes of
    # a big letter of a watermark, which the ruling lines may hold)
    mid = (sides[0] + sides[1]) / 2
    cell = rulings.box_around(Box(mid - 1e-4, label.cy - 1e-4, mid + 1e-4, label.cy + 1e-4))
    slack = 0.1 * label.height
    if cell is None or abs(cell.x0 - sides[0]) > SAME_RULE \
            or abs(cell.x1 - sides[1]) > SAME_RULE \
            or cell.y0 > label.y0 + slack or cell.y1 < label.y1 - slack:
        return None
    return sides[1] if any(w.box.cx > sides[1] for w in words) else None


def _up_to_rule(words: list[Word], rulings: Any) -> list[Word]:
    """``words`` (in reading order from the label) up to the first vertical ruling line
    between two of them: a value does not run across a box's side."""
    return _between_rules(words, rulings)[0] if words else words


def _set_apart(label: Box, words: list[Word], rulings: Any) -> bool:
    """Whether a vertical ruling line stands between ``label`` and ``words`` (a run of
    :func:`_between_rules`) wholly to its left or right."""
    if words[-1].box.x1 <= label.x0:
        return rulings.between(label, words[-1].box)
    return words[0].box.x0 >= label.x1 and rulings.between(label, words[0].box)


def _between_rules(words: list[Word], rulings: Any) -> list[list[Word]]:
    """``words`` (one line's, in order) in runs that vertical ruling lines set apart; not
    at the walls of a comb field's cells (one character each, or two read as one)."""
    runs = [words[:1]]
    for a, b in itertools.pairwise(words):
        if rulings.between(a.box, b.box, reach=a.handwritten and b.handwritten) \
                and not (len(a.text) <= 2 and len(b.text) <= 2):
            runs.append([b])
        else:
            runs[-1].append(b)
    return runs


def _aligned(cands: list[Candidate], label: Box) -> list[Candidate]:
    """A value beside its label shares the label's baseline: one that only half overlaps
    it vertically (a neighbouring row joined to the line on a skewed scan) scores less."""
    for c in cands:
        if c.box is not None:
            c.score *= 0.5 + 0.5 * min(1.0, c.box.vertical_overlap(label))
    return cands


def anchored(c: Candidate) -> bool:
    """Whether ``c`` was found by a locator tied to a label: a label's neighbour, or a
    ``search`` regex, which holds its own label (two different values after "Total" are
    rivals, as invoice2data lists them both)."""
    return c.locator.startswith(("right of", "left of", "below", "above", "after",
                                 "search "))


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """The best candidate per place and value; a blank text (a type's parse that gave "")
    is no value. A value a label's locator found keeps that locator, with the better
    score, when a fallback (``or anywhere``) finds it too: found beside a label, it still
    has the rivals other labels give (the customer's IBAN and ours)."""
    best: dict[tuple[Any, ...], Candidate] = {}
    for c in cands:
        if isinstance(c.value, str) and not c.value.strip() and c.source != "template":
            continue
        k = c.key()
        seen = best.get(k)
        if seen is None:
            best[k] = c
        elif anchored(seen) != anchored(c):
            label, other = (seen, c) if anchored(seen) else (c, seen)
            best[k] = dataclasses.replace(label, score=max(label.score, other.score))
        elif c.score > seen.score:
            best[k] = c
    return sorted(best.values(), key=lambda c: -c.score)

