"""Template regexes are untrusted input: compile them with the ``regex`` package and run
them under a timeout, so a catastrophic pattern is reported instead of hanging a worker."""

from __future__ import annotations

import functools
from typing import Any

import regex

#: Seconds one regex search may take before it is abandoned.
DEFAULT_TIMEOUT = 0.25

_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


class RegexTimeout(Exception):
    """A template regex took longer than its time limit on some text."""


@functools.lru_cache(maxsize=2048)
def compile_pattern(pattern: str, flags: str = "") -> Any:
    """Compile ``pattern`` (raises ``regex.error`` with a position on bad syntax)."""
    value = regex.V0
    for f in flags:
        value |= _FLAGS[f]
    return regex.compile(pattern, value)


def search(compiled: Any, text: str, timeout: float = DEFAULT_TIMEOUT) -> Any:
    try:
        return compiled.search(text, timeout=timeout)
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


def finditer(compiled: Any, text: str, timeout: float = DEFAULT_TIMEOUT) -> list[Any]:
    try:
        return list(compiled.finditer(text, timeout=timeout))
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


def fullmatches(pattern: str, text: str, timeout: float = 0.05) -> bool:
    """Whether ``text`` matches ``pattern`` in full; False when the pattern is invalid or
    takes longer than ``timeout`` (a template's pattern is untrusted input)."""
    try:
        return compile_pattern(pattern).fullmatch(text, timeout=timeout) is not None
    except (TimeoutError, regex.error):
        return False
