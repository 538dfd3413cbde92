"""How the ``checkboxes`` segmenter reads boxes printing a glyph on questionnaire-like
forms: every box of a question prints its glyph (sex "M"/"F", Yes/No "Y"/"N", a rating's
"1" to "5"), one font and glyph size a page as a printed form has, and each question is
answered by one hand mark or left blank. Marks reach the frame (a big tick, a cross
corner to corner) or stay inside it (a small tick, a slash, a neat pen "X", a
handwriting font's "X", "x" or "v"), in a pen colour of :data:`checkbox_kinds.INK`. A
page in two prints a legend box ("mark your answers like this: [X]" or a check mark) at
the top or on the first question's line.

Pages are drawn with PyMuPDF, rendered at 150-300 dpi, turned and degraded as
``checkbox_kinds.py`` does (its ``Sheet``). A box counts as found where a checkbox
region's centre lies within a third of its side of the drawn box's centre.

    python benchmarks/checkbox_glyph_questions.py [--pages N] [--jsonl boxes.jsonl]

Per box: right or wrong (ticked as drawn, a legend ticked), and sure or doubted (a
confidence under 0.5 sends its field to review); unticked boxes, ticked boxes by where
their mark lies. Per question: right or wrong, accepted (all its boxes sure) or review.
"A wrong accepted" is the count that must stay 0; "right, doubted" is review for nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from typing import Any

import checkbox_kinds as kinds

FONTS = ["helv", "tiro", "cour", "hebo"]
MARKS = ["big_tick", "corner_cross", "small_tick", "slash", "pen_x", "font"]
#: Marks that reach or cross the box's frame.
REACHING = {"big_tick", "corner_cross"}
QUESTIONS = {"sex": ("MF", ["Male", "Female"]), "yn": ("YN", ["Yes", "No"]),
             "rating": ("12345", [""] * 5)}


def draw_mark(sheet: Any, kind: str, x: float, y: float, s: float) -> None:
    """A hand's mark of ``kind`` in the box at (x, y), side ``s`` points."""
    rng, page = sheet.rng, sheet.page
    color, width = rng.choice(kinds.INK), rng.uniform(0.5, 1.6)

    def j(v: float) -> float:
        return v + rng.uniform(-0.04, 0.04) * s

    def line(a: tuple[float, float], b: tuple[float, float]) -> None:
        page.draw_line((j(x + a[0] * s), j(y + a[1] * s)), (j(x + b[0] * s), j(y + b[1] * s)),
                       color=color, width=width)

    if kind in ("big_tick", "small_tick"):
        pts = [(0.15, 0.5), (0.4, 0.85), (1.2, -0.2)] if kind == "big_tick" else \
            [(0.25, 0.55), (0.42, 0.75), (0.78, 0.25)]
        page.draw_polyline([(j(x + a * s), j(y + b * s)) for a, b in pts], color=color,
                           width=width)
    elif kind == "slash":
        line((0.68, 0.22), (0.35, 0.78))
    elif kind in ("corner_cross", "pen_x"):
        a = rng.uniform(0.0, 0.1) if kind == "corner_cross" else rng.uniform(0.25, 0.32)
        line((a, a), (1 - a, 1 - a))
        line((1 - a, a), (a, 1 - a))
    else:
        font = rng.choice(sheet.hand)
        page.insert_text((x + 0.1 * s, y + 0.85 * s), rng.choice(["X", "x", "v", "X"]),
                         fontfile=str(font), fontname="hand",
                         fontsize=s * rng.uniform(0.9, 1.3), color=color)


def glyph(page: Any, x: float, y: float, s: float, ch: str, font: str, size: float) -> None:
    """``ch`` printed centred in the box (a check mark in ZapfDingbats)."""
    import pymupdf

    if ch == "✓":
        width = pymupdf.Font("zadb").text_length("✔", fontsize=size)
        page.insert_text((x + (s - width) / 2, y + s / 2 + 0.35 * size), "✔",
                         fontname="zadb", fontsize=size)
        return
    width = pymupdf.get_text_length(ch, fontname=font, fontsize=size)
    page.insert_text((x + (s - width) / 2, y + s / 2 + 0.36 * size), ch, fontname=font,
                     fontsize=size)


