"""A field's value struck through by hand: a cancelled reading, never accepted.

An accounts-payable clerk strikes a printed invoice total through and writes the right
amount beside or under it. The struck figures still read (and still add up with the
printed net and tax, so ``net + vat == total`` held and vouched for them: accepted at
0.99, three-way-match journey). A value whose words a stroke runs through is taken as
:mod:`formsift.templates.struck` takes a table's row: a long straight stroke through the
middle of the words' ink (not an underline, a ruling line above or under them, a boxed
total's frame), found on the page's image (a scan, a photo) or among the lines a
born-digital page draws, once per page (``struck.strokes``' per-page cache; the ink is
looked at only where a stroke crosses the value's words).

Such a value stays the field's value, so that the reviewer sees what was printed, but
no surer than :data:`STRUCK` whatever rule passed on it, with an ``invalid_value`` reason
(which an ``accept when`` policy does not overrule, and a review carries until the
field is corrected) naming the correction when one is near: another reading of the field
not struck through (the handwritten amount the locators found too), else handwritten
words near the struck ones that read as the field's type. A table's cell struck through,
its row standing (a quantity struck out and written again beside it), is as cancelled
(:func:`struck_cells`): its stroke, over a few letters, may be shorter than the page's
strokes, and is then looked for beside each of its words.
"""

from __future__ import annotations

import math
import weakref
from typing import TYPE_CHECKING, Any

from formsift.core.geometry import Box
from formsift.core.result import FieldValue, Reason
from formsift.templates import struck as S

if TYPE_CHECKING:
    from collections.abc import Collection

    from formsift.core.document import Document, Page, Word
    from formsift.templates.locators import Candidate

#: A value struck through is no surer than this: the ``low_confidence`` line
#: (``runtime.DEFAULT_MIN_CONFIDENCE``), so that its own reason says why and no rule that
#: passed on the cancelled figures lifts it.
STRUCK = 0.5
#: A stroke found on an image strikes a value only where it is ink along this share of its
#: way across the value's words (:func:`_unbroken`) ...
UNBROKEN = 0.9
#: ... a run of ink thinner than this share of the value's line (its box's height) ...
THIN = 0.35
#: ... looked for this many pixels (at ``struck.STRUCK_DPI``) above or below its line.
REACH_PX = 2
#: A value's line under this many pixels tall on the image strokes are found on is looked
#: at on the page's own image (:func:`_sharp`).
SHARP_PX = 24
#: A correction is looked for this many heights of the struck value's line away from it
#: (above, under, left or right of it: written over it, under it, beside it).
NEAR = 4.0


def struck_fields(template: Any, doc: Document, chosen: dict[str, Any],
                  cands: dict[str, list[Candidate]], fields: dict[str, Any]
                  ) -> list[Reason]:
    """An ``invalid_value`` reason for each field of ``fields`` whose value (``chosen``,
    each of a repeated field's) was read from words struck through by hand
    (:func:`is_struck`), naming the correction written near it (:func:`correction`);
    those values' confidences are capped at :data:`STRUCK` (in place)."""
    # a page read region-first in its boxes alone is looked at no further: the strokes
    # are found on the whole page's image, which such a page has not made (a skewed
    # scan's is straightened only where its boxes are read)
    pages = {p.index: p for p in doc.pages
             if p.notes.get("ocr", {}).get("mode") != "regions"}
    out = []
    for name, spec in template.fields.items():
        picked = chosen.get(name)
        values = fields.get(name)
        pairs = list(zip(picked or [], values or [], strict=False)) if spec.repeated \
            else [(picked, values)]
        said = []
        for c, fv in pairs:
            page = pages.get(getattr(c, "page", -1))
            if not isinstance(fv, FieldValue) or page is None or not is_struck(page, c):
                continue
            fv.confidence = min(fv.confidence, STRUCK)
            fixed = correction(page, c, cands.get(name, []), spec.type, template.context,
                               taken(chosen, name))
            said.append(f"'{c.raw}' is struck through" + (
                f"; '{fixed}' written near it" if fixed else ""))
        if said:
            out.append(Reason(code="invalid_value", field=name, message=(
                f"'{name}': {'; '.join(said)}: a cancelled value, not accepted")))
    return out


