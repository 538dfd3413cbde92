"""Recipes over :mod:`.train`: rebuilding the shipped model from a config file, and training
a user's recognizer from a folder of labelled lines (``formsift train recognizer``)."""

from __future__ import annotations

import json
import math
import random
import time
import tomllib
from pathlib import Path
from typing import Any

from formsift import __version__
from formsift.core.errors import FormsiftError
from formsift.handwriting.calibration import (
    MIN_DIGIT_WORDS,
    MIN_WORDS,
    NO_DIGITS_CAP,
    Calibration,
    safe_digits,
)
from formsift.handwriting.charset import CHARSET, normalize_text
from formsift.handwriting.corpus import (
    IMAGE_SUFFIXES,
    LABELS,
    LineSample,
    dev_split,
    hash_split,
    read_labels,
    validation_split,
)
from formsift.handwriting.data import DigitStrings, FontLines, Mixture, RealLines, load_gray
from formsift.handwriting.fonts import handwriting_fonts
from formsift.handwriting.preprocess import DESLANT_KEY
from formsift.handwriting.train import (
    Selection,
    TrainSettings,
    export_onnx,
    parity,
    save_checkpoint,
    train,
)


def _settings(section: dict[str, Any], model: dict[str, Any]) -> TrainSettings:
    known = set(TrainSettings.__dataclass_fields__)
    bad = set(section) - known
    if bad:
        raise FormsiftError(f"unknown [train] settings: {', '.join(sorted(bad))}")
    return TrainSettings(**section, model={k: tuple(v) if isinstance(v, list) else v
                                           for k, v in model.items()})


