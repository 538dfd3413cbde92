"""An amount an OCR cut in two at its decimal point is one amount in its table cell
(issue 5, the review queue's catch: generated receipts read skewed, seeds 30-35). A
receipt's '14.44' under "Amount" was read as three words, '14' '.' '44', their boxes
touching; the cell read 14 (at 0.79, cut out of its text) and the record was accepted."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import runtime

_LINES = [
    ("BOOK", 0.10, 0.20, 0), ("NOOK", 0.22, 0.34, 0),
    ("DATE:", 0.10, 0.20, 2), ("2020-07-07", 0.22, 0.42, 2),
    ("ITEM", 0.10, 0.18, 3), ("AMOUNT", 0.78, 0.90, 3),
    ("CHEESE", 0.10, 0.22, 4), ("4.67", 0.82, 0.90, 4),
    ("SOAP", 0.10, 0.18, 5), ("23.56", 0.80, 0.90, 5),
    ("CROISSANT", 0.0756, 0.2661, 6),
    ("MILK", 0.10, 0.18, 7), ("3.49", 0.82, 0.90, 7),
    ("TOTAL:", 0.10, 0.22, 9), ("46.16", 0.80, 0.90, 9),
    ("CASH", 0.10, 0.18, 10), ("50.00", 0.80, 0.90, 10),
    ("CHANGE", 0.10, 0.22, 11), ("3.84", 0.82, 0.90, 11),
]


def _word(text, x0, x1, line):
    y = 0.10 + 0.036 * line
    return Word(text, Box(x0, y, x1, y + 0.022), 0, 0.999, "ppocr_rec",
                char_confidences=(0.999,) * len(text))


def _amounts(croissant):
    words = [_word(*w) for w in _LINES] + [_word(t, a, b, 6) for t, a, b in croissant]
    doc = Document("sha256:mark", "receipt.png", "image/png",
                   [Page(0, 1.0, 1.0, "px", words=words)], "test")
    ex = runtime.run(Engine(seen_store="memory").template("receipt"), doc)
    return [str(row["amount"].value) if row["amount"] else None
            for row in ex.tables["items"]]


@pytest.mark.parametrize("croissant", [
    # as read: the point a word of its own, touching the digits on both sides
    [("14", 0.7946, 0.8425), (".", 0.8361, 0.8616), ("44", 0.8616, 0.9062)],
    # the point kept with the cents, or with the euros
    [("14", 0.7946, 0.8425), (".44", 0.8425, 0.9062)],
    [("14.", 0.7946, 0.8616), ("44", 0.8616, 0.9062)],
])
def test_an_amount_cut_at_its_point_is_one_amount(croissant):
    assert _amounts(croissant) == ["4.67", "23.56", "14.44", "3.49"]


def test_a_point_set_apart_by_spaces_joins_nothing():
    # '14 . 44' with a word space either side is not one printed number: not 14.44
    got = _amounts([("14", 0.7600, 0.8000), (".", 0.8200, 0.8300), ("44", 0.8500, 0.8900)])
    assert got[2] != "14.44"
