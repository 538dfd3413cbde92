"""Tables and line items: columns by header labels, rows by vertical alignment.

A header line is found by its column labels; each word below it goes to the column whose
header it sits under. A line with values only in ``multiline`` columns continues the row
above. The table ends at its ``until`` label: until that label is seen it continues on the
next pages, header repeated or not, and stops at a next page without a header that holds
no rows. Without ``until`` it ends at a wide gap or a line that is no row (then only a
next page that repeats its header continues it), or goes on over a page that simply ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from formsift.core.document import Document, Line, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.templates import model as M
from formsift.templates.labels import find_in_lines, find_label
from formsift.templates.locators import Candidate, PageView, resolve_region

Row = dict[str, Candidate | None]


@dataclass
class _Column:
    spec: M.ColumnSpec
    x0: float
    x1: float


def extract_table(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                  regions: dict[str, M.RegionSpec], steps: tuple[object, ...] = (),
                  functions: dict[str, Any] | None = None) -> list[Row]:
    """The table's rows, each with every column (blank cells None, or their ``default``
    computed from the row with the template's ``functions``)."""
    if spec.row_sets:
        from formsift.templates.search import line_rule_rows

        rows = line_rule_rows(doc, spec, ctx, steps)  # type: ignore[arg-type]
    else:
        rows = _header_rows(doc, spec, ctx, regions)
    return [_complete(row, spec, functions or {}) for row in rows]


def _complete(row: Row, spec: M.TableSpec, functions: dict[str, Any]) -> Row:
    """``row`` with a cell for every column. A column the row has (read by headers: every
    column; by line rules: one whose group is in the rule the line matched, or that no
    rule captures) but left blank takes its ``default``, when that can be computed."""
    from formsift.templates.rules import MissingValue, RuleEvalError, Scope, evaluate
    from formsift.util.safe_regex import RegexTimeout

    out: Row = {}
    for col in spec.columns:
        cell = row.get(col.name)
        if cell is None and col.default is not None and (col.name in row
                                                          or not spec.row_sets):
            values = {k: c.value for k, c in out.items() if c is not None}
            values.update({k: c.value for k, c in row.items()
                           if c is not None and k not in out})
            try:
                value = evaluate(col.default, Scope({}, {}, functions=functions, row=values))
            except (MissingValue, RuleEvalError, RegexTimeout, TypeError, ArithmeticError):
                value = None
            if value is not None:
                cell = _default_cell(value, col, [c for c in row.values() if c is not None])
        out[col.name] = cell
    return out


def _default_cell(value: Any, col: M.ColumnSpec, others: list[Candidate]) -> Candidate:
    if col.type.value_kind == "text":
        value = str(value)
    elif col.type_name == "int" and isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return Candidate(value, str(value), min((c.page for c in others), default=0), None,
                     min((c.confidence for c in others), default=1.0), 1.0, "default",
                     "default")


def _header_rows(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                 regions: dict[str, M.RegionSpec]) -> list[Row]:
    rows: list[Row] = []
    columns: list[_Column] | None = None
    paused = False
    for page in doc.pages:
        area = None
        if spec.region is not None:
            area = resolve_region(doc, page, regions[spec.region])
            if area is None:
                continue
        lines = PageView(page, area).lines
        start = 0
        if spec.start:
            hits = find_label(page, spec.start, lines)
            if hits:
                start = hits[0].line_index + 1
            elif columns is None:
                continue
        found = _find_header(lines, spec, start)
        continued = found is None
        if found is not None:
            header_index, columns = found
            start = header_index + 1
        elif columns is None:
            continue  # the table has not started yet
        elif paused:
            break  # it stopped on the last page and its header is not repeated here
        aspect = page.height / page.width if page.width > 0 else 1.0
        page_rows, ended = _rows(lines[start:], columns, spec, ctx, aspect)
        rows.extend(page_rows)
        if ended == "until" or (continued and not page_rows):
            break  # its stop label, or a next page without a header that holds no rows
        # after a gap or a line that is no row (a footer), the table goes on only on a
        # next page that repeats its header; a table with a stop label not on this page
        # goes on anyway, header or not
        paused = ended is not None and not (spec.until and not _has_label(
            lines[start:], spec.until))
    return rows


