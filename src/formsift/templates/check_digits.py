"""How sure a check that passed makes a value whose characters the recognizer doubted.

A value with a doubted character (a printed one under
:data:`~formsift.templates.confidence.UNSURE_CHARACTER`, or a handwritten word, whose
confidence is the share of such words read right) is capped there
(:func:`~formsift.templates.confidence.ceiling`). A rule over that value alone that
checks it (``valid_iban(iban)``, ``valid_id("iso6346", container_no)``, ``luhn(card)``)
and passed is evidence too, but only as strong as the chance that a wrong reading passes
it: a mod-97 check passes a wrong reading about once in 97, a mod-11 or a mod-10 check
about once in 10, a check of the format alone nearly always. By Bayes, a reading right
with probability ``p`` that passed a check a wrong reading passes with chance ``f`` is
right with probability ``p / (p + (1 - p) * f)``.

The chance is measured on the value itself (:func:`pass_chance`), not taken from a list
of checks: the doubted characters are changed to the other characters of their kind (a
digit to the other digits, a capital to the other capitals), alone and together with one
other character of the value, and the check is run on each changed reading. The chance
is the larger of

- the share of the readings changed at one doubted character and another one that pass
  (what the check lets through by chance: about 1/10 for a mod-10 or mod-11 check digit,
  1/97 for mod 97), and
- for each doubted character, the share of the readings changed there alone that pass:
  a check that does not look at that character (a prefix outside the checked part, a
  check of the format only) passes them all, and lifts nothing.

The changed readings are those a recognizer could have given: when the field's type
reads by a pattern (its constraint: an ``iban``'s country formats), only readings of that
shape count. A recognizer reading by the pattern gives no other, so the part of the check
that tests the shape is no evidence: a German IBAN read box by box with its 'D' at 0.03
was lifted to 0.93 by a chance of 1 in 300 measured with changes of its country's letters
that no longer made a country, where mod 97 lets about 1 in 97 through.

A handwritten value is doubted whole: each of its words is right with the word's
confidence (the calibrated share of such words read right), so ``p`` is the product of
its words' confidences (a value of one word at 0.3 under mod 97 is right at about 0.97;
one at 0.03 at under 0.8, which stays capped). The check is the field's rules over the value
alone and, for a field type that checks its own readings (``checks_reading``: an
``iban``'s mod 97), the type's parsing: a changed reading the type does not accept fails
as a rule's would. A value that is not what was read (a look-alike character the type
put right) is not lifted.

The cap is lifted only when the probability after the check reaches :data:`LIFT_BAR`,
and then to that probability: a character doubted at 0.25 in an IBAN is right at 0.97
once mod 97 passes; in a card number under Luhn only at 0.77, which stays capped (a wrong
reading passing mod 10 is not accepted on the check alone). The doubted characters'
probabilities are multiplied: two doubted characters are less likely both right.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence

from formsift.core.document import Word
from formsift.handwriting.calibration import check_prior
from formsift.templates.confidence import UNSURE_CHARACTER

#: The probability, after a check passed, that a value's doubted characters must reach
#: for the check to lift their cap: the level a value accepted on its own evidence is
#: right at (the calibration's >= 0.9 band).
LIFT_BAR = 0.9
#: At most this many readings changed at two characters are tried (a fixed sample).
MAX_TRIES = 1500
#: A check that lets a wrong reading through at most this often (mod 97: 1 in 97; not a
#: mod-10 or mod-11 check digit, about 1 in 10) lifts a handwritten short code word from
#: its code table's prior (:func:`formsift.handwriting.calibration.check_prior`), the one
#: measured so, on IBANs; a weaker check lifts it from its word's confidence.
STRONG_CHANCE = 0.02


def _kind(ch: str) -> str | None:
    """The characters a misread of ``ch`` is taken among: its kind's others."""
    if ch.isdigit() and ch.isascii():
        return string.digits
    if ch.isascii() and ch.isupper():
        return string.ascii_uppercase
    if ch.isascii() and ch.islower():
        return string.ascii_lowercase
    return None


