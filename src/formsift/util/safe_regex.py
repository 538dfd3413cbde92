"""Template regexes are untrusted input: compile them with the ``regex`` package and run
them under a timeout, so a catastrophic pattern is reported instead of hanging a worker."""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

import regex

from formsift.core.errors import FormsiftError

#: Seconds one regex search may take before it is abandoned.
DEFAULT_TIMEOUT = 0.25

_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


#: An inline flag group that turns on verbose mode or version-1 sets, which
#: :func:`named_groups` (:func:`capturing_groups`) does not follow.
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
    """The first match of ``compiled`` in ``text``; in a :class:`RecognizedText`, also
    where the recognized letters match whatever their accents (see :func:`_loose`)."""
    try:
        m = timed(lambda t: compiled.search(text, timeout=t), timeout)
        # the letters as written match somewhere: the looser reading is not needed (an
        # earlier "Zahler" does not stand in for the "Zähler" the recognizer read)
        if m is None and isinstance(text, RecognizedText) \
                and (loose := _loose_for(compiled, text)):
            limit = len(text) + 1

            def first(t: float) -> Any:
                for lm in loose.finditer(text.folded, timeout=t):
                    if lm.start() >= limit:
                        return None
                    if text.recognized(lm.start(), lm.end()):
                        return lm
                return None

            lm = timed(first, timeout)
            if lm is not None:
                m = LooseMatch(lm, compiled, text)
        return m
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


def finditer(compiled: Any, text: str, timeout: float = DEFAULT_TIMEOUT) -> list[Any]:
    """Every match of ``compiled`` in ``text``; in a :class:`RecognizedText` where it has
    none, the matches of the recognized letters whatever their accents."""
    try:
        found = timed(lambda t: list(compiled.finditer(text, timeout=t)), timeout)
        if not found and isinstance(text, RecognizedText) \
                and (loose := _loose_for(compiled, text)):
            more = [lm for lm in timed(lambda t: list(loose.finditer(text.folded, timeout=t)),
                                       timeout)
                    if text.recognized(lm.start(), lm.end())]
            if more:
                taken = _Taken([m.span() for m in found])
                more = [LooseMatch(lm, compiled, text) for lm in more if lm.span() not in taken]
                found = sorted(found + more, key=lambda m: m.span())
        return found
    except TimeoutError as exc:
        raise RegexTimeout(f"pattern /{compiled.pattern}/ timed out after {timeout}s") from exc


class _Taken:
    """The spans of a finditer's matches: whether another span is one of them or overlaps
    one (log time each)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = set(spans)
        self.wide = sorted(s for s in spans if s[1] > s[0])  # apart: their ends rise too

    def __contains__(self, span: tuple[int, int]) -> bool:
        a, b = span
        i = bisect.bisect_left(self.wide, (b, b))  # those that start before b
        return span in self.spans or (i > 0 and self.wide[i - 1][1] > a)


# ---------------------------------------------------------------- recognized text
#: Typographic dashes and quotes -> the keyboard's, which a recognizer writes for them
#: (a label copied from a PDF, "SIRET 123 – TVA", is read "SIRET 123 - TVA" on a scan).
_PUNCTUATION = {"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
                "’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                "«": '"', "»": '"', "″": '"'}


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one
    (``ł`` ``ø`` ``đ`` ``ħ`` too, which Unicode does not decompose; not ``ß``), and
    typographic dashes and quotes -> ``-``, ``'`` and ``"``."""
    out = {ord(a): b for a, b in zip("łŁøØđĐħĦı", "lLoOdDhHi", strict=True)}
    out.update({ord(a): b for a, b in _PUNCTUATION.items()})
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(cp))
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha() \
                and all(unicodedata.combining(c) for c in parts[1:]):
            out[cp] = parts[0]
    return out


_FOLD = _fold_table()
_FOLDABLE = regex.compile("[" + "".join(map(chr, _FOLD)) + "]")


