"""A photographed page's lines are set level however their slant changes down the page.

Pay-application journey: a continuation sheet photographed at an angle, its rows rising to
the right at the top and falling more and more towards the bottom. The lines the page's
grouping had already joined (a row with the second line of its wrapped description, two
rows) were the only long lines there, and fitted no straight line, so the slant was
measured on the header's lines alone and carried down unchanged: the last rows, the
change orders and the grand totals came out as one row, descriptions in scrambled word
order. The slant is now measured on runs of printed words side by side, on every line.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import formsift
from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.plugins.ocr.models import models_available
from formsift.templates.leveling import level_lines

LIBRARY = Path(formsift.__file__).parent / "templates" / "library"

H = 0.012  # the words' height, a share of the page's


def _slope(y: float) -> float:
    """The slant of a printed line at ``y``: level at the header, falling to the right by
    more and more down the page (the last line's right end two word heights below its
    middle)."""
    return 0.13 * (y - 0.22)


def _line(texts: list[str], xs: list[float], y: float) -> list[Word]:
    """Words printed on one line at ``y``, slanted; amounts a little up or down in their
    cells (a third of their height at most), as a photo's cells read."""
    words = []
    for k, (text, x) in enumerate(zip(texts, xs, strict=True)):
        w = 0.006 * len(text)
        lift = _slope(y) * (x + w / 2 - 0.5)
        if "," in text:
            lift += ((round(y * 1000) + 3 * k) % 5 - 2) * 0.15 * H
        words.append(Word(text, Box(x, y + lift, x + w, y + lift + H), 0, 0.95, "ppocr_rec"))
    return words


def _page() -> list[list[Word]]:
    """The lines as printed: a header, then rows of an item number, a description wrapped
    on two lines and eight amounts, and the grand totals."""
    lines = [_line(["ITEM", "DESCRIPTION", "SCHEDULED", "PREVIOUS", "PERIOD", "STORED",
                    "TOTAL", "%", "BALANCE", "RETAINAGE"],
                   [0.11, 0.17, 0.42, 0.49, 0.56, 0.63, 0.70, 0.77, 0.82, 0.89], 0.22)]
    for i in range(15):
        y = 0.245 + 0.027 * i
        lines.append(_line([f"{i + 1:03d}", "Galvanized", "ductwork", "Level", "2",
                            "including", "fire", "dampers,", "21,182.00", "6,806.65",
                            "10,502.30", "0.00", "17,308.95", "81.7%", "3,873.05",
                            "1,730.90"],
                           [0.11, 0.17, 0.235, 0.29, 0.322, 0.335, 0.39, 0.418, 0.44,
                            0.51, 0.58, 0.66, 0.71, 0.78, 0.83, 0.90], y))
        lines.append(_line(["flexible", "connections", "and", "insulation"],
                           [0.17, 0.225, 0.30, 0.325], y + 0.0125))
    lines.append(_line(["GRAND", "TOTALS", "999,803.00", "503,052.97", "339,323.61",
                        "37,260.88", "879,637.46", "88.0%", "120,165.54", "87,963.75"],
                       [0.17, 0.215, 0.44, 0.51, 0.58, 0.65, 0.71, 0.78, 0.83, 0.90],
                       0.245 + 0.027 * 15))
    return lines


def test_each_printed_line_is_a_line_down_to_the_bottom_of_the_page():
    printed = _page()
    words = [w for line in printed for w in line]
    page = SimpleNamespace(index=0, width=842.0, height=595.0)
    got = level_lines(group_lines(words), page)
    assert [[w.text for w in line.words] for line in got] == \
        [[w.text for w in sorted(line, key=lambda w: w.box.x0)] for line in printed]


needs_ocr = pytest.mark.skipif(not models_available(), reason="OCR models not installed")


@needs_ocr
@pytest.mark.parametrize(("seed", "dpi"), [(2, 200), (4, 300)])
def test_level_rows_of_a_photographed_delivery_note_stay_whole(seed, dpi):
    """A generated delivery note photographed with a phone: its item rows are level, and
    the few runs of printed words near them (a description of three words, "Received by:
    Lukas Brandt" under the table, the name in italics set a little off the label's line)
    measure slopes a little off. A slope taken from those runs alone split the row
    "A-2654 Stapler heavy duty 1 1" (seed 2) in two, its quantities a row of their own;
    the table's rows, which fit their own level line, are measured too."""
    import numpy as np

    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    sample = generate("delivery_note", seed)
    photo = render_scan(sample.pdf, dpi, "photo", seed)[0]
    result = Engine(seen_store="memory").extract(
        encode_png(np.ascontiguousarray(photo)), str(LIBRARY / "delivery_note.sift"))
    got = [tuple(None if row.get(k) is None else str(row[k].value)
                 for k in ("article", "qty_ordered", "qty_delivered"))
           for row in result.tables["items"]]
    assert got == [(i["article"], str(i["qty_ordered"]), str(i["qty_delivered"]))
                   for i in sample.truth["items"]]
