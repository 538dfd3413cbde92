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


@pytest.mark.parametrize("line", ["Total TTC : 1\u00a0250,00 €", "Dosis: 50 µg (Preis 3,00 €)",
                                  "Net ¬®© ¤ ½ 5°C § €"])
def test_latin1_letters_beside_a_wide_one_keep_their_glyphs(line):
    # code read r12: a line with '€' was written wholly in Droid Sans Fallback, which has
    # no no-break space nor 'µ', so they read back '\x00' ('1\x00250,00 €': total 250.00).
    # Latin-1 letters stay in Helvetica, whose no-break space reads back as a space.
    assert _text(pdf_from_lines([line])) == [line.replace("\u00a0", " ")]


def test_a_line_of_accented_letters_too_wide_is_an_error():
    # pymupdf.get_text_length counted 'Ü' * 80 (578 points) as 289, so the line passed the
    # width check and was cut at the page's edge
    with pytest.raises(FormsiftError, match=r"line 1 is \d+ points wide"):
        pdf_from_lines(["Ü" * 80])
    assert _text(pdf_from_lines(["Ü" * 80], size=(800, 842))) == ["Ü" * 80]
