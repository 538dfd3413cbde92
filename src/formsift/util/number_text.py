"""Identifiers as printed: the dashes, spaces and invisible characters a document may put
between the digit groups of an ID (``123‑456‑32‑18`` with U+2011, ``526\u00ad025`` with soft
hyphens from a PDF's text layer, ``DE 136\u202f695\u202f976``), read as the ASCII hyphen and
space that python-stdnum and formsift's own checks strip as separators; and such characters
shown escaped in messages, where they would look like ordinary ones or like nothing.
"""

from __future__ import annotations

from formsift.core.document import ODD_SPACES

#: Characters printed (or, the soft hyphen U+00AD, kept by text layers) where an ASCII
#: hyphen separates an ID's groups: soft hyphen, hyphen, non-breaking hyphen, figure dash,
#: en dash, em dash, horizontal bar, minus sign, small and full-width hyphen-minus.
DASHES = "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: Spaces other than the ASCII one: no-break, the typographic spaces U+2000 to U+200A
#: (thin, figure, punctuation ...), narrow no-break, medium mathematical, ideographic
#: (the text layers' odd spaces).
SPACES = ODD_SPACES
#: Characters of no width: zero-width space, (non-)joiners, word joiner, BOM.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Same length as the text: spans found in the translated text are the original's.
_SAME_LENGTH = str.maketrans({**{c: "-" for c in DASHES}, **{c: " " for c in SPACES},
                              **{c: " " for c in ZERO_WIDTH}})
_PLAIN = str.maketrans({**{c: "-" for c in DASHES}, **{c: " " for c in SPACES},
                        **{c: None for c in ZERO_WIDTH}})


def plain_separators(text: str, *, same_length: bool = False) -> str:
    """``text`` with every dash of :data:`DASHES` written ``-``, every space of
    :data:`SPACES` written `` `` and the zero-width characters left out (written as a
    space with ``same_length``, so that positions in the result are positions in
    ``text``)."""
    return str(text).translate(_SAME_LENGTH if same_length else _PLAIN)


def shown(text: str) -> str:
    """``text`` in double quotes, the characters of :data:`DASHES` (but ``-``),
    :data:`SPACES`, :data:`ZERO_WIDTH` and other invisible or control characters written
    as escapes (``\\u00ad``), so that a message shows ``"526\\u00ad025\\u00ad09\\u00ad95"``
    where a terminal would show ``5260250995`` or ``526-025-09-95``."""
    special = set(DASHES) | set(SPACES) | set(ZERO_WIDTH)
    out = []
    for ch in str(text):
        if ch in special or (not ch.isprintable() and ch != " "):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        elif ch in "\"\\":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def quoted(text: str) -> str:
    """``text`` in double quotes as it is, or as :func:`shown` writes it when it holds a
    character a reader could not see or tell from an ordinary one (a soft hyphen, a thin
    space, a zero-width space)."""
    special = set(DASHES) | set(SPACES) | set(ZERO_WIDTH)
    if any(ch in special or (not ch.isprintable() and ch != " ") for ch in str(text)):
        return shown(text)
    return f'"{text}"'


#: Full-width forms (U+FF01 to U+FF5E: "Ｔ７０１０", "Ａ－５５２１") as their ASCII characters,
#: one for one, so that positions in the result are positions in the text. Not the
#: full-width brackets: "（￥6,900）" holds a reference amount (the tax included) in Japanese,
#: where an accountant's "(6,900)" is a negative one.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c not in (0xFF08, 0xFF09)}


def ascii_forms(text: str) -> str:
    """``text`` with each full-width letter, digit and sign written as its ASCII one (as
    Japanese, Chinese and Korean documents print identifiers); the same length."""
    return str(text).translate(_FULL_WIDTH)
