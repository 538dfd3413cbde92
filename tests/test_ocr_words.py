"""Word splitting from CTC character positions and the line's pixels; dates inside codes."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _strip(text):
    import cv2
    import numpy as np

    img = np.full((70, 30 + 24 * len(text), 3), 255, np.uint8)
    cv2.putText(img, text, (10, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
    return img


def _read(rec, img):
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    return rec.recognize(img, Page(0, img.shape[1], img.shape[0], "px"),
                         [TextRegion(Box(0, 0, 1, 1))])


@needs_models
def test_glued_words_are_split_at_wide_ink_gaps(registry):
    rec = registry.create("recognizer", "ppocr_rec")
    glued = registry.create("recognizer", "ppocr_rec", {"space_gap": 9.0, "split_gap": 99.0})
    img = _strip("TEL  :  03-51213881")
    assert [w.text for w in _read(glued, img)] == ["TEL", ":03-51213881"]  # the model's
    words = _read(rec, img)
    assert [w.text for w in words] == ["TEL", ":", "03-51213881"]
    assert words[0].box.x1 <= words[1].box.x0 <= words[1].box.x1 <= words[2].box.x0
    assert all(len(w.char_confidences) == len(w.text) for w in words)


@needs_models
def test_numbers_stay_whole(registry):
    rec = registry.create("recognizer", "ppocr_rec")
    assert [w.text for w in _read(rec, _strip("24-11-17  13:11  RM 15.00"))] == \
        ["24-11-17", "13:11", "RM", "15.00"]


def test_inside_number_rule():
    from formsift.plugins.ocr.recognize import _inside_number

    chars = [(c, 1.0, i / 10) for i, c in enumerate("RM5.90")]
    assert _inside_number(3, chars) and _inside_number(4, chars)
    assert not _inside_number(2, chars)


def test_a_date_inside_a_code_ranks_below_a_timestamp():
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale
    from formsift.plugins.fieldtypes.dates import DateType

    ctx = ParseContext(get_locale("en"))
    (code,) = DateType().find("HD03-04-06 - 5/40/160", ctx)
    (stamp,) = DateType().find("19-09-17 15:39 SH01", ctx)
    (plain,) = DateType().find("Date: 19-09-17", ctx)
    assert code.score < plain.score < stamp.score
