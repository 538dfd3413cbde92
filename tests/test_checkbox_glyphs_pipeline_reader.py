"""The checkboxes segmenter reads the printed glyph in a box ("M", "F" in sex boxes) with
the recognizer of the engine's pipeline, not with a PP-OCRv4 session of its own: a
template's ``recognize ppocr_rec(model=...)`` is the model that reads it, and a worker
holds one copy of the recognition model, not two (issue 4, peak memory).

A form is drawn with PyMuPDF (a scan of it, and the born-digital PDF itself, whose boxes
the engine renders and finds after reading the text layer)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

pytestmark = pytest.mark.skipif(not models_available(),
                                reason=f"OCR models not installed ({INSTALL_HINT})")

INK = (0.05, 0.1, 0.5)
SIDE = 13


def _form():
    """A membership form: "Sex: [M] Male [F] Female", the M box ticked by a big tick
    reaching its frame. The document and its page."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 60), "Membership application", fontname="hebo", fontsize=14)
    page.insert_text((40, 100), "Name: Maria Oliveira", fontname="helv", fontsize=10)
    page.insert_text((40, 139), "Sex:", fontname="helv", fontsize=10)
    for k, (ch, label) in enumerate((("M", "Male"), ("F", "Female"))):
        x, y = 110 + 90 * k, 129
        page.draw_rect(pymupdf.Rect(x, y, x + SIDE, y + SIDE), width=0.8)
        size = 0.75 * SIDE
        width = pymupdf.get_text_length(ch, fontname="helv", fontsize=size)
        page.insert_text((x + (SIDE - width) / 2, y + SIDE / 2 + 0.36 * size), ch,
                         fontname="helv", fontsize=size)
        page.insert_text((x + SIDE + 6, y + 10), label, fontname="helv", fontsize=10)
        if ch == "M":
            page.draw_polyline([(x + 0.15 * SIDE, y + 0.5 * SIDE),
                                (x + 0.4 * SIDE, y + 0.85 * SIDE),
                                (x + 1.2 * SIDE, y - 0.2 * SIDE)], color=INK, width=1.4)
    return doc, page


def _template(tmp_path, model: str):
    path = tmp_path / "member.sift"
    path.write_text('template member {\n'
                    f'  pipeline {{\n    recognize ppocr_rec(model="{model}")\n  }}\n'
                    '  field male: checkbox = left of "Male"\n'
                    '  field female: checkbox = left of "Female"\n}\n')
    return path


@pytest.fixture
def reads(monkeypatch):
    """The ``model`` option of every PP-OCRv4 recognizer that reads crops, one per call."""
    from formsift.plugins.ocr.recognize import PPOCRRecognizer

    seen: list[str | None] = []
    real = PPOCRRecognizer.read

    def read(self, crops, *args, **kwargs):
        seen.append(self.options.model)
        return real(self, crops, *args, **kwargs)

    monkeypatch.setattr(PPOCRRecognizer, "read", read)
    return seen


def _model_copy(tmp_path) -> str:
    """The installed recognition model under another path: the template's own model."""
    import shutil

    from formsift.plugins.ocr.models import REC_MODEL, find_model

    copy = tmp_path / "my_rec.onnx"
    shutil.copy(find_model(REC_MODEL), copy)
    return str(copy)


def _glyph_read(result) -> bool:
    return result.fields["female"] is not None and result.fields["female"].value is False


def test_a_scans_box_glyphs_are_read_by_the_templates_recognizer(tmp_path, reads):
    from formsift.core.engine import Engine
    from formsift.samples import encode_png
    from tests.test_checkbox_labels import _render, _scan

    doc, page = _form()
    image = encode_png(_scan(_render(page, 200), angle=0.3))
    doc.close()
    model = _model_copy(tmp_path)
    result = Engine().extract(image, _template(tmp_path, model))
    assert result.fields["male"].value is True
    assert _glyph_read(result)  # the "F" box read as its printed letter, not a tick
    assert reads and set(reads) == {model}, reads


def test_a_born_digital_forms_box_glyphs_are_read_by_the_templates_recognizer(tmp_path,
                                                                               reads):
    from formsift.core.engine import Engine

    doc, _ = _form()
    pdf = tmp_path / "member.pdf"
    doc.save(pdf)
    doc.close()
    model = _model_copy(tmp_path)
    result = Engine().extract(pdf, _template(tmp_path, model))
    assert result.fields["male"].value is True
    assert _glyph_read(result)
    assert reads and set(reads) == {model}, reads


def test_the_segmenter_used_on_its_own_still_reads_glyphs(registry):
    """Outside an engine (a script, a benchmark) no pipeline is bound: the segmenter
    reads with the installed recognizer (guard)."""
    from formsift.core import readers
    from tests.test_checkbox_labels import _render, _scan, _segment

    doc, page = _form()
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    assert not readers.in_pipeline()
    _, boxes = _segment(registry, img)
    assert any(b.attrs.get("glyph") == "F" for b in boxes)
