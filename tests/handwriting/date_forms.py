"""Forms whose boxes hold handwritten values, photographed: for the tests and measures of
a handwritten field whose line the segmenter labelled printed (issue 7).

A printed form ("Delivery receipt") with a label and a ruled box per field; each value is
written in its box by a "hand" (a handwriting font, or MNIST digits:
:func:`tests.handwriting.log_cells.written`), pasted in pen-blue ink, and the page is
rendered as a scan or a phone photo (:func:`formsift.samples.scans.render_scan`).
"""

from __future__ import annotations

import random
from typing import Any

from tests.handwriting.log_cells import _rgba_png, written

#: The template reading the form: a handwritten name and a handwritten date (day first,
#: two-digit year, as on the journey's receipts).
TEMPLATE = """template receipt {
  field received_by: text = right of "Received by:" handwritten
  field date: date(formats=["%d/%m/%y"]) = right of "Date:" handwritten
}"""
#: The fields' labels, in order down the page.
LABELS = (("received_by", "Received by:"), ("date", "Date:"))


def form(values: dict[str, str], hand: str, seed: int = 0, dpi: int = 300,
         degrade: str = "photo", height: float = 16.0) -> Any:
    """The page image of a form whose boxes hold ``values`` (field name -> text, written
    by ``hand``, its digits about ``height`` points tall; a field absent or "" is left
    blank), rendered at ``dpi`` and degraded: ``degrade`` names one of
    :data:`formsift.samples.scans.DEGRADATIONS`, or several joined by "+", applied in turn
    ("photo+blur+jpeg": a phone's perspective, its focus and its compression)."""
    import numpy as np
    import pymupdf

    from formsift.samples.scans import render_scan

    rng = random.Random(f"date-form-{hand}-{seed}")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "Delivery receipt", fontsize=18, fontname="helv")
    page.insert_text((40, 104), "Please write clearly inside the boxes.", fontsize=10,
                     fontname="helv")
    scale = dpi / 72
    for i, (name, label) in enumerate(LABELS):
        y = 160 + 60 * i
        page.insert_text((40, y), label, fontsize=11, fontname="helv")
        box = pymupdf.Rect(150, y - 24, 420, y + 10)
        page.draw_rect(box, color=(0.2, 0.2, 0.2), width=0.8)
        text = values.get(name, "")
        if not text:
            continue
        px = max(8, round(height * scale * rng.uniform(0.9, 1.1)))
        ink = written(text, hand, px, rng)
        w, h = ink.shape[1] / scale, ink.shape[0] / scale
        pad = max(4, px // 4) / scale
        x = box.x0 + rng.uniform(8, 30)
        base = box.y1 - rng.uniform(5, 8)
        rect = pymupdf.Rect(x, base - h + pad, min(box.x1 - 2, x + w), base + pad)
        page.insert_image(rect, stream=_rgba_png(ink), keep_proportion=False)
    page.insert_text((40, 420), "Thank you.", fontsize=10, fontname="helv")
    pdf = doc.tobytes()
    doc.close()
    first, *more = degrade.split("+")
    (image,) = render_scan(pdf, dpi=dpi, degrade=first, seed=seed)
    return np.ascontiguousarray(degraded(image, more, dpi, seed))


def degraded(image: Any, steps: list[str], dpi: int, seed: int) -> Any:
    """``image`` with each of ``steps`` (degradations of
    :mod:`formsift.samples.scans`) applied in turn, deterministic by ``seed``."""
    import numpy as np

    from formsift.samples import scans

    rng = np.random.default_rng(seed + 1)
    for step in steps:
        if step not in scans.DEGRADATIONS or step in ("clean", "all"):
            raise ValueError(f"unknown degradation step {step!r}")
        image = scans._blur(image, rng, dpi) if step == "blur" else \
            scans._STEPS[step](image, rng)
    return image
