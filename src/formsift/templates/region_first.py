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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from formsift.core import areas as A
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

    def needs_full(self, index: int, count: int) -> list[str]:
        return [why for scope, why in self.full if scope.includes(index, count)]

    def longest_label(self) -> int:
        """Characters of the longest label given as text (at least 12: labels given as
        patterns are found when they fit in that many characters)."""
        lengths = [len(x) for a in self.anchors for x in a.labels if isinstance(x, str)]
        return max([12, *lengths])


def plan(template: M.CompiledTemplate) -> Plan:
    """What ``template`` needs read, derived from its fields, regions and tables."""
    p = Plan()
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


def read_page(p: Plan, image: Any, page: Page, count: int,
              segmenters: Sequence[Segmenter], recognizers: Sequence[Recognizer],
              anchor_side: int = 1280, box_segmenters: Sequence[Segmenter] = ()
              ) -> PageRead | None:
    """The words region-first OCR reads on ``page``; None when the page must be read in
    full (the plan says so for this page). ``box_segmenters`` segment the boxes of typed
    fields (see :func:`formsift.core.areas.read_areas`)."""
    if p.needs_full(page.index, count):
        return None
    fixed = [area for scope, area in p.fixed if scope.includes(page.index, count)]
    # fixed areas are segmented at the resolution the page as a whole would get
    words = A.read_areas(image, page, fixed, segmenters, recognizers,
                         max_pixels=anchor_side * anchor_side, box_segmenters=box_segmenters)
    anchors = [a for a in p.anchors if a.pages.includes(page.index, count)]
    notes: dict[str, Any] = {"mode": "regions", "fixed_areas": len(fixed)}
    if anchors:
        lines = A.segment_scaled(image, page, anchor_side, segmenters)
        lines = [r for r in lines if not any(a.box.contains_center_of(r.box) for a in fixed)]
        got = _anchor_pass(p, anchors, image, page, lines, recognizers)
        chosen = [r for r in lines if any(t.intersection_area(r.box) > 0 for t in got.targets)]
        # lines the anchor pass read whole keep its words; the others are read now
        again = [r for r in chosen if id(r) not in got.whole]
        for r in chosen:
            if id(r) in got.whole:
                words.extend(w for w in got.words if r.box.contains_center_of(w.box))
        words.extend(A.read(image, page, again, recognizers))
        notes.update(lines=len(lines), anchors_found=got.found, lines_used=len(chosen),
                     lines_read_twice=len(again))
    return PageRead(words, notes)


@dataclass
class _AnchorPass:
    targets: list[Box]  # areas to read in full: each label's line and its neighbourhood
    found: int  # labels found
    words: list[Word]  # what the pass read (line starts)
    whole: set[int]  # ids of the lines it read whole (short lines)


def _anchor_pass(p: Plan, anchors: list[Anchor], image: Any, page: Page,
                 lines: list[TextRegion], recognizers: Sequence[Recognizer]) -> _AnchorPass:
    """Read the start of every line and find the anchors' labels there."""
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
    text_lines = group_lines(words)
    targets: list[Box] = []
    found = 0
    for anchor in anchors:
        for hit in find_in_lines(page.index, text_lines, anchor.labels)[:5]:
            found += 1
            targets.append(hit.box)
            targets.append(_neighbourhood(hit.box, anchor))
    return _AnchorPass(targets, found, words, whole)


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
