"""A free-text value is no surer than a printed character of it under
``confidence.UNSURE_TEXT_CHARACTER`` (issue 5: generated handwritten delivery notes, the
receiver's name read by the print recognizer as print: 'ofa Rossi' for 'Sofia Rossi', a
letter at 0.37, accepted at 0.84 with no reason; over 80 generated names, 32 of 35 wrong
ones were accepted, nearly all between 0.8 and 0.9).

Nothing covers free text's characters: no parse fails on a misread letter, no check
digit. A character under the level counts as the characters a check digit leaves
uncovered do; above it the fitted logistic decides, as before."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box

TEMPLATE = """template t {
  field note_no: id = right of "Note No."
  field received_by: text = right of "Received by:"
}
"""


def _word(text: str, x: float, y: float, confs: tuple[float, ...] | None = None) -> Word:
    confs = confs or (0.97,) * len(text)
    return Word(text, Box(x, y, x + 0.012 * len(text), y + 0.02), 0, min(confs), "ppocr_rec",
                char_confidences=confs)


def _note(name_confs: tuple[float, ...] | None) -> Document:
    words = [_word("Note", 0.1, 0.1), _word("No.", 0.15, 0.1), _word("DN-20431", 0.3, 0.1),
             _word("Received", 0.1, 0.4), _word("by:", 0.2, 0.4), _word("Lukas", 0.3, 0.4),
             _word("Braudt", 0.38, 0.4, name_confs)]
    return Document("sha256:t", "t", "image/png", [Page(0, 1000, 1400, words=words)], "t")


def _compiled(source: str, registry):
    from formsift.templates import check_source

    (t,), diags = check_source(source, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@pytest.fixture(scope="module")
def template(registry):
    return _compiled(TEMPLATE, registry)


def test_a_name_with_a_letter_read_unsure_goes_to_review(template):
    from formsift.templates import runtime

    result = runtime.run(template, _note((0.99, 0.99, 0.4, 0.99, 0.99, 0.97)))
    fv = result.fields["received_by"]
    assert fv.value == "Lukas Braudt"
    assert fv.confidence == pytest.approx(0.4)
    assert result.status != "accepted"


def test_a_weak_letter_over_the_level_is_left_to_the_logistic(template):
    """Guard (passes before too): a letter at 0.6, or none weak, keeps the value as sure
    as before (the level, not any weak letter, caps)."""
    from formsift.templates import runtime

    for confs in ((0.99, 0.99, 0.6, 0.99, 0.99, 0.97), None):
        result = runtime.run(template, _note(confs))
        assert result.fields["received_by"].confidence > 0.8
        assert result.status == "accepted"


def test_a_typed_value_keeps_its_own_rules(registry):
    """Guard (passes before too): an ``id`` is not free text."""
    from formsift.templates import runtime

    t = _compiled(TEMPLATE.replace("received_by: text", "received_by: id"), registry)
    fv = runtime.run(t, _note((0.99, 0.99, 0.4, 0.99, 0.99, 0.97))).fields["received_by"]
    assert fv is None or fv.confidence > 0.5


def test_a_generated_handwritten_name_misread_is_not_accepted(registry):
    """A generated delivery note (SteveHand, 200 dpi): 'ofa Rossi' for 'Sofia Rossi', its
    weakest letter at 0.37, was accepted at 0.84."""
    from formsift import Engine
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    try:
        scan = handwritten_scan(seed=1001, dpi=200, degrade="clean")
    except ValueError as e:  # no handwriting font installed
        pytest.skip(str(e))
    t = _compiled(TEMPLATE.replace('"Note No."', '"Delivery note No." | "Note No."'), registry)
    result = Engine([t], seen_store="memory", registry=registry).extract(
        encode_png(scan.images[0]), t, name="note.png")
    fv = result.fields.get("received_by")
    wrong = fv is not None and " ".join(str(fv.value).split()) != scan.truth["received_by"]
    assert not (wrong and result.status == "accepted"), (fv and fv.value, fv and fv.confidence)
