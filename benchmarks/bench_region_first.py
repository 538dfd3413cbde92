"""Region-first OCR against full-page OCR, in the same run, on generated scans.

A ten-field template extracts each scan twice (by default
``benchmarks/templates/invoice_header.sift`` on invoices: header fields, IBAN, currency
and totals located by their labels, the seller in a box; ``--template
benchmarks/templates/payslip_form.sift --kind payslip``: a form whose fields sit in
boxes), once reading the whole page and once reading only what the template's locators
need (``Engine(region_first=True)``), alternating so that both see the same machine load.
Prints seconds per page (wall clock, and the process's CPU time, which a machine loaded
by other jobs disturbs less: with ``FORMSIFT_THREADS=1`` it is the work done), the ratios,
field accuracy of both against the generator's truth, and how often region-first fell
back to the full page.

    python benchmarks/bench_region_first.py [--docs 10] [--dpi 300] [--degrade clean]
        [--template T --kind K] [--middle N] [--turn 180]

``--turn 180`` scans every page upside down (90 and 270: sideways): region-first leaves
the upside-down check to the lines it reads or detects, and reads a page it finds upside
down again, turned.

A second, labelled case: a document of two pages, ten fields scoped to the page that
holds them (``--template benchmarks/templates/invoice_2p.sift --kind invoice_2p``; a
multi-page TIFF, seconds per page), made longer by ``--middle N`` (N copies of its first
page, item rows, before its last).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

HERE = Path(__file__).parent
TEMPLATE = HERE / "templates" / "invoice_header.sift"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10, help="generated invoices (seeds 0..N-1)")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--degrade", default="clean", help="a formsift.samples degradation")
    ap.add_argument("--template", type=Path, default=TEMPLATE)
    ap.add_argument("--kind", default="invoice", help="the generated documents' kind")
    ap.add_argument("--middle", type=int, default=0,
                    help="copies of a document's first page put before its last (a longer "
                         "document of several pages: its item table goes on)")
    ap.add_argument("--turn", type=int, default=0, choices=(0, 90, 180, 270),
                    help="degrees each page is turned clockwise (scanned upside down: 180)")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.samples import DEGRADATIONS, generate, render_scan

    if args.degrade not in DEGRADATIONS:
        sys.exit(f"unknown degradation {args.degrade!r}; known: {', '.join(DEGRADATIONS)}")
    engines = {"full page": Engine(), "region-first": Engine(region_first=True)}
    template = engines["full page"].template(args.template)
    fields = list(template.fields)
    truth_keys = set(generate(args.kind, 0).truth)
    checked = [f for f in fields if f in truth_keys]  # fields the generator knows
    scans = []
    for seed in range(args.docs):
        sample = generate(args.kind, seed)
        images = render_scan(sample.pdf, args.dpi, args.degrade, seed)
        if args.middle and len(images) > 1:
            images = images[:1] * (args.middle + 1) + images[1:]
        images = [_turned(img, args.turn) for img in images]
        scans.append((_scan(images), sample.truth))
    for e in engines.values():  # models loaded before timing
        e.extract(scans[0][0], args.template)

    pages = len(engines["full page"].load(scans[0][0]).pages)
    seconds: dict[str, list[float]] = {k: [] for k in engines}
    cpu: dict[str, list[float]] = {k: [] for k in engines}
    right: dict[str, int] = dict.fromkeys(engines, 0)
    modes: dict[str, int] = {}
    for png, truth in scans:
        for name, engine in engines.items():
            t, c = time.perf_counter(), time.process_time()
            result = engine.extract(png, args.template)
            seconds[name].append((time.perf_counter() - t) / pages)
            cpu[name].append((time.process_time() - c) / pages)
            record = result.record()
            right[name] += sum(str(record.get(f)) == str(truth[f]) for f in checked)
            if name == "region-first":
                for info in result.page_info:
                    mode = info.notes.get("ocr", {}).get("mode", "?")
                    modes[mode] = modes.get(mode, 0) + 1
    total = len(scans) * len(checked)
    base = statistics.median(seconds["full page"])
    base_cpu = statistics.median(cpu["full page"])
    rows = [("OCR", "median s/page", "x faster", "median CPU s/page", "x less CPU",
             "fields right")]
    for name in engines:
        med, med_cpu = statistics.median(seconds[name]), statistics.median(cpu[name])
        rows.append((name, f"{med:.2f}", f"{base / med:.2f}", f"{med_cpu:.2f}",
                     f"{base_cpu / med_cpu:.2f}",
                     f"{right[name]}/{total} ({right[name] / total:.0%})"))
    turned = f", turned {args.turn} degrees" if args.turn else ""
    print(f"{len(scans)} generated {args.kind}s ({pages} page(s) each, seconds per page), "
          f"{args.dpi} dpi, {args.degrade}{turned}; template "
          f"{template.name} ({len(fields)} fields, {len(checked)} checked against the truth)")
    print(table(rows))
    print("region-first pages: " + ", ".join(f"{k}: {v}" for k, v in sorted(modes.items())))


def _turned(image: Any, degrees: int) -> Any:
    """``image`` turned clockwise by ``degrees`` (a multiple of 90)."""
    import numpy as np

    return np.ascontiguousarray(np.rot90(image, -degrees // 90)) if degrees else image


def _scan(images: list[Any]) -> bytes:
    """A scan's bytes: a PNG, or a multi-page TIFF for a document of several pages."""
    from formsift.samples import encode_png

    if len(images) == 1:
        return encode_png(images[0])
    import cv2

    ok, buf = cv2.imencodemulti(".tiff", images)
    if not ok:
        sys.exit("OpenCV cannot write a multi-page TIFF")
    return bytes(buf.tobytes())


if __name__ == "__main__":
    main()
