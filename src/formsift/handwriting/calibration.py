"""What a handwritten word's confidence means: the share of words read right.

The ``crnn`` model's character confidences are far too high on real handwriting: on the
held-out real lines of ``handwriting-dev``, a word whose weakest character scored 0.95 or
more is right about three times in five, one from 0.9 to 0.95 about one time in three, and
one under 0.5 almost never. :data:`WORD_RIGHT` maps the weakest character's confidence to
the measured share of words read right, for the shipped model
(``benchmarks/calibrate_handwriting.py`` fits it on one half of the held-out lines and
checks it on the other; where the shipped model reads better than the table claims, the
table keeps the lower value, see :data:`WORD_RIGHT`). The recognizer gives each word with letters
this probability as its confidence; a text value read from handwriting is no surer than
its weakest word (see ``formsift.templates.confidence``).

Words without letters (digits, and the signs of amounts, dates and IDs) are read far better
than prose, but the model's confidence in them is too high too where it is not near 1: on
handwritten digit strings composed of MNIST digits the model was not trained on, a word
whose weakest character scored 0.8 to 0.9 is right about three times in four, and one
from 0.5 to 0.7 about half the time. :data:`DIGIT_RIGHT` (bins :data:`DIGIT_BOUNDS`) is
that measured share, fitted on one half of those digits and checked on the other
(``benchmarks/calibrate_handwriting.py --digits``), no higher than the table it replaced
(see :data:`DIGIT_RIGHT`); the shipped model's words without letters
get it, and so do those of a model of one's own that carries no digits table of its own
(trained before such tables were stored). A comb's cells, each read as one character,
keep the model's confidence: it is not too high for a digit read alone (see the
benchmark).

A model trained by ``formsift train recognizer`` carries its own table in its ONNX
metadata (:data:`METADATA_KEY`, :class:`Calibration`): the same bins, fitted on the run's
own validation lines by :func:`fit` with ``cautious=True`` (each bin's share is the lower
end of its one-sided 99 % interval, so that a bin of five words all right claims 0.48, not
1.0: the lines a model is fitted on are cleaner than lines cut out of scanned forms).
With fewer than :data:`MIN_WORDS` validation words with letters, or for a model that
carries no table (trained before tables were stored), the shipped model's table is used:
it is cautious (a word is right about half the time at best).

Such a model fits its digits table too (``digit_right``, bins :data:`DIGIT_BOUNDS`), on the
validation words without letters, cautiously as its words table: the shipped model's
:data:`DIGIT_RIGHT` was fitted for another model (journey JT: an own model's date misread
``10/05/2026`` for ``15/05/2026`` scored 0.71 by it and was accepted). With fewer than
:data:`MIN_DIGIT_WORDS` such words the model gets a safe table instead
(:func:`safe_digits`): no bin above what its few validation words support, nor above the
shipped table.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

#: Lower bounds of the bins of the weakest character's confidence.
BOUNDS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)
#: The share of words read right in each bin (shipped model, stage 5; fitted on the
#: fitting half, non-decreasing: 0.05, 0.09, 0.09, 0.15, 0.36, 0.63). Conservative: no bin
#: is higher than in the stage-3 table it replaced (0.04, 0.08, 0.16, 0.27, 0.57, 0.58), so
#: the bins under 0.5 and from 0.95 keep that table's lower values; the thin bins from 0.7
#: to 0.95 (14 to 20 words each) are lowered to what stage 5 measures, the 0.7-0.8 bin
#: pooled with the one below (fewer of its words right).
WORD_RIGHT: tuple[float, ...] = (0.04, 0.08, 0.09, 0.15, 0.36, 0.58)
#: Lower bounds of the bins of words without letters (finer near 1, where most are).
DIGIT_BOUNDS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
#: The share of words without letters read right in each bin (shipped model, stage 5;
#: fitted, non-decreasing: 0.34, 0.49, 0.64, 0.75, 0.87, 0.92, 0.96, 0.99). Conservative:
#: no bin is higher than in the stage-3 table it replaced (0.34, 0.51, 0.69, 0.71, 0.76,
#: 0.89, 0.93, 0.98): from 0.8 those keep its values (raised, the words at 0.9 to 0.95 would
#: pass ``review when confidence(x) < 0.8``, which catches four wrong words in five with
#: this table and two in three with the fitted one). Checked (2026-12-05) on 1,242
#: handwritten values without letters cut out of nine journeys' generated forms (font
#: handwriting and MNIST digits; docs/handwriting.md, "On forms, not MNIST lines"): no bin
#: is read right less often than it says (from 0.5 to 0.95 they are right 0.78 to 0.97 of
#: the time), so none is lowered, and none is raised.
DIGIT_RIGHT: tuple[float, ...] = (0.34, 0.49, 0.64, 0.71, 0.76, 0.89, 0.93, 0.98)
#: The share of letters read right, in bins of their confidence (:data:`DIGIT_BOUNDS`),
#: for a value that is one handwritten letter read alone among a field type's choices (a
#: code column typed ``enum(["A", "E", "N", "R"])``, :func:`letter_right`): a word's table
#: counts every way a word of several letters goes wrong and held every such letter at
#: 0.58 at most, under the 0.7 a handwritten value needs, so each went to review. No real
#: lone letters are at hand: measured on the letters of the held-out real lines
#: (``benchmarks/calibrate_letters.py``: each letter the shipped model reads is right when
#: it is the transcription's letter it aligns with, case folded as an enum folds it),
#: fitted on one half (0.29, 0.39, 0.39, 0.51, 0.64, 0.73, 0.82, 0.88) and checked on the
#: other (0.34, 0.39, 0.39, 0.52, 0.55, 0.67, 0.72, 0.87); each bin keeps the lower. A
#: letter among cursive words is harder to read than one written alone, and a misread
#: outside the choices is no value of the type: the table is cautious for a lone letter.
LETTER_RIGHT: tuple[float, ...] = (0.29, 0.39, 0.39, 0.51, 0.55, 0.67, 0.72, 0.87)
#: The share of short code words read right (:func:`code_word`: an IBAN's groups ``DE79``
#: and ``NWBK``, a policy number ``HG-7531638``), in bins of their weakest character's
#: confidence (:data:`DIGIT_BOUNDS`). A word's table (:data:`WORD_RIGHT`) is measured on
#: cursive prose, where a word at 0.5 is right one time in twenty: it held the country
#: letters and check digits of handwritten IBANs read right at 0.04 to 0.36, and the
#: IBAN, doubted as the product of its groups, under what its mod-97 check lifts
#: (insurance journey, stop 42). Fitted (``cautious``, :func:`fit`) on 757 short code words
#: of generated handwritten lines (IBANs in groups, German and British, and policy numbers
#: drawn in the samples' handwriting fonts, scan-degraded, read free and under their
#: type's pattern: 0.05, 0.35, 0.38, 0.50, 0.71, 0.73, 0.82, 0.84); no bin reaches the 0.7
#: a handwritten value needs: every bin held wrong code words (from 0.98: 'DE4O', 'GB6O',
#: 'Q-1471984' for 'QJ-1471984'), which a type without a pattern or a check takes.
#: ``benchmarks/calibrate_handwriting.py --codes`` rebuilds it (seed 101's lines fit it,
#: seed 202's 786 code words check it: no bin claims more than they measure). A code
#: word alone goes to review; what the table changes is how far a check digit lifts the
#: value it is part of (``formsift.templates.check_digits``). It is that lift's prior only
#: (:func:`check_prior`): the word's own confidence stays the word's table's (code read r5:
#: as the confidence, wrong code words at 0.8 to 0.95 reached the 0.5 of a field without
#: the ``handwritten`` hint and were accepted).
CODE_RIGHT: tuple[float, ...] = (0.05, 0.35, 0.38, 0.50, 0.69, 0.69, 0.69, 0.69)
#: The signs a code word may hold besides capitals and digits (``HG-7531638``).
CODE_SIGNS = frozenset("-/.")
#: Capitals alone make a code word up to this many (an IBAN's bank code ``NWBK``);
#: longer runs of capitals are words (``BERLIN``) and keep the word's table.
CODE_CAPITALS = 4
#: A code word is at most this long: an IBAN read as one word (22 characters and more)
#: keeps the word's table (whole IBANs were not part of the fit).
CODE_LENGTH = 12
#: The ONNX metadata key of a model's own table (JSON, :meth:`Calibration.to_json`).
METADATA_KEY = "word_calibration"
#: Fewer validation words with letters than this fit no table of a model's own.
MIN_WORDS = 50
#: Fewer validation words without letters than this fit no digits table of a model's own
#: (it gets :func:`safe_digits`).
MIN_DIGIT_WORDS = 50
#: An own model with no validation words without letters at all gets the shipped digits
#: table capped here, under the 0.7 of a handwritten value (:func:`safe_digits`).
NO_DIGITS_CAP = 0.69
#: z of the one-sided 99 % lower bound of a bin's share (``cautious`` fits).
Z_LOWER = 2.326


def word_right(weakest: float, table: tuple[float, ...] = WORD_RIGHT,
               bounds: tuple[float, ...] = BOUNDS) -> float:
    """The probability that a word is read right, from its weakest character's
    confidence."""
    index = max(i for i, lo in enumerate(bounds) if weakest >= lo or i == 0)
    return table[index]


def digit_right(weakest: float) -> float:
    """The probability that a word without letters is read right, from its weakest
    character's confidence (:data:`DIGIT_RIGHT`)."""
    return word_right(weakest, DIGIT_RIGHT, DIGIT_BOUNDS)


