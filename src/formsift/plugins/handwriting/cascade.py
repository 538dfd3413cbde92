"""``crnn(fallback="ppocr_v6")``: a free line ``crnn`` is unsure of, read again by a
second recognizer, whose reading is kept when it is surer.

``crnn`` reads every line first (3 to 15 ms); a line read without a field type's
constraint whose characters' mean confidence is under ``fallback_below``
(:data:`FALLBACK_BELOW`) is read again by the fallback (``ppocr_v6``, 30 to 70 ms), and the
fallback's words replace ``crnn``'s when their weakest word's confidence is higher than
``crnn``'s weakest word's (both given by the same word tables, so comparable). Chosen on
generated lines only (docs/handwriting.md, "A crnn -> ppocr_v6 cascade").

A fallback word is weighed against ``crnn``'s reading of the same place
(:func:`weighed`): read alike, it keeps the surer of the two confidences (a word of
:data:`SHORT` characters or fewer the less sure); read otherwise, it is doubted, at most
:data:`DISAGREED` (under the handwritten review floor), so a value the two read
differently goes to review, and so is a word of ``crnn``'s kept that the fallback read
otherwise (:func:`doubted`). Kept, the fallback's words carry ``crnn``'s name as their
source and are handwriting, whatever the region's label (the pipeline knows ``crnn`` as a
handwriting recognizer: routing sets printed readings of its words aside, typed fields
read them again under their constraint), and the page's :data:`NOTE` note lists them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from formsift.core.document import Word
from formsift.core.locale import get_locale
from formsift.handwriting.decode import Decoded
from formsift.plugins.fieldtypes.amounts import parse_number

#: The recognizers a ``crnn`` may fall back on.
FALLBACKS: tuple[str, ...] = ("ppocr_v6",)
#: A free line whose characters' mean confidence is under this is read again.
FALLBACK_BELOW = 0.95
#: The highest confidence of a fallback word ``crnn`` read otherwise: a doubt, under the
#: handwritten review floor (0.7, runtime's ``HANDWRITTEN_MIN_CONFIDENCE``).
DISAGREED = 0.69
#: A character ``crnn`` gives under this confidence it more likely did not read than read
#: (``recognize.DASH_DOUBT``: a doubt); a word holding one is confirmed by no agreement.
SEEN = 0.5
#: A word of this many characters or fewer is lifted by no agreement: two recognizers
#: read one stroke alike too often (a quantity 4 both read ``1``, crnn at 0.49).
SHORT = 2
#: The page note (``page.notes[NOTE]``, shown in the result) of the words the fallback
#: read and ``crnn`` kept: ``{"by": the fallback's name, "words": [[text, box], ...]}``.
NOTE = "fallback"
#: The locales under which a number ``crnn`` kept and the fallback read with other marks
#: must read alike for ``crnn``'s word to stay undoubted (:func:`_same_number`).
LOCALES: tuple[str, ...] = ("en_GB", "de_DE", "de_CH", "fr_FR")


def fallback_recognizer(name: str | None, threads: int) -> Any:
    """The fallback recognizer ``name`` ready to read (None without one); a missing model
    raises its own error (``ppocr_v6``: the pip command that installs it)."""
    if name is None:
        return None
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    rec = PPOCRv6Recognizer({"threads": threads})  # (scored by the shipped tables)
    rec.ensure_ready()
    return rec


def scales_apart(calibrated: bool, table: str, digit_table: str = "shipped") -> str | None:
    """Why ``crnn``'s words and the fallback's (scored by the shipped model's word
    tables) are not on one scale, or None: ``calibrated=false`` (crnn's raw character
    confidences) or a model's own table (``table``: its calibration's source;
    ``digit_table``: its digits table's)."""
    if not calibrated:
        return "calibrated=false scores crnn's words by raw character confidence"
    if table != "shipped":
        return "this model scores its words by its own fitted table"
    if digit_table != "shipped":
        return "this model scores its words without letters by its own table"
    return None


def unsure(line: Decoded, below: float = FALLBACK_BELOW) -> bool:
    """Whether ``crnn`` is unsure of a line: its characters' mean confidence (spaces
    included) is under ``below``; a line of no characters is."""
    if not line.chars:
        return True
    return sum(c[1] for c in line.chars) / len(line.chars) < below


def surer(theirs: Sequence[Word], mine: Sequence[Word]) -> bool:
    """Whether the fallback's words are surer than ``crnn``'s: their weakest word's
    confidence is higher (no words: confidence 0)."""
    return bool(theirs) and _weakest(theirs) > _weakest(mine)


