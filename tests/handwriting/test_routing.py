"""Handwritten regions go to handwriting recognizers; templates with `handwritten` hints get
them automatically."""

from __future__ import annotations

from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion
from formsift.core.routing import route, wants_handwriting


class _Printed(Recognizer):
    name = "printed_test"


class _Hand(Recognizer):
    name = "hand_test"
    handwriting = True


def _regions() -> list[TextRegion]:
    return [TextRegion(Box(0, 0, 1, 0.1)), TextRegion(Box(0, 0.2, 1, 0.3), "handwritten"),
            TextRegion(Box(0, 0.4, 1, 0.5), "checkbox")]


def test_each_recognizer_gets_its_regions():
    printed, hand = _Printed(), _Hand()
    pairs = route([printed, hand], _regions())
    got = {r.name: [g.kind for g in gs] for r, gs in pairs}
    assert got == {"printed_test": ["text", "checkbox"], "hand_test": ["handwritten"]}


def test_without_a_handwriting_recognizer_everything_goes_everywhere():
    printed = _Printed()
    assert [len(gs) for _, gs in route([printed], _regions())] == [3]
    hand = _Hand()  # alone, it reads everything too
    assert [len(gs) for _, gs in route([hand], _regions())] == [3]


def test_no_handwriting_no_call():
    printed, hand = _Printed(), _Hand()
    regions = [TextRegion(Box(0, 0, 1, 0.1))]
    assert [r.name for r, _ in route([printed, hand], regions)] == ["printed_test"]


def test_library_delivery_note_asks_for_handwriting(registry):
    from formsift.templates import load_template

    assert wants_handwriting(load_template("delivery_note", registry))
    assert not wants_handwriting(load_template("invoice", registry))
