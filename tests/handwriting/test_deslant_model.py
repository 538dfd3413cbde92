"""A model trained on deslanted lines (stage 8, issue 7): a training config's ``[data]
deslant = true`` deslants every training and validation line as
``preprocess.model_crop(deslant=True)`` does at inference, and writes the key "deslant"
into the model's metadata, by which the crnn recognizer deslants every line it reads with
it (constrained readings too: the model learnt its digits deslanted). A model without the
key (the shipped one, users' models) reads its lines as they are."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from formsift.core.errors import FormsiftError
from formsift.handwriting.charset import CHARSET
from formsift.handwriting.data import Mixture
from formsift.handwriting.preprocess import line_tensor
from formsift.handwriting.slant import estimate_slant, shear
from tests.conftest import ROOT
from tests.handwriting.test_band_crop import _Fixed, _tiny_model


def _slanted(text: str = "Hill lint 1147 Kil", k: float = 0.4) -> np.ndarray:
    """A line of upright strokes leaning by ``k`` (well over the dead zone)."""
    import cv2

    img = np.full((44, 420), 255, np.uint8)
    cv2.putText(img, text, (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    out = shear(img, k)
    assert abs(estimate_slant(out)) > 0.2
    return out


def _differ(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape != b.shape or not np.array_equal(a, b)


def test_a_deslanting_mixture_trains_on_deslanted_lines():
    line = _slanted()
    plain, straight = line_tensor(line), line_tensor(line, deslant=True)
    assert _differ(plain, straight)
    mix = Mixture([_Fixed(line, "Hill lint 1147 Kil")], CHARSET, strength=0, deslant=True)
    assert np.array_equal(mix.tensor(line), straight)
    x, _, _, widths, _ = next(mix.batches(random.Random(1), 2, bucket=1))
    assert list(widths) == [straight.shape[2]] * 2
    assert np.array_equal(x[0, :, :, :straight.shape[2]], straight)
    # the default reads lines as they are
    as_is = Mixture([_Fixed(line, "Hill lint 1147 Kil")], CHARSET, strength=0)
    assert np.array_equal(as_is.tensor(line), plain)


class _Spy:
    """An onnxruntime session that records the inputs it is given."""

    def __init__(self, session) -> None:
        self.session, self.inputs = session, []

    def run(self, names, feed):
        self.inputs.append(next(iter(feed.values())))
        return self.session.run(names, feed)

    def __getattr__(self, name):
        return getattr(self.session, name)


def _reader(folder: Path, meta: dict[str, str], **options):
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    _, path = _tiny_model(folder, meta)
    rec = CRNNRecognizer({"model": str(path), **options})
    rec.ensure_ready()
    rec._session = _Spy(rec._session)
    return rec


def _read(rec, line: np.ndarray, constraint=None) -> np.ndarray:
    """The model input the recognizer made of ``line`` (its batch's padding cut off)."""
    rec._session.inputs.clear()
    rec.read_lines([line], constraint)
    x = rec._session.inputs[0][0]
    width = int(np.flatnonzero((x > -1).any(axis=(0, 1)))[-1]) + 1
    assert (x[:, :, width:] == -1).all()
    return x[:, :, :width]


def _same(seen: np.ndarray, tensor: np.ndarray) -> bool:
    """Whether the input seen is ``tensor`` (up to its paper columns at the right)."""
    width = int(np.flatnonzero((tensor > -1).any(axis=(0, 1)))[-1]) + 1
    return np.array_equal(seen, tensor[:, :, :width])


def test_a_model_trained_on_deslanted_lines_deslants_every_line_it_reads(tmp_path):
    from formsift.core.kinds import Constraint

    line = _slanted()
    straight = line_tensor(line, deslant=True)
    rec = _reader(tmp_path / "deslant", {"deslant": "true"})
    assert rec.deslant
    assert _same(_read(rec, line), straight)
    assert not _same(_read(rec, line), line_tensor(line))
    # a constrained reading too (the option alone straightens free text only)
    digits = Constraint(alphabet="0123456789")
    assert _same(_read(rec, line, digits), straight)


def test_a_model_without_the_key_reads_its_lines_as_they_are(tmp_path):
    from formsift.core.kinds import Constraint

    line = _slanted()
    plain, straight = line_tensor(line), line_tensor(line, deslant=True)
    for meta in ({}, {"deslant": "false"}):
        rec = _reader(tmp_path / str(len(meta)), meta)
        assert not rec.deslant
        assert _same(_read(rec, line), plain)
    # the option still straightens free text, not a constrained reading
    rec = _reader(tmp_path / "option", {}, deslant=True)
    assert _same(_read(rec, line), straight)
    assert _same(_read(rec, line, Constraint(alphabet="0123456789")), plain)


def test_an_unknown_deslant_value_is_refused_in_one_line(tmp_path):
    from formsift.core.errors import ComponentNotFound
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    _, path = _tiny_model(tmp_path, {"deslant": "half"})
    with pytest.raises(ComponentNotFound, match="deslant='half'"):
        CRNNRecognizer({"model": str(path)}).ensure_ready()


def test_the_export_check_reads_deslanted_lines(tmp_path):
    from formsift.handwriting.train import parity

    model, path = _tiny_model(tmp_path, {"deslant": "true"})
    check = parity(model, path, [_slanted(), _slanted("Total 12", -0.4)], "ink", True)
    assert check.ok and check.lines == 2


def _build(config_text: str, tmp_path: Path, monkeypatch) -> dict[str, object]:
    """``recipe.build_shipped`` on ``config_text`` with generated lines for every source
    and training replaced: the mixture it trains on and the metadata it exports."""
    pytest.importorskip("torch")
    from formsift.handwriting import recipe

    line = _slanted()
    seen: dict[str, object] = {}

    def fixed(weight, **_):
        src = _Fixed(line, "Hill lint 1147 Kil")
        src.weight = weight
        src.renderer = SimpleNamespace(fonts=["font.ttf"])  # type: ignore[attr-defined]
        return src

    def fake_train(mix, val, out_dir, settings, **kw):
        seen["mix"] = mix
        return "model", 0.05

    def fake_deliver(model, charset, best, val, onnx, checkpoint, meta, log):
        seen["meta"] = meta
        return {}

    monkeypatch.setattr(recipe, "handwriting_fonts", lambda more=(): [Path("font.ttf")])
    monkeypatch.setattr(recipe, "dev_split", lambda folder: {"heldout": [], "finetune": []})
    monkeypatch.setattr(recipe, "FontLines", fixed)
    monkeypatch.setattr(recipe, "DigitStrings", fixed)
    monkeypatch.setattr(recipe, "_collage", lambda weight, real, reader, log: fixed(weight))
    monkeypatch.setattr(recipe, "train", fake_train)
    monkeypatch.setattr(recipe, "_deliver", fake_deliver)
    config = tmp_path / "c.toml"
    config.write_text(config_text, encoding="utf-8")
    recipe.build_shipped(config, ROOT, log=lambda *_: None)
    return seen


def _config(stage: str) -> str:
    return (ROOT / "configs" / f"handwriting-{stage}.toml").read_text(encoding="utf-8")


def test_the_stage8_config_trains_on_deslanted_lines_and_says_so_in_the_model(
        tmp_path, monkeypatch):
    seen = _build(_config("stage8"), tmp_path, monkeypatch)
    assert seen["mix"].deslant  # type: ignore[attr-defined]
    assert seen["meta"]["deslant"] == "true"  # type: ignore[index]
    # stage 5's config (the shipped model): lines as they are, no key
    seen = _build(_config("stage5"), tmp_path, monkeypatch)
    assert not seen["mix"].deslant  # type: ignore[attr-defined]
    assert "deslant" not in seen["meta"]  # type: ignore[operator]


def test_a_deslant_that_is_no_true_or_false_is_a_clear_error(tmp_path, monkeypatch):
    text = _config("stage8").replace("deslant = true", 'deslant = "yes"')
    with pytest.raises(FormsiftError, match=r"\[data\] deslant must be true or false, "
                                            r"not 'yes'"):
        _build(text, tmp_path, monkeypatch)


def test_a_deslanted_model_cannot_find_the_word_gaps_of_the_collage(tmp_path):
    """Its readings' character positions are fractions of the deslanted line, not of
    the line as written, where the words are cut out."""
    from formsift.handwriting import recipe
    from formsift.handwriting.data import RealLines

    _, path = _tiny_model(tmp_path, {"deslant": "true"})
    real = RealLines(0.2, samples=[], charset=CHARSET)
    with pytest.raises(FormsiftError, match=r"m\.onnx was trained on deslanted lines"):
        recipe._collage(0.25, real, path, log=lambda *_: None)
