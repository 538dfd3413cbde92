"""Printed glyphs inside checkboxes: a box a form prints with a letter, a digit or a
symbol in it (a sex box's "M" or "F", a rating scale's "1" to "5", a legend) holds ink
as a ticked box does, but its ink is a printed character, not a hand's mark.

A box's ink is taken for a printed glyph when it lies clear of the frame (a hand's tick or
cross most often reaches or crosses a side; a printed character is set inside with a
margin) and the text recognizer reads it, alone, as one letter or digit, surely. The
readings a hand's tick or cross gets ("X", "×", "√", "V", "<") are not taken: a printed
"X" or check mark legend cannot be told from a careful pen cross by its reading, and a
box is read ticked rather than doubtfully empty. Ink read as a letter or digit unsurely
(a rating's "1" at 0.45 to 0.89), or as no letter where another box prints the same
(:func:`same_print`: a bold "Y" read "V" or nothing), is no sure tick either.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

#: The recognizer's confidence from which its reading of a box's ink as one character is
#: sure (printed letters and digits in boxes of 9 to 16 points at 150-300 dpi, scanned:
#: 0.87 to 0.99; hand ticks and crosses read as a letter or digit: at most 0.9).
GLYPH_SURE = 0.9
#: From this confidence a letter or digit read in a box, not surely or beside another
#: character, may still be a printed glyph read unsurely (a small or serif "M", a Courier
#: "4" at 0.41, a "3" read "#3"): such a box is no sure tick.
GLYPH_UNSURE = 0.3
#: Share of the ink inside the box that may touch the frame (a scan's specks, a frame's
#: blurred inner edge) for the ink to lie clear of it.
TOUCHING = 0.05


def _reader() -> Any:
    """The recognizer that reads a box's ink: in an engine, the printed-text recognizer
    of the page's pipeline (:func:`formsift.core.readers.line_reader`: the one it loaded,
    with the template's options); where the pipeline has none that reads crops line by
    line (a plugin's recognizer implements ``recognize`` only), or used on its own, the
    installed PP-OCRv4 recognizer (:func:`_own_reader`). None where there is none."""
    from formsift.core import readers

    if readers.in_pipeline() and (reader := readers.line_reader()) is not None:
        return reader
    return _own_reader()


@functools.lru_cache(maxsize=1)
def _own_reader() -> Any:
    """The PP-OCRv4 recognizer for the segmenter used outside an engine (a script, a
    benchmark); None where its model is not installed."""
    from formsift.plugins.ocr.models import models_available
    from formsift.plugins.ocr.recognize import PPOCRRecognizer

    if not models_available():
        return None
    reader = PPOCRRecognizer({"threads": 1})
    reader.ensure_ready()
    return reader


def clear_of_frame(bw: Any, x: int, y: int, cw: int, ch: int) -> bool:
    """Whether the ink inside the box lies clear of its frame: the ink pieces that do not
    reach the box's edge (the frame and what touches it do) hold all of it but
    :data:`TOUCHING`."""
    import cv2
    import numpy as np

    box = (bw[y:y + ch, x:x + cw] > 0).astype(np.uint8)
    if box.size == 0:
        return False
    _, labels, stats, _ = cv2.connectedComponentsWithStats(box, connectivity=8)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    mx, my = max(2, cw // 5), max(2, ch // 5)
    inner = labels[my:ch - my, mx:cw - mx]
    inked = inner[inner > 0]
    if inked.size == 0:
        return False
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < 3)
    touching = np.isin(inked, edge) & ~np.isin(inked, specks)
    return float(touching.mean()) <= TOUCHING


def inside_crop(grey: Any, x: int, y: int, cw: int, ch: int,
                frame: tuple[int, int, int, int]) -> Any:
    """The box's inside without its frame (``frame``: its left, right, top and bottom
    widths in pixels), on a margin of paper, as a BGR image for the recognizer."""
    import cv2
    import numpy as np

    left, right, top, bottom = frame
    part = grey[y + top + 1:y + ch - bottom - 1, x + left + 1:x + cw - right - 1]
    if part.size == 0:
        return None
    paper = int(np.percentile(grey[y:y + ch, x:x + cw], 95))
    pad = max(2, part.shape[0] // 3)
    part = cv2.copyMakeBorder(part, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
    return cv2.cvtColor(np.ascontiguousarray(part), cv2.COLOR_GRAY2BGR)


def printed_glyphs(crops: list[Any]) -> list[tuple[str, float, bool] | None] | None:
    """For each crop of a box's inside (None: nothing to read), the printed character it
    may hold, the recognizer's confidence and whether the reading is sure (one letter or
    digit alone at :data:`GLYPH_SURE` or more); or None: no letter or digit read at
    :data:`GLYPH_UNSURE` or more among one or two characters (brackets at either end left
    out: :data:`FRAME_READINGS`). The readings of a hand's cross or tick ("x", "X", "v",
    "V") count as no letter; one of a straight stroke ("1", "l") counts as any other, so
    a hand's upright stroke read "1" unsurely is no sure tick, as a printed "1" read so
    is not. None instead of the list where there is a crop to read and no recognizer to
    read it (no OCR model installed): the crops' ink may be print or a mark."""
    todo = [i for i, c in enumerate(crops) if c is not None]
    out: list[tuple[str, float, bool] | None] = [None] * len(crops)
    if not todo:
        return out
    reader = _reader()
    if reader is None:
        return None
    for i, (read, _) in zip(todo, reader.read_lines([crops[i] for i in todo]), strict=True):
        chars = _without_frame([c for c in read if c[0].strip()])
        letters = [c for c in chars if c[0].isalnum() and c[0] not in "xXvV"]
        if not letters or len(chars) > 2:
            continue
        best = max(letters, key=lambda c: c[1])
        ch, conf = best[0], float(best[1])
        sure = len(chars) == 1 and conf >= GLYPH_SURE
        if sure or conf >= GLYPH_UNSURE:
            out[i] = (ch, round(conf, 4), sure)
    return out


