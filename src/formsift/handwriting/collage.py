"""Real handwritten words recombined into new lines (training only).

A few dozen real lines teach a recognizer their own word sequences: after a few epochs it
reads them back by heart and learns little more from them. Cut into words, the same
lines give every sequence of those words in every order, writers mixed on one line, so
what the model learns from them is the look of each hand, not each line's text.

:func:`cut_words` finds the word gaps of a line from a recognizer's reading of it (the
x positions of the spaces it decoded); a line whose reading does not have the
transcription's number of words is not cut. :class:`WordCollage` draws lines of 1 to 8 of
those word images side by side, each scaled to a shared height with a little jitter,
with paper-coloured gaps.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from formsift.handwriting.data import Source
from formsift.handwriting.preprocess import ink_box, model_crop

#: Words per drawn line (uniformly chosen).
MIN_WORDS, MAX_WORDS = 1, 8
#: Height every word image is scaled to (before augmentation), in pixels.
WORD_HEIGHT = 64


def _paper_white(img: Any) -> Any:
    """``img`` with its paper level moved to white, so words from different pages meet
    on one shade."""
    import numpy as np

    paper = float(np.percentile(img, 70))
    if paper < 40:
        return img
    return np.clip(img.astype(np.float32) * (255.0 / paper), 0, 255).astype(np.uint8)


def cut_words(gray: Any, text: str, reading: Any, crop: str = "ink"
              ) -> list[tuple[Any, str]]:
    """``(word image, word)`` pairs of one line image whose transcription is ``text``,
    cut at the spaces of ``reading`` (a :class:`~formsift.handwriting.decode.Decoded` of
    the same image by a model that cuts its lines with ``crop``, whose width the spaces'
    positions are fractions of); ``[]`` when the reading's words do not match the
    transcription's in number."""
    words = text.split()
    spaces = [c[2] for c in reading.chars if c[0] == " "]
    if len(words) < 2 or len(spaces) != len(words) - 1:
        return []
    line = model_crop(gray, crop)
    w = line.shape[1]
    cuts = [0] + [min(w, max(0, round(f * w))) for f in spaces] + [w]
    out = []
    for (a, b), word in zip(itertools.pairwise(cuts), words, strict=True):
        piece = line[:, a:b]
        if piece.shape[1] < 4 or ink_box(piece) is None:
            return []
        out.append((_paper_white(piece), word))
    return out


@dataclass
class WordCollage(Source):
    """Lines of real word images drawn from several real lines (see the module's text)."""

    words: list[tuple[Any, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.words:
            raise ValueError("no real words to recombine")

    def sample(self, rng: random.Random) -> tuple[Any, str]:
        import cv2
        import numpy as np

        n = rng.randint(MIN_WORDS, MAX_WORDS)
        picks = [self.words[rng.randrange(len(self.words))] for _ in range(n)]
        height = WORD_HEIGHT
        parts: list[Any] = []
        for i, (img, _) in enumerate(picks):
            h = max(8, round(height * rng.uniform(0.9, 1.1)))
            w = max(4, round(img.shape[1] * h / img.shape[0]))
            piece = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)
            top = rng.randint(0, height // 8)
            column = np.full((height + height // 8 + 12, w), 255, np.uint8)
            column[top:top + h] = piece[:column.shape[0] - top]
            if i:
                parts.append(np.full((column.shape[0], round(height * rng.uniform(0.25, 0.7))),
                                     255, np.uint8))
            parts.append(column)
        return np.hstack(parts), " ".join(word for _, word in picks)
