"""A handwritten number whose free reading holds a point or a comma between digits is not
read again with its type's constraint (:func:`formsift.templates.constrained.wrong_shape`).

"0045.127" under ``digits`` is a value of the wrong shape (``invalid_value``: "holds a point
or a comma"), not a misreading: the constrained reading (digits alone) drops the point the
free reading saw, and took its place as an accepted 0045127; under ``int``, "12.5" became
125. A look-alike character ("0045/27") is still read again.

The recognizer is a stand-in (:class:`tests.test_handwritten_constrained_reread.Hand`): it
reads every region as ``free``, or as ``shaped`` under a constraint with a pattern.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from tests.test_handwritten_constrained_reread import Hand, Printed

TEMPLATE = """template t {
  field current: %s = right of "Reading:" handwritten
}"""


def _doc(free: str) -> Document:
    words = [Word("Reading:", Box(0.05, 0.20, 0.15, 0.22), 0, 0.99, "printed"),
             Word(free, Box(0.30, 0.20, 0.30 + 0.012 * len(free), 0.22), 0, 0.9, "hand",
                  True, None, (0.9,) * len(free))]
    return Document("sha256:t", "t.png", "image/png", [Page(0, 800, 1000, words=words)],
                    "image")


def _extract(registry: Any, monkeypatch: pytest.MonkeyPatch, ftype: str, free: str,
             shaped: str) -> tuple[Any, Hand]:
    from formsift import Engine
    from formsift.templates import check_source

    (template,), _ = check_source(TEMPLATE % ftype, "t.sift", registry)
    hand = Hand()
    hand.free, hand.shaped = free, shaped
    engine = Engine(registry=registry, seen_store="memory")
    monkeypatch.setattr(engine, "_recognition_stages", lambda t: ([], [], [Printed(), hand]))
    monkeypatch.setattr(engine, "_prepared",
                        lambda d, p, pre: np.full((1000, 800), 255, np.uint8))
    return engine.extract_document(_doc(free), template), hand


@pytest.mark.parametrize(("ftype", "free", "shaped"), [
    ("digits", "0045.127", "0045127"), ("digits(7)", "0045.127", "0045127"),
    ("digits", "11,596", "11596"), ("int", "12.5", "125"),
    ("id(/[0-9]{7}/)", "0045.127", "0045127"), ("digits(7)", "0045./27", "0045127"),
    ("id(/[0-9]{7}/)", "0045./27", "0045127")])
def test_a_point_between_digits_is_not_read_away(registry, monkeypatch, ftype, free, shaped):
    result, hand = _extract(registry, monkeypatch, ftype, free, shaped)
    assert result.status.value != "accepted"
    assert result.fields["current"] is None
    assert [r.code for r in result.reasons if r.field == "current"] == ["invalid_value"]
    assert hand.read == []  # not read again


def test_a_look_alike_is_still_read_again(registry, monkeypatch):
    result, hand = _extract(registry, monkeypatch, "digits(7)", "0045/27", "0045127")
    assert str(result.fields["current"].value) == "0045127", result.reasons
    assert hand.read


def test_a_table_cell_with_a_point_is_not_read_away(registry, monkeypatch):
    """The same in a handwritten table cell: "12.5" in an ``int`` column is no 125."""
    from tests.test_table_cells_constrained_reread import Hand as CellHand
    from tests.test_table_cells_constrained_reread import _doc as table_doc
    from tests.test_table_cells_constrained_reread import _extract as extract_table

    hand = CellHand({0.446: ("12.5", "125"), 0.73: ("09:20",), 0.406: ("7",)})
    result = extract_table(registry, monkeypatch,
                           table_doc([("MW-01", "12.5", "09:20"), ("MW-02", "4", "09:20")]),
                           hand)
    cells = [r["containers"] for r in result.tables["samples"]]
    assert cells[0] is None and cells[1].value == 4, result.reasons
    assert result.status.value != "accepted"
    assert all(constraint is None for _, constraint in hand.read)
