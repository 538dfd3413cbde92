"""Machine-readable-zone lines read to their known length.

An MRZ line has a fixed number of characters (TD1 30, TD2 36, TD3 44; ICAO 9303) in a
monospaced face, and no spaces. Greedy CTC decoding loses characters on such lines: a
doubled letter or a run of ``<`` fillers is merged where the model writes no blank
between two of them, and a narrow letter is skipped ("P<AUSCHMD<<ANNA" for
"P<AUTSCHMIDT<<ANNA"); the word splitter then puts spaces into the line where the ink
has gaps.

A line that looks like an MRZ line (:func:`mrz_width`: nearly only ``A-Z 0-9 <``, about
30, 36 or 44 characters) is read again under the MRZ alphabet, and decoded with
:func:`ctc_exact`: the most probable CTC path that writes exactly that many characters
(a dynamic programme over the model's steps). A character the model hardly saw keeps
its low probability as its confidence.
"""

from __future__ import annotations

import re
from typing import Any

#: The line lengths of ICAO 9303's formats (TD1, TD2, TD3).
MRZ_WIDTHS = (30, 36, 44)
#: How far (in characters) a greedy reading may be from a format's width to be read
#: again at that width.
WIDTH_SLACK = 5
#: The share of a line's characters (spaces aside) that must be of the MRZ alphabet.
MRZ_SHARE = 0.85
_MRZ_CHAR = re.compile(r"[A-Z0-9<]")


#: The characters of an MRZ, in the order of :func:`mrz_columns`' columns (after the blank).
MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
#: What the model writes for characters of an MRZ: the CJK look-alikes of Latin letters
#: (``recognize.LATIN_LOOKALIKES``, but a dash) and of ``<``.
MRZ_LOOKALIKES = {"丨": "I", "工": "I", "〇": "O", "く": "<", "‹": "<", "〈": "<"}


def mrz_columns(probs: Any, model_chars: list[str]) -> Any:
    """The model's output (steps x its codes, code 0 the blank) as steps x (blank +
    :data:`MRZ_CHARS`): each MRZ character's column sums the codes that write it (the
    model's list holds some twice, a full-width "Ｈ" and "H" both "H" after NFKC) and
    its look-alikes (:data:`MRZ_LOOKALIKES`). Other codes are dropped."""
    import numpy as np

    out = np.zeros((probs.shape[0], len(MRZ_CHARS) + 1), np.float32)
    out[:, 0] = probs[:, 0]
    column = {ch: i + 1 for i, ch in enumerate(MRZ_CHARS)}
    for code, ch in enumerate(model_chars[1:], start=1):
        if (i := column.get(MRZ_LOOKALIKES.get(ch, ch))) is not None:
            out[:, i] += probs[:, code]
    return out


def greedy_length(columns: Any) -> int:
    """How many characters greedy CTC decoding reads from ``columns``."""
    best = columns.argmax(axis=1)
    starts = (best != 0) & (best != [0, *best[:-1]])
    return int(starts.sum())


def mrz_width(text: str) -> int | None:
    """The MRZ line width ``text`` (a greedy reading) is nearest to, if it looks like an
    MRZ line: holding ``<``, nearly all its characters (spaces aside) of ``A-Z 0-9 <``,
    within :data:`WIDTH_SLACK` characters of 30, 36 or 44."""
    t = "".join(text.split())
    if "<" not in t or len(_MRZ_CHAR.findall(t)) < MRZ_SHARE * len(t):
        return None
    width = min(MRZ_WIDTHS, key=lambda n: abs(n - len(t)))
    return width if abs(width - len(t)) <= WIDTH_SLACK else None


def mrz_like(text: str) -> bool:
    """Whether a line's greedy reading looks like an MRZ line (:func:`mrz_width`), or like
    the start of one that detection or greedy decoding cut short: holding ``<<`` and
    within :data:`WIDTH_SLACK` of a width once eight fillers are added."""
    t = "".join(text.split())
    return mrz_width(t) is not None or ("<<" in t and mrz_width(t + "<" * 8) is not None)