def doubted(raw: str, words: Sequence[Word], written: Sequence[bool],
            coded: bool = False) -> tuple[list[int], float] | None:
    """The places in ``raw`` of a value's doubted characters and the probability that
    they are all right: each printed character under ``UNSURE_CHARACTER`` at its own
    confidence, every character of a handwritten word (``written``) at the word's (with
    ``coded``, a short code word's at its code table's, :func:`check_prior`). None
    when a word holding one is not found in ``raw`` as it was read, or a doubted
    character is no letter or digit (nothing to change it to)."""
    places: list[int] = []
    prior = 1.0
    at = 0
    for w, hand in zip(words, written, strict=True):
        confs = w.char_confidences if len(w.char_confidences or ()) == len(w.text) \
            else (w.confidence,) * len(w.text)
        weak = list(range(len(w.text))) if hand else \
            [k for k, p in enumerate(confs) if p < UNSURE_CHARACTER]
        found = raw.find(w.text, at) if w.text else -1
        if found < 0:
            if weak:
                return None
            continue
        at = found + len(w.text)
        if hand:
            p = check_prior(w.text, w.confidence, tuple(w.char_confidences or ())) \
                if coded else w.confidence
            prior *= max(0.0, min(1.0, p))
        else:
            for k in weak:
                prior *= confs[k]
        places += [found + k for k in weak]
    if any(_kind(raw[i]) is None for i in places):
        return None
    return places, prior


def pass_chance(raw: str, places: Sequence[int], passes: Callable[[str], bool],
                possible: Callable[[str], bool] | None = None,
                enough: float = 1.0) -> float:
    """The chance that a wrong reading of ``raw`` passes the check ``passes``, measured
    by changing the characters at ``places`` (see the module's docstring); with
    ``possible``, among the changed readings it allows only (:func:`shaped`). Once the
    readings changed at one place show a chance of ``enough`` or more, no more are
    tried (a chance that high lifts nothing)."""
    def changed(*edits: tuple[int, str]) -> str:
        chars = list(raw)
        for i, ch in edits:
            chars[i] = ch
        return "".join(chars)

    others = [[ch for ch in _kind(c) or "" if ch != c] for c in raw]

    def could(text: str) -> bool:
        return possible is None or possible(text)

    chance = 0.0
    for i in dict.fromkeys(places):
        alone = [passes(text) for a in others[i] if could(text := changed((i, a)))]
        if alone:
            chance = max(chance, sum(alone) / len(alone))
        if chance >= enough:
            return chance
    # the readings changed at a doubted place and one other place, sampled by their
    # index among all of them (a long handwritten value has millions: never listed)
    firsts = [(i, a) for i in dict.fromkeys(places) for a in others[i]]
    seconds_of = {i: [(j, b) for j in range(len(raw)) if j != i for b in others[j]]
                  for i in dict.fromkeys(places)}
    sizes = [len(seconds_of[i]) for i, _ in firsts]
    total = sum(sizes)
    want = MAX_TRIES * (1 if possible is None else 4)  # (some may be shapes not allowed)
    picks = range(total) if total <= want else sorted(random.Random(0).sample(range(total), want))
    tried: list[bool] = []
    at, start = 0, 0
    for n in picks:
        while n >= start + sizes[at]:
            start += sizes[at]
            at += 1
        text = changed(firsts[at], seconds_of[firsts[at][0]][n - start])
        if could(text):
            tried.append(passes(text))
            if len(tried) >= MAX_TRIES:
                break
    if tried:
        chance = max(chance, sum(tried) / len(tried))
    return chance


#: How far along its kind (:func:`_kind`) a character is changed to test whether a
#: check looks at it: a check digit weighting it 7, 3 or 1 modulo 10 (ICAO 9303), 1 or 2
#: (Luhn), or mod 97 fails each of these changes of a character it covers.
_STEPS = (1, 3, 7)


