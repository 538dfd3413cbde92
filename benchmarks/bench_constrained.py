"""Field-type-constrained decoding against free decoding, on degraded generated scans.

For each generated document the template runs on the born-digital PDF first, which gives
every field's printed text and its box. The scan's area of each money, date and identifier
field is then read twice by the same detector and recognizer: once freely, once with the
field type's alphabet (``FieldType.constraint()``). Prints the character error rate (CER)
of both against the printed text, by field type and degradation.

    python benchmarks/bench_constrained.py [--docs 6] [--first-seed 0] [--dpi 150]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

#: Degradations that keep the page geometry (the PDF's boxes stay valid on the scan).
DEGRADE = ("clean", "noise", "blur", "jpeg", "lighting")


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=6, help="documents per kind")
    ap.add_argument("--first-seed", type=int, default=0,
                    help="seeds FIRST..FIRST+DOCS-1 (default 0)")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--kinds", default="invoice,receipt,payslip")
    ap.add_argument("--show", action="store_true", help="print every reading")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.core import areas
    from formsift.core.components import ComponentKind
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.samples import generate, render_scan

    engine = Engine()
    det = engine.component(ComponentKind.SEGMENTER, "ppocr_det")
    rec = engine.component(ComponentKind.RECOGNIZER, "ppocr_rec")
    # (type, degradation) -> [chars, errors free, errors constrained, fields]
    stats: dict[tuple[str, str], list[int]] = {}
    for kind in args.kinds.split(","):
        template = engine.template(kind)
        for seed in range(args.first_seed, args.first_seed + args.docs):
            sample = generate(kind, seed)
            digital = engine.extract(sample.pdf, template)
            targets = []
            for name, fv in digital.fields.items():
                spec = template.fields[name]
                c = spec.type.constraint()
                if fv is None or isinstance(fv, list) or not fv.box or not fv.raw \
                        or c is None or not c.alphabet:
                    continue
                b = Box(*fv.box)
                dx, dy = b.height * 0.6, b.height * 0.12
                targets.append((spec.type_name, fv.raw,
                                Box(max(0, b.x0 - dx), max(0, b.y0 - dy),
                                    min(1, b.x1 + dx), min(1, b.y1 + dy)), c))
            for degrade in DEGRADE:
                image = render_scan(sample.pdf, args.dpi, degrade, seed)[0]
                page = Page(0, image.shape[1], image.shape[0], "px")
                for type_name, raw, box, c in targets:
                    want = " ".join(raw.split())
                    got = {}
                    for mode, constraint in (("free", None), ("constrained", c)):
                        words = areas.read_areas(image, page, [areas.Area(box, constraint)],
                                                 [det], [rec])
                        words.sort(key=lambda w: (round(w.box.cy, 2), w.box.x0))
                        got[mode] = " ".join(w.text for w in words)
                    if args.show:
                        print(f"{type_name:8} {want!r:24} free {got['free']!r:24} "
                              f"constrained {got['constrained']!r}")
                    s = stats.setdefault((type_name, degrade), [0, 0, 0, 0])
                    s[0] += len(want)
                    s[1] += distance(got["free"], want)
                    s[2] += distance(got["constrained"], want)
                    s[3] += 1
    rows = [("field type", "degradation", "fields", "CER free", "CER constrained")]
    totals = [0, 0, 0, 0]
    for (type_name, degrade), (n, e_free, e_con, count) in sorted(stats.items()):
        rows.append((type_name, degrade, str(count), f"{e_free / n:.4f}", f"{e_con / n:.4f}"))
        totals = [a + b for a, b in zip(totals, (n, e_free, e_con, count), strict=True)]
    for type_name in sorted({t for t, _ in stats}):
        n, e_free, e_con, count = (sum(v[k] for (t, _), v in stats.items() if t == type_name)
                                   for k in range(4))
        rows.append((type_name, "all", str(count), f"{e_free / n:.4f}", f"{e_con / n:.4f}"))
    rows.append(("all", "all", str(totals[3]), f"{totals[1] / totals[0]:.4f}",
                 f"{totals[2] / totals[0]:.4f}"))
    print(f"{args.kinds} x {args.docs} seeds from {args.first_seed} at {args.dpi} dpi; CER "
          "against the printed text")
    print(table(rows))


if __name__ == "__main__":
    main()
