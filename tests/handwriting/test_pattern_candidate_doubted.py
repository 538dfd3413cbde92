"""A character the pattern's beam candidate reads otherwise than the model did is doubted.

Read under the date type's shape, a handwritten (MNIST) 10/18/2007 came back
"0/18/2007" (no date: review, invalid_value); the beam search then took its candidate
"9/18/2007", a date, and the "9" got the line's weakest confidence (0.991), not the
model's doubt: the form was ACCEPTED with 2007-09-18 at 0.76 (code read r3 of feef704).
A character a candidate changes or puts in now gets at most DASH_DOUBT, as a repair's
do (:func:`_pattern_repair`), so a date the pattern forced goes to review.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.decode import alphabet_mask, greedy
from formsift.plugins.fieldtypes.dates import DATE_SHAPE
from formsift.plugins.handwriting.recognize import DASH_DOUBT

DATE = Constraint(alphabet="0123456789./- ", pattern=DATE_SHAPE)


@pytest.fixture(scope="module")
def rec() -> Any:
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    r = CRNNRecognizer()
    r.ensure_ready()
    return r


def _probs(charset: str, text: str, doubt: dict[int, tuple[str, float]]) -> Any:
    """CTC outputs reading ``text``, each character one step and a blank between; at the
    places of ``doubt`` the model also hears another character with that probability."""
    steps = []
    for i, ch in enumerate(text):
        row = np.zeros(len(charset) + 1, np.float32)
        other, p = doubt.get(i, (None, 0.0))
        row[charset.index(ch) + 1] = 1.0 - p
        if other is not None:
            row[charset.index(other) + 1] = p
        blank = np.zeros(len(charset) + 1, np.float32)
        blank[0] = 1.0
        steps += [row, blank]
    return np.stack(steps)


@pytest.mark.parametrize("read, heard, want", [
    ("0/18/2007", {0: ("9", 0.4)}, "9/18/2007"),        # month 0 -> a 9 the model doubted
    ("14.0/.2027", {4: ("1", 0.3)}, "14.01.2027"),       # a "/" read for the month's 1
])
def test_a_character_the_pattern_changes_is_doubted(rec, read, heard, want):
    probs = _probs(rec.charset, read, heard)
    mask = alphabet_mask(rec.charset, DATE.alphabet)
    best = greedy(probs, rec.charset, mask)
    assert best.text == read
    got = rec._with_pattern(probs, mask, DATE.pattern, best)
    assert got.text == want
    assert got.confidence <= DASH_DOUBT
    # only the character changed is doubted; those read as they stand keep theirs
    doubted = [k for k, (_, conf, _) in enumerate(got.chars) if conf <= DASH_DOUBT]
    assert doubted == list(heard)
    assert min(conf for k, (_, conf, _) in enumerate(got.chars) if k not in heard) >= 0.99
    assert rec.calibration.word_confidence(got.text, got.confidence) < 0.7


def test_a_candidate_without_the_gap_spaces_keeps_every_confidence(rec):
    probs = _probs(rec.charset, "07/14/1 991", {})
    mask = alphabet_mask(rec.charset, DATE.alphabet)
    best = greedy(probs, rec.charset, mask)
    got = rec._with_pattern(probs, mask, DATE.pattern, best)
    assert got.text == "07/14/1991" and got.confidence == best.confidence


def _mnist_form(corpora, tmp_path, want: str, loc: str):
    """r3's form: its date drawn as bench_dates.py draws it (held-out MNIST digits,
    augmented) beside "Date of loss:", scanned at 200 dpi."""
    import cv2
    import pymupdf

    from formsift.handwriting import augment
    from formsift.handwriting.mnist import Digits

    rng = random.Random("r3-dates")
    digits = Digits(corpora / "mnist-t10k", "heldout")
    fmts = [("{d:02d}.{m:02d}.{Y}", "de_DE"), ("{d}.{m}.{y:02d}", "de_DE"),
            ("{Y}-{m:02d}-{d:02d}", "de_DE"), ("{m:02d}/{d:02d}/{Y}", "en_US"),
            ("{d:02d}/{m:02d}/{y:02d}", "en_GB"), ("{d:02d}-{m:02d}-{Y}", "en_GB")]
    for _ in range(400):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 30))
        f, _loc = rng.choice(fmts)
        text = f.format(d=day.day, m=day.month, Y=day.year, y=day.year % 100)
        img = augment.augment(digits.render(text, rng), rng, strength=0.5)
        if text == want:
            break
    else:
        pytest.skip(f"{want} is not among the dates drawn")
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    p.insert_text((50, 80), "DATE FORM", fontsize=17, fontname="hebo")
    p.insert_text((50, 160), "Date of loss:", fontsize=11, fontname="helv")
    h, w = img.shape[:2]
    _, png = cv2.imencode(".png", img)
    p.insert_image(pymupdf.Rect(190, 140, 190 + w * 22.0 / h, 162), stream=png.tobytes())
    page = tmp_path / "form.png"
    page.write_bytes(p.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png"))
    sift = tmp_path / "form.sift"
    sift.write_text(f'template date_form {{\n  locale "{loc}"\n  match {{ contains "DATE FORM" }}\n'
                    '  field loss: date = right of "Date of loss:" handwritten\n}\n')
    return page, sift, day


def test_a_handwritten_date_the_pattern_forced_is_not_accepted(corpora, tmp_path):
    from formsift import Engine

    page, sift, day = _mnist_form(corpora, tmp_path, "10/18/2007", "en_US")
    result = json.loads(Engine(templates=[str(sift)]).extract(str(page), "date_form")
                        .model_dump_json())
    loss = result["fields"].get("loss") or {}
    assert result["status"] != "accepted" or loss.get("value") == str(day), loss