def validation_set(mix: Mixture, n: int, seed: str) -> list[tuple[Any, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        img, text = mix.draw(rng, augmented=True)
        if text:
            out.append((img, text))
    return out


def _selection(section: dict[str, Any]) -> Selection:
    """A config's ``[select]`` table (``by``, ``guard``, ``after``) as a :class:`Selection`."""
    bad = set(section) - set(Selection.__dataclass_fields__)
    if bad:
        raise FormsiftError(f"unknown [select] settings: {', '.join(sorted(bad))}")
    return Selection(by=tuple(section.get("by", ())),
                     guard=float(section.get("guard", float("inf"))),
                     after=float(section.get("after", 0.0)))


def real_validation(lines: list[LineSample]) -> tuple[list[tuple[Any, str]], list[str]]:
    """Real validation lines (image, text) and their set names (``real/<source>``)."""
    val, names = [], []
    for s in lines:
        text = normalize_text(s.text, CHARSET)
        if text:
            val.append((load_gray(s.image), text))
            names.append(f"real/{s.source}")
    return val, names


def build_shipped(config: Path, root: Path, log: Any = print) -> dict[str, Any]:
    """Train the shipped model as ``config`` says; returns a summary (CER, parity, paths)."""
    cfg = tomllib.loads(config.read_text(encoding="utf-8"))
    data, out = cfg["data"], cfg["output"]
    corpora = (root / data["corpora"]).resolve()
    fonts = handwriting_fonts(tuple(data.get("more_fonts", ())))
    if not fonts:
        raise FormsiftError("no handwriting fonts installed (see docs/handwriting.md)")
    split = dev_split(corpora / "handwriting-dev")
    # real validation lines: a share of the fine-tune half, never trained on (nor cut into
    # the word collage, which is built from ``real``'s lines)
    finetune, real_val = validation_split(split["finetune"], data.get("val_real", 0.0))
    synth = FontLines(data["synthetic"], fonts=fonts)
    digits = DigitStrings(data["digits"], folder=corpora / "mnist-t10k", split="train")
    real = RealLines(data["real"], samples=finetune, charset=CHARSET)
    sources: list[Any] = [synth, digits, real]
    if data.get("collage", 0) > 0:
        sources.append(_collage(data["collage"], real, root / data["collage_reader"], log))
    crop = data.get("crop", "ink")
    deslant = _deslant(data)
    mix = Mixture(sources, CHARSET, strength=data["augment"],
                  neighbour_lines=data.get("neighbour_lines", 0.0), crop=crop,
                  deslant=deslant)
    val = (validation_set(Mixture([synth], CHARSET, 0.5), data["val_synthetic"], "val-synth")
           + validation_set(Mixture([digits], CHARSET, 0.5), data["val_digits"], "val-digits"))
    val_sets = ["synthetic"] * data["val_synthetic"] + ["digits"] * data["val_digits"]
    real_lines, real_names = real_validation(real_val)
    val, val_sets = val + real_lines, val_sets + real_names
    select = _selection(cfg["select"]) if "select" in cfg else None
    section = dict(cfg["train"])
    # a later stage starts from an earlier stage's checkpoint (a fresh learning-rate cycle)
    init = section.pop("init", None)
    init_path = (root / init).resolve() if init else None
    if init_path is not None and not init_path.is_file():
        raise FormsiftError(f"[train] init {init}: no such checkpoint")
    settings = _settings(section, cfg.get("model", {}))
    log(f"{len(synth.renderer.fonts)} fonts, {len(real.items)} real fine-tune lines, "
        f"{len(split['heldout'])} real lines held out (never trained on), "
        f"{len(val)} validation lines ({len(real_lines)} real)")
    model, best = train(mix, val, root / out["work_dir"], settings, init=init_path, log=log,
                        val_sets=val_sets, select=select)
    meta = {"name": "formsift handwriting CRNN",
            "trained_by": f"scripts/train_handwriting.py --config {config}"}
    if crop != "ink":  # read with the crop it was trained with (absent: the ink crop)
        meta["crop"] = crop
    if deslant:  # its lines are deslanted at inference too (absent: read as they are)
        meta[DESLANT_KEY] = "true"
    return _deliver(model, CHARSET, best, val, root / out["onnx"], root / out["checkpoint"],
                    meta, log)


def _deslant(data: dict[str, Any]) -> bool:
    """A config's ``[data] deslant``: every training and validation line deslanted as
    ``preprocess.model_crop(deslant=True)`` does (a true/false, else a clear error)."""
    value = data.get("deslant", False)
    if not isinstance(value, bool):
        raise FormsiftError(f"[data] deslant must be true or false, not {value!r}")
    return value


def _collage(weight: float, real: RealLines, reader: Path, log: Any) -> Any:
    """The real lines cut into words (at the spaces ``reader``, an ONNX model, reads in
    them), as a :class:`~formsift.handwriting.collage.WordCollage` source."""
    from formsift.handwriting.collage import WordCollage, cut_words
    from formsift.handwriting.evaluate import load_recognizer

    rec = load_recognizer(reader)
    if rec.deslant:  # its readings' positions are fractions of the deslanted line
        raise FormsiftError(f"[data] collage_reader {reader.name} was trained on deslanted "
                            f"lines: the word gaps it reads cannot be cut out of the lines "
                            f"as written; give a model without deslant (stage 5's)")
    readings = rec.read_lines([img for img, _ in real.items])
    per_line = [cut_words(img, text, reading, rec.crop)
                for (img, text), reading in zip(real.items, readings, strict=True)]
    words = [w for line in per_line for w in line]
    cut = sum(1 for line in per_line if line)
    log(f"word collage: {len(words)} real words from {cut} of {len(real.items)} lines")
    return WordCollage(weight, words=words)


def _deliver(model: Any, charset: str, best: float, val: list[tuple[Any, str]], onnx: Path,
             checkpoint: Path, meta: dict[str, str], log: Any) -> dict[str, Any]:
    """Export ONNX and a float16 checkpoint, then check that onnxruntime agrees with torch
    on the validation lines (an error when it does not)."""
    onnx_path = export_onnx(model, charset, onnx, meta)
    save_checkpoint(model, charset, checkpoint, half=True)
    check = parity(model, onnx_path, [img for img, _ in val[:50]], meta.get("crop", "ink"),
                   meta.get(DESLANT_KEY) == "true")
    log(f"wrote {onnx}: validation CER {best:.4f}; ONNX parity max |diff| "
        f"{check.max_abs_diff:.2e}, {check.same_text}/{check.lines} identical transcriptions")
    if not check.ok:
        raise FormsiftError("the exported ONNX model does not agree with the torch model")
    return {"val_cer": best, "onnx": str(onnx_path), "parity": check}


#: Below this many labelled lines, training warns that its result means little.
MIN_USEFUL_LINES = 50
#: A validation CER at or above this: the model reads (almost) nothing.
USELESS_CER = 0.9
#: In a run's work folder: the lines it trained on (a resumed run never validates on them).
SPLIT_FILE = "split.json"
#: Images of the dataset folder its labels file does not name: this many are named in the
#: warning (their count follows).
SHOWN_UNLABELLED = 5


def _starting_point(init: str) -> tuple[Path | None, str, str, str]:
    """(checkpoint, its charset, the run's start as recorded, how to name it) of
    ``--init``: checked before the data is read (an .onnx model, a file that is no
    checkpoint: one line)."""
    from formsift.handwriting.train import read_checkpoint

    if init == "shipped":
        from formsift.plugins.handwriting.models import shipped_checkpoint

        path = shipped_checkpoint()
        return path, read_checkpoint(path)["charset"], "shipped", "the shipped model"
    if init == "none":
        return None, CHARSET, "none", "the shipped character set"
    path = Path(init)
    if not path.is_file():
        raise FormsiftError(f"--init {init}: no such checkpoint"
                            + (f" (the .pt written beside it would be "
                               f"{path.with_suffix('.pt')})" if path.suffix == ".onnx"
                               else ""))
    charset = read_checkpoint(path, "--init")["charset"]
    return path, charset, str(path.resolve()), path.name


def train_user(data: Path, out: Path, *, epochs: int = 20, steps_per_epoch: int = 200,
               batch: int = 16, lr: float = 5e-4, patience: int = 4, val_percent: int = 10,
               init: str = "shipped", synthetic: float = 0.0, threads: int = 1,
               workers: int = 1, seed: int = 0, progress: bool = True,
               heartbeat: float | None = None, log: Any = print) -> dict[str, Any]:
    """Train a recognizer on a user's labelled lines (see :mod:`.corpus` for the format).

    ``init``: ``shipped`` (fine-tune the shipped model), ``none`` (from scratch) or the path
    of a checkpoint (.pt). ``synthetic``: the share of synthetic handwriting-font lines
    mixed in (0 to 1; needs handwriting fonts). ``heartbeat``: seconds between progress
    lines within an epoch (for a log file; None: none, see :func:`.train.train`). Writes
    ``out`` (ONNX) and ``out`` with the suffix ``.pt`` (checkpoint, for further
    fine-tuning). The ONNX model carries its charset, a summary of the run and
    word-confidence tables (words with letters, and words without) fitted on the validation
    lines (:func:`formsift.handwriting.calibration.cautious_calibration`).
    """
    init_path, base, init_label, init_name = _starting_point(init)
    samples = read_labels(data)
    unlabelled = unlabelled_images(data, samples)
    if unlabelled:
        shown = ", ".join(unlabelled[:SHOWN_UNLABELLED]) + (
            ", ..." if len(unlabelled) > SHOWN_UNLABELLED else "")
        log(f"warning: {len(unlabelled)} image(s) in {data} that {LABELS} does not name "
            f"are not used: {shown} (label them to train on them)")
    extra = sorted({c for s in samples for c in s.text if c not in base and not c.isspace()
                    and normalize_text(c, base) == ""})
    charset = base + "".join(extra)
    train_part, val_part = hash_split(samples, val_percent)
    held_out = bool(val_part)
    if not held_out:
        val_part = train_part
        log(("warning: --val-percent 0 keeps no line for validation"
             if val_percent == 0 else "warning: one labelled line, none to keep for "
                                      "validation")
            + ": the validation CER is measured on the training lines (how well they are "
              "learnt, not how well new lines are read), and no word-confidence table can "
              "be fitted")
    if len(samples) < MIN_USEFUL_LINES:
        log(f"warning: {len(samples)} labelled lines; a model fine-tuned on fewer than "
            f"{MIN_USEFUL_LINES} learns little, and its validation CER (on "
            f"{len(val_part)} line(s)) says little")
    log(f"{len(train_part)} training lines, "
        + (f"{len(val_part)} validation lines" if held_out else "validating on them")
        + (f"; new characters: {''.join(extra)} ({init_name} lacks them)" if extra else ""))
    sources: list[Any] = [RealLines(1.0 - synthetic, samples=train_part, charset=charset)]
    if synthetic > 0:
        fonts = handwriting_fonts()
        if not fonts:
            raise FormsiftError("--synthetic needs handwriting fonts; none is installed")
        sources.append(FontLines(synthetic, fonts=fonts))
    mix = Mixture(sources, charset, strength=1.0)
    val = [(load_gray(s.image), normalize_text(s.text, charset)) for s in val_part]
    settings = TrainSettings(epochs=epochs, steps_per_epoch=steps_per_epoch, batch=batch,
                             lr=lr, patience=patience, threads=threads, workers=workers,
                             seed=seed)
    work = out.with_suffix(".work")
    _record_split(work, train_part, val_part if held_out else [], val_percent)
    log(f"checkpoints go to {work}/ (best.pt, last.pt, history.jsonl): running the same "
        f"command again resumes from them; delete the folder to start afresh")
    model, best = train(mix, val, work, settings, init=init_path, progress=progress, log=log,
                        init_label=init_label, heartbeat=heartbeat)
    meta = {"trained_by": "formsift train recognizer", "data": str(data),
            "init": init,
            "training_lines": str(len(train_part)),
            "validation_lines": str(len(val_part) if held_out else 0),
            "val_cer": f"{best:.4f}", "created": time.strftime("%Y-%m-%d"),
            "formsift": __version__}
    result = _deliver(model, charset, best, val, out, out.with_suffix(".pt"), meta, log)
    result["calibration"] = _calibrate(out, val_part if held_out else [], log, val_percent)
    if best >= USELESS_CER:
        log(f"warning: this model reads almost nothing (validation CER {best:.2f}"
            + (": CTC training from scratch outputs only blanks for its first thousands of "
               "steps); fine-tune the shipped model instead (the default, --init shipped), "
               "or train far longer (--epochs, --steps)" if init == "none" else
               "); check that labels.tsv gives each image its own text, and train longer "
               "(--epochs, --steps) or with a lower --lr")
            + ". Do not use it in a template as it is")
    return result


def unlabelled_images(data: Path, samples: list[LineSample]) -> list[str]:
    """The image files under the dataset folder ``data`` (or its labels file's folder)
    that no sample names (relative paths, sorted; hidden folders skipped)."""
    folder = data.parent if data.is_file() else data
    named = {s.image.resolve() for s in samples}
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and p.resolve() not in named)


def _record_split(work: Path, train_part: list[Any], val_part: list[Any],
                  val_percent: int) -> None:
    """Refuse to resume the run in ``work`` on validation lines it trained on (its CER and
    word-confidence table would be measured on lines it learnt: a larger --val-percent
    over a finished run); else record, in ``work/split.json``, the lines trained on so
    far (image names, as the split hashes them) before any step."""
    record = work / SPLIT_FILE
    trained: set[str] = set()
    if (work / "last.pt").is_file() and record.is_file():
        old = json.loads(record.read_text(encoding="utf-8"))
        trained = set(old.get("training", []))
        seen = sorted(s.image.name for s in val_part if s.image.name in trained)
        if seen:
            raise FormsiftError(
                f"{len(seen)} of the {len(val_part)} validation lines ({seen[0]}...) were "
                f"training lines of the run in {work}/ (--val-percent "
                f"{old.get('val_percent')}): its CER and word-confidence table would be "
                f"measured on lines it learnt; give --val-percent {old.get('val_percent')} "
                f"to resume it, or delete the folder to start afresh")
    work.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"val_percent": val_percent, "training": sorted(
        trained | {s.image.name for s in train_part})}) + "\n", encoding="utf-8")


