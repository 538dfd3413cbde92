"""CTC decoding of recognizer outputs (NumPy only): greedy best path with per-character
confidences and x positions, and decoding constrained by an alphabet and/or a pattern.

``probs`` is (T, C) probabilities or log-probabilities (class 0: blank); ``charset[i - 1]``
is class ``i``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decoded:
    text: str
    #: per character: (char, confidence 0..1, x of its centre as a fraction of the input)
    chars: tuple[tuple[str, float, float], ...]

    @property
    def confidence(self) -> float:
        return min((c[1] for c in self.chars), default=0.0)


def to_probs(out: Any) -> Any:
    """Probabilities from log-probabilities (the exported models output log_softmax)."""
    import numpy as np

    return np.exp(out) if out.max() <= 0 else out


def alphabet_mask(charset: str, alphabet: str | None) -> Any:
    """A 0/1 vector over classes allowing the blank and the characters of ``alphabet``."""
    import numpy as np

    if not alphabet:
        return None
    allowed = set(alphabet)
    return np.array([1.0] + [1.0 if c in allowed else 0.0 for c in charset], np.float32)


def greedy(probs: Any, charset: str, mask: Any = None, used_steps: int | None = None
           ) -> Decoded:
    """Best-path decoding; with ``mask`` only allowed classes compete (the others are
    removed before the argmax and the confidences renormalised)."""
    import numpy as np

    p = probs[:used_steps] if used_steps else probs
    if mask is not None:
        p = p * mask
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
    idx = p.argmax(axis=1)
    conf = p.max(axis=1)
    steps = max(1, len(idx))
    chars: list[tuple[str, float, float]] = []
    prev = 0
    start = 0
    for t, k in enumerate(idx):
        k = int(k)
        if k != prev:
            start = t
        if k != 0 and k != prev:
            chars.append((charset[k - 1], float(conf[t]), (t + 0.5) / steps))
        elif k != 0 and k == prev and chars:
            # a character spread over several steps: keep its best confidence and centre
            c, cf, _ = chars[-1]
            chars[-1] = (c, max(cf, float(conf[t])), ((start + t) / 2 + 0.5) / steps)
        prev = k
    return _respace(chars)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _respace(chars: list[tuple[str, float, float]]) -> Decoded:
    """Drop leading, trailing and doubled spaces from decoded characters."""
    out: list[tuple[str, float, float]] = []
    for c in chars:
        if c[0] == " " and (not out or out[-1][0] == " "):
            continue
        out.append(c)
    while out and out[-1][0] == " ":
        out.pop()
    return Decoded("".join(c[0] for c in out), tuple(out))


def realign(chars: Sequence[tuple[str, float, float]], text: str,
            cues: Sequence[float] | None = None
            ) -> tuple[list[tuple[str, float, float]], list[float]]:
    """``text`` (another reading of the same frames, such as a beam candidate) with the
    positions and confidences of the best reading ``chars`` (and its per-character space
    ``cues``), aligned by an edit alignment: dropping a stray "-" before a date does not
    shift the positions of the characters after it. A character that differs from the best
    reading's, or was not in it, gets its weakest confidence: the model preferred something
    else there."""
    from difflib import SequenceMatcher

    spaces = list(cues) if cues is not None else [0.0] * len(chars)
    low = min((c[1] for c in chars), default=0.5)
    old = "".join(c[0] for c in chars)
    out: list[tuple[str, float, float]] = []
    out_cues: list[float] = []
    carry = 0.0  # the space cue of dropped characters passes to the next one kept
    for op, a0, a1, b0, b1 in SequenceMatcher(None, old, text, autojunk=False).get_opcodes():
        if op == "delete":
            carry = max([carry, *spaces[a0:a1]])
            continue
        for k in range(b1 - b0):
            if op == "equal":
                out.append(chars[a0 + k])
                out_cues.append(max(carry, spaces[a0 + k]))
            else:  # replace or insert: between the neighbours of the changed stretch
                left = chars[a0 - 1][2] if a0 > 0 else 0.0
                right = chars[a1][2] if a1 < len(chars) else 1.0
                span = chars[a0 + k] if op == "replace" and a0 + k < a1 else None
                x = span[2] if span else left + (right - left) * (k + 1) / (b1 - b0 + 1)
                out.append((text[b0 + k], low, x))
                out_cues.append(max(carry, spaces[a0 + k]) if span else carry)
            carry = 0.0
    return out, out_cues


def _logaddexp(a: float, b: float) -> float:
    """log(exp(a) + exp(b)) for Python floats (the beam's inner loop: numpy's scalar
    ufunc costs ten times as much per call)."""
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a))


def step_candidates(logp: Any, k: int, floor: float, keep: float = 0.0
                    ) -> list[list[tuple[int, float]]]:
    """Per step of ``logp`` ((T, C) log-probabilities): its ``k`` most probable classes
    with a log-probability of at least ``floor`` and a probability of at least ``keep``
    times the step's best, as (class, log-probability), picked for all steps at once."""
    import numpy as np

    k = min(k, logp.shape[1])
    picks = np.argpartition(-logp, k - 1, axis=1)[:, :k] if k < logp.shape[1] else \
        np.tile(np.arange(logp.shape[1]), (logp.shape[0], 1))
    floors = np.maximum(floor, logp.max(axis=1) + math.log(keep)) if keep > 0 else \
        np.full(logp.shape[0], floor)
    return [[(int(c), float(row[c])) for c in cands if row[c] >= least]
            for row, cands, least in zip(logp, picks, floors, strict=True)]


