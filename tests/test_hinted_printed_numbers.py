"""A printed number where a ``handwritten`` hint looks is read as printed, and a number
read apart at its mark is one number, not its first part (container depot journey, stop
32, finding 1).

A depot's interchange receipt marks its weights ``handwritten``: a checker writes them on
some forms, the terminal prints them on others. On a phone photo of a printed one the
style model labelled the printed "2.210" (kg, de_DE) handwriting; the handwriting model
read it "2" "." "210" and the field took 2: gross 2 kg, tare 2 kg, accepted at 0.86 (the
weight rule holds for 2 <= 2 <= 30480). The print recognizer read "2.210" at 1.00 there,
but a printed reading holding digits never stood for the handwriting (a handwritten 7 is
read a 1 surely too). Two causes, two changes:

- routing: a printed reading holding digits whose characters the handwriting recognizer
  read too (the marks apart, or lost) gives the handwriting under it its text when it is as tall
  as the page's print: two recognizers reading the same digits are no 7 read as a 1, and
  the print keeps the mark. The words stay the handwriting recognizer's (one word, as
  sure as the least sure of them).
- locators: a number, a lone mark and more digits, read as three words a word space
  apart, are one number read across the mark (2210 in de_DE), or, when that is no value
  of the type, two readings tied (a rule decides, or review): never the first silently.

The recognizers are stand-ins: words placed as the journey's photo had them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from tests.words import run, values, words_doc

W, H = 1000, 1400
ROW = (0.34, 0.36)  # the value's line (page fractions)
LABEL = Word("Tara", Box(0.1, ROW[0], 0.16, ROW[1]), 0, 0.99, "ppocr_rec")


def _page(ink: list[tuple[float, float]], tall: float) -> Any:
    """A page with its label's print 14 px high and ink (x0, x1, page fractions) of the
    value ``tall`` times as high, on the value's line."""
    image = np.full((H, W, 3), 255, np.uint8)
    mid = round(0.35 * H)
    image[mid - 7:mid + 7, 100:160] = 0
    half = round(7 * tall)
    for x0, x1 in ink:
        image[mid - half:mid + half, round(x0 * W):round(x1 * W)] = 30
    return image


# the printed "2.210": digits 17 px wide, its mark between the 2 and the 210
INK = [(0.320, 0.329), (0.333, 0.336), (0.339, 0.366)]


def _word(text: str, x0: float, x1: float, conf: float, source: str) -> Word:
    return Word(text, Box(x0, ROW[0], x1, ROW[1]), 0, conf, source, source == "crnn", None,
                (conf,) * len(text))


def _read(image: Any, written: list[Word], printed: list[Word]) -> list[Word]:
    from formsift.core.routing import _printed_in_handwriting

    line = TextRegion(Box(0.31, ROW[0], 0.40, ROW[1]), "handwritten", 0.9)
    out = _printed_in_handwriting(image, [LABEL, *written], [line], printed, {"crnn"})
    return sorted((w for w in out if w is not LABEL), key=lambda w: w.box.x0)


def _seen(words: list[Word]) -> list[tuple[str, str]]:
    return [(w.text, w.source) for w in words]


@pytest.mark.parametrize("written", [
    [("2", 0.3176, 0.3220, 0.98), (".", 0.3303, 0.3381, 0.71), ("210", 0.3379, 0.3646, 0.93)],
    [("2", 0.3176, 0.3220, 0.98), ("210", 0.3379, 0.3646, 0.93)],  # its mark lost
    [("2.210", 0.3176, 0.3646, 0.90)],
])
def test_a_printed_number_the_handwriting_model_reads_alike_stays_print(written):
    """The journey's photo: crnn's boxes as it gave them (its "2" is half a digit wide and
    starts left of the print's box)."""
    image = _page(INK, tall=1.0)
    hand = [_word(t, x0, x1, c, "crnn") for t, x0, x1, c in written]
    out = _read(image, hand, [_word("2.210", 0.3207, 0.3665, 0.99, "ppocr_rec")])
    # one word of the handwriting's, with the print's mark, in its place and as sure as
    # its least sure part: still handwriting to what weighs it
    assert _seen(out) == [("2.210", "crnn")]
    assert out[0].handwritten
    assert out[0].box.x0 == pytest.approx(0.3176) and out[0].box.x1 == pytest.approx(0.3665)
    assert out[0].confidence == min(c for *_, c in written)


@pytest.mark.parametrize("printed, written", [
    ("1", ["7"]),  # a handwritten 7 the print recognizer reads a 1 surely
    ("2.2", ["22"]),  # a mark the handwriting does not part
    ("2.210", ["2", "219"]),
    ("22G1", ["2261"]),
])
def test_a_printed_reading_the_handwriting_model_reads_otherwise_stays_handwriting(
        printed, written):
    image = _page(INK, tall=1.0)
    step = (0.3646 - 0.3176) / len(written)
    hand = [_word(t, 0.3176 + i * step, 0.3176 + (i + 0.8) * step, 0.9, "crnn")
            for i, t in enumerate(written)]
    out = _read(image, hand, [_word(printed, 0.3207, 0.3665, 0.99, "ppocr_rec")])
    assert _seen(out) == [(t, "crnn") for t in written]


