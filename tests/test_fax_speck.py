"""A fax's speck beside a word is no point: on a faxed purchase order the pixel of noise
after "Am Hafen 3" and "Filter cartridge 10um" was read as a full stop, and both values
were ACCEPTED with it ("Am Hafen 3.", "10um."; journey JS of stop 43). Printed points
stay ("Vantor & Co.", "Hafenstr. 5", ".50"), and a speck before a number's digits, where
a decimal point would make it a hundredth, sends the amount to review instead."""

from __future__ import annotations

import numpy as np
import pytest

from formsift import Engine

ROWS = (  # label, value, where a speck is put: after the value, before it, or none
    ("Lieferadresse:", "Am Hafen 3", "after"),
    ("Artikel:", "Filter cartridge 10um", "after"),
    ("Einheit:", "PAK", "after"),
    ("Anschrift:", "Hafenstr. 5", "after"),
    ("Firma:", "Vantor & Co.", None),
    ("Skonto:", ".50 EUR", None),
    ("Rabatt:", "50 EUR", "before"),
)
TEMPLATE = """template po {
  match { contains "Bestellung" }
  field street: text = right of "Lieferadresse:"
  field desc: text = right of "Artikel:"
  field unit: text = right of "Einheit:"
  field addr: text = right of "Anschrift:"
  field firm: text = right of "Firma:"
  field cash: money = right of "Skonto:"
  field disc: money = right of "Rabatt:"
}"""
DPI = 200


def _fax(rows=ROWS, grey: bool = False) -> bytes:
    """A page of label/value rows (Helvetica 10 pt) as a fax sends it: 200 dpi, black and
    white (``grey``: as a grey scan, the render's own levels), with one pixel of noise a
    point's gap from the value where ``rows`` says."""
    import cv2
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "Schneider Elektro AG - Bestellung", fontsize=14, fontname="helv")
    for k, (label, value, _) in enumerate(rows):
        page.insert_text((60, 140 + 24 * k), label, fontsize=10, fontname="helv")
        page.insert_text((200, 140 + 24 * k), value, fontsize=10, fontname="helv")
    words = page.get_text("words")
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    img = img.copy() if grey else np.where(img < 150, 0, 255).astype(np.uint8)
    scale = DPI / 72
    for k, (_, _, speck) in enumerate(rows):
        baseline = 140 + 24 * k
        value = [w for w in words if abs(w[3] - baseline) < 5 and w[0] >= 199]
        if speck:
            x = max(w[2] for w in value) * scale + 2 if speck == "after" \
                else min(w[0] for w in value) * scale - 3
            img[int(baseline * scale) - 1, int(x)] = 0
    out = pymupdf.open()
    scan = out.new_page(width=595, height=842)
    scan.insert_image(scan.rect, stream=cv2.imencode(".png", img)[1].tobytes())
    return out.tobytes()


@pytest.fixture(scope="module")
def result():
    return Engine(seen_store="memory").extract(_fax(), TEMPLATE, name="po.pdf")


def test_a_speck_read_as_a_point_after_a_value_is_dropped(result):
    got = {k: f.value for k, f in result.fields.items()}
    assert got["street"] == "Am Hafen 3"
    assert got["desc"] == "Filter cartridge 10um"
    assert got["unit"] == "PAK"
    assert got["addr"] == "Hafenstr. 5"  # its printed point stays


def test_printed_points_stay(result):
    assert result.fields["firm"].value == "Vantor & Co."
    assert str(result.fields["cash"].value) == "0.50"
    assert result.fields["cash"].confidence >= 0.5


def test_a_speck_read_as_a_decimal_point_sends_the_amount_to_review(result):
    disc = result.fields["disc"]
    assert disc.value is None or disc.confidence < 0.5, (disc.value, disc.confidence)
    assert result.status != "accepted"


MIXED = (("FIRMA", "Vantor & Co."), ("ADRESSE", "Hafenstr. 5"), ("ZEIT", "12 : 30"),
         ("REF", "Nr. 4711"))
MIXED_TEMPLATE = """template p {
  match { contains "BESTELLUNG" }
  field firm: text = right of "FIRMA"
  field addr: text = right of "ADRESSE"
  field zeit: time = right of "ZEIT"
  field ref: text = right of "REF"
}"""


