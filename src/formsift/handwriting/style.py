"""Printed or handwritten? Features of a text-line crop and a small model over them.

The features (NumPy/OpenCV only) describe what separates pen from type: the spread of
stroke directions (histogram of gradient orientations), the variation of stroke width,
how regular the glyphs are in height and baseline, how often the ink breaks into separate
glyphs, edge texture (local binary patterns) and ink run lengths. The model is a small MLP
(one hidden layer) over standardised features, fitted by
``scripts/train_style_classifier.py`` and shipped as a small JSON file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formsift.handwriting.preprocess import ink_box, to_gray

HEIGHT = 40
FEATURES = 50


def features(crop: Any) -> Any:
    """A float32 vector of FEATURES numbers describing the writing style of a line crop."""
    import cv2
    import numpy as np

    gray = to_gray(crop)
    if gray.size and gray.mean() < 110:
        gray = 255 - gray
    box = ink_box(gray)
    if box is not None:
        x0, y0, x1, y1 = box
        gray = gray[y0:y1, x0:x1]
    h, w = gray.shape[:2]
    if h < 2 or w < 2:
        return np.zeros(FEATURES, np.float32)
    width = max(8, min(1200, round(HEIGHT * w / h)))
    g = cv2.resize(gray, (width, HEIGHT), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink01 = ink > 0
    f = np.zeros(FEATURES, np.float32)
    # 1) gradient orientations (0..180 degrees, 12 bins), magnitude-weighted, normalised
    gx = cv2.Sobel(g.astype(np.float32), cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(g.astype(np.float32), cv2.CV_32F, 0, 1)
    mag = np.hypot(gx, gy)
    ang = (np.degrees(np.arctan2(gy, gx)) + 180.0) % 180.0
    hist, _ = np.histogram(ang, bins=12, range=(0, 180), weights=mag)
    f[0:12] = hist / max(1e-6, hist.sum())
    # 2) stroke width: distance transform on the ink, sampled on its ridge
    dist = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
    ridge = dist[(dist > 0) & (dist >= cv2.dilate(dist, np.ones((3, 3), np.uint8)) - 1e-3)]
    if ridge.size:
        f[12] = ridge.mean() / HEIGHT
        f[13] = ridge.std() / max(1e-6, ridge.mean())
        f[14] = np.percentile(ridge, 90) / max(1e-6, np.percentile(ridge, 50))
    # 3) glyphs: connected components
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    comps = stats[1:][stats[1:, cv2.CC_STAT_AREA] >= 4]
    if len(comps):
        ch = comps[:, cv2.CC_STAT_HEIGHT].astype(np.float32)
        cw = comps[:, cv2.CC_STAT_WIDTH].astype(np.float32)
        bottoms = (comps[:, cv2.CC_STAT_TOP] + ch).astype(np.float32)
        f[15] = len(comps) / (width / HEIGHT)
        f[16] = ch.std() / max(1e-6, ch.mean())
        f[17] = cw.std() / max(1e-6, cw.mean())
        f[18] = np.median(cw / np.maximum(ch, 1))
        f[19] = bottoms.std() / HEIGHT
        f[20] = cw.max() / HEIGHT
        tall = ch >= 0.5 * ch.max()
        f[21] = float(tall.mean())
    # 4) ink density and projection profiles
    f[22] = ink01.mean()
    cols = ink01.any(axis=0)
    f[23] = 1.0 - cols.mean()
    runs = np.diff(np.concatenate([[0], cols.astype(np.int8), [0]]))
    f[24] = (runs == 1).sum() / (width / HEIGHT)
    rows = ink01.mean(axis=1)
    f[25] = rows.std() / max(1e-6, rows.mean())
    f[26] = float(np.argmax(rows)) / HEIGHT
    # 5) slant: share of near-vertical vs leaning strokes among strong gradients
    strong = mag > np.percentile(mag, 80)
    a = ang[strong]
    if a.size:
        f[27] = float(((a < 10) | (a > 170)).mean())  # vertical edges
        f[28] = float(((a > 80) & (a < 100)).mean())  # horizontal edges
        f[29] = float(((a > 20) & (a < 70)).mean())
        f[30] = float(((a > 110) & (a < 160)).mean())
    # 6) curvature: contour points per unit length and straight runs
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    total = sum(len(c) for c in contours)
    length = sum(cv2.arcLength(c, True) for c in contours)
    if length > 0:
        f[31] = total / length
    contours_full, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    full = sum(len(c) for c in contours_full)
    f[32] = total / max(1, full)
    f[33] = math.log1p(width / HEIGHT) / 4
    # 7) edge sharpness: mean gradient magnitude on edges relative to contrast
    f[34] = float(mag[strong].mean() / max(1.0, float(g.max()) - float(g.min()))) / 4 \
        if a.size else 0.0
    f[35] = float((g < 128).mean())
    # 8) texture: uniform local binary patterns around the ink (10 bins)
    f[36:46] = _lbp_histogram(g, ink)
    # 9) ink run lengths along rows and columns (stroke widths and glyph spans)
    f[46:50] = _runs(ink01)
    return np.nan_to_num(f)


def _lbp_histogram(g: Any, ink: Any) -> Any:
    import cv2
    import numpy as np

    c = g[1:-1, 1:-1].astype(np.int16)
    code = np.zeros(c.shape, np.uint8)
    h, w = g.shape
    shifts = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0)]
    bits = []
    for k, (dy, dx) in enumerate(shifts):
        b = (g[dy:dy + h - 2, dx:dx + w - 2].astype(np.int16) >= c).astype(np.uint8)
        bits.append(b)
        code |= b << k
    transitions = sum((bits[k] != bits[(k + 1) % 8]).astype(np.uint8) for k in range(8))
    ones = sum(bits)
    cls = np.where(transitions <= 2, ones, 9)
    near = cv2.dilate(ink, np.ones((3, 3), np.uint8))[1:-1, 1:-1] > 0
    hist = np.bincount(cls[near].ravel(), minlength=10)[:10].astype(np.float32)
    return hist / max(1.0, hist.sum())


def _runs(ink01: Any) -> Any:
    import numpy as np

    out = []
    for arr in (ink01, ink01.T):
        d = np.diff(np.pad(arr.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        starts, ends = np.nonzero(d == 1), np.nonzero(d == -1)
        lengths = (ends[1] - starts[1]).astype(np.float32) / HEIGHT
        out += [lengths.mean(), lengths.std()] if lengths.size else [0.0, 0.0]
    return np.array(out, np.float32)


@dataclass
class StyleModel:
    """A small MLP over standardised features: P(handwritten) =
    sigmoid(w2 . tanh(W1 (x - mean) / std + b1) + b2); without a hidden layer (``w1``
    empty) a logistic regression."""

    mean: list[float]
    std: list[float]
    w1: list[list[float]]
    b1: list[float]
    w2: list[float]
    b2: float
    threshold: float = 0.5
    info: dict[str, Any] | None = None

    def probability(self, feats: Any) -> Any:
        import numpy as np

        x = (np.atleast_2d(feats) - np.array(self.mean)) / np.array(self.std)
        if self.w1:
            x = np.tanh(x @ np.array(self.w1) + np.array(self.b1))
        z = x @ np.array(self.w2) + self.b2
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, indent=None) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> StyleModel:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def fit(x: Any, y: Any, hidden: int = 24, l2: float = 1e-3, steps: int = 3000,
        lr: float = 0.01, seed: int = 0) -> StyleModel:
    """Fit the MLP by full-batch Adam on class-balanced cross-entropy (NumPy)."""
    import numpy as np

    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    pos = y.mean()
    sw = np.where(y > 0.5, 0.5 / max(pos, 1e-6), 0.5 / max(1 - pos, 1e-6)) / len(y)
    g = np.random.default_rng(seed)
    params = {"w1": g.normal(0, 1 / math.sqrt(z.shape[1]), (z.shape[1], hidden)),
              "b1": np.zeros(hidden), "w2": g.normal(0, 1 / math.sqrt(hidden), hidden),
              "b2": np.zeros(1)}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    for step in range(1, steps + 1):
        h = np.tanh(z @ params["w1"] + params["b1"])
        p = 1.0 / (1.0 + np.exp(-np.clip(h @ params["w2"] + params["b2"][0], -30, 30)))
        d = (p - y) * sw
        dh = np.outer(d, params["w2"]) * (1 - h * h)
        grads = {"w2": h.T @ d + l2 * params["w2"], "b2": np.array([d.sum()]),
                 "w1": z.T @ dh + l2 * params["w1"], "b1": dh.sum(axis=0)}
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            mh, vh = m[k] / (1 - 0.9 ** step), v[k] / (1 - 0.999 ** step)
            params[k] -= lr * mh / (np.sqrt(vh) + 1e-8)
    return StyleModel(mean.tolist(), std.tolist(), params["w1"].tolist(),
                      params["b1"].tolist(), params["w2"].tolist(), float(params["b2"][0]))
