"""Text a PDF page does not show: words under a white box or an image patch painted over
them (a PDF editor's white-out, a pasted amount) are not the page's text, and the record
goes to review with a ``hidden_text`` reason (internal-audit journey, finding 2). Fills
and images painted before the text (a table cell's background, a watermark, a scan under
its OCR layer) hide nothing; an invisible OCR layer over a page image is said in the
page's notes (finding 1)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")

TEMPLATE = """template inv {
  field invoice_no: text = right of "Invoice No."
  field net: money = right of "Subtotal"
  field total: money = right of "Total"
}
"""


def _invoice(page, total: str = "370.57") -> None:
    page.insert_text((50, 80), "INVOICE", fontsize=16)
    page.insert_text((50, 120), "Invoice No.", fontsize=10)
    page.insert_text((200, 120), "INV-7", fontsize=10)
    page.insert_text((50, 300), "Subtotal", fontsize=10)
    page.insert_text((400, 300), "311.40", fontsize=10)
    page.insert_text((50, 316), "Total", fontsize=10)
    page.insert_text((400, 316), total, fontsize=10)


def _amount_png(text: str) -> bytes:
    import cv2
    import numpy as np

    img = np.full((60, 300, 3), 255, np.uint8)
    cv2.putText(img, text, (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (0, 0, 0), 3)
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


def _pdf(edit: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    if edit == "cell_background":  # a table cell's fill painted before its text
        page.draw_rect(pymupdf.Rect(390, 304, 470, 320), color=None, fill=(0.9, 0.9, 0.9))
    if edit == "watermark":  # an image behind the text
        page.insert_image(pymupdf.Rect(40, 280, 500, 330), stream=_amount_png("COPY"))
    _invoice(page)
    cover = pymupdf.Rect(395, 304, 470, 320)
    if edit in ("whiteout", "overwrite"):
        page.draw_rect(cover, color=(1, 1, 1), fill=(1, 1, 1))
    if edit == "overwrite":
        page.insert_text((400, 316), "1,999.00", fontsize=10)
    if edit == "patch":
        page.insert_image(cover, stream=_amount_png("4,470.56"))
    if edit == "translucent":  # a highlight over the total: the total still shows
        page.draw_rect(cover, color=None, fill=(1, 1, 0), fill_opacity=0.3)
    data = doc.tobytes()
    doc.close()
    return data


def _extract(registry, tmp_path, pdf: bytes, **kw):
    from formsift.core.engine import Engine

    t = tmp_path / "inv.sift"
    t.write_text(TEMPLATE)
    return Engine(registry=registry, **kw).extract(pdf, t, name="inv.pdf")


def test_a_total_under_a_white_box_is_not_read_and_the_record_goes_to_review(
        registry, tmp_path):
    result = _extract(registry, tmp_path, _pdf("whiteout"))
    assert result.fields["total"] is None  # the page shows no total
    assert result.status.value == "review"
    (reason,) = [r for r in result.reasons if r.code == "hidden_text"]
    assert "page 1" in reason.message and "'370.57'" in reason.message
    note = result.page_info[0].notes["hidden_text"]
    assert note["words"] == 1
    (word,) = note["listed"]
    assert word["text"] == "370.57" and word["why"] == "fill"
    x0, _y0, _x1, y1 = word["box"]
    assert x0 == pytest.approx(400 / 595, abs=0.01) and y1 == pytest.approx(318 / 842,
                                                                              abs=0.01)


def test_the_amount_drawn_over_a_white_box_is_the_one_read(registry, tmp_path):
    result = _extract(registry, tmp_path, _pdf("overwrite"))
    assert str(result.fields["total"].value) == "1999.00"
    assert result.fields["total"].candidates == 1  # the hidden 370.57 is no candidate
    assert result.status.value == "review"
    assert [r.code for r in result.reasons] == ["hidden_text"]


def test_a_total_under_an_image_patch_is_hidden(registry, tmp_path):
    result = _extract(registry, tmp_path, _pdf("patch"), mixed_ocr="never")
    assert result.fields["total"] is None
    assert result.status.value == "review"
    assert result.page_info[0].notes["hidden_text"]["listed"][0]["why"] == "image"
    # the patch is no longer covered by text-layer words: an image area to read
    assert result.page_info[0].notes["mixed"]["read"] is False


@needs_models
def test_the_amount_an_image_patch_shows_is_read_by_ocr(registry, tmp_path):
    result = _extract(registry, tmp_path, _pdf("patch"))
    assert str(result.fields["total"].value) == "4470.56"
    assert result.fields["total"].source == "ppocr_rec"
    assert result.status.value == "review"
    assert any(r.code == "hidden_text" for r in result.reasons)


@pytest.mark.parametrize("edit", ["none", "cell_background", "watermark", "translucent"])
def test_fills_and_images_painted_before_the_text_or_see_through_hide_nothing(
        registry, tmp_path, edit):
    result = _extract(registry, tmp_path, _pdf(edit), mixed_ocr="never")
    assert str(result.fields["total"].value) == "370.57"
    assert result.status.value == "accepted"
    assert "hidden_text" not in result.page_info[0].notes
    assert not any(r.code == "hidden_text" for r in result.reasons)


def test_an_invisible_ocr_layer_over_a_page_image_is_said_in_the_notes(registry):
    """A searchable scan: the page's image under an invisible (render mode 3) text layer.
    Its words are the layer's, never checked against the image: the page's notes say so
    (finding 1); the layer is not hidden text."""
    import cv2
    import numpy as np
    import pymupdf

    from formsift.core.engine import Engine

    img = np.full((1100, 850, 3), 255, np.uint8)
    cv2.putText(img, "Total 2,153.90", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    _, png = cv2.imencode(".png", img)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=png.tobytes())
    page.insert_text((43, 58), "Total 2,748.90", fontsize=12, render_mode=3)
    data = doc.tobytes()
    doc.close()
    loaded = Engine(registry=registry).load(data, name="s.pdf").pages[0]
    assert [w.text for w in loaded.words] == ["Total", "2,748.90"]
    assert loaded.notes["ocr_layer"]["words"] == 2
    assert "hidden_text" not in loaded.notes


def test_invisible_text_over_no_image_is_kept_and_listed(registry):
    """TCPDF writes an invisible "Powered by TCPDF" link: not hidden text (nothing is
    painted over it), kept, and listed in the notes."""
    import pymupdf

    from formsift.core.engine import Engine

    doc = pymupdf.open()
    page = doc.new_page()
    _invoice(page)
    page.insert_text((10, 830), "Powered by TCPDF", fontsize=4, render_mode=3)
    data = doc.tobytes()
    doc.close()
    loaded = Engine(registry=registry).load(data, name="s.pdf").pages[0]
    assert "TCPDF" in [w.text for w in loaded.words]
    assert loaded.notes["invisible_text"]["listed"] == ["Powered", "by", "TCPDF"]
    assert "hidden_text" not in loaded.notes and "ocr_layer" not in loaded.notes


@pytest.mark.parametrize(("alpha", "hidden"), [(0, False), (255, True)])
def test_an_image_with_an_alpha_channel_hides_text_only_where_it_is_opaque(
        registry, alpha, hidden):
    """A PNG with an alpha channel (a soft mask) over the total: a logo whose transparent
    background lies over the text hides nothing; an opaque patch does."""
    import cv2
    import numpy as np
    import pymupdf

    from formsift.core.engine import Engine

    img = np.full((60, 300, 4), 255, np.uint8)
    img[:, :, 3] = alpha
    img[:10, :10, 3] = 255  # an opaque corner, away from the text
    _ok, buf = cv2.imencode(".png", img)
    doc = pymupdf.open()
    page = doc.new_page()
    _invoice(page)
    page.insert_image(pymupdf.Rect(395, 300, 475, 322), stream=buf.tobytes())
    data = doc.tobytes()
    doc.close()
    loaded = Engine(registry=registry).load(data, name="s.pdf").pages[0]
    assert ("370.57" not in [w.text for w in loaded.words]) is hidden
    assert ("hidden_text" in loaded.notes) is hidden


def test_a_large_ocr_layer_is_told_by_its_spans_not_glyph_by_glyph(registry, monkeypatch):
    """A searchable scan's layer of 1,500 words: each word was matched glyph by glyph
    against every span of the page (0.4 s a page of 2,250 words, on every searchable
    scan), only to count the layer's words. Invisible spans over the image tell them;
    a printed word under a white box is still told by its glyphs."""
    import pymupdf

    from formsift.core.engine import Engine
    from formsift.plugins.loaders import pdf_visibility

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 612, 792), False)
    pix.clear_with(255)
    page.insert_image(page.rect, pixmap=pix)
    count = 0
    for row in range(75):
        for col in range(20):
            page.insert_text((20 + col * 29, 20 + row * 10), f"w{count}", fontsize=6,
                             render_mode=3)
            count += 1
    page.insert_text((300, 785), "PAID", fontsize=10)  # visible, then whited out
    page.draw_rect(pymupdf.Rect(295, 774, 340, 788), color=(1, 1, 1), fill=(1, 1, 1))
    data = doc.tobytes()
    doc.close()
    calls = []
    glyphs = pdf_visibility._glyphs
    monkeypatch.setattr(pdf_visibility, "_glyphs",
                        lambda *a: calls.append(a[2]) or glyphs(*a))
    loaded = Engine(registry=registry).load(data, name="s.pdf").pages[0]
    assert loaded.notes["ocr_layer"]["words"] == count
    assert [w["text"] for w in loaded.notes["hidden_text"]["listed"]] == ["PAID"]
    assert calls == ["PAID"]
