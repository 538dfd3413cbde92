"""The pieces of text every match of a regex contains, for a quick "cannot match".

Classifying a document among hundreds of templates runs hundreds of keyword regexes, most
of which cannot match: ``Invoice\\s(\\w{3}/\\S+)`` needs the text ``Invoice`` somewhere,
and a substring test says in microseconds that it is not there. The pieces come from the
regex's syntax tree (Python's own regex parser): literal characters in sequence at the top
level, inside groups, and inside repeats that must run at least once; alternatives,
optional parts, classes and lookarounds contribute nothing. Pieces never hold whitespace
(the texts a regex runs on differ in spacing), so they are split there.

The template's regexes are run with the ``regex`` package; a pattern that Python's parser
reads differently or not at all (``regex``-only syntax such as fuzzy matching ``{e<=1}``,
``\\p{L}``, ``(?|...)``) gets no pieces, and is simply always run.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

#: A ``{`` that does not open a counted repeat: Python's parser would read it literally
#: where ``regex`` may read fuzzy matching or a named list.
_ODD_BRACE = re.compile(r"(?<!\\)\{(?!\d*,?\d*\})")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


@dataclass(frozen=True)
class Required:
    """Texts every match contains; with ``ignore_case``, compared case-folded (ASCII)."""

    pieces: tuple[str, ...]
    ignore_case: bool


@functools.lru_cache(maxsize=8192)
def required_pieces(pattern: str, flags: str = "") -> Required | None:
    """What every match of ``/pattern/flags`` contains; None when nothing is known."""
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    if _ODD_BRACE.search(pattern):
        return None
    value = 0
    for f in flags:
        value |= _FLAGS.get(f, 0)
    try:
        tree = _parser.parse(pattern, value)
    except Exception:
        return None
    ignore_case = bool(tree.state.flags & re.IGNORECASE)
    pieces: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            pieces.append("".join(run))
            run.clear()

    def walk(items: Any) -> None:
        for op, av in items:
            if op is C.LITERAL:
                ch = chr(av)
                if ch.isspace() or (ignore_case and not ch.isascii()):
                    flush()
                else:
                    run.append(ch.lower() if ignore_case else ch)
            elif op is C.SUBPATTERN:
                _group, add_flags, _del_flags, inner = av
                if add_flags & re.IGNORECASE and not ignore_case:
                    flush()  # a case-insensitive part of a case-sensitive regex
                else:
                    walk(inner)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT, C.ATOMIC_GROUP):
                flush()
                if op is C.ATOMIC_GROUP:
                    walk(av)
                elif av[0] >= 1:
                    walk(av[2])
                flush()
            else:  # classes, any, anchors, alternatives, lookarounds, backreferences
                flush()

    walk(tree)
    flush()
    return Required(tuple(pieces), ignore_case) if pieces else None
