"""The shipped handwriting recognizer: packaged, small, and reading handwriting."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.charset import CHARSET
from formsift.handwriting.fonts import handwriting_fonts
from formsift.plugins.handwriting.models import shipped_checkpoint, shipped_model
from formsift.plugins.handwriting.recognize import CRNNRecognizer

needs_fonts = pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font")


@pytest.fixture(scope="module")
def rec() -> CRNNRecognizer:
    r = CRNNRecognizer()
    r.ensure_ready()
    return r


@pytest.fixture(scope="module")
def quantities() -> list[tuple[np.ndarray, str]]:
    """Handwritten quantity crops (and their truth) from generated delivery-note scans."""
    from formsift.samples.handwritten import handwritten_scan

    out = []
    for seed in (21, 22, 23, 24):
        scan = handwritten_scan(seed=seed, dpi=200)
        img = scan.images[0]
        h, w = img.shape[:2]
        for name, (x0, y0, x1, y1) in scan.boxes.items():
            if name.startswith("items."):
                row = int(name.split(".")[1])
                pad = 6
                crop = img[max(0, int(y0 * h) - pad):int(y1 * h) + pad,
                           max(0, int(x0 * w) - pad):int(x1 * w) + pad]
                out.append((crop, str(scan.truth["items"][row]["qty_delivered"])))
    return out


def test_the_model_ships_in_the_package_and_is_small():
    path = shipped_model()
    assert path.stat().st_size <= 20 * 1024 * 1024
    assert shipped_checkpoint().is_file()
    import onnxruntime as ort

    meta = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]) \
        .get_modelmeta().custom_metadata_map
    assert meta["charset"] == CHARSET and meta["height"] == "32"


@needs_fonts
def test_reads_handwritten_quantities(rec, quantities):
    lines = rec.read_lines([c for c, _ in quantities], Constraint(alphabet="0123456789"))
    right = sum(line.text == truth for line, (_, truth) in zip(lines, quantities, strict=True))
    assert right / len(quantities) >= 0.7, [(ln.text, t) for ln, (_, t) in
                                           zip(lines, quantities, strict=True)]
    for line in lines:
        assert len(line.chars) == len(line.text)
        assert all(0.0 <= c[1] <= 1.0 for c in line.chars)


@needs_fonts
def test_words_of_the_shipped_model_carry_the_measured_share_read_right(quantities):
    """The model's character confidences are far too high on real handwriting; a word's
    confidence is the calibrated share of words read right at its weakest character's
    confidence (a model of the user's own keeps its raw confidences)."""
    import random

    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.handwriting.calibration import digit_right, word_right
    from formsift.handwriting.synth import LineRenderer

    name, _ = LineRenderer(handwriting_fonts()).render("Sofia Rossi", random.Random(3))
    region = [TextRegion(Box(0, 0, 1, 1), "handwritten")]
    seen = set()
    for crop in (name, quantities[0][0]):
        page = Page(0, crop.shape[1], crop.shape[0])
        for options, calibrated in (({}, True), ({"calibrated": False}, False)):
            words = CRNNRecognizer(options).recognize(crop, page, region)
            assert words and all(w.handwritten for w in words)
            for w in words:
                raw = min(w.char_confidences)
                lettered = any(ch.isalpha() for ch in w.text)
                seen.add(lettered)
                # words of digits (read far better than prose) have a table of their own
                assert w.confidence == (raw if not calibrated else word_right(raw)
                                        if lettered else digit_right(raw))
    assert seen == {True, False}  # both kinds of word were read


@needs_fonts
def test_constraints_restrict_what_is_read(rec, quantities):
    crops = [c for c, _ in quantities[:6]]
    for line in rec.read_lines(crops, Constraint(alphabet="01")):
        assert set(line.text) <= {"0", "1"}
    # the pattern makes beam search pick a matching reading when one is in the beam
    unconstrained = rec.read_lines(crops)
    patterned = rec.read_lines(crops, Constraint(pattern=r"[0-9]+"))
    matched = sum(bool(re.fullmatch(r"[0-9]+", p.text)) for p in patterned)
    assert matched >= sum(bool(re.fullmatch(r"[0-9]+", u.text)) for u in unconstrained)


@needs_fonts
def test_handwritten_delivery_note_is_routed_to_crnn(tmp_path):
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    scan = handwritten_scan(seed=31)
    path = tmp_path / "note.png"
    path.write_bytes(encode_png(scan.images[0]))
    result = Engine().extract(path, template="delivery_note")
    used = {c.name for c in result.audit.components}
    assert {"handwriting", "crnn", "ppocr_rec"} <= used
    words = result.page_info[0].words
    assert any(w.source == "crnn" and w.handwritten for w in words)
    assert any(w.source == "ppocr_rec" and not w.handwritten for w in words)
    assert result.fields["note_no"].value == scan.truth["note_no"]  # print still read


@needs_fonts
def test_a_pipeline_naming_the_handwriting_model_gets_handwritten_regions(tmp_path):
    """`recognize ppocr_rec, crnn(model=...)` without a `segment` line: the default text
    detector labels no region handwritten, so crnn read nothing and the model the template
    named was silently unused. The handwriting segmenter now takes the detector's place."""
    import shutil

    import formsift.templates
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan
    from formsift.templates import check_source

    if not models_available():
        pytest.skip("OCR models not installed")
    scan = handwritten_scan(seed=31)
    path = tmp_path / "note.png"
    path.write_bytes(encode_png(scan.images[0]))
    own = tmp_path / "my.onnx"  # a team's own model (here: a copy of the shipped one)
    shutil.copy(shipped_model(), own)
    engine = Engine()
    library = Path(formsift.templates.__file__).with_name("library") / "delivery_note.sift"
    src = library.read_text().replace(
        "template delivery_note {",
        "template delivery_note {\n  pipeline {\n    recognize ppocr_rec, crnn(model="
        f'"{own}")\n  }}', 1)
    (template,), diags = check_source(src, "custom.sift", engine.registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = engine.extract(path, template)
    used = {c.name for c in result.audit.components}
    assert {"handwriting", "crnn", "ppocr_rec"} <= used
    assert any(w.source == "crnn" and w.handwritten for w in result.page_info[0].words)


def test_a_model_path_is_read_from_the_templates_folder_and_checked(tmp_path, monkeypatch):
    """A template naming its own model works from any current folder; a missing file is a
    check error at the option; a file that is no ONNX model is a component error."""
    import shutil

    from formsift.core.errors import ComponentNotFound
    from formsift.templates import check_source

    folder = tmp_path / "templates"
    (folder / "models").mkdir(parents=True)
    shutil.copy(shipped_model(), folder / "models" / "own.onnx")
    (folder / "models" / "broken.onnx").write_bytes(b"not a model")
    body = ('template t {{\n  pipeline {{\n    recognize ppocr_rec, crnn(model="{}")\n  }}\n'
            '  field a: text = anywhere\n}}\n')
    monkeypatch.chdir(tmp_path)  # not the template's folder
    (tpl,), diags = check_source(body.format("models/own.onnx"), str(folder / "t.sift"))
    # (the copy carries no word-confidence table of its own: a warning, not an error)
    assert [d.severity for d in diags] == ["warning"], diags
    assert "carries no word-confidence calibration" in diags[0].message
    (crnn,) = [c for c in tpl.stages[0].components if c.name == "crnn"]
    assert crnn.options.model == str(folder / "models" / "own.onnx")
    _, diags = check_source(body.format("models/nope.onnx"), str(folder / "t.sift"))
    assert diags[0].message == ("recognizer 'crnn', option 'model': no file "
                                "'models/nope.onnx' (a relative path is read from the "
                                "template's folder)")
    # a file that is no ONNX model is the template's error (formsift check says so)...
    _, diags = check_source(body.format("models/broken.onnx"), str(folder / "t.sift"))
    assert diags[0].message == ("recognizer 'crnn', option 'model': 'models/broken.onnx' "
                                "is not an ONNX model")
    # ... and the component itself still says so when given one directly
    crnn = type(crnn)({"model": str(folder / "models" / "broken.onnx")})
    with pytest.raises(ComponentNotFound, match="is not an ONNX model onnxruntime can load"):
        crnn.ensure_ready()


@needs_fonts
def test_a_classified_handwritten_note_is_read_with_its_templates_pipeline(tmp_path):
    """Without a template, the page was read by the default pipeline (for classification)
    and never read again, so the handwritten quantities went to the print recognizer and
    the record was accepted with them misread. The chosen template's pipeline now reads
    it again."""
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    scan = handwritten_scan(seed=31)
    path = tmp_path / "note.png"
    path.write_bytes(encode_png(scan.images[0]))
    result = Engine(templates=["delivery_note", "invoice"], seen_store="memory").extract(path)
    assert result.template == "delivery_note"
    assert {"handwriting", "crnn"} <= {c.name for c in result.audit.components}
    assert any(w.source == "crnn" and w.handwritten for w in result.page_info[0].words)
    assert result.page_info[0].notes["read_again"]["template"] == "delivery_note"
