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

``formsift.handwriting.calibration.WORD_RIGHT`` is the shipped model's table, fitted so
(its comment says where it keeps a lower value); ``--print`` writes the fitted table as
Python, and the Brier scores of the fitted and the shipped table on the checking half show
how far they differ. A word is right when it equals (accents folded, case
kept) the transcription's word it aligns with (difflib on the word sequences).

    python benchmarks/calibrate_handwriting.py [--model M] [--print]

``--digits`` measures words without letters instead (``DIGIT_RIGHT``): handwritten digit
strings (amounts, dates, IDs, quantities) composed of the MNIST digits the shipped model
was not trained on (``../shared/corpora/mnist-t10k``, the ``heldout`` split of
``formsift.handwriting.mnist``), split again by a hash of each digit's index into a
*fitting* half and a *checking* half (a string takes all its digits from one half); each
line is drawn 4.5-7 mm high at 150, 200 or 300 dpi, in pen-coloured ink, maybe on a
printed line, tilted, blurred, noisy and JPEG-compressed, and read whole, free and
constrained to digits and signs. It prints, per bin, the words and the share right on
each half, the table fitted on the fitting half, how many of the checking half's wrong
and right words the raw confidence and the table put under 0.5 and 0.8, how well the
weakest character, the product and the mean of the characters' confidences separate right
from wrong (AUC), and the same bins for digits read one per comb cell.

    python benchmarks/calibrate_handwriting.py --digits [--lines 3000] [--print]

``--v6`` fits a table for the optional ``ppocr_v6`` recognizer's words on GENERATED lines
only (business vocabulary in the handwriting fonts, augmented at strength 0.5 and 1.0; the
words with letters of one set of seeds fit it, another set's check it; MNIST digit strings
of the two digit halves for words without letters), then counts, on the held-out real
lines (both halves), the words read wrong that get 0.7 or more and those read right that
get less, with ``crnn``'s tables (what ``ppocr_v6`` ships with) and with the fitted ones.
Needs ``pip install --no-deps rapidocr==3.10.0``.

    python benchmarks/calibrate_handwriting.py --v6 [--lines 1500]

``--codes`` rebuilds ``CODE_RIGHT``, the prior of a mod-97 check's lift for short code
words (``formsift.handwriting.calibration.code_word``: an IBAN's groups ``DE79``, a policy
number ``HG-7531638``): generated handwritten lines (IBANs in groups, German and British,
policy numbers, times and dates; the samples' handwriting fonts, the times' and dates'
digits of half the lines MNIST's digits of the set's half), scan-degraded, read free and
under their type's pattern or signs by the shipped model. The lines of seed 101 (MNIST's
*fitting* half) fit the table cautiously (:func:`~formsift.handwriting.calibration.fit`,
each bin the lower end of its 99 % interval) and a bin that held a wrong code word is kept
under the 0.7 a handwritten value needs; those of seed 202 (the *checking* half) check it.
It prints the table beside the shipped one, says whether they match, and which bins claim
more than the checking set measures.

    python benchmarks/calibrate_handwriting.py --codes [--lines 750]
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import hashlib
import itertools
import math
import random
import re
import sys
from pathlib import Path
from typing import Any

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
    ap.add_argument("--digits", action="store_true",
                    help="words without letters: MNIST digit strings (DIGIT_RIGHT)")
    ap.add_argument("--lines", type=int, default=None,
                    help="--digits: lines per half (default 3000; combs: a third of it); "
                         "--v6: generated lines per half and strength (default 1500)")
    ap.add_argument("--v6", action="store_true",
                    help="ppocr_v6's words: a table fitted on generated lines, checked on "
                         "the held-out real lines against crnn's tables")
    ap.add_argument("--codes", action="store_true",
                    help="short code words (CODE_RIGHT): generated IBAN, policy, time and "
                         "date lines, seed 101 to fit, 202 to check")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is missing")
    if args.digits:
        args.lines = args.lines or 3000
        digits_main(args)
        return
    if args.v6:
        v6_main(args.lines or 1500)
        return
    if args.codes:
        codes_main(args.lines or 750)
        return
    from formsift.handwriting.calibration import BOUNDS, fit, word_right

    rec = recognizer(args.model)
    fit_half, check_half = heldout_halves()
    fitting, checking = words_read(rec, fit_half), words_read(rec, check_half)
    fitted = fit(fitting)
    rows = [("weakest char", "fit: words", "fit: right", "table", "check: words",
             "check: right", "shipped table"),
            *bin_rows(BOUNDS, fitting, checking, fitted, [word_right(lo) for lo in BOUNDS])]
    print(f"words read right, by their weakest character's confidence "
          f"({len(fitting)} words to fit, {len(checking)} to check)")
    print(table(rows))
    brier = sum((fitted[_bin(c, BOUNDS)] - r) ** 2 for c, r in checking) / len(checking)
    shipped = sum((word_right(c) - r) ** 2 for c, r in checking) / len(checking)
    raw = sum((c - r) ** 2 for c, r in checking) / len(checking)
    print(f"\nchecking half: Brier score of the fitted table {brier:.3f}, of the shipped "
          f"table {shipped:.3f}, of the raw confidence {raw:.3f} (lower is better); words "
          f"right {sum(r for _, r in checking)}/{len(checking)}")
    if args.print:
        print("\nWORD_RIGHT = (" + ", ".join(f"{p:.2f}" for p in fitted) + ")")


