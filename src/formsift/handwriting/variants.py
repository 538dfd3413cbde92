"""A handwritten line read in a few variants, the best-scored reading kept.

The recognizer reads a line as it is; a line leaning more than the model learnt (or less)
is misread where a straighter copy would not be, and the other way round (a cursive hand
the model was fine-tuned on, slant and all). So a line leaning more than
:data:`formsift.handwriting.slant.DEAD_ZONE` is also read sheared by each of
:data:`SHARES` of its measured slant (:func:`formsift.handwriting.slant.estimate_slant`)
and the reading whose best CTC path is the most probable is kept (:func:`path_score`:
the sum over the output's frames of the log of the frame's most probable class; frames of
blank between the characters cost almost nothing, so a sheared copy's wider image is no
penalty). A line leaning less is read once.

Chosen on synthetic lines only (the training fonts with new texts, six fonts never trained
on, held-out MNIST digit strings, each also sheared by known amounts). Off by default
(``crnn(variants=true)``): on the held-out real lines it lowered the CER of modern French
and raised that of a 19th-century cursive hand (docs/handwriting.md, "Reading a line in
several variants").
"""

from __future__ import annotations

from typing import Any

#: Shares of a line's measured slant removed in the copies read besides the line itself.
SHARES = (0.25, 0.5, 0.75)


def sheared_crops(gray: Any, shares: tuple[float, ...] = SHARES) -> list[Any]:
    """Copies of ``gray`` (a dark-on-light line crop cut as
    :func:`formsift.handwriting.preprocess.model_crop` cuts it) with each of ``shares`` of
    its slant removed, each trimmed to its ink again; none when the line leans less than
    ``slant.DEAD_ZONE``."""
    import numpy as np

    from formsift.handwriting.preprocess import PAPER_PERCENTILE, trimmed
    from formsift.handwriting.slant import DEAD_ZONE, estimate_slant, shear

    k = estimate_slant(gray)
    if abs(k) <= DEAD_ZONE:
        return []
    paper = int(np.percentile(gray, PAPER_PERCENTILE))
    return [trimmed(shear(gray, -share * k, paper)) for share in shares]


def path_score(probs: Any) -> float:
    """How sure the model is of a reading of ``probs`` ((T, C) probabilities, class 0 the
    blank): the log-probability of its best CTC path (the sum of each frame's most
    probable class's log-probability)."""
    import numpy as np

    return float(np.log(np.maximum(probs.max(axis=1), 1e-12)).sum())


def best_reading(readings: list[Any]) -> Any:
    """Of ``readings`` (the model's (T, C) probabilities for each variant of one line, the
    line as it is first), the one with the highest :func:`path_score`; the first on a
    tie."""
    scores = [path_score(p) for p in readings]
    return readings[scores.index(max(scores))]
