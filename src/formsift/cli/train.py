"""``formsift train recognizer``: train a handwriting recognizer on your own labelled lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from formsift.core.errors import FormsiftError

INSTALL = ("pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu "
           "&& pip install 'formsift[train]'")  # PyPI's torch on Linux is the CUDA build


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "train", help="train a handwriting recognizer on your own labelled lines, "
                      "measure it, calibrate it",
        description="Train models on your own data (needs the train extra and torch), "
                    "measure a model on your own lines (evaluate) and fit its "
                    "word-confidence table (calibrate).")
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    r = what.add_parser(
        "recognizer", help="a handwriting line recognizer (CRNN + CTC, exported to ONNX)",
        description="Fine-tune the shipped handwriting recognizer (or train one from "
                    "scratch) on DIR/labels.tsv: one 'image<TAB>text' line per line image. "
                    "Writes OUT (ONNX, checked against torch) and OUT with suffix .pt (a "
                    "checkpoint for further fine-tuning). Use the model in a template: "
                    'pipeline { recognize crnn(model="OUT") }. OUT carries its '
                    "character set, a summary of the run and word-confidence tables "
                    "(words with letters, and words without: digits, dates, amounts) "
                    "fitted on the validation lines (formsift train evaluate --model OUT "
                    "shows them). Images in DIR that labels.tsv does not name are not used "
                    "(a warning names them).")
    r.add_argument("--data", required=True, metavar="DIR",
                   help="folder with labels.tsv and the line images it names")
    r.add_argument("--out", required=True, metavar="OUT", help="the ONNX model to write")
    r.add_argument("--epochs", type=int, default=20, help="at most this many epochs (default: 20)")
    r.add_argument("--steps", type=int, default=200, help="batches per epoch (default: 200)")
    r.add_argument("--batch", type=int, default=16, help="line images per batch (default: 16)")
    r.add_argument("--lr", type=float, default=5e-4, help="peak learning rate (default: 0.0005)")
    r.add_argument("--patience", type=int, default=4,
                   help="stop after this many epochs without a better validation CER "
                        "(default: 4)")
    r.add_argument("--val-percent", type=int, default=10,
                   help="percentage of the lines kept for validation, chosen by a hash of "
                        "the image name (default: 10)")
    r.add_argument("--init", default="shipped",
                   help="'shipped' (fine-tune the shipped model), 'none' (from scratch) or "
                        "a checkpoint .pt, such as the one written beside an earlier OUT "
                        "(default: shipped)")
    r.add_argument("--synthetic", type=float, default=0.0,
                   help="share of synthetic lines rendered with installed handwriting "
                        "fonts, 0 to below 1 (default: 0, none)")
    r.add_argument("--threads", type=int, default=1,
                   help="torch threads (default: 1, fastest on a busy machine)")
    r.add_argument("--workers", type=int, default=1,
                   help="data worker processes (0: in the training process; default: 1)")
    r.add_argument("--seed", type=int, default=0,
                   help="random seed of the batches drawn and of torch; the validation "
                        "split does not depend on it (default: 0)")
    r.add_argument("--no-progress", action="store_true",
                   help="no progress bar, nor progress lines")
    r.add_argument("--progress-every", type=float, default=30.0, metavar="SECONDS",
                   help="when stderr is no terminal (output to a log file), a line of the "
                        "epoch's progress at most every SECONDS (default: 30; 0: every "
                        "batch)")
    r.set_defaults(func=run)

    e = what.add_parser(
        "evaluate", help="measure a handwriting model on your own labelled lines, and "
                         "describe it (characters, training run, confidence table)",
        description="Describe a handwriting model (its characters, the run that trained it, "
                    "its word-confidence table) and, with --data, read DIR/labels.tsv's "
                    "line images (the format training reads; use lines the model was not "
                    "trained on) and print the CER, the lines and words read right, the "
                    "worst lines, and how often words were right at each confidence. Needs "
                    "no torch.")
    e.add_argument("--model", metavar="MODEL",
                   help="the ONNX model (default: the shipped one)")
    e.add_argument("--data", metavar="DIR",
                   help="folder with labels.tsv and the line images it names")
    e.add_argument("--worst", type=int, default=10, metavar="N",
                   help="show the N worst lines (default: 10)")
    e.add_argument("--lm", metavar="LANG",
                   help="read with the crnn option lm=LANG (a language model for free "
                        "text), to measure it on your lines before a template uses it")
    e.add_argument("--deslant", action="store_true",
                   help="read with the crnn option deslant=true (slanted lines "
                        "straightened half-way), to measure it on your lines")
    e.add_argument("--variants", action="store_true",
                   help="read with the crnn option variants=true (a slanted line read also "
                        "sheared by shares of its slant, the surest reading kept), to "
                        "measure it on your lines")
    e.set_defaults(func=run_evaluate)

    c = what.add_parser(
        "calibrate", help="fit a model's word-confidence tables on labelled lines and "
                          "store them in the model",
        description="Read DIR/labels.tsv's line images with MODEL, fit the share of words "
                    "read right by their weakest character's confidence (cautiously: the "
                    "lower end of each bin's 99 %% interval), for words with letters and "
                    "for words without (digits, dates, amounts), and store the tables in "
                    "MODEL, which the crnn recognizer then uses for its words' "
                    "confidences; a table too few words fit keeps the model's own. Use "
                    "lines the model was not trained on (training fits them on its "
                    "validation lines); for a model trained before tables were stored. "
                    "Needs the onnx package (the train extra), not torch.")
    c.add_argument("--model", required=True, metavar="MODEL", help="the ONNX model to update")
    c.add_argument("--data", required=True, metavar="DIR",
                   help="folder with labels.tsv and the line images it names")
    c.set_defaults(func=run_calibrate)


def _line_buffered() -> None:
    """Each line said reaches a log file as it is said: stdout to a file is
    block-buffered, so a run's progress lines stayed unwritten until it ended."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(line_buffering=True)


