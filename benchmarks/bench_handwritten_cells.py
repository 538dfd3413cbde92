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

``--signals`` measures each signal of a decimal point the reading left out
(:mod:`formsift.templates.lost_points`) on its own and together, over every handwritten
reading of two digits or more (every column's: the counts and refs are whole numbers no
point was written in): of the decimals read without their point, how many each puts
right (the point in its place), and how many whole numbers read right it doubts; the
model's signal at several probabilities. The table's counts stay those of the signals
the code uses (:data:`~formsift.templates.lost_points.SIGNALS`).

    python benchmarks/bench_handwritten_cells.py [--seeds 0-1] [--dots 0.06,0.1,0.16]
        [--conditions 300:clean,200:noise,300:all,200:photo] [--hands all] [--rows]
        [--signals]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from _common import table  # noqa: E402

#: What the sheets' cells hold: decimals (points to lose), whole temperatures, counts
#: and refs with 4s and lone 1s.
TEMPS = ("1.5", "3.2", "0.8", "12.5", "4.7", "2.5", "6.1", "10.4", "4", "7", "3", "11")
COUNTS = ("1", "4", "14", "41", "1", "7", "24", "1", "40", "4", "1", "12")
REFS = ("4", "1", "14", "B4", "1", "44", "4", "1", "C1", "1", "41", "4")
#: Whole 3-4 digit numbers (``--wholes``: added to the Temp column's values), no point
#: written: their gaps are where a false point would be found.
WHOLES = ("105", "1250", "250", "2400", "1005", "380", "4500", "720")
UNITS = ("Fridge 1", "Fridge 2", "Freezer 1", "Fridge 3", "Walk-in", "Freezer 2")


def rows_for(seed: int, n: int = 6, temps: tuple[str, ...] = TEMPS
             ) -> list[dict[str, str]]:
    """A sheet's rows, the values drawn from the lists by ``seed`` (the Temp column's
    from ``temps``)."""
    rng = random.Random(f"rows-{seed}")
    out = []
    for i in range(n):
        out.append({"unit": UNITS[i % len(UNITS)], "temp": rng.choice(temps),
                    "count": rng.choice(COUNTS), "ref": rng.choice(REFS)})
    return out


def hands(which: str) -> list[str]:
    from tests.handwriting.log_cells import mnist_digits

    from formsift.samples.handwritten import _fonts

    every = [f.name for f in _fonts()] + (["mnist"] if mnist_digits() is not None else [])
    return every if which == "all" else [h for h in every if h in which.split(",")]


def doubted_rows(result, column: str, code: str | None = None) -> set[int]:
    """The rows (1-based) a reason (of ``code``, when given) names for ``column``."""
    out: set[int] = set()
    for r in result.reasons:
        if r.field != f"rows.{column}" or code not in (None, r.code):
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


#: The model's point probabilities the signals' table is measured at.
HEARD_AT = (0.02, 0.05, 0.1, 0.2)


def _key(raw: str, box: list[float] | None) -> tuple[str, float, float]:
    return (raw, round(box[0], 3), round(box[1], 3)) if box else (raw, 0.0, 0.0)


