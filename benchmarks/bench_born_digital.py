"""Born-digital throughput: formsift's engine against raw pymupdf word extraction.

Builds a multi-page invoice PDF with the project's sample generator, then times, in the
same process and run:

  raw      pymupdf.open + page.get_text("words") on every page (the floor)
  load     Engine.load: the document model (words with page-relative boxes)
  extract  Engine.extract with the library's invoice template (locate, tables, rules)

on the multi-page PDF, and then the same three on the pages as separate one-page invoices
(the usual case: one invoice per file, so the template's fields are looked for on one page,
not across forty). Prints pages per second and the ratio to raw (target: at most 2x raw).

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
    from formsift.samples import generate

    data = build_pdf(args.pages)
    singles = [generate("invoice", seed=i).pdf for i in range(args.pages)]
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

    def raw_each() -> None:
        for pdf in singles:
            doc = pymupdf.open(stream=pdf, filetype="pdf")
            for page in doc:
                page.get_text("words", sort=False)
            doc.close()

    def load_each() -> None:
        for pdf in singles:
            engine.load(pdf)

    def extract_each() -> None:
        for pdf in singles:
            engine.extract(pdf, template)

    for title, stages in (
            (f"one {args.pages}-page generated invoice PDF",
             (("raw pymupdf words", raw), ("engine.load", load),
              ("engine.extract (invoice)", extract))),
            (f"{args.pages} one-page generated invoice PDFs, one document each",
             (("raw pymupdf words", raw_each), ("engine.load", load_each),
              ("engine.extract (invoice)", extract_each)))):
        results = {name: best_of(fn, args.repeats) for name, fn in stages}
        base = results["raw pymupdf words"][0]
        rows = [("stage", "best s", "median s", "pages/s", "x raw")]
        for name, (best, median) in results.items():
            rows.append((name, f"{best:.4f}", f"{median:.4f}", f"{args.pages / best:,.0f}",
                         f"{best / base:.2f}"))
        print(f"{title}, best of {args.repeats} runs")
        print(table(rows))
        print()
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
