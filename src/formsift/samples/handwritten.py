"""Scans of generated documents with handwritten content, for tests and benchmarks.

``handwritten_scan("delivery_note", seed)`` prints the delivery note without its delivered
quantities and receiver, writes them in a handwriting font installed on the system (Debian's
fonts-dkg-handwriting, fonts-breip, ... see docs/handwriting.md), signs the signature line
with a pen-like scribble (or leaves it empty), and renders the page as a scan. The same
seed gives the same pixels on a machine with the same fonts. ``truth`` holds the written
values and ``truth["signed"]``; ``boxes`` the page-relative box of each handwritten field.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from formsift.samples.generator import Sample, delivery_note

HANDWRITTEN_KINDS = ("delivery_note",)
PAGE_W, PAGE_H = 595.0, 842.0


@dataclass
class HandwrittenScan:
    name: str
    images: list[Any]
    truth: dict[str, Any]
    boxes: dict[str, list[float]] = field(default_factory=dict)
    font: str = ""


def _fonts() -> list[Any]:
    import string

    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.handwriting.synth import supported_chars

    # fonts whose digits and letters read as handwriting and are not capitals only, and
    # that draw every digit and letter (TypoScript has no digits: its quantities were
    # empty boxes on the page while the truth held numbers)
    wanted = set(string.digits + string.ascii_letters)
    fonts = [f for f in handwriting_fonts()
             if not f.parent.name.startswith(("bwht", "comic", "tomson", "humor", "yusei"))
             and wanted <= _chars(f, supported_chars)]
    if not fonts:
        raise ValueError("no handwriting font installed (e.g. apt-get install "
                         "fonts-dkg-handwriting fonts-breip fonts-femkeklaver)")
    return fonts


def _chars(font: Any, supported_chars: Any) -> set[str]:
    try:
        return set(supported_chars(str(font)))
    except OSError:
        return set()


def _signature(page: Any, box: list[float], rng: random.Random) -> None:
    """A signature-like scribble: a few connected Bezier strokes across the box."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    x = x0 + rng.uniform(2, 12)
    y = y1 - h * rng.uniform(0.3, 0.5)
    end = x0 + (x1 - x0) * rng.uniform(0.55, 0.95)
    shape = page.new_shape()
    while x < end:
        step = rng.uniform(10, 26)
        p1 = (x + step * 0.3, y - h * rng.uniform(0.2, 0.8))
        p2 = (x + step * 0.7, y + h * rng.uniform(-0.1, 0.4))
        p3 = (min(end, x + step), y1 - h * rng.uniform(0.2, 0.6))
        shape.draw_bezier((x, y), p1, p2, p3)
        x, y = p3
    if rng.random() < 0.6:  # the underline flourish
        shape.draw_bezier((x0 + 4, y1 - 3), (x0 + 30, y1 + 2), (end - 30, y1 - 6), (end, y1 - 2))
    shape.finish(color=(0.05, 0.1, 0.35), width=rng.uniform(0.8, 1.4), closePath=False)
    shape.commit()


def handwritten_scan(kind: str = "delivery_note", seed: int = 0, dpi: int = 200,
                     degrade: str = "clean", signed: bool | None = None) -> HandwrittenScan:
    """A scan of a generated ``kind`` document with its handwritten fields written by hand.

    ``signed``: sign the signature line (default: by the seed, three times in four)."""
    try:
        import PIL  # noqa: F401  (draws the handwriting fonts' glyphs)
    except ImportError:
        from formsift.core.errors import FormsiftError

        raise FormsiftError("handwritten samples need Pillow to draw the handwriting "
                            "fonts: pip install 'formsift[samples]'") from None
    import pymupdf

    from formsift.samples.scans import render_scan

    if kind not in HANDWRITTEN_KINDS:
        raise ValueError(f"no handwritten variant of {kind!r}; known: "
                         f"{', '.join(HANDWRITTEN_KINDS)}")
    sample: Sample = delivery_note(seed, handwritten=True)
    rng = random.Random(f"handwritten-{kind}-{seed}")
    fonts = _fonts()
    font = fonts[rng.randrange(len(fonts))]
    if signed is None:
        signed = rng.random() < 0.75
    truth = dict(sample.truth)
    truth["signed"] = signed
    boxes: dict[str, list[float]] = {}
    with pymupdf.open(stream=sample.pdf, filetype="pdf") as doc:
        page = doc[0]
        ink = (0.05, 0.1, 0.35) if rng.random() < 0.6 else (0.1, 0.1, 0.1)
        for slot in sample.handwriting:
            if slot.get("signature"):
                if signed:
                    _signature(page, slot["box"], rng)
                x0, y0, x1, y1 = slot["box"]
                boxes[slot["field"]] = [x0 / PAGE_W, y0 / PAGE_H, x1 / PAGE_W, y1 / PAGE_H]
                continue
            size = slot["size"] * rng.uniform(0.9, 1.15)
            text = slot["text"]
            width = pymupdf.Font(fontfile=str(font)).text_length(text, fontsize=size)
            x = slot["right"] - width if "right" in slot else slot["x"]
            y = slot["y"] + rng.uniform(-1.0, 1.0)
            page.insert_text((x, y), text, fontsize=size, fontfile=str(font), fontname="hand",
                             color=ink)
            boxes[slot["field"]] = [x / PAGE_W, (y - size) / PAGE_H, (x + width) / PAGE_W,
                                    (y + size * 0.3) / PAGE_H]
        pdf = doc.tobytes()
    images = render_scan(pdf, dpi=dpi, degrade=degrade, seed=seed)
    return HandwrittenScan(f"{sample.name}-handwritten", images, truth, boxes, font.name)
