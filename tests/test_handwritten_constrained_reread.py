"""A handwritten field's value on a whole page is read again with its type's constraint.

HR onboarding journey, finding 3: on US forms filled in with handwritten digits, 18 of 18
dates written with "/" were missed: the handwriting recognizer reads a page before anyone
knows what its lines hold, and read the slashes as ones ("07/14119 91"); only region-first
``box(...)`` fields were read with the date type's alphabet and pattern. Now, after the
template's run, the handwriting where a ``handwritten`` field gave no value is read again
with the field type's constraint (:mod:`formsift.templates.constrained`), and the
constrained reading is kept where it reads as a value of the type, whole.

The recognizer here is a stand-in: it reads the slashes as ones unless a constraint with a
pattern asks for a date's shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion

TEMPLATE = """template t {
  field name: text = right of "Name:" handwritten
  field born: date(formats=["%%d.%%m.%%Y", "%%m/%%d/%%Y"]) = right of "Date of birth:"%s
}"""


class Hand(Recognizer):
    """Reads every region as ``free``, or as ``shaped`` when the constraint has a
    pattern (the field type's shape); counts the regions it is given."""

    name = "hand"
    handwriting = True
    free, shaped = "07/14119 91", "07/14/1991"

    def __init__(self) -> None:
        super().__init__()
        self.read: list[tuple[TextRegion, Any]] = []

    def ensure_ready(self) -> None:
        pass

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        out = []
        for r in regions:
            self.read.append((r, constraint))
            text = self.shaped if constraint is not None and constraint.pattern else self.free
            x = r.box.x0
            for part in text.split():
                w = 0.3 * (r.box.width * len(part) / len(text))
                out.append(Word(part, Box(x, r.box.y0, x + w, r.box.y1), page.index, 0.9,
                                self.name, True, None, (0.9,) * len(part)))
                x += w + 0.01
        return out


class Printed(Recognizer):
    name = "printed"

    def ensure_ready(self) -> None:
        pass


def _doc(born: tuple[str, ...] = ("07/14119", "91")) -> Document:
    words = [Word("Name:", Box(0.05, 0.10, 0.12, 0.12), 0, 0.99, "printed"),
             Word("Kim", Box(0.30, 0.10, 0.36, 0.12), 0, 0.9, "hand", True),
             Word("Date", Box(0.05, 0.20, 0.09, 0.22), 0, 0.99, "printed"),
             Word("of", Box(0.10, 0.20, 0.12, 0.22), 0, 0.99, "printed"),
             Word("birth:", Box(0.13, 0.20, 0.18, 0.22), 0, 0.99, "printed")]
    x = 0.30
    for text in born:
        words.append(Word(text, Box(x, 0.20, x + 0.012 * len(text), 0.22), 0, 0.9, "hand",
                          True, None, (0.9,) * len(text)))
        x += 0.012 * len(text) + 0.01
    return Document("sha256:t", "t.png", "image/png", [Page(0, 800, 1000, words=words)],
                    "image")


def _extract(registry: Any, monkeypatch: pytest.MonkeyPatch, hint: str = " handwritten",
             doc: Document | None = None, hand: Hand | None = None) -> Any:
    from formsift import Engine
    from formsift.templates import check_source

    (template,), _ = check_source(TEMPLATE % hint, "t.sift", registry)
    hand = hand or Hand()
    engine = Engine(registry=registry, seen_store="memory")
    monkeypatch.setattr(engine, "_recognition_stages", lambda t: ([], [], [Printed(), hand]))
    monkeypatch.setattr(engine, "_prepared",
                        lambda d, p, pre: np.full((1000, 800), 255, np.uint8))
    return engine.extract_document(doc or _doc(), template)


def test_a_handwritten_date_is_read_again_with_the_date_types_shape(registry, monkeypatch):
    hand = Hand()
    result = _extract(registry, monkeypatch, hand=hand)
    born = result.fields["born"]
    assert born is not None and str(born.value) == "1991-07-14", result.reasons
    assert born.raw == "07/14/1991" and born.source == "hand"
    # one region, the date's line, read once, with the date type's constraint
    ((region, constraint),) = hand.read
    assert region.kind == "handwritten" and constraint.pattern
    assert region.box.contains_center_of(Box(0.30, 0.20, 0.40, 0.22))
    (place,) = result.page_info[0].notes["constrained"]["places"]
    assert place["field"] == "born" and place["free"] == "07/14119 91" \
        and place["read"] == "07/14/1991" and place["kept"] is True


def test_a_constrained_reading_that_is_no_date_leaves_the_free_one(registry, monkeypatch):
    hand = Hand()
    hand.shaped = "07/14/19 9 1"  # no date's shape: the free words stay
    result = _extract(registry, monkeypatch, hand=hand)
    assert result.fields["born"] is None
    (page,) = result.page_info
    assert [w.text for w in page.words if w.source == "hand"] == ["Kim", "07/14119", "91"]
    (place,) = page.notes["constrained"]["places"]
    assert place["kept"] is False


def test_a_date_that_reads_is_not_read_again(registry, monkeypatch):
    hand = Hand()
    result = _extract(registry, monkeypatch, doc=_doc(("07/14/1991",)), hand=hand)
    assert str(result.fields["born"].value) == "1991-07-14"
    assert hand.read == [] and "constrained" not in result.page_info[0].notes


def test_a_field_without_the_hint_is_not_read_again(registry, monkeypatch):
    hand = Hand()
    result = _extract(registry, monkeypatch, hint="", hand=hand)
    assert result.fields["born"] is None and hand.read == []
