"""Handwritten names lost their marks at full confidence (KYC journey: "MÜLLER" read
"MULLER", "Köln" "KOLN", "Dvořák" "Dvorak", all at 0.81-0.88 with no reason): a line of
capitals alone had no x-height line to judge marks against, a rule under the writing was
matched to a letter (the line then looked broken and nothing was judged), and a pen's
thick caron was taken for a bar. Drawn in handwriting fonts, read without the marks."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from formsift.plugins.ocr.diacritics import UNREAD_MARK, restore
from tests.test_diacritics_central import _drawn

OT = Path("/usr/share/fonts/opentype")
TT = Path("/usr/share/fonts/truetype")
COMIC = OT / "comic-neue/ComicNeue-Regular.otf"
KLEE = TT / "klee/KleeOne-Regular.ttf"
KAUSHAN = OT / "kaushanscript/KaushanScript-Regular.otf"
STEVE = TT / "sjfonts/SteveHand.ttf"
KRISTI = TT / "kristi/Kristi.ttf"


def _plain(ch: str) -> str:
    return {"Ł": "L", "ł": "t"}.get(ch) or unicodedata.normalize("NFD", ch)[0]


def _read(text: str, font: Path, dpi: int, rule: tuple[float, float] | None = None):
    """``text`` read without its marks, restored; ``rule``: a line under the writing
    across that share of the crop (the form's box cut into the crop)."""
    img, chars = _drawn(text, font, dpi, fontsize=16,
                        readings={k: _plain(c) for k, c in enumerate(text)})
    if rule is not None:
        img = img.copy()
        w = img.shape[1]
        img[-1:, int(rule[0] * w):int(rule[1] * w)] = 0
    return restore(chars, img)


@pytest.mark.parametrize(("text", "font", "dpi"), [
    ("MÜLLER", COMIC, 300), ("JÜRGEN", KLEE, 200), ("KÖLN", COMIC, 150),
    ("ŁÓDŹ", COMIC, 300)])
def test_a_name_in_block_capitals_gets_its_marks_back(text, font, dpi):
    assert "".join(c[0] for c in _read(text, font, dpi)) == text


@pytest.mark.parametrize(("text", "font", "dpi"), [("MÜNCHEN", STEVE, 300),
                                                   ("Köln", KAUSHAN, 200)])
def test_a_mark_not_read_leaves_its_letter_unsure(text, font, dpi):
    out = _read(text, font, dpi)
    got = "".join(c[0] for c in out)
    assert got == text or min(c[1] for c in out) <= UNREAD_MARK


def test_a_rule_under_the_writing_is_no_letter():
    assert "".join(c[0] for c in _read("Köln", COMIC, 300)) == "Köln"
    assert "".join(c[0] for c in _read("Köln", COMIC, 300, rule=(0.3, 0.63))) == "Köln"


def test_a_pens_thick_caron_is_a_caron():
    assert "".join(c[0] for c in _read("Dvořák", KAUSHAN, 300)) == "Dvořák"


@pytest.mark.parametrize(("text", "dpi"), [("Lisbon", 200), ("Lisbon", 300)])
def test_an_i_dot_over_the_next_letter_is_no_accent(text, dpi):
    out = _read(text, KRISTI, dpi)
    assert "".join(c[0] for c in out) == text and min(c[1] for c in out) > 0.7


@pytest.mark.parametrize("text", ["MILLER", "JAKOB", "HAMBURG", "Jessica", "Milano"])
@pytest.mark.parametrize("font", [COMIC, KLEE, STEVE])
def test_plain_names_stay_sure(text, font):
    """Guard (passes before too): box lines and i/j dots are no marks."""
    for dpi in (150, 300):
        out = _read(text, font, dpi, rule=(0.0, 1.0))
        assert "".join(c[0] for c in out) == text and min(c[1] for c in out) > 0.7