def run(args: argparse.Namespace) -> int:
    _line_buffered()
    missing = [m for m in ("torch", "PIL", "onnx") if not _importable(m)]
    if missing:
        raise FormsiftError(f"training needs {', '.join(missing)}: {INSTALL}")
    if not 0 <= args.synthetic < 1:
        raise FormsiftError("--synthetic must be at least 0 and below 1")
    for flag, value in (("--epochs", args.epochs), ("--steps", args.steps),
                        ("--batch", args.batch), ("--patience", args.patience)):
        if value < 1:
            raise FormsiftError(f"{flag} must be at least 1")
    if not 0 <= args.val_percent < 100:
        raise FormsiftError("--val-percent must be between 0 and 99")
    out = Path(args.out)
    if out.suffix != ".onnx":
        raise FormsiftError(f"--out {args.out}: the model file must end in .onnx")
    if args.progress_every < 0:
        raise FormsiftError("--progress-every must be 0 or more seconds")
    from formsift.handwriting.recipe import train_user

    bar = not args.no_progress and sys.stderr.isatty()
    train_user(Path(args.data), out, epochs=args.epochs, steps_per_epoch=args.steps,
               batch=args.batch, lr=args.lr, patience=args.patience,
               val_percent=args.val_percent, init=args.init, synthetic=args.synthetic,
               threads=args.threads, workers=args.workers, seed=args.seed,
               progress=bar, heartbeat=None if args.no_progress or bar else
               args.progress_every)
    return 0


