"""Region-first OCR: read only what a template's locators can use.

From a compiled template, :func:`plan` lists per page what must be read:

* fixed areas (``box(...)`` locators, regions given as boxes, fields scoped to such
  regions, tables confined to such regions): segmented and read on their own pixels, with
  the field type's constraint when the area belongs to one field (and the box of one
  printed value segmented by the cheap box segmenter);
* anchors (labels of ``right of`` / ``below`` / ``after`` ... locators and of regions
  placed relative to a label): found by a cheap pass (text lines detected on a shrunk page
  image, only the first characters of each line read), then the lines around each anchor
  in the locator's direction are read in full;
* the whole page, when a locator can use any text (``anywhere``, ``pattern``, tables
  that are not confined to a box).

The engine orchestrates: it calls :func:`read_page` with the template's segmenters and
recognizers, and falls back to full-page OCR when a required field is still missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from formsift.core import areas as A
from formsift.core import routing
from formsift.core.document import Page, Word, group_lines
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, Segmenter, TextRegion
from formsift.templates import model as M
from formsift.templates.labels import find_in_lines

#: Characters read at the start of each line in the anchor pass, beyond the longest label.
PREFIX_SLACK = 4
#: Width of one character as a share of the line's height (generous for wide fonts).
CHAR_WIDTH = 0.62
#: How far below/above a label a value is looked for, when the template does not say.
DEFAULT_REACH = 0.12


@dataclass(frozen=True)
class Anchor:
    """A label whose neighbourhood (in ``direction``, up to ``reach``) must be read."""

    labels: tuple[Any, ...]
    direction: str  # after | right of | left of | below | above
    reach: float | None
    pages: M.PageScope
    size: tuple[float, float] | None = None  # for regions placed relative to a label


@dataclass
class Plan:
    fixed: list[tuple[M.PageScope, A.Area]] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    #: Why the whole page must be read (one entry per reason), by page scope.
    full: list[tuple[M.PageScope, str]] = field(default_factory=list)
    #: The template planned for: where its ``handwritten`` hints look
    #: (:func:`formsift.core.routing.hint_areas`).
    template: M.CompiledTemplate | None = None

    def needs_full(self, index: int, count: int) -> list[str]:
        return [why for scope, why in self.full if scope.includes(index, count)]

    def reads(self, index: int, count: int) -> bool:
        """Whether anything is read on page ``index`` of ``count`` (no field, region or
        table of the template may be on a page outside their page scopes)."""
        return bool(self.needs_full(index, count)) or \
            any(scope.includes(index, count) for scope, _ in self.fixed) or \
            any(a.pages.includes(index, count) for a in self.anchors)

    def longest_label(self) -> int:
        """Characters of the longest label given as text (at least 12: labels given as
        patterns are found when they fit in that many characters)."""
        lengths = [len(x) for a in self.anchors for x in a.labels if isinstance(x, str)]
        return max([12, *lengths])


def plan(template: M.CompiledTemplate) -> Plan:
    """What ``template`` needs read, derived from its fields, regions and tables."""
    p = Plan(template=template)
    regions = template.regions
    for spec in template.fields.values():
        scope = regions.get(spec.scope) if spec.scope else None
        if scope is not None and scope.box is not None:
            p.fixed.append((_and(spec.pages, scope.pages), A.Area(scope.box)))
            continue
        if scope is not None:  # a region relative to a label: read all of it
            p.anchors.append(_region_anchor(scope, spec.pages))
            continue
        only_one = len(spec.locators) == 1
        for loc in spec.locators:
            _add_locator(p, spec, loc, regions, only_one)
    for table in template.tables.values():
        region = regions.get(table.region) if table.region else None
        if region is not None and region.box is not None:
            p.fixed.append((region.pages, A.Area(region.box)))
        else:
            p.full.append((M.PageScope(), f"table {table.name}"))
    return p


def _add_locator(p: Plan, spec: M.FieldSpec, loc: M.LocatorSpec,
                 regions: dict[str, M.RegionSpec], only_one: bool) -> None:
    if loc.kind == "constant":
        return
    if loc.kind == "box":
        assert loc.box is not None
        # the box holds this field's value alone: read it with the type's alphabet
        constraint = spec.type.constraint() if only_one and spec.pattern is None else None
        if constraint is not None and not constraint.alphabet:
            constraint = None
        # its lines can be found by ink alone, unless it may hold handwriting (which the
        # segmenters tell from print), a checkbox or a mark read from the pixels
        alone = only_one and not spec.handwritten and not spec.type.reads_image and (
            constraint is not None or spec.type.value_kind == "text")
        p.fixed.append((spec.pages, A.Area(loc.box, constraint, alone, spec.handwritten)))
    elif loc.kind == "region":
        region = regions[loc.region or ""]
        if region.box is not None:
            p.fixed.append((_and(spec.pages, region.pages), A.Area(region.box)))
        else:
            p.anchors.append(_region_anchor(region, spec.pages))
    elif loc.kind in ("relative", "after"):
        direction = loc.direction if loc.kind == "relative" else "after"
        p.anchors.append(Anchor(loc.label, direction, spec.within, spec.pages))
    else:  # anywhere, pattern
        p.full.append((spec.pages, f"field {spec.name}: {loc.describe()}"))


def _region_anchor(region: M.RegionSpec, pages: M.PageScope) -> Anchor:
    return Anchor(region.label, region.direction, None, _and(pages, region.pages),
                  region.size or (1.0, 0.15))


def _and(a: M.PageScope, b: M.PageScope) -> M.PageScope:
    return a if b.which == "every" else b


# ---------------------------------------------------------------- reading a page
@dataclass
class PageRead:
    words: list[Word]
    notes: dict[str, Any]
    #: The page image the words were read from (of a page made only in parts, the parts
    #: read: :func:`read_page`).
    image: Any = None
    #: Nothing was read: the lines detected showed the page upside down (``settle`` of
    #: :func:`read_page`), to be turned and read again.
    upside_down: bool = False

    def printed_lines(self) -> list[Box]:
        """Boxes of the lines of printed words read (words of two letters or digits at
        least: no checkbox, no tick), for telling which way up the page is."""
        words = [w for w in self.words
                 if not w.handwritten and sum(c.isalnum() for c in w.text) >= 2]
        return [line.box for line in group_lines(words)]


def read_page(p: Plan, image: Any, page: Page, count: int,
              segmenters: Sequence[Segmenter], recognizers: Sequence[Recognizer],
              anchor_side: int = 1280, box_segmenters: Sequence[Segmenter] = (),
              settle: Callable[[Any, list[Box]], bool] | None = None
              ) -> PageRead | None:
    """The words region-first OCR reads on ``page``; None when the page must be read in
    full (the plan says so for this page). ``box_segmenters`` segment the boxes of typed
    fields (see :func:`formsift.core.areas.read_areas`).

    With labels to find, the page's text lines are detected first, and
    ``settle(image, boxes)``, when given, says from the boxes of the printed ones whether
    the page is upside down (the orientation step left that to the lines,
    ``provisional``): if so, nothing is read and the :class:`PageRead` says so. The page
    turned is detected again: the detector's lines of a page upside down, turned, stand a
    few pixels off the ones it finds on the page turned (sometimes a whole line off), and
    a handwriting recognizer reads words cut there differently.

    As on the whole page (:func:`formsift.core.routing.read_page`), a ``handwritten`` hint
    acts where its field looks: a line labelled handwritten elsewhere (print the style
    model took for handwriting) is read by the printed recognizers, the handwriting only
    the segmenter's second look found there is left out, and labels are looked for in the
    lines read as print first; where a hint looks, a word the printed recognizer reads
    surely with no digit (a "%" or "kg" printed beside the blank) stays print
    (:func:`formsift.core.routing.keep_print`).

    ``image`` may be a function of the boxes to be read, ``image(boxes)`` (None: the
    whole page), when the page image is made only where it is read (a deskew rotation
    the engine deferred): a page read in its fixed areas alone asks for the parts
    :func:`formsift.core.areas.read_areas` segments (each cluster of nearby areas whole:
    :func:`formsift.core.areas.segmented`), one with labels to find for the whole page."""
    if p.needs_full(page.index, count):
        return None
    fixed = [area for scope, area in p.fixed if scope.includes(page.index, count)]
    anchors = [a for a in p.anchors if a.pages.includes(page.index, count)]
    notes: dict[str, Any] = {"mode": "regions", "fixed_areas": len(fixed)}
    scoped = _scoped(p, recognizers)
    where: tuple[list[Box], list[Box]] | None = None
    if callable(image) and not anchors:
        if scoped:
            where = _hint_areas(p, page, count, [], [])
        image = image([b for part in _by_reader(fixed, where) for b in A.segmented(part)])
    elif callable(image):
        image = image(None)
    words: list[Word] = []
    if anchors:
        lines = A.segment_scaled(image, page, anchor_side, segmenters)
        if settle is not None and settle(image, [r.box for r in lines if r.kind == "text"]):
            return PageRead([], {"mode": "regions", "upside_down": True}, image,
                            upside_down=True)
        lines = [r for r in lines if not any(a.box.contains_center_of(r.box) for a in fixed)]
        got = _anchor_pass(p, anchors, image, page, lines, recognizers, scoped)
        if scoped:
            where = _hint_areas(p, page, count, got.print_words, got.words)
        chosen = [r for r in lines if any(t.intersection_area(r.box) > 0 for t in got.targets)]
        outside = {id(r) for r in chosen if where is not None and not _in_hint(r, where)}
        # lines the anchor pass read whole keep its words; the others are read now
        again = [routing.as_print(r) if id(r) in outside else r for r in chosen
                 if id(r) not in got.whole and not (id(r) in outside and r.attrs.get("missed"))]
        for r in chosen:
            if id(r) in got.whole:
                read = got.print_words if id(r) in outside else got.words
                words.extend(w for w in read if r.box.contains_center_of(w.box))
        words.extend(A.read(image, page, again, recognizers))
        if where is not None:  # a printed sign beside the handwriting stays print
            words = routing.keep_print(image, page, [r for r in chosen if r.kind ==
                                                     "handwritten" and id(r) not in outside],
                                       words, recognizers)
        notes.update(lines=len(lines), anchors_found=got.found, lines_used=len(chosen),
                     lines_read_twice=len(again))
        if where is not None:
            written = [r for r in chosen if r.kind == "handwritten"]
            page.notes["handwriting"] = {
                "hinted_areas": [a.as_list() for a in where[0]],
                "handwritten_lines": len(written),
                "read_as_handwriting": sum(id(r) not in outside for r in written),
                "why": "lines labelled handwritten outside the areas the template's "
                       "handwritten hints look at are read as print"}
    elif scoped and where is None:
        where = _hint_areas(p, page, count, [], [])
    # fixed areas are segmented at the resolution the page as a whole would get; the ones
    # no hint looks at are read by the printed recognizers alone
    hinted, plain = _by_reader(fixed, where)
    printed = [r for r in recognizers if not getattr(r, "handwriting", False)]
    boxes = A.read_areas(image, page, hinted, segmenters, recognizers,
                         max_pixels=anchor_side * anchor_side, box_segmenters=box_segmenters,
                         keep_print=where is not None)
    if plain:
        boxes += A.read_areas(image, page, plain, segmenters, printed,
                              max_pixels=anchor_side * anchor_side,
                              box_segmenters=box_segmenters)
    return PageRead(boxes + words, notes, image)


def _by_reader(fixed: list[A.Area], where: tuple[list[Box], list[Box]] | None
               ) -> tuple[list[A.Area], list[A.Area]]:
    """The fixed areas read by every recognizer (where a ``handwritten`` hint looks, or
    all of them when no hint decides: ``where`` None), and the others (the printed
    recognizers alone); each set is segmented apart (:func:`read_page`)."""
    hinted = [a for a in fixed if where is None or a.handwritten
              or any(b.contains_center_of(a.box) for b in where[0])]
    return hinted, [a for a in fixed if not any(a is h for h in hinted)]


def _scoped(p: Plan, recognizers: Sequence[Recognizer]) -> bool:
    """Whether the plan's template's hints decide which lines are read as handwriting:
    it has hints, and the recognizers are handwriting and printed ones (a pipeline that
    names a handwriting recognizer in a template without hints routes by label alone)."""
    from formsift.core.routing import wants_handwriting

    hand = [r for r in recognizers if getattr(r, "handwriting", False)]
    return wants_handwriting(p.template) and bool(hand) and len(hand) < len(recognizers)


def _hint_areas(p: Plan, page: Page, count: int, printed: list[Word], routed: list[Word]
                ) -> tuple[list[Box], list[Box]] | None:
    from formsift.core.routing import hint_areas

    assert p.template is not None
    return hint_areas(p.template, page.index, count, group_lines(printed), group_lines(routed))


def _in_hint(region: TextRegion, where: tuple[list[Box], list[Box]]) -> bool:
    """A line not labelled handwritten, or one a hint looks at."""
    return region.kind != "handwritten" or routing.in_hinted_area(region, *where)


@dataclass
class _AnchorPass:
    targets: list[Box]  # areas to read in full: each label's line and its neighbourhood
    found: int  # labels found
    words: list[Word]  # what the pass read (line starts)
    whole: set[int]  # ids of the lines it read whole (short lines)
    #: The same line starts with the lines labelled handwritten read as print (when the
    #: template's hints decide what is handwriting; else ``words``).
    print_words: list[Word] = field(default_factory=list)


def _anchor_pass(p: Plan, anchors: list[Anchor], image: Any, page: Page,
                 lines: list[TextRegion], recognizers: Sequence[Recognizer],
                 scoped: bool = False) -> _AnchorPass:
    """Read the start of every line and find the anchors' labels there: in the lines read
    as print first when ``scoped`` (a line the style model took for handwriting is read
    by the printed recognizers too), else in the lines as routed."""
    h, w = image.shape[:2]
    chars = p.longest_label() + PREFIX_SLACK
    prefixes, whole = [], set()
    for r in lines:
        line_px = max(1.0, r.box.height * h)
        frac = min(1.0, chars * CHAR_WIDTH * line_px / max(1.0, r.box.width * w))
        prefixes.append(A.cut_region(r, 0.0, frac) if frac < 1.0 else r)
        if frac >= 1.0:
            whole.add(id(r))
    words = A.read(image, page, prefixes, recognizers)
    print_words = words
    if scoped:
        hand = {r.name for r in recognizers if getattr(r, "handwriting", False)}
        plain = [routing.as_print(r) for r in prefixes
                 if r.kind == "handwritten" and not r.attrs.get("missed")]
        print_words = [x for x in words if not (x.handwritten and x.source in hand)]
        print_words += A.read(image, page, plain, recognizers) if plain else []
    text_lines = group_lines(print_words)
    routed = group_lines(words) if print_words is not words else text_lines
    targets: list[Box] = []
    found = 0
    for anchor in anchors:
        hits = find_in_lines(page.index, text_lines, anchor.labels)[:5] or \
            find_in_lines(page.index, routed, anchor.labels)[:5]
        for hit in hits:
            found += 1
            targets.append(hit.box)
            targets.append(_neighbourhood(hit.box, anchor))
    return _AnchorPass(targets, found, words, whole, print_words)


def _neighbourhood(lb: Box, anchor: Anchor) -> Box:
    """Where a value can be, seen from its label (generous: lines are read whole)."""
    d, reach = anchor.direction, anchor.reach
    half = max(lb.height, 0.005)
    if anchor.size is not None:  # a region relative to a label (as resolve_region)
        rw, rh = anchor.size
        if d == "below":
            return Box(lb.x0, lb.y1, min(1.0, lb.x0 + rw), min(1.0, lb.y1 + rh))
        if d == "above":
            return Box(lb.x0, max(0.0, lb.y0 - rh), min(1.0, lb.x0 + rw), lb.y0)
        if d == "right of":
            return Box(lb.x1, max(0.0, lb.cy - rh / 2), min(1.0, lb.x1 + rw),
                       min(1.0, lb.cy + rh / 2))
        return Box(max(0.0, lb.x0 - rw), max(0.0, lb.cy - rh / 2), lb.x0,
                   min(1.0, lb.cy + rh / 2))
    band = (max(0.0, lb.cy - half * 0.3), min(1.0, lb.cy + half * 0.3))  # the label's row
    if d in ("after", "right of"):
        x1 = 1.0 if reach is None else min(1.0, lb.x1 + reach)
        return Box(lb.x0, band[0], x1, band[1])
    if d == "left of":
        return Box(0.0, band[0], lb.x1, band[1])
    limit = (reach if reach is not None else DEFAULT_REACH) + half
    x0, x1 = max(0.0, lb.x0 - 0.02), min(1.0, lb.x1 + 0.25)
    if d == "below":
        return Box(x0, lb.y0, x1, min(1.0, lb.y1 + limit))
    return Box(x0, max(0.0, lb.y0 - limit), x1, lb.y1)
