"""A caption printed right after a handwritten value is cut off its line (exams journey,
stop 31: "20" written before the printed "/ 25 Punkte").

The text detector found "20  / 25 Punkte" as one line, which the style model labelled
handwritten; the handwriting recognizer read the caption's "/ 25" as "125", and the mark
was 20125 (review by the template's maximum rule; before, a rule had picked 20). The
handwriting segmenter cut a line only where a printed label ends and handwriting starts;
it now also cuts where handwriting ends and print starts after it, at a narrower gap (the
caption follows its blank closely: 0.37 of the line's height on the journey's sheet), when
the style model is sure of both parts. The value is written here in a handwriting font,
the caption in a print font; the style model's call on the whole line is given (the
journey's line: handwritten, 0.99)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.handwriting.fonts import handwriting_fonts

PRINT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HANDS = ("dkg.ttf", "KaushanScript-Regular.otf")
_FONTS = {f.name: f for f in handwriting_fonts() if f.name in HANDS}

needs_fonts = pytest.mark.skipif(not PRINT.exists() or not _FONTS,
                                 reason="no DejaVuSans or handwriting font of " + ", ".join(HANDS))


@pytest.fixture(scope="module")
def seg() -> Any:
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    s = HandwritingSegmenter()
    s.ensure_ready()
    return s


def _line(hand: str | None, printed: str | None, font: Any, gap: float,
          hand_after: str | None = None) -> tuple[Any, TextRegion]:
    """A strip of page (BGR) with ``hand`` written in the handwriting ``font`` and, ``gap``
    line heights (50 pixels) after it, ``printed`` in DejaVuSans (then ``hand_after``
    written after that); also the detector's one line around all of it."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    w, h = 1200, 240
    img = Image.new("L", (w, h), 252)
    draw = ImageDraw.Draw(img)
    written, typed = ImageFont.truetype(str(font), 64), ImageFont.truetype(str(PRINT), 28)
    x = 300
    for text, face, fill in ((hand, written, 20), (printed, typed, 0), (hand_after, written, 20)):
        if text:
            draw.text((x, 130), text, font=face, fill=fill, anchor="ls")
            x = draw.textbbox((x, 130), text, font=face, anchor="ls")[2] + round(gap * 50)
    a = np.array(img)
    ys, xs = np.nonzero(a < 128)
    box = Box((xs.min() - 4) / w, (ys.min() - 4) / h, (xs.max() + 4) / w, (ys.max() + 4) / h)
    from formsift.plugins.handwriting.segment import with_detected

    (line,) = with_detected([TextRegion(box, "handwritten", 0.9)])
    return cv2.cvtColor(a, cv2.COLOR_GRAY2BGR), line


CASES = [("dkg.ttf", "20", "/ 25 Punkte", 0.35), ("dkg.ttf", "20", "/ 25 Punkte", 0.45),
         ("KaushanScript-Regular.otf", "20", "/ 25 Punkte", 0.35),
         ("KaushanScript-Regular.otf", "45", "/ 80 Punkte", 0.45),
         ("KaushanScript-Regular.otf", "7", "/ 10 Punkte", 0.4),
         ("KaushanScript-Regular.otf", "12", "out of 15", 0.4)]


@needs_fonts
@pytest.mark.parametrize(("font", "mark", "caption", "gap"), CASES)
def test_a_caption_printed_after_a_handwritten_value_is_cut_off(seg, font, mark, caption, gap):
    if font not in _FONTS:
        pytest.skip(f"{font} not installed")
    image, line = _line(mark, caption, _FONTS[font], gap)  # labelled handwritten
    parts = seg._split_mixed(image, line)
    assert [p.kind for p in parts] == ["handwritten", "text"], \
        (font, mark, caption, [(p.kind, p.attrs.get("handwritten_p")) for p in parts])
    assert parts[0].box.x1 <= parts[1].box.x0 + 0.01
    assert all(p.attrs.get("detected") for p in parts)  # read whole as print elsewhere


@needs_fonts
@pytest.mark.parametrize("font", sorted(_FONTS))
def test_handwriting_alone_and_print_alone_stay_whole(seg, font):
    """Guards: a handwritten line with a word space, and a printed line, are not cut."""
    face = _FONTS[font]
    for hand, printed in (("Karl Otto", None), (None, "/ 25 Punkte")):
        image, line = _line(hand, printed, face, 0.45)
        seg.label(image, [line])
        assert len(seg._split_mixed(image, line)) == 1, (font, hand, printed)


@needs_fonts
def test_a_line_labelled_print_is_not_cut_before_its_caption(seg):
    """Only a line labelled handwritten is cut before a caption: one the style model took
    for print is read as print, whole, as before (its first part alone may look like
    handwriting to the style model: a printed checkbox before its caption)."""
    font = sorted(_FONTS)[0]
    image, line = _line("20", "/ 25 Punkte", _FONTS[font], 0.4)
    line.kind = "text"
    assert len(seg._split_mixed(image, line)) == 1
