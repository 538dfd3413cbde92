"""Loaders: PDFs and images in, a document model out; every bad input is a clear error."""

from __future__ import annotations

import io
import itertools
import struct
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from formsift.core.engine import Engine
from formsift.core.errors import InputError


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


def _png(w=200, h=100) -> bytes:
    import cv2

    img = np.full((h, w, 3), 255, np.uint8)
    cv2.rectangle(img, (10, 10), (60, 40), (0, 0, 0), -1)
    return cv2.imencode(".png", img)[1].tobytes()


def test_pdf_words_have_page_relative_boxes(engine, make_pdf):
    doc = engine.load(make_pdf([(297.5, 421, "Centre")]), name="c.pdf")
    page = doc.pages[0]
    assert (page.width, page.height, page.unit) == (595, 842, "pt")
    assert page.has_text_layer
    word = page.words[0]
    assert word.text == "Centre" and word.source == "pdf" and word.confidence == 1.0
    assert word.box.x0 == pytest.approx(0.5, abs=0.002)
    assert word.box.y1 == pytest.approx(0.5, abs=0.01)
    assert doc.id.startswith("sha256:") and doc.loader == "pdf"


def test_words_split_at_no_break_and_thin_spaces_as_pdftotext_does():
    # French typography: "Total TTC\u202f: 13\u202f024,68\u202f€" came out of MuPDF as
    # words holding those spaces, so template regexes written with spaces found nothing
    # (a PDF font that has the glyphs is needed to make such a file: the split is tested
    # on MuPDF's word tuples)
    from formsift.plugins.loaders.pdf import _split_at_odd_spaces

    words = [(10.0, 5.0, 20.0, 15.0, "Total", 0, 0, 0),
             (22.0, 5.0, 40.0, 15.0, "TTC\u202f:", 0, 0, 1),
             (42.0, 5.0, 97.0, 15.0, "13\u202f024,68\u00a0\u2009€", 0, 0, 2)]
    out = list(_split_at_odd_spaces(words))
    # a space between digits groups one number's thousands: "1 250" read as 1 was
    # accepted in an int column; it stays in the word (the layout text shows a space)
    assert [w[4] for w in out] == ["Total", "TTC", ":", "13\u202f024,68", "€"]
    assert out[0] == words[0]  # a word without such a space is left as it is
    assert all(a[2] <= b[0] for a, b in itertools.pairwise(out))  # in order, no overlap
    assert out[3][0] == 42.0 and out[4][2] == 97.0 and out[4][5:] == (0, 0, 2)


def test_a_number_grouped_by_no_break_spaces_is_one_word(engine, tmp_path):
    """MuPDF splits words at a no-break space: a German invoice's '1\u00a0234,56' came out
    as '1' and '234,56', read like an ordinary space (two readings: review as
    ambiguous), though no-break spaces group thousands in every locale."""
    import pymupdf

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("a font with a no-break space is needed to write one into a PDF")
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_font(fontname="dj", fontfile=str(font))
    page.insert_text((50, 100), "Betrag 12\u00a0345\u00a0678,90 EUR und 7\u00a0Stück",
                     fontname="dj", fontsize=10)
    page.insert_text((50, 130), "Nr. 1 250,00", fontname="dj", fontsize=10)
    words = [w.text for w in engine.load(pdf.tobytes(), name="nbsp.pdf").pages[0].words]
    assert words == ["Betrag", "12\u00a0345\u00a0678,90", "EUR", "und", "7", "Stück",
                     "Nr.", "1", "250,00"]
    src = 'template t {\n locale "de_DE"\n field a: money = right of "Betrag"\n}\n'
    (tmp_path / "t.sift").write_text(src)
    result = engine.extract(pdf.tobytes(), tmp_path / "t.sift")
    assert result.value("a") == Decimal("12345678.90") and result.status == "accepted"


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_words_on_a_rotated_page_sit_where_the_page_shows_them(engine, rotation):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((60, 120), "Rotated", fontsize=30)
    page.set_rotation(rotation)
    doc = engine.load(pdf.tobytes(), name="rot.pdf")
    page = doc.pages[0]
    (word,) = page.words
    ink = np.argwhere(page.image(72).min(axis=2) < 128)  # the rendered page, as shown
    (iy0, ix0), (iy1, ix1) = ink.min(axis=0), ink.max(axis=0)
    h, w = page.image(72).shape[:2]
    box = word.box
    assert box.x0 * w <= ix0 + 2 and ix1 <= box.x1 * w + 2
    assert box.y0 * h <= iy0 + 2 and iy1 <= box.y1 * h + 2
    assert box.width * w < 4 * (ix1 - ix0 + 1)  # the word's box, not a page-wide band


