"""``formsift train recognizer``: train a handwriting recognizer on your own labelled lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from formsift.core.errors import FormsiftError

INSTALL = "pip install 'formsift[train]' torch==2.13.0"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "train", help="train a handwriting recognizer on your own labelled lines",
        description="Train models on your own data (needs the train extra and torch).")
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    r = what.add_parser(
        "recognizer", help="a handwriting line recognizer (CRNN + CTC, exported to ONNX)",
        description="Fine-tune the shipped handwriting recognizer (or train one from "
                    "scratch) on DIR/labels.tsv: one 'image<TAB>text' line per line image. "
                    "Writes OUT (ONNX, checked against torch) and OUT with suffix .pt (a "
                    "checkpoint for further fine-tuning). Use the model in a template: "
                    'pipeline { recognize crnn(model="OUT") }.')
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
                        "a checkpoint .pt (default: shipped)")
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
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    missing = [m for m in ("torch", "PIL", "onnx") if not _importable(m)]
    if missing:
        raise FormsiftError(f"training needs {', '.join(missing)}: {INSTALL}")
    if not 0 <= args.synthetic < 1:
        raise FormsiftError("--synthetic must be at least 0 and below 1")
    if not 0 <= args.val_percent < 100:
        raise FormsiftError("--val-percent must be between 0 and 99")
    out = Path(args.out)
    if out.suffix != ".onnx":
        raise FormsiftError(f"--out {args.out}: the model file must end in .onnx")
    from formsift.handwriting.recipe import train_user

    train_user(Path(args.data), out, epochs=args.epochs, steps_per_epoch=args.steps,
               batch=args.batch, lr=args.lr, patience=args.patience,
               val_percent=args.val_percent, init=args.init, synthetic=args.synthetic,
               threads=args.threads, workers=args.workers, seed=args.seed,
               progress=not args.no_progress and sys.stderr.isatty())
    return 0


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