def letter_right(confidence: float) -> float:
    """The probability that one handwritten letter read alone is right, from the model's
    confidence in it (:data:`LETTER_RIGHT`; for any model, as :data:`DIGIT_RIGHT`)."""
    return word_right(confidence, LETTER_RIGHT, DIGIT_BOUNDS)


def code_word(text: str) -> bool:
    """Whether a handwritten word is a short code (:data:`CODE_RIGHT`): up to
    :data:`CODE_LENGTH` capitals and digits (and :data:`CODE_SIGNS`), no small letter,
    with a capital and a digit (``DE79``, ``HG-7531638``) or two to
    :data:`CODE_CAPITALS` capitals alone (``NWBK``; one letter alone, an initial ``J.``,
    is none)."""
    if not text or len(text) > CODE_LENGTH or any(
            not (ch.isascii() and (ch.isupper() or ch.isdigit())) and ch not in CODE_SIGNS
            for ch in text):
        return False
    capitals = sum(ch.isupper() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    return capitals > 0 and capitals + digits >= 2 and (digits > 0 or capitals <= CODE_CAPITALS)


def code_right(weakest: float) -> float:
    """The probability that a short code word (:func:`code_word`) is read right, from its
    weakest character's confidence (:data:`CODE_RIGHT`)."""
    return word_right(weakest, CODE_RIGHT, DIGIT_BOUNDS)


def check_prior(text: str, confidence: float, chars: tuple[float, ...]) -> float:
    """The probability that a handwritten word (``text`` with its ``confidence`` and its
    characters' raw confidences ``chars``) is read right, as the prior of a strong check's
    lift (``formsift.templates.check_digits``, mod 97 only): :func:`code_right` for a
    short code word whose confidence is the shipped model's table's, when that is higher;
    else its confidence (a model's own fitted table is kept, code read r5)."""
    if not code_word(text) or len(chars) != len(text):
        return confidence
    weakest = min(chars)
    if confidence != Calibration().word_confidence(text, weakest):
        return confidence
    return max(confidence, code_right(weakest))


def fit(words: Iterable[tuple[float, bool]], cautious: bool = False,
        bounds: tuple[float, ...] = BOUNDS) -> tuple[float, ...]:
    """The table from (weakest character confidence, right) pairs: the share right per
    bin (an empty bin takes its lower neighbour's), made non-decreasing (pooled with the
    bins after it where it is not). ``cautious``: each pooled bin takes the lower bound of
    the share's one-sided 99 % (Wilson) interval instead of the share itself, then the
    table is made non-decreasing again (a bin takes the highest value below it), and no
    bin claims more than the lower bound of its own words or of any bin with words above
    it (a bin without words takes its lower neighbour's)."""
    counts = [[0, 0] for _ in bounds]
    for conf, right in words:
        c = counts[max(i for i, lo in enumerate(bounds) if conf >= lo or i == 0)]
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
        value = _lower(block) if cautious else _share(block)
        out += [value] * int(block[2])
    if cautious:
        out = [max(out[:i + 1]) for i in range(len(out))]
        # a bin claims no more than its own words support, nor than any non-empty bin
        # above it (a thin bin pooled with its neighbours took their bound: 2 of 6 right
        # at 0.90-0.95 got 0.94)
        own = [_lower([n, r, 1]) if n else 1.0 for n, r in counts]
        out = [min(v, *own[i:]) for i, v in enumerate(out)]
        for i in range(1, len(out)):  # a bin without words: its capped lower neighbour's
            if not counts[i][0]:
                out[i] = out[i - 1]
    return tuple(round(v, 2) for v in out)


def _share(block: list[float]) -> float:
    return block[1] / block[0] if block[0] else 0.0


def _lower(block: list[float]) -> float:
    """The Wilson score interval's lower bound of ``right / words`` (0 without words)."""
    n, z = block[0], Z_LOWER
    if not n:
        return 0.0
    p = block[1] / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # floor, not round: a lower bound stays below
    return math.floor(max(0.0, (centre - spread) / (1 + z * z / n)) * 100) / 100


def lettered(text: str) -> bool:
    """Whether a word has letters: those get a model's word table (:data:`WORD_RIGHT` or
    its own), words without letters :data:`DIGIT_RIGHT`."""
    return any(ch.isalpha() for ch in text)


def word_outcomes(lines: Iterable[Any], truths: Iterable[str], *,
                  only_lettered: bool = False) -> list[tuple[float, bool, str]]:
    """(weakest character confidence, read right, text) for every word read in ``lines``
    (:class:`~formsift.handwriting.decode.Decoded`, words split at spaces as the
    recognizer splits them). A word is right when it equals the word of the truth it
    aligns with (difflib on the word sequences; typographic variants folded, case and
    accents kept). ``only_lettered``: words with letters only."""
    from formsift.handwriting.charset import FOLD

    def fold(text: str) -> str:
        return " ".join("".join(FOLD.get(c, c) for c in text).split())

    out = []
    for line, truth in zip(lines, truths, strict=True):
        groups: list[list[tuple[str, float]]] = [[]]
        for ch, conf, _x in line.chars:
            if ch == " ":
                groups.append([])
            else:
                groups[-1].append((ch, conf))
        groups = [g for g in groups if g]
        read = [fold("".join(c for c, _ in g)) for g in groups]
        right: set[int] = set()
        matcher = difflib.SequenceMatcher(a=read, b=fold(truth).split(), autojunk=False)
        for block in matcher.get_matching_blocks():
            right.update(range(block.a, block.a + block.size))
        for i, g in enumerate(groups):
            text = "".join(c for c, _ in g)
            if not only_lettered or lettered(text):
                out.append((min(c for _, c in g), i in right, text))
    return out


@dataclass(frozen=True)
class Calibration:
    """A model's word-confidence table and where it comes from."""

    word_right: tuple[float, ...] = WORD_RIGHT
    bounds: tuple[float, ...] = BOUNDS
    #: "fitted" (on the words counted below) or "shipped" (the shipped model's table)
    source: str = "shipped"
    #: words with letters the table was fitted on (or counted, for a "shipped" fallback)
    words: int = 0
    right: int = 0
    #: what the lines were ("validation lines of formsift train recognizer", ...)
    lines: str = ""
    #: the model's own table of words without letters (bins :data:`DIGIT_BOUNDS`); None:
    #: the shipped model's :data:`DIGIT_RIGHT`
    digit_right: tuple[float, ...] | None = None
    #: "fitted" (on the digit words counted below), "safe" (too few of them:
    #: :func:`safe_digits`) or "shipped" (:data:`DIGIT_RIGHT`)
    digit_source: str = "shipped"
    #: validation words without letters the digits table was fitted on (or counted)
    digit_words: int = 0
    digit_words_right: int = 0
    #: what the digits table's lines were
    digit_lines: str = ""

    def confidence(self, weakest: float) -> float:
        return word_right(weakest, self.word_right, self.bounds)

    def digit_confidence(self, weakest: float) -> float:
        """A word without letters' confidence: the model's own digits table, else
        :data:`DIGIT_RIGHT`."""
        if self.digit_right is None:
            return digit_right(weakest)
        return word_right(weakest, self.digit_right, DIGIT_BOUNDS)

    def with_digits(self, other: Calibration) -> Calibration:
        """This table of words with letters and ``other``'s digits table."""
        return replace(self, digit_right=other.digit_right, digit_source=other.digit_source,
                       digit_words=other.digit_words,
                       digit_words_right=other.digit_words_right,
                       digit_lines=other.digit_lines)

    def word_confidence(self, text: str, weakest: float) -> float:
        """A word's confidence: the share of words like it read right at its weakest
        character's confidence (this table for words with letters, :data:`DIGIT_RIGHT`
        for the others; a short code word's :data:`CODE_RIGHT` is a check's prior only,
        :func:`check_prior`)."""
        return self.confidence(weakest) if lettered(text) else \
            self.digit_confidence(weakest)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        """A table read from a model's metadata; ValueError when it is malformed."""
        try:
            data = json.loads(text)
            table = tuple(float(v) for v in data["word_right"])
            bounds = tuple(float(v) for v in data.get("bounds", BOUNDS))
            digits = data.get("digit_right")
            digits = None if digits is None else tuple(float(v) for v in digits)
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"malformed {METADATA_KEY} ({type(exc).__name__})") from exc
        if (len(table) != len(bounds) or not table or bounds[0] != 0.0
                or any(not 0.0 <= v <= 1.0 for v in (*table, *bounds, *(digits or ())))
                or list(bounds) != sorted(set(bounds))
                or (digits is not None and len(digits) != len(DIGIT_BOUNDS))):
            raise ValueError(f"malformed {METADATA_KEY} (bins and values do not match)")
        return cls(table, bounds, str(data.get("source", "fitted")),
                   int(data.get("words", 0) or 0), int(data.get("right", 0) or 0),
                   str(data.get("lines", "")), digits,
                   str(data.get("digit_source") or ("shipped" if digits is None else
                                                    "fitted")),
                   int(data.get("digit_words", 0) or 0),
                   int(data.get("digit_words_right", 0) or 0),
                   str(data.get("digit_lines", "")))

    def table(self) -> str:
        """The table for people: each bin's value and where it starts."""
        return _table(self.word_right, self.bounds)

    def digit_table(self) -> str:
        """The digits table for people: each bin's value and where it starts."""
        return _table(self.digit_right or DIGIT_RIGHT, DIGIT_BOUNDS)

    def describe(self) -> str:
        """One line for people: where the table comes from, and the table."""
        table = self.table()
        if self.source == "fitted":
            return (f"its own table, fitted on {self.words} words with letters "
                    f"({self.right} read right) of {self.lines or 'its lines'}: {table}")
        why = f" ({self.lines})" if self.lines else ""
        return f"the shipped model's table{why}: {table}"

    def describe_digits(self, own_model: bool = True) -> str:
        """One line for people: where the digits table comes from, and the table
        (``own_model``: a model of one's own, for which the shipped table was fitted on
        another model's reading)."""
        table = self.digit_table()
        counted = (f"{self.digit_words} words without letters ({self.digit_words_right} "
                   f"read right)")
        if self.digit_source == "fitted":
            return (f"its own table, fitted on {counted} of "
                    f"{self.digit_lines or 'its lines'}: {table}")
        if self.digit_source == "safe" and not self.digit_words:
            return (f"the shipped model's table capped at {NO_DIGITS_CAP} (no words without "
                    f"letters to fit one: handwritten numbers go to review): {table}")
        if self.digit_source == "safe":
            return (f"a safe table (only {counted}, fewer than {MIN_DIGIT_WORDS} to fit "
                    f"one; no bin above what they support, nor above the shipped model's "
                    f"table): {table}")
        if own_model:
            return (f"the shipped model's table, fitted on another model's reading (this "
                    f"model carries no digits table of its own): {table}")
        return f"the shipped model's table: {table}"


