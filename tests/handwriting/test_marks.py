"""Signature and initials presence, read from pixels of generated images."""

from __future__ import annotations

import random

import numpy as np
import pytest

from formsift.core.geometry import Box
from formsift.plugins.handwriting.marks import InitialsType, SignatureType, read_mark


def _box_image(rng: random.Random, signed: bool, label: bool = True, initials: bool = False
               ) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A 120x500 crop of a signature area: a ruling line, maybe a printed label, scanner
    noise, and (when signed) pen strokes."""
    import cv2

    h, w = (80, 120) if initials else (120, 500)
    img = np.full((h, w), 245, np.uint8)
    cv2.line(img, (5, h - 20), (w - 5, h - 20 + rng.randint(-1, 1)), 40, 2)
    masks = []
    if label and not initials:
        cv2.putText(img, "Signature:", (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 20, 2)
        masks.append((3, 8, 140, 38))
    if signed:
        x, y = rng.randint(10, 30) + (150 if not initials else 0), h // 2 + 10
        end = (x + rng.randint(180, 300)) if not initials else rng.randint(60, 100)
        pts = [(x, y)]
        while pts[-1][0] < end:
            px, py = pts[-1]
            pts.append((px + rng.randint(6, 18), max(5, min(h - 25, py + rng.randint(-25, 25)))))
        cv2.polylines(img, [np.array(pts, np.int32)], False, 30, rng.randint(2, 3),
                      cv2.LINE_AA)
    noise = np.random.default_rng(rng.randrange(1000)).normal(0, 6, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8), masks


@pytest.mark.parametrize("initials", [False, True])
def test_presence_is_read_on_generated_boxes(initials):
    rng = random.Random(5)
    kwargs = {"min_ink": 0.003, "min_extent": 0.08} if initials else {}
    right = 0
    n = 30
    for i in range(n):
        signed = i % 2 == 0
        img, masks = _box_image(rng, signed, initials=initials)
        r = read_mark(img, masks, **kwargs)
        right += r.present == signed
        assert 0.5 <= r.confidence <= 1.0
    assert right / n >= 0.95


def test_label_and_ruling_alone_are_not_a_signature():
    rng = random.Random(1)
    img, masks = _box_image(rng, signed=False)
    assert not read_mark(img, masks).present
    # without masking the printed label, its ink would count
    assert read_mark(img, []).ink > read_mark(img, masks).ink


def test_field_types_read_page_images():
    rng = random.Random(2)
    page = np.full((1000, 800), 250, np.uint8)
    crop, _ = _box_image(rng, signed=True, label=False)
    page[600:720, 200:700] = crop
    box = Box(200 / 800, 0.6, 700 / 800, 0.72)
    value, conf, raw = SignatureType().read_image(page, box, [])
    assert value is True and raw == "signed" and conf >= 0.5
    value, _, raw = SignatureType().read_image(page, Box(0.0, 0.1, 0.5, 0.2), [])
    assert value is False and raw == "not signed"
    assert InitialsType().parse("initialled", None) is True  # type: ignore[arg-type]


def test_a_signing_line_broken_by_noise_is_no_signature():
    # on a noisy scan the thin line one signs on fell apart into short pieces that the
    # ruling-line removal missed: an unsigned note was read as signed (0.87), accepted
    import cv2

    rng = np.random.default_rng(3)
    unsigned = 0
    for _ in range(10):
        img = np.full((120, 500), 245, np.uint8)
        y = 95
        x = 5
        while x < 495:  # a 1-2 px line with gaps of 1-4 px every few pixels
            run = int(rng.integers(4, 14))
            cv2.line(img, (x, y), (min(495, x + run), y), 60, int(rng.integers(1, 3)))
            x += run + int(rng.integers(1, 5))
        noisy = np.clip(img + rng.normal(0, 18, img.shape), 0, 255).astype(np.uint8)
        unsigned += not read_mark(noisy, []).present
    assert unsigned == 10
    # a signature drawn over such a line is still one
    pts = np.array([(150 + 14 * i, 60 + (25 if i % 2 else -20)) for i in range(18)], np.int32)
    cv2.polylines(img, [pts], False, 30, 2, cv2.LINE_AA)
    assert read_mark(img, []).present


def test_a_red_stamp_across_the_signing_line_is_no_signature():
    """A user's bug: a red "RECEIVED" stamp across an unsigned approval line was read as a
    signature (0.89) and the invoice accepted."""
    import cv2

    rng = random.Random(7)
    unsigned, _ = _box_image(rng, signed=False, label=False)
    img = cv2.cvtColor(unsigned, cv2.COLOR_GRAY2BGR)
    cv2.rectangle(img, (120, 20), (400, 100), (40, 40, 210), 3)
    cv2.putText(img, "RECEIVED", (135, 75), cv2.FONT_HERSHEY_DUPLEX, 1.4, (40, 40, 210), 3)
    assert not read_mark(img, []).present
    # a blue or black signature over the same stamp still counts
    pts = np.array([(60 + 14 * i, 60 + (25 if i % 2 else -20)) for i in range(24)], np.int32)
    for ink in ((150, 60, 20), (30, 30, 30)):
        signed = img.copy()
        cv2.polylines(signed, [pts], False, ink, 2, cv2.LINE_AA)
        assert read_mark(signed, []).present
