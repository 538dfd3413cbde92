"""Slant of a handwritten line: estimated from its ink and reduced by a shear.

A slant ``k`` is the synthetic renderer's (:mod:`.synth`): ``x' = x - k * y`` with ``y``
growing downwards, so a line leaning right (its tops further right than its feet) has
``k > 0``. :func:`estimate_slant` reads it from the edges of the line's near-vertical
strokes: an edge's gradient ``(gx, gy)`` is normal to its stroke, whose slant is
``gy / gx``; the slant most of the edge strength points to (the peak of a histogram of
those slants weighed by the gradient's magnitude) is the line's. :func:`deslant` shears a
line part of the way to upright.

Chosen on synthetic lines only (the shipped model's fonts with new texts, six fonts it
never saw, MNIST digit strings of the held-out split, each also sheared by a known
amount): the share of the slant removed is the one that lowered the CER of letters without
raising that of digit strings, whose writers' own slant the model learnt. Off by default
(``preprocess.model_crop(deslant=True)``): on the held-out real lines it lowered the shipped
model's CER on modern French and raised it on 19th-century cursive (docs/handwriting.md).
"""

from __future__ import annotations

from typing import Any

from formsift.handwriting.preprocess import PAPER_PERCENTILE

#: The ink is measured at this height (pixels): enough for strokes, and cheap.
WORK_HEIGHT = 40
#: Edges count when their gradient is at least this share of the strongest one's.
EDGE_STRENGTH = 0.3
#: Slants considered (an edge flatter than this is no upright stroke's: a bar, a curve's
#: top or foot).
MAX_SLANT = 1.0
#: Width of a histogram bin of slants, and how many bins the histogram is smoothed over.
BIN = 0.05
SMOOTH = 5
#: A line leaning less than this either way is left as it is.
DEAD_ZONE = 0.1
#: Share of a line's slant that :func:`deslant` removes (on the synthetic lines it was
#: chosen on, the whole slant raised the CER of MNIST digit strings from 0.018 to 0.053,
#: half of it to 0.019, and lowered the letters' nearly as much).
SHARE = 0.5


def _scaled(gray: Any) -> Any | None:
    """``gray`` scaled to ``WORK_HEIGHT`` rows, as float32; None for a crop without ink."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    if h < 4 or w < 4 or int(gray.max()) - int(gray.min()) < 20:
        return None
    scale = WORK_HEIGHT / h
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, (max(4, round(w * scale)), WORK_HEIGHT),
                      interpolation=interp).astype(np.float32)


def estimate_slant(gray: Any) -> float:
    """The slant ``k`` of the line in a greyscale crop (0.0 without upright strokes)."""
    import cv2
    import numpy as np

    small = _scaled(gray)
    if small is None:
        return 0.0
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    upright = (mag > EDGE_STRENGTH * mag.max()) & (np.abs(gy) < MAX_SLANT * np.abs(gx))
    if np.count_nonzero(upright) < 20:
        return 0.0
    edges = np.arange(-MAX_SLANT, MAX_SLANT + BIN / 2, BIN)
    hist, _ = np.histogram(gy[upright] / gx[upright], bins=edges, weights=mag[upright])
    hist = np.convolve(hist, np.ones(SMOOTH) / SMOOTH, mode="same")
    i = int(np.argmax(hist))
    return round(float((edges[i] + edges[i + 1]) / 2), 4)


def shear(gray: Any, k: float, paper: int = 255) -> Any:
    """``gray`` slanted by ``k`` (``x' = x - k * y``), widened so nothing is cut, the new
    corners filled with ``paper``."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    pad = int(abs(k) * h) + 1
    m = np.float32([[1, -k, (k * h if k > 0 else 0)], [0, 1, 0]])
    return cv2.warpAffine(gray, m, (w + pad, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=int(paper))


def deslant(gray: Any, share: float = SHARE, dead_zone: float = DEAD_ZONE) -> Any:
    """A greyscale line crop with ``share`` of its slant removed (the new corners filled
    with its paper's shade); the crop itself when it leans less than ``dead_zone``."""
    import numpy as np

    k = estimate_slant(gray)
    if abs(k) <= dead_zone:
        return gray
    paper = int(np.percentile(gray, PAPER_PERCENTILE))
    return shear(gray, -share * k, paper)
