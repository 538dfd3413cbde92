"""Handwritten line recognition: formsift's ``crnn`` beside PP-OCRv4's recognizer (the
``ppocr_rec`` component), the optional ``ppocr_v6`` recognizer (PP-OCRv6_rec_small, when
``rapidocr==3.10.0`` is installed) and Tesseract (``--psm 7``), measured in the same run.

Sets (none of them trained on):
- real lines from ../shared/corpora/handwriting-dev, the held-out half of
  ``formsift.handwriting.corpus.dev_split`` (half of each source, by SHA-1 of the line id),
  reported per source: contemporary French and 19th-century English cursive;
- synthetic lines: business vocabulary rendered with the installed handwriting fonts (the
  fonts are the training fonts; the text and augmentation draws are new);
- handwritten digit strings (amounts, dates, IDs, quantities) composed from the MNIST
  digits of the held-out split (``formsift.handwriting.mnist.in_split``), read without and
  with constrained decoding (alphabet: digits and . , / - and space, as the money, int and
  numeric-date field types allow).

CER = edit distance / reference length over each set, after folding typographic variants
and collapsing spaces identically for every recognizer. Also: median milliseconds per line
(one thread each) and the model's size.

    flock /tmp/formsift-heavy.lock .venv/bin/python benchmarks/bench_handwriting.py \
        [--model M.onnx] [--synthetic 200] [--digits 200] [--no-tesseract] [--json out.json]
        [--lexicon] [--lm] [--deslant] [--variants] [--ensemble M2.onnx] [--no-v6] [--v6-int8]
        [--cascade]

``--cascade`` also reads every set with ``crnn(fallback="ppocr_v6")`` (a column "crnn ->
ppocr_v6"): a free line the (first) model is unsure of (its characters' mean confidence
under 0.95) is read again by ``ppocr_v6``, whose words are kept when their weakest word is
surer (``formsift.plugins.handwriting.cascade``); constrained readings are ``crnn``'s
alone. It prints the share of lines read again and the mean and median ms a line per set.

``--v6-int8`` also reads every set with two copies of ``ppocr_v6``'s model quantized by
onnxruntime's dynamic int8 quantization (``quantize_dynamic``, weights int8; made at the
start of the run in a temporary folder): every operator kind the quantizer knows (column
"ppocr_v6 int8") and its MatMul and Gemm only ("ppocr_v6 int8 MatMul").

``--lm`` also reads the real lines with ``crnn(lm=...)`` in their language beside greedy
decoding (CER and median ms per line of both, in the same run), for every ``--model``,
and for the deslanted, variants and ensemble readings when asked (``--lexicon`` the same
with ``crnn(lexicon=...)``).

``--model`` given more than once measures each model in the same run (one column each,
named by the file), e.g. a new training stage beside the shipped file.

``--deslant`` also reads every set with the (first) model's lines sheared half-way to
upright first (``formsift.handwriting.preprocess.model_crop(deslant=True)``; a column
"crnn deslanted", and with ``--lm`` / ``--lexicon`` a column of each read so too). A model
trained on deslanted lines (its metadata's ``deslant`` key) deslants its lines itself and
is not deslanted twice.

``--ensemble M2.onnx`` also reads every set with a second model (``CRNNRecognizer.add_partner``,
no template option): the (first) model and M2 each read the line as they were trained to
(M2 deslanted when its metadata says so), their per-frame log-probabilities averaged
before decoding (``formsift.handwriting.ensemble``; a column "crnn ensemble").

``--variants`` also reads every set with ``crnn(variants=true)`` (each line leaning more
than 0.1 read also sheared by a quarter, half and three quarters of its slant, the reading
the model is surest of kept: ``formsift.handwriting.variants``; a column "crnn variants",
and with ``--lm`` / ``--lexicon`` a column of each read so too). The constrained digit
strings are read as without it (the option reads free text only).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from _peers import tesseract_available

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
DIGIT_ALPHABET = "0123456789.,/- "


def fold(text: str) -> str:
    from formsift.handwriting.charset import FOLD

    return " ".join("".join(FOLD.get(c, c) for c in text).split())


def real_sets() -> dict[str, list[tuple[object, str]]]:
    import cv2

    from formsift.handwriting.corpus import dev_split

    names = {"copiste_dun_jour": "real: modern French", "joseph_hooker":
             "real: 19th-c. English cursive"}
    out: dict[str, list[tuple[object, str]]] = {}
    for s in dev_split(CORPORA / "handwriting-dev")["heldout"]:
        img = cv2.imread(str(s.image), cv2.IMREAD_GRAYSCALE)
        out.setdefault(names.get(s.source, s.source), []).append((img, s.text))
    return out


def synthetic_set(n: int) -> list[tuple[object, str]]:
    from formsift.handwriting import augment, vocab
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random("bench-synthetic")
    renderer = LineRenderer(handwriting_fonts())
    out = []
    for _ in range(n):
        img, text = renderer.render(vocab.line(rng), rng)
        out.append((augment.augment(img, rng, strength=0.5), text))
    return out


def digit_set(n: int) -> list[tuple[object, str]]:
    from formsift.handwriting import augment
    from formsift.handwriting.mnist import Digits, digit_string

    rng = random.Random("bench-digits")
    digits = Digits(CORPORA / "mnist-t10k", "heldout")
    out = []
    for _ in range(n):
        text = digit_string(rng)
        out.append((augment.augment(digits.render(text, rng), rng, strength=0.5), text))
    return out


def cer(refs: list[str], hyps: list[str]) -> float:
    from formsift.handwriting.metrics import cer as corpus_cer

    return corpus_cer((fold(r), fold(h)) for r, h in zip(refs, hyps, strict=True))


class Ours:
    name = "formsift crnn"

    def __init__(self, model: str | None, name: str | None = None, deslant: bool = False,
                 ensemble: str | None = None, **options: object) -> None:
        from formsift.plugins.handwriting.recognize import CRNNRecognizer

        if name:
            self.name = name
        #: the line's slant reduced before the recognizer's own preprocessing
        self.deslant = deslant
        self.rec = CRNNRecognizer({"model": model, "threads": 1, **options})
        self.rec.ensure_ready()
        if ensemble:  # a second model read with it, their outputs averaged
            self.rec.add_partner(ensemble)

    def read(self, img: object, alphabet: str | None = None) -> str:
        from formsift.core.kinds import Constraint
        from formsift.handwriting.preprocess import model_crop

        if self.deslant and not self.rec.deslant:  # (a deslanted model deslants itself)
            img = model_crop(img, self.rec.crop, deslant=True)
        c = Constraint(alphabet=alphabet) if alphabet else None
        return self.rec.read_lines([img], c)[0].text


class PPOCR:
    name = "PP-OCRv4 rec"

    def __init__(self) -> None:
        from formsift.plugins.ocr.recognize import PPOCRRecognizer

        self.rec = PPOCRRecognizer({"threads": 1, "batch": 1})
        self.rec.ensure_ready()

    def read(self, img: object, alphabet: str | None = None) -> str:
        import cv2

        from formsift.core.kinds import Constraint

        bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if img.ndim == 2 else img  # type: ignore[attr-defined]
        c = Constraint(alphabet=alphabet) if alphabet else None
        chars, _ = self.rec.read_lines([bgr], c)[0]
        return "".join(ch for ch, _, _ in chars)


class PPOCRv6(PPOCR):
    """The optional ``ppocr_v6`` recognizer (PP-OCRv6_rec_small from the rapidocr 3.10.0
    wheel), or a copy of its model given as ``model``."""

    name = "ppocr_v6"

    def __init__(self, model: str | None = None, name: str | None = None) -> None:
        from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

        if name:
            self.name = name
        self.rec = PPOCRv6Recognizer({"threads": 1, "batch": 1, "model": model})
        self.rec.ensure_ready()


class Cascade(Ours):
    """``crnn(fallback="ppocr_v6")`` on a line: the (first) model's reading, read again by
    ``ppocr_v6`` when unsure and the surer words kept, by the recognizer's own code; it
    counts the free lines it read and those it read again."""

    name = "crnn -> ppocr_v6"

    def __init__(self, model: str | None) -> None:
        super().__init__(model, fallback="ppocr_v6")
        self.lines = self.escalated = 0

    def read(self, img: object, alphabet: str | None = None) -> str:
        import cv2

        from formsift.core.document import Page
        from formsift.core.geometry import Box
        from formsift.core.kinds import TextRegion
        from formsift.plugins.handwriting.cascade import unsure
        from formsift.plugins.handwriting.recognize import _words

        if alphabet:  # a typed field's constrained reading: crnn's alone
            return super().read(img, alphabet)
        line = self.rec.read_lines([img])[0]
        region = TextRegion(Box(0, 0, 1, 1), "handwritten")
        mine = _words(line, region, 0, "crnn", self.rec.calibration)
        bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if img.ndim == 2 else img  # type: ignore[attr-defined]
        words = self.rec._read_again(bgr, Page(0, bgr.shape[1], bgr.shape[0]), region,
                                     line, mine)
        self.lines += 1
        self.escalated += unsure(line, self.rec.options.fallback_below)  # type: ignore[attr-defined]
        return " ".join(w.text for w in words)


def v6_available() -> bool:
    from formsift.core.errors import ComponentNotFound
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    try:
        PPOCRv6Recognizer().model_path()
    except ComponentNotFound:
        return False
    return True


def quantized_v6(folder: Path, ops: list[str] | None = None) -> Path:
    """PP-OCRv6_rec_small quantized by onnxruntime's dynamic int8 quantization (weights
    int8, activations quantized at run time) into ``folder``: the operators ``ops``, else
    every kind the quantizer knows (its convolutions too)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    out = folder / f"PP-OCRv6_rec_small.int8{'.' + '-'.join(ops) if ops else ''}.onnx"
    quantize_dynamic(PPOCRv6Recognizer().model_path(), out, weight_type=QuantType.QInt8,
                     op_types_to_quantize=ops)
    return out


