"""Tables and line items: columns by header labels, rows by vertical alignment.

A header line is found by its column labels; each word below it goes to the column whose
header it sits under. A line with values only in ``multiline`` columns continues the row
above. The table ends at its ``until`` label: until that label is seen it continues on the
next pages, header repeated or not, and stops at a next page without a header that holds
no rows; after it, only a next page that repeats the header with rows of its own (not a
copy of those read) goes on with it. Without ``until`` it ends at a wide gap, at a line
set apart from the rows with fewer number and amount cells than each row above (a totals
block), or at a line that is no row (then only a next page that repeats its header
continues it), or goes on over a page that simply ends.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, NamedTuple

from formsift.core.document import Document, Line, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.core.locale import WEEKDAYS
from formsift.handwriting.metrics import edit_distance
from formsift.templates import model as M
from formsift.templates.labels import find_in_lines, find_label, loose, normalize, span_to_words
from formsift.templates.leveling import level_lines
from formsift.templates.locators import Candidate, PageView, handwriting_context, resolve_region
from formsift.templates.locators import numbers_apart as _apart
from formsift.templates.lost_points import doubt_lost_points

Row = dict[str, Candidate | None]

#: Where :func:`traced` collects, per table, what its reading did (``formsift explain``).
_BOOK: ContextVar[dict[str, list[str]] | None] = ContextVar("formsift_table_book",
                                                            default=None)
#: The notes of the table being read, while :func:`traced` collects.
_TRACE: ContextVar[list[str] | None] = ContextVar("formsift_table_trace", default=None)
#: The lines the rows being read passed over as headings (or notes), while a table with a
#: ``heading`` column is read (see :func:`_carry_headings`).
#: The ruled cells of a page's columns while its rows are read: column key -> the vertical
#: lines on either side of its header (see :func:`_ruled_cells`).
_RULED: ContextVar[dict[str, tuple[Any, Any]] | None] = ContextVar("formsift_table_ruled",
                                                                  default=None)
_HEADINGS: ContextVar[list[Line] | None] = ContextVar("formsift_table_headings",
                                                      default=None)
#: The page whose rows are being read (its ruling lines measured only when asked: see
#: :func:`_ruled_apart`).
_PAGE: ContextVar[Any] = ContextVar("formsift_table_page", default=None)


def _carry_headings(rows: list[Row], headings: list[Line], columns: list[M.ColumnSpec],
                    last: Line | None, ctx: ParseContext) -> Line | None:
    """Fill each ``heading`` column of ``rows`` (read from one page, or one part of a
    page printed in columns) with the section heading above the row: the last of
    ``headings`` (lines passed over before or between the rows) that lies above the row's
    first line, else ``last``, the heading carried from the pages before. Returns the
    heading to carry on to the next page. A heading that does not read as the column's
    type leaves the cell blank."""
    order = sorted({id(h): h for h in headings}.values(), key=lambda h: h.box.y0)
    for row in rows:
        tops = [c.box.y0 for c in row.values() if c is not None and c.box is not None]
        top = min(tops) if tops else None
        # above the row: its middle above the row's top (a scan's boxes of a heading set
        # close over its row may reach into the row's)
        above = [h for h in order if top is not None and h.box.cy <= top + 1e-6]
        line = above[-1] if above else last
        for col in columns:
            row[col.name] = _heading_cell(line, col, ctx) if line is not None else None
    return order[-1] if order else last


def _heading_cell(line: Line, col: M.ColumnSpec, ctx: ParseContext) -> Candidate | None:
    try:
        value = col.type.parse(line.text, ctx)
    except ValueError:
        return None
    words = list(line.words)
    return Candidate(value, line.text, line.page, line.box,
                     min((w.confidence for w in words), default=1.0), 1.0, "heading",
                     ",".join(sorted({w.source for w in words})), words)


def _under_a_number_header(line: Line, columns: list[_Column]) -> bool:
    """Whether ``line`` lies under the header of a number, amount or date column alone: the
    header's second line ("(EUR)" under "Unit Price"), no section heading (those start
    under the text columns, at the left)."""
    return any(c.spec is not None and c.spec.type.value_kind in ("number", "money", "date")
               and c.x0 - 0.01 <= line.box.x0 and line.box.x1 <= c.x1 + 0.03
               for c in columns)


def _heading_line(line: Line) -> None:
    found = _HEADINGS.get()
    if found is not None:
        found.append(line)


@contextmanager
def traced() -> Iterator[dict[str, list[str]]]:
    """Collect, for each table read inside it by header, the header line found on each
    page, the line that ended the table and why (its ``until`` label, a wide gap, a
    line that is no row...), and the lines left out of its rows with the reason: the
    notes ``formsift explain`` prints under a table (by the table's name)."""
    book: dict[str, list[str]] = {}
    token = _BOOK.set(book)
    try:
        yield book
    finally:
        _BOOK.reset(token)


def _note(text: str) -> None:
    notes = _TRACE.get()
    if notes is not None:
        notes.append(text)


def _quoted(line: Line) -> str:
    text = line.text
    return repr(text if len(text) <= 70 else text[:67] + "...")


def _at(line: Line) -> str:
    return f"page {line.page + 1}: "


def _captured(fn: Any, *args: Any) -> tuple[Any, list[str]]:
    """``fn(*args)`` and the notes it made, kept apart from the table's (a reading the
    caller may drop)."""
    if _TRACE.get() is None:
        return fn(*args), []
    notes: list[str] = []
    token = _TRACE.set(notes)
    try:
        return fn(*args), notes
    finally:
        _TRACE.reset(token)


class _Row(dict):  # type: ignore[type-arg]
    """A row as read, with the text under each column that did not read as its type
    (``unread``: "2.5" under an ``int`` column), for the reason that names it, and the
    words of those cells (``unread_words``), for a handwritten cell to be read again."""

    unread: dict[str, str]
    unread_words: dict[str, list[Word]]


#: The cells of the tables being read that did not read as their column's type, while
#: :func:`unread_cells` collects: table name -> (column, the cell's words) per cell.
_UNREAD_CELLS: ContextVar[dict[str, list[tuple[M.ColumnSpec, list[Word]]]] | None] = \
    ContextVar("formsift_table_unread_cells", default=None)


@contextmanager
def unread_cells() -> Iterator[dict[str, list[tuple[M.ColumnSpec, list[Word]]]]]:
    """Collect, per table read meanwhile (:func:`extract_table`), its cells that hold
    words that did not read as their column's type and were left without a value: each
    cell's column and words (a handwritten count "3" read "N" under an ``int`` column),
    for :mod:`formsift.templates.constrained` to read them again with the column type's
    constraint."""
    book: dict[str, list[tuple[M.ColumnSpec, list[Word]]]] = {}
    token = _UNREAD_CELLS.set(book)
    try:
        yield book
    finally:
        _UNREAD_CELLS.reset(token)


@dataclass
class _Column:
    spec: M.ColumnSpec | None  # None: a header on the page the template does not declare
    x0: float
    x1: float

    @property
    def key(self) -> str:
        """The column's name; for a header the template leaves out, a name no template
        can write (it starts with a NUL), one per such column."""
        return self.spec.name if self.spec is not None else f"\0{self.x0:.5f}"


def _shared(columns: list[_Column]) -> dict[str, str]:
    """Declared columns that name the same header as another (its words found at the same
    place: "12 EA" under one "Quantity", read as ``qty: decimal`` and ``uom: text``), each
    by its key, to the key of the one that stands for their header where words are placed
    (the first that reads no text, else the first): they all read that header's cell."""
    groups: dict[tuple[float, float], list[_Column]] = {}
    for c in columns:
        if c.spec is not None:
            groups.setdefault((c.x0, c.x1), []).append(c)
    out: dict[str, str] = {}
    for group in groups.values():
        lead = next((c for c in group if c.spec.type.value_kind != "text"), group[0])
        out.update((c.key, lead.key) for c in group if c is not lead)
    return out


def _distinct(columns: list[_Column]) -> list[_Column]:
    """``columns`` with one column per header (see :func:`_shared`)."""
    shared = _shared(columns)
    return [c for c in columns if c.key not in shared]


def extract_table(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                  regions: dict[str, M.RegionSpec], steps: tuple[object, ...] = (),
                  functions: dict[str, Any] | None = None,
                  unread: list[dict[str, str]] | None = None,
                  headless: set[str] | None = None) -> list[Row]:
    """The table's rows, each with every column (blank cells None, or their ``default``
    computed from the row with the template's ``functions``). ``unread`` receives, per
    row, the text under each column that did not read as the column's type; ``headless``
    the columns whose header is on none of the header lines the rows were read under (a
    misspelt header)."""
    if spec.row_sets:
        from formsift.templates.search import line_rule_rows

        rows = line_rule_rows(doc, spec, ctx, steps)  # type: ignore[arg-type]
    else:
        headed: set[str] = set()
        book = _BOOK.get()
        token = _TRACE.set(book.setdefault(spec.name, [])) if book is not None else None
        try:
            rows = _header_rows(doc, spec, ctx, regions, headed)
        finally:
            if token is not None:
                _TRACE.reset(token)
        if headless is not None and rows:
            headless.update(c.name for c in spec.columns if c.header and c.name not in headed)
        _one_scale(rows, spec, ctx)
        doubt_lost_points(doc, rows, spec, ctx)
        _points_on_rulings(doc, rows, spec, ctx)
    if unread is not None:
        unread.extend(dict(getattr(row, "unread", {})) for row in rows)
    cells = _UNREAD_CELLS.get()
    if cells is not None:
        columns = {c.name: c for c in spec.columns}
        cells[spec.name] = [(columns[name], words) for row in rows
                            for name, words in getattr(row, "unread_words", {}).items()
                            if name in columns and row.get(name) is None and words]
    _one_date_order(rows, spec, doc)
    return [_complete(row, spec, functions or {}) for row in rows]


#: A numeric date, its day and month in either order ("08/06/2026", "13.04.24").
_NUMERIC_DATE = re.compile(r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-])")


def _orders(pairs: list[tuple[int, int]]) -> set[str]:
    """The orders numeric dates (their first two numbers) can only be read in: "DMY" for
    13/04, "MDY" for 04/13."""
    return {"DMY" for a, b in pairs if a > 12 >= b} | {"MDY" for a, b in pairs if b > 12 >= a}


def _one_date_order(rows: list[Row], spec: M.TableSpec, doc: Document) -> None:
    """Read each date column's numeric dates in one order. A cell that reads both ways
    (08/06/2026) is read in the locale's order, but a cell that reads one way only
    (08/17/2026 is month first) is read that way: left so, one column would hold 8 June
    and 17 August. So the column's cells that read both ways are read in the order its
    cells that read one way only show; where the column has none, in the order the
    table's other date columns show. Where the cells show both orders, or the table none
    and the document's other dates (a statement date 10/31/2026) the other order than the
    cells were read in, nothing here decides: each such cell keeps its reading with the
    other one as its ``rival`` (the record goes to review, ``ambiguous``)."""
    dates = [c.name for c in spec.columns if c.type.value_kind == "date"]
    numeric: dict[str, list[tuple[Candidate, int, int]]] = {name: [] for name in dates}
    for row in rows:
        for name in dates:
            cell = row.get(name)
            m = _NUMERIC_DATE.fullmatch((cell.raw or "").strip()) if cell is not None else None
            value = cell.value if cell is not None else None
            if m is None or not hasattr(value, "day"):
                continue
            a, b = int(m.group(1)), int(m.group(3))
            if (value.day, value.month) in ((a, b), (b, a)):
                numeric[name].append((cell, a, b))
    proofs = {name: _orders([(a, b) for _, a, b in cells]) for name, cells in numeric.items()}
    in_table = set().union(*proofs.values()) if proofs else set()
    in_document: set[str] | None = None
    for name, cells in numeric.items():
        both = [(cell, a, b) for cell, a, b in cells
                if a != b and a <= 12 and b <= 12 and cell.rival is None]
        if not both:
            continue
        order = proofs[name] or in_table
        decided = len(order) == 1
        if not order:  # the table shows no order: the document's other dates may
            if in_document is None:
                in_document = _orders([(int(m.group(1)), int(m.group(3)))
                                       for page in doc.pages
                                       for m in _NUMERIC_DATE.finditer(page.text)])
            order = in_document if len(in_document) == 1 else set()
        for cell, a, b in both:
            day_first = (cell.value.day, cell.value.month) == (a, b)
            if not order or order == {"DMY" if day_first else "MDY"}:
                continue
            other = cell.value.replace(day=b, month=a) if day_first \
                else cell.value.replace(day=a, month=b)
            if decided:
                cell.value = other
            else:
                cell.rival = other  # nothing in the table decides


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