def fold(text: str) -> str:
    """``text`` with accented Latin letters as their base letters and typographic dashes
    and quotes as plain ones, one character for one (offsets stay): ``März`` -> ``Marz``,
    ``1–3`` -> ``1-3``."""
    return text.translate(_FOLD)


class RecognizedText(str):
    """Text some of whose characters a recognizer (OCR, handwriting) read: ``marks`` holds
    one byte a character, 1 where a recognizer read it.

    A recognizer may write a letter without its accent (PP-OCR has no ``ä`` to write:
    ``März`` comes out ``Marz``) or with one it put back, so template regexes
    (:func:`search`, :func:`finditer`) also match it with the letters of the pattern and
    of the recognized text folded to their base letters; the match is read in the text as
    it is (its groups, offsets and so words and boxes are the recognized ones). Text a
    text layer gave is matched exactly: its letters are known.
    """

    marks: bytes

    def __new__(cls, text: str, marks: bytes) -> RecognizedText:
        self = super().__new__(cls, text)
        self.marks = marks
        return self

    def __reduce__(self) -> Any:  # a copy elsewhere is the plain text
        return (str, (str(self),))

    @functools.cached_property
    def folded(self) -> str:
        """The text with its recognized letters folded (one character for one)."""
        text = str(self)
        chars = None
        for m in _FOLDABLE.finditer(text):
            if self.marks[m.start()]:
                chars = chars if chars is not None else list(text)
                chars[m.start()] = fold(m.group())
        return text if chars is None else "".join(chars)

    def recognized(self, start: int, end: int) -> bool:
        """Whether a recognizer read any character of ``[start, end)``."""
        return self.marks.find(1, start, end) >= 0

    def part(self, start: int, end: int | None = None) -> str:
        """``self[start:end]``, still marked."""
        out = recognized_text(str.__getitem__(self, slice(start, end)), self.marks[start:end])
        if isinstance(out, RecognizedText):
            out.__dict__["folded"] = self.folded[start:end]  # (folded once, for the whole)
        return out

    def lines(self) -> list[str]:
        """The text split at line breaks, each line still marked."""
        out, pos = [], 0
        for line in str(self).split("\n"):
            out.append(self.part(pos, pos + len(line)))
            pos += len(line) + 1
        return out


def recognized_text(text: str, marks: bytes | Iterable[bool]) -> str:
    """``text`` as a :class:`RecognizedText` when a recognizer read any of its characters
    (``marks``: one a character), else ``text`` itself."""
    marks = marks if isinstance(marks, bytes) else bytes(bool(m) for m in marks)
    if len(marks) != len(text):
        raise ValueError("one mark a character")
    return RecognizedText(text, marks) if 1 in marks else str(text)


def joined(sep: str, parts: Iterable[str]) -> str:
    """``sep.join(parts)``, keeping the marks of recognized parts."""
    parts = list(parts)
    text = sep.join(parts)
    if not any(isinstance(p, RecognizedText) for p in parts):
        return text
    gap = bytes(len(sep))
    return recognized_text(text, gap.join(p.marks if isinstance(p, RecognizedText)
                                          else bytes(len(p)) for p in parts))


def part(text: str, start: int, end: int | None = None) -> str:
    """``text[start:end]``, still marked when ``text`` is a :class:`RecognizedText`."""
    return text.part(start, end) if isinstance(text, RecognizedText) else text[start:end]


def lines(text: str) -> list[str]:
    """``text.split("\\n")``, each line still marked when ``text`` is recognized."""
    return text.lines() if isinstance(text, RecognizedText) else text.split("\n")


#: A group's name (``(?P<name>``, ``(?<name>``, ``(?P=name)``, ``(?&name)``, ``(?P>name)``,
#: ``\g<name>``): kept as written when a pattern's letters are folded.
_GROUP_NAME = regex.compile(r"\\g<[^>]*>|\\.|\(\?P?<(?![=!])[^>]*>|\(\?(?:P=|&|P>)[^)]*\)")


