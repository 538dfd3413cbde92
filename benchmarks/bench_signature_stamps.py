"""Signature boxes with rubber stamps: signed / unsigned as ``read_mark`` reads them with a
signature's defaults (the CMR journey's finding 1: a stamp alone read as a signature).

Each case is a box of 230 x 170 pt (a CMR's box 24, its frame ruled, its caption printed
small and masked as OCR would) holding, at random by seed: no stamp, a rectangular stamp
(double frame, two or three lines of capitals) or a ring stamp
(``formsift.samples.stamps``), blue, violet or black, turned -25 to 25 degrees; and no
signature, pen strokes (``formsift.samples.handwritten._signature``) or a surname in a
handwriting font, across the stamp or beside it; rendered at 150, 200 or 300 dpi, clean,
with noise, with noise, blur, JPEG and uneven light (a deskewed scan), or so and a
colour cast (a photo). Counted per stamp / no stamp and truth: read signed or unsigned,
sure (confidence 0.5 or more) or doubted.

    python benchmarks/bench_signature_stamps.py [--cases 300]
"""

from __future__ import annotations

import argparse
import math
import random
from collections import Counter
from typing import Any

W, H = 230, 170
COLOURS = {"blue": (0.1, 0.25, 0.7), "violet": (0.42, 0.18, 0.62), "black": (0.12, 0.12, 0.12)}
PENS = [(0.05, 0.1, 0.35), (0.1, 0.1, 0.12), (0.15, 0.2, 0.6)]
NAMES = ["Kowalski", "Schäfer", "Dubois", "M. Weber", "Jansen", "Nowak", "Haller"]
TEXTS = [["KÖHLER KG", "WARENANNAHME"], ["SPEDITION NORD GMBH", "Hafenstr. 12", "28197 Bremen"],
         ["BAUMARKT SCHÄFER", "WARENEINGANG", "12. MRZ 2025"],
         ["TRANS-POL SP. Z O.O.", "NIP 894-123-45-67"]]


def _stamp(page: Any, rng: random.Random, kind: str, colour: tuple) -> tuple:
    """Draw a stamp of ``kind`` wholly in the box; its bounds (points)."""
    from formsift.samples.stamps import round_stamp, rubber_stamp

    angle = rng.uniform(-25, 25)
    if kind == "round":
        r = rng.uniform(28, 38)
        c = (rng.uniform(10 + r, W - 10 - r), rng.uniform(10 + r, H - 22 - r))
        round_stamp(page, c, r, rng.choice(TEXTS), colour, angle)
        return c[0] - r, c[1] - r, c[0] + r, c[1] + r
    sw, sh = rng.uniform(110, 140), rng.uniform(45, 60)
    a = math.radians(abs(angle))
    ew, eh = sw * math.cos(a) + sh * math.sin(a), sw * math.sin(a) + sh * math.cos(a)
    cx = rng.uniform(4 + ew / 2, W - 4 - ew / 2) if ew < W - 8 else W / 2
    cy = rng.uniform(4 + eh / 2, H - 20 - eh / 2) if eh < H - 24 else H / 2
    rubber_stamp(page, (cx - sw / 2, cy - sh / 2, cx + sw / 2, cy + sh / 2),
                 rng.choice(TEXTS), colour, angle)
    return cx - ew / 2, cy - eh / 2, cx + ew / 2, cy + eh / 2


def _sign(page: Any, rng: random.Random, kind: str, near: tuple | None, fonts: list) -> None:
    """Sign the box: pen strokes or a name in a handwriting font, across ``near`` (a
    stamp's bounds) or beside it."""
    from formsift.samples.handwritten import _signature

    sw, sh = rng.uniform(90, 150), rng.uniform(30, 50)
    if near is not None and rng.random() < 0.5:  # across the stamp
        cx = (near[0] + near[2]) / 2 + rng.uniform(-20, 20)
        cy = (near[1] + near[3]) / 2 + rng.uniform(-10, 15)
        x, y = cx - sw / 2, cy - sh / 2
    else:
        x, y = rng.uniform(12, W - sw - 12), rng.uniform(15, H - 30 - sh)
    if kind == "pen":
        _signature(page, [x, y, x + sw, y + sh], rng)
        return
    page.insert_text((x + 3, y + sh - 8), rng.choice(NAMES), fontsize=rng.uniform(16, 24),
                     fontfile=str(rng.choice(fonts)), fontname="hw", color=rng.choice(PENS))


def case(seed: int, fonts: list) -> tuple[Any, list, bool, bool]:
    """(image, masks, signed, stamped) of case ``seed``."""
    import numpy as np
    import pymupdf

    from formsift.samples import scans

    rng = random.Random(seed)
    stamp = rng.choice(["none", "rect", "rect", "round"])
    sig = rng.choice(["none", "pen", "font"])
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.draw_rect(pymupdf.Rect(6, 6, W - 6, H - 6), color=(0, 0, 0), width=0.7)
    page.insert_text((10, H - 10), "Unterschrift und Stempel des Empfängers / Signature",
                     fontsize=5)
    near = None if stamp == "none" else _stamp(page, rng, stamp, rng.choice(list(COLOURS.values())))
    if sig != "none":
        _sign(page, rng, sig, near, fonts)
    dpi, degrade = rng.choice([150, 200, 300]), rng.choice(["clean", "noise", "scan", "photo"])
    img = scans.render_scan(doc.tobytes(), dpi, "clean" if degrade == "scan" else
                            "noise" if degrade == "noise" else "clean", seed)[0]
    if degrade in ("scan", "photo"):
        noise = np.random.default_rng(seed)
        for step in ("noise", "blur", "jpeg", "lighting"):
            img = scans._blur(img, noise, dpi) if step == "blur" else scans._STEPS[step](img, noise)
    if degrade == "photo":
        img = np.clip(img.astype(np.float32) * np.array([0.92, 0.97, 1.0]) * 0.9 + 10, 0, 255)
        img = img.astype(np.uint8)
    h, w = img.shape[:2]
    caption = (int(8 / W * w), int((H - 17) / H * h), int(150 / W * w), int((H - 8) / H * h))
    return img, [caption], sig != "none", stamp != "none"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=300)
    args = ap.parse_args()
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.plugins.handwriting.marks import SignatureType, read_mark

    fonts = handwriting_fonts()[:40]
    sig = SignatureType({})
    counts: Counter = Counter()
    for seed in range(args.cases):
        img, masks, signed, stamped = case(seed, fonts)
        r = read_mark(img, masks, sig.default_ink, sig.default_extent, sig.default_across)
        counts[(stamped, signed, r.present, r.confidence >= 0.5)] += 1
    print(f"{'':10} {'truth':9} {'signed sure':>12} {'signed doubt':>13} "
          f"{'unsigned sure':>14} {'unsigned doubt':>15}")
    for stamped in (True, False):
        for signed in (True, False):
            row = [counts[(stamped, signed, p, s)] for p in (True, False) for s in (True, False)]
            print(f"{'stamp' if stamped else 'no stamp':10} {'signed' if signed else 'unsigned':9} "
                  f"{row[0]:>12} {row[1]:>13} {row[2]:>14} {row[3]:>15}")


if __name__ == "__main__":
    main()