def placed(raw: str, words: Sequence[Word], written: Sequence[bool]) -> dict[int, float]:
    """The confidence of each printed character of ``raw`` (the value read from
    ``words``), by its place in ``raw``: a word is found in ``raw`` as it was read; a
    handwritten word (``written``), whose word confidence speaks for it, and a word not
    found are left out."""
    out: dict[int, float] = {}
    at = 0
    for w, hand in zip(words, written, strict=True):
        found = raw.find(w.text, at) if w.text else -1
        if found < 0:
            continue
        at = found + len(w.text)
        if hand:
            continue
        confs = w.char_confidences if len(w.char_confidences or ()) == len(w.text) \
            else (w.confidence,) * len(w.text)
        out.update((found + k, p) for k, p in enumerate(confs))
    return out


def closed_list(fn: Callable[..., bool]) -> Callable[..., bool]:
    """Mark ``fn``, a rule function, as a check against a closed list of codes
    (``valid_country``: ISO 3166): it covers a character of a value only where every
    change of it makes a value off the list (:func:`unchecked_min`), unlike a check
    digit, which fails every change of a character it looks at. 'AUT' and 'AUS' are both
    codes: the list does not cover the last letter of either; no letter put for the 'O'
    of 'UTO' makes a code, and the list covers it."""
    getattr(fn, "__func__", fn).closed_list = True  # type: ignore[attr-defined]
    return fn


def is_closed_list(fn: object) -> bool:
    """Whether ``fn`` (a rule function's implementation) was marked :func:`closed_list`."""
    return bool(getattr(fn, "closed_list", False))


def checks_validity(fn: Callable[..., bool]) -> Callable[..., bool]:
    """Mark ``fn``, a rule function, as a check that a reading is a valid code or number
    of its scheme (a check digit: ``valid_iban``, ``valid_mrz``, ``luhn``): a value read
    right from a document printed right passes it, so a value that fails it was misread,
    and is no surer than :data:`formsift.templates.confidence.CHECK_FAILED`
    (``runtime._check_failed``). A business rule that a value read right can fail
    (``valid_for_route(iban)``: is this an account we route to?) is not one, whatever its
    name: its failing routes the record and says nothing of the reading. A plugin's
    function opts in so; a closed list (:func:`closed_list`) is one too."""
    # (a bound method, checks_validity(self.check) in a plugin's functions(), takes the
    # mark on its function: a method object refuses new attributes)
    getattr(fn, "__func__", fn).checks_validity = True  # type: ignore[attr-defined]
    return fn


def is_validity_check(fn: object) -> bool:
    """Whether ``fn`` (a rule function's implementation) was marked
    :func:`checks_validity` or :func:`closed_list`."""
    return bool(getattr(fn, "checks_validity", False)) or is_closed_list(fn)


def _covered_by_list(raw: str, i: int, listed: Callable[[str], bool | None]) -> bool:
    """Whether every change of character ``i`` of ``raw`` to another of its kind that the
    type parses fails ``listed`` (a closed list's check with the value's other checks):
    no misreading of it is another entry of the list."""
    kind = _kind(raw[i]) or ""
    read = [listed(raw[:i] + ch + raw[i + 1:]) for ch in kind if ch != raw[i]]
    return not any(read) and any(r is not None for r in read)


