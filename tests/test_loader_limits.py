"""Size and page limits of the loaders, from a security review: a 1 KB BMP claiming 30,000 x
30,000 pixels made a worker allocate 5.4 GB before its size was checked (only PNG and JPEG
headers were read); a 122 KB ten-page TIFF took 7.5 GB (every page decoded at once, in
colour, and only each page's size limited) and, out of memory, was called damaged with
pages dropped; and the service's ``--max-pages`` was checked only after the loaders had
read every page (a 6,000-page PDF was refused citing the PDF loader's 5,000, not 50)."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from formsift.core.engine import Engine
from formsift.core.errors import InputError
from formsift.core.sources import as_source

LIMIT_MESSAGE = r"^{name}: image is {w} x {h} pixels, over the limit of 200,000,000$"


@pytest.fixture
def no_decoding(monkeypatch):
    """OpenCV's decoders fail the test when called: a file refused from its header must
    never reach them (they allocate what the header says before reading any pixel)."""
    import cv2

    def refuse(*args, **kwargs):
        raise AssertionError("the image was decoded before its size was checked")

    monkeypatch.setattr(cv2, "imdecode", refuse)
    monkeypatch.setattr(cv2, "imdecodemulti", refuse)


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def _bmp_rle8(w: int, h: int) -> bytes:
    """An RLE8 BMP whose header says ``w`` x ``h`` and whose data ends at once (the
    review's ``bomb_rle_30k.bmp``: 1,080 bytes)."""
    palette = b"".join(bytes((i, i, i, 0)) for i in range(256))
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 8, 1, 2, 2835, 2835, 256, 0)
    data = b"\x00\x01"  # end of bitmap
    offset = 14 + len(info) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + info + palette \
        + data


def _bmp_core(w: int, h: int) -> bytes:
    """An OS/2 1.x BMP (12-byte header, 16-bit sizes) claiming ``w`` x ``h``."""
    core = struct.pack("<IHHHH", 12, w, h, 1, 24)
    return b"BM" + struct.pack("<IHHI", 26 + 64, 0, 0, 26) + core + bytes(64)


