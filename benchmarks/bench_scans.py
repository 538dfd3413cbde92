"""Generated scans of the shipped sample documents: formsift beside Tesseract and rapidocr,
measured in the same run.

Each sample (invoice, receipt, delivery note, payslip; seeds 0..N-1) is rendered at 150 and
300 dpi, clean and degraded (the degradation cycles through noise, blur, 1-3 degree skew,
JPEG quality 40, uneven lighting and a phone-photo perspective by seed). For every engine:

- CER: edit distance between the engine's words and the printed words, both written line
  by line in the same canonical order (words grouped into lines by their boxes, lines top
  to bottom, words left to right), over the printed text's length;
- word accuracy: printed words read exactly (bag of words, case kept);
- field accuracy: the shipped template for the kind run on the engine's words against the
  generator's truth (scalar fields);
- seconds per page (formsift: recognition only, the models loaded before).

Peak memory of one formsift worker with all models loaded is measured in a fresh process.

    python benchmarks/bench_scans.py [--docs 2] [--rapidocr-python PY] [--no-tesseract]

Needs ``pip install rapidfuzz`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from _peers import RapidOCR, tesseract_available, tesseract_words

KINDS = ("invoice", "receipt", "delivery_note", "payslip")
DEGRADED = ("noise", "blur", "skew", "jpeg", "lighting", "photo")

# a fresh process (its own peak, not the parent's: see _common.peak_rss_mb)
_MEMORY = r"""
import sys
sys.path.insert(0, sys.argv[1])
from _common import peak_rss_mb
from formsift import Engine
from formsift.samples import encode_png, generate, render_scan
png = encode_png(render_scan(generate("invoice", 0).pdf, 300, "clean")[0])
engine = Engine()
engine.extract(png, "invoice")
print(peak_rss_mb())
"""


class Score:
    def __init__(self) -> None:
        self.errors = self.chars = 0
        self.words_ok = self.words = 0
        self.fields_ok = self.fields = 0
        self.seconds: list[float] = []

    def add(self, text: str, truth_text: str, words: list[str], truth_words: list[str],
            fields: tuple[int, int], seconds: float) -> None:
        from rapidfuzz.distance import Levenshtein

        self.errors += Levenshtein.distance(text, truth_text)
        self.chars += len(truth_text)
        self.words_ok += sum((Counter(words) & Counter(truth_words)).values())
        self.words += len(truth_words)
        self.fields_ok += fields[0]
        self.fields += fields[1]
        self.seconds.append(seconds)

    def cells(self) -> tuple[str, ...]:
        return (f"{self.errors / max(1, self.chars):.4f}",
                f"{self.words_ok / max(1, self.words):.3f}",
                f"{self.fields_ok / max(1, self.fields):.3f}",
                f"{statistics.median(self.seconds):.2f}" if self.seconds else "-")


def canonical(words: list[tuple[str, tuple[float, float, float, float]]], page: int = 0
              ) -> tuple[str, list[str], object]:
    """(text line by line, the words, a formsift Document of them) from (word, box)
    pairs with page-relative boxes."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    ws = [Word(t, Box(*b), page, 0.9, "peer") for t, b in words if t.strip()]
    p = Page(index=page, width=1.0, height=1.0, unit="px", words=ws)
    doc = Document(id="peer", name="peer", media_type="image/png", pages=[p], loader="peer")
    return p.text, [w.text for w in ws], doc


