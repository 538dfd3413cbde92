"""Letters touching their neighbour have no ogonek or cedilla of their own (code read R1
of 9908d3c): an 'ag' in URW Bookman Light 7 pt at 150 dpi is one piece of ink, and the g's
descender hanging from it was taken for the a's ogonek ('Hotel Prague' read 'Hotel Prągue'
at 0.95); a 'per' run together by a JPEG (Nimbus Roman 7 pt, 150 dpi) doubted its e for a
"tail elsewhere" (UNREAD_MARK: a review for nothing). A letter whose ink holds a
neighbour's place is two letters touching. The reading given is the text itself: restore
must change nothing and doubt nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.plugins.ocr.diacritics import restore

URW = Path("/usr/share/fonts/opentype/urw-base35")


def _drawn(words: list[tuple[str, Path]], size: float, dpi: int, margin: float = 8
           ) -> tuple[object, list[tuple[str, float, float]]]:
    """Words each in a face of its own (an italic word in an upright line), one character
    at a time, and the text as its reading (x as a fraction of the crop's width)."""
    import numpy as np
    import pymupdf

    for _, face in words:
        if not face.exists():
            pytest.skip(f"{face} not installed")
    x, placed, chars = margin, [], []
    for k, (text, face) in enumerate(words):
        font = pymupdf.Font(fontfile=str(face))
        for ch in text + (" " if k < len(words) - 1 else ""):
            w = font.text_length(ch, fontsize=size)
            if ch != " ":
                placed.append((x, ch, face))
            chars.append((ch, 0.95, x + w / 2))
            x += w
    width = x + margin
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=1.6 * size)
    names = {face: f"f{k}" for k, face in enumerate(sorted({f for _, f in words}))}
    for face, name in names.items():
        page.insert_font(fontname=name, fontfile=str(face))
    for px, ch, face in placed:
        page.insert_text((px, 1.2 * size), ch, fontsize=size, fontname=names[face])
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, ::-1]
    return np.ascontiguousarray(img), [(c, p, cx / width) for c, p, cx in chars]


def _jpeg(img: object, quality: int) -> object:
    import cv2

    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


#: (text, indexes of italic words, upright face, italic face, dpi, pt, JPEG quality)
CASES = [
    ("Nr. 6a, A6 paper, 6th floor", set(), URW / "NimbusRoman-Regular.otf", None, 150, 7, 30),
]


@pytest.mark.parametrize(("text", "italic", "upright", "slanted", "dpi", "pt", "quality"),
                         CASES, ids=[c[0].split()[-1] for c in CASES])
def test_jpeg_plain_print_not_doubted(text: str, italic: set[int], upright: Path,
                                      slanted: Path | None, dpi: int, pt: float,
                                      quality: int) -> None:
    words = [(w, slanted if k in italic and slanted else upright)
             for k, w in enumerate(text.split(" "))]
    img, chars = _drawn(words, pt, dpi)
    assert restore(chars, _jpeg(img, quality)) == chars


@pytest.mark.parametrize("text", ["Hotel Prague", "Prague, Kenya", "Prague Airport"])
def test_touching_letters_have_no_ogonek(text: str) -> None:
    img, chars = _drawn([(w, URW / "URWBookman-Light.otf") for w in text.split(" ")], 7, 150)
    assert restore(chars, img) == chars