def _has_label(lines: list[Line], label: tuple) -> bool:
    return any(find_in_lines(line.page, [line], label) for line in lines)


def _find_header(lines: list[Line], spec: M.TableSpec,
                 start: int) -> tuple[int, list[_Column]] | None:
    """The line holding most column headers (at least two), and the columns' x-ranges."""
    need = max(1, min(2, len(spec.columns)))
    best: tuple[int, list[_Column]] | None = None
    for li in range(start, len(lines)):
        # headers may wrap onto two lines ("Unit" / "price"): look at this line and the next
        window = lines[li:li + 2]
        cols = []
        last_used = li
        for col in spec.columns:
            found = _header_box(window, col.header)
            if found is not None:
                box, offset = found
                cols.append(_Column(col, box.x0, box.x1))
                last_used = max(last_used, li + offset)
        if len(cols) >= need and (best is None or len(cols) > len(best[1])):
            best = (last_used, cols)
            if len(cols) == len(spec.columns):
                break
    if best is None:
        return None
    return best[0], sorted(best[1], key=lambda c: c.x0)


def _header_box(window: list[Line], header: tuple) -> tuple[Box, int] | None:
    for offset, line in enumerate(window):
        hits = find_in_lines(line.page, [line], header)
        if hits:
            return hits[0].box, offset
    return None


def _assign(words: list[Word], columns: list[_Column], aspect: float = 1.0
            ) -> dict[str, list[Word]]:
    """Each word of a row line to the column whose header it sits under; a phrase (words a
    word space apart) under one header goes there whole, so the last word of a long
    description ("... ErgoPlus 300") stays in it even where it reaches past half the way
    to the next header."""
    cells: dict[str, list[Word]] = {c.spec.name: [] for c in columns}
    bounds = []
    for i, c in enumerate(columns):
        left = 0.0 if i == 0 else (columns[i - 1].x1 + c.x0) / 2
        right = 1.0 if i == len(columns) - 1 else (c.x1 + columns[i + 1].x0) / 2
        bounds.append((left, right))
    loose = []
    for phrase in _phrases(words, aspect):
        under = [c for c in columns
                 if any(min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for w in phrase)]
        if len(phrase) > 1 and len(under) == 1:
            cells[under[0].spec.name].extend(phrase)
        else:
            loose.extend(phrase)
    for w in loose:
        best = None
        best_overlap = 0.0
        for c in columns:
            ov = min(w.box.x1, c.x1) - max(w.box.x0, c.x0)
            if ov > best_overlap:
                best, best_overlap = c, ov
        if best is None:
            for c, (left, right) in zip(columns, bounds, strict=True):
                if left <= w.box.cx < right:
                    best = c
                    break
        if best is not None:
            cells[best.spec.name].append(w)
    order = {id(w): i for i, w in enumerate(words)}
    return {name: sorted(ws, key=lambda w: order[id(w)]) for name, ws in cells.items()}