def weighed(theirs: Sequence[Word], mine: Sequence[Word], source: str) -> list[Word]:
    """The fallback's words ``theirs`` under ``source`` (``crnn``'s name), as handwriting,
    each weighed against ``crnn``'s words ``mine`` across it: read alike (:func:`_alike`),
    each character of ``crnn``'s at :data:`SEEN` or more, the surer of the two
    confidences (a word of :data:`SHORT` characters or fewer: the less sure); otherwise
    (a number with other marks too: which of '4.12' and '4,12' is right the two do not
    say; or none, or a character ``crnn`` did not read), at most :data:`DISAGREED`. Its
    characters' confidences are no surer than the word's (what a value the template does
    not say is handwritten is scored by)."""
    out = []
    for w in theirs:
        across = [m for m in mine if _overlap(m, w)]
        if _alike(w.text, across) and all(c >= SEEN for m in across for c in m.char_confidences):
            pick = min if len(w.text) <= SHORT else max
            conf = pick(w.confidence, _weakest(across))
        else:
            conf = min(w.confidence, DISAGREED)
        out.append(dataclasses.replace(_capped(w, conf), confidence=conf, source=source,
                                       handwritten=True))
    return out


def doubted(mine: Sequence[Word], theirs: Sequence[Word]) -> list[Word]:
    """``crnn``'s words ``mine``, kept over the fallback's ``theirs``: each the fallback read
    otherwise at most :data:`DISAGREED`, its characters too; a word read alike (the
    fallback's words across it read it, or each read what ``crnn``'s words across that one
    read: 'SofiaRossi' across 'Sofia Rossi'; or one word read it as the same number with
    other marks in the same places, :func:`_same_number`: '180,39' across '180.39', whose
    marks are ``crnn``'s as kept), as it was. Where the fallback read no letter or digit
    across it (nothing, or only a mark: '180.39 .') the word is doubted too: ``crnn`` was
    unsure of the line, and a fallback that read nothing there confirms nothing."""
    theirs = [t for t in theirs if any(c.isalnum() for c in t.text)]

    def alike(m: Word) -> bool:
        across = [t for t in theirs if _overlap(t, m)]
        return bool(across) and (_alike(m.text, across) or (
            len(across) == 1 and _same_number(m.text, across[0].text)) or all(
            _alike(t.text, [x for x in mine if _overlap(x, t)]) for t in across))

    return [m if alike(m) else _capped(m, DISAGREED) for m in mine]


def note(page: Any, by: str, words: Sequence[Word]) -> None:
    """Note on ``page`` (:data:`NOTE`) the ``words`` the fallback ``by`` read."""
    notes = getattr(page, "notes", None)
    if not words or notes is None:
        return
    listed = notes.setdefault(NOTE, {"by": by, "words": []})["words"]
    for w in words:
        if [w.text, w.box.as_list()] not in listed:
            listed.append([w.text, w.box.as_list()])


def _overlap(a: Word, b: Word) -> bool:
    """Whether two words of a line share more than half the narrower one's width."""
    inner = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
    return inner > 0.5 * min(a.box.x1 - a.box.x0, b.box.x1 - b.box.x0)


def _alike(text: str, across: Sequence[Word]) -> bool:
    """Whether the words ``across`` read ``text``: the same characters joined."""
    return bool(across) and "".join(w.text for w in across) == text


def _same_number(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one number written with other marks in the same places:
    1 or 2 digits after the last mark and 3 after each other (a date '01.12.2025' is
    none; '1,234' is 1234 or 1.234 by locale), and the amount parser reads both to the
    same value under each locale of :data:`LOCALES` ("12'50" reads as no number there)."""
    def marks(t: str) -> tuple[str, list[int]] | None:  # its digits, its marks' places
        if not re.fullmatch(r"[0-9]+(?:[.,'][0-9]{3})*[.,'][0-9]{1,2}", t):
            return None
        return re.sub(r"\D", "", t), [i for i, c in enumerate(t) if not c.isdigit()]

    if marks(a) is None or marks(a) != marks(b):
        return False
    try:
        return all(parse_number(a, get_locale(t)) == parse_number(b, get_locale(t))
                   for t in LOCALES)
    except (ValueError, ArithmeticError):
        return False


def _capped(word: Word, cap: float) -> Word:
    """``word`` no surer than ``cap``, its characters' confidences too."""
    return dataclasses.replace(word, confidence=min(word.confidence, cap),
                               char_confidences=tuple(min(c, cap)
                                                      for c in word.char_confidences))


def _weakest(words: Sequence[Word]) -> float:
    return min((w.confidence for w in words), default=0.0)
