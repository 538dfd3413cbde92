"""Rebuild the shipped handwriting recognizer (src/formsift/models/handwriting_crnn.*).

    nice -n 19 .venv/bin/python scripts/train_handwriting.py --config configs/handwriting.toml

Needs torch (``pip install torch==2.13.0``), the ``train`` extra, the handwriting fonts
(see docs/handwriting.md) and ../shared/corpora (handwriting-dev, mnist-t10k). Interrupted
runs resume from ``build/handwriting/last.pt``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs/handwriting.toml")
    args = parser.parse_args()
    from formsift.handwriting.recipe import build_shipped

    build_shipped(args.config, ROOT)


if __name__ == "__main__":
    main()