def unchecked_min(raw: str, words: Sequence[Word], written: Sequence[bool],
                  passes: Callable[[str], bool | None],
                  listed: Callable[[str], bool | None] | None = None) -> float:
    """The lowest confidence of a printed character of ``raw`` that the checks
    ``passes`` (which ``raw`` passed; None for a reading the field's type does not parse)
    do not look at, when they look at others. Each character is changed alone
    (:data:`_STEPS` along its kind); of the changed readings the type parses, all
    passing say the checks do not look at it, all failing that they cover it (a check
    digit fails every change of a character it covers; a rule that bounds the value,
    ``not_in_future(date)``, can fail every change of one, a year's tens digit, and is
    no check of the reading: ``runtime._value_check`` leaves it out). A check digit over
    part of a value (an MRZ's number and dates) says nothing about the rest (its names, sex and
    nationality), whose weakest character the value is no surer than. 1.0 when no
    character is left uncovered, when none is covered (a check of the value's form or
    range only), or when ``raw`` fails the checks. A ``raw`` the type does not parse as
    read (a zone read with a space or a '«' in it, which the type found in the page's
    normalised text) cannot be tried: it is no surer than its weakest printed character.

    ``listed``: the checks with those against a closed list (:func:`closed_list`: an MRZ's
    nationality a known code), which look at every character they are given but cover
    only those no change of which makes another entry (:func:`_covered_by_list`): a
    character ``passes`` does not cover is covered when the list does. Where ``passes``
    covers nothing (a country code's letters: ``valid_country`` alone), one neither
    covers counts only under :data:`~formsift.templates.confidence.UNSURE_CHARACTER`, the
    level at which a value no check looks at is capped: a list that passed makes a value
    no less sure than no check at all (two-letter codes are dense, and a right 'DE' whose
    'E' was read at 0.55-0.79 went to review for a passed ``valid_country``)."""
    outcome = passes(raw)
    if outcome is None:
        return min((p for i, p in placed(raw, words, written).items() if _kind(raw[i])),
                   default=1.0)
    if not outcome:
        return 1.0
    low, covers = 1.0, False
    for i, p in sorted(placed(raw, words, written).items(), key=lambda x: x[1]):
        if p >= low and covers:
            break
        kind = _kind(raw[i])
        if kind is None:
            continue
        at = kind.index(raw[i])
        read = [passes(raw[:i] + kind[(at + step) % len(kind)] + raw[i + 1:])
                for step in _STEPS]
        parsed = [r for r in read if r is not None]
        if parsed and all(parsed):
            if listed is not None and _covered_by_list(raw, i, listed):
                continue
            low = min(low, p)  # tried weakest first: the first one is the weakest
        elif parsed and not any(parsed):
            covers = True
    if covers or (listed is not None and low < UNSURE_CHARACTER):
        return low
    return 1.0


def shaped(pattern: str) -> Callable[[str], bool]:
    """Whether a reading has the shape ``pattern`` (a field type's constraint: what a
    recognizer reading the value by it can give; spaces between groups aside)."""
    from formsift.util.safe_regex import fullmatches

    return lambda text: fullmatches(pattern, text) or \
        (" " in text and fullmatches(pattern, text.replace(" ", "")))


def lifted(prior: float, chance: float) -> float:
    """The probability that a reading right with probability ``prior`` is right after a
    check that a wrong reading passes with ``chance`` passed, when it reaches
    :data:`LIFT_BAR`; else 0.0 (the check lifts nothing)."""
    if prior <= 0.0:
        return 0.0
    after = prior / (prior + (1.0 - prior) * chance)
    return after if after >= LIFT_BAR else 0.0


def checked(raw: str, words: Sequence[Word], written: Sequence[bool],
            passes: Callable[[str], bool],
            possible: Callable[[str], bool] | None = None) -> float:
    """How sure the checks ``passes`` (which the value ``raw`` read from ``words``
    passed) make its doubted characters: :func:`lifted`, 0.0 when they lift nothing or
    the value has no doubted character. ``possible``: the readings a recognizer could
    have given (:func:`shaped`, the field type's pattern), the only wrong readings the
    chance is measured among."""
    found = doubted(raw, words, written)
    if found is None or not found[0]:
        return 0.0
    # a value that is not its reading (a look-alike character put right: 'FRI4 ...' read
    # for 'FR14 ...') passed the check only because the change was chosen to pass it:
    # the check is no evidence about the reading, and the changed readings measured
    # around it fail for the character put right, not for the check (measured so, a
    # repaired IBAN was lifted from 0.6 to 0.93)
    if not passes(raw):
        return 0.0
    places, prior = found
    # a short code word's code table, as the prior under a strong check (mod 97) only
    coded = doubted(raw, words, written, coded=True)
    best = max(prior, coded[1] if coded is not None else 0.0)
    if best <= 0.0:
        return 0.0
    # the largest chance that still lifts this prior to LIFT_BAR
    enough = 1.0 if best >= 1.0 else \
        best * (1.0 - LIFT_BAR) / (LIFT_BAR * (1.0 - best)) + 1e-12
    chance = pass_chance(raw, places, passes, possible, enough)
    return lifted(best if chance <= STRONG_CHANCE else prior, chance)