def heldout_halves() -> tuple[list[Any], list[Any]]:
    """The held-out lines of handwriting-dev (never trained on) in a fitting and a checking
    half, split by the SHA-1 of each line's id."""
    from formsift.handwriting.corpus import dev_split

    def half(s: Any) -> int:
        key = f"calibration/{s.source}/{s.line_id}".encode()
        return int(hashlib.sha1(key).hexdigest(), 16) % 2

    heldout = dev_split(CORPORA / "handwriting-dev")["heldout"]
    return [s for s in heldout if half(s) == 0], [s for s in heldout if half(s) == 1]


def recognizer(model: str | None) -> Any:
    """The handwriting recognizer (``model``, else the shipped one) on one thread, its
    confidences as the model gives them (not calibrated), ready to read."""
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    rec = CRNNRecognizer({"model": model, "threads": 1, "calibrated": False})
    rec.ensure_ready()
    return rec


def bin_rows(bounds: tuple[float, ...], fitting: list[tuple[float, bool]],
             checking: list[tuple[float, bool]], fitted: list[float], shipped: list[float]
             ) -> list[tuple[str, ...]]:
    """A table row for each confidence bin from ``bounds``: the fitting half's count and
    share right, the ``fitted`` table's value, the checking half's count and share right,
    the ``shipped`` table's value."""
    rows = []
    for i, (lo, hi) in enumerate(itertools.pairwise([*bounds, 1.0001])):
        f = [r for c, r in fitting if lo <= c < hi]
        k = [r for c, r in checking if lo <= c < hi]
        rows.append((f"[{lo:.2f}, {min(hi, 1):.2f})", str(len(f)),
                     f"{sum(f) / len(f):.2f}" if f else "-", f"{fitted[i]:.2f}", str(len(k)),
                     f"{sum(k) / len(k):.2f}" if k else "-", f"{shipped[i]:.2f}"))
    return rows


def _bin(conf: float, bounds: tuple[float, ...]) -> int:
    return max(i for i, lo in enumerate(bounds) if conf >= lo)


# -- words without letters (--digits) ------------------------------------------------------
DPIS = (150, 200, 300)
#: The signs digit strings hold (a field of digits is read constrained to these).
SIGNS = "0123456789 .,/-:"


def digit_halves(folder: Path) -> dict[str, dict[int, list[Any]]]:
    """The MNIST digits the shipped model was not trained on (the ``heldout`` split of
    formsift.handwriting.mnist), split again by a hash of each digit's index into a
    ``fit`` half and a ``check`` half, grouped by label."""
    from formsift.handwriting.mnist import in_split, read_idx

    images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    out: dict[str, dict[int, list[Any]]] = {h: {d: [] for d in range(10)}
                                            for h in ("fit", "check")}
    for i, (img, lab) in enumerate(zip(images, labels, strict=True)):
        if in_split(i, "heldout"):
            h = int(hashlib.sha1(f"digit-calibration/{i}".encode()).hexdigest(), 16) % 2
            out["check" if h else "fit"][int(lab)].append(img)
    return out


