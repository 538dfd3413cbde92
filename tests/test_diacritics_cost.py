"""What restoring accents costs on ordinary print (code read R1 of 9908d3c: restore got
7-10x slower on plain word lines, 2.8-4.4 ms -> 28-43 ms, because every t, l, L asked for
the line's slant and its own stem's drift, measured anew up to three times, before the
cheap look for a stroke across it). The slant is asked only where a stroke or a tail was
found, and each stem is measured once a line; the readings are unchanged (the italic and
Polish test files hold them)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from formsift.plugins.ocr import diacritics
from formsift.plugins.ocr.diacritics import restore
from tests.test_diacritics_central import _drawn

FONTS = Path("/usr/share/fonts/truetype")
PLAIN = ("Lieferschein Stadtteil Hotel Total", "Little Bottle Ltd., Lot 16 items",
         "Please settle the total within thirty days")


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Which characters' stems were measured for their drift, how often."""
    seen: Counter = Counter()
    real = diacritics._Glyphs._stem_middles

    def counting(self: diacritics._Glyphs, i: int) -> object:
        seen[(id(self), i)] += 1
        return real(self, i)

    monkeypatch.setattr(diacritics._Glyphs, "_stem_middles", counting)
    return seen


@pytest.mark.parametrize("face", ["liberation/LiberationSans-Regular.ttf",
                                  "liberation/LiberationSerif-Regular.ttf",
                                  "dejavu/DejaVuSansMono.ttf"])
@pytest.mark.parametrize("text", PLAIN)
def test_plain_line_measures_no_slant(measured: Counter, face: str, text: str) -> None:
    img, chars = _drawn(text, FONTS / face, 200, fontsize=9)
    assert restore(chars, img) == chars
    assert not measured, "the line's slant was measured with no stroke or tail found"


@pytest.mark.parametrize("face", ["dejavu/DejaVuSans.ttf", "dejavu/DejaVuSansMono.ttf",
                                  "liberation/LiberationSerif-Regular.ttf"])
def test_each_stem_measured_once(measured: Counter, face: str) -> None:
    # Polish print: strokes and ogoneks are found, the slant is asked, each stem once
    img, chars = _drawn("Zakład Usług, Wąska 7, Białystok", FONTS / face, 200, fontsize=9)
    restore(chars, img)
    assert measured and max(measured.values()) == 1
