"""Routing of text regions between recognizers: handwritten regions to handwriting
recognizers (``Recognizer.handwriting = True``), the others to the rest.

With no handwriting recognizer in a pipeline, every recognizer reads every region, as
before. A template that marks fields or columns ``handwritten`` gets the ``handwriting``
segmenter (in place of the default text detector) and the ``crnn`` recognizer added
automatically, when both are installed, unless its ``pipeline`` names a handwriting
recognizer of its own (:func:`handwriting_stages`): a pipeline named for another reason
(``segment ppocr_det, checkboxes``) does not switch the hints off.

A hint acts where its field looks, not on the whole page (:func:`read_page`): a line the
segmenter labels handwritten elsewhere (printed words the style model took for
handwriting: a table's header, "TVA 20 %") is read by the printed recognizers, as a
template without the hint reads it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from formsift.core.components import Component, ComponentKind
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion

if TYPE_CHECKING:
    from collections.abc import Sequence

    from formsift.core.document import Line, Page, Word
    from formsift.templates.model import CompiledTemplate, LocatorSpec, PageScope

HANDWRITING_SEGMENTER = "handwriting"
HANDWRITING_RECOGNIZER = "crnn"
#: The default text detector, which the ``handwriting`` segmenter replaces.
DEFAULT_DETECTOR = "ppocr_det"


def route(recognizers: list[Component], regions: list[TextRegion]
          ) -> list[tuple[Recognizer, list[TextRegion]]]:
    """(recognizer, regions it reads) pairs."""
    recs = [r for r in recognizers if isinstance(r, Recognizer)]
    hand = [r for r in recs if getattr(r, "handwriting", False)]
    other = [r for r in recs if r not in hand]
    if not hand or not other or not regions:
        return [(r, regions) for r in recs]
    written = [g for g in regions if g.kind == "handwritten"]
    printed = [g for g in regions if g.kind != "handwritten"]
    pairs: list[tuple[Recognizer, list[TextRegion]]] = []
    if printed:
        pairs += [(r, printed) for r in other]
    if written:
        pairs += [(r, written) for r in hand]
    return pairs


def wants_handwriting(template: CompiledTemplate | None) -> bool:
    if template is None:
        return False
    return any(f.handwritten for f in template.fields.values()) or any(
        c.handwritten for t in template.tables.values() for c in t.columns)


def handwriting_stages(engine: Any, template: CompiledTemplate | None,
                       seg: list[Component], rec: list[Component]
                       ) -> tuple[list[Component], list[Component]]:
    """The segmenters and recognizers that read ``template``'s pages (``seg``, ``rec``: the
    ones its ``pipeline`` names, else the defaults), with what handwriting reading needs.

    A ``handwritten`` hint asks for handwriting to be read, with or without a pipeline: a
    pipeline that names no handwriting recognizer gets ``crnn`` added, and the default
    text detector (``ppocr_det``) is replaced by the ``handwriting`` segmenter, which
    finds the same lines and labels each printed or handwritten (the other segmenters,
    ``checkboxes``, stay). A pipeline's own handwriting segmenter and recognizer are
    kept. A pipeline whose segmenters cannot label handwriting (no ``ppocr_det``: another
    detector) is left as it is, and ``formsift check`` warns that its hints are not
    read as handwriting (:func:`ignored_hints`).

    Without hints, a pipeline that names a handwriting recognizer but no segmenter gets
    the ``handwriting`` segmenter in place of ``ppocr_det``: without labels no region
    would ever reach that recognizer."""
    named = {s.stage for s in template.stages} if template is not None else set()
    if not wants_handwriting(template):
        if "segment" in named:
            return seg, rec
        return _with_labels(engine, seg, rec), rec
    if not _can_label(seg):
        return seg, rec
    registry = engine.registry
    if not any(getattr(r, "handwriting", False) for r in rec):
        if HANDWRITING_RECOGNIZER not in registry.of_kind(ComponentKind.RECOGNIZER):
            return seg, rec
        from formsift.core.errors import FormsiftError

        try:
            hw_rec = engine.component(ComponentKind.RECOGNIZER, HANDWRITING_RECOGNIZER)
            labelled = _with_labels(engine, seg, [hw_rec])
        except FormsiftError:  # a model is missing: keep the plain pipeline
            return seg, rec
        if not any(getattr(s, "handwriting", False) for s in labelled):
            return seg, rec
        return labelled, [*rec, hw_rec]
    return _with_labels(engine, seg, rec), rec


def _can_label(seg: list[Component]) -> bool:
    """Whether segmenters ``seg`` label handwriting, or can be made to (their text
    detector is the default one, which the ``handwriting`` segmenter replaces)."""
    return not seg or any(getattr(s, "handwriting", False) or s.name == DEFAULT_DETECTOR
                          for s in seg)


def _with_labels(engine: Any, seg: list[Component], rec: list[Component]
                 ) -> list[Component]:
    """``seg`` with the ``handwriting`` segmenter in place of the default text detector,
    when ``rec`` holds a handwriting recognizer and no segmenter of ``seg`` labels
    handwriting."""
    if not any(getattr(r, "handwriting", False) for r in rec) or \
            any(getattr(s, "handwriting", False) for s in seg) or \
            HANDWRITING_SEGMENTER not in engine.registry.of_kind(ComponentKind.SEGMENTER):
        return seg
    hw_seg = engine.component(ComponentKind.SEGMENTER, HANDWRITING_SEGMENTER)
    return [hw_seg if s.name == DEFAULT_DETECTOR else s for s in seg] or [hw_seg]


def ignored_hints(template: CompiledTemplate, registry: Any) -> tuple[str, str] | None:
    """Why the ``handwritten`` hints of ``template`` would not be read as handwriting by
    its pipeline, and what to do (None: they are, as far as the installed components
    tell): its segmenters cannot label handwriting (:func:`handwriting_stages`), or a
    component it needs is not installed."""
    if not wants_handwriting(template):
        return None
    stages = {s.stage: s.components for s in template.stages}
    seg, rec = stages.get("segment"), stages.get("recognize")
    if seg is not None and not _can_label(seg):
        names = ", ".join(s.name for s in seg)
        return (f"the pipeline's segmenters ({names}) do not tell handwriting from print: "
                f"the handwritten hints are not read as handwriting",
                f"segment with {DEFAULT_DETECTOR} (the {HANDWRITING_SEGMENTER} segmenter "
                f"takes its place) or {HANDWRITING_SEGMENTER}, beside the others")
    has_seg = any(getattr(s, "handwriting", False) for s in seg or [])
    has_rec = any(getattr(r, "handwriting", False) for r in rec or [])
    missing = [n for n, kind, there in (
        (HANDWRITING_SEGMENTER, ComponentKind.SEGMENTER, has_seg),
        (HANDWRITING_RECOGNIZER, ComponentKind.RECOGNIZER, has_rec))
        if not there and n not in registry.of_kind(kind)]
    if missing:
        return (f"the handwritten hints are not read as handwriting: "
                f"{' and '.join(repr(n) for n in missing)} not installed",
                "install formsift's handwriting plugin, or name a handwriting segmenter "
                "and recognizer in the pipeline")
    return None


# ------------------------------------------------------------- where hints act
#: How far past a hinted area a line's centre may lie (page fraction): the margin a
#: region-first area gets too.
MARGIN = 0.004
#: A value beside its label ("right of", "after", "left of") may sit this many label
#: heights above or below the label's line (handwriting is rarely on its baseline).
BAND = 0.75
#: How far below or above its label a value is looked for when the template says nothing
#: (as the ``below``/``above`` locators: a page fraction).
REACH = 0.12


def read_page(image: Any, page: Page, regions: list[TextRegion] | None,
              recognizers: list[Component], template: CompiledTemplate | None,
              count: int) -> list[Word]:
    """The words of a whole page (``count``: pages of its document) whose ``regions`` a
    segmenter found: as :func:`formsift.core.areas.read` reads them, except that a line
    labelled handwritten goes to the handwriting recognizers only where a ``handwritten``
    hint of ``template`` looks (:func:`hint_areas`): elsewhere it is read by the printed
    recognizers as the text detector found it (a line the segmenter cut where it took the
    rest for handwriting, widened or joined is read whole, as a template without the hint
    reads it: "38,420 kg" cut before a "kg" taken for handwriting was read "38," "420"),
    and handwriting found only because the segmenter looked for it (its ``missed`` lines)
    is left out, as without the hint. Where a hint looks, a word the printed recognizer
    reads surely and with no digit (a printed unit or caption beside the blank: "%",
    "kg") stays its reading (:func:`_printed_in_handwriting`). A hint whose locator reads
    the whole page (``anywhere``, a pattern, a search) keeps the whole page's routing; so
    does a pipeline that names a handwriting recognizer in a template without hints."""
    from formsift.core import areas
    from formsift.core.document import group_lines

    words = areas.read(image, page, regions, recognizers)  # type: ignore[arg-type]
    recs = [r for r in recognizers if isinstance(r, Recognizer)]
    hand = {r.name for r in recs if getattr(r, "handwriting", False)}
    written = [r for r in regions or [] if r.kind == "handwritten"]
    if not written or not hand or len(hand) == len(recs) or not wants_handwriting(template):
        return words
    assert template is not None
    by_hand = {id(w) for w in words if w.handwritten and w.source in hand}
    # the same lines read as print, as the text detector found them: where the page's
    # labels are found (as a template without hints reads them), and what is kept
    # outside the hints' areas
    found = [r for r in written if not r.attrs.get("missed")]
    lines, (line_index, line_of) = detected_lines(found)
    # the printed part of a line cut where the segmenter took the rest for handwriting
    # ("38,420" of "38,420 kg"): by the id of each of its words, its lines
    texts = [r for r in regions or [] if r.kind in ("text", "handwritten")]
    part_of: dict[int, list[int]] = {}
    for w in words:
        o = None if id(w) in by_hand else _owner(w.box, texts)
        if o is not None and texts[o].kind == "text":
            got = [line_index[id(d)] for d in texts[o].attrs.get(DETECTED) or []
                   if id(d) in line_index]
            if got:
                part_of[id(w)] = got
    boxes = [r for r in regions or [] if r.kind == "checkbox"
             and any(r.box.intersection_area(g.box) > 0 for g in lines)]
    read_as_print = [w for w in areas.read(image, page, lines + boxes, recognizers)  # type: ignore[arg-type]
                if w.source != "checkboxes"]
    printed = [w for w in words if id(w) not in by_hand and id(w) not in part_of] \
        + read_as_print
    try:
        from formsift.templates.rulings import page_rulings

        rulings = page_rulings(page)
    except Exception:  # no image to measure: the areas run between the headers
        rulings = None
    wanted = hint_areas(template, page.index, count, group_lines(printed), group_lines(words),
                        rulings)
    if wanted is None:
        return words
    where, labels = wanted
    keep = {i for i, r in enumerate(written) if in_hinted_area(r, where, labels)}
    kept_lines = {k for i, r in enumerate(found) if written.index(r) in keep
                  for k in line_of[i]}
    out = [w for w in words if (id(w) not in by_hand
                                or _written_owner(w.box, written) in keep | {None})
           and not (id(w) in part_of and not kept_lines.intersection(part_of[id(w)]))]
    owners = [_owner(w.box, lines) for w in read_as_print]
    out += [w for w, o in zip(read_as_print, owners, strict=True)
            if o is not None and o not in kept_lines]
    out = _printed_in_handwriting(image, out, [r for i, r in enumerate(written) if i in keep],
                                  [w for w, o in zip(read_as_print, owners, strict=True)
                                   if o in kept_lines], hand)
    page.notes["handwriting"] = {
        "hinted_areas": [a.as_list() for a in where],
        "handwritten_lines": len(written),
        "read_as_handwriting": len(keep),
        "why": "lines labelled handwritten outside the areas the template's handwritten "
               "hints look at are read as print, as the text detector found them"}
    return out


#: ``attrs`` key of a region the ``handwriting`` segmenter returns: the text detector's
#: line(s) it was made from (see :data:`formsift.plugins.handwriting.segment.DETECTED`).
DETECTED = "detected"


def detected_lines(found: list[TextRegion]
                   ) -> tuple[list[TextRegion], tuple[dict[int, int], list[list[int]]]]:
    """The lines the text detector found where ``found`` (regions labelled handwritten)
    lie, as regions of kind ``text`` to be read as print, each once: a region the
    segmenter cut out of a line, widened or joined from several gives the line(s) it was
    made from (its ``attrs[DETECTED]``), another one itself. Also the index of each line
    by the id of its detected region, and the indices of each region's lines."""
    lines: list[TextRegion] = []
    index: dict[int, int] = {}
    of: list[list[int]] = []
    for r in found:
        mine = []
        for d in r.attrs.get(DETECTED) or [r]:
            if id(d) not in index:
                index[id(d)] = len(lines)
                lines.append(as_print(d) if d is r else
                             TextRegion(d.box, "text", d.score, d.polygon))
            mine.append(index[id(d)])
        of.append(mine)
    return lines, (index, of)


