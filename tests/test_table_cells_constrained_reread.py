"""Handwritten table cells are read again with their column type's constraint.

Chain-of-custody journey (stop 33, finding F4): the container counts of a ruled sample
table, written by hand, were read "N" and "J" (a 3 and a 4), and a time "16-05"; single
``handwritten`` fields were read again with their type's alphabet and pattern
(:mod:`formsift.templates.constrained`), table cells were not, so the counts were lost
and ``sum(samples.containers) == total_containers`` was not evaluated. Now a cell whose
handwriting does not read as its column's type is read again so, in place; the value
found keeps the recognizer's confidence (never above what the same reading of a single
field gets), and a cell still unreadable stays blank and named.

The recognizer here is a stand-in: freely it reads "N" for a 3 and "16-05" for a time;
with a constraint it reads what the constraint allows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion

TABLE = """template t {
  field total: int = right of "Total containers:" handwritten
  table samples {
    sample_id: text header "Sample ID"
    containers: int header "No. Cont." handwritten
    time: time header "Time" handwritten
    until "Total containers:"
  }
}"""


def _allows(constraint: Any, text: str) -> bool:
    from formsift.util.safe_regex import fullmatches

    if constraint is None:
        return False
    if constraint.alphabet and any(ch not in constraint.alphabet for ch in text):
        return False
    return not constraint.pattern or fullmatches(constraint.pattern, text)


class Hand(Recognizer):
    """Reads a region as the first of its ``readings`` (by the region's place on the
    page: ``column`` x -> readings) its constraint allows, else as the free one (the
    first)."""

    name = "hand"
    handwriting = True

    def __init__(self, readings: dict[float, tuple[str, ...]]) -> None:
        super().__init__()
        self.readings = readings
        self.read: list[tuple[TextRegion, Any]] = []

    def ensure_ready(self) -> None:
        pass

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        out = []
        for r in regions:
            self.read.append((r, constraint))
            x = (r.box.x0 + r.box.x1) / 2
            texts = next(t for at, t in self.readings.items() if abs(at - x) < 0.05)
            text = next((t for t in texts if _allows(constraint, t)), texts[0])
            out.append(Word(text, Box(x - 0.01, r.box.y0 + 0.002, x + 0.01, r.box.y1 - 0.002),
                            page.index, 0.9, self.name, True, None, (0.9,) * len(text)))
        return out


class Printed(Recognizer):
    name = "printed"

    def ensure_ready(self) -> None:
        pass


def _word(text: str, x: float, y: float, hand: bool = False) -> Word:
    return Word(text, Box(x, y, x + 0.012 * len(text), y + 0.02), 0, 0.9 if hand else 0.99,
                "hand" if hand else "printed", hand, None,
                (0.9,) * len(text) if hand else None)


def _doc(rows: list[tuple[str, str, str]], total: str = "7") -> Document:
    words = [_word("Sample", 0.10, 0.10), _word("ID", 0.18, 0.10),
             _word("No.", 0.40, 0.10), _word("Cont.", 0.44, 0.10),
             _word("Time", 0.70, 0.10)]
    y = 0.15
    for sample, count, time in rows:
        words += [_word(sample, 0.10, y, True), _word(count, 0.44, y, True),
                  _word(time, 0.70, y, True)]
        y += 0.05
    words += [_word("Total", 0.10, y + 0.05), _word("containers:", 0.17, y + 0.05),
              _word(total, 0.40, y + 0.05, True)]
    return Document("sha256:t", "t.png", "image/png", [Page(0, 800, 1000, words=words)],
                    "image")


def _extract(registry: Any, monkeypatch: pytest.MonkeyPatch, doc: Document, hand: Hand,
             source: str = TABLE) -> Any:
    from formsift import Engine
    from formsift.templates import check_source

    (template,), _ = check_source(source, "t.sift", registry)
    engine = Engine(registry=registry, seen_store="memory")
    monkeypatch.setattr(engine, "_recognition_stages", lambda t: ([], [], [Printed(), hand]))
    monkeypatch.setattr(engine, "_prepared",
                        lambda d, p, pre: np.full((1000, 800), 255, np.uint8))
    return engine.extract_document(doc, template)


def _readings() -> dict[float, tuple[str, ...]]:
    # the count column (its cells' centres near x 0.446) and the time column (0.73)
    return {0.446: ("N", "3"), 0.73: ("16-05", "16:05"), 0.406: ("7",)}


def test_a_handwritten_count_and_time_in_a_table_are_read_again_with_their_type(
        registry, monkeypatch):
    hand = Hand(_readings())
    result = _extract(registry, monkeypatch,
                      _doc([("MW-01", "N", "16-05"), ("MW-02", "4", "09:20")]), hand)
    rows = result.tables["samples"]
    assert [r["containers"].value if r["containers"] else None for r in rows] == [3, 4], \
        result.reasons
    assert str(rows[0]["time"].value).startswith("16:05")
    assert not any(r.field.startswith("samples.") for r in result.reasons), result.reasons
    places = result.page_info[0].notes["constrained"]["places"]
    assert {(p["field"], p["free"], p["read"], p["kept"]) for p in places} == {
        ("samples.containers", "N", "3", True), ("samples.time", "16-05", "16:05", True)}
    # only the cells that did not read were read again, each with its column's constraint
    assert len(hand.read) == 2 and all(c is not None for _, c in hand.read)


def test_a_cell_read_again_is_no_surer_than_a_single_field_read_so(registry, monkeypatch):
    # the same handwriting, "N" read again as 3, in a table cell and as a single field
    hand = Hand(_readings() | {0.406: ("N", "3")})
    result = _extract(registry, monkeypatch, _doc([("MW-01", "N", "09:20")], total="N"),
                      hand)
    cell, field = result.tables["samples"][0]["containers"], result.fields["total"]
    assert cell is not None and field is not None and cell.value == field.value == 3
    assert cell.confidence <= field.confidence


def test_a_cell_still_unreadable_stays_blank_and_is_named(registry, monkeypatch):
    hand = Hand({0.446: ("N",), 0.73: ("16-05",), 0.406: ("7",)})  # nothing else read
    result = _extract(registry, monkeypatch, _doc([("MW-01", "N", "16-05")]), hand)
    row = result.tables["samples"][0]
    assert row["containers"] is None and row["time"] is None
    named = {r.field for r in result.reasons if r.code in ("field_missing", "invalid_value")}
    assert {"samples.containers", "samples.time"} <= named
    assert {p["kept"] for p in result.page_info[0].notes["constrained"]["places"]} == {False}


def test_a_printed_cell_is_not_read_again(registry, monkeypatch):
    hand = Hand(_readings())
    doc = _doc([("MW-01", "4", "09:20")])
    for w in doc.pages[0].words:
        if w.text == "4":
            w.handwritten, w.source = False, "printed"
    doc.pages[0].words[6] = _word("x", 0.44, 0.15)  # a printed "x" under an int column
    result = _extract(registry, monkeypatch, doc, hand,
                      TABLE.replace('header "No. Cont." handwritten', 'header "No. Cont."'))
    assert hand.read == []
    assert result.tables["samples"][0]["containers"] is None
