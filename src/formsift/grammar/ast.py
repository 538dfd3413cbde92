"""The typed syntax tree of a template, every node with its source span."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple


class Span(NamedTuple):
    """Where a piece of a template was written (1-based line and column; 0 when
    unknown). A named tuple: a parsed template holds hundreds, and cached parse results
    load several times faster than with a dataclass."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, meta: Any) -> Span:
        if meta is None or getattr(meta, "empty", True):
            return cls(0, 0, 0, 0)
        return cls(meta.line, meta.column, meta.end_line, meta.end_column)

    @classmethod
    def of_token(cls, tok: Any) -> Span:
        return cls(tok.line, tok.column, tok.end_line or tok.line,
                   tok.end_column or tok.column + len(tok))


NOSPAN = Span(0, 0, 0, 0)


@dataclass(frozen=True)
class Name:
    """An identifier with where it was written."""

    text: str
    span: Span


@dataclass(frozen=True)
class Regex:
    pattern: str
    flags: str
    span: Span

    def source(self) -> str:
        return f"/{self.pattern}/{self.flags}"


@dataclass(frozen=True)
class Literal:
    """A string, number (Decimal), regex, bool or list written in a template."""

    value: Any
    span: Span


@dataclass(frozen=True)
class Label:
    """Alternatives of a label: strings matched tolerantly or regexes."""

    options: tuple[str | Regex, ...]
    span: Span


@dataclass(frozen=True)
class Coord:
    value: Decimal
    percent: bool
    span: Span

    @property
    def fraction(self) -> float:
        return float(self.value / 100) if self.percent else float(self.value)


@dataclass(frozen=True)
class PageSel:
    which: str  # first | last | every | number | range
    start: int = 0
    end: int = 0
    span: Span = NOSPAN


@dataclass(frozen=True)
class Setting:
    key: str
    value: Literal
    span: Span


@dataclass(frozen=True)
class MatchTest:
    pattern: str | Regex
    weight: Decimal
    span: Span


@dataclass(frozen=True)
class MatchNot:
    item: MatchItem
    span: Span


@dataclass(frozen=True)
class MatchGroup:
    mode: str  # any | all
    items: tuple[MatchItem, ...]
    span: Span


MatchItem = MatchTest | MatchNot | MatchGroup


@dataclass(frozen=True)
class MatchBlock:
    items: tuple[MatchItem, ...]
    threshold: Decimal | None
    span: Span


@dataclass(frozen=True)
class Arg:
    name: Name | None  # None for a positional argument
    value: Literal
    span: Span


@dataclass(frozen=True)
class Call:
    """A component or field type with arguments: ``denoise(strength=3)``."""

    name: Name
    args: tuple[Arg, ...]
    span: Span


@dataclass(frozen=True)
class Stage:
    stage: str  # preprocess | segment | recognize
    calls: tuple[Call, ...]
    span: Span


@dataclass(frozen=True)
class BoxArea:
    coords: tuple[Coord, Coord, Coord, Coord]
    span: Span


@dataclass(frozen=True)
class AnchorArea:
    direction: str  # right of | left of | below | above
    label: Label
    size: tuple[Coord, Coord] | None
    span: Span


@dataclass(frozen=True)
class Region:
    name: Name
    area: BoxArea | AnchorArea
    pages: PageSel | None
    span: Span


@dataclass(frozen=True)
class TypeRef:
    call: Call
    cardinality: str  # "" | "?" | "[]"
    span: Span


@dataclass(frozen=True)
class Locator:
    """One way to find a field: at box, relative to a label, after, in region, pattern..."""

    kind: str  # box | relative | after | region | pattern | search | anywhere | constant
    span: Span
    direction: str = ""
    label: Label | None = None
    box: BoxArea | None = None
    region: Name | None = None
    regex: Regex | None = None
    value: Literal | None = None


@dataclass(frozen=True)
class Modifier:
    kind: str  # scope | pattern | pages | handwritten | default | within | from | until
    #            | combine | each_line
    span: Span
    region: Name | None = None
    regex: Regex | None = None
    pages: PageSel | None = None
    value: Literal | None = None
    coord: Coord | None = None
    label: Label | None = None
    name: Name | None = None