def make_page(n: int) -> tuple[Any, list[dict[str, Any]], dict[str, Any]]:
    """Page ``n``: its image, its boxes (question, kind, glyph, place, ticked, mark) and
    how it was made."""
    import pymupdf

    rng = random.Random(10_000 + n)
    side, font = rng.choice([10, 11, 12, 14, 16]), rng.choice(FONTS)
    size, frame = side * rng.uniform(0.6, 0.8), rng.choice([0.6, 0.8, 1.0])
    meta = {"side": side, "font": font, "dpi": rng.choice([150, 200, 200, 300]),
            "degrade": rng.choice(["clean", "noise", "blur", "jpeg",
                                   "noise+blur+jpeg+lighting"]),
            "angle": rng.uniform(-0.8, 0.8), "legend": rng.choice([None, None, "top", "line"])}
    sheet = kinds.Sheet(rng, side)
    page = sheet.page
    sheet.text(40, 50, f"Questionnaire {n}", 14, "hebo")
    legend = rng.choice(["X", "✓"])
    boxes: list[dict[str, Any]] = []

    def box(x: float, y: float, ch: str, **what: Any) -> None:
        page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=frame)
        glyph(page, x, y, side, ch, font, size)
        boxes.append({"x": x, "y": y, "ch": ch, **what})

    y = 90.0
    if meta["legend"] == "top":
        sheet.text(40, y + 0.75 * side, "Mark your answers like this:", 9)
        box(180, y, legend, q=-1, kind="legend", ticked=None, mark=None)
        y += 2.5 * side + 12
    for q in range(12):
        kind = rng.choice(["sex", "yn", "yn", "rating"])
        chars, labels = QUESTIONS[kind]
        answer = rng.choice([None] * 3 + list(range(len(chars))) * (1 if kind == "rating" else 3))
        mark = rng.choice(MARKS)
        on_line = meta["legend"] == "line" and q == 0
        sheet.text(40, y + 0.75 * side, "Q1 (mark" if on_line else f"Question {q + 1}", 9)
        if on_line:
            box(95, y, legend, q=-1, kind="legend", ticked=None, mark=None)
        gap = side * rng.uniform(1.2, 2.5) if kind == "rating" else 70
        x = 150.0
        for i, (ch, label) in enumerate(zip(chars, labels, strict=True)):
            box(x, y, ch, q=q, kind=kind, ticked=answer == i,
                mark=mark if answer == i else None)
            if label:
                sheet.text(x + side + 5, y + 0.75 * side, label, 9)
            if answer == i:
                draw_mark(sheet, mark, x, y, side)
            x += side + gap
        y += 2.6 * side + 12
        if y > kinds.A4[1] - 60:
            break
    img = sheet.image(meta["dpi"], meta["degrade"], meta["angle"], n)
    sheet.doc.close()
    return img, boxes, meta


def run(pages: int, first: int = 0, jsonl: Any = None) -> list[dict[str, Any]]:
    from formsift.core.document import Page
    from formsift.core.plugins import default_registry

    seg = default_registry().create("segmenter", "checkboxes", None)
    out = []
    for n in range(first, first + pages):
        img, boxes, meta = make_page(n)
        h, w = img.shape[:2]
        found = seg.segment(img, Page(index=0, width=w, height=h, unit="px"))
        for b in boxes:
            cx, cy = kinds.where((b["x"], b["y"], meta["side"], meta["side"]), meta["dpi"],
                                 (w, h), meta["angle"])
            r = meta["side"] * meta["dpi"] / 72 / 3
            hit = next((f for f in found if abs((f.box.x0 + f.box.x1) / 2 * w - cx) < r
                        and abs((f.box.y0 + f.box.y1) / 2 * h - cy) < r), None)
            row = {"page": n, **b, **meta, "found": hit is not None,
                   "checked": hit.attrs["checked"] if hit else None,
                   "score": hit.score if hit else None, "attrs": hit.attrs if hit else None}
            out.append(row)
            if jsonl is not None:
                jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def tally(rows: list[dict[str, Any]]) -> tuple[Counter, Counter]:
    """(per box: (what, outcome, sure/doubted) -> count, per question: (outcome,
    accepted/review) -> count)."""
    boxes: Counter = Counter()
    questions: dict[tuple[int, int], list[tuple[str, bool]]] = defaultdict(list)
    for r in rows:
        sure = r["found"] and r["score"] >= kinds.DOUBT
        if not r["found"]:
            outcome = "not found"
        elif r["kind"] == "legend":
            outcome = "ticked" if r["checked"] else "not ticked"
        else:
            outcome = "right" if bool(r["checked"]) == r["ticked"] else "wrong"
        what = "legend" if r["kind"] == "legend" else "unticked" if not r["ticked"] else \
            "ticked, reaching" if r["mark"] in REACHING else "ticked, inside"
        boxes[(what, outcome, "sure" if sure else "doubted")] += 1
        if r["kind"] != "legend":
            questions[(r["page"], r["q"])].append((outcome, sure))
    qs: Counter = Counter()
    for answers in questions.values():
        qs[("right" if all(o == "right" for o, _ in answers) else "wrong",
            "accepted" if all(s for _, s in answers) else "review")] += 1
    return boxes, qs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--jsonl", help="write each box's reading here")
    args = ap.parse_args(argv)
    fh = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None  # noqa: SIM115
    try:
        rows = run(args.pages, args.first, fh)
    finally:
        if fh is not None:
            fh.close()
    boxes, qs = tally(rows)
    print(f"{'box':18} {'outcome':10} {'':8} count")
    for key in sorted(boxes):
        print(f"{key[0]:18} {key[1]:10} {key[2]:8} {boxes[key]}")
    print("questions:", ", ".join(f"{a} {b} {qs[(a, b)]}" for a, b in sorted(qs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
