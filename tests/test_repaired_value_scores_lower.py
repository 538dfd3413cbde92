"""A value the field type put right (a look-alike character: "82" read for the enum
value B2) is no surer than one read as it is written: it scores lower (the stop's code
read of ecf584d: "82" became B2 at 0.8829, the confidence of an exact reading, with
nothing to show it)."""

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from tests.words import run

TEMPLATE = ('template t {\n  field level: enum(["A1","A2","B1","B2","C1","C2"]) '
            '= right of "Level:"\n  field ref: id(/[A-Z]{2}\\d{4}/)? = right of "Ref:"\n}')


def _doc(level: str, ref: str) -> Document:
    words = []
    for i, (label, value) in enumerate((("Level:", level), ("Ref:", ref))):
        y = 0.1 + 0.05 * i
        words.append(Word(label, Box(0.05, y, 0.12, y + 0.02), 0, 0.99, "ppocr_rec",
                          char_confidences=(0.99,) * len(label)))
        words.append(Word(value, Box(0.14, y, 0.20, y + 0.02), 0, 0.99, "ppocr_rec",
                          char_confidences=(0.99,) * len(value)))
    return Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def test_a_look_alike_put_right_scores_lower_than_a_value_read_as_written(registry):
    exact = run(TEMPLATE, _doc("B2", "AB1234"), registry)
    repaired = run(TEMPLATE, _doc("82", "A81234"), registry)
    assert repaired.fields["level"].value == "B2" and repaired.fields["ref"].value == "AB1234"
    for name in ("level", "ref"):
        assert repaired.fields[name].confidence < exact.fields[name].confidence - 0.02, name
    # case and spacing are no repair
    lower = run(TEMPLATE, _doc("b2", "AB1234"), registry)
    assert lower.fields["level"].confidence == exact.fields["level"].confidence
