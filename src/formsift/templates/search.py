"""The ``search`` locator and line-rule tables: regular expressions over the layout text.

``search /re/`` runs the regex over the whole document's layout text (see
:mod:`formsift.templates.textview`), across lines and pages. The value is the group named
like the field, else the first group, else the whole match; every match is a candidate,
in reading order. ``from``/``until`` limit the text to a block; ``in REGION`` reads only
the region's words (a line of text per line, one space between words).

A table with line rules (``line``, ``first_line``, ``last_line``, ``skip_line``) is read
from the text between ``from`` and ``until``, one text line at a time: a ``first_line``
match starts a row, ``line`` matches add to it (repeated groups are joined with a line
break), ``last_line`` ends it. Named groups fill the columns.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import regex

from formsift.core.document import Document, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.grammar import ast as A
from formsift.plugins.fieldtypes.text import RUN_END, RUN_START
from formsift.templates import model as M
from formsift.templates.locators import Candidate, resolve_region
from formsift.templates.textview import NormalizeStep, TextView, document_view
from formsift.util.safe_regex import (
    RegexTimeout,
    compile_pattern,
    finditer,
    lines,
    part,
    search,
    set_end,
    top_level_alternation,
)

#: Whole-document regexes read more text than a line: they get a longer time limit.
SEARCH_TIMEOUT = 1.0


def label_regex(option: str | A.Regex) -> Any:
    """A compiled regex for a label option: text is matched literally."""
    if isinstance(option, str):
        return compile_pattern(regex.escape(option))
    return compile_pattern(option.pattern, option.flags)


def _first(options: tuple[str | A.Regex, ...], text: str, pos: int = 0) -> Any:
    best = None
    for opt in options:
        m = search(label_regex(opt), part(text, pos), SEARCH_TIMEOUT)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start() + pos, m.end() + pos)
    return best


def block(view: TextView, start: tuple[str | A.Regex, ...],
          end: tuple[str | A.Regex, ...]) -> TextView | None:
    """The text after the first ``start`` match and before the next ``end`` match (None
    when either is given and missing)."""
    s, e = 0, len(view.text)
    if start:
        m = _first(start, view.match_text)
        if m is None:
            return None
        s = m[1]
    if end:
        m = _first(end, view.match_text, s)
        if m is None:
            return None
        e = m[0]
    return view if (s, e) == (0, len(view.text)) else view.slice(s, e)


def field_view(doc: Document, spec: M.FieldSpec, regions: dict[str, M.RegionSpec],
               steps: tuple[NormalizeStep, ...]) -> TextView | None:
    count = M.scope_count(doc)
    pages = [p.index for p in doc.pages if spec.pages.includes(p.index, count)]
    areas: dict[int, Box] | None = None
    if spec.scope is not None:
        areas = {}
        for i in pages:
            box = resolve_region(doc, doc.pages[i], regions[spec.scope])
            if box is not None:
                areas[i] = box
    view = document_view(doc, steps, pages, areas)
    return block(view, spec.block_from, spec.block_until)


def _candidate(view: TextView, start: int, end: int, value: Any, raw: str, score: float,
               locator: str) -> Candidate:
    words = view.words_in(start, end)
    page = words[0].page if words else view.page_of(start)
    on_page = [w for w in words if w.page == page]
    return Candidate(
        value=value, raw=raw, page=page,
        box=Box.enclosing([w.box for w in on_page]) if on_page else None,
        confidence=min((w.confidence for w in words), default=1.0),
        score=score, locator=locator,
        source=",".join(sorted({w.source for w in words})) or "text",
        words=on_page)


def search_candidates(doc: Document, spec: M.FieldSpec, loc: M.LocatorSpec,
                      ctx: ParseContext, regions: dict[str, M.RegionSpec],
                      steps: tuple[NormalizeStep, ...], weight: float,
                      misses: list[str] | None = None) -> list[Candidate]:
    """Every value the field's ``search`` regex finds, in reading order; ``misses``
    receives what it captured that is no value of the field's type (the reason of a
    missing field quotes it)."""
    assert loc.regex is not None
    view = field_view(doc, spec, regions, steps)
    if view is None:
        return []
    rx = compile_pattern(loc.regex.pattern, loc.regex.flags)
    out: list[Candidate] = []
    seen: set[str] = set()
    desc = loc.describe()
    for m, offset, group_here in captures(rx, loc, spec, view.match_text):
        raw = m.group(group_here)
        if raw is None:
            continue
        try:
            value = spec.type.parse(raw, ctx)
        except ValueError:
            if misses is not None and raw.strip():
                text = " ".join(raw.split())
                note = f'the text captured is "{text if len(text) <= 40 else text[:37] + "..."}"'
                if note not in misses:
                    misses.append(note)
            continue
        if spec.repeated:
            if str(value) in seen:
                continue
            seen.add(str(value))
        start, end = (i + offset for i in m.span(group_here))
        score = weight * (1.0 - min(0.5, 0.001 * len(out)))  # reading order
        out.append(_candidate(view, start, end, value, raw, score, desc))
    return out


def captures(rx: Any, loc: M.LocatorSpec, spec: M.FieldSpec, text: str
             ) -> list[tuple[Any, int, int | str]]:
    """Each match of a ``search`` locator's regex in ``text``: (match, offset of the text it
    was found in, the group holding the value: the one named as the field, else the first,
    or in "(a)|(b)" the alternative that matched). Where the value would be cut out of a
    run of digits or letters, a match that reads it whole is taken (:func:`_whole_values`)."""
    assert loc.regex is not None
    group: int | str = spec.name if spec.name in rx.groupindex else (1 if rx.groups else 0)
    alternatives = top_level_alternation(loc.regex.pattern)
    whole = _whole_values(rx, group, alternatives, "x" in loc.regex.flags)
    out = []
    for m, offset in _matches(rx, text, spec.each_line, whole):
        here: int | str = group
        if group == 1 and alternatives:
            here = next((i for i in range(1, rx.groups + 1) if m.group(i) is not None), 1)
        out.append((m, offset, here))
    return out


def _groups(pattern: str) -> tuple[list[tuple[int, int, int, str | None]], list[int]] | None:
    """The capturing groups of ``pattern`` (number, where its content starts, where its
    ``)`` is, its name) and the groups that open each top-level alternative (the first
    capturing group after its start); None where the text is not followed (verbose mode,
    an unbalanced parenthesis)."""
    if _VERBOSE.search(pattern):
        return None
    groups: list[tuple[int, int, int, str | None]] = []
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


#: A named group's opening, ``(?P<name>`` or ``(?<name>`` (not a lookbehind).
_NAMED = regex.compile(r"\(\?P?<(?![=!])(\w+)>")
#: A pattern in verbose mode (its spaces and comments are not followed by :func:`_groups`).
_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")


def _whole_values(rx: Any, group: int | str, alternatives: bool, verbose: bool) -> Any:
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
    """:func:`_whole_values` of a pattern (not verbose) with its flags: the same for every
    document, so worked out once per regex."""
    if group == 0:
        bounded = f"{RUN_START}(?:{pattern}){RUN_END}"
    else:
        found = _groups(pattern)
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


def _matches(rx: Any, text: str, each_line: bool, whole: Any = None) -> list[tuple[Any, int]]:
    """Every match of ``rx`` in ``text``, or (``each_line``) the first match in each line,
    with the offset of the text it was found in. Where ``whole`` (:func:`_whole_values`)
    matches, its match is taken; ``rx``'s only where ``whole`` has none over its text (or
    ran out of time: it is a preference)."""
    if not each_line:
        found = [(m, 0) for m in finditer(rx, text, SEARCH_TIMEOUT)]
        better = _try(whole, lambda: finditer(whole, text, SEARCH_TIMEOUT), [])
        spans = [m.span() for m in better]
        if not better or spans == [m.span() for m, _ in found]:
            return found
        return sorted([(m, 0) for m in better]
                      + [(m, o) for m, o in found
                         if not any(_overlap(m.span(), s) for s in spans)],
                      key=lambda mo: mo[0].start())
    out = []
    pos = 0
    for line in lines(text):
        m = _try(whole, lambda line=line: search(whole, line, SEARCH_TIMEOUT), None)
        if m is None:
            m = search(rx, line, SEARCH_TIMEOUT)
        if m is not None and m.end() > m.start():
            out.append((m, pos))
        pos += len(line) + 1
    return out


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


# ---------------------------------------------------------------- combining candidates
def combine(how: str, cands: list[Candidate], locator: str) -> list[Candidate]:
    """One candidate made of all of ``cands`` (sum, min, max, first, last, join)."""
    if not cands:
        return []
    if how == "first":
        return [cands[0]]
    if how == "last":
        return [cands[-1]]
    cands = _one_reading_per_place(cands)
    values = [c.value for c in cands]
    if how == "sum":
        value: Any = sum(values, Decimal(0) if isinstance(values[0], Decimal) else 0)
    elif how == "min":
        value = min(values)
    elif how == "max":
        value = max(values)
    else:  # join
        value = " ".join(str(v) for v in values)
    words: list[Word] = [w for c in cands for w in c.words if w.page == cands[0].page]
    return [Candidate(
        value=value, raw=" + ".join(c.raw for c in cands) if how == "sum" else
        " | ".join(c.raw for c in cands), page=cands[0].page,
        box=Box.enclosing([w.box for w in words]) if words else cands[0].box,
        confidence=min(c.confidence for c in cands),
        score=min(c.score for c in cands), locator=f"{locator} combine {how}",
        source=",".join(sorted({s for c in cands for s in c.source.split(",")})),
        words=words)]


def _one_reading_per_place(cands: list[Candidate]) -> list[Candidate]:
    """The candidates less those that are another reading of part of a better one: "2
    636,26" is 2636.26 or (its part) 636.26, one amount, which a sum must count once. A
    part reads some of the same words and its text lies within the other's; matches side
    by side in one word ("Jean-Pierre", "1,2,3") are all kept. The better reading has the
    higher score, then the longer text; reading order is kept."""
    order = sorted(range(len(cands)), key=lambda i: (-cands[i].score, -len(cands[i].raw)))
    keep: list[int] = []
    for i in order:
        c = cands[i]
        ids = {id(w) for w in c.words}
        if any(ids & {id(w) for w in cands[k].words} and c.raw in cands[k].raw
               and len(c.raw) < len(cands[k].raw) for k in keep):
            continue
        keep.append(i)
    return [cands[i] for i in sorted(keep)]


# ---------------------------------------------------------------- line-rule tables
def _match_any(options: tuple[str | A.Regex, ...], line: str) -> Any:
    for opt in options:
        m = search(label_regex(opt), line)
        if m is not None:
            return m
    return None


def _blocks(view: TextView, spec: M.RowRules) -> list[TextView]:
    """Every block between ``from`` and ``until``, one after the other."""
    if not spec.start:
        b = block(view, (), spec.until)
        return [b] if b is not None else []
    out = []
    pos = 0
    while True:
        s = _first(spec.start, view.match_text, pos)
        if s is None:
            break
        if spec.until:
            e = _first(spec.until, view.match_text, s[1])
            if e is None:
                break
            out.append(view.slice(s[1], e[0]))
            pos = e[1]
        else:
            out.append(view.slice(s[1], len(view.text)))
            break
        if pos >= len(view.text):
            break
    return out


Piece = tuple[str, int, int]  # stripped text, start, end (in the block's text)


def _pieces(m: Any, offset: int) -> dict[str, Piece | None]:
    out: dict[str, Piece | None] = {}
    for name in m.re.groupindex:
        raw = m.group(name)
        if raw is None:
            out[name] = None
            continue
        s = m.start(name)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out[name] = (text, offset + s + lead, offset + s + lead + len(text))
    return out


def _rows_in_block(view: TextView, rules: dict[str, tuple[str | A.Regex, ...]]
                   ) -> list[dict[str, list[Piece | None]]]:
    first = rules.get("first_line") or (
        rules["line"] if "last_line" not in rules else ())
    rows: list[dict[str, list[Piece | None]]] = []
    current: dict[str, list[Piece | None]] = {}
    started = False
    offset = 0
    for line in lines(view.match_text):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if "skip_line" in rules and _match_any(rules["skip_line"], line):
            continue
        if first:
            m = _match_any(first, line)
            if m is not None:
                if current:
                    rows.append(current)
                current = {k: [v] for k, v in _pieces(m, line_start).items()}
                started = True
                continue
        if not started:
            continue
        if "last_line" in rules:
            m = _match_any(rules["last_line"], line)
            if m is not None:
                for k, v in _pieces(m, line_start).items():
                    current.setdefault(k, []).append(v)
                if current:
                    rows.append(current)
                current = {}
                started = False
                continue
        m = _match_any(rules["line"], line)
        if m is not None:
            for k, v in _pieces(m, line_start).items():
                current.setdefault(k, []).append(v)
    if current:
        rows.append(current)
    return rows


def _cell(view: TextView, pieces: list[Piece | None], col: M.ColumnSpec,
          ctx: ParseContext) -> Candidate | None:
    texts = [p[0] if p else "" for p in pieces]
    raw = texts[0]
    for t in texts[1:]:  # repeated groups join with a line break, as they were written
        raw = f"{raw}\n{t}" if raw else t
    if not raw.strip():
        return None
    try:
        value = col.type.parse(raw, ctx)
    except ValueError:
        return None
    spans = [p for p in pieces if p]
    words = [w for p in spans for w in view.words_in(p[1], p[2])]
    page = words[0].page if words else view.page_of(spans[0][1])
    on_page = [w for w in words if w.page == page]
    return Candidate(value, raw, page,
                     Box.enclosing([w.box for w in on_page]) if on_page else None,
                     min((w.confidence for w in words), default=1.0), 1.0, "line rules",
                     ",".join(sorted({w.source for w in words})) or "text", on_page)


def line_rule_rows(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                   steps: tuple[NormalizeStep, ...]) -> list[dict[str, Candidate | None]]:
    """The rows of a table read by line rules."""
    view = document_view(doc, steps)
    captured = {g for rules in spec.row_sets for kind, options in rules.rules.items()
                if kind != "skip_line" for o in options if not isinstance(o, str)
                for g in label_regex(o).groupindex}
    out = []
    for rules in spec.row_sets:
        for b in _blocks(view, rules):
            for row in _rows_in_block(b, rules.rules):
                # a column the row's lines have no group for is left out of the row (a
                # column no rule captures is in every row): see tables.extract_table
                out.append({c.name: (_cell(b, row[c.name], c, ctx) if c.name in row else None)
                            for c in spec.columns
                            if c.name in row or c.name not in captured})
    return out