def struck_cells(template: Any, doc: Document, tables: dict[str, list[dict[str, Any]]],
                 values: dict[str, list[dict[str, Any]]]) -> list[Reason]:
    """An ``invalid_value`` reason for each table cell (``tables``' candidates) one of whose
    words is struck through by hand (:func:`_struck_word`: a quantity struck out and written
    again beside it), the row standing (a row struck through whole is
    left out of the table before: ``tables._standing``); those cells' confidences
    (``values``, the rows' field values, in place) are capped at :data:`STRUCK`. The reason
    names the row and column, the struck word and the cell's other words: no value is
    guessed in place of the struck one."""
    pages = {p.index: p for p in doc.pages
             if p.notes.get("ocr", {}).get("mode") != "regions"}
    out = []
    for tname, rows in tables.items():
        for i, row in enumerate(rows):
            for col, c in row.items():
                page = pages.get(getattr(c, "page", -1))
                if c is None or page is None or c.locator == "default" \
                        or c.source == "template":
                    continue
                words = [w for w in c.words if w.page == page.index]
                struck = [w for w in words if _struck_word(page, w)]
                if not struck:
                    continue
                fv = (values.get(tname) or [{}] * (i + 1))[i].get(col)
                if isinstance(fv, FieldValue):
                    fv.confidence = min(fv.confidence, STRUCK)
                rest = [w.text for w in words if w not in struck]
                out.append(Reason(code="invalid_value", field=f"{tname}.{col}", rows=[i],
                                  message=(
                    f"table '{tname}' row {i + 1} '{col}': "
                    + ", ".join(f"'{w.text}'" for w in struck) + " is struck through"
                    + (f" ('{' '.join(rest)}' written beside it)" if rest else "")
                    + f"; '{c.raw}' read: a cancelled value, not accepted")))
    return out


def _struck_word(page: Page, word: Word) -> bool:
    """Whether ``word`` (of a table's cell) is struck through: a stroke of the page
    through it (:func:`is_struck`, a word as a value of its own), or one too short for the
    page's strokes (``struck.MIN_LENGTH``), a pen's line over a quantity's two digits,
    found beside it (:func:`_short_strokes`) through the middle of its ink along half its
    width (``struck.struck``) and on through the gaps between its letters
    (:func:`_unbroken`)."""
    from formsift.templates.locators import Candidate

    cand = Candidate(word.text, word.text, page.index, word.box, word.confidence, 1.0,
                     "table", word.source, [word])
    if is_struck(page, cand):
        return True
    if not _drawn_near(page, word.box):
        return False
    lines = _short_strokes(page, word.box)
    near = [s for s in lines if _unbroken(page, s, word.box) and _across(page, s, word.box)]
    return bool(near) and S.struck([(word.box, [word.box])], near, page)


#: A short stroke strikes a word only with this share of its letters' ink (along the
#: stroke) on either side of it at least: through the letters, not along their foot (a
#: handwritten "2"'s base run on into the "5" beside it) or their top ...
SIDES = 0.25
#: ... and from its first letter's ink to its last (this share of the ink's width may
#: be left at either end): a pen's line across the word, not the bars of letters run
#: together ("ee" of a small "Greek" at 150 dpi).
ENDS = 0.1


def _across(page: Page, stroke: S.Stroke, box: Box) -> bool:
    """Whether ``stroke`` runs across the word in ``box``, through its letters: from
    their first ink to their last (ENDS), with SIDES of their ink (its own rows left out)
    above it and SIDES under it."""
    import numpy as np

    from formsift.plugins.segment.rules import ink

    image = S._image(page)
    if image is None:
        return False
    h, w = image.shape[:2]
    bx0, bx1 = max(0, math.floor(box.x0 * w)), min(w, math.ceil(box.x1 * w))
    top, foot = max(0, math.floor(box.y0 * h)), min(h, math.ceil(box.y1 * h))
    if bx1 - bx0 < 2 or foot - top < 4:
        return False
    bw = ink(image[top:foot, bx0:bx1]) > 0
    inked = np.flatnonzero(np.count_nonzero(bw, axis=0))
    if inked.size < 2:
        return False
    first, last = bx0 + int(inked[0]), bx0 + int(inked[-1]) + 1
    spare = ENDS * (last - first)
    if stroke.x0 * w > first + spare or stroke.x1 * w < last - spare:
        return False
    if not _overshoots(bw, stroke, bx0, top, w, h):
        return False  # within the letters' own ink: their bars run together ("ea", "74")
    x0 = max(first, math.floor(stroke.x0 * w)) - bx0
    x1 = min(last, math.ceil(stroke.x1 * w)) - bx0
    y = round(stroke.at((x0 + x1 + 2 * bx0) / 2 / w) * h) - top
    rows = np.count_nonzero(bw[:, x0:x1], axis=1)
    above = int(rows[:max(0, y - REACH_PX)].sum())
    under = int(rows[y + REACH_PX + 1:].sum())
    return min(above, under) >= SIDES * max(1, above + under)