def scanned(line: Any, rng: random.Random, ruled: bool = False, pad: float = 0.25,
            dpi: int | None = None) -> Any:
    """A dark-on-light image of MNIST's 28 pixel digits as a scan shows it: digits 4.5-7
    mm high at 150, 200 or 300 dpi, pen-coloured ink on paper, padded (``pad`` digit
    heights, as a line detector's box), maybe a printed line under it, tilted up to 1.5
    degrees, blurred, noisy, JPEG-compressed."""
    import cv2
    import numpy as np

    dpi = dpi or rng.choice(DPIS)
    digit = rng.uniform(4.5, 7.0) / 25.4 * dpi
    s = digit / 28
    img = cv2.resize(line, (max(4, int(line.shape[1] * s)), max(4, int(line.shape[0] * s))),
                     interpolation=cv2.INTER_CUBIC).astype(np.float32)
    paper, ink = rng.uniform(225, 250), rng.uniform(15, 90)
    img = paper - (255 - img) / 255 * (paper - ink)
    margin = int(pad * digit)
    img = cv2.copyMakeBorder(img, margin, margin, margin, margin, cv2.BORDER_CONSTANT,
                             value=paper)
    if ruled:
        y = img.shape[0] - margin + rng.randint(-2, 2)
        cv2.line(img, (0, y), (img.shape[1], y), 60, max(1, round(dpi / 150)))
    h, w = img.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-1.5, 1.5), 1)
    img = cv2.warpAffine(img, rot, (w, h), borderValue=paper)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 1.0) * dpi / 200)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(2, 7),
                                                                 img.shape)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    _, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(70, 92)])
    return cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)


def digit_lines(by_label: dict[int, list[Any]], n: int, seed: str) -> list[tuple[Any, str]]:
    """``n`` scanned lines of digit strings (formsift.handwriting.mnist.digit_string:
    amounts, dates, IDs, quantities) and their text."""
    from formsift.handwriting.mnist import Digits, digit_string

    digits = Digits.__new__(Digits)
    digits.by_label = by_label
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = digit_string(rng)
        out.append((scanned(digits.render(text, rng), rng, ruled=rng.random() < 0.5), text))
    return out


def digit_combs(by_label: dict[int, list[Any]], n: int, seed: str
                ) -> list[tuple[list[Any], str]]:
    """``n`` combs of 4-10 digits, each cell's writing as the comb reader cuts it out (the
    digit on blank paper, walls left out, margins of about 0.7 digit heights)."""
    import numpy as np

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = "".join(str(rng.randrange(10)) for _ in range(rng.randint(4, 10)))
        dpi = rng.choice(DPIS)
        cells = []
        for ch in text:
            pool = by_label[int(ch)]
            glyph = 255 - np.pad(pool[rng.randrange(len(pool))], ((4, 4), (0, 0)))
            cells.append(scanned(glyph, rng, pad=0.7, dpi=dpi))
        out.append((cells, text))
    return out


def digit_words(rec: Any, lines: list[tuple[Any, str]], constraint: Any
                ) -> list[tuple[float, bool, list[float]]]:
    """(weakest character confidence, read right, the characters' confidences) for every
    word the model read on ``lines``."""
    from formsift.handwriting.calibration import word_outcomes

    read = [rec.read_lines([image], constraint)[0] for image, _ in lines]
    chars: list[list[float]] = []
    for line in read:
        groups: list[list[float]] = [[]]
        for ch, conf, _x in line.chars:
            if ch == " ":
                groups.append([])
            else:
                groups[-1].append(conf)
        chars += [g for g in groups if g]
    outcomes = word_outcomes(read, [text for _, text in lines])
    return [(c, r, g) for (c, r, _), g in zip(outcomes, chars, strict=True)]