#: Letters a recognizer writes as another character than their base letter, with every
#: character it writes for them: PP-OCR has no ``ł`` and writes ``t`` or ``l`` where the
#: restoration could not put it back ("ptatnosci"), and reads a ``č`` standing alone as
#: ``&`` ("doklad &."). In a pattern matched against recognized text each such letter is
#: a one-character class of its readings (``[lłt]``), so offsets stay aligned.
OCR_READINGS = {"ł": "lłt", "Ł": "LŁT", "č": "cč&"}


def _fold_part(text: str) -> str:
    """A piece of a pattern (no group name in it) folded: accented letters as their base
    letters, and a letter of :data:`OCR_READINGS` as the class of its readings (inside a
    class, its readings added; not in a negated class, nor at a range's end, where it
    folds as before)."""
    if not any(ch in OCR_READINGS for ch in text):
        return fold(text)
    out: list[str] = []
    i, n = 0, len(text)
    in_class = negated = class_start = False
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in OCR_READINGS and not in_class:  # an escaped letter is the letter
                out.append(f"[{OCR_READINGS[nxt]}]")
            else:
                out.append(fold(text[i:i + 2]))
            i += 2
            continue
        if in_class:
            if ch == "]" and not class_start:
                in_class = False
                out.append(ch)
            elif ch in OCR_READINGS and not negated \
                    and text[i - 1:i] != "-" and text[i + 1:i + 2] != "-":
                out.append(OCR_READINGS[ch])
            else:
                out.append(fold(ch))
            class_start = False
            i += 1
            continue
        if ch == "[":
            in_class, negated = True, text.startswith("^", i + 1)
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
            class_start = True  # a "]" first in a class is a literal
            continue
        out.append(f"[{OCR_READINGS[ch]}]" if ch in OCR_READINGS else fold(ch))
        i += 1
    return "".join(out)


