"""Mail signature images in an unpacked mailbox (inbox journey, finding 4): a 200 x 60 px
logo saved beside each mail's invoice became a review record (every field missing), the
same logo in the next mail a duplicate_input error line, and the nightly run exited 3. A
folder walk leaves out PNG and JPEG images too small to be a page of a document and the
summary names them with their size; an image named on the command line is extracted."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from formsift.batch.inputs import expand, image_size, too_small
from formsift.batch.run import BatchSummary


def _image(path, width, height, suffix=".png"):
    pixels = np.full((height, width, 3), 255, np.uint8)
    cv2.putText(pixels, "ACME", (5, height - 10), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
    ok, data = cv2.imencode(suffix, pixels)
    assert ok
    path.write_bytes(data.tobytes())
    return path


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_the_size_is_read_from_the_header(tmp_path, suffix):
    path = _image(tmp_path / f"logo{suffix}", 200, 60, suffix)
    assert image_size(str(path)) == (200, 60)
    assert too_small(str(path)) == (200, 60)


@pytest.mark.parametrize("size", [(595, 842), (210, 298), (1224, 57), (165, 800)])
def test_pages_and_lines_are_not_too_small(tmp_path, size):
    """Guards: an A4 page a mail client downscaled to 72 dpi, an A7 one, a line of
    handwriting cropped from a page, a narrow receipt."""
    path = _image(tmp_path / "page.png", *size)
    assert too_small(str(path)) is None


def test_a_folder_walk_leaves_out_the_logos(tmp_path):
    for mail in ("mailA", "mailB"):
        (tmp_path / mail).mkdir()
        _image(tmp_path / mail / "image001.png", 200, 60)
    page = _image(tmp_path / "mailA" / "invoice.png", 595, 842)
    found = expand([tmp_path], suffixes={".png", ".jpg", ".pdf"})
    assert found.paths == [str(page)]
    assert [(p.split("/")[-2], size) for p, size in found.small_images] == \
        [("mailA", (200, 60)), ("mailB", (200, 60))]
    # named on the command line, a logo is extracted as asked
    named = expand([tmp_path / "mailA" / "image001.png"], suffixes={".png"})
    assert named.paths and not named.small_images


def test_the_summary_names_them():
    summary = BatchSummary(small_images=["mailA/image001.png (200 x 60 px)"])
    assert "too small to be a page of a document" in summary.table()
    assert summary.as_dict()["small_images"] == ["mailA/image001.png (200 x 60 px)"]


@pytest.mark.parametrize("ext", [".bmp", ".webp", ".jpg"])
def test_a_small_logo_of_any_image_kind_is_left_out(tmp_path, ext):
    """The code read found that a BMP or WebP logo was still a record: the size was read
    from PNG and JPEG headers only (the image loader reads all four)."""
    logo = tmp_path / f"image001{ext}"
    ok, buf = cv2.imencode(ext, np.full((60, 200, 3), 200, np.uint8))
    assert ok
    logo.write_bytes(buf.tobytes())
    assert too_small(str(logo)) == (200, 60)
