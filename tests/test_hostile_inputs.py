"""Inputs a QA engineer threw at formsift: odd file names, files that are not files,
transparent images, catastrophic template regexes, long scans. Each once crashed, hung
or misread; each now gets a clear answer."""

from __future__ import annotations

import os
import sys

import pytest

from formsift import Engine
from formsift.core.errors import InputError
from formsift.core.sources import as_source

INVOICE = '''template t {
  field total: money = right of "Total"
}'''


@pytest.mark.skipif(sys.platform != "linux", reason="byte file names are a POSIX thing")
def test_a_file_name_that_is_not_utf8_is_escaped_not_a_crash(tmp_path, make_pdf, engine):
    folder = os.fsencode(tmp_path)
    path = os.fsdecode(folder + b"/bad\xff.pdf")
    with open(path, "wb") as fh:
        fh.write(make_pdf([(50, 100, "Invoice"), (50, 140, "Total"), (150, 140, "12.50")]))
    result = engine.extract(path, template="invoice")
    assert result.source.endswith("bad\\xff.pdf")
    result.model_dump_json()  # raised PydanticSerializationError (surrogates)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_or_a_device_is_refused_not_read(tmp_path):
    import threading

    from formsift.batch.inputs import content_hash
    from formsift.core.errors import FormsiftError

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    errors: list[Exception] = []

    def attempt() -> None:  # in a thread: a regression blocks it, not the test run
        for call in (lambda: as_source(fifo),  # blocked forever
                     lambda: content_hash(str(fifo))):  # blocked a batch's planning
            try:
                call()
            except FormsiftError as exc:
                errors.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert len(errors) == 2 and all("not a regular file" in str(e) for e in errors)
    if os.path.exists("/dev/zero"):
        with pytest.raises(InputError, match="not a regular file"):
            as_source("/dev/zero", max_bytes=1 << 20)  # grew until memory ran out


