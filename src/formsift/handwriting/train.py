"""Training the handwriting recognizer (needs the ``train`` extra and torch).

:func:`train` runs epochs of ``steps_per_epoch`` batches drawn from a :class:`~.data.Mixture`,
measures the validation CER after each epoch (per named set of lines, and the score a
:class:`Selection` chooses the epoch kept by), keeps the best weights, stops early when the
score has not improved for ``patience`` epochs, then exports ONNX and checks that onnxruntime
and torch agree on the validation lines (:func:`export_onnx`, :func:`parity`).
"""

from __future__ import annotations

import json
import math
import os
import random
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from formsift.core.errors import FormsiftError
from formsift.handwriting.charset import CHARSET
from formsift.handwriting.data import Mixture
from formsift.handwriting.decode import greedy
from formsift.handwriting.metrics import cer
from formsift.handwriting.model import CRNN, ModelConfig, output_lengths
from formsift.handwriting.preprocess import HEIGHT, STRIDE, batch, line_tensor

FORMAT_VERSION = "1"


@dataclass
class TrainSettings:
    epochs: int = 30
    steps_per_epoch: int = 500
    batch: int = 32
    lr: float = 1e-3
    weight_decay: float = 1e-4
    patience: int = 5
    #: torch threads. On a busy machine 1 is far faster than 2: threads that wait for each
    #: other at every operation lose their turn to other processes.
    threads: int = 1
    workers: int = 1
    seed: int = 0
    #: minimum relative CER improvement that resets the patience counter
    min_delta: float = 0.0
    #: With a wall-clock budget (minutes), the learning rate follows a cosine over the
    #: budget instead of over ``epochs * steps_per_epoch``, and training stops when it is
    #: spent: the right schedule on a shared machine whose speed is unknown in advance.
    budget_minutes: float = 0.0
    warmup_steps: int = 100
    model: dict[str, Any] = field(default_factory=dict)


#: A starting model that reads the lines scored at a CER below this was most likely
#: trained on them (stage 5 read the real lines kept for validation at 0.000-0.010, and
#: the held-out ones at 0.335).
MEMORIZED_CER = 0.05


@dataclass
class Selection:
    """How the epoch kept is chosen from validation lines named by set.

    ``by``: the sets whose lines' pooled CER is an epoch's score (a name, or a prefix
    ending in "/" such as ``real/``; empty: every line). ``guard``: every other set's CER
    may rise at most this much above the starting model's (measured before the first
    epoch) for an epoch to be kept. ``after``: the share of the run (of the time budget,
    else of the epochs) before which no epoch is kept: when the starting model was
    trained on the validation lines, its first epochs still read them from memory."""

    by: tuple[str, ...] = ()
    guard: float = math.inf
    after: float = 0.0

    def scores(self, name: str) -> bool:
        """Whether the lines of set ``name`` count in the score."""
        return not self.by or any(name == b or (b.endswith("/") and name.startswith(b))
                                  for b in self.by)


@dataclass
class EpochLog:
    epoch: int
    loss: float
    val_cer: float
    lr: float
    seconds: float
    best: bool
    #: the CER of each named set of validation lines
    sets: dict[str, float] = field(default_factory=dict)


class _Stream(torch.utils.data.IterableDataset):  # type: ignore[type-arg]
    def __init__(self, mixture: Mixture, batch: int, seed: int) -> None:
        self.mixture, self.batch, self.seed = mixture, batch, seed

    def __iter__(self) -> Any:
        info = torch.utils.data.get_worker_info()
        wid = info.id if info else 0
        rng = random.Random(f"{self.seed}-{wid}")
        for x, targets, lengths, widths, _ in self.mixture.batches(rng, self.batch):
            yield (torch.from_numpy(x), torch.from_numpy(targets), torch.from_numpy(lengths),
                   torch.from_numpy(widths))


def build_model(charset: str, overrides: dict[str, Any] | None = None) -> CRNN:
    cfg = ModelConfig(classes=len(charset) + 1, height=HEIGHT, **(overrides or {}))
    return CRNN(cfg)


