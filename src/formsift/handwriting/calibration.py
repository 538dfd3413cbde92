"""What a handwritten word's confidence means: the share of words read right.

The ``crnn`` model's character confidences are far too high on real handwriting: on the
held-out real lines of ``handwriting-dev``, a word whose weakest character scored 0.9 or
more is right about half the time, and one under 0.5 almost never. :data:`WORD_RIGHT`
maps the weakest character's confidence to the measured share of words read right, for
the shipped model (``benchmarks/calibrate_handwriting.py`` fits it on one half of the
held-out lines and checks it on the other). The recognizer gives each word this
probability as its confidence; a text value read from handwriting is no surer than its
weakest word (see ``formsift.templates.confidence``).
"""

from __future__ import annotations

#: Lower bounds of the bins of the weakest character's confidence.
BOUNDS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)
#: The share of words read right in each bin (shipped model; fitted, non-decreasing).
WORD_RIGHT: tuple[float, ...] = (0.04, 0.08, 0.16, 0.27, 0.57, 0.58)


def word_right(weakest: float, table: tuple[float, ...] = WORD_RIGHT) -> float:
    """The probability that a word is read right, from its weakest character's
    confidence."""
    index = max(i for i, lo in enumerate(BOUNDS) if weakest >= lo or i == 0)
    return table[index]


def fit(words: list[tuple[float, bool]]) -> tuple[float, ...]:
    """The table from (weakest character confidence, right) pairs: the share right per
    bin (an empty bin takes its lower neighbour's), made non-decreasing (pooled with the
    bins after it where it is not)."""
    counts = [[0, 0] for _ in BOUNDS]
    for conf, right in words:
        c = counts[max(i for i, lo in enumerate(BOUNDS) if conf >= lo or i == 0)]
        c[0] += 1
        c[1] += int(right)
    # pool adjacent violators: a bin above a higher one is merged with it
    blocks: list[list[float]] = []  # [words, right, bins]
    for n, r in counts:
        blocks.append([n, r, 1])
        while len(blocks) > 1 and _share(blocks[-2]) > _share(blocks[-1]):
            n2, r2, b2 = blocks.pop()
            blocks[-1] = [blocks[-1][0] + n2, blocks[-1][1] + r2, blocks[-1][2] + b2]
    out: list[float] = []
    for block in blocks:
        out += [round(_share(block), 2)] * int(block[2])
    return tuple(out)


def _share(block: list[float]) -> float:
    return block[1] / block[0] if block[0] else 0.0
