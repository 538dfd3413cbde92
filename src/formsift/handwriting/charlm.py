"""A character language model of words, and CTC prefix beam search decoding with it.

The model (:class:`CharLM`) is a character n-gram model of single words, built when it is
first used from a word-frequency list (:func:`formsift.handwriting.lexicon.load`: the lists
inside the ``pyspellchecker`` wheel, or a file of the user's own; nothing downloaded):
each word, framed by a start and an end mark, counts with a weight that grows with its
frequency, damped (:data:`POWER`), so that common words weigh more without a handful of
them taking over. Probabilities are Witten-Bell interpolated down to a uniform
distribution over the list's characters, so an unlisted word (a proper name) is unlikely
but never impossible.

:func:`lm_beam` reads a line's CTC output with it: each candidate text is scored by the
model's own probability of it (summed over its CTC paths) plus ``weight`` times the
language model's log-probability of its words, plus ``bonus`` per character (the model
otherwise favours short readings). Letters are scored in lower case; a space ends a word
(the model's probability of the word ending there); a character the list does not hold (a
digit, a sign) ends the word before it and costs the model's mean cost of a character.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

from formsift.handwriting.decode import _logaddexp, _tidy, prefix_search, step_candidates

#: The n of the character n-grams (a character given up to ORDER - 1 before it).
ORDER = 6
#: A word's weight is (its count / the list's smallest count) ** POWER.
POWER = 0.5
#: Characters a word of the list may hold to be learnt (a word with others is left out).
WORD_EXTRA = "'-"
#: Start and end of a word in the model's n-grams.
BOW, EOW = "\x02", "\x03"
#: The weight of the language model's log-probability, the bonus per character, the beam
#: width and the relative floor of a step's candidates (:func:`lm_beam`); chosen on
#: synthetic lines of text neither the model nor the word lists hold and on synthetic
#: lines of proper names (see docs/handwriting.md), not on the real held-out lines.
WEIGHT, BONUS, WIDTH, KEEP = 0.2, 1.0, 16, 0.1
#: Typographic variants scored as the list's character.
LM_FOLD = {"’": "'"}


class CharLM:
    """Character n-gram probabilities of the words of a frequency list (lower case)."""

    def __init__(self, counts: dict[str, int], order: int = ORDER, power: float = POWER,
                 tables: dict[str, Any] | None = None) -> None:
        """The model of ``counts`` (word: count); ``tables``: its :meth:`tables` kept
        from an earlier build of the same counts, order and power (not built again)."""
        import numpy as np

        self.order = order
        self._power = power
        if tables is None:
            tables = self._build(counts, order, power)
        self._tables = tables
        symbols = "".join(map(chr, tables["symbols"].tolist()))
        #: a string's code: its characters' numbers (1, 2, ...) as digits in base _base
        self._num = {c: i + 1 for i, c in enumerate(symbols)}
        self._base = len(symbols) + 1
        self.alphabet = frozenset(symbols) - {BOW, EOW}
        self._uniform = 1.0 / (len(self.alphabet) + 1)
        #: per n-gram code its weighted count; per context code (the characters before)
        #: its weighted count and how many characters follow it
        self._ngrams = dict(zip(tables["grams"].tolist(), tables["gram_w"].tolist(),
                                strict=True))
        self._ctx = dict(zip(tables["ctxs"].tolist(),
                             zip(tables["ctx_w"].tolist(), tables["ctx_n"].tolist(),
                                 strict=True), strict=True))
        self._cache: dict[tuple[str, str], float] = {}
        if "mean_logp" not in tables:
            tables["mean_logp"] = np.array(self._mean_logp(counts))
        #: the mean log-probability of a character of a listed word
        self.mean_logp = float(tables["mean_logp"])

    @property
    def tables(self) -> dict[str, Any]:
        """The model's arrays (to keep on disk: :func:`load_lm`)."""
        return self._tables

    def _build(self, counts: dict[str, int], order: int, power: float) -> dict[str, Any]:
        import numpy as np

        least = max(1, min(counts.values(), default=1))
        kept = [(w, n) for w, n in ((w.lower(), n) for w, n in counts.items())
                if _letters(w).isalpha()]
        symbols = sorted({c for w, _ in kept for c in w} | {BOW, EOW})
        self._num = {c: i + 1 for i, c in enumerate(symbols)}
        self._base = len(symbols) + 1
        codes, weights = self._ngram_codes(kept, least, power)
        grams, where = np.unique(codes, return_inverse=True)
        gram_w = np.bincount(where, weights=weights)
        ctxs, where = np.unique(grams // self._base, return_inverse=True)
        return {"symbols": np.array([ord(c) for c in symbols], np.int64), "grams": grams,
                "gram_w": gram_w, "ctxs": ctxs,
                "ctx_w": np.bincount(where, weights=gram_w), "ctx_n": np.bincount(where)}

    def _ngram_codes(self, words: list[tuple[str, int]], least: int, power: float
                     ) -> tuple[Any, Any]:
        """The codes of every n-gram (n = 1 .. order) ending at each character after a
        word's start mark, and each one's weight (its word's)."""
        import numpy as np

        framed = [BOW + w + EOW for w, _ in words]
        width = max(map(len, framed), default=2)
        raw = np.frombuffer("".join(f.ljust(width, "\0") for f in framed)
                            .encode("utf-32-le"), np.uint32).reshape(len(framed), width)
        chars = np.array(sorted(self._num), dtype="<U1").view(np.uint32)
        mat = np.where(raw > 0, np.searchsorted(chars, raw) + 1, 0).astype(np.int64)
        weight = (np.array([max(n, 1) for _, n in words], np.float64) / least) ** power
        out_c, out_w = [], []
        code = np.zeros_like(mat)
        for k in range(1, self.order + 1):
            # code of the k characters ending at each column (0 where they do not fit)
            code[:, k - 1:] = code[:, k - 2:-1] * self._base + mat[:, k - 1:] if k > 1 \
                else mat
            code[:, :k - 1] = 0
            ok = (code > 0) & (mat > 0)
            ok[:, 0] = False  # the start mark is no character to predict
            out_c.append(code[ok])
            out_w.append(np.broadcast_to(weight[:, None], mat.shape)[ok])
        return np.concatenate(out_c), np.concatenate(out_w)

    def _code(self, text: str) -> int:
        out = 0
        for c in text:
            out = out * self._base + self._num.get(c, 0)
        return out

    def logp(self, context: str, ch: str) -> float:
        """log P(``ch`` | the word so far ``context``); ``ch`` may be EOW (the word ends).
        ``context`` starts with BOW when the whole word so far is given."""
        context = context[-(self.order - 1):] if self.order > 1 else ""
        key = (context, ch)
        got = self._cache.get(key)
        if got is None:
            got = self._cache[key] = math.log(self._p(context, ch))
        return got

    def _p(self, context: str, ch: str) -> float:
        lower = self._uniform if not context else self._p(context[1:], ch)
        ctx = self._code(context)
        seen = self._ctx.get(ctx)
        if seen is None:
            return lower
        total, kinds = seen
        # (a character the list never holds, code 0, has no n-gram: the uniform share)
        gram = ctx * self._base + self._num.get(ch, 0)
        return (self._ngrams.get(gram, 0.0) + kinds * lower) \
            / (total + kinds)

    def word_logp(self, word: str) -> float:
        """log P(``word``) as a whole word (lower case)."""
        ctx, out = BOW, 0.0
        for c in word:
            out += self.logp(ctx, c)
            ctx += c
        return out + self.logp(ctx, EOW)

    def _mean_logp(self, counts: dict[str, int], sample: int = 2000) -> float:
        """The mean log-probability per character (its end included) of the list's most
        frequent words, weighted as the model weighs them."""
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:sample]
        least = max(1, min(counts.values(), default=1))
        num = den = 0.0
        for word, n in top:
            w = word.lower()
            if not all(c in self.alphabet for c in w):
                continue
            weight = (max(n, 1) / least) ** self._power
            num += weight * self.word_logp(w)
            den += weight * (len(w) + 1)
        return num / den if den else math.log(self._uniform)


