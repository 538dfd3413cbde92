"""Training data streams (training only): synthetic font lines, MNIST digit strings and
real line images, mixed by weight, augmented, preprocessed and bucketed into batches."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formsift.handwriting import augment as aug
from formsift.handwriting.charset import normalize_text
from formsift.handwriting.corpus import LineSample
from formsift.handwriting.preprocess import line_tensor

#: Real images are shrunk to this height when loaded (augmentation cost; the model sees 32).
LOAD_HEIGHT = 64


def load_gray(path: Path, height: int = LOAD_HEIGHT) -> Any:
    import cv2

    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if img is None:
        from formsift.core.errors import FormsiftError

        raise FormsiftError(f"{path}: cannot read this image")
    if img.shape[0] > height:
        w = max(8, round(img.shape[1] * height / img.shape[0]))
        img = cv2.resize(img, (w, height), interpolation=cv2.INTER_AREA)
    return img


@dataclass
class Source:
    """One stream of (uint8 image, text) pairs."""

    weight: float
    #: Whether :class:`Mixture` may draw this source's lines between two more of its lines
    #: (``neighbour_lines``).
    stackable = True

    def sample(self, rng: random.Random) -> tuple[Any, str]:
        raise NotImplementedError


@dataclass
class FontLines(Source):
    fonts: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        from formsift.handwriting.synth import LineRenderer

        self.renderer = LineRenderer(self.fonts)

    def sample(self, rng: random.Random) -> tuple[Any, str]:
        from formsift.handwriting import vocab

        return self.renderer.render(vocab.line(rng), rng)


@dataclass
class DigitStrings(Source):
    folder: Path = Path()
    split: str = "train"
    stackable = False

    def __post_init__(self) -> None:
        from formsift.handwriting.mnist import Digits

        self.digits = Digits(self.folder, self.split)

    def sample(self, rng: random.Random) -> tuple[Any, str]:
        from formsift.handwriting.mnist import digit_string

        text = digit_string(rng)
        return self.digits.render(text, rng), text


@dataclass
class RealLines(Source):
    samples: list[LineSample] = field(default_factory=list)
    charset: str = ""

    def __post_init__(self) -> None:
        self.items = [(load_gray(s.image), normalize_text(s.text, self.charset))
                      for s in self.samples]
        self.items = [it for it in self.items if it[1]]

    def sample(self, rng: random.Random) -> tuple[Any, str]:
        img, text = self.items[rng.randrange(len(self.items))]
        return img, text


def encode(text: str, index: dict[str, int]) -> list[int]:
    return [index[c] for c in text if c in index]


class Mixture:
    """Draws from several sources by weight; augments with ``strength``.

    ``neighbour_lines``: the share of lines (of stackable sources) cut out between two
    more lines of their source written close above and below
    (:func:`~formsift.handwriting.augment.between_lines`); ``crop`` and ``deslant``: how
    each line is cut for the model (:func:`~formsift.handwriting.preprocess.model_crop`),
    the same at validation and, through the model's metadata, at inference."""

    def __init__(self, sources: list[Source], charset: str, strength: float = 1.0,
                 neighbour_lines: float = 0.0, crop: str = "ink",
                 deslant: bool = False) -> None:
        from formsift.handwriting.preprocess import CROPS

        if crop not in CROPS:
            raise ValueError(f"unknown line crop {crop!r} (known: {', '.join(CROPS)})")
        self.sources = [s for s in sources if s.weight > 0]
        self.charset = charset
        self.index = {c: i + 1 for i, c in enumerate(charset)}
        self.strength = strength
        self.neighbour_lines = neighbour_lines
        self.crop = crop
        self.deslant = deslant

    def draw(self, rng: random.Random, augmented: bool = True) -> tuple[Any, str]:
        total = sum(s.weight for s in self.sources)
        pick = rng.uniform(0, total)
        src = self.sources[-1]
        for s in self.sources:
            pick -= s.weight
            if pick <= 0:
                src = s
                break
        img, text = src.sample(rng)
        text = normalize_text(text, self.charset)
        if augmented and src.stackable and self.neighbour_lines > 0 \
                and rng.random() < self.neighbour_lines:
            img = aug.between_lines(img, src.sample(rng)[0], src.sample(rng)[0], rng)
        if augmented and self.strength > 0:
            other = src.sample(rng)[0] if rng.random() < 0.3 else None
            img = aug.augment(img, rng, other, self.strength)
        return img, text

    def tensor(self, img: Any) -> Any:
        """The model input for one line image, cut as this mixture's model reads it."""
        return line_tensor(img, crop=self.crop, deslant=self.deslant)

    def batches(self, rng: random.Random, batch: int, bucket: int = 4) -> Any:
        """Endless stream of batches: (x, targets, target_lengths, widths, texts)."""
        import numpy as np

        from formsift.handwriting.preprocess import batch as stack

        while True:
            pool = []
            while len(pool) < batch * bucket:
                img, text = self.draw(rng)
                if not text:
                    continue
                t = self.tensor(img)
                # CTC needs at least one step per character (two for repeats)
                if t.shape[2] // 2 < len(text) + 2:
                    continue
                pool.append((t, text))
            pool.sort(key=lambda p: p[0].shape[2])
            groups = [pool[i:i + batch] for i in range(0, len(pool), batch)]
            rng.shuffle(groups)
            for g in groups:
                x, widths = stack([t for t, _ in g])
                codes = [encode(text, self.index) for _, text in g]
                targets = np.array([c for cs in codes for c in cs], np.int64)
                lengths = np.array([len(cs) for cs in codes], np.int64)
                yield x, targets, lengths, np.array(widths, np.int64), [t for _, t in g]
