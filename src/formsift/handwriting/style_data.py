"""Data for the printed/handwritten classifier (training only; needs Pillow).

Handwritten: lines in handwriting fonts, real handwriting-dev lines, MNIST digit strings,
handwritten fields of generated delivery-note scans. Printed: lines in regular fonts, SROIE
receipt line crops, printed lines of generated document scans. Every source is split into a
``train`` and a ``test`` part that share nothing: fonts by a hash of the font file name
(a third of the fonts are test-only), handwriting-dev by :func:`.corpus.dev_split`
(fine-tune half: train; held-out half: test), SROIE by a hash of the receipt id, MNIST by
:func:`.mnist.in_split`, generated documents by seed (train 100+, test 200+).
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formsift.handwriting import augment as aug
from formsift.handwriting import vocab
from formsift.handwriting.corpus import dev_split
from formsift.handwriting.fonts import handwriting_fonts, printed_fonts


def _part(key: str) -> str:
    return "test" if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 3 == 0 else "train"


def font_family(font: Path) -> str:
    """``DejaVuSans-Bold`` -> ``dejavusans``, ``dkgIt`` -> ``dkg``."""
    return re.sub(r"(BI|Bd|It|Bold|Italic|Oblique|Regular)$", "", font.stem.split("-")[0]).lower()


def font_part(fonts: list[Path], part: str) -> list[Path]:
    """Fonts of one part; a family stays in one part."""
    return [f for f in fonts if _part(font_family(f)) == part]


def sroie_lines(folder: Path, part: str, limit: int, rng: random.Random) -> list[Any]:
    """Printed line crops from SROIE receipts of one part (by a hash of the receipt id)."""
    import cv2
    import numpy as np

    crops: list[Any] = []
    ids = sorted(p.stem for p in (folder / "box").glob("*.csv"))
    ids = [i for i in ids if _part(f"sroie-{i}") == part]
    per = max(1, limit // max(1, len(ids)) + 1)
    for rid in ids:
        img = cv2.imread(str(folder / "img" / f"{rid}.jpg"), cv2.IMREAD_GRAYSCALE)
        if img is None:
            continue
        with (folder / "box" / f"{rid}.csv").open(encoding="utf-8", errors="replace") as f:
            rows = [r for r in csv.reader(f) if len(r) >= 9]
        rng.shuffle(rows)
        for r in rows[:per]:
            try:
                pts = np.array([int(float(v)) for v in r[:8]]).reshape(4, 2)
            except ValueError:
                continue
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            if x1 - x0 < 10 or y1 - y0 < 6:
                continue
            pad = max(1, (y1 - y0) // 6)
            crops.append(img[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad])
    rng.shuffle(crops)
    return crops[:limit]


def _generated_scans(part: str, n_docs: int) -> Iterator[tuple[Any, Any, Any]]:
    """(sample, its scan, a ``handwritten_scan`` delivery note of the same seed, dpi and
    degradation) for each of ``n_docs`` generated documents (train: seeds 100+, test:
    seeds 200+; invoices, receipts, payslips and delivery notes in turn)."""
    from formsift.samples import generate, render_scan
    from formsift.samples.handwritten import handwritten_scan

    base = 100 if part == "train" else 200
    kinds = ("invoice", "receipt", "payslip", "delivery_note")
    degrades = ("clean", "noise", "blur", "jpeg", "lighting")
    for i in range(n_docs):
        seed = base + i
        dpi = (150, 200, 300)[i % 3]
        degrade = degrades[i % len(degrades)]
        sample = generate(kinds[i % len(kinds)], seed)
        image = render_scan(sample.pdf, dpi=dpi, degrade=degrade, seed=seed)[0]
        yield sample, image, handwritten_scan(seed=seed, dpi=dpi, degrade=degrade)


def document_lines(part: str, n_docs: int) -> tuple[list[Any], list[Any]]:
    """(printed, handwritten) line crops from generated documents: the printed lines of
    invoices, receipts, payslips and delivery notes rendered as scans, cut at the PDF's
    text boxes, and the handwritten fields of ``handwritten_scan`` delivery notes."""
    import pymupdf

    printed: list[Any] = []
    hand: list[Any] = []
    for sample, image, scan in _generated_scans(part, n_docs):
        with pymupdf.open(stream=sample.pdf) as doc:
            page = doc[0]
            sx, sy = image.shape[1] / page.rect.width, image.shape[0] / page.rect.height
            lines: dict[tuple[int, int], list[float]] = {}
            for x0, y0, x1, y1, _, block, line, _ in page.get_text("words"):
                b = lines.setdefault((block, line), [x0, y0, x1, y1])
                lines[(block, line)] = [min(b[0], x0), min(b[1], y0), max(b[2], x1),
                                        max(b[3], y1)]
        for x0, y0, x1, y1 in lines.values():
            printed.append(image[int(y0 * sy):int(y1 * sy) + 1, int(x0 * sx):int(x1 * sx) + 1])
        img = scan.images[0]
        h, w = img.shape[:2]
        for name, (x0, y0, x1, y1) in scan.boxes.items():
            if name != "signed":
                hand.append(img[int(y0 * h):int(y1 * h) + 1, int(x0 * w):int(x1 * w) + 1])
    return printed, hand


def detected_lines(part: str, n_docs: int) -> tuple[list[Any], list[Any]]:
    """(printed, handwritten) line crops as the ``handwriting`` segmenter sees them: the
    lines PP-OCR's detector finds on the generated documents of :func:`document_lines`,
    cut out by the recognizer's own perspective crop (its margins and interpolation differ
    from a crop of the PDF's text boxes). On the handwritten delivery notes, a line is
    handwritten when it lies mostly inside a handwritten field's box; the signature line
    is left out."""
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.plugins.ocr.detect import PPOCRDetector
    from formsift.plugins.ocr.recognize import _crop

    detector = PPOCRDetector()
    detector.ensure_ready()
    printed: list[Any] = []
    hand: list[Any] = []
    for _, image, scan in _generated_scans(part, n_docs):
        page = Page(0, image.shape[1], image.shape[0], "px")
        printed += [_crop(image, r) for r in detector.segment(image, page)]
        image = scan.images[0]
        page = Page(0, image.shape[1], image.shape[0], "px")
        boxes = {name: Box(*b) for name, b in scan.boxes.items()}
        for r in detector.segment(image, page):
            inside = {name: r.box.intersection_area(b) / max(1e-9, r.box.area())
                      for name, b in boxes.items()}
            if inside.get("signed", 0.0) > 0.2:
                continue
            if max(inside.values(), default=0.0) > 0.5:
                hand.append(_crop(image, r))
            elif max(inside.values(), default=0.0) < 0.05:
                printed.append(_crop(image, r))
    return printed, hand


def style_samples(corpora: Path, part: str, n_synth: int, seed: int = 0
                  ) -> tuple[list[Any], list[int], list[str]]:
    """(images, labels 1=handwritten, source names) for one part."""
    from formsift.handwriting.data import load_gray
    from formsift.handwriting.mnist import Digits, digit_string
    from formsift.handwriting.synth import LineRenderer

    rng = random.Random(f"style-{part}-{seed}")
    images: list[Any] = []
    labels: list[int] = []
    sources: list[str] = []

    def add(img: Any, label: int, source: str) -> None:
        images.append(img)
        labels.append(label)
        sources.append(source)

    hand = LineRenderer(font_part(handwriting_fonts(), part))
    printed = LineRenderer(font_part(printed_fonts(), part))
    for _ in range(n_synth):
        img, _ = hand.render(vocab.line(rng), rng)
        add(aug.augment(img, rng, warp=False, strength=0.7), 1, "font-handwriting")
        img, _ = printed.render(vocab.line(rng), rng, handwriting=False)
        add(aug.augment(img, rng, warp=False, strength=0.7), 0, "font-printed")
    split = dev_split(corpora / "handwriting-dev")["finetune" if part == "train" else "heldout"]
    for s in split:
        add(load_gray(s.image, 96), 1, "handwriting-dev")
    digits = Digits(corpora / "mnist-t10k", "train" if part == "train" else "heldout")
    for _ in range(n_synth // 4):
        add(aug.augment(digits.render(digit_string(rng), rng), rng, warp=False,
                        strength=0.7), 1, "mnist-digits")
    for crop in sroie_lines(corpora / "sroie-dev", part, n_synth // 2, rng):
        add(crop, 0, "sroie-receipts")
    printed_docs, hand_docs = document_lines(part, max(4, n_synth // 30))
    for crop in printed_docs:
        add(crop, 0, "sample-documents-printed")
    for crop in hand_docs:
        add(crop, 1, "sample-documents-handwritten")
    printed_docs, hand_docs = detected_lines(part, max(4, n_synth // 30))
    for crop in printed_docs:
        add(crop, 0, "detected-lines-printed")
    for crop in hand_docs:
        add(crop, 1, "detected-lines-handwritten")
    return images, labels, sources
