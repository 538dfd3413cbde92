"""Han characters as the unified ideographs they show.

A PDF's text layer (and text that went through one) may give a Han character as one of
its look-alikes: a CJK compatibility ideograph (U+F98E for 年, U+F963 for 北), which
Unicode declares the same character as the unified one, or a Kangxi radical (U+2F47 ⽇
for 日), drawn alike. Fonts map several code points to one glyph, and the generator picks
one of them when it writes the text layer. Kept, '2026年12月04日' reads as no date and two
names that print alike differ. Each is written here as the unified ideograph (its
Unicode normalisation), and nothing else changes.
"""

from __future__ import annotations

import re
import unicodedata

#: CJK Radicals Supplement, Kangxi Radicals, CJK Compatibility Ideographs (and their
#: supplement).
_LOOK_ALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def _unified(match: re.Match[str]) -> str:
    ch = match.group()
    plain = unicodedata.normalize("NFKC", ch)
    return plain if len(plain) == 1 else ch


def unified_ideographs(text: str) -> str:
    """``text`` with each compatibility ideograph and Kangxi radical written as the unified
    ideograph it stands for (where Unicode gives one); other characters as they are."""
    return _LOOK_ALIKES.sub(_unified, text) if _LOOK_ALIKES.search(text) else text