def test_handwriting_taller_than_the_print_read_alike_stays_handwriting():
    """Digits written three times as tall as the page's print, read the same by both
    recognizers: the writing's (its confidence is the handwriting model's)."""
    image = _page(INK, tall=3.0)
    hand = [_word("2", 0.3176, 0.3220, 0.6, "crnn"), _word("210", 0.3379, 0.3646, 0.6, "crnn")]
    out = _read(image, hand, [_word("2.210", 0.3207, 0.3665, 0.99, "ppocr_rec")])
    assert _seen(out) == [("2", "crnn"), ("210", "crnn")]


def test_reads_alike():
    from formsift.core.routing import reads_alike

    assert reads_alike("2.210", ["2", ".", "210"])
    assert reads_alike("2.210", ["2", "210"])
    assert reads_alike("2210", ["22", "10"])  # the print's word is whole
    assert reads_alike("22G1", ["22G1"])
    assert not reads_alike("2.2", ["22"])
    assert not reads_alike("22G1", ["2261"])
    assert not reads_alike("22g1", ["22G1"])
    assert not reads_alike("%", ["%"])  # no letter nor digit to agree on


# -- the locator: a number read apart at its mark ---------------------------------------

WEIGHTS = '''template t {
  locale "LOCALE"
  field gross: int = right of "Brutto kg:" handwritten
  field tare: int = right of "Tara kg:" handwritten
}'''


def _weights(gross: tuple[Any, ...], tare: tuple[Any, ...]) -> Any:
    return words_doc((("Brutto", 0.05, 0.12), ("kg:", 0.125, 0.15), *gross),
                     (("Tara", 0.05, 0.1), ("kg:", 0.105, 0.13), *tare))


# the journey's words: crnn's "2" narrower than a digit, its "." wider than a mark
SPLIT = (("2", 0.3176, 0.3220, True), (".", 0.3303, 0.3381, True),
         ("210", 0.3379, 0.3646, True))
WHOLE = (("28.450", 0.3176, 0.3700, True),)


def test_a_number_read_apart_at_its_mark_is_read_across_it(registry):
    ex = run(WEIGHTS.replace("LOCALE", "de_DE"), _weights(WHOLE, SPLIT), registry)
    assert values(ex) == {"gross": "28450", "tare": "2210"}
    assert ex.fields["tare"].raw == "2.210"
    assert not [r for r in ex.reasons if r.field == "tare"]


def test_a_number_read_apart_at_a_mark_that_does_not_join_is_ambiguous(registry):
    # "2.210" is no whole number in en_GB: 2 or 210, neither sure
    ex = run(WEIGHTS.replace("LOCALE", "en_GB"),
             _weights((("28450", 0.3176, 0.3700, True),), SPLIT), registry)
    assert values(ex)["gross"] == "28450"
    assert [r.code for r in ex.reasons if r.field == "tare"] == ["ambiguous"]


def test_a_decimal_read_apart_at_its_point_is_one_number(registry):
    src = 'template t {\n  locale "en_GB"\n  field temp: decimal = right of "Set point:"\n}'
    doc = words_doc((("Set", 0.05, 0.08), ("point:", 0.085, 0.13), ("18", 0.30, 0.31, True),
                     (".", 0.318, 0.322, True), ("5", 0.325, 0.335, True)))
    ex = run(src, doc, registry)
    assert values(ex)["temp"] == "18.5"


def test_numbers_a_column_apart_beside_a_mark_stay_apart(registry):
    # a mark far from the digits on either side (a column's gap): two values, the first
    # beside its label, as before
    doc = _weights((("28450", 0.3176, 0.3700, True),),
                   (("2", 0.30, 0.31, True), (".", 0.36, 0.365, True), ("210", 0.42, 0.45, True)))
    ex = run(WEIGHTS.replace("LOCALE", "de_DE"), doc, registry)
    assert values(ex)["tare"] == "2"


def test_a_printed_word_of_letters_read_alike_stays_print_as_before():
    """Guard: a word with no digit keeps stop 31's rule (the print's word in its place, at
    its confidence: a neat name in a signers' table was flagged at crnn's 0.58 when the
    agreement took it first)."""
    image = _page([(0.320, 0.366)], tall=1.0)
    hand = [_word("Margaret", 0.3176, 0.3646, 0.58, "crnn")]
    out = _read(image, hand, [_word("Margaret", 0.3207, 0.3665, 0.97, "ppocr_rec")])
    assert _seen(out) == [("Margaret", "ppocr_rec")]
    assert out[0].confidence == 0.97
