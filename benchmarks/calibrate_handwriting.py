"""How often is a handwritten word right, given the recognizer's confidence in it?

The shipped ``crnn`` model reads each character with a confidence; on real handwriting
those confidences are far too high (a word whose weakest character scored 0.9 is right
about half the time). This script measures, on real held-out lines, the share of words
read exactly right in bins of their weakest character's confidence:

* the held-out half of ``../shared/corpora/handwriting-dev`` (never trained on, see
  ``formsift.handwriting.corpus.dev_split``) is split again, by the SHA-1 of each line's
  id, into a *fitting* half and a *checking* half;
* the table is fitted on the fitting half (the share right per bin, made non-decreasing),
  and the checking half shows how well it predicts words it has not seen.

``formsift.handwriting.calibration.WORD_RIGHT`` is the fitted table of the shipped model;
``--print`` writes it as Python. A word is right when it equals (accents folded, case
kept) the transcription's word it aligns with (difflib on the word sequences).

    python benchmarks/calibrate_handwriting.py [--model M] [--print]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def words_read(rec: object, samples: list) -> list[tuple[float, bool]]:
    """(weakest character confidence, read right) for every word the model read (the
    same function ``formsift train recognizer`` fits a model's own table with)."""
    import cv2

    from formsift.handwriting.calibration import word_outcomes

    lines = [rec.read_lines([cv2.imread(str(s.image), cv2.IMREAD_GRAYSCALE)])[0]  # type: ignore[attr-defined]
             for s in samples]
    return [(c, r) for c, r, _ in word_outcomes(lines, [s.text for s in samples])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="ONNX model (default: the shipped one)")
    ap.add_argument("--print", action="store_true", help="print the fitted table as Python")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is missing")
    from formsift.handwriting.calibration import BOUNDS, fit, word_right
    from formsift.handwriting.corpus import dev_split
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    heldout = dev_split(CORPORA / "handwriting-dev")["heldout"]

    def half(s: object) -> int:
        key = f"calibration/{s.source}/{s.line_id}".encode()  # type: ignore[attr-defined]
        return int(hashlib.sha1(key).hexdigest(), 16) % 2

    rec = CRNNRecognizer({"model": args.model, "threads": 1, "calibrated": False})
    rec.ensure_ready()
    fitting = words_read(rec, [s for s in heldout if half(s) == 0])
    checking = words_read(rec, [s for s in heldout if half(s) == 1])
    fitted = fit(fitting)
    rows = [("weakest char", "fit: words", "fit: right", "table", "check: words",
             "check: right", "shipped table")]
    edges = [*BOUNDS, 1.0001]
    for i, (lo, hi) in enumerate(itertools.pairwise(edges)):
        f = [r for c, r in fitting if lo <= c < hi]
        k = [r for c, r in checking if lo <= c < hi]
        rows.append((f"[{lo:.2f}, {min(hi, 1):.2f})", str(len(f)),
                     f"{sum(f) / len(f):.2f}" if f else "-", f"{fitted[i]:.2f}", str(len(k)),
                     f"{sum(k) / len(k):.2f}" if k else "-", f"{word_right(lo):.2f}"))
    print(f"words read right, by their weakest character's confidence "
          f"({len(fitting)} words to fit, {len(checking)} to check)")
    print(table(rows))
    brier = sum((fitted[_bin(c, BOUNDS)] - r) ** 2 for c, r in checking) / len(checking)
    raw = sum((c - r) ** 2 for c, r in checking) / len(checking)
    print(f"\nchecking half: Brier score of the fitted table {brier:.3f}, of the raw "
          f"confidence {raw:.3f} (lower is better); words right {sum(r for _, r in checking)}"
          f"/{len(checking)}")
    if args.print:
        print("\nWORD_RIGHT = (" + ", ".join(f"{p:.2f}" for p in fitted) + ")")


def _bin(conf: float, bounds: tuple[float, ...]) -> int:
    return max(i for i, lo in enumerate(bounds) if conf >= lo)


if __name__ == "__main__":
    main()
