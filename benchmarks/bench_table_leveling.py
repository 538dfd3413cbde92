"""Cost of setting a table page's lines level (templates/leveling.py), and what it returns.

Generated table pages (N rows of eight columns: item, a description of two to four words,
quantity, unit, unit price, previous, this period, amount; products and amounts as
formsift.samples prints them) rendered with formsift.samples.render_scan at each dpi and
degradation, read once by the installed OCR; then ``level_lines`` is timed on the page's
lines as a table reads them, with the check that a page already lies level (no run of
words looked for) and without it (every page measured, as before that check), and the two
results are compared line by line (the same words in the same lines, or not)::

    python benchmarks/bench_table_leveling.py --rows 10,30,60 --dpi 150,300 \\
        --degrade clean,skew,photo

Run it under the heavy lock with FORMSIFT_THREADS=1 on a shared machine (OCR of a dense
300 dpi page takes seconds; the timing itself is the best of ``--repeats`` calls).
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from typing import Any

from _common import best_of, table

COLUMNS = ("Item", "Description", "Qty", "Unit", "Unit price", "Previous", "This period",
           "Amount")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="10,30,60", help="rows of each table, comma separated")
    ap.add_argument("--dpi", default="150,300", help="resolutions, comma separated")
    ap.add_argument("--degrade", default="clean,skew,photo",
                    help="formsift.samples degradations, comma separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    from formsift import Engine
    from formsift.samples import DEGRADATIONS, encode_png, render_scan
    from formsift.templates import leveling
    from formsift.templates.locators import PageView

    degrades = args.degrade.split(",")
    if unknown := [d for d in degrades if d not in DEGRADATIONS]:
        sys.exit(f"unknown degradation {', '.join(unknown)}; known: {', '.join(DEGRADATIONS)}")
    engine = Engine()
    rows = [("rows", "dpi", "degrade", "words", "level as grouped", "ms checked",
             "ms every page measured", "same lines")]
    same_all = True
    for n in (int(v) for v in args.rows.split(",")):
        pdf = _table_pdf(n, args.seed)
        for dpi in (int(v) for v in args.dpi.split(",")):
            for degrade in degrades:
                doc = engine.load(encode_png(render_scan(pdf, dpi, degrade, args.seed)[0]))
                engine.recognize(doc)
                page = doc.pages[0]
                lines = PageView(page).lines
                words = sum(len(line.words) for line in lines)
                gated, checked = _timed(leveling, lines, page, args.repeats, gate=True)
                full, every = _timed(leveling, lines, page, args.repeats, gate=False)
                same = _shape(gated) == _shape(full)
                same_all &= same
                heights = sorted(w.box.height for line in lines for w in line.words)
                level = leveling._grouped_level(
                    lines, heights[len(heights) // 2] if heights else 0.0,
                    _width(lines), words) if words else False
                rows.append((str(n), str(dpi), degrade, str(words), "yes" if level else "no",
                             f"{checked * 1000:.1f}", f"{every * 1000:.1f}",
                             "yes" if same else "NO"))
                print(" ".join(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))
    print("every page's lines the same both ways" if same_all else "LINES DIFFER")


def _timed(leveling: Any, lines: list[Any], page: Any, repeats: int, gate: bool
           ) -> tuple[list[Any], float]:
    """What ``level_lines`` returns on ``lines`` and its best time, with the check that the
    lines already lie level or without it."""
    kept = leveling._grouped_level
    if not gate:
        leveling._grouped_level = lambda *a: False
    try:
        out = leveling.level_lines(lines, page)
        best, _ = best_of(lambda: leveling.level_lines(lines, page), repeats)
    finally:
        leveling._grouped_level = kept
    return out, best


def _shape(lines: list[Any]) -> list[list[int]]:
    """The lines as the identities of their words, in order."""
    return [[id(w) for w in line.words] for line in lines]


def _width(lines: list[Any]) -> float:
    boxes = [w.box for line in lines for w in line.words]
    return max(b.x1 for b in boxes) - min(b.x0 for b in boxes)


def _table_pdf(rows: int, seed: int) -> bytes:
    """A one-page PDF: a title and a table of ``rows`` rows under a header of
    :data:`COLUMNS`, a rule under the header, the rows as dense as the page needs."""
    import pymupdf

    from formsift.samples.generator import PRODUCTS
    from formsift.samples.money import amount

    rng = random.Random(f"leveling-{rows}-{seed}")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((40, 50), "CONTINUATION SHEET", fontsize=14, fontname="hebo")
    pitch = min(18.0, 680.0 / (rows + 1))
    size = round(pitch * 0.62, 1)
    lefts = (40, 75)
    rights = (290, 330, 395, 455, 515, 575)
    y = 90.0
    for x, label in zip(lefts, COLUMNS[:2], strict=True):
        page.insert_text((x, y), label, fontsize=size, fontname="hebo")
    for x, label in zip(rights, COLUMNS[2:], strict=True):
        _right(page, x, y, label, size, "hebo")
    page.draw_line((40, y + 3), (575, y + 3), width=0.5)
    for i in range(rows):
        y += pitch
        qty = rng.randrange(1, 40)
        unit = Decimal(rng.randrange(150, 250000)) / 100
        before = Decimal(rng.randrange(0, 90000)) / 100
        now = unit * qty
        cells = (str(qty), rng.choice(["pcs", "h", "m2", "ea"]), amount(unit, "en"),
                 amount(before, "en"), amount(now, "en"), amount(before + now, "en"))
        page.insert_text((lefts[0], y), f"{i + 1:03d}", fontsize=size, fontname="helv")
        page.insert_text((lefts[1], y), PRODUCTS[rng.randrange(len(PRODUCTS))],
                         fontsize=size, fontname="helv")
        for x, text in zip(rights, cells, strict=True):
            _right(page, x, y, text, size, "helv")
    data = doc.tobytes()
    doc.close()
    return data


def _right(page: Any, right: float, y: float, text: str, size: float, font: str) -> None:
    import pymupdf

    page.insert_text((right - pymupdf.get_text_length(text, fontname=font, fontsize=size), y),
                     text, fontsize=size, fontname=font)


if __name__ == "__main__":
    main()
