"""A pen dot in a checkbox is no sure tick (accident statements journey, finding 5): on a
scanned accident statement, a 1.6-point dot of a pen's tip in vehicle B's circumstance 5
(no tick meant) read ticked at 0.89; only the count rule (2 written, 3 ticked) sent it to
review, and without a count the circumstance would have been accepted. A box ticked by a
small blob alone (a third of the side at most, touching none of the frame) now reads
ticked unsurely (DOT_DOUBT: the field goes to review); a big dot set in the box as a mark
(the pledges journey's 5-point dots), a tick, a cross and a filled box stay sure."""

from __future__ import annotations

import fitz
import numpy as np
import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box


def _boxes(marks: list[str], side: float = 11, dpi: int = 200) -> list:
    """A row of boxes of ``side`` points, each marked as ``marks`` says, scanned at
    ``dpi`` (blurred, noisy), as the checkbox segmenter finds them, left to right."""
    import cv2

    from formsift.core.plugins import PluginRegistry

    doc = fitz.open()
    page = doc.new_page(width=600, height=400)
    ink = (0.05, 0.1, 0.6)
    for k, mark in enumerate(marks):
        x, y, s = 40 + 40 * k, 50, side
        page.draw_rect(fitz.Rect(x, y, x + s, y + s), color=(0, 0, 0), width=0.8)
        if mark.startswith("dot"):  # "dot1.6": a dot of 1.6 points across, off centre
            r = float(mark[3:]) / 2
            page.draw_circle((x + 5, y + 5), r, color=ink, fill=ink)
        elif mark == "tick":
            page.draw_polyline([(x + 1, y + 5), (x + 4, y + s), (x + s + 3, y - 3)],
                               color=ink, width=1.3)
        elif mark == "cross":
            page.draw_line((x + 2, y + 2), (x + s - 2, y + s - 2), color=ink, width=1.2)
            page.draw_line((x + s - 2, y + 2), (x + 2, y + s - 2), color=ink, width=1.2)
        elif mark == "filled":
            page.draw_rect(fitz.Rect(x + 1.5, y + 1.5, x + s - 1.5, y + s - 1.5),
                           color=ink, fill=ink)
    pix = page.get_pixmap(dpi=dpi)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
    img = cv2.GaussianBlur(cv2.cvtColor(img, cv2.COLOR_RGB2BGR), (3, 3), 0.7)
    img = np.clip(img + np.random.default_rng(9).normal(0, 6, img.shape), 0, 255)
    img = img.astype(np.uint8)
    h, w = img.shape[:2]
    found = PluginRegistry.discover().create("segmenter", "checkboxes", None).segment(
        img, Page(index=0, width=w, height=h, unit="px"))
    return sorted(found, key=lambda r: r.box.x0)


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("size", ["dot1.2", "dot1.6", "dot2.2"])
def test_a_pen_dot_is_an_unsure_tick(dpi, size):
    from formsift.plugins.segment.checkboxes import DOT_DOUBT

    (box,) = _boxes([size], dpi=dpi)
    assert box.attrs["checked"]  # some ink: count_true still counts it
    assert box.score <= DOT_DOUBT


@pytest.mark.parametrize("dpi", [200, 300])
def test_marks_meant_as_ticks_stay_sure(dpi):
    boxes = _boxes(["tick", "cross", "filled", "dot5", "empty"], side=12, dpi=dpi)
    assert [b.attrs["checked"] for b in boxes] == [True, True, True, True, False]
    assert all(b.score >= 0.9 for b in boxes), [b.score for b in boxes]


def test_a_field_on_a_dot_goes_to_review(registry):
    """The box's doubt reaches the field: under the 0.5 floor."""
    from formsift.plugins.segment.checkboxes import DOT_DOUBT
    from formsift.templates import check_source, runtime

    words = [Word("☒", Box(0.1, 0.1, 0.12, 0.12), 0, DOT_DOUBT, "checkboxes"),
             Word("Parked", Box(0.13, 0.1, 0.2, 0.12), 0, 0.99, "ppocr_rec",
                  char_confidences=(0.99,) * 6)]
    doc = Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    (t,), diags = check_source('template t {\n  field parked: checkbox = left of "Parked"\n}',
                               "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    got = runtime.run(t, doc).fields["parked"]
    assert got.value is True and got.confidence < 0.5