def _letters(word: str) -> str:
    """``word`` without the WORD_EXTRA characters it may hold."""
    for c in WORD_EXTRA:
        word = word.replace(c, "")
    return word


#: Bumped when the kept tables of :func:`load_lm` change meaning; the tables' names.
TABLES_VERSION = 1
TABLES = {"symbols", "grams", "gram_w", "ctxs", "ctx_w", "ctx_n", "mean_logp"}


@functools.lru_cache(maxsize=4)
def load_lm(name: str) -> CharLM:
    """The language model of a word list: a language code of pyspellchecker's lists, or
    a file of words (:func:`formsift.handwriting.lexicon.load`). Its tables are kept in
    the user's formsift cache directory (a NumPy file, no pickle), found again by a hash
    of the list's words and counts: built once (seconds), then loaded."""
    import hashlib

    from formsift.handwriting.lexicon import load

    counts = load(name).counts
    digest = hashlib.sha256(f"{TABLES_VERSION} {ORDER} {POWER}\n".encode())
    for word, n in sorted(counts.items()):
        digest.update(f"{word}\t{n}\n".encode("utf-8", "surrogatepass"))
    file = _kept_file(digest.hexdigest())
    tables = _read_tables(file) if file is not None else None
    lm = CharLM(counts, tables=tables)
    if file is not None and tables is None:
        _write_tables(file, lm.tables)
    return lm


