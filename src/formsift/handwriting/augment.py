"""Training-time augmentation of line images (never used at inference).

Each function takes and returns a dark-on-light uint8 greyscale image. :func:`augment`
applies a random subset: elastic warp, erosion/dilation, blur, noise, JPEG artefacts, ink
colour and paper shade, resolution loss, slight rotation, ruled lines and bits of
neighbouring lines at the crop's edges (as in real line crops); :func:`between_lines`
(called by the training mixture, not by :func:`augment`) cuts a line out with whole
fragments of the lines written above and below it.
"""

from __future__ import annotations

import random
from typing import Any


def elastic(img: Any, rng: random.Random, alpha: float = 2.5, sigma: float = 5.0) -> Any:
    import cv2
    import numpy as np

    h, w = img.shape
    seed = rng.randrange(2**31)
    g = np.random.default_rng(seed)
    dx, dy = (cv2.GaussianBlur(g.uniform(-1, 1, (h, w)).astype(np.float32), (0, 0), sigma)
              * alpha * sigma for _ in range(2))
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(img, xs + dx, ys + dy, cv2.INTER_LINEAR, borderValue=255)


def thickness(img: Any, rng: random.Random) -> Any:
    import cv2
    import numpy as np

    k = np.ones((rng.randint(2, 3), rng.randint(2, 3)), np.uint8)
    # dark ink: erode the image = thicker strokes; dilate = thinner strokes
    return cv2.erode(img, k) if rng.random() < 0.6 else cv2.dilate(img, k)


def blur(img: Any, rng: random.Random) -> Any:
    import cv2

    return cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.5))


def noise(img: Any, rng: random.Random) -> Any:
    import numpy as np

    g = np.random.default_rng(rng.randrange(2**31))
    out = img.astype(np.float32) + g.normal(0, rng.uniform(3, 18), img.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def jpeg(img: Any, rng: random.Random) -> Any:
    import cv2

    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(15, 60)])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else img


def ink_and_paper(img: Any, rng: random.Random) -> Any:
    """Ink lighter or darker (blue/pencil in grey), paper shaded with a gradient."""
    import numpy as np

    w = img.shape[1]
    paper = rng.uniform(170, 255)
    ink = rng.uniform(0, min(120, paper - 70))
    t = img.astype(np.float32) / 255.0
    out = ink + t * (paper - ink)
    if rng.random() < 0.5:
        grad = np.linspace(0, rng.uniform(-40, 40), w, dtype=np.float32)[None, :]
        out = out + grad * t
    return np.clip(out, 0, 255).astype(np.uint8)


def low_resolution(img: Any, rng: random.Random) -> Any:
    import cv2

    h, w = img.shape
    f = rng.uniform(0.35, 0.8)
    small = cv2.resize(img, (max(4, int(w * f)), max(4, int(h * f))), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def rotate(img: Any, rng: random.Random) -> Any:
    import cv2

    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-2.5, 2.5), 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=255)


def rules(img: Any, rng: random.Random) -> Any:
    """A ruled or underline line across the crop."""
    import cv2

    img = img.copy()
    h, w = img.shape
    y = int(h * rng.uniform(0.7, 0.95))
    cv2.line(img, (0, y), (w, y + rng.randint(-3, 3)), rng.randint(60, 200), rng.randint(1, 2))
    return img


def neighbours(img: Any, other: Any, rng: random.Random) -> Any:
    """Paste the bottom (or top) strip of another line image at the top (or bottom) edge,
    like the descenders and ascenders of neighbouring lines in real crops."""
    import cv2
    import numpy as np

    h, w = img.shape
    oh = other.shape[0]
    strip_h = max(2, int(h * rng.uniform(0.1, 0.3)))
    other = cv2.resize(other, (w, oh)) if other.shape[1] != w else other
    out = img.copy()
    if rng.random() < 0.5:
        strip = other[oh - strip_h:]
        out[:strip_h] = np.minimum(out[:strip_h], strip)
    else:
        strip = other[:strip_h]
        out[h - strip_h:] = np.minimum(out[h - strip_h:], strip)
    return out


def between_lines(img: Any, above: Any, below: Any, rng: random.Random) -> Any:
    """``img`` cut out of a page where ``above`` and ``below``, scaled to about its
    height (one hand writes a page), are written closer than their boxes (overlapping by
    10-30 % of ``img``'s height), the cut taking 20-50 % of that height of each
    neighbour: fragments of the lines around it, as a line segmenter's crops of closely
    written lines hold."""
    import cv2
    import numpy as np

    h = img.shape[0]

    def same_hand(x: Any) -> Any:
        nh = max(4, round(h * rng.uniform(0.85, 1.15)))
        return cv2.resize(x, (max(4, round(x.shape[1] * nh / x.shape[0])), nh),
                          interpolation=cv2.INTER_AREA)

    above, below = same_hand(above), same_hand(below)
    w = max(x.shape[1] for x in (above, img, below))

    def wide(x: Any) -> Any:
        return np.pad(x, ((0, 0), (0, w - x.shape[1])), constant_values=255)

    ov = min(int(h * rng.uniform(0.1, 0.3)), above.shape[0] - 1, below.shape[0] - 1)
    if ov > 0:
        a, b = wide(above), wide(below)
        top = a.shape[0] - ov
        page = np.full((top + h + b.shape[0] - ov, w), 255, np.uint8)
        page[:a.shape[0]] = a
        page[top:top + h] = np.minimum(page[top:top + h], wide(img))
        page[top + h - ov:] = np.minimum(page[top + h - ov:], b)
    else:
        top = above.shape[0]
        page = np.vstack([wide(above), wide(img), wide(below)])
    up, down = int(h * rng.uniform(0.2, 0.5)), int(h * rng.uniform(0.2, 0.5))
    return np.ascontiguousarray(page[max(0, top - up):top + h + down, :img.shape[1]])


def pad(img: Any, rng: random.Random) -> Any:
    import cv2

    t, b = rng.randint(0, 12), rng.randint(0, 12)
    left, right = rng.randint(0, 20), rng.randint(0, 20)
    return cv2.copyMakeBorder(img, t, b, left, right, cv2.BORDER_CONSTANT, value=255)


def augment(img: Any, rng: random.Random, other: Any | None = None, strength: float = 1.0,
            warp: bool = True) -> Any:
    """A randomly degraded copy of ``img`` (``other``: a line to borrow neighbours from;
    ``warp=False``: no elastic warp, only what scanning does)."""
    p = strength
    img = pad(img, rng)
    if warp and rng.random() < 0.5 * p:
        img = elastic(img, rng)
    if rng.random() < 0.3 * p:
        img = rotate(img, rng)
    if rng.random() < 0.35 * p:
        img = thickness(img, rng)
    if other is not None and rng.random() < 0.3 * p:
        img = neighbours(img, other, rng)
    if rng.random() < 0.15 * p:
        img = rules(img, rng)
    if rng.random() < 0.3 * p:
        img = low_resolution(img, rng)
    if rng.random() < 0.7 * p:
        img = ink_and_paper(img, rng)
    if rng.random() < 0.4 * p:
        img = blur(img, rng)
    if rng.random() < 0.4 * p:
        img = noise(img, rng)
    if rng.random() < 0.3 * p:
        img = jpeg(img, rng)
    return img
