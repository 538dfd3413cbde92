"""A handwriting model of one's own in use (no torch): the word-confidence table it carries
(or the shipped one for a model without), what `formsift check` says about it, and
`formsift train evaluate` / `train calibrate` on one's own labelled lines."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from formsift.cli import main
from formsift.handwriting.calibration import (
    METADATA_KEY,
    MIN_WORDS,
    WORD_RIGHT,
    Calibration,
    cautious_calibration,
    fit,
    word_right,
)
from formsift.plugins.handwriting.models import onnx_metadata, shipped_model
from formsift.plugins.handwriting.recognize import CRNNRecognizer

NAMES = ["Sofia Rossi", "Lukas Weber", "Anna Novak", "Ines Keller", "Paul Meyer",
         "Zoe Jensen", "Mateo Rossi", "Nina Braun"]


def _line(text: str, rng: random.Random) -> np.ndarray:
    """A line in OpenCV's script font (what the model reads is beside the point)."""
    import cv2

    img = np.full((44, 22 * len(text) + 20), 255, np.uint8)
    cv2.putText(img, text, (8, 32), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.0, 0,
                rng.choice([1, 2]))
    return img


def _dataset(folder: Path, n: int) -> list[str]:
    import cv2

    rng = random.Random(1)
    (folder / "img").mkdir(parents=True)
    rows, texts = [], []
    for i in range(n):
        text = NAMES[i % len(NAMES)] if i % 3 else f"{rng.randrange(10, 999)}.{i:02d}"
        cv2.imwrite(str(folder / "img" / f"l{i:02d}.png"), _line(text, rng))
        rows.append(f"img/l{i:02d}.png\t{text}")
        texts.append(text)
    (folder / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return texts


@pytest.fixture
def old_model(tmp_path: Path) -> Path:
    """A model of one's own as formsift wrote them before tables were stored: the
    shipped file under another name (no word_calibration in its metadata)."""
    path = tmp_path / "models" / "claims.onnx"
    path.parent.mkdir()
    shutil.copy(shipped_model(), path)
    assert METADATA_KEY not in (onnx_metadata(path) or {})
    return path


def _words(model: Path, **options: object) -> list:
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    rng = random.Random(3)
    words = []
    for text in ("Agnieszka Wojcik", "Lukasz Nowak", "Water damage kitchen"):
        crop = _line(text, rng)
        rec = CRNNRecognizer({"model": str(model), **options})
        words += rec.recognize(crop, Page(0, crop.shape[1], crop.shape[0]),
                               [TextRegion(Box(0, 0, 1, 1), "handwritten")])
    assert any(any(ch.isalpha() for ch in w.text) for w in words)
    return words


def test_a_model_of_ones_own_without_a_table_is_as_cautious_as_the_shipped_one(old_model):
    """A user's bug: with their own model, handwritten names read wrong kept the model's
    raw confidence (0.56-0.82) and the record was accepted; the shipped model's table
    gave the same readings 0.04-0.08."""
    for w in _words(old_model):
        raw = min(w.char_confidences)
        lettered = any(ch.isalpha() for ch in w.text)
        assert w.confidence == (word_right(raw) if lettered else raw), w
    # calibrated=false still gives the raw confidences
    assert all(w.confidence == min(w.char_confidences)
               for w in _words(old_model, calibrated=False))


def test_a_model_carries_its_own_table(old_model):
    pytest.importorskip("onnx")
    from formsift.handwriting.evaluate import write_calibration

    own = Calibration((0.01, 0.02, 0.03, 0.04, 0.05, 0.33), source="fitted", words=80,
                      right=60, lines="validation lines")
    write_calibration(old_model, own)
    assert Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY]) == own
    for w in _words(old_model):
        if any(ch.isalpha() for ch in w.text):
            assert w.confidence == own.confidence(min(w.char_confidences))
            assert w.confidence in own.word_right
    # a damaged table is one line, not a wrong confidence
    from formsift.core.errors import ComponentNotFound
    from formsift.handwriting.evaluate import set_metadata

    set_metadata(old_model, {METADATA_KEY: json.dumps({"word_right": [0.5, 2.0]})})
    with pytest.raises(ComponentNotFound, match="malformed word_calibration"):
        CRNNRecognizer({"model": str(old_model)}).ensure_ready()


