"""An ó the model read as a 6 comes back sure only where the rest of its word was read sure
(code read R1 of 9908d3c: FreeMono 9 pt at 150 dpi read 'Wrocław Główny' as 'Wroclaw
Gi6wny'; the digit inside the word had sent the value to review at 0.25, and the ó put back
for it made 'Wroclaw Giówny' accepted at 0.858, its i the misread ł). A digit inside a word
is a doubt of the model's: where another letter of the word is doubtful too, the ó stays
doubted."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.plugins.ocr.diacritics import UNREAD_MARK, restore
from tests.test_diacritics_central import _drawn

FONTS = Path("/usr/share/fonts/truetype")
FACES = ("dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSans.ttf", "freefont/FreeSerif.ttf")


def _read(text: str, face: str, doubted: dict[int, float]) -> list[tuple[str, float, float]]:
    img, chars = _drawn(text, FONTS / face, 200, fontsize=10,
                        readings={k: "6" for k, ch in enumerate(text) if ch == "ó"})
    return restore([(c, doubted.get(k, p), x) for k, (c, p, x) in enumerate(chars)], img)


@pytest.mark.parametrize("face", FACES)
def test_o_from_a_6_in_a_doubted_word_stays_doubted(face: str) -> None:
    out = _read("Góra Kalwaria", face, {2: 0.62})  # the r doubted
    assert out[1][0] in "ó6" and out[1][1] <= UNREAD_MARK


@pytest.mark.parametrize("face", FACES)
def test_o_from_a_6_in_a_sure_word_comes_back_sure(face: str) -> None:
    # a doubted letter in another word leaves this word's ó sure
    out = _read("Góra Kalwaria", face, {8: 0.62})
    assert out[1][:2] == ("ó", 0.95)
