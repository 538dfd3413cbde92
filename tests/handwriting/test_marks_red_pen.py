"""Initials and signatures in red pen (exams journey, finding 5): markers and teachers
initial marking sheets in red, and strongly saturated red ink is removed as a stamp's, so
red-pen initials read "not initialled", surely (0.88 on the journey's sheets: accepted
wrong by a template without a rule on them). A box that reads empty only because its red
ink was removed now reads so unsure (under the 0.5 floor: a review), and the mark types
take ``red="pen"`` to keep red ink as a pen's."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from formsift.core.geometry import Box
from formsift.plugins.handwriting.marks import InitialsType, SignatureType, read_mark

RED, BLUE = (40, 40, 210), (150, 60, 20)  # BGR


def _initials(ink: tuple[int, int, int] | None, seed: int, stamp: bool = False
              ) -> np.ndarray:
    """An 80x160 initials box on a scan (a ruling line, noise), with two pen letters in
    ``ink`` (None: left empty), over a red "PAID" stamp (``stamp``)."""
    rng = random.Random(seed)
    img = np.full((80, 160, 3), 245, np.uint8)
    cv2.line(img, (5, 62), (155, 62 + rng.randint(-1, 1)), (40, 40, 40), 2)
    if stamp:
        cv2.rectangle(img, (10, 12), (150, 58), RED, 3)
        cv2.putText(img, "PAID", (25, 50), cv2.FONT_HERSHEY_DUPLEX, 1.2, RED, 3)
    if ink is not None:
        x = rng.randint(20, 50)
        # an "A" and a "K" of a quick hand
        for pts in ([(x, 55), (x + 12, 15), (x + 24, 55)], [(x + 6, 38), (x + 19, 38)],
                    [(x + 34, 15), (x + 34, 56)], [(x + 54, 15), (x + 35, 37), (x + 55, 57)]):
            jitter = [(px + rng.randint(-2, 2), py + rng.randint(-2, 2)) for px, py in pts]
            cv2.polylines(img, [np.array(jitter, np.int32)], False, ink, 2, cv2.LINE_AA)
    noise = np.random.default_rng(seed).normal(0, 5, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def _read(img: np.ndarray, **options) -> tuple[bool, float, str]:
    return InitialsType(options).read_image(img, Box(0, 0, 1, 1), [])


@pytest.mark.parametrize("seed", range(6))
def test_red_pen_initials_read_unsure_by_default(seed):
    present, conf, raw = _read(_initials(RED, seed))
    assert not present and raw == "not initialled"
    assert conf < 0.5  # a review, not a sure "not initialled"


@pytest.mark.parametrize("seed", range(6))
def test_red_pen_initials_count_with_red_as_a_pen(seed):
    present, conf, raw = _read(_initials(RED, seed), red="pen")
    assert present and raw == "initialled" and conf >= 0.8
    signed, _, _ = SignatureType({"red": "pen"}).read_image(
        cv2.resize(_initials(RED, seed), (400, 80)), Box(0, 0, 1, 1), [])
    assert signed
    # red="pen" changes nothing where there is no red
    assert _read(_initials(None, seed), red="pen")[:2] == (False, 0.97)


@pytest.mark.parametrize("seed", range(3))
def test_blue_initials_and_empty_boxes_stay_sure(seed):
    present, conf, _ = _read(_initials(BLUE, seed))
    assert present and conf >= 0.9
    present, conf, _ = _read(_initials(None, seed))
    assert not present and conf >= 0.9


def test_a_red_stamp_is_still_no_mark_and_a_pen_over_it_counts():
    stamped = _initials(None, 1, stamp=True)
    assert not read_mark(stamped, [], 0.003, 0.08).present
    assert _read(_initials(BLUE, 1, stamp=True))[0]


def test_with_red_as_a_pen_a_stamp_counts():
    # kept as a pen's, a stamp's ink is a mark: the option says the box holds no stamps
    assert _read(_initials(None, 1, stamp=True), red="pen")[0]


def test_the_option_is_checked(registry):
    from formsift.templates import check_source

    src = """template t {
  match { contains "Marks" }
  field ok: initials(red="pen") = box(0%, 0%, 10%, 10%)
  field bad: initials(red="green") = box(0%, 0%, 10%, 10%)
}
"""
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert len(errors) == 1 and "green" in str(errors[0]), errors
