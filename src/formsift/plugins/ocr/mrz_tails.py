"""The ends of machine-readable-zone lines that text detection leaves out.

PP-OCR's detector sees little text in a run of ``<`` fillers: a passport's name line
``P<UTOMILLER<<EMMA<<<<<<<<<<<<<<<<<<<<<<<<<<<`` comes out of detection as
``P<UTOMILLER<<EMMA<<``, and the second line loses its last fillers together with the
composite check digit. An MRZ is then 25 characters short and no longer an MRZ.

A recognized line that looks like the start of an MRZ line (only ``A-Z 0-9 <``, holding
``<<`` and ending in ``<``) is followed along its band of the page: where the ink goes on
to the right (gaps of at most one and a half line heights), that stretch is a region of
its own, read with the MRZ alphabet. (Reading the whole line again instead was tried: it
read some lines right that the stretch alone misses, but lost the starts of others.)
"""

from __future__ import annotations

import re
from typing import Any

from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, TextRegion

MRZ_ALPHABET = Constraint(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")

_MRZ_START = re.compile(r"^[A-Z0-9<]{10,}$")


def mrz_tail(image: Any, region: TextRegion, text: str) -> TextRegion | None:
    """The region right of ``region`` where its MRZ-like line goes on, if it does."""
    import numpy as np

    t = text.replace(" ", "")
    if not (_MRZ_START.match(t) and "<<" in t and t.endswith("<")):
        return None
    if region.polygon and len(region.polygon) == 4:
        (_, tly), (_, try_), _, _ = region.polygon
        if abs(tly - try_) > 0.25 * max(region.box.height, 1e-6):
            return None  # a slanted line: its band is not a row of the image
    h, w = image.shape[:2]
    b = region.box
    x1, y0, y1 = int(b.x1 * w), int(b.y0 * h), int(b.y1 * h)
    height = y1 - y0
    if height < 6 or x1 >= w - 1:
        return None
    band = image[y0 + height // 5:y1 - height // 5, x1:]
    gray = band.min(axis=2) if band.ndim == 3 else band
    background = float(np.median(gray))
    cols = (gray < min(128.0, background - 60.0)).any(axis=0)
    last, gap = -1, 0
    for x, ink in enumerate(cols):
        if ink:
            last, gap = x, 0
        else:
            gap += 1
            if gap > 1.5 * height:
                break
    pitch = (b.x1 - b.x0) * w / len(t)
    if last < 0 or last + 1 < 0.8 * pitch:
        return None
    end = min(1.0, (x1 + last + 1 + pitch / 4) / w)
    return TextRegion(Box(b.x1, b.y0, end, b.y1), kind=region.kind, score=region.score)