#: ... and runs on past its first or last letter's ink by this share of the word's
#: height at least (two pixels at least): a pen's line overshoots the word it strikes,
#: letters' bars that blur or a hand joins ("ea" at 8 pt on a 200 dpi scan, the bars of a
#: handwritten "74") stop at the letters.
OVERSHOOT = 0.1


def _overshoots(bw: Any, stroke: S.Stroke, bx0: int, top: int, w: int, h: int) -> bool:
    """Whether ``stroke`` runs on past the first or the last column of the letters' ink
    (``bw``, the word box's ink from column ``bx0`` and row ``top`` of a ``w`` x ``h``
    image) by OVERSHOOT of the box's height: the ink off the stroke's own band (a third
    of the height, along its slope), so that an OCR box holding the strike's end ("+2")
    does not count it as a letter."""
    import numpy as np

    tall, wide = bw.shape
    band = max(REACH_PX, round(tall / 6))
    cols = np.arange(wide)
    ys = np.round(np.array([stroke.at((bx0 + c + 0.5) / w) for c in cols]) * h).astype(int) - top
    rows = np.arange(tall)[:, None]
    letters = bw & (np.abs(rows - ys[None, :]) > band)
    inked = np.flatnonzero(np.count_nonzero(letters, axis=0))
    if inked.size < 2:
        return True  # nothing but the stroke: not for this test to refuse
    past = max(2.0, OVERSHOOT * tall)
    first, last = bx0 + int(inked[0]), bx0 + int(inked[-1]) + 1
    return stroke.x0 * w <= first - past or stroke.x1 * w >= last + past


#: A short stroke runs SHORT heights of its word's box at least (a digit's bar, a
#: letter's, runs less), and ends within REACH heights of the word: a pen's line over a
#: value of a few letters, which a page's own long strokes leave out.
SHORT = 0.6
REACH = 2.0


_DRAWN: weakref.WeakKeyDictionary[Page, tuple[Any, list[tuple[float, ...]]]] = \
    weakref.WeakKeyDictionary()


def _drawn_near(page: Page, box: Box) -> bool:
    """Whether a short stroke may run through ``box``: on a page whose strokes are found
    on its image, always; on a born-digital one (``struck.drawn``), where a level line it
    draws (of any length) crosses the box (its image is then rendered; a page that draws
    none near its cells is not)."""
    lines = S.drawn(page)
    if lines is None:
        return True
    key = S._state(page)
    kept = _DRAWN.get(page)
    if kept is None or kept[0] != key:
        level = [ln for ln in lines() if abs(ln[3] - ln[1]) <= S.MAX_SLOPE * abs(ln[2] - ln[0])]
        kept = (key, level)
        _DRAWN[page] = kept
    return any(min(x0, x1) < box.x1 and max(x0, x1) > box.x0
               and box.y0 <= (y0 + y1) / 2 <= box.y1 for x0, y0, x1, y1 in kept[1])


