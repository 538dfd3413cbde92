"""Initials written in neat capitals are initials (stock-take journey, stop 33, finding 4:
a value missed, and a needless review).

Count sheets initialled "MK" or "AB" in neat capitals read "not initialled" (0.19) on 6 of
8 sheets ("JS" passed; on a photo even "JS" failed): the printed recognizer read the
capitals surely (0.83 to 0.99), and a word read surely as print inside a mark's box is
masked as the form's print, so the box was left empty. For the ``initials`` type such a
word of two or three capitals, read from the page's pixels and written taller than the
page's print, is the initials; an empty box and a caption printed small in the box stay
not initialled.
"""

from __future__ import annotations

import numpy as np
import pytest

from formsift import Engine
from tests.parsing import engine_for

BLUE, BLACK = (0.05, 0.1, 0.55), (0.0, 0.0, 0.0)
#: (initials, font, ink): font capitals in two fonts, blue and black ink
WRITTEN = [(text, font, ink) for text in ("MK", "AB") for font in ("helv", "tiro")
           for ink in (BLUE, BLACK)]
#: (caption printed in the box, its size in points): nobody initialled these boxes
EMPTY = [(None, 0), ("initials", 6), ("QC", 6), ("QC", 10)]

_TEMPLATE = """template sign_off {
  match { contains "sign-off" }
%s}
"""


def _label(k: int) -> str:
    return f"Counter {chr(65 + k)}:"


def _sheet(path, seed: int, dpi: int = 200) -> None:
    """A sign-off sheet scanned at ``dpi`` with noise: a row of labelled boxes per
    case, the :data:`WRITTEN` ones initialled in capitals 15 points tall (the page's
    print is 10 points), the :data:`EMPTY` ones holding at most a printed caption."""
    import cv2
    import pymupdf

    cases = [("w", c) for c in WRITTEN] + [("e", c) for c in EMPTY]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=100 + 40 * ((len(cases) + 1) // 2))
    page.insert_text((40, 40), "Stock count sheet - sign-off", fontsize=12, fontname="hebo")
    for k, (kind, case) in enumerate(cases):
        x, y = (40 if k % 2 == 0 else 310), 80 + 40 * (k // 2)
        page.insert_text((x, y), _label(k), fontsize=10, fontname="helv")
        page.draw_rect(pymupdf.Rect(x + 80, y - 18, x + 230, y + 8), color=BLACK, width=0.7)
        if kind == "w":
            text, font, ink = case
            page.insert_text((x + 110, y + 2), text, fontsize=15, fontname=font, color=ink)
        elif case[0]:
            page.insert_text((x + 84, y + 5 if case[1] < 8 else y + 2), case[0],
                             fontsize=case[1], fontname="helv")
    pix = page.get_pixmap(dpi=dpi)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, 2::-1]
    img = cv2.GaussianBlur(img, (3, 3), 0.6)
    noise = np.random.default_rng(seed).normal(0, 9, img.shape)
    cv2.imwrite(str(path), np.clip(img + noise, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    n = len(WRITTEN) + len(EMPTY)
    fields = "".join(f'  region box_{k} = right of "{_label(k)}" size(26%, 4%)\n'
                     f"  field box{k}: initials = in box_{k}\n" for k in range(n))
    return engine_for(tmp_path_factory.mktemp("tpl"), _TEMPLATE % fields, "sign_off.sift")


@pytest.mark.parametrize("seed", [1, 2])
def test_initials_in_neat_capitals_are_initials_and_empty_boxes_are_not(engine, tmp_path,
                                                                         seed):
    path = tmp_path / "sheet.png"
    _sheet(path, seed)
    result = engine.extract(path, template="sign_off")
    read = {k: result.fields[f"box{k}"].value for k in range(len(WRITTEN) + len(EMPTY))}
    written = {k: read[k] for k in range(len(WRITTEN))}
    empty = {k: read[len(WRITTEN) + k] for k in range(len(EMPTY))}
    assert all(v is True for v in written.values()), \
        [WRITTEN[k][:2] for k, v in written.items() if v is not True]  # none before
    assert all(v is False for v in empty.values()), \
        [EMPTY[k] for k, v in empty.items() if v is not False]