def _mixed(size: int) -> bytes:
    """Bold 12 pt labels, each with a value in regular ``size`` pt on its line (a receipt's
    or a header's look), at 200 dpi black and white, no noise: every mark is printed."""
    import cv2
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 70), "BESTELLUNG", fontsize=16, fontname="hebo")
    for k, (label, value) in enumerate(MIXED):
        x = 60 + pymupdf.get_text_length(label + "  ", "hebo", 12)
        page.insert_text((60, 130 + 40 * k), label, fontsize=12, fontname="hebo")
        page.insert_text((x, 130 + 40 * k), value, fontsize=size, fontname="helv")
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    img = np.where(img < 150, 0, 255).astype(np.uint8)
    out = pymupdf.open()
    scan = out.new_page(width=595, height=842)
    scan.insert_image(scan.rect, stream=cv2.imencode(".png", img)[1].tobytes())
    return out.tobytes()


@pytest.mark.parametrize("size", [8, 10])
def test_a_bold_labels_stroke_does_not_make_a_small_values_points_specks(size):
    """The stroke a mark is measured against is its own word's, not the line's bold label's:
    printed points and a time's lone colon stay (r5: 'Hafenstr 5', 'Vantor & Co', the time
    lost at a0966b1)."""
    r = Engine(seen_store="memory").extract(_mixed(size), MIXED_TEMPLATE, name="p.pdf")
    got = {k: None if f is None else str(f.value) for k, f in r.fields.items()}
    assert got["firm"] == "Vantor & Co."
    assert got["addr"] == "Hafenstr. 5"
    assert got["zeit"] is not None and got["zeit"].startswith("12:30")


def test_a_grey_scans_point_sized_ink_stays_as_read():
    """Only a black-and-white (fax) page has its specks dropped: on a grey scan or photo a
    faint printed point can be as small as a speck (r5: SROIE receipts lost 'NO.', 'No1,'
    and label colons at a0966b1), so every mark stays as the model read it."""
    import pymupdf

    data = _fax(grey=True)
    doc = pymupdf.open(stream=data, filetype="pdf")
    levels = np.unique(np.frombuffer(pymupdf.Pixmap(doc, doc[0].get_images()[0][0]).samples,
                                     np.uint8))
    assert len(levels) > 2  # the page is grey, not black and white
    r = Engine(seen_store="memory").extract(data, TEMPLATE, name="scan.pdf")
    got = {k: None if f.value is None else str(f.value) for k, f in r.fields.items()}
    assert got["street"] == "Am Hafen 3.", got
    assert got["unit"] == "PAK.", got


def test_a_page_is_bilevel_by_its_own_image_not_by_the_render():
    """The speck check acts on a page whose source image is black and white: a PDF's
    embedded image of two levels (OCR's 300 dpi render of it is grey) or an image file of
    two levels; a grey scan, a grey image file and a born-digital page are not."""
    import cv2
    import pymupdf

    eng = Engine(seen_store="memory")

    def flags(data: bytes, name: str) -> list[bool]:
        return [p.renderer.bilevel() for p in eng.load(data, name=name).pages]

    bw = np.full((400, 300), 255, np.uint8)
    cv2.putText(bw, "Am Hafen 3", (10, 200), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
    bw = np.where(bw < 128, 0, 255).astype(np.uint8)
    grey = cv2.GaussianBlur(bw, (3, 3), 0)
    assert flags(_fax(), "fax.pdf") == [True]
    assert flags(_fax(grey=True), "scan.pdf") == [False]
    assert flags(cv2.imencode(".png", bw)[1].tobytes(), "fax.png") == [True]
    assert flags(cv2.imencode(".png", cv2.cvtColor(bw, cv2.COLOR_GRAY2BGR))[1].tobytes(),
                 "fax_rgb.png") == [True]
    assert flags(cv2.imencode(".png", grey)[1].tobytes(), "scan.png") == [False]
    assert flags(cv2.imencode(".jpg", bw)[1].tobytes(), "photo.jpg") == [False]
    g4 = _group4(bw)  # 1 bit per pixel, as a fax machine stores it
    assert flags(g4, "fax.tif") == [True]
    doc = pymupdf.open()
    doc.new_page(width=300, height=400).insert_image(pymupdf.Rect(0, 0, 300, 400), stream=g4)
    assert flags(doc.tobytes(), "fax_g4.pdf") == [True]


def _group4(img: np.ndarray) -> bytes:
    import io

    image = pytest.importorskip("PIL.Image")  # (pillow: the samples extra)
    out = io.BytesIO()
    image.fromarray(img).convert("1").save(out, "TIFF", compression="group4")
    return out.getvalue()
