"""Segmenters beside text detection: ruling lines, checkboxes (on generated images), and
reading order on two-column pages."""

from __future__ import annotations

import pytest

from formsift.core.document import Page
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_words


def _form(ticked=(True, False), size=(1200, 900)):
    """A white page with a 3x3 table grid, and checkboxes with labels below it."""
    import cv2
    import numpy as np

    h, w = size
    img = np.full((h, w, 3), 255, np.uint8)
    for i in range(4):  # the grid: 4 horizontal and 4 vertical rules
        cv2.line(img, (100, 100 + i * 80), (700, 100 + i * 80), (0, 0, 0), 2)
        cv2.line(img, (100 + i * 200, 100), (100 + i * 200, 340), (0, 0, 0), 2)
    for k, tick in enumerate(ticked):
        x, y = 120, 500 + k * 120
        cv2.rectangle(img, (x, y), (x + 44, y + 44), (0, 0, 0), 3)
        if tick:
            cv2.line(img, (x + 9, y + 9), (x + 35, y + 35), (0, 0, 0), 4)
            cv2.line(img, (x + 35, y + 9), (x + 9, y + 35), (0, 0, 0), 4)
        cv2.putText(img, ["I agree", "Send offers"][k], (x + 70, y + 36),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.3, (0, 0, 0), 3)
    return img


def _page():
    return Page(index=0, width=900, height=1200, unit="px")


def _make(registry, name, **opts):
    return registry.create("segmenter", name, opts or None)


def test_ruling_lines_are_found_with_their_orientation(registry):
    page = _page()
    rules = _make(registry, "rules").segment(_form(), page)
    horizontal = [r for r in rules if r.attrs["orientation"] == "h"]
    vertical = [r for r in rules if r.attrs["orientation"] == "v"]
    assert len(horizontal) == 4 and len(vertical) == 4
    assert all(r.kind == "rule" for r in rules)
    assert horizontal[0].box.x0 == pytest.approx(100 / 900, abs=0.01)
    assert horizontal[0].box.x1 == pytest.approx(700 / 900, abs=0.01)
    assert page.notes["rules"] == {"horizontal": 4, "vertical": 4}


def test_ink_lines_finds_each_line_of_a_boxed_field_without_its_frame(registry):
    import cv2
    import numpy as np

    img = np.full((120, 600, 3), 255, np.uint8)
    first_line = draw_words([(0, "Gross 3,210.00"), (215, "EUR")], 240, fontsize=14, dpi=144)
    img[20:20 + first_line.shape[0], 18:18 + first_line.shape[1]] = first_line
    second_line = draw_words([(0, "next line")], 100, fontsize=12, dpi=144)
    img[72:72 + second_line.shape[0], 18:18 + second_line.shape[1]] = second_line
    cv2.rectangle(img, (2, 2), (597, 117), (0, 0, 0), 2)  # the form's box
    ink = np.nonzero((first_line < 128).any(axis=(0, 2)))[0]
    gross_end = 18 + max(x for x in ink if x < 300)  # the last ink column of the amount
    boxes = [[round(v * s) for v, s in zip(r.box.as_list(), (600, 120, 600, 120),
                                           strict=True)]
             for r in _make(registry, "ink_lines").segment(img, _page())]
    assert len(boxes) == 3  # two words far apart on the first line, and the second line
    first, eur, second = boxes
    assert 12 <= first[0] <= 20 and gross_end <= first[2] <= gross_end + 6
    assert eur[0] >= 18 + 2 * 215 - 6
    assert first[3] < second[1] and second[3] < 117  # the frame is not a line
    assert _make(registry, "ink_lines").segment(np.full((50, 80, 3), 255, np.uint8),
                                                _page()) == []


def test_checkboxes_ticked_and_empty_with_a_confidence(registry):
    page = _page()
    boxes = _make(registry, "checkboxes").segment(_form((True, False)), page)
    assert [b.attrs["checked"] for b in boxes] == [True, False]
    assert all(b.kind == "checkbox" and 0.5 <= b.score <= 1.0 for b in boxes)
    assert boxes[0].box.x0 == pytest.approx(120 / 900, abs=0.01)
    # the table's cells are not checkboxes (too large), nor are the letters
    assert page.notes["checkboxes"] == {"found": 2, "ticked": 1}


def test_bad_segmenter_options_are_refused_clearly(registry, tmp_path):
    from formsift.core.errors import FormsiftError
    from formsift.templates import load_template

    t = tmp_path / "t.sift"
    t.write_text('template t {\n  pipeline {\n    segment ppocr_det, checkboxes(ticked_at="a '
                 'lot")\n  }\n  field a: checkbox = left of "I agree"\n}\n')
    with pytest.raises(FormsiftError, match="ticked_at") as err:
        load_template(t, registry)
    assert "t.sift:3" in str(err.value)


def test_checkbox_regions_become_words_the_checkbox_type_reads():
    import numpy as np

    from formsift.core.areas import EMPTY, TICKED, read
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    regions = [TextRegion(Box(0.1, 0.1, 0.15, 0.14), "checkbox", 0.9, None,
                          {"checked": True}),
               TextRegion(Box(0.1, 0.3, 0.15, 0.34), "checkbox", 0.8, None,
                          {"checked": False}),
               TextRegion(Box(0.1, 0.5, 0.9, 0.502), "rule")]
    words = read(np.zeros((10, 10, 3), np.uint8), _page(), regions, [])
    assert [(w.text, w.confidence) for w in words] == [(TICKED, 0.9), (EMPTY, 0.8)]


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_template_reads_ticked_boxes_on_a_scan(registry, tmp_path):
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text("template consent {\n"
                 "  pipeline {\n    segment ppocr_det, checkboxes\n  }\n"
                 '  field agree: checkbox = left of "I agree"\n'
                 '  field offers: checkbox = left of "Send offers"\n}\n')
    engine = Engine(registry=registry)
    for ticks in ((True, False), (False, True)):
        result = engine.extract(encode_png(_form(ticks)), t)
        assert result.record() == {"agree": ticks[0], "offers": ticks[1]}
        assert result.fields["agree"].source == "checkboxes"


def test_reading_order_follows_columns():
    from formsift.core.document import Word
    from formsift.core.geometry import Box
    from formsift.core.reading_order import reading_order

    def w(text, x, y):
        return Word(text, Box(x, y, x + 0.08, y + 0.015), 0)

    words = [w("Title", 0.1, 0.05), w("wide", 0.5, 0.05),
             w("left1", 0.1, 0.2), w("right1", 0.6, 0.2),
             w("left2", 0.1, 0.23), w("right2", 0.6, 0.23),
             w("left3", 0.1, 0.26), w("right3", 0.6, 0.26),
             w("Footer", 0.1, 0.9), w("line", 0.5, 0.9)]
    lines = [ln.text for ln in reading_order(words)]
    assert lines == ["Title wide", "left1", "left2", "left3", "right1", "right2", "right3",
                     "Footer line"]


def test_ocr_columns_needs_the_text_format(tmp_path, capsys):
    from formsift.cli import main
    from formsift.samples import encode_png

    png = tmp_path / "f.png"
    png.write_bytes(encode_png(_form()))
    assert main(["ocr", str(png), "--columns", "-f", "json"]) != 0
    err = capsys.readouterr().err
    assert "--columns applies to --format text only" in err and "Traceback" not in err
