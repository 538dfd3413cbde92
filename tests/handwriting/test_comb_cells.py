"""Handwritten digits in a comb field, one per printed cell (meters journey, finding F3).

Meter-reading cards have the meter number and the reading written by hand, one digit per
cell of a printed comb. The crnn recognizer read such a line whole, with the cells'
walls, which it read as characters: "746814" in six cells was "7ll618/1/4" and the field
was missing, on all 28 comb fields of the journey (the same digits on a line were read).
Now a line in a comb is read cell by cell, each cell's inside without its walls, as one
character: the cells are single-character words, which the field types join as they join
a printed comb. The combs here are drawn with OpenCV and written in in a handwriting font
installed on the system (the tests skip without one)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, TextRegion
from formsift.handwriting.fonts import handwriting_fonts

#: Handwriting fonts whose digits the shipped model reads (the first one installed).
FONTS = ("dkg.ttf", "Humor-Sans.ttf", "SteveHand.ttf", "Rufscript010.ttf")


def _font() -> Any:
    return next((f for name in FONTS for f in handwriting_fonts() if f.name == name), None)


needs_font = pytest.mark.skipif(_font() is None,
                                reason="no handwriting font of " + ", ".join(FONTS))


def comb_page(digits: str, cell: tuple[int, int] = (40, 52), angle: float = 0.0,
              touch: int | None = None, gaps: tuple[int, ...] = (), seed: int = 3,
              cells: int | None = None, under: str | None = None
              ) -> tuple[Any, tuple[float, float, float, float]]:
    """A strip of page (BGR) with a comb of ``cells`` cells (default: one per digit) of
    ``cell`` (width, height) pixels, its walls 2 pixels wide, a digit of ``digits``
    written in each (a space: the cell left blank), the one at ``touch`` against its
    cell's left wall; ``gaps``: cells before which the comb leaves a gap (a date's
    groups); ``under``: print under the comb. Turned by ``angle`` degrees, given noise and
    saved as a JPEG, like a scan. Also the box a text detector gives the written line
    (fractions of the strip)."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    cw, ch = cell
    n = cells or len(digits)
    width = 240 + n * cw + cw * len(gaps) + 200
    height = 120 + ch
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(_font()), int(0.8 * ch))
    x, y, xs = 240, 60, []
    for k in range(n):
        if k in gaps:
            x += cw // 2
        draw.rectangle([x, y, x + cw, y + ch], outline=0, width=2)
        xs.append(x)
        x += cw
    draw.text((60, y + ch // 3), "Reading", fill=0)  # the field's printed label
    if under:
        draw.text((xs[0], y + ch + 4), under, fill=0)
    for k, c in enumerate(digits):
        if c == " ":
            continue
        left, t, r, b = draw.textbbox((0, 0), c, font=font)
        gx = xs[k] + (cw - (r - left)) / 2 - left + rng.uniform(-2, 2)
        if touch == k:
            gx = xs[k] + 1 - left
        gy = y + (ch - (b - t)) / 2 - t + rng.uniform(-2, 2)
        draw.text((gx, gy), c, fill=0, font=font)
    a = np.array(img)
    if angle:
        m = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1)
        a = cv2.warpAffine(a, m, (width, height), borderValue=255)
    a = np.clip(a + rng.normal(0, 6, a.shape), 0, 255).astype(np.uint8)
    a = cv2.imdecode(cv2.imencode(".jpg", a, [cv2.IMWRITE_JPEG_QUALITY, 80])[1], 0)
    box = ((xs[0] - 4) / width, (y + 0.1 * ch) / height, (xs[-1] + cw + 4) / width,
           (y + 0.9 * ch) / height)
    return cv2.cvtColor(a, cv2.COLOR_GRAY2BGR), box


@pytest.fixture(scope="module")
def rec() -> Any:
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    r = CRNNRecognizer()
    r.ensure_ready()
    return r


def _read(rec: Any, image: Any, boxes: list[tuple[float, float, float, float]],
          constraint: Constraint | None = None) -> list[Any]:
    regions = [TextRegion(Box(*b), "handwritten") for b in boxes]
    words = rec.recognize(image, SimpleNamespace(index=0), regions, constraint)
    return sorted(words, key=lambda w: w.box.x0)


DIGITS = Constraint(alphabet="0123456789")


@needs_font
@pytest.mark.parametrize(("digits", "cell", "angle"), [
    ("746814", (40, 52), 0.0),             # 200 dpi
    ("5972", (28, 36), 1.0),               # 4 cells at 150 dpi, a scan turned a little
    ("49549026", (60, 78), -1.2),          # 300 dpi
    ("31677232", (34, 46), 0.6),
    ("84828884071953360217", (40, 52), 0.4),  # 20 cells
])
def test_digits_in_a_comb_are_read_one_per_cell_without_the_walls(rec, registry, digits,
                                                                   cell, angle):
    from tests.parsing import best

    image, box = comb_page(digits, cell, angle)
    for constraint in (DIGITS, None):  # a box field's alphabet, or none (whole page)
        words = _read(rec, image, [box], constraint)
        assert [w.text for w in words] == list(digits), (constraint, [w.text for w in words])
        assert all(w.handwritten and w.source == "crnn" for w in words)
        # each word is its cell: left to right, none overlapping the next
        assert all(a.box.x1 <= b.box.x0 + 1e-6 for a, b in itertools.pairwise(words))
    text = " ".join(w.text for w in words)
    found = best(registry, "id", text, pattern=rf"\d{{{len(digits)}}}")
    assert found is not None and found.value == digits


@needs_font
def test_a_digit_touching_its_cells_wall_is_read(rec):
    image, box = comb_page("7418", (40, 52), touch=1)
    assert "".join(w.text for w in _read(rec, image, [box], DIGITS)) == "7418"


@needs_font
def test_a_comb_cut_into_several_lines_is_read_once(rec):
    """On a whole page the segmenter may cut a comb into pieces (a wall stands between
    them): every piece reads the comb's cells, each cell once."""
    image, (x0, y0, x1, y1) = comb_page("52601815", (40, 52))
    mid = (x0 + x1) / 2
    words = _read(rec, image, [(x0, y0, mid + 0.01, y1), (mid - 0.01, y0, x1, y1)])
    assert "".join(w.text for w in words) == "52601815"


@needs_font
def test_a_date_written_in_a_comb_of_three_groups(rec, registry):
    from tests.parsing import best

    image, box = comb_page("14072026", (36, 48), gaps=(2, 4), under="D  D    M  M    Y  Y  Y  Y")
    words = _read(rec, image, [box])
    assert "".join(w.text for w in words) == "14072026"
    found = best(registry, "date", " ".join(w.text for w in words))
    assert found is not None and str(found.value) == "2026-07-14"


@needs_font
def test_blank_cells(rec):
    """Cells left blank after the value give no word; one between written cells gives a
    "?", so that no value of the right shape reads without the character it lost."""
    image, box = comb_page("908301", (40, 52), cells=8)
    assert [w.text for w in _read(rec, image, [box], DIGITS)] == list("908301")
    image, box = comb_page("90 301", (40, 52))
    words = _read(rec, image, [box], DIGITS)
    assert [w.text for w in words] == list("90?301")
    assert words[2].confidence == 0.0


@needs_font
def test_digits_on_a_line_are_read_as_a_line(rec):
    """No comb (digits on an underline, in one box, print under a comb): as before."""
    import cv2

    from formsift.plugins.handwriting import comb as C

    image, box = comb_page("746814", (40, 52))
    # the walls and rulings painted out: digits on a line
    plain = image.copy()
    y0, y1 = 60, 60 + 52
    plain[y0 - 2:y0 + 3, :] = 255
    for x in range(240, 240 + 6 * 40 + 1, 40):
        plain[y0:y1 + 3, x - 2:x + 3] = 255
    near = C.around(plain, TextRegion(Box(*box), "handwritten"))
    assert near is not None and C.find_comb(near.gray, near.height) is None
    words = _read(rec, plain, [box], DIGITS)
    assert len(words) == 1  # one word, as a line is read
    # one box around the digits (a cheque's amount box): two walls, no comb
    boxed = plain.copy()
    cv2.rectangle(boxed, (236, 58), (240 + 6 * 40 + 4, y1 + 2), (0, 0, 0), 2)
    near = C.around(boxed, TextRegion(Box(*box), "handwritten"))
    assert near is not None and C.find_comb(near.gray, near.height) is None


@needs_font
def test_print_under_a_comb_is_not_read_as_its_cells(rec):
    from formsift.plugins.handwriting import comb as C

    image, _ = comb_page("14072026", (36, 48), gaps=(2, 4), under="D  D    M  M    Y  Y  Y  Y")
    h, w = image.shape[:2]
    label = TextRegion(Box(240 / w, (60 + 48 + 3) / h, (240 + 10 * 36) / w,
                           (60 + 48 + 16) / h), "handwritten")
    near = C.around(image, label)
    found = C.find_comb(near.gray, near.height) if near is not None else None
    assert found is None or not near.holds(found)