class PointSignals:
    """What each signal of a lost decimal point said of each handwritten reading of
    digits alone the run looked at (:func:`install` makes it look at every column's), per
    sheet: (the digits, the ink's place or None, the points heard)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, float, float], tuple[str, int | None, list[Any]]] = {}
        self.tally: Counter = Counter()

    def install(self) -> None:
        """Spy on :func:`lost_points.point_value` for every column, whose result it
        passes on only for the types the code checks."""
        from formsift.handwriting.points import heard_in
        from formsift.templates import lost_points as lp

        real, kinds = lp.point_value, lp.KINDS
        lp.KINDS = (*kinds, "int", "text")

        def spy(page: Any, cand: Any, ftype: Any, ctx: Any) -> Any:
            digits = "".join(cand.raw.split())
            # (the locale's decimal mark only, as lost_points.point_place counts; a
            # note without its mark, before the marks were told apart, counts)
            heard = [h for h in (heard_in(page, cand.words) if page is not None else [])
                     if getattr(h, "mark", ctx.locale.decimal) == ctx.locale.decimal]
            self.seen[_key(cand.raw, cand.box.as_list() if cand.box else None)] = (
                digits, lp._ink_place(page, cand, digits), heard)
            return real(page, cand, ftype, ctx) if ftype.name in kinds else None

        lp.point_value = spy

    def count(self, truth: str, cell: Any) -> None:
        """Tally a cell: a decimal read without its point, or a whole number read
        right, and what each signal said of it."""
        seen = self.seen.get(_key(cell.raw or "", cell.box))
        if seen is None:
            return
        digits, ink, heard = seen
        if "." in truth and truth.replace(".", "") == digits:
            kind, at = "lost", truth.index(".")
        elif truth == digits:
            kind, at = "whole", None
        else:
            return
        t = self.tally
        t[kind] += 1

        def said(p: float) -> int | None:
            best = max((h for h in heard if h.p >= p), key=lambda h: h.p, default=None)
            return None if best is None else best.at

        for name, place in [("ink", ink)] + [(f"model p>={p}", said(p)) for p in HEARD_AT] \
                + [(f"ink or model p>={p}", said(p) if said(p) is not None else ink)
                   for p in HEARD_AT]:
            if place is not None:
                t[(name, kind, place == at)] += 1

    def table(self) -> str:
        t = self.tally
        names = ["ink"] + [f"model p>={p}" for p in HEARD_AT] \
            + [f"ink or model p>={p}" for p in HEARD_AT]
        return table([("signal", f"lost points put right (of {t['lost']})",
                       "... fired, place wrong", f"whole numbers doubted (of {t['whole']})")]
                     + [(n, str(t[(n, "lost", True)]), str(t[(n, "lost", False)]),
                         str(t[(n, "whole", False)])) for n in names])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-1")
    ap.add_argument("--dots", default="0.06,0.1,0.16")
    ap.add_argument("--conditions", default="300:clean,200:noise,300:all,200:photo")
    ap.add_argument("--hands", default="all")
    ap.add_argument("--line", type=float, default=0.85, help="the review line")
    ap.add_argument("--rows", action="store_true", help="print every wrong or doubted cell")
    ap.add_argument("--wholes", action="store_true",
                    help="add whole 3-4 digit numbers (WHOLES) to the Temp column's values")
    ap.add_argument("--signals", action="store_true",
                    help="measure each signal of a lost decimal point, and both")
    args = ap.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)

    from tests.handwriting.log_cells import TEMPLATE, sheet

    from formsift import Engine
    from formsift.samples import encode_png

    temps = TEMPS + WHOLES if args.wholes else TEMPS
    signals = PointSignals() if args.signals else None
    if signals is not None:
        signals.install()
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
                    rows = rows_for(seed * 1000 + int(dot * 100), temps=temps)
                    s = sheet(rows, hand, seed=seed, dpi=int(dpi), degrade=degrade, dot=dot)
                    if signals is not None:
                        signals.seen.clear()
                    result = engine.extract(encode_png(s.image), template)
                    got = result.tables.get("rows", [])
                    for col in ("temp", "count", "ref"):
                        doubted = doubted_rows(result, col)
                        # (read two ways: a point lost, or a rival of another kind)
                        two_ways = doubted_rows(result, col, "ambiguous")
                        for i, row in enumerate(rows):
                            truth = row[col]
                            cell = got[i].get(col) if i < len(got) else None
                            c = counts[col]
                            c["cells"] += 1
                            right = cell is not None and same(truth, cell.value)
                            if signals is not None and cell is not None:
                                signals.count(truth, cell)
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
                            if col == "temp" and (i + 1) in two_ways:
                                kind = ("point lost" if "." in truth else
                                        f"whole {'3-4' if len(truth) >= 3 else '1-2'} digits")
                                c[f"read two ways: {kind}"] += 1
                            if col == "temp" and len(truth) >= 3 and truth.isdigit():
                                c["whole 3-4 digits"] += 1
                                c[f"whole 3-4 digits {key} "
                                  f"{'accepted' if sure else 'doubted'}"] += 1
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
    t = counts["temp"]
    print("temp cells read two ways (ambiguous):",
          {k[len("read two ways: "):]: v for k, v in sorted(t.items())
           if k.startswith("read two ways: ")})
    if t["whole 3-4 digits"]:
        print(f"temp, whole 3-4 digit numbers ({t['whole 3-4 digits']}):",
              {k[len("whole 3-4 digits "):]: v for k, v in sorted(t.items())
               if k.startswith("whole 3-4 digits ")})
    print(table([("hand", "decimals", "point lost", "... accepted")] + [
        (h, str(c["decimals"]), str(c["point lost"]), str(c["point lost accepted"]))
        for h, c in by_hand.items()]))
    print("lone 1s:", dict(sorted(ones.items())))
    if signals is not None:
        print(signals.table())


if __name__ == "__main__":
    main()
