"""Synthetic text-line images rendered with installed fonts (training only; needs Pillow).

``LineRenderer(fonts).render(text, rng)`` draws ``text`` word by word with jittered size,
baseline, spacing, slant and stroke weight, and returns ``(image, text)``: a dark-on-light
uint8 image and the text actually drawn (characters the font lacks are dropped from both).
"""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Any

from formsift.handwriting.charset import CHARSET

_PROBE = "\ue000"  # a private-use code point: no font draws it, so it shows .notdef


@functools.lru_cache(maxsize=256)
def _font(path: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=128)
def supported_chars(path: str) -> frozenset[str]:
    """The characters of CHARSET that the font really draws (not as its .notdef box)."""
    font = _font(path, 32)
    notdef = _mask_bytes(font, _PROBE)
    out = {" "}
    for ch in CHARSET:
        if ch == " ":
            continue
        m = _mask_bytes(font, ch)
        if m and m != notdef:
            out.add(ch)
    return frozenset(out)


@functools.lru_cache(maxsize=128)
def caps_only(path: str) -> bool:
    """Whether the font draws lower-case letters as (small) capitals: their glyphs, scaled to
    a common size, look like the capitals'."""
    font = _font(path, 48)
    same = sum(_similarity(font, lo, lo.upper()) > 0.6 for lo in "aegmrb")
    return same >= 3


def _similarity(font: Any, a: str, b: str) -> float:
    import cv2
    import numpy as np

    masks = []
    for ch in (a, b):
        m = font.getmask(ch)
        arr = np.array(m, np.uint8).reshape(m.size[1], m.size[0])
        if arr.size == 0 or not arr.any():
            return 0.0
        ys, xs = np.nonzero(arr)
        arr = arr[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        masks.append(cv2.resize(arr, (16, 16), interpolation=cv2.INTER_AREA) > 80)
    inter = np.logical_and(*masks).sum()
    union = np.logical_or(*masks).sum()
    return float(inter / union) if union else 0.0


def _mask_bytes(font: Any, ch: str) -> bytes:
    mask = font.getmask(ch)
    if mask.size[0] == 0 or mask.size[1] == 0:
        return b""
    data = bytes(mask)
    return data if any(data) else b""


class LineRenderer:
    """Renders lines with a list of font files."""

    def __init__(self, fonts: list[Path], min_coverage: float = 0.9) -> None:
        ok = []
        for f in fonts:
            try:
                chars = supported_chars(str(f))
            except OSError:
                continue
            if len(chars & set(CHARSET[:62])) >= 62 * min_coverage:
                ok.append(str(f))
        if not ok:
            raise ValueError("no usable font (install handwriting fonts, see docs/handwriting.md)")
        self.fonts = ok

    def render(self, text: str, rng: random.Random, font: str | None = None,
               handwriting: bool = True) -> tuple[Any, str]:
        """``text`` drawn with ``font`` (default: a random one). ``handwriting=False`` draws
        like print: no jitter of size, baseline or spacing, and no slant."""
        import numpy as np
        from PIL import Image, ImageDraw

        font = font or rng.choice(self.fonts)
        chars = supported_chars(font)
        if caps_only(font):
            text = text.upper()
        text = " ".join("".join(c for c in text if c in chars).split())
        if not text:
            text = "0" if "0" in chars else "a"
        size = rng.randint(28, 44)
        words = text.split(" ")
        base = _font(font, size)
        space = max(4, int(base.getlength(" ") * (rng.uniform(0.7, 1.6) if handwriting
                                                   else 1.0)))
        pieces = []
        x = rng.randint(4, 16)
        for w in words:
            s = max(12, int(size * rng.uniform(0.92, 1.08))) if handwriting else size
            f = _font(font, s)
            dy = rng.randint(-2, 2) if handwriting else 0
            pieces.append((x, dy, w, f))
            x += int(f.getlength(w)) + space + (rng.randint(-2, 3) if handwriting else 0)
        width = x + rng.randint(4, 16)
        height = int(size * 1.9)
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        ink = rng.randint(0, 90)
        top = int(size * 0.35)
        stroke = 1 if handwriting and rng.random() < 0.15 else 0
        for px, dy, w, f in pieces:
            draw.text((px, top + dy), w, font=f, fill=ink, stroke_width=stroke,
                      stroke_fill=ink)
        arr = np.asarray(img, np.uint8)
        if not handwriting:
            return arr, text
        from formsift.handwriting.slant import shear

        return shear(arr, rng.uniform(-0.35, 0.25)), text
