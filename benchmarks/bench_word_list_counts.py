"""Handwriting word lists given without counts (``crnn(lexicon="words.txt")``): how the
count a word without one gets changes both sides, on generated handwritten lines.

Lines of two to four words are written in the installed handwriting fonts
(:class:`formsift.handwriting.synth.LineRenderer`): half of them words of an amount-words
list (one ... ninety, hundred, thousand, million, and, dollars, only), half words outside
it one or two edits from listed ones (tone, fire, sixth, hundreds, end, dollar ...). Each
line is read once by the shipped ``crnn`` model; its greedy reading is then corrected
with the list at each count (:func:`formsift.handwriting.lexicon.correct`). Counted, per
word of lines read with as many words as written: listed words read right, words outside
the list read right, and outside words turned into listed words. ``file`` is the list as
:func:`formsift.handwriting.lexicon.load` reads a file without counts.

    python benchmarks/bench_word_list_counts.py [--seed 0] [--lines 160]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

LISTED = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "and", "dollars", "only"
]
OUTSIDE = [
    "tone", "bone", "lone", "gone", "tow", "twin", "tree", "there", "threw", "pour", "foul",
    "hive", "fire", "fine", "mix", "sixth", "seventh", "eighth", "mine", "line", "tent",
    "tan", "ton", "fifth", "fort", "hundreds", "thousands", "end", "any", "ant", "land",
    "sand", "hand", "dollar", "collars", "onto", "oily", "nice", "even", "tight"
]


def lines(n: int, seed: int) -> list[tuple[object, str, bool]]:
    """``n`` generated lines (image, text as written, whether its words are listed)."""
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random(seed)
    renderer = LineRenderer(handwriting_fonts())
    out = []
    for k in range(n):
        words = [rng.choice(LISTED if k % 2 == 0 else OUTSIDE)
                 for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.3:
            words[0] = words[0].capitalize()
        image, text = renderer.render(" ".join(words), rng)
        out.append((image, text, k % 2 == 0))
    return out


def readings(images: list[object]) -> tuple[list[tuple[object, object]], str]:
    """Each line's greedy reading and frames (log-probabilities), and the model's charset."""
    import numpy as np

    from formsift.plugins.handwriting.recognize import CRNNOptions, CRNNRecognizer

    rec = CRNNRecognizer(CRNNOptions(lexicon="en"))  # any list: its hook gets the frames
    rec.ensure_ready()
    seen: list[tuple[object, object]] = []
    rec._with_lexicon = lambda p, best, name: (  # type: ignore[method-assign]
        seen.append((best, np.log(np.maximum(p, 1e-12)))) or best)
    for image in images:
        rec.read_lines([image])
    return seen, rec.charset


def score(data: list[tuple[object, str, bool]], read: list[tuple[object, object]],
          charset: str, lexicon: object) -> dict[str, int]:
    from formsift.handwriting.lexicon import correct

    st = dict.fromkeys(("listed", "listed_right", "outside", "outside_right", "turned"), 0)
    for (_, text, listed), (best, logp) in zip(data, read, strict=True):
        out = correct(best, logp, charset, lexicon)
        truth, before, after = text.split(), best.text.split(), out.text.split()
        if len(before) != len(truth) or len(after) != len(truth):
            continue
        for t, a, b in zip(truth, before, after, strict=True):
            key = "listed" if listed else "outside"
            st[key] += 1
            st[f"{key}_right"] += b == t
            st["turned"] += not listed and b != a and lexicon.known(b)
    return st


def main() -> None:
    from formsift.handwriting.lexicon import Lexicon, load

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lines", type=int, default=160)
    args = ap.parse_args()
    data = lines(args.lines, args.seed)
    read, charset = readings([d[0] for d in data])
    with tempfile.TemporaryDirectory() as tmp:
        words = Path(tmp) / "words.txt"
        words.write_text("\n".join(LISTED) + "\n")
        lists = [("no list", Lexicon({})),
                 *((f"count {c}", Lexicon(dict.fromkeys(LISTED, c))) for c in (1, 10, 100, 1000)),
                 ("file, no counts", load(str(words)))]
        rows = [("list", "listed right", "outside right", "outside turned listed")]
        for name, lexicon in lists:
            st = score(data, read, charset, lexicon)
            rows.append((name, f"{st['listed_right']}/{st['listed']}",
                         f"{st['outside_right']}/{st['outside']}", str(st["turned"])))
    print(f"seed {args.seed}, {args.lines} lines")
    print(table(rows))


if __name__ == "__main__":
    main()
