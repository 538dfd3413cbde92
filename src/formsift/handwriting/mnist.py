"""Handwritten digit strings composed from MNIST digits (amounts, dates, IDs).

The MNIST test set (10,000 digits, IDX files) is split deterministically by a hash of each
digit's index: ``train`` (about 80 %) for training, ``heldout`` (the rest) for measurement
only. Separators (``. , / - :``) are drawn as pen strokes, since MNIST has none.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import struct
from pathlib import Path
from typing import Any

SPLITS = ("train", "heldout")
HELDOUT_PERCENT = 20


def in_split(index: int, split: str) -> bool:
    """Whether MNIST digit ``index`` belongs to ``split`` (``train`` or ``heldout``; stable
    across machines). An unknown split name is an error, not an answer."""
    if split not in SPLITS:
        raise ValueError(f"unknown MNIST split {split!r}: the splits are {', '.join(SPLITS)}")
    h = int(hashlib.sha1(f"mnist-{index}".encode()).hexdigest()[:8], 16) % 100
    return (h < HELDOUT_PERCENT) == (split == "heldout")


def read_idx(path: Path) -> Any:
    import numpy as np

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    if magic not in (2049, 2051):
        raise ValueError(f"{path}: not an IDX file of uint8 (magic {magic})")
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


class Digits:
    """The MNIST digits of one split, grouped by label."""

    def __init__(self, folder: Path, split: str) -> None:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}")
        images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
        labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
        self.by_label: dict[int, list[Any]] = {d: [] for d in range(10)}
        for i, (img, lab) in enumerate(zip(images, labels, strict=True)):
            if in_split(i, split):
                self.by_label[int(lab)].append(img)

    def render(self, text: str, rng: random.Random) -> Any:
        """A dark-on-light uint8 image of ``text`` (digits, space and ``.,/-:``)."""
        import cv2
        import numpy as np

        size = 28
        scale = rng.uniform(0.85, 1.15)
        glyphs: list[Any] = []
        for ch in text:
            if ch.isdigit():
                g = self.by_label[int(ch)][rng.randrange(len(self.by_label[int(ch)]))]
                cols = np.flatnonzero(g.max(axis=0) > 30)
                g = g[:, max(0, cols[0] - 1):cols[-1] + 2] if len(cols) else g
                s = rng.uniform(0.9, 1.1) * scale
                g = cv2.resize(g, (max(3, int(g.shape[1] * s)), int(size * s)))
                canvas = np.zeros((size + 8, g.shape[1]), np.uint8)
                top = max(0, min(8, 4 + rng.randint(-2, 2) + (size - g.shape[0]) // 2))
                canvas[top:top + min(g.shape[0], size + 8 - top)] = g[:size + 8 - top]
                glyphs.append(canvas)
            else:
                glyphs.append(_stroke(ch, size + 8, rng))
            gap = rng.randint(-3, 3) if ch.isdigit() else rng.randint(0, 3)
            if gap > 0:
                glyphs.append(np.zeros((size + 8, gap), np.uint8))
        line = np.concatenate(glyphs, axis=1) if glyphs else np.zeros((36, 8), np.uint8)
        return 255 - line


def _stroke(ch: str, h: int, rng: random.Random) -> Any:
    import cv2
    import numpy as np

    w = {" ": rng.randint(8, 16), ".": 8, ",": 8, "/": 14, "-": 14, ":": 8}.get(ch, 10)
    img = np.zeros((h, w), np.uint8)
    t = rng.randint(2, 3)
    base = int(h * 0.78)
    if ch == ".":
        cv2.circle(img, (w // 2, base), t, 255, -1)
    elif ch == ",":
        cv2.circle(img, (w // 2, base - 1), t, 255, -1)
        cv2.line(img, (w // 2 + 1, base), (w // 2 - 2, base + 6), 255, t)
    elif ch == ":":
        cv2.circle(img, (w // 2, base), t, 255, -1)
        cv2.circle(img, (w // 2, int(h * 0.45)), t, 255, -1)
    elif ch == "/":
        cv2.line(img, (w - 3, int(h * 0.15)), (2, int(h * 0.85)), 255, t)
    elif ch == "-":
        y = int(h * 0.5) + rng.randint(-2, 2)
        cv2.line(img, (2, y), (w - 3, y + rng.randint(-1, 1)), 255, t)
    return img


def digit_string(rng: random.Random) -> str:
    """A digit string as found on forms: an amount, a date, an ID or a quantity."""
    kind = rng.randrange(5)
    if kind == 0:
        value = rng.randrange(1, 100000)
        sep = rng.choice([".", ","])
        return f"{value}{sep}{rng.randrange(100):02d}"
    if kind == 1:
        sep = rng.choice(["/", ".", "-"])
        return (f"{rng.randrange(1, 32):02d}{sep}{rng.randrange(1, 13):02d}{sep}"
                f"{rng.choice([rng.randrange(1990, 2031), rng.randrange(100)]):02d}")
    if kind == 2:
        n = rng.randrange(4, 11)
        digits = "".join(str(rng.randrange(10)) for _ in range(n))
        if rng.random() < 0.4:
            cut = rng.randrange(2, n - 1)
            return digits[:cut] + "-" + digits[cut:]
        return digits
    if kind == 3:
        return str(rng.randrange(1, 1000))
    value = rng.randrange(1000, 1000000)
    return f"{value:,}".replace(",", rng.choice([" ", ".", ","])) + (
        f",{rng.randrange(100):02d}" if rng.random() < 0.5 else "")
