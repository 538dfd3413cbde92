"""Made-up recognizer outputs for decoding tests."""

from __future__ import annotations

import numpy as np


def frames(spec: list[dict[str, float]], charset: str) -> np.ndarray:
    """(T, C) log-probabilities over ``charset`` (class 0 the blank): each step of ``spec``
    a {char: p} dict, the rest on the blank, with a blank step between characters."""
    steps = [s for step in spec for s in (step, {})]
    p = np.full((len(steps), len(charset) + 1), 1e-6)
    for t, step in enumerate(steps):
        for ch, v in step.items():
            p[t, charset.index(ch) + 1] = v
        p[t, 0] = max(1e-6, 1.0 - sum(step.values()))
    return np.log(p / p.sum(axis=1, keepdims=True))
