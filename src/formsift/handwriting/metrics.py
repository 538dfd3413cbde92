"""Character error rate: edit distance over reference length."""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(pairs: Iterable[tuple[str, str]]) -> float:
    """Corpus CER of (reference, hypothesis) pairs: total edits / total reference chars."""
    edits = chars = 0
    for ref, hyp in pairs:
        edits += edit_distance(ref, hyp)
        chars += len(ref)
    return edits / chars if chars else 0.0