def _calibrate(out: Path, val_part: list[Any], log: Any, val_percent: int = 10
               ) -> Calibration:
    """Fit the model's word-confidence table on the validation lines and store it in
    ``out`` (the shipped model's table when there are too few of them, said)."""
    from formsift.handwriting.evaluate import (
        calibration_for,
        load_recognizer,
        write_calibration,
    )

    rec = load_recognizer(out)
    if val_part:
        cal = calibration_for(rec, val_part, "validation lines of formsift train recognizer")
    else:
        cal = Calibration(source="shipped", lines="no validation lines were kept out",
                          digit_right=safe_digits([]), digit_source="safe")
    write_calibration(out, cal)
    if cal.source == "fitted":
        log(f"word confidence: a table fitted on {cal.words} validation words with letters "
            f"({cal.right} read right), stored in {out.name}: {cal.table()}")
    else:
        why = (f"only {cal.words} validation words with letters, fewer than {MIN_WORDS}"
               if val_part else "no validation lines")
        log(f"warning: {why}: {out.name} carries the shipped model's cautious "
            f"word-confidence table (a handwritten word is taken as right half the time at "
            f"best, so handwritten text mostly goes to review); to fit its own, "
            f"{more_words(cal.words if val_part else None, val_percent, out)}, or fit one "
            f"on lines it was not trained on: formsift train calibrate --data DIR --model "
            f"{out}")
    log(_digits_line(cal, out, val_percent))
    return cal


