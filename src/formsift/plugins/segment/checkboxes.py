"""Checkboxes: small square frames, ticked (a cross, a check mark, filled) or empty.

Each found box becomes a region of kind ``checkbox`` with ``attrs["checked"]`` and a
confidence; the engine turns it into a word ``☒`` or ``☐`` that the ``checkbox`` field
type reads, so ``field agree: checkbox = left of "I agree"`` works on scans.

A box is a frame of four straight, thin sides meeting at square corners. Candidates come
from closed outlines of ink (an empty box, or one with a cross inside) and from pairs of
horizontal strokes of the same length one side apart (a box whose frame a check mark
crosses: its outline is no longer square, its inside is cut in pieces); each is kept only
when each of its sides is a straight line of ink from corner to corner, thin compared
with the side (measured on the rows inked along the side: a tick that crosses the frame,
or runs close along it, does not thicken it). The loops of letters ("O", "o",
handwriting) fail that: their sides bend away from the corners, or are thick where they
are straight. Squares of one size side by side on one line (a comb field's cells, one
character each) are no checkboxes: the note's ``comb_cells`` counts those left out.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion
from formsift.plugins.segment.rules import ink

Square = tuple[int, int, int, int]  # x, y, width, height in pixels
#: The smallest box side looked for, in pixels, whatever ``min_side`` says: in fewer, the
#: bowl of a "B" or a "P" has the same straight sides and square corners as a frame.
MIN_PIXELS = 12


#: The confidence of a box ticked only by a dot (:func:`_a_dot`): a touch of the pen, or
#: a mark made so; it goes to review (a field's confidence of about 0.4) rather than
#: count as a tick surely. On the accident statements journey, a 1.6-point pen dot in a
#: circumstance box read ticked at 0.89.
DOT_DOUBT = 0.1
#: A dot spans less than this share of the box's side, across and down (a pen dot of 1.6
#: points in a box of 11 points, blurred by a scan at 200 dpi: 0.26; a tick, a cross or
#: a dot set in the box as a mark, 5 points in 12: over 0.5).
DOT_SPAN = 1 / 3


class CheckboxOptions(Options):
    #: Smallest and largest side of a box, as shares of the page's longer side.
    min_side: float = 0.004
    max_side: float = 0.04
    #: Share of the inside covered by ink from which a box counts as ticked.
    ticked_at: float = 0.06
    #: Read a box whose only ink is a printed letter or digit (an "M" in a sex box, a
    #: rating's "3") as not ticked (``attrs["glyph"]``): the text recognizer reads it.
    printed_glyphs: bool = True


class Checkboxes(Segmenter):
    name = "checkboxes"
    version = "0.2.0"
    summary = "Checkboxes, ticked or empty, with a confidence (square frames, ink inside)"
    Options = CheckboxOptions

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        from formsift.core.areas import is_part, page_side
        from formsift.plugins.preprocess.filters import gray

        opts: CheckboxOptions = self.options  # type: ignore[assignment]
        image = gray(image)
        bw = ink(image)
        h, w = bw.shape
        side = page_side(image)  # the whole page's, also when ``image`` is a part of it
        # (a frame's ink, thickened by the scan, may reach past the largest side a bit;
        # in fewer pixels than MIN_PIXELS a square cannot be told from a letter's bowl)
        lo, hi = max(MIN_PIXELS, opts.min_side * side), 1.15 * opts.max_side * side
        shade = _Shade(image)  # on the grey image
        pairs = _stroke_pairs(bw, lo, hi)
        candidates = _outlines(bw, lo, hi) + pairs + [
            t for s in pairs if (t := _snapped(bw, *s)) not in (None, s)
            and lo <= t[2] and 0.8 <= t[2] / t[3] <= 1.25]
        squares = [s for s in candidates if _framed_filled(bw, shade, *s)
                   or _framed_at_core(image, *s)]
        boxes = _outermost(squares)
        fills = {s: _ink_share(bw, shade, *s) for s in boxes}
        inked = {s for s in boxes if fills[s] >= opts.ticked_at}
        clear = {s for s in inked if _clear(bw, s)}  # ink clear of the frame
        crossed = {s for s in clear if _crossed(bw, *s)}  # a neat cross, no glyph
        readable = clear - crossed  # a cross is no glyph: not read
        read = _printed_glyphs(image, bw, _to_read(boxes, bw, inked, readable)) \
            if opts.printed_glyphs else {}
        if read is None:  # no recognizer: any ink clear of the frame may be print
            read, printed = {}, set(readable)
        else:  # ink read as no glyph (a bold "Y" read "V" or nothing) printed in a box
            printed = _printed_twins(bw, readable - set(read), read, fills)  # read as one
        glyphs = {s: g[:2] for s, g in read.items() if g[2]}  # read surely
        combs = _comb_cells(boxes, bw, inked - set(glyphs), set(glyphs), clear, crossed)
        kept = [s for s in boxes if s not in combs]
        doubted = _glyph_doubts({s: g[0] for s, g in glyphs.items() if s not in combs}, fills,
                                _marked_partners(kept, inked - set(glyphs) - clear))
        out = []
        for x, y, cw, ch in kept:
            fill = fills[(x, y, cw, ch)]
            checked = fill >= opts.ticked_at
            # confidence: how far the ink share is from the threshold (0.5 at it)
            margin = (fill - opts.ticked_at) / opts.ticked_at if checked else \
                (opts.ticked_at - fill) / opts.ticked_at
            conf = round(min(1.0, 0.5 + 0.5 * min(1.0, margin)), 4)
            attrs: dict[str, Any] = {"checked": checked, "ink": round(fill, 4)}
            if (glyph := glyphs.get((x, y, cw, ch))) is not None:
                # a printed character alone in the box: no tick, as sure as its reading
                attrs["checked"], attrs["glyph"] = False, glyph[0]
                conf = glyph[1]
                if (x, y, cw, ch) in doubted:  # a mark over the glyph cannot be ruled out
                    conf, attrs["glyph_doubt"] = DOT_DOUBT, True
            elif checked and ((x, y, cw, ch) in read or (x, y, cw, ch) in printed):
                # a glyph read unsurely, or the print of another box: no sure tick
                conf, attrs["glyph_doubt"] = DOT_DOUBT, True
            elif checked and _a_dot(bw, x, y, cw, ch):
                conf, attrs["dot"] = DOT_DOUBT, True
            out.append(TextRegion(Box(x / w, y / h, (x + cw) / w, (y + ch) / h), "checkbox",
                                  conf, None, attrs))
        out.sort(key=lambda r: (r.box.y0, r.box.x0))
        note = {"found": len(out), "ticked": sum(r.attrs["checked"] for r in out)}
        if combs:  # squares left out: a comb's cells
            note["comb_cells"] = len(combs)
        if is_part():  # a part of the page (region-first): the parts add up
            old = page.notes.get(self.name) or {}
            counts = [*note, *(k for k in ("comb_cells",) if k in old and k not in note)]
            note = {k: note.get(k, 0) + old.get(k, 0) for k in counts}
        page.notes[self.name] = note
        return out


#: Squares of one size on one line, at most this share of their side apart (edge to
#: edge), are a comb's cells (:func:`_comb_cells`); checkboxes set in a row stand further
#: apart (a label, or a table's column, lies between them).
COMB_GAP = 0.5
#: How far (a share of the side) two squares of a comb may differ in width, height, top
#: and bottom (a scan's skew and blur).
COMB_SAME = 0.15


def _ink_share(bw: Any, shade: _Shade, x: int, y: int, cw: int, ch: int) -> float:
    """Share of the box's inside covered by ink (:func:`_inside_ink`); a filled box's
    darkness on the grey image, which the local threshold hollows out."""
    fill = _inside_ink(bw, x, y, cw, ch)
    if _filled(shade, x, y, cw, ch):
        fill = max(fill, shade(x, y, x + cw, y + ch))
    return fill


def _printed_glyphs(grey: Any, bw: Any,
                    inked: list[Square]) -> dict[Square, tuple[str, float, bool]] | None:
    """The boxes of ``inked`` (their ink clear of the frame) whose ink is read as a printed
    letter or digit, surely or not (:func:`.box_glyphs.printed_glyphs`). Each maps to the
    character, the recognizer's confidence and whether it is sure. None where no
    recognizer can read them."""
    from formsift.plugins.segment import box_glyphs

    crops = []
    for x, y, cw, ch in inked:
        box = bw[y:y + ch, x:x + cw] > 0
        crops.append(box_glyphs.inside_crop(grey, x, y, cw, ch,
                                            (*_frame_widths(box), *_frame_widths(box.T))))
    read = box_glyphs.printed_glyphs(crops)
    if read is None:
        return None
    return {s: g for s, g in zip(inked, read, strict=True) if g is not None}


def _printed_twins(bw: Any, boxes: Collection[Square],
                   read: dict[Square, tuple[str, float, bool]],
                   fills: dict[Square, float]) -> set[Square]:
    """The boxes of ``boxes`` whose ink, frame left out, is that of a box of their size
    read as a letter or digit (one of ``read`` that :func:`_vouchers` keeps; compared by
    :func:`.box_glyphs.same_print`): the same glyph printed in both, which the recognizer
    did not read in these (a bold "Y" read "V" or nothing), or a hand's mark over it too
    small to tell from the print."""
    from formsift.plugins.segment.box_glyphs import print_of, same_print

    others = _vouchers(read, fills)
    if not boxes or not others:
        return set()
    ink = {s: print_of(_inside(bw, *s)) for s in {*boxes, *others}}
    return {a for a in boxes if any(
        b != a and _same_size(a, b) and same_print(ink[a], ink[b]) for b in others)}


#: A box read as a glyph unsurely holding more ink than this many times the median of
#: the boxes of its size read as the same character is no print to match others with
#: (:func:`_vouchers`): its glyph read unsurely under a hand's small mark (a tick inside
#: a rating's "2": 1.26 to 1.65 times the plain "2"s' ink, 200 dpi).
VOUCHER_MORE = 1.15


def _vouchers(read: dict[Square, tuple[str, float, bool]],
              fills: dict[Square, float]) -> set[Square]:
    """The boxes of ``read`` (read as a letter or digit, surely or not) whose ink may be
    matched as print by boxes read as no glyph (:func:`_printed_twins`): those read
    surely, and those read unsurely holding no more ink than :data:`VOUCHER_MORE` times
    the median of the other boxes of their size read as the same character (one
    respondent's small ticks, alike, over glyphs read unsurely, would vouch for each
    other as print)."""
    import statistics

    out = set()
    for s, (ch, _, sure) in read.items():
        peers = [fills[t] for t, g in read.items() if t != s and g[0] == ch and _same_size(s, t)]
        if sure or not peers or fills[s] <= VOUCHER_MORE * statistics.median(peers):
            out.add(s)
    return out


def _same_size(a: Square, b: Square) -> bool:
    """Whether squares ``a`` and ``b`` are of one size (:data:`COMB_SAME`)."""
    return abs(b[2] - a[2]) <= COMB_SAME * a[2] and abs(b[3] - a[3]) <= COMB_SAME * a[3]


def _clear(bw: Any, s: Square) -> bool:
    """:func:`.box_glyphs.clear_of_frame` of square ``s``."""
    from formsift.plugins.segment.box_glyphs import clear_of_frame

    return clear_of_frame(bw, *s)


def _to_read(boxes: list[Square], bw: Any, inked: set[Square],
             clear: set[Square]) -> list[Square]:
    """The inked boxes whose ink may be a glyph (``clear``: clear of the frame, no cross)
    and whose reading as
    a printed glyph can change what they are: a box alone, or one of a run of squares
    (:func:`_runs`) that may be a ticked row (:func:`_ticked_row`) as its glyphs are read:
    a run inked in every box, one to :data:`MOST_TICKS` of them by a mark reaching the
    frame or a cross. Not a comb's cells sharing their walls, nor a run with a blank box (its marks
    clear of the frame make it a comb, glyphs or not), nor a run whose marks all lie clear
    of the frame: the recognizer's call costs some 30 ms a box, and a page of printed
    combs has dozens."""
    runs = _runs(boxes, bw)
    in_runs = set().union(*(run for run, _ in runs)) if runs else set()
    out = [s for s in boxes if s in inked and s not in in_runs]
    for run, touching in runs:
        if touching or not run <= inked:
            continue
        if 1 <= len(run - clear) <= min(MOST_TICKS, len(run) / 3):
            out.extend(run)
    return [s for s in out if s in clear]


#: A box read as a printed glyph holding more ink than this many times that of the boxes
#: of its size read as the same character on the page (a pen cross drawn clear of the
#: frame over a printed "M" still reads "M"), or than twice that of the boxes read as
#: other characters, is doubted (:func:`_glyph_doubts`).
GLYPH_MORE_SAME = 1.4
GLYPH_MORE_OTHER = 2.0
#: Boxes of one size on one line at most this many sides apart (edge to edge) are
#: partners: the boxes of one question ("Sex: [M] Male [F] Female").
PARTNER_GAP = 8


def _glyph_doubts(glyphs: dict[Square, str], fills: dict[Square, float],
                  partnered: Collection[Square]) -> set[Square]:
    """The boxes read as a printed glyph alone (``glyphs``: each box's character) that are
    no sure "not ticked". The recognizer reads a printed "M" under a small tick or a slash
    drawn clear of the frame as "M" as surely as the "M" alone, and the glyph's own ink is
    not known: a glyph box is sure only where a partner of it is ticked by a mark reaching
    its frame (``partnered``: the question is answered in another box), and then not where
    it holds more ink than :data:`GLYPH_MORE_SAME` times the median of the other boxes of
    about its size read as the same character, or :data:`GLYPH_MORE_OTHER` times that of
    those read as other characters."""
    import statistics

    doubted = set()
    for s, ch in glyphs.items():
        if s not in partnered:
            doubted.add(s)
            continue
        peers = [t for t in glyphs if t != s and _same_size(s, t)]
        same = [t for t in peers if glyphs[t] == ch]
        ref, more = (same, GLYPH_MORE_SAME) if same else (peers, GLYPH_MORE_OTHER)
        if ref and fills[s] > more * statistics.median(fills[t] for t in ref):
            doubted.add(s)
    return doubted


def _marked_partners(boxes: list[Square], marked: Collection[Square]) -> set[Square]:
    """The boxes with a partner in ``marked`` (boxes ticked by a mark reaching their
    frame): another box of about the same size and on the same line, at most
    :data:`PARTNER_GAP` sides away."""
    marked = set(marked)
    out = set()
    for a in boxes:
        ax, ay, aw, ah = a
        side = max(aw, ah)
        if any(b != a and all(abs(p - q) <= COMB_SAME * side for p, q in
                              ((aw, b[2]), (ah, b[3]), (ay, b[1]), (ay + ah, b[1] + b[3])))
               and max(b[0] - (ax + aw), ax - (b[0] + b[2])) <= PARTNER_GAP * side
               for b in marked):
            out.add(a)
    return out


#: Squares of a comb at most this share of their side apart share their walls, or nearly
#: (a comb's cells; checkboxes stand further apart, however close a rating scale sets them).
COMB_TOUCH = 0.1


def _comb_cells(squares: list[Square], bw: Any = None, marked: Collection[Square] = (),
                glyphs: Collection[Square] = (), clear: Collection[Square] = (),
                crossed: Collection[Square] = ()) -> set[Square]:
    """The squares that are cells of a comb field (one character per ruled square: a
    postcode, a date, a meter number): squares of one size side by side on one line,
    at most :data:`COMB_GAP` of their side apart. A character printed or written in a cell
    inks its inside as a tick does, but it is a character, which the text detector reads;
    taken for ticked boxes, the cells were read "☒" and a text line was cut at the boxes
    at its ends ("4812AB" read "☒ ☒ 812A ☒ ☒").

    Squares with ink between them (``bw``: a label, "Yes [] No []") are no comb's
    neighbours. A run of squares that do not share their walls (further apart than
    :data:`COMB_TOUCH` of their side) is a row of checkboxes where a few of its boxes hold
    a hand's mark (``marked``: one box in three at most, at least one) and the others
    nothing or a printed glyph (``glyphs``): a rating scale ticked once; a comb holds a
    character in most cells, or none yet (read as a comb: its boxes are not found, rather
    than read as empty boxes in a text field). A mark clear of its frame (``clear``) is
    taken for a character, not for a tick, unless it is a cross (``crossed``): a short
    value written in a comb ("7" in four cells) reads below a printed glyph's confidence
    and counts as a mark."""
    cells: set[Square] = set()
    for run, touching in _runs(squares, bw):
        if touching or not _ticked_row(run, marked, glyphs, clear, crossed):
            cells |= run
    return cells


def _runs(squares: list[Square], bw: Any = None) -> list[tuple[set[Square], bool]]:
    """Runs of squares of one size side by side on one line, at most :data:`COMB_GAP` of
    their side apart and with no label between them (``bw``: :func:`_label_between`); each
    with whether its squares share their walls (at most :data:`COMB_TOUCH` apart)."""
    links: dict[Square, set[Square]] = {s: set() for s in squares}
    touch: dict[Square, bool] = {}
    row = sorted(squares)
    for i, a in enumerate(row):
        ax, ay, aw, ah = a
        for b in row[i + 1:]:
            bx, by, bw_, bh = b
            if bx - (ax + aw) > COMB_GAP * (1 + COMB_SAME) * max(aw, ah):
                break  # sorted by x: the next ones are further still
            side = max(aw, ah, bw_, bh)
            if bx - (ax + aw) >= -COMB_SAME * side and \
                    all(abs(p - q) <= COMB_SAME * side for p, q in
                        ((aw, bw_), (ah, bh), (ay, by), (ay + ah, by + bh))) and \
                    (bw is None or not _label_between(bw, a, b)):
                links[a].add(b)
                links[b].add(a)
                touch[a] = touch[b] = touch.get(a, True) and touch.get(b, True) and \
                    bx - (ax + aw) <= COMB_TOUCH * side
    runs: list[tuple[set[Square], bool]] = []
    seen: set[Square] = set()
    for s in row:
        if s in seen or not links[s]:
            continue
        run, todo = {s}, [s]
        while todo:
            for t in links[todo.pop()] - run:
                run.add(t)
                todo.append(t)
        seen |= run
        runs.append((run, all(touch.get(t, False) for t in run)))
    return runs


#: A row of checkboxes set close (a rating scale, "Yes [] No [] N/A []") is ticked in
#: one box, two at most; a comb's cells hold a character in most of them.
MOST_TICKS = 2


def _ticked_row(run: set[Square], marked: Collection[Square], glyphs: Collection[Square],
                clear: Collection[Square], crossed: Collection[Square] = ()) -> bool:
    """Whether ``run``, squares side by side, is a row of checkboxes a hand ticked: one to
    a third of them, :data:`MOST_TICKS` at most, hold a mark (``marked``) that reaches its
    frame (not in ``clear``: a tick or a cross does, a character written in a comb's cell
    sits clear of it) or is a cross (``crossed``: :func:`_crossed`), the others nothing,
    or all of them a printed glyph (``glyphs``). A
    comb with a short value written in it, some cells' characters read as glyphs, others
    not, or a cell or two left blank, is no ticked row."""
    ticks = run & set(marked)
    if not 1 <= len(ticks) <= min(MOST_TICKS, len(run) / 3):
        return False
    printed = run & set(glyphs)
    if printed and printed != run - ticks:  # a rating prints its glyph in every box
        return False
    return not ticks & set(clear) - set(crossed)


#: A cross's two strokes run along the diagonals of its ink's extent: at least this
#: share of the points along each (within half a stroke's width) is inked, and of its
#: ink lies along them (:func:`_crossed`).
DIAGONAL_INKED = 0.85


def _crossed(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """Whether the ink inside the box (its frame left out) is a cross: it spans at least
    half of the inside each way, both diagonals of its extent are inked along
    :data:`DIAGONAL_INKED` of their length, as much of its ink lies within a stroke's
    width of them, and the middles of its extent's sides are not inked. A neat cross
    drawn clear of the frame is one; a written character ("7", "12", "B") or a printed
    letter ("M", "A": stems, bowls, bars, serifs) is not."""
    import numpy as np

    inner = _inside(bw, x, y, cw, ch)
    if inner.size == 0 or not inner.any():
        return False
    rows, cols = np.flatnonzero(inner.any(axis=1)), np.flatnonzero(inner.any(axis=0))
    (y0, y1), (x0, x1) = (rows[0], rows[-1]), (cols[0], cols[-1])
    if y1 - y0 + 1 < 0.5 * inner.shape[0] or x1 - x0 + 1 < 0.5 * inner.shape[1]:
        return False
    ink = inner[y0:y1 + 1, x0:x1 + 1]
    hh, ww = ink.shape
    a, b, c, d = round(0.4 * hh), round(0.6 * hh) + 1, round(0.4 * ww), round(0.6 * ww) + 1
    e, f = max(1, round(0.15 * ww)), max(1, round(0.15 * hh))
    if ink[a:b, :e].any() or ink[a:b, -e:].any() or ink[:f, c:d].any() or ink[-f:, c:d].any():
        return False  # ink near the middle of a side: a letter's stem, bowl or bar
    # and the ink lies along them: a letter's stems, bowls and serifs do not
    rs, cs = np.nonzero(ink)
    length = float(np.hypot(hh - 1, ww - 1)) or 1.0
    stroke = max(1.5, rs.size / (2 * length))  # the strokes' width, were it a cross
    off = np.minimum(np.abs(rs * (ww - 1) - cs * (hh - 1)),
                     np.abs(rs * (ww - 1) - (ww - 1 - cs) * (hh - 1))) / length
    if float((off <= stroke).mean()) < DIAGONAL_INKED:
        return False
    near = max(1, round(stroke / 2))  # a hand's strokes bend off the diagonals a little
    t = np.linspace(0.0, 1.0, 16)
    ys = np.round(t * (hh - 1)).astype(int)
    for xs in (np.round(t * (ww - 1)), np.round((1 - t) * (ww - 1))):
        hits = [ink[max(0, r - near):r + near + 1, max(0, q - near):q + near + 1].any()
                for r, q in zip(ys, xs.astype(int), strict=True)]
        if float(np.mean(hits)) < DIAGONAL_INKED:
            return False
    return True


def _inside(bw: Any, x: int, y: int, cw: int, ch: int) -> Any:
    """The ink inside the box, its frame left out (as thick as its ink measures), as a
    boolean array."""
    box = bw[y:y + ch, x:x + cw] > 0
    left, right = _frame_widths(box)
    top, bottom = _frame_widths(box.T)
    return box[top + 1:ch - bottom - 1, left + 1:cw - right - 1]


def _label_between(bw: Any, a: Square, b: Square) -> bool:
    """Whether ink lies between square ``a`` and square ``b`` to its right, on their
    rows, touching neither: a label ("Yes [] No []"), not a character written over a
    cell's side."""
    import cv2
    import numpy as np

    ax, ay, aw, ah = a
    bx, by, _, bh = b
    x0, x1 = ax + aw, bx  # the gap's columns
    if x1 - x0 < 3:
        return False
    y0, y1 = min(ay, by), max(ay + ah, by + bh)
    part = (bw[y0:y1, max(0, ax):bx + (bx - x0)] > 0).astype(np.uint8)
    if part.size == 0:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    gx0, gx1 = x0 - max(0, ax), x1 - max(0, ax)
    side = max(ah, bh)
    return any(stats[i, cv2.CC_STAT_LEFT] >= gx0
               and stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] <= gx1
               and stats[i, cv2.CC_STAT_HEIGHT] >= 0.2 * side for i in range(1, n))


