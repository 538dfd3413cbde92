"""Reading time of every field type's ``find`` on long hostile texts (a page of digits
and separators, an OCR'd table of numbers, a line of random characters), at two sizes.

A text twice as long should take about twice as long: the ratio column shows it. A ratio
near 4 says a type reads such text in quadratic time, which a document built to slow a
service down could exploit. (Regexes from templates run under a timeout; these are the
built-in types' own parsers, which have none.)

    python benchmarks/bench_hostile_text.py [--size 3000] [--types money,date]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, table


def texts(size: int) -> dict[str, str]:
    """Hostile texts of about ``size`` characters (the same seed for every size)."""
    rng = random.Random(7)

    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "digits and spaces": fill("1 2 3 4 5 6 7 8 9 "),
        "digit groups": fill("123 456 789 "),
        "dots and commas": fill("1.2,3.4,5.6,7.8,9,"),
        "dates-like": fill("1/2/3-4.5.6 "),
        "random signs": "".join(rng.choice("0123456789., -'€$/:()") for _ in range(size)),
        "one long word": fill("A1B2C3D4E5"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=3000, help="characters of the short text")
    ap.add_argument("--types", default="", help="comma-separated type names (default: all)")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale

    engine = Engine()
    names = args.types.split(",") if args.types else \
        sorted(engine.registry.of_kind("field_type"))
    contexts = {loc: ParseContext(get_locale(loc), None) for loc in ("en", "de")}
    short, long = texts(args.size), texts(args.size * 2)
    rows = [("type", "text", "locale", f"s at {args.size}", f"s at {2 * args.size}",
             "ratio")]
    worst = (0.0, "")
    for name in names:
        try:
            ftype = engine.registry.create("field_type", name)
        except ValueError:  # a type that needs options (enum, the values to choose from)
            continue
        for what in short:
            for loc, ctx in contexts.items():
                def run(text: str, ftype=ftype, ctx=ctx) -> object:
                    try:
                        return ftype.find(text, ctx)
                    except ValueError:  # a type that refuses such text outright
                        return []
                t1, _ = best_of(lambda w=short[what]: run(w), repeats=2)
                t2, _ = best_of(lambda w=long[what]: run(w), repeats=2)
                # below 10 ms the ratio is the machine's noise, not the parser's
                ratio = f"{t2 / t1:.1f}" if t1 >= 0.01 else "-"
                if t2 > 0.01:
                    rows.append((name, what, loc, f"{t1:.3f}", f"{t2:.3f}", ratio))
                worst = max(worst, (t2, f"{name} on {what} ({loc})"))
    print(table(rows))
    print(f"\n(rows under 0.01 s at the long size are left out; a ratio needs 0.01 s at "
          f"the short size) slowest: {worst[1]}, "
          f"{worst[0]:.3f} s for {2 * args.size} characters")


if __name__ == "__main__":
    main()
