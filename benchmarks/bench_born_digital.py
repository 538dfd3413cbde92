"""Born-digital throughput: formsift's engine against raw pymupdf word extraction.

Builds a multi-page invoice PDF with the project's sample generator, then times, in the
same process and run:

  raw      pymupdf.open + page.get_text("words") on every page (the floor)
  load     Engine.load: the document model (words with page-relative boxes)
  extract  Engine.extract with the library's invoice template (locate, tables, rules)

and prints pages per second and the ratio to raw (target: load at most 2x raw).

    python benchmarks/bench_born_digital.py [--pages 60] [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, peak_rss_mb, table


def build_pdf(pages: int) -> bytes:
    import pymupdf

    from formsift.samples import generate

    out = pymupdf.open()
    for i in range(pages):
        sample = generate("invoice", seed=i)
        src = pymupdf.open(stream=sample.pdf, filetype="pdf")
        out.insert_pdf(src)
        src.close()
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    import pymupdf

    from formsift import Engine

    data = build_pdf(args.pages)
    engine = Engine()
    template = engine.template("invoice")
    engine.extract(data, template)  # warm up: plugins, template, caches

    def raw() -> None:
        doc = pymupdf.open(stream=data, filetype="pdf")
        for page in doc:
            page.get_text("words", sort=False)
        doc.close()

    def load() -> None:
        engine.load(data)

    def extract() -> None:
        engine.extract(data, template)

    results = {}
    for name, fn in (("raw pymupdf words", raw), ("engine.load", load),
                     ("engine.extract (invoice)", extract)):
        results[name] = best_of(fn, args.repeats)
    base = results["raw pymupdf words"][0]
    rows = [("stage", "best s", "median s", "pages/s", "x raw")]
    for name, (best, median) in results.items():
        rows.append((name, f"{best:.4f}", f"{median:.4f}", f"{args.pages / best:,.0f}",
                     f"{best / base:.2f}"))
    print(f"{args.pages}-page generated invoice PDF, best of {args.repeats} runs")
    print(table(rows))
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