def read_checkpoint(path: Path, what: str = "checkpoint") -> dict[str, Any]:
    """A checkpoint's contents (``formsift train recognizer`` writes them as .pt beside the
    .onnx); one line of error when the file is no such checkpoint."""
    if path.suffix.lower() == ".onnx":
        pt = path.with_suffix(".pt")
        raise FormsiftError(
            f"{what} {path}: an ONNX model cannot be trained further; give the .pt "
            f"checkpoint written beside it ({pt}"
            + (")" if pt.is_file() else ", which does not exist here)"))
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:  # pickle's and torch's own errors
        raise FormsiftError(f"{what} {path}: not a checkpoint of formsift train recognizer "
                            f"(.pt) ({type(exc).__name__})") from exc
    if not isinstance(ckpt, dict) or not {"charset", "model_config",
                                          "state_dict"} <= set(ckpt):
        raise FormsiftError(f"{what} {path}: not a checkpoint of formsift train recognizer "
                            f"(.pt)")
    return ckpt


def load_checkpoint(path: Path | dict[str, Any], charset: str) -> CRNN:
    """A model from a checkpoint (.pt, or its contents); when ``charset`` has characters
    the checkpoint lacks, the output layer grows (known characters keep their weights)."""
    ckpt = read_checkpoint(path) if isinstance(path, Path) else path
    old_charset: str = ckpt["charset"]
    cfg = dict(ckpt["model_config"])
    cfg.pop("classes", None)
    model = build_model(old_charset, {k: (tuple(v) if isinstance(v, list) else v)
                                      for k, v in cfg.items() if k != "height"})
    state = {k: v.float() for k, v in ckpt["state_dict"].items()}
    model.load_state_dict(state)
    if charset == old_charset:
        return model
    new = build_model(charset, {k: (tuple(v) if isinstance(v, list) else v)
                                for k, v in cfg.items() if k != "height"})
    new_state = new.state_dict()
    for k, v in state.items():
        if not k.startswith("head."):
            new_state[k] = v
    old_index = {c: i + 1 for i, c in enumerate(old_charset)}
    for row in range(len(charset) + 1):
        src = 0 if row == 0 else old_index.get(charset[row - 1])
        if src is not None:
            new_state["head.weight"][row] = state["head.weight"][src]
            new_state["head.bias"][row] = state["head.bias"][src]
    new.load_state_dict(new_state)
    return new


def save_checkpoint(model: CRNN, charset: str, path: Path, half: bool = False,
                    extra: dict[str, Any] | None = None) -> None:
    """Write a checkpoint; atomically (a run interrupted while it writes keeps the one
    before)."""
    state = {k: (v.half() if half and v.is_floating_point() else v)
             for k, v in model.state_dict().items()}
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"format": FORMAT_VERSION, "charset": charset,
                "model_config": asdict(model.cfg), "state_dict": state, **(extra or {})}, tmp)
    os.replace(tmp, path)