def test_check_says_when_a_model_carries_no_table(old_model, registry):
    pytest.importorskip("onnx")
    from formsift.handwriting.evaluate import write_calibration
    from formsift.templates import check_definitions

    template = old_model.parent.parent / "claims.sift"
    source = ('template claims {\n  pipeline {\n    recognize ppocr_rec, '
              'crnn(model="models/claims.onnx")\n  }\n  field holder: text = right of '
              '"Policy holder:" handwritten\n}\n')
    template.write_text(source, encoding="utf-8")
    _, _, diags = check_definitions(source, str(template), registry)
    notes = [d for d in diags if "calibration" in d.message]
    assert [d.severity for d in notes] == ["warning"], diags
    assert "shipped model's cautious table" in notes[0].message
    assert "formsift train calibrate" in notes[0].message
    assert not [d for d in diags if d.severity == "error"]
    write_calibration(old_model, Calibration(source="fitted", words=60, right=50))
    _, _, diags = check_definitions(source, str(template), registry)
    assert not [d for d in diags if "calibration" in d.message], diags


def test_onnx_metadata_is_read_without_loading_the_model(tmp_path):
    import onnxruntime as ort

    expected = ort.InferenceSession(str(shipped_model()), providers=[
        "CPUExecutionProvider"]).get_modelmeta().custom_metadata_map
    assert onnx_metadata(shipped_model()) == expected
    (tmp_path / "x.onnx").write_bytes(b"\x08\x07garbage" * 10)
    assert onnx_metadata(tmp_path / "x.onnx") is None


def test_a_cautious_table_claims_little_from_few_words():
    # five words all right do not make a bin sure: the lower end of its interval
    words = [(0.97, True)] * 5 + [(0.3, False)] * 10
    table = fit(words, cautious=True)
    assert table[-1] == 0.48 and table == tuple(sorted(table))
    assert fit(words) == (0.0, 0.0, 0.0, 0.0, 0.0, 1.0)  # the plain share, as shipped
    # many words: close to the share, below it
    many = [(0.97, True)] * 380 + [(0.97, False)] * 20 + [(0.85, True)] * 50 \
        + [(0.85, False)] * 50
    table = fit(many, cautious=True)
    assert 0.9 < table[-1] < 0.95 and 0.35 < table[3] < 0.5
    # too few words with letters: the shipped model's table, said
    few = [(0.99, True, "Rossi")] * (MIN_WORDS - 1) + [(0.99, True, "123")] * 100
    cal = cautious_calibration(few, "validation lines")
    assert cal.source == "shipped" and cal.word_right == WORD_RIGHT
    assert cal.words == MIN_WORDS - 1 and "fewer than" in cal.describe()
    cal = cautious_calibration([*few, (0.99, True, "Anna")], "validation lines")
    assert cal.source == "fitted" and cal.words == MIN_WORDS


