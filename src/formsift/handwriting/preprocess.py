"""Deterministic preprocessing of a line image for the recognizer (training and inference).

A crop becomes a float32 array of shape (1, HEIGHT, W): greyscale, dark ink on light paper
(inverted when the crop is mostly dark), trimmed to the ink with a small margin, scaled to
HEIGHT pixels keeping the aspect ratio, contrast stretched between the paper level (70th
percentile) and the darkest ink, values in [-1, 1] with the paper at -1 and the ink at +1.
Augmentation (training only) lives in :mod:`.augment` and never runs here.

A model trained with the *band* crop (``crop="band"``; the ``crop`` key of its ONNX
metadata, absent for the ink crop) reads its lines with the ink of neighbouring lines cut
into the crop removed first (:func:`without_neighbours`); every other model reads them as
they are.

With ``deslant`` (off by default: the shipped model reads its lines as they are), a line
leaning more than a little is sheared half-way to upright first
(:func:`formsift.handwriting.slant.deslant`); a model trained so (its metadata's
``deslant`` key, :data:`DESLANT_KEY`) has every line it reads deslanted.
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
#: The ways a line crop is cut for the model: ``ink`` (trimmed to its ink) and ``band``
#: (the ink of neighbouring lines removed first).
CROPS = ("ink", "band")
#: The ONNX metadata key of a model trained on deslanted lines (value "true"): its lines
#: are deslanted at inference too, whatever the reading (absent: read as they are).
DESLANT_KEY = "deslant"
#: With the band crop, ink off the line's core band is kept when it is nearer to the band
#: than this many core-band heights (ascenders, descenders, accents, capitals).
BAND_GAP = 0.75


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


def main_band(gray: Any, ink: Any) -> tuple[int, int] | None:
    """The (top, bottom) rows of the core (x-height) band of the line nearest the middle
    of a dark-on-light crop (``ink``: its binarised ink, 255 where inked); None without
    ink. The rows' ink counts, smoothed, peak at each line's core band: the peak kept is
    the highest, weighed by its nearness to the crop's middle; the band is where the
    profile stays above half of that peak. Horizontal strokes longer than twice the
    crop's height (a ruling, an underline, a cut neighbour's stroke) are no writing's
    and are not counted: a ruling's row would outweigh every row of the writing."""
    import cv2
    import numpy as np

    h = ink.shape[0]
    ruling = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, 2 * h), 1)))
    prof = np.count_nonzero((ink > 0) & (ruling == 0), axis=1).astype(np.float32)
    k = max(3, h // 12) | 1
    sm = cv2.GaussianBlur(prof[:, None], (1, k), 0)[:, 0]
    if h == 0 or sm.max() <= 0:
        return None
    peaks = [y for y in range(h) if sm[y] >= sm[max(0, y - 1)]
             and sm[y] >= sm[min(h - 1, y + 1)] and sm[y] >= 0.3 * sm.max()]
    best = max(peaks, key=lambda y: sm[y] * (1.0 - 0.9 * abs(y - h / 2) / (h / 2)) ** 2)
    level = 0.5 * sm[best]
    top = best
    while top > 0 and sm[top - 1] >= level:
        top -= 1
    bot = best
    while bot < h - 1 and sm[bot + 1] >= level:
        bot += 1
    return top, bot + 1


def without_neighbours(gray: Any) -> Any:
    """A dark-on-light crop with the ink of neighbouring lines painted over with paper:
    the strokes (connected components) that do not reach the core band of the line the
    crop is centred on (:func:`main_band`) and either lie farther from it than
    ``BAND_GAP`` band heights or touch the crop's top or bottom edge."""
    import cv2
    import numpy as np

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 20:
        return gray
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    band = main_band(gray, ink)
    if band is None:
        return gray
    top, bot = band
    core = max(1, bot - top)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h = gray.shape[0]
    drop = np.zeros(n, bool)
    for i in range(1, n):
        y0 = int(stats[i, cv2.CC_STAT_TOP])
        y1 = y0 + int(stats[i, cv2.CC_STAT_HEIGHT])
        if y1 > top and y0 < bot:
            continue  # reaches the core band
        gap = top - y1 if y1 <= top else y0 - bot
        if gap > BAND_GAP * core or y0 == 0 or y1 >= h:
            drop[i] = True
    if not drop.any():
        return gray
    paper = int(np.percentile(gray, PAPER_PERCENTILE))
    out = gray.copy()
    dropped = drop[labels]
    rims = cv2.dilate(dropped.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    out[(rims & (ink == 0)) | dropped] = paper  # the strokes with their grey rims
    return out


def model_crop(image: Any, crop: str = "ink", deslant: bool = False) -> Any:
    """The part of a line crop the model reads: dark ink on light paper (inverted when the
    crop is mostly dark), with the ``band`` crop the ink of neighbouring lines removed
    (:func:`without_neighbours`), with ``deslant`` its slant reduced
    (:func:`formsift.handwriting.slant.deslant`), trimmed to the ink with a margin (a
    reading's character positions are fractions of its width)."""
    gray = line_gray(image, crop)
    if deslant:
        from formsift.handwriting.slant import deslant as unslanted

        gray = unslanted(gray)
    return trimmed(gray)


def line_gray(image: Any, crop: str = "ink") -> Any:
    """A line crop as :func:`model_crop` sees it before deslanting and trimming: dark ink
    on light paper, with the ``band`` crop the neighbouring lines' ink removed."""
    if crop not in CROPS:
        raise ValueError(f"unknown line crop {crop!r} (known: {', '.join(CROPS)})")
    gray = to_gray(image)
    if gray.size and gray.mean() < 110:  # light ink on dark ground
        gray = 255 - gray
    if crop == "band":
        gray = without_neighbours(gray)
    return gray


def trim_box(gray: Any) -> tuple[int, int, int, int]:
    """The (x0, y0, x1, y1) part of a dark-on-light crop :func:`trimmed` keeps."""
    box = ink_box(gray)
    if box is None:
        return 0, 0, gray.shape[1], gray.shape[0]
    x0, y0, x1, y1 = box
    pad = max(2, (y1 - y0) // 10)
    return max(0, x0 - pad), max(0, y0 - pad), min(gray.shape[1], x1 + pad), \
        min(gray.shape[0], y1 + pad)


def trimmed(gray: Any) -> Any:
    """A dark-on-light greyscale crop trimmed to its ink with a margin of a tenth of the
    ink's height (at least 2 pixels); the crop itself when it holds no ink."""
    x0, y0, x1, y1 = trim_box(gray)
    return gray[y0:y1, x0:x1]


def line_tensor(image: Any, height: int = HEIGHT, crop: str = "ink",
                deslant: bool = False) -> Any:
    """The model input for one line crop: float32 (1, height, W) (``crop`` and
    ``deslant``: see :func:`model_crop`)."""
    return crop_tensor(model_crop(image, crop, deslant), height)


def tensor_width(h: int, w: int, height: int = HEIGHT) -> int:
    """The width of the model input :func:`crop_tensor` makes of an ``h`` x ``w`` crop."""
    return min(MAX_WIDTH, max(MIN_WIDTH, math.ceil(height * w / h)))


def crop_tensor(gray: Any, height: int = HEIGHT) -> Any:
    """The model input for a crop already cut as :func:`model_crop` cuts it: float32
    (1, height, W)."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    if h == 0 or w == 0:
        gray = np.full((height, MIN_WIDTH), 255, np.uint8)
        h, w = gray.shape
    width = tensor_width(h, w, height)
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