def no_digits_table(meta: dict[str, str], name: str) -> str | None:
    """The warning for a model of one's own whose metadata (``meta``) carries a words
    table but no digits table (fitted before models stored one, see docs/handwriting.md
    #confidence-own-model): its handwritten numbers get the shipped model's table, fitted
    on another model's reading. None for any other model (no table at all: the words
    table's warning says it; a malformed one: the model's error)."""
    try:
        own = Calibration.from_json(meta[METADATA_KEY]) if METADATA_KEY in meta else None
    except ValueError:
        return None
    if own is None or own.digit_right is not None or own.digit_source != "shipped":
        return None
    return (f"handwriting model {name} carries a word-confidence table but no digits "
            f"table (fitted before formsift stored one): its handwritten numbers, dates "
            f"and amounts get the shipped model's, fitted on another model's reading; fit "
            f"its own with: formsift train calibrate --data DIR --model {name}")


def _table(values: tuple[float, ...], bounds: tuple[float, ...]) -> str:
    return ", ".join(f"{v:.2f} " + (f"from {lo:g}" if lo else f"under {hi:g}")
                     for lo, hi, v in zip(bounds, (*bounds[1:], 1.0), values, strict=True))


def safe_digits(words: list[tuple[float, bool]]) -> tuple[float, ...]:
    """The digits table of a model with fewer than :data:`MIN_DIGIT_WORDS` validation
    words without letters: each bin the lower of the cautious fit on those few words (a
    bin of five words all right claims 0.48, one without words 0) and :data:`DIGIT_RIGHT`.
    No such words at all are no evidence: :data:`DIGIT_RIGHT` capped at
    :data:`NO_DIGITS_CAP`, under the 0.7 a handwritten value needs (journey JT: the
    shipped table accepted an own model's misread date at 0.71; an all-zero table would
    claim every number is wrong)."""
    if not words:
        return tuple(min(v, NO_DIGITS_CAP) for v in DIGIT_RIGHT)
    own = fit(words, cautious=True, bounds=DIGIT_BOUNDS)
    return tuple(min(a, b) for a, b in zip(own, DIGIT_RIGHT, strict=True))


