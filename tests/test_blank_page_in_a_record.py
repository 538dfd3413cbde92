"""A blank page inside one record of several pages is listed on the record (surveys
journey F4): a questionnaire whose page 2 was scanned blank said nothing about it (only
the packet splitter listed blank pages, ``blank_pages``). Each blank page of a record of
several pages (no word read and hardly any ink) now says so in its ``page_info`` notes
(``blank``); as in a packet, it does not send the record to review (the back of a sheet
scanned duplex is blank too). Documents drawn here."""

from __future__ import annotations

import pytest

TEMPLATE = """template survey {
  match { contains "Residents' Survey" }
  field rid: id(/RS-\\d{6}/) = right of "Respondent ID:"
  field comment: text? = right of "Comment:"
}"""


def _pdf(blank_page: str) -> bytes:
    """Three pages: the survey's first and last, and between them a blank one
    (``blank_page``: "empty", nothing on it; "scan", an image of a white sheet with a
    few specks and a punch hole's shadow)."""
    import numpy as np
    import pymupdf

    from formsift.samples import encode_png

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Residents' Survey 2026", fontsize=16)
    page.insert_text((50, 120), "Respondent ID: RS-104233", fontsize=11)
    page = doc.new_page(width=595, height=842)
    if blank_page == "scan":
        sheet = np.full((1170, 827), 248, np.uint8)
        rng = np.random.default_rng(3)
        for y, x in rng.integers(50, 800, size=(6, 2)):
            sheet[y:y + 2, x:x + 2] = 90
        sheet[560:580, 20:36] = 200  # a punch hole's shadow
        page.insert_image(page.rect, stream=encode_png(sheet))
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Residents' Survey 2026 - page 3", fontsize=11)
    page.insert_text((50, 120), "Comment: more buses please", fontsize=11)
    return doc.tobytes()


@pytest.mark.parametrize("blank_page", ["empty", "scan"])
def test_a_blank_inner_page_is_listed_on_the_record(tmp_path, blank_page):
    from formsift import Engine

    if blank_page == "scan":
        from formsift.plugins.ocr.models import models_available

        if not models_available():
            pytest.skip("OCR models not installed")
    (tmp_path / "s.sift").write_text(TEMPLATE)
    (tmp_path / "s.pdf").write_bytes(_pdf(blank_page))
    result = Engine(templates=[tmp_path / "s.sift"], seen_store="memory").extract(
        tmp_path / "s.pdf")
    assert result.fields["rid"].value == "RS-104233"
    blank = [p.page for p in result.page_info if "blank" in p.notes]
    assert blank == [2], [p.notes for p in result.page_info]
    # as in a packet, a blank page is listed, not sent to review
    assert result.status == "accepted", result.reasons


def test_pages_with_text_are_not_blank(tmp_path):
    import pymupdf

    from formsift import Engine

    (tmp_path / "s.sift").write_text(TEMPLATE)
    doc = pymupdf.open()
    for n in range(2):
        page = doc.new_page(width=595, height=842)
        page.insert_text((50, 80), "Residents' Survey 2026", fontsize=16)
        page.insert_text((50, 120), f"Respondent ID: RS-10423{n}", fontsize=11)
    (tmp_path / "s.pdf").write_bytes(doc.tobytes())
    result = Engine(templates=[tmp_path / "s.sift"], seen_store="memory").extract(
        tmp_path / "s.pdf")
    assert not any("blank" in p.notes for p in result.page_info)


@pytest.mark.parametrize("region_first", [False, True])
def test_a_sparse_printed_page_is_not_blank(tmp_path, region_first):
    """A scanned page holding only "Signature: ____" and "Page 2 of 2" is no blank page
    (the stop's code read of 6b1e10d: it was noted blank, its words read at 0.99; read
    region-first, where only the template's areas are read, too)."""
    import cv2
    import numpy as np
    import pymupdf

    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    doc = pymupdf.open()
    for n in (1, 2):
        img = np.full((1650, 1275), 255, np.uint8)  # 150 dpi
        if n == 1:
            cv2.putText(img, "Membership Form", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
            cv2.putText(img, "Member No: 48213", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        else:
            cv2.putText(img, "Signature: ____________", (100, 300),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 1)
        cv2.putText(img, f"Page {n} of 2", (1000, 1600), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 1)
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, stream=encode_png(img))
    (tmp_path / "m.pdf").write_bytes(doc.tobytes())
    (tmp_path / "m.sift").write_text(
        'template member {\n  field no: int = right of "Member No:"\n}\n')
    result = Engine(region_first=region_first).extract(tmp_path / "m.pdf",
                                                       tmp_path / "m.sift")
    assert result.fields["no"].value == 48213
    assert not any("blank" in p.notes for p in result.page_info), \
        [p.notes for p in result.page_info]
