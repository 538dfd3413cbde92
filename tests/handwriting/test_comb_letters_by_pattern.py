"""A comb holding letters and digits is read with the characters its field's pattern
allows in each box, and a box set apart (a check digit's) is read with it.

Container journey, stop 32, finding 3: a container number written one character per box,
MSKU9070323 (four letters, then seven digits, the check digit often in a box of its own
set apart), read `M 5 6 0 9 0 7 0 3 2 3`: read freely, a comb of digits in most of its
boxes has a box read unsurely as a letter read as a digit, and read again with the
field's pattern `[A-Z]{3}[UJZ]\\s?\\d{6}\\s?\\d` only the four most probable characters of
each box were tried (a "k" is no capital K); the lone last box was no comb's (fewer than
four cells) and was left out or read twice. The boxes are now read by the pattern's places
(a partial match from box to box: letters where it wants letters), a letter's capital
and small form alike, and boxes that match the pattern whole make one word (the
constrained reading, spaced, did not match the pattern and was dropped)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.test_comb_cells import rec
from tests.handwriting.test_comb_or_value_boxes import _region, boxes_page

__all__ = ["rec"]  # the fixture, used by name

ISO6346 = Constraint(pattern=r"[A-Z]{3}[UJZ]\s?\d{6}\s?\d")
FONTS = {f.name: f for f in handwriting_fonts()}
WANTED = ("ComicNeue-Regular.otf", "BecauseWeBuild-Regular.otf", "DancingScript-Regular.otf")


def _read(rec: Any, number: str, gaps: tuple[int, ...], font: Any,
          constraint: Constraint | None) -> list[Any]:
    image, inks = boxes_page(list(number), (42, 56), gaps=gaps, size=0.6, font=font)
    line = _region(image, (inks[0][0], min(i[1] for i in inks), inks[-1][2],
                           max(i[3] for i in inks)))
    words = rec.recognize(image, SimpleNamespace(index=0), [line], constraint)
    return sorted(words, key=lambda w: w.box.x0)


@pytest.mark.parametrize("font", WANTED)
@pytest.mark.parametrize("gaps", [(), (10,), (4, 10)])
def test_a_container_number_in_a_comb_is_read_by_its_pattern(rec: Any, font: str,
                                                              gaps: tuple[int, ...]) -> None:
    if font not in FONTS:
        pytest.skip(f"{font} not installed")
    words = _read(rec, "MSKU9070323", gaps, FONTS[font], ISO6346)
    assert [w.text for w in words] == ["MSKU9070323"]
    assert len(words[0].char_confidences) == 11
    # read freely, the boxes are single characters, as before (the field types join them)
    free = _read(rec, "MSKU9070323", gaps, FONTS[font], None)
    assert len(free) == 11 and all(len(w.text) == 1 for w in free)


def test_a_box_set_apart_by_more_than_a_box_is_another_value() -> None:
    """A group of boxes next to a comb is read with it when it is set apart by less than a
    box's width (a check digit's box); further away, it is another field's."""
    from formsift.plugins.handwriting.recognize import _set_apart

    def found(gap: int) -> Any:
        cells = [(i * 40, i * 40 + 38) for i in range(10)]
        cells.append((cells[-1][1] + gap, cells[-1][1] + gap + 38))
        return SimpleNamespace(cells=cells, runs=[0] * 10 + [1])

    assert _set_apart(found(14), {0}) == [{0, 1}]
    assert _set_apart(found(60), {0}) == [{0}]


def test_places_of_a_pattern() -> None:
    """The pattern's places choose among each box's characters; a reading no place allows
    is none."""
    import numpy as np

    from formsift.plugins.handwriting.recognize import _by_pattern

    charset = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    def cell(**probs: float) -> Any:
        p = np.zeros(len(charset), np.float32)
        for c, v in probs.items():
            p[charset.index(c.strip("_"))] = v
        return p

    cells = [cell(M=0.9), cell(_5=0.8, S=0.1), cell(k=0.5, _4=0.4), cell(U=0.6, _0=0.3)]
    got = _by_pattern(charset, cells, r"[A-Z]{3}[UJZ]")
    assert got is not None and "".join(c for c, _ in got) == "MSKU"
    assert got[1][1] == pytest.approx(0.1) and got[2][1] == pytest.approx(0.5)
    assert _by_pattern(charset, cells, r"\d{4}") is None  # no digit in the first box
