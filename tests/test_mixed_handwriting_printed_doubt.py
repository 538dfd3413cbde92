"""A value of a handwritten word and a printed word holding a character the recognizer
doubts is no surer than that character, as an all-printed value is (the stop's code read
of 0cf0562: 'Anna' read by the handwriting model at 0.9 beside the print recognizer's
'W6jcik', its 6 doubted at 0.25, scored 0.85 and was accepted, while the same name read
all as print went to review)."""

from __future__ import annotations

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import check_source, runtime
from formsift.templates.confidence import Signals, ceiling

TEMPLATE = 'template t {\n field name: text = right of "Name:"\n}'
LABEL = Word("Name:", Box(0.1, 0.1, 0.2, 0.12), 0, 0.99, "ppocr_rec",
             char_confidences=(0.99,) * 5)
DOUBTED = Word("W6jcik", Box(0.30, 0.1, 0.4, 0.12), 0, 0.25, "ppocr_rec",
               char_confidences=(0.99, 0.25, 0.99, 0.99, 0.99, 0.99))


def _run(registry, words):
    (template,), problems = check_source(TEMPLATE, "t.sift", registry)
    assert not [p for p in problems if p.severity == "error"]
    doc = Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    result = runtime.run(template, doc)
    return result.fields["name"], result.status.value


def test_a_handwritten_word_does_not_lift_a_printed_doubt(registry):
    written = Word("Anna", Box(0.22, 0.1, 0.28, 0.12), 0, 0.9, "crnn", True)
    field, status = _run(registry, [LABEL, written, DOUBTED])
    assert field.value == "Anna W6jcik"
    assert field.confidence <= 0.25 and status == "review"


def test_the_same_value_read_all_as_print_was_already_unsure(registry):
    printed = Word("Anna", Box(0.22, 0.1, 0.28, 0.12), 0, 0.99, "ppocr_rec",
                   char_confidences=(0.99,) * 4)
    field, status = _run(registry, [LABEL, printed, DOUBTED])
    assert field.confidence <= 0.25 and status == "review"


def test_the_handwritten_characters_are_not_counted_twice():
    """The handwriting ceiling speaks for the handwritten words' characters: a value
    whose printed words are read plainly keeps the handwriting's ceiling, however low a
    handwritten character's raw confidence."""
    s = Signals(recognition_min=0.1, handwriting=0.58, printed_min=0.99)
    assert ceiling(s) == 0.58
    assert ceiling(Signals(recognition_min=0.1, handwriting=0.58, printed_min=0.2)) == 0.2
    # a rule tying the value to another lifts both
    assert ceiling(Signals(recognition_min=0.1, handwriting=1.0, printed_min=0.2,
                           rules_passed=1)) == 1.0