def _auc(scored: list[tuple[float, bool]]) -> float:
    """The chance that a right word scores above a wrong one (ties count half)."""
    right = sorted(s for s, r in scored if r)
    wrong = [s for s, r in scored if not r]
    if not right or not wrong:
        return float("nan")
    above = sum(len(right) - bisect.bisect_right(right, s)
                + 0.5 * (bisect.bisect_right(right, s) - bisect.bisect_left(right, s))
                for s in wrong)
    return above / (len(right) * len(wrong))


def _bins(fitting: list[tuple[float, bool]], checking: list[tuple[float, bool]],
          bounds: tuple[float, ...], fitted: tuple[float, ...]) -> list[tuple[str, ...]]:
    rows = [("weakest char", "fit: words", "fit: right", "table", "check: words",
             "check: right")]
    for i, (lo, hi) in enumerate(itertools.pairwise([*bounds, 1.0001])):
        f = [r for c, r in fitting if lo <= c < hi]
        k = [r for c, r in checking if lo <= c < hi]
        rows.append((f"[{lo:.2f}, {min(hi, 1):.2f})", str(len(f)),
                     f"{sum(f) / len(f):.2f}" if f else "-", f"{fitted[i]:.2f}", str(len(k)),
                     f"{sum(k) / len(k):.2f}" if k else "-"))
    return rows


