"""A number's mark or sign is never a ghost word (the code read of d6cafe5 and 4b6a317).
The ghost rule drops, before a cell is read, a printed OCR word more than half inside a
surer word's box on its line. A decimal point is a narrow, unsure word whose box comes
from splitting the line, so it often lies mostly inside a digit's box: with the '.' of
'14.44' read at 0.60, 83% inside the box of '14', and the digits at 0.95, the rule dropped
the point, the cell read 44 and the receipt was accepted. A word of marks alone beside a
digit ('.', ',', "'", '-', '/', ':', '%', '$') is a ghost only when the word it lies in
holds that mark itself (the mark read twice)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import runtime
from formsift.templates.tables import without_ghosts
from tests.test_table_amount_split_at_its_mark import _LINES, _word


def _ocr(text, x0, x1, conf, line=6):
    y = 0.10 + 0.036 * line
    return Word(text, Box(x0, y, x1, y + 0.022), 0, conf, "ppocr_rec",
                char_confidences=(conf,) * len(text))


def _amounts(croissant):
    words = [_word(*w) for w in _LINES] + [_ocr(*c) for c in croissant]
    doc = Document("sha256:mark", "receipt.png", "image/png",
                   [Page(0, 1.0, 1.0, "px", words=words)], "test")
    ex = runtime.run(Engine(seen_store="memory").template("receipt"), doc)
    return [str(r["amount"].value) if r["amount"] else None
            for r in ex.tables["items"]], ex.status.value


@pytest.mark.parametrize("point", [(0.8350, 0.8440), (0.8300, 0.8420)],
                         ids=["83pct_inside", "all_inside"])
def test_a_point_inside_a_surer_digits_box_is_kept(point):
    got, _ = _amounts([("14", 0.7946, 0.8425, 0.95), (".", *point, 0.60),
                       ("44", 0.8440, 0.9062, 0.95)])
    assert got == ["4.67", "23.56", "14.44", "3.49"]


@pytest.mark.parametrize("mark", [".", ",", "'", ":", "/"])
def test_a_mark_between_digits_is_no_ghost(mark):
    words = [_ocr("12", 0.50, 0.55, 0.95), _ocr(mark, 0.545, 0.552, 0.6),
             _ocr("05", 0.552, 0.60, 0.95)]
    assert [w.text for w in without_ghosts(words)] == ["12", mark, "05"]


@pytest.mark.parametrize("texts", [("-", "14.44"), ("$", "14.44"), ("14.44", "%")])
def test_a_sign_beside_a_number_is_no_ghost(texts):
    a, b = texts
    if a in "-$":  # the sign's box mostly inside the number's
        words = [_ocr(a, 0.500, 0.506, 0.6), _ocr(b, 0.501, 0.56, 0.95)]
    else:
        words = [_ocr(a, 0.50, 0.56, 0.95), _ocr(b, 0.555, 0.562, 0.6)]
    assert [w.text for w in without_ghosts(words)] == [a, b]


def test_a_mark_read_twice_still_goes():
    # the guard: a '.' inside '14.44', which holds its point already, is read twice
    words = [_ocr("14.44", 0.50, 0.56, 0.95), _ocr(".", 0.525, 0.53, 0.6),
             _ocr("USD", 0.57, 0.60, 0.95)]
    assert [w.text for w in without_ghosts(words)] == ["14.44", "USD"]
    # and a digit read in a gap inside a surer word goes as before
    words = [_ocr("APPLES", 0.0948, 0.2225, 0.999), _ocr("6", 0.2136, 0.2269, 0.543),
             _ocr("1KG", 0.2429, 0.3069, 0.998)]
    assert [w.text for w in without_ghosts(words)] == ["APPLES", "1KG"]
