"""Small checkboxes on a phone photo: a thin frame blurred by the camera. A car dealer's
delivery sheets photographed by drivers (vehicles journey, findings 1 and 4): an empty
"Dents" box was read ticked (its frame's blurred inner edge, inside the fifth of the side
left out, counted as a tick: dents true, accepted), and most empty boxes were not found at
all (the frame, as thick as a letter's stroke where the local threshold cuts it), so
``checkbox?`` fields came out empty and the sheet was accepted."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from formsift.core.document import Page


def _sheet(side: int, blur: float) -> np.ndarray:
    """Four boxes one above the other, the first and third ticked with a cross."""
    img = np.full((900, 700), 235, np.uint8)
    for k in range(4):
        x, y = 150, 100 + 40 * k
        cv2.rectangle(img, (x, y), (x + side - 1, y + side - 1), 60, 2)
        if k % 2 == 0:
            cv2.line(img, (x + 5, y + 5), (x + side - 6, y + side - 6), 40, 2)
            cv2.line(img, (x + side - 6, y + 5), (x + 5, y + side - 6), 40, 2)
    return cv2.cvtColor(cv2.GaussianBlur(img, (0, 0), blur), cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("side", [18, 20, 22])
@pytest.mark.parametrize("blur", [0.8, 1.0, 1.2])
def test_small_blurred_boxes_are_found_and_read(registry, side, blur):
    img = _sheet(side, blur)
    page = Page(index=0, width=700, height=900, unit="px")
    boxes = registry.create("segmenter", "checkboxes", None).segment(img, page)
    rows = sorted((round(b.box.y0 * 900 / 40), b.attrs["checked"]) for b in boxes)
    assert [checked for _, checked in rows] == [True, False, True, False], rows
