"""Faxed inputs: the resolution a TIFF, PNG or JPEG declares is read, and pixels that are
not square (a standard-resolution fax is 204 x 98 dpi) are made square before any other
stage (fax transmission lines: test_fax_headers.py). The faxes are made here by OpenCV,
which writes TIFFs with their resolution tags: Pillow, which writes Group 4, is no
dependency of formsift, and the loader decodes whatever compression libtiff reads (the
tags are the same)."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from formsift import Engine
from formsift.core.errors import InputError

STANDARD, FINE, SUPERFINE = (204, 98), (204, 196), (204, 391)


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


def _tiff(pages: list[np.ndarray], dpi: tuple[float, float] | None, unit: int = 2) -> bytes:
    """A (multi-page) TIFF of grey ``pages`` declaring ``dpi`` (x, y) in ``unit`` (1: none,
    2: inch, 3: cm), as OpenCV writes it."""
    import cv2

    params = [] if dpi is None else [cv2.IMWRITE_TIFF_XDPI, round(dpi[0]),
                                      cv2.IMWRITE_TIFF_YDPI, round(dpi[1]),
                                      cv2.IMWRITE_TIFF_RESUNIT, unit]
    if len(pages) == 1:
        ok, buf = cv2.imencode(".tif", pages[0], params)
        assert ok
        return buf.tobytes()
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fax.tif")
        assert cv2.imwritemulti(path, pages, params)
        with open(path, "rb") as f:
            return f.read()


def _squashed_page(dpi: tuple[int, int], width_in: float = 2.0, height_in: float = 3.0
                   ) -> np.ndarray:
    """A white page of ``width_in`` x ``height_in`` inches sampled at ``dpi`` (x, y), with a
    black square of one inch a side at one inch from the top left."""
    w, h = round(width_in * dpi[0]), round(height_in * dpi[1])
    img = np.full((h, w), 255, np.uint8)
    img[dpi[1]:2 * dpi[1], dpi[0] // 2:dpi[0] // 2 + dpi[0]] = 0
    return img


def _square_sides(image: np.ndarray) -> tuple[int, int]:
    """Width and height of the black square on a page image."""
    ink = (image if image.ndim == 2 else image[:, :, 0]) < 128
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    return int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def test_a_standard_resolution_fax_is_read_at_its_resolution_in_square_pixels(engine):
    """A user's bug: a 204 x 98 dpi fax was read as a 300 dpi page of half its height (the
    notes said 'dpi: 300'); its one-inch square came out twice as wide as tall."""
    data = _tiff([_squashed_page(STANDARD), _squashed_page(STANDARD)], STANDARD)
    doc = engine.load(data, name="fax.tif")
    assert len(doc.pages) == 2
    for page in doc.pages:
        note = page.notes["image"]
        assert note["dpi"] == 204 and note["file_dpi"] == [204, 98]
        assert note["resampled"]["from_px"] == [408, 294]
        assert "204 x 98 dpi" in note["resampled"]["why"]
        assert note["size_px"] == [408, 612] == [page.width, page.height]
        image = page.image(204)
        assert image.shape[:2] == (612, 408)
        w, h = _square_sides(image)
        assert w == 204 and abs(h - 204) <= 3  # a square, as printed
        assert page.image(102).shape[:2] == (306, 204)  # scaled from its true dpi


def test_a_superfine_fax_is_stretched_across_and_a_fine_one_a_little_down(engine):
    page = engine.load(_tiff([_squashed_page(SUPERFINE)], SUPERFINE), name="s.tif").pages[0]
    assert page.notes["image"]["dpi"] == 391
    assert "width stretched" in page.notes["image"]["resampled"]["why"]
    w, h = _square_sides(page.image(391))
    assert abs(w - 391) <= 3 and h == 391
    fine = engine.load(_tiff([_squashed_page(FINE)], FINE), name="f.tif").pages[0]
    assert fine.notes["image"]["dpi"] == 204 and fine.notes["image"]["file_dpi"] == [204, 196]
    assert fine.notes["image"]["size_px"] == [408, 612]


def test_square_resolutions_are_recorded_and_the_pixels_left_as_they_are(engine):
    img = _squashed_page((200, 200))
    page = engine.load(_tiff([img], (200, 200)), name="a.tif").pages[0]
    assert page.notes["image"] == {"dpi": 200, "size_px": [400, 600], "file_dpi": [200, 200]}
    cm = engine.load(_tiff([img], (80, 80), unit=3), name="cm.tif").pages[0]  # per cm
    assert cm.notes["image"]["dpi"] == 203 and cm.notes["image"]["file_dpi"] == [203.2, 203.2]
    assert "resampled" not in cm.notes["image"]
    bare = engine.load(_tiff([img], None), name="bare.tif").pages[0]
    assert bare.notes["image"] == {"dpi": 300, "size_px": [400, 600], "assume_dpi": True}


def test_a_resolution_without_a_unit_still_makes_pixels_square(engine):
    page = engine.load(_tiff([_squashed_page(STANDARD)], STANDARD, unit=1),
                       name="aspect.tif").pages[0]
    note = page.notes["image"]
    assert note["dpi"] == 300 and note["assume_dpi"] and note["file_aspect"] == [204, 98]
    assert note["size_px"] == [408, 612]


def test_an_unbelievable_aspect_is_not_used(engine):
    """A header saying 300 x 1 dpi is broken: stretching by it would make the page 300
    times taller. The page is read as it is, and the notes say why."""
    page = engine.load(_tiff([_squashed_page((200, 200))], (300, 1)), name="b.tif").pages[0]
    note = page.notes["image"]
    assert note["size_px"] == [400, 600] and note["dpi"] == 300 and "resampled" not in note
    assert "not believed" in note["ignored"]


def _png(img: np.ndarray, phys: tuple[int, int, int]) -> bytes:
    import cv2

    png = cv2.imencode(".png", img)[1].tobytes()
    body = struct.pack(">IIB", *phys)
    chunk = struct.pack(">I", 9) + b"pHYs" + body + struct.pack(">I", zlib.crc32(b"pHYs" + body))
    return png[:33] + chunk + png[33:]


def _jpeg(img: np.ndarray, unit: int, x: int, y: int) -> bytes:
    import cv2

    jpg = cv2.imencode(".jpg", img)[1].tobytes()
    assert jpg[6:11] == b"JFIF\x00"
    return jpg[:13] + bytes([unit]) + struct.pack(">HH", x, y) + jpg[18:]


def test_png_and_jpeg_resolutions_are_read_both_ways(engine):
    img = _squashed_page(STANDARD)
    png = engine.load(_png(img, (8031, 3858, 1)), name="f.png").pages[0]  # px per metre
    assert png.notes["image"]["dpi"] == 204 and png.notes["image"]["file_dpi"] == [204, 98]
    assert png.notes["image"]["size_px"] == [408, 612]
    jpg = engine.load(_jpeg(img, 1, 204, 98), name="f.jpg").pages[0]
    assert jpg.notes["image"]["file_dpi"] == [204, 98]
    assert jpg.notes["image"]["size_px"] == [408, 612]
    w, h = _square_sides(jpg.image(204))
    assert abs(w - 204) <= 3 and abs(h - 204) <= 5


def test_the_pixel_limits_apply_to_the_pages_made_square(registry, monkeypatch):
    """A page within the pixel limit in the file but over it once stretched is refused
    from its directory, before anything is decoded."""
    import cv2

    data = _tiff([_squashed_page(STANDARD)] * 2, STANDARD)  # 408 x 294 a page in the file
    roomy = Engine(registry=registry, loader_options={"image": {"max_pixels": 250_000}})
    assert len(roomy.load(data, name="ok.tif").pages) == 2  # 408 x 612 = 249,696 a page

    def never(*args, **kwargs):
        raise AssertionError("decoded before its size was checked")

    monkeypatch.setattr(cv2, "imdecodemulti", never)
    monkeypatch.setattr(cv2, "imdecode", never)
    tight = Engine(registry=registry, loader_options={"image": {"max_pixels": 200_000}})
    with pytest.raises(InputError, match=r"^fax\.tif: page 1 is 408 x 612 pixels once its "
                                         r"204 x 98 dpi pixels are made square \(408 x 294 "
                                         r"in the file\), over the limit of 200,000$"):
        tight.load(data, name="fax.tif")
    total = Engine(registry=registry, loader_options={"image": {"max_total_pixels": 400_000}})
    with pytest.raises(InputError, match=r"pages are 499,392 pixels in all"):
        total.load(data, name="fax.tif")
    png = _png(_squashed_page(STANDARD), (8031, 3858, 1))
    with pytest.raises(InputError, match=r"^f\.png: image is 408 x 612 pixels once its 204 "
                                         r"x 98 dpi pixels are made square"):
        tight.load(png, name="f.png")


def test_rescale_resamples_a_fax_from_its_true_resolution(engine, registry):
    """`rescale` reads the page's recorded dpi: a standard fax (204 dpi once square) is
    taken to 300 dpi in both directions, its proportions kept (it did nothing: the page was
    said to be 300 dpi already)."""
    from formsift.core.components import ComponentKind

    page = engine.load(_tiff([_squashed_page(STANDARD)], STANDARD), name="f.tif").pages[0]
    rescale = Engine(registry=registry).component(ComponentKind.PREPROCESSOR, "rescale")
    out = rescale.process(page.image(204), page)
    assert out.shape[:2] == (900, 600)
    assert page.notes["rescale"] == {"from_dpi": 204, "to_dpi": 300}


def _fax_of(pdf: bytes, dpi: tuple[int, int]) -> bytes:
    """The pages of ``pdf`` as a fax machine samples them: at ``dpi`` (x, y), black and
    white, in a TIFF declaring that resolution."""
    import pymupdf

    pages = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for page in doc:
            pix = page.get_pixmap(matrix=pymupdf.Matrix(dpi[0] / 72, dpi[1] / 72),
                                  colorspace=pymupdf.csGRAY)
            grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
            pages.append(np.where(grey > 170, 255, 0).astype(np.uint8))
    return _tiff(pages, dpi)


@pytest.mark.parametrize("seed", [1, 3])
def test_an_invoice_faxed_at_standard_resolution_is_read_in_full(engine, seed):
    """Read squashed to half its height, the same fax lost its invoice number (seed 1:
    'E-2024-7631'), a unit price and a quantity (seed 3: 1 for 11)."""
    from formsift.plugins.ocr.models import INSTALL_HINT, models_available
    from formsift.samples import generate
    from formsift.templates.golden import diff

    if not models_available():
        pytest.skip(f"OCR models not installed ({INSTALL_HINT})")
    sample = generate("invoice", seed)
    result = engine.extract(_fax_of(sample.pdf, STANDARD), "invoice", name="fax.tif")
    assert diff(sample.truth, result.record()) == []
    assert result.page_info[0].notes["image"]["file_dpi"] == [204, 98]
