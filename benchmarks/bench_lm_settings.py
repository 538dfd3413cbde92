"""The ``lm`` decoder's settings (weight, bonus per character, floor) on generated
handwritten lines as hard to read as real ones, and test-time averaging of thicker,
thinner and blurred copies of a line (issue 7: both tried, neither shipped).

No real line is read. Sentences come from the system's gettext catalogues (French: the
French translations; English: their English source strings), lines of names from
:mod:`formsift.handwriting.vocab`; each is written in the installed handwriting fonts and
degraded by :func:`formsift.handwriting.augment.augment` at a strength chosen so that the
shipped model's greedy CER on the deslanted lines is in the range of the real modern
French lines' (0.32; strength 2.0-2.5 gives 0.24-0.29). Every line is read once,
deslanted half-way (``preprocess.model_crop(deslant=True)``); its per-frame
probabilities are then decoded greedily and by :func:`formsift.handwriting.charlm.lm_beam`
with each setting, the project's (:data:`formsift.handwriting.charlm.WEIGHT` ...) first.
``--tta`` also reads each line's thinner, thicker and blurred copies and decodes the
average of the copies' log-probabilities greedily.

    python benchmarks/bench_lm_settings.py [--lines 150] [--strengths 1.5 2.0 2.5] [--tta]
"""

from __future__ import annotations

import argparse
import gettext
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from bench_handwriting import fold

#: (weight, bonus per character, floor) of lm_beam besides the project's own.
SETTINGS = [(0.2, 1.0, 0.03), (0.3, 1.5, 0.03), (0.4, 2.0, 0.03), (0.6, 2.0, 0.03),
            (0.3, 1.5, 0.1), (0.4, 2.0, 0.1)]


def sentences(lang: str, n: int) -> list[str]:
    """``n`` sentences of 25-60 characters, mostly letters, from the French gettext
    catalogues (``lang`` "en": their English source strings)."""
    out: set[str] = set()
    for mo in sorted(Path("/usr/share/locale/fr/LC_MESSAGES").glob("*.mo")):
        try:
            with mo.open("rb") as fh:
                catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        except Exception:  # a catalogue gettext cannot read is skipped
            continue
        for source, text in catalogue.items():
            s = source if lang == "en" else text
            if not isinstance(s, str) or any(c in s for c in "%\\<_&{"):
                continue
            s = " ".join(s.split())
            if 25 <= len(s) <= 60 and sum(c.isalpha() for c in s) > 0.8 * len(s):
                out.add(s)
    picked = sorted(out)
    random.Random(7).shuffle(picked)
    return picked[:n]


def names(n: int) -> list[str]:
    from formsift.handwriting import vocab

    rng = random.Random("names")
    return [" ".join(vocab._name(rng) for _ in range(rng.randint(2, 3))) for _ in range(n)]


def rendered(texts: list[str], strength: float, seed: str) -> list[tuple[object, str]]:
    from formsift.handwriting import augment
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random(seed)
    renderer = LineRenderer(handwriting_fonts())
    out = []
    for text in texts:
        img, label = renderer.render(text, rng)
        out.append((augment.augment(img, rng, strength=strength), label))
    return out


class Reader:
    """The shipped model's per-frame probabilities of a deslanted line (and its copies)."""

    def __init__(self) -> None:
        from formsift.plugins.handwriting.recognize import CRNNRecognizer

        self.rec = CRNNRecognizer({"threads": 1})
        self.rec.ensure_ready()

    def probs(self, gray: object) -> object:
        from formsift.handwriting.decode import to_probs
        from formsift.handwriting.preprocess import STRIDE, batch, crop_tensor

        x, widths = batch([crop_tensor(gray)])
        out = to_probs(self.rec._session.run(None, {self.rec._input: x})[0])[0]
        return out[:max(1, widths[0] // STRIDE)]

    def read(self, img: object, tta: bool) -> list[object]:
        """The line's probabilities, and with ``tta`` those of its thinner, thicker and
        blurred copies."""
        import cv2
        import numpy as np

        from formsift.handwriting.preprocess import model_crop, to_gray

        gray = to_gray(model_crop(img, self.rec.crop, deslant=True))
        copies = [gray]
        if tta:
            k = np.ones((2, 2), np.uint8)
            copies += [cv2.dilate(gray, k), cv2.erode(gray, k),
                       cv2.GaussianBlur(gray, (3, 3), 0)]
        return [self.probs(c) for c in copies]


def averaged(probs: list[object]) -> object:
    import numpy as np

    steps = min(p.shape[0] for p in probs)  # type: ignore[attr-defined]
    logs = np.mean([np.log(np.maximum(p[:steps], 1e-12)) for p in probs], axis=0)  # type: ignore[index]
    e = np.exp(logs)
    return e / e.sum(axis=1, keepdims=True)


def main() -> None:
    from formsift.handwriting.charlm import BONUS, KEEP, WEIGHT, lm_beam, load_lm
    from formsift.handwriting.decode import greedy
    from formsift.handwriting.metrics import cer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=150)
    ap.add_argument("--strengths", type=float, nargs="+", default=[1.5, 2.0, 2.5])
    ap.add_argument("--tta", action="store_true")
    args = ap.parse_args()

    reader = Reader()
    settings = [(WEIGHT, BONUS, KEEP), *SETTINGS]
    sets = [(f"{lang} sentences", lang, sentences(lang, args.lines), s)
            for lang in ("fr", "en") for s in args.strengths]
    sets += [(f"names ({lang})", lang, names(args.lines), s)
             for lang in ("fr", "en") for s in (1.0, 2.0)]
    head = ["set", "strength", "greedy", *(f"w{w} b{b} f{k}" for w, b, k in settings)]
    rows = [tuple(head + (["greedy, averaged copies"] if args.tta else []))]
    cache: dict[tuple[str, float], list[tuple[list[object], str]]] = {}
    for label, lang, texts, strength in sets:
        key = (label.split(" (")[0], strength)
        if key not in cache:
            items = rendered(texts, strength, f"lm-settings-{key}")
            cache[key] = [(reader.read(img, args.tta), text) for img, text in items]
        read = cache[key]
        refs = [fold(text) for _, text in read]
        charset = reader.rec.charset
        lm = load_lm(lang)

        def score(hyps: list[str], refs: list[str] = refs) -> str:
            return f"{cer(zip(refs, (fold(h) for h in hyps), strict=True)):.4f}"

        row = [label, f"{strength}", score([greedy(p[0], charset, None).text for p, _ in read])]
        row += [score([lm_beam(p[0], charset, lm, w, b, 16, k) for p, _ in read])
                for w, b, k in settings]
        if args.tta:
            row.append(score([greedy(averaged(p), charset, None).text for p, _ in read]))
        rows.append(tuple(row))
        print(rows[-1], file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