@dataclass(frozen=True)
class FieldDecl:
    name: Name
    type: TypeRef
    locators: tuple[Locator, ...]
    modifiers: tuple[Modifier, ...]
    span: Span


@dataclass(frozen=True)
class Column:
    name: Name
    type: TypeRef
    header: Label | None
    multiline: bool
    handwritten: bool
    span: Span
    #: ``default EXPR``: the value of a cell its row leaves blank, from the row's cells.
    default: Expr | None = None
    #: ``heading``: the cell is the section heading printed above the row, no header's.
    heading: bool = False


@dataclass(frozen=True)
class TableDecl:
    name: Name
    columns: tuple[Column, ...]
    until: Label | None
    start: Label | None
    region: Name | None
    span: Span
    #: Line rules of a table read from the layout text: (kind, label) with kind one of
    #: line, first_line, last_line, skip_line, in source order.
    rows: tuple[tuple[str, Label], ...] = ()
    #: Further sets of line rules, each with its own from/until (``block { ... }``).
    blocks: tuple[RowBlock, ...] = ()


@dataclass(frozen=True)
class GroupDecl:
    """``group NAME { field ... }``: a block of labelled fields printed again and again
    down a page, read as a list of records (one per place its first field's label is)."""

    name: Name
    fields: tuple[FieldDecl, ...]
    span: Span


@dataclass(frozen=True)
class RowBlock:
    rows: tuple[tuple[str, Label], ...]
    start: Label | None
    until: Label | None
    span: Span


# ---------------------------------------------------------------- expressions
@dataclass(frozen=True)
class Num:
    value: Decimal
    span: Span


@dataclass(frozen=True)
class Str:
    value: str
    span: Span


@dataclass(frozen=True)
class RegexLit:
    regex: Regex
    span: Span


@dataclass(frozen=True)
class Bool:
    value: bool
    span: Span


@dataclass(frozen=True)
class Ref:
    """``total``, ``items.amount``, or in packet rules ``id.mrz.birth_date`` (a document's
    record field's attribute: ``part``)."""

    name: Name
    attr: Name | None
    span: Span
    part: Name | None = None

    @property
    def dotted(self) -> str:
        return (self.name.text + (f".{self.attr.text}" if self.attr else "")
                + (f".{self.part.text}" if self.part else ""))


@dataclass(frozen=True)
class FuncCall:
    name: Name
    args: tuple[Expr, ...]
    span: Span
    #: ``sum(entries.hours where entries.tk == tk)``: the condition a row of the
    #: aggregated table must meet (its cells named ``entries.tk``) to be counted.
    where: Expr | None = None


@dataclass(frozen=True)
class Unary:
    op: str  # - | not
    operand: Expr
    span: Span


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / == != < <= > >= and or in "not in"
    left: Expr
    right: Expr
    span: Span


class _Unbound:
    def __repr__(self) -> str:
        return "UNBOUND"

    def __reduce__(self) -> str:
        return "UNBOUND"  # one object, in a pickled (cached) template too


#: What a :class:`Param` holds until the caller's value is bound to it.
UNBOUND = _Unbound()


@dataclass(frozen=True)
class Param:
    """``param.NAME`` in a rule: a value the caller gives at extraction time. ``value`` is
    :data:`UNBOUND` in a compiled template; :func:`formsift.templates.params.bind` gives
    each its value for one extraction."""

    name: Name
    span: Span
    value: Any = UNBOUND

    @property
    def dotted(self) -> str:
        return f"param.{self.name.text}"


Expr = Num | Str | RegexLit | Bool | Ref | FuncCall | Unary | Binary | Param


def walk(e: Expr) -> Iterator[Expr]:
    """``e`` and every expression inside it, parents before their parts."""
    yield e
    if isinstance(e, FuncCall):
        for a in e.args:
            yield from walk(a)
        if e.where is not None:
            yield from walk(e.where)
    elif isinstance(e, Unary):
        yield from walk(e.operand)
    elif isinstance(e, Binary):
        yield from walk(e.left)
        yield from walk(e.right)


@dataclass(frozen=True)
class MapDecl:
    """``map approved_rate { "JS": 650.00, "MR": 450.00 }``: constant values by key, which
    rules read as ``approved_rate(tk)``."""

    name: Name
    entries: tuple[tuple[Literal, Literal], ...]
    span: Span


