"""An image whose file gives no resolution (a PNG without pHYs, as screenshots and many
converters write it) is read at the image loader's ``assume_dpi`` (300): the result's
audit says so, naming the resolution assumed, the one its size suggests (A4 or Letter at
a usual scanning resolution) and how to give the scan's; a file that gives its resolution,
or a caller who gave ``assume_dpi``, is not warned of it."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from formsift import Engine


def _png(w: int, h: int, dpi: int | None = None) -> bytes:
    """A white PNG of ``w`` x ``h`` pixels, with a pHYs chunk of ``dpi`` when given."""
    import cv2

    ok, buf = cv2.imencode(".png", np.full((h, w), 255, np.uint8))
    assert ok
    data = buf.tobytes()
    if dpi is None:
        return data
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    return data[:33] + chunk + data[33:]  # after the signature and IHDR


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


def test_a_png_without_a_resolution_says_the_one_assumed(engine):
    result = engine.extract(_png(1654, 2339), name="scan.png")
    (warning,) = result.audit.input_warnings
    assert "no resolution" in warning and "read as 300 dpi" in warning
    assert "A4 at 200 dpi" in warning  # what its pixels suggest
    assert "assume_dpi" in warning  # how to give it


def test_a_size_of_no_known_paper_names_no_paper(engine):
    (warning,) = engine.load(_png(400, 600), name="crop.png").metadata["warnings"]
    assert "read as 300 dpi" in warning
    assert "A4" not in warning and "Letter" not in warning


def test_a_png_that_gives_its_resolution_is_not_warned_of(engine):
    doc = engine.load(_png(1654, 2339, dpi=200), name="scan.png")
    assert doc.pages[0].notes["image"]["dpi"] == 200
    assert "warnings" not in doc.metadata


def test_a_resolution_given_by_the_caller_is_used_and_not_warned_of(registry):
    engine = Engine(registry=registry, loader_options={"image": {"assume_dpi": 200}})
    doc = engine.load(_png(1654, 2339), name="scan.png")
    assert doc.pages[0].notes["image"]["dpi"] == 200
    assert "warnings" not in doc.metadata

