"""A document is told a BMP or a PDF by its bytes only when they are one: a note that
starts "BM" ("BMW AG ...") or quotes "%PDF-1.7" in its first lines is text (before, the
image loader took the first as a BMP of 171,061,536 x 1,635,020,628 pixels and the PDF
loader the second as a damaged PDF: both refused), while real BMPs and PDFs, also with
bytes before their header as PDF readers take them, are still read by their bytes."""

from __future__ import annotations

import pytest

from formsift.plugins.loaders.image import media_type
from formsift.plugins.loaders.pdf import is_pdf
from formsift.service.content import sniffed

NOTES = [
    b"BMW AG Invoice No. 12\nTotal 5.00\n",
    b"BM\n",
    b"BM" + b" " * 40 + b"\nTotal 5.00\n",
    b"Notes on the upload: it starts with %PDF-1.7 as usual.\nTotal 5\n",
    b"%PDF-ish notes\nTotal 5\n",
    b"Header quoted:\n%PDF-1.4\nand the file ends %%EOF\n" + b"x" * 2000,
]


def _bmp() -> bytes:
    import cv2
    import numpy as np

    image = np.full((60, 80, 3), 255, np.uint8)
    cv2.putText(image, "BM", (5, 40), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
    return cv2.imencode(".bmp", image)[1].tobytes()


def _pdf() -> bytes:
    from tests.service.documents import invoice

    return invoice(4)[0]


@pytest.mark.parametrize("note", NOTES)
def test_a_note_is_read_as_text(engine, note):
    assert sniffed(note) is None
    assert engine.load(note, name="document.txt").loader == "text"


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf", b"HTTP/1.1 200 OK\r\n\r\n"])
def test_a_pdf_is_one_by_its_bytes_also_after_something_else(engine, prefix):
    data = prefix + _pdf()
    assert is_pdf(data) and sniffed(data) == "application/pdf"
    assert engine.load(data, name="document.txt").loader == "pdf"


def test_a_pdf_header_later_than_the_first_kilobyte_is_not_read():
    assert not is_pdf(b" " * 1024 + _pdf())


def test_a_bmp_is_one_by_its_bytes(engine):
    data = _bmp()
    assert media_type(data) == sniffed(data) == "image/bmp"
    assert engine.load(data, name="document.txt").loader == "image"
    assert media_type(data[:32], len(data)) == "image/bmp"
    assert media_type(data[: len(data) // 2]) is None  # truncated: its size says more
