"""PDF text layers: a number whose digit groups are set apart by no-break, thin or other
typographic spaces is one word."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.core.engine import Engine
from tests.drawing import pdf_in_font

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


_pdf = pdf_in_font


def _words(engine, pdf: bytes) -> list[str]:
    return [w.text for w in engine.load(pdf, name="t.pdf").pages[0].words]


# -- spaces between digit groups -----------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u2007", "\u2008",
                                   "\u200a", "\u2002", "\u2005"])
def test_a_number_grouped_by_any_typographic_space_is_one_word(engine, space):
    """Swedish invoices group thousands by thin spaces ('16 200,00'), French ones by
    narrow no-break spaces: the loader gives every such number as one word, with its
    space, as it gives one grouped by no-break spaces (which MuPDF splits at)."""
    pdf = _pdf(DEJAVU, [(50, 100, f"Summa 16{space}200,00 kr"),
                        (50, 120, f"Total 1{space}234{space}567,00")])
    assert _words(engine, pdf) == ["Summa", f"16{space}200,00", "kr",
                                   "Total", f"1{space}234{space}567,00"]


def test_a_number_grouped_by_mixed_spaces_is_one_word(engine):
    """A no-break space beside or among other spaces: MuPDF's pieces were left apart
    ('12', '345\u2009678,90'), read as two numbers."""
    pdf = _pdf(DEJAVU, [(50, 100, "A 12\u00a0345\u2009678,90 end"),
                        (50, 120, "B 12\u2009345\u00a0678,90 end"),
                        (50, 140, "C 16\u2002\u00a0200,00 end"),
                        (50, 160, "D -1\u00a0234,00 end")])
    assert _words(engine, pdf) == [
        "A", "12\u00a0345\u2009678,90", "end", "B", "12\u2009345\u00a0678,90", "end",
        "C", "16\u2002\u00a0200,00", "end", "D", "-1\u00a0234,00", "end"]
