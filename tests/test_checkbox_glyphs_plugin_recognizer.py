"""A box's printed glyph is read whatever recognizer the template's pipeline names, and
never counted as a tick when nothing can read it.

Since 86a839e the checkboxes segmenter reads a box's ink with the pipeline's printed
recognizer (:func:`formsift.core.readers.line_reader`), which must read crops line by
line (``read_lines``). A plugin's recognizer implements the ``Recognizer`` protocol
(``recognize``) only: no glyph was read, and "Sex: [M] Male [F] Female" with only the M
ticked read female True 0.88, accepted. The segmenter now reads with the installed
PP-OCRv4 recognizer then; and where no recognizer can read at all, a box whose ink lies
clear of its frame (print, or a small mark) is doubted, never a sure tick.
"""

from __future__ import annotations

import pytest

from formsift.core.kinds import Recognizer
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_glyphs_pipeline_reader import _form
from tests.test_checkbox_labels import _render, _scan, _segment

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


class PlainRecognizer(Recognizer):
    """A plugin's recognizer as docs/plugins.md describes one: ``recognize`` only (here
    by PP-OCRv4 inside, so that its words are the built-in recognizer's)."""

    name = "plain_rec"
    version = "1.0"
    summary = "a plugin recognizer (recognize only)"

    def setup(self) -> None:
        from formsift.plugins.ocr.recognize import PPOCRRecognizer

        self._inner = PPOCRRecognizer()
        self._inner.ensure_ready()

    def recognize(self, image, page, regions, constraint=None):
        return self._inner.recognize(image, page, regions, constraint)


class _Plugin:
    from formsift.core.hookspecs import hookimpl

    @hookimpl
    def formsift_register_recognizers(self):
        return [PlainRecognizer]


def _extract(tmp_path, what: str):
    """The sex-box form (M ticked by a tick reaching its frame, F not) as a 200 dpi scan
    or as its born-digital PDF, read by a template whose pipeline names the plugin's
    recognizer: its result."""
    from formsift.core.engine import Engine
    from formsift.core.plugins import PluginRegistry
    from formsift.samples import encode_png

    doc, page = _form()
    if what == "scan":
        path = tmp_path / "member.png"
        path.write_bytes(encode_png(_scan(_render(page, 200), angle=0.3)))
    else:
        path = tmp_path / "member.pdf"
        doc.save(path)
    doc.close()
    template = tmp_path / "member.sift"
    template.write_text('template member {\n  pipeline {\n    recognize plain_rec\n  }\n'
                        '  field male: checkbox = left of "Male"\n'
                        '  field female: checkbox = left of "Female"\n}\n')
    registry = PluginRegistry.discover(extra_plugins=[("plain_rec", _Plugin())])
    return Engine(registry=registry, seen_store="memory").extract(path, template)


def _sure(field) -> bool:
    return field is not None and field.confidence >= 0.5


@needs_models
@pytest.mark.parametrize("what", ["scan", "pdf"])
def test_a_plugin_recognizers_pipeline_reads_the_glyph_not_a_tick(tmp_path, what):
    """The "F" box, unticked, is read as its printed letter (not ticked), the "M" box
    ticked."""
    result = _extract(tmp_path, what)
    male, female = result.fields["male"], result.fields["female"]
    assert male.value is True and _sure(male)
    assert female.value is False, (female.value, female.confidence)


@needs_models
def test_with_no_recognizer_to_read_a_glyph_its_box_is_doubted(tmp_path, monkeypatch):
    """No recognizer that reads crops in the pipeline and no installed model: the "F"
    box's printed letter cannot be told from a small mark, so it is no sure tick (the
    record goes to review); the "M" box's tick reaches its frame and stays sure."""
    from formsift.plugins.segment import box_glyphs

    monkeypatch.setattr(box_glyphs, "_own_reader", lambda: None)
    result = _extract(tmp_path, "scan")
    male, female = result.fields["male"], result.fields["female"]
    assert male.value is True and _sure(male)
    assert not (female.value is True and _sure(female)), (female.value, female.confidence)
    assert result.status.value != "accepted"


@needs_models
def test_the_segmenter_alone_with_no_recognizer_doubts_clear_ink(registry, monkeypatch):
    """The segmenter used outside an engine, no model installed: the "F" box's ink is
    ticked with a low confidence, and flagged as a glyph that may be there."""
    from formsift.plugins.segment import box_glyphs

    monkeypatch.setattr(box_glyphs, "_own_reader", lambda: None)
    doc, page = _form()
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    assert len(boxes) == 2
    male, female = sorted(boxes, key=lambda b: b.box.x0)
    assert male.attrs["checked"] and male.score >= 0.5
    assert female.score < 0.5 and female.attrs.get("glyph_doubt"), female
