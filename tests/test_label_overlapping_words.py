"""A label that ends a longer phrase whose words' boxes touch or overlap a little, as an
OCR reads them on a photo: "site" in "Time off site" is the end of a longer label (0.85),
as in "Time on site" set a word space apart. On a field service photo the box of "off"
ran 0.0003 of the page into "site", and `right of "Site"` took 12:45, the departure
time, at 0.99 (field service journey, finding F5)."""

from __future__ import annotations

from formsift.templates.labels import find_label
from tests.words import run, values, words_doc

TEMPLATE = """template t {
  field site: text = right of "Site"
}
"""


def _doc(off_end: float):
    return words_doc([("Site", 0.15, 0.17), ("Oak", 0.31, 0.34), ("Road", 0.35, 0.40)],
                     [("Time", 0.15, 0.18), ("on", 0.185, 0.197), ("site", 0.203, 0.224),
                      ("10:15", 0.31, 0.35)],
                     [("Time", 0.15, 0.18), ("off", 0.183, off_end), ("site", 0.202, 0.224),
                      ("12:45", 0.31, 0.35)])


def _scores(doc):
    return {h.line_index: round(h.score, 3) for h in find_label(doc.pages[0], ("Site",))}


def test_the_end_of_a_phrase_whose_words_overlap_is_no_label_alone():
    scores = _scores(_doc(0.2025))  # "off" ends 0.0005 past the start of "site"
    assert scores[0] == 1.0
    assert scores[1] == scores[2] == 0.85


def test_words_a_space_apart_score_as_before():
    scores = _scores(_doc(0.198))
    assert scores[0] == 1.0
    assert scores[1] == scores[2] == 0.85


def test_the_label_alone_gives_the_value(registry):
    assert values(run(TEMPLATE, _doc(0.2025), registry))["site"] == "Oak Road"


def test_a_word_far_into_the_next_is_not_taken_as_the_same_phrase():
    """Boxes that overlap by more than half a line's height are not a word and the
    next of one phrase read side by side (a stamp, a word written over another)."""
    doc = words_doc([("Time", 0.15, 0.18), ("XXXXXX", 0.183, 0.23), ("site", 0.202, 0.224),
                     ("12:45", 0.31, 0.35)])
    assert _scores(doc)[0] == 1.0
