"""A log sheet's row scanned: a drawn PyMuPDF page rendered, blurred and given noise, and
the words a recognizer read on its printed labels (the initials tests' shared setup)."""

from __future__ import annotations

import numpy as np

from formsift.core.document import Word
from formsift.core.geometry import Box


def scanned(page, dpi: int, seed: int) -> np.ndarray:
    """``page`` rendered at ``dpi`` as a scan: BGR, a slight blur, grey noise (``seed``)."""
    import cv2

    pix = page.get_pixmap(dpi=dpi)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, 2::-1]
    img = cv2.GaussianBlur(img, (3, 3), 0.6)
    img = np.clip(img + np.random.default_rng(seed).normal(0, 6, img.shape), 0, 255)
    return np.ascontiguousarray(img.astype(np.uint8))


def label_words(labels: list[tuple[float, str]], img: np.ndarray, dpi: int) -> list[Word]:
    """The row's printed labels (x in points, text at 9 pt Helvetica) as a recognizer read
    them, surely, on the scan ``img``."""
    import pymupdf

    s = dpi / 72
    h, w = img.shape[:2]
    words = []
    for x, text in labels:
        tw = pymupdf.get_text_length(text, fontname="helv", fontsize=9)
        words.append(Word(text, Box(x * s / w, 31 * s / h, (x + tw) * s / w, 42 * s / h), 0,
                          0.99, "ppocr_rec"))
    return words
