"""The optional ``ppocr_v6`` recognizer: PP-OCRv6_rec_small from the rapidocr 3.10.0 wheel
(installed with ``pip install --no-deps rapidocr==3.10.0``), read with ``ppocr_rec``'s
code, routed handwritten regions when a template names it; without the wheel, a one-line
error naming the pip command. Tests that read need the wheel and skip without it."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.core.errors import ComponentNotFound
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, TextRegion
from formsift.handwriting.calibration import Calibration
from formsift.handwriting.fonts import handwriting_fonts
from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer
from formsift.plugins.ocr.models import V6_INSTALL_HINT


def _installed() -> bool:
    try:
        PPOCRv6Recognizer().model_path()
    except ComponentNotFound:
        return False
    return True


needs_v6 = pytest.mark.skipif(not _installed(), reason=f"no rapidocr wheel: {V6_INSTALL_HINT}")
needs_fonts = pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font")

TEMPLATE = """template t {
  pipeline {
    recognize ppocr_rec, ppocr_v6
  }
  field received_by: text = right of "Received by:" handwritten
}
"""


@pytest.fixture(scope="module")
def rec() -> PPOCRv6Recognizer:
    r = PPOCRv6Recognizer()
    r.ensure_ready()
    return r


def _printed(text: str) -> np.ndarray:
    import cv2

    img = np.full((48, 19 * len(text) + 24, 3), 255, np.uint8)
    cv2.putText(img, text, (12, 34), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    return img


def _words(rec: PPOCRv6Recognizer, img: np.ndarray, kind: str = "handwritten",
           constraint: Constraint | None = None) -> list:
    page = Page(0, img.shape[1], img.shape[0])
    return rec.recognize(img, page, [TextRegion(Box(0, 0, 1, 1), kind)], constraint)


@needs_v6
def test_it_reads_a_printed_line_with_a_confidence_per_character(rec):
    text = "Invoice 4471 total 128.40"
    words = _words(rec, _printed(text))
    assert " ".join(w.text for w in words) == text
    for w in words:
        assert w.source == "ppocr_v6" and w.handwritten
        assert len(w.char_confidences) == len(w.text)
        assert all(0.0 < c <= 1.0 for c in w.char_confidences)
        # the model's own confidences are no share of words read right: the crnn's
        # calibration tables give each word's (code read r7: wrong names at 0.71-0.88)
        assert w.confidence == Calibration().word_confidence(w.text,
                                                             min(w.char_confidences))


@needs_v6
def test_a_word_of_letters_read_sure_is_no_surer_than_handwritten_words_like_it(rec):
    words = _words(rec, _printed("Lukas Fischer"))
    assert words and all(min(w.char_confidences) > 0.9 for w in words)
    assert all(w.confidence <= max(Calibration().word_right) for w in words)
    assert all(w.confidence < 0.7 for w in words)  # under the accept threshold alone


@needs_v6
@needs_fonts
def test_it_reads_lines_written_in_handwriting_fonts(rec):
    import cv2

    from formsift.handwriting.metrics import cer
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random(7)
    renderer = LineRenderer(handwriting_fonts())
    pairs = []
    for text in ("Delivered in full", "Anna Novak", "Received 12 boxes", "Water damage"):
        img, truth = renderer.render(text, rng)
        words = _words(rec, cv2.cvtColor(img, cv2.COLOR_GRAY2BGR))
        pairs.append((truth, " ".join(w.text for w in words)))
    assert cer(pairs) < 0.25, pairs


@needs_v6
def test_a_field_types_alphabet_constrains_its_18708_characters(rec):
    words = _words(rec, _printed("No. 58 / 31"), constraint=Constraint(alphabet="0123456789"))
    assert words and set("".join(w.text for w in words)) <= set("0123456789")


def test_without_the_wheel_extraction_says_which_pip_command_installs_it(
        tmp_path, monkeypatch, capsys):
    """Not installed: a one-line error naming the pip command (exit code 5), no
    traceback; the recognizer itself raises the same."""
    from formsift.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidocr" else real(name, *a))
    monkeypatch.setenv("FORMSIFT_MODELS", str(tmp_path))  # a folder without the model
    with pytest.raises(ComponentNotFound, match=r"PP-OCRv6_rec_small\.onnx is not installed"):
        PPOCRv6Recognizer().ensure_ready()
    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / "in.png").write_bytes(_png(np.full((200, 400), 255, np.uint8)))
    code = main(["extract", str(tmp_path / "in.png"), "--template", str(tmp_path / "t.sift")])
    err = capsys.readouterr().err.strip()
    assert code == 5
    assert err.count("\n") == 0 and "Traceback" not in err, err
    assert "pip install --no-deps rapidocr==3.10.0" in err


def _png(img: np.ndarray) -> bytes:
    from formsift.samples import encode_png

    return encode_png(img)


def test_it_is_a_handwriting_recognizer_and_no_default(registry):
    from formsift import Engine
    from formsift.core.components import ComponentKind

    assert "ppocr_v6" in registry.of_kind(ComponentKind.RECOGNIZER)
    assert PPOCRv6Recognizer.handwriting
    engine = Engine(registry=registry)
    assert "ppocr_v6" not in [c.name for c in engine._default(ComponentKind.RECOGNIZER)]


@needs_v6
@needs_fonts
def test_a_template_naming_it_reads_its_handwritten_field_with_it(tmp_path, registry):
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples.handwritten import handwritten_scan
    from formsift.templates import check_source

    if not models_available():
        pytest.skip("OCR models not installed")
    scan = handwritten_scan(seed=31)
    path = tmp_path / "note.png"
    path.write_bytes(_png(scan.images[0]))
    library = Path(__file__).resolve().parents[2] / "src" / "formsift" / "templates" \
        / "library" / "delivery_note.sift"
    src = library.read_text().replace(
        "template delivery_note {",
        "template delivery_note {\n  pipeline {\n    recognize ppocr_rec, ppocr_v6\n  }", 1)
    engine = Engine(registry=registry)
    (template,), diags = check_source(src, "custom.sift", engine.registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = engine.extract(path, template)
    used = {c.name for c in result.audit.components}
    assert {"handwriting", "ppocr_v6", "ppocr_rec"} <= used and "crnn" not in used
    field = result.fields["received_by"]
    assert field.value == scan.truth["received_by"]
    assert "ppocr_v6" in field.source.split(",")