def _phrases(words: list[Word], aspect: float = 1.0) -> list[list[Word]]:
    """A line's words in runs set at most a word space apart (half their height)."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.box.x0):
        if out:
            prev = out[-1][-1]
            space = 0.5 * max(prev.box.height, w.box.height) * aspect
            if w.box.x0 - prev.box.x1 <= space and w.page == prev.page:
                out[-1].append(w)
                continue
        out.append([w])
    return out


def _cell(words: list[Word], col: M.ColumnSpec, ctx: ParseContext) -> Candidate | None:
    if not words:
        return None
    text = " ".join(w.text for w in words)
    box = Box.enclosing([w.box for w in words])
    conf = min(w.confidence for w in words)
    source = ",".join(sorted({w.source for w in words}))
    if col.type.value_kind == "text":
        try:
            value = col.type.parse(text, ctx)
        except ValueError:
            return None
        return Candidate(value, text, words[0].page, box, conf, 1.0, "table", source, words)
    found = col.type.find(text, ctx)
    if not found:
        return None
    f = found[0]
    rival = found[1].value if len(found) > 1 and found[1].tied else None
    if rival is None and col.type.value_kind in ("number", "money", "date") \
            and (col.handwritten or any(w.handwritten for w in words)):
        # two handwritten values side by side in one cell ("37 34": a quantity struck out
        # and written again beside it) are two readings of the cell, not the first one
        # and noise (printed cells holding two numbers are a column that spans two)
        rival = next((g.value for g in found[1:] if (g.end <= f.start or g.start >= f.end)
                      and str(g.value) != str(f.value)), None)
    return Candidate(f.value, text[f.start:f.end], words[0].page, box, conf, f.score,
                     "table", source, words, rival)


def _rows(lines: list[Line], columns: list[_Column], spec: M.TableSpec,
          ctx: ParseContext, aspect: float = 1.0) -> tuple[list[Row], str | None]:
    """The rows under a header, and why they ended: "until" (the end label), "gap" (a
    wide gap or a line that is no row) or None (the page ended). ``aspect``: the page's
    height over its width (boxes are fractions of each)."""
    rows: list[Row] = []
    structured = [c for c in columns if not c.spec.multiline and c.spec.type.value_kind != "text"]
    last_bottom = None
    typical_gap = None
    for line in lines:
        if spec.until and find_in_lines(line.page, [line], spec.until):
            return rows, "until"
        if spec.skip and find_in_lines(line.page, [line], spec.skip):
            last_bottom = line.box.y1  # a line of the table, but no row
            continue
        cells = _assign(line.words, columns, aspect)
        parsed = {c.spec.name: _cell(cells[c.spec.name], c.spec, ctx) for c in columns}
        has_structured = any(parsed[c.spec.name] is not None for c in structured)
        if last_bottom is not None and typical_gap is not None \
                and line.box.y0 - last_bottom > max(0.06, 4 * typical_gap):
            return rows, "gap"  # a wide gap: the table is over (on this page)
        if has_structured or (not structured and any(parsed.values())):
            rows.append(parsed)
        elif rows and any(cells[c.spec.name] for c in columns if c.spec.multiline):
            if last_bottom is not None and typical_gap is not None and line.box.y0 \
                    - last_bottom > max(2.5 * typical_gap, 0.6 * line.box.height):
                # set apart from the row above ("Continued on next page" under the last
                # row): no line of its description, which runs on at the rows' leading
                return rows, "gap"
            multiline = [c for c in columns if c.spec.multiline]
            if len(multiline) == 1:
                # a continuation line may run past its column: it all belongs to the cell
                cells = {c.spec.name: (list(line.words) if c is multiline[0] else [])
                         for c in columns}
            _continue(rows[-1], cells, columns, ctx)
        elif rows:
            return rows, "gap"  # a line that is no row: the table is over (on this page)
        else:
            continue
        if last_bottom is not None:
            gap = max(0.0, line.box.y0 - last_bottom)
            typical_gap = gap if typical_gap is None else min(typical_gap * 1.5, gap) or gap
        last_bottom = line.box.y1
    return rows, None


def _continue(row: Row, cells: dict[str, list[Word]], columns: list[_Column],
              ctx: ParseContext) -> None:
    for c in columns:
        extra = cells[c.spec.name]
        if not extra or not c.spec.multiline:
            continue
        prev = row.get(c.spec.name)
        words = (prev.words if prev else []) + extra
        merged = _cell(words, c.spec, ctx)
        if merged is not None and prev is not None:
            merged.raw = prev.raw + "\n" + " ".join(w.text for w in extra)
            if isinstance(merged.value, str):
                merged.value = prev.value + " " + " ".join(w.text for w in extra)
        row[c.spec.name] = merged