def test_a_symlink_loop_is_named(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(InputError, match="symbolic link loop"):
        as_source(a)


def test_a_folder_named_like_a_library_template_does_not_hide_it(tmp_path, monkeypatch):
    from formsift.templates import LIBRARY, resolve_path

    (tmp_path / "invoice").mkdir()  # documents kept in a folder named after their kind
    monkeypatch.chdir(tmp_path)
    assert resolve_path("invoice") == LIBRARY / "invoice.sift"


def test_black_text_on_a_transparent_png_is_read_on_white(registry):
    import cv2
    import numpy as np

    from formsift.core.sources import Source

    rgba = np.zeros((60, 200, 4), np.uint8)  # transparent black everywhere...
    cv2.putText(rgba, "Total 12.50", (5, 40), cv2.FONT_HERSHEY_SIMPLEX, 1,
                (0, 0, 0, 255), 2)  # ... and opaque black text
    ok, png = cv2.imencode(".png", rgba)
    assert ok
    loader = registry.create("loader", "image")
    page = loader.load(Source("t.png", png.tobytes())).pages[0]
    image = page.image(300)
    assert image[2, 2].tolist() == [255, 255, 255]  # the ground is paper, not black
    assert image.min() < 60  # the text is still ink


@pytest.mark.parametrize("shape", ["grey+alpha", "palette+tRNS", "opaque"])
def test_a_png_is_decoded_again_only_when_it_may_be_transparent(registry, monkeypatch, shape):
    import cv2
    import numpy as np
    import pymupdf

    from formsift.core.sources import Source

    grey = np.full((40, 120), 255, np.uint8)
    cv2.putText(grey, "Total", (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    if shape == "grey+alpha":  # black text, the ground transparent black
        samples = np.dstack([np.zeros_like(grey), 255 - grey])  # black, opaque at text
        png = pymupdf.Pixmap(pymupdf.csGRAY, 120, 40, samples.tobytes(), True).tobytes("png")
    elif shape == "palette+tRNS":  # made by hand: the encoders here write no palettes
        png = _palette_png_with_transparent_black(grey)
    else:
        png = cv2.imencode(".png", grey)[1].tobytes()
    calls = []
    real = cv2.imdecode
    monkeypatch.setattr(cv2, "imdecode", lambda *a: calls.append(a[1]) or real(*a))
    page = registry.create("loader", "image").load(Source("t.png", png)).pages[0]
    image = page.image(300)
    assert image[1, 1].tolist() == [255, 255, 255] and image.min() < 60  # text on paper
    assert len(calls) == (1 if shape == "opaque" else 2)


def _palette_png_with_transparent_black(grey):
    import struct
    import zlib

    def chunk(name, body):
        return (struct.pack(">I", len(body)) + name + body
                + struct.pack(">I", zlib.crc32(name + body)))

    h, w = grey.shape
    rows = b"".join(b"\0" + bytes(1 if v < 128 else 0 for v in row) for row in grey)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes([0, 0, 0, 0, 0, 0])) + chunk(b"tRNS", bytes([0, 255]))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_catastrophic_normalize_regex_is_a_regex_timeout_reason(registry, engine):
    from formsift.core.sources import Source
    from formsift.templates import check_source

    (tpl,), _ = check_source('template t {\n  normalize {\n    replace /(a+)+$/ "X"\n  }\n'
                             '  field t: text = search /X/\n}', "t.sift", registry)
    text = ("a" * 30000 + "!").encode()
    result = engine.extract(Source("aaa.txt", text), tpl)
    codes = {r.code for r in result.reasons}
    assert "regex_timeout" in codes  # was an internal error (a bare TimeoutError)


def test_a_catastrophic_field_type_pattern_is_a_regex_timeout_reason(registry, engine):
    from formsift.core.sources import Source
    from formsift.templates import check_source

    (tpl,), _ = check_source('template t {\n  field t: text(pattern=/(a|aa)+$/) = '
                             'right of "Total"\n}', "t.sift", registry)
    text = ("Total " + "a" * 40 + "!").encode()
    result = engine.extract(Source("aaa.txt", text), tpl)
    assert any(r.code == "regex_timeout" and r.field == "t" for r in result.reasons)


def test_fmt_of_a_template_that_is_not_utf8_says_so(tmp_path, capsys):
    from formsift.cli import EXIT_TEMPLATE, main

    path = tmp_path / "latin1.sift"
    path.write_bytes('template t {\n  title "Café"\n}\n'.encode("latin-1"))
    assert main(["fmt", str(path)]) == EXIT_TEMPLATE  # was an internal error
    assert "not UTF-8 text" in capsys.readouterr().err


def test_packed_page_images_come_back_unchanged():
    import numpy as np

    from formsift.core.document import Page

    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (50, 40, 3), dtype=np.uint8)
    page = Page(0, 40, 50, unit="px", renderer=lambda dpi: img)
    page.set_image(300, img.copy())
    page.notes["preprocessed"], page.notes["render_dpi"] = True, 300
    page.pack()
    assert not page._images  # the pixels are packed...
    assert np.array_equal(page.image(300), img)  # ... and lossless
    page.pack()
    assert np.array_equal(page.shown_image(300), img)


def test_every_broken_template_of_a_folder_is_named(tmp_path):
    from formsift.core.errors import TemplateError

    (tmp_path / "ok.sift").write_text(INVOICE)
    (tmp_path / "b1.sift").write_text('template a {\n  field x: nope = right of "A"\n}\n')
    (tmp_path / "b2.sift").write_bytes(b"\xff\xfe")
    with pytest.raises(TemplateError) as caught:
        _ = Engine([tmp_path], seen_store="memory").templates
    text = str(caught.value)
    assert "b1.sift:2" in text and "b2.sift: not UTF-8" in text  # only the first, before
    assert [d.line for d in caught.value.diagnostics] == [2]  # b1's, for tools


def test_inspect_page_zero_is_a_usage_error(capsys):
    from formsift.cli import EXIT_USAGE, main

    pdf = os.path.join(os.path.dirname(__file__), "..", "examples", "documents",
                       "invoice.pdf")
    with pytest.raises(SystemExit) as exited:
        main(["inspect", pdf, "--page", "0"])  # showed every page
    assert exited.value.code == EXIT_USAGE
    assert "numbered from 1" in capsys.readouterr().err


def test_an_error_line_for_a_name_that_is_not_utf8_is_valid_json():
    from formsift import ErrorResult

    name = os.fsdecode(b"/in/inv\xff.pdf")
    line = ErrorResult(source=name, error="input_error", message=f"{name}: not a valid PDF")
    assert "inv\\\\xff.pdf" in line.model_dump_json()  # raised PydanticSerializationError


def test_forgetting_a_pages_images_turns_its_size_back():
    """A page turned a quarter by orientation has its width and height swapped; read
    again with another chain, it was swapped a second time."""
    from formsift.core.document import Page

    page = Page(0, 1755, 1240, unit="px")
    page.width, page.height = page.height, page.width  # what preprocessing does
    page.notes.update(preprocessed=True, turned_size=True)
    page.forget_images()
    assert (page.width, page.height) == (1755, 1240)
