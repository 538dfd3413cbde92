"""Forms drawn for the handwriting segmenter's look for ink the detector missed (a lone
"1", a digit alone in its box): the printed face, a pen value's ink box, the segmenter
run with a detector that finds only the printed lines, and the handwritten regions that
hold a value's ink. Shared by test_lone_stroke.py and test_digit_in_a_box.py."""

from __future__ import annotations

from typing import Any


def printed_face(size: int) -> Any:
    """DejaVu Sans at ``size`` pixels for a form's print, else PIL's default face."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default()


def pen_ink(size: tuple[int, int], at: tuple[float, float], value: str, pen: Any
            ) -> tuple[int, int, int, int]:
    """The pixel box of the ink ``value`` leaves written at ``at`` (its baseline's left
    end, PIL's anchor "ls") in ``pen`` on an image of ``size``."""
    import numpy as np
    from PIL import Image, ImageDraw

    alone = Image.new("L", size, 0)
    ImageDraw.Draw(alone).text(at, value, fill=255, font=pen, anchor="ls")
    ys, xs = np.nonzero(np.array(alone) > 128)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def segment(image: Any, printed: list[Any]) -> list[Any]:
    """The ``handwriting`` segmenter's regions with a detector that finds only the
    ``printed`` lines (pixel boxes), as PP-OCR found no line over a lone value."""
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    h, w = image.shape[:2]
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    seg._model_det.segment = lambda *_: [  # type: ignore[method-assign]
        TextRegion(Box((x0 - 4) / w, (y0 - 4) / h, (x1 + 4) / w, (y1 + 4) / h), "text", 0.9)
        for x0, y0, x1, y1 in printed]
    return seg.segment(image, Page(0, 595, 324))


def holding(regions: list[Any], ink: Any, image: Any) -> list[Any]:
    """The handwritten regions of ``regions`` whose box holds the pixel box ``ink``."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = ink
    return [r for r in regions if r.kind == "handwritten" and r.box.x0 * w <= x0 + 1
            and r.box.x1 * w >= x1 - 1 and r.box.y0 * h <= y0 + 1 and r.box.y1 * h >= y1 - 1]
