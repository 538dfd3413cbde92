"""Which way up text lines are, read by PP-OCR's text-direction classifier (0 or 180
degrees; ``ch_ppocr_mobile_v2.0_cls_infer.onnx``, shipped in the same
``rapidocr-onnxruntime`` wheel as the detection and recognition models, never downloaded).

Lines are found without a model: bands of inked rows, cut at wide blank gaps, as
``ink_lines`` does; the longest pieces are classified and vote.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from formsift.core.geometry import Box

CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_infer.onnx"
_H, _W = 48, 192  # the classifier's input


def classifier_available() -> bool:
    from formsift.core.errors import ComponentNotFound
    from formsift.plugins.ocr.models import find_model

    try:
        find_model(CLS_MODEL)
    except ComponentNotFound:
        return False
    return True


def load_classifier(explicit: str | None = None, threads: int = 0) -> Any:
    from formsift.plugins.ocr.models import find_model, session

    return session(find_model(CLS_MODEL, explicit), threads)


def text_ink(gray: Any) -> Any:
    """Letters of a grey page as 1 (ink) on 0, without what is not letters: a local
    threshold (uneven lighting, noise and the dark background around a photographed page
    have no one global ink level), specks removed, and page edges, rulings, frames and
    blots dropped (components taller than 5% of the page or wider than 30%)."""
    import cv2
    import numpy as np

    bw = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                               31, 20)
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    h_img, w_img = bw.shape
    _, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    big = (stats[:, cv2.CC_STAT_HEIGHT] > 0.05 * h_img) | \
        (stats[:, cv2.CC_STAT_WIDTH] > 0.3 * w_img)
    big[0] = False
    return bw * ~big[labels] if big.any() else bw


def line_pieces(gray: Any, most: int = 24) -> list[Any]:
    """Up to ``most`` crops of text lines of a grey page image, longest lines first, each
    at most four line heights wide (the classifier squeezes wider crops).

    Each crop is cut to the ink of its own columns: on a page skewed by a degree, the band
    of rows a long line covers across the page is two or three times as tall as its letters,
    and a crop of that band showed the letters at its top or bottom edge, which the
    classifier read either way up (an upright scanned delivery note voted 1 line upright
    to 3 upside down and was turned)."""
    import numpy as np

    from formsift.plugins.segment.ink_lines import _runs

    bw = text_ink(gray)
    h_img = bw.shape[0]
    rows = bw.mean(axis=1)
    found = []
    for y0, y1 in _runs(rows >= 0.004, gap=1):
        h = y1 - y0
        if h < 8 or h > 0.08 * h_img:
            continue
        cols = bw[y0:y1].any(axis=0)
        for x0, x1 in _runs(cols, gap=int(1.5 * h)):
            if x1 - x0 >= 3 * h:
                found.append((x1 - x0, y0, y1, x0, x1))
    found.sort(reverse=True)
    pieces = []
    for _, y0, y1, x0, x1 in found[:most]:
        inked = np.nonzero(bw[y0:y1, x0:min(x1, x0 + 4 * (y1 - y0))].any(axis=1))[0]
        y0, y1 = y0 + int(inked[0]), y0 + int(inked[-1]) + 1
        h = max(8, y1 - y0)
        m = max(2, h // 6)
        pieces.append(gray[max(0, y0 - m):min(h_img, y1 + m), x0:min(x1, x0 + 4 * h)])
    return pieces


def line_crops(image: Any, boxes: Sequence[Box], most: int = 6) -> list[Any]:
    """Grey crops of the text lines at ``boxes`` (page-relative) of a page image: the
    ``most`` longest (in line heights), each at most four line heights wide from the
    line's start, as :func:`line_pieces` cuts the page's own lines. Lines shorter than two
    heights or lower than 8 pixels (a number, a tick) are left out: they say little."""
    from formsift.plugins.preprocess.filters import gray

    h_img, w_img = image.shape[:2]
    found = []
    for b in boxes:
        x0, y0 = max(0, int(b.x0 * w_img)), max(0, int(b.y0 * h_img))
        x1, y1 = min(w_img, round(b.x1 * w_img)), min(h_img, round(b.y1 * h_img))
        h = y1 - y0
        if h >= 8 and x1 - x0 >= 2 * h:
            found.append(((x1 - x0) / h, x0, y0, x1, y1))
    found.sort(reverse=True)
    return [gray(image[y0:y1, x0:min(x1, x0 + 4 * (y1 - y0))])
            for _, x0, y0, x1, y1 in found[:most]]


def reads_upright(up: int, down: int) -> bool:
    """Lines read on a page show it upright (region-first OCR's lines, :func:`line_crops`):
    at least three read confidently upright and none upside down. Anything else is left to
    a look at the whole page."""
    return up >= 3 and down == 0


def upside_down_votes(session: Any, pieces: list[Any],
                      settled: Callable[[int, int, int], bool] | None = None,
                      chunk: int = 6) -> tuple[int, int]:
    """(lines read confidently upright, lines read confidently upside down). With
    ``settled(upright, upside_down, pieces_left)``, pieces are classified ``chunk`` at a
    time and the count stops once ``settled`` says the rest cannot change the outcome."""
    upright = flipped = 0
    step = chunk if settled is not None else max(1, len(pieces))
    for start in range(0, len(pieces), step):
        up, down = _votes(session, pieces[start:start + step])
        upright, flipped = upright + up, flipped + down
        if settled is not None and settled(upright, flipped, len(pieces) - start - step):
            break
    return upright, flipped


def _votes(session: Any, pieces: list[Any]) -> tuple[int, int]:
    import cv2
    import numpy as np

    if not pieces:
        return 0, 0
    batch = np.zeros((len(pieces), 3, _H, _W), np.float32)
    for i, crop in enumerate(pieces):
        h, w = crop.shape[:2]
        rw = min(_W, math.ceil(_H * w / max(1, h)))
        img = cv2.resize(crop, (rw, _H)).astype(np.float32)
        if img.ndim == 2:
            img = np.repeat(img[:, :, None], 3, axis=2)
        batch[i, :, :, :rw] = (img.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    probs = session.run(None, {session.get_inputs()[0].name: batch})[0]
    upright = int((probs[:, 0] >= 0.9).sum())
    flipped = int((probs[:, 1] >= 0.9).sum())
    return upright, flipped
