"""Rubber stamps on a page, as a receiving office sets them in a signature box.

``rubber_stamp(page, box, lines, color, angle)`` draws a rectangular stamp (a double frame
with its lines of capitals, turned by ``angle`` degrees) on a PyMuPDF page;
``round_stamp(page, centre, radius, lines, color, angle)`` a ring stamp (two circles, the
first line's letters round the ring, the second across the middle)::

    import pymupdf
    from formsift.samples.stamps import rubber_stamp

    doc = pymupdf.open()
    page = doc.new_page(width=230, height=170)
    rubber_stamp(page, (40, 40, 170, 95), ["KOEHLER KG", "WARENANNAHME"], (0.1, 0.25, 0.7), -8)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: The stamp's face: a bold sans, as rubber stamps print.
FONT = "hebo"

Colour = tuple[float, float, float]


def _turned(centre: tuple[float, float], angle: float) -> Any:
    """A function turning a point by ``angle`` degrees about ``centre``."""
    import pymupdf

    m = pymupdf.Matrix(1, 1).prerotate(angle)
    cx, cy = centre

    def turn(x: float, y: float) -> Any:
        p = pymupdf.Point(x - cx, y - cy) * m
        return pymupdf.Point(p.x + cx, p.y + cy)
    return turn


def _text(page: Any, at: Any, text: str, size: float, color: Colour, angle: float) -> None:
    import pymupdf

    page.insert_text(at, text, fontsize=size, fontname=FONT, color=color,
                     morph=(at, pymupdf.Matrix(1, 1).prerotate(-angle)))


def rubber_stamp(page: Any, box: Sequence[float], lines: Sequence[str], color: Colour,
                 angle: float = 0.0) -> None:
    """A rectangular stamp in ``box`` (x0, y0, x1, y1, points) on ``page``: a double
    frame 2.5 pt apart, ``lines`` centred inside it (the first at 7.5 pt, the others at
    6.2 pt, smaller where a line is too wide), all turned by ``angle`` degrees about the
    box's centre, in ``color`` (RGB, 0-1)."""
    import pymupdf

    x0, y0, x1, y1 = box
    turn = _turned(((x0 + x1) / 2, (y0 + y1) / 2), angle)
    shape = page.new_shape()
    for inset in (0.0, 2.5):
        corners = [turn(x0 + inset, y0 + inset), turn(x1 - inset, y0 + inset),
                   turn(x1 - inset, y1 - inset), turn(x0 + inset, y1 - inset)]
        shape.draw_polyline([*corners, corners[0]])
    shape.finish(color=color, width=1.0, closePath=True)
    shape.commit()
    for i, line in enumerate(lines):
        size = 7.5 if i == 0 else 6.2
        size = min(size, size * (x1 - x0 - 10) / max(1.0, pymupdf.get_text_length(
            line, fontsize=size, fontname=FONT)))
        width = pymupdf.get_text_length(line, fontsize=size, fontname=FONT)
        y = y0 + (y1 - y0) * (i + 1) / (len(lines) + 1) + size / 3
        _text(page, turn((x0 + x1) / 2 - width / 2, y), line, size, color, angle)


def round_stamp(page: Any, centre: tuple[float, float], radius: float, lines: Sequence[str],
                color: Colour, angle: float = 0.0) -> None:
    """A ring stamp at ``centre`` on ``page``: circles of ``radius`` and 0.62 of it, the
    first of ``lines`` written round the ring letter by letter, the second (up to 12
    characters) across the middle, turned by ``angle`` degrees, in ``color``."""
    import pymupdf

    cx, cy = centre
    shape = page.new_shape()
    shape.draw_circle(centre, radius)
    shape.draw_circle(centre, radius * 0.62)
    shape.finish(color=color, width=1.0)
    shape.commit()
    ring = lines[0]
    for k, ch in enumerate(ring):
        a = math.radians(angle - 150 + 300 * k / max(1, len(ring) - 1))
        at = pymupdf.Point(cx + 0.8 * radius * math.cos(a), cy + 0.8 * radius * math.sin(a))
        _text(page, at, ch, 6.5, color, -(math.degrees(a) + 90))
    if len(lines) > 1:
        middle = lines[1][:12]
        width = pymupdf.get_text_length(middle, fontsize=5.5, fontname=FONT)
        _text(page, _turned(centre, angle)(cx - width / 2, cy + 2), middle, 5.5, color, angle)