def test_pages_render_lazily_at_the_requested_dpi(engine, make_pdf):
    doc = engine.load(make_pdf([(50, 50, "x")], [(50, 50, "y")]))
    assert len(doc) == 2
    assert doc.pages[1]._images == {}
    img = doc.pages[1].image(72)
    assert img.shape == (842, 595, 3) and img.dtype == np.uint8
    assert doc.pages[1].image(144).shape == (1684, 1190, 3)


def test_sources_from_path_bytes_and_file_objects(engine, make_pdf, tmp_path):
    data = make_pdf([(50, 50, "hello")])
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    ids = {engine.load(path).id, engine.load(data).id, engine.load(io.BytesIO(data)).id,
           engine.load(str(path)).id}
    assert len(ids) == 1  # the id is the content hash, whatever the source


def test_text_mode_file_object_is_a_clear_error(engine, tmp_path):
    p = tmp_path / "t.pdf"
    p.write_text("%PDF-1.4")
    with open(p) as fh, pytest.raises(InputError, match="text mode"):
        engine.load(fh)


def _encrypted(make_pdf) -> bytes:
    import pymupdf

    doc = pymupdf.open(stream=make_pdf([(50, 50, "secret")]), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="own")
    doc.close()
    return data


def _giant() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page(width=20000, height=500)
    return doc.tobytes()


def _zero_pages() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")


