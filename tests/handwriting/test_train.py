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
    # the model carries its word-confidence table: with 4 validation lines, too few words
    # to fit one, the shipped model's cautious table, said
    from formsift.handwriting.calibration import METADATA_KEY, WORD_RIGHT, Calibration
    from formsift.plugins.handwriting.models import onnx_metadata

    meta = onnx_metadata(out)
    cal = Calibration.from_json(meta[METADATA_KEY])
    assert cal.source == "shipped" and cal.word_right == WORD_RIGHT
    assert "validation words with letters, fewer than 50: my.onnx carries the shipped " \
        "model's cautious word-confidence table" in log
    assert meta["init"] == "shipped" and meta["training_lines"] == "16"
    assert meta["validation_lines"] == "4" and float(meta["val_cer"]) >= 0
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
    # PyPI's torch==2.13.0 on Linux is the CUDA build (gigabytes): the CPU index is named
    assert "--index-url https://download.pytorch.org/whl/cpu" in err


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


def _train(tmp_path: Path, *extra: str, out: str = "my.onnx", data: str = "data") -> str:
    """A tiny run (a few steps); returns what it printed (stdout and stderr)."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(["train", "recognizer", "--data", str(tmp_path / data), "--out",
                     str(tmp_path / out), "--steps", "2", "--batch", "4", "--workers", "0",
                     "--no-progress", "--val-percent", "20", *extra])
    return f"exit {code}\n" + buf.getvalue()


def test_init_with_the_onnx_model_names_the_checkpoint_beside_it(tmp_path):
    """A user's bug: --init models/claims.onnx gave 'internal error: UnpicklingError'
    after the data was read and training announced."""
    pytest.importorskip("torch")
    _dataset(tmp_path / "data")
    log = _train(tmp_path, "--epochs", "1")
    assert log.startswith("exit 0")
    log = _train(tmp_path, "--epochs", "1", "--init", str(tmp_path / "my.onnx"),
                 out="v2.onnx")
    first, *rest = log.splitlines()[1:]
    assert log.startswith("exit 2") and not rest, log
    assert first == (f"formsift: error: --init {tmp_path / 'my.onnx'}: an ONNX model cannot be "
                     f"trained further; give the .pt checkpoint written beside it "
                     f"({tmp_path / 'my.pt'})")
    (tmp_path / "junk.pt").write_bytes(b"\x08not a pickle")
    log = _train(tmp_path, "--epochs", "1", "--init", str(tmp_path / "junk.pt"),
                 out="v3.onnx")
    assert "not a checkpoint of formsift train recognizer (.pt)" in log
    assert "internal error" not in log and "checkpoints go to" not in log


def test_the_same_command_resumes_and_never_doubles_history_rows(tmp_path):
    """A user's bug: with the default --init shipped, running the same command again after
    an interrupt started at epoch 1 and appended duplicate rows to history.jsonl."""
    pytest.importorskip("torch")
    import json

    _dataset(tmp_path / "data")
    history = tmp_path / "my.work" / "history.jsonl"
    log = _train(tmp_path, "--epochs", "1")
    assert "epoch 1: loss" in log
    # interrupted after the epoch-2 row was written, before its last.pt: a stray row
    with history.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"epoch": 2, "loss": 9.9}) + "\n")
    log = _train(tmp_path, "--epochs", "2")
    assert "resuming after epoch 1" in log and "epoch 1: loss" not in log
    assert "epoch 2: loss" in log
    epochs = [json.loads(x)["epoch"] for x in history.read_text().splitlines()]
    assert epochs == [1, 2]
    assert json.loads(history.read_text().splitlines()[1])["loss"] != 9.9
    # a finished run is not trained again, and still delivers its model
    (tmp_path / "my.onnx").unlink()
    log = _train(tmp_path, "--epochs", "2")
    assert "is complete (2 epochs done, --epochs 2;" in log and "epoch 3" not in log
    assert (tmp_path / "my.onnx").is_file()
    assert [json.loads(x)["epoch"] for x in history.read_text().splitlines()] == [1, 2]
    # more epochs continue it
    log = _train(tmp_path, "--epochs", "3")
    assert "resuming after epoch 2" in log and "epoch 3: loss" in log
    assert [json.loads(x)["epoch"] for x in history.read_text().splitlines()] == [1, 2, 3]
    # another starting point is another run: said, not mixed in
    log = _train(tmp_path, "--epochs", "3", "--init", "none")
    assert log.startswith("exit 2")
    assert "holds a run started from --init shipped, not none" in log
    assert "delete the folder to start afresh" in log


def test_what_training_says_about_validation_new_characters_and_a_useless_model(tmp_path):
    """A user's report: '--val-percent 0' warned of 'fewer than two samples' (there were
    8); fine-tuning their own checkpoint listed characters it already had as new; a model
    that reads nothing (validation CER 1.0) was written without a word."""
    pytest.importorskip("torch")
    _dataset(tmp_path / "data")
    log = _train(tmp_path, "--epochs", "1", "--val-percent", "0", out="v0.onnx")
    assert "--val-percent 0 keeps no line for validation" in log
    assert "measured on the training lines" in log and "fewer than two" not in log
    assert "20 training lines, validating on them" in log
    assert "no validation lines: v0.onnx carries the shipped model's cautious" in log
    # from one's own checkpoint, which has '§' already: nothing new
    log = _train(tmp_path, "--epochs", "1", "--init", str(tmp_path / "v0.pt"),
                 out="v1.onnx")
    assert log.startswith("exit 0") and "new characters" not in log
    # from the shipped model: '§' is new
    log = _train(tmp_path, "--epochs", "1", out="v2.onnx")
    assert "new characters: § (the shipped model lacks them)" in log
    # from scratch, a few steps: blanks only
    log = _train(tmp_path, "--epochs", "1", "--init", "none", out="v3.onnx")
    assert "validation CER 1.0000" in log
    assert "warning: this model reads almost nothing (validation CER 1.00" in log
    assert "--init shipped" in log and "Do not use it in a template" in log
    assert "reads almost nothing" not in _train(tmp_path, "--epochs", "1", out="v2.onnx")
    log = _train(tmp_path, "--epochs", "0", out="v4.onnx")
    assert log == "exit 2\nformsift: error: --epochs must be at least 1\n"


def test_an_image_labelled_twice_with_different_texts_is_reported(tmp_path):
    import cv2

    from formsift.core.errors import FormsiftError
    from formsift.handwriting.corpus import read_labels

    cv2.imwrite(str(tmp_path / "a.png"), np.full((32, 100), 255, np.uint8))
    cv2.imwrite(str(tmp_path / "b.png"), np.full((32, 100), 255, np.uint8))
    (tmp_path / "labels.tsv").write_text(
        "a.png\tMateo Kowalski\nb.png\tx\nb.png\tx\n./a.png\tMateo Kowalski dup\n",
        encoding="utf-8")
    with pytest.raises(FormsiftError) as err:
        read_labels(tmp_path)
    assert str(err.value).splitlines()[1:] == [
        "  4: ./a.png is labelled again with another text ('Mateo Kowalski dup'; line 1 "
        "has 'Mateo Kowalski')"]


def test_a_labels_file_saved_by_a_spreadsheet_reads_or_says_its_encoding(tmp_path, capsys):
    """labels.tsv as Excel saves it: UTF-8 with a byte-order mark (read as it is, not
    "img.png does not exist" for an image that exists), UTF-16 ("Unicode Text") or
    Latin-1 (one line saying to save it as UTF-8, not an internal error)."""
    import cv2

    from formsift.core.errors import FormsiftError
    from formsift.handwriting.corpus import read_labels

    cv2.imwrite(str(tmp_path / "a.png"), np.full((32, 100), 255, np.uint8))
    text = "a.png\tZählerstand 0045\n"
    (tmp_path / "labels.tsv").write_bytes(text.encode("utf-8-sig"))
    assert [(s.image.name, s.text) for s in read_labels(tmp_path)] == [
        ("a.png", "Zählerstand 0045")]
    for encoding, says in (("utf-16", "UTF-16"), ("latin-1", "line 1")):
        (tmp_path / "labels.tsv").write_bytes(text.encode(encoding))
        with pytest.raises(FormsiftError) as err:
            read_labels(tmp_path)
        message = str(err.value)
        assert "\n" not in message and "save it as UTF-8" in message and says in message
        code = main(["train", "evaluate", "--data", str(tmp_path)])
        assert code == 2 and "internal error" not in capsys.readouterr().err


def test_a_resumed_run_never_validates_on_lines_it_trained_on(tmp_path):
    """A user's bug: running the finished command again with a larger --val-percent
    re-exported the model and fitted its word-confidence table on 'validation' lines the
    run had trained on (meter cards: 65 of 65 words right, 0.91 from 0.95), and its card
    claimed the new split."""
    pytest.importorskip("torch")
    _dataset(tmp_path / "data", n=30)
    assert _train(tmp_path, "--epochs", "1").startswith("exit 0")
    log = _train(tmp_path, "--epochs", "1", "--val-percent", "60")
    error = log.splitlines()[-1]
    assert log.startswith("exit 2") and "checkpoints go to" not in log, log
    assert error.startswith("formsift: error: ") and "were training lines of the run in" in error
    assert "--val-percent 20" in error and "delete the folder" in error
    # the same split, or fewer validation lines, resumes as before
    log = _train(tmp_path, "--epochs", "2", "--val-percent", "10")
    assert log.startswith("exit 0") and "resuming after epoch 1" in log, log


def test_too_few_validation_words_says_what_would_give_enough(tmp_path):
    """A user's report: trained with --val-percent 20, told 'keep more lines for validation
    (--val-percent 20)'; on digit-only lines (meter readings) no --val-percent helps."""
    pytest.importorskip("torch")
    _dataset(tmp_path / "data")  # digit strings: no word with letters
    log = _train(tmp_path, "--epochs", "1")
    warning = next(x for x in log.splitlines() if "validation words with letters" in x)
    assert "--val-percent 20" not in warning, warning
    assert "label lines with words" in warning and "formsift train calibrate" in warning
    from formsift.handwriting.recipe import more_words

    out = tmp_path / "meter.onnx"
    advice = more_words(49, 20, out)
    assert "--val-percent 20" not in advice and "--val-percent 26" in advice
    assert f"delete {tmp_path / 'meter.work'}/" in advice
    assert "label more lines with words" in more_words(5, 30, out)


