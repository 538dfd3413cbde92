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