def _riff(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"WEBP" + b"".join(name + struct.pack("<I", len(data)) + data
                              + b"\x00" * (len(data) % 2) for name, data in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _webp_vp8l(w: int, h: int) -> bytes:
    bits = (w - 1) | (h - 1) << 14
    return _riff((b"VP8L", b"\x2f" + struct.pack("<I", bits) + bytes(32)))


def _webp_vp8(w: int, h: int) -> bytes:
    frame = b"\x10\x02\x00\x9d\x01\x2a" + struct.pack("<HH", w, h) + bytes(32)
    return _riff((b"VP8 ", frame))


def _webp_vp8x(w: int, h: int, inner: bytes = b"") -> bytes:
    canvas = bytes(4) + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
    chunks = [(b"VP8X", canvas)]
    if inner:  # a real image's chunk after the canvas
        at = 12
        while at < len(inner):
            name, size = inner[at:at + 4], struct.unpack_from("<I", inner, at + 4)[0]
            chunks.append((name, inner[at + 8:at + 8 + size]))
            at += 8 + size + size % 2
    else:
        chunks.append((b"VP8L", b"\x2f" + bytes(36)))
    return _riff(*chunks)


@pytest.mark.parametrize("name, data, w, h", [pytest.param(*case, id=case[0]) for case in [
    ("bomb.bmp", _bmp_rle8(30_000, 30_000), 30_000, 30_000),
    ("topdown.bmp", _bmp_rle8(20_000, -20_000), 20_000, 20_000),
    ("os2.bmp", _bmp_core(65_000, 65_000), 65_000, 65_000),
    ("lossless.webp", _webp_vp8l(16_384, 16_384), 16_384, 16_384),
    ("lossy.webp", _webp_vp8(16_383, 16_383), 16_383, 16_383),
    ("extended.webp", _webp_vp8x(100_000, 100_000), 100_000, 100_000),
]])
def test_a_bmp_or_webp_bomb_is_refused_from_its_header_before_decoding(
        engine, no_decoding, name, data, w, h):
    assert len(data) < 1200
    with pytest.raises(InputError, match=LIMIT_MESSAGE.format(
            name=name.replace(".", r"\."), w=f"{w:,}", h=f"{h:,}")) as err:
        engine.load(data, name=name)
    assert err.value.code == "input_error" and "\n" not in str(err.value)


@pytest.mark.parametrize("name, data", [pytest.param(*case, id=case[0]) for case in [
    ("odd.bmp", _bmp_rle8(100, 100)[:14] + struct.pack("<I", 20) + bytes(40)),
    ("short.bmp", b"BM" + bytes(10)),
    ("odd.webp", _riff((b"VP8 ", b"\x10\x02\x00NOT-A-START-CODE"))),
    ("scan-first.jpg", b"\xff\xd8\xff\xda\x00\x08" + bytes(64)),
    ("odd.png", b"\x89PNG\r\n\x1a\n" + bytes(8) + b"IDAT" + bytes(20)),
]])
def test_an_image_whose_header_gives_no_size_is_refused_not_decoded(engine, no_decoding,
                                                                    name, data):
    with pytest.raises(InputError, match=r"cannot decode image: its header does not give "
                                         r"its size \(the file is corrupt or truncated\)"):
        engine.load(data, name=name)


def _images_of_every_kind() -> dict[str, tuple[bytes, tuple[int, int]]]:
    import cv2

    img = (np.random.default_rng(0).random((37, 53, 3)) * 255).astype(np.uint8)
    rgba = np.dstack([img, np.full(img.shape[:2], 128, np.uint8)])
    out = {}
    for name, ext, image, params in [
            ("bmp", ".bmp", img, []), ("grey.bmp", ".bmp", img[:, :, 0], []),
            ("lossy.webp", ".webp", img, [cv2.IMWRITE_WEBP_QUALITY, 80]),
            ("lossless.webp", ".webp", img, [cv2.IMWRITE_WEBP_QUALITY, 101]),
            ("alpha.webp", ".webp", rgba, []), ("jpg", ".jpg", img, []),
            ("progressive.jpg", ".jpg", img, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
            ("png", ".png", img, [])]:
        out[name] = cv2.imencode(ext, image, params)[1].tobytes()
    bmp = bytearray(out["bmp"])  # rows stored top down: a negative height
    struct.pack_into("<i", bmp, 22, -37)
    out["topdown.bmp"] = bytes(bmp)
    row = (53 * 3 + 3) // 4 * 4
    pixels = b"".join(img[y].tobytes() + bytes(row - 53 * 3) for y in range(36, -1, -1))
    out["os2.bmp"] = b"BM" + struct.pack("<IHHI", 26 + len(pixels), 0, 0, 26) \
        + struct.pack("<IHHHH", 12, 53, 37, 1, 24) + pixels
    out["extended.webp"] = _webp_vp8x(53, 37, out["lossless.webp"])
    jpg = out["jpg"]
    out["fill-bytes.jpg"] = jpg[:2] + b"\xff\xff" + jpg[2:]
    out["junk-between.jpg"] = jpg[:2] + b"\xff\xfe\x00\x07hello" + b"junk" + jpg[2:]
    return {name: (data, (53, 37)) for name, data in out.items()}


@pytest.mark.parametrize("name", list(_images_of_every_kind()))
def test_every_kind_of_image_still_loads_at_the_size_opencv_reads(engine, capfd, name):
    import cv2

    data, size = _images_of_every_kind()[name]
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert (decoded.shape[1], decoded.shape[0]) == size  # the writer is right
    doc = engine.load(data, name=f"scan.{name}")
    assert [(p.width, p.height) for p in doc.pages] == [size]
    capfd.readouterr()  # libjpeg's warning about the junk bytes


# -- TIFF ----------------------------------------------------------------------------------
def _tiff(pages: list[tuple[int, int, bytes]]) -> bytes:
    """A little-endian TIFF: for each page (width, height, strip) a directory and its one
    strip. Bilevel Group 4 pages when the strip is short (their data is never decoded),
    uncompressed 8-bit grey otherwise."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for i, (w, h, strip) in enumerate(pages):
        g4 = len(strip) != w * h
        data_at = len(out) + 2 + 12 * 10 + 4
        entries = [(256, 4, w), (257, 4, h), (258, 3, 1 if g4 else 8), (259, 3, 4 if g4 else 1),
                   (262, 3, 0 if g4 else 1), (273, 4, data_at), (277, 3, 1), (278, 4, h),
                   (279, 4, len(strip)), (284, 3, 1)]
        out += struct.pack("<H", len(entries))
        for tag, typ, value in entries:
            out += struct.pack("<HHI", tag, typ, 1)
            out += struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<I", data_at + len(strip) if i < len(pages) - 1 else 0) + strip
    return bytes(out)


def _grey_pages(count: int, w: int = 40, h: int = 30) -> list[tuple[int, int, bytes]]:
    return [(w, h, bytes([20 * (i + 1)]) * (w * h)) for i in range(count)]


def test_a_tiff_whose_pages_hold_too_many_pixels_in_all_is_refused_before_decoding(
        engine, no_decoding):
    bomb = _tiff([(14_000, 14_000, b"\x00" * 16)] * 10)  # each page under 200,000,000
    assert len(bomb) < 2000
    with pytest.raises(InputError, match=r"^fax\.tif: image's 10 pages are 1,960,000,000 "
                                         r"pixels in all, over the limit of 500,000,000$"):
        engine.load(bomb, name="fax.tif")


def test_the_total_pixel_limit_is_an_option(registry, no_decoding):
    strict = Engine(registry=registry, loader_options={"image": {"max_total_pixels": 3000}})
    with pytest.raises(InputError, match=r"image's 3 pages are 3,600 pixels in all, over "
                                         r"the limit of 3,000"):
        strict.load(_tiff(_grey_pages(3)), name="scan.tif")
    with pytest.raises(InputError, match=r"image is 53 x 37 pixels, over the limit of 1,000"):
        Engine(registry=registry, loader_options={"image": {"max_total_pixels": 1000}}).load(
            _images_of_every_kind()["png"][0], name="scan.png")


def test_a_multipage_tiff_is_decoded_one_page_at_a_time(engine, monkeypatch):
    import cv2

    decoded: list[int] = []
    real = cv2.imdecodemulti

    def counting(*args, **kwargs):
        ok, mats = real(*args, **kwargs)
        decoded.append(len(mats))
        return ok, mats

    monkeypatch.setattr(cv2, "imdecodemulti", counting)
    doc = engine.load(_tiff(_grey_pages(4)), name="scan.tif")
    assert [int(p.image(300).mean()) for p in doc.pages] == [20, 40, 60, 80]
    assert decoded == [1, 1, 1, 1]  # never all pages at once (each in 3-channel colour)
    # no page lost (the one warning: these TIFFs give no resolution)
    assert "damaged" not in doc.metadata
    assert [w for w in doc.metadata["warnings"] if "no resolution" not in w] == []


def test_running_out_of_memory_on_a_tiff_page_is_said_so_not_called_damage(engine,
                                                                            monkeypatch):
    import cv2

    real = cv2.imdecodemulti
    calls = []

    def short_of_memory(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise cv2.error("OpenCV(5.1.0) alloc.cpp:73: error: (-4:Insufficient memory) "
                            "Failed to allocate 192000000 bytes in function 'OutOfMemoryError'")
        return real(*args, **kwargs)

    monkeypatch.setattr(cv2, "imdecodemulti", short_of_memory)
    with pytest.raises(InputError) as err:
        engine.load(_tiff(_grey_pages(3)), name="scan.tif")
    assert str(err.value) == ("scan.tif: not enough memory to decode page 2 (40 x 30 "
                              "pixels); the file is not damaged")


def test_running_out_of_memory_on_an_image_is_said_so(engine, monkeypatch):
    import cv2

    def short_of_memory(*args, **kwargs):
        raise cv2.error("(-4:Insufficient memory) Failed to allocate 5 bytes")

    monkeypatch.setattr(cv2, "imdecode", short_of_memory)
    with pytest.raises(InputError, match=r"^scan\.bmp: not enough memory to decode the "
                                         r"image \(53 x 37 pixels\); the file is not "
                                         r"damaged$"):
        engine.load(_images_of_every_kind()["bmp"][0], name="scan.bmp")


def test_a_tiff_page_that_does_not_give_its_size_is_named(engine):
    pages = _tiff(_grey_pages(3))
    cut = bytearray(pages)
    second = struct.unpack_from("<I", cut, 8 + 2 + 12 * 10)[0]  # page 2's directory
    struct.pack_into("<H", cut, second + 2, 999)  # its ImageWidth tag is unknown now
    doc = engine.load(bytes(cut), name="scan.tif")
    assert len(doc.pages) == 1
    assert doc.metadata["warnings"][0] == doc.metadata["damaged"] == (
        "TIFF page 2's directory does not give its size (it is damaged): loaded page 1 "
        "only; page 2 and any pages after it are missing")


# -- page limits ---------------------------------------------------------------------------
def _tiff_of_pages(count: int) -> bytes:
    """``count`` tiny pages (1 x 1, grey), as ``multi2000.tif`` of the review."""
    return _tiff([(1, 1, b"\x80")] * count)


def test_a_tiff_over_the_page_limit_says_how_many_pages_it_has(engine, no_decoding):
    with pytest.raises(InputError, match=r"^multi\.tif: image has 2,000 pages, over the "
                                         r"limit of 1,000$"):
        engine.load(_tiff_of_pages(2000), name="multi.tif")


def _service_engine(tmp_path, max_pages: int):
    from formsift.service.workers import WorkerSettings, _make_engine

    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  field total: money = right of "Total"\n}\n')
    return _make_engine(WorkerSettings(templates=(str(tpl),), max_pages=max_pages,
                                       warm_ocr=False))


@pytest.mark.parametrize("kind", ["pdf", "tiff", "text"])
def test_the_service_page_limit_is_checked_by_the_loaders_before_reading_pages(
        tmp_path, monkeypatch, make_pdf, kind):
    """``--max-pages 50``: a 6,000-page PDF answered 422 input_error citing the PDF
    loader's 5,000, a 2,000-page TIFF 'more than 1,000 pages'; each must be 413
    too_many_pages citing 50, without its pages being read first."""
    import cv2

    from formsift.plugins.loaders.pdf import PdfLoader

    engine = _service_engine(tmp_path, max_pages=3)

    def read(*args, **kwargs):
        raise AssertionError("a page was read before the page count was checked")

    monkeypatch.setattr(PdfLoader, "_page", read)
    monkeypatch.setattr(cv2, "imdecodemulti", read)
    data, name, what = {
        "pdf": (make_pdf(*[[(50, 50, "Total 1.00")]] * 7), "many.pdf", "PDF has 7"),
        "tiff": (_tiff_of_pages(2000), "many.tif", "image has 2,000"),
        "text": (b"Total 1.00\f" * 7, "many.txt", "text has 7"),
    }[kind]
    with pytest.raises(InputError) as err:
        engine.load(as_source(data, name=name))
    assert err.value.code == "too_many_pages"  # the service answers 413 for it
    assert str(err.value) == f"{name}: {what} pages, over the limit of 3"


def test_the_service_page_limit_lets_a_file_within_it_through(tmp_path, make_pdf):
    engine = _service_engine(tmp_path, max_pages=3)
    assert len(engine.load(as_source(make_pdf([], [], []), name="three.pdf")).pages) == 3
    assert len(engine.load(as_source(_tiff(_grey_pages(3)), name="t.tif")).pages) == 3
    assert {name: opts["max_pages"] for name, opts in engine.loader_options.items()} == {
        "pdf": 3, "image": 3, "text": 3}


def test_an_image_page_is_not_rendered_larger_than_the_pixel_limit(registry):
    """An image is read at its own pixels; asked for at another dpi it is scaled, and a
    PNG whose header says 1 dpi asked for at 300 dpi was 90,000 times larger."""
    import cv2

    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    one_dpi = png[:33] + _png_chunk(b"pHYs", struct.pack(">IIB", 40, 40, 1)) + png[33:]
    engine = Engine(registry=registry, loader_options={"image": {"max_pixels": 50_000}})
    page = engine.load(one_dpi, name="tiny.png").pages[0]
    assert page.notes["image"]["dpi"] == 1
    assert page.image(1).shape == (100, 100, 3) and page.image(2).shape == (200, 200, 3)
    with pytest.raises(InputError, match=r"^tiny\.png: page 1 at 300 dpi would be over "
                                         r"50,000 pixels$"):
        page.image(300)


def _png_chunk(name: bytes, data: bytes) -> bytes:
    import zlib

    return struct.pack(">I", len(data)) + name + data \
        + struct.pack(">I", zlib.crc32(name + data))
