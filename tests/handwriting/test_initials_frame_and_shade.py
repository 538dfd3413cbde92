"""An empty initials cell of a skewed, shaded scan is not initialled (HACCP
temperature-log journey, stop 34, finding 4: a wrong value accepted).

On a log sheet scanned 1.6 degrees off and stained with grease, the empty initials cell of
one row read "initialled" (0.88), so the rule "every row initialled" held. The ink the
``initials`` type saw was the cell's own top ruling: the table reader crops a cell at its
ruled box, so half of the thin line fell in the crop; lightened by the scan and the
deskew it broke into pieces, each shorter than a ruling is found by, spread over 0.81 of
the cell's width. And a smooth shade (a stain, a photo's shadow) darkening part of a cell
to about the ink level read as ink too. Now the paper is made even within the box before
its ink is measured, and ink lying wholly along the box's edges (what is left of its
frame) is no mark. Generated log sheets: rows empty or initialled in four fonts (two
hands, two print faces), blue and black, scanned with skew (deskewed or not), grease and
a shadow, each cell cropped at its ruled box, a pixel or so either way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift.core.geometry import Box
from formsift.plugins.handwriting.marks import InitialsType, SignatureType

FONTS = [Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"),
         Path("/usr/share/fonts/truetype/sjfonts/SteveHand.ttf"), "helv", "tiro"]
INKS = [(0.05, 0.1, 0.55), (0.1, 0.1, 0.1)]
INITIALS = ["JD", "CR", "MK", "SB", "AL"]
ROWS, X0, X1, TOP, ROW_H = 12, 100.0, 155.0, 40.0, 28.0


def _sheet(seed: int, dpi: int = 250) -> tuple[np.ndarray, list[bool]]:
    """A log sheet's rows (a ruled table, rulings 0.4 points): every third row's initials
    cell left empty, the others initialled 14 points tall in a font and ink of
    :data:`FONTS` and :data:`INKS`; as BGR pixels, and which rows are initialled."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=TOP * 2 + ROW_H * ROWS)
    written = []
    for r in range(ROWS):
        y = TOP + r * ROW_H
        written.append(r % 3 != 0)
        if written[-1]:
            font = FONTS[(seed + r) % len(FONTS)]
            name = font
            if isinstance(font, Path):
                name = "hand"
                if font.exists():
                    page.insert_font(fontname=name, fontfile=str(font))
                else:
                    name = "cour"
            page.insert_text((X0 + 8, y + ROW_H - 7), INITIALS[r % len(INITIALS)],
                             fontsize=14, fontname=name, color=INKS[(seed + r) % 2])
        page.insert_text((45, y + ROW_H - 9), "Matin" if r % 2 else "Soir", fontsize=9,
                         fontname="helv")
    for r in range(ROWS + 1):
        page.draw_line((40, TOP + r * ROW_H), (260, TOP + r * ROW_H), width=0.4)
    for x in (40, X0, X1, 260):
        page.draw_line((x, TOP), (x, TOP + ROWS * ROW_H), width=0.6)
    pix = page.get_pixmap(dpi=dpi)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, 2::-1]
    return np.ascontiguousarray(img).astype(np.float32), written


def _scanned(img: np.ndarray, seed: int, skew: float = 0.0, deskewed: float | None = None,
             grease: bool = False, shadow: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """``img`` stained (``grease``: a blob a quarter darker, yellowish), in a shadow
    (``shadow``: its share of the light lost, with a soft edge across the initials
    column), scanned ``skew`` degrees off with blur, noise and JPEG, then turned back to
    ``deskewed`` degrees off (None: not turned back); and the affine map from the sheet's
    pixels to the scan's."""
    import cv2

    rng = np.random.default_rng(seed)
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if grease:
        cx, cy, rad = w * 0.45, h * 0.4, h * 0.25
        m = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rad ** 2))[..., None]
        img = img * (1 - 0.25 * m) + np.array([120, 170, 200]) * 0.25 * m
    if shadow:
        edge = 1 / (1 + np.exp(-(xx - w * (X0 + X1) / 600) / (w * 0.02)))
        img = img * (1 - shadow * edge)[..., None]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1)
    img = cv2.warpAffine(img, turn, (w, h), borderValue=(255, 255, 255))
    img = cv2.GaussianBlur(img, (3, 3), 0.6) + rng.normal(0, 6, img.shape)
    _, jpeg = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, 80])
    img = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    if deskewed is not None:
        back = cv2.getRotationMatrix2D((w / 2, h / 2), deskewed - skew, 1)
        img = cv2.warpAffine(img, back, (w, h), borderValue=(255, 255, 255))
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), deskewed, 1)
    return img, turn