@pytest.mark.parametrize("case, message", [
    ("empty", "file is empty"),
    ("garbage", "unsupported file type"),
    ("text", "unsupported file type"),
    ("corrupt_pdf", "not a valid PDF"),
    ("truncated_pdf", "PDF"),
    ("encrypted", "encrypted and needs a password"),
    ("zero_pages", "no pages"),
    ("giant_page", "larger than PDF's 200-inch limit"),
    ("truncated_png", "cannot decode image"),
    ("huge_png", "over the limit"),
])
def test_bad_inputs_give_clear_errors_naming_the_input(engine, make_pdf, case, message):
    good_pdf = make_pdf([(50, 50, "hello world")] * 3)
    data = {
        "empty": b"",
        "garbage": bytes(range(256)) * 4,
        "text": b"just some text\n",
        "corrupt_pdf": b"%PDF-1.7\n" + b"\x00garbage" * 50,
        "truncated_pdf": good_pdf[: len(good_pdf) // 3],
        "encrypted": _encrypted(make_pdf),
        "zero_pages": _zero_pages(),
        "giant_page": _giant(),
        "truncated_png": _png()[:60],
        "huge_png": _png()[:16] + struct.pack(">II", 100_000, 100_000) + _png()[24:],
    }[case]
    try:
        doc = engine.load(data, name=f"{case}.bin")
    except InputError as exc:
        assert message in str(exc)
        assert str(exc).startswith(f"{case}.bin: ")
        return
    # mupdf repairs some truncated files; then every page must still be usable, and the
    # document says it was damaged
    assert case == "truncated_pdf" and len(doc.pages) >= 1
    assert "repair" in doc.metadata["damaged"]


def test_a_repaired_pdf_is_never_accepted(engine, make_pdf):
    """A truncated PDF that PyMuPDF repairs may have lost parts of its pages: even when
    every field is found, a person looks (reason input_damaged)."""
    from formsift.templates import check_source
    from tests.test_engine import PAGE, TEMPLATE

    good = make_pdf(PAGE)
    cut = good[: int(len(good) * 0.9)]
    template = check_source(TEMPLATE, "shop.sift")[0][0]
    assert engine.extract(good, template, name="good.pdf").status.value == "accepted"
    result = engine.extract(cut, template, name="cut.pdf")
    assert "input_damaged" in [r.code for r in result.reasons]
    assert result.status.value != "accepted"


def test_png_jpeg_and_multipage_tiff(engine):
    import cv2

    img = np.full((120, 300, 3), 255, np.uint8)
    png = engine.load(cv2.imencode(".png", img)[1].tobytes())
    assert png.media_type == "image/png" and png.pages[0].width == 300
    assert not png.pages[0].has_text_layer
    jpg = engine.load(cv2.imencode(".jpg", img)[1].tobytes())
    assert jpg.pages[0].unit == "px"
    ok, tiff = cv2.imencodemulti(".tiff", [img, img, img])
    assert ok
    doc = engine.load(tiff.tobytes())
    assert doc.media_type == "image/tiff" and len(doc.pages) == 3


def _jpeg_with_orientation(img: np.ndarray, orientation: int) -> bytes:
    """A JPEG with an EXIF APP1 segment whose Orientation tag is ``orientation``."""
    import cv2

    jpg = cv2.imencode(".jpg", img)[1].tobytes()
    tiff = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    app1 = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
    return jpg[:2] + segment + jpg[2:]


def test_jpeg_exif_orientation_is_applied(engine):
    img = np.full((100, 300, 3), 255, np.uint8)  # landscape as stored
    doc = engine.load(_jpeg_with_orientation(img, 6))  # 6: rotate 90° clockwise to view
    assert (doc.pages[0].width, doc.pages[0].height) == (100, 300)


def test_image_dpi_from_png_header_and_rendering(engine):
    import cv2

    img = np.full((300, 600, 3), 255, np.uint8)
    data = cv2.imencode(".png", img)[1].tobytes()
    # add a pHYs chunk saying 150 dpi (5906 px/m) after IHDR
    import zlib

    body = struct.pack(">IIB", 5906, 5906, 1)
    chunk = struct.pack(">I", 9) + b"pHYs" + body + struct.pack(">I", zlib.crc32(b"pHYs" + body))
    data = data[:33] + chunk + data[33:]
    page = engine.load(data).pages[0]
    assert page.notes["image"]["dpi"] == 150
    assert page.image(300).shape[:2] == (600, 1200)


def test_a_bad_input_never_brings_down_a_batch(engine, make_pdf):
    inputs = [make_pdf([(50, 50, "ok")]), b"", b"%PDF-1.7 broken", _png()[:40],
              make_pdf([(50, 50, "ok too")])]
    results = list(engine.extract_many(inputs, "invoice"))
    assert len(results) == len(inputs)
    assert [getattr(r, "error", None) is None for r in results] == [True, False, False, False,
                                                                     True]


def test_an_encrypted_pdf_opens_with_its_password(registry, make_pdf, tmp_path, capsys):
    from formsift.cli import main
    from formsift.core.errors import FormsiftError

    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted(make_pdf))
    doc = Engine(registry=registry, loader_options={"pdf": {"password": "pw"}}).load(path)
    assert doc.pages[0].words
    with pytest.raises(InputError, match="password is wrong"):
        Engine(registry=registry, loader_options={"pdf": {"password": "nope"}}).load(path)
    assert main(["inspect", str(path), "--password", "pw"]) == 0
    assert main(["inspect", str(path)]) == 3
    assert "needs a password" in capsys.readouterr().err
    with pytest.raises(FormsiftError, match="no loader named 'pfd'"):
        Engine(registry=registry, loader_options={"pfd": {"password": "x"}}).load(path)
    with pytest.raises(FormsiftError, match="loader 'pdf': option 'pasword'"):
        Engine(registry=registry, loader_options={"pdf": {"pasword": "x"}}).load(path)


