"""Accented Latin print: ppocr_rec with and without putting back the accents it cannot write.

The text is real French prose that nobody here wrote or chose: the transcriptions of the
contemporary French lines of ``../shared/corpora/handwriting-dev`` (Wikipedia sentences),
*printed* in Helvetica, 10 pt on a 16 pt line pitch, rendered as scans at 200 and 300 dpi,
clean and with noise. Each page is recognized twice by the default pipeline, with
``ppocr_rec(diacritics=true)`` (the default) and ``(diacritics=false)``. Printed:

- CER over all lines (words assigned to the printed line nearest their centre, read left
  to right), and the same with accents folded away on both sides (what the recognizer
  reads apart from accents: it must not get worse);
- accented letters read: per line, how many of the printed accented letters (é è à ç ...)
  the reading holds (multiset);
- false accents: per line, accented letters of the reading the printed line does not
  hold (multiset): a mark put back where there is none (a speck read as a cedilla);
- seconds per page of each mode.

    python benchmarks/bench_accents.py [--dpi 200,300] [--degrade clean,noise]

Skipped (exit 0 with a message) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "handwriting-dev"
FONT_SIZE, PITCH, TOP, LEFT, PER_PAGE = 10, 16, 60, 50, 40
TEMPLATE = """template accents_{mode} {{
  match {{ contains "accents" }}
  pipeline {{
    recognize ppocr_rec(diacritics={flag})
  }}
  field any: text = box(0%, 0%, 100%, 100%)
}}
"""


def french_lines(corpus: Path) -> list[str]:
    """The contemporary French transcriptions that Helvetica (cp1252) can print."""
    out = []
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = " ".join(rec["text"].split())
        if rec["source"] != "copiste_dun_jour" or not text or "://" in text:
            continue
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        out.append(text)
    return out


def pages(lines: list[str]) -> list[tuple[bytes, list[tuple[float, str]]]]:
    """PDF pages of the lines, each with (baseline y as a fraction of the page, text)."""
    import pymupdf

    out = []
    for start in range(0, len(lines), PER_PAGE):
        doc = pymupdf.open()
        page = doc.new_page(width=595, height=842)
        placed = []
        for k, text in enumerate(lines[start:start + PER_PAGE]):
            y = TOP + k * PITCH
            page.insert_text((LEFT, y), text, fontsize=FONT_SIZE, fontname="helv")
            placed.append(((y - 0.35 * FONT_SIZE) / 842, text))
        out.append((doc.tobytes(), placed))
        doc.close()
    return out


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def accented(text: str) -> Counter[str]:
    return Counter(c for c in text if c != fold(c))


def read_lines(words: list, placed: list[tuple[float, str]]) -> list[str]:
    """Each printed line's reading: the words whose centre is nearest its middle."""
    ys = [y for y, _ in placed]
    groups: list[list] = [[] for _ in placed]
    for w in words:
        cy = (w.box.y0 + w.box.y1) / 2
        k = min(range(len(ys)), key=lambda i: abs(ys[i] - cy))
        if abs(ys[k] - cy) < PITCH / 842:
            groups[k].append(w)
    return [" ".join(w.text for w in sorted(g, key=lambda w: w.box.x0)) for g in groups]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", default="200,300")
    ap.add_argument("--degrade", default="clean,noise")
    args = ap.parse_args()
    if not (CORPUS / "labels.jsonl").is_file():
        print(f"skipped: {CORPUS} is absent")
        return

    from formsift import Engine
    from formsift.handwriting.metrics import cer
    from formsift.samples import encode_png, render_scan

    lines = french_lines(CORPUS)
    docs = pages(lines)
    engine = Engine()
    tmp = Path(tempfile.mkdtemp())
    templates = {}
    for mode, flag in (("on", "true"), ("off", "false")):
        path = tmp / f"accents_{mode}.sift"
        path.write_text(TEMPLATE.format(mode=mode, flag=flag), encoding="utf-8")
        templates[mode] = engine.template(path)
    total_accents = sum(sum(accented(t).values()) for t in lines)
    print(f"{len(lines)} printed French lines on {len(docs)} pages, "
          f"{total_accents} accented letters")
    rows = [("condition", "mode", "CER", "CER accents folded", "accented letters read",
             "false accents", "median s/page")]
    for dpi in (int(d) for d in args.dpi.split(",")):
        for degrade in args.degrade.split(","):
            found: dict[str, list[tuple[str, str]]] = {"on": [], "off": []}
            seconds: dict[str, list[float]] = {"on": [], "off": []}
            hits = {"on": 0, "off": 0}
            false = {"on": 0, "off": 0}
            for n, (pdf, placed) in enumerate(docs):
                png = encode_png(render_scan(pdf, dpi, degrade, n)[0])
                for mode in ("off", "on"):
                    doc = engine.load(png)
                    t0 = time.perf_counter()
                    engine.recognize(doc, templates[mode])
                    seconds[mode].append(time.perf_counter() - t0)
                    reads = read_lines(doc.pages[0].words, placed)
                    for (_, truth), got in zip(placed, reads, strict=True):
                        found[mode].append((truth, got))
                        hits[mode] += sum((accented(truth) & accented(got)).values())
                        false[mode] += sum((accented(got) - accented(truth)).values())
            for mode in ("off", "on"):
                pairs = found[mode]
                rows.append((f"{dpi} dpi {degrade}", f"diacritics={mode == 'on'}",
                             f"{cer(pairs):.4f}",
                             f"{cer((fold(a), fold(b)) for a, b in pairs):.4f}",
                             f"{hits[mode]}/{total_accents}", str(false[mode]),
                             f"{statistics.median(seconds[mode]):.2f}"))
    print(table(rows))


if __name__ == "__main__":
    main()