#: What a remnant of the frame at the crop's edge reads as ("[1", "[4]": a scan's skew
#: leaves a sliver of a side in the inside's crop).
FRAME_READINGS = "[]()"


def _without_frame(chars: list[Any]) -> list[Any]:
    """``chars`` (a reading's characters) without a bracket read first or last: the
    frame's sliver, not the box's content."""
    while len(chars) > 1 and chars[0][0] in FRAME_READINGS:
        chars = chars[1:]
    while len(chars) > 1 and chars[-1][0] in FRAME_READINGS:
        chars = chars[:-1]
    return chars


#: Two boxes hold the same print where, one shifted against the other by at most
#: TWIN_SHIFT pixels, at most TWIN_APART of either's ink lies more than a pixel from the
#: other's ink: the same glyph printed in two boxes of a page and scanned differs by
#: 0.015 at most (1,355 pairs, 150-300 dpi, noise, blur, JPEG, uneven light), and no two
#: hand marks are drawn alike.
TWIN_APART = 0.03
TWIN_SHIFT = 2


class Print(NamedTuple):
    """A box's inside ink as :func:`same_print` compares it: the ink (0/1), its pixel
    count, and the ink grown by a pixel each way (one pixel wider all round)."""

    ink: Any
    total: int
    near: Any


def print_of(inside: Any) -> Print:
    """:class:`Print` of a box's inside (its ink, frame left out, as a boolean array):
    grown once, whatever number of boxes it is compared with."""
    import cv2
    import numpy as np

    ink = inside.astype(np.uint8)
    near = cv2.dilate(np.pad(ink, 1), np.ones((3, 3), np.uint8))
    return Print(ink, int(ink.sum()), near)


def same_print(a: Print, b: Print) -> bool:
    """Whether two boxes' insides (:func:`print_of`) hold the same print
    (:data:`TWIN_APART`, :data:`TWIN_SHIFT`)."""
    if not a.total or not b.total:
        return False
    r = TWIN_SHIFT
    (ha, wa), (hb, wb) = a.ink.shape, b.ink.shape
    limit_a, limit_b = TWIN_APART * a.total, TWIN_APART * b.total
    # b's top-left corner at (dy, dx) from a's, as both lay on a page of their larger
    # size and TWIN_SHIFT more each way
    for dy in range(-r, max(ha, hb) - hb + r + 1):
        for dx in range(-r, max(wa, wb) - wb + r + 1):
            if b.total - _on(b.ink, a.near, dy + 1, dx + 1) <= limit_b and \
                    a.total - _on(a.ink, b.near, 1 - dy, 1 - dx) <= limit_a:
                return True
    return False


def _on(ink: Any, near: Any, dy: int, dx: int) -> int:
    """How many pixels of ``ink``, its top-left corner at (dy, dx) of ``near``'s, lie on
    ``near``'s ink."""
    import numpy as np

    (hi, wi), (hn, wn) = ink.shape, near.shape
    y0, y1, x0, x1 = max(0, dy), min(hn, dy + hi), max(0, dx), min(wn, dx + wi)
    if y0 >= y1 or x0 >= x1:
        return 0
    return int(np.count_nonzero(ink[y0 - dy:y1 - dy, x0 - dx:x1 - dx] & near[y0:y1, x0:x1]))
