"""A comb field on a hand-filled form (HR onboarding journey, finding 4).

On a German onboarding form, a Steuer-ID written in 11 comb cells was read
'2948173652 4' (every digit right, a gap at one wall, not joined: the field was missing):
the style model took the line for print, so the printed recognizer read it across the
walls, and the comb reading of the handwriting recognizer never ran. A line in a comb is
now labelled handwritten by the handwriting segmenter. The date of birth in 8 cells over
its caption 'T T M M J J J J' was read with the caption's letters taken into its cells
(a 0 read as 8 at 0.19): print lying wholly under (or over) a comb's ruling, not touching
it, is no writing of its cells.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from tests.handwriting.test_comb_cells import _read, comb_page, needs_font, rec

__all__ = ["rec"]  # the fixture, used by name


@needs_font
@pytest.mark.parametrize("under", ["T T M M J J J J", "TT  MM  JJ  JJ"])
def test_a_caption_under_the_comb_is_not_read_with_its_cells(rec: Any, under: str) -> None:
    bare, box = comb_page("04081992", (40, 52))
    captioned, _ = comb_page("04081992", (40, 52), under=under)
    alone = _read(rec, bare, [box])
    read = _read(rec, captioned, [box])
    assert "".join(w.text for w in read) == "04081992"
    # the caption's letters change nothing of what a cell is read as, nor how surely
    assert [round(w.confidence, 2) for w in read] == \
        pytest.approx([round(w.confidence, 2) for w in alone], abs=0.03)


@needs_font
def test_a_line_in_a_comb_is_handwriting_whatever_the_style_model_says() -> None:
    from formsift.plugins.handwriting.segment import _written_in_combs

    image, (x0, y0, x1, y1) = comb_page("29481736524", (36, 48), under="1 2 3 4 5 6 7 8")
    h, w = image.shape[:2]
    comb = TextRegion(Box(x0, y0, x1, y1), "text", 0.9)  # labelled print
    label = TextRegion(Box(50 / w, (60 + 14) / h, 120 / w, (60 + 30) / h), "text", 0.9)
    caption = TextRegion(Box(x0, (60 + 48 + 3) / h, x0 + 0.2, (60 + 48 + 16) / h), "text", 0.9)
    out = _written_in_combs(image, [comb, label, caption])
    assert [r.kind for r in out] == ["handwritten", "text", "text"]
    assert out[0].attrs.get("comb") is True


@needs_font
def test_a_steuer_id_labelled_print_is_read_cell_by_cell(rec: Any, registry: Any) -> None:
    """The line the segmenter now calls handwriting is read as a comb: single digits,
    which the id type joins."""
    from tests.parsing import best

    image, box = comb_page("29481736524", (36, 48))
    words = _read(rec, image, [box])
    assert [w.text for w in words] == list("29481736524")
    found = best(registry, "id", " ".join(w.text for w in words), pattern=r"\d{11}")
    assert found is not None and found.value == "29481736524"
