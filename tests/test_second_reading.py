"""A key value read a second time from another view of its crop (issue 5: review catches
wrong values): readings that disagree send the record to review naming both, readings that
agree raise the value's confidence, a value from a text layer is not read again."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer
from formsift.core.result import Status
from formsift.templates import compile_template, runtime, second_reading

TEMPLATE = """template t {
  field date: date = right of "Date"
  field shop: text = right of "Shop"
  rule not_future: not_in_future(date)
}"""
W, H = 1000, 400
#: the printed date's box (page fractions) and its words' boxes
DATE = Box(0.30, 0.20, 0.50, 0.28)


class FakeRecognizer(Recognizer):
    """Reads every crop as ``text``; keeps the crops it was given."""

    name = "fake_rec"

    def __init__(self, text: str) -> None:
        self.text, self.crops = text, []

    def recognize(self, image: Any, page: Page, regions: list[Any],
                  constraint: Any = None) -> list[Word]:
        self.crops.append(image)
        return [Word(self.text, Box(0, 0, 1, 1), page.index, 0.99, self.name)]


def page(source: str = "ppocr_rec", date_chars: tuple[float, ...] = (0.99,) * 8
         ) -> tuple[Document, np.ndarray]:
    """A generated page: "Date 15-03-18" and "Shop Acme" printed, read as "15-03-13"."""
    image = np.full((H, W, 3), 255, np.uint8)
    cv2.putText(image, "Date", (60, 105), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    cv2.putText(image, "15-03-18", (305, 105), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    cv2.putText(image, "Shop", (60, 225), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    cv2.putText(image, "Acme", (305, 225), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    def word(text: str, box: Box, chars: tuple[float, ...] = (0.99,) * 4) -> Word:
        return Word(text, box, 0, min(chars), source, char_confidences=chars)

    words = [word("Date", Box(0.06, 0.20, 0.16, 0.28)), word("15-03-13", DATE, date_chars),
             word("Shop", Box(0.06, 0.50, 0.16, 0.58)), word("Acme", Box(0.30, 0.50, 0.40, 0.58))]
    p = Page(0, W, H, "px", words=words)
    p.set_image(200, image)
    return Document("d", "d.png", "image/png", [p], "test"), image


@pytest.fixture(autouse=True)
def enabled(monkeypatch):
    monkeypatch.setattr(second_reading, "ENABLED", True)


def read_twice(doc: Document, image: np.ndarray, rec: FakeRecognizer) -> tuple[Any, Any]:
    template = compile_template(TEMPLATE)
    first = runtime.run(template, doc)
    if second_reading.read(template, doc, first, [rec], lambda p: image):
        return first, runtime.run(template, doc)
    return first, first


def test_readings_that_disagree_go_to_review_naming_both():
    doc, image = page()
    rec = FakeRecognizer("15-03-18")
    first, ex = read_twice(doc, image, rec)
    assert first.status is Status.ACCEPTED and first.fields["date"].confidence > 0.8
    assert ex.status is Status.REVIEW
    reason = next(r for r in ex.reasons if r.field == "date")
    assert reason.code == "ambiguous"
    assert "'15-03-13'" in reason.message and "'15-03-18'" in reason.message
    assert ex.fields["date"].confidence <= 0.5
    assert ex.fields["date"].raw == "15-03-13"  # the value stays the first reading's
    # one crop, of the date only (a key value: a rule names it; the shop is free text)
    assert len(rec.crops) == 1
    assert rec.crops[0].shape[1] < 0.35 * W and rec.crops[0].shape[0] < 0.2 * H


def test_readings_that_agree_raise_the_confidence():
    # a character the recognizer was unsure of: the value stays under what sure
    # characters give, until a second reading reads the same value
    doc, image = page(date_chars=(0.99, 0.99, 0.6, 0.99, 0.99, 0.99, 0.99, 0.7))
    first, ex = read_twice(doc, image, FakeRecognizer("15-03-13"))
    assert ex.status is Status.ACCEPTED
    assert ex.signals["date"].reread == 1
    assert ex.fields["date"].confidence > first.fields["date"].confidence + 0.02
    # ... but no surer than a value a rule ties to another (it says the characters are
    # right, not that they are the date's)
    assert ex.fields["date"].confidence < 0.9


def test_a_second_reading_of_no_value_changes_nothing():
    doc, image = page()
    first, ex = read_twice(doc, image, FakeRecognizer("~~"))
    assert ex.status is Status.ACCEPTED and ex.signals["date"].reread == 0
    assert ex.fields["date"].confidence == first.fields["date"].confidence


def test_a_text_layer_value_is_not_read_again():
    doc, image = page(source="text-layer")
    rec = FakeRecognizer("15-03-18")
    first, ex = read_twice(doc, image, rec)
    assert rec.crops == [] and "second_reading" not in doc.pages[0].notes
    assert ex.status is Status.ACCEPTED
    assert ex.fields["date"].confidence == first.fields["date"].confidence


@pytest.mark.parametrize("view", sorted(second_reading.VIEWS))
def test_views_keep_a_readable_colour_crop(view):
    _, image = page()
    crop = second_reading.VIEWS[view](image[80:115, 300:500])
    assert crop.ndim == 3 and crop.shape[2] == 3 and crop.dtype == np.uint8
    assert crop.min() < 100 and crop.max() > 200  # ink and paper both still there


def test_off_by_default_nothing_is_read(monkeypatch):
    monkeypatch.setattr(second_reading, "ENABLED", False)
    doc, image = page()
    rec = FakeRecognizer("15-03-18")
    _, ex = read_twice(doc, image, rec)
    assert rec.crops == [] and ex.status is Status.ACCEPTED