def test_evaluate_measures_a_model_on_ones_own_lines(tmp_path, old_model, capsys):
    """A user's request: CER and words on one's own held-out lines, the worst lines, and
    the model's characters, without writing a script around CRNNRecognizer."""
    texts = _dataset(tmp_path / "heldout", 9)
    labels = tmp_path / "heldout" / "labels.tsv"  # a line the model cannot read right
    labels.write_text(labels.read_text(encoding="utf-8").replace("\tLukas Weber",
                                                                 "\tŁukasz Wóbel"),
                      encoding="utf-8")
    texts = [t.replace("Lukas Weber", "Łukasz Wóbel") for t in texts]
    code = main(["train", "evaluate", "--data", str(tmp_path / "heldout"), "--model",
                 str(old_model), "--worst", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"model: {old_model}" in out
    assert "characters (128): '0123456789abc" in out
    assert "word confidence: the shipped model's table (this model carries no table" in out
    assert f"{len(texts)} lines, CER " in out and "lines read exactly" in out
    assert "words read right" in out and f"/{sum(len(t.split()) for t in texts)} (" in out
    assert "worst lines (edits / characters):" in out
    assert out.count(" read '") <= 3 and "'Łukasz Wóbel' read '" in out
    assert "characters of the labels the model cannot write (lines): 'ó' (1), 'Ł' (1)" in out
    assert "words with letters by their weakest character's confidence" in out
    # without --data: the model card alone (the shipped model by default)
    assert main(["train", "evaluate"]) == 0
    out = capsys.readouterr().out
    assert "trained by scripts/train_handwriting.py" in out and "CER" not in out
    # the training checkpoint is not the model
    assert main(["train", "evaluate", "--model", str(old_model.with_suffix(".pt"))]) != 0
    assert "no such file" in capsys.readouterr().err
    old_model.with_suffix(".pt").write_bytes(b"x")
    assert main(["train", "evaluate", "--model", str(old_model.with_suffix(".pt"))]) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "give the .onnx model" in err


def test_calibrate_fits_a_table_into_an_older_model(tmp_path, old_model, capsys):
    pytest.importorskip("onnx")
    _dataset(tmp_path / "few", 6)
    assert main(["train", "calibrate", "--data", str(tmp_path / "few"), "--model",
                 str(old_model)]) != 0
    err = capsys.readouterr().err.strip()
    assert f"fewer than {MIN_WORDS}" in err and "unchanged" in err and err.count("\n") == 0
    assert METADATA_KEY not in onnx_metadata(old_model)
    _dataset(tmp_path / "lines", 45)  # 30 names: 60 words with letters
    assert main(["train", "calibrate", "--data", str(tmp_path / "lines"), "--model",
                 str(old_model)]) == 0
    assert "its own table, fitted on 60 words with letters" in capsys.readouterr().out
    cal = Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY])
    assert cal.source == "fitted" and cal.words == 60
    assert main(["train", "evaluate", "--model", str(old_model)]) == 0
    assert "word confidence: its own table, fitted on 60" in capsys.readouterr().out


def _digit_dataset(folder: Path, n: int) -> None:
    """n lines of one word without letters each (meter readings, dates)."""
    import cv2

    rng = random.Random(5)
    (folder / "img").mkdir(parents=True)
    rows = []
    for i in range(n):
        text = f"{rng.randrange(10, 31):02d}/0{rng.randrange(1, 10)}/2026" if i % 2 else \
            f"{rng.randrange(100000, 999999)}"
        cv2.imwrite(str(folder / "img" / f"d{i:02d}.png"), _line(text, rng))
        rows.append(f"img/d{i:02d}.png\t{text}")
    (folder / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _digit_words(model: Path) -> list:
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    rng = random.Random(4)
    words = []
    rec = CRNNRecognizer({"model": str(model)})
    for text in ("15/05/2026", "606389", "371147"):
        crop = _line(text, rng)
        words += rec.recognize(crop, Page(0, crop.shape[1], crop.shape[0]),
                               [TextRegion(Box(0, 0, 1, 1), "handwritten")])
    words = [w for w in words if not any(ch.isalpha() for ch in w.text)]
    assert words
    return words


def test_a_models_own_digits_table_scores_its_words_without_letters(old_model):
    """Journey JT: an own model's date misread 10/05/2026 (for 15/05/2026) was scored
    0.71 by the shipped model's digits table, fitted for another model, and accepted."""
    pytest.importorskip("onnx")
    from formsift.handwriting.calibration import DIGIT_RIGHT, digit_right
    from formsift.handwriting.evaluate import write_calibration

    for w in _digit_words(old_model):  # a model without a digits table: the shipped one
        assert w.confidence == digit_right(min(w.char_confidences))
    own = Calibration(source="shipped", digit_right=(0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4,
                                                     0.45),
                      digit_source="fitted", digit_words=80, digit_words_right=70,
                      digit_lines="validation lines")
    write_calibration(old_model, own)
    assert Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY]) == own
    for w in _digit_words(old_model):
        assert w.confidence == own.digit_confidence(min(w.char_confidences)), w
        assert w.confidence in own.digit_right and w.confidence not in DIGIT_RIGHT
    # a table stored before digits tables were: the shipped digits table, read as before
    old = json.dumps({"word_right": list(WORD_RIGHT), "source": "fitted", "words": 60})
    assert Calibration.from_json(old).digit_right is None
    assert Calibration.from_json(old).digit_confidence(0.85) == digit_right(0.85)
    # a damaged digits table is one line, not a wrong confidence
    with pytest.raises(ValueError, match="malformed word_calibration"):
        Calibration.from_json(json.dumps({"word_right": list(WORD_RIGHT),
                                          "digit_right": [0.5, 0.9]}))


