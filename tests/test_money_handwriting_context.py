"""The money type reads a hand's amount and print's by the words' handwriting label and the
field's hint, which the locators give its context (``ParseContext.handwritten``,
``locators.handwriting_context``): engineer D's items 1, 2 and 4 through the engine."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.document import Document, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from tests.parsing import ocr_page

TEMPLATE = """template t {
  currency "USD"
  locale "en_US"
  field amount: money(decimals=2) = right of "Amount:"HINT
}"""


def _run(registry: Any, words: list[str], hand: bool, hint: str = "") -> Any:
    from formsift.templates import check_source, runtime

    (template,), _ = check_source(TEMPLATE.replace("HINT", hint), "t.sift", registry)
    page = ocr_page(["Amount:", *words])
    page.set_words([Word(w.text, w.box, w.page, w.confidence, w.source,
                         hand and w.text != "Amount:", w.line_key, w.char_confidences)
                    for w in page.words])
    return runtime.run(template, Document("sha256:t", "t", "image/png", [page], "image"))


def test_the_context_says_handwriting_by_the_words():
    from formsift.templates.locators import handwriting_context

    ctx = ParseContext(get_locale("en_US"), "USD")
    box = Box(0.1, 0.1, 0.2, 0.12)
    hand, printed = Word("12", box, 0, 0.9, "crnn", True), Word("12", box, 0, 0.9, "ocr")
    text = Word("12", box, 0, 1.0, "pdf")
    assert handwriting_context(ctx, [hand]).handwritten is True
    assert handwriting_context(ctx, [printed]).handwritten is None  # a label: no proof
    assert handwriting_context(ctx, [text]).handwritten is False
    assert handwriting_context(ctx, [hand, printed]).handwritten is None


@pytest.mark.parametrize("text, hand, hint, value, status", [
    (["1250.00-"], True, "", "1250.00", "accepted"),          # a hand's flourish
    # code read R2: the field's hint is no proof that a word labelled print is a hand's (a
    # printed credit in a column hinted handwritten lost its minus, accepted)
    (["1250.00-"], False, " handwritten", "-1250.00", "accepted"),
    (["1250.00-"], False, "", "-1250.00", "accepted"),        # print: an export's minus
    (["3600-"], True, "", "3600.00", "accepted"),             # a hand's closing dash
    (["1312", "75/100"], True, "", "1312.75", "accepted"),    # a hand's cents
    (["100", "25/100"], False, "", "100.25", "review"),       # print: a ratio as likely
    (["1312", "401100"], False, "", None, "review"),          # a scan: a hand's 75/100?
    (["1312", "751100"], True, "", None, "review"),           # a hand's slash read 1
])
def test_a_scanned_amount_read_by_hand_or_print(registry, text, hand, hint, value, status):
    result = _run(registry, text, hand, hint)
    amount = result.fields.get("amount")
    assert (None if amount is None else str(amount.value)) == value, result.reasons
    assert result.status == status, result.reasons


def test_a_printed_fraction_touching_its_amount_still_reads_both_ways(registry):
    """"100" and "25/100" read as two touching words (Liberation Serif at 150 dpi): the
    type's tie was dropped as a space-grouped number's group (100.25 accepted)."""
    from formsift.templates import check_source, runtime

    (template,), _ = check_source(TEMPLATE.replace("HINT", ""), "t.sift", registry)
    page = ocr_page(["Amount:", "100", "25/100"])
    words = page.words
    b = words[2].box
    words[2] = Word("25/100", type(b)(words[1].box.x1 + 0.001, b.y0,
                                       words[1].box.x1 + 0.001 + b.width, b.y1),
                    0, 0.98, "ppocr_rec", char_confidences=(0.98,) * 6)
    page.set_words(words)
    result = runtime.run(template, Document("sha256:t", "t", "image/png", [page], "image"))
    assert result.status == "review", result.reasons
    assert [r.code for r in result.reasons] == ["ambiguous"]
