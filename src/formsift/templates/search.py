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

from decimal import Decimal
from typing import Any

import regex

from formsift.core.document import Document, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.grammar import ast as A
from formsift.templates import model as M
from formsift.templates.locators import Candidate, resolve_region
from formsift.templates.textview import NormalizeStep, TextView, document_view
from formsift.templates.whole_match import (
    first_read_whole,
    matches_read_whole,
    value_group,
    whole_values,
)
from formsift.util.safe_regex import compile_pattern, lines, part, search, top_level_alternation

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
    run of digits or letters, a match that reads it whole is taken
    (:func:`~formsift.templates.whole_match.whole_values`)."""
    assert loc.regex is not None
    group = value_group(rx, spec.name)
    alternatives = top_level_alternation(loc.regex.pattern)
    whole = whole_values(rx, group, alternatives, "x" in loc.regex.flags)
    out = []
    for m, offset in _matches(rx, text, spec.each_line, whole):
        here: int | str = group
        if group == 1 and alternatives:
            here = next((i for i in range(1, rx.groups + 1) if m.group(i) is not None), 1)
        out.append((m, offset, here))
    return out


def _matches(rx: Any, text: str, each_line: bool, whole: Any = None) -> list[tuple[Any, int]]:
    """Every match of ``rx`` in ``text``, or (``each_line``) the first match in each line,
    with the offset of the text it was found in; the value read whole where ``whole``
    (:func:`~formsift.templates.whole_match.whole_values`) can read it so."""
    if not each_line:
        return [(m, 0) for m in matches_read_whole(rx, text, whole, SEARCH_TIMEOUT)]
    out = []
    pos = 0
    for line in lines(text):
        m = first_read_whole(rx, line, whole, SEARCH_TIMEOUT)
        if m is not None and m.end() > m.start():
            out.append((m, pos))
        pos += len(line) + 1
    return out


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
