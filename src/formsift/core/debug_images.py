"""Boxes drawn on a page image for ``--debug-dir``: where segmentation found text and what
the recognizers read there."""

from __future__ import annotations

from typing import Any

_SEGMENT = (200, 90, 0)      # blue (BGR)
_PRINTED = (0, 140, 255)     # orange
_HANDWRITTEN = (200, 0, 160)  # purple


def draw_boxes(image: Any, items: list[Any]) -> Any:
    """A copy of ``image`` (BGR or grey) with each item's page-relative box drawn: text
    regions in blue, recognized words in orange (handwritten ones in purple)."""
    import cv2

    img = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    h, w = img.shape[:2]
    thick = max(1, round(min(h, w) / 800))
    for item in items:
        b = item.box
        is_word = hasattr(item, "text")
        color = (_HANDWRITTEN if getattr(item, "handwritten", False) else _PRINTED) \
            if is_word else _SEGMENT
        cv2.rectangle(img, (int(b.x0 * w), int(b.y0 * h)), (int(b.x1 * w), int(b.y1 * h)),
                      color, thick)
    return img