def prefix_search(steps: list[list[tuple[int, float]]], width: int,
                  extend: Callable[[tuple[int, ...], int], tuple[int, ...]] | None = None,
                  prior: Callable[[tuple[int, ...]], float] | None = None
                  ) -> dict[tuple[int, ...], tuple[float, float]]:
    """CTC prefix beam search over ``steps`` (per step, its candidate (class, log-p);
    class 0 the blank): the ``width`` best prefixes left after the last step, each with
    (log p ending in blank, log p ending in non-blank). ``extend(prefix, c)`` makes the
    prefix one class longer (a caller keeps its own state per prefix there, e.g. a
    language model's); ``prior(prefix)`` is added to a prefix's CTC score when beams are
    ranked (the language model's weighted score), nothing when None."""
    add = _logaddexp
    ninf = -math.inf
    grow = extend or (lambda prefix, c: (*prefix, c))
    beams: dict[tuple[int, ...], tuple[float, float]] = {(): (0.0, ninf)}
    for cand in steps:
        nxt: dict[tuple[int, ...], list[float]] = {}
        for prefix, (pb, pnb) in beams.items():
            total = add(pb, pnb)
            last = prefix[-1] if prefix else -1
            for c, lp in cand:
                if c == 0:
                    e = nxt.setdefault(prefix, [ninf, ninf])
                    e[0] = add(e[0], total + lp)
                    continue
                e = nxt.setdefault(grow(prefix, c), [ninf, ninf])
                if last == c:
                    e[1] = add(e[1], pb + lp)
                    same = nxt.setdefault(prefix, [ninf, ninf])
                    same[1] = add(same[1], pnb + lp)
                else:
                    e[1] = add(e[1], total + lp)
        if prior is None:
            ranked = sorted(nxt.items(), key=lambda kv: -add(kv[1][0], kv[1][1]))
        else:
            ranked = sorted(nxt.items(), key=lambda kv: -(add(*kv[1]) + prior(kv[0])))
        beams = {key: (v[0], v[1]) for key, v in ranked[:width]}
    return beams


def beam(probs: Any, charset: Sequence[str], width: int = 8, mask: Any = None, top: int = 8
         ) -> list[tuple[str, float]]:
    """CTC prefix beam search: up to ``top`` (text, log-probability) candidates, best first."""
    import numpy as np

    p = probs * mask if mask is not None else probs
    if mask is not None:
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
    logp = np.log(np.maximum(p, 1e-12))
    steps = step_candidates(logp, width, -20.0)
    add = _logaddexp
    beams = prefix_search(steps, width)
    scored = sorted(((add(*v), key) for key, v in beams.items()), reverse=True)
    out = []
    seen = set()
    for score, prefix in scored:
        text = _tidy("".join(charset[i - 1] for i in prefix))
        if text not in seen:
            seen.add(text)
            out.append((text, score))
        if len(out) >= top:
            break
    return out