def _cells(img: np.ndarray, turn: np.ndarray, dpi: int, shift: float) -> list[Box]:
    """The initials cells' boxes as a table reader crops them: the ruled box, its edges
    through the rulings' middles at the cell's centre, ``shift`` pixels lower."""
    h, w = img.shape[:2]
    s = dpi / 72
    half_w, half_h = (X1 - X0) / 2 * s, ROW_H / 2 * s
    boxes = []
    for r in range(ROWS):
        cx, cy = turn @ np.array([(X0 + X1) / 2 * s, (TOP + (r + 0.5) * ROW_H) * s, 1.0])
        boxes.append(Box((cx - half_w) / w, (cy - half_h + shift) / h, (cx + half_w) / w,
                         (cy + half_h + shift) / h))
    return boxes


def _wrong(img: np.ndarray, boxes: list[Box], written: list[bool]) -> list[tuple]:
    out = []
    for r, (box, inked) in enumerate(zip(boxes, written, strict=True)):
        present, confidence, _ = InitialsType().read_image(img, box, [])
        if present != inked:
            out.append((r, inked, present, confidence))
    return out


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("deskewed", [0.0, 0.2, None], ids=["deskewed", "nearly", "skewed"])
def test_what_is_left_of_a_cells_ruling_is_no_initials(seed, deskewed):
    """A sheet 1.6 degrees off, greasy, its cells cropped at their ruled boxes a pixel
    or so up or down: the empty cells read empty, the initialled ones initialled."""
    sheet, written = _sheet(seed)
    img, turn = _scanned(sheet, seed, skew=1.6, deskewed=deskewed, grease=True)
    wrong = {shift: _wrong(img, _cells(img, turn, 250, shift), written)
             for shift in np.arange(-1.5, 1.51, 0.25)}
    assert not any(wrong.values()), {k: v for k, v in wrong.items() if v}


@pytest.mark.parametrize("seed", [0, 1])
def test_a_shade_over_an_empty_cell_is_no_initials(seed):
    """A shadow across the initials column, from a tenth to half of the light lost: the
    paper in its shade is paper, the initials in it initials."""
    sheet, written = _sheet(seed, dpi=200)
    wrong = {}
    for shadow in np.arange(0.1, 0.51, 0.02):
        img, turn = _scanned(sheet, seed, shadow=float(shadow))
        wrong[round(float(shadow), 2)] = _wrong(img, _cells(img, turn, 200, 0.0), written)
    assert not any(wrong.values()), {k: v for k, v in wrong.items() if v}


def test_a_signature_in_a_shaded_box_still_counts():
    """The paper made even does not take a pen's strokes for paper: a signature written
    across a shaded box is one; the same box unsigned is not."""
    import cv2

    rng = np.random.default_rng(4)
    box = np.full((120, 500, 3), 245, np.float32)
    cv2.line(box, (5, 100), (495, 100), (40, 40, 40), 2)
    light = np.linspace(1.0, 0.55, 500, dtype=np.float32)[None, :, None]
    pts = np.array([(150 + 14 * i, 60 + (25 if i % 2 else -20)) for i in range(18)], np.int32)
    signed = box.copy()
    cv2.polylines(signed, [pts], False, (150, 60, 20), 2, cv2.LINE_AA)
    for img, want in ((box, False), (signed, True)):
        scan = np.clip(img * light + rng.normal(0, 5, img.shape), 0, 255).astype(np.uint8)
        present, _, _ = SignatureType().read_image(scan, Box(0, 0, 1, 1), [])
        assert present is want