# -- damaged multi-page TIFFs -------------------------------------------------------------
def _pages(count=3) -> list[np.ndarray]:
    return [np.full((120, 200, 3), 60 * (i + 1), np.uint8) for i in range(count)]


def _tiff_data_first(pages) -> tuple[bytes, list[int]]:
    """A TIFF as OpenCV writes it (each page's data, then its directory), and the offsets
    of the directories."""
    import cv2

    data = cv2.imencodemulti(".tiff", pages)[1].tobytes()
    offsets, at = [], struct.unpack_from("<I", data, 4)[0]
    while at:
        offsets.append(at)
        at = struct.unpack_from("<I", data, at + 2 + 12 * struct.unpack_from("<H", data, at)[0])[0]
    return data, offsets


def _tiff_directories_first(pages) -> bytes:
    """An uncompressed grey TIFF as Pillow and many scanners write it: each page's
    directory, then its data."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for i, img in enumerate(pages):
        raw = img[:, :, 0].tobytes()
        h, w = img.shape[:2]
        data_at = len(out) + 2 + 12 * 9 + 4
        entries = [(256, 4, w), (257, 4, h), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                   (273, 4, data_at), (277, 3, 1), (278, 4, h), (279, 4, len(raw))]
        out += struct.pack("<H", len(entries))
        for tag, typ, value in entries:
            out += struct.pack("<HHI", tag, typ, 1)
            out += struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<I", data_at + len(raw) if i < len(pages) - 1 else 0) + raw
    return bytes(out)


def _assert_opencv_was_quiet(capfd):
    import cv2

    err = capfd.readouterr().err
    assert "TIFF_Error" not in err and "[ERROR" not in err, err
    assert cv2.utils.logging.getLogLevel() != cv2.utils.logging.LOG_LEVEL_SILENT  # restored


@pytest.mark.parametrize("layout", ["data_first", "directories_first"])
def test_a_truncated_tiff_keeps_its_readable_pages_and_says_which_are_lost(engine, capfd,
                                                                           layout):
    if layout == "data_first":
        data, dirs = _tiff_data_first(_pages())
        cut = data[:dirs[2] - 100]  # into page 3's data: its directory is gone
    else:
        data = _tiff_directories_first(_pages())
        assert len(engine.load(data).pages) == 3  # the writer is right
        cut = data[:-100]  # page 3's image data is cut off
    doc = engine.load(cut, name="scan.tif")
    assert [int(p.image(300).mean()) for p in doc.pages] == [60, 120]
    # (the pages lost, then the resolution assumed: these TIFFs give none)
    warning, assumed = doc.metadata["warnings"]
    assert "TIFF page 3's" in warning and "(the file is truncated)" in warning
    assert "no resolution" in assumed and doc.metadata["damaged"] == warning
    result = engine.extract(cut, name="scan.tif")  # the result says so too
    assert result.audit.input_warnings == [warning, assumed]
    # and its record is not accepted as complete (it was, with a page lost)
    assert any(r.code == "input_damaged" and "TIFF page 3" in r.message
               for r in result.reasons) and result.status.value != "accepted"
    assert "loaded pages 1-2 only; page 3 and any pages after it are missing" in warning
    _assert_opencv_was_quiet(capfd)


@pytest.mark.parametrize("layout", ["data_first", "directories_first"])
def test_a_tiff_truncated_in_its_first_page_is_an_error_naming_the_page(engine, capfd,
                                                                        layout):
    if layout == "data_first":
        data, dirs = _tiff_data_first(_pages())
        cut = data[:dirs[0] + 4]  # page 1's directory is cut off
    else:
        cut = _tiff_directories_first(_pages())[:2000]  # page 1's image data is
    with pytest.raises(InputError, match=r"^scan\.tif: cannot decode image: page 1's .*"
                                         r"\(the file is truncated\)"):
        engine.load(cut, name="scan.tif")
    _assert_opencv_was_quiet(capfd)


@pytest.mark.parametrize("damaged, pages", [(0, None), (1, 1), (2, 2)])
def test_a_tiff_page_opencv_cannot_decode_is_named(engine, capfd, damaged, pages):
    data, dirs = _tiff_data_first(_pages(4))
    data = bytearray(data)
    at = dirs[damaged]
    for i in range(struct.unpack_from("<H", data, at)[0]):  # SamplesPerPixel: 7 (OpenCV
        entry = at + 2 + 12 * i                                # raises on the whole file)
        if struct.unpack_from("<H", data, entry)[0] == 277:
            struct.pack_into("<H", data, entry + 8, 7)
    if pages is None:
        with pytest.raises(InputError, match=r"scan\.tif: cannot decode image: page 1 cannot "
                                             r"be decoded"):
            engine.load(bytes(data), name="scan.tif")
    else:
        doc = engine.load(bytes(data), name="scan.tif")
        assert len(doc.pages) == pages
        assert f"TIFF page {pages + 1} cannot be decoded" in doc.metadata["warnings"][0]
    _assert_opencv_was_quiet(capfd)


def test_a_tiff_over_the_page_limit_is_refused_before_decoding(registry):
    data, _ = _tiff_data_first(_pages(3))
    strict = Engine(registry=registry, loader_options={"image": {"max_pages": 2}})
    with pytest.raises(InputError, match=r"image has 3 pages, over the limit of 2$"):
        strict.load(data, name="many.tif")


# -- text encodings -----------------------------------------------------------------------
def test_a_latin1_text_file_is_a_clear_encoding_error_not_an_unsupported_type(registry,
                                                                              engine):
    latin1 = "Invoice 7\nName: René Müller\nTotal: 12,50\n".encode("latin-1")
    with pytest.raises(InputError) as err:
        engine.load(latin1, name="old.txt")
    text = str(err.value)
    assert text.startswith("old.txt: the text file is not valid UTF-8: byte 0xE9 at "
                           "offset 19 (line 2): invalid continuation byte")
    assert "unsupported file type" not in text
    assert "Windows-1252 or Latin-1" in text and "'encoding': 'cp1252'" in text
    doc = Engine(registry=registry, loader_options={"text": {"encoding": "cp1252"}}).load(
        latin1, name="old.txt")
    assert "René Müller" in doc.text


def test_byte_order_marks_say_the_encoding(engine):
    doc = engine.load(b"\xef\xbb\xbfTotal 12.50\n", name="bom.txt")
    assert doc.pages[0].words[0].text == "Total"  # no U+FEFF glued to the first word
    doc = engine.load("Total: 12,50 €\n".encode("utf-16"), name="wide.txt")
    assert doc.text.split() == ["Total:", "12,50", "€"]


def test_binary_named_txt_is_no_text_file_and_a_bad_encoding_option_is_named(registry,
                                                                               engine):
    from formsift.core.errors import FormsiftError

    with pytest.raises(InputError, match=r"blob\.txt: not a valid TXT file"):
        engine.load(bytes(range(256)) * 4, name="blob.txt")
    with pytest.raises(FormsiftError, match=r"loader 'text': option 'encoding'.*unknown "
                                            r"encoding 'utf-9'"):
        Engine(registry=registry, loader_options={"text": {"encoding": "utf-9"}}).load(
            b"x\n", name="a.txt")


def test_a_file_named_pdf_that_holds_something_else_is_called_so(engine):
    with pytest.raises(InputError, match=r"scan\.pdf: not a valid PDF file"):
        engine.load(bytes(range(256)) * 8, name="scan.pdf")
    with pytest.raises(InputError, match="unsupported file type"):
        engine.load(bytes(range(256)) * 8, name="scan.xyz")


def test_a_readable_pdf_with_a_missing_resource_is_not_damaged(engine):
    """MuPDF complains about a graphics state the page names but lacks; every word is
    still read. Only lost structure (repairs, lost content streams) is damage."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Invoice 123 total 10.00")
    xref = page.get_contents()[0]
    doc.update_stream(xref, b"/GS7 gs " + doc.xref_stream(xref))
    loaded = engine.load(doc.tobytes(), name="gs.pdf")
    assert "Invoice" in loaded.pages[0].text
    assert "damaged" not in loaded.metadata


