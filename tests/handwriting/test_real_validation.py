"""Real validation lines chosen in advance (stage 7): a share of each source's fine-tune
lines kept out of training and used, with the font and MNIST lines as a guard, to choose
the epoch kept; the validation CER of each set logged every epoch."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from formsift.core.errors import FormsiftError
from formsift.handwriting.corpus import LineSample, dev_split, validation_split
from tests.conftest import ROOT


@pytest.fixture
def dev(corpora: Path) -> Path:
    if not (corpora / "handwriting-dev" / "labels.jsonl").is_file():
        pytest.skip("needs ../shared/corpora/handwriting-dev")
    return corpora / "handwriting-dev"


def _lines(n: int, source: str) -> list[LineSample]:
    return [LineSample(Path(f"/x/{source}-{i}.png"), f"line {i}", source, f"{source}-{i}")
            for i in range(n)]


def _ids(lines: list[LineSample]) -> set[tuple[str, str]]:
    return {(s.source, s.line_id) for s in lines}


def test_a_share_of_each_source_is_kept_for_validation_deterministically():
    lines = _lines(37, "modern") + _lines(37, "cursive") + _lines(2, "tiny")
    train, val = validation_split(lines, 0.2)
    assert _ids(train).isdisjoint(_ids(val))
    assert _ids(train) | _ids(val) == _ids(lines)
    per_source = {src: sum(s.source == src for s in val) for src in ("modern", "cursive",
                                                                     "tiny")}
    assert per_source == {"modern": 7, "cursive": 7, "tiny": 1}  # round(0.2 * 37); >= 1
    # the same lines whatever the order they come in; training keeps the input order
    again_train, again_val = validation_split(lines[::-1], 0.2)
    assert _ids(again_val) == _ids(val)
    assert again_train == [s for s in lines[::-1] if s in train]
    # not simply the first lines of each source
    assert _ids(val) != _ids(_lines(7, "modern") + _lines(7, "cursive") + _lines(1, "tiny"))


def test_no_share_keeps_every_line_for_training_and_a_bad_share_is_one_line():
    lines = _lines(10, "a")
    assert validation_split(lines, 0.0) == (lines, [])
    with pytest.raises(FormsiftError, match=r"val_real = 1\.5: a share of the fine-tune"):
        validation_split(lines, 1.5)


def test_real_validation_lines_are_fine_tune_lines_never_held_out_nor_trained_on(dev):
    split = dev_split(dev)
    train, val = validation_split(split["finetune"], 0.2)
    assert val and _ids(val) <= _ids(split["finetune"])
    assert _ids(val).isdisjoint(_ids(split["heldout"]))
    assert _ids(val).isdisjoint(_ids(train))
    assert {s.source for s in val} == {s.source for s in split["finetune"]}
    assert _ids(validation_split(dev_split(dev)["finetune"], 0.2)[1]) == _ids(val)


def test_selection_scores_its_sets_and_guards_the_others():
    from formsift.handwriting.train import Selection, _guard_broken

    rule = Selection(by=("real/",), guard=0.01)
    assert rule.scores("real/modern") and not rule.scores("synthetic")
    assert Selection().scores("synthetic")  # no sets named: every line scores
    start = {"synthetic": 0.06, "digits": 0.015, "real/modern": 0.0}
    assert _guard_broken({"synthetic": 0.069, "digits": 0.02, "real/modern": 0.5}, start,
                         rule) == ""
    assert _guard_broken({"synthetic": 0.075, "digits": 0.02, "real/modern": 0.0}, start,
                         rule) == "synthetic 0.0750 > 0.0700"


def _printed(texts: list[str]) -> list[tuple[np.ndarray, str]]:
    """Lines written with OpenCV's script font."""
    import cv2

    out = []
    for text in texts:
        img = np.full((40, 22 * len(text) + 16), 255, np.uint8)
        cv2.putText(img, text, (8, 30), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.0, 0, 2)
        out.append((img, text))
    return out


