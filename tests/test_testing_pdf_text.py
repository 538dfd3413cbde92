"""formsift.testing.pdf_from_lines writes exactly the lines given (code read r8 of
7c4597d): Helvetica's Latin-1 encoding turned '€', 'Łódź' and Cyrillic into '·', and a
line wider than the page was cut at its edge, so a plugin's test read other text than it
wrote. Lines beyond Latin-1 are now written in pymupdf's built-in Droid Sans Fallback; a
line too wide, or a character no font here has, is a one-line error."""

from __future__ import annotations

import pymupdf
import pytest

from formsift.core.errors import FormsiftError
from formsift.testing import pdf_from_lines


def _text(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf) as doc:
        return doc[0].get_text().splitlines()


def test_the_page_holds_the_letters_given():
    lines = ["Total: 12,00 €", "Città: Łódź", "Имя: Иван", "公司: 东京", "VAT: IT 123"]
    assert _text(pdf_from_lines(lines)) == lines


def test_latin1_lines_keep_helvetica():
    with pymupdf.open(stream=pdf_from_lines(["Città: Köln", "Total 12.00"])) as doc:
        assert [f[3] for f in doc[0].get_fonts()] == ["Helvetica"]


def test_a_line_wider_than_the_page_is_an_error_not_a_line_cut():
    line = "Description: " + "word " * 30 + "END 99.00"
    with pytest.raises(FormsiftError, match=r"line 2 is \d+ points wide") as caught:
        pdf_from_lines(["Invoice", line])
    assert "\n" not in str(caught.value)
    assert _text(pdf_from_lines([line], size=(1200, 842))) == [line]  # a wider page


def test_a_character_without_a_glyph_is_an_error_naming_it():
    with pytest.raises(FormsiftError, match=r"line 1 has 'ب' \(U\+0628\)"):
        pdf_from_lines(["Name: باسم"])