def cautious_calibration(outcomes: list[tuple[float, bool, str]], lines: str
                         ) -> Calibration:
    """A model's tables from the words it read on lines it was not trained on: for words
    with letters fitted cautiously when there are at least :data:`MIN_WORDS`, else the
    shipped model's table (``source`` says which); for words without letters fitted
    cautiously when there are at least :data:`MIN_DIGIT_WORDS`, else :func:`safe_digits`
    (``digit_source``)."""
    words = [(c, r) for c, r, t in outcomes if lettered(t)]
    right = sum(r for _, r in words)
    digits = [(c, r) for c, r, t in outcomes if not lettered(t)]
    fitted = len(digits) >= MIN_DIGIT_WORDS
    digit_part = {"digit_right": fit(digits, cautious=True, bounds=DIGIT_BOUNDS)
                  if fitted else safe_digits(digits),
                  "digit_source": "fitted" if fitted else "safe",
                  "digit_words": len(digits), "digit_words_right": sum(r for _, r in digits),
                  "digit_lines": lines}
    if len(words) < MIN_WORDS:
        return Calibration(source="shipped", words=len(words), right=right,
                           lines=f"only {len(words)} words with letters in the {lines}, "
                                 f"fewer than {MIN_WORDS} to fit a table", **digit_part)
    return Calibration(fit(words, cautious=True), source="fitted", words=len(words),
                       right=right, lines=lines, **digit_part)