def predict(model: CRNN, tensors: list[np.ndarray], charset: str, size: int = 32) -> list[str]:
    """Greedy transcriptions of preprocessed lines (batched by width)."""
    model.eval()
    out: list[str] = [""] * len(tensors)
    order = sorted(range(len(tensors)), key=lambda i: tensors[i].shape[2])
    with torch.no_grad():
        for s in range(0, len(order), size):
            idx = order[s:s + size]
            x, widths = batch([tensors[i] for i in idx])
            probs = model(torch.from_numpy(x)).exp().numpy()
            for j, i in enumerate(idx):
                out[i] = greedy(probs[j], charset, used_steps=max(1, widths[j] // STRIDE)).text
    return out


def set_cers(texts: list[str], hyps: list[str], names: list[str]) -> dict[str, float]:
    """The CER of each named set of lines (names in first-seen order)."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for text, hyp, name in zip(texts, hyps, names, strict=True):
        pairs.setdefault(name, []).append((text, hyp))
    return {name: round(cer(p), 5) for name, p in pairs.items()}


def _score(texts: list[str], hyps: list[str], names: list[str], select: Selection) -> float:
    """The pooled CER of the lines whose set ``select`` scores by."""
    return cer((t, h) for t, h, n in zip(texts, hyps, names, strict=True)
               if select.scores(n))


def _guard_broken(sets: dict[str, float], start: dict[str, float],
                  select: Selection) -> str:
    """The sets outside the score whose CER rose more than the guard above the start's
    ("" when none did)."""
    return ", ".join(f"{n} {c:.4f} > {start[n] + select.guard:.4f}" for n, c in sets.items()
                     if not select.scores(n) and n in start and c > start[n] + select.guard)


def train(mixture: Mixture, val: list[tuple[Any, str]], out_dir: Path,
          settings: TrainSettings, init: Path | None = None,
          progress: bool = True, log: Callable[[str], None] = print,
          init_label: str | None = None, val_sets: list[str] | None = None,
          select: Selection | None = None, heartbeat: float | None = None
          ) -> tuple[CRNN, float]:
    """Train on ``mixture``, validating on ``val`` (uint8 line images and their texts).
    Returns the best model (by validation CER) and its CER. Writes
    ``out_dir/last.pt`` every epoch, ``best.pt`` and ``history.jsonl`` (one row per epoch).

    ``val_sets`` names the set of each validation line (its CER is logged each epoch);
    ``select`` says which sets' CER chooses the epoch kept, under which guard, from which
    point of the run (default: every line's CER, from the first epoch). With a
    ``select``, the starting model's CERs are measured before the first epoch.

    When ``out_dir`` holds the ``last.pt`` of a run over the same characters started from
    the same ``init_label`` (``init``'s path, or "none"), training resumes after its last
    epoch, and a run that is complete (early stop, epochs or time budget spent) is not
    trained again; one over other characters or from another start is an error (the
    folder must be deleted to start afresh).

    ``heartbeat``: log a line of the epoch's progress (steps, loss, seconds) at most every
    this many seconds (0: every step), for a log file, where the progress bar is off
    (None: no such lines)."""
    import cv2
    from tqdm import tqdm

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    cv2.setNumThreads(1)  # data workers render lines; OpenCV's own pool only contends
    charset = mixture.charset
    out_dir.mkdir(parents=True, exist_ok=True)
    label = init_label if init_label is not None else (str(init) if init else "none")
    last, best_path, history = out_dir / "last.pt", out_dir / "best.pt", \
        out_dir / "history.jsonl"
    resumed = _resumable(last, out_dir, charset, label)
    if resumed is not None:
        model = load_checkpoint(resumed, charset)
    else:
        model = load_checkpoint(init, charset) if init else build_model(charset,
                                                                        settings.model)
    opt = torch.optim.AdamW(model.parameters(), lr=settings.lr,
                            weight_decay=settings.weight_decay)
    total = settings.epochs * settings.steps_per_epoch
    clock = _Clock(settings, total)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, clock.factor)
    start_epoch, best_cer, stale = 0, math.inf, 0
    start_sets: dict[str, float] = {}
    complete = ""
    if resumed is not None:
        opt.load_state_dict(resumed["optimizer"])
        sched.load_state_dict(resumed["scheduler"])
        start_epoch, best_cer, stale = resumed["epoch"], resumed["best_cer"], resumed["stale"]
        clock.spent = resumed.get("seconds", 0.0)
        start_sets = resumed.get("start_sets", {})
        _keep_history(history, start_epoch)
        if stale >= settings.patience:
            complete = f"stopped early after epoch {start_epoch}"
        elif start_epoch >= settings.epochs:
            complete = f"{start_epoch} epochs done, --epochs {settings.epochs}"
        elif clock.over():
            complete = f"time budget of {settings.budget_minutes:g} minutes spent"
        if complete:
            log(f"the run in {out_dir}/ is complete ({complete}; best validation CER "
                f"{best_cer:.4f}): nothing more to train (more --epochs or --patience "
                f"continue it; delete the folder to train afresh)")
        else:
            log(f"resuming after epoch {start_epoch} (best validation CER {best_cer:.4f})")
    else:  # a fresh run: no rows or best epoch of an earlier one
        history.unlink(missing_ok=True)
        best_path.unlink(missing_ok=True)
    epochs = range(start_epoch + 1, settings.epochs + 1) if not complete else range(0)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    loader = torch.utils.data.DataLoader(_Stream(mixture, settings.batch,
                                                 settings.seed + start_epoch),
                                         batch_size=None, num_workers=settings.workers,
                                         prefetch_factor=4 if settings.workers else None,
                                         persistent_workers=bool(settings.workers))
    stream = iter(loader) if epochs else None
    val_tensors = [mixture.tensor(img) for img, _ in val]
    val_texts = [s for _, s in val]
    names = list(val_sets) if val_sets is not None else ["validation"] * len(val)
    rule = select or Selection()
    if select is not None and resumed is None and epochs:
        start_hyps = predict(model, val_tensors, charset)
        start_sets = set_cers(val_texts, start_hyps, names)
        log(f"epoch 0 (the starting model): validation CER {_sets_text(start_sets)}")
        _warn_if_memorized(_score(val_texts, start_hyps, names, rule), rule, log)
    for epoch in epochs:
        assert stream is not None
        model.train()
        t0 = beat = time.time()
        losses = []
        bar = tqdm(range(settings.steps_per_epoch), desc=f"epoch {epoch}/{settings.epochs}",
                   disable=not progress, leave=False, unit="batch")
        for _ in bar:
            if clock.over():
                break
            x, targets, lengths, widths = next(stream)
            logp = model(x)  # (N, T, C)
            steps = output_lengths(widths).clamp(max=logp.shape[1])
            loss = ctc(logp.permute(1, 0, 2), targets, steps, lengths)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            losses.append(float(loss.detach()))
            clock.tick()
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}")
            if heartbeat is not None and time.time() - beat >= heartbeat:
                beat = time.time()
                log(f"epoch {epoch}/{settings.epochs}: step {len(losses)}/"
                    f"{settings.steps_per_epoch}, loss {np.mean(losses[-50:]):.3f}, "
                    f"{beat - t0:.0f} s")
        hyps = predict(model, val_tensors, charset)
        sets = set_cers(val_texts, hyps, names)
        val_cer = _score(val_texts, hyps, names, rule)
        early = clock.share(epoch) < rule.after
        broken = _guard_broken(sets, start_sets, rule)
        improved = not early and not broken and val_cer < best_cer * (1 - settings.min_delta)
        if improved:
            best_cer, stale = val_cer, 0
            save_checkpoint(model, charset, best_path)
        elif not early:  # patience counts from the first epoch that may be kept
            stale += 1
        entry = EpochLog(epoch, float(np.mean(losses)) if losses else math.nan, round(val_cer, 5),
                         float(sched.get_last_lr()[0]), round(time.time() - t0, 1), improved,
                         sets if val_sets is not None else {})
        # last.pt first: a run interrupted between the two writes repeats this epoch, and
        # its history row is replaced, not doubled (_keep_history)
        save_checkpoint(model, charset, last, extra={
            "optimizer": opt.state_dict(), "scheduler": sched.state_dict(), "epoch": epoch,
            "best_cer": best_cer, "stale": stale, "seconds": clock.elapsed(),
            "init": label, "start_sets": start_sets})
        with history.open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(entry)) + "\n")
        log(f"epoch {epoch}: loss {entry.loss:.3f}  validation CER {val_cer:.4f}"
            + (f" [{_sets_text(sets)}]" if val_sets is not None else "")
            + ("  (best)" if improved else
               f"  (not kept: before {rule.after:.0%} of the run)" if early else
               f"  (not kept: {broken})" if broken else f"  (no gain for {stale})"))
        if clock.over():
            log(f"time budget of {settings.budget_minutes:g} minutes spent")
            break
        if stale >= settings.patience:
            log(f"early stop: no improvement for {stale} epochs")
            break
    best = load_checkpoint(best_path, charset) if best_path.is_file() else model
    best.eval()
    return best, best_cer


def _warn_if_memorized(start: float, select: Selection, log: Callable[[str], None]) -> None:
    """Say so when the starting model reads the lines that choose the epoch almost
    perfectly: it was trained on them, and their CER measures what it remembers."""
    if select.by and start < MEMORIZED_CER:
        log(f"warning: the starting model reads the validation lines that choose the epoch "
            f"({', '.join(select.by)}) at CER {start:.4f}: it was most likely trained on "
            f"them, and their CER will measure what it remembers of them, not how it reads "
            f"lines it never saw; choose lines it never trained on (a run from scratch)")


def _sets_text(sets: dict[str, float]) -> str:
    return ", ".join(f"{name} {c:.4f}" for name, c in sets.items())


def _resumable(last: Path, out_dir: Path, charset: str, label: str) -> dict[str, Any] | None:
    """The contents of ``last.pt`` when the run in ``out_dir`` is to be resumed; None when
    there is none; an error when it cannot be (another start, other characters)."""
    if not last.is_file():
        return None
    try:
        ckpt = torch.load(last, map_location="cpu", weights_only=False)
        missing = {"epoch", "optimizer", "scheduler", "best_cer", "stale", "charset",
                   "model_config", "state_dict"} - set(ckpt)
        if missing:
            raise KeyError(", ".join(sorted(missing)))
    except Exception as exc:  # a damaged file
        raise FormsiftError(f"{last} cannot be read ({type(exc).__name__}): delete "
                            f"{out_dir}/ to start afresh") from exc
    started = ckpt.get("init")  # None: written before runs recorded their start
    if started is not None and started != label:
        raise FormsiftError(f"{out_dir}/ holds a run started from --init {started}, not "
                            f"{label}: give that --init to resume it, or delete the folder "
                            f"to start afresh")
    if ckpt.get("charset") != charset:
        old = ckpt.get("charset") or ""
        diff = "".join(sorted(set(charset) ^ set(old)))
        raise FormsiftError(f"{out_dir}/ holds a run over other characters than this "
                            f"data's ({diff!r} differ): delete the folder to start afresh")
    return ckpt  # type: ignore[no-any-return]


def _keep_history(history: Path, epochs: int) -> None:
    """Keep the rows of epochs 1..``epochs`` (one per epoch, the last written)."""
    if not history.is_file():
        return
    rows: dict[int, str] = {}
    for raw in history.read_text(encoding="utf-8").splitlines():
        try:
            epoch = int(json.loads(raw)["epoch"])
        except (ValueError, KeyError, TypeError):
            continue
        if 1 <= epoch <= epochs:
            rows[epoch] = raw
    tmp = history.with_name(history.name + ".tmp")
    tmp.write_text("".join(rows[e] + "\n" for e in sorted(rows)), encoding="utf-8")
    os.replace(tmp, history)


class _Clock:
    """Learning-rate factor (linear warm-up, then cosine to 2 %) over steps or wall time."""

    def __init__(self, settings: TrainSettings, total_steps: int) -> None:
        self.settings, self.total = settings, max(1, total_steps)
        self.steps, self.spent, self.started = 0, 0.0, time.time()

    def elapsed(self) -> float:
        return self.spent + time.time() - self.started

    def tick(self) -> None:
        self.steps += 1

    def share(self, epoch: int) -> float:
        """How much of the run is done after ``epoch``: of the time budget, else of the
        epochs."""
        if self.settings.budget_minutes:
            return self.elapsed() / (self.settings.budget_minutes * 60)
        return epoch / max(1, self.settings.epochs)

    def over(self) -> bool:
        budget = self.settings.budget_minutes * 60
        return bool(budget) and self.elapsed() >= budget

    def factor(self, step: int) -> float:
        warm = self.settings.warmup_steps
        if step < warm:
            return (step + 1) / warm
        if self.settings.budget_minutes:
            frac = self.elapsed() / (self.settings.budget_minutes * 60)
        else:
            frac = (step - warm) / max(1, self.total - warm)
        frac = min(1.0, max(0.0, frac))
        return 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * frac))


def export_onnx(model: CRNN, charset: str, path: Path, meta: dict[str, str] | None = None
                ) -> Path:
    """Write ``model`` as ONNX (dynamic batch and width) with its charset in the metadata."""
    import onnx

    model.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.zeros(1, 1, HEIGHT, 128)
    with warnings.catch_warnings():  # tracer chatter about the LSTM's Python checks
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (dummy,), str(path), dynamo=False, input_names=["image"],
                          output_names=["logprobs"], opset_version=17,
                          dynamic_axes={"image": {0: "batch", 3: "width"},
                                        "logprobs": {0: "batch", 1: "steps"}})
    proto = onnx.load(str(path))
    info = {"charset": charset, "height": str(HEIGHT), "stride": str(STRIDE),
            "format": FORMAT_VERSION, "producer": "formsift.handwriting", **(meta or {})}
    for k, v in info.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = k, v
    onnx.save(proto, str(path))
    return path



@dataclass
class Parity:
    max_abs_diff: float
    same_text: int
    lines: int

    @property
    def ok(self) -> bool:
        return self.max_abs_diff < 1e-3 and self.same_text == self.lines


def parity(model: CRNN, path: Path, images: list[np.ndarray], crop: str = "ink",
           deslant: bool = False) -> Parity:
    """Run the same lines through torch and onnxruntime: largest log-prob difference and how
    many greedy transcriptions agree (lines cut with ``crop`` and ``deslant``)."""
    import onnxruntime as ort

    meta_charset = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    charset = meta_charset.get_modelmeta().custom_metadata_map["charset"]
    model.eval()
    worst, same = 0.0, 0
    for img in images:
        x = line_tensor(img, crop=crop, deslant=deslant)[None]
        with torch.no_grad():
            a = model(torch.from_numpy(x)).numpy()[0]
        b = meta_charset.run(None, {"image": x})[0][0]
        worst = max(worst, float(np.abs(a - b).max()))
        same += greedy(np.exp(a), charset).text == greedy(np.exp(b), charset).text
    return Parity(worst, same, len(images))


def default_charset() -> str:
    return CHARSET