def digits_main(args: argparse.Namespace) -> None:
    from formsift.core.kinds import Constraint
    from formsift.handwriting.calibration import DIGIT_BOUNDS, DIGIT_RIGHT, fit, word_right
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    halves = digit_halves(CORPORA / "mnist-t10k")
    rec = CRNNRecognizer({"model": args.model, "threads": 1, "calibrated": False})
    rec.ensure_ready()
    lines = {h: digit_lines(halves[h], args.lines, f"digits/{h}") for h in halves}
    print(f"MNIST digits not trained on: {sum(map(len, halves['fit'].values()))} to fit, "
          f"{sum(map(len, halves['check'].values()))} to check; {args.lines} lines each")
    tables = {}
    for how, constraint in (("free", None), ("digits and signs", Constraint(alphabet=SIGNS))):
        fw = digit_words(rec, lines["fit"], constraint)
        cw = digit_words(rec, lines["check"], constraint)
        fitting = [(c, r) for c, r, _ in fw]
        checking = [(c, r) for c, r, _ in cw]
        fitted = tables[how] = fit(fitting, bounds=DIGIT_BOUNDS)
        print(f"\nread {how}: words right {sum(r for _, r in fitting)}/{len(fitting)} (fit), "
              f"{sum(r for _, r in checking)}/{len(checking)} (check)")
        print(table(_bins(fitting, checking, DIGIT_BOUNDS, fitted)))

        def score(conf: float, t: tuple[float, ...] = fitted) -> float:
            return word_right(conf, t, DIGIT_BOUNDS)

        wrong = [c for c, r in checking if not r]
        right = [c for c, r in checking if r]
        rows = [("checking half", "wrong < 0.5", "wrong < 0.8", "right < 0.5", "right < 0.8")]
        for name, f in (("raw (weakest char)", lambda c: c), ("this table", score),
                        ("DIGIT_RIGHT", lambda c: score(c, DIGIT_RIGHT))):
            rows.append((name, *(f"{sum(f(c) < cut for c in group)}/{len(group)}"
                                 for group, cut in ((wrong, 0.5), (wrong, 0.8),
                                                    (right, 0.5), (right, 0.8)))))
        print(table(rows))
        brier = sum((score(c) - r) ** 2 for c, r in checking) / len(checking)
        shipped = sum((score(c, DIGIT_RIGHT) - r) ** 2 for c, r in checking) / len(checking)
        raw = sum((c - r) ** 2 for c, r in checking) / len(checking)
        print(f"Brier score (checking half): table {brier:.4f}, DIGIT_RIGHT {shipped:.4f}, "
              f"raw {raw:.4f}; AUC right "
              f"over wrong: weakest char {_auc(checking):.3f}, product of the characters "
              f"{_auc([(math.prod(g), r) for _, r, g in cw]):.3f}, mean "
              f"{_auc([(sum(g) / len(g), r) for _, r, g in cw]):.3f}")
    print("\ndigits one per comb cell (read as crnn reads a comb's cells; a comb is right "
          "when all its cells are)")
    for how, constraint in (("free", None), ("digits", Constraint(alphabet="0123456789"))):
        cells: dict[str, list[tuple[float, bool]]] = {}
        combs: dict[str, list[tuple[float, bool]]] = {}
        for h in ("fit", "check"):
            cells[h], combs[h] = [], []
            for images, text in digit_combs(halves[h], max(1, args.lines // 3), f"combs/{h}"):
                read = rec._read_chars(images, constraint)
                got = [(conf, ch == d) for (ch, conf), d in zip(read, text, strict=True)]
                cells[h] += got
                combs[h].append((min(c for c, _ in got), all(r for _, r in got)))
        fitted = fit(cells["fit"], bounds=DIGIT_BOUNDS)
        print(f"\ncells read {how}: right {sum(r for _, r in cells['check'])}/"
              f"{len(cells['check'])} (check)")
        print(table(_bins(cells["fit"], cells["check"], DIGIT_BOUNDS, fitted)))
        wrong = [c for c, r in combs["check"] if not r]
        right = [c for c, r in combs["check"] if r]
        print(f"combs (checking half) under 0.5 by their weakest cell's raw confidence: "
              f"wrong {sum(c < 0.5 for c in wrong)}/{len(wrong)}, right "
              f"{sum(c < 0.5 for c in right)}/{len(right)}")
    if args.print:
        print("\nDIGIT_RIGHT = (" + ", ".join(f"{p:.2f}" for p in tables["free"]) + ")")


# -- the optional ppocr_v6's words (--v6) ---------------------------------------------------
def v6_words(rec: Any, images: list[Any], truths: list[str]) -> list[tuple[float, bool, str]]:
    """(weakest character's confidence as the model gives it, read right, text) for each
    word ``ppocr_v6`` makes of each line (its own words, from the characters' positions),
    right as :func:`~formsift.handwriting.calibration.word_outcomes` counts it."""
    import cv2

    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.handwriting.charset import FOLD
    from formsift.plugins.ocr.recognize import PPOCRRecognizer

    def fold(text: str) -> str:
        return " ".join("".join(FOLD.get(c, c) for c in text).split())

    out = []
    for img, truth in zip(images, truths, strict=True):
        bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if img.ndim == 2 else img
        region = TextRegion(Box(0, 0, 1, 1), "handwritten")
        # ppocr_rec's words: the model's confidences, before ppocr_v6 puts a table on them
        words = [w for w in PPOCRRecognizer.recognize_groups(
                     rec, bgr, Page(0, bgr.shape[1], bgr.shape[0]), [([region], None)])
                 if w.text.strip()]
        right: set[int] = set()
        matcher = difflib.SequenceMatcher(a=[fold(w.text) for w in words],
                                          b=fold(truth).split(), autojunk=False)
        for block in matcher.get_matching_blocks():
            right.update(range(block.a, block.a + block.size))
        out += [(min(w.char_confidences or (w.confidence,)), i in right, w.text)
                for i, w in enumerate(words)]
    return out


def font_lines(n: int, seed: str, strength: float) -> list[tuple[Any, str]]:
    """``n`` generated lines: business vocabulary in the handwriting fonts, augmented."""
    from formsift.handwriting import augment, vocab
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random(seed)
    renderer = LineRenderer(handwriting_fonts())
    out = []
    for _ in range(n):
        img, text = renderer.render(vocab.line(rng), rng)
        out.append((augment.augment(img, rng, strength=strength), text))
    return out


def v6_main(n: int) -> None:
    import cv2

    from formsift.handwriting.calibration import (
        BOUNDS,
        DIGIT_BOUNDS,
        DIGIT_RIGHT,
        WORD_RIGHT,
        Calibration,
        fit,
        lettered,
        word_right,
    )
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    rec = PPOCRv6Recognizer({"threads": 1, "batch": 1})
    rec.ensure_ready()

    def read(items: list[tuple[Any, str]]) -> list[tuple[float, bool, str]]:
        return v6_words(rec, [img for img, _ in items], [text for _, text in items])

    gen = {h: [w for strength in (0.5, 1.0)
               for w in read(font_lines(n, f"v6-calibration/{h}/{strength}", strength))]
           for h in ("fit", "check")}
    halves = digit_halves(CORPORA / "mnist-t10k")
    digits = {h: read(digit_lines(halves[h], n, f"v6-digits/{h}")) for h in ("fit", "check")}
    real = [w for half in heldout_halves()
            for w in v6_words(rec, [cv2.imread(str(s.image), cv2.IMREAD_GRAYSCALE)
                                    for s in half], [s.text for s in half])]
    letters = {h: [(c, r) for c, r, t in gen[h] if lettered(t)] for h in gen}
    numbers = {h: [(c, r) for c, r, t in digits[h] if not lettered(t)] for h in digits}
    fitted, fitted_digits = fit(letters["fit"]), fit(numbers["fit"], bounds=DIGIT_BOUNDS)
    real_letters = [(c, r) for c, r, t in real if lettered(t)]
    print(f"ppocr_v6, words with letters of generated lines ({len(letters['fit'])} to fit, "
          f"{len(letters['check'])} to check), and of the held-out real lines "
          f"({len(real_letters)}, as checked)")
    head = ("weakest char", "fit: words", "fit: right", "table", "{}: words", "{}: right",
            "crnn's table")

    def header(name: str) -> tuple[str, ...]:
        return tuple(h.format(name) for h in head)

    print(table([header("check"), *bin_rows(BOUNDS, letters["fit"], letters["check"],
                                            list(fitted), list(WORD_RIGHT))]))
    print(table([header("real"), *bin_rows(BOUNDS, letters["fit"], real_letters,
                                           list(fitted), list(WORD_RIGHT))]))
    print("\nppocr_v6, words without letters of MNIST digit strings")
    print(table([header("check"), *bin_rows(DIGIT_BOUNDS, numbers["fit"], numbers["check"],
                                            list(fitted_digits), list(DIGIT_RIGHT))]))
    crnn = Calibration()
    own = Calibration(fitted)

    def fitted_confidence(text: str, weakest: float) -> float:
        return own.confidence(weakest) if lettered(text) else \
            word_right(weakest, fitted_digits, DIGIT_BOUNDS)

    rows = [("held-out real lines' words", "wrong at >= 0.7", "right under 0.7")]
    for name, confidence in (("the model's own confidence", lambda _t, c: c),
                             ("crnn's tables (shipped)", crnn.word_confidence),
                             ("tables fitted on generated lines", fitted_confidence)):
        wrong = sum(not r and confidence(t, c) >= 0.7 for c, r, t in real)
        right = sum(r and confidence(t, c) < 0.7 for c, r, t in real)
        rows.append((name, f"{wrong}/{sum(not r for _, r, _ in real)}",
                     f"{right}/{sum(r for _, r, _ in real)}"))
    print()
    print(table(rows))
    print(f"\nfitted: word table {fitted}, digit table {fitted_digits}")



# -- short code words (--codes) -------------------------------------------------------------
#: The seeds of the set that fits CODE_RIGHT and of the set that checks it (stop 43's).
CODE_SEEDS = {"fit": 101, "check": 202}
#: The kinds of line, in turn (IBANs twice as often as the others).
CODE_KINDS = ("iban", "iban", "policy", "time", "date")
#: A time read as a word (``10.30``) is no code word, whatever the table.
_TIME = re.compile(r"\d{1,2}[:.]\d{2}")


def code_text(kind: str, rng: random.Random) -> str:
    """A handwritten line's text of ``kind``: an IBAN in groups (a third British), a policy
    number, a time or a date."""
    import string
    from datetime import date, timedelta

    from formsift.samples.money import grouped, iban, iban_check_digits

    if kind == "iban":
        if rng.random() < 0.35:
            bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + \
                "".join(str(rng.randrange(10)) for _ in range(14))
            return grouped(f"GB{iban_check_digits('GB', bban)}{bban}")
        return grouped(iban(rng))
    if kind == "policy":
        return "".join(rng.choice(string.ascii_uppercase) for _ in range(2)) + \
            f"-{rng.randint(1000000, 9999999)}"
    if kind == "time":
        return f"{rng.randint(0, 23):02d}{rng.choice(':.')}{rng.choice(range(0, 60, 5)):02d}"
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(1200))
    return day.strftime(rng.choice(["%d.%m.%Y", "%d/%m/%Y"]))


def code_scan(img: Any, rng: random.Random) -> Any:
    """A line as a scan shows it: scaled to 0.5-1.1 of its size, ink on paper, blurred,
    noisy, JPEG-compressed."""
    import cv2
    import numpy as np

    s = rng.uniform(0.5, 1.1)
    img = cv2.resize(img, (max(8, int(img.shape[1] * s)), max(8, int(img.shape[0] * s))),
                     interpolation=cv2.INTER_AREA).astype(np.float32)
    paper = rng.uniform(215, 250)
    img = paper - (255 - img) / 255 * (paper - rng.uniform(15, 70))
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.0))
    img = img + np.random.default_rng(rng.randrange(1 << 30)).normal(
        0, rng.uniform(2, 8), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    _, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(65, 92)])
    return cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)