_INVOICE = Path(__file__).resolve().parents[1] / "examples" / "documents" / "invoice.pdf"


def _turned(how: str, degrees: int) -> bytes:
    """The example invoice shown sideways or upside down: by /Rotate, or drawn turned on a
    page of its own (a portrait page placed on a landscape sheet)."""
    import pymupdf

    src = pymupdf.open(_INVOICE)
    out = pymupdf.open()
    if how == "rotate":
        out.insert_pdf(src)
        out[0].set_rotation(degrees)
    else:
        r = src[0].rect
        size = (r.height, r.width) if degrees in (90, 270) else (r.width, r.height)
        page = out.new_page(width=size[0], height=size[1])
        page.show_pdf_page(page.rect, src, 0, rotate=degrees)
    return out.tobytes()


@pytest.mark.parametrize("how, degrees", [("rotate", 90), ("rotate", 180), ("rotate", 270),
                                          ("drawn", 90), ("drawn", 180), ("drawn", 270)])
def test_a_text_layer_shown_sideways_or_upside_down_is_read_upright(engine, how, degrees):
    """A user's bug: an invoice whose page is shown turned (a wrong /Rotate, a portrait
    page on a landscape sheet) was read down the page: garbage values, to review."""
    upright = engine.extract(_INVOICE.read_bytes(), "invoice", name="invoice.pdf")
    turned = engine.extract(_turned(how, degrees), "invoice", name="turned.pdf")
    assert turned.record() == upright.record()
    assert turned.status == upright.status == "accepted"
    (page,) = turned.page_info
    assert page.notes["orientation"]["rotated"] in (90, 180, 270)
    doc = engine.load(_turned(how, degrees), name="turned.pdf")
    first = doc.pages[0]
    assert first.width < first.height  # the portrait invoice stands upright again
    word = next(w for w in first.words if w.text == "Invoice")
    assert word.box.width > word.box.height  # and its words lie flat