#: A word the printed recognizer reads inside a line labelled handwritten where a hint
#: looks stays printed when its reading is at least this sure (its least sure character)
#: and holds no digit: a unit or caption printed beside the blank ("kg", "kg/hl").
#: Handwritten initials read as print scored at most 0.79 on the weighbridge journey's
#: tickets, a printed "kg" 0.99.
PRINT_SURE = 0.85
#: ... or this sure when it holds no letter either: a sign printed beside the blank ("%",
#: "°"), which the handwriting recognizer reads as digits ("910", at 0.04 to 0.72) and the
#: printed one read at 0.6 to 1.0 on faded carbon copies and scans.
PRINT_SIGN_SURE = 0.6
#: Such a word stays print only when it is no taller than this many times the page's
#: median printed word: handwriting is written taller than the print it fills in (a
#: surname on a meter card 1.66 times its caption's height); a printed "%" or "kg"
#: beside a blank is as tall as the labels.
TALLER_THAN_PRINT = 1.35
#: A word taller than that stays print when it is a whole word of letters, WORD_LETTERS or
#: more (neat capitals, a name: 'Sarah', 'COBADEFFXXX'; not a letter a digit looks like,
#: 'S' for a 5, nor a code's part, 'S-KL'), and covers the writing's ink.
WORD_LETTERS = 3
#: Such a word stands for the handwriting under it only when it covers its ink: the ink
#: it leaves out on either side is narrower than this many of its characters (its box's
#: width by its letters). The print recognizer's box of a word may leave out the first
#: stroke of a written capital (the H of 'Holt' on a meter card); a word read without a
#: letter or two leaves out more.
LEFT_OUT = 1.0