def test_too_few_digit_words_give_a_safe_table_never_above_what_they_support():
    from formsift.handwriting.calibration import (
        DIGIT_RIGHT,
        MIN_DIGIT_WORDS,
        digit_right,
    )

    names = [(0.99, True, "Rossi")] * 60
    # 30 words at 0.995 all right, 8 at 0.85 of which 3 wrong: too few to fit a table
    few = [*names, *[(0.995, True, "606389")] * 30, *[(0.85, True, "10/05/2026")] * 5,
           *[(0.85, False, "10/05/2026")] * 3]
    cal = cautious_calibration(few, "validation lines")
    assert cal.source == "fitted" and cal.digit_source == "safe"
    assert cal.digit_words == 38 and cal.digit_words_right == 35
    assert cal.digit_right is not None
    assert all(v <= s for v, s in zip(cal.digit_right, DIGIT_RIGHT, strict=True))
    assert cal.digit_confidence(0.85) < 0.7 <= digit_right(0.85)  # the date to review
    assert cal.digit_confidence(0.9) < 0.7  # (no word there: no support)
    assert "a safe table (only 38 words without letters" in cal.describe_digits()
    # no digit word at all: see test_no_digit_words_are_no_evidence
    # enough: the model's own table, fitted cautiously (no higher than the share right)
    many = [*names, *[(0.995, True, "606389")] * MIN_DIGIT_WORDS,
            *[(0.85, True, "1/2")] * 10, *[(0.85, False, "1/2")] * 10]
    cal = cautious_calibration(many, "validation lines")
    assert cal.digit_source == "fitted" and cal.digit_words == MIN_DIGIT_WORDS + 20
    assert cal.digit_confidence(0.85) < 0.5 and cal.digit_confidence(0.995) > 0.8
    assert "its own table, fitted on 70 words without letters (60 read right) of " \
        "validation lines" in cal.describe_digits()


def test_calibrate_fits_a_digits_table_into_an_older_model(tmp_path, old_model, capsys):
    """A meter team's model, trained before digits tables were stored, on lines of
    readings and dates (no words with letters): train calibrate fits its digits table and
    keeps its words table."""
    pytest.importorskip("onnx")
    from formsift.handwriting.evaluate import write_calibration

    words = Calibration((0.01, 0.02, 0.03, 0.04, 0.05, 0.33), source="fitted", words=80,
                        right=60, lines="validation lines")
    write_calibration(old_model, words)
    _digit_dataset(tmp_path / "meter", 56)
    assert main(["train", "calibrate", "--data", str(tmp_path / "meter"), "--model",
                 str(old_model)]) == 0
    out = capsys.readouterr().out
    assert "words without letters: its own table, fitted on 56 words without letters" in out
    assert "(words with letters: too few in" in out and "the model's is kept" in out
    cal = Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY])
    assert cal.word_right == words.word_right and cal.words == 80
    assert cal.digit_source == "fitted" and cal.digit_words == 56
    assert main(["train", "evaluate", "--model", str(old_model), "--data",
                 str(tmp_path / "meter")]) == 0
    out = capsys.readouterr().out
    assert "digit confidence: its own table, fitted on 56 words without letters" in out
    assert "words without letters (digits, dates, amounts) by their weakest" in out
    rows = out.split("words without letters (digits, dates, amounts)")[1].splitlines()[1:]
    assert sum(int(r.split()[1]) for r in rows) == 56


