"""Machine-readable zones on scanned identity documents: is the MRZ read whole, valid and
equal to the truth, with the recognizer following MRZ lines past where text detection
stopped (``ppocr_rec(mrz_tails=true)``, the default) and without (``mrz_tails=false``),
both measured in the same run on the same images.

Generated passports (``formsift.samples.generate("id_card", seed)``: a new holder and
MRZ per seed) rendered at 200 and 300 dpi in every degradation of
``formsift.samples.render_scan``.

    python benchmarks/bench_mrz_scans.py [--seeds 0-3] [--dpi 200,300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

TEMPLATE = """template passport_{name} {{
  pipeline {{
    recognize ppocr_rec(mrz_tails={tails})
  }}
  field mrz: mrz = anywhere
}}
"""
MODES = {"mrz_tails=true": "true", "mrz_tails=false": "false"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-3", help="generated passports, e.g. 0-3")
    ap.add_argument("--dpi", default="200,300")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan
    from formsift.samples.scans import DEGRADATIONS
    from formsift.templates import check_source

    a, b = (int(x) for x in args.seeds.split("-"))
    templates = {}
    for mode, tails in MODES.items():
        (tpl,), _ = check_source(TEMPLATE.format(name=tails, tails=tails), "p.sift")
        templates[mode] = tpl
    engine = Engine(list(templates.values()), seen_store="memory")
    counts = {(mode, deg): [0, 0, 0, 0] for mode in MODES for deg in DEGRADATIONS}
    seconds = dict.fromkeys(MODES, 0.0)
    for seed in range(a, b + 1):
        sample = generate("id_card", seed)
        truth = sample.truth["mrz"]["text"]
        for dpi in (int(x) for x in args.dpi.split(",")):
            for deg in DEGRADATIONS:
                png = encode_png(render_scan(sample.pdf, dpi, deg, seed=seed)[0])
                for mode, tpl in templates.items():
                    t0 = time.perf_counter()
                    result = engine.extract(png, tpl, name=f"passport-{seed}.png")
                    seconds[mode] += time.perf_counter() - t0
                    fv = result.fields.get("mrz")
                    c = counts[(mode, deg)]
                    c[0] += 1
                    if fv is not None:
                        c[1] += 1
                        c[2] += bool(fv.value["valid"])
                        c[3] += fv.value["text"] == truth
    rows = []
    for deg in DEGRADATIONS:
        row = [deg]
        for mode in MODES:
            n, found, valid, right = counts[(mode, deg)]
            row.append(f"{found}/{n} found, {valid} valid, {right} = truth")
        rows.append(row)
    total = {m: [sum(counts[(m, d)][i] for d in DEGRADATIONS) for i in range(4)]
             for m in MODES}
    rows.append(["all", *(f"{t[1]}/{t[0]} found, {t[2]} valid, {t[3]} = truth"
                          for t in total.values())])
    print(f"passports: seeds {args.seeds}, {args.dpi} dpi, every degradation\n")
    print(table([("degradation", *MODES), *map(tuple, rows)]))
    n = next(iter(total.values()))[0]
    print("\nseconds per image: " + ", ".join(f"{m} {seconds[m] / n:.2f}" for m in MODES))


if __name__ == "__main__":
    main()
