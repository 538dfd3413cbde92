"""How often is a handwritten letter right, given the recognizer's confidence in it?

``formsift.handwriting.calibration.LETTER_RIGHT`` is the share of letters read right by
their confidence, for a value that is one letter read alone (a code column typed
``enum(["A", "E", "N", "R"])``): a word's table (``WORD_RIGHT``, at most 0.58) counts
every way a word of several letters goes wrong, and sent every such letter to review.
No real lone letters are at hand, so this measures the letters of the real held-out lines
(``../shared/corpora/handwriting-dev``, held-out half, never trained on): each letter the
shipped model reads is right when it is the transcription's letter it aligns with (difflib
on the lines' characters, case and accents folded: an enum ignores case). As
``calibrate_handwriting.py`` does for words, the lines are split by the SHA-1 of each
line's id into a *fitting* and a *checking* half; the table is fitted on the fitting
half and on the checking half, in the bins of ``DIGIT_BOUNDS`` (most letters are read at
0.99 or more), and each bin keeps the lower of the two.

    python benchmarks/calibrate_letters.py [--model M] [--print]
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from calibrate_handwriting import CORPORA, bin_rows, heldout_halves, recognizer


def letters_read(rec: object, samples: list) -> list[tuple[float, bool]]:
    """(confidence, read right) for every letter the model read on ``samples``."""
    import cv2

    from formsift.handwriting.charset import FOLD

    def fold(text: str) -> str:
        return "".join(FOLD.get(c, c) for c in text).casefold()

    out = []
    for s in samples:
        line = rec.read_lines([cv2.imread(str(s.image), cv2.IMREAD_GRAYSCALE)])[0]  # type: ignore[attr-defined]
        read = [(fold(c), conf) for c, conf, _x in line.chars]
        matcher = difflib.SequenceMatcher(a=[c for c, _ in read], b=list(fold(s.text)),
                                          autojunk=False)
        right: set[int] = set()
        for block in matcher.get_matching_blocks():
            right.update(range(block.a, block.a + block.size))
        out += [(conf, i in right) for i, (c, conf) in enumerate(read) if c.isalpha()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="ONNX model (default: the shipped one)")
    ap.add_argument("--print", action="store_true", help="print the fitted table as Python")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is missing")
    from formsift.handwriting.calibration import DIGIT_BOUNDS, LETTER_RIGHT, fit

    rec = recognizer(args.model)
    fit_half, check_half = heldout_halves()
    fitting, checking = letters_read(rec, fit_half), letters_read(rec, check_half)
    fitted = fit(fitting, bounds=DIGIT_BOUNDS)
    checked = fit(checking, bounds=DIGIT_BOUNDS)
    rows = [("confidence", "fit: letters", "fit: right", "fitted", "check: letters",
             "check: right", "LETTER_RIGHT"),
            *bin_rows(DIGIT_BOUNDS, fitting, checking, fitted, list(LETTER_RIGHT))]
    print(f"letters read right, by their confidence ({len(fitting)} letters to fit, "
          f"{len(checking)} to check)")
    print(table(rows))
    if args.print:
        # each bin the lower of the two halves' (the cautious table LETTER_RIGHT is)
        low = [min(a, b) for a, b in zip(fitted, checked, strict=True)]
        low = [max(low[:i + 1]) for i in range(len(low))]
        print("\nLETTER_RIGHT = (" + ", ".join(f"{p:.2f}" for p in low) + ")")


if __name__ == "__main__":
    main()
