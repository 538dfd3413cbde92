"""Handwritten numbers in a log sheet's table cells: decimal points lost, "4" read "J",
a lone "1" labelled printed (the temperature-log journeys' three findings).

Each sheet (tests/handwriting/log_cells.py: a printed, ruled table whose Temp (decimal),
Count (int) and Ref (text) cells are written by one hand, a handwriting font or MNIST
digits with drawn points) is rendered at a resolution, degraded as a scan or a photo,
and extracted with the sheet's template. Per column the script counts the cells read
right and wrong, and of each whether it was *accepted* (confidence at or above the review
line, 0.85 by default, and no reason naming its row) or *doubted*; for the Temp column,
decimals read without their point, and whole numbers doubted; for lone "1"s, how many
were read as print (the printed recognizer, not ``crnn``) and what they gave.

    python benchmarks/bench_handwritten_cells.py [--seeds 0-1] [--dots 0.06,0.1,0.16]
        [--conditions 300:clean,200:noise,300:all,200:photo] [--hands all] [--rows]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from _common import table  # noqa: E402

#: What the sheets' cells hold: decimals (points to lose), whole temperatures, counts
#: and refs with 4s and lone 1s.
TEMPS = ("1.5", "3.2", "0.8", "12.5", "4.7", "2.5", "6.1", "10.4", "4", "7", "3", "11")
COUNTS = ("1", "4", "14", "41", "1", "7", "24", "1", "40", "4", "1", "12")
REFS = ("4", "1", "14", "B4", "1", "44", "4", "1", "C1", "1", "41", "4")
UNITS = ("Fridge 1", "Fridge 2", "Freezer 1", "Fridge 3", "Walk-in", "Freezer 2")


def rows_for(seed: int, n: int = 6) -> list[dict[str, str]]:
    """A sheet's rows, the values drawn from the lists by ``seed``."""
    rng = random.Random(f"rows-{seed}")
    out = []
    for i in range(n):
        out.append({"unit": UNITS[i % len(UNITS)], "temp": rng.choice(TEMPS),
                    "count": rng.choice(COUNTS), "ref": rng.choice(REFS)})
    return out


def hands(which: str) -> list[str]:
    from tests.handwriting.log_cells import mnist_digits

    from formsift.samples.handwritten import _fonts

    every = [f.name for f in _fonts()] + (["mnist"] if mnist_digits() is not None else [])
    return every if which == "all" else [h for h in every if h in which.split(",")]


def doubted_rows(result, column: str) -> set[int]:
    """The rows (1-based) a reason names for ``column``."""
    out: set[int] = set()
    for r in result.reasons:
        if r.field != f"rows.{column}":
            continue
        out.update(int(m) for m in re.findall(r"row (\d+)", r.message))
        out.update(int(m) for m in re.findall(r"row\(s\) ([\d, ]+)", r.message)
                   for m in m.replace(" ", "").split(",") if m)
    return out


def same(text: str, value) -> bool:
    from decimal import Decimal, InvalidOperation

    if value is None:
        return False
    try:
        return Decimal(text) == Decimal(str(value))
    except InvalidOperation:
        return text == str(value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-1")
    ap.add_argument("--dots", default="0.06,0.1,0.16")
    ap.add_argument("--conditions", default="300:clean,200:noise,300:all,200:photo")
    ap.add_argument("--hands", default="all")
    ap.add_argument("--line", type=float, default=0.85, help="the review line")
    ap.add_argument("--rows", action="store_true", help="print every wrong or doubted cell")
    args = ap.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)

    from tests.handwriting.log_cells import TEMPLATE, sheet

    from formsift import Engine
    from formsift.samples import encode_png

    engine = Engine(seen_store="memory")
    template = engine.template(TEMPLATE)
    counts: dict[str, Counter] = defaultdict(Counter)
    by_hand: dict[str, Counter] = defaultdict(Counter)
    ones: Counter = Counter()
    for hand in hands(args.hands):
        for cond in args.conditions.split(","):
            dpi, degrade = cond.split(":")
            for dot in [float(d) for d in args.dots.split(",")]:
                for seed in seeds:
                    rows = rows_for(seed * 1000 + int(dot * 100))
                    s = sheet(rows, hand, seed=seed, dpi=int(dpi), degrade=degrade, dot=dot)
                    result = engine.extract(encode_png(s.image), template)
                    got = result.tables.get("rows", [])
                    for col in ("temp", "count", "ref"):
                        doubted = doubted_rows(result, col)
                        for i, row in enumerate(rows):
                            truth = row[col]
                            cell = got[i].get(col) if i < len(got) else None
                            c = counts[col]
                            c["cells"] += 1
                            right = cell is not None and same(truth, cell.value)
                            sure = cell is not None and cell.confidence >= args.line \
                                and (i + 1) not in doubted
                            key = ("right" if right else "wrong" if cell else "unread")
                            c[f"{key} {'accepted' if sure else 'doubted'}"] += 1
                            if col == "temp" and "." in truth and cell is not None \
                                    and "." not in (cell.raw or ""):
                                how = f"point lost {'accepted' if sure else 'doubted'}"
                                for tally in (c, by_hand[hand]):
                                    tally["point lost"] += 1
                                    tally[how] += 1
                            if col == "temp" and "." in truth:
                                by_hand[hand]["decimals"] += 1
                            if truth == "1":
                                ones["lone 1"] += 1
                                src = cell.source if cell is not None else "none"
                                ones[f"{hand} {src}"] += 1
                                ones[f"source {src}"] += 1
                                if cell is not None and cell.source != "crnn":
                                    ones[f"printed -> {cell.raw!r}"] += 1
                            if args.rows and (not right or not sure):
                                print(hand, cond, dot, seed, col, i + 1, truth,
                                      cell.raw if cell else None,
                                      round(cell.confidence, 3) if cell else None,
                                      cell.source if cell else None,
                                      "doubted" if not sure else "accepted")
    out = [("column", "cells", "right accepted", "right doubted", "wrong accepted",
            "wrong doubted", "unread", "point lost: accepted", "point lost: doubted")]
    for col, c in counts.items():
        out.append((col, str(c["cells"]), str(c["right accepted"]), str(c["right doubted"]),
                    str(c["wrong accepted"]), str(c["wrong doubted"]),
                    str(c["unread accepted"] + c["unread doubted"]),
                    str(c["point lost accepted"]), str(c["point lost doubted"])))
    print(f"log sheets: hands {args.hands}, seeds {args.seeds}, dots {args.dots}, "
          f"conditions {args.conditions}, review line {args.line}")
    print(table(out))
    print(table([("hand", "decimals", "point lost", "... accepted")] + [
        (h, str(c["decimals"]), str(c["point lost"]), str(c["point lost accepted"]))
        for h, c in by_hand.items()]))
    print("lone 1s:", dict(sorted(ones.items())))


if __name__ == "__main__":
    main()