def _digits_line(cal: Calibration, out: Path, val_percent: int) -> str:
    """What the run says of the model's digits table (a warning for a safe one)."""
    if cal.digit_source == "fitted":
        return (f"digit confidence: a table fitted on {cal.digit_words} validation words "
                f"without letters ({cal.digit_words_right} read right), stored in "
                f"{out.name}: {cal.digit_table()}")
    if not cal.digit_words:
        return (f"warning: no validation words without letters (digits, dates, amounts): "
                f"{out.name} carries the shipped model's digits table capped at "
                f"{NO_DIGITS_CAP}, so handwritten numbers go to review: {cal.digit_table()}; "
                f"to fit its own, label lines with numbers and keep lines for validation "
                f"(--val-percent {max(20, val_percent)}), or run: formsift train calibrate "
                f"--data DIR-with-numbers --model {out}")
    return (f"warning: only {cal.digit_words} validation words without letters (digits, "
            f"dates, amounts), fewer than {MIN_DIGIT_WORDS}: {out.name} carries a safe "
            f"digits table, no bin above what they support, so most handwritten numbers go "
            f"to review: {cal.digit_table()}; to fit its own, label more lines with "
            f"numbers and keep more for validation (--val-percent "
            f"{max(20, val_percent)}), or fit one on lines it was not trained on: formsift "
            f"train calibrate --data DIR --model {out}")


def more_words(words: int | None, val_percent: int, out: Path) -> str:
    """How to get the validation words with letters a table needs, given the ``words``
    that ``val_percent`` kept (None: no validation lines were kept)."""
    if words is None or not val_percent:
        return "keep lines for validation (--val-percent 20)"
    if not words:
        return ("label lines with words (these validation lines hold none; words of digits "
                "and signs take the digits table, whatever the model)")
    need = math.ceil(val_percent * MIN_WORDS * 1.25 / words)  # the split's share varies
    if need >= 50:
        return f"label more lines with words ({val_percent} % kept {words})"
    return (f"train again keeping more lines for validation (delete "
            f"{out.with_suffix('.work')}/, then --val-percent {need}: {val_percent} % kept "
            f"{words})")
