"""A ``handwritten`` hint asks for handwriting reading, with or without a ``pipeline``.

Fleet journey, finding 4: a repair-order template that added the docs' checkbox recipe
(``pipeline { segment ppocr_det, checkboxes }``) lost the ``handwriting`` segmenter and
``crnn`` that its ``handwritten`` hints add without a pipeline; ``formsift check`` said
ok, and a handwritten mileage 73518 was read by the printed recognizer as 73 and accepted.
Now the hints add what they need to a pipeline that names the default text detector and
no handwriting recognizer, and ``check`` warns about a pipeline that cannot read them.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.plugins.ocr.models import models_available
from formsift.templates import check_source

needs_models = pytest.mark.skipif(not models_available(), reason="OCR models not installed")

FIELD = 'field mileage_in: int = right of "Mileage in:" handwritten'


def _template(registry: Any, pipeline: str, field: str = FIELD) -> tuple[Any, list[Any]]:
    block = f"  pipeline {{\n    {pipeline}\n  }}\n" if pipeline else ""
    (t,), diags = check_source(f"template t {{\n{block}  {field}\n}}", "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t, [d for d in diags if d.severity == "warning"]


def _stages(registry: Any, pipeline: str, field: str = FIELD) -> tuple[list[str], list[str]]:
    """The segmenters and recognizers an engine reads the template's scans with."""
    from formsift import Engine
    from formsift.core import routing
    from formsift.core.components import ComponentKind

    engine = Engine(registry=registry)
    t, _ = _template(registry, pipeline, field)
    named = {s.stage: s.components for s in t.stages}
    seg = named.get("segment") or engine._default(ComponentKind.SEGMENTER)
    rec = named.get("recognize") or engine._default(ComponentKind.RECOGNIZER)
    seg, rec = routing.handwriting_stages(engine, t, seg, rec)
    return [c.name for c in seg], [c.name for c in rec]


@needs_models
@pytest.mark.parametrize("pipeline", ["", "segment ppocr_det, checkboxes",
                                      "segment handwriting, checkboxes",
                                      "recognize ppocr_rec",
                                      "segment ppocr_det\n    recognize ppocr_rec"])
def test_a_pipeline_named_for_checkboxes_keeps_the_hints_handwriting_reading(
        registry, pipeline):
    seg, rec = _stages(registry, pipeline)
    assert rec == ["ppocr_rec", "crnn"]
    assert seg[0] == "handwriting" and "ppocr_det" not in seg
    if "checkboxes" in pipeline:
        assert seg == ["handwriting", "checkboxes"]


@needs_models
def test_a_pipelines_own_handwriting_recognizer_is_kept(registry):
    seg, rec = _stages(registry, 'segment ppocr_det, checkboxes\n'
                                 '    recognize ppocr_rec, crnn(lexicon="en")')
    assert seg == ["handwriting", "checkboxes"] and rec == ["ppocr_rec", "crnn"]


@needs_models
def test_without_hints_a_pipeline_is_read_as_it_names_it(registry):
    field = 'field mileage_in: int = right of "Mileage in:"'
    assert _stages(registry, "segment ppocr_det, checkboxes", field) == (
        ["ppocr_det", "checkboxes"], ["ppocr_rec"])
    assert _stages(registry, "", field) == (["ppocr_det"], ["ppocr_rec"])
    # a pipeline that names crnn but no segmenter gets segments labelled for it
    assert _stages(registry, "recognize ppocr_rec, crnn", field) == (
        ["handwriting"], ["ppocr_rec", "crnn"])


def test_check_is_quiet_when_the_hints_are_read(registry):
    for pipeline in ("", "segment ppocr_det, checkboxes", "segment handwriting, checkboxes"):
        assert _template(registry, pipeline)[1] == [], pipeline


def test_check_warns_about_hints_a_pipeline_cannot_read(registry):
    """A pipeline whose segmenters do not tell handwriting from print (no text detector
    the handwriting segmenter can stand in for) reads the hinted values as print."""
    _, (warning,) = _template(registry, "segment checkboxes")
    assert warning.line == 3 and "not read as handwriting" in warning.message
    assert "checkboxes" in warning.message and "handwriting" in (warning.hint or "")
    field = 'field mileage_in: int = right of "Mileage in:"'
    assert _template(registry, "segment checkboxes", field)[1] == []  # no hint: nothing