def _outlines(bw: Any, lo: float, hi: float) -> list[Square]:
    """Bounding boxes of square-ish four-cornered outer outlines of ink. Not the outlines
    of holes: the hole of an "O" or a "D" is much like a box's inside (the outline of the
    letter is not)."""
    import cv2

    contours, tree = cv2.findContours(bw, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c, (_, _, _, parent) in zip(contours, tree[0] if tree is not None else [],
                                   strict=True):
        if parent != -1:  # a hole
            continue
        x, y, cw, ch = cv2.boundingRect(c)
        if not (lo <= cw <= hi and lo <= ch <= hi and 0.8 <= cw / ch <= 1.25):
            continue
        poly = cv2.approxPolyDP(c, 0.08 * cv2.arcLength(c, True), True)
        if len(poly) != 4 or not cv2.isContourConvex(poly):
            continue
        if cv2.contourArea(c) < 0.7 * cw * ch:
            continue
        out.append((x, y, cw, ch))
    return out


def _stroke_pairs(bw: Any, lo: float, hi: float) -> list[Square]:
    """Squares whose top and bottom are horizontal strokes of about the same extent, as
    far apart as they are long (boxes whose outline a mark crosses). Strokes are found at
    a few lengths (from ``lo`` doubling up to ``hi``): a stroke opened with a kernel near
    the box's side keeps none of a mark that crosses it."""
    import cv2
    import numpy as np

    out: list[Square] = []
    size = lo
    while size <= hi:
        k = max(3, round(0.6 * size))
        # eroded by a row of k pixels, a run of n inked pixels keeps n - k + 1 of them
        cores = cv2.erode(bw, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
        contours, _ = cv2.findContours(cores, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        segs = sorted(((x - k // 2, y, cw + k - 1, ch) for x, y, cw, ch in
                       map(cv2.boundingRect, contours)
                       if 0.8 * size <= cw + k - 1 <= 2.5 * size and ch <= 0.3 * (cw + k - 1)),
                      key=lambda sg: sg[1])
        ys = np.array([sg[1] for sg in segs])
        for i, (ax, ay, aw, ah) in enumerate(segs):
            for j in range(i + 1, int(np.searchsorted(ys, ay + hi + 2, side="right"))):
                bx, by, bw_, bh = segs[j]
                x0, x1 = max(ax, bx), min(ax + aw, bx + bw_)
                for top, bottom in _edges(ay, ah, by, bh):
                    height = bottom - top
                    if x1 - x0 >= lo and lo <= height <= hi and \
                            0.8 <= (x1 - x0) / height <= 1.25:
                        out.append((x0, top, x1 - x0, height))
        size *= 2
    return out


def _edges(ay: int, ah: int, by: int, bh: int) -> list[tuple[int, int]]:
    """The top and bottom rows (the bottom one past the frame) of a square whose top side
    is the stroke at rows ``ay``.. (``ah`` thick) and its bottom one at ``by``.. (``bh``):
    their outer edges; and where one is thicker than the other, a tick's stroke running
    along it (a big tick that overshoots its box runs along its bottom side and joins it),
    the same with that side as thick as the thinner one, from its inner edge: the frame's
    sides are as thick as each other."""
    out = [(ay, by + bh)]
    if bh > ah:
        out.append((ay, by + ah))
    elif ah > bh:
        out.append((ay + ah - bh, by + bh))
    return out


def _snapped(bw: Any, x: int, y: int, cw: int, ch: int) -> Square | None:
    """A square of two horizontal strokes (:func:`_stroke_pairs`) narrowed to its
    outermost upright lines of ink: each end moved inwards (by a quarter of the side at
    most) to the first column inked along 88% of the square's height, where its top and
    bottom strokes meet it. A big cross whose arms overshoot the box on all sides joins the
    frame's top and bottom sides and lengthens them past its corners, and the square they
    give is too wide for its sides to stand on its edges; None where an end finds no such
    column, or where ink cut off lies between the strokes' rows (a letter's bowl)."""
    h, w = bw.shape
    if x < 0 or y < 0 or x + cw > w or y + ch > h:
        return None
    part = bw[y:y + ch, x:x + cw] > 0
    iy = max(1, round(ch * 0.1))
    cols = part[iy:ch - iy].mean(axis=0)  # each column's ink along the square's height
    left = _first_line(cols, round(cw * 0.25))
    right = _first_line(cols[::-1], round(cw * 0.25))
    if left is None or right is None or cw - 1 - right <= left:
        return None
    right = cw - 1 - right
    # what is cut off is a mark's arms beyond the corners, nothing between them (but
    # the two columns beside a side, which a skew of the scan inks in part): a letter's
    # bowl ("B", "P") curves from its top stroke to its bottom one there
    middle = part[ch // 3:ch - ch // 3]
    if middle[:, :max(0, left - 2)].any() or middle[:, right + 3:].any():
        return None
    # and the arms go on past the strokes, above and below, where a side moved in (a
    # letter's bowl ends at them)
    reach = max(2, round(ch * 0.25))
    above, below = bw[max(0, y - reach):y, x:x + cw] > 0, bw[y + ch:y + ch + reach, x:x + cw] > 0
    cuts = [c for c in (slice(0, left), slice(right + 1, cw)) if c.stop > c.start]
    if not all(above[:, c].any() and below[:, c].any() for c in cuts):
        return None
    # a frame's sides meet at its corners
    if not all(part[max(0, r - 2):r + 3, max(0, c - 1):c + 2].any()
               for r in (0, ch - 1) for c in (left, right)):
        return None
    return (x + left, y, right - left + 1, ch)


def _first_line(profile: Any, reach: int) -> int | None:
    """The first index of ``profile`` (within ``reach``) inked along 88% of the side."""
    for i in range(min(reach + 1, len(profile))):
        if profile[i] >= 0.88:
            return i
    return None


def _outermost(squares: list[Square]) -> list[Square]:
    """A frame's outline has an inner contour too: keep the outer one."""
    squares = sorted(set(squares), key=lambda s: -s[2] * s[3])
    kept: list[Square] = []
    for s in squares:
        x, y, cw, ch = s
        if any(kx <= x + cw / 2 <= kx + kw and ky <= y + ch / 2 <= ky + kh
               for kx, ky, kw, kh in kept):
            continue
        kept.append(s)
    return kept


class _Shade:
    """How dark the image is in a rectangle, 0 (the paper) to 1 (black)."""

    def __init__(self, grey: Any) -> None:
        import numpy as np

        self.gray = grey
        self.paper = max(1.0, float(np.percentile(self.gray[::8, ::8], 90)))

    def __call__(self, x0: int, y0: int, x1: int, y1: int) -> float:
        part = self.gray[y0:y1, x0:x1]
        return max(0.0, 1.0 - float(part.mean()) / self.paper) if part.size else 0.0


def _filled(shade: _Shade, x: int, y: int, cw: int, ch: int) -> bool:
    """The square is dark all over inside (a box filled in, or a solid square)."""
    mx, my = max(1, cw // 4), max(1, ch // 4)
    return shade(x + mx, y + my, x + cw - mx, y + ch - my) >= 0.5


def _framed(bw: Any, x: int, y: int, cw: int, ch: int, filled: bool = False) -> bool:
    """Each side is a straight line of ink from corner to corner, thin compared with the
    side (the loops of letters bend away from the corners, or are thick) unless the box is
    ``filled``."""
    import numpy as np

    side = min(cw, ch)
    reach = max(2, round(side * 0.1))  # how far from the outline's side its line may lie
    thick = side if filled else max(2, round(side * 0.15))  # (letters: thicker lines)
    h, w = bw.shape
    y0, y1, x0, x1 = max(0, y - reach), min(h, y + ch + reach), max(0, x - reach), \
        min(w, x + cw + reach)
    win = np.zeros((ch + 2 * reach, cw + 2 * reach), bool)
    win[y0 - y + reach:y1 - y + reach, x0 - x + reach:x1 - x + reach] = bw[y0:y1, x0:x1] > 0
    ix, iy = max(1, round(cw * 0.06)), max(1, round(ch * 0.06))
    across = win[:, reach + ix:reach + cw - ix]  # rows, corners left out
    down = win[reach + iy:reach + ch - iy, :].T  # columns, as rows
    return all(_line(profile, at, reach, thick) for profile, at in (
        (across, reach), (across, reach + ch - 1), (down, reach), (down, reach + cw - 1)))


#: A filled square's corners: the ink reaches within this share of its side (or
#: CORNER_PIXELS) of each corner of the square. A solid square or a frame filled in is
#: dark to its corners (measured on scans and blurred renderings at 150-300 dpi: 0.05 at
#: most; a box filled in by hand on a phone photo, the claims journey's c03: 0.08, 2.24
#: pixels at 28 a side, which 0.06 read unticked); a broad pen's letter dark all over
#: inside ("B", "D", "0", "8") is round at one corner or more (0.07 to 0.18; the claims
#: journey's c12 "B": 0.13). Handwriting fonts' bold letters taken for filled boxes:
#: 0 of 3,672 at 0.06, 0.09 and 0.1 (/tmp/f5b/letters.py).
CORNER_REACH = 0.09
#: ... and at least this many pixels.
CORNER_PIXELS = 1.5


def _framed_filled(bw: Any, shade: _Shade, x: int, y: int, cw: int, ch: int) -> bool:
    """:func:`_framed`; a square dark all over inside (:func:`_filled`, where the frame's
    thinness is not asked) must also be inked to its four corners (:func:`_corners`): a
    letter written with a broad pen is dark inside too, and its sides are as straight
    (the "B" of a handwritten registration "B-KL 4471" was read a ticked box, and its
    "☒" replaced the letter in the text)."""
    if not _filled(shade, x, y, cw, ch):
        return _framed(bw, x, y, cw, ch)
    return _framed(bw, x, y, cw, ch, filled=True) and _corners(bw, x, y, cw, ch) \
        and _clear_around(bw, x, y, cw, ch)


def _corners(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """Whether ink reaches each of the square's four corners, within
    :data:`CORNER_REACH` of its side (at least :data:`CORNER_PIXELS`): a square's sides
    meet at right angles, a letter's bowl curves away before the corner."""
    import numpy as np

    box = bw[y:y + ch, x:x + cw] > 0
    reach = max(CORNER_PIXELS, CORNER_REACH * min(cw, ch))
    n = int(reach) + 1
    for corner in (box[:n, :n], box[:n, ::-1][:, :n], box[::-1][:n, :n],
                   box[::-1, ::-1][:n, :n]):
        ys, xs = np.nonzero(corner)
        if ys.size == 0 or float(np.hypot(ys, xs).min()) > reach:
            return False
    return True


def _clear_around(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """Whether paper lies along each side of the square just outside it (a line a tenth
    of the side out, at least 2 pixels): most of each line, all but a mark's stroke that
    crosses it. A box stands apart; bold letters written close run into each other."""
    h, w = bw.shape
    out = max(2, round(0.1 * min(cw, ch)))
    lines = [bw[y - out, x:x + cw] if y - out >= 0 else None,
             bw[y + ch - 1 + out, x:x + cw] if y + ch - 1 + out < h else None,
             bw[y:y + ch, x - out] if x - out >= 0 else None,
             bw[y:y + ch, x + cw - 1 + out] if x + cw - 1 + out < w else None]
    return all(line is None or float((line > 0).mean()) <= 0.5 for line in lines)


def _framed_at_core(grey: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """:func:`_framed` on the dark core of the strokes (darker than halfway between the
    paper and the darkest ink around the square): a thin frame blurred by a phone's
    camera is as thick as a letter's stroke where the local threshold cuts it, and thin at
    its core; a bold letter's stroke is thick at both."""
    import numpy as np

    pad = max(3, round(min(cw, ch) * 0.1) + 2)
    h, w = grey.shape
    x0, y0 = max(0, x - pad), max(0, y - pad)
    part = grey[y0:min(h, y + ch + pad), x0:min(w, x + cw + pad)]
    if part.size == 0:
        return False
    dark, paper = np.percentile(part, 2), np.percentile(part, 90)
    if paper - dark < 40:  # no contrast: no ink
        return False
    core = (part < (dark + paper) / 2).astype(np.uint8) * 255
    return _framed(core, x - x0, y - y0, cw, ch)


def _line(rows: Any, at: int, reach: int, thick: int) -> bool:
    """A line near row ``at`` of ``rows`` (pixels of ink): a row inked in each of its
    quarters (a stroke that bends away before a corner, as an "O" or a "D" does, is no
    line), in a band no thicker than ``thick``. The band is the rows next to it inked in
    the middle of the side (where letters' round corners do not thin it) and along at
    least half of it: a letter's thick side is inked so, a mark that crosses the frame or
    runs close along it (an overshooting tick) covers a short stretch of each row, and
    does not thicken the frame."""
    import numpy as np

    quarters = np.array_split(rows, 4, axis=1)
    straight = np.stack([q.mean(axis=1) for q in quarters]).min(axis=0)
    middle = np.hstack(quarters[1:3]).mean(axis=1)
    along = rows.mean(axis=1)
    band = (middle >= 0.5) & (along >= 0.5)
    lo, hi = max(0, at - reach), min(len(straight), at + reach + 1)
    best = lo + int(straight[lo:hi].argmax())
    if straight[best] < 0.88:
        return False
    a = b = best
    while a > 0 and band[a - 1]:
        a -= 1
    while b + 1 < len(band) and band[b + 1]:
        b += 1
    return b - a + 1 <= thick


def _inside_ink(bw: Any, x: int, y: int, cw: int, ch: int) -> float:
    """Share of the box's inside (its frame left out) covered by ink. The frame is a fifth
    of the side each way, or as thick as its ink is (a small box on a blurred photo: a
    frame 3 pixels thick on an 18-pixel box reaches past a fifth, and its inner edge read
    as a tick)."""
    box = bw[y:y + ch, x:x + cw] > 0
    left, right = _frame_widths(box)
    top, bottom = _frame_widths(box.T)
    x0, x1 = max(2, int(cw * 0.2), left + 1), cw - max(2, int(cw * 0.2), right + 1)
    y0, y1 = max(2, int(ch * 0.2), top + 1), ch - max(2, int(ch * 0.2), bottom + 1)
    inner = box[y0:y1, x0:x1]
    if inner.size == 0:  # the frame is all there is: no room for a tick inside
        return 0.0
    return float(inner.mean())


def _a_dot(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """Whether the ink inside the box (a fifth of the side in from the frame each way, as
    :func:`_inside_ink` leaves it out) is one small blob: it spans less than
    :data:`DOT_SPAN` of the box's side across and down, and reaches none of the frame (a
    tick or a cross runs from side to side, and a filled box fills it; a dot of a pen's
    tip, a quarter of the side wide, is no tick one can be sure of, while a big dot set in
    the box as a mark, half its side wide, is read as a tick)."""
    import numpy as np

    box = bw[y:y + ch, x:x + cw] > 0
    mx, my = max(2, int(cw * 0.2)), max(2, int(ch * 0.2))
    inner = box[my:ch - my, mx:cw - mx]
    if inner.size == 0 or not inner.any():
        return False
    rows, cols = np.flatnonzero(inner.any(axis=1)), np.flatnonzero(inner.any(axis=0))
    span_y, span_x = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    touches = rows[0] == 0 or cols[0] == 0 or rows[-1] == inner.shape[0] - 1 \
        or cols[-1] == inner.shape[1] - 1
    return not touches and span_x < DOT_SPAN * cw and span_y < DOT_SPAN * ch


def _frame_widths(box: Any) -> tuple[int, int]:
    """How thick the left and right sides of a box's frame are, in pixels: the run of ink
    from each edge inwards, on three rows across the middle, the thinnest (a tick that
    crosses the side on one row does not thicken it)."""
    h = box.shape[0]
    lefts, rights = [], []
    for row in (box[h * 2 // 5], box[h // 2], box[h * 3 // 5]):
        lefts.append(_run(row))
        rights.append(_run(row[::-1]))
    return min(lefts), min(rights)


def _run(row: Any) -> int:
    """Where the run of ink at the start of ``row`` ends (it may start a pixel or two in:
    the box's bounding rectangle may start just outside its ink); 0 without one."""
    k = 0
    while k < min(2, len(row)) and not row[k]:
        k += 1
    start = k
    while k < len(row) and row[k]:
        k += 1
    return k if k > start else 0
