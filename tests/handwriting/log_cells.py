"""Hand-filled log sheets drawn for the handwritten table cells' tests and benchmark
(benchmarks/bench_handwritten_cells.py): a printed, ruled table whose cells hold values
written by a "hand" (a handwriting font, or MNIST digits with drawn points), rendered as
a scan or a photo by :func:`formsift.samples.scans.render_scan`.

A hand's decimal point is drawn as a dot of a chosen size (a share of the digits'
height) on the digits' baseline, so that points from a pen's tip to a blot are tried;
a hand's "1" is the font's own, or MNIST's. The values' ink is pasted onto the page as
an image (pen-blue ink, its strength the image's alpha), so the page's print and rulings
are the PDF's own.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The MNIST test set's folder (tests and benchmarks skip MNIST hands without it).
MNIST = Path(os.environ.get("FORMSIFT_CORPORA", Path(__file__).resolve().parents[3] / "shared"
                            / "corpora")) / "mnist-t10k"
#: The log sheet's columns: (header, x0, x1) in points; the first is printed.
COLUMNS = (("Unit", 40, 170), ("Temp", 170, 290), ("Count", 290, 400), ("Ref", 400, 540))
TOP, ROW_H = 150.0, 30.0
PEN = (0.08, 0.12, 0.45)
#: "Hands" that print their values (PyMuPDF's base fonts): Helvetica, Times, Courier.
PRINTED = {"print:helv": "helv", "print:times": "tiro", "print:courier": "cour"}
#: The template that reads the sheet (its review line at 0.85, as the journey's had).
TEMPLATE = """template log {
  table rows {
    unit: text header "Unit"
    temp: decimal? header "Temp" handwritten
    count: int? header "Count" handwritten
    ref: text? header "Ref" handwritten
    until "Checked by"
  }
}"""


@dataclass
class Sheet:
    """A drawn sheet: its page image, the values written per row (column name -> text),
    and the hand that wrote them."""

    image: Any
    rows: list[dict[str, str]]
    hand: str
    boxes: list[dict[str, tuple[float, float, float, float]]] = field(default_factory=list)


@lru_cache(maxsize=1)
def mnist_digits() -> Any:
    """The held-out MNIST digits (:class:`formsift.handwriting.mnist.Digits`), or None
    when the test set is not there."""
    from formsift.handwriting.mnist import Digits

    if not (MNIST / "t10k-images-idx3-ubyte.gz").is_file():
        return None
    return Digits(MNIST, "heldout")


def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    from formsift.handwriting.fonts import handwriting_fonts

    path = next((f for f in handwriting_fonts() if f.name == name), None)
    if path is None:
        raise LookupError(f"handwriting font {name} is not installed")
    return ImageFont.truetype(str(path), size)


def written(text: str, hand: str, height: int, rng: random.Random,
            dot: float | None = None) -> Any:
    """``text`` written by ``hand`` (a font file's name, or "mnist") with digits about
    ``height`` pixels tall: a uint8 image of the ink's strength (0 paper, 255 ink), a
    margin round it (:data:`PRINTED` hands print theirs: :func:`sheet`). ``dot``: a "."
    drawn as a round dot of that share of the digits' height on their baseline (None:
    the font's own point; MNIST hands always draw it)."""
    import cv2
    import numpy as np

    glyphs: list[Any] = []
    base = int(1.3 * height)  # the baseline's row in a glyph's image
    size = int(1.9 * height)
    for ch in text:
        if ch == "." and (dot is not None or hand == "mnist"):
            share = dot if dot is not None else 0.12
            r = max(1, round(share * height / 2))
            g = np.zeros((size, 2 * r + max(4, height // 5)), np.uint8)
            cv2.circle(g, (g.shape[1] // 2, base - r), r, 255, -1, lineType=cv2.LINE_AA)
        elif hand == "mnist" and ch.isdigit():
            g = _mnist_glyph(ch, height, base, size, rng)
        elif hand == "mnist":
            g = _font_glyph(ch, "SteveHand.ttf", height, base, size)
        else:
            g = _font_glyph(ch, hand, height, base, size)
        glyphs.append(g)
    line = np.concatenate(glyphs, axis=1)
    ys, xs = np.nonzero(line > 40)
    pad = max(4, height // 4)
    out = np.zeros((ys.max() - ys.min() + 1 + 2 * pad, xs.max() - xs.min() + 1 + 2 * pad),
                   np.uint8)
    out[pad:-pad, pad:-pad] = line[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return out


def _font_glyph(ch: str, hand: str, height: int, base: int, size: int) -> Any:
    """One character of a handwriting font, its digits ``height`` pixels tall, on its
    baseline at row ``base`` of an image ``size`` rows tall."""
    import numpy as np
    from PIL import Image, ImageDraw

    probe = _font(hand, 100)
    digit = probe.getbbox("0", anchor="ls")
    font = _font(hand, max(8, round(100 * height / max(1, digit[3] - digit[1]))))
    width = max(4, round(font.getlength(ch)))
    img = Image.new("L", (width + size, size), 0)
    ImageDraw.Draw(img).text((size // 4, base), ch, fill=255, font=font, anchor="ls")
    a = np.array(img)
    cols = np.flatnonzero(a.max(axis=0) > 40)
    if cols.size == 0:
        return np.zeros((size, width), np.uint8)
    gap = max(1, height // 10)
    return np.pad(a[:, cols[0]:cols[-1] + 1], ((0, 0), (gap, gap)))


def _mnist_glyph(ch: str, height: int, base: int, size: int, rng: random.Random) -> Any:
    """One MNIST digit (the held-out split) ``height`` pixels tall on the baseline."""
    import cv2
    import numpy as np

    digits = mnist_digits()
    if digits is None:
        raise LookupError(f"no MNIST test set at {MNIST}")
    pool = digits.by_label[int(ch)]
    g = pool[rng.randrange(len(pool))]
    ys, xs = np.nonzero(g > 30)
    g = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h = height
    w = max(2, round(g.shape[1] * h / g.shape[0]))
    g = cv2.resize(g, (w, h), interpolation=cv2.INTER_LINEAR)
    out = np.zeros((size, w + 2 * max(1, height // 10)), np.uint8)
    x = max(1, height // 10)
    out[base - h:base, x:x + w] = g
    return out


def sheet(rows: list[dict[str, str]], hand: str, seed: int = 0, dpi: int = 300,
          degrade: str = "clean", dot: float | None = None, low: float = 0.0,
          height: float = 0.45) -> Sheet:
    """A log sheet whose ``rows`` (column name -> text written, "" blank; the printed
    "unit" column's too) are written by ``hand``, rendered at ``dpi`` and degraded
    (:data:`formsift.samples.scans.DEGRADATIONS`). ``dot``: the points' size
    (:func:`written`); ``height``: the digits' height, a share of a row's; ``low``: how
    far below the row's middle their baseline is, beyond its usual place (a share of a
    row's height: 0.3 writes on the row's bottom ruling)."""
    import numpy as np
    import pymupdf

    from formsift.samples.scans import render_scan

    rng = random.Random(f"log-{hand}-{seed}")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "Temperature log - cold room", fontsize=16, fontname="helv")
    page.insert_text((40, 104), "Record each unit twice a day.", fontsize=10, fontname="helv")
    x0, x1 = COLUMNS[0][1], COLUMNS[-1][2]
    bottom = TOP + ROW_H * (len(rows) + 1)
    shape = page.new_shape()
    for k in range(len(rows) + 2):
        shape.draw_line((x0, TOP + k * ROW_H), (x1, TOP + k * ROW_H))
    for _, a, _ in COLUMNS:
        shape.draw_line((a, TOP), (a, bottom))
    shape.draw_line((x1, TOP), (x1, bottom))
    shape.finish(color=(0, 0, 0), width=0.8)
    shape.commit()
    for name, a, _ in COLUMNS:
        page.insert_text((a + 6, TOP + 19), name, fontsize=11, fontname="hebo")
    scale = dpi / 72
    boxes = []
    for i, row in enumerate(rows):
        top = TOP + ROW_H * (i + 1)
        page.insert_text((x0 + 6, top + 19), row.get("unit", ""), fontsize=10, fontname="helv")
        mine = {}
        for name, a, b in COLUMNS[1:]:
            text = row.get(name.lower(), "")
            if not text:
                continue
            if hand in PRINTED:
                # a printed value (a form filled in by a printer): in its cell's place
                at = (a + 8, top + ROW_H * (0.5 + height / 2))
                page.insert_text(at, text, fontsize=height * ROW_H * 1.4, fontname=PRINTED[hand])
                mine[name.lower()] = ((a + 6) / 595, top / 842, b / 595, (top + ROW_H) / 842)
                continue
            px = max(8, round(height * ROW_H * scale * rng.uniform(0.9, 1.1)))
            ink = written(text, hand, px, rng, dot)
            w, h = ink.shape[1] / scale, ink.shape[0] / scale
            x = a + rng.uniform(6, 14)
            # the digits' baseline a little under the row's middle (+ ``low``)
            base = top + ROW_H * (0.5 + height / 2 + low) + rng.uniform(-1.5, 1.5)
            pad = max(4, px // 4) / scale
            rect = pymupdf.Rect(x, base - h + pad, min(b - 1, x + w), base + pad)
            page.insert_image(rect, stream=_rgba_png(ink), keep_proportion=False)
            mine[name.lower()] = (rect.x0 / 595, rect.y0 / 842, rect.x1 / 595, rect.y1 / 842)
        boxes.append(mine)
    page.insert_text((x0, bottom + 40), "Checked by: ________", fontsize=10, fontname="helv")
    pdf = doc.tobytes()
    doc.close()
    (image,) = render_scan(pdf, dpi=dpi, degrade=degrade, seed=seed)
    return Sheet(np.ascontiguousarray(image), rows, hand, boxes)


def _rgba_png(ink: Any) -> bytes:
    """The ink's strength as a pen-blue PNG with that alpha."""
    import cv2
    import numpy as np

    h, w = ink.shape
    bgr = np.array([PEN[2], PEN[1], PEN[0]]) * 255
    img = np.zeros((h, w, 4), np.uint8)
    img[:, :, :3] = bgr.astype(np.uint8)
    img[:, :, 3] = ink
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


def form(values: list[tuple[Any, ...]], hand: str, seed: int = 0, dpi: int = 300,
         degrade: str = "clean", dot: float | None = None, height: float = 14.0) -> Any:
    """A form page: each (label, text) of ``values`` a printed label ending in ":" on a
    ruled line, the text written right of it by ``hand`` (:func:`written`, its digits
    ``height`` points tall, its points ``dot``, or the value's third item; a third item
    that names a PyMuPDF base font prints the text in it), rendered at ``dpi`` and
    degraded; the page's image."""
    import numpy as np
    import pymupdf

    from formsift.samples.scans import render_scan

    rng = random.Random(f"form-{hand}-{seed}")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "Claim form - repair estimate", fontsize=16, fontname="helv")
    scale = dpi / 72
    for i, (label, text, *size) in enumerate(values):
        y = 140 + 40 * i
        page.insert_text((40, y), label, fontsize=10, fontname="helv")
        page.draw_line((190, y + 3), (420, y + 3), color=(0.3, 0.3, 0.3), width=0.5)
        if not text:
            continue
        if size and isinstance(size[0], str):
            page.insert_text((200, y), text, fontsize=11, fontname=size[0])
            continue
        px = max(8, round(height * scale))
        ink = written(text, hand, px, rng, size[0] if size else dot)
        w, h = ink.shape[1] / scale, ink.shape[0] / scale
        pad = max(4, px // 4) / scale
        rect = pymupdf.Rect(200, y - h + pad, 200 + w, y + pad)
        page.insert_image(rect, stream=_rgba_png(ink), keep_proportion=False)
    pdf = doc.tobytes()
    doc.close()
    (image,) = render_scan(pdf, dpi=dpi, degrade=degrade, seed=seed)
    return np.ascontiguousarray(image)
