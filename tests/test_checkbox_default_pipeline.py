"""A template with checkbox fields and no `pipeline` reads a scan's short box labels as one
that names `segment ppocr_det, checkboxes` does: the boxes are found with the text lines,
so "Yes" / "No" beside a box are read without its frame or a tick's overshoot. A field
service job sheet's tick overshooting into "Yes" was read "MYes" by the default pipeline
and `left of "Yes"` found no label (completed_yes missing, 2 of 6 Yes/No forms), while
the named pipeline read it (field service journey, finding F4)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import yes_no_page

TEMPLATE = """template yes_no {
  region acc_row = right of "due to an accident?" size(45%, 3%)
  region oth_row = right of "other health insurance?" size(45%, 3%)
  field acc_yes: checkbox = left of "Yes" in acc_row
  field acc_no: checkbox = left of "No" in acc_row
  field oth_yes: checkbox = left of "Yes" in oth_row
  field oth_no: checkbox = left of "No" in oth_row
}
"""


def test_the_default_segmentation_finds_the_boxes_of_a_checkbox_template(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text(TEMPLATE)
    engine = Engine(registry=registry)
    names = [c.name for c in engine._recognition_stages(engine.template(str(t)))[1]]
    assert "checkboxes" in names
    plain = tmp_path / "p.sift"
    plain.write_text('template p {\n  field n: text = right of "Name"\n}\n')
    assert "checkboxes" not in [c.name for c in
                                engine._recognition_stages(engine.template(str(plain)))[1]]
    named = tmp_path / "n.sift"
    named.write_text(TEMPLATE.replace("{\n", "{\n  pipeline {\n    segment ppocr_det\n  }\n",
                                      1))
    assert [c.name for c in engine._recognition_stages(engine.template(str(named)))[1]] \
        == ["ppocr_det"]  # a pipeline the template names is as written


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_short_labels_beside_boxes_are_read_with_the_default_pipeline(registry, tmp_path):
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text(TEMPLATE)
    engine = Engine(registry=registry)
    for ticks in ((None, None, None, None), ("cross", None, None, "cross")):
        result = engine.extract(encode_png(yes_no_page(ticks, dpi=200)), t)
        assert result.record() == {"acc_yes": ticks[0] is not None, "acc_no": False,
                                   "oth_yes": False, "oth_no": ticks[3] is not None}
