r"""A regex's value read whole: the group that holds a value neither starts nor ends inside
a run of digits or of letters where the regex can read it so (``search`` locators, see
:mod:`formsift.templates.search`; a type's pattern is bounded alike in
:mod:`formsift.plugins.fieldtypes.text`).

``/ИНН\s+(\d{10}|\d{12})/`` reads a 12-digit INN whole, not its first ten digits (an
alternation takes the first branch that matches), and ``/IGST @ [\d.]*(\d+%)/`` reads
``18%`` in ``IGST @ 18%``, not ``8%`` (a greedy repeat before the group takes what it can).
Where no match reads the value whole, the regex's own match stands (``/Ref (\d{4})/``
still reads ``2024`` in ``Ref 20240815``: a template may mean a part).
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from formsift.plugins.fieldtypes.text import RUN_END, RUN_START
from formsift.util.safe_regex import (
    RegexTimeout,
    capturing_groups,
    finditer,
    search,
    top_level_alternation,
)


def value_group(rx: Any, name: str | None = None) -> int | str:
    """The group of ``rx`` that holds the value: the one named ``name``, else the first,
    else the whole match (0)."""
    if name is not None and name in rx.groupindex:
        return name
    return 1 if rx.groups else 0


def matches_read_whole(rx: Any, text: str, whole: Any, timeout: float) -> list[Any]:
    r"""Every match of ``rx`` in ``text``, where ``whole`` (:func:`whole_values`) has one
    over the same text, ``whole``'s: also where it covers the same text with its groups
    elsewhere (``IGST @ 18%`` under ``/IGST @ [\d.]*(\d+%)/``: the greedy repeat left
    the group ``8%``). ``rx``'s own matches stand where ``whole`` has none over their text
    (or ran out of time: it is a preference)."""
    found = finditer(rx, text, timeout)
    better = _try(whole, lambda: finditer(whole, text, timeout), [])
    if not better:
        return found
    spans = [m.span() for m in better]
    return sorted(better + [m for m in found if not any(_overlap(m.span(), s) for s in spans)],
                  key=lambda m: m.start())


def first_read_whole(rx: Any, text: str, whole: Any, timeout: float) -> Any:
    """The first match of ``whole`` (:func:`whole_values`) in ``text``, else of ``rx``
    (None: neither matches)."""
    m = _try(whole, lambda: search(whole, text, timeout), None)
    return m if m is not None else search(rx, text, timeout)


def pattern_matches(rx: Any, text: str, timeout: float) -> list[Any]:
    """Every match of a ``pattern`` locator's regex ``rx`` in ``text`` with its value
    (the first group; in "(a)|(b)" the alternative that matched) read whole where it can
    be (:func:`matches_read_whole`)."""
    whole = whole_values(rx, value_group(rx), top_level_alternation(rx.pattern), False)
    return matches_read_whole(rx, text, whole, timeout)


#: A pattern in verbose mode (its spaces and comments are not followed by
#: :func:`~formsift.util.safe_regex.capturing_groups`).
_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")


def whole_values(rx: Any, group: int | str, alternatives: bool, verbose: bool) -> Any:
    r"""``rx`` with the groups that may hold the value (``group``; in "(a)|(b)" the first
    group of each alternative; the whole match for 0) bounded as a type's pattern is
    (:data:`~formsift.plugins.fieldtypes.text.RUN_START`): the value neither starts nor
    ends inside a run of digits or of letters, so that the regex backtracks to the
    alternative or repeat that reads the whole run. ``/ИНН\s+(\d{10}|\d{12})/`` read a
    12-digit INN as its first ten digits. None when the pattern cannot be so bounded."""
    if verbose or rx.flags & regex.VERBOSE:
        return None
    return _bounded(rx.pattern, rx.flags, group, alternatives)


@functools.lru_cache(maxsize=1024)
def _bounded(pattern: str, flags: int, group: int | str, alternatives: bool) -> Any:
    """:func:`whole_values` of a pattern (not verbose) with its flags: the same for every
    document, so worked out once per regex."""
    if group == 0:
        bounded = f"{RUN_START}(?:{pattern}){RUN_END}"
    else:
        found = None if _VERBOSE.search(pattern) else capturing_groups(pattern)
        if found is None:
            return None
        groups, firsts = found
        wanted = {g for g in groups
                  if (g[3] == group if isinstance(group, str)
                      else g[0] in (firsts if alternatives else [group]))}
        bounded = pattern
        for _, start, end, _name in sorted(wanted, key=lambda g: -g[1]):
            bounded = (f"{bounded[:start]}{RUN_START}(?:{bounded[start:end]}){RUN_END}"
                       f"{bounded[end:]}")
    try:
        out = regex.compile(bounded, flags)
        rx = regex.compile(pattern, flags)
    except regex.error:
        return None
    return out if out.groups == rx.groups and out.groupindex == rx.groupindex else None


def _try(whole: Any, run: Any, default: Any) -> Any:
    """``run()`` when there is a bounded pattern (``whole``) to run and it does not run out
    of time, else ``default``."""
    if whole is None:
        return default
    try:
        return run()
    except RegexTimeout:
        return default


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a == b or (a[0] < b[1] and b[0] < a[1])