def code_lines(n: int, seed: int, by_label: dict[int, list[Any]]
               ) -> list[tuple[Any, str, str]]:
    """``n`` scanned lines (image, text, kind) of :data:`CODE_KINDS` in turn; half the
    times and dates in MNIST digits (``by_label``), the rest in the samples' fonts."""
    import cv2

    from formsift.handwriting.mnist import Digits
    from formsift.handwriting.synth import LineRenderer
    from formsift.samples.handwritten import _fonts

    rng = random.Random(seed)
    fonts = _fonts()
    renderer = LineRenderer(fonts)
    digits = Digits.__new__(Digits)
    digits.by_label = by_label
    out = []
    for i in range(n):
        kind = CODE_KINDS[i % len(CODE_KINDS)]
        text = code_text(kind, rng)
        font = str(rng.choice(fonts))
        if kind in ("time", "date") and rng.random() < 0.5:
            img = digits.render(text, rng)
            img = cv2.resize(img, (int(img.shape[1] * 1.3), int(img.shape[0] * 1.3)))
            img = cv2.copyMakeBorder(img, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)
        else:
            img, text = renderer.render(text, rng, font)
        out.append((code_scan(img, rng), text, kind))
    return out


def code_words(rec: Any, lines: list[tuple[Any, str, str]]) -> list[tuple[float, bool, str]]:
    """(weakest character confidence, read right, text) of every short code word read on
    ``lines``, read free (all at once) and under its kind's pattern or signs (one by one).
    A time's ':' and '.' count alike; a code read whole under its pattern is right when it
    is the truth without spaces; a time read as such is left out."""
    from formsift.core.kinds import Constraint
    from formsift.handwriting.calibration import code_word, word_outcomes
    from formsift.plugins.fieldtypes.identifiers import iban_pattern

    constraints = {"iban": Constraint(pattern=iban_pattern()),
                   "policy": Constraint(pattern=r"[A-Z]{2}-\d{7}"),
                   "time": Constraint(alphabet="0123456789:. "),
                   "date": Constraint(alphabet="0123456789./- ")}
    free = rec.read_lines([img for img, _, _ in lines])
    constrained = [rec.read_lines([img], constraints[kind])[0] for img, _, kind in lines]
    out = []
    for read in (free, constrained):
        for line, (_, truth, kind) in zip(read, lines, strict=True):
            if kind == "time":
                line = type(line)(line.text.replace(":", "."),
                                  tuple((c.replace(":", "."), p, x) for c, p, x in line.chars))
                truth = truth.replace(":", ".")
            compact = truth.replace(" ", "")
            out += [(c, r or text == compact, text)
                    for c, r, text in word_outcomes([line], [truth])
                    if code_word(text) and not _TIME.fullmatch(text)]
    return out


