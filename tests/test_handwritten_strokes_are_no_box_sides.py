"""A handwritten value written in groups ("CAIU 554310 5") right of its label is read
whole: the stems of its letters and digits, which the ruling detector may take for short
vertical lines, do not cut the value as a box's side would (container journey, stop 32:
only "CAIU" was tried against the container number's pattern)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift import Engine
from formsift.core.geometry import Box
from formsift.templates.rulings import Rule, Rulings

DKG = Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf")

TEMPLATE = """template eir {
  match { contains "Container" }
  field container_no: id(/[A-Z]{3}[UJZ]\\s?\\d{6}\\s?\\d/) = right of "Container No." handwritten
}
"""


def test_a_short_stroke_between_two_words_is_no_side_when_the_line_must_reach():
    a, b = Box(0.29, 0.276, 0.346, 0.35), Box(0.372, 0.276, 0.468, 0.35)
    stroke = Rulings(horizontal=(), vertical=(Rule(at=0.357, start=0.288, end=0.324),))
    side = Rulings(horizontal=(), vertical=(Rule(at=0.357, start=0.25, end=0.37),))
    assert stroke.between(a, b)  # as any vertical line (printed words keep this)
    assert not stroke.between(a, b, reach=True)
    assert side.between(a, b, reach=True)


@pytest.mark.skipif(not DKG.is_file(), reason="needs fonts-dkg-handwriting")
@pytest.mark.parametrize("number", ["CAIU 554310 5", "MSKU 907032 3"])
def test_a_container_number_written_in_groups_is_read_whole(tmp_path, number):
    import cv2
    import fitz

    doc = fitz.open()
    page = doc.new_page(width=595, height=300)
    page.insert_font(fontname="hw", fontfile=str(DKG))
    page.insert_text((40, 100), "Container No.", fontname="hebo", fontsize=10)
    page.draw_line(fitz.Point(170, 104), fitz.Point(400, 104), color=(.4, .4, .4), width=.5)
    page.insert_text((175, 100), number, fontname="hw", fontsize=16, color=(0.05, 0.1, 0.5))
    pix = page.get_pixmap(dpi=200)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
    path = tmp_path / "eir.png"
    cv2.imwrite(str(path), cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))
    sift = tmp_path / "eir.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    result = Engine().extract(path, sift)
    assert result.record()["container_no"] == number