def _model(value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if not path.is_file():
        raise FormsiftError(f"--model {value}: no such file")
    if path.suffix.lower() == ".pt":
        raise FormsiftError(f"--model {value}: give the .onnx model, not its training "
                            f"checkpoint ({path.with_suffix('.onnx')})")
    return path


def run_evaluate(args: argparse.Namespace) -> int:
    _line_buffered()
    from formsift.handwriting.corpus import read_labels
    from formsift.handwriting.evaluate import (
        describe,
        evaluate,
        load_recognizer,
        model_card,
    )
    from formsift.plugins.handwriting.models import shipped_model

    if args.worst < 0:
        raise FormsiftError("--worst must be 0 or more")
    model = _model(args.model)
    samples = read_labels(args.data) if args.data else None
    options = {k: v for k, v in (("lm", args.lm), ("deslant", args.deslant),
                                 ("variants", args.variants)) if v}
    rec = load_recognizer(model, **options)
    card = model_card(rec, str(model or shipped_model()))
    print("\n".join(describe(card)))
    if samples is None:
        return 0
    root = Path(args.data)
    root = root.parent if root.is_file() else root
    ev = evaluate(rec, samples, root)
    n = len(ev.lines)
    print(f"{root}: {n} lines, CER {ev.cer:.4f}; lines read exactly {ev.exact}/{n} "
          f"({ev.exact / n:.1%}); words read right {ev.words_right}/{ev.truth_words} "
          f"({ev.words_right / max(1, ev.truth_words):.1%})")
    if ev.missing:
        print("  characters of the labels the model cannot write (lines): " + ", ".join(
            f"{ch!r} ({k})" for ch, k in sorted(ev.missing.items())))
    worst = ev.worst(args.worst)
    if worst:
        print("worst lines (edits / characters):")
        for r in worst:
            print(f"  {r.edits}/{len(r.truth)}  {r.image}: {r.truth!r} read {r.read!r}")
    rows = ev.by_confidence(card.calibration)
    print("words with letters by their weakest character's confidence (the share right "
          "here, and the model's table):")
    for span, words, right, table in rows:
        share = f"{right / words:.2f}" if words else "   -"
        print(f"  {span}: {words:4d} words, {right:4d} right, share {share}, table {table:.2f}")
    print("words without letters (digits, dates, amounts) by their weakest character's "
          "confidence (the share right here, and the model's digits table):")
    for span, words, right, table in ev.by_confidence(card.calibration, digits=True):
        share = f"{right / words:.2f}" if words else "   -"
        print(f"  {span}: {words:4d} words, {right:4d} right, share {share}, table {table:.2f}")
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    _line_buffered()
    if not _importable("onnx"):
        raise FormsiftError(f"writing into the model needs onnx: {INSTALL}")
    from formsift.handwriting.calibration import MIN_DIGIT_WORDS, MIN_WORDS, NO_DIGITS_CAP
    from formsift.handwriting.corpus import read_labels
    from formsift.handwriting.evaluate import (
        calibration_for,
        load_recognizer,
        model_card,
        write_calibration,
    )

    model = _model(args.model)
    assert model is not None
    samples = read_labels(args.data)
    rec = load_recognizer(model)
    new = calibration_for(rec, samples, f"the lines of {args.data}")
    if new.source != "fitted" and new.digit_source != "fitted":
        raise FormsiftError(f"{args.data}: {new.words} words with letters and "
                            f"{new.digit_words} without read, fewer than {MIN_WORDS} with "
                            f"letters or {MIN_DIGIT_WORDS} without to fit a table; {model} "
                            f"is unchanged")
    old = model_card(rec, str(model)).calibration
    # a table these lines cannot fit keeps the model's own (a digits table it lacks: the
    # safe one these lines give, not the shipped model's)
    cal = new if new.source == "fitted" else old.with_digits(new)
    if new.digit_source != "fitted" and old.digit_right is not None:
        cal = cal.with_digits(old)
    try:
        write_calibration(model, cal)
    except OSError as exc:
        raise FormsiftError(f"{model}: cannot be written ({exc.strerror or exc})") from exc
    print(f"wrote into {model}: words with letters: {cal.describe()}")
    print(f"  words without letters: {cal.describe_digits()}")
    for part, fitted in (("words with letters", new.source), ("words without letters",
                                                              new.digit_source)):
        if fitted != "fitted" and part.endswith("without letters") and not new.digit_words:
            print(f"  warning: no words without letters in {args.data}: the model's digits "
                  f"table is " + ("kept" if old.digit_right is not None else
                                  f"the shipped one capped at {NO_DIGITS_CAP}") +
                  f"; to fit one: formsift train calibrate --data DIR-with-numbers "
                  f"--model {model}")
        elif fitted != "fitted":
            print(f"  ({part}: too few in {args.data} to fit a table, the model's is kept)"
                  if (part.endswith("with letters") or old.digit_right is not None) else
                  f"  ({part}: too few in {args.data} to fit a table: a safe one)")
    return 0


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
