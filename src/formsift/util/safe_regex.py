"""Template regexes are untrusted input: compile them with the ``regex`` package and run
them under a timeout, so a catastrophic pattern is reported instead of hanging a worker."""

from __future__ import annotations

import functools
from typing import Any

import regex

from formsift.core.errors import FormsiftError

#: Seconds one regex search may take before it is abandoned.
DEFAULT_TIMEOUT = 0.25

_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


#: An inline flag group that turns on verbose mode or version-1 sets, which
#: :func:`named_groups` does not follow.
_UNFOLLOWED = regex.compile(r"\(\?[a-zA-Z-]*[xV]")


class RegexTimeout(FormsiftError):
    """A template regex took longer than its time limit on some text."""

    exit_code = 4  # the template's pattern is at fault
    code = "regex_timeout"


@functools.lru_cache(maxsize=2048)
def compile_pattern(pattern: str, flags: str = "") -> Any:
    """Compile ``pattern`` (raises ``regex.error`` with a position on bad syntax)."""
    value = regex.V0
    for f in flags:
        value |= _FLAGS[f]
    return regex.compile(pattern, value)


#: How many times a search that timed out while its thread hardly ran is tried again.
STARVED_RETRIES = 8


def timed(run: Any, timeout: float) -> Any:
    """``run(timeout)``, tried again when it timed out while its thread got less than
    half of the time on the CPU: the limit is wall-clock, and another thread holding the
    interpreter (rendering a page, say) must not make an ordinary pattern time out. A
    catastrophic pattern uses the CPU and times out for good."""
    import time

    for _ in range(STARVED_RETRIES):
        cpu = time.thread_time()
        try:
            return run(timeout)
        except TimeoutError:
            if time.thread_time() - cpu >= timeout / 2:
                raise
    return run(timeout)


def search(compiled: Any, text: str, timeout: float = DEFAULT_TIMEOUT) -> Any:
    try:
        return timed(lambda t: compiled.search(text, timeout=t), timeout)
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


def finditer(compiled: Any, text: str, timeout: float = DEFAULT_TIMEOUT) -> list[Any]:
    try:
        return timed(lambda t: list(compiled.finditer(text, timeout=t)), timeout)
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


def fullmatches(pattern: str, text: str, timeout: float = 0.05) -> bool:
    """Whether ``text`` matches ``pattern`` in full; False when the pattern is invalid or
    takes longer than ``timeout`` (a template's pattern is untrusted input)."""
    try:
        return timed(lambda t: compile_pattern(pattern).fullmatch(text, timeout=t),
                      timeout) is not None
    except (TimeoutError, regex.error):
        return False


def named_groups(pattern: str, flags: str = "") -> tuple[str, ...] | None:
    """The names of the named groups of a pattern *known to compile*, in order, read from
    its text without compiling it (which costs about 0.5 ms a pattern); None when the
    pattern uses verbose mode or version-1 sets, whose text this reading does not follow:
    compile it then."""
    if "x" in flags or _UNFOLLOWED.search(pattern):
        return None
    names: dict[str, None] = {}
    i, n = 0, len(pattern)
    in_set = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
            i += 1
            continue
        if c == "[":
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):  # a "]" first in a set is a literal
                i += 1
            in_set = True
            continue
        if not pattern.startswith("(?", i):
            i += 1
            continue
        j = i + 2
        if pattern.startswith("#", j):  # a comment runs to the next ")"
            end = pattern.find(")", j)
            i = n if end < 0 else end + 1
            continue
        if pattern.startswith("P<", j):
            j += 1
        if not pattern.startswith("<", j) or pattern.startswith(("<=", "<!"), j):
            i = j
            continue
        end = pattern.find(">", j + 1)
        if end < 0:
            return None
        names[pattern[j + 1:end]] = None
        i = end + 1
    return tuple(names)


def top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` is alternatives at its top level ("A (x)|B (y)"): then the value
    is the group of the alternative that matched, not always the first group (an optional
    first group that took no part leaves the value empty, as documented)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False
