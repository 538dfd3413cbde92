"""Comb fields: a value written one character per printed cell ("4 4 1 0 3 8 2 9 1 7" for
the member ID 4410382917, "1 7 1 2 1 9 9 4" for 17 December 1994).

OCR reads each cell as a word of its own, so the text of such a field is single characters
set apart by spaces. Which types read it as one value, and on what evidence:

- the whole text offered (the text beside a label, a box's line, a table cell) is such a
  run, of at least :data:`MIN_CELLS` single characters; OCR may read two cells as one word
  ("9 01 3 3 7 4 4 6 2"), so one word in four may have two characters. A comb inside
  running text is not joined, nor is a run of fewer single characters (``"Qty 1 2 3 4"``,
  ``"12 3 4 5"``);
- the type reads the characters joined, and not the text as written: an ``id`` or
  ``text`` pattern that matches the whole joined text only (``id(/\\d{10}/)``), a date
  whose digits make a day, a month and a year in the locale's order (``DDMMYYYY``,
  ``DDMMYY``; a ``format`` without separators, ``%d%m%Y``, is tried first).

Numbers (``int``) are not joined from text alone: ``1 2 3 4`` in a quantity column is four
numbers as often as one.
"""

from __future__ import annotations

import re

#: Fewest cells a comb run has.
MIN_CELLS = 4
#: Most cells a comb run is read with (bounded work on hostile text).
MAX_CELLS = 64
_RUN = re.compile(r"[^\W_]{1,2}(?: [^\W_]{1,2})+")


def comb_text(text: str) -> tuple[int, int, str] | None:
    """(start, end, joined characters) when the whole of ``text`` (spaces around it aside)
    is a comb run: letters or digits one by one, each set apart by one space, at least
    :data:`MIN_CELLS` of them, and at most one word in four of two (two cells read as one
    word); None otherwise."""
    stripped = text.strip()
    if len(stripped) > 3 * MAX_CELLS or not _RUN.fullmatch(stripped):
        return None
    tokens = stripped.split(" ")
    single = sum(1 for t in tokens if len(t) == 1)
    if single < MIN_CELLS or 4 * (len(tokens) - single) > len(tokens):
        return None
    joined = "".join(tokens)
    start = text.index(stripped)
    return start, start + len(stripped), joined