def test_a_vertical_note_in_the_margin_does_not_turn_a_page(engine):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    for i in range(12):
        page.insert_text((60, 100 + 20 * i), f"Line {i} of an ordinary page of text",
                         fontsize=10)
    page.insert_text((30, 800), "Registered office Musterstadt, court HRB 1234 tax id 12",
                     fontsize=7, rotate=90)
    doc = engine.load(pdf.tobytes(), name="margin.pdf")
    assert "orientation" not in doc.pages[0].notes
    assert doc.pages[0].rotation == 0


def test_hebrew_lines_running_right_to_left_do_not_turn_a_page(engine):
    """Right-to-left scripts run like an upside-down page's words; they stay as they are."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    html = "".join(f"<p dir='rtl'>חשבונית מס מספר {i} לתשלום עד סוף החודש הבא</p>"
                   for i in range(12))
    page.insert_htmlbox(pymupdf.Rect(50, 50, 545, 800), html)
    doc = engine.load(pdf.tobytes(), name="rtl.pdf")
    assert "orientation" not in doc.pages[0].notes
    assert doc.pages[0].words[0].text == "חשבונית"


def _pdf_without_character_map(lines: list[str]) -> bytes:
    """A PDF as some generators write it: an embedded subset font (Identity-H) with no
    ToUnicode map, so its text layer holds glyph numbers, not characters."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="dv", fontfile=_DEJAVU)
    for i, text in enumerate(lines):
        page.insert_text((60, 100 + 30 * i), text, fontname="dv", fontsize=12)
    doc.subset_fonts()
    for xref in range(1, doc.xref_length()):
        if "ToUnicode" in doc.xref_get_keys(xref):
            doc.xref_set_key(xref, "ToUnicode", "null")
    return doc.tobytes()


_DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_LINES = ["INVOICE", "Invoice number INV-2024-0042", "Net 1,000.00", "VAT 190.00",
          "Total 1,190.00 EUR"]


@pytest.mark.skipif(not Path(_DEJAVU).is_file(), reason="fonts-dejavu-core not installed")
def test_a_text_layer_of_glyph_numbers_is_dropped_so_the_page_is_read_as_a_scan(engine):
    """A user's bug: a PDF whose fonts lack a character map gave words like ',QYRLFH'
    (and lost every digit); templates found nothing and nothing said why."""
    doc = engine.load(_pdf_without_character_map(_LINES), name="glyphs.pdf")
    page = doc.pages[0]
    assert page.words == [] and not page.has_text_layer
    assert page.notes["text_layer"]["unreadable"] > 0.25


@pytest.mark.skipif(not Path(_DEJAVU).is_file(), reason="fonts-dejavu-core not installed")
def test_a_few_unreadable_characters_keep_a_text_layer(engine):
    """One word in a font without a character map (a logo's, a symbol's) among ordinary
    lines: the page keeps its text layer."""
    import pymupdf

    from formsift.plugins.loaders.pdf import UNREADABLE_TEXT_LAYER, unreadable_share

    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_font(fontname="dv", fontfile=_DEJAVU)
    for i in range(10):
        page.insert_text((60, 100 + 20 * i), f"Line {i} of ordinary text", fontsize=10)
    page.insert_text((60, 400), "Ref 2024-0042", fontname="dv", fontsize=10)
    pdf.subset_fonts()
    for xref in range(1, pdf.xref_length()):
        if "ToUnicode" in pdf.xref_get_keys(xref):
            pdf.xref_set_key(xref, "ToUnicode", "null")
    data = pdf.tobytes()
    with pymupdf.open(stream=data) as check:
        share = unreadable_share(check[0].get_text())
    assert 0 < share < UNREADABLE_TEXT_LAYER  # the page does hold unreadable characters
    doc = engine.load(data, name="few.pdf")
    assert doc.pages[0].has_text_layer and "text_layer" not in doc.pages[0].notes
    assert "ordinary" in [w.text for w in doc.pages[0].words]

def test_a_vertical_stamp_on_a_scanned_page_does_not_turn_it(engine):
    """Review finding: a scan in a PDF whose only text is a 7-word vertical stamp was
    turned sideways, and OCR then read the upright scan across its lines."""
    import pymupdf

    src = pymupdf.open(_INVOICE)
    pix = src[0].get_pixmap(dpi=100)
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=pix)
    page.insert_text((560, 700), "Received 12.03.2024 Accounts payable checked and approved",
                     fontsize=9, rotate=90)
    doc = engine.load(pdf.tobytes(), name="stamped-scan.pdf")
    assert "orientation" not in doc.pages[0].notes and doc.pages[0].rotation == 0


def test_vertical_column_headers_over_a_table_of_numbers_do_not_turn_a_page(engine):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    page.insert_text((60, 40), "Sales statement March 2026 for account 10042", fontsize=12)
    for col in range(10):
        page.insert_text((80 + 70 * col, 170), f"Amount of column {col} in EUR", fontsize=8,
                         rotate=90)
        for row in range(20):
            page.insert_text((70 + 70 * col, 190 + 18 * row), f"{(row + 1) * (col + 3)}.50",
                             fontsize=9)
    doc = engine.load(pdf.tobytes(), name="statement.pdf")
    assert "orientation" not in doc.pages[0].notes and doc.pages[0].rotation == 0
    assert doc.pages[0].width > doc.pages[0].height
