"""``crnn(fallback="ppocr_v6")``: a free line ``crnn`` is unsure of, read again by a
second recognizer, whose reading is kept when it is surer.

``crnn`` reads every line first (3 to 15 ms); a line read without a field type's
constraint whose characters' mean confidence is under ``fallback_below``
(:data:`FALLBACK_BELOW`) is read again by the fallback (``ppocr_v6``, 30 to 70 ms), and the
fallback's words replace ``crnn``'s when their weakest word's confidence is higher than
``crnn``'s weakest word's (both given by the same word tables, so comparable). Chosen on
generated lines only (docs/handwriting.md, "A crnn -> ppocr_v6 cascade").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from formsift.core.document import Word
from formsift.handwriting.decode import Decoded

#: The recognizers a ``crnn`` may fall back on.
FALLBACKS: tuple[str, ...] = ("ppocr_v6",)
#: A free line whose characters' mean confidence is under this is read again.
FALLBACK_BELOW = 0.95


def fallback_recognizer(name: str | None, threads: int) -> Any:
    """The fallback recognizer ``name`` ready to read (None without one); a missing model
    raises its own error (``ppocr_v6``: the pip command that installs it)."""
    if name is None:
        return None
    from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer

    rec = PPOCRv6Recognizer({"threads": threads})
    rec.ensure_ready()
    return rec


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


def _weakest(words: Sequence[Word]) -> float:
    return min((w.confidence for w in words), default=0.0)