def mrz_pitch(lines: list[tuple[float, int]]) -> float | None:
    """The character pitch of the MRZ lines on a page (a share of its width), given each
    line's width and the length of its greedy reading: the lines of one zone share
    one pitch, and greedy decoding loses characters but hardly adds any, so the line read
    most fully (the smallest width per character) gives it. Only readings of at least
    25 characters count (a line cut apart says little); None without one."""
    pitches = [wide / count for wide, count in lines if count >= 25]
    return min(pitches) if pitches else None


def ctc_exact(probs: Any, n: int) -> list[tuple[int, float, int]] | None:
    """The most probable CTC path over ``probs`` (steps x codes, code 0 the blank) that
    writes exactly ``n`` characters, as (code, confidence, step) per character: the
    confidence is the highest probability of the code over the steps it holds, the step
    the first. None when the line has fewer than ``n`` steps."""
    import numpy as np

    steps, codes = probs.shape
    if n <= 0 or steps < n:
        return None
    lp = np.log(np.maximum(probs, 1e-12))
    # table[t, m, k]: the best log probability of a path up to step t that has written m
    # characters and holds code k at step t
    table = np.full((steps, n + 1, codes), -np.inf)
    table[0, 0, 0] = lp[0, 0]
    table[0, 1, 1:] = lp[0, 1:]
    for t in range(1, steps):
        prev = table[t - 1]
        table[t, :, 0] = prev.max(axis=1) + lp[t, 0]
        table[t, :, 1:] = prev[:, 1:] + lp[t, 1:]  # the same code held on
        started = _best_other(prev[:-1]) + lp[t, 1:]  # a new character
        table[t, 1:, 1:] = np.maximum(table[t, 1:, 1:], started)
    if not np.isfinite(table[-1, n].max()):
        return None
    return _backtrack(probs, table, n)


def _best_other(prev: Any) -> Any:
    """For each row of ``prev`` (characters written x codes) and each code k but the
    blank: the best of the row over the codes other than k (a new character k may follow
    a blank or another code, not itself)."""
    import numpy as np

    order = np.argsort(prev, axis=1)
    top, second = order[:, -1], order[:, -2]
    rows = np.arange(prev.shape[0])
    best = prev[rows, top][:, None].repeat(prev.shape[1], axis=1)
    best[rows, top] = prev[rows, second]
    return best[:, 1:]


def _backtrack(probs: Any, table: Any, n: int) -> list[tuple[int, float, int]]:
    """The characters of the best path ending in ``table``'s last step with ``n``
    written, as :func:`ctc_exact` returns them."""
    import numpy as np

    steps = table.shape[0]
    m, k = n, int(table[-1, n].argmax())
    path = [k]
    for t in range(steps - 1, 0, -1):
        prev = table[t - 1]
        if k == 0:
            k = int(prev[m].argmax())
        else:
            others = prev[m - 1].copy() if m > 0 else np.full(prev.shape[1], -np.inf)
            others[k] = -np.inf
            j = int(others.argmax())
            if others[j] > prev[m, k]:  # the character started at step t
                m, k = m - 1, j
        path.append(k)
    return _characters(probs, path[::-1])


def _characters(probs: Any, path: list[int]) -> list[tuple[int, float, int]]:
    """The characters a CTC path (a code per step) writes, as (code, confidence, first
    step): the confidence is the code's highest probability over its steps, capped by the
    path's probability at every step of the character, and since the previous one, where
    the path is not what the model found most probable (a character put in, or split off
    another, against the model's first choice)."""
    chars: list[list[float]] = []  # code, own probability, cap, first step
    cap = 1.0
    best = probs.argmax(axis=1)
    for t, k in enumerate(path):
        p = float(probs[t, k])
        forced = p if k != best[t] else 1.0
        if k and (t == 0 or k != path[t - 1]):
            chars.append([k, p, min(cap, forced), t])
            cap = 1.0
        elif k:
            chars[-1][1] = max(chars[-1][1], p)
            chars[-1][2] = min(chars[-1][2], forced)
        else:
            cap = min(cap, forced)
    return [(int(k), min(own, limit), int(t)) for k, own, limit, t in chars]