def code_table(words: list[tuple[float, bool]]) -> tuple[float, ...]:
    """CODE_RIGHT as fitted on ``words``: cautious (the lower end of each bin's 99 %
    interval), and a bin that holds a wrong code word kept under the 0.7 a handwritten
    value needs (a type without a pattern or check would take that wrong word)."""
    from formsift.handwriting.calibration import DIGIT_BOUNDS, fit
    from formsift.templates.runtime import HANDWRITTEN_MIN_CONFIDENCE

    below = round(HANDWRITTEN_MIN_CONFIDENCE - 0.01, 2)
    wrong = {_bin(c, DIGIT_BOUNDS) for c, r in words if not r}
    return tuple(min(v, below) if i in wrong else v
                 for i, v in enumerate(fit(words, cautious=True, bounds=DIGIT_BOUNDS)))


def codes_main(n: int) -> None:
    from formsift.handwriting.calibration import CODE_RIGHT, DIGIT_BOUNDS, fit

    halves = digit_halves(CORPORA / "mnist-t10k")
    rec = recognizer(None)
    words = {h: code_words(rec, code_lines(n, seed, halves[h]))
             for h, seed in CODE_SEEDS.items()}
    fitting = [(c, r) for c, r, _ in words["fit"]]
    checking = [(c, r) for c, r, _ in words["check"]]
    cautious = fit(fitting, cautious=True, bounds=DIGIT_BOUNDS)
    rebuilt = code_table(fitting)
    print(f"short code words of generated handwritten lines ({n} lines a set): "
          f"{len(fitting)} to fit (seed {CODE_SEEDS['fit']}, {sum(r for _, r in fitting)} "
          f"right), {len(checking)} to check (seed {CODE_SEEDS['check']}, "
          f"{sum(r for _, r in checking)} right)")
    rows = bin_rows(DIGIT_BOUNDS, fitting, checking, list(rebuilt), list(CODE_RIGHT))
    over: dict[str, list[int]] = {"rebuilt": [], "shipped": []}
    for i, row in enumerate(rows):
        measured = [r for c, r in checking if _bin(c, DIGIT_BOUNDS) == i]
        share = sum(measured) / len(measured) if measured else 1.0
        for name, value in (("rebuilt", rebuilt[i]), ("shipped", CODE_RIGHT[i])):
            if value > share:
                over[name].append(i)
        rows[i] = (*row[:3], f"{cautious[i]:.2f}", *row[3:])
    head = ("weakest char", "fit: words", "fit: right", "cautious fit", "rebuilt",
            "check: words", "check: right", "shipped")
    print(table([head, *rows]))
    print(f"\nrebuilt CODE_RIGHT = {rebuilt}\nshipped CODE_RIGHT = {CODE_RIGHT}")
    print("the rebuilt table matches the shipped one" if rebuilt == CODE_RIGHT else
          "the rebuilt table DIFFERS from the shipped one in bins " + ", ".join(
              f"{DIGIT_BOUNDS[i]:.2f} ({rebuilt[i]:.2f} vs {CODE_RIGHT[i]:.2f})"
              for i in range(len(rebuilt)) if rebuilt[i] != CODE_RIGHT[i]))
    for name, bins in over.items():
        print(f"checking set: {name} table: " + (
            "no bin claims more than the checking set measures" if not bins else
            "claims more than measured in bins "
            + ", ".join(f"{DIGIT_BOUNDS[i]:.2f}" for i in bins)))
    wrong = [(c, t) for c, r, t in words["check"] if not r and c >= 0.9]
    print(f"checking set's wrong code words at 0.9 or more: {len(wrong)}"
          + (" (" + ", ".join(f"{t!r} {c:.3f}" for c, t in sorted(wrong)[-5:]) + ")"
             if wrong else ""))


if __name__ == "__main__":
    main()
