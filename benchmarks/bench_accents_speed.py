"""Accent restoration's cost on ordinary print, old code against new in one run.

Plain English/German lines (t, l, L, a, e and 6 in ordinary words: every one of them makes
``diacritics.restore`` look at the line's glyphs) in four upright faces at 150 and 200 dpi,
with the reading = the text. The reference ``diacritics.py`` is taken from a git revision
(``--against``, default ``9908d3c~1``, before the line's slant was measured) and loaded
beside the installed one; both restore every line, the outputs are compared (any line whose
output differs is printed) and each one's time a line is printed with their ratio.

    python benchmarks/bench_accents_speed.py [--against REV] [--seconds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, table  # noqa: E402
from tests.test_diacritics_central import _drawn  # noqa: E402

from formsift.plugins.ocr import diacritics  # noqa: E402

FONTS = Path("/usr/share/fonts/truetype")
FACES = ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSerif-Regular.ttf",
         "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSansMono.ttf")
TEXTS = ("Lieferschein Stadtteil Hotel Total", "Little Bottle Ltd., Lot 16 items",
         "Rechnungsadresse Firma Ware Anlage", "Steel bolts M8, L-Profil, Allee 6",
         "Please settle the total within thirty days", "1,256.00 16.06.2026 0711 / 46 36 16")


def reference(rev: str) -> types.ModuleType:
    """``diacritics.py`` as it stood at git revision ``rev``, as a module of its own."""
    src = subprocess.run(["git", "show", f"{rev}:src/formsift/plugins/ocr/diacritics.py"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("diacritics_reference", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(src, f"{rev}:diacritics.py", "exec"), module.__dict__)
    return module


def per_line(restore: Callable, lines: list, seconds: float) -> float:
    """Milliseconds a line, the best of three passes of about ``seconds`` / 3 each."""
    passes = max(1, round(seconds / 3 / max(1e-3, best_of(lambda: _all(restore, lines), 1)[0])))
    best, _ = best_of(lambda: [_all(restore, lines) for _ in range(passes)], 3)
    return 1000 * best / passes / len(lines)


def _all(restore: Callable, lines: list) -> None:
    for img, chars in lines:
        restore(chars, img)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", default="9908d3c~1", help="git revision of the old code")
    ap.add_argument("--seconds", type=float, default=3.0, help="time spent on each side")
    args = ap.parse_args()
    old = reference(args.against)
    faces = [FONTS / f for f in FACES if (FONTS / f).exists()]
    lines = [_drawn(t, f, dpi, fontsize=9) for f in faces for t in TEXTS for dpi in (150, 200)]
    differ = 0
    for img, chars in lines:
        a, b = old.restore(chars, img), diacritics.restore(chars, img)
        if a != b:
            differ += 1
            print("differs:", "".join(c[0] for c in a), "->", "".join(c[0] for c in b),
                  [(c[0], round(c[1], 2)) for c in b if c[1] < 0.95])
    t_old = per_line(old.restore, lines, args.seconds)
    t_new = per_line(diacritics.restore, lines, args.seconds)
    print(table([("code", "ms a line", "lines"), (args.against, f"{t_old:.2f}", str(len(lines))),
                 ("installed", f"{t_new:.2f}", str(len(lines)))]))
    print(f"new / old time: {t_new / t_old:.2f}; outputs differing: {differ} of {len(lines)}")


if __name__ == "__main__":
    main()
