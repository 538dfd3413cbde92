"""``crnn(fallback="ppocr_v6")``: a free line crnn is unsure of (its characters' mean
confidence under ``fallback_below``) is read again by the fallback, whose words are kept
when their weakest word is surer; sure lines and typed fields' constrained readings are
never read again; without the rapidocr wheel, ppocr_v6's one-line error. The routing
tests use a stub fallback (no wheel needed)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from formsift.core.document import Page, Word
from formsift.core.errors import ComponentNotFound
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, TextRegion
from formsift.handwriting.decode import Decoded
from formsift.plugins.handwriting import recognize as crnn_module
from formsift.plugins.handwriting.recognize import CRNNRecognizer

TEMPLATE = """template t {
  pipeline {
    recognize ppocr_rec, crnn(fallback="ppocr_v6")
  }
  field received_by: text = right of "Received by:" handwritten
}
"""


class Stub:
    """A fallback recognizer that reads every line as ``text`` at ``confidence``."""

    def __init__(self, text: str, confidence: float) -> None:
        self.text, self.confidence = text, confidence
        self.calls = 0

    def recognize(self, image, page, regions, constraint=None):
        self.calls += 1
        return [Word(t, Box(0.1 * i, 0.0, 0.1 * i + 0.1, 1.0), page.index,
                     confidence=self.confidence, source="ppocr_v6", handwritten=True)
                for i, t in enumerate(self.text.split())]


def _line(text: str, conf: float) -> Decoded:
    n = len(text)
    return Decoded(text, tuple((c, conf, (i + 0.5) / n) for i, c in enumerate(text)))


def _crnn(monkeypatch, line: Decoded, stub: Stub, **options) -> CRNNRecognizer:
    """crnn reading every line as ``line``, falling back on ``stub``."""
    monkeypatch.setattr(crnn_module, "fallback_recognizer",
                        lambda name, threads: stub if name else None)
    rec = CRNNRecognizer({"fallback": "ppocr_v6", **options})
    rec.ensure_ready()

    def read_lines(crops, constraint=None, heard=None):
        if heard is not None:
            heard[:] = [()] * len(crops)
        return [line] * len(crops)

    monkeypatch.setattr(rec, "read_lines", read_lines)
    return rec


def _read(rec: CRNNRecognizer, constraint: Constraint | None = None) -> list[Word]:
    img = np.full((60, 400), 255, np.uint8)
    page = Page(0, img.shape[1], img.shape[0])
    return rec.recognize(img, page, [TextRegion(Box(0, 0, 1, 1), "handwritten")], constraint)


def test_an_unsure_line_is_read_again_and_the_surer_words_kept(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.6), stub))
    assert stub.calls == 1
    assert [(w.text, w.source) for w in words] == [("Sofia", "ppocr_v6"), ("Rossi", "ppocr_v6")]


def test_an_unsure_line_keeps_crnns_words_when_the_fallback_is_less_sure(monkeypatch):
    stub = Stub("Sofa Rose", 0.01)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.6), stub))
    assert stub.calls == 1
    assert [(w.text, w.source) for w in words] == [("Jofia", "crnn"), ("Rorst", "crnn")]


def test_a_sure_line_is_not_read_again(monkeypatch):
    stub = Stub("Sofia Rossi", 0.99)
    words = _read(_crnn(monkeypatch, _line("Sofia Rossi", 0.99), stub))
    assert stub.calls == 0
    assert [w.text for w in words] == ["Sofia", "Rossi"]


def test_the_threshold_is_an_option(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    _read(_crnn(monkeypatch, _line("Sofia Rossi", 0.97), stub, fallback_below=0.98))
    assert stub.calls == 1


def test_a_typed_fields_constrained_reading_is_never_read_again(monkeypatch):
    stub = Stub("980.43", 0.99)
    words = _read(_crnn(monkeypatch, _line("480.43", 0.5), stub),
                  Constraint(alphabet="0123456789.,"))
    assert stub.calls == 0
    assert [w.text for w in words] == ["480.43"]


def test_without_fallback_nothing_is_read_again(monkeypatch):
    stub = Stub("Sofia Rossi", 0.9)
    words = _read(_crnn(monkeypatch, _line("Jofia Rorst", 0.3), stub, fallback=None))
    assert [w.text for w in words] == ["Jofia", "Rorst"] and stub.calls == 0


@pytest.mark.parametrize("options", [{"fallback": "tesseract"},
                                     {"fallback": "ppocr_v6", "fallback_below": 1.5}])
def test_a_wrong_option_is_refused(options):
    with pytest.raises(ValueError, match="fallback"):
        CRNNRecognizer(options)


def test_without_the_wheel_the_same_one_line_error_as_ppocr_v6(tmp_path, monkeypatch, capsys):
    from formsift.cli import main
    from formsift.samples import encode_png

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidocr" else real(name, *a))
    monkeypatch.setenv("FORMSIFT_MODELS", str(tmp_path))  # a folder without the model
    with pytest.raises(ComponentNotFound, match=r"PP-OCRv6_rec_small\.onnx is not installed"):
        CRNNRecognizer({"fallback": "ppocr_v6"}).ensure_ready()
    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / "in.png").write_bytes(encode_png(np.full((200, 400), 255, np.uint8)))
    code = main(["extract", str(tmp_path / "in.png"), "--template", str(tmp_path / "t.sift")])
    err = capsys.readouterr().err.strip()
    assert code == 5
    assert err.count("\n") == 0 and "Traceback" not in err, err
    assert "pip install --no-deps rapidocr==3.10.0" in err


def _v6_installed() -> bool:
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    try:
        PPOCRv6Recognizer().model_path()
    except ComponentNotFound:
        return False
    return True


@pytest.mark.skipif(not _v6_installed(), reason="no rapidocr 3.10.0 wheel")
def test_a_template_names_it_and_it_loads_ppocr_v6(registry):
    from formsift.templates import check_source

    (_template,), diags = check_source(TEMPLATE, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    rec = CRNNRecognizer({"fallback": "ppocr_v6"})
    rec.ensure_ready()
    assert rec._fallback is not None and rec._fallback.name == "ppocr_v6"