class Tesseract:
    name = "Tesseract --psm 7"

    def __init__(self, lang: str = "eng+fra") -> None:
        self.lang = lang
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-hw-"))

    def read(self, img: object, alphabet: str | None = None) -> str:
        import cv2

        path = self.tmp / "line.png"
        cv2.imwrite(str(path), img)
        cmd = ["tesseract", str(path), "stdout", "--psm", "7", "-l", self.lang]
        if alphabet:
            cmd += ["-c", f"tessedit_char_whitelist={alphabet}"]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                             env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
        return run.stdout.strip()


def measure(reader: object, items: list[tuple[object, str]], alphabet: str | None = None,
            times: list[float] | None = None) -> tuple[float, float]:
    """(CER, median ms per line); ``times`` gets each line's ms."""
    hyps: list[str] = []
    times = [] if times is None else times
    for img, _ in items:
        t = time.perf_counter()
        hyps.append(reader.read(img, alphabet))  # type: ignore[attr-defined]
        times.append((time.perf_counter() - t) * 1000)
    return cer([t for _, t in items], hyps), statistics.median(times)


#: The word list (and language model) of each real set's language.
LEXICONS = {"real: modern French": "fr", "real: 19th-c. English cursive": "en"}


#: A column of :func:`with_word_lists`: its name, the :class:`Ours` keyword arguments
#: of its reader, and whether it reads with the word list.
Column = tuple[str, dict[str, object], bool]


