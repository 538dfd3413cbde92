"""Compiled templates: what the checker and compiler produce and extraction runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formsift.core.components import Component
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, ParseContext
from formsift.grammar import ast as A


@dataclass(frozen=True)
class PageScope:
    """Which pages a region or field applies to."""

    which: str = "every"  # first | last | every | number | range
    start: int = 0
    end: int = 0

    def includes(self, index: int, count: int) -> bool:
        if self.which == "every":
            return True
        if self.which == "first":
            return index == 0
        if self.which == "last":
            return index == count - 1
        return self.start - 1 <= index <= self.end - 1

    @classmethod
    def from_ast(cls, sel: A.PageSel | None) -> PageScope:
        if sel is None:
            return cls()
        return cls(sel.which, sel.start, sel.end)


def scope_count(doc: Any) -> int:
    """The number of pages that page scopes count: trailing blank pages are left out (the
    back of a sheet scanned duplex; a page left blank but for its page number and the
    running footer the page before it has too), so ``on last page`` is the last page with
    content."""
    count = len(doc.pages)
    while count > 1 and _blank(doc.pages[count - 1], doc.pages[count - 2]):
        count -= 1
    return count


#: A page with more lines than this is no blank page (its lines are not compared).
_BLANK_LINES = 4
#: A page number ("Page 2 of 5"), masked when lines of two pages are compared.
_PAGE_NUMBER = re.compile(r"\b(?:page|seite|p\.|blatt|feuille|p[aá]gina)\s*\d{1,3}\s*"
                          r"(?:of|von|/|sur|de|di)\s*\d{1,3}\b", re.IGNORECASE)


def _blank(page: Any, before: Any) -> bool:
    """Whether ``page`` holds nothing but its page number and lines the page ``before`` it
    has word for word, page numbers aside (a running header or footer)."""
    if not page.words:
        return True
    if len(page.lines) > _BLANK_LINES:
        return False
    seen = {_furniture(ln.text) for ln in before.lines}
    return all((line := _furniture(ln.text)) == "#" or line in seen for ln in page.lines)


def _furniture(text: str) -> str:
    return _PAGE_NUMBER.sub("#", " ".join(text.split()))


@dataclass(frozen=True)
class RegionSpec:
    name: str
    pages: PageScope
    box: Box | None = None
    direction: str = ""
    label: tuple[str | A.Regex, ...] = ()
    size: tuple[float, float] | None = None


@dataclass(frozen=True)
class LocatorSpec:
    kind: str  # box | relative | after | region | pattern | search | anywhere | constant
    direction: str = ""
    label: tuple[str | A.Regex, ...] = ()
    box: Box | None = None
    region: str | None = None
    regex: A.Regex | None = None
    value: Any = None

    def describe(self) -> str:
        if self.kind == "relative":
            return f"{self.direction} {_label_text(self.label)}"
        if self.kind == "after":
            return f"after {_label_text(self.label)}"
        if self.kind == "region":
            return f"in {self.region}"
        if self.kind == "box":
            assert self.box is not None
            return "box(" + ", ".join(f"{v:.3g}" for v in self.box.as_list()) + ")"
        if self.kind == "pattern":
            assert self.regex is not None
            return f"pattern {self.regex.source()}"
        if self.kind == "search":
            assert self.regex is not None
            return f"search {self.regex.source()}"
        if self.kind == "constant":
            return f"value {self.value!r}"
        return "anywhere"


def _label_text(label: tuple[str | A.Regex, ...]) -> str:
    return " | ".join(f'"{x}"' if isinstance(x, str) else x.source() for x in label)


@dataclass
class FieldSpec:
    name: str
    type: FieldType
    type_name: str
    cardinality: str  # "" | "?" | "[]"
    locators: list[LocatorSpec]
    scope: str | None = None
    pattern: A.Regex | None = None
    pages: PageScope = field(default_factory=PageScope)
    handwritten: bool = False
    default: Any = None
    within: float | None = None
    #: For ``search``: only the layout text after the first match of ``block_from`` and
    #: before the next match of ``block_until``.
    block_from: tuple[str | A.Regex, ...] = ()
    block_until: tuple[str | A.Regex, ...] = ()
    #: sum | min | max | first | last | join: one value made of every candidate.
    combine: str | None = None
    #: For ``search``: the regex runs on each text line alone (its first match per line).
    each_line: bool = False

    @property
    def optional(self) -> bool:
        return self.cardinality == "?"

    @property
    def repeated(self) -> bool:
        return self.cardinality == "[]"


@dataclass
class ColumnSpec:
    name: str
    type: FieldType
    type_name: str
    header: tuple[str | A.Regex, ...]
    optional: bool
    multiline: bool
    handwritten: bool
    #: ``default EXPR``: computed from the row when it leaves the cell blank.
    default: A.Expr | None = None
    #: ``heading``: the section heading above the row (a header-based table's line that
    #: is no row, passed over between rows or before the first), not a header's cell.
    heading: bool = False


@dataclass
class TableSpec:
    name: str
    columns: list[ColumnSpec]
    until: tuple[str | A.Regex, ...] = ()
    start: tuple[str | A.Regex, ...] = ()
    region: str | None = None
    #: Sets of line rules: the table is read from the layout text by regexes with named
    #: groups instead of by column headers (empty: by headers).
    row_sets: list[RowRules] = field(default_factory=list)
    #: Lines under the header that are no rows (``skip_line`` in a table read by headers).
    skip: tuple[str | A.Regex, ...] = ()
    #: ``group NAME { field ... }``: no header; a row per place the first field's label
    #: is printed, each field read between it and the next (:mod:`templates.groups`).
    group: list[FieldSpec] = field(default_factory=list)


@dataclass
class RowRules:
    """One set of line rules (line, first_line, last_line, skip_line -> regexes), read in
    every block of text between ``start`` and ``until``."""

    rules: dict[str, tuple[str | A.Regex, ...]]
    start: tuple[str | A.Regex, ...] = ()
    until: tuple[str | A.Regex, ...] = ()


@dataclass
class RuleSpec:
    name: str
    severity: str  # error | warn
    expr: A.Expr
    each: str | None
    tolerance: Decimal | None
    tolerance_percent: bool
    message: str | None
    source: str
    fields: list[str]
    #: ``each page: ...``: checked on each page alone (:func:`rules.pages_of`).
    per_page: bool = False


@dataclass
class PolicySpec:
    action: str  # review | reject | accept
    expr: A.Expr
    message: str | None
    source: str


@dataclass
class MatchSpec:
    items: tuple[A.MatchItem, ...]
    threshold: float = 0.5


@dataclass
class StageSpec:
    stage: str
    components: list[Component]


@dataclass
class CompiledTemplate:
    """A checked, compiled template, ready to extract documents."""

    name: str
    title: str
    version: str
    path: str
    source_hash: str
    context: ParseContext
    match: MatchSpec | None
    stages: list[StageSpec]
    regions: dict[str, RegionSpec]
    fields: dict[str, FieldSpec]
    tables: dict[str, TableSpec]
    rules: list[RuleSpec]
    policies: list[PolicySpec]
    functions: dict[str, Any]
    #: Function name -> the validator component that provides it.
    validators: dict[str, str] = field(default_factory=dict)
    description: str = ""
    #: Steps that rewrite the layout text ``search`` locators and line-rule tables read.
    normalize: tuple[Any, ...] = ()
    #: Whether the template says how its numeric dates are written (``date_order``, or a
    #: ``locale`` but one of a country that writes both orders, en_CA); without it they
    #: are read day first.
    date_order_stated: bool = False
    #: Whether the template states its decimal mark or thousands separator (``decimal``,
    #: ``thousands``); without it, a document whose numbers show the other convention
    #: ("7.122,750" under en_GB) is read in that one (:func:`runtime.in_document_marks`).
    marks_stated: bool = False
    #: The name ``seen_before`` records and asks values under: the template's own, or the
    #: one its ``duplicates "..."`` setting shares with other templates.
    duplicates: str = ""
    #: ``fallback true``: a generic template, which classification considers only when no
    #: other template reaches its threshold (it never outranks nor ties with one).
    fallback: bool = False
    #: ``param NAME: TYPE``: values the caller gives the rules (:mod:`.params`).
    params: dict[str, Any] = field(default_factory=dict)
    #: The values bound to them for one extraction (:func:`.params.bind`).
    param_values: dict[str, Any] = field(default_factory=dict)
    #: The errors checking its file found (diagnostics): :func:`check_source` returns
    #: such a template for tools to show, and the engine refuses to run it.
    errors: tuple[Any, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def seen_namespace(self) -> str:
        """Where ``seen_before`` looks: ``duplicates "..."`` (templates that read the same
        documents, a supplier's and a generic one, share it), else the template's name."""
        return f"shared:{self.duplicates}" if self.duplicates else self.name

    def components(self) -> list[Component]:
        comps: list[Component] = [c for s in self.stages for c in s.components]
        comps += [f.type for f in self.fields.values()]
        comps += [c.type for t in self.tables.values() for c in t.columns]
        return comps

    def functions_called(self) -> list[str]:
        """The functions the rules and policies call, in order of first use."""
        exprs = [*(r.expr for r in self.rules), *(p.expr for p in self.policies)]
        return list(dict.fromkeys(n.name.text for e in exprs for n in A.walk(e)
                                  if isinstance(n, A.FuncCall)))


@dataclass(frozen=True)
class PacketDocSpec:
    role: str  # the name rules use: form, id, address
    template: str
    optional: bool
    #: A repeated role (``payslip_uk[2..3]``, ``payslip_uk[]``): how many documents it
    #: takes at least and at most (None: no limit); its rules read them one by one.
    at_least: int = 1
    at_most: int | None = 1
    repeated: bool = False

    @property
    def need(self) -> int:
        """How many documents of its template the role needs (0: optional)."""
        return 0 if self.optional else self.at_least


@dataclass
class CompiledPacket:
    """A checked packet template: the documents a packet holds and the rules across them."""

    name: str
    title: str
    version: str
    path: str
    source_hash: str
    documents: list[PacketDocSpec]
    rules: list[RuleSpec]
    policies: list[PolicySpec]
    functions: dict[str, Any]
    #: "role.table.column" of the documents' optional columns (see Scope.optional_columns)
    optional_columns: set[str] = field(default_factory=set)
    #: ``param NAME: TYPE`` of the packet's own rules, and their values (as a template's).
    params: dict[str, Any] = field(default_factory=dict)
    param_values: dict[str, Any] = field(default_factory=dict)

    def role_of(self, template: str) -> list[str]:
        return [d.role for d in self.documents if d.template == template]
