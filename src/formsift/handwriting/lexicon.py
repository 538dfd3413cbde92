"""Word-list correction of handwritten lines: a noisy channel over the recognizer's output.

A word the recognizer read that is not in the word list is compared with the listed words
one or two edits away: each is scored by how probable the model's own output makes it
(the CTC likelihood of that spelling over the word's time steps) times how common the word
is; the best of these and the reading itself wins. The reading keeps its own score with
the probability of an unlisted word (one occurrence in the whole list). Words that are
not all letters, and words the list knows, are left alone.

Word lists: the frequency lists that ship inside the ``pyspellchecker`` wheel
(``pip install "formsift[lexicon]"``; ``en``, ``fr``, ``de``, ``es``, ``it``, ``pt``,
``nl`` ...), or a text file of the user's own (one word per line, optionally followed by a
count; a word without one counts :data:`DEFAULT_COUNT`). Nothing is downloaded.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError
from formsift.handwriting.decode import Decoded, realign

#: The count of a word a file lists without one: a listed word is then this many times as
#: likely as an unlisted reading (one occurrence). With 1, a list without counts changed
#: nothing: a listed neighbour had the unlisted reading's prior and lost on the model's own
#: likelihood (cheque journey, finding 2). ``python benchmarks/bench_word_list_counts.py``
#: (generated handwritten lines; seed 0, 160 lines): listed words read right 213 -> 226 of
#: 233 with 10 (228 with 100, 230 with 1000), words outside the list one or two edits from
#: a listed one kept 206 -> 205 of 227 (201 with 100, 199 with 1000). Held out (seed 1, read
#: after 10 was chosen): listed 213 -> 225 of 235, outside kept 223 -> 223 of 249 (220 with
#: 100, 215 with 1000).
DEFAULT_COUNT = 10

#: Words longer than this get only one-edit neighbours (two edits grow too many).
MAX_TWO_EDITS = 10
_PUNCT = ".,;:!?()[]\"'«»’“”"


class Lexicon:
    """Word frequencies (lower case) and the neighbours of a word in them."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.total = max(1, sum(counts.values()))
        self.letters = "".join(sorted({c for w in counts for c in w}))

    def log_prior(self, word: str) -> float:
        return math.log(max(1, self.counts.get(word.lower(), 0)) / self.total)

    def known(self, word: str) -> bool:
        return word.lower() in self.counts

    def neighbours(self, word: str) -> set[str]:
        """Listed words one (and, for words up to MAX_TWO_EDITS letters, two) edits from
        ``word`` (lower case)."""
        w = word.lower()
        one = _edits(w, self.letters)
        out = {x for x in one if x in self.counts}
        if len(w) <= MAX_TWO_EDITS:
            out |= {y for x in one for y in _edits(x, self.letters) if y in self.counts}
        out.discard(w)
        return out


def _edits(w: str, letters: str) -> set[str]:
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def _is_file(name: str) -> bool:
    """Whether ``name`` names a word-list file (rather than a language code)."""
    return bool(Path(name).suffix) or Path(name).exists()


def problem(name: str) -> str | None:
    """Why ``name`` cannot be loaded as a word list (checked when a template is), or None.
    A file is checked when it is read."""
    if _is_file(name):
        return None
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return f"word list {name!r} needs pyspellchecker: pip install 'formsift[lexicon]'"
    known = sorted(SpellChecker.languages())
    if name not in known:
        return f"no word list for language {name!r}; known: {', '.join(known)}"
    return None


@functools.lru_cache(maxsize=8)
def load(name: str) -> Lexicon:
    """A word list: a language code of pyspellchecker's lists, or a file path."""
    path = Path(name)
    if _is_file(name):
        if not path.is_file():
            raise FormsiftError(f"word list {name}: no such file")
        counts: dict[str, int] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            n = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else DEFAULT_COUNT
            counts[parts[0].lower()] = counts.get(parts[0].lower(), 0) + n
        return Lexicon(counts)
    why = problem(name)
    if why:
        raise FormsiftError(why)
    from spellchecker import SpellChecker

    checker = SpellChecker(language=name, distance=1)
    return Lexicon(dict(checker.word_frequency.dictionary))


