"""Text drawn into images for OCR tests, the same pixels whatever OpenCV is installed.

``cv2.putText`` is not stable across OpenCV releases: OpenCV 5 replaced the Hershey
stroke fonts with a different typeface and narrower spaces, so a test that drew
``"TEL  :  03"`` with it measured the font, not the recognizer. These helpers lay the
words out explicitly (each at its own x, in points) with PyMuPDF's built-in fonts and
render the page, so the gaps a test asserts on are the gaps it drew.
"""

from __future__ import annotations

from typing import Any


def draw_words(words: list[tuple[float, str]], width: float, fontsize: float = 16,
               dpi: int = 144, font: str = "helv", grey: dict[str, float] | None = None
               ) -> Any:
    """A white BGR strip ``width`` points wide, as tall as a text detector's line box
    (1.6 ``fontsize``), with each ``(x, text)`` written ``x`` points from the left on one
    baseline; ``grey`` gives some texts a grey level (0 black, 1 white) instead of black."""
    import numpy as np
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=width, height=1.6 * fontsize)
    for x, text in words:
        level = (grey or {}).get(text, 0.0)
        page.insert_text((x, 1.2 * fontsize), text, fontsize=fontsize, fontname=font,
                         color=(level, level, level))
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, ::-1]
    doc.close()
    return np.ascontiguousarray(img)


def draw_line(text: str, gap: float = 0.0, fontsize: float = 16, dpi: int = 144,
              margin: float = 8, font: str = "helv") -> Any:
    """``text`` on one line in one of PyMuPDF's base-14 fonts (``helv``, ``tiro``,
    ``cour``, ...); each single space in it is widened by ``gap`` points."""
    import pymupdf

    x, words = margin, []
    for word in text.split(" "):
        if word:
            words.append((x, word))
            x += pymupdf.get_text_length(word, fontname=font, fontsize=fontsize)
        x += pymupdf.get_text_length(" ", fontname=font, fontsize=fontsize) + gap
    return draw_words(words, x + margin, fontsize=fontsize, dpi=dpi, font=font)


def drawn_unaccented(text: str, plain: dict[int, Any], dpi: int = 144, fontsize: float = 16,
                     margin: float = 8, font: str = "helv"
                     ) -> tuple[Any, list[tuple[str, float, float]]]:
    """``text`` drawn character by character (PyMuPDF measures a string holding accented
    letters shorter than its letters, so they are placed one by one), and what a model
    that writes no accent would read, its letters translated by ``plain``: (char,
    confidence, centre as a fraction of the strip's width)."""
    import pymupdf

    x, placed, chars = margin, [], []
    for ch in text:
        w = pymupdf.get_text_length(ch, fontname=font, fontsize=fontsize)
        if ch != " ":
            placed.append((x, ch))
        chars.append((ch.translate(plain), 0.95, x + w / 2))
        x += w
    width = x + margin
    img = draw_words(placed, width, fontsize=fontsize, dpi=dpi, font=font)
    return img, [(c, p, cx / width) for c, p, cx in chars]


def pdf_in_font(font: Any, lines: list[tuple[float, float, str]]) -> bytes:
    """A one-page PDF with each ``(x, y, text)`` written in the TrueType ``font`` (a
    path; the test is skipped where the system lacks it), 10 pt: characters the built-in
    fonts do not have (thin spaces, soft hyphens, Arabic) land in the text layer."""
    import pymupdf
    import pytest

    if not font.exists():
        pytest.skip(f"the font {font.name} is needed to write these characters")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="f0", fontfile=str(font))
    for x, y, text in lines:
        page.insert_text((x, y), text, fontname="f0", fontsize=10)
    return doc.tobytes()
