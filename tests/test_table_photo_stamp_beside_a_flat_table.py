"""A stamp or a note turned on a flat page beside a table sets no slant for its rows.

Code read C on e78f794: a library invoice scanned flat, a red two-line rubber stamp turned
10 degrees in the blank space left of the totals (touching no cell). The stamp's words make
runs of their own slope (-0.12), and the local straight-line fit of the samples carried
that trend up to the table's level rows: the gate fired on a flat page and the row
"Stapler heavy duty recycled, 80 g/m2, 5 reams" was read "recycled, Stapler heavy 80 g/m2,
duty 5 reams" and accepted (turned -10 degrees: an extra row, review). Samples off the
trend of the page's samples are now left out, and the slope at a height stays within the
slopes measured near it.
"""

from __future__ import annotations

import math
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


def _words(texts: list[str], x: float, y: float, slope: float = 0.0,
           char: float = 0.009) -> list[Word]:
    """Words printed side by side from ``x`` on a line through ``y`` of ``slope``, each
    character ``char`` of the page's width."""
    words = []
    for text in texts:
        w = char * len(text)
        lift = slope * (x + w / 2)
        words.append(Word(text, Box(x, y + lift, x + w, y + lift + H), 0, 0.95, "ppocr_rec"))
        x += w + 0.008
    return words


def _level_table() -> list[list[Word]]:
    """A flat page's table: a header and rows of cells far apart, each row level, a
    description of a few words in its first cell."""
    lines = []
    for i, desc in enumerate([["Printer", "paper", "A4"], ["Stapler", "heavy", "duty"],
                              ["recycled,", "80", "g/m2,", "5", "reams"],
                              ["Office", "chair"], ["Desk", "lamp", "LED"]]):
        y = 0.35 + 0.03 * i
        lines.append(_words(desc, 0.08, y) + _words(["20"], 0.55, y)
                     + _words(["713.41"], 0.68, y) + _words(["14268.20"], 0.82, y))
    return lines


@pytest.mark.parametrize("degrees", [10, -10, 6])
def test_a_turned_stamp_beside_level_rows_regroups_nothing(degrees):
    table = _level_table()
    slope = -math.tan(math.radians(degrees)) * 612 / 792  # on the page's share of height
    stamp = [_words(["PAID", "18", "JUL", "2025", "BY", "BANK"], 0.1, 0.55, slope, 0.006),
             _words(["OK", "TO", "PAY", "FOR", "A/C", "411"], 0.1, 0.58, slope, 0.006)]
    words = [w for line in table + stamp for w in line]
    lines = group_lines(words)
    page = SimpleNamespace(index=0, width=612.0, height=792.0)
    got = level_lines(lines, page)
    assert [[w.text for w in line.words] for line in got] == \
        [[w.text for w in line.words] for line in lines]


needs_ocr = pytest.mark.skipif(not models_available(), reason="OCR models not installed")


@needs_ocr
@pytest.mark.parametrize(("angle", "y"), [(10, 375), (-10, 350)])
def test_a_flat_invoice_with_a_turned_stamp_keeps_its_rows(angle, y):
    """The library invoice (seed 2) with a two-line stamp turned ``angle`` degrees left of
    its totals, scanned flat at 200 dpi: the rows as printed."""
    import fitz
    import numpy as np

    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    sample = generate("invoice", 2)
    doc = fitz.open(stream=sample.pdf, filetype="pdf")
    for i, text in enumerate(["RECEIVED 18 JUL 2025 ACCOUNTS",
                              "CHECKED AND APPROVED FOR PAYMENT"]):
        doc[0].insert_text((60 + 4 * i, y + 14 * i), text, fontsize=11, fontname="hebo",
                           color=(0.8, 0, 0),
                           morph=(fitz.Point(60, y), fitz.Matrix(angle)))
    scan = render_scan(doc.tobytes(), 200, "clean", 2)[0]
    result = Engine(seen_store="memory").extract(
        encode_png(np.ascontiguousarray(scan)), str(LIBRARY / "invoice.sift"))
    got = [(str(row["description"].value), str(row["amount"].value))
           for row in result.tables["items"]]
    assert got == [(i["description"], i["amount"]) for i in sample.truth["items"]]