def ctc_log_likelihood(logp: Any, labels: Sequence[int]) -> float:
    """log P(labels | frames) under CTC (class 0 the blank) for log-probabilities ``logp``
    of shape (T, C)."""
    import numpy as np

    steps = logp.shape[0]
    if not labels:
        return float(logp[:, 0].sum())
    ext = [0]
    for k in labels:
        ext += [k, 0]
    s = len(ext)
    if steps < len(labels):
        return -math.inf
    ext_a = np.array(ext)
    # a label may skip the blank before it when it differs from the label two back
    skip = np.zeros(s, bool)
    skip[2:] = (ext_a[2:] != 0) & (ext_a[2:] != ext_a[:-2])
    alpha = np.full(s, -np.inf)
    alpha[0] = logp[0, ext[0]]
    alpha[1] = logp[0, ext[1]]
    for t in range(1, steps):
        prev = alpha
        a = prev.copy()
        a[1:] = np.logaddexp(a[1:], prev[:-1])
        a[2:] = np.where(skip[2:], np.logaddexp(a[2:], prev[:-2]), a[2:])
        alpha = a + logp[t, ext_a]
    return float(np.logaddexp(alpha[-1], alpha[-2]))


def correct(line: Decoded, logp: Any, charset: str, lexicon: Lexicon) -> Decoded:
    """``line`` (greedy reading of the frames ``logp``, (T, C) log-probabilities) with its
    unlisted words replaced by the most probable listed neighbour, when one beats it."""
    index = {c: i + 1 for i, c in enumerate(charset)}
    steps = logp.shape[0]
    words = _spans(line)
    chars = list(line.chars)
    out: list[tuple[str, float, float]] = []
    last = 0
    floor = math.log(1 / lexicon.total)
    for a, b in words:
        out.extend(chars[last:a])
        last = b
        token = "".join(c[0] for c in chars[a:b])
        lead = len(token) - len(token.lstrip(_PUNCT))
        trail = len(token) - len(token.rstrip(_PUNCT))
        core = token[lead:len(token) - trail]
        if len(core) < 2 or not core.isalpha() or lexicon.known(core) or \
                not all(ch in index for ch in token):
            out.extend(chars[a:b])
            continue
        # the word's frames: halfway to the neighbouring words' characters
        t0 = 0 if a == 0 else int((chars[a - 1][2] + chars[a][2]) / 2 * steps)
        t1 = steps if b >= len(chars) else math.ceil(
            (chars[b - 1][2] + chars[b][2]) / 2 * steps)
        frames = logp[t0:max(t1, t0 + 1)]
        best, best_score = core, ctc_log_likelihood(
            frames, [index[c] for c in token]) + floor
        for cand in lexicon.neighbours(core):
            cand = _cased(cand, core)
            if not all(c in index for c in cand):
                continue
            spelled = token[:lead] + cand + token[len(token) - trail:]
            score = ctc_log_likelihood(frames, [index[c] for c in spelled]) + \
                lexicon.log_prior(cand)
            if score > best_score:
                best, best_score = cand, score
        if best == core:
            out.extend(chars[a:b])
            continue
        # the replaced word keeps its characters' positions and gets its weakest confidence
        low = min(c[1] for c in chars[a:b])
        placed, _ = realign(chars[a:b], token[:lead] + best + token[len(token) - trail:])
        x0, x1 = chars[a][2], chars[b - 1][2]  # letters added at an end stay in the word
        out.extend((ch, low, min(max(x, x0), x1)) for ch, _, x in placed)
    out.extend(chars[last:])
    return Decoded("".join(c[0] for c in out), tuple(out))


def _spans(line: Decoded) -> list[tuple[int, int]]:
    """[start, end) character indices of the words of ``line`` (between spaces)."""
    out = []
    start = None
    for i, c in enumerate(line.chars):
        if c[0] == " ":
            if start is not None:
                out.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        out.append((start, len(line.chars)))
    return out


def _cased(word: str, like: str) -> str:
    """``word`` in the case pattern of ``like`` (Capitalised, UPPER or lower)."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