def fold_pattern(pattern: str) -> str:
    """``pattern`` with its accented letters folded (:func:`fold`) and the letters a
    recognizer writes otherwise as classes of their readings (:data:`OCR_READINGS`), group
    names kept."""
    out, pos = [], 0
    for m in _GROUP_NAME.finditer(pattern):
        if m.group().startswith("\\") and not m.group().startswith("\\g"):
            continue
        out.append(_fold_part(pattern[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_fold_part(pattern[pos:]))
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def _loose(pattern: str, flags: int) -> Any:
    """``pattern`` with its letters folded, compiled with ``flags``; None when it does not
    compile so or its groups change (then only the exact pattern is matched)."""
    folded = fold_pattern(pattern)
    try:
        loose = regex.compile(folded, flags)
        exact = regex.compile(pattern, flags)
    except regex.error:
        return None
    return loose if loose.groupindex == exact.groupindex and loose.groups == exact.groups \
        else None


def _loose_for(compiled: Any, text: RecognizedText) -> Any:
    """The folded pattern to run over ``text.folded``, or None when it would find nothing
    the exact one does not (nothing to fold on either side)."""
    loose = _loose(compiled.pattern, compiled.flags)
    if loose is None or (loose.pattern == compiled.pattern and text.folded == text):
        return None
    return loose


class LooseMatch:
    """A match of a folded pattern in a recognized text's folded copy, read in the text as
    it is (both are aligned character for character): groups give the recognized
    letters, offsets and spans are the same."""

    __slots__ = ("_m", "re", "string")

    def __init__(self, m: Any, compiled: Any, text: str) -> None:
        self._m = m
        self.re = compiled
        self.string = text

    def _text(self, g: int | str) -> str | None:
        s, e = self._m.span(g)
        return None if s < 0 else str.__getitem__(self.string, slice(s, e))  # a plain str

    def group(self, *groups: int | str) -> Any:
        got = tuple(self._text(g) for g in groups or (0,))
        return got[0] if len(got) == 1 else got

    def __getitem__(self, g: int | str) -> str | None:
        return self._text(g)

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(t if (t := self._text(i)) is not None else default
                     for i in range(1, self.re.groups + 1))

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return {name: t if (t := self._text(name)) is not None else default
                for name in self.re.groupindex}

    def start(self, g: int | str = 0) -> int:
        return int(self._m.start(g))

    def end(self, g: int | str = 0) -> int:
        return int(self._m.end(g))

    def span(self, g: int | str = 0) -> tuple[int, int]:
        return tuple(self._m.span(g))  # type: ignore[return-value]

    def __getattr__(self, name: str) -> Any:  # lastindex, lastgroup, fuzzy_changes ...
        return getattr(self._m, name)

    def __repr__(self) -> str:
        return f"<LooseMatch span={self.span()} match={self.group()!r}>"


def fullmatches(pattern: str, text: str, timeout: float = 0.05) -> bool:
    """Whether ``text`` matches ``pattern`` in full; False when the pattern is invalid or
    takes longer than ``timeout`` (a template's pattern is untrusted input)."""
    try:
        return timed(lambda t: compile_pattern(pattern).fullmatch(text, timeout=t),
                      timeout) is not None
    except (TimeoutError, regex.error):
        return False


def set_end(pattern: str, i: int) -> int:
    """Where the character set that opens at ``pattern[i]`` (a ``[``) ends: the index after
    its ``]`` (a ``]`` first in the set, or after ``^``, is a literal; escapes are
    skipped), for readers that follow a pattern's text without compiling it."""
    n = len(pattern)
    i += 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):  # a "]" first in a set is a literal
        i += 1
    while i < n and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def named_groups(pattern: str, flags: str = "") -> tuple[str, ...] | None:
    """The names of the named groups of a pattern *known to compile*, in order, read from
    its text without compiling it (which costs about 0.5 ms a pattern); None when the
    pattern uses verbose mode or version-1 sets, whose text this reading does not follow:
    compile it then."""
    found = None if "x" in flags or _UNFOLLOWED.search(pattern) else capturing_groups(pattern)
    if found is None:
        return None
    return tuple(dict.fromkeys(name for _, _, _, name in sorted(found[0]) if name is not None))


#: A capturing group: its number, where its content starts, where its ``)`` is, its name.
Group = tuple[int, int, int, str | None]

#: A named group's opening, ``(?P<name>`` or ``(?<name>`` (not a lookbehind).
_NAMED = regex.compile(r"\(\?P?<(?![=!])(\w+)>")


def capturing_groups(pattern: str) -> tuple[list[Group], list[int]] | None:
    """The capturing groups of ``pattern`` read from its text without compiling it (in the
    order they close) and the groups that open each top-level alternative (the first
    capturing group after its start); None where the text is not followed (an unbalanced
    parenthesis). Verbose mode and version-1 sets are not followed: callers leave such
    patterns out (:func:`named_groups`)."""
    groups: list[Group] = []
    stack: list[tuple[int, int, str | None] | None] = []
    firsts: list[int] = []
    need_first = True
    i, n, number = 0, len(pattern), 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = set_end(pattern, i)
            continue
        if c == "|" and not stack:
            need_first = True
        elif c == ")":
            if not stack:
                return None
            top = stack.pop()
            if top is not None:
                groups.append((top[0], top[1], i, top[2]))
        elif c == "(":
            m = _NAMED.match(pattern, i)
            if m is not None:
                number += 1
                stack.append((number, m.end(), m.group(1)))
                i = m.end()
            elif pattern.startswith("(?#", i):
                end = pattern.find(")", i)
                if end < 0:
                    return None
                i = end + 1
                continue
            elif pattern.startswith("(?", i) or pattern.startswith("(*", i):
                stack.append(None)
                i += 1
            else:
                number += 1
                stack.append((number, i + 1, None))
                i += 1
            if stack[-1] is not None and need_first:
                firsts.append(number)
                need_first = False
            continue
        i += 1
    return (groups, firsts) if not stack else None


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
