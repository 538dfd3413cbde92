"""Deterministic preprocessing of a line image for the recognizer (training and inference).

A crop becomes a float32 array of shape (1, HEIGHT, W): greyscale, dark ink on light paper
(inverted when the crop is mostly dark), trimmed to the ink with a small margin, scaled to
HEIGHT pixels keeping the aspect ratio, contrast stretched between the paper level (70th
percentile) and the darkest ink, values in [-1, 1] with the paper at -1 and the ink at +1.
Augmentation (training only) lives in :mod:`.augment` and never runs here.
"""

from __future__ import annotations

import math
from typing import Any

HEIGHT = 32
#: Width of one output time step in input pixels (the CNN's horizontal stride).
STRIDE = 2
MIN_WIDTH = 16
MAX_WIDTH = 1600
PAPER_PERCENTILE = 70
MIN_CONTRAST = 16


def to_gray(image: Any) -> Any:
    """A uint8 greyscale copy of a BGR/RGB/RGBA/grey image."""
    import cv2
    import numpy as np

    img = np.asarray(image)
    if img.dtype != np.uint8:
        img = np.clip(img, 0, 255).astype(np.uint8)
    if img.ndim == 3 and img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2GRAY)
    elif img.ndim == 3 and img.shape[2] == 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    elif img.ndim == 3:
        img = img[:, :, 0]
    return np.ascontiguousarray(img)


def ink_box(gray: Any) -> tuple[int, int, int, int] | None:
    """The (x0, y0, x1, y1) bounding box of the ink in a dark-on-light greyscale image,
    ignoring specks; None when there is no ink."""
    import cv2
    import numpy as np

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 20:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    cols = np.count_nonzero(ink, axis=0)
    rows = np.count_nonzero(ink, axis=1)
    # a row/column counts when it holds more than a speck of ink
    col_min = max(1, int(0.02 * ink.shape[0]))
    row_min = max(1, int(0.005 * ink.shape[1]))
    xs = np.flatnonzero(cols >= col_min)
    ys = np.flatnonzero(rows >= row_min)
    if len(xs) == 0 or len(ys) == 0:
        return None
    return int(xs[0]), int(ys[0]), int(xs[-1]) + 1, int(ys[-1]) + 1


def model_crop(image: Any) -> Any:
    """The part of a line crop the model reads: dark ink on light paper (inverted when the
    crop is mostly dark), trimmed to the ink with a margin (a reading's character
    positions are fractions of its width)."""
    gray = to_gray(image)
    if gray.size and gray.mean() < 110:  # light ink on dark ground
        gray = 255 - gray
    box = ink_box(gray)
    if box is None:
        return gray
    x0, y0, x1, y1 = box
    pad = max(2, (y1 - y0) // 10)
    return gray[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]


def line_tensor(image: Any, height: int = HEIGHT) -> Any:
    """The model input for one line crop: float32 (1, height, W)."""
    import cv2
    import numpy as np

    gray = model_crop(image)
    h, w = gray.shape[:2]
    if h == 0 or w == 0:
        gray = np.full((height, MIN_WIDTH), 255, np.uint8)
        h, w = gray.shape
    width = min(MAX_WIDTH, max(MIN_WIDTH, math.ceil(height * w / h)))
    interp = cv2.INTER_AREA if h > height else cv2.INTER_LINEAR
    resized = cv2.resize(gray, (width, height), interpolation=interp).astype(np.float32)
    # stretch contrast: paper -> 0, ink -> 1, then to [-1, 1]. Paper is most of a line
    # image, so a high percentile is its level (noise around it stays near 0); the darkest
    # pixels are the ink. A crop without contrast is all paper.
    paper, dark = np.percentile(resized, PAPER_PERCENTILE), np.percentile(resized, 1)
    if paper - dark < MIN_CONTRAST:
        return np.full((1, height, width), -1.0, np.float32)
    ink = np.clip((paper - resized) / (paper - dark), 0, 1)
    return (ink * 2 - 1)[None].astype(np.float32)


def batch(tensors: list[Any], pad_to: int | None = None) -> tuple[Any, list[int]]:
    """Stack (1, H, W) tensors into (N, 1, H, Wmax) padded with paper; also their widths."""
    import numpy as np

    widths = [t.shape[2] for t in tensors]
    wmax = max(widths) if widths else MIN_WIDTH
    if pad_to:
        wmax = max(wmax, pad_to)
    wmax = math.ceil(wmax / STRIDE) * STRIDE
    out = np.full((len(tensors), 1, tensors[0].shape[1] if tensors else HEIGHT, wmax), -1.0,
                  np.float32)
    for i, t in enumerate(tensors):
        out[i, :, :, :t.shape[2]] = t
    return out, widths
