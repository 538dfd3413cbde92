"""A ruled table photographed at an angle keeps its rows (HACCP journey, finding 3).

A weekly temperature log taken with a phone: the sheet's right side nearer the camera, so
its printed rows rise to the right near the top and fall near the bottom, each by its own
slope, which one turn of the page (deskew) does not level. The day and check labels at the
left and the readings at the right of one row stood on lines of their own: 20 rows for
14, labels without readings and readings without a day. Flat scans and a small rotation
were read right. The table here is generated (printed, ruled), rendered flat and warped
in perspective with ``cv2.warpPerspective``: both read as the same rows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

TEMPLATE = """template log {
  table temps {
    day: text? header "Date"
    check: text header "Check"
    fridge: decimal header "Fridge"
    walkin: decimal header "Walk-in"
    freezer: decimal header "Freezer"
    hot: decimal header "Hot holding"
    until "Limits:"
  }
}"""
X = (40, 130, 210, 330, 450, 570, 720)  # column rulings, in points
ROWS = [("Mon 09/03", "AM", "3.5", "2.0", "-19.5", "66"),
        ("", "PM", "4.0", "3.5", "-21.0", "70"),
        ("Tue 10/03", "AM", "2.5", "1.5", "-22.0", "73"),
        ("", "PM", "5.0", "4.5", "-18.5", "65"),
        ("Wed 11/03", "AM", "1.5", "2.5", "-20.0", "71"),
        ("", "PM", "3.0", "3.0", "-19.0", "68"),
        ("Thu 12/03", "AM", "4.5", "0.5", "-23.5", "75"),
        ("", "PM", "2.0", "1.0", "-20.5", "64")]


def _pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)  # A4 landscape
    page.insert_text((40, 50), "Weekly Temperature Log", fontsize=16)
    top, h = 80, 36
    n = len(ROWS) + 1
    page.draw_rect(pymupdf.Rect(X[0], top, X[-1], top + n * h), width=1)
    for i in range(1, n):
        page.draw_line((X[0], top + i * h), (X[-1], top + i * h), width=1)
    for x in X[1:-1]:
        page.draw_line((x, top), (x, top + n * h), width=1)
    for x, head in zip(X, ("Date", "Check", "Fridge", "Walk-in", "Freezer", "Hot holding"),
                       strict=False):
        page.insert_text((x + 6, top + 23), head, fontsize=12)
    for i, row in enumerate(ROWS, start=1):
        for x, value in zip(X, row, strict=False):
            if value:
                page.insert_text((x + 6, top + i * h + 23), value, fontsize=12)
    page.insert_text((X[0], top + n * h + 30), "Limits: fridges <= 5 C, freezer <= -18 C",
                     fontsize=11)
    return doc.tobytes()


def _flat() -> bytes:
    import pymupdf

    return pymupdf.open(stream=_pdf(), filetype="pdf")[0].get_pixmap(dpi=200).tobytes("png")


def _photo(top: float, bottom: float) -> bytes:
    """The flat page as a phone takes it from its left: the right side nearer (taller),
    the left side's corners at ``top`` and ``bottom`` of the image's height, so the rows
    rise to the right at the top and fall at the bottom."""
    import cv2
    import numpy as np

    flat = cv2.imdecode(np.frombuffer(_flat(), np.uint8), cv2.IMREAD_COLOR)
    h, w = flat.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0.03 * w, top * h], [0.97 * w, 0.0], [0.98 * w, h],
                      [0.03 * w, bottom * h]])
    photo = cv2.warpPerspective(flat, cv2.getPerspectiveTransform(src, dst), (w, h),
                                borderValue=(90, 90, 90))
    return cv2.imencode(".png", photo)[1].tobytes()


def _rows(tmp_path, name: str, data: bytes) -> list[dict]:
    from formsift import Engine

    (path := tmp_path / name).write_bytes(data)
    (tpl := tmp_path / "log.sift").write_text(TEMPLATE)
    result = Engine(seen_store="memory").extract(path, template=str(tpl))
    return [{k: (c.value if c is not None else None) for k, c in row.items()}
            for row in result.tables["temps"]]


WANT = [(check, Decimal(fridge), Decimal(walkin), Decimal(freezer), Decimal(hot))
        for _, check, fridge, walkin, freezer, hot in ROWS]


def _read(rows: list[dict]) -> list[tuple]:
    return [(r["check"], r["fridge"], r["walkin"], r["freezer"], r["hot"]) for r in rows]


@pytest.mark.parametrize("name,corners", [("flat", None), ("photo", (0.08, 0.90)),
                                          ("steeper", (0.10, 0.88))])
def test_a_photographed_ruled_table_keeps_its_rows(tmp_path, name, corners):
    data = _flat() if corners is None else _photo(*corners)
    rows = _rows(tmp_path, f"log_{name}.png", data)
    assert _read(rows) == WANT
    assert [r["day"] for r in rows][::2] == [d for d, *_ in ROWS][::2]