def _read_images(doc: Document, rows: list[Row], columns: list[_Column], lines: list[Line],
                 header_bottom: float | None) -> None:
    """Fill the cells of the columns whose type reads pixels (``signature``,
    ``initials``) in ``rows`` (read from ``lines``, on one page), each from the image of
    its cell, as a field of the type is read from the pixels of its box: the ruled box
    around the column's header's middle at the row's height, where the table rules one;
    else the column's extent (half-way to the headers beside it) across the row's band
    (half-way to the rows above and below it; from the header line, for the first row).
    A ``checkbox`` column with no box printed in its cells reads each cell so, as its box
    (:func:`_tick_cell`); a ``handwritten`` column's cell left blank that holds pen ink
    (a written "0" the recognizer did not find, or read as a letter "O"), or another
    column's whose words did not read and were read as handwriting (:func:`_written_in`),
    is named in the row's ``unread``, under the column's name + :data:`INKED`: it is no
    blank cell."""
    from formsift.templates.locators import _from_image

    if not rows or not lines:
        return
    page = next((p for p in doc.pages if p.index == lines[0].page), None)
    if page is None:
        return
    heads = sorted(columns, key=lambda c: c.x0)
    ticks = [c for c in columns if c.spec is not None and c.spec.type_name == "checkbox"
             and not _has_boxes(c, heads, lines)]
    # a hinted column's blank cells are measured for pen ink; another column's only where
    # its words did not read and the handwriting recognizer read them (a written "4"
    # read "h" under a count the template does not hint)
    inked = [c for c in columns if c.spec is not None and not c.spec.type.reads_image
             and c.spec.type_name != "checkbox"
             and (c.spec.handwritten or c.spec.type.value_kind != "text")]
    wanted = [c for c in columns if c.spec is not None and c.spec.type.reads_image] + ticks \
        + inked
    ticks_at, inked_at = {id(c) for c in ticks}, {id(c) for c in inked}
    if not wanted:
        return
    bands = []
    for row in rows:
        boxes = [c.box for c in row.values() if c is not None and c.box is not None
                 and c.page == page.index and c.locator != "default"]
        bands.append((min(b.y0 for b in boxes), max(b.y1 for b in boxes)) if boxes else None)
    known = [b for b in bands if b is not None]
    if not known:
        return
    gaps = [max(0.0, b[0] - a[1]) for a, b in pairwise(known)]
    half = (sorted(gaps)[len(gaps) // 2] / 2 if gaps else 0.0) \
        or 0.5 * min(b[1] - b[0] for b in known)
    from formsift.templates.rulings import page_rulings

    try:
        rulings = page_rulings(page)
    except Exception:  # no image to measure: the cells are read by their bands
        rulings = None
    for col in wanted:
        # the columns beside it, not one read under the same header (the text of the
        # initials a "Given by" column holds, beside their mark): that one would halve it
        beside = [h for h in heads if h is col or (h.x0, h.x1) != (col.x0, col.x1)]
        at = beside.index(col)
        width = col.x1 - col.x0
        left = (beside[at - 1].x1 + col.x0) / 2 if at > 0 else max(0.0, col.x0 - width)
        right = (col.x1 + beside[at + 1].x0) / 2 if at + 1 < len(beside) else 1.0
        for i, (row, band) in enumerate(zip(rows, bands, strict=True)):
            if band is None or row.get(col.spec.name) is not None:
                continue
            before = next((b for b in reversed(bands[:i]) if b is not None), None)
            after = next((b for b in bands[i + 1:] if b is not None), None)
            top = (before[1] + band[0]) / 2 if before is not None else \
                max(header_bottom, band[0] - half) if header_bottom is not None \
                and header_bottom < band[0] else band[0] - half
            bottom = (band[1] + after[0]) / 2 if after is not None else band[1] + half
            cell = Box(max(0.0, left), max(0.0, top), min(1.0, right), min(1.0, bottom))
            if rulings:
                cx, cy = (col.x0 + col.x1) / 2, (band[0] + band[1]) / 2
                ruled = rulings.box_around(Box(cx - 0.001, cy - 0.001, cx + 0.001, cy + 0.001))
                if ruled is not None and ruled.height <= 2 * cell.height \
                        and ruled.width <= 2 * cell.width:
                    cell = ruled
            try:
                if id(col) in inked_at:
                    unread = getattr(row, "unread", None)
                    said = (unread or {}).get(col.spec.name) or ""
                    if unread is not None and (
                            _written_in(page, cell, said.split()) or (
                                col.spec.handwritten and _inked_cell(page, cell, said.split()))):
                        unread[col.spec.name + INKED] = _cell_name(cell)
                    continue
                found = _tick_cell(page, cell, getattr(row, "unread", {}).get(
                    col.spec.name)) if id(col) in ticks_at else \
                    _from_image(page, cell, col.spec.type, "table", 1.0)
            except (ValueError, NotImplementedError):  # a page with no image
                continue
            if found:
                row[col.spec.name] = found[0]
                getattr(row, "unread", {}).pop(col.spec.name, None)


def _standing(doc: Document, rows: list[Row], lines: list[Line], spec: M.TableSpec
              ) -> list[Row]:
    """``rows`` (read from ``lines``, on one page) but those struck through by hand (a pen
    line through the middle of most of their cells' words: see
    :mod:`formsift.templates.struck`): a cancelled row is no row of the table, and
    ``count(rows)`` counts those that stand. Each one left out is said on its page
    (``notes["struck_rows"]``: table name -> the rows' texts, in the result's
    ``page_info``) and in the table's trace (``formsift explain``)."""
    if not rows or not lines:
        return rows
    page = next((p for p in doc.pages if p.index == lines[0].page), None)
    if page is None:
        return rows
    from formsift.templates import struck as S

    strokes = S.strokes(page)
    if not strokes and not S.marked(page):
        return rows
    described = {c.name for c in spec.columns if c.type_name == "text"}
    kept = []
    for row in rows:
        shown = [(name, c) for name, c in row.items() if c is not None and c.box is not None
                 and c.page == page.index and c.locator != "default"]
        cells = [(c.box, [w.box for w in c.words if w.page == page.index]) for _, c in shown]
        # a viewer's strikethrough cancels the row only with its description (or all its
        # cells): struck numbers beside it are corrected cells (struck_values), whose
        # annotation's drawn line is no pen stroke through the row either
        texts = [i for i, (name, _) in enumerate(shown) if name in described]
        if not S.struck_out(cells, page, texts) and (
                S.struck_out(cells, page) or not S.struck(cells, strokes, page)):
            kept.append(row)
            continue
        text = " | ".join(c.raw for c in row.values() if c is not None and c.raw)
        _note(f"p{page.index + 1}: row {text!r} is struck through: left out of the rows")
        notes = page.notes.setdefault("struck_rows", {}).setdefault(spec.name, [])
        if text not in notes:
            notes.append(text)
    return kept


#: The key under which a row's ``unread`` names a blank cell of a ``handwritten`` column
#: that holds pen ink (``counted`` + this): its box, as page fractions.
INKED = "\0inked"


def _cell_name(cell: Box) -> str:
    return ",".join(f"{v:.4f}" for v in cell.as_list())


def _cell_ink(page: Any, cell: Box, printed: list[Box]) -> Any:
    """The tick reading of a cell's ink (:func:`formsift.plugins.handwriting.marks.read_tick`)
    on the page image, the ``printed`` words' boxes (with a 2-pixel rim) left out."""
    from formsift.plugins.handwriting.marks import read_tick
    from formsift.templates.locators import IMAGE_DPI

    image = page.image(page.notes.get("image", {}).get("dpi") or IMAGE_DPI)
    h, w = image.shape[:2]
    x0, y0 = int(cell.x0 * w), int(cell.y0 * h)
    x1, y1 = max(x0 + 2, int(cell.x1 * w)), max(y0 + 2, int(cell.y1 * h))
    masks = [(int(b.x0 * w) - x0 - 2, int(b.y0 * h) - y0 - 2, int(b.x1 * w) - x0 + 2,
              int(b.y1 * h) - y0 + 2) for b in printed]
    return read_tick(image[y0:y1, x0:x1], masks)


def _inked_cell(page: Any, cell: Box, unread: list[str]) -> bool:
    """Whether a cell holds pen ink: more than specks and what is left of its rulings
    (:func:`formsift.plugins.handwriting.marks.read_tick`), the printed words read there
    left out (a neighbour's number set against the column's edge), but those of the
    cell's own text that did not read (``unread``: a written "0" read as print "O")."""

    printed = [w.box for w in page.words if not w.handwritten and w.text not in unread
               and cell.contains_center_of(w.box)]
    return _cell_ink(page, cell, printed).present


def _written_in(page: Any, cell: Box, unread: list[str]) -> bool:
    """Whether the words of a cell that did not read (``unread``) were read by the
    handwriting recognizer: handwriting there, not a blank cell, though the column is not
    hinted ``handwritten``."""
    return bool(unread) and any(w.handwritten and w.text in unread
                                and cell.contains_center_of(w.box) for w in page.words)


#: The glyphs of a printed checkbox, as the ``checkboxes`` segmenter's words and a text
#: layer write them (a frame, a ticked frame).
_BOX_GLYPHS = frozenset("☐☑☒□■▢")
#: What a tick in a cell reads as (a hand check mark read "V" by OCR, a cross "X").
_TICK_LIKE = frozenset("VvXx✓✔✗✘√☓✕✖")


def _has_boxes(col: _Column, heads: list[_Column], lines: list[Line]) -> bool:
    """Whether a checkbox column prints a box in its cells (a word of the ``checkboxes``
    segmenter, a box glyph of a text layer, under it on the table's lines): if not, each
    cell is itself the box, and ink marks in it are a tick (:func:`_tick_cell`)."""
    at = heads.index(col)
    left = (heads[at - 1].x1 + col.x0) / 2 if at > 0 else 0.0
    right = (col.x1 + heads[at + 1].x0) / 2 if at + 1 < len(heads) else 1.0
    return any(left <= w.box.cx <= right and (w.source == "checkboxes" or any(
        ch in _BOX_GLYPHS for ch in w.text)) for line in lines for w in line.words)


def _tick_cell(page: Any, cell: Box, unread: str | None) -> list[Candidate]:
    """The reading of a cell of a checkbox column with no printed box (a ruled grid ticked
    with a hand X or a check mark): the cell is the box, ink marks in it (a cross, a
    check, a filled dot) a tick, an empty cell unticked, with the confidence the ink gives
    (:func:`formsift.plugins.handwriting.marks.read_tick`). A text layer's printed words
    in it are no mark, but a tick's glyph; a word OCR read there is the mark's ink
    (a hand check read "V"), one that reads as no tick ("-") leaves the reading unsure.
    None for a cell holding words ("n/a", "see note"): they stay unread, for the reason
    that names them."""
    from formsift.core.areas import EMPTY, TICKED

    if unread is not None and sum(ch.isalnum() for ch in unread) > 1:
        return []
    inside = [w for w in page.words if cell.contains_center_of(w.box)]
    if any(sum(ch.isalnum() for ch in w.text) > 1 for w in inside):
        return []
    printed = [w.box for w in inside if w.source in ("pdf", "text")
               and not set(w.text.strip()) <= _TICK_LIKE]
    reading = _cell_ink(page, cell, printed)
    confidence = reading.confidence
    if reading.present and any(w.source not in ("pdf", "text")
                                and not set(w.text.strip()) <= _TICK_LIKE for w in inside):
        confidence = min(confidence, 0.45)  # a sign ("-", "/"), or a tick read as one
    return [Candidate(reading.present, TICKED if reading.present else EMPTY, page.index,
                      cell, confidence, 1.0, "table", "cell ink")]


def _header_rows(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                 regions: dict[str, M.RegionSpec], headed: set[str] | None = None
                 ) -> list[Row]:
    """Rows read under the table's header lines; ``headed`` receives the names of the
    columns whose header was found on one that rows were read under."""
    rows: list[Row] = []
    columns: list[_Column] | None = None
    header_bottom = 0.0  # where the header the columns come from ends on its page
    paused = False
    stopped = False  # its stop label was seen
    pages = []
    sections = [c for c in spec.columns if c.heading]
    section: Line | None = None  # the last section heading passed over
    for page in doc.pages:
        area = None
        if spec.region is not None:
            area = resolve_region(doc, page, regions[spec.region])
            if area is None:
                continue
        lines = level_lines(PageView(page, area).lines, page)
        if not lines:
            continue  # a blank page (the back of a sheet scanned duplex) ends nothing
        start, labelled = 0, not spec.start
        if spec.start:
            hits = find_label(page, spec.start, lines)
            if hits:
                start, labelled = hits[0].line_index + 1, True
        aspect = page.height / page.width if page.width > 0 else 1.0
        found = _find_header(lines, spec, start, aspect)
        edges = _side_by_side(lines[found[0]], spec) if found is not None else []
        if not edges:
            pages.append((page, lines, start, labelled, aspect, found))
            continue
        # the list printed in two (or more) columns side by side, its header repeated on
        # one line: each part read as a page of its own, left to right, so no row pairs
        # the left part's cells with the right part's
        whole = area or Box(0.0, 0.0, 1.0, 1.0)
        above = lines[start - 1].box.y1 if start > 0 else whole.y0
        for x0, x1 in pairwise([whole.x0, *edges, whole.x1]):
            part = level_lines(PageView(page, Box(x0, whole.y0, x1, whole.y1)).lines, page)
            part_start = sum(1 for line in part if line.box.cy <= above) if start else 0
            pages.append((page, part, part_start, labelled, aspect,
                          _find_header(part, spec, part_start, aspect)))
    # the document's strongest header line (most of the table's headers, the first of
    # equals): a weaker one on a page before it starts the table only where its headers
    # sit where the strongest one's do (a page whose header line was partly misread), not
    # elsewhere (a summary page's "4. TOTAL COMPLETED" / "a. 10 % of Completed Work"
    # matching two of eight headers, the table's own header on the next page)
    strongest = max((found[1] for _, _, _, labelled, _, found in pages
                     if labelled and found is not None), key=_declared, default=None)
    for page, lines, start, labelled, aspect, found in pages:
        if not labelled and columns is None:
            continue
        if found is not None and columns is None and strongest is not None \
                and _declared(found[1]) < _declared(strongest) \
                and not _aligned(found[1], strongest):
            found = None
        if found is not None and columns is not None and not stopped \
                and _declared(found[1]) < _declared(columns):
            # fewer of its columns than the header it goes on from: no repeat of that
            # header (the headers "Charges" and "Payments" in "Total Charges" / "Total
            # Payments" under the rows of a page that does not repeat it), the same table
            # going on under the columns it had
            found = None
        continued = found is None
        if found is not None and stopped and _declared(found[1]) < _declared(columns or []):
            break  # after its stop label, another table (a terms page's fees), not this one
        heading = None
        if found is not None:
            header_index, columns = found
            start = header_index + 1
            header_bottom = lines[header_index].box.y1
            _note(f"{_at(lines[header_index])}header line {_quoted(lines[header_index])}")
            named = [c for c in columns if c.spec is not None]
            for group in ([c for c in named if c.spec.header == first.spec.header]
                          for i, first in enumerate(named)
                          if all(c.spec.header != first.spec.header for c in named[:i])):
                if len(group) > 1 and len({(c.x0, c.x1) for c in group}) == len(group):
                    _note(f"{_at(lines[header_index])}columns "
                          + ", ".join(f"'{c.spec.name}'" for c in group)
                          + f" name {_header_name(group[0])}, printed {len(group)} times "
                          f"on the header line: each reads its own, left to right")
        elif columns is None:
            continue  # the table has not started yet
        elif paused:
            if lines:
                _note(f"{_at(lines[0])}not read: the table ended on the page before and "
                      f"this page does not repeat its header")
            break  # it stopped on the last page and its header is not repeated here
        elif rows:
            heading = _Heading(header_bottom, _always_filled(rows, spec, columns))
            if lines:
                _note(f"{_at(lines[0])}no header line: the rows go on under the header "
                      f"of the page before")
        found_headings: list[Line] = []
        token = _HEADINGS.set(found_headings) if sections else None
        ruled = _RULED.set(_ruled_cells(page, lines[header_index], columns)
                           if found is not None else None)
        at_page = _PAGE.set(page)
        try:
            page_rows, ended, lead, left = _read_rows(lines[start:], columns, spec, ctx,
                                                      aspect, heading,
                                                      header_bottom if found else None)
        finally:
            _PAGE.reset(at_page)
            _RULED.reset(ruled)
            if token is not None:
                _HEADINGS.reset(token)
        if page_rows and headed is not None:
            headed.update(c.spec.name for c in columns if c.spec is not None)
        if page_rows and found is not None:
            _headers_not_found(page, spec, lines[header_index], columns, page_rows,
                               lines[start:])
        if stopped and _copies(page_rows, rows):
            break  # a copy of the pages before it ("COPY" of a delivery note), not more rows
        multiline = [c for c in columns if c.spec is not None and c.spec.multiline]
        heading_after = bool(lead and rows) and len(multiline) == 1 \
            and _heading_after_end(rows, multiline[0].spec.name, lead)
        if lead and rows and not stopped and not continued and len(multiline) == 1 \
                and (_goes_on(rows[-1], {multiline[0].key: lead}, multiline)
                     or (not heading_after
                         and _wrapped_over(rows, multiline[0].spec.name, lead))):
            # the text at the top of a next page, before its first row with a description
            # of its own: the rest of the last row's description, cut by the page break
            _continue(rows[-1], {c.spec.name: (lead if c is multiline[0] else [])
                                 for c in columns if c.spec is not None},
                      [c for c in columns if c.spec is not None], ctx)
        elif lead and rows and not sections:
            _left_above(page, spec, rows, lead, lines[start:], columns, aspect,
                        "the page does not repeat the header" if continued else
                        "after the table's stop label" if stopped else
                        "a heading after its finished sentence, not its rest" if heading_after
                        else "it does not go on from it, and the page break did not fall "
                        "where the column wraps")
        elif lead and not rows and not sections:
            mine = {id(w) for w in lead}
            for line in lines[start:]:
                if line.words and all(id(w) in mine for w in line.words):
                    _note(f"{_at(line)}left out {_quoted(line)}: before the first row, no "
                          f"row (a heading, a note or the header's second line)")
        elif lead and sections:
            # text above the page's first row that is no rest of a description: a
            # section heading at the top of the page ("SNACKS" under a repeated header)
            mine = {id(w) for w in lead}
            found_headings += [line for line in lines[start:] if line.words
                               and all(id(w) in mine for w in line.words)
                               and len(_phrases(line.words, aspect)) == 1]
        if sections:  # (a heading under the last row goes on to a next page's rows)
            section = _carry_headings(page_rows, found_headings, sections, section, ctx)
        else:
            _left_out_lines(page, spec, left, "under the last row, no row followed it (a "
                            "note, a heading, or the rest of the row's text?)")
        _read_images(doc, page_rows, columns, lines[start:],
                     header_bottom if found is not None else None)
        page_rows = _standing(doc, page_rows, lines[start:], spec)
        rows.extend(page_rows)
        if continued and not page_rows:
            break  # a next page without a header that holds no rows
        # after its stop label, a gap or a line that is no row (a footer), the table goes
        # on only on a next page that repeats its header (a delivery note signed page by
        # page: its second page's lines were lost); a table with a stop label not on this
        # page goes on anyway, header or not
        stopped = stopped or ended == "until"
        paused = ended == "until" or (ended is not None and not (
            spec.until and not _has_label(lines[start:], spec.until)))
    return rows


@dataclass
class _Heading:
    """What tells a next page's heading from the table's rows where the page does not
    repeat the header (a statement's letterhead and account block printed again): a line
    above ``below`` (where the header ended on the page it is on), before the page's first
    row, that does not read as a row like those above is the page's heading, no row:
    words under a column they do not read as ("Account No:" under "Debit"), or
    values in fewer than half of the columns every row above has a value in (``filled``:
    "Account No:  AC-0017" read as a reference and a debit of 17, no date nor balance).
    A row that leaves one of them blank is still a row."""

    below: float
    filled: list[str]

    def holds(self, line: Line, row: _Row) -> bool:
        if line.box.y0 >= self.below:
            return False
        if any(not looks_numeric(text) and not NO_AMOUNT.fullmatch(text.strip())
               for text in row.unread.values()):
            return True  # words, not a misread number nor "incl."
        return 2 * sum(row.get(name) is not None for name in self.filled) < len(self.filled)


def _like_rows(row: Row, rows: list[Row], spec: M.TableSpec, columns: list[_Column]) -> bool:
    """Whether ``row`` has values in at least half of the required columns every one of
    ``rows`` has a value in (a row, not "Payment terms: 30 days" with its 30 under a
    number column)."""
    filled = _always_filled(rows, spec, columns)
    return 2 * sum(row.get(name) is not None for name in filled) >= len(filled)


def _always_filled(rows: list[Row], spec: M.TableSpec, columns: list[_Column]) -> list[str]:
    """The required columns (no ``?``, no ``default``) under ``columns`` that hold a value
    in every one of ``rows``."""
    names = {c.spec.name for c in columns if c.spec is not None}
    return [c.name for c in spec.columns
            if c.name in names and not c.optional and c.default is None
            and all(r.get(c.name) is not None for r in rows)]


class _Read(NamedTuple):
    """What :func:`_rows` read on a page: its rows, why they ended ("until", "gap" or
    None: the page ended), the text before the first row (``lead``) and the lines under
    the last row passed over as headings or notes, no row following them (``left``)."""

    rows: list[Row]
    ended: str | None
    lead: list[Word]
    left: list[Line]


def _read_rows(lines: list[Line], columns: list[_Column], spec: M.TableSpec,
               ctx: ParseContext, aspect: float, heading: _Heading | None = None,
               header_bottom: float | None = None) -> _Read:
    """:func:`_rows` with the header's other labels as columns the template leaves out;
    when that leaves a number, amount or date column blank in every row, with nothing
    under its header in any of them, the rows read as before, by the declared columns
    alone, if they fill it: the other label was part of the column's own heading ("Amount
    RM", the amounts under "RM"). A column with words of its own under its header that do
    not read as its type ("12EA", "TBD" under "Quantity") is blank there, never filled
    with another header's cells (the Price column's amounts)."""
    read, notes = _captured(_rows, lines, columns, spec, ctx, aspect, heading, header_bottom)
    rows = read.rows
    declared = [c for c in columns if c.spec is not None]
    if len(declared) == len(columns):
        _keep(notes)
        return read
    kinds = ("number", "money", "date")
    # a column on the header of another that holds values has its cell there: blank, it
    # is no heading's part (not the Price column's amounts for a quantity that "12 EA"
    # under "Quantity" shares with its unit, when the cells hold no number)
    shared = _shared(columns)
    filled = {shared.get(n, n) for r in rows for n, v in r.items() if v is not None}
    blank = [c.spec.name for c in declared if c.spec.type.value_kind in kinds
             and not c.spec.multiline and all(r.get(c.spec.name) is None for r in rows)
             and not any(getattr(r, "unread", {}).get(c.spec.name) for r in rows)
             and not (shared.get(c.spec.name, c.spec.name) in filled
                      and (c.spec.name in shared or c.spec.name in shared.values()))]
    if not blank:
        _keep(notes)
        return read
    alone, alone_notes = _captured(_rows, lines, declared, spec, ctx, aspect, heading,
                                   header_bottom)
    if any(r.get(n) is not None for r in alone.rows for n in blank):
        _keep(alone_notes)
        return alone
    _keep(notes)
    return read


def _keep(notes: list[str]) -> None:
    for text in notes:
        _note(text)


def _side_by_side(line: Line, spec: M.TableSpec) -> list[float]:
    """Where each copy of the table after the first starts (the middle of the gap between
    the copies' headers), when the header ``line`` holds every declared header the same
    number of times, two or more, each copy's headers all left of the next copy's: a
    price list printed in two columns side by side ("EAN  Description  Price  EAN
    Description  Price"). Otherwise none. A header found inside another's words ("Price"
    in "Unit Price") is no copy of its own."""
    headed = [c for c in spec.columns if c.header]
    if len(headed) < 2:
        return []
    found = {c.name: [h.box for h in find_in_lines(line.page, [line], c.header)]
             for c in headed}
    everyone = [b for boxes in found.values() for b in boxes]
    copies = []
    for c in headed:
        own = sorted({(b.x0, b.x1) for b in found[c.name]
                      if not any(_within(b, other) for other in everyone)})
        copies.append(own)
    count = len(copies[0])
    if count < 2 or any(len(own) != count for own in copies):
        return []
    edges = []
    for k in range(1, count):
        left = max(own[k - 1][1] for own in copies)
        right = min(own[k][0] for own in copies)
        if left >= right:
            return []
        edges.append((left + right) / 2)
    return edges


def _declared(columns: list[_Column]) -> int:
    return sum(c.spec is not None for c in columns)


def _aligned(columns: list[_Column], other: list[_Column]) -> bool:
    """Whether the declared columns of ``columns`` sit where ``other`` has them (their
    x-ranges overlap): the same table's header, not words elsewhere that match some."""
    at = {c.spec.name: c for c in other if c.spec is not None}
    return all(min(c.x1, at[c.spec.name].x1) > max(c.x0, at[c.spec.name].x0)
               for c in columns if c.spec is not None and c.spec.name in at)


def _copies(new: list[Row], rows: list[Row]) -> bool:
    """Whether every row of ``new`` repeats a row already read (the same values)."""
    def values(row: Row) -> tuple:
        return tuple((k, str(c.value) if c is not None else None) for k, c in row.items())

    seen = {values(r) for r in rows}
    return bool(new) and all(values(r) in seen for r in new)


def _has_label(lines: list[Line], label: tuple) -> bool:
    return any(find_in_lines(line.page, [line], label) for line in lines)


def _find_header(lines: list[Line], spec: M.TableSpec, start: int, aspect: float = 1.0
                 ) -> tuple[int, list[_Column]] | None:
    """The line holding most column headers (at least two), and the columns' x-ranges,
    with the header line's other words as columns the template does not declare (their
    cells are read by no column: "Pos", "Unit price" of a table that declares only "Qty"
    and "Amount")."""
    headed = [c for c in spec.columns if c.header]  # the others are computed (default)
    need = max(1, min(2, len(headed)))
    best: tuple[int, list[_Column], list[Line]] | None = None
    for li in range(start, len(lines)):
        # headers may wrap onto two lines ("Unit" / "price"): look at this line and the next
        window = lines[li:li + 2]
        cols = []
        used: set[int] = set()
        found_on = {id(col): _header_boxes(window, col.header, spec.until) for col in headed}
        # a header found on both lines is taken from the line holding more headers: the
        # "Balance" of "Opening balance" above a header line with "Balance" is no header
        count = [sum(offset in f for f in found_on.values()) for offset in range(len(window))]
        for col in headed:
            found = found_on[id(col)]
            if found:
                # not inside another column's header on that line: the declared "Unit"
                # beside "Unit price" is the "Unit" standing alone, not that of the price;
                # nor a part of another column's header set on two lines: the "agree"
                # under "Strongly" is "Strongly agree"'s, and the declared "Agree" is the
                # one standing alone on the line above
                parts = {o: [f[o][0] for c, f in found_on.items() if c != id(col) and o in f]
                         for o in found}
                own = [o for o in found
                       if not all(any(_part_of(b, p) for p in parts[o]) for b in found[o])]
                offset = max(own or found, key=lambda o: (count[o], -o))
                alone = [b for b in found[offset]
                         if not any(_within(b, other) or _part_of(b, other)
                                    for other in parts[offset])]
                box = alone[0] if alone else found[offset][0]
                # columns of one kind naming one header the line prints as often (a
                # statement's "Debit" under "Seller" and again under "Buyer"): each its
                # own, left to right in the order they are declared
                twins = [c for c in headed if c.header == col.header
                         and c.type.value_kind == col.type.value_kind]
                apart = _apart_boxes(alone)
                if len(twins) > 1 and len(apart) >= len(twins):
                    box = apart[twins.index(col)]
                cols.append(_Column(col, box.x0, box.x1))
                used.add(offset)
        if len(cols) >= need and (best is None or len(cols) > len(best[1])):
            best = (li + max(used), cols, [window[o] for o in sorted(used)])
            if len(cols) == len(headed):
                break
    if best is None:
        return None
    last_used, cols, header_lines = best
    _stacked(lines[last_used + 1:last_used + 3], header_lines[-1], cols, aspect)
    body = lines[last_used + 1:last_used + 1 + _NUMBERING_LINES]
    return last_used, sorted(cols + _undeclared(header_lines, cols, aspect, body),
                             key=lambda c: c.x0)


def _apart_boxes(boxes: list[Box]) -> list[Box]:
    """``boxes`` (one header's places on a line, best first) that overlap none before
    them, left to right."""
    out: list[Box] = []
    for b in boxes:
        if not any(_gap(b, o) == 0.0 for o in out):
            out.append(b)
    return sorted(out, key=lambda b: b.x0)


def _stacked(below: list[Line], header_line: Line, cols: list[_Column], aspect: float
             ) -> None:
    """Widen each number, amount or date column by the rest of its header set on the
    lines right under the header line ("Total" / "Completed", "Scheduled" / "Value"):
    words without digits, close under it, each phrase under that header alone. Right-
    aligned amounts under such a header reach past its first line's word ("5,400.00"
    under "Completed", wider than "Total") and are that column's, not the next one's.
    Columns on one header (:func:`_shared`) are widened alike."""
    shared = _shared(cols)
    twins = [c for c in cols if c.key in shared]
    cols = [c for c in cols if c.key not in shared]
    above = header_line
    for line in below:
        if line.box.y0 - above.box.y1 > 0.8 * above.box.height \
                or any(ch.isdigit() for ch in line.text):
            return
        placed = False
        for phrase in _phrases(list(line.words), aspect):
            x0, x1 = phrase[0].box.x0, phrase[-1].box.x1
            under = [c for c in cols if min(x1, c.x1) > max(x0, c.x0)]
            if len(under) != 1:
                continue
            placed = True
            col = under[0]
            if col.spec is not None and col.spec.type.value_kind != "text" \
                    and not any(min(x1, c.x1) > max(x0, c.x0) for c in cols if c is not col):
                col.x0, col.x1 = min(col.x0, x0), max(col.x1, x1)
                for twin in twins:
                    if shared[twin.key] == col.key:
                        twin.x0, twin.x1 = col.x0, col.x1
        if not placed:
            return
        above = line


def _undeclared(header_lines: list[Line], declared: list[_Column], aspect: float,
                body: list[Line] | None = None) -> list[_Column]:
    """The header lines' phrases (words a word space apart) that hold no declared header:
    columns of the page the template leaves out. A phrase that holds one belongs to it
    ("Amount (EUR)"), unless the declared header's first word starts it again past the
    header: "Unit Unit price", two headers a scan set one word space apart, are "Unit"
    and a column the template leaves out; or its words before the declared header head
    a column of numbers of their own in the ``body`` lines below (:func:`_numbering`):
    "Sl No." a scan set a word space from "Description of Goods"."""
    def under(w: Word) -> bool:
        return any(min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for c in declared)

    out: list[_Column] = []
    for line in header_lines:
        for phrase in _phrases(list(line.words), aspect):
            if not any(under(w) for w in phrase):
                out.append(_Column(None, phrase[0].box.x0, phrase[-1].box.x1))
                continue
            k = next(i for i, w in enumerate(phrase) if under(w))
            if k and _numbering(phrase[:k], phrase[k], body or [], aspect):
                out.append(_Column(None, phrase[0].box.x0, phrase[k - 1].box.x1))
            first = phrase[0].text.casefold()
            again = next((k for k in range(1, len(phrase))
                          if phrase[k].text.casefold() == first
                          and not any(under(w) for w in phrase[k:])), None)
            if again is not None:
                out.append(_Column(None, phrase[again].box.x0, phrase[-1].box.x1))
    return out


#: How many lines under a header line :func:`_numbering` looks at.
_NUMBERING_LINES = 40
#: The narrowest gap between a serial number and the cell after it, in heights of their
#: words: twice a word space (:func:`_phrases`). Three scans of Tally invoices set the serial
#: number and its description 1.6 to 2.7 heights apart, a description's words under 0.6.
SERIAL_GAP = 1.0
#: A serial number: one to three digits, perhaps with a dot or a bracket ("1", "12.", "3)").
_SERIAL = re.compile(r"\d{1,3}[.)]?")


def _numbering(lead: list[Word], header: Word, body: list[Line], aspect: float) -> bool:
    """Whether the header words ``lead``, set a word space before a declared header's
    first word ``header``, head a column of their own: in the lines below, what stands
    under them is a serial number (:data:`_SERIAL`) set more than :data:`SERIAL_GAP`
    heights before the next word, which stands under ``header``, from the first row under
    them to the last before anything else stands there (the lines after the table); the
    start of a phrase that runs on under ``header`` in the first such row ("10 mm bolts"
    under "Item Description") is the declared column's."""
    serials = 0
    for line in body:
        if line.page != header.page:
            break
        first = _first_under(line, lead)
        if first is None:
            continue
        w, nxt = first
        if nxt is None or not _SERIAL.fullmatch(w.text):
            break
        height = aspect * max(w.box.height, nxt.box.height)
        if nxt.box.x0 - w.box.x1 <= SERIAL_GAP * height \
                or nxt.box.x0 < header.box.x0 - height:
            break
        serials += 1
    return serials > 0


def _first_under(line: Line, lead: list[Word]) -> tuple[Word, Word | None] | None:
    """The first word of ``line`` under the header words ``lead``, and the word after it
    (None: none stands under them)."""
    x0, x1 = lead[0].box.x0, lead[-1].box.x1
    words = sorted(line.words, key=lambda w: w.box.x0)
    for i, w in enumerate(words):
        if min(w.box.x1, x1) > max(w.box.x0, x0):
            return w, words[i + 1] if i + 1 < len(words) else None
    return None


def _header_boxes(window: list[Line], header: tuple, until: tuple | None = None
                  ) -> dict[int, list[Box]]:
    """Where ``header`` is on each line of ``window`` (by the line's offset; the best
    hit first). A header
    found inside the words of the table's stop label ``until`` ("Charges" in "Total
    Charges") is part of that label, no header."""
    out = {}
    for offset, line in enumerate(window):
        hits = [h for h in find_in_lines(line.page, [line], header)
                if not _labels_a_value(line, h) and not _across_columns(line, h)]
        if hits and until:
            stops = [h.box for h in find_in_lines(line.page, [line], until)]
            hits = [h for h in hits if not any(_within(h.box, b) for b in stops)]
        if hits:
            out[offset] = [h.box for h in hits]
    if len(window) == 2 and 1 not in out:
        stacked = _stacked_header(window, header)
        if stacked:
            out[1] = stacked
    return out


#: The widest gap between the words of one header, as a share of their height: more is a
#: column's gap, not a word space (about a third of it).
HEADER_WORD_GAP = 2.0


def _across_columns(line: Line, hit: Any) -> bool:
    """Whether a header's words found on ``line`` are set further apart than a word space
    (:data:`HEADER_WORD_GAP`): the words of two columns' headers, "given" of "Amount /
    given" and "by" of "Given / by" on the second line of a register's header, are no
    "Given by"."""
    words = line.words[hit.first:hit.last + 1]
    return any(b.box.x0 - a.box.x1 > HEADER_WORD_GAP * max(a.box.height, b.box.height)
               for a, b in pairwise(words))


#: A label, a colon and a number after it: "Item(s) : 5", "ITEM: 5", "Total:12.50".
_VALUE_AFTER = re.compile(r"^\S*\s*[:=]\s*(?:[^\s\d]{1,3}\s?)?[-+(]?\d")


def _labels_a_value(line: Line, hit: Any) -> bool:
    """Whether a header's words found on ``line`` are followed by a colon and a number: a
    label with its value ("Item(s) : 5  Qty(s) : 6" over a receipt's total, "Total
    Item(s): 10"), not a column's header."""
    return bool(_VALUE_AFTER.match(" ".join(w.text for w in line.words[hit.last:])))


def _stacked_header(window: list[Line], header: tuple) -> list[Box]:
    """Where a header of several words is printed on two lines, its first words over its
    last ones in one column ("Invoice" / "Number", "Amount" / "Paid" for "Invoice Number",
    "Amount Paid"): the two parts' boxes, one over the other, joined; or its first words
    a group's label over several columns, its last ones one of them ("Seller" centred over
    "Debit | Credit" for "Seller Debit", "Borrower/Buyer" over the other "Debit |
    Credit"): where the group's label spans other headers of the line below, or lies
    nearer the column's header than any other word of either line does (:func:`_groups`),
    the column is the lower part's width alone."""
    top, bottom = window
    if bottom.box.y0 - top.box.y1 > top.box.height:
        return []
    out = []
    for option in header:
        words = option.split() if isinstance(option, str) else []
        for k in range(1, len(words)):
            uppers = find_in_lines(top.page, [top], (" ".join(words[:k]),))
            lowers = find_in_lines(bottom.page, [bottom], (" ".join(words[k:]),))
            for u in uppers:
                for d in lowers:
                    group = _groups(u.box, d.box, top, bottom)
                    if group:
                        out.append(Box(d.box.x0, u.box.y0, d.box.x1, d.box.y1))
                    elif min(u.box.x1, d.box.x1) > max(u.box.x0, d.box.x0):
                        out.append(Box.enclosing([u.box, d.box]))
    return out


def _gap(a: Box, b: Box) -> float:
    """The horizontal gap between two boxes (0 where they overlap across)."""
    return max(0.0, max(a.x0, b.x0) - min(a.x1, b.x1))


def _groups(upper: Box, lower: Box, top: Line, bottom: Line) -> bool:
    """Whether ``upper``, words on the header's first line, is a group's label over the
    column headed ``lower`` on the line below: it spans another word of that line too
    ("Borrower/Buyer" over both its "Debit" and its "Credit"), or, overlapping nothing
    there, no other word of its line lies nearer ``lower`` and no other word of the lower
    line lies as near ("Seller" centred between its "Debit" and "Credit", nearer each
    than they are to each other; not "Description", the next header along)."""
    def inside(w: Word, box: Box) -> bool:
        return box.x0 - 1e-6 <= w.box.cx <= box.x1 + 1e-6

    below = [w.box for w in bottom.words if not inside(w, lower)]
    gap = _gap(upper, lower)
    if gap == 0.0:
        return any(_gap(upper, b) == 0.0 for b in below)
    return not any(_gap(w.box, lower) < gap for w in top.words if not inside(w, upper)) \
        and not any(_gap(b, lower) <= gap for b in below)


def _part_of(box: Box, outer: Box) -> bool:
    """Whether ``box``, words on one line, is one part of ``outer``, a header set on two
    lines (:func:`_stacked_header`): it lies across ``outer`` and within its width, and
    ``outer`` reaches a line above or below it ("agree" under "Strongly")."""
    slack = 0.1 * box.height
    return outer.x0 - slack <= box.x0 and box.x1 <= outer.x1 + slack \
        and outer.y0 - slack <= box.y0 and box.y1 <= outer.y1 + slack \
        and outer.height > box.height + 0.5 * box.height


def _within(box: Box, outer: Box) -> bool:
    """Whether ``box`` lies inside ``outer``, which is wider (a label's part)."""
    slack = 0.1 * box.height
    return outer.x0 - slack <= box.x0 and box.x1 <= outer.x1 + slack \
        and outer.x1 - outer.x0 > box.x1 - box.x0 + slack \
        and min(box.y1, outer.y1) > max(box.y0, outer.y0)


@dataclass
class _Body:
    """Where each column's cells lie across the rows (see :func:`_body_extents`)."""

    spans: dict[str, tuple[float, float]]  # column key -> (x0, x1)
    starts: dict[str, float]  # text column key -> the left edge its cells share
    #: column key -> (x0, x1) of numbers under no header that are that column's cells
    #: (see :func:`_between_headers`)
    learned: dict[str, tuple[float, float]] | None = None
    #: undeclared column key -> the left edges of its cells, each a phrase under it alone
    edges: dict[str, list[float]] | None = None


def _body_extents(lines: list[Line], columns: list[_Column], spec: M.TableSpec,
                  aspect: float) -> _Body:
    """Where each column's cells lie across the rows (up to the stop label): the span of
    the phrases that sit under its header and no other's. A header centred over a wide
    column leaves the column's left-aligned cells reaching well left of it; a short cell
    that does not reach under the header ("Washers" under a centred "Description") is
    placed by where the column's other cells lie, not by the half-way line between two
    headers. For text columns also where their cells start: the left edge most rows'
    first words with letters share."""
    spans: dict[str, tuple[float, float]] = {}
    starts: dict[str, list[float]] = {}
    edges: dict[str, list[float]] = {}
    for line in lines:
        if spec.until and find_in_lines(line.page, [line], spec.until):
            break
        for phrase in _phrases(line.words, aspect):
            under = [c for c in columns
                     if any(min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for w in phrase)]
            if len(under) != 1:
                continue
            x0, x1 = phrase[0].box.x0, phrase[-1].box.x1
            if under[0].spec is None:
                edges.setdefault(under[0].key, []).append(x0)
            old = spans.get(under[0].key)
            spans[under[0].key] = (x0, x1) if old is None else (min(old[0], x0),
                                                                max(old[1], x1))
    # where a text column's cells start: the left edge most of its rows' first words with
    # letters share, among those inside the column's span
    for line in lines:
        if spec.until and find_in_lines(line.page, [line], spec.until):
            break
        for phrase in _phrases(line.words, aspect):
            first = next((w for w in phrase if any(ch.isalpha() for ch in w.text)), None)
            if first is None:
                continue
            for c in columns:
                if c.spec is not None and c.spec.type.value_kind == "text" \
                        and c.key in spans and spans[c.key][0] <= first.box.cx <= spans[c.key][1]:
                    starts.setdefault(c.key, []).append(first.box.x0)
    return _Body(spans, {key: sorted(xs)[len(xs) // 2] for key, xs in starts.items()},
                 _between_headers(lines, columns, spec, aspect, spans), edges)


def _between_headers(lines: list[Line], columns: list[_Column], spec: M.TableSpec,
                     aspect: float, spans: dict[str, tuple[float, float]]
                     ) -> dict[str, tuple[float, float]]:
    """The columns of numbers that sit under no header, each given to the header beside
    it whose column has no cells elsewhere. Rows' numbers that lie under no header and
    overlap one another across the rows are one column of the body (right-aligned
    quantities, "8", "10", "4", set between "Qté" and "P.U. HT"; rates right-aligned past
    a left-aligned "Rate"). Such a column between two headers is the cells of the one of
    them that has none of its own, never of the one whose cells are elsewhere (under it,
    or another such column already given to it): the quantities nearer "P.U. HT" than
    "Qté" are still Qté's when the unit prices, right of "P.U. HT", are that column's.
    Between two headers that both have cells, or none, it is left to the nearer one.
    Handwriting, not set in columns, is placed as before."""
    def under_any(phrase: list[Word]) -> bool:
        return any(min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for w in phrase for c in columns)

    loose: list[tuple[float, float]] = []
    for line in lines:
        if spec.until and find_in_lines(line.page, [line], spec.until):
            break
        for phrase in _phrases(line.words, aspect):
            if not under_any(phrase) and not any(w.handwritten for w in phrase) \
                    and any(ch.isdigit() for w in phrase for ch in w.text):
                loose.append((phrase[0].box.x0, phrase[-1].box.x1))
    stacks: list[list[float]] = []
    for x0, x1 in sorted(loose):
        if stacks and x0 < stacks[-1][1]:
            stacks[-1][1] = max(stacks[-1][1], x1)
        else:
            stacks.append([x0, x1])
    order = sorted(columns, key=lambda c: c.x0)
    learned: dict[str, tuple[float, float]] = {}

    def filled(c: _Column | None) -> bool:
        return c is not None and (c.key in spans or c.key in learned)

    def takes(c: _Column | None) -> bool:
        return c is not None and not filled(c) and (
            c.spec is None or c.spec.type.value_kind != "text")

    pending = [(x0, x1) for x0, x1 in stacks
               if not any(min(x1, s[1]) > max(x0, s[0]) for s in spans.values())]
    changed = True
    while pending and changed:
        changed = False
        claims: dict[str, list[tuple[float, float]]] = {}
        for stack in pending:
            x0, x1 = stack
            left = next((c for c in reversed(order) if c.x1 <= x0), None)
            right = next((c for c in order if c.x0 >= x1), None)
            if left is not None and right is not None \
                    and order.index(right) != order.index(left) + 1:
                continue  # headers overlap here: no gap between two
            to = left if takes(left) and (right is None or filled(right)) else \
                right if takes(right) and (left is None or filled(left)) else None
            if to is not None:
                claims.setdefault(to.key, []).append(stack)
        for key, claimed in claims.items():
            if len(claimed) == 1:  # two columns of numbers for one header: neither
                learned[key] = claimed[0]
                pending.remove(claimed[0])
                changed = True
    return learned


def _leading_numbers(phrase: list[Word], column: _Column, columns: list[_Column],
                     body: _Body | None) -> int:
    """How many words at the start of ``phrase`` (bound whole for the text ``column``)
    are a number of a column left of it: pure numbers that end before where the column's
    cells usually start, the rest starting there ("4 Screwdriver set", the position a
    word space before the description, which starts there in the other rows; "2 m hose"
    starting there keeps its 2). 0 when none."""
    if body is None or column.key not in body.starts or column.spec is None \
            or column.spec.type.value_kind != "text":
        return 0
    start = body.starts[column.key]
    left = [c for c in columns if c.spec is not None and c.x1 <= column.x0
            and c.spec.type.value_kind != "text"]
    if not left:
        return 0
    n = 0
    while n < len(phrase) - 1 and re.fullmatch(r"\d+[.)]?", phrase[n].text) \
            and phrase[n].box.x1 < start:
        n += 1
    rest = phrase[n]
    # the rest starts where the column's cells start (within a character)
    return n if n and rest.box.x0 >= start - rest.box.width / max(1, len(rest.text)) else 0


def _left_out_cell(phrase: list[Word], columns: list[_Column], body: _Body | None
                   ) -> tuple[int, str] | None:
    """Where, in ``phrase`` (under one declared header), a cell of a column the template
    leaves out starts, a word space after the declared cell (a unit, "/25 g", after the
    result "nicht nachweisbar" under "Ergebnis"), and that column's key: the first word
    past the first one that lies under such a header, the word before it not, starting
    where the column's cells start in at least two other rows (within a quarter of a
    character). A description running on under that header starts there only by
    chance. None when no word does."""
    if body is None or not body.edges:
        return None
    for k in range(1, len(phrase)):
        word, before = phrase[k], phrase[k - 1]
        tol = 0.25 * word.box.width / max(1, len(word.text))
        for c in columns:
            if c.spec is not None or c.key not in body.edges \
                    or min(word.box.x1, c.x1) <= max(word.box.x0, c.x0) \
                    or min(before.box.x1, c.x1) > max(before.box.x0, c.x0):
                continue
            if sum(abs(x - word.box.x0) <= tol for x in body.edges[c.key]) >= 2:
                return k, c.key
    return None


def _assign(words: list[Word], columns: list[_Column], aspect: float = 1.0,
            body: _Body | None = None
            ) -> dict[str, list[Word]]:
    """Each word of a row line to the column whose header it sits under; a phrase (words a
    word space apart) under one header goes there whole, so the last word of a long
    description ("... ErgoPlus 300") stays in it even where it reaches past half the way
    to the next header. Words under a header the template does not declare go to none of
    its columns (in the returned dict under that column's :attr:`_Column.key`). A word
    under no header goes to the one column whose cells lie there in other rows
    (``body``, see :func:`_body_extents`), else to the nearest header. Columns on one
    header (:func:`_shared`) each get its words."""
    shared = _shared(columns)
    if shared:
        cells = _assign(words, [c for c in columns if c.key not in shared], aspect, body)
        for twin, lead in shared.items():
            cells[twin] = list(cells[lead])
        return cells
    cells: dict[str, list[Word]] = {c.key: [] for c in columns}
    if _RULED.get():
        # a word inside a column's ruled cell is that column's, wherever it stands in it
        # (what is left is placed by the headers, below)
        rest = []
        for w in words:
            at = _in_ruled_cell(w, columns)
            if at is None:
                rest.append(w)
            else:
                cells[at.key].append(w)
        if len(rest) < len(words):
            order = {id(w): i for i, w in enumerate(words)}
            more = _assign(rest, columns, aspect, body) if rest else {}
            for key, ws in more.items():
                cells[key].extend(ws)
            return {name: sorted(ws, key=lambda w: order[id(w)]) for name, ws in cells.items()}
    bounds = []
    for i, c in enumerate(columns):
        left = 0.0 if i == 0 else (columns[i - 1].x1 + c.x0) / 2
        right = 1.0 if i == len(columns) - 1 else (c.x1 + columns[i + 1].x0) / 2
        bounds.append((left, right))
    loose = []
    text_phrase: tuple[str, Word] | None = None  # the last phrase put in a text column
    for phrase in _phrases(words, aspect):
        under = [c for c in columns
                 if any(min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for w in phrase)]
        declared = [c for c in under if c.spec is not None]
        if len(phrase) > 1 and len(declared) == 1:
            # a phrase under one declared header goes there whole, also where it runs
            # on under a header the template leaves out; but a position number a word
            # space before its description is the position's, and a cell of the left
            # out column a word space after it ("nicht nachweisbar /25 g") is that one's
            cut = _left_out_cell(phrase, columns, body)
            if cut:
                cells[cut[1]].extend(phrase[cut[0]:])
                phrase = phrase[:cut[0]]
            lead = _leading_numbers(phrase, declared[0], columns, body)
            loose.extend(phrase[:lead])
            cells[declared[0].key].extend(phrase[lead:])
        elif not under and text_phrase is not None and _runs_on(text_phrase[1], phrase[0]) \
                and any(ch.isalpha() for w in phrase for ch in w.text):
            # a text cell running on, a little more than a word space apart, under no
            # header ("Hex bolt M12  x 80, DIN 933, zinc plated" read from a scan, its
            # tail past half the way to "Qty"); a lone number there is a cell of its own,
            # and words under a header the template leaves out ("pcs" under "Unit") are
            # that column's
            cells[text_phrase[0]].extend(phrase)
            text_phrase = (text_phrase[0], phrase[-1])
            continue
        elif len(under) == 1 and not declared:
            cells[under[0].key].extend(phrase)
        elif len(under) > 1:
            # a phrase reaching under several headers ("1000 Hydraulic hose ... 2 m,": a
            # long position number a word space from its description): each word under a
            # header goes there, and the words between headers with the word before them
            # (the description's end, not the next column's cell)
            loose.extend(_split_phrase(phrase, columns, cells))
        else:
            loose.extend(phrase)
        text_phrase = None
        if len(declared) == 1 and declared[0].spec.type.value_kind == "text" \
                and phrase[-1] in cells[declared[0].spec.name]:
            text_phrase = (declared[0].spec.name, phrase[-1])
    learned = (body.learned or {}) if body is not None else {}
    for w in loose:
        best = None
        best_overlap = 0.0
        mine = [key for key, (x0, x1) in learned.items() if x0 <= w.box.cx <= x1]
        if len(mine) == 1 and not w.handwritten and any(ch.isdigit() for ch in w.text):
            cells[mine[0]].append(w)  # a column of numbers between two headers
            continue
        spans = body.spans if body is not None else {}
        spanning = [c for c in columns if c.key in spans and _kind_fits(w, c)
                    and spans[c.key][0] <= w.box.cx <= spans[c.key][1]]
        if len(spanning) == 1 and not any(
                min(w.box.x1, c.x1) > max(w.box.x0, c.x0) for c in columns):
            cells[spanning[0].key].append(w)
            continue
        for c in columns:
            ov = min(w.box.x1, c.x1) - max(w.box.x0, c.x0)
            if ov > best_overlap:
                best, best_overlap = c, ov
        if best is None and not w.handwritten:
            best = _printed_side(w, columns)
        if best is None:
            for c, (left, right) in zip(columns, bounds, strict=True):
                if left <= w.box.cx < right:
                    best = c
                    break
        if best is not None:
            cells[best.key].append(w)
    order = {id(w): i for i, w in enumerate(words)}
    return {name: sorted(ws, key=lambda w: order[id(w)]) for name, ws in cells.items()}


def _ruled_cells(page: Any, header: Line, columns: list[_Column]
                 ) -> dict[str, tuple[Any, Any]] | None:
    """Where the page rules its table's columns: for each column, the vertical lines on
    either side of its header (between it and the headers beside it) that run from the
    header line (or its bottom) down past the first row; a column whose two lines
    enclose another header too has none. None when the page draws no such lines (or has
    no image to measure)."""
    from formsift.templates.rulings import page_rulings

    try:
        rulings = page_rulings(page)
    except Exception:  # no image to measure: words are placed by their headers
        return None
    if not rulings:
        return None
    order = sorted(columns, key=lambda c: c.x0)
    # a line from the header line (or from its bottom rule: a header row left unruled)
    # down past the first row
    under = header.box.y1 + 2 * header.box.height
    lines = [r for r in rulings.vertical
             if r.start <= header.box.y1 + header.box.height and r.end >= under]
    slack = 0.25 * header.box.height
    # where each line is beside the header (a line on a photo leans)
    at = {id(r): r.at_along(header.box.cy) for r in lines}
    out: dict[str, tuple[Any, Any]] = {}
    for i, c in enumerate(order):
        lo = order[i - 1].x1 - slack if i else -1.0
        hi = order[i + 1].x0 + slack if i + 1 < len(order) else 2.0
        left = max((r for r in lines if lo <= at[id(r)] <= c.x0 + slack),
                   key=lambda r: at[id(r)], default=None)
        right = min((r for r in lines if c.x1 - slack <= at[id(r)] <= hi),
                    key=lambda r: at[id(r)], default=None)
        if left is None or right is None or at[id(right)] <= at[id(left)]:
            continue
        if any(o is not c and at[id(left)] < (o.x0 + o.x1) / 2 < at[id(right)]
               for o in order):
            continue
        out[c.key] = (left, right)
    return out or None


def _in_ruled_cell(word: Word, columns: list[_Column]) -> _Column | None:
    """The one column whose ruled cell (see :func:`_ruled_cells`) holds ``word``'s centre,
    its two lines running beside it; None where the page rules no such cell. A number
    right-aligned against a cell's line, past half the way to the next header (a rate
    written against the line before "Amount"), is that cell's, not the next column's."""
    ruled = _RULED.get()
    if not ruled:
        return None
    cx, cy = word.box.cx, word.box.cy
    inside = [c for c in columns if c.key in ruled
              and ruled[c.key][0].at_along(cy) < cx < ruled[c.key][1].at_along(cy)
              and ruled[c.key][0].covers(cy) and ruled[c.key][1].covers(cy)]
    return inside[0] if len(inside) == 1 else None


def _printed_side(word: Word, columns: list[_Column]) -> _Column | None:
    """For a printed ``word`` under no header, between a column the template hints
    ``handwritten`` and one it does not: the one it does not (a printed quantity
    right-aligned past its left-aligned header, nearer the handwritten column's header
    than its own, is no handwritten cell). None when the word is elsewhere."""
    for left, right in pairwise(columns):
        if not left.x1 <= word.box.cx <= right.x0 or left.spec is None or right.spec is None \
                or left.spec.handwritten == right.spec.handwritten:
            continue
        printed = right if left.spec.handwritten else left
        return printed if _kind_fits(word, printed) else None
    return None


def _kind_fits(word: Word, column: _Column) -> bool:
    """Whether ``word`` can be a cell of ``column`` by its kind: a word with a letter for a
    text column, with a digit for the others (a position number a word space before its
    description belongs to no text column's span)."""
    if column.spec is None:
        return False
    if column.spec.type.value_kind == "text":
        return any(ch.isalpha() for ch in word.text)
    return any(ch.isdigit() for ch in word.text)


def _split_phrase(phrase: list[Word], columns: list[_Column],
                  cells: dict[str, list[Word]]) -> list[Word]:
    """Put the words of ``phrase`` in ``cells``: each under a header in that column, each
    under none in the column of the word before it; returns the leading words under no
    header (for the caller to place)."""
    current: _Column | None = None
    lead: list[Word] = []
    for w in phrase:
        best = max(columns, key=lambda c: min(w.box.x1, c.x1) - max(w.box.x0, c.x0))
        if min(w.box.x1, best.x1) > max(w.box.x0, best.x0):
            current = best
        if current is None:
            lead.append(w)
        else:
            cells[current.key].append(w)
    return lead


def _runs_on(last: Word, word: Word) -> bool:
    """Whether ``word`` follows ``last`` closer than a column's gap (see
    :data:`locators.COLUMN_GAP_CHARS`)."""
    from formsift.templates.locators import COLUMN_GAP_CHARS

    chars = max(1, len(last.text) + len(word.text))
    return word.box.x0 - last.box.x1 <= COLUMN_GAP_CHARS * (
        last.box.width + word.box.width) / chars


def _left_out(cells: dict[str, list[Word]]) -> list[Word]:
    """The words under headers the template leaves out."""
    return [w for k, ws in cells.items() if k.startswith("\0") for w in ws]


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


#: The score of a handwritten cell read with a stray space taken out (:func:`one_space_out`).
SPACE_OUT_SCORE = 0.8
#: Most words a cell may hold for :func:`one_space_out` to try joining two of them.
_SPACE_OUT_MAX = 4
#: How far apart, at most, two words are that a stray space split: this much of their
#: height (page fractions of width and height compared as if the page were square, which
#: makes the gap look no smaller than it is on a portrait page).
_SPACE_OUT_GAP = 0.5


def one_space_out(ftype: Any, words: list[Word], ctx: ParseContext) -> Any:
    """The value the words read as with the space between two neighbours taken out, when
    they are nearly touching and exactly one such reading is a value of the type (parsed
    whole), else None: handwriting a recognizer split ("21.01.202 6", the code "GP1 01",
    the time "09:2 0" or "11: 5 5").
    A word set a space apart ("6 GP101": a digit come from the next column) is never
    joined. The raw text stays as read, so the value counts as parsed leniently (a lower
    confidence)."""
    if not 1 < len(words) <= _SPACE_OUT_MAX:
        return None
    texts = [w.text for w in words]
    values = []
    for k, (a, b) in enumerate(pairwise(words)):
        height = max(a.box.height, b.box.height)
        if b.box.x0 - a.box.x1 > _SPACE_OUT_GAP * height or a.page != b.page:
            continue
        joined = " ".join([*texts[:k], texts[k] + texts[k + 1], *texts[k + 2:]])
        try:
            value = ftype.parse(joined, ctx)
        except ValueError:
            continue
        if value not in values:
            values.append(value)
    return values[0] if len(values) == 1 else None


def without_ghosts(words: list[Word]) -> list[Word]:
    """``words`` without the printed words an OCR read with no ink of their own: more
    than half of the word's width lies inside the box of a surer recognized word on its
    line. A character read in the gap between two words, or read twice (a skewed receipt's
    'APPLES 1KG' read 'APPLES' '6' '1KG', the '6' at 0.54 lying two thirds inside
    'APPLES'; 'TEL 825-1875' read with an '8' inside '825-1875'), is no part of the text:
    its ink is its neighbour's, and two words cannot share it. Words of a text layer
    (drawn twice for a bold face) and handwriting (one number written over another) are
    kept: they are not a recognizer's guess about where a character lies. Nor is a
    number's mark or sign, a word of marks alone beside a digit ('14' '.' '44', '12' ':'
    '30', '-' '14.44', '12' '%'): its box comes from splitting the line, not from its
    ink, so a narrow point often lies mostly inside a digit's box; it goes only where the
    word it lies in holds that mark itself (read twice)."""
    if len(words) < 2:
        return words

    def same_line(v: Word, w: Word) -> bool:
        return v.page == w.page and min(v.box.y1, w.box.y1) - max(v.box.y0, w.box.y0) \
            > 0.5 * min(v.box.y1 - v.box.y0, w.box.y1 - w.box.y0)

    def numbers_mark(w: Word) -> bool:
        # a word of marks alone with a digit beside it on its line: a number's mark or sign
        if not w.text or any(ch.isalnum() for ch in w.text):
            return False
        line = sorted((v for v in words if v is w or same_line(v, w)),
                      key=lambda v: (v.box.x0 + v.box.x1) / 2)
        k = next(i for i, v in enumerate(line) if v is w)
        return (k > 0 and line[k - 1].text[-1:].isdigit()) \
            or (k + 1 < len(line) and line[k + 1].text[:1].isdigit())

    def ghost(w: Word) -> bool:
        width = w.box.x1 - w.box.x0
        if not (w.recognized and not w.handwritten and width > 0):
            return False
        mark = numbers_mark(w)
        return any(
            v is not w and v.recognized and not v.handwritten and same_line(v, w)
            and v.confidence > w.confidence
            and min(v.box.x1, w.box.x1) - max(v.box.x0, w.box.x0) > 0.5 * width
            and (not mark or w.text in v.text)
            for v in words)

    kept = [w for w in words if not ghost(w)]
    return kept if kept and len(kept) < len(words) else words


def _cell(words: list[Word], col: M.ColumnSpec, ctx: ParseContext,
          span: tuple[float, float] | None = None) -> Candidate | None:
    """The cell's value from its ``words``. Of several values in a number or amount cell,
    the one under the column's header (``span``: its x-range) is taken; without one, the
    first (a cell holding "0,42 210,00" under "Amount", the unit price having
    come to it from a column the template leaves out, is 210,00)."""
    words = without_ghosts(words)
    if not words:
        return None
    if col.type.value_kind in ("number", "money"):
        text = _cell_text(words)
    else:
        text = " ".join(w.text for w in words)
    box = Box.enclosing([w.box for w in words])
    conf = min(w.confidence for w in words)
    source = ",".join(sorted({w.source for w in words}))
    handwritten = col.handwritten or all(w.handwritten for w in words)
    ctx = handwriting_context(ctx, words)
    if col.type.value_kind == "text":
        try:
            value = col.type.parse(text, ctx)
        except ValueError:
            spaced = one_space_out(col.type, words, ctx) if handwritten else None
            if spaced is None:
                return None
            return Candidate(spaced, text, words[0].page, box, conf, SPACE_OUT_SCORE,
                             "table", source, words)
        return Candidate(value, text, words[0].page, box, conf, 1.0, "table", source, words)
    found = col.type.find(text, ctx)
    count = _pack_count(text, found, col, ctx)
    if count is not None:  # "8 x 250 ml" under an int column: the count, 8
        return Candidate(count.value, text[count.start:count.end], words[0].page, box, conf,
                         count.score, "table", source, words)
    if not found:
        spaced = one_space_out(col.type, words, ctx) \
            if handwritten and col.type.value_kind in ("date", "time") else None
        if spaced is None:
            out_of = _out_of_scale(text, col, ctx)
            if out_of is None:
                return None
            # kept only where the column's cells print one scale (:func:`_one_scale`)
            return Candidate(out_of, text.strip(), words[0].page, box, conf, 1.0, "table",
                             source, words)
        return Candidate(spaced, text, words[0].page, box, conf, SPACE_OUT_SCORE, "table",
                         source, words)
    under: list[Any] = []
    if span is not None and len(found) > 1 and col.type.value_kind in ("money", "number"):
        found, under = _under_header(found, text, words, span), _all_under(
            found, text, words, span)
    f = found[0]
    rival = found[1].value if len(found) > 1 and found[1].tied else None
    if rival is None and not (col.handwritten or any(w.handwritten for w in words)):
        # two values apart in one printed cell, both under the header and written alike,
        # with the same decimals (an old price and a promotion price, "2.49  1.99" under
        # "Unit Price"): nothing tells which is the column's; one is taken, the other
        # named (``ambiguous``). A count beside an amount ("5  16.00") or two whole
        # numbers ("37 34") in print are a column that spans two, not two readings
        fraction = _fraction(text[f.start:f.end])
        rival = next((g.value for g in under if (g.end <= f.start or g.start >= f.end)
                      and str(g.value) != str(f.value) and fraction is not None
                      and _fraction(text[g.start:g.end]) == fraction), None)
        if rival is not None:  # the cell's raw text is what was read: both values
            return Candidate(f.value, text, words[0].page, box, conf, f.score, "table",
                             source, words, rival)
    if rival is None and col.type.value_kind in ("number", "money", "date") \
            and (col.handwritten or any(w.handwritten for w in words)):
        # two handwritten values side by side in one cell ("37 34": a quantity struck out
        # and written again beside it) are two readings of the cell, not the first one
        # and noise (printed cells holding two numbers are a column that spans two)
        apart = [g for g in found[1:] if g.end <= f.start or g.start >= f.end]
        rival = next((g.value for g in apart if str(g.value) != str(f.value)), None)
        if rival is None and apart and col.type.value_kind == "number" \
                and len({w.handwritten for w in words}) == 1 \
                and all(_runs_on(a, b) for a, b in pairwise(words)):
            # the same digit twice ("2  2"): one number written with a gap (22), or the
            # digit repeated; either way not the one digit alone. A printed number and a
            # handwritten one are never one number ("500 500", the quantity ordered and
            # the one delivered, is no 500500), nor are two set a column's gap apart
            joined = "".join(text[g.start:g.end] for g in sorted([f, *apart],
                                                                   key=lambda g: g.start))
            try:
                rival = col.type.parse(joined, ctx)
            except ValueError:
                rival = None
        if rival is not None:  # the cell's raw text is what was read: both values
            return Candidate(f.value, " ".join(w.text for w in words), words[0].page, box,
                             conf, f.score, "table", source, words, rival)
    return Candidate(f.value, text[f.start:f.end], words[0].page, box, conf, f.score,
                     "table", source, words, rival)


#: A pack: a count, a multiplication sign (or a slash) and a size with its unit, "8 x 250
#: ml", "10×200g", "24/330ml", "6 x 1.5 L".
_PACK = re.compile(r"\s*(\d+)\s*(?:[x×X*]|/)\s*\d+(?:[.,]\d+)?\s*[^\W\d_]{1,5}\.?\s*")


def _pack_count(text: str, found: list[Any], col: M.ColumnSpec, ctx: ParseContext
                ) -> Any:
    """The count of a pack cell ("8 x 250 ml": 8 units of 250 ml) under an ``int``
    column, as a found value (``value``, ``start``, ``end``, ``score``), or None. The
    number after the sign carries its unit: it is the size, no count; so an int column
    reads the count, wherever the two numbers lie under its header. A column with a
    ``unit`` option (``int(unit="ml")``) reads what its type finds, the number written in
    that unit (250), or none."""
    m = _PACK.fullmatch(text)
    if m is None or col.type_name != "int" \
            or getattr(getattr(col.type, "options", None), "unit", None):
        return None
    at = next((f for f in found if f.start == m.start(1) and f.end == m.end(1)), None)
    if at is not None:
        return at
    try:
        value = col.type.parse(m.group(1), ctx)
    except ValueError:
        return None
    return SimpleNamespace(value=value, start=m.start(1), end=m.end(1), score=1.0)


#: A number with its scale glued after a slash: a grade "14,5/20", "3.7/4.0", "8.5/10".
_GLUED_SCALE = re.compile(r"\s*(\d+(?:[.,]\d+)?)/(\d+(?:[.,]\d+)?)\s*")


def _out_of_scale(text: str, col: M.ColumnSpec, ctx: ParseContext) -> Any:
    """The value of a number cell printed with its scale glued after a slash ("14,5/20",
    which the type does not read as one word; "14,5 / 20" it reads as 14,5 and 20, the
    first taken): the number before the slash, when both read as the column's type and
    it is no more than the scale; else None."""
    m = _GLUED_SCALE.fullmatch(text)
    if m is None or col.type.value_kind != "number":
        return None
    try:
        value, scale = col.type.parse(m.group(1), ctx), col.type.parse(m.group(2), ctx)
    except ValueError:
        return None
    try:
        return value if value <= scale else None
    except TypeError:
        return None


def _one_scale(rows: list[Row], spec: M.TableSpec, ctx: ParseContext) -> None:
    """Keep the values read before a glued scale (:func:`_out_of_scale`) only in a
    column whose cells print one scale, in two cells at least ("14,5/20", "8,75/20",
    "16/20" under "Note /20"): a scale is the column's; one of them at least with
    decimals (a grade or a measure, not counts: "8/10", "5/10", shipped of ordered). Cells
    with different numbers after the slash ("1/2", "3/4": fractions), or one such cell
    alone, are left blank and unread, as before."""
    for col in spec.columns:
        if col.type.value_kind != "number":
            continue
        glued = [(row, m) for row in rows if (cand := row.get(col.name)) is not None
                 and cand.locator == "table" and (m := _GLUED_SCALE.fullmatch(cand.raw))]
        scales = set()
        for _, m in glued:
            try:
                scales.add(col.type.parse(m.group(2), ctx))
            except ValueError:
                scales.add(m.group(2))
        # ... and one of them at least with decimals: a grade or a measure out of its
        # scale ("14,5/20"), not counts ("8/10", "5/10": shipped of ordered, the code read
        # of this stop), which stay unread
        if len(glued) >= 2 and len(scales) == 1 \
                and any(ch in m.group(1) for _, m in glued for ch in ".,"):
            continue
        for row, _ in glued:
            raw = row[col.name].raw
            row[col.name] = None
            if not hasattr(row, "unread"):
                row.unread = {}
            row.unread[col.name] = raw


#: Where a horizontal ruling may hide a handwritten number's decimal point: from this
#: share of its words' height down (the lower half, where the point sits on the baseline)
#: to this share below them (a ruling the writing rests on).
POINT_RULED_FROM, POINT_RULED_BELOW = 0.45, 0.1
_DECIMALS = re.compile(r"\d([.,])(\d+)\s*$")


def _points_on_rulings(doc: Document, rows: list[Row], spec: M.TableSpec,
                       ctx: ParseContext) -> None:
    """Doubt a handwritten whole number under a decimal column whose writing rests on a
    horizontal ruling line (the line runs through the lower part of its words, or just
    under them): its decimal point, a dot on the baseline, may be lost in the line
    ("12.2" written low in its cell read 122, stock-take journey). Where its row's
    other numbers are written with decimals (the printed system quantity 12.2 beside it),
    the cell gets the reading with as many as its rival (122 or 12.2: named as a cell to
    recheck, and a rule may decide). Only a quantity of the cell's own kind tells
    (:func:`_same_kind`: a column of its type, in its unit if both give one): a text
    ("Section 4.2") or another quantity (a rate 4.50 beside a count) says nothing of
    where the count's point goes. A row of whole numbers (the other counts of a sheet
    written low in its cells throughout: the column's decimals, of other rows' kg counts,
    say nothing of a count of pieces), an ``int`` or ``money`` column (an amount beside
    its rate: a whole amount is written so on a ruled line, 450 beside 4.50, and a rate
    is no amount), a number read with its point, or printed, is taken as read."""
    from formsift.templates.rulings import page_rulings

    cols = [c for c in spec.columns if c.type.value_kind == "number" and c.type_name != "int"]
    if not cols or not rows:
        return
    pages = {p.index: p for p in doc.pages}

    def decimals(cand: Candidate | None) -> tuple[int, str] | None:
        """How many decimals a cell's number is written with, and its point."""
        m = _DECIMALS.search(cand.raw) if cand is not None and cand.locator == "table" \
            else None
        return (len(m.group(2)), m.group(1)) if m else None

    for col in cols:
        for row in rows:
            cand = row.get(col.name)
            if cand is None or cand.locator != "table" or cand.rival is not None \
                    or not cand.words or not all(w.handwritten for w in cand.words) \
                    or not re.fullmatch(r"\d{2,}", "".join(cand.raw.split())):
                continue
            page = pages.get(cand.page)
            try:
                rulings = page_rulings(page) if page is not None else None
            except Exception:  # no image to measure
                rulings = None
            box = Box.enclosing([w.box for w in cand.words])
            if not rulings or not any(
                    box.y0 + POINT_RULED_FROM * box.height <= r.at_along(box.cx)
                    <= box.y1 + POINT_RULED_BELOW * box.height
                    and r.start <= box.x0 + 0.25 * box.width
                    and r.end >= box.x1 - 0.25 * box.width for r in rulings.horizontal):
                continue
            places = next((d for c in spec.columns if c.name != col.name
                           and _same_kind(c, col) and (d := decimals(row.get(c.name)))),
                          None)
            digits = "".join(cand.raw.split())
            rival = None
            if places is not None and len(digits) > places[0]:
                k, point = places
                try:
                    rival = col.type.parse(f"{digits[:-k]}{point}{digits[-k:]}", ctx)
                except ValueError:
                    rival = None
            if rival is None or str(rival) == str(cand.value):
                continue
            row[col.name] = replace(cand, rival=rival)
            _note(f"{col.name} {cand.raw!r}: written on a ruling line, its decimal point "
                  f"may be lost (or {rival})")


def _same_kind(a: M.ColumnSpec, b: M.ColumnSpec) -> bool:
    """Whether two number columns hold the same kind of quantity, so that how one is
    written tells how the other is (the printed system quantity beside a count): the same
    type, in the same unit where both name one."""
    units = [getattr(getattr(c.type, "options", None), "unit", None) for c in (a, b)]
    return a.type_name == b.type_name and a.type.value_kind == b.type.value_kind \
        and (None in units or units[0] == units[1])


def _cell_text(words: list[Word]) -> str:
    """A number or amount cell's words joined: by a space, but by two where a digit and a
    digit are a column's gap apart (:func:`_apart`), which no number reads across. "8"
    and "142,00 €" set 45 pt apart, a quantity that came to the unit price's cell, are
    no French space-grouped 8 142,00. A decimal or thousands mark read as a word of its
    own, its box touching the digits beside it, is joined to them without a space: an
    OCR split a receipt's '14.44' read skewed into '14' '.' '44', and the cell read 14."""
    text = words[0].text
    for a, b in pairwise(words):
        wide = a.text[-1:].isdigit() and b.text[:1].isdigit() and _apart(a, b)
        text += ("  " if wide else "" if _touching_mark(a, b) else " ") + b.text
    return text


def _touching_mark(a: Word, b: Word) -> bool:
    """Whether ``a`` and ``b`` meet at a decimal or thousands mark between digits ('14'
    and '.44', '14.' and '44'), their boxes touching or overlapping (less than a tenth of
    a character apart) on one line: one number an OCR cut in two."""
    if a.page != b.page or not (
            (a.text[-1:].isdigit() and b.text[:1] in ".," and b.text[1:2].isdigit())
            or (a.text[-1:] in ".," and a.text[-2:-1].isdigit() and b.text[:1].isdigit())
            or (b.text in (".", ",") and a.text[-1:].isdigit())
            or (a.text in (".", ",") and b.text[:1].isdigit())):
        return False
    chars = max(1, len(a.text) + len(b.text))
    return b.box.x0 - a.box.x1 <= 0.1 * (a.box.width + b.box.width) / chars \
        and min(a.box.y1, b.box.y1) - max(a.box.y0, b.box.y0) \
        > 0.5 * min(a.box.height, b.box.height)


def _word_starts(words: list[Word], text: str) -> list[int]:
    """Where each of ``words`` starts in ``text``, their texts joined by one or more
    spaces (:func:`_cell_text`)."""
    starts, pos = [], 0
    for w in words:
        pos = text.find(w.text, pos)
        starts.append(pos)
        pos += len(w.text)
    return starts


def _under_header(found: list[Any], text: str, words: list[Word],
                  span: tuple[float, float]) -> list[Any]:
    """``found`` with the first value whose words lie under the header (by the most
    overlap) moved to the front; unchanged when none does."""
    starts = _word_starts(words, text)

    def overlap(f: Any) -> float:
        first, last = span_to_words(starts, words, f.start, max(f.start + 1, f.end))
        return sum(max(0.0, min(w.box.x1, span[1]) - max(w.box.x0, span[0]))
                   for w in words[first:last + 1])

    best = max(range(len(found)), key=lambda i: (overlap(found[i]), -i))
    if best == 0 or overlap(found[best]) <= 0:
        return found
    return [found[best], *found[:best], *found[best + 1:]]


def _fraction(raw: str) -> int | None:
    """How many digits follow the last point or comma of ``raw`` (a number as printed:
    "2.49" has 2), None for a number without one ("37")."""
    m = re.search(r"\d[.,](\d+)\D*$", raw)
    return len(m.group(1)) if m else None


def _all_under(found: list[Any], text: str, words: list[Word],
               span: tuple[float, float]) -> list[Any]:
    """The values of ``found`` whose words all lie under the header (``span``), wholly or
    in part: none of their words outside it."""
    starts = _word_starts(words, text)
    out = []
    for f in found:
        first, last = span_to_words(starts, words, f.start, max(f.start + 1, f.end))
        if all(min(w.box.x1, span[1]) > max(w.box.x0, span[0])
               for w in words[first:last + 1]):
            out.append(f)
    return out


def _rows(lines: list[Line], columns: list[_Column], spec: M.TableSpec,
          ctx: ParseContext, aspect: float = 1.0, heading: _Heading | None = None,
          header_bottom: float | None = None) -> _Read:
    """The rows under a header, why they ended: "until" (the end label), "gap" (a wide gap
    or a line that is no row) or None (the page ended); the text lines before the
    first row when that row has a description of its own (on a next page, the rest of
    the last row's description); and the lines under the last row passed over as a
    heading or a note, no row following them (see :class:`_Read`). ``aspect``: the
    page's height over its width (boxes are fractions of each); ``header_bottom``: where
    the header line ends, when it is on this page (see :func:`_early_rows`)."""
    rows: list[Row] = []
    declared = [c for c in columns if c.spec is not None]
    # a column read from its cells' pixels (signature, initials: see _read_images) has no
    # words to read: what stands under it (a signature read as text) makes no row, nor
    # keeps one from being one
    structured = [c for c in declared if not c.spec.multiline
                  and c.spec.type.value_kind != "text" and not c.spec.type.reads_image]
    multiline = [c for c in declared if c.spec.multiline]
    last_bottom = None
    typical_gap = None
    # a receipt may print each item's description on a line of its own above its numbers
    # ("Coke" / "1 x 2.10  2.10"): a text line before the first row whose description is
    # blank is that row's description, and so is each text line before the next row
    pending: list[Word] = []
    leading: bool | None = None
    # lines at the rows' leading with words in text columns only, where the template does
    # not declare the column multiline (tables with a stop label): a wrapped description
    # of the row above, whether a row follows them or the table ends under them (the
    # last row's wrapped line above the stop label); read as a heading, no part of any row
    wrapped: list[dict[str, list[Word]]] = []
    # those of them that go on from the row above by the layout alone (_by_layout), by id,
    # with their line: they join it only when the row below has its own text there
    by_layout: dict[int, Line] = {}
    # each of them, by id: its line, how far under the line above it stands, and whether
    # a line passed over as a heading or note stands between it and the row (see end())
    under: dict[int, tuple[Line, float, bool]] = {}
    # how far under the line above a wrapped line joined its row a row followed (_WrapSeen)
    seen_wraps: list[float] = []
    names_above = False
    lead: list[Word] = []
    body = _body_extents(lines, _distinct(columns), spec, aspect)
    row_box: Box | None = None  # where the last row's lines lie
    # in a table whose stop label is further down the page, a line at the rows' leading
    # that is no row and reads as one run of words (a note under a row, "Deduction
    # reason: D03 Shortage - 8 cases short"; a section heading, "Current assets") does
    # not end it: no part of any row, it is passed over, and so is every line after it
    # until a row follows; if none does, the table ended there
    until_at = next((i for i, line in enumerate(lines)
                     if find_in_lines(line.page, [line], spec.until)), None) \
        if spec.until else None
    passed = False
    # the lines passed over as headings (or notes), and whether the table expects
    # headings between its rows (a heading column): where its headings stand left of its
    # rows' text, that tells a heading after a row from the row's wrapped description
    # (see _by_layout)
    heads: list[Line] = []
    sectioned = any(c.heading for c in spec.columns)
    noted: Line | None = None  # such a heading, in a multiline table, until the next row

    # the lines under the last row passed over as headings or notes: no part of any row
    # where no row follows them (named, see _left_out_lines)
    left: list[Line] = []

    def heading_line(line: Line) -> None:
        heads.append(line)
        _heading_line(line)
        if rows:
            left.append(line)

    def join(cells_before: dict[str, list[Word]]) -> None:
        # a line held under the row above joins it, a row following it
        if id(cells_before) in under:
            seen_wraps.append(under[id(cells_before)][1])
        _continue(rows[-1], cells_before, declared, ctx, wrapped=True)

    def pass_over(line: Line, why: str) -> None:
        # a heading or note between rows: no row, and no part of one; the lines held
        # under the row above are its (a row follows them)
        nonlocal wrapped, by_layout
        for cells_before in wrapped:
            join(cells_before)
        wrapped = []
        by_layout = {}
        heading_line(line)
        _note(f"{_at(line)}{why}")

    def end(ended: str | None) -> _Read:
        # no row follows the lines held under the last row: each joins it only on
        # evidence of its own that it is the row's wrapped text (_last_wrap), the rest
        # (and all after one that does not) are named, no part of it; the first of
        # them set as the row's next line would be sends the row's cell to review
        # (_doubt_left_under; a heading column's heading goes on to a next page's rows)
        out: list[Line] = []
        for cells_before in wrapped:
            line, gap, after_left = under[id(cells_before)]
            why = None if out or after_left else _last_wrap(
                rows, cells_before, declared, line, gap, typical_gap, seen_wraps)
            if why is None:
                out.append(line)
                continue
            _note(f"{_at(line)}joined {_quoted(line)} to the last row, no row under it: "
                  f"{why}")
            _continue(rows[-1], cells_before, declared, ctx, wrapped=True)
        rest = sorted(left + out, key=lambda x: x.box.y0)
        if rest and rows and not sectioned:
            _doubt_left_under(rows, rest[0], _assign(rest[0].words, columns, aspect, body),
                              columns, ctx, seen_wraps, aspect)
        return _Read(*blocks.settle(rows, ended, lead, ctx), rest)

    # lines of several runs of words before the first row, no rows: a heading (a pallet
    # line a scan splits, "Pallet 1" under GTIN, "SSCC ..." under Description) where set
    # apart from the header, over the rows (see _over_the_rows); decided at the first row
    split_before: list[Line] = []

    # lines before the first row that fill two cells or more with words alone ("Appearance
    # Conforms  Conforms" above a certificate's "pH  4.5 - 5.5  5.1"): rows, or the
    # header's second line ("Code  Name  Unit"); told apart when the first row comes
    early: list[tuple[Line, _Row]] = []
    # where each row's description lines lie, to tell whether the rows print their
    # numbers on the first line of their description or on its last (see _Blocks)
    blocks = _Blocks(multiline[0].spec if len(multiline) == 1 else None)
    pending_lines: list[Line] = []
    for index, line in enumerate(lines):
        if until_at is not None and index == until_at:
            _note(f"{_at(line)}ended at {_quoted(line)}: its until label"
                  + (" (no row followed the lines passed over before it)" if passed else ""))
            return end("gap" if passed else "until")
        if spec.skip and find_in_lines(line.page, [line], spec.skip):
            _note(f"{_at(line)}left out {_quoted(line)}: skip_line")
            last_bottom = line.box.y1  # a line of the table, but no row
            continue
        if _is_furniture(line.text):
            far = last_bottom is not None and typical_gap is not None \
                and line.box.y0 - last_bottom > max(0.06, 4 * typical_gap)
            if far or (rows and not spec.until):
                # the page's footer far below the rows, or the end of a table that has
                # no stop label ("Page 1 of 1" under its rows, its totals below)
                _note(f"{_at(line)}ended at {_quoted(line)}: a page number or 'continued' "
                      + ("far below the rows" if far else "under the rows (no until label)"))
                return end("gap")
            _note(f"{_at(line)}left out {_quoted(line)}: a page number or 'continued'")
            last_bottom = line.box.y1  # a page number or "continued" among the rows
            continue
        cells = _assign(line.words, columns, aspect, body)
        parsed = _read_cells(cells, columns, ctx)
        parsed.unread_words = {c.spec.name: list(cells[c.spec.name]) for c in declared
                               if cells[c.spec.name] and parsed[c.spec.name] is None
                               and not c.spec.type.reads_image}
        parsed.unread = {name: " ".join(w.text for w in words)
                         for name, words in parsed.unread_words.items()}
        parsed.unread.update(_given_away(parsed, columns))
        if heading is not None and not rows and heading.holds(line, parsed):
            _note(f"{_at(line)}left out {_quoted(line)}: the heading of a page that does "
                  f"not repeat the header")
            continue  # the heading of a page that does not repeat the header: no row
        has_structured = any(parsed[c.spec.name] is not None for c in structured) \
            or _unreadable_row(parsed, declared, structured, bool(spec.until))
        if last_bottom is not None and typical_gap is not None \
                and line.box.y0 - last_bottom > max(0.06, 4 * typical_gap):
            # a wide gap: the table is over (on this page)
            _note(f"{_at(line)}ended at {_quoted(line)}: a wide gap above it")
            return end("gap")
        if has_structured and rows and _a_note(line, parsed, declared, structured, rows,
                                               aspect):
            # "Backorder of 3 units shipped later" among the rows: no row, and not the
            # table's end either; the rows after it are read (named where none follows)
            pass_over(line, f"passed over {_quoted(line)}: a note, its number inside a "
                            f"sentence that runs on across the number's column")
            last_bottom = line.box.y1
            continue
        # a line with the row's text cells and nothing under its number columns (a
        # ticket's line where nothing was shipped): a row with those cells blank
        # (not one whose words under an id or pattern column do not read as it and are no
        # misread number: "Palette 2" under a GTIN column, the pallet line of a packing
        # list a scan splits in two runs of words, is a heading)
        misplaced = _misplaced_words(cells, parsed, declared)
        blank_numbers = not has_structured and not misplaced and _blank_numbers(
            line, cells, declared, structured, rows, spec, aspect, last_bottom, typical_gap)
        row_like = has_structured or (not structured and any(parsed.values())) \
            or blank_numbers
        if has_structured and rows and not spec.until and _set_apart(line, last_bottom,
                                                                     typical_gap) \
                and _filled(parsed, structured) < min(_filled(r, structured) for r in rows):
            # set apart from the rows by more than their leading, with fewer of their
            # number and amount cells than any row above: a totals block under a table
            # without stop label ("Auftragssumme  366.350,00 €"), no rows of it
            _note(f"{_at(line)}ended at {_quoted(line)}: set apart from the rows with fewer "
                  f"number and amount cells than any row above (a totals block)")
            return end("gap")
        if passed and not (row_like and _like_rows(parsed, rows, spec, columns)):
            if len(_phrases(line.words, aspect)) == 1:
                heading_line(line)
            else:
                left.append(line)
            _note(f"{_at(line)}passed over {_quoted(line)}: after a note or heading, only a "
                  f"row like those above goes on")
            last_bottom = line.box.y1
            continue  # after a line passed over, only a row like those above goes on
        passed = False
        if not rows and not row_like and header_bottom is not None:
            if not misplaced and _blank_numbers(line, cells, declared, structured, rows, spec,
                                                aspect, last_bottom, typical_gap,
                                                words_alone=True):
                early.append((line, parsed))
            else:
                early = []  # a heading between them and the first row: no rows
        text_only = len(multiline) == 1 and not has_structured \
            and bool(cells[multiline[0].spec.name])
        if has_structured and rows and row_box is not None \
                and _written_below(line, cells, parsed, rows[-1], row_box, columns):
            # a handwritten value written a little below its row: that row's cell
            for c in declared:
                if parsed[c.spec.name] is not None:
                    rows[-1][c.spec.name] = parsed[c.spec.name]
            row_box = Box.enclosing([row_box, line.box])
        elif row_like:
            if not rows and any(cells[c.spec.name] for c in declared
                                if c.spec.type.value_kind == "text"):
                # the first row has a description of its own: a text line above it was
                # a heading, not its name printed above its numbers
                names_above = False
            if not rows:
                for held in split_before:
                    if _over_the_rows(held, lines, header_bottom):
                        heading_line(held)
                split_before = []
            if not rows and early and _early_rows([e for e, _ in early], line, header_bottom):
                # words alone before the first row, set as the rows are, apart from the
                # header: the table's first rows, their number cells blank or unread
                mine = {id(w) for e, _ in early for w in e.words}
                pending = [w for w in pending if id(w) not in mine]
                rows.extend(r for _, r in early)
                last_bottom = early[-1][0].box.y1
            early = []
            if len(multiline) == 1:
                name = multiline[0].spec.name
                if leading is None and rows == []:
                    leading = bool(pending) and parsed[name] is None
                if leading and pending and parsed[name] is None:
                    parsed[name] = _cell(pending, multiline[0].spec, ctx)
                elif leading and pending and rows:
                    # a row with its own description: the text lines before it were the
                    # wrapped tail of the row above
                    _continue(rows[-1], {c.spec.name: (pending if c is multiline[0] else [])
                                         for c in declared}, declared, ctx)
                elif not rows and not leading:
                    lead = pending
                    blocks.pre = list(pending_lines)
                if leading:
                    blocks.spec = None  # names printed above their numbers, each alone
                pending = []
                pending_lines = []
                blocks.own[len(rows)] = (line, list(parsed[name].words)
                                         if parsed[name] is not None else [])
            for cells_before in wrapped:
                held = by_layout.get(id(cells_before))
                if held is not None and any(parsed[c.spec.name] is None for c in declared
                                            if cells_before[c.spec.name]):
                    # the row below has no text of its own there: the line may be its
                    # text, split from its numbers (a photo), no rest of the row above
                    heading_line(held)
                    _note(f"{_at(held)}left out {_quoted(held)}: set where the rows' text "
                          f"starts, above a row without text of its own there")
                    continue
                join(cells_before)
            wrapped = []
            by_layout = {}
            noted = None
            left.clear()
            rows.append(parsed)
            row_box = line.box
        elif text_only and (not rows or leading):
            pending.extend(line.words)
            pending_lines.append(line)
        elif rows and any(cells[c.spec.name] for c in declared if c.spec.multiline) \
                and _by_layout(line, cells, rows, declared, heads,
                           sectioned) == "heading":
            # set left of the row's description, where the table's headings start: a
            # heading between rows ("Payoffs"), no line of the description above it
            pass_over(line, f"left out {_quoted(line)}: a heading between rows (set left of "
                            f"the rows' text, as the table's headings are)")
            noted = line
            last_bottom = line.box.y1
            continue
        elif noted is not None and _starts_small(line.words) and not has_structured:
            # in small letters under such a heading, before the next row: the rest of the
            # heading or note ("Please Note: ..." / "for invoice at the time of check-out"),
            # no line of the description above it
            left.append(line)
            _note(f"{_at(line)}left out {_quoted(line)}: the rest of the heading or note "
                  f"{_quoted(noted)}")
            last_bottom = line.box.y1
            continue
        elif rows and any(cells[c.spec.name] for c in declared if c.spec.multiline):
            if last_bottom is not None and typical_gap is not None and line.box.y0 \
                    - last_bottom > max(2.5 * typical_gap, 0.6 * line.box.height):
                # set apart from the row above ("Continued on next page" under the last
                # row): no line of its description, which runs on at the rows' leading
                _note(f"{_at(line)}ended at {_quoted(line)}: set apart from the row above, "
                      f"no line of its description")
                return end("gap")
            if len(multiline) == 1:
                # a continuation line may run past its column: it all belongs to the cell
                cells = {c.spec.name: (list(line.words) if c is multiline[0] else [])
                         for c in declared}
                blocks.tails.setdefault(len(rows) - 1, []).append(line)
            _continue(rows[-1], cells, declared, ctx)
            row_box = line.box if row_box is None else Box.enclosing([row_box, line.box])
        elif rows and _left_out(cells) and not any(cells[c.spec.name] for c in declared) \
                and last_bottom is not None and typical_gap is not None \
                and line.box.y0 - last_bottom <= max(2.5 * typical_gap, 0.6 * line.box.height):
            # only under headers the template leaves out, at the rows' leading: the second
            # line of a cell it does not read (a wrapped description), not the table's end
            _note(f"{_at(line)}left out {_quoted(line)}: words only under headers the "
                  f"template does not declare")
        elif rows and spec.until and not names_above \
                and _wraps(cells, declared, line, last_bottom, typical_gap):
            refused = _refused(rows[-1], cells, declared, ctx)
            layout = _by_layout(line, cells, rows, declared, heads,
                           sectioned) \
                if refused is None else None
            if refused is None and layout != "heading" and (
                    layout == "wrap" or _goes_on(rows[-1], cells, declared, wrapped)
                    or _tight(line, last_bottom, typical_gap)):
                if layout == "wrap" and not _goes_on(rows[-1], cells, declared, wrapped) \
                        and not _tight(line, last_bottom, typical_gap):
                    by_layout[id(cells)] = line
                under[id(cells)] = (line, line.box.y0 - last_bottom, bool(left))
                wrapped.append(cells)
            else:  # a heading between rows ("Labour"): no row, and no part of one
                pass_over(line, f"left out {_quoted(line)}: a heading between rows ("
                          + (refused if refused is not None else
                             "set left of the rows' text, as the table's headings are"
                             if layout == "heading" else
                             "words in text columns alone that do not go on from the row "
                             "above")
                          + ")")
            last_bottom = line.box.y1
            continue
        elif rows and until_at is not None and index < until_at and not names_above \
                and last_bottom is not None and len(_phrases(line.words, aspect)) == 1:
            passed = True  # a note or heading under a row, the stop label below it
            heading_line(line)
            _note(f"{_at(line)}passed over {_quoted(line)}: a note or heading under a row "
                  f"(one run of words), its until label below")
            last_bottom = line.box.y1
            continue
        elif rows:
            why = _why_no_row(line, parsed, cells, declared, structured, aspect)
            _note(f"{_at(line)}ended at {_quoted(line)}: a line that is no row ({why})")
            # a line that is no row: the table ends (on this page)
            return end("gap")
        else:
            if not rows and any(cells[c.spec.name] for c in declared
                                if c.spec.type.value_kind == "text"):
                names_above = True  # "Coke" / "1 x 2.10  2.10": names above their numbers
            if not any(e is line for e, _ in early):
                if len(_phrases(line.words, aspect)) == 1 \
                        and not _under_a_number_header(line, declared):
                    heading_line(line)  # a section heading above the first row
                elif not _under_a_number_header(line, declared):
                    split_before.append(line)
                _note(f"{_at(line)}left out {_quoted(line)}: before the first row, no row "
                      f"(a heading, a note or the header's second line)")
            continue
        if last_bottom is not None:
            gap = max(0.0, line.box.y0 - last_bottom)
            typical_gap = gap if typical_gap is None else min(typical_gap * 1.5, gap) or gap
        last_bottom = line.box.y1
    if lines:
        _note(f"{_at(lines[-1])}" + ("ended: no row followed the lines passed over"
                                     if passed else "the page ended under the rows"))
    return end("gap" if passed else None)


@dataclass
class _Blocks:
    """Where each row's description lies, for a table with one ``multiline`` column: the
    line of each row's numbers with its description's words on it (``own``, by row), the
    description lines read after each row (``tails``) and before the first (``pre``).
    A catalogue may print a row's numbers on the LAST line of its wrapped description
    ("Orange Lemonade in glass" / "bottle, returnable  24/330ml  2.00"), not its first:
    then the lines between two rows are the start of the row below, not the rest of the
    one above. Each run of such lines votes (:meth:`votes`); where the table's runs say
    "below" and none (or few) "above", every run goes with the row below it."""

    spec: M.ColumnSpec | None
    own: dict[int, tuple[Line, list[Word]]] = None  # type: ignore[assignment]
    tails: dict[int, list[Line]] = None  # type: ignore[assignment]
    pre: list[Line] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.own, self.tails, self.pre = {}, {}, []

    def votes(self) -> tuple[int, int, bool]:
        """How many runs of description lines between two rows read as the start of the
        row below and how many as the rest of the row above, and whether the lines
        before the first row read as its start. Below: the row's own words start in
        small letters ("bottle, returnable"), the run ends in a way that goes on ("in",
        ","), or the run is set closer to the row below than to the row above. Above:
        the run starts in small letters, the row above ends in a way that goes on, or
        the run is set closer to the row above."""
        down = up = 0
        below_gaps: list[float] = []  # between a run that reads as below and its row
        for i in range(1, len(self.own)):
            run = self.tails.get(i - 1)
            if not run or i - 1 not in self.own or i not in self.own:
                continue
            (above, above_words), (below, below_words) = self.own[i - 1], self.own[i]
            score = 0
            if _starts_small(below_words) or _goes_on_at(_text(run[-1].words)):
                score += 1
            if _starts_small(run[0].words) or _goes_on_at(_text(above_words)):
                score -= 1
            height = max(line.box.height for line in run)
            gap_up = run[0].box.y0 - above.box.y1
            gap_down = below.box.y0 - run[-1].box.y1
            if gap_up - gap_down > 0.3 * height:
                score += 1
            elif gap_down - gap_up > 0.3 * height:
                score -= 1
            down += score > 0
            up += score < 0
            if score > 0:
                below_gaps.append(gap_down + 0.2 * height)
        first = self.own.get(0)
        # the lines before the first row: its start where they read so, or where they
        # lie above it no farther than the runs that read as below lie above their rows
        pre = bool(self.pre) and first is not None and (
            _starts_small(first[1]) or _goes_on_at(_text(self.pre[-1].words))
            or (bool(below_gaps) and first[0].box.y0 - self.pre[-1].box.y1
                <= 1.3 * max(below_gaps)))
        return down + pre, up, pre

    def settle(self, rows: list[Row], ended: str | None, lead: list[Word],
               ctx: ParseContext) -> tuple[list[Row], str | None, list[Word]]:
        """``_rows``' answer, each description lines between two rows moved to the row
        below where the table prints its numbers on a description's last line."""
        if self.spec is None or not rows or set(self.own) != set(range(len(rows))):
            return rows, ended, lead
        down, up, pre = self.votes()
        if not down or down < 3 * up:
            return rows, ended, lead
        name = self.spec.name
        for i, row in enumerate(rows):
            parts = [line.words for line in (self.tails.get(i - 1, []) if i else
                                             (self.pre if pre else []))]
            parts.append(self.own[i][1])
            if i == len(rows) - 1:
                parts += [line.words for line in self.tails.get(i, [])]
            parts = [list(p) for p in parts if p]
            cells: Row = {name: _cell(parts[0], self.spec, ctx) if parts else None}
            column = _Column(self.spec, 0.0, 1.0)
            for part in parts[1:]:
                _continue(cells, {name: part}, [column], ctx)
            row[name] = cells[name]
        return rows, ended, ([] if pre else lead)


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


#: The key under which a row's ``unread`` names the lines of a next page, above its
#: first row, that no row took, in a column of this one (``narrative`` + this): their
#: page and text ("page 3: 'Services'"), for the reason that names them.
LEFT_ABOVE = "\0left above"


def _left_above(page: Any, spec: M.TableSpec, rows: list[Row], lead: list[Word],
                lines: list[Line], columns: list[_Column], aspect: float, why: str) -> None:
    """Name the lines above a next page's first row (``lead``, among ``lines``) that
    are no part of the last row (``rows[-1]``; ``why`` not), nor a row: in ``formsift
    explain``, in the page's notes (``notes["table_lines_left_out"]``: table name -> the
    lines' texts) and, under a column of the table's that every row needs (not ``?``, no
    ``default``), in the last row's ``unread`` (see :data:`LEFT_ABOVE`), for a reason:
    the rest of its description cut by the page break, or a heading?"""
    mine = {id(w) for w in lead}
    left = [line for line in lines if line.words and all(id(w) in mine for w in line.words)]
    if not left:
        return
    _left_out_lines(page, spec, left, f"above the page's first row, no row, and not read "
                                      f"as the rest of the last row's text ({why})")
    cells = _assign(lead, columns, aspect)
    needed = [c for c in columns if c.spec is not None and cells.get(c.key)
              and not c.spec.optional and c.spec.default is None]
    if not needed:
        return
    unread = getattr(rows[-1], "unread", None)
    if unread is None:
        return
    said = " / ".join(repr(line.text) for line in left)
    for c in needed:
        unread[c.spec.name + LEFT_ABOVE] = f"page {left[0].page + 1}: {said}"


#: The key, after a text column's name, of the last row's ``unread`` entry naming the line
#: under it, left out of it, that may still be the rest of its text there (set as its next
#: line would be: :func:`_left_under_why`), no row under it to tell: the line's text and
#: page ("'Mesh back, grey' (page 1)"), for the reason that sends the cell to review.
LEFT_UNDER = "\0left under"


#: The key, after a column's name, of a row's ``unread`` entry saying that the column's
#: header was not found on the header line its row was read under, but a phrase close to
#: it stands where it belongs (:func:`_headers_not_found`): the header as read.
HEADER_MISREAD = "\0header misread"
#: Letter pairs a recognizer reads for one letter (and the letter): folded to it before
#: a header is compared with the header line's other phrases (:func:`_misread_header`).
_PAIRS = (("rn", "m"), ("cl", "d"), ("li", "h"), ("vv", "w"))


def _headers_not_found(page: Any, spec: M.TableSpec, header: Line, columns: list[_Column],
                       rows: list[Row], lines: list[Line]) -> None:
    """Name each declared column whose header is not on ``header``, the header line
    ``rows`` were read under, in ``formsift explain`` and in the page's notes
    (``notes["table_headers_not_found"]``: table name -> messages), with the phrase of
    the line standing where the header belongs, if any. Where that phrase is close to
    the header (:func:`_misread_header`: "Break (rnin)" for "Break (min)"), each row's
    ``unread`` that holds words under it (``lines``) says so (:data:`HEADER_MISREAD`):
    the column's cells are there, unread, not a column the document leaves out."""
    found = {c.spec.name for c in columns if c.spec is not None}
    missing = [c for c in spec.columns if c.header and c.name not in found]
    if not missing:
        return
    notes = page.notes.setdefault("table_headers_not_found", {}).setdefault(spec.name, [])
    for col in missing:
        phrase, phrase_col = _nearest_phrase(spec, col, header, columns) or (None, None)
        close = phrase is not None and _misread_header(col.header, phrase)
        text = (f"column '{col.name}': header {_header_name(_Column(col, 0, 0))} not found "
                f"on the header line" + (f" (nearest {phrase!r}" if phrase else "")
                + (", misread?)" if close else ")" if phrase else ""))
        _note(f"{_at(header)}{text}")
        if text not in notes:  # (the template is run again on the same pages)
            notes.append(text)
        if close:
            for row in rows:
                unread = getattr(row, "unread", None)
                if unread is not None and phrase_col is not None \
                        and _written_under(row, lines, phrase_col, columns):
                    unread[col.name + HEADER_MISREAD] = phrase or ""


def _nearest_phrase(spec: M.TableSpec, col: M.ColumnSpec, header: Line,
                    columns: list[_Column]) -> tuple[str, _Column] | None:
    """The text (and column) of the header line's phrase under no declared header that
    stands where ``col``'s header belongs: between the headers of the declared columns
    before and after it that were found (in the template's order, where it is the line's
    order too); of several, the one closest to the header's text. None when there is
    none."""
    at = {c.spec.name: c for c in columns if c.spec is not None}
    order = [c.name for c in spec.columns if c.name in at or c is col]
    k = order.index(col.name)
    placed = [at[n] for n in order if n != col.name]
    left = max((at[n].x1 for n in order[:k]), default=0.0)
    right = min((at[n].x0 for n in order[k + 1:]), default=1.0)
    if any(a.x0 > b.x0 for a, b in pairwise(placed)):
        left, right = 0.0, 1.0  # the template declares its columns in another order
    found = [(" ".join(w.text for w in header.words if c.x0 <= w.box.cx <= c.x1), c)
             for c in columns if c.spec is None and c.x0 >= left - 1e-6
             and c.x1 <= right + 1e-6]
    found = [(t, c) for t, c in found if t]
    options = [h for h in col.header if isinstance(h, str)]
    if not found or (not options and len(found) > 1):
        return None
    return min(found, key=lambda tc: min((edit_distance(_folded(tc[0]), _folded(h))
                                          for h in options), default=0))


def _written_under(row: Row, lines: list[Line], column: _Column, columns: list[_Column]
                   ) -> bool:
    """Whether a word of ``lines`` stands in ``row``'s band (its cells' boxes) under
    ``column``: nearer its header than any other column's."""
    boxes = [c.box for c in row.values() if c is not None and c.box is not None]
    if not boxes:
        return False
    y0, y1 = min(b.y0 for b in boxes), max(b.y1 for b in boxes)

    def nearest(x: float) -> _Column:
        return min(columns, key=lambda c: 0.0 if c.x0 <= x <= c.x1
                   else min(abs(x - c.x0), abs(x - c.x1)))

    return any(y0 <= w.box.cy <= y1 and nearest(w.box.cx) is column
               for line in lines for w in line.words)


def _folded(text: str) -> str:
    """``text`` as labels compare it loosely (:func:`~formsift.templates.labels.loose`),
    with the letter pairs a recognizer reads for one letter as that letter
    (:data:`_PAIRS`)."""
    out = normalize(text).casefold()
    for pair, letter in _PAIRS:
        out = out.replace(pair, letter)
    return loose(out)


def _misread_header(options: tuple, phrase: str) -> bool:
    """Whether ``phrase`` reads as one of the header ``options`` (text ones) misread: the
    same after :func:`_folded`, or at most one character in four different (two in
    "Break (min)" read "Break (rnin)")."""
    for option in options:
        if not isinstance(option, str):
            continue
        want, got = _folded(option), _folded(phrase)
        if len(want) >= 3 and edit_distance(want, got) <= len(want) // 4:
            return True
    return False


def _left_out_lines(page: Any, spec: M.TableSpec, lines: list[Line], why: str) -> None:
    """Name ``lines``, text of the table in no row (``why`` not), in ``formsift explain``
    and in the page's notes: ``notes["table_lines_left_out"]`` maps the table's name to
    the lines' texts."""
    if not lines:
        return
    notes = page.notes.setdefault("table_lines_left_out", {}).setdefault(spec.name, [])
    for line in lines:
        _note(f"{_at(line)}left out {_quoted(line)}: {why}")
        notes.append(line.text)


def _wrapped_over(rows: list[Row], name: str, lead: list[Word]) -> bool:
    """Whether the last row's cell of the ``multiline`` column ``name`` was cut by the
    page break where the column wraps its text: the first word of ``lead`` (the text
    above the next page's first row) would not have fitted on the cell's last line, as
    far as the table's wrapped lines reach (the right end of the cells' lines another line
    of the same cell follows). The rest of a description a word processor wrapped, after
    a full stop or not, whatever its first letter ("... meet with client team." /
    "Debrief with JS; summarize ..."), unless it reads as a heading after a finished
    sentence (:func:`_heading_after_end`, asked by the caller); a short last line ("Desk
    lamp LED") ended its description, and where no cell wraps nothing tells."""
    cell = rows[-1].get(name) if rows else None
    if cell is None or not cell.words or not lead:
        return False
    reach = max((line[-1].box.x1 for row in rows
                 if (cand := row.get(name)) is not None and cand.words
                 for line in _word_lines(cand.words)[:-1]), default=None)
    if reach is None:
        return False
    last = _word_lines(cell.words)[-1]
    gaps = sorted(b.box.x0 - a.box.x1 for a, b in pairwise(last) if b.box.x0 > a.box.x1)
    space = gaps[len(gaps) // 2] if gaps else 0.25 * last[-1].box.height
    return last[-1].box.x1 + space + lead[0].box.width > reach


#: At most this many words on one line make a heading (``_heading_after_end``):
#: "Disbursements", "Fees (continued)", "Costs Advanced on Client's Behalf".
HEADING_WORDS = 5
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def _heading_after_end(rows: list[Row], name: str, lead: list[Word]) -> bool:
    """Whether ``lead`` (the text above a next page's first row) reads as a heading after
    the last row's finished text in the ``multiline`` column ``name``: that cell ends in a
    sentence's end (``.``, ``!``, ``?``; not an abbreviation's point, :func:`_ends_sentence`:
    "... to the U.S." / "District Court for Delaware" is the text going on) and ``lead``
    is one line of a few words (at most :data:`HEADING_WORDS`) that starts with a capital
    and ends in no mark of a sentence or of text going on (``. ! ? , ;``): "... with the
    court clerk in person." / "Disbursements"
    ("Fees (continued)", "EXPENSES", "Costs Advanced:"). The page break falling where the
    column wraps (``_wrapped_over``) does not make it that text's rest; the rest of a
    description cut there is several lines, or one ending as a sentence does ("Debrief
    with JS.")."""
    cell = rows[-1].get(name) if rows else None
    if cell is None or not cell.words or not lead:
        return False
    if not _ends_sentence(_word_lines(cell.words)[-1][-1].text):
        return False
    if len(_word_lines(lead)) != 1 or len(lead) > HEADING_WORDS:
        return False
    first = next((ch for w in lead for ch in w.text if ch.isalnum()), "")
    return first.isalpha() and first.isupper() \
        and not lead[-1].text.rstrip(_QUOTES).endswith((".", "!", "?", ",", ";"))


#: Abbreviations written with a point that seldom end a sentence, and a text cut after them
#: goes on (``_ends_sentence``): "... to the U.S." / "District Court", "Acme Inc." / "Legal
#: Department". Compared without the point, in any case; "No" and "Nos" only capitalised
#: (a small "no." ends a sentence: "... and he said no.").
ABBREVIATIONS = frozenset({
    "inc", "corp", "co", "ltd", "bros", "etc", "vs", "cf", "al", "approx", "dept", "est",
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "esq", "hon", "messrs", "ref"})
_ABBREVIATED = re.compile(r"(?:[^\W\d_]{1,3}\.)*[^\W\d_]\.")


def _ends_sentence(text: str) -> bool:
    """Whether a word ends a sentence: it ends in ``.``, ``!`` or ``?`` (before closing
    quotes or brackets), and a point is not an abbreviation's: a single letter ("J.", an
    initial), letters set apart by points ("U.S.", "e.g.", "i.e.", "Ph.D.") or a word of
    :data:`ABBREVIATIONS` ("Inc.", "Corp.", "No.")."""
    word = text.rstrip(_QUOTES + ")]").lstrip(_QUOTES + "([")
    if not word.endswith((".", "!", "?")):
        return False
    if not word.endswith(".") or word.endswith(".."):
        return True
    if _ABBREVIATED.fullmatch(word) and (len(word) == 2 or word.count(".") > 1):
        return False
    stem = word[:-1]
    return stem.lower() not in ABBREVIATIONS and stem not in ("No", "Nos", "NO", "NOS")


def _word_lines(words: list[Word]) -> list[list[Word]]:
    """``words`` (a cell's, in reading order) in lines, each left to right: a line ends
    where the next word is on another page or below its middle."""
    out: list[list[Word]] = []
    for w in words:
        if out and out[-1][-1].page == w.page \
                and abs(w.box.cy - out[-1][-1].box.cy) < 0.5 * out[-1][-1].box.height:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.box.x0) for line in out]


def _starts_small(words: list[Word]) -> bool:
    """Whether the words' first letter or digit is a small letter."""
    first = next((ch for w in words for ch in w.text if ch.isalnum()), "")
    return first.islower()


def _why_no_row(line: Line, parsed: _Row, cells: dict[str, list[Word]],
                declared: list[_Column], structured: list[_Column], aspect: float) -> str:
    """Why a line under the rows read as no row, for ``formsift explain``."""
    unread = [f"{c.spec.name} {parsed.unread[c.spec.name]!r}" for c in structured
              if parsed.unread.get(c.spec.name)]
    filled = [c.spec.name for c in declared if cells[c.spec.name]]
    if not filled:
        return "none of its words under a declared column"
    column_of = {id(w): c.key for c in declared for w in cells[c.key]}
    if any(len({column_of[id(w)] for w in phrase if id(w) in column_of}) > 1
           for phrase in _phrases(list(line.words), aspect)):
        return "one run of words reaching under several columns: a sentence or a note"
    if unread:
        return "under a number column, words that do not read as one: " + ", ".join(unread)
    return "no number, amount or date cell, and its text cells neither go on from the " \
        "row above nor fill a row's cells: " + ", ".join(filled)


def _over_the_rows(line: Line, lines: list[Line], header_bottom: float | None) -> bool:
    """Whether ``line``, one of ``lines`` (those under the header, on its page) before the
    table's first row, lies at least as far under the line above it (the header, whose
    bottom is ``header_bottom``, or a line between) as above the line below it: a heading
    over the rows, not the header's second line, set close under it."""
    i = next((k for k, other in enumerate(lines) if other is line), None)
    if i is None or header_bottom is None or i + 1 >= len(lines):
        return False
    above = lines[i - 1].box.y1 if i > 0 else header_bottom
    return line.box.y0 - above >= 0.9 * (lines[i + 1].box.y0 - line.box.y1)


def _early_rows(lines: list[Line], first: Line, header_bottom: float | None) -> bool:
    """Whether ``lines``, words alone right before the first row (``first``), are rows of
    the table rather than the header's second line: on the row's page, set under each
    other and above it at one leading, and at least that far under the header (a header
    that wraps sets its second line close under its first, the rows below it apart)."""
    if header_bottom is None or any(line.page != first.page for line in lines):
        return False
    seq = [*lines, first]
    gaps = [max(0.0, b.box.y0 - a.box.y1) for a, b in pairwise(seq)]
    top = lines[0].box.y0 - header_bottom
    pitch = [b.box.y0 - a.box.y0 for a, b in pairwise(seq)]
    return top >= 0.9 * max(gaps) and max(pitch) <= 1.5 * min(pitch)


def _read_cells(cells: dict[str, list[Word]], columns: list[_Column], ctx: ParseContext
                ) -> _Row:
    """The row of a line's ``cells``. Columns on one header (:func:`_shared`) read its
    cell each in its part: those of numbers, amounts or dates, in the template's order,
    each its value among the words the ones before left ("12" of "12 EA" for ``qty:
    decimal``; several such columns take its values left to right, "10.0 - 12.0" as
    10.0 and 12.0); text columns the words they all left ("EA" for ``uom: text``). ``cells``
    then holds the words each read (or was offered, when it read none)."""
    shared = _shared(columns)
    leads = set(shared.values())
    _unglue(cells, columns, shared)
    # number columns on one header (a range "10.0 - 12.0" under "Specification" read as
    # ``lo`` and ``hi``) take the cell's values left to right, in the template's order,
    # not the one most under the header first
    valued: dict[str, int] = {}
    for c in columns:
        if c.spec is not None and c.spec.type.value_kind != "text" \
                and (c.key in shared or c.key in leads):
            valued[shared.get(c.key, c.key)] = valued.get(shared.get(c.key, c.key), 0) + 1
    row = _Row()
    taken: dict[str, list[Word]] = {}  # a header's words the values before took
    # of a word a value before took only a part of ("(01)09501101530008(17)270331(10)
    # ABC123" for a date "%y%m%d"), the parts it left, offered to the text columns on the
    # header that find their own part (a pattern, an id: the GTIN after "(01)")
    left: dict[int, list[Word]] = {}
    for order in (0, 1):  # numbers, amounts and dates first, then text
        for c in columns:
            if c.spec is None:
                continue
            name = c.spec.name
            lead = shared.get(name, name if name in leads else None)
            if lead is None:
                if order == 0:
                    row[name] = _cell(cells[name], c.spec, ctx, (c.x0, c.x1))
                continue
            if (c.spec.type.value_kind == "text") != bool(order):
                continue
            used = taken.setdefault(lead, [])
            offered = [p for w in cells[name]
                       for p in ((left.get(id(w), []) if order and _finds_own(c.spec) else [])
                                 if any(w is u for u in used) else [w])]
            cand = _cell(offered, c.spec, ctx, None if valued.get(lead, 0) > 1 else (c.x0, c.x1))
            if cand is not None and not order:
                cand = _own_words(cand, offered, c.spec)
                used.extend(cand.words)
                left.update(_left_parts(cand))
            cells[name] = list(cand.words) if cand is not None and not order else offered
            row[name] = cand
    return _Row((c.spec.name, row[c.spec.name]) for c in columns if c.spec is not None)


def _finds_own(col: M.ColumnSpec) -> bool:
    """Whether a text column finds its own part of a cell's text: a pattern of its own
    (``text(pattern=...)``), or a type other than plain text (an id, an IBAN)."""
    return col.type.value_kind == "text" and (
        col.type_name != "text" or bool(getattr(col.type.options, "pattern", None)))


def _left_parts(cand: Candidate) -> dict[int, list[Word]]:
    """Where a value was read out of one word and is only a part of it, set apart within
    it by signs that are no letter or digit ("270331" of "(17)270331(10)ABC123"): that
    word's id and the parts of it before and after the value (with their share of its
    box), for the other columns on the header."""
    if len(cand.words) != 1 or not cand.raw:
        return {}
    word = cand.words[0]
    text, raw = word.text, cand.raw.strip()
    at = text.find(raw)
    if not raw or at < 0 or text.find(raw, at + 1) >= 0 or raw == text:
        return {}
    end = at + len(raw)
    if (at > 0 and text[at - 1].isalnum() and raw[0].isalnum()) \
            or (end < len(text) and text[end].isalnum() and raw[-1].isalnum()):
        return {}  # cut out of a run of letters and digits: no part of its own
    step = word.box.width / len(text)
    parts = [replace(word, text=text[a:b], box=Box(word.box.x0 + a * step, word.box.y0,
                                                    word.box.x0 + b * step, word.box.y1))
             for a, b in ((0, at), (end, len(text))) if text[a:b].strip()]
    return {id(word): parts}


#: A number glued to a unit code ("2CS", "12EA", "2.5KG", "1LB"): its number, its code.
_GLUED_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)([^\W\d_]{1,5})")


#: A pack's count glued to its sign and size ("10×200g", "24/330ml"): the count, the rest.
_GLUED_PACK = re.compile(r"(\d+)([x×X*/]\d+(?:[.,]\d+)?[^\W\d_]{1,5})")


def _unglue(cells: dict[str, list[Word]], columns: list[_Column],
            shared: dict[str, str]) -> None:
    """Split, in the cell of a header that a number column and a text column share
    (:func:`_shared`: quantity and unit under one "Quantity"), each word that is a number
    glued to a code of letters ("3CS", printed so, or "2 CS" read so from a photo), or a
    pack's count glued to its size with its unit ("10×200g", "24/330ml"), into the number
    and the rest, each with its part of the word's box, so the number column reads the
    quantity and the text column the unit (the size). Nowhere else: a column alone on
    its header reads its words as written."""
    groups: dict[str, list[_Column]] = {}
    for c in columns:
        if c.spec is not None and (c.key in shared or c.key in shared.values()):
            groups.setdefault(shared.get(c.key, c.key), []).append(c)
    for group in groups.values():
        kinds = {c.spec.type.value_kind for c in group}
        if "number" not in kinds or "text" not in kinds:
            continue
        parts: dict[int, list[Word]] = {}
        for w in cells[group[0].key]:
            m = _GLUED_UNIT.fullmatch(w.text) or _GLUED_PACK.fullmatch(w.text)
            if m is None:
                continue
            cut = w.box.x0 + w.box.width * len(m.group(1)) / len(w.text)
            parts[id(w)] = [
                replace(w, text=m.group(1), box=Box(w.box.x0, w.box.y0, cut, w.box.y1)),
                replace(w, text=m.group(2), box=Box(cut, w.box.y0, w.box.x1, w.box.y1))]
        if parts:
            for c in group:
                cells[c.key] = [p for w in cells[c.key] for p in parts.get(id(w), [w])]


def _own_words(cand: Candidate, words: list[Word], col: M.ColumnSpec) -> Candidate:
    """``cand`` (a number, amount or date read from ``words``) with the words its raw text
    lies in, their box and confidence, rather than all of the cell's."""
    text = _cell_text(words) if col.type.value_kind in ("number", "money") \
        else " ".join(w.text for w in words)
    at = text.find(cand.raw) if cand.raw else -1
    if at < 0:
        return cand
    end = at + len(cand.raw)
    mine = [w for w, st in zip(words, _word_starts(words, text), strict=True)
            if st < end and st + len(w.text) > at]
    if not mine or len(mine) == len(words):
        return cand
    return replace(cand, words=mine, box=Box.enclosing([w.box for w in mine]),
                   confidence=min(w.confidence for w in mine))


def _a_note(line: Line, parsed: _Row, declared: list[_Column], structured: list[_Column],
            rows: list[Row], aspect: float = 1.0) -> bool:
    """Whether ``line``, under a row, is a note whose number stands in a sentence
    ("Backorder of 3 units shipped later", "incl. 2 free samples" under the Qty column),
    no row: one run of words, more words of letters (two or more) than of digits, no
    text or amount cell filled, fewer number cells than any row above, each number it
    fills standing between words of letters (a row's "2 hours on site" or "Travel time
    on site 2" is a row, however its Qty column is aligned: centred under the header,
    such a cell runs past the values above as a note does), and the run reaching past
    both sides of where the rows' values of each number column it fills stand."""
    if len(_phrases(line.words, aspect)) != 1:
        return False
    letters = sum(w.text.strip(".,;:!?()").isalpha() for w in line.words)
    digits = sum(any(ch.isdigit() for ch in w.text) for w in line.words)
    if letters < 2 or letters <= digits:
        return False
    if any(parsed[c.spec.name] is not None for c in declared
           if c.spec.type.value_kind in ("text", "money")):
        return False
    filled = [c for c in structured if parsed[c.spec.name] is not None]
    if not filled or _filled(parsed, structured) >= min(_filled(r, structured) for r in rows):
        return False
    if not all(_amid_letters(line.words, parsed[c.spec.name].words) for c in filled):
        return False
    char = 0.5 * line.box.height * aspect  # about a character's width
    for c in filled:
        above = [w.box for r in rows if (v := r.get(c.spec.name)) is not None
                 for w in v.words]
        if not above or line.box.x0 >= min(b.x0 for b in above) \
                or line.box.x1 <= max(b.x1 for b in above) + char:
            return False
    return True


def _amid_letters(words: list[Word], own: list[Word]) -> bool:
    """Whether the number of a cell (its words with digits, of ``own``: the cell's words
    of the line ``words``) stands in a sentence: a word of letters before it and one after
    it ("incl. 2 free samples"; not "2 hours on site", nor "Travel time on site 2")."""
    digits = [w for w in own if any(ch.isdigit() for ch in w.text)]
    if not digits:
        return False
    x0, x1 = min(w.box.x0 for w in digits), max(w.box.x1 for w in digits)
    letters = [w for w in words if w.text.strip(".,;:!?()").isalpha()]
    return any(w.box.x1 <= x0 for w in letters) and any(w.box.x0 >= x1 for w in letters)


def _unreadable_row(parsed: _Row, declared: list[_Column], structured: list[_Column],
                    until: bool = False) -> bool:
    """Whether a line none of whose number, amount or date cells reads is still a row,
    its cells unread: it has a number under such a column that does not read as the
    column's type ("W35,000", "?35,0O0", a currency sign the recognizer glued as a letter:
    :func:`looks_numeric`) -- or, in a table that goes on to its stop label (``until``),
    a word saying the cell has no amount ("Breakfast  incl.", "Parking  n/a", "Deposit
    -": :data:`NO_AMOUNT`) -- and, when the table has text columns, a value in one of
    them (its description). Such a row is kept with the cell blank, its text named in the
    record's reasons (a required column's, or digits that did not read), rather than
    ending the table there and losing the rows below it."""
    if not any(looks_numeric(text) or (until and NO_AMOUNT.fullmatch(text.strip()))
               for c in structured if (text := parsed.unread.get(c.spec.name, ""))):
        return False
    texts = [c for c in declared if c.spec.type.value_kind == "text"]
    return not texts or any(parsed[c.spec.name] is not None for c in texts)


def _blank_numbers(line: Line, cells: dict[str, list[Word]], declared: list[_Column],
                   structured: list[_Column], rows: list[Row], spec: M.TableSpec,
                   aspect: float, last_bottom: float | None, typical_gap: float | None,
                   words_alone: bool = False) -> bool:
    """Whether a line with nothing under any number, amount or date column is still a
    row, those cells blank (a delivery ticket's line nothing was shipped on, "80550
    OLIVE OIL XV 6/1 LT  CS" under Item / Description / Shipped / UOM; a certificate's
    "Foreign matter  Absent  Present", "Absent" unread under the decimal columns of
    "Specification"): it fills two cells or more, one a text column's (words that do not
    read under a number column count as that header's cell), each with a run of words of
    its own (a heading or a note is one
    run: "Produce", "Deduction reason: D03 Shortage"), and is no wrapped line of the row
    above (it does not continue, in each column it fills, a cell of that row that is no
    reference: "AB-" / "1234", "Steel shelving unit," / "with 5 shelves"). In a table
    without stop label it must also sit at the rows' leading and fill each text column
    every row above fills (a footer's words under two text columns are no row). Before
    the first row it must hold a digit in a text cell (an item code, a pack size): words
    alone there are the header's second line or a heading; with ``words_alone`` they
    are asked of too (the caller then tells a first row of words from the header's second
    line by where it stands, see :func:`_early_rows`)."""
    if not structured:
        return False
    texts = [c for c in declared if c.spec.type.value_kind == "text" and cells[c.key]]
    # words under a number column that do not read as one ("Absent", "Conforms" under a
    # certificate's "Specification"): a cell of the row, unread, as good as a text cell
    # for telling a row from a heading (one run of words); one cell per header
    worded = {(c.x0, c.x1) for c in structured if cells[c.key]} \
        - {(c.x0, c.x1) for c in texts}
    if any(c.spec.multiline for c in texts):
        # a line of a multiline column's text may run on under the number columns ("1394
        # 1 57.00 57.00" over "(UNIT) WAYCARE  WOUND DRESSING  WATERPROOF", the last word
        # under "Amount"): its words there are that text's, no cells of a row
        worded = set()
    if not texts or len(texts) + len(worded) < 2:
        return False
    column_of = {id(w): c.key for c in declared for w in cells[c.key]}
    for phrase in _phrases(list(line.words), aspect):
        if len({column_of[id(w)] for w in phrase if id(w) in column_of}) > 1:
            return False  # one run of words reaching under several columns
    if rows:
        above = rows[-1]

        def goes_on(c: _Column) -> bool:
            prev = above.get(c.spec.name)
            return prev is not None and isinstance(prev.value, str) \
                and not _reference(prev.value) and _continues(prev.value, cells[c.key])

        if all(goes_on(c) for c in texts):
            return False
    if not rows:
        # before the first row, a line of words alone is the header's second line
        # ("Code  Name  Unit" under "Item  Description  UOM") or a heading; a line
        # nothing was shipped on has an item code or a pack size
        if any(ch.isdigit() for c in texts for w in cells[c.key] for ch in w.text):
            return True
        # asked of words alone: two text cells, or words under a number column that hold
        # no digit ("Conforms"); not a receipt's product name run into the amount column
        # above its numbers ("FUJI XEROX EVERYDAY  A4 70GSM" / "5 27499  11.00")
        return words_alone and (len(texts) >= 2 or not any(
            ch.isdigit() for c in structured if cells[c.key] and c not in texts
            for w in cells[c.key] for ch in w.text))
    if not spec.until:
        if _set_apart(line, last_bottom, typical_gap):
            return False
        names = {c.spec.name for c in texts}
        if any(c.spec.name not in names and all(r.get(c.spec.name) is not None for r in rows)
               for c in declared if c.spec.type.value_kind == "text"):
            return False
    return True


#: What a cell says for "no amount here" ("incl.", "n/a", "-", "free"): a row with its
#: cell blank, not the end of the table.
NO_AMOUNT = re.compile(r"(?i)(incl|inkl|included|inclus|inbegriffen|incluido|incluso|n/?a|"
                       r"free|gratis|gratuit|offert|nil|none|[-\u2010-\u2015/.]+)\.?")


def looks_numeric(text: str) -> bool:
    """Whether ``text`` is a number the recognizer misread rather than words: at least two
    digits, and most of its letters and digits are digits ("W35,000", "?35,0O0"; not
    "A4 70GSM", a description running into the column)."""
    digits = sum(c.isdecimal() for c in text)
    return digits >= 2 and digits >= 0.6 * sum(c.isalnum() for c in text)


def _set_apart(line: Line, last_bottom: float | None, typical_gap: float | None) -> bool:
    """Whether ``line`` lies farther below the line above (its bottom ``last_bottom``)
    than the rows' leading (the gap between them, ``typical_gap``) allows."""
    return last_bottom is not None and typical_gap is not None and line.box.y0 \
        - last_bottom > max(2.5 * typical_gap, 0.6 * line.box.height)


def _filled(row: Row, columns: list[_Column]) -> int:
    """How many of ``columns`` hold a value in ``row``."""
    return sum(row.get(c.spec.name) is not None for c in columns)


#: The key under which a row's ``unread`` names the numbers read between a blank
#: column's header and its neighbour's that went to the neighbour (``qty`` + this).
GIVEN = "\0given"


def _given_away(row: Row, columns: list[_Column]) -> dict[str, str]:
    """For each number or amount column blank in ``row``: the numbers read between its
    header and the next one's that went to that next column's cell and are not its value
    ("9" between "Qté" and "P.U. HT", in the unit price's cell beside its "24,90"), or are
    its value but lie between the headers, none under its own, said
    as "'9' was read between "Qté" and "P.U. HT" and given to 'unit_price'", under the
    blank column's name + :data:`GIVEN`. A quantity so placed is no blank cell."""
    out: dict[str, str] = {}
    order = sorted(columns, key=lambda c: c.x0)
    for a, b in pairwise(order):
        for blank, other in ((a, b), (b, a)):
            if blank.spec is None or other.spec is None \
                    or blank.spec.type.value_kind == "text" or row.get(blank.spec.name) \
                    or blank.spec.name + GIVEN in out:
                continue
            cand = row.get(other.spec.name)
            if cand is None or not cand.words:
                continue
            words = list(cand.words)
            text = _cell_text(words)
            at = text.find(cand.raw) if cand.raw else -1
            starts = _word_starts(words, text)
            value = [w for w, st in zip(words, starts, strict=True)
                     if at >= 0 and at <= st < at + len(cand.raw)]
            # the other column's value itself, when it lies between the two headers and
            # not under its own ("0.00" right-aligned under the blank column's second
            # header line, taken by the next column, whose own cell was not read)
            between = bool(value) and all(a.x1 <= w.box.cx <= b.x0 for w in value)
            dropped = [w for w in words
                       if a.x1 <= w.box.cx <= b.x0 and any(ch.isdigit() for ch in w.text)
                       and (w not in value or between)]
            if dropped:
                out[blank.spec.name + GIVEN] = (
                    f"{' '.join(w.text for w in dropped)!r} was read between "
                    f"{_header_name(a)} and {_header_name(b)} and given to "
                    f"'{other.spec.name}'")
    return out


def _header_name(column: _Column) -> str:
    """A declared column's header as the template writes it (its first alternative)."""
    header = column.spec.header[0] if column.spec is not None and column.spec.header else None
    if header is None:
        return "a header the template leaves out"
    return f'"{header}"' if isinstance(header, str) else header.source()


def _written_below(line: Line, cells: dict[str, list[Word]], parsed: Row, row: Row,
                   row_box: Box, columns: list[_Column]) -> bool:
    """Whether ``line`` is handwriting that belongs to the row above (``row``, its lines
    at ``row_box``): it holds only handwritten words, all in columns the template hints
    ``handwritten``, each read as a value, where the row above has a blank cell (nothing
    read there), and it reaches into that row's lines. A quantity written a few points
    below its printed row is read as a line of its own: it is no row of its own."""
    if not line.words or not all(w.handwritten for w in line.words) \
            or line.page != _row_page(row) or line.box.y0 >= row_box.y1:
        return False
    unread = getattr(row, "unread", {})
    used = [c for c in columns if cells[c.key]]
    return bool(used) and all(
        c.spec is not None and c.spec.handwritten and parsed.get(c.spec.name) is not None
        and row.get(c.spec.name) is None and c.spec.name not in unread for c in used)


def _row_page(row: Row) -> int | None:
    """The page a row was read on (of its first cell read)."""
    return next((c.page for c in row.values() if c is not None), None)


#: A page's number ("Page 2 of 5", "Seite 2 von 5", "p. 2/5") anywhere in a line: a
#: footer, never a row (its numbers read as a quantity).
_PAGE_NUMBER = re.compile(r"\b(?:page|seite|p\.|blatt|feuille|p[aá]gina)\s*\d{1,3}\s*"
                          r"(?:of|von|/|sur|de|di)\s*\d{1,3}\s*$", re.IGNORECASE)
#: A line that only says the table goes on elsewhere: no row, no line of a description.
_GOES_ON = re.compile(
    r"[\s(\[\-–.]*(?:(?:to\s+be\s+)?continued(?:\s+(?:on\s+(?:the\s+)?next\s+page|overleaf))?"
    r"|cont(?:'d|d|\.)(?:\s+overleaf)?"
    r"|fortsetzung(?:\s+(?:auf\s+der\s+n(?:ä|ae)chsten\s+seite|folgt|siehe\s+n(?:ä|ae)chste\s+seite))?"
    r"|suite(?:\s+(?:au\s+verso|(?:à\s+la\s+)?page\s+suivante))|\(suite\)"
    r"|continua(?:\s+(?:alla|a)\s+pagina\s+(?:successiva|seguente)))"
    r"[\s)\]\-–.:…]*$", re.IGNORECASE)


def _is_furniture(text: str) -> bool:
    """Whether a line is the page's furniture, not the table's: a page number ("Page 1 of
    3") or a line saying the table goes on ("Continued on next page", "Fortsetzung auf
    Seite 3" has a number and is not taken)."""
    return bool(_PAGE_NUMBER.search(text) or _GOES_ON.match(text))


#: A mark a description's line that goes on ends in: a comma, a semicolon (a list of
#: tasks, "Draft motion; Review exhibits;"), a dash, a slash, an ampersand, a plus, an
#: open parenthesis.
_GOES_ON_MARK = re.compile(r"[,;\-–/&(+]$")
#: The last word of a text, set apart by a space (not "in" of "Plug-in").
_LAST_WORD = re.compile(r"(?<!\S)([^\W\d_]+)$")
#: Words that join, which no description ends in (conjunctions, prepositions, articles)
#: of English, German, French, Spanish, Italian, Dutch and Portuguese: a line ending in
#: one goes on
#: ("Ecology and Evolution in" / "Changing Environments"). Not those that are also a
#: word a description ends in: German "die" and Dutch "van" (an English die, a van),
#: Portuguese "no" and "nos" ("Part no", "Nos").
_JOINING_WORDS = """
    with and for of in to on at by from into onto the a an or nor via without between
    including per
    und mit für der das des dem den ein eine einer eines einem einen im zu zum zur von vom
    auf an aus bei beim nach über unter oder ohne gegen inkl sowie durch zwischen
    de du des la le les à au aux en et ou avec pour sur sous sans par dans un une entre
    chez vers
    del el los las y e o u para por sin sobre con desde hasta una
    di della dello delle dei degli il lo gli ed da dal dalla su nel nella tra fra uno
    met voor het een op aan naar bij zonder tot uit
    do da dos das em na nas com ao aos os as um uma sem
    """
#: (Not "am" and "al": "Morning visit 8 am" and "Smith et al" are finished descriptions far
#: more often than German "am" or Spanish "al" wraps one.)
_JOINING = frozenset(_JOINING_WORDS.split())


def _goes_on_at(text: str) -> bool:
    """Whether a description's line ``text`` ends in a way that goes on: a mark
    (:data:`_GOES_ON_MARK`) or a word that joins (:data:`_JOINING`), in small letters,
    or in capitals where the whole text is ("EVOLUTION IN"), or capitalised ("Evolution
    In", not a single letter: "Vitamin A" is finished, and so is a code in capitals among
    small letters, "Toronto ON")."""
    text = text.rstrip()
    if _GOES_ON_MARK.search(text):
        return True
    m = _LAST_WORD.search(text)
    if m is None or m.group(1).casefold() not in _JOINING:
        return False
    word = m.group(1)
    if word.islower():
        return True
    if len(word) == 1:
        return False
    if word.isupper():
        return not any(ch.islower() for ch in text)
    return word[0].isupper() and word[1:].islower()


def _continues(text: str, words: list[Word]) -> bool:
    """Whether the line of ``words`` reads as the rest of ``text`` (a description cut at
    a line or page break): it starts in lower case or with a digit, or ``text`` ends in a
    way that goes on. A line starting with a capital after a finished description is a
    heading or another text ("Labour", a letterhead)."""
    first = next((ch for w in words for ch in w.text if ch.isalnum()), "")
    return bool(first) and (first.islower() or first.isdigit() or _goes_on_at(text))


def _goes_on(row: Row, cells: dict[str, list[Word]], columns: list[_Column],
             wrapped: list[dict[str, list[Word]]] | None = None) -> bool:
    """Whether a line of words in text cells (``cells``) reads as the rest of ``row``,
    the row above, in a column it fills: the rest of that column's cell
    (:func:`_continues`), or a further line of a column whose cell already goes on there
    (``wrapped``: the row's lines read so far). Each column by its own cell: a term
    heading under "Course" ("Spring 2024") is no rest of the course code "MATH 151",
    whatever the row's grade "B+" ends in."""
    for c in columns:
        words = cells.get(c.key)
        if not words or c.spec is None or c.spec.type.value_kind != "text":
            continue
        if any(w.get(c.key) for w in wrapped or []):
            return True
        prev = row.get(c.spec.name)
        text = prev.value if prev is not None and isinstance(prev.value, str) else ""
        if _continues(text, words):
            return True
    return False


def _misplaced_words(cells: dict[str, list[Word]], parsed: Row,
                     columns: list[_Column]) -> bool:
    """Whether a line has words under a text column with a type or pattern of its own
    (an id, ``text(pattern=...)``) that do not read as it and are no misread number
    (:func:`looks_numeric`): words that are no cell of a row there ("Palette 2" under a
    GTIN column)."""
    return any(cells[c.key] and parsed.get(c.spec.name) is None
               and not looks_numeric(" ".join(w.text for w in cells[c.key]))
               for c in columns if c.spec is not None and c.spec.type.value_kind == "text")


def _refused(row: Row, cells: dict[str, list[Word]], columns: list[_Column],
             ctx: ParseContext) -> str | None:
    """Why a line of words in text cells (``cells``) cannot be the wrapped rest of
    ``row``, the row above, or None: in a column it fills, the row's cell is a reference
    printed whole on its line ("4012345678918": :func:`_reference`), which takes no more
    words, or its words do not read as the column's type, alone or after the row's cell
    ("Pallet 2  SSCC" under a GTIN column). Such a line joined to the row would lose those
    words: it stands as a heading would ("Pallet 2  SSCC 376123450000000026" between a
    packing list's pallets), even where its words under another column start with a
    digit."""
    for c in columns:
        words = cells.get(c.key)
        if not words or c.spec is None or c.spec.type.value_kind != "text" \
                or c.spec.multiline:
            continue
        prev = row.get(c.spec.name)
        text = " ".join(w.text for w in words)
        if prev is not None and isinstance(prev.value, str) and _reference(prev.value):
            return f"{text!r} under {_header_name(c)}, where the row above has a " \
                   f"reference printed whole, {prev.value!r}"
        if _cell(words, c.spec, ctx) is None and (
                prev is None or _cell(list(prev.words) + words, c.spec, ctx) is None):
            return f"{text!r} does not read as {_header_name(c)}'s value"
    return None


def _wraps(cells: dict[str, list[Word]], declared: list[_Column], line: Line,
           last_bottom: float | None, typical_gap: float | None) -> bool:
    """Whether a line that is no row may be a text cell's wrapped line: words under text
    columns the template does not declare ``multiline`` and no others, at the rows'
    leading (see :data:`_rows`' ``wrapped``)."""
    if last_bottom is None or line.box.y0 - last_bottom > max(
            2.5 * (typical_gap or 0.0), 0.6 * line.box.height):
        return False
    used = [c for c in declared if cells[c.spec.name]]
    return bool(used) and all(c.spec.type.value_kind == "text" and not c.spec.multiline
                              for c in used)


def _tight(line: Line, last_bottom: float | None, typical_gap: float | None) -> bool:
    """Whether ``line`` is set tighter under the line above (its bottom ``last_bottom``)
    than the rows are under each other (``typical_gap``), by less than half their gap:
    the next line of a cell that wrapped ("Genetics and Molecular" / "Biology of
    Organisms"), not a heading, which a table sets apart at least as far as its rows."""
    return last_bottom is not None and bool(typical_gap) \
        and line.box.y0 - last_bottom < 0.5 * typical_gap


def _last_wrap(rows: list[Row], cells: dict[str, list[Word]], columns: list[_Column],
               line: Line, gap: float, typical_gap: float | None, seen: list[float]
               ) -> str | None:
    """Why a line of words in text cells alone (``cells``), held under the last of
    ``rows`` of a table (``gap`` under the line above it), no row following, is that row's wrapped
    text, or None. Between two rows the row below tells a wrapped line from a note; at
    the table's end the line must tell it itself, in a column it fills: the row's text
    there goes on (:func:`_goes_on_at`), or the line is in letters as tall as the row's
    (:func:`_as_tall`), starting in small letters or with a digit or in capitals as the
    row's text is ("INTEREST PAID" / "REF 613918 ON 31 MAR"), and set tight under the
    line above (:func:`_tight`) or as far under it as a wrapped line this table joined
    to its row (``seen``: within a quarter of the rows' gap, and nearer it than the rows'
    own spacing). Starting in small letters or with a digit is not enough ("3 items",
    "19% VAT included" at the rows' pitch), nor is a line set tight in smaller letters
    ("Thank you for your order") or one set tight that starts a sentence of its own
    ("Prices valid for 30 days" under "Packing tape, 48 mm"). A line to write on (a
    fill rule: "x ____________ signature") or one not starting where the row's text
    starts (:func:`_elsewhere`: "19% VAT included" at the page's margin, the rows
    indented; "signature" after a rule a scan did not read) never joins."""
    row = rows[-1]
    for c in columns:
        words = cells.get(c.key)
        prev = row.get(c.spec.name) if c.spec is not None else None
        if not words or prev is None or c.spec.type.value_kind != "text":
            continue
        if _FILL_RULE.search(_text(words)) or (prev.words and _elsewhere(words, prev.words)):
            continue
        if isinstance(prev.value, str) and _goes_on_at(prev.value):
            return f"{prev.value!r} goes on"
        if not prev.words \
                or not _as_tall(words, list(prev.words), _cells_of(rows, c.spec.name)):
            continue
        if not (_continues("", words)
                or (_text(words).isupper() and str(prev.value).isupper())):
            continue
        if _tight(line, line.box.y0 - gap, typical_gap):
            return "set tight under the line above, in letters as tall as the row's"
        if typical_gap and any(abs(gap - g) <= min(0.25 * typical_gap, abs(gap - typical_gap))
                               for g in seen):
            return ("set as far under the line above as the table's wrapped lines, in "
                    "letters as tall as the row's")
    return None


#: A line to write on ("x ____________ signature", "Date ..........."): no text of a row.
_FILL_RULE = re.compile(r"_{3,}|\.{4,}|\u2026{2,}")


def _doubt_left_under(rows: list[Row], line: Line, cells: dict[str, list[Word]],
                      columns: list[_Column], ctx: ParseContext, seen: list[float],
                      aspect: float = 1.0) -> None:
    """Weigh ``line`` (its words under ``columns``: ``cells``), the first line under the
    last of ``rows`` left out of it (no evidence of its own that it is the row's wrapped
    text, :func:`_last_wrap`, and no row under it to say so): where it may still be the
    rest of the row's text (:func:`_left_under_why`), the row's ``unread`` names it under
    that column (:data:`LEFT_UNDER`), for a reason that sends the cell to review; either
    way ``formsift explain`` says why."""
    name, why = _left_under_why(rows, line, cells, columns, ctx, seen, aspect)
    if not name:
        _note(f"{_at(line)}{_quoted(line)} under the last row is no rest of its text: {why}")
        return
    _note(f"{_at(line)}{_quoted(line)} under the last row may be the rest of its "
          f"'{name}' ({why}): the cell goes to review")
    unread = getattr(rows[-1], "unread", None)
    if unread is not None:
        unread[name + LEFT_UNDER] = f"{line.text!r} (page {line.page + 1})"


def _left_under_why(rows: list[Row], line: Line, cells: dict[str, list[Word]],
                    columns: list[_Column], ctx: ParseContext, seen: list[float],
                    aspect: float = 1.0) -> tuple[str, str]:
    """(The name of the last row's text column ``line`` may go on, why) or ("", why not),
    for a line under the last of ``rows`` that was left out of it (see
    :func:`_doubt_left_under`; ``aspect``: the page's). It may be the row's wrapped text
    where it is set as that cell's next line would be: its words under that one text
    column alone (no note running on under the next column, set across the page), which
    reads them (:func:`_refused`); no fill rule to write on (a signature line), nor a gap
    of several characters between its words (:func:`_blank_between`: "X" and "signature" on a
    scan, its rule not read), nor a colon at its end (a label awaiting its value,
    "Received by:"); in letters as tall as the row's (:func:`_as_tall`) and in capitals
    where every row's text there is ("CARD PAYMENT", not "Carried forward"); starting
    where the column's text starts (not left of every row's cell, nor further right than
    a few characters' indent); and no further under the row than the rows are apart (by
    half a line), nor, where the table's wrapped lines between rows are set closer than
    its rows (``seen``), nearer the rows' spacing than theirs and a quarter of a line
    further down than any of them (on a text layer: a recognizer's boxes shift by as
    much)."""
    row = rows[-1]
    used = [c for c in columns if cells.get(c.key)]
    if len(used) != 1 or used[0].spec is None or used[0].spec.type.value_kind != "text" \
            or used[0].spec.type.reads_image:
        return "", "its words are not under one text column of the row's"
    column = used[0]
    name, words = column.spec.name, cells[column.key]
    cell = row.get(name)
    if cell is None or not cell.words or not isinstance(cell.value, str):
        return "", f"the row has no text under {_header_name(column)}"
    refused = _refused(row, cells, [column], ctx)
    if refused is not None:
        return "", refused
    if _FILL_RULE.search(line.text) or not any(ch.isalnum() for ch in line.text):
        return "", "a line to write on (a fill rule)"
    if _blank_between(words, aspect):
        return "", "a gap of several characters between its words (a rule to write on?)"
    if words[-1].text.endswith(":"):
        return "", "it ends in a colon, a label awaiting its value"
    if not _as_tall(words, list(cell.words), _cells_of(rows, name)):
        return "", "in letters of another size than the row's"
    texts = [c.value for r in rows if (c := r.get(name)) is not None
             and isinstance(c.value, str)]
    if all(t.isupper() for t in texts) and any(ch.islower() for ch in _text(words)):
        return "", f"in small letters, where every row's text under {_header_name(column)} " \
                   f"is in capitals"
    edge = min(w.box.x0 for w in cell.words)
    if _starts_left(words, [w for r in rows if (c := r.get(name)) is not None
                            for w in (c.words or ())]):
        return "", f"it starts left of the rows' text under {_header_name(column)}"
    if _elsewhere(words, list(cell.words)):
        return "", f"it starts right of where the row's text under {_header_name(column)} does"
    beside = [w.box.x0 for r in rows for k, c in r.items() if k != name and c is not None
              for w in (c.words or ()) if w.box.x0 > edge]
    if beside and max(w.box.x1 for w in words) > min(beside):
        return "", "it runs on under the next column, set across the page"
    spans = [s for r in rows if (s := _row_span(r, line.page)) is not None]
    if _row_span(row, line.page) is None:
        return "", "the row is on another page"
    if _ruled_apart(spans[-1][1], line, words) and _a_row_label(line, words, rows, name):
        return "", ("a ruling line runs between it and the row, and it is one word like the "
                    "rows' own labels there: a blank row's printed label")
    gap = line.box.y0 - spans[-1][1]
    height = statistics.median(w.box.height for w in cell.words)
    gaps = [b[0] - a[1] for a, b in pairwise(spans) if b[0] > a[1]]
    apart = statistics.median(gaps) if gaps else height
    if gap > apart + 0.5 * height:
        return "", "set further under the row than the rows are apart"
    if seen and not any(w.recognized for w in [*words, *cell.words]) \
            and abs(gap - apart) < min(abs(gap - g) for g in seen) \
            and gap - max(seen) > 0.25 * height:
        return "", ("set as far under the row as the rows are apart, where the table's "
                    "wrapped lines are set closer")
    return name, ("set under it as its next line would be, in letters as tall as its own, "
                  "no row under it to tell")


#: Weekday names and their usual abbreviations, Monday first, per language
#: (core.locale.WEEKDAYS: each day's names, then its abbreviations) a timesheet prints its
#: days in. Documented in docs/templates.md (lines under the last row).
_WEEKDAY_NAMES: dict[str, list[tuple[str, ...]]] = {
    lang: [names + short for names, short in days] for lang, days in WEEKDAYS.items()}
_DATE_SHAPES = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%y",
                "%d.%m.%y", "%d/%m", "%d.%m.")


def _named_cycles() -> list[tuple[int, dict[str, int]]]:
    """Each language's weekday names and month names: (cycle length, name -> place)."""
    from formsift.core.locale import MONTHS

    cycles = [(7, {n: i for i, names in enumerate(days) for n in names})
              for days in _WEEKDAY_NAMES.values()]
    cycles += [(12, {n: i for i, names in enumerate(months) for n in names})
               for months in MONTHS.values() if len(months) == 12]
    return cycles


def _places(texts: list[str]) -> list[list[int]] | None:
    """Each way of reading ``texts`` as places in one known order (a language's weekdays or
    months, going round; numbers; dates, a day a step), as a list of steps between places;
    None where no order reads them all."""
    from datetime import datetime

    keys = [t.rstrip(".").casefold() for t in texts]
    ways: list[list[int]] = []
    for size, names in _named_cycles():
        if all(k in names for k in keys):
            ways.append([(names[b] - names[a]) % size for a, b in pairwise(keys)])
    if all(k.isdigit() and len(k) <= 4 for k in keys):
        ways.append([int(b) - int(a) for a, b in pairwise(keys)])
    for shape in _DATE_SHAPES:
        try:
            dates = [datetime.strptime(t, shape) for t in texts]
        except ValueError:
            continue
        ways.append([(b - a).days for a, b in pairwise(dates)])
    return ways or None


def _a_row_label(line: Line, words: list[Word], rows: list[Row], name: str) -> bool:
    """Whether ``line`` (its ``words`` under the column ``name``) is evidently a printed
    row label going on from those of ``rows`` there: one word alone on its line that is the
    next of a known order the rows' own one-word texts there follow step by step (two rows
    or more): weekday names ("Sat" under "Mon".."Fri", "Sa" under "Mo".."Fr", "sam" under
    "lun".."ven"; :data:`_WEEKDAY_NAMES`), month names (core.locale's), numbers, or dates
    a day apart. Anything else -- a description's next line ("incl. travel 40 km"), a
    one-word item whose amounts did not read ("Cable" under "Widget", "Gasket") -- is none:
    it keeps its doubt even in a ruled row of its own."""
    if len(words) != 1 or len(line.words) != 1:
        return False
    above = [c.value for r in rows if (c := r.get(name)) is not None
             and isinstance(c.value, str)]
    if len(above) < 2 or any(len(t.split()) != 1 for t in above):
        return False
    ways = _places([*above, words[0].text])
    return ways is not None and any(all(step == 1 for step in way) for way in ways)


def _ruled_apart(row_bottom: float, line: Line, words: list[Word]) -> bool:
    """Whether the page (:data:`_PAGE`) draws a horizontal ruling line between a row's
    words (down to ``row_bottom``) and ``line`` under it, across ``line``'s ``words``: the
    line is in a ruled row of its own (a timesheet's "Sat" in a row left blank), not the
    rest of the row's cell, which the same ruled cell would hold."""
    from formsift.templates.rulings import page_rulings

    page = _PAGE.get()
    if page is None:
        return False
    try:
        rulings = page_rulings(page)
    except Exception:  # no image to measure
        return False
    if not rulings:
        return False
    x0, x1 = min(w.box.x0 for w in words), max(w.box.x1 for w in words)
    cx = (x0 + x1) / 2
    return any(row_bottom < r.at_along(cx) < line.box.y0 + 0.25 * line.box.height
               and r.start <= x0 and r.end >= x1 for r in rulings.horizontal)


def _cells_of(rows: list[Row], name: str) -> list[list[Word]]:
    """The words of each of ``rows``' cells in the column ``name`` that has some."""
    return [list(c.words) for r in rows if (c := r.get(name)) is not None and c.words]


def _em(words: list[Word]) -> float:
    """The mean width of a character of ``words``."""
    return sum(w.box.width for w in words) / max(1, sum(len(w.text) for w in words))


def _starts_left(words: list[Word], cells: list[Word]) -> bool:
    """Whether a line of ``words`` starts left of where the text of ``cells`` starts, by
    more than a character: set at another margin than theirs."""
    return bool(cells) and min(w.box.x0 for w in words) \
        < min(w.box.x0 for w in cells) - _em(words)


def _blank_between(words: list[Word], aspect: float = 1.0) -> bool:
    """Whether two neighbouring ``words`` of a line stand more than three times their
    height apart (``aspect``: the page's height over its width): a blank of several
    characters, where a rule to write on was (a recognizer reads no underscores), no word
    space in a line of text, however wide a scan's spacing reads."""
    ordered = sorted(words, key=lambda w: w.box.x0)
    height = statistics.median(w.box.height for w in words) * aspect
    return any(b.box.x0 - a.box.x1 > 3 * height for a, b in pairwise(ordered))


def _elsewhere(words: list[Word], cell: list[Word]) -> bool:
    """Whether a line of ``words`` does not start where the text of ``cell`` starts: left
    of it by more than a character (:func:`_starts_left`), or right of it by more than
    three (an indent of a wrapped line's, at most)."""
    return _starts_left(words, cell) \
        or min(w.box.x0 for w in words) > min(w.box.x0 for w in cell) + 3 * _em(words)


def _row_span(row: Row, page: int) -> tuple[float, float] | None:
    """The top and bottom of ``row``'s words on ``page`` (None: none there)."""
    ys = [(w.box.y0, w.box.y1) for c in row.values() if c is not None
          for w in (c.words or ()) if w.page == page]
    return (min(a for a, _ in ys), max(b for _, b in ys)) if ys else None


#: Under this share of the mean character width of the narrowest cell of a column's, a
#: recognizer's line is in smaller print (:func:`_as_tall`): 10 pt lines in Helvetica,
#: Times and Courier under 10 pt rows, scanned at 200 dpi, read 0.90 to 1.24 of the mean
#: of a row's cell, 7 pt notes under them 0.65 to 0.83 (capitals widen a cell: "Desk lamp
#: LED" 6.1 pt a character, "Office chair ergonomic" 4.6).
NARROWER = 0.85


def _as_tall(words: list[Word], others: list[Word],
             column: list[list[Word]] | None = None) -> bool:
    """Whether ``words`` are set in letters as tall as ``others`` (their median boxes'
    heights within a fifth of each other): a smaller print is another text. A
    recognizer's word boxes are its line's, padded, their heights a fifth apart on one
    print size and 7 pt print under 10 pt only a fifth smaller: where a recognizer read
    them, their heights must be within a third of each other, and the mean width of their
    characters, which scales with the print, at least
    :data:`NARROWER` of that of the narrowest of ``column``'s cells (the cells of the
    column, row by row; ``[others]`` if not given)."""
    mine = statistics.median(w.box.height for w in words)
    theirs = statistics.median(w.box.height for w in others)
    if not any(w.recognized for w in [*words, *others]):
        return abs(mine - theirs) <= 0.2 * max(mine, theirs)
    return abs(mine - theirs) <= max(mine, theirs) / 3 \
        and _em(words) >= NARROWER * min(_em(c) for c in column or [others] if c)


def _by_layout(line: Line, cells: dict[str, list[Word]], rows: list[Row],
               columns: list[_Column], heads: list[Line], expected: bool) -> str | None:
    """What the table's layout says a line of words in text cells alone, under a row, is,
    where its section headings stand left of its rows' text (a settlement statement's
    "Payoffs" at the Description header's edge, each row's description indented under
    it): "heading" for a line that starts left of where the rows' cells start in its
    first word's column, by half a character or more, nearer where a heading the table
    passed over starts than those cells (or, with ``expected``: the table has a heading
    column, where it passed over no heading left of its rows' text, by more than a
    character, when the row above's cell does not end in a way that goes on and the line
    starts with no digit), and does not start in small letters. A line a few points left
    of the rows' text is no heading by its place alone where the table's headings stand
    elsewhere, or where nothing says the table has headings between its rows (a table
    with a stop label and no heading column): a scan's word boxes shift by that much, and
    a wrapped course title's second line ("Genetics and Molecular" / "Biology of
    Organisms") would be cut off;
    "wrap" for one that starts where that cell starts, or right of it, in a table whose
    headings (``heads``, the lines passed over as headings) start left of its rows' text
    (its wrapped description, "Title Company of Ada County", whatever its case); None
    where the layout does not tell (headings at the rows' edge, or none seen)."""
    if not line.words or not rows:
        return None
    first = line.words[0]
    column = next((c for c in columns if c.spec is not None
                   and c.spec.type.value_kind == "text"
                   and any(w is first for w in cells.get(c.key, []))), None)
    if column is None:
        return None
    cells = [cand for row in rows if (cand := row.get(column.spec.name)) is not None
             and cand.words]
    if not cells:
        return None
    edge = min(w.box.x0 for w in cells[-1].words)  # where the row above's cell starts
    left = min(w.box.x0 for cand in cells for w in cand.words)  # and the leftmost row's
    chars = sum(len(w.text) for w in line.words)
    tol = 0.5 * sum(w.box.width for w in line.words) / chars if chars else 0.0
    x0 = first.box.x0
    starts = [h.box.x0 for h in heads if h.box.x0 < left - tol]
    if left - x0 > tol:
        if _starts_small(line.words):
            return None
        if any(abs(h - x0) < left - x0 for h in starts):
            return "heading"  # where the table's headings start
        if starts:
            return None  # nearer the rows' text than where the table's headings start
        text = cells[-1].value if isinstance(cells[-1].value, str) else ""
        if expected and left - x0 > 2 * tol and not _goes_on_at(text) \
                and not first.text[:1].isdigit():
            return "heading"  # more than a character left of every row's text
        return None
    if x0 >= edge - tol and starts and all(abs(h - x0) > abs(edge - x0) for h in starts):
        return "wrap"
    return None


def _reference(text: str) -> bool:
    """Whether a cell's text is a reference printed whole on its line, which no line
    below continues in a column that is not ``multiline``: one word holding a digit
    ("INV-000503", "PO4471"), not cut where it goes on ("AB-1234-")."""
    text = text.strip()
    return bool(text) and not any(ch.isspace() for ch in text) \
        and any(ch.isdigit() for ch in text) and not _goes_on_at(text)


def _continue(row: Row, cells: dict[str, list[Word]], columns: list[_Column],
              ctx: ParseContext, wrapped: bool = False) -> None:
    """Extend the ``multiline`` cells of ``row`` by the words of a continuation line
    (with ``wrapped``: its text cells, a wrapped line between two rows)."""
    for c in columns:
        extra = cells[c.spec.name]
        if not extra or not (c.spec.multiline or wrapped):
            continue
        prev = row.get(c.spec.name)
        if not c.spec.multiline and prev is not None and isinstance(prev.value, str) \
                and _reference(prev.value):
            continue  # a note under an invoice number ("see claim"), no part of it
        words = (prev.words if prev else []) + extra
        merged = _cell(words, c.spec, ctx)
        if merged is not None and prev is not None:
            merged.raw = prev.raw + "\n" + " ".join(w.text for w in extra)
            if isinstance(merged.value, str):
                merged.value = prev.value + " " + " ".join(w.text for w in extra)
        row[c.spec.name] = merged
