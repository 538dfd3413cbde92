"""Handwritten quantities on generated delivery notes: are wrong or missing ones caught?

Each note (``formsift.samples.handwritten.handwritten_scan``: a printed delivery note whose
delivered quantities, receiver and signature are handwritten, rendered at 200 dpi with a
degradation) is extracted with ``examples/templates/delivery_note_signed.sift``. For the
handwritten ``qty_delivered`` cells the script counts those read right, wrong and not read
(blank), and how many records holding a wrong or missing one go to review; also the
confidences of wrong values against right ones (for a ``review when`` threshold).

    python benchmarks/bench_handwritten_notes.py [--seeds 400-429]
        [--degrade clean,noise,all,photo]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "examples" / "templates" / "delivery_note_signed.sift"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="400-429", help="first-last seed (inclusive)")
    ap.add_argument("--degrade", default="clean,noise,all,photo")
    ap.add_argument("--threshold", type=float, default=0.8,
                    help="confidence under which a cell counts as doubtful (reported only)")
    args = ap.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)

    from formsift import Engine
    from formsift.core.result import Status
    from formsift.samples import encode_png
    from formsift.samples.handwritten import handwritten_scan

    engine = Engine(seen_store="memory")
    template = engine.template(TEMPLATE)
    rows = [("degradation", "notes", "to review", "cells", "right", "wrong", "not read",
             "notes with a wrong or unread cell", "... in review")]
    totals = [0] * 8
    wrong_conf: list[float] = []
    right_conf: list[float] = []
    for degrade in args.degrade.split(","):
        counts = [0] * 8
        for seed in seeds:
            scan = handwritten_scan(seed=seed, degrade=degrade, dpi=200)
            result = engine.extract(encode_png(scan.images[0]), template)
            review = result.status is not Status.ACCEPTED
            got = result.tables.get("items", [])
            bad = False
            for i, truth in enumerate(scan.truth["items"]):
                cell = got[i].get("qty_delivered") if i < len(got) else None
                counts[3] += 1
                if cell is None:
                    counts[6] += 1
                    bad = True
                elif cell.value == truth["qty_delivered"]:
                    counts[4] += 1
                    right_conf.append(cell.confidence)
                else:
                    counts[5] += 1
                    wrong_conf.append(cell.confidence)
                    bad = True
            counts[1] += 1
            counts[2] += review
            counts[7] += bad
            counts[0] += bad and review
        rows.append((degrade, *(str(c) for c in counts[1:7]), str(counts[7]), str(counts[0])))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    rows.append(("total", *(str(c) for c in totals[1:7]), str(totals[7]), str(totals[0])))
    print(f"generated delivery notes, seeds {args.seeds}, 200 dpi, template {TEMPLATE.name}")
    print(table(rows))
    t = args.threshold
    print(f"records holding a wrong or unread handwritten quantity that go to review: "
          f"{totals[0]}/{totals[7]}")
    print(f"wrong values under confidence {t}: {sum(c < t for c in wrong_conf)}/"
          f"{len(wrong_conf)}; right values under it: {sum(c < t for c in right_conf)}/"
          f"{len(right_conf)}")


if __name__ == "__main__":
    main()