def keep_print(image: Any, page: Page, kept: list[TextRegion], words: list[Word],
               recognizers: Sequence[Component]) -> list[Word]:
    """``words`` with the printed signs and units beside the handwriting of ``kept`` (lines
    labelled handwritten where hints look) kept as print (:func:`_printed_in_handwriting`):
    the lines the text detector found there are read by the printed recognizers too. For
    a reader of chosen lines (region-first OCR); :func:`read_page` reads those lines as
    print anyway."""
    from formsift.core import areas

    recs = [r for r in recognizers if isinstance(r, Recognizer)]
    hand = {r.name for r in recs if getattr(r, "handwriting", False)}
    if not kept or not hand or len(hand) == len(recs):
        return words
    lines, _ = detected_lines([r for r in kept if not r.attrs.get("missed")])
    printed = [w for w in areas.read(image, page, lines, recs) if w.source != "checkboxes"]
    return _printed_in_handwriting(image, words, kept, printed, hand)


def _printed_in_handwriting(image: Any, words: list[Word], kept: list[TextRegion],
                            printed: list[Word], hand: set[str]) -> list[Word]:
    """``words`` with the printed reading ``printed`` (of the lines ``kept`` labelled
    handwritten, where hints look) of each word that is surely print in place of the
    handwriting recognizers' reading of it: a word read at PRINT_SURE or more (a sign
    alone: PRINT_SIGN_SURE), with no digit (digits in a hinted line are the
    handwriting's: the printed recognizer reads a handwritten 7 as a 1 surely too), more
    surely than the handwriting recognizer read the words it covers. The handwriting's
    words mostly under it give way; one that reaches well past it (read together with
    handwriting beside it) keeps the place. Neat capitals the print recognizer reads
    surely are read so too ('COBADEFFXXX', 'Sarah Wilson'), when the printed word covers
    the writing's ink (:data:`LEFT_OUT`); it then takes the place of the handwriting it
    stands for, box and all: its own box may leave out a capital's first stroke, which
    the ruling detector then takes for a box's side between two words ('Karen' of
    'Karen Holt', accepted). A printed reading with digits whose characters the
    handwriting recognizer read too (:func:`reads_alike`), more surely than each of the
    handwriting's words under it, gives those words its text when its ink is measured no
    taller than TALLER_THAN_PRINT times the page's print: they become one word of the
    handwriting recognizer's, as sure as the least sure of them, read with the print's
    marks. A form printed where a hint looks loses its marks to the handwriting model,
    or has them read apart (a printed "2.210" kg read "2" "." "210": gross 2 kg,
    accepted); two recognizers reading the same digits are no 7 read as a 1, and the
    word stays handwriting to all that weighs handwriting (its confidence, a comb's
    cells, a rule over handwritten fields)."""
    out = list(words)
    measured: list[int | None] = []  # measured once, when a word first needs it

    def taller(p: Word) -> bool:
        if not measured:
            measured.append(print_height(image, words, hand))
        return measured[0] is not None \
            and ink_height(image, p.box) > TALLER_THAN_PRINT * measured[0]

    def print_sized(p: Word) -> bool:  # measured so: ink, no taller than the print's
        return not taller(p) and measured[0] is not None and ink_height(image, p.box) > 0

    for p in printed:
        sign = not any(ch.isalnum() for ch in p.text)
        if p.confidence < (PRINT_SIGN_SURE if sign else PRINT_SURE) or not p.text.strip() \
                or not any(r.box.contains_center_of(p.box) for r in kept):
            continue
        under = sorted((w for w in out if w.source in hand
                        and w.box.intersection_area(p.box) > 0), key=lambda w: w.box.x0)
        if any(ch.isdigit() for ch in p.text):
            if under and all(w.confidence < p.confidence for w in under) \
                    and reads_alike(p.text, [w.text for w in under]) and print_sized(p):
                # print as tall as the page's, whose characters the handwriting
                # recognizer read too, less surely: one word of the handwriting's, as sure
                # as its least sure, read with the print's marks ("2.210" for "2" "."
                # "210", which a field took as 2)
                gone = {id(w) for w in under}
                box = Box.enclosing([p.box, *(w.box for w in under)])
                least = min(w.confidence for w in under)
                out = [w for w in out if id(w) not in gone] + [dataclasses.replace(
                    under[0], text=p.text, box=box, confidence=least,
                    char_confidences=(least,) * len(p.text))]
            continue
        word = p.text.isalpha() and len(p.text) >= WORD_LETTERS
        if not word and taller(p):
            continue
        inside = [w for w in under if _share_across(w.box, p.box) >= 0.5]
        if len(inside) < len(under) or any(w.confidence >= p.confidence for w in inside):
            continue
        if word and inside and not _covers(image, p, [w.box for w in inside]):
            continue
        gone = {id(w) for w in inside}
        box = p.box
        for w in inside if word else ():
            box = box.union(w.box)
        out = [w for w in out if id(w) not in gone] + [dataclasses.replace(p, box=box)]
    return out


