"""The ``handwriting`` segmenter: text lines found by a detector, each labelled printed
(``kind="text"``) or handwritten (``kind="handwritten"``) by the style classifier of
:mod:`formsift.handwriting.style`.

The detector (PP-OCR's DB model, trained on print) can miss handwriting altogether, above
all a name written on the underline of a form ("Received by: ____"), which it sees as one
long line: the line crossing the letters and the page around them decide, and one pixel
of scale more or less flips its answer. So ink the detector left unexplained is looked at
too (:func:`missed_lines`): ruling lines and the detected lines are taken away, what
remains is grouped into lines, and a group is kept when it is shaped like writing and the
style classifier calls it handwritten (print the detector missed is logos, stamps and
graphics more often than words)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from formsift.core import routing
from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.kinds import Segmenter, TextRegion
from formsift.handwriting.style import StyleModel, features

STYLE_MODEL = "printed_vs_handwritten.json"


class HandwritingOptions(Options):
    #: The detector whose regions are classified (a segmenter's options: ppocr_det's).
    det_model: str | None = None
    #: P(handwritten) at or above which a region is labelled handwritten.
    threshold: float | None = None
    #: A style model (JSON) trained with scripts/train_style_classifier.py; default: shipped.
    model: str | None = None


def style_model(path: str | None = None) -> StyleModel:
    from importlib import resources
    from pathlib import Path

    from formsift.core.errors import ComponentNotFound

    p = Path(path) if path else Path(str(resources.files("formsift") / "models" / STYLE_MODEL))
    if not p.is_file():
        raise ComponentNotFound(f"style model {p} does not exist")
    return StyleModel.load(p)


class HandwritingSegmenter(Segmenter):
    name = "handwriting"
    version = "0.1.0"
    summary = "Text lines labelled printed or handwritten (PP-OCR detection + style classifier)"
    Options = HandwritingOptions
    path_options = ("model",)
    path_formats = {"model": "json"}
    #: Added by routing when a template asks for handwriting, never a default segmenter.
    handwriting = True

    def setup(self) -> None:
        from formsift.plugins.ocr.detect import PPOCRDetector

        opts: HandwritingOptions = self.options  # type: ignore[assignment]
        self._model_det = PPOCRDetector({"model": opts.det_model} if opts.det_model else None)
        self._model_det.ensure_ready()
        self._model_style = style_model(opts.model)

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        self.ensure_ready()
        detected = with_detected(self._model_det.segment(image, page))
        ink = page_ink(image, detected)
        regions = self.label(image, _upright_characters(
            [piece for r in detected for part in _split_at_rules(r, ink)
             for piece in _split_at_walls(part, ink)], ink))
        regions = [part for r in regions for part in self._split_mixed(image, r)]
        regions = _written_in_combs(image, regions)
        regions = _grow_handwriting(regions, ink)
        found = self.label(image, missed_lines(image, regions, ink))
        # (bars the detector missed, beside the print it found)
        _bars_beside_print([r for r in found if r.attrs.get(BARS)], regions, image)
        for r in found:
            if r.attrs.get(STROKE) and not r.attrs.get(PRINTED_STROKE):
                # (a stroke in a comb's cell is read with the comb's cells, from the
                # comb's other lines, or is a piece of a wall: never alone)
                r.kind = "text" if _in_a_comb(image, r) else "handwritten"
        regions += [r for r in found if r.kind == "handwritten"]
        return _join_handwriting(regions, image.shape[1] / max(1, image.shape[0]), ink)

    def label(self, image: Any, regions: list[TextRegion]) -> list[TextRegion]:
        """Set ``kind`` and ``attrs["handwritten_p"]`` of text regions (in place)."""
        from formsift.plugins.ocr.recognize import _crop

        self.ensure_ready()
        opts: HandwritingOptions = self.options  # type: ignore[assignment]
        threshold = opts.threshold if opts.threshold is not None else \
            self._model_style.threshold
        todo = [r for r in regions if r.kind in ("text", "handwritten")]
        if not todo:
            return regions
        import numpy as np

        crops = [_crop(image, r) for r in todo]
        probs = self._model_style.probability(np.stack([features(c) for c in crops]))
        # a straight line across a crop looks like print: a line that crosses handwriting
        # (a quantity written over a table's rule) is judged without it too, and the surer
        # call of handwriting is taken (taking the line away can also cut the letters it
        # runs through, and make them look like print)
        ruled = [(i, u) for i, u in enumerate(map(_unruled, crops)) if u is not crops[i]]
        if ruled:
            again = self._model_style.probability(np.stack([features(u) for _, u in ruled]))
            for (i, _), p in zip(ruled, again, strict=True):
                probs[i] = max(probs[i], p)
        for r, p, crop in zip(todo, probs, crops, strict=True):
            r.attrs["handwritten_p"] = round(float(p), 4)
            r.kind = "handwritten" if p >= threshold else "text"
            # a straight stroke alone gives the style model no writing to judge it by: it
            # took a pen's lone "1" for print in some hands, nearly every printed "|"
            # standing alone for handwriting (p 1.0); a bar that type set beside print is
            # print (below), any other such stroke handwriting
            if _printed_bars(image, r):
                r.attrs[BARS] = True
            if r.kind == "text" and _one_straight_stroke(crop):
                r.kind = "handwritten"
                r.attrs[STROKE] = True
        _bars_beside_print([r for r in todo if r.attrs.get(BARS)], todo, image)
        return regions


    def _split_mixed(self, image: Any, region: TextRegion) -> list[TextRegion]:
        """A detected line that joins a printed label and the handwriting written after
        it ("Received by:  K. Yilmaz" on one underline), cut in two at the clear gap
        between them when the part before it is surely print and the part after it
        surely handwriting; else ``[region]`` as it was. Read whole, the label went to the
        handwriting recognizer with the name (or the name to the print recognizer), and
        the field right of it found no label. Also a line labelled handwritten that ends
        in a caption printed after its blank ("20" then "/ 25 Punkte" on a mark sheet),
        cut at a gap of CAPTION_GAP when the caption is print beyond doubt
        (SURE_CAPTION): read whole by the handwriting recognizer, the caption's "/ 25"
        was "125", and the mark 20125."""
        import numpy as np

        from formsift.plugins.ocr.recognize import _along, _crop

        if region.kind not in ("text", "handwritten"):
            return [region]
        crop = _crop(image, region)
        cut = _clear_gap(crop, CAPTION_GAP)
        if cut is None:
            return [region]
        height, width = crop.shape[:2]
        a, b = cut
        m = min((b - a) // 2, height // 4)  # a little white on each side of the cut
        parts = [TextRegion(_along(region, 0.0, (a + m) / width), "text", region.score,
                            None, _detected_of(region)),
                 TextRegion(_along(region, (b - m) / width, 1.0), "text", region.score,
                            None, _detected_of(region))]
        probs = self._model_style.probability(
            np.stack([features(crop[:, :a + m]), features(crop[:, b - m:])]))
        # (a caption after handwriting: in a line labelled handwritten, its first part
        # need only be more likely handwriting than not, the style model being unsure of
        # a short mark alone, "7"; the caption must be print beyond doubt: a short word
        # of neat handwriting alone, "Hall" of "Ruth Hall", may look print to it, 0.04)
        opts: HandwritingOptions = self.options  # type: ignore[assignment]
        hand = opts.threshold if opts.threshold is not None else self._model_style.threshold
        if not (probs[0] <= SURE_PRINT and probs[1] >= SURE_HAND
                and b - a >= CLEAR_GAP * height
                and not (_printed_bars(image, parts[1])
                         and _sharp([parts[0]], image.shape[0])
                         and _beside_print(parts[1], [parts[0]], image.shape))) \
                and not (region.kind == "handwritten" and probs[0] >= hand
                         and probs[1] <= SURE_CAPTION):
            # (printed bars after a gap, "Qty | 12  | l", are no handwriting: the style
            # model calls them so, having no writing to judge them by)
            return [region]
        for part, p in zip(parts, probs, strict=True):
            part.attrs["handwritten_p"] = round(float(p), 4)
            part.kind = "text" if p <= SURE_PRINT else "handwritten"
        return parts


#: A detected line is cut at a ruling line across it (:func:`_split_at_rules`) when the
#: ink on each side of it is at least this many line heights tall: a piece of writing.
RULED_PART = 0.35



def _pixels(box: Any, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """``box`` (page fractions) as pixel bounds (x0, x1, y0, y1) of an image of
    ``shape``, the partly covered pixels in."""
    import numpy as np

    sh, sw = shape[:2]
    return (max(0, int(box.x0 * sw)), min(sw, int(np.ceil(box.x1 * sw))),
            max(0, int(box.y0 * sh)), min(sh, int(np.ceil(box.y1 * sh))))

def _split_at_rules(region: TextRegion, page: PageInk | None) -> list[TextRegion]:
    """``region`` cut at each flat ruling line that runs across it with writing above and
    below it and no stroke crossing it: the pieces, each the ink between two rulings
    (with a margin), or ``[region]`` as it was. On a table's grid the text detector took
    single marks written in consecutive ruled rows (a 5, an 8 and a 2 three rows high)
    for one tall line, and it was read 'llnloolrs': a ruling line never joins writing,
    across it or along it (:func:`_walled`). A stroke that crosses the ruling (a "10"
    written over a row's bottom rule, a name's letters on their underline) has ink right
    above and below it in the same columns, and keeps the line whole."""
    import numpy as np

    from formsift.core.geometry import Box

    if page is None or region.kind not in ("text", "handwritten"):
        return [region]
    sh, sw = page.ink.shape[:2]
    b = region.box
    x0, x1, y0, y1 = _pixels(b, page.ink.shape)
    lh = page.lh
    if x1 - x0 < 2 or y1 - y0 < 2 * RULED_PART * lh:
        return [region]
    ruled = (page.rules[y0:y1, x0:x1] > 0).mean(axis=1) >= 0.8
    ink = page.ink[y0:y1, x0:x1] > 0
    rows = np.flatnonzero(ruled)
    if rows.size == 0:
        return [region]
    # the rulings' bands of rows, and the pieces of the line between them
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    edges = [0] + [int(v) for band in bands for v in (band[0], band[-1] + 1)] + [y1 - y0]
    pieces = [(a, c) for a, c in zip(edges[::2], edges[1::2], strict=True)]
    near = max(2, round(0.1 * lh))
    parts: list[tuple[int, int, int, int]] = []  # ink rows, then the piece's rows
    for k, (a, c) in enumerate(pieces):
        got = np.flatnonzero(ink[a:c].any(axis=1))
        if got.size == 0 or got[-1] + 1 - got[0] < RULED_PART * lh:
            continue
        top, bottom = a + int(got[0]), a + int(got[-1]) + 1
        if parts and k > 0:
            # a stroke across the ruling above: ink right above and below it, in the
            # same columns (widened by a pixel)
            band = edges[2 * k - 1], edges[2 * k]
            above = ink[max(0, band[0] - near):band[0]].any(axis=0)
            below = ink[band[1]:band[1] + near].any(axis=0)
            above = above | np.roll(above, 1) | np.roll(above, -1)
            if (above & below).any():
                parts[-1] = (parts[-1][0], bottom, parts[-1][2], c)
                continue
        parts.append((top, bottom, a, c))
    if len(parts) < 2:
        return [region]
    # writing the line's box cuts at its top or bottom end goes on beyond it (the top of
    # the next row's mark): left to the line that holds it
    parts = [p for k, p in enumerate(parts) if not (
        (k == 0 and p[0] <= 0) or (k == len(parts) - 1 and p[1] >= y1 - y0))] or parts
    m = max(1, round(0.2 * lh))
    out = []
    for top, bottom, a, c in parts:
        t, u = max(a, top - m), min(c, bottom + m)
        # its own ink's columns: a detected line reaching over a column's rule (read
        # as a "1" before each mark) is cut to the writing
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        left, right = max(0, int(cols[0]) - m), min(x1 - x0, int(cols[-1]) + 1 + m)
        part = TextRegion(Box(max(b.x0, (x0 + left) / sw), (y0 + t) / sh,
                              min(b.x1, (x0 + right) / sw), (y0 + u) / sh), region.kind,
                          region.score, None, {**region.attrs, "ruled": True})
        out.append(part)
    return out


#: A ruling runs across a detected line from top to bottom when it covers this share of
#: the line's rows (:func:`_split_at_walls`).
WALL_ACROSS = 0.8
#: A side of such a ruling holds writing when its ink (the ruling left out) is at least
#: this many line heights tall.
WALL_PART = 0.35


def _split_at_walls(region: TextRegion, page: PageInk | None) -> list[TextRegion]:
    """``region`` cut at each upright ruling line that runs across it from top to bottom
    (a table's line between two cells): the pieces with writing on either side, each cut
    to its own ink, or ``[region]`` as it was. The text detector took a rate written
    against the line before "Amount" and the amount's first group after it for one line
    ("3,20 | 3 776,00"), and it was read '3,2013' '776,00': the ruling a "1", the amount's
    thousands group lost. Writing that crosses the ruling (ink right before and after it in
    the same rows: an amount written over the table's frame) keeps the line whole. A line
    that only reaches over a ruling at one end is cut to its writing ('148,00/')."""
    import numpy as np

    from formsift.core.geometry import Box

    if page is None or region.kind not in ("text", "handwritten"):
        return [region]
    sw = page.ink.shape[1]
    b = region.box
    x0, x1, y0, y1 = _pixels(b, page.ink.shape)
    lh = page.lh
    if x1 - x0 < 4 or y1 - y0 < 4:
        return [region]
    # (and a column's rule too short to be taken out as a ruling line: a small table's,
    # a few rows high, left in the ink as a stroke from one row's rule to the next: a
    # wall of :func:`_frame_ink`, read as a "1" or a "T" in the word across it)
    rules = (page.rules[y0:y1, x0:x1] > 0) | _frame_ink(page, y0, y1, y1 - y0)[0][:, x0:x1]
    walled = rules.mean(axis=0) >= WALL_ACROSS
    cols = np.flatnonzero(walled)
    if cols.size == 0:
        return [region]
    ink = (page.ink[y0:y1, x0:x1] > 0) & ~rules
    bands = np.split(cols, np.flatnonzero(np.diff(cols) > 1) + 1)
    edges = [0] + [int(v) for band in bands for v in (band[0], band[-1] + 1)] + [x1 - x0]
    near = max(2, round(0.1 * lh))
    parts: list[tuple[int, int]] = []
    for k, (a, c) in enumerate(zip(edges[::2], edges[1::2], strict=True)):
        rows = np.flatnonzero(ink[:, a:c].any(axis=1))
        if rows.size == 0 or rows[-1] + 1 - rows[0] < WALL_PART * lh:
            continue
        got = np.flatnonzero(ink[:, a:c].any(axis=0))
        piece = (a + int(got[0]), a + int(got[-1]) + 1)
        if parts and k > 0:
            # writing across the ruling (an amount written over the table's frame): ink
            # right before and after it, in the same rows (widened by a pixel)
            band = edges[2 * k - 1], edges[2 * k]
            before = ink[:, max(0, band[0] - near):band[0]].any(axis=1)
            after = ink[:, band[1]:band[1] + near].any(axis=1)
            before = before | np.roll(before, 1) | np.roll(before, -1)
            if (before & after).any():
                parts[-1] = (parts[-1][0], piece[1])
                continue
        parts.append(piece)
    if not parts:
        return [region]
    m = max(1, round(0.2 * lh))
    out = []
    for a, c in parts:
        left, right = max(0, a - m), min(x1 - x0, c + m)
        if len(parts) == 1 and left <= 0 and right >= x1 - x0:
            return [region]  # no ruling within its reach
        box = Box(max(b.x0, (x0 + left) / sw), b.y0, min(b.x1, (x0 + right) / sw), b.y1)
        # (the piece keeps the slant the detector saw in the line: a photo's)
        polygon = _lengthened(region.polygon, b.x0 - box.x0, box.x1 - b.x1,
                              sw / page.ink.shape[0])
        out.append(TextRegion(box, region.kind, region.score, polygon,
                              {**region.attrs, "walled": True}))
    return out


def _written_in_combs(image: Any, regions: list[TextRegion]) -> list[TextRegion]:
    """``regions`` with each line labelled printed that lies in a comb field (one
    character per printed cell: :func:`formsift.plugins.handwriting.comb.find_comb`)
    labelled handwritten (``attrs["comb"]``): a comb is filled in by hand, and digits
    written one per cell look like print to the style model (a Steuer-ID in eleven cells
    went to the printed recognizer, which read the line across the walls, '2948173652 4',
    and no value read); the handwriting recognizer reads each cell alone, walls left
    out. Print under a comb (its caption, "T T M M J J J J") is not in it."""
    from formsift.core.geometry import Box
    from formsift.plugins.fieldtypes.comb import MIN_CELLS
    from formsift.plugins.handwriting import comb as C

    for r in regions:
        if r.kind not in ("text", "handwritten") or r.box.height <= 0:
            continue
        # (a short comb too, two or three boxes: an age's digits look like print as well)
        got = C.comb_around(image, r, C.SHORT_CELLS)
        if got is None or (r.kind == "handwritten" and not got[2]):
            continue  # (a handwritten line whose comb is found around it is read so)
        near, found, tall = got
        covered = [i for i, (a, b) in enumerate(found.cells)
                   if min(b, near.x1) - max(a, near.x0) >= C.COVER * (b - a)]
        # the line is the comb's writing: it lies over its cells, not beside them (a
        # digit the detector found alone in its cell, small and low in it, lies within
        # the comb's span; a digit alone in one of a row of score boxes is read alone)
        span = min(a for a, _ in found.cells), max(b for _, b in found.cells)
        within = (min(span[1], near.x1) - max(span[0], near.x0)) / max(1.0, near.x1 - near.x0)
        # (a short comb's boxes are read together, as one value: a digit in one of them
        # is its writing)
        short = len(found.cells) < MIN_CELLS
        if not covered or (len(covered) < C.MIN_LINE_CELLS and not short
                           and not (tall and within >= C.WITHIN_COMB)):
            continue
        if tall:
            # a digit written small and low in a tall cell: the line is the cells' height,
            # and the comb is found around it when it is read
            quad = near.quad(near.x0, near.x1, found.top, found.bottom)
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            box = Box(max(0.0, min(xs)), max(0.0, min(ys)), min(1.0, max(xs)),
                      min(1.0, max(ys)))
            if any(o is not r and o.kind in ("text", "handwritten")
                   and box.contains_center_of(o.box) and not r.box.contains_center_of(o.box)
                   for o in regions):
                # another line lies in that "cell": no comb's cell but a table's column
                # (the rates of a ruled bill, written in cells one under the other: taken
                # for a tall cell of two, one line of writing made of three rows' cells)
                continue
            r.box = box
            r.polygon = [(min(1.0, max(0.0, x)), min(1.0, max(0.0, y))) for x, y in quad]
        r.kind = "handwritten"
        r.attrs["comb"] = True
    return regions


#: ``attrs`` key of a region this segmenter returns: the text detector's line(s) it was
#: made from (regions with no kind, attrs or label), when it was cut out of one
#: (:meth:`HandwritingSegmenter._split_mixed`), widened (:func:`_grow_handwriting`) or
#: joined from several (:func:`_join_handwriting`); a detected line keeps itself. A line
#: read as print outside the areas a template's ``handwritten`` hints look at is read as
#: the detector found it, as a template without hints reads it
#: (:func:`formsift.core.routing.read_page`). Lines found by :func:`missed_lines` have none.
DETECTED = routing.DETECTED


def with_detected(regions: list[TextRegion]) -> list[TextRegion]:
    """The detector's ``regions``, each holding itself as found (see DETECTED)."""
    for r in regions:
        if r.kind in ("text", "handwritten"):
            r.attrs[DETECTED] = [TextRegion(r.box, r.kind, r.score, r.polygon)]
    return regions


def _detected_of(*regions: TextRegion) -> dict[str, Any]:
    """The DETECTED attrs of a region made from ``regions`` ({} when one has none)."""
    got = [r.attrs.get(DETECTED) for r in regions]
    if any(g is None for g in got):
        return {}
    return {DETECTED: [d for g in got for d in g]}  # type: ignore[union-attr]


def _unruled(crop: Any) -> Any:
    """A line crop without the ruling line across it (a row's rule or the underline that
    handwriting crosses: a straight line the width of the crop looks like print to the
    style model, and a "10" written across a table's bottom rule was read as print)."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    g = to_gray(crop)
    h, w = g.shape[:2]
    if h < 4 or w < 8:
        return crop
    _, bw = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rules = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(8, int(0.9 * w)), 1)))
    if not rules.any():
        return crop
    g = g.copy()
    g[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = int(np.percentile(g, 70))
    return g


#: Handwritten regions on one line set at most this share of their height apart are one
#: line of writing (see :func:`_join_handwriting`).
JOIN_GAP = 0.5


def _join_handwriting(regions: list[TextRegion], aspect: float,
                      page: PageInk | None = None) -> list[TextRegion]:
    """``regions`` with handwritten regions that lie side by side on one line, a word
    space apart or overlapping, joined into one: the detector cuts handwriting where it
    will ("K. Y" / "ilmaz"), and each piece read alone is read worse than the whole.
    ``aspect``: the image's width over its height (boxes are fractions of each). With
    the ``page``'s ink, regions a wall stands between (the side of a box or of a comb
    field's cell, a vertical ruling line) are not joined: it would be read with them."""
    from formsift.core.geometry import Box

    written = sorted((r for r in regions if r.kind == "handwritten"), key=lambda r: r.box.x0)
    if len(written) < 2:
        return regions
    joined: list[TextRegion] = []
    for r in written:
        for i, j in enumerate(joined):
            a, b = j.box, r.box
            height = max(a.height, b.height)
            overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
            gap = (b.x0 - a.x1) * aspect  # in units of the image's height
            if overlap >= 0.6 * min(a.height, b.height) and gap <= JOIN_GAP * height \
                    and not _walled(page, a, b):
                attrs = {k: v for k, v in j.attrs.items() if k != DETECTED}
                joined[i] = TextRegion(Box.enclosing([a, b]), "handwritten",
                                       min(j.score, r.score), None,
                                       {**attrs, **_detected_of(j, r), "handwritten_p": min(
                                           j.attrs.get("handwritten_p", 1.0),
                                           r.attrs.get("handwritten_p", 1.0))})
                break
        else:
            joined.append(r)
    if len(joined) == len(written):
        return regions
    return [r for r in regions if r.kind != "handwritten"] + joined


#: Boxes that overlap by at most this share of a line's height (in the page ink's
#: pixels) still meet at a wall between them: the pieces :func:`_split_at_walls` cut a
#: line into at a ruling each reach to it with their margin.
WALL_MEET = 0.3


def _walled(page: PageInk | None, a: Any, b: Any) -> bool:
    """Whether a wall (see :func:`_frame_ink`) stands between boxes ``a`` and ``b`` (``a``
    left of ``b``), across the rows they share; boxes that touch or barely overlap (the
    two pieces of a line cut at a ruling, "8 800,00 | 8 800,00") are looked at where they
    meet, a pixel on either side: joined again, the ruling and the next cell's first digit
    were read into the number ('8 800,0018')."""
    import numpy as np

    if page is None:
        return False
    sh, sw = page.ink.shape[:2]
    if (a.x1 - b.x0) * sw > max(2.0, WALL_MEET * page.lh):
        return False  # overlapping pieces of one line: no wall between them
    y0, y1 = int(max(a.y0, b.y0) * sh), int(np.ceil(min(a.y1, b.y1) * sh))
    lo, hi = min(a.x1, b.x0), max(a.x1, b.x0)
    x0, x1 = int(np.ceil(lo * sw)), int(hi * sw)
    if b.x0 <= a.x1:  # meeting: where they meet, a pixel on either side
        x0, x1 = max(0, int(lo * sw) - 1), min(sw, int(np.ceil(hi * sw)) + 1)
    if y1 - y0 < 2 or x1 <= x0:
        return False
    return bool(_frame_ink(page, y0, y1, y1 - y0)[1][x0:x1].any())


#: :meth:`HandwritingSegmenter._split_mixed` cuts a line where print ends and handwriting
#: starts when the style model is this sure of each part (P(handwritten) at most / at
#: least), at a gap of ink at least CLEAR_GAP times the line's height (words of print are
#: set a third of it apart); where handwriting ends and a caption printed after its blank
#: starts, at a gap of CAPTION_GAP ("20  / 25 Punkte": 0.37 of the line's height), in a
#: line labelled handwritten, when the part after it is print beyond doubt (SURE_CAPTION:
#: the printed captions of a mark sheet 0.003 to 0.007, short words of neat handwriting
#: 0.03 to 0.05).
SURE_PRINT, SURE_HAND, SURE_CAPTION = 0.2, 0.8, 0.01
CLEAR_GAP, CAPTION_GAP = 0.5, 0.3


def _clear_gap(crop: Any, least: float = CLEAR_GAP) -> tuple[int, int] | None:
    """The widest gap without ink across a line crop (ruling lines left out: the
    underline a name is written on runs through it), as (start, end) columns, when it is
    at least ``least`` times the crop's height and has ink on both sides; else None."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    g = to_gray(crop)
    h, w = g.shape[:2]
    if h < 8 or w < 3 * h:
        return None
    _, bw = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rules = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(8, 2 * h), 1)))
    bw = cv2.subtract(bw, cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    cols = np.count_nonzero(bw, axis=0) >= max(1, h // 20)
    inked = np.flatnonzero(cols)
    if inked.size < 2:
        return None
    steps = np.diff(inked)
    k = int(np.argmax(steps))
    a, b = int(inked[k]) + 1, int(inked[k + 1])
    if b - a < least * h:
        return None
    return a, b


#: Grouping and shape limits of :func:`missed_lines`, in line heights (the median height of
#: the detected lines): the image is read at about MISSED_HEIGHT pixels per line height.
MISSED_HEIGHT = 20
RULE_LENGTH = 4.0  # straight ink runs at least this long are ruling lines
WORD_GAP = 1.2  # pieces of ink closer than this on a line are one line of writing


@dataclass
class PageInk:
    """A page's ink for :func:`missed_lines` and :func:`_grow_handwriting`, read at about
    MISSED_HEIGHT pixels per line: ``ink`` without ruling lines, the ``rules`` taken out,
    the line height ``lh`` in its pixels."""

    ink: Any
    rules: Any
    lh: float
    _strokes: Strokes | None = field(default=None, repr=False)

    @property
    def strokes(self) -> Strokes:
        """The straight strokes of ``ink`` (measured once)."""
        if self._strokes is None:
            self._strokes = straight_strokes(self)
        return self._strokes


#: Straight strokes (see :func:`straight_strokes`) at least this long, in line heights,
#: are judged; a straight stroke this many times as long as the handwritten line beside
#: it is no stroke of it (a ruling line too short to be taken for one, a field's divider).
STROKE_LENGTH = 0.8
LONG_STROKE = 1.5


@dataclass
class Strokes:
    """The straight upright and flat strokes of a page's ink: ``upright``/``flat`` label
    images (0: none), ``*_box`` each stroke's (x, y, width, height) by label, ``framed``
    which upright strokes belong to a frame (see :func:`straight_strokes`), ``lines``: the
    ruling lines still in the ink (too thin and slanted to be taken out), and the page's
    vertical ruling lines ``walls``."""

    upright: Any
    upright_box: Any
    framed: Any
    flat: Any
    flat_box: Any
    lines: Any
    walls: Any


def straight_strokes(page: PageInk) -> Strokes:
    """The straight strokes of ``page.ink`` (its ruling lines already taken out): runs of
    ink at least STROKE_LENGTH line heights long, upright or flat, thin for their length.
    An upright one is part of a frame (``framed``) when it runs from one ruling line to
    another (the side of a box or of a table's cell: the box's top and bottom, longer,
    were taken out as ruling lines and left its sides standing, shorter than a ruling
    line but as tall as the writing in it) or turns a corner with one at an end (a ruling
    line going on to one side of it only). A stroke of writing crosses a ruling line or
    sits on it (the "1" of a "10" written across a table's rule, the letters of a name on
    its underline), and the line goes on on both sides."""
    import cv2
    import numpy as np

    ink = (page.ink > 0).astype(np.uint8)
    lh = page.lh
    # ruling lines a pixel or two thin on a slanted scan break into short runs, and were
    # left in the ink (a box's top and bottom, a rule's end): found here over a few
    # pixels of slant, with the parts of them taken out (not the ink beside those: the
    # writing that touches a rule)
    run = max(8, round(RULE_LENGTH * lh))
    taken = (page.rules > 0).astype(np.uint8)
    whole = cv2.bitwise_or(ink, taken)
    found = []
    for slant, shape in (((1, 5), (run, 1)), ((5, 1), (1, run))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, slant)
        wide = cv2.dilate(whole, kernel)
        found.append(cv2.morphologyEx(wide, cv2.MORPH_OPEN, cv2.getStructuringElement(
            cv2.MORPH_RECT, shape)) & ink & (1 - cv2.dilate(taken, kernel)))
    lines = cv2.bitwise_or(*found)
    rules = (page.rules > 0) | (cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0)
    ink = cv2.subtract(ink, lines)
    k = max(5, round(STROKE_LENGTH * lh))
    thin = max(3, round(0.25 * lh))
    labels = []
    for shape in ((1, k), (k, 1)):
        opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, shape))
        _, lab, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        box = stats[:, :4].astype(int)
        long, across = (box[:, 3], box[:, 2]) if shape[0] == 1 else (box[:, 2], box[:, 3])
        # thin for its length: a slanted scan's line is a few pixels wider over its length
        straight = across <= thin + np.round(0.05 * long)
        straight[0] = False
        lab[~straight[lab]] = 0
        labels.append((lab, box))
    (upright, ubox), (flat, fbox) = labels
    framed = np.zeros(len(ubox), bool)
    sh, sw = rules.shape[:2]
    d, near = max(3, round(0.5 * lh)), 4  # the length of rule looked at; how near an end
    # (only strokes with a ruling line just above or below some part of them)
    close = cv2.dilate(rules.astype(np.uint8), cv2.getStructuringElement(
        cv2.MORPH_RECT, (3, 2 * near + 1))) > 0
    for j in np.unique(upright[(upright > 0) & close]):
        x, y, w, h = (int(v) for v in ubox[j])
        ends = []
        for rows in (slice(max(0, y - near), y), slice(y + h, min(sh, y + h + near))):
            at = rules[rows, max(0, x - 1):x + w + 1].any()
            left = rules[rows, max(0, x - 2 - d):max(0, x - 2)].any(axis=0)
            right = rules[rows, min(sw, x + w + 2):min(sw, x + w + 2 + d)].any(axis=0)
            sides = [side.mean() if side.size == d else 0.0 for side in (left, right)]
            ends.append((at, at and max(sides) >= 0.8 and min(sides) <= 0.2))
        (top, top_corner), (bottom, bottom_corner) = ends
        framed[j] = (top and bottom) or top_corner or bottom_corner
    # the page's vertical ruling lines (``rules`` holds them with the flat ones)
    walls = cv2.morphologyEx(rules.astype(np.uint8), cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (1, run))) > 0
    return Strokes(upright, ubox, framed, flat, fbox, lines > 0, walls)


def _frame_ink(page: PageInk, y0: int, y1: int, height: int | None = None) -> tuple[Any, Any]:
    """The ink of rows ``y0:y1`` of ``page`` that belongs to a frame or a ruling line,
    never to writing: upright strokes of a frame and, beside a handwritten line
    ``height`` pixels high, straight strokes LONG_STROKE times as long as that or running
    on above and below the line; widened by a pixel (a scan's grey edge). Also which
    columns hold a wall across the rows: the side of a box or a vertical ruling line
    through at least half of them (widened by two pixels, for a slanted scan)."""
    import cv2
    import numpy as np

    st = page.strokes
    up, fl = st.upright[y0:y1], st.flat[y0:y1]
    framed = st.framed.copy()
    flat_out = np.zeros(len(st.flat_box), bool)
    if height is not None:
        ub = st.upright_box
        through = (ub[:, 1] < y0) & (ub[:, 1] + ub[:, 3] > y1)  # on above and below
        framed |= (ub[:, 3] >= LONG_STROKE * height) | through
        flat_out = st.flat_box[:, 2] >= LONG_STROKE * height
    framed[0] = flat_out[0] = False
    upright = framed[up]
    out = (upright | flat_out[fl] | st.lines[y0:y1]).astype(np.uint8)
    out = cv2.dilate(out, np.ones((3, 3), np.uint8)) > 0
    wall = (upright | st.walls[y0:y1]).mean(axis=0) >= 0.5 if y1 > y0 else \
        np.zeros(up.shape[1], bool)
    for shift in (1, 2):
        wall[shift:] |= wall[:-shift].copy()
        wall[:-shift] |= wall[shift:].copy()
    return out, wall


def page_ink(image: Any, regions: list[TextRegion], line: float | None = None
             ) -> PageInk | None:
    """The ink of ``image`` (the line height measured on the detected ``regions``, or
    ``line`` pixels when given); None for an image too small to hold any."""
    import cv2
    import numpy as np

    from formsift.core.areas import page_side
    from formsift.plugins.preprocess.filters import gray
    from formsift.plugins.segment.rules import ink

    g = gray(image)
    h, w = g.shape[:2]
    if h < 8 or w < 8:
        return None
    heights = sorted(r.box.height * h for r in regions if r.kind in ("text", "handwritten"))
    # the median detected line (a margin included), else a 9-10 pt line on an A4 page
    if line is None:
        line = heights[len(heights) // 2] if len(heights) >= 3 else 0.011 * page_side(image)
    line = max(line, 8.0)
    scale = min(1.0, MISSED_HEIGHT / line)
    if scale < 1.0:
        g = cv2.resize(g, (max(8, round(w * scale)), max(8, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    lh = line * scale  # a line's height in pixels of ``g``
    bw = ink(g)
    run = max(8, round(RULE_LENGTH * lh))
    rules = cv2.bitwise_or(
        cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1))),
        cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run))))
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    bw = cv2.subtract(bw, rules)
    # specks (a scan's noise, dust): pieces of ink too small to be part of writing
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    keep = _sizeable(stats, lh)
    return PageInk((keep[labels] * 255).astype(np.uint8) if n > 1 else bw, rules, lh)


def _sizeable(stats: Any, lh: float) -> Any:
    """Which connected pieces of ink (``stats`` of OpenCV, the background first) are big
    enough to be a stroke of writing: a third of a line's height long, with some ink."""
    import cv2
    import numpy as np

    keep = (np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= 0.3 * lh) \
        & (stats[:, cv2.CC_STAT_AREA] >= 0.02 * lh * lh)
    keep[0] = False
    return keep


def _grow_handwriting(regions: list[TextRegion], page: PageInk | None) -> list[TextRegion]:
    """``regions`` with each handwritten one widened over the ink right beside it that no
    region covers: the detector cuts handwriting short (the "1" of a "10" whose long
    stroke crosses a table's rule), and read without it the "10" was a "0", surely."""
    import numpy as np

    from formsift.core.geometry import Box

    if page is None or not any(r.kind == "handwritten" for r in regions):
        return regions
    sh, sw = page.ink.shape[:2]
    taken = np.zeros((sh, sw), bool)
    spans = []
    for r in regions:
        b = r.box
        span = (max(0, int(b.x0 * sw)), max(0, int(b.y0 * sh)), min(sw, int(np.ceil(b.x1 * sw))),
                min(sh, int(np.ceil(b.y1 * sh))))
        taken[span[1]:span[3], span[0]:span[2]] = True
        spans.append(span)
    out = []
    for r, (x0, y0, x1, y1) in zip(regions, spans, strict=True):
        if r.kind != "handwritten" or y1 - y0 < 2:
            out.append(r)
            continue
        height = y1 - y0
        # the side of a box the writing sits in (a cheque's amount box) is no stroke of
        # it (it was read as a leading "1"), nor is a ruling line: the line grows up to a
        # wall, never over it, and over no other ink of a frame
        frame, wall = _frame_ink(page, y0, y1, height)
        band = (page.ink[y0:y1] > 0) & ~taken[y0:y1] & ~frame
        inked = band.sum(axis=0) >= 2
        reach, gap = round(1.5 * height), max(1, round(0.35 * height))
        walls = np.flatnonzero(wall)
        before, after = walls[walls < x0], walls[walls >= x1]
        left = _reach(inked, x0 - 1, -1, max(0, x0 - reach,
                                             int(before[-1]) + 1 if before.size else 0), gap)
        right = _reach(inked, x1, 1, min(sw - 1, x1 + reach,
                                         int(after[0]) - 1 if after.size else sw - 1), gap)
        if left == x0 and right == x1:
            out.append(r)
            continue
        m = round(0.15 * height)
        nx0 = max(0, left - m) if left < x0 else x0
        nx1 = min(sw, right + m) if right > x1 else x1
        box = Box(min(r.box.x0, nx0 / sw), r.box.y0, max(r.box.x1, nx1 / sw), r.box.y1)
        polygon = _lengthened(r.polygon, r.box.x0 - box.x0, box.x1 - r.box.x1, sw / sh)
        if polygon is not None:
            xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
            box = Box(min(xs), min(ys), max(xs), max(ys))
        out.append(TextRegion(box, r.kind, r.score, polygon, {**r.attrs, "grown": True}))
    return out


def grown_over_ink(image: Any, boxes: list[Any], across: float = 0.0) -> list[Any]:
    """Each of ``boxes`` (page fractions: a line of writing whose words a printed
    recognizer read) widened over the ink right beside it, up to a wall or a box's side
    and never over them (:func:`_grow_handwriting`), then by ``across`` of its height on
    each side, short of a wall (:func:`_short_of_walls`): a recognizer's word ends at the
    last character it read, and a handwritten "28/11/26" it read "28/11/2" was read again
    without its "6" ('28/11/24'); a margin over the side of the box it is written in was
    read as a "1" ('122/08/25'). Measured at the boxes' own height."""
    regions = [TextRegion(b, "handwritten") for b in boxes]
    if not regions or image is None:
        return list(boxes)
    heights = sorted(b.height * image.shape[0] for b in boxes)
    page = page_ink(image, regions, heights[len(heights) // 2])
    if page is None:
        return list(boxes)
    return [_short_of_walls(page, r.box, across) for r in _grow_handwriting(regions, page)]


def _short_of_walls(page: PageInk, box: Any, across: float) -> Any:
    """``box`` widened by ``across`` of its height on each side, up to the first wall (the
    side of a box, an upright ruling line: :func:`_frame_ink`) in its rows on that side."""
    import numpy as np

    from formsift.core.geometry import Box

    sw = page.ink.shape[1]
    x0, x1, y0, y1 = _pixels(box, page.ink.shape)
    if y1 - y0 < 2:
        return box
    m = round(across * (y1 - y0))
    left, right = max(0, x0 - m), min(sw, x1 + m)
    walls = np.flatnonzero(_frame_ink(page, y0, y1, y1 - y0)[1])
    before, after = walls[(walls < x0) & (walls >= left)], walls[(walls >= x1) & (walls < right)]
    left = int(before[-1]) + 1 if before.size else left
    right = int(after[0]) if after.size else right
    return Box(min(box.x0, left / sw), box.y0, max(box.x1, right / sw), box.y1)


#: A detected line at least this many times as tall as it is wide (on the page) is a
#: character the detector boxed alone (a lone "1"), never a line written upright.
UPRIGHT = 1.2
#: ... grown over the pieces of ink it holds part of, when each is at most this many
#: times as tall and as wide as the region (a stroke the detector cut, not a box's side).
UPRIGHT_GROWTH = 4.0
#: ... unless it holds at least this many pieces of ink one above another, each at least
#: a quarter of its width across: characters of a printed line set on its side ("CUSTOMER
#: COPY 2026" up a page's margin), which keeps its corners to be turned and read.
UPRIGHT_LINE = 3


def _stacked(labels: Any, stats: Any, x0: int, y0: int, x1: int, y1: int) -> int:
    """How many pieces of ink (``labels``, ``stats``: the page's connected components) in
    the pixel box ``x0, y0, x1, y1`` lie one above another: their spans down the page,
    those that overlap taken as one. Pieces smaller than a quarter of the box's width
    (specks, a full stop) and larger than the box (a long stroke through it) count not."""
    import numpy as np

    least = 0.25 * (x1 - x0)
    spans = []
    for k in set(np.unique(labels[y0:y1, x0:x1]).tolist()) - {0}:
        _, py, pw, ph = (int(v) for v in stats[k, :4])
        if max(pw, ph) < least or pw > x1 - x0 + 2 or ph > y1 - y0 + 2:
            continue
        spans.append((py, py + ph))
    count, end = 0, None
    for top, bottom in sorted(spans):
        if end is None or top >= end:
            count += 1
            end = bottom
        else:
            end = max(end, bottom)
    return count


def _upright_characters(regions: list[TextRegion], page: PageInk | None
                        ) -> list[TextRegion]:
    """``regions`` (detected lines, before the style model labels them) with each one
    taller than wide (:data:`UPRIGHT`) grown up and down (and across) over the pieces of
    ink it holds part of, and read square on (its polygon dropped). The detector boxed
    the middle third of a lone "1" in a table's cell (11 by 22 pixels of its 50-pixel
    stroke): the style model, shown that piece of a stroke, mostly called it print, and
    straightened along its box as a line of writing, which is wider than tall, the crop
    was turned on its side and the stroke, lying down, read "5" or nothing (the
    temperature logs journey: 17 lone "1"s missed). Seen upright and whole, it is
    handwriting and reads "1" at 0.99. A region holding :data:`UPRIGHT_LINE` or more
    pieces of ink one above another is no such character but a line set on its side
    (printed margin text, "CUSTOMER COPY 2026"): it is left as detected, its corners
    kept, so that the recognizer turns it before reading."""
    import cv2
    import numpy as np

    from formsift.core.geometry import Box

    if page is None:
        return regions
    sh, sw = page.ink.shape[:2]
    labels = stats = None
    out = []
    for r in regions:
        b = r.box
        if r.kind not in ("text", "handwritten") or b.height * sh < UPRIGHT * b.width * sw:
            out.append(r)
            continue
        if labels is None:
            _, labels, stats, _ = cv2.connectedComponentsWithStats(page.ink, connectivity=8)
        x0, y0 = max(0, int(b.x0 * sw)), max(0, int(b.y0 * sh))
        x1 = min(sw, max(x0 + 1, int(np.ceil(b.x1 * sw))))
        y1 = min(sh, max(y0 + 1, int(np.ceil(b.y1 * sh))))
        if _stacked(labels, stats, x0, y0, x1, y1) >= UPRIGHT_LINE:
            out.append(r)  # a line on its side, several characters tall
            continue
        box = b
        for k in set(np.unique(labels[y0:y1, x0:x1]).tolist()) - {0}:
            px, py, pw, ph = (int(v) for v in stats[k, :4])
            if pw > UPRIGHT_GROWTH * max(1, x1 - x0) or ph > UPRIGHT_GROWTH * max(1, y1 - y0):
                continue  # a long stroke through it: no piece of this character
            # (no margin: the piece's own box, which a ruling line never crosses, the
            # rulings being no ink here; the recognizer pads its crop)
            box = Box(min(box.x0, px / sw), min(box.y0, py / sh),
                      max(box.x1, (px + pw) / sw), max(box.y1, (py + ph) / sh))
        box = Box(max(0.0, box.x0), max(0.0, box.y0), min(1.0, box.x1), min(1.0, box.y1))
        out.append(TextRegion(box, r.kind, r.score, None, {**r.attrs, "upright": True}))
    return out


def _lengthened(polygon: list[tuple[float, float]] | None, left: float, right: float,
                aspect: float) -> list[tuple[float, float]] | None:
    """A detected line's corners (``polygon``: top left, top right, bottom right, bottom
    left, as fractions of the image, ``aspect`` its width over its height) moved along its
    top and bottom edges to reach ``left`` further to the left and ``right`` further to the
    right (fractions of the width): the line grown keeps the slant the detector saw in it,
    and is straightened when read as the line was (its box read square on was read
    worse: a "1" as "/"). None for no polygon or one not lying on its side."""
    import math

    if not polygon or len(polygon) != 4:
        return None
    out = list(polygon)
    for a, b in ((0, 1), (3, 2)):
        (ax, ay), (bx, by) = polygon[a], polygon[b]
        dx, dy = (bx - ax) * aspect, by - ay  # in heights of the image
        length = math.hypot(dx, dy)
        if length <= 0 or abs(dx) < 0.9 * length:
            return None
        slope = dy / dx  # height per width, both in heights of the image
        lo, hi = (a, b) if dx > 0 else (b, a)
        (lx, ly), (hx, hy) = polygon[lo], polygon[hi]
        out[lo] = (max(0.0, lx - left), ly - slope * left * aspect)
        out[hi] = (min(1.0, hx + right), hy + slope * right * aspect)
    return [(x, min(1.0, max(0.0, y))) for x, y in out]


def _reach(inked: Any, start: int, step: int, stop: int, gap: int) -> int:
    """How far from ``start`` (going by ``step`` up to ``stop``) inked columns go on with
    no more than ``gap`` blank columns between them: the new edge of the box (going left
    the first inked column, going right the column after the last; the old edge when
    there is none)."""
    edge = start + 1 if step < 0 else start
    blank = 0
    x = start
    while (x >= stop if step < 0 else x <= stop):
        if inked[x]:
            edge, blank = x + (1 if step > 0 else 0), 0
        else:
            blank += 1
            if blank > gap:
                break
        x += step
    return edge


def missed_lines(image: Any, regions: list[TextRegion], page: PageInk | None = None
                 ) -> list[TextRegion]:
    """Lines of ink on ``image`` that no region of ``regions`` covers, ruling lines and
    specks left out, shaped like writing: regions of kind ``text`` with
    ``attrs["missed"] = True``, for :meth:`HandwritingSegmenter.label` to classify.
    ``page``: its :func:`page_ink`, when already measured."""
    import cv2
    import numpy as np

    from formsift.core.geometry import Box

    page = page if page is not None else page_ink(image, regions)
    if page is None:
        return []
    bw, rules, lh = page.ink.copy(), page.rules, page.lh
    sh, sw = bw.shape[:2]
    frame = _frame_ink(page, 0, sh)[0]
    bw[frame] = 0  # the sides of boxes: no writing either
    frame |= rules > 0
    pad = max(1, round(0.15 * lh))  # the detected lines, with the strokes they cut off
    taken = np.zeros(bw.shape[:2], bool)
    for r in regions:
        b = r.box
        taken[max(0, int(b.y0 * sh) - pad):int(b.y1 * sh) + pad + 1,
              max(0, int(b.x0 * sw) - pad):int(b.x1 * sw) + pad + 1] = True
    bw[taken] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    if n <= 1:
        return []
    keep = _sizeable(stats, lh)  # (the detected lines may have cut pieces small)
    if not keep.any():
        return []
    pieces = (keep[labels] * 255).astype(np.uint8)
    gap = max(3, round(WORD_GAP * lh))
    # a stroke that crosses a ruling line (the tail of a "J" written on an underline) was
    # cut in two with the line: the line's ink right where the stroke meets it joins them
    near = cv2.dilate(pieces, cv2.getStructuringElement(cv2.MORPH_RECT, (3, max(3, pad * 2))))
    joined = cv2.bitwise_or(pieces, cv2.bitwise_and(rules, near))
    grown = cv2.dilate(joined, cv2.getStructuringElement(
        cv2.MORPH_RECT, (gap, max(1, round(0.2 * lh)))))
    m, groups, gstats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    out = []
    for j in range(1, min(m, 500)):
        x, y, gw, gh = (int(v) for v in gstats[j, :4])
        part = (pieces[y:y + gh, x:x + gw] > 0) & (groups[y:y + gh, x:x + gw] == j)
        box = _writing(part, lh)
        attrs: dict[str, Any] = {"missed": True}
        # one character alone in a box (a "9" in a count's box): the style model has too
        # little to judge it by (a 9 looked print), and a closed one, a "0" or an "8",
        # inks its ink box's four sides as an empty box does
        inside = None
        if _one_character(part, lh):
            ink_box = _ink_box(part)
            inside = _box_round(frame, (ink_box[0] + x, ink_box[1] + y, ink_box[2] + x,
                                        ink_box[3] + y), lh)
            if inside is not None and _roomy(inside, (ink_box[0] + x, ink_box[1] + y,
                                                      ink_box[2] + x, ink_box[3] + y)) \
                    and not _beside(taken, (x, y), ink_box, lh):
                box = ink_box
                attrs[STROKE] = True
        if box is None:
            # a stroke alone, or in a small box drawn round it (too short for a ruling
            # line, its frame groups with it)
            inner = _in_frame(part)
            free = bw
            if inner is not None:
                free = bw.copy()
                free[y:y + gh, x:x + gw][part & ~inner] = 0
                outer, part = _ink_box(part), inner
                if _one_character(part, lh, inside=True) and _roomy(outer, _ink_box(part)) \
                        and _alone(free, (x, y), _ink_box(part), lh):
                    box = _ink_box(part)
                    attrs[STROKE] = True
                else:
                    box = _writing(part, lh)
            if box is None:
                # (a stroke across a ruling line is one stroke, joined through it)
                box = _lone_stroke(part | ((joined[y:y + gh, x:x + gw] > 0)
                                           & (groups[y:y + gh, x:x + gw] == j)
                                           & (inner if inner is not None else True)), lh)
                if box is None or not _alone(free, (x, y), box, lh) \
                        or _beside(taken, (x, y), box, lh):
                    continue
                attrs[STROKE] = True
        x0, y0, x1, y1 = box[0] + x, box[1] + y, box[2] + x, box[3] + y
        mg = 0.2 * lh  # the margin a recognizer wants
        out.append(TextRegion(Box(max(0.0, x0 - mg) / sw, max(0.0, y0 - mg) / sh,
                                  min(float(sw), x1 + mg) / sw, min(float(sh), y1 + mg) / sh),
                              "text", 0.5, None, attrs))
    return out


#: ``attrs`` key of a line :func:`missed_lines` found that is one lone stroke of writing
#: (:func:`_lone_stroke`), or one character alone inside a box (:func:`_one_character`):
#: labelled handwritten whatever the style model says (it has nothing to judge a stroke
#: or a single character by).
STROKE = "stroke"
#: A lone stroke is STROKE_HEIGHT line heights tall (the height of writing: a "1", a
#: "7" in one stroke) and at most STROKE_WIDTH times as wide as it is tall.
STROKE_HEIGHT = (0.45, 2.5)
STROKE_WIDTH = 0.5


def _lone_stroke(part: Any, lh: float) -> tuple[int, int, int, int] | None:
    """The ink box of a group of ink (``part``, boolean) that is one stroke of writing
    alone, a "1" or a "7" written right of its label or in its box: one piece of ink,
    as tall as writing, narrow; else None. PP-OCR's detector gives a lone stroke no line
    at all (quantity 1, the most common one on a returns form, was missing on every
    one), and :func:`_writing` takes upright strokes alone for a frame's sides. The
    sides of boxes and the ticks of combs were taken out before (:func:`_frame_ink`:
    they run from a ruling line to another, or turn a corner with one), ruling lines
    are longer than writing is tall, and :func:`_alone` leaves out a dashed line's
    dashes."""
    import cv2
    import numpy as np

    ys, xs = np.nonzero(part)
    if xs.size == 0:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    gw, gh = x1 - x0, y1 - y0
    if not (STROKE_HEIGHT[0] * lh <= gh <= STROKE_HEIGHT[1] * lh) or gw > STROKE_WIDTH * gh:
        return None
    # (one piece across a pixel's gap, or two where it meets a ruling line)
    one = cv2.dilate(part[y0:y1, x0:x1].astype(np.uint8), np.ones((5, 3), np.uint8))
    n, _ = cv2.connectedComponents(one, connectivity=8)
    if n != 2:
        return None
    return x0, y0, x1, y1


#: A line that is one straight stroke (:func:`_one_straight_stroke`): its ink's rows are at
#: most STRAIGHT_ROWS times as wide as their median (a printed "1"'s flag or foot makes a
#: row 2.4 to 7.5 times as wide), the stroke at most STROKE_WIDTH times as wide as tall.
STRAIGHT_ROWS = 1.6
#: A straight stroke whose ink fills at least this share of its box is a bar that type
#: set (:func:`_typeset_bars`). In the line crops the segmenter labels at 300 dpi, 329 of
#: 332 printed "|", "l" and "I" standing alone in lines of nine faces (Liberation, DejaVu,
#: FreeSans, Times, Helvetica, Courier; 10 and 12 pt) filled 0.97 to 1.0 of it; 126 pen
#: "1"s of one straight stroke (log sheets' cells, 17 handwriting fonts and MNIST) at most
#: 0.92 (Breip's upright "1", its ends round), most under 0.6.
PRINTED_FILL = 0.95
#: ``attrs`` key of a line of printed bars (:func:`_typeset_bars`) labelled printed,
#: whatever the style model said (:func:`_bars_beside_print`).
PRINTED_STROKE = "printed_stroke"
#: ``attrs`` key of a line whose ink is nothing but bars that type set
#: (:func:`_printed_bars`), print where it stands in a printed line.
BARS = "bars"


def _ink_pieces(crop: Any) -> tuple[Any, Any, list[int]] | None:
    """The pieces of ink of a line crop (Otsu's threshold; 8-connected): their labels,
    OpenCV's stats, and the labels of those not specks (2% of the largest one's area);
    None for a crop without ink."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    g = to_gray(crop)
    if g.size == 0 or int(g.max()) - int(g.min()) < 40:
        return None
    _, bw = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    if n < 2:
        return None
    area = stats[1:, cv2.CC_STAT_AREA]
    return labels, stats, [int(k) + 1 for k in np.flatnonzero(area >= 0.02 * area.max())]


def _one_straight_stroke(crop: Any) -> bool:
    """Whether a line crop's ink is one straight stroke, as a lone handwritten "1" is
    in many hands: one piece of ink (specks left out), narrow, clear of the crop's top
    and bottom (no piece of a ruling line), no row of it much wider than the others (a
    printed "1" has a flag or a foot; "l", "I" and "|" of a sans face have none: such a
    bar that type set is told by :func:`_typeset_bars`). The style model, which judges
    the style of writing, took such a stroke for print in some hands (Ecolier's "1" 8
    times of 24 on a log sheet, MNIST's 8 of 24), and the printed recognizer read it "l",
    "I" or nothing."""
    import numpy as np

    got = _ink_pieces(crop)
    if got is None or len(got[2]) != 1:
        return False
    labels, stats, (k,) = got
    x, y, w, h = (int(v) for v in stats[k, :4])
    if y <= 0 or y + h >= labels.shape[0] or h < 8 or w > STROKE_WIDTH * h:
        return False
    widths = (labels[y:y + h, x:x + w] == k).sum(axis=1)
    widths = widths[widths > 0]
    return float(widths.max()) <= STRAIGHT_ROWS * float(np.median(widths))


def _typeset_bars(crop: Any) -> tuple[bool, bool]:
    """Whether a line crop's ink is one or more upright bars that type set, a table's
    "|", an "l" or an "I" (each piece of ink, specks left out, narrow, at least 8 pixels
    tall, filling PRINTED_FILL of its box: upright, of even width, its ends square; a
    pen's stroke slants, thins or thickens along its length, and ends round); and whether
    a bar runs on past the crop's top or bottom (the line's box cut it: a "|" reaching
    over and under the words beside it), so that it is to be judged whole."""
    import cv2

    got = _ink_pieces(crop)
    if got is None:
        return False, False
    labels, stats, big = got
    cut = False
    for k in big:
        y, w, h = (int(v) for v in stats[k, 1:4])
        if h < 8 or w > STROKE_WIDTH * h or stats[k, cv2.CC_STAT_AREA] < PRINTED_FILL * w * h:
            return False, False
        cut = cut or y <= 0 or y + h >= labels.shape[0]
    return not cut, cut


def _printed_bars(image: Any, region: TextRegion) -> bool:
    """Whether the line ``region`` of ``image`` holds nothing but printed bars
    (:func:`_typeset_bars`), seen upright on the page (its box's pixels: the detector's
    polygon round a lone "|" may be a slanted quadrangle, and its crop slants the bar),
    and judged whole: a bar its box cut is looked at in the box half as tall again above
    and below."""
    from formsift.core.geometry import Box
    from formsift.plugins.ocr.recognize import _crop

    b = region.box
    bars, cut = _typeset_bars(_crop(image, TextRegion(b, region.kind)))
    if not cut:
        return bars
    taller = TextRegion(Box(b.x0, max(0.0, b.y0 - b.height / 2), b.x1,
                            min(1.0, b.y1 + b.height / 2)), region.kind)
    return _typeset_bars(_crop(image, taller))[0]


#: A printed line is beside a bar (:func:`_beside_print`) within this many of its heights
#: across, its rows over half the bar's, the bar no taller than BAR_HEIGHT times it.
BAR_REACH = 3.0
BAR_HEIGHT = 1.3
#: A bar's fill tells type from a pen only where the page's printed lines are drawn
#: this many pixels tall (their median detected box) at least: 10 to 12 pt print is 39 to
#: 60 pixels at 300 dpi, 32 to 40 at 200 dpi, 24 to 30 at 150 dpi. Lower, a pen's upright
#: "1" fills its box as a bar does (Breip's and Ecolier's at 150 and 200 dpi), and one
#: written right of a printed label ("Boxes: 1") was taken for print and dropped.
BAR_SHARP = 44


def _bars_beside_print(bars: list[TextRegion], lines: list[TextRegion], image: Any) -> None:
    """Label print (``attrs[PRINTED_STROKE]``) each line of printed bars of ``bars``
    (:func:`_printed_bars`) that stands beside a line of ``lines`` labelled print, no
    bar itself (:func:`_beside_print`); in place."""
    printed = [o for o in lines if o.kind == "text" and not o.attrs.get(BARS)]
    if not bars or not _sharp(printed, image.shape[0]):
        return
    for r in bars:
        if _beside_print(r, printed, image.shape):
            r.kind = "text"
            r.attrs.pop(STROKE, None)
            r.attrs[PRINTED_STROKE] = True


def _sharp(printed: list[TextRegion], height: int) -> bool:
    """Whether the ``printed`` lines of a page ``height`` pixels tall are drawn sharp
    enough (BAR_SHARP) for a bar's fill to tell type from a pen."""
    heights = sorted(o.box.height * height for o in printed)
    return bool(heights) and heights[len(heights) // 2] >= BAR_SHARP


def _beside_print(bar: TextRegion, printed: list[TextRegion], shape: tuple[int, ...]
                  ) -> bool:
    """Whether a line of bars stands in a printed line: a line of ``printed`` (labelled
    print, no bar) beside it on its row, BAR_REACH of that line's heights away at most,
    and the bar as tall as type of that line is (BAR_HEIGHT: a "|" reaches from its
    ascenders to its descenders). ``shape``: the page image's (height, width) in
    pixels (boxes are fractions of each). A pen's upright "1" written in a cell or a box
    has no print on its row so near; at 200 dpi, blurred, a handwriting font's upright
    "1" fills its box as a bar does (Ecolier's 0.98)."""
    b = bar.box
    aspect = shape[0] / max(1, shape[1])
    for o in printed:
        h = o.box.height
        across = max(o.box.x0 - b.x1, b.x0 - o.box.x1)
        rows = min(b.y1, o.box.y1) - max(b.y0, o.box.y0)
        if h > 0 and across <= BAR_REACH * h * aspect and rows >= 0.5 * b.height \
                and b.height <= BAR_HEIGHT * h:
            return True
    return False


#: A character alone in its box is at most ONE_CHARACTER_WIDTH times as wide as it is
#: tall (a digit, a capital; two characters side by side are wider).
ONE_CHARACTER_WIDTH = 1.3


def _ink_box(part: Any) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) of the ink of ``part`` (boolean, some ink)."""
    import numpy as np

    ys, xs = np.nonzero(part)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _one_character(part: Any, lh: float, inside: bool = False) -> bool:
    """Whether the ink inside a box (``part``, boolean: :func:`_in_frame`'s inner ink) is
    one character of writing: one piece of ink (across a pixel's gap), as tall as writing
    (STROKE_HEIGHT line heights), no wider than ONE_CHARACTER_WIDTH times its height. PP-OCR's
    detector may give a digit written alone in a box no line (the petitions journey's
    "rows on this sheet" box: its 9 and 7 were missed, its 3 and 12 read), and the style
    model cannot tell a single closed digit's style (a 9 looked print, p 0.06). Unless
    ``inside`` (the ink once a frame round it was taken away), not a small empty box
    either: a box inks its corners, a written "0" or "8" rounds them."""
    import cv2
    import numpy as np

    ys, xs = np.nonzero(part)
    if xs.size == 0:
        return False
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    gw, gh = x1 - x0, y1 - y0
    if not (STROKE_HEIGHT[0] * lh <= gh <= STROKE_HEIGHT[1] * lh) \
            or gw > ONE_CHARACTER_WIDTH * gh:
        return False
    ink = part[y0:y1, x0:x1]
    one = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    n, _ = cv2.connectedComponents(one, connectivity=8)
    if n != 2:
        return False
    if inside:
        return True
    c = max(1, round(0.15 * min(gw, gh)))
    corners = (ink[:c, :c].any(), ink[:c, -c:].any(), ink[-c:, :c].any(), ink[-c:, -c:].any())
    return sum(corners) < 3


#: How far (in line heights) a box's sides are looked for round a character in it:
#: across, and up or down.
BOX_REACH = (12.0, 2.5)


def _box_round(frame: Any, box: tuple[int, int, int, int], lh: float
               ) -> tuple[int, int, int, int] | None:
    """The inside of the box whose sides (``frame``: a boolean image of the sides of
    boxes and the ruling lines) stand round the ink box ``box`` (x0, y0, x1, y1, pixels)
    on all four sides within BOX_REACH line heights; None when a side is missing."""
    import numpy as np

    sh, sw = frame.shape[:2]
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    across, up = round(BOX_REACH[0] * lh), round(BOX_REACH[1] * lh)
    rows, cols = slice(max(0, cy - 1), cy + 2), slice(max(0, cx - 1), cx + 2)
    left = np.nonzero(frame[rows, max(0, x0 - across):x0].any(axis=0))[0]
    right = np.nonzero(frame[rows, x1:min(sw, x1 + across)].any(axis=0))[0]
    above = np.nonzero(frame[max(0, y0 - up):y0, cols].any(axis=1))[0]
    below = np.nonzero(frame[y1:min(sh, y1 + up), cols].any(axis=1))[0]
    if not (left.size and right.size and above.size and below.size):
        return None
    return (max(0, x0 - across) + int(left[-1]) + 1, max(0, y0 - up) + int(above[-1]) + 1,
            x1 + int(right[0]), y1 + int(below[0]))


def _roomy(inside: tuple[int, int, int, int], ink: tuple[int, int, int, int]) -> bool:
    """Whether a box (its ``inside``) has room beside the character in it (``ink``): twice
    its width, as a box for a number has; a checkbox's tick or cross fills its box."""
    return inside[2] - inside[0] >= 2 * (ink[2] - ink[0])


def _in_a_comb(image: Any, region: TextRegion) -> bool:
    """Whether the line ``region`` of ``image`` lies in a comb field, between its first
    and last walls (:func:`formsift.plugins.handwriting.comb.find_comb`)."""
    from formsift.core.geometry import Box
    from formsift.plugins.handwriting import comb as C

    b = region.box
    mid, half = (b.y0 + b.y1) / 2, 1.5 * b.height  # (a stroke can be a piece of a digit:
    # looked at as a line three times as tall, to see the comb's walls on both sides)
    tall = TextRegion(Box(b.x0, max(0.0, mid - half), b.x1, min(1.0, mid + half)), region.kind)
    for up in (C.LOOK_UP, C.TALL_LOOK):
        near = C.around(image, tall, up)
        found = C.find_comb(near.gray, near.height) if near is not None else None
        if near is not None and found is not None and near.holds(found):
            middle = (near.x0 + near.x1) / 2
            return min(a for a, _ in found.cells) - 2 <= middle <= \
                max(b for _, b in found.cells) + 2
    return False


def _beside(taken: Any, at: tuple[int, int], box: tuple[int, int, int, int], lh: float) -> bool:
    """Whether a stroke (its group's crop starts at ``at``; ``box``: its ink box in the
    crop) lies within a word space (WORD_GAP line heights) beside, or a third of a line's
    height above or below, a line already found (``taken``): a piece of that line's
    writing its box cut off (a BIC's "F" read again with it as "E"), no stroke alone."""
    x, y = at
    mx, my = max(2, round(WORD_GAP * lh)), max(2, round(lh / 3))
    x0, y0, x1, y1 = box[0] + x, box[1] + y, box[2] + x, box[3] + y
    return bool(taken[max(0, y0 - my):y1 + my, max(0, x0 - mx):x1 + mx].any())


def _in_frame(part: Any) -> Any | None:
    """The ink of a group (``part``, boolean) inside a frame round it: the pieces that do
    not reach the group's edges, when the pieces that do ink most of all four of its
    sides (a box too small for its sides to be ruling lines, with writing in it); else
    None."""
    import cv2
    import numpy as np

    ys, xs = np.nonzero(part)
    if xs.size == 0:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    h, w = y1 - y0, x1 - x0
    if h < 4 or w < 4:
        return None
    n, labels, stats, _ = cv2.connectedComponentsWithStats(part.astype(np.uint8),
                                                           connectivity=8)
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    edge = (x == x0) | (y == y0) | (x + stats[:, cv2.CC_STAT_WIDTH] == x1) \
        | (y + stats[:, cv2.CC_STAT_HEIGHT] == y1)
    edge[0] = False
    frame = edge[labels]
    inner = part & ~frame
    if n < 3 or not inner.any():
        # the writing may touch the frame (a "9"'s tail on the box's bottom): one piece
        return _inside_sides(part, (x0, y0, x1, y1))
    d = max(1, round(0.1 * min(w, h)))
    box = frame[y0:y1, x0:x1]
    sides = (box[:d].any(axis=0).mean(), box[-d:].any(axis=0).mean(),
             box[:, :d].any(axis=1).mean(), box[:, -d:].any(axis=1).mean())
    return inner if min(sides) >= 0.8 else None


def _inside_sides(part: Any, box: tuple[int, int, int, int]) -> Any | None:
    """The ink of ``part`` (boolean) inside the four straight sides of a frame round it
    (``box``: its ink box): the rows and columns along each edge that are inked most of
    their length, and a pixel more, taken away; None when a side is missing or nothing is
    inside."""
    import numpy as np

    x0, y0, x1, y1 = box
    ink = part[y0:y1, x0:x1]
    h, w = ink.shape
    rows, cols = ink.mean(axis=1), ink.mean(axis=0)

    def band(share: Any, size: int) -> tuple[int, int] | None:
        # the outermost run of rows (columns) inked most of their length in the first and
        # in the last third (writing may cross a side and stand out beyond it; a stroke of
        # it inside, a "9"'s stem, is no side)
        full = share >= 0.5
        a = next((i for i in range(size // 3) if full[i]), None)
        b = next((i for i in range(size - 1, size - 1 - size // 3, -1) if full[i]), None)
        if a is None or b is None:
            return None
        while a < size and full[a]:
            a += 1
        while b >= 0 and full[b]:
            b -= 1
        return a, b + 1

    across, down = band(rows, h), band(cols, w)
    if across is None or down is None:
        return None
    (t, b), (left, r) = across, down
    if b - t < 4 or r - left < 4:
        return None
    inner = np.zeros_like(part)
    inner[y0 + t + 1:y0 + b - 1, x0 + left + 1:x0 + r - 1] = ink[t + 1:b - 1, left + 1:r - 1]
    return inner if inner.any() else None


def _alone(bw: Any, at: tuple[int, int], box: tuple[int, int, int, int], lh: float) -> bool:
    """Whether no other ink of ``bw`` stands above or below a stroke (its group's crop
    starts at ``at``; ``box``: its ink box in the crop) within a line's height, in its
    columns: the dashes of a dashed line, or the strokes of a dotted frame, stand in a
    row."""
    import numpy as np

    x, y = at
    sh, sw = bw.shape[:2]
    x0, y0, x1, y1 = box[0] + x, box[1] + y, box[2] + x, box[3] + y
    m, reach = max(1, round(0.2 * lh)), max(2, round(lh))
    cols = slice(max(0, x0 - m), min(sw, x1 + m))
    above = bw[max(0, y0 - reach):max(0, y0 - m), cols]
    below = bw[min(sh, y1 + m):min(sh, y1 + reach), cols]
    return not (np.count_nonzero(above) or np.count_nonzero(below))


def _writing(part: Any, lh: float) -> tuple[int, int, int, int] | None:
    """The ink box of a group of ink pieces (``part``, boolean) when it is shaped like a
    line of writing, else None: not a speck, not taller than a few lines, not a filled
    blob, not a thin stroke that is a ruling line's slanted leftover or a photo's page
    edge (most of its columns hold ink a line's quarter high or more), not a box's frame
    (ink along all four sides), not upright strokes alone (the sides of boxes, the ticks
    of a comb field, once their ruling lines are gone)."""
    import cv2
    import numpy as np

    ys, xs = np.nonzero(part)
    if xs.size == 0:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    gw, gh = x1 - x0, y1 - y0
    if not (0.5 * lh <= gh <= 4.0 * lh) or max(gw, gh) < 0.6 * lh:
        return None
    ink = part[y0:y1, x0:x1]
    if ink.mean() > 0.5:
        return None
    cols = ink.any(axis=0)
    top = np.argmax(ink, axis=0)
    bottom = gh - 1 - np.argmax(ink[::-1], axis=0)
    extent = (bottom - top + 1)[cols]
    if np.percentile(extent, 60) < 0.25 * lh:
        return None
    edge = max(1, round(0.1 * min(gw, gh)))
    sides = (ink[:edge].any(axis=0).mean(), ink[-edge:].any(axis=0).mean(),
             ink[:, :edge].any(axis=1).mean(), ink[:, -edge:].any(axis=1).mean())
    if min(sides) >= 0.6:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n > 1 and int(stats[1:, cv2.CC_STAT_WIDTH].max()) <= max(2, round(0.15 * lh)):
        return None  # only upright straight strokes: a frame's sides, a comb field's ticks
    return x0, y0, x1, y1
