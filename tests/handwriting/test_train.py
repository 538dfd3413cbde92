"""`formsift train recognizer`: a tiny end-to-end run (torch needed), and its errors."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from formsift.cli import main


def _dataset(folder: Path, n: int = 20) -> list[str]:
    """n line images written with OpenCV's script font, and labels.tsv."""
    import cv2

    rng = random.Random(0)
    (folder / "img").mkdir(parents=True)
    texts, rows = [], []
    for i in range(n):
        text = f"{rng.randrange(1, 999)}.{rng.randrange(100):02d}"
        if i % 5 == 0:
            text = "§" + text  # a character the shipped charset lacks
        img = np.full((40, 24 * len(text) + 16), 255, np.uint8)
        cv2.putText(img, text.replace("§", "S"), (8, 30), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
                    1.0, 0, 2)
        cv2.imwrite(str(folder / "img" / f"l{i:02d}.png"), img)
        rows.append(f"img/l{i:02d}.png\t{text}")
        texts.append(text)
    (folder / "labels.tsv").write_text("# image<TAB>text\n" + "\n".join(rows) + "\n",
                                       encoding="utf-8")
    return texts


def test_fine_tune_the_shipped_model_export_parity_and_use(tmp_path, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    pytest.importorskip("PIL")
    _dataset(tmp_path / "data")
    out = tmp_path / "my.onnx"
    code = main(["train", "recognizer", "--data", str(tmp_path / "data"), "--out", str(out),
                 "--epochs", "2", "--steps", "3", "--batch", "4", "--init", "shipped",
                 "--workers", "0", "--no-progress", "--val-percent", "20"])
    assert code == 0
    log = capsys.readouterr().out
    assert "epoch 1: loss" in log and "validation CER" in log
    assert "new characters: §" in log
    assert "ONNX parity max |diff|" in log
    assert out.is_file() and out.with_suffix(".pt").is_file()
    # the model works through the crnn recognizer, as a template would name it
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    rec = CRNNRecognizer({"model": str(out)})
    rec.ensure_ready()
    assert rec.charset.endswith("§")
    lines = rec.read_lines([np.full((40, 120), 255, np.uint8)])
    assert len(lines) == 1  # an untrained model may read anything, but it reads


def test_fine_tune_grows_the_charset(tmp_path):
    torch = pytest.importorskip("torch")
    from formsift.handwriting.train import build_model, load_checkpoint, save_checkpoint

    model = build_model("ab")
    save_checkpoint(model, "ab", tmp_path / "m.pt")
    grown = load_checkpoint(tmp_path / "m.pt", "abZ")
    assert grown.head.weight.shape[0] == 4
    assert torch.equal(grown.head.weight[1], model.head.weight[1])  # 'a' kept its row


def test_missing_torch_is_one_clear_line(tmp_path, monkeypatch, capsys):
    import formsift.cli.train as cli_train

    monkeypatch.setattr(cli_train, "_importable", lambda m: m != "torch")
    code = main(["train", "recognizer", "--data", str(tmp_path), "--out", "m.onnx"])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert err.count("\n") == 0 and "pip install 'formsift[train]'" in err


def test_bad_data_is_reported_not_raised(tmp_path, monkeypatch, capsys):
    pytest.importorskip("torch")  # the data is read by the training code, which needs torch
    pytest.importorskip("PIL")
    import formsift.cli.train as cli_train

    monkeypatch.setattr(cli_train, "_importable", lambda m: True)
    (tmp_path / "labels.tsv").write_text("missing.png\tabc\n", encoding="utf-8")
    code = main(["train", "recognizer", "--data", str(tmp_path), "--out",
                 str(tmp_path / "m.onnx")])
    err = capsys.readouterr().err
    assert code != 0 and "missing.png does not exist" in err and "Traceback" not in err
    code = main(["train", "recognizer", "--data", str(tmp_path), "--out", "m.txt"])
    assert code != 0 and "must end in .onnx" in capsys.readouterr().err


def test_every_problem_of_a_dataset_is_listed_with_its_line_before_training(tmp_path):
    import cv2
    import numpy as np

    from formsift.core.errors import FormsiftError
    from formsift.handwriting.corpus import read_labels

    cv2.imwrite(str(tmp_path / "ok.png"), np.full((32, 100), 255, np.uint8))
    (tmp_path / "broken.png").write_bytes(b"not an image")
    (tmp_path / "labels.tsv").write_text(
        "ok.png\tfine\nnothere.png\tx\nok.png\t \nno tab here\nbroken.png\tabc\n",
        encoding="utf-8")
    with pytest.raises(FormsiftError) as err:
        read_labels(tmp_path)
    message = str(err.value)
    assert message.startswith(f"4 problem(s) in {tmp_path / 'labels.tsv'}:")
    for expected in ("2: nothere.png does not exist", "3: empty transcription",
                     "4: expected 'image<TAB>text'", "5: broken.png cannot be read as an image"):
        assert f"\n  {expected}" in message, expected
    # the labels file itself may be given
    (tmp_path / "labels.tsv").write_text("ok.png\tfine\n", encoding="utf-8")
    assert [s.text for s in read_labels(tmp_path / "labels.tsv")] == ["fine"]
