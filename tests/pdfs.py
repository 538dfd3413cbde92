"""Comparing generated PDFs by what they show, not by their bytes.

The bytes PyMuPDF writes for the same drawing change between its releases (object order,
compression, producer string), so a committed sample compared byte for byte goes "stale"
whenever a new PyMuPDF is installed. What the tests care about is what a reader sees: the
pages and their sizes, every word at its place, the drawn lines and the images.
"""

from __future__ import annotations

from typing import Any


def content(pdf: bytes) -> list[dict[str, Any]]:
    """Per page: its size, its words with their boxes (to 0.01 pt), how many drawings and
    images it has."""
    import pymupdf

    out = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for page in doc:
            out.append({
                "size": (round(page.rect.width, 2), round(page.rect.height, 2)),
                "words": [(w[4], *(round(v, 2) for v in w[:4]))
                          for w in page.get_text("words")],
                "drawings": len(page.get_drawings()),
                "images": len(page.get_images()),
            })
    return out


def same_document(a: bytes, b: bytes) -> bool:
    """Whether two PDFs show the same pages, words, drawings and images."""
    return content(a) == content(b)


def text_lines(*texts: str | None, x: float = 50, top: float = 60, step: float = 16
               ) -> list[tuple[float, float, str]]:
    """A page for ``make_pdf``: ``texts`` one under the other at ``x`` points, the first
    ``top`` points from the page's top, ``step`` points apart (a None takes no line)."""
    return [(x, top + step * k, t) for k, t in enumerate(t for t in texts if t is not None)]
