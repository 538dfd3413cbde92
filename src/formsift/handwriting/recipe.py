"""Recipes over :mod:`.train`: rebuilding the shipped model from a config file, and training
a user's recognizer from a folder of labelled lines (``formsift train recognizer``)."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError
from formsift.handwriting.charset import CHARSET, normalize_text
from formsift.handwriting.corpus import dev_split, hash_split, read_labels
from formsift.handwriting.data import DigitStrings, FontLines, Mixture, RealLines, load_gray
from formsift.handwriting.fonts import handwriting_fonts
from formsift.handwriting.train import (
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


def build_shipped(config: Path, root: Path, log: Any = print) -> dict[str, Any]:
    """Train the shipped model as ``config`` says; returns a summary (CER, parity, paths)."""
    cfg = tomllib.loads(config.read_text(encoding="utf-8"))
    data, out = cfg["data"], cfg["output"]
    corpora = (root / data["corpora"]).resolve()
    fonts = handwriting_fonts()
    if not fonts:
        raise FormsiftError("no handwriting fonts installed (see docs/handwriting.md)")
    split = dev_split(corpora / "handwriting-dev")
    synth = FontLines(data["synthetic"], fonts=fonts)
    digits = DigitStrings(data["digits"], folder=corpora / "mnist-t10k", split="train")
    real = RealLines(data["real"], samples=split["finetune"], charset=CHARSET)
    mix = Mixture([synth, digits, real], CHARSET, strength=data["augment"])
    val = (validation_set(Mixture([synth], CHARSET, 0.5), data["val_synthetic"], "val-synth")
           + validation_set(Mixture([digits], CHARSET, 0.5), data["val_digits"], "val-digits"))
    section = dict(cfg["train"])
    # a later stage starts from an earlier stage's checkpoint (a fresh learning-rate cycle)
    init = section.pop("init", None)
    init_path = (root / init).resolve() if init else None
    if init_path is not None and not init_path.is_file():
        raise FormsiftError(f"[train] init {init}: no such checkpoint")
    settings = _settings(section, cfg.get("model", {}))
    log(f"{len(synth.renderer.fonts)} fonts, {len(real.items)} real fine-tune lines, "
        f"{len(split['heldout'])} real lines held out (never trained on), "
        f"{len(val)} validation lines")
    model, best = train(mix, val, root / out["work_dir"], settings, init=init_path, log=log)
    return _deliver(model, CHARSET, best, val, root / out["onnx"], root / out["checkpoint"],
                    {"name": "formsift handwriting CRNN",
                     "trained_by": f"scripts/train_handwriting.py --config {config}"}, log)


def _deliver(model: Any, charset: str, best: float, val: list[tuple[Any, str]], onnx: Path,
             checkpoint: Path, meta: dict[str, str], log: Any) -> dict[str, Any]:
    """Export ONNX and a float16 checkpoint, then check that onnxruntime agrees with torch
    on the validation lines (an error when it does not)."""
    onnx_path = export_onnx(model, charset, onnx, meta)
    save_checkpoint(model, charset, checkpoint, half=True)
    check = parity(model, onnx_path, [img for img, _ in val[:50]])
    log(f"wrote {onnx}: validation CER {best:.4f}; ONNX parity max |diff| "
        f"{check.max_abs_diff:.2e}, {check.same_text}/{check.lines} identical transcriptions")
    if not check.ok:
        raise FormsiftError("the exported ONNX model does not agree with the torch model")
    return {"val_cer": best, "onnx": str(onnx_path), "parity": check}


#: Below this many labelled lines, training warns that its result means little.
MIN_USEFUL_LINES = 50


def train_user(data: Path, out: Path, *, epochs: int = 20, steps_per_epoch: int = 200,
               batch: int = 16, lr: float = 5e-4, patience: int = 4, val_percent: int = 10,
               init: str = "shipped", synthetic: float = 0.0, threads: int = 1,
               workers: int = 1, seed: int = 0, progress: bool = True,
               log: Any = print) -> dict[str, Any]:
    """Train a recognizer on a user's labelled lines (see :mod:`.corpus` for the format).

    ``init``: ``shipped`` (fine-tune the shipped model), ``none`` (from scratch) or the path
    of a checkpoint (.pt). ``synthetic``: the share of synthetic handwriting-font lines
    mixed in (0 to 1; needs handwriting fonts). Writes ``out`` (ONNX) and ``out`` with the
    suffix ``.pt`` (checkpoint, for further fine-tuning).
    """
    samples = read_labels(data)
    extra = sorted({c for s in samples for c in s.text if c not in CHARSET and not c.isspace()
                    and normalize_text(c) == ""})
    charset = CHARSET + "".join(extra)
    train_part, val_part = hash_split(samples, val_percent)
    if not val_part:
        val_part = train_part
        log("warning: fewer than two samples; validating on the training lines")
    if len(samples) < MIN_USEFUL_LINES:
        log(f"warning: {len(samples)} labelled lines; a model fine-tuned on fewer than "
            f"{MIN_USEFUL_LINES} learns little, and its validation CER (on "
            f"{len(val_part)} line(s)) says little")
    log(f"{len(train_part)} training lines, {len(val_part)} validation lines"
        + (f"; new characters: {''.join(extra)}" if extra else ""))
    sources: list[Any] = [RealLines(1.0 - synthetic, samples=train_part, charset=charset)]
    if synthetic > 0:
        fonts = handwriting_fonts()
        if not fonts:
            raise FormsiftError("--synthetic needs handwriting fonts; none is installed")
        sources.append(FontLines(synthetic, fonts=fonts))
    mix = Mixture(sources, charset, strength=1.0)
    val = [(load_gray(s.image), normalize_text(s.text, charset)) for s in val_part]
    init_path: Path | None
    if init == "shipped":
        from formsift.plugins.handwriting.models import shipped_checkpoint

        init_path = shipped_checkpoint()
    elif init == "none":
        init_path = None
    else:
        init_path = Path(init)
        if not init_path.is_file():
            raise FormsiftError(f"--init {init}: no such checkpoint")
    settings = TrainSettings(epochs=epochs, steps_per_epoch=steps_per_epoch, batch=batch,
                             lr=lr, patience=patience, threads=threads, workers=workers,
                             seed=seed)
    work = out.with_suffix(".work")
    log(f"checkpoints go to {work}/ (best.pt, last.pt, history.jsonl): running the same "
        f"command again resumes from them; delete the folder to start afresh")
    model, best = train(mix, val, work, settings, init=init_path, progress=progress, log=log)
    return _deliver(model, charset, best, val, out, out.with_suffix(".pt"),
                    {"trained_by": "formsift train recognizer", "data": str(data)}, log)