def _kept_file(digest: str) -> Any:
    from formsift.grammar.parser import cache_dir

    where = cache_dir()
    return None if where is None else where / "charlm" / f"{digest[:32]}.npz"


def _read_tables(file: Any) -> dict[str, Any] | None:
    """The tables kept in ``file``, or None (missing, unreadable, or another user's)."""
    import os

    import numpy as np

    try:
        if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
            return None
        with np.load(file, allow_pickle=False) as kept:
            tables = {k: kept[k] for k in kept.files}
    except Exception:  # missing, unreadable, not a NumPy file
        return None
    return tables if tables.keys() >= TABLES else None


def _write_tables(file: Any, tables: dict[str, Any]) -> None:
    """Keep ``tables`` in ``file`` (written whole, then renamed; a failure is no error)."""
    import os
    import tempfile

    import numpy as np

    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **tables)
        os.replace(tmp, file)
    except OSError:
        return


def read_with_lm(probs: Any, charset: Sequence[str], name: str) -> str:
    """The reading of ``probs`` by :func:`lm_beam` with the language model of the word
    list ``name`` and the project's settings (WEIGHT, BONUS, WIDTH, KEEP)."""
    return lm_beam(probs, charset, load_lm(name), WEIGHT, BONUS, WIDTH, KEEP)


def _lm_step(lm: CharLM, context: str, ch: str) -> tuple[str, float, bool]:
    """(the word context after ``ch``, the LM's log-probability of ``ch`` there, whether
    ``ch`` is a character of the text: a space where no word is open is none)."""
    c = LM_FOLD.get(ch, ch).lower()
    open_word = context != BOW
    if c == " ":
        return BOW, (lm.logp(context, EOW) if open_word else 0.0), open_word
    if c in lm.alphabet:
        after = context + c
        if c == "'":  # "l'", "qu'": the apostrophe ends the word it closes
            return BOW, lm.logp(context, c) + lm.logp(after, EOW), True
        return after[-(lm.order - 1):], lm.logp(context, c), True
    ended = lm.logp(context, EOW) if open_word else 0.0
    return BOW, ended + lm.mean_logp, True


def lm_beam(probs: Any, charset: Sequence[str], lm: CharLM, weight: float, bonus: float,
            width: int = 16, keep: float = 0.0, top_k: int = 6, floor: float = -9.0
            ) -> str:
    """The best reading of ``probs`` ((T, C) probabilities, class 0 the blank) by CTC
    prefix beam search scored with ``lm`` (see the module's docstring): log P_ctc +
    ``weight`` * log P_lm + ``bonus`` per character. Each step extends the beams with its
    ``top_k`` most probable classes of a probability of at least exp(``floor``) and at
    least ``keep`` times the step's best (where the model is sure of a character, the
    language model cannot read another)."""
    import numpy as np

    logp = np.log(np.maximum(probs, 1e-12))
    steps = step_candidates(logp, top_k, floor, keep)
    add = _logaddexp
    # per prefix: (word context, weighted LM score with the bonuses)
    state: dict[tuple[int, ...], tuple[str, float]] = {(): (BOW, 0.0)}

    def extend(prefix: tuple[int, ...], c: int) -> tuple[int, ...]:
        new = (*prefix, c)
        if new not in state:
            ctx, score = state[prefix]
            after, lp, counted = _lm_step(lm, ctx, charset[c - 1])
            state[new] = (after, score + weight * lp + (bonus if counted else 0.0))
        return new

    beams = prefix_search(steps, width, extend, lambda prefix: state[prefix][1])

    def final(prefix: tuple[int, ...]) -> float:
        ctx, score = state[prefix]
        end = weight * lm.logp(ctx, EOW) if ctx != BOW else 0.0
        return add(*beams[prefix]) + score + end

    best = max(beams, key=final)
    return _tidy("".join(charset[i - 1] for i in best))
