"""A ruled table photographed with a phone keeps its columns (meter-reading journey).

A route sheet photographed at an angle: every printed "Avg" cell came out empty and its
number went to the handwritten "Current reading" beside it ("'26' was read between
"Avg" and "Current reading" and given to 'current'"), and readings left blank took the
average; a flatbed scan of the same sheet read right. On the photo the table's column
rulings lean, each its own way, and the ruling finder took only straight lines: no line
was found between the columns, so a printed number set against the line and the reading
written a little after it were one phrase, and a printed number right-aligned in its
cell, past its left-aligned header, went to the column to its right. The rulings are now
found leaning too, and each word is placed in the ruled cell it stands in at its own
height.

The sheet here is generated (printed with PyMuPDF, readings written in a handwriting
font), rendered with ``formsift.samples``' phone-photo degradation (a perspective warp
onto a darker background), once more with the page slightly bent; the template names no
preprocessing (the default chain: no perspective correction).
"""

from __future__ import annotations

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from formsift.plugins.ocr.models import models_available

FONT = next((f for f in handwriting_fonts() if f.name == "dkg.ttf"), None)
needs_ocr = pytest.mark.skipif(not models_available() or FONT is None,
                               reason="OCR models or the dkg handwriting font not installed")

TEMPLATE = """template route {
  table meters {
    acct: id(/\\d{9}/) header "Account"
    prev: int header "Prev. reading"
    avg: int header "Avg"
    current: int? header "Current reading" handwritten
    code: enum(["A", "E", "N", "R"])? header "Code" handwritten
    until "Meters on this page"
  }
}"""
#: Column rulings, in points of a landscape A4 page.
X = (40, 150, 260, 320, 430, 480, 800)
HEADS = ("Account", "Prev. reading", "Avg", "Current reading", "Code", "Remarks")
ROWS = [("799498621", "41481", "10", "41492", "A"),
        ("127409647", "87839", "12", "87847", "A"),
        ("648304426", "24125", "26", "24153", "R"),
        ("471260596", "97142", "15", "97172", "A"),
        ("130980485", "27677", "28", "27699", "A"),
        ("729291179", "15210", "32", "15257", "R"),
        ("460846611", "15066", "29", "15090", "A"),
        ("642254536", "80469", "39", "80528", "A")]


def _pdf() -> bytes:
    """The printed sheet, the averages right-aligned against the line before the
    readings, each reading written a little after that line."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 50), "Meter reading route sheet", fontsize=16)
    top, h, n = 80, 30, len(ROWS) + 1
    page.draw_rect(pymupdf.Rect(X[0], top, X[-1], top + n * h), width=0.8)
    for i in range(1, n):
        page.draw_line((X[0], top + i * h), (X[-1], top + i * h), width=0.8)
    for x in X[1:-1]:
        page.draw_line((x, top), (x, top + n * h), width=0.8)
    for x, head in zip(X, HEADS, strict=False):
        page.insert_text((x + 3, top + 19), head, fontsize=9)
    hand = {"fontsize": 16, "fontfile": str(FONT), "fontname": "hand",
            "color": (0.05, 0.1, 0.35)}
    for i, (acct, prev, avg, current, code) in enumerate(ROWS, start=1):
        y = top + i * h + 19
        page.insert_text((X[0] + 3, y), acct, fontsize=10)
        for text, right in ((prev, X[2]), (avg, X[3])):
            page.insert_text((right - 3 - pymupdf.get_text_length(text, fontsize=10), y),
                             text, fontsize=10)
        page.insert_text((X[3] + 8, y + 2), current, **hand)
        page.insert_text((X[4] + 14, y + 2), code, **hand)
    page.insert_text((40, top + n * h + 25), f"Meters on this page: {len(ROWS)}", fontsize=10)
    return doc.tobytes()


def _bent(image, amount: float):
    """``image`` with its rows bowed by ``amount`` of its height in the middle."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dy = amount * h * np.sin(np.pi * xs / w)
    return cv2.remap(image, xs, ys + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _read(tmp_path, degrade: str, seed: int, bend: float = 0.0) -> list[tuple]:
    from formsift import Engine
    from formsift.samples import encode_png
    from formsift.samples.scans import render_scan

    image = render_scan(_pdf(), dpi=200, degrade=degrade, seed=seed)[0]
    if bend:
        image = _bent(image, bend)
    (path := tmp_path / f"sheet_{degrade}_{seed}.png").write_bytes(encode_png(image))
    (tpl := tmp_path / "route.sift").write_text(TEMPLATE)
    result = Engine(seen_store="memory").extract(path, template=str(tpl))
    return [tuple(None if row.get(k) is None else str(row[k].value)
                  for k in ("acct", "prev", "avg", "current", "code"))
            for row in result.tables["meters"]]


@needs_ocr
def test_the_flat_sheet_reads_right(tmp_path):
    assert _read(tmp_path, "clean", 0) == ROWS


@needs_ocr
@pytest.mark.parametrize("seed", [2, 4])
def test_a_phone_photo_keeps_every_row_and_column(tmp_path, seed):
    assert _read(tmp_path, "photo", seed) == ROWS


@needs_ocr
@pytest.mark.parametrize("seed", [2, 4])
def test_a_phone_photo_of_a_bent_page_keeps_every_row_and_column(tmp_path, seed):
    assert _read(tmp_path, "photo", seed, bend=0.006) == ROWS