def _names_dataset(folder: Path, n: int) -> None:
    """n lines of two words with letters each (no word without letters)."""
    import cv2

    rng = random.Random(9)
    (folder / "img").mkdir(parents=True)
    rows = []
    for i in range(n):
        text = NAMES[i % len(NAMES)]
        cv2.imwrite(str(folder / "img" / f"n{i:02d}.png"), _line(text, rng))
        rows.append(f"img/n{i:02d}.png\t{text}")
    (folder / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_no_digit_words_are_no_evidence():
    """Code read r3 of 1ef7fb4: validation lines without a word without letters (or
    --val-percent 0) gave an all-zero digits table (every number 0.0). No words: the
    shipped table, capped under the 0.7 a handwritten value needs (its 0.71 accepted an
    own model's misread date, journey JT)."""
    from formsift.handwriting.calibration import DIGIT_RIGHT, safe_digits

    capped = tuple(min(v, 0.69) for v in DIGIT_RIGHT)
    cal = cautious_calibration([(0.99, True, "Rossi")] * 60, "validation lines")
    assert cal.digit_source == "safe" and cal.digit_right == capped
    assert safe_digits([]) == capped
    assert "capped at 0.69" in cal.describe_digits()


def test_calibrate_on_lines_without_numbers_keeps_the_digits_table(tmp_path, old_model,
                                                                   capsys):
    """Code read r3 of 1ef7fb4: train calibrate on lines of names only wrote an all-zero
    digits table into the model. Its own digits table is kept; a model without one gets
    the capped shipped table; a warning names how to fit one."""
    pytest.importorskip("onnx")
    from formsift.handwriting.calibration import DIGIT_RIGHT
    from formsift.handwriting.evaluate import write_calibration

    _names_dataset(tmp_path / "names", 30)
    args = ["train", "calibrate", "--data", str(tmp_path / "names"), "--model",
            str(old_model)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "no words without letters in" in out and "DIR-with-numbers" in out
    cal = Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY])
    assert cal.digit_right == tuple(min(v, 0.69) for v in DIGIT_RIGHT)
    own = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    write_calibration(old_model, Calibration(digit_right=own, digit_source="fitted",
                                             digit_words=90, digit_words_right=80))
    assert main(args) == 0
    assert "table is kept" in capsys.readouterr().out
    cal = Calibration.from_json(onnx_metadata(old_model)[METADATA_KEY])
    assert cal.digit_right == own and cal.digit_source == "fitted" and cal.digit_words == 90


@pytest.mark.parametrize("bounds", ["digits", "words"])
def test_a_thin_bin_claims_no_more_than_its_own_words(bounds):
    """Code read r3 of 1ef7fb4: 2 of 6 right at 0.90-0.95 over 200 right at 0.85 took the
    pooled bound, 0.94; a bin is capped at its own bound and any non-empty bin's above."""
    from formsift.handwriting.calibration import BOUNDS, DIGIT_BOUNDS, fit

    table_bounds = DIGIT_BOUNDS if bounds == "digits" else BOUNDS
    words = [(0.85, True)] * 200 + [(0.92, True)] * 2 + [(0.92, False)] * 4
    table = fit(words, cautious=True, bounds=table_bounds)
    thin = fit([(0.92, True)] * 2 + [(0.92, False)] * 4, cautious=True, bounds=table_bounds)
    at = table_bounds.index(0.9)
    assert table[at] <= thin[at] < 0.35
    assert table[table_bounds.index(0.8)] <= table[at]  # non-decreasing still
    # a thin top bin caps those under it, though they have many words right
    words = [(0.92, True)] * 45 + [(0.995, True)] * 2 + [(0.995, False)] * 3
    table = fit(words, cautious=True, bounds=table_bounds)
    top = fit([(0.995, True)] * 2 + [(0.995, False)] * 3, cautious=True,
              bounds=table_bounds)[-1]
    assert max(table) <= top
    # plenty of words: unchanged by the cap
    assert fit([(0.85, True)] * 200, cautious=True, bounds=table_bounds)[at] > 0.9

    # the bins without words above a thin one claim no more than it
    words = [(0.85, True)] * 200 + [(0.92, True)] * 2 + [(0.92, False)] * 4
    assert set(fit(words, cautious=True, bounds=DIGIT_BOUNDS)[4:]) == {thin[at]}
