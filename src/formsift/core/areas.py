"""Reading parts of a page image: the shared step of region-first extraction and of mixed
PDFs (OCR only where the text layer is missing).

Any segmenter and recognizer work here: an area is cut out of the page image, the
segmenter runs on the cut-out, its regions are mapped back to page coordinates, and the
recognizer reads them from the page image.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple

from formsift.core import comb_cells, routing
from formsift.core.contracts import checked_regions, checked_words
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, Recognizer, Segmenter, TextRegion


class Area(NamedTuple):
    """An area of a page to read. ``constraint``: the field type's alphabet, when the area
    holds one typed value; ``alone``: it holds one printed value and nothing else, so a
    cheap segmenter (``box_segmenters`` of :func:`read_areas`) may find its lines."""

    box: Box
    constraint: Constraint | None = None
    alone: bool = False
    #: The template says the value is handwritten: its text regions are read as
    #: handwriting (on a cut-out the segmenter sees too little of the page to tell).
    handwritten: bool = False


def pad(box: Box, margin: float) -> Box:
    """``box`` grown by ``margin`` (page fraction) on every side, kept inside the page."""
    return Box(max(0.0, box.x0 - margin), max(0.0, box.y0 - margin),
               min(1.0, box.x1 + margin), min(1.0, box.y1 + margin))


def map_region(region: TextRegion, area: Box) -> TextRegion:
    """A region found on the cut-out ``area`` in page coordinates."""

    def px(x: float) -> float:
        return area.x0 + x * area.width

    def py(y: float) -> float:
        return area.y0 + y * area.height

    b = region.box
    poly = [(px(x), py(y)) for x, y in region.polygon] if region.polygon else None
    return TextRegion(Box(px(b.x0), py(b.y0), px(b.x1), py(b.y1)), region.kind, region.score,
                      poly, dict(region.attrs))


def cut(image: Any, area: Box) -> Any:
    """The pixels of ``area`` (page-relative) of ``image``."""
    h, w = image.shape[:2]
    x0, y0 = int(area.x0 * w), int(area.y0 * h)
    x1, y1 = max(x0 + 1, round(area.x1 * w)), max(y0 + 1, round(area.y1 * h))
    return image[y0:y1, x0:x1]


#: The longer side (in the cut-out's pixels) of the page image a segmenter is given a part
#: of, while :func:`segment_area` runs it; None when it is given the whole page.
_PAGE_SIDE: ContextVar[float | None] = ContextVar("formsift_page_side", default=None)


def page_side(image: Any) -> float:
    """The longer side, in pixels of ``image``, of the page ``image`` shows: its own when
    it is the whole page, the page's when it is a part cut out by :func:`segment_area`.
    Segmenters that size what they look for by the page (a checkbox is a share of the
    page, not of the cut-out) use it."""
    side = _PAGE_SIDE.get()
    return float(max(image.shape[:2])) if side is None else side


def is_part() -> bool:
    """Whether the segmenter running now is given a part of the page (several calls per
    page: notes add up)."""
    return _PAGE_SIDE.get() is not None


def segment_area(image: Any, page: Page, area: Box, segmenters: Sequence[Segmenter],
                 scale: float = 1.0) -> list[TextRegion]:
    """Regions the segmenters find inside ``area`` of the page image (shrunk by ``scale``,
    as the whole page would be), in page coordinates. While they run, :func:`page_side`
    gives the page's size at the cut-out's scale."""
    import cv2
    import numpy as np

    part = np.ascontiguousarray(cut(image, area))
    if scale < 1.0:
        part = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if min(part.shape[:2]) < 8:
        return []
    out: list[TextRegion] = []
    token = _PAGE_SIDE.set(max(image.shape[:2]) * scale)
    try:
        for s in segmenters:
            s.ensure_ready()
            out.extend(map_region(r, area) for r in checked_regions(s, s.segment(part, page)))
    finally:
        _PAGE_SIDE.reset(token)
    return out


def segment_scaled(image: Any, page: Page, max_side: int,
                   segmenters: Sequence[Segmenter]) -> list[TextRegion]:
    """Regions found on the page image shrunk to ``max_side`` pixels (regions are
    page-relative, so they apply to the full-resolution image unchanged)."""
    import cv2

    h, w = image.shape[:2]
    f = max_side / max(h, w)
    small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 \
        else image
    out: list[TextRegion] = []
    for s in segmenters:
        s.ensure_ready()
        out.extend(checked_regions(s, s.segment(small, page)))
    return out


#: The words that stand for a checkbox region, as the ``checkbox`` field type reads them.
TICKED, EMPTY = "☒", "☐"


def code_words(regions: Sequence[TextRegion], page: Page) -> list[Word]:
    """The words that stand for decoded codes (regions of kind ``code``): one per code,
    its payload as the text, found by the segmenter named in ``attrs["source"]``."""
    return [Word(r.attrs["text"], r.box, page.index, r.score,
                 str(r.attrs.get("source") or "code"))
            for r in regions if r.kind == "code"]


def checkbox_words(regions: Sequence[TextRegion], page: Page) -> list[Word]:
    """The words that stand for checkboxes (regions of kind ``checkbox``): ``☒`` for a
    ticked one (``attrs["checked"]``), ``☐`` for an empty one, with the detection's
    confidence, as the ``checkbox`` field type reads them (source ``checkboxes``)."""
    return [Word(TICKED if r.attrs.get("checked") else EMPTY, r.box, page.index, r.score,
                 "checkboxes") for r in regions if r.kind == "checkbox"]


def read(image: Any, page: Page, regions: list[TextRegion] | None,
         recognizers: Sequence[Recognizer], constraint: Constraint | None = None) -> list[Word]:
    """The recognizers' words for the text regions of the page image; a checkbox region
    becomes a word ``☒`` or ``☐`` (with its detection confidence), a decoded code's region
    (kind ``code``) a word holding its payload; other regions (ruling lines) hold no
    words. ``None`` (no segmenter ran) lets recognizers read the whole image."""
    if regions is None:
        words: list[Word] = []
        for r, _ in routing.route(list(recognizers), []):
            r.ensure_ready()
            words.extend(checked_words(r, "recognize", r.recognize(image, page, [], constraint),
                                       page.index))
        return words
    return read_groups(image, page, [(regions, constraint)], recognizers)


def read_groups(image: Any, page: Page,
                groups: Sequence[tuple[list[TextRegion], Constraint | None]],
                recognizers: Sequence[Recognizer]) -> list[Word]:
    """:func:`read` for several groups of regions, each with its own constraint: every
    recognizer is called once for all of them (:meth:`Recognizer.recognize_groups`)."""
    boxes = [r for regions, _ in groups for r in regions if r.kind == "checkbox"]
    codes = code_words([r for regions, _ in groups for r in regions], page)
    calls: dict[int, tuple[Recognizer, list[tuple[list[TextRegion], Constraint | None]]]] = {}
    for regions, constraint in groups:
        text = [trim_boxes(r, boxes) for r in regions if r.kind in ("text", "handwritten")]
        if not text:
            continue
        # handwritten regions go to handwriting recognizers, the rest to the others
        for r, routed in routing.route(list(recognizers), text):
            calls.setdefault(id(r), (r, []))[1].append((routed, constraint))
    words: list[Word] = []
    for r, parts in calls.values():
        r.ensure_ready()
        words.extend(checked_words(r, "recognize_groups",
                                   r.recognize_groups(image, page, parts), page.index))
    # a comb's cells read by hand one by one: another reading of one is no more writing
    words = comb_cells.without_rereadings(page, words)
    # a "box" in the middle of a word read around it is one of its letters (an "O", a
    # loop of handwriting), not a checkbox; but a ticked box inside a word read with low
    # confidence is a box whose tick was read as letters ("SAe": an overshooting tick)
    boxes = [b for b in boxes if not any(_within_word(b.box, w) and not _tick_read(b, w)
                                         for w in words)]
    if boxes:  # a box's frame read as a letter ("口", "O"), or its tick, is not a word
        words = [w for w in words if not any(
            (len(w.text) <= 2 and b.box.overlap_ratio(w.box) > 0.5) or _tick_read(b, w)
            for b in boxes)]
        words.extend(checkbox_words(boxes, page))
    return words + codes


def trim_boxes(region: TextRegion, boxes: Sequence[TextRegion]) -> TextRegion:
    """``region`` without the checkboxes at its ends: a text line detected together with
    the box beside its label ("☐ No", "I agree ☐") starts after the box, or ends before
    it, so the box's frame is not read as a letter of the label (a short label beside a
    frame read as "N" or "α" was lost). Only a box at least 45% of the line's height (a
    letter's bowl is about a quarter of it: the line holds ascenders and descenders; a
    tick overshooting the box makes the line taller) that leaves at most half its width
    of the line beside it (nothing readable) is cut off; a box inside the line (a
    letter's bowl, read with its word) stays."""
    r = region.box
    if r.width <= 0 or r.height <= 0:
        return region
    a, b = 0.0, 1.0  # the part of the line kept, as fractions of its width
    for box in boxes:
        c = box.box
        overlap = min(r.y1, c.y1) - max(r.y0, c.y0)
        if c.height < 0.45 * r.height or overlap < 0.5 * c.height or \
                c.x1 <= r.x0 or c.x0 >= r.x1:
            continue
        gap = 0.1 * c.width  # the frame's blurred edge
        if c.x0 - r.x0 <= 0.5 * c.width and c.x1 < r.x1:  # the box starts the line
            a = max(a, (c.x1 + gap - r.x0) / r.width)
        elif r.x1 - c.x1 <= 0.5 * c.width and c.x0 > r.x0:  # the box ends the line
            b = min(b, (c.x0 - gap - r.x0) / r.width)
    # what is left must still hold a letter (as wide as half the line's height)
    if (a, b) == (0.0, 1.0) or (b - a) * r.width < 0.5 * r.height:
        return region
    return cut_region(region, a, b)


def _tick_read(box: TextRegion, word: Word) -> bool:
    """``word`` is the reading of the mark across the ticked ``box``: read with low
    confidence (the recognizer made letters of a tick), the box inside it."""
    return bool(box.attrs.get("checked")) and word.confidence < 0.5 and \
        word.box.overlap_ratio(box.box) > 0.8


def _within_word(box: Box, word: Word) -> bool:
    """``box`` is one of the letters of ``word`` (of three characters or more), read
    around it: it lies inside the word, and the word goes on at both sides of it or is
    much taller (a letter's bowl). A checkbox the recognizer read together with its label
    starts or ends the word, and is about as tall as its line."""
    w = word.box
    if len(word.text.strip()) < 3 or not w.contains_center_of(box):
        return False
    if box.height < 0.7 * w.height:
        return True
    margin = 0.5 * box.width
    return w.x0 + margin <= box.x0 and box.x1 <= w.x1 - margin and box.height <= 1.2 * w.height


#: The longer side of the page at which the cheap box segmenters see a form's boxes (their
#: ink projection needs no more than 150 dpi; a 300 dpi scan's boxes are shrunk by half).
BOX_SIDE = 1754


def read_areas(image: Any, page: Page, areas: Sequence[Area],
               segmenters: Sequence[Segmenter], recognizers: Sequence[Recognizer],
               margin: float = 0.004, max_pixels: int = 0,
               box_segmenters: Sequence[Segmenter] = (), keep_print: bool = False
               ) -> list[Word]:
    """Words inside each area. Areas close to each other are segmented together on their
    pixels (one segmenter call per cluster); the regions found in an area that holds a
    constraint (a field type's alphabet) are read with it, the others freely, one
    recognizer call per constraint. With ``max_pixels``, areas are segmented at the scale
    that brings the whole page to that many pixels. ``box_segmenters`` (cheap ones, such
    as ``ink_lines``) segment clusters made only of areas that hold one printed value
    alone (``Area.alone``), where a text detector costs far more than it finds, on the
    page shrunk to :data:`BOX_SIDE` pixels at most (150 dpi); areas that may hold
    handwriting keep the segmenters that tell it from print. With ``keep_print`` (the
    areas are where ``handwritten`` hints look), a word the printed recognizer reads
    surely with no digit in a region read as handwriting (a "%" printed beside the blank)
    stays print, as on the whole page (:func:`formsift.core.routing.keep_print`)."""
    if not areas:
        return []
    padded = [(pad(a.box, margin), a.constraint) for a in areas]
    h, w = image.shape[:2]
    scale = min(1.0, (max_pixels / (h * w)) ** 0.5) if max_pixels else 1.0
    groups: dict[Constraint | None, list[TextRegion]] = {}
    for cluster in segmented(areas, margin):
        inside = [a for a, (b, _) in zip(areas, padded, strict=True)
                  if cluster.contains_center_of(b)]
        if box_segmenters and all(a.alone for a in inside):
            found = segment_area(image, page, cluster, box_segmenters,
                                 min(1.0, BOX_SIDE / max(h, w)))
        else:
            found = segment_area(image, page, cluster, segmenters, scale)
        for r in found:
            if not any(b.intersection_area(r.box) > 0 for b, _ in padded):
                continue
            if r.kind == "text" and any(a.handwritten and b.contains_center_of(r.box)
                                        for a, (b, _) in zip(areas, padded, strict=True)):
                r = TextRegion(r.box, "handwritten", r.score, r.polygon, dict(r.attrs))
            holders = [c for b, c in padded if b.contains_center_of(r.box)]
            key = holders[0] if len(holders) == 1 else None
            groups.setdefault(key, []).append(r)
    words = read_groups(image, page, [(g, c) for c, g in groups.items()], recognizers)
    if keep_print:
        written = [r for g in groups.values() for r in g if r.kind == "handwritten"]
        words = routing.keep_print(image, page, written, words, recognizers)
    return words


def segmented(areas: Sequence[Area], margin: float = 0.004) -> list[Box]:
    """The parts of the page :func:`read_areas` cuts out and segments for ``areas`` (with
    its ``margin``): each cluster of nearby areas, whole (the box enclosing them, where
    a line that starts in one area may run on past it), and nothing else. What it reads
    lies inside them; a page image made only in parts (a deferred deskew,
    :meth:`formsift.core.document.Page.image_within`) must make these."""
    return _clusters([pad(a.box, margin) for a in areas], gap=2 * margin)


def _clusters(boxes: list[Box], gap: float) -> list[Box]:
    """Unions of boxes that overlap or lie within ``gap`` of each other."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        out: list[Box] = []
        for b in merged:
            grown = pad(b, gap)
            for i, o in enumerate(out):
                if grown.intersection_area(o) > 0:
                    out[i] = o.union(b)
                    changed = True
                    break
            else:
                out.append(b)
        merged = out
    return merged


def cut_region(region: TextRegion, a: float, b: float) -> TextRegion:
    """The part [a, b] (fractions of the width, along the text) of a text line region."""
    if region.polygon and len(region.polygon) == 4:
        (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = region.polygon
        poly = [(tlx + a * (trx - tlx), tly + a * (try_ - tly)),
                (tlx + b * (trx - tlx), tly + b * (try_ - tly)),
                (blx + b * (brx - blx), bly + b * (bry - bly)),
                (blx + a * (brx - blx), bly + a * (bry - bly))]
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        return TextRegion(Box(min(xs), min(ys), max(xs), max(ys)), region.kind, region.score,
                          poly, dict(region.attrs))
    r = region.box
    return TextRegion(Box(r.x0 + a * r.width, r.y0, r.x0 + b * r.width, r.y1), region.kind,
                      region.score, None, dict(region.attrs))


def dedupe(kept: list[Word], new: list[Word], overlap: float = 0.5) -> list[Word]:
    """The words of ``new`` that do not repeat a word of ``kept`` (same place: most of the
    new word's box lies in a kept word's box, or their centres fall in each other)."""
    out = []
    for w in new:
        if any(k.box.overlap_ratio(w.box) >= overlap or
               (k.box.contains_center_of(w.box) and w.box.contains_center_of(k.box))
               for k in kept):
            continue
        out.append(w)
    return out