def reads_alike(printed: str, written: list[str]) -> bool:
    """Whether a printed reading and the handwriting recognizer's words (left to right)
    read the same letters and digits, in the same order, and the handwriting parts them
    (by a word's end or a mark) wherever the print has a mark between two of them: "2.210"
    and "2" "." "210" or "2" "210" do; "2.2" and "22", or "1" and "7", do not."""
    def marks(parts: list[str]) -> tuple[str, set[int]]:
        chars, cuts, seen = [], set(), 0
        for part in parts:
            for ch in part:
                if ch.isalnum():
                    chars.append(ch)
                    seen += 1
                elif seen:
                    cuts.add(seen)
            if seen:
                cuts.add(seen)
        return "".join(chars), {c for c in cuts if 0 < c < seen}

    text, cuts = marks([printed])
    hand, parted = marks(written)
    return bool(text) and text == hand and cuts <= parted


def _covers(image: Any, word: Word, under: list[Box]) -> bool:
    """Whether a printed ``word`` covers the ink of the handwriting read in ``under`` (page
    fractions): the ink outside its box, on either side, is narrower than LEFT_OUT of its
    characters. True without an image or ink."""
    import numpy as np

    if image is None or getattr(image, "ndim", 0) < 2 or not word.text:
        return True
    w = image.shape[1]
    inside, cx0 = _ink(image, Box.enclosing(under))
    ink = np.flatnonzero(inside.sum(axis=0) >= 2)
    if not ink.size:
        return True
    a, b = word.box.x0 * w - cx0, word.box.x1 * w - cx0
    char = (b - a) / len(word.text)
    return max(a - ink[0], ink[-1] + 1 - b, 0.0) < LEFT_OUT * char