def line_words(lines: list[tuple[str, list[float]]], w: int, h: int
               ) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Split line boxes into word boxes in proportion to the characters."""
    out = []
    for text, (x0, y0, x1, y1) in lines:
        n = max(1, len(text))
        pos = 0
        for word in text.split():
            start = text.index(word, pos)
            pos = start + len(word)
            out.append((word, (x0 + (x1 - x0) * start / n) / w, y0 / h,
                        (x0 + (x1 - x0) * pos / n) / w, y1 / h))
    return [(t, (a, b, c, d)) for t, a, b, c, d in out]


def fields_right(template: object, doc: object, truth: dict) -> tuple[int, int]:
    from formsift.templates import runtime

    record = {}
    ex = runtime.run(template, doc)  # type: ignore[arg-type]
    for name, fv in ex.fields.items():
        if fv is not None and not isinstance(fv, list):
            record[name] = fv.value
    spec = template.fields  # type: ignore[attr-defined]
    keys = [k for k, v in truth.items() if k in spec and not isinstance(v, (list, dict))]
    ok = 0
    for k in keys:
        v = record.get(k)
        got = spec[k].type.to_json(v) if v is not None else None
        ok += str(got) == str(truth[k])
    return ok, len(keys)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2, help="seeds per kind")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--rapidocr-python", help="interpreter with rapidocr-onnxruntime")
    ap.add_argument("--no-tesseract", action="store_true")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    engine = Engine()
    rapid = RapidOCR(args.rapidocr_python) if args.rapidocr_python else None
    use_tess = tesseract_available() and not args.no_tesseract
    scores: dict[tuple[str, str], Score] = {}
    tmp = Path(tempfile.mkdtemp(prefix="formsift-scans-"))
    warm = encode_png(render_scan(generate("invoice", 0).pdf, 150, "clean")[0])
    engine.recognize(engine.load(warm))  # models loaded before timing
    for kind in args.kinds.split(","):
        template = engine.template(kind)
        for seed in range(args.docs):
            sample = generate(kind, seed)
            digital = engine.load(sample.pdf, name="truth.pdf").pages[0]
            truth_text = digital.text
            truth_words = [w.text for w in digital.words]
            degrade = DEGRADED[(seed + KINDS.index(kind)) % len(DEGRADED)]
            for dpi in (150, 300):
                for cond, how in (("clean", "clean"), ("degraded", degrade)):
                    img = render_scan(sample.pdf, dpi, how, seed)[0]
                    h, w = img.shape[:2]
                    png = tmp / f"{kind}-{seed}-{dpi}-{how}.png"
                    png.write_bytes(encode_png(img))
                    key = f"{dpi} dpi {cond}"
                    doc = engine.load(png)
                    t = time.perf_counter()
                    engine.recognize(doc, template)
                    secs = time.perf_counter() - t
                    page = doc.pages[0]
                    scores.setdefault(("formsift", key), Score()).add(
                        page.text, truth_text, [x.text for x in page.words], truth_words,
                        fields_right(template, doc, sample.truth), secs)
                    if use_tess:
                        words, secs = tesseract_words(png)
                        text, ws, tdoc = canonical(
                            [(t_, (b[0] / w, b[1] / h, b[2] / w, b[3] / h))
                             for t_, b in words])
                        scores.setdefault(("Tesseract", key), Score()).add(
                            text, truth_text, ws, truth_words,
                            fields_right(template, tdoc, sample.truth), secs)
                    if rapid is not None:
                        lines, secs = rapid.read_lines(png)
                        text, ws, rdoc = canonical(line_words(lines, w, h))
                        scores.setdefault(("rapidocr", key), Score()).add(
                            text, truth_text, ws, truth_words,
                            fields_right(template, rdoc, sample.truth), secs)
    if rapid is not None:
        rapid.close()
    mem = subprocess.run([sys.executable, "-c", _MEMORY, str(Path(__file__).parent)],
                         capture_output=True, text=True)
    n = len(args.kinds.split(",")) * args.docs
    print(f"{n} generated documents ({args.kinds}), page 1 of each, per condition")
    rows = [("condition", "engine", "CER", "word acc", "field acc", "median s/page")]
    for (engine_name, key), s in sorted(scores.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        rows.append((key, engine_name, *s.cells()))
    print(table(rows))
    for key in sorted({k for _, k in scores}):
        ours, tess = scores.get(("formsift", key)), scores.get(("Tesseract", key))
        if ours and tess and tess.errors:
            print(f"{key}: formsift CER / Tesseract CER = "
                  f"{(ours.errors / ours.chars) / (tess.errors / tess.chars):.2f}")
    peak = mem.stdout.strip().splitlines()[-1] if mem.returncode == 0 else "failed"
    print(f"peak RSS of one worker with the models loaded, one 300 dpi page: {peak} MB")


if __name__ == "__main__":
    main()
