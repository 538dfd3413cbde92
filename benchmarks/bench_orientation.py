"""Page orientation: every page turned by 0, 90, 180 and 270 degrees, and the turn the
``orientation`` preprocessor measures, with PP-OCR's text-direction classifier (the
default when installed) and with the ink-profile cue (no model).

Generated documents (invoice, receipt, delivery note, payslip; seeds ``--seeds``) at 150
dpi clean, 300 dpi with every degradation, 200 dpi skewed and 150 dpi phone photos; and
the scanned receipts of ``../shared/corpora/sroie-dev`` when present (all-caps text, where
the ink cue is weakest).

    python benchmarks/bench_orientation.py [--seeds 60-65] [--sroie N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
SROIE = ROOT.parent / "shared" / "corpora" / "sroie-dev" / "img"
CONDITIONS = ((150, "clean"), (300, "all"), (200, "skew"), (150, "photo"))
METHODS = {"classifier": {"method": "classifier"},
           "ink cue": {"method": "ink", "upside_down": True}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="60-65", help="generated seeds, e.g. 60-65")
    ap.add_argument("--sroie", type=int, default=100, help="SROIE receipts (0: none)")
    args = ap.parse_args()
    import cv2
    import numpy as np

    from formsift.core.plugins import default_registry
    from formsift.samples import generate, render_scan

    a, b = (int(x) for x in args.seeds.split("-"))
    registry = default_registry()
    comps = {m: registry.create("preprocessor", "orientation", o) for m, o in METHODS.items()}
    sets: list[tuple[str, object]] = []
    for kind in ("invoice", "receipt", "delivery_note", "payslip"):
        for seed in range(a, b + 1):
            for dpi, degrade in CONDITIONS:
                sets.append(("generated", render_scan(generate(kind, seed).pdf, dpi,
                                                      degrade, seed=seed)[0]))
    if args.sroie and SROIE.is_dir():
        for path in sorted(SROIE.glob("*.jpg"))[: args.sroie]:
            sets.append(("SROIE receipts", cv2.imread(str(path))))
    right: dict[tuple[str, str, int], int] = {}
    count: dict[str, int] = {}
    seconds = dict.fromkeys(comps, 0.0)
    for name, img in sets:
        count[name] = count.get(name, 0) + 1
        for q in range(4):
            turned = np.ascontiguousarray(np.rot90(img, q))  # q quarter turns anticlockwise
            for m, comp in comps.items():
                t = time.perf_counter()
                got = comp.measure(turned)
                seconds[m] += time.perf_counter() - t
                right[(name, m, q)] = right.get((name, m, q), 0) + (got == 90 * q)
    rows = [("pages", "method", "0", "90", "180", "270", "all turns")]
    for name, n in count.items():
        for m in comps:
            hits = [right.get((name, m, q), 0) for q in range(4)]
            rows.append((f"{name} ({n})", m, *(f"{h}/{n}" for h in hits),
                         f"{sum(hits) / (4 * n):.1%}"))
    print(table(rows))
    total = 4 * sum(count.values())
    print("ms per page: " + ", ".join(f"{m} {1000 * s / total:.1f}"
                                      for m, s in seconds.items()))


if __name__ == "__main__":
    main()