def word_list_columns(models: list[str | None], names: list[str], title: str,
                      deslant: bool = False, variants: bool = False,
                      ensemble: str | None = None) -> list[Column]:
    """The columns of :func:`with_word_lists`: each model read alone and with the word
    list; the first model's deslanted, variants and ensemble readings with it."""
    out: list[Column] = []
    for model, name in zip(models, names, strict=True):
        out += [(name, {"model": model}, False),
                (f"{name} + {title}", {"model": model}, True)]
    first = {"model": models[0]}
    for on, name, extra in ((deslant, "crnn deslanted", {"deslant": True}),
                            (variants, "crnn variants", {"variants": True}),
                            (bool(ensemble), "crnn ensemble", {"ensemble": ensemble})):
        if on:
            out.append((f"{name} + {title}", {**first, **extra}, True))
    return out


def with_word_lists(columns: list[Column], sets: dict[str, list[tuple[object, str]]],
                    option: str) -> str:
    """CER and median ms per line of the real lines read in each of ``columns``, those
    marked so with the recognizer's ``option`` (``lexicon`` or ``lm``) set to each set's
    language, in the same run."""
    rows = [("set", "lines", *[name for name, _, _ in columns],
             *[f"ms/line {name}" for name, _, _ in columns])]
    for label, lang in LEXICONS.items():
        items = sets.get(label)
        if not items:
            continue
        readers = [Ours(**{**kw, **({option: lang} if listed else {})})  # type: ignore[arg-type]
                   for _, kw, listed in columns]
        for r, (_, _, listed) in zip(readers, columns, strict=True):
            if listed:
                r.read(items[0][0])  # the list loaded (and its model built) before timing
        results = [measure(r, items) for r in readers]
        rows.append((f"{label} ({lang})", str(len(items)),
                     *[f"{value:.3f}" for value, _ in results],
                     *[f"{ms:.1f}" for _, ms in results]))
    return table(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append",
                    help="ONNX model (default: the shipped one); more than once: each "
                         "measured in the same run")
    ap.add_argument("--synthetic", type=int, default=200)
    ap.add_argument("--digits", type=int, default=200)
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--no-v6", action="store_true",
                    help="leave out the ppocr_v6 column (measured when rapidocr 3.10.0 is "
                         "installed)")
    ap.add_argument("--v6-int8", action="store_true",
                    help="also read every set with dynamic int8 quantized copies of "
                         "ppocr_v6's model (onnxruntime.quantization.quantize_dynamic: all "
                         "operators, and MatMul/Gemm only)")
    ap.add_argument("--cascade", action="store_true",
                    help='also read every set with crnn(fallback="ppocr_v6"): unsure free '
                         "lines read again by ppocr_v6, the surer words kept")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--lexicon", action="store_true",
                    help="also read the real lines with word lists (crnn lexicon=fr / en; "
                         "needs pyspellchecker: pip install 'formsift[lexicon]')")
    ap.add_argument("--deslant", action="store_true",
                    help="also read every set with the lines' slant reduced first "
                         "(preprocess.model_crop(deslant=True)), in the same run")
    ap.add_argument("--variants", action="store_true",
                    help="also read every set with crnn(variants=true) (slanted lines read "
                         "also sheared, the surest reading kept), in the same run")
    ap.add_argument("--ensemble", metavar="MODEL",
                    help="also read every set with a second model: the (first) model "
                         "and MODEL read each line, their per-frame log-probabilities "
                         "averaged, in the same run")
    ap.add_argument("--lm", action="store_true",
                    help="also read the real lines with the character language model of "
                         "their language (crnn lm=fr / en; needs pyspellchecker)")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is missing")
    from formsift.plugins.handwriting.models import resolve

    models = args.model or [None]
    model_paths = [resolve(m) for m in models]
    names = [f"crnn {p.parent.name}/{p.name}" if len(models) > 1 else "crnn"
             for p in model_paths]
    readers: list[object] = [Ours(m, name) for m, name in zip(models, names, strict=True)]
    if args.deslant:
        readers.append(Ours(models[0], "crnn deslanted", deslant=True))
    if args.variants:
        readers.append(Ours(models[0], "crnn variants", variants=True))
    if args.ensemble:
        readers.append(Ours(models[0], "crnn ensemble", ensemble=args.ensemble))
    readers.append(PPOCR())
    v6_models: list[Path] = []
    if v6_available() and not args.no_v6:
        v6 = PPOCRv6()
        readers.append(v6)
        v6_models.append(v6.rec.model_path())
        if args.v6_int8:
            folder = Path(tempfile.mkdtemp(prefix="bench-v6-"))
            for ops, name in ((None, "ppocr_v6 int8"),
                              (["MatMul", "Gemm"], "ppocr_v6 int8 MatMul")):
                int8 = quantized_v6(folder, ops)
                readers.append(PPOCRv6(str(int8), name))
                v6_models.append(int8)
    elif not args.no_v6:
        print("ppocr_v6 not measured: pip install --no-deps rapidocr==3.10.0", file=sys.stderr)
    if args.cascade:  # (without the wheel: ppocr_v6's error, naming the pip command)
        readers.append(Cascade(models[0]))
    if tesseract_available() and not args.no_tesseract:
        readers.append(Tesseract())
    sets = real_sets()
    sets["synthetic lines (fonts)"] = synthetic_set(args.synthetic)
    digits = digit_set(args.digits)
    figures: dict[str, dict[str, dict[str, float]]] = {}
    rows = [("set", "lines", *[r.name for r in readers])]  # type: ignore[attr-defined]
    times: dict[str, list[float]] = {r.name: [] for r in readers}  # type: ignore[attr-defined]
    cascade_rows = [("set", "lines read again by ppocr_v6", "mean ms/line", "median ms/line")]
    for label, items in [*sets.items(), ("digit strings", digits),
                         ("digit strings, constrained", digits)]:
        alphabet = DIGIT_ALPHABET if label.endswith("constrained") else None
        cells = []
        for r in readers:
            if isinstance(r, Cascade):
                r.lines = r.escalated = 0
            line_ms: list[float] = []
            value, ms = measure(r, items, alphabet, line_ms)
            figures.setdefault(label, {})[r.name] = {"cer": round(value, 4),  # type: ignore[attr-defined]
                                                    "ms_per_line": round(ms, 2)}
            if isinstance(r, Cascade):
                share = r.escalated / r.lines if r.lines else 0.0
                figures[label][r.name].update(escalated=round(share, 3),
                                              mean_ms_per_line=round(statistics.mean(line_ms), 2))
                cascade_rows.append((label, f"{share:.0%}", f"{statistics.mean(line_ms):.1f}",
                                     f"{ms:.1f}"))
            times[r.name].append(ms)  # type: ignore[attr-defined]
            cells.append(f"{value:.3f}")
        rows.append((label, str(len(items)), *cells))
        print(f"  measured {label}", file=sys.stderr, flush=True)
    print("CER (lower is better), held-out lines only")
    print(table(rows))
    print()
    speed = [("recognizer", "median ms/line (1 thread)")]
    for name, ms in times.items():
        speed.append((name, f"{statistics.median(ms):.1f}"))
    print(table(speed))
    if args.cascade:
        print(f"\n{Cascade.name} (constrained readings: crnn's alone)")
        print(table(cascade_rows))
    for on, option, title in ((args.lexicon, "lexicon", "word list"),
                              (args.lm, "lm", "language model")):
        if on:
            print()
            print(with_word_lists(word_list_columns(models, names, title, args.deslant,
                                                    args.variants, args.ensemble),
                                  sets, option))
    size = model_paths[0].stat().st_size / 1e6
    for p in [*model_paths, *([resolve(args.ensemble)] if args.ensemble else []), *v6_models]:
        print(f"\nmodel: {p}, {p.stat().st_size / 1e6:.2f} MB")
    if args.json:
        args.json.write_text(json.dumps({"cer": figures, "model_mb": round(size, 2),
                                         "ms_per_line": {k: round(statistics.median(v), 2)
                                                         for k, v in times.items()}},
                                        indent=1))


if __name__ == "__main__":
    main()