@dataclass(frozen=True)
class ParamDecl:
    """``param applicant: text``, ``param open_pos: text[]``, ``param currency: text =
    "EUR"``: a value the caller gives at extraction time, read in rules as
    ``param.NAME``; one with a default need not be given."""

    name: Name
    type: TypeRef
    default: Literal | None
    span: Span


@dataclass(frozen=True)
class Tolerance:
    value: Decimal
    percent: bool
    span: Span


@dataclass(frozen=True)
class RuleDecl:
    severity: str  # error | warn
    name: Name
    expr: Expr
    each: Name | None
    tolerance: Tolerance | None
    message: str | None
    span: Span
    #: In a packet rule ``each inv.items: ...``: the document (``inv``) whose table
    #: ``each`` names.
    each_role: Name | None = None
    #: ``each page: ...``: the rule holds on each page alone, its tables' rows and its
    #: repeated fields' values those of the page (``previous(cf)``: the page before's).
    each_page: bool = False

    @property
    def each_dotted(self) -> str | None:
        """What ``each`` names as written: ``items``, or ``inv.items`` in a packet."""
        if self.each is None:
            return None
        return f"{self.each_role.text}.{self.each.text}" if self.each_role else self.each.text


@dataclass(frozen=True)
class PolicyDecl:
    action: str  # review | reject | accept
    expr: Expr
    message: str | None
    span: Span


@dataclass(frozen=True)
class NormStep:
    """One step of a ``normalize`` block: a flag, or ``replace /re/ "text"``."""

    name: Name
    regex: Regex | None = None
    replacement: str = ""
    span: Span = NOSPAN


@dataclass(frozen=True)
class NormalizeBlock:
    steps: tuple[NormStep, ...]
    span: Span


@dataclass
class TemplateDecl:
    name: Name
    span: Span
    settings: list[Setting] = field(default_factory=list)
    match: MatchBlock | None = None
    stages: list[Stage] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    fields: list[FieldDecl] = field(default_factory=list)
    tables: list[TableDecl] = field(default_factory=list)
    groups: list[GroupDecl] = field(default_factory=list)
    maps: list[MapDecl] = field(default_factory=list)
    params: list[ParamDecl] = field(default_factory=list)
    rules: list[RuleDecl] = field(default_factory=list)
    policies: list[PolicyDecl] = field(default_factory=list)
    normalize: list[NormStep] = field(default_factory=list)
    #: Every item in source order (the formatter prints them in this order).
    items: list[Any] = field(default_factory=list)

    def setting(self, key: str) -> Literal | None:
        for s in self.settings:
            if s.key == key:
                return s.value
        return None


@dataclass(frozen=True)
class DocumentDecl:
    """``document id: id_card`` in a packet: a role, the template that reads it, and
    whether the packet may lack it (``id_card?``)."""

    name: Name
    template: Name
    optional: bool
    span: Span
    #: A repeated role (``payslip_uk[]``, ``payslip_uk[2..3]``): how many documents it
    #: takes at least and at most (None: no limit); None for a role of one document.
    count: tuple[int, int | None] | None = None


@dataclass
class PacketDecl:
    """``packet kyc { document form: kyc_form ... rule same_name: form.surname == ... }``"""

    name: Name
    span: Span
    settings: list[Setting] = field(default_factory=list)
    documents: list[DocumentDecl] = field(default_factory=list)
    params: list[ParamDecl] = field(default_factory=list)
    rules: list[RuleDecl] = field(default_factory=list)
    policies: list[PolicyDecl] = field(default_factory=list)
    #: Every item in source order (the formatter prints them in this order).
    items: list[Any] = field(default_factory=list)

    setting = TemplateDecl.setting


@dataclass
class TemplateFile:
    path: str
    source: str
    templates: list[TemplateDecl]
    comments: list[tuple[int, str]] = field(default_factory=list)
    packets: list[PacketDecl] = field(default_factory=list)

    @property
    def definitions(self) -> list[TemplateDecl | PacketDecl]:
        """Templates and packets in the order they are written."""
        return sorted([*self.templates, *self.packets], key=lambda d: d.span.line)