def _short_strokes(page: Page, box: Box) -> list[S.Stroke]:
    """The level strokes of ``page``'s image (``struck._image``) near ``box``: runs of ink
    SHORT of its height long or longer, that end (both) within REACH heights of it; a line
    running on further is one of the page's strokes (``struck.strokes``), or a rule."""
    import cv2
    import numpy as np

    from formsift.plugins.segment.rules import ink

    try:
        image = S._image(page)
    except Exception:  # no image to look at (too large, broken, a text's page): none
        image = None
    if image is None:
        return []
    h, w = image.shape[:2]
    tall = box.height * h
    reach = REACH * tall
    x0, x1 = max(0, math.floor(box.x0 * w - reach)), min(w, math.ceil(box.x1 * w + reach))
    y0, y1 = max(0, math.floor(box.y0 * h - tall / 2)), min(h, math.ceil(box.y1 * h + tall / 2))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    bw = ink(image[y0:y1, x0:x1])
    k = max(8, round(SHORT * tall))
    level = cv2.morphologyEx(bw, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats((level > 0).astype(np.uint8))
    out = []
    for left, top, wide, high, _area in stats[1:n].tolist():
        if left == 0 or left + wide >= x1 - x0 or high > max(3, tall / 4):
            continue  # runs on past the look (a longer line), or a blot
        mid = (y0 + top + high / 2) / h
        out.append(S.Stroke((x0 + left) / w, (x0 + left + wide) / w, mid, 0.0))
    return out


def taken(chosen: dict[str, Any], name: str) -> set[int]:
    """The ids of the words the values of ``chosen`` but field ``name``'s were read from."""
    return {id(w) for other, c in chosen.items() if other != name
            for x in (c if isinstance(c, list) else [c]) for w in getattr(x, "words", ())}


def is_struck(page: Page, cand: Candidate) -> bool:
    """Whether a stroke of ``page`` (:func:`formsift.templates.struck.strokes`) runs
    through the middle of the ink of the words ``cand`` was read from, along half their
    width at least (a value as a row of one cell: :func:`formsift.templates.struck.struck`),
    or a StrikeOut annotation covers them so (:func:`formsift.templates.struck.struck_out`)."""
    boxes = _boxes(page, cand)
    if not boxes:
        return False
    box = Box.enclosing(boxes)
    if S.struck_out([(box, boxes)], page):
        return True  # a PDF viewer's strikethrough over them: the annotation says so
    lines = S.strokes(page)
    if not lines:
        return False
    near = [s for s in lines if s.x0 < box.x1 and s.x1 > box.x0
            and box.y0 <= s.at((max(s.x0, box.x0) + min(s.x1, box.x1)) / 2) <= box.y1]
    # a line seen as ink: one found on the image is no level run of letters' ink, and
    # one a born-digital page draws shows (no rule hidden under a white box, no wide
    # band of shading, no line too light to be ink), through the gaps between letters
    near = [s for s in near if _unbroken(page, s, box)]
    return bool(near) and S.struck([(box, boxes)], near, page)


def _unbroken(page: Page, stroke: S.Stroke, box: Box) -> bool:
    """Whether ``stroke``, found on ``page``'s image, runs on through the gaps between the
    letters of the words in ``box``: of the columns between its first and last letter,
    those with no letters' ink (ink but a thin run, under THIN of the box's height, met
    :data:`REACH_PX` above or below the line) hold such a run in UNBROKEN of them, and two
    at least. A pen's line does; a level run the stroke finder made of letters (a bold
    '4''s bar, the feet of small bold digits run together, joined across the gaps between
    them: SROIE's 'CASH 50.00' at 612 pixels across the page) has the gaps empty, and
    letters that leave no gap tell nothing."""
    image = _sharp(page, box)
    if image is None:
        return True
    h, w = image.shape[:2]
    x0 = max(0, math.floor(max(stroke.x0, box.x0) * w))
    x1 = min(w, math.ceil(min(stroke.x1, box.x1) * w))
    top, foot = max(0, math.floor(box.y0 * h)), min(h, math.ceil(box.y1 * h))
    if x1 - x0 < 2 or foot - top < 4:
        return False
    from formsift.plugins.segment.rules import ink

    left, up = max(0, x0 - 16), max(0, top - 16)
    bw = ink(image[up:min(h, foot + 16), left:min(w, x1 + 16)]) > 0
    thin = THIN * (foot - top)
    columns = [_column(bw[top - up:foot - up, x - left],
                       round(stroke.at((x + 0.5) / w) * h) - top, thin) for x in range(x0, x1)]
    lettered = [i for i, (_, letters) in enumerate(columns) if letters]
    if not lettered:
        return False
    gaps = [line for line, letters in columns[lettered[0]:lettered[-1] + 1] if not letters]
    return len(gaps) >= 2 and sum(gaps) >= UNBROKEN * len(gaps)


def _column(col: Any, y: int, thin: float) -> tuple[bool, bool]:
    """Of a column of ink ``col`` (top to foot of a value's words) a line crosses at row
    ``y``: whether a thin run of ink (under ``thin`` rows) is met within REACH_PX of it
    (the line's), and whether the column holds other ink (letters')."""
    runs, start = [], None
    for r, on in enumerate([*col.tolist(), False]):
        if on and start is None:
            start = r
        elif not on and start is not None:
            runs.append((start, r - 1))
            start = None
    line = next((run for run in runs if run[0] - REACH_PX <= y <= run[1] + REACH_PX
                 and run[1] - run[0] + 1 < thin), None)
    return line is not None, any(run is not line for run in runs)


def _sharp(page: Page, box: Box) -> Any:
    """The image of ``page`` strokes are found on (``struck._image``), or the page's own
    (at the resolution it was read at) where the line of ``box`` is under SHARP_PX tall
    there: a small receipt's letters, a few pixels tall, run together into level lines
    a pen's would be taken for. None without an image."""
    image = S._image(page)
    if image is None or box.height * image.shape[0] >= SHARP_PX:
        return image
    read = page.notes.get("image", {}).get("dpi") or page.notes.get("render_dpi")
    if not read:
        return image
    from formsift.plugins.preprocess.filters import gray

    sharp = gray(page.shown_image(int(read)))
    return sharp if sharp.shape[0] > image.shape[0] else image


def _boxes(page: Page, cand: Candidate) -> list[Box]:
    """The boxes of the words ``cand`` was read from on ``page`` (its own box when it
    names no words; none for a value with no place: a template's constant)."""
    boxes = [w.box for w in cand.words if w.page == page.index]
    return boxes or ([cand.box] if cand.box is not None and cand.source != "template"
                     and cand.locator != "default" else [])


def correction(page: Page, struck: Candidate, others: list[Candidate], ftype: Any,
               ctx: Any, taken: Collection[int] = ()) -> str | None:
    """What is written in place of the struck value ``struck``: the nearest other reading
    of the field (``others``, the field's candidates) near it on its page (:func:`_near`)
    with another value, read from none of its words and not struck through itself; else
    the nearest line of words near it written apart (:func:`_written_apart`) that reads
    as the field's type, none of them ``taken`` (the ids of words other fields' values
    were read from); None when there is none."""
    box = Box.enclosing(_boxes(page, struck))
    mine = {id(w) for w in struck.words}
    found = [(_distance(page, box, Box.enclosing(b)), x.raw) for x in others
             if x is not struck and x.page == struck.page and str(x.value) != str(struck.value)
             and (b := _boxes(page, x)) and not any(id(w) in mine for w in x.words)
             and _near(page, box, Box.enclosing(b)) and not is_struck(page, x)]
    if not found:
        found = [(_distance(page, box, b), text)
                 for b, text in _written_apart(page, box, mine | set(taken))
                 if (value := _reads(text, ftype, ctx)) is not None
                 and str(value) != str(struck.value)]
    return min(found)[1] if found else None


def _written_apart(page: Page, box: Box, skip: set[int]) -> list[tuple[Box, str]]:
    """The lines of words of ``page`` near ``box`` (none of ``skip``), each as its box and
    text, that are written apart from the page's print: handwriting, or words level with
    no other word of the page (:func:`_level`: a correction written under or over a
    struck total; not the tax amount on the line above, level with its label)."""
    words = sorted((w for w in page.words if id(w) not in skip and _near(page, box, w.box)),
                   key=lambda w: (w.box.cy, w.box.x0))
    lines: list[list[Word]] = []
    for w in words:
        line = next((x for x in lines if _level(x[-1].box, w.box)), None)
        if line is None:
            lines.append([w])
        else:
            line.append(w)
    out = []
    for line in lines:
        own = {id(w) for w in line} | skip
        at = Box.enclosing([w.box for w in line])
        if all(w.handwritten for w in line) or not any(
                id(w) not in own and _level(w.box, at) for w in page.words):
            out.append((at, " ".join(w.text for w in sorted(line, key=lambda w: w.box.x0))))
    return out


def _level(a: Box, b: Box) -> bool:
    """Whether two boxes stand on one printed line: their middles apart by a fifth of the
    smaller's height at most, neither half again as tall as the other (the words of a
    printed line, a label and its amount, are boxed alike; a handwritten amount written
    between two printed lines reaches into both, level with neither: a third of the
    height took a scan's correction for a word of the line under it)."""
    low, high = sorted((a.height, b.height))
    return abs(a.cy - b.cy) <= low / 5 and high <= 1.5 * low


def _reads(text: str, ftype: Any, ctx: Any) -> Any:
    """``text`` read as the field's type, or None."""
    try:
        return ftype.parse(text, ctx)
    except (ValueError, TypeError, ArithmeticError):
        return None


def _near(page: Page, box: Box, other: Box) -> bool:
    """Whether ``other`` lies within :data:`NEAR` heights of ``box`` (its line's) above
    or under it, and within three times that left or right of it."""
    reach = NEAR * box.height
    across = 3 * reach * page.height / page.width if page.width else 3 * reach
    return (other.x0 < box.x1 + across and other.x1 > box.x0 - across
            and other.y0 < box.y1 + reach and other.y1 > box.y0 - reach)


def _distance(page: Page, a: Box, b: Box) -> float:
    """How far apart two boxes of ``page`` are (0 when they overlap), in page heights."""
    dx = max(0.0, max(a.x0, b.x0) - min(a.x1, b.x1)) * (page.width / page.height
                                                          if page.height else 1.0)
    dy = max(0.0, max(a.y0, b.y0) - min(a.y1, b.y1))
    return (dx * dx + dy * dy) ** 0.5
