"""Italic and oblique print keeps its plain t, l and L (code read Z2 of 24acd58: a leaning
stem sticks out right at its top and left at its foot, as an ł's stroke rising across it
does; 'Walter Little' came out 'Walter Litłle' in DejaVu Sans Mono Oblique 8 pt and
'Stadtwerke Leipzig' 'Sładtwerke Leipzig' in Liberation Sans Narrow Bold Italic, accepted,
and italic t's and l's were capped at 0.5 as "maybe barred" on 1,401 of 3,456 lines). An
ł, an Ł and an ogonek are looked for only on upright print, and an ł's stroke shows two
rows at least on each side of the stem. The reading given is the text itself: restore must
change nothing and doubt nothing."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from formsift.plugins.ocr.diacritics import restore
from tests.test_diacritics_central import _drawn

FONTS = Path("/usr/share/fonts/truetype")
FACES = ("dejavu/DejaVuSans-Oblique.ttf", "dejavu/DejaVuSans-BoldOblique.ttf",
         "dejavu/DejaVuSansCondensed-Oblique.ttf", "dejavu/DejaVuSansMono-Oblique.ttf",
         "dejavu/DejaVuSerif-Italic.ttf", "dejavu/DejaVuSerif-BoldItalic.ttf",
         "dejavu/DejaVuSerifCondensed-Italic.ttf", "freefont/FreeMonoOblique.ttf",
         "freefont/FreeSansBoldOblique.ttf", "freefont/FreeSerifBoldItalic.ttf",
         "LiberationSans-Italic.ttf", "LiberationSansNarrow-BoldItalic.ttf",
         "LiberationSerif-Italic.ttf", "LiberationMono-Italic.ttf")
TEXTS = ("Total 16 items", "Hotel Stella, Lot 6a", "Stadtwerke Leipzig GmbH",
         "little battle settle", "Legal agenda, eagle aged", "Walter Little")


def _face(name: str) -> Path:
    """A face by its path under the TrueType folder, or by its file name in any of its
    folders (Liberation's Narrow faces are in liberation2 on some systems)."""
    found = [FONTS / name] if "/" in name else \
        [Path(p) for p in glob.glob(str(FONTS / "*" / name))]
    return found[0] if found else FONTS / name


def _degraded(img, how: str):
    import cv2
    import numpy as np

    if how == "blur":
        return cv2.GaussianBlur(img, (3, 3), 0.8)
    if how == "noise":
        noise = np.random.default_rng(0).normal(0, 18, img.shape)
        return np.clip(img.astype(np.int16) + noise.astype(np.int16), 0, 255).astype(np.uint8)
    if how == "rot":
        h, w = img.shape[:2]
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), 0.8, 1)
        return cv2.warpAffine(img, turn, (w, h), borderValue=(255, 255, 255))
    return img


@pytest.mark.parametrize("how", ["clean", "blur", "noise", "rot"])
@pytest.mark.parametrize("size", [8, 9])
@pytest.mark.parametrize("dpi", [150, 200])
@pytest.mark.parametrize("face", FACES)
def test_italic_print_keeps_its_plain_letters_sure(face, dpi, size, how):
    changed = []
    for text in TEXTS:
        img, chars = _drawn(text, _face(face), dpi, fontsize=size)
        out = restore(chars, _degraded(img, how))
        read = "".join(c[0] for c in out)
        if read != text or min(c[1] for c in out) < 0.95:
            changed.append((read, [c[:2] for c in out if c[1] < 0.95]))
    assert not changed