def test_the_epoch_kept_is_chosen_by_the_named_sets_from_the_point_of_the_run_given(
        tmp_path):
    pytest.importorskip("torch")
    from formsift.handwriting.charset import CHARSET
    from formsift.handwriting.corpus import LineSample as Sample
    from formsift.handwriting.data import Mixture, RealLines
    from formsift.handwriting.metrics import cer
    from formsift.handwriting.train import Selection, TrainSettings, predict, train
    from formsift.plugins.handwriting.models import shipped_checkpoint

    images = tmp_path / "img"
    images.mkdir()
    import cv2

    samples = []
    for i, (img, text) in enumerate(_printed(["12.50", "3 rue", "Total 9", "n 77"])):
        cv2.imwrite(str(images / f"{i}.png"), img)
        samples.append(Sample(images / f"{i}.png", text))
    mix = Mixture([RealLines(1.0, samples=samples, charset=CHARSET)], CHARSET, strength=0.3)
    val = _printed(["41.07", "Nom", "rue 8", "Paris"])
    names = ["digits", "words", "digits", "words"]
    settings = TrainSettings(epochs=4, steps_per_epoch=1, batch=4, lr=1e-4, patience=9,
                             workers=0, warmup_steps=1)
    said: list[str] = []
    model, best = train(mix, val, tmp_path / "run", settings, init=shipped_checkpoint(),
                        progress=False, log=said.append, val_sets=names,
                        select=Selection(by=("words",), after=0.5))
    rows = [json.loads(r) for r in (tmp_path / "run" / "history.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert said[0].startswith("epoch 0 (the starting model): validation CER digits ")
    assert [r["epoch"] for r in rows] == [1, 2, 3, 4]
    for row in rows:  # each set's CER every epoch; the score is the words' alone
        assert set(row["sets"]) == {"digits", "words"}
        assert math.isclose(row["val_cer"], row["sets"]["words"], abs_tol=1e-5)
    # epoch 1 (a quarter of the run) is not kept, though the first scored
    assert not rows[0]["best"] and rows[1]["best"]
    assert "(not kept: before 50% of the run)" in next(s for s in said
                                                       if s.startswith("epoch 1:"))
    kept = min(rows[1:], key=lambda r: r["val_cer"])
    assert math.isclose(best, kept["val_cer"], abs_tol=1e-5)
    words = [v for v, n in zip(val, names, strict=True) if n == "words"]
    from formsift.handwriting.preprocess import line_tensor

    hyps = predict(model, [line_tensor(img) for img, _ in words], CHARSET)
    assert math.isclose(cer(zip([t for _, t in words], hyps, strict=True)), best,
                        abs_tol=1e-5)


def test_the_shipped_recipe_trains_and_recombines_no_real_validation_line(dev, tmp_path,
                                                                          monkeypatch):
    pytest.importorskip("torch")
    from formsift.handwriting import recipe
    from formsift.handwriting.fonts import handwriting_fonts

    if not handwriting_fonts():
        pytest.skip("needs handwriting fonts")
    seen: dict[str, object] = {}

    def fake_collage(weight, real, reader, log):
        seen["collage_from"] = real
        return real

    def fake_train(mix, val, out_dir, settings, **kw):
        seen.update(mix=mix, val=val, **kw)
        raise SystemExit  # stop before training

    monkeypatch.setattr(recipe, "_collage", fake_collage)
    monkeypatch.setattr(recipe, "train", fake_train)
    config = tmp_path / "c.toml"
    text = (ROOT / "configs" / "handwriting-stage7.toml").read_text(encoding="utf-8")
    config.write_text(text.replace('"../shared/corpora"', f'"{dev.parent}"'),
                      encoding="utf-8")
    with pytest.raises(SystemExit):
        recipe.build_shipped(config, ROOT, log=lambda *_: None)
    _, val_lines = validation_split(dev_split(dev)["finetune"], 0.2)
    real = seen["collage_from"]
    assert _ids(real.samples).isdisjoint(_ids(val_lines))
    assert real in seen["mix"].sources
    names = seen["val_sets"]
    assert names.count("real/copiste_dun_jour") + names.count("real/joseph_hooker") \
        == len(val_lines)
    assert seen["select"].by == ("real/",) and seen["select"].after == 0.5


def test_a_start_that_reads_the_scored_lines_by_heart_is_said():
    from formsift.handwriting.train import Selection, _warn_if_memorized

    said: list[str] = []
    _warn_if_memorized(0.004, Selection(by=("real/",)), said.append)
    assert said and said[0].startswith("warning: the starting model reads the validation "
                                       "lines that choose the epoch (real/) at CER 0.0040")
    _warn_if_memorized(0.30, Selection(by=("real/",)), said.append)  # lines it never saw
    _warn_if_memorized(0.004, Selection(), said.append)  # no sets named: fonts, MNIST
    assert len(said) == 1
