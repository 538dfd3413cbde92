"""The page image the review page shows must be the page the result's boxes are fractions
of (reviewer journey): a photo taken sideways is read upright and a skewed scan straight,
so the image is served turned and straightened the same way, and says how."""

from __future__ import annotations

import pytest

from tests.service.conftest import serve

TEMPLATE = '''template frame {
  field invoice_no: text = right of "Invoice No."
  field net: money = right of "Net"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total
}'''
VALUES = {"invoice_no": "K-4711", "net": "100.00", "vat": "19.00", "total": "119.00"}


def _scan() -> object:
    """The document as an upright scan (BGR, 150 dpi): values far right of the centre,
    lines far apart."""
    import pymupdf

    from formsift.samples.scans import render_scan

    doc = pymupdf.open()
    page = doc.new_page()
    for y, label, value in ((120, "Invoice No.", "K-4711"), (200, "Net", "100.00"),
                            (280, "VAT", "19.00"), (360, "Total", "119.00")):
        page.insert_text((60, y), label, fontsize=14)
        page.insert_text((430, y), value, fontsize=14)
    pdf = doc.tobytes()
    doc.close()
    return render_scan(pdf, dpi=150)[0]


def _sideways(image):
    import numpy as np

    return np.ascontiguousarray(np.rot90(image, 1))  # turned a quarter, counter-clockwise


def _skewed(image):
    import cv2

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_CUBIC,
                          borderValue=(255, 255, 255))


@pytest.fixture(scope="module")
def frame_svc(tmp_path_factory):
    root = tmp_path_factory.mktemp("frame")
    (root / "frame.sift").write_text(TEMPLATE)
    with serve(db_url=f"sqlite:///{root / 'f.db'}", data_dir=root / "data",
               templates=[str(root / "frame.sift")]) as running:
        running.admin = running.key("admin")
        yield running


def _off_centre(page, box) -> float:
    """How far the ink under ``box`` (its columns, within a box height above and below)
    is from the box's middle, in box heights."""
    import numpy as np

    h, w = page.shape[:2]
    x0, y0, x1, y1 = box[0] * w, box[1] * h, box[2] * w, box[3] * h
    tall = y1 - y0
    top = int(max(0, y0 - tall))
    window = page[top:int(min(h, y1 + tall)), int(x0):int(x1)]
    ink = (window.min(axis=2) < 128).sum(axis=1).astype(float)
    assert ink.sum() > 0, "no ink near the box"
    centre = top + float((ink * np.arange(len(ink))).sum() / ink.sum())
    return abs(centre - (y0 + y1) / 2) / tall


@pytest.mark.parametrize("turn,expected", [(_sideways, "turn=90"), (_skewed, "deskew=")])
def test_boxes_fit_the_page_image_served(frame_svc, turn, expected):
    import cv2
    import numpy as np

    from formsift.samples.scans import encode_png

    with frame_svc.client(frame_svc.admin) as api:
        resp = api.post("/v1/extract?template=frame&filename=photo.png",
                        content=encode_png(turn(_scan())))
        assert resp.status_code == 200, resp.text
        result = resp.json()["result"]
        assert {k: f["raw"] for k, f in result["fields"].items()} == VALUES
        info = result["page_info"][0]
        page = api.get(f"/v1/records/{resp.json()['record_id']}/pages/1")
        assert page.status_code == 200, page.text
        assert page.headers["X-Formsift-Page-Transform"].startswith(expected)
        image = cv2.imdecode(np.frombuffer(page.content, np.uint8), cv2.IMREAD_COLOR)
        # the image is the page of the boxes: its shape, and every box on its value
        assert image.shape[1] / image.shape[0] == pytest.approx(
            info["width"] / info["height"], rel=0.02)
        for name, fv in result["fields"].items():
            assert _off_centre(image, fv["box"]) < 0.25, name
        # the page as it came, on request
        original = api.get(f"/v1/records/{resp.json()['record_id']}/pages/1?original=true")
        assert original.headers["X-Formsift-Page-Transform"] == "none"