def test_a_trained_model_scores_its_digits_by_its_own_validation_not_the_shipped_table(
        tmp_path, capsys):
    """Journey JT: an own model read a handwritten date 15/05/2026 as 10/05/2026, scored
    0.71 by the shipped model's digits table (fitted for another model), and the record
    was accepted. A run fits a digits table on its validation words without letters;
    with too few (here 4), a safe one: no bin above what they support, nor above the
    shipped table, so no number of this model passes a handwritten value's 0.7."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    _dataset(tmp_path / "data")  # digit strings: 4 validation lines
    log = _train(tmp_path, "--epochs", "1")
    assert log.startswith("exit 0"), log
    from formsift.handwriting.calibration import DIGIT_RIGHT, METADATA_KEY, Calibration
    from formsift.plugins.handwriting.models import onnx_metadata

    cal = Calibration.from_json(onnx_metadata(tmp_path / "my.onnx")[METADATA_KEY])
    assert cal.digit_source == "safe" and cal.digit_right is not None
    assert cal.digit_words == 4, cal
    assert all(v <= s for v, s in zip(cal.digit_right, DIGIT_RIGHT, strict=True))
    assert max(cal.digit_right) < 0.7 and cal.digit_confidence(0.999) < 0.7
    warning = next(x for x in log.splitlines() if "validation words without letters" in x)
    assert warning.startswith("warning: only 4 validation words without letters")
    assert "safe digits table" in warning and "formsift train calibrate" in warning
    # the model card says it
    assert main(["train", "evaluate", "--model", str(tmp_path / "my.onnx")]) == 0
    assert "digit confidence: a safe table (only 4 words without letters" in \
        capsys.readouterr().out


def test_images_the_labels_file_does_not_name_are_said_not_dropped_silently(tmp_path):
    """Journey JT: images in the data folder that labels.tsv forgot were left out of
    training without a word."""
    pytest.importorskip("torch")
    import cv2

    _dataset(tmp_path / "data")
    img = np.full((40, 100), 255, np.uint8)
    forgot = [f"img/zz{i}.png" for i in range(6)] + ["more/late.JPG"]
    (tmp_path / "data" / "more").mkdir()
    for name in forgot:
        cv2.imwrite(str(tmp_path / "data" / name), img)
    (tmp_path / "data" / "notes.txt").write_text("not an image", encoding="utf-8")
    log = _train(tmp_path, "--epochs", "1")
    assert log.startswith("exit 0"), log
    warning = next(x for x in log.splitlines() if "does not name" in x)
    assert warning.startswith(f"warning: 7 image(s) in {tmp_path / 'data'} that labels.tsv "
                              f"does not name are not used: img/zz0.png, img/zz1.png, "
                              f"img/zz2.png, img/zz3.png, img/zz4.png, ...")
    # every image named: no warning
    for name in forgot:
        (tmp_path / "data" / name).unlink()
    log = _train(tmp_path, "--epochs", "1", out="again.onnx")
    assert log.startswith("exit 0") and "does not name" not in log, log


def test_a_log_file_gets_progress_lines_within_an_epoch(tmp_path):
    """Journey JT: with the output going to a log file (no progress bar), nothing was
    said between epochs; a long epoch looked hung."""
    pytest.importorskip("torch")
    import contextlib
    import io

    _dataset(tmp_path / "data")
    args = ["train", "recognizer", "--data", str(tmp_path / "data"), "--steps", "3",
            "--batch", "4", "--workers", "0", "--val-percent", "20", "--epochs", "1"]
    buf = io.StringIO()  # no terminal, as a log file
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main([*args, "--out", str(tmp_path / "a.onnx"), "--progress-every", "0"])
    log = buf.getvalue()
    assert code == 0, log
    steps = [x for x in log.splitlines() if x.startswith("epoch 1/1: step ")]
    assert [x.split(",")[0] for x in steps] == [f"epoch 1/1: step {i}/3" for i in (1, 2, 3)]
    assert all(", loss " in x and x.endswith(" s") for x in steps), steps
    assert log.index("epoch 1/1: step 3/3") < log.index("epoch 1: loss")
    # --no-progress: none
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main([*args, "--out", str(tmp_path / "b.onnx"), "--progress-every", "0",
                     "--no-progress"])
    assert code == 0 and "step 1/3" not in buf.getvalue()


def test_progress_lines_reach_a_log_file_while_the_run_goes_on(tmp_path):
    """Code read r3 of c2a5165: with stdout to a file (and PYTHONUNBUFFERED unset) the
    progress lines stayed in Python's buffer until the run ended: a log looked hung. A
    stub run says a line, then looks into the log file before it ends."""
    import os
    import subprocess
    import sys

    log = tmp_path / "train.log"
    script = (
        "import os, sys\n"
        "import formsift.cli.train as cli\n"
        "import formsift.handwriting.recipe as recipe\n"
        "cli._importable = lambda module: True\n"
        "def stub(*args, log=print, **kwargs):\n"
        "    log('epoch 1/8: step 1/200, loss 0.412, 1 s')\n"
        "    seen = open(os.environ['LOG'], encoding='utf-8').read()\n"
        "    open(os.environ['SEEN'], 'w', encoding='utf-8').write(seen)\n"
        "recipe.train_user = stub\n"
        "from formsift.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(LOG=str(log), SEEN=str(tmp_path / "seen.txt"))
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-c", script, "train", "recognizer", "--data", str(tmp_path),
             "--out", str(tmp_path / "m.onnx")], stdout=out, stderr=subprocess.STDOUT,
            env=env, check=False)
    assert done.returncode == 0, log.read_text(encoding="utf-8")
    assert "epoch 1/8: step 1/200" in (tmp_path / "seen.txt").read_text(encoding="utf-8")