def print_height(image: Any, words: list[Word], hand: set[str]) -> int | None:
    """The median ink height (pixels) of the page's printed words (labels, captions): a
    unit printed beside a blank is as tall; neat handwriting the printed recognizer reads
    surely ('Karen Holt' at 0.89 on a meter card) is written taller than the caption
    before it. Measured in ink: a printed recognizer's word on a line is as tall as the
    line. None without an image or printed ink."""
    heights = sorted(h for w in words if w.source not in hand
                     and (h := ink_height(image, w.box)) > 0)
    return heights[len(heights) // 2] if heights else None


def ink_height(image: Any, box: Box, frame: bool = False) -> int:
    """The height in pixels of the ink inside ``box`` (page fractions) of ``image``: the
    rows between its first and last row holding dark pixels; 0 without an image or ink.
    ``frame``: rows and columns mostly of ink are left out first (a box's frame, which a
    word's box read inside it takes in)."""
    import numpy as np

    if image is None or getattr(image, "ndim", 0) < 2:
        return 0
    ink, _ = _ink(image, box)
    if frame and ink.size:
        ink[ink.mean(axis=1) > 0.6, :] = False
        ink[:, ink.mean(axis=0) > 0.6] = False
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def _ink(image: Any, box: Box) -> tuple[Any, int]:
    """The ink (a pixel darker than INK_LEVEL in its darkest channel) of ``image`` inside
    ``box`` (page fractions), as a boolean array of the box's pixels (at least one column
    and row, unless past the image), and the crop's first column."""
    h, w = image.shape[:2]
    x0, x1 = int(box.x0 * w), max(int(box.x0 * w) + 1, round(box.x1 * w))
    y0, y1 = int(box.y0 * h), max(int(box.y0 * h) + 1, round(box.y1 * h))
    crop = image[y0:y1, x0:x1]
    return (crop.min(axis=2) if crop.ndim == 3 else crop) < INK_LEVEL, x0


#: A pixel darker than this (0-255, its darkest channel: blue or black ink alike) is ink.
INK_LEVEL = 128


def _share_across(box: Box, other: Box) -> float:
    """The share of ``box``'s width that lies across ``other``'s."""
    if box.width <= 0:
        return 0.0
    return max(0.0, min(box.x1, other.x1) - max(box.x0, other.x0)) / box.width


def in_hinted_area(region: TextRegion, where: list[Box], labels: list[Box]) -> bool:
    """Whether a line lies where a ``handwritten`` hint looks (:func:`hint_areas`: its
    centre in one of the areas ``where``), or holds a hint's label found only in the
    handwriting's reading (``labels``)."""
    return any(a.contains_center_of(region.box) for a in where) or any(
        b.overlap_ratio(region.box) > 0.5 or region.box.contains_center_of(b) for b in labels)


def _written_owner(box: Box, written: list[TextRegion]) -> int | None:
    """The index of the region of ``written`` a handwriting word's ``box`` was read from
    (:func:`_owner`); for a word that lies outside every region (a comb's cells, read
    where the comb reaches past the region that found it: a row of ticked checkboxes
    between a table's rulings read as a comb of "?" and "1"), the region on its line
    nearest to it, so that it is kept or left out with that region."""
    found = _owner(box, written)
    if found is not None:
        return found
    near = [(max(r.box.x0 - box.x1, box.x0 - r.box.x1, 0.0), i) for i, r in enumerate(written)
            if min(r.box.y1, box.y1) - max(r.box.y0, box.y0) > 0.5 * min(r.box.height,
                                                                           box.height)]
    return min(near)[1] if near else None


def as_print(region: TextRegion) -> TextRegion:
    """``region`` to be read by the printed recognizers (a line labelled handwritten
    outside the hints' areas); other regions unchanged."""
    if region.kind != "handwritten":
        return region
    return TextRegion(region.box, "text", region.score, region.polygon, dict(region.attrs))


def _owner(box: Box, regions: list[TextRegion]) -> int | None:
    """The index of the region of ``regions`` a word's ``box`` was read from: the one
    holding its centre, else the one it overlaps most (None: none)."""
    best, share = None, 0.0
    for i, r in enumerate(regions):
        if r.box.contains_center_of(box):
            return i
        s = r.box.overlap_ratio(box)
        if s > share:
            best, share = i, s
    return best


def hint_areas(template: CompiledTemplate, index: int, count: int, printed: list[Line],
               routed: list[Line], rulings: Any = None) -> tuple[list[Box], list[Box]] | None:
    """Where the ``handwritten`` hints of ``template`` look on page ``index`` (of
    ``count``; a group's fields' beside their labels, as a field's), from the page's
    lines read as print (``printed``) and as routed (``routed``: lines labelled
    handwritten read by the handwriting recognizer): the areas their values can be in,
    and the boxes of their labels found only in the handwriting's reading (a handwritten
    "Bon pour accord" a region is placed below: a locator needs it read as handwriting).
    None when a hint looks at the whole page.
    ``rulings`` (the page's ruling lines, when known) bound a table column's area at the
    lines on either side of its header (:func:`_column_areas`)."""
    where: list[Box] = []
    labels: list[Box] = []

    def find(options: tuple[Any, ...]) -> list[Box]:
        from formsift.templates.labels import find_in_lines

        hits = [h.box for h in find_in_lines(index, printed, options)[:5]]
        if hits:
            return hits
        hits = [h.box for h in find_in_lines(index, routed, options)[:5]]
        labels.extend(hits)
        return hits

    regions = template.regions
    # a group's fields are read beside their labels, as fields are (each record's): their
    # hints look there, not under headers a group has none of
    members = [f for t in template.tables.values() for f in t.group]
    for spec in [*template.fields.values(), *members]:
        if not spec.handwritten or not _on_page(spec.pages, index, count):
            continue
        if spec.scope is not None:  # its locators look inside the region only
            region = regions[spec.scope]
            if not _on_page(region.pages, index, count):
                continue
            where += _region_boxes(region, find)
            continue
        for loc in spec.locators:
            got = _locator_areas(loc, spec.within, regions, index, count, find)
            if got is None:
                return None
            where += got
    for table in template.tables.values():
        if table.group or not any(c.handwritten for c in table.columns):
            continue
        got = _column_areas(table, regions, index, count, find, rulings)
        if got is None:
            return None
        where += got
    return [_pad(a) for a in where], labels


def _on_page(scope: PageScope, index: int, count: int) -> bool:
    # the last page with content is known only once every page is read: any page may be
    return scope.which == "last" or scope.includes(index, count)


def _pad(box: Box) -> Box:
    return Box(max(0.0, box.x0 - MARGIN), max(0.0, box.y0 - MARGIN),
               min(1.0, box.x1 + MARGIN), min(1.0, box.y1 + MARGIN))


def _region_boxes(region: Any, find: Any) -> list[Box]:
    """The boxes of a named region on the page (as ``resolve_region`` places it, for
    every place its label is found)."""
    if region.box is not None:
        return [region.box]
    w, h = region.size or (1.0, 0.15)
    out = []
    for lb in find(region.label):
        d = region.direction
        if d == "below":
            out.append(Box(lb.x0, lb.y1, min(1.0, lb.x0 + w), min(1.0, lb.y1 + h)))
        elif d == "above":
            out.append(Box(lb.x0, max(0.0, lb.y0 - h), min(1.0, lb.x0 + w), lb.y0))
        elif d == "right of":
            out.append(Box(lb.x1, max(0.0, lb.cy - h / 2), min(1.0, lb.x1 + w),
                           min(1.0, lb.cy + h / 2)))
        else:
            out.append(Box(max(0.0, lb.x0 - w), max(0.0, lb.cy - h / 2), lb.x0,
                           min(1.0, lb.cy + h / 2)))
    return out


def _locator_areas(loc: LocatorSpec, within: float | None, regions: dict[str, Any],
                   index: int, count: int, find: Any) -> list[Box] | None:
    """Where one locator of a hinted field looks; None: anywhere on the page."""
    if loc.kind == "constant":
        return []
    if loc.kind == "box":
        return [loc.box] if loc.box is not None else []
    if loc.kind == "region":
        region = regions[loc.region or ""]
        return _region_boxes(region, find) if _on_page(region.pages, index, count) else []
    if loc.kind not in ("relative", "after"):  # anywhere, pattern, search
        return None
    d = loc.direction if loc.kind == "relative" else "after"
    out = []
    for lb in find(loc.label):
        band = BAND * lb.height
        if d in ("after", "right of"):
            x1 = 1.0 if within is None else min(1.0, lb.x1 + within)
            out.append(Box(lb.x1, max(0.0, lb.y0 - band), x1, min(1.0, lb.y1 + band)))
        elif d == "left of":
            out.append(Box(0.0, max(0.0, lb.y0 - band), lb.x0, min(1.0, lb.y1 + band)))
        else:  # below, above: the label's column, as far as the locator reads
            reach = (within if within is not None else REACH) + lb.height
            x0, x1 = max(0.0, lb.x0 - 0.02), min(1.0, lb.x1 + 0.25)
            out.append(Box(x0, lb.y1, x1, min(1.0, lb.y1 + reach)) if d == "below"
                       else Box(x0, max(0.0, lb.y0 - reach), x1, lb.y0))
    return out


def _header_lines(heads: dict[str, list[Box]]) -> dict[str, list[Box]]:
    """``heads`` (each column's header hits) with only the hits on the lines holding the
    most columns' headers (two at least, where the table has two): a header found alone,
    or with fewer of its table's, is a word of another line ("Date" above the table)."""
    def on_line(hb: Box) -> int:
        return sum(any(abs(b.cy - hb.cy) < max(b.height, hb.height) for b in found)
                   for found in heads.values())

    counts = {name: [on_line(hb) for hb in found] for name, found in heads.items()}
    most = max((n for got in counts.values() for n in got), default=0)
    if most < min(2, len(heads)):
        return heads
    return {name: [hb for hb, n in zip(found, counts[name], strict=True) if n == most]
            for name, found in heads.items()}


def _column_areas(table: Any, regions: dict[str, Any], index: int, count: int,
                  find: Any, rulings: Any = None) -> list[Box] | None:
    """The areas of a table's handwritten columns: under each one's header, between the
    headers beside it, down to the table's ``until`` label (or the page's end). None when
    no hinted column's header is on the page (rows that go on from the page before).
    A header counts on the line(s) holding the most of the table's headers only, as the
    table is read under its header line (:func:`_header_lines`): a "Date" and a "Time" of
    a custody table found on another table's header line above it gave an area from
    there to the page's right edge, and that table's checkboxes were read as handwriting
    (the chain-of-custody journey: ticks merged into '?' words at confidence 0). Where
    the table rules its columns (``rulings``), the nearest vertical line on either side of
    the header (between it and the header beside it) bounds the area: the numbers of the
    column to its left are set against that line, right of their own header (a count
    sheet's printed "2" under "Soll-Menge", inside the area of the handwritten
    "Ist-Menge", was read "CV" by the handwriting recognizer)."""
    heads = _header_lines({c.name: find(c.header) for c in table.columns if c.header})
    ends = find(table.until) if table.until else []
    clip = None
    if table.region:
        region = regions[table.region]
        if not _on_page(region.pages, index, count):
            return []
        clip = next(iter(_region_boxes(region, find)), None)
    out = []
    for col in table.columns:
        if not col.handwritten:
            continue
        for hb in heads.get(col.name, []):
            row = [b for name, found in heads.items() if name != col.name for b in found
                   if abs(b.cy - hb.cy) < max(b.height, hb.height)]
            left = [b.x1 for b in row if b.x1 <= hb.x0 + 0.25 * hb.width]
            right = [b.x0 for b in row if b.x0 >= hb.x1 - 0.25 * hb.width]
            x0 = max(left) if left else max(0.0, hb.x0 - hb.width)
            x1 = min(right) if right else 1.0
            below = [b.y0 for b in ends if b.y0 > hb.y1]
            if rulings:  # the lines between the columns, beside the header (or from its
                # bottom: a header row left unruled) and under it (a tall "1" written in a
                # row is no line)
                under = hb.y1 + 2 * hb.height
                lines = [r.at for r in rulings.vertical
                         if r.start <= hb.y1 + hb.height and r.end >= under]
                x0 = max([x0] + [a + MARGIN for a in lines if x0 < a <= hb.x0])
                x1 = min([x1] + [a - MARGIN for a in lines if hb.x1 <= a < x1])
            area = Box(x0, hb.y1, x1, min(below) if below else 1.0)
            if clip is not None:
                area = Box(max(area.x0, clip.x0), max(area.y0, clip.y0),
                           min(area.x1, clip.x1), min(area.y1, clip.y1))
            if area.width > 0 and area.height > 0:
                out.append(area)
    return out or None
