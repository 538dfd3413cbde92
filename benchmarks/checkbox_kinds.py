"""How the ``checkboxes`` segmenter reads boxes of four kinds on generated forms: boxes
ticked by hand (ticks, crosses, pen "X"s, a handwriting font's marks; some over a printed
letter), empty boxes, boxes holding only a printed glyph (an "X" legend, "M"/"F", a
printed check mark, a rating's digit 1-5), and the cells of comb fields (printed or
handwritten characters, walls shared or a little apart); and rows of checkboxes set close
together (a rating scale with its numbers above, "Yes [] No [] N/A []" with short labels).

Pages are drawn with PyMuPDF at several box sizes, rendered at 150-300 dpi, turned by a
known small angle and degraded with :mod:`formsift.samples.scans` (noise, blur, JPEG,
uneven light). A box counts as found where a checkbox region's centre lies within a
third of its side of the drawn box's centre.

    python benchmarks/checkbox_kinds.py [--pages N] [--json out.json]

Right per kind: ticked -> found and ticked; empty / printed glyph -> found and not
ticked; comb cell -> no checkbox; tight-row box -> found and read as drawn. "doubted"
counts the boxes found with a confidence under 0.5 (their fields go to review), right or
wrong, and "<outcome>, doubted" each outcome's share of them (a wrong reading doubted goes
to review, one not doubted is accepted); the segmenter's CPU time a page is printed last.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from typing import Any

A4 = (595, 842)
INK = [(0.05, 0.05, 0.4), (0.1, 0.1, 0.1), (0.0, 0.15, 0.55)]
PRINTED = ["X", "M", "F", "1", "2", "3", "4", "5", "✓"]
FONTS = ["helv", "hebo", "tiro", "cour"]


class Sheet:
    """A generated page and what each box on it is."""

    def __init__(self, rng: random.Random, side: float) -> None:
        import pymupdf

        self.rng, self.side = rng, side
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=A4[0], height=A4[1])
        self.items: list[tuple[str, tuple[float, float, float, float], Any]] = []
        self.hand = _hand_fonts()

    # -- drawing --------------------------------------------------------------
    def box(self, x: float, y: float, s: float) -> None:
        import pymupdf

        self.page.draw_rect(pymupdf.Rect(x, y, x + s, y + s),
                            width=self.rng.choice([0.6, 0.8, 1.0]))

    def text(self, x: float, y: float, text: str, size: float, font: str = "helv") -> None:
        self.page.insert_text((x, y), text, fontname=font, fontsize=size)

    def printed(self, x: float, y: float, s: float, ch: str) -> None:
        """``ch`` printed centred in the box (a legend, a sex letter, a rating's digit)."""
        import pymupdf

        size = s * self.rng.uniform(0.6, 0.85)
        if ch == "✓":
            font, code = pymupdf.Font("zadb"), "✔" if self.rng.random() < 0.5 else "✓"
            width = font.text_length(code, fontsize=size)
            self.page.insert_text((x + (s - width) / 2, y + s / 2 + 0.35 * size), code,
                                  fontname="zadb", fontsize=size)
            return
        name = self.rng.choice(FONTS)
        width = pymupdf.get_text_length(ch, fontname=name, fontsize=size)
        self.page.insert_text((x + (s - width) / 2, y + s / 2 + 0.36 * size), ch,
                              fontname=name, fontsize=size)

    def mark(self, x: float, y: float, s: float) -> str:
        """A hand mark in the box: a tick, a cross (inside or overshooting), a small
        careful pen "X" clear of the frame, or a handwriting font's "X", "x" or "v"."""
        rng = self.rng
        kind = rng.choice(["tick", "tick", "cross", "cross", "pen_x", "font"])
        color, width = rng.choice(INK), rng.uniform(0.8, 1.8)

        def j(v: float) -> float:
            return v + rng.uniform(-0.05, 0.05) * s

        if kind == "tick":
            over = rng.uniform(-0.1, 0.4) * s
            self.page.draw_polyline([(j(x + 0.15 * s), j(y + 0.5 * s)),
                                     (j(x + 0.4 * s), j(y + 0.85 * s)),
                                     (j(x + 0.9 * s + over), j(y + 0.1 * s - over))],
                                    color=color, width=width)
        elif kind in ("cross", "pen_x"):
            a = rng.uniform(0.1, 0.2) if kind == "cross" else rng.uniform(0.25, 0.32)
            b = 1 - a
            self.page.draw_line((j(x + a * s), j(y + a * s)), (j(x + b * s), j(y + b * s)),
                                color=color, width=width)
            self.page.draw_line((j(x + b * s), j(y + a * s)), (j(x + a * s), j(y + b * s)),
                                color=color, width=width)
        else:
            font = rng.choice(self.hand)
            ch = rng.choice(["X", "x", "v", "X"])
            size = s * rng.uniform(0.9, 1.3)
            self.page.insert_text((x + 0.1 * s, y + 0.85 * s), ch, fontfile=str(font),
                                  fontname="hand", fontsize=size, color=color)
        return kind

    def hand_char(self, x: float, y: float, s: float, ch: str) -> None:
        font = self.rng.choice(self.hand)
        self.page.insert_text((x + 0.22 * s, y + 0.82 * s), ch, fontfile=str(font),
                              fontname="hand", fontsize=0.85 * s, color=self.rng.choice(INK))

    # -- rows -----------------------------------------------------------------
    def single_row(self, y: float) -> None:
        """Three labelled boxes: hand-ticked, empty, a printed glyph (some also ticked)."""
        s, rng = self.side, self.rng
        labels = ["Yes", "Male", "Female", "Agree", "Urgent", "Paid", "Other"]
        for x in (60, 230, 400):
            kind = rng.choice(["ticked", "empty", "glyph", "glyph", "glyph_ticked"])
            self.box(x, y, s)
            self.text(x + s + 5, y + 0.75 * s, rng.choice(labels), 9)
            if kind.startswith("glyph"):
                self.printed(x, y, s, rng.choice(PRINTED))
            if kind.endswith("ticked"):
                self.mark(x, y, s)
            self.items.append((kind, (x, y, s, s), kind.endswith("ticked")))

    def comb_row(self, y: float) -> None:
        """A comb field: 4 to 8 cells, walls shared or up to 0.45 of the side apart, one
        character in each (printed or handwritten; a few left blank at the end)."""
        s, rng = self.side * rng_pick(self.rng, [1.0, 1.2, 1.4]), self.rng
        gap = s * rng.choice([0.0, 0.0, 0.1, 0.2, 0.3, 0.45])
        n = rng.randint(4, 8)
        chars = "".join(rng.choice("0123456789ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(n))
        blank = rng.choice([0, 0, 0, 1, 2])
        hand = rng.random() < 0.5
        self.text(60, y + 0.75 * s, rng.choice(["Postcode", "Account", "Date", "Ref."]), 9)
        for i, ch in enumerate(chars):
            x = 130 + i * (s + gap)
            self.box(x, y, s)
            if i < n - blank:
                if hand:
                    self.hand_char(x, y, s, ch)
                else:
                    self.printed(x, y, s, ch)
            self.items.append(("comb", (x, y, s, s), None))

    def tight_row(self, y: float) -> None:
        """Checkboxes set close: a rating 1-5 with its numbers above the boxes (gaps of
        0.2 to 1 side), or "Yes [] No [] N/A []" with short labels between; one box ticked
        by hand, or none."""
        s, rng = self.side, self.rng
        ticked = rng.choice([None, 0, 1, 2, 3, 4])
        if rng.random() < 0.5:
            gap = s * rng.choice([0.2, 0.3, 0.45, 0.6, 1.0])
            self.text(60, y + 0.75 * s, "Rating", 9)
            for i in range(5):
                x = 130 + i * (s + gap)
                self.text(x + 0.3 * s, y - 2, str(i + 1), 7)
                self.box(x, y, s)
                if ticked == i:
                    self.mark(x, y, s)
                self.items.append(("tight_row", (x, y, s, s), ticked == i))
        else:
            x = 130
            for i, label in enumerate(["Yes", "No", "N/A"]):
                self.box(x, y, s)
                if ticked == i:
                    self.mark(x, y, s)
                self.items.append(("tight_row", (x, y, s, s), ticked == i))
                self.text(x + s + 2, y + 0.75 * s, label, 8)
                x += s + 4 + len(label) * 4.5

    def image(self, dpi: int, degrade: str, angle: float, seed: int) -> Any:
        import cv2

        from formsift.samples.scans import render_scan

        img = render_scan(self.doc.tobytes(), dpi=dpi, degrade="clean", seed=seed)[0]
        h, w = img.shape[:2]
        if angle:
            m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
            img = cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))
        if degrade != "clean":
            import numpy as np

            from formsift.samples import scans

            rng = np.random.default_rng(seed)
            for step in degrade.split("+"):
                img = scans._blur(img, rng, dpi) if step == "blur" else \
                    scans._STEPS[step](img, rng)
        return img


def rng_pick(rng: random.Random, options: list[float]) -> float:
    return rng.choice(options)


def _hand_fonts() -> list[Any]:
    from formsift.samples.handwritten import _fonts

    return _fonts()


def where(box: tuple[float, float, float, float], dpi: int, size: tuple[int, int],
          angle: float) -> tuple[float, float]:
    """The drawn box's centre in the turned image's pixels."""
    x, y, s, _ = box
    k = dpi / 72
    cx, cy = (x + s / 2) * k, (y + s / 2) * k
    w, h = size
    a = math.radians(angle)  # cv2's angle turns counter-clockwise on screen
    dx, dy = cx - w / 2, cy - h / 2
    return (w / 2 + dx * math.cos(a) + dy * math.sin(a),
            h / 2 - dx * math.sin(a) + dy * math.cos(a))


def outcome(kind: str, expected: Any, hit: Any) -> str:
    if kind == "comb":
        return "right" if hit is None else ("wrong: a ticked box" if hit.attrs["checked"]
                                            else "wrong: an empty box")
    if hit is None:
        return "not found"
    return "right" if bool(hit.attrs["checked"]) == bool(expected) else \
        ("wrong: ticked" if hit.attrs["checked"] else "wrong: empty")


#: A region's confidence under this sends its field to review (a doubted reading).
DOUBT = 0.5


def run(pages: int) -> dict[str, Counter]:
    from formsift.core.document import Page
    from formsift.core.plugins import default_registry

    registry = default_registry()
    seg = registry.create("segmenter", "checkboxes", None)
    tally: dict[str, Counter] = {}
    for n in range(pages):
        rng = random.Random(n)
        side = rng.choice([9, 11, 12, 14, 16])
        dpi = rng.choice([150, 200, 200, 300])
        degrade = rng.choice(["clean", "noise", "blur", "jpeg", "noise+blur+jpeg+lighting"])
        angle = rng.uniform(-0.8, 0.8)
        sheet = Sheet(rng, side)
        sheet.text(40, 50, f"Generated form {n}", 14, "hebo")
        y = 80.0
        for row in range(14):
            kind = ["single", "single", "comb", "tight"][row % 4]
            getattr(sheet, f"{kind}_row")(y)
            y += 3.2 * side + 14
            if y > A4[1] - 60:
                break
        img = sheet.image(dpi, degrade, angle, n)
        h, w = img.shape[:2]
        page = Page(index=0, width=w, height=h, unit="px")
        start = time.process_time()
        found = seg.segment(img, page)
        tally.setdefault("time", Counter())["cpu_ms"] += round(1000 * (time.process_time() - start))
        for kind, box, expected in sheet.items:
            cx, cy = where(box, dpi, (w, h), angle)
            r = box[2] * dpi / 72 / 3
            hit = next((f for f in found if abs((f.box.x0 + f.box.x1) / 2 * w - cx) < r
                        and abs((f.box.y0 + f.box.y1) / 2 * h - cy) < r), None)
            tally.setdefault(kind, Counter())[outcome(kind, expected, hit)] += 1
            if hit is not None and hit.score < DOUBT:
                tally[kind]["doubted"] += 1
                tally[kind][f"{outcome(kind, expected, hit)}, doubted"] += 1
        sheet.doc.close()
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    tally = run(args.pages)
    print(f"{'kind':14} {'boxes':>6} {'right':>6}  other readings")
    for kind in ("ticked", "glyph_ticked", "empty", "glyph", "comb", "tight_row"):
        c = tally.get(kind, Counter())
        total = sum(v for k, v in c.items() if "doubted" not in k)
        rest = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k != "right")
        print(f"{kind:14} {total:6} {c['right']:6}  {rest}")
    print(f"segmenter CPU time: {tally['time']['cpu_ms'] / max(1, args.pages):.0f} ms a page "
          f"(doubted: region confidence under {DOUBT}, its field to review)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({k: dict(v) for k, v in tally.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
