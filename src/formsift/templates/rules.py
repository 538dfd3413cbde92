"""Rule expressions: type checking before any document is read, and Decimal evaluation.

Value kinds: ``number`` and ``money`` (both Decimal), ``date``, ``time`` (a time of day),
``text``, ``bool``, and ``list:KIND`` for a table column (``items.amount``). Type errors
such as comparing a date with money or summing text are reported by :func:`typecheck` with
the expression's span. A text literal that reads as a date ("2026-01-04") is a date where
a date is expected: beside a date in a comparison or in ``+``/``-``, and as a function's
date argument; "09:00" likewise a time of day.

In packet rules a document's table is named with its role: ``inv.items`` (``count``,
``each inv.items: ...``) and its columns ``inv.items.qty``; the type environment and the
scope file such tables under that dotted name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from formsift.core.contracts import kind_problem
from formsift.core.kinds import Function
from formsift.grammar import ast as A
from formsift.grammar.diagnostics import DiagnosticSink
from formsift.util.safe_regex import compile_pattern
from formsift.util.suggest import did_you_mean

NUMERIC = {"number", "money"}
AGGREGATES = {"sum", "count", "min", "max", "avg", "first", "last", "count_true"}
#: ``count_true(a, b, c)``: how many of the true/false values are true (checkboxes of a
#: group: ``count_true(a, b, c) == 1``, exactly one ticked); also over a column.
COUNT_TRUE = "count_true"
_COUNT_TRUE_USAGE = ("count_true() counts true/false values, such as checkboxes: "
                     "count_true(a, b, c) == 1, or a column, count_true(items.selected)")
#: The duplicates check, which also takes several values as one key.
SEEN_BEFORE = "seen_before"
#: ``last_seen(series..., field)``: the field's value as the latest earlier document of
#: the series carried it (:mod:`formsift.templates.series`).
LAST_SEEN = "last_seen"
#: ``previous(column)`` in an ``each`` rule: the column's value in the row before.
PREVIOUS = "previous"
#: ``lookup(key, table.keycol, table.valuecol)``: the value in the first row whose key
#: equals (in packets: ``lookup(article, dn.items.article, dn.items.qty_delivered)``).
LOOKUP = "lookup"
_LOOKUP_USAGE = ("lookup() takes a key and two columns of one table: "
                 "lookup(article, dn.items.article, dn.items.qty_delivered)")
SPECIAL = {"missing", "present", "confidence", "failed", "passed"}
#: The hint of ``matches(x, /^\d+$/)`` over a number: a number is tested as a number.
WHOLE_NUMBER_HINT = ("a number is no text to match: to test that it is whole, write "
                     "round(x, 0) == x (19.5 is not, 20 is)")
#: The hint of ``<``, ``<=``, ``>``, ``>=`` between two texts ("11596" >= "115870" holds).
TEXT_ORDER_HINT = ("to compare numbers, type them as numbers: digits keeps leading zeros "
                   "({name}: digits), int does not; texts compare with == and !=")
#: Aggregates that take ``where``: ``sum(entries.hours where entries.tk == tk)`` adds up
#: the cells of the rows that meet the condition, ``count(items where items.qty > 10)``
#: counts them.
_WHERE_USAGE = ("'where' picks the rows of the table an aggregate reads: "
                "sum(entries.hours where entries.tk == tk), count(items where items.qty > 10)")
#: The row table of an ``each page:`` rule's type environment and scope: one "row" per
#: page, its cells the repeated fields' values found on that page.
PAGE_ROWS = "\0page"


class NoPreviousRow(Exception):
    """``previous(...)`` on a table's first row: the row has nothing to compare with."""


class MissingValue(Exception):
    """A rule refers to a value that was not extracted; the rule cannot be evaluated.

    ``name`` says what is missing, in words; ``ref`` is the name as the template writes it
    (``iban``, ``mrz.surname``, ``items.amount`` for cells of a column).
    """

    def __init__(self, name: str, ref: str | None = None) -> None:
        super().__init__(name)
        self.name = name
        self.ref = ref or name


#: A map's answer for a key it does not have (None is a value a map may give).
_NO_KEY = object()


class RuleEvalError(Exception):
    """A rule could not be computed (division by zero, a regex timeout, ...)."""


class NoMatchingRow(RuleEvalError):
    """``lookup(...)`` found no row with the key: the rule (or the row of an ``each`` rule)
    is not evaluated, and that is a reason of its own, never a silent pass."""


@dataclass(frozen=True)
class MapLookup(Function):
    """A template's ``map NAME { KEY: VALUE ... }`` (a rate card), called in rules as
    ``NAME(key)``: the value for the key, compared as ``==`` compares (texts ignoring case
    and the spaces around them). A key the map does not have is :class:`NoMatchingRow`:
    the rule, or the row of an ``each`` rule, is not evaluated, with a reason naming the
    key, never a failure of the comparison (a timekeeper not on the rate card is not one
    billed above their rate)."""

    keys: tuple[Any, ...] = ()


def map_function(name: str, entries: list[tuple[Any, Any]], key_kind: str,
                 value_kind: str) -> MapLookup:
    """The rule function of a template's map ``name``."""
    table: dict[Any, list[tuple[Any, Any]]] = {}
    for k, v in entries:
        table.setdefault(key_bucket(k), []).append((_num(k), _num(v)))

    def look_up(key: Any) -> Any:
        entry = _key_match(table.get(_bucket(key), ()), key, lambda e: e[0])
        if entry is None:
            raise NoMatchingRow(f"map {name} has no key {_shown(key)}")
        return entry[1]

    return MapLookup(name, (key_kind,), value_kind, look_up, f"map {name}",
                     keys=tuple(k for k, _ in entries))


@dataclass
class TypeEnv:
    fields: dict[str, str]
    tables: dict[str, dict[str, str]]
    rules: set[str]
    functions: dict[str, Any]  # name -> formsift.core.kinds.Function
    row_table: str | None = None
    #: Names whose value is a record with typed attributes, read as ``name.attr``: fields
    #: of a record type (``mrz.surname``) and, in packet rules, documents (``id.surname``).
    records: dict[str, dict[str, str]] = field(default_factory=dict)
    #: In packet rules: document -> record field -> its attributes (``id.mrz.surname``).
    parts: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    #: Whether these are a packet's rules (tables are then named role.table).
    packet: bool = False
    #: The parameters the rules may read (``param.NAME``) -> value kind (``list:text``
    #: for ``text[]``); None where none may be read (a column's default).
    params: dict[str, str] | None = None


def show_kind(kind: str) -> str:
    if kind.startswith("list:"):
        return f"a list of {kind[5:]}"
    return {"number": "a number", "money": "money", "date": "a date", "text": "text",
            "time": "a time of day",
            "bool": "a true/false value", "any": "a value",
            "record": "a record (name one of its fields, e.g. mrz.surname)"}.get(kind, kind)


def typecheck(expr: A.Expr, env: TypeEnv, sink: DiagnosticSink) -> str:
    """The kind of ``expr``; reports every error found into ``sink`` ('any' after an error)."""
    return _Checker(env, sink).check(expr)


class _Checker:
    def __init__(self, env: TypeEnv, sink: DiagnosticSink) -> None:
        self.env = env
        self.sink = sink
        #: The table whose rows a ``where`` condition being checked picks: its cells are
        #: one value each there (``entries.tk``), not a column.
        self.picking: str | None = None
        self.picked_cells = 0

    def err(self, node: Any, msg: str, hint: str | None = None) -> str:
        self.sink.error(node.span, msg, hint, code="type")
        return "any"

    def check(self, e: A.Expr) -> str:
        if isinstance(e, A.Num):
            return "number"
        if isinstance(e, A.Str):
            return "text"
        if isinstance(e, A.Bool):
            return "bool"
        if isinstance(e, A.RegexLit):
            return "regex"
        if isinstance(e, A.Ref):
            return self.ref(e)
        if isinstance(e, A.Param):
            return self.param(e)
        if isinstance(e, A.Unary):
            k = self.check(e.operand)
            if e.op == "not":
                return "bool" if k in ("bool", "any") else self.err(
                    e, f"'not' needs a true/false value, not {show_kind(k)}")
            return k if k in NUMERIC | {"any"} else self.err(
                e, f"cannot negate {show_kind(k)}")
        if isinstance(e, A.Binary):
            return self.binary(e)
        return self.call(e)

    def param(self, e: A.Param) -> str:
        """The kind of ``param.NAME``: the declared parameter's."""
        params = self.env.params
        name = e.name.text
        if params is None:
            return self.err(e, f"'{e.dotted}': a column's default is computed from its row's "
                               f"cells, not from parameters")
        if name not in params:
            hint = did_you_mean(name, params)
            clash = "param" in self.env.tables or "param" in self.env.fields
            return self.err(e.name, f"unknown parameter '{name}'",
                            "'param.NAME' reads a parameter: rename the field or table "
                            "'param'" if clash else
                            f"did you mean 'param.{hint}'?" if hint else
                            f"declare it: param {name}: text (or the type its value has); "
                            f"the caller gives it: params={{\"{name}\": ...}}, "
                            f"--param {name}=...")
        return params[name]

    def ref(self, e: A.Ref) -> str:
        env = self.env
        name = e.name.text
        if self.picking is not None and e.attr is not None \
                and _column_table(e) == self.picking:  # a cell of the row 'where' picks
            cols = env.tables.get(self.picking, {})
            col = (e.part or e.attr).text
            self.picked_cells += 1  # (a column it has not is reported below)
            if col in cols:
                return cols[col]
        if e.attr is None:
            if env.row_table and name in env.tables.get(env.row_table, {}):
                return env.tables[env.row_table][name]
            if name in env.fields:
                return env.fields[name]
            if name in env.tables:
                return self.err(e, f"'{name}' is a table; name a column, e.g. '{name}."
                                   f"{next(iter(env.tables[name]), 'column')}'")
            if name in env.records:  # a packet's document, named alone (a template's
                # record fields are fields)
                attrs = env.records[name]
                return self.err(e, f"'{name}' is a document; name one of its fields, e.g. "
                                   f"'{name}.{next(iter(attrs), 'field')}'")
            if self.picking is not None and name in env.tables.get(self.picking, {}):
                return self.err(e.name, f"unknown field '{name}'",
                                f"in 'where', name the cells of the rows it picks with "
                                f"their table: {self.picking}.{name}")
            maps = self.maps()
            if name in maps:
                return self.err(e, f"'{name}' is a map; look a key up in it: {name}(key)",
                                f"e.g. {name}({_example_key(maps[name])})")
            known = list(env.fields) + (list(env.tables.get(env.row_table, {}))
                                        if env.row_table else [])
            hint = did_you_mean(name, known)
            return self.err(e.name, f"unknown field '{name}'",
                            f"did you mean '{hint}'?" if hint else self.roles_with(name))
        if name in env.records and not env.records[name] and name not in env.parts:
            return "any"  # a packet document of an unknown template: reported already
        if e.part is not None and name not in env.parts:
            return self.err(e.part, f"'{e.dotted}' has three parts; only packet rules read "
                                    f"a document's record field that way "
                                    f"(id.mrz.birth_date)",
                            f"write '{name}.{e.attr.text}'")
        if name in env.records:
            attrs = env.records[name]
            table = f"{name}.{e.attr.text}"
            if e.attr.text not in attrs and table in env.tables:  # a packet document's table
                return self.column(e, table, e.part)
            if e.attr.text not in attrs:
                tables = [t.partition(".")[2] for t in env.tables
                          if t.partition(".")[0] == name]
                hint = did_you_mean(e.attr.text, [*attrs, *tables])
                return self.err(e.attr, f"'{name}' has no field "
                                        f"{'or table ' if tables else ''}'{e.attr.text}'",
                                f"did you mean '{hint}'?" if hint else
                                "fields: " + ", ".join(attrs)
                                + ("; tables: " + ", ".join(tables) if tables else ""))
            if e.part is not None:
                return self.part(e, env.parts.get(name, {}).get(e.attr.text))
            return attrs[e.attr.text]
        if name not in env.tables:
            hint = did_you_mean(name, [*env.tables, *env.records])
            return self.err(e.name, f"unknown table '{name}'" if env.tables or not
                            env.records else f"unknown name '{name}'",
                            f"did you mean '{hint}'?" if hint else None)
        cols = env.tables[name]
        col = e.attr.text
        if col not in cols:
            hint = did_you_mean(col, cols)
            return self.err(e.attr, f"table '{name}' has no column '{col}'",
                            f"did you mean '{hint}'?" if hint else
                            "columns: " + ", ".join(cols))
        return "list:" + cols[col]

    def column(self, e: A.Ref, table: str, col: A.Name | None) -> str:
        """The kind of a packet document's table column, ``inv.items.qty``."""
        cols = self.env.tables[table]
        if col is None:
            return self.err(e, f"'{table}' is a table; name a column, e.g. '{table}."
                               f"{next(iter(cols), 'column')}', or count its rows: "
                               f"count({table})")
        if col.text not in cols:
            hint = did_you_mean(col.text, cols)
            return self.err(col, f"table '{table}' has no column '{col.text}'",
                            f"did you mean '{hint}'?" if hint else
                            "columns: " + ", ".join(cols))
        return "list:" + cols[col.text]

    def roles_with(self, name: str) -> str | None:
        """In a packet rule, a bare field name: the documents that have it (``po.po_no``)."""
        if not self.env.packet:
            return None
        roles = [f"{r}.{name}" for r, attrs in self.env.records.items() if name in attrs]
        roles += [f"{t}.{name}" for t, cols in self.env.tables.items()
                  if "." in t and name in cols and t != self.env.row_table]
        if not roles:
            return None
        if len(roles) == 1:
            return f"packet rules name the document: did you mean '{roles[0]}'?"
        return "packet rules name the document: " + " or ".join(f"'{r}'" for r in roles[:4])

    def part(self, e: A.Ref, attrs: dict[str, str] | None) -> str:
        """The kind of ``role.field.attribute`` in a packet rule."""
        assert e.attr is not None and e.part is not None
        where = f"{e.name.text}.{e.attr.text}"
        if not attrs:
            return self.err(e.part, f"'{where}' is no record: it has no parts",
                            f"write '{where}'")
        if e.part.text not in attrs:
            hint = did_you_mean(e.part.text, attrs)
            return self.err(e.part, f"'{where}' has no part '{e.part.text}'",
                            f"did you mean '{hint}'?" if hint else
                            "parts: " + ", ".join(attrs))
        return attrs[e.part.text]

    def binary(self, e: A.Binary) -> str:
        if e.op in ("and", "or"):
            for side in (e.left, e.right):
                k = self.check(side)
                if k not in ("bool", "any"):
                    self.err(side, f"'{e.op}' needs true/false values on both sides, "
                                   f"not {show_kind(k)}")
            return "bool"
        left = self.check(e.left)
        right = self.check(e.right)
        if e.op in MEMBERSHIP:
            return self.member(e, left, right)
        if e.op in _COMPARISONS and {left, right} in ({"date", "text"}, {"time", "text"}):
            return self.date_literal(e, e.right if right == "text" else e.left,
                                     left if right == "text" else right)
        if e.op in ("+", "-"):  # "2026-01-04" + 7, week_ending - "2026-01-04"
            left, right = _date_literals(e, left, right)
        if "any" in (left, right):
            return "bool" if e.op in ("==", "!=", "<", "<=", ">", ">=") else "any"
        if left.startswith("list:") or right.startswith("list:"):
            side = e.left if left.startswith("list:") else e.right
            table = _column_table(side)
            hint = None
            if table is not None and (self.env.row_table or self.env.packet):
                hint = (f"the value in the row with a given key: lookup(key, "
                        f"{table}.key_column, {side.dotted})")  # type: ignore[union-attr]
            return self.err(e, f"'{e.op}' cannot take a whole column; use an aggregate "
                               f"such as sum(...) or an 'each' rule", hint)
        if e.op in ("==", "!="):
            if left == right or {left, right} <= NUMERIC:
                return "bool"
            return self.err(e, f"cannot compare {show_kind(left)} with {show_kind(right)}")
        if e.op in ("<", "<=", ">", ">="):
            if {left, right} <= NUMERIC or (left == right and left in ("date", "time")):
                return "bool"
            if left == right == "text":  # letter by letter: "11596" >= "115870" holds
                name = next((x.dotted for x in (e.left, e.right) if isinstance(x, A.Ref)), "x")
                hint = TEXT_ORDER_HINT.format(name=name.rpartition(".")[2])
                return self.err(e, f"cannot order text: '{e.op}' would compare it letter by "
                                   f"letter", hint)
            return self.err(e, f"cannot order {show_kind(left)} against {show_kind(right)}")
        return self.arith(e, left, right)

    def member(self, e: A.Binary, item: str, within: str) -> str:
        """``po_no in param.open_pos``, ``article not in items.article``: one value looked
        for in a list (a list parameter, a table's column)."""
        if within == "any" or (item == "any" and within.startswith("list:")):
            return "bool"
        if not within.startswith("list:"):
            return self.err(e.right, f"'{e.op}' looks in a list, not in {show_kind(within)}",
                            _MEMBER_USAGE)
        if item.startswith("list:"):
            return self.err(e.left, f"'{e.op}' looks for one value, not {show_kind(item)}",
                            "in an 'each' rule name the row's column alone: "
                            "each items: po_no in param.open_pos")
        inner = within[5:]
        if kind_fits(item, inner) or (item == "text" and _literal_kind(e.left, inner)):
            return "bool"
        return self.err(e, f"cannot look for {show_kind(item)} in {show_kind(within)}")

    def date_literal(self, e: A.Binary, side: A.Expr, kind: str = "date") -> str:
        """A date (or a time of day) compared with text: fine when the text is a literal
        date (time)."""
        if _literal_kind(side, kind):
            return "bool"
        example = '"2024-03-31"' if kind == "date" else '"09:00" (24-hour clock)'
        return self.err(e, f"cannot compare {show_kind(kind)} with text",
                        f"write {'a date' if kind == 'date' else 'a time'} as {example}"
                        if isinstance(side, A.Str) else None)

    def arith(self, e: A.Binary, left: str, right: str) -> str:
        op = e.op
        if op == "/" and _is_zero(e.right):
            return self.err(e.right, "division by zero")
        if left in NUMERIC and right in NUMERIC:
            if op in ("+", "-"):
                return "money" if "money" in (left, right) else "number"
            if op == "*":
                if left == right == "money":
                    return self.err(e, "cannot multiply money by money")
                return "money" if "money" in (left, right) else "number"
            if left == right == "money":
                return "number"  # a ratio
            if right == "money":
                return self.err(e, "cannot divide a number by money")
            return left
        if left == "date" and right == "date" and op == "-":
            return "number"  # days between
        if left == "date" and right in NUMERIC and op in ("+", "-"):
            return "date"
        if left == right == "text" and op == "+":
            return "text"
        hint = ("to count ticked checkboxes write count_true(a, b, c)"
                if op == "+" and "bool" in (left, right) else None)
        if "time" in (left, right):
            hint = ("for the time between two times of day write hours_between(start, end) "
                    "or minutes_between(start, end), numbers (an end before the start is on "
                    "the next day); e.g. hours_between(start, end) - brk / 60 == hours; for "
                    "times on dates of their own, elapsed_hours(start_date, start_time, "
                    "end_date, end_time)")
        return self.err(e, f"cannot apply '{op}' to {show_kind(left)} and {show_kind(right)}",
                        hint)

    def maps(self) -> dict[str, MapLookup]:
        return {n: f for n, f in self.env.functions.items() if isinstance(f, MapLookup)}

    def call(self, e: A.FuncCall) -> str:
        name = e.name.text
        args = e.args
        if e.where is not None:
            return self.where(e)
        if name in ("present", "missing") and len(args) == 1 \
                and isinstance(args[0], A.FuncCall) \
                and (args[0].name.text in self.maps()
                     or args[0].name.text in (LOOKUP, LAST_SEEN)):
            self.check(args[0])  # present(approved_rate(tk)): whether the map has the key
            return "bool"
        if name in SPECIAL:
            if len(args) != 1 or not isinstance(args[0], A.Ref):
                if name in ("present", "missing") and self.maps():
                    return self.err(e, f"{name}() takes one name, or a map's look-up: "
                                       f"{name}({next(iter(self.maps()))}(key))")
                return self.err(e, f"{name}() takes one name")
            target = args[0]
            if name in ("failed", "passed"):
                if target.name.text not in self.env.rules or target.attr:
                    hint = did_you_mean(target.name.text, self.env.rules)
                    return self.err(target, f"unknown rule '{target.dotted}'",
                                    f"did you mean '{hint}'?" if hint else None)
                return "bool"
            if _table_ref((target,), self.env.tables):  # present(items), in a packet
                return "number" if name == "confidence" else "bool"  # present(inv.items)
            self.ref(target)
            return "number" if name == "confidence" else "bool"
        if name == PREVIOUS:
            env = self.env
            if len(args) != 1 or not isinstance(args[0], A.Ref) or args[0].attr is not None \
                    or not env.row_table \
                    or args[0].name.text not in env.tables.get(env.row_table, {}):
                if env.row_table == PAGE_ROWS:
                    return self.err(e, "previous() in an 'each page' rule takes a repeated "
                                       "field (name[]): its value on the page before "
                                       "(each page: bf == previous(cf))")
                return self.err(e, "previous() takes a column of the table of an 'each' rule "
                                   "(each tx: balance == previous(balance) + amount)")
            return env.tables[env.row_table][args[0].name.text]
        if name == "count" and _table_ref(args, self.env.tables):
            return "number"  # count(items): the table's rows
        if name == LOOKUP:
            return self.lookup(e)
        kinds = [self.check(a) for a in args]
        if name in AGGREGATES:
            return self.aggregate(e, name, kinds)
        fn = self.env.functions.get(name)
        if fn is None:
            hint = did_you_mean(name, [*self.env.functions, *AGGREGATES, *SPECIAL,
                                       PREVIOUS, LOOKUP])
            return self.err(e.name, f"unknown function '{name}'",
                            f"did you mean '{hint}'?" if hint else
                            "a function of a plugin that is not installed? load its module "
                            "with --plugin MODULE (formsift plugins lists the validators)")
        if name == LAST_SEEN:  # last_seen(project_no, earned_less_ret)
            from formsift.templates.series import check_call

            return check_call(self, e, kinds)
        if name == SEEN_BEFORE and len(kinds) > 1:
            # seen_before(seller, invoice_date, total): one key made of several values
            if self.env.packet:
                return self.err(e, "seen_before() in a packet rule takes one value",
                                "build the key in a document's template, or ask about "
                                "each value in its own seen_before()")
            return fn.returns
        if len(kinds) != len(fn.params):
            return self.err(e, f"{name}() takes {len(fn.params)} argument(s), got {len(kinds)}")
        for arg, kind, want in zip(args, kinds, fn.params, strict=True):
            if kind == "text" and _literal_kind(arg, want):
                continue  # days_between("2026-01-04", week_ending)
            if not kind_fits(kind, want):
                self.err(arg, f"{name}() expects {show_kind(want)} here, not {show_kind(kind)}",
                         WHOLE_NUMBER_HINT if name == "matches" and kind == "number" else None)
        check = getattr(fn, "check", None)
        if check is not None:
            literals = [a.value if isinstance(a, (A.Str, A.Num, A.Bool)) else None
                        for a in args]
            problem = check(literals)
            if problem is not None:
                self.err(e, problem[0], problem[1])
        return fn.returns

    def where(self, e: A.FuncCall) -> str:
        """``sum(entries.hours where entries.tk == tk)``: the aggregate over the rows of
        the column's table that meet the condition, in which that table's cells are the
        row's (``entries.tk``) and other names what they are outside it (``tk``, in an
        ``each summary:`` rule, the summary row's)."""
        assert e.where is not None
        name = e.name.text
        arg = e.args[0]
        if name not in AGGREGATES:
            self.err(e.name, f"'where' goes in an aggregate ({', '.join(sorted(AGGREGATES))}), "
                             f"not in {name}()", _WHERE_USAGE)
            return "any"
        table = _table_ref((arg,), self.env.tables) if name == "count" else None
        table = table or _column_table(arg)
        if table is None or table not in self.env.tables:
            kind = self.check(arg)
            if kind != "any":
                self.err(arg, f"{name}(... where ...) takes a table's column, not "
                              f"{show_kind(kind)}", _WHERE_USAGE)
            return "any"
        kind = "number" if name == "count" and _table_ref((arg,), self.env.tables) \
            else self.check(arg)
        outer, counted = self.picking, self.picked_cells
        self.picking, self.picked_cells = table, 0
        try:
            cond = self.check(e.where)
            read = self.picked_cells
        finally:
            self.picking, self.picked_cells = outer, counted
        if cond not in ("bool", "any"):
            self.err(e.where, f"'where' needs a condition (true or false), not "
                              f"{show_kind(cond)}", _WHERE_USAGE)
        elif not read:
            cols = list(self.env.tables[table])
            bare = [n.name.text for n in A.walk(e.where) if isinstance(n, A.Ref)
                    and n.attr is None and n.name.text in cols]
            self.err(e.where, f"the condition reads no cell of {table}, so it picks all "
                              f"of its rows or none",
                     f"name the rows' cells with their table: {table}."
                     f"{(bare or cols or ['column'])[0]}")
        if name == "count" and kind == "number":
            return "number"
        return self.aggregate(e, name, [kind])

    def lookup(self, e: A.FuncCall) -> str:
        """``lookup(key, table.keycol, table.valuecol)``: the kind of ``valuecol``."""
        if len(e.args) != 3:
            return self.err(e, _LOOKUP_USAGE)
        key, keys, values = (self.check(a) for a in e.args)
        tables = [_column_table(a) for a in e.args[1:]]
        if "any" in (keys, values):
            return "any"
        if not (keys.startswith("list:") and values.startswith("list:")) or \
                None in tables or tables[0] != tables[1]:
            return self.err(e, _LOOKUP_USAGE)
        if key.startswith("list:"):
            return self.err(e.args[0], f"lookup() takes one key, not {show_kind(key)}",
                            "in an 'each' rule name the row's column alone: "
                            "lookup(article, ...)")
        if not kind_fits(key, keys[5:]) and key != "any":
            return self.err(e.args[0], f"lookup() compares the key, {show_kind(key)}, with "
                                       f"{e.args[1].dotted}, {show_kind(keys[5:])}")
        return values[5:]

    def aggregate(self, e: A.FuncCall, name: str, kinds: list[str]) -> str:
        if not kinds:
            return self.err(e, f"{name}() needs an argument")
        if name == COUNT_TRUE:
            lists = [k for k in kinds if k.startswith("list:")]
            for arg, kind in zip(e.args, kinds, strict=True):
                if kind not in ("bool", "list:bool", "any"):
                    return self.err(arg, f"count_true() counts true/false values, not "
                                         f"{show_kind(kind)}", _COUNT_TRUE_USAGE)
            if lists and len(kinds) > 1:
                return self.err(e, "count_true() takes one column or several true/false "
                                   "values, not both", _COUNT_TRUE_USAGE)
            return "number"
        if len(kinds) == 1 and kinds[0].startswith("list:"):
            inner = kinds[0][5:]
        elif len(kinds) == 1 and kinds[0] == "any":
            return "any"
        elif name in ("min", "max") and len(kinds) > 1:
            inner = kinds[0]
            if any(k != inner and not {k, inner} <= NUMERIC for k in kinds):
                return self.err(e, f"{name}() needs values of one kind")
        else:
            hint = ("to count ticked checkboxes write count_true(...)"
                    if name == "count" and "bool" in kinds else None)
            return self.err(e, f"{name}() takes a table column such as items.amount", hint)
        if name == "count":
            return "number"
        if name in ("sum", "avg") and inner not in NUMERIC | {"any"}:
            return self.err(e, f"cannot {'sum' if name == 'sum' else 'average'} "
                               f"{show_kind(inner)}")
        if name in ("min", "max") and inner not in NUMERIC | {"date", "time", "any"}:
            return self.err(e, f"{name}() needs numbers, money, dates or times, not "
                               f"{show_kind(inner)}")
        if name in ("first", "last") and len(kinds) != 1:
            return self.err(e, f"{name}() takes a table column such as items.amount")
        return inner


_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
#: ``x in list``, ``x not in list``: whether a list holds a value, as ``==`` compares.
MEMBERSHIP = ("in", "not in")
_MEMBER_USAGE = ("'in' looks for a value in a list parameter (param open_pos: text[]; "
                 "po_no in param.open_pos) or in a table's column (article in "
                 "items.article)")


def _example_key(fn: MapLookup) -> str:
    key = fn.keys[0] if fn.keys else "key"
    return f'"{key}"' if isinstance(key, str) else str(key)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


_TIME_LITERAL = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*")


def _iso_time(text: str) -> time | None:
    """A literal time of day, "09:00" or "9:00:30" (24-hour clock), or None."""
    m = _TIME_LITERAL.fullmatch(text)
    if m is None:
        return None
    try:
        return time(int(m[1]), int(m[2]), int(m[3] or 0))
    except ValueError:
        return None


def _literal_kind(e: A.Expr, kind: str) -> bool:
    """Whether ``e`` is a text literal that reads as a value of ``kind`` (date, time)."""
    if not isinstance(e, A.Str):
        return False
    if kind == "date":
        return _iso_date(e.value) is not None
    return kind == "time" and _iso_time(e.value) is not None


def _literal_value(e: A.Expr, value: Any, kind: str) -> Any:
    """``value`` as a date or a time when ``e`` is a literal of that ``kind``."""
    if isinstance(e, A.Str) and isinstance(value, str):
        read = _iso_date(value) if kind == "date" else _iso_time(value) \
            if kind == "time" else None
        return value if read is None else read
    return value


def _date_literals(e: A.Binary, left: str, right: str) -> tuple[str, str]:
    """The kinds of ``+``/``-``'s sides, a literal date read as a date where arithmetic
    on dates wants one (text + text stays text)."""
    if e.op == "+" and left == right == "text":
        return left, right
    if left == "text" and _literal_kind(e.left, "date"):
        left = "date"
    if right == "text" and _literal_kind(e.right, "date"):
        right = "date"
    return left, right


def _is_zero(e: A.Expr) -> bool:
    if isinstance(e, A.Unary) and e.op == "-":
        return _is_zero(e.operand)
    return isinstance(e, A.Num) and e.value == 0


def _table_ref(args: tuple[A.Expr, ...], tables: Any) -> str | None:
    """The table named by ``args`` when they are one table name (``count(items)``, in a
    packet ``count(inv.items)``)."""
    if len(args) == 1 and isinstance(args[0], A.Ref) and args[0].part is None \
            and args[0].dotted in tables:
        return args[0].dotted
    return None


def said_may_be_empty(exprs: list[A.Expr], tables: Any) -> set[str]:
    """The tables (of ``tables``) that ``exprs`` (a template's or a packet's rules and
    policies) say may have no rows: asked about with ``missing(items)`` or
    ``present(items)``, or counted against nothing (``count(items) == 0``, ``< 1``,
    ``<= 0``), as in ``missing(items) or sum(items.amount) == net``."""
    out: set[str] = set()
    for expr in exprs:
        for n in A.walk(expr):
            if isinstance(n, A.FuncCall) and n.name.text in ("missing", "present"):
                out.update(a.dotted for a in n.args if isinstance(a, A.Ref)
                           and a.part is None and a.dotted in tables)
            elif isinstance(n, A.Binary) and n.op in ("==", "<=", "<", ">=", ">"):
                for counted, other, op in ((n.left, n.right, n.op),
                                           (n.right, n.left, _MIRRORED.get(n.op, n.op))):
                    if isinstance(counted, A.FuncCall) and counted.name.text == "count" \
                            and isinstance(other, A.Num) \
                            and ((op in ("==", "<=") and other.value == 0)
                                 or (op == "<" and other.value == 1)):
                        name = _table_ref(counted.args, tables)
                        if name is not None:
                            out.add(name)
    return out


#: A comparison read from its other side (``0 == count(items)``).
_MIRRORED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def _column_table(e: A.Expr) -> str | None:
    """The table of a column reference: ``items`` of ``items.qty``, ``dn.items`` of
    ``dn.items.qty`` (None for anything else)."""
    if not isinstance(e, A.Ref) or e.attr is None:
        return None
    return e.name.text if e.part is None else f"{e.name.text}.{e.attr.text}"


#: Aggregates that read the cells of a column, so that a blank cell leaves them without a
#: value (``sum`` adds the cells of an optional column there are; ``count`` counts them).
_CELL_AGGREGATES = ("first", "last", "min", "max", "avg")
#: Functions whose value a blank cell does not take away.
_WHOLE_COLUMN = ("sum", "count", COUNT_TRUE, LOOKUP, *SPECIAL)


def blank_terms(e: A.Expr, blank: Callable[[str], bool], row_table: str | None = None,
                row_columns: set[str] | frozenset[str] = frozenset()
                ) -> list[tuple[str, A.Expr]]:
    """The values that may be blank (``blank(name)``: an optional field with no default,
    ``tx.debit`` for an optional column's cells) that ``e`` adds or subtracts beside a
    value that may not (``gross - state_tax``, ``previous(balance) + debit - credit``),
    each once, in order, with where ``e`` reads it. Where one is blank the sum has no
    value and the rule is not evaluated, although a blank there usually means 0.

    Cells are a row's in an ``each`` rule over ``row_table`` (its ``row_columns``, also
    ``previous(debit)``) or a column's first/last/... (``first(tx.debit)``). Not reported:
    a sum of blank values only (``cash - change``: the rule is about them), products
    (``rate * hours``: a blank is no 0 there), ``sum()`` (blank cells add nothing), and
    values the rule asks about with ``present()``/``missing()``."""
    asked = {f"{row_table}.{a.name.text}" if a.attr is None and a.name.text in row_columns
             else a.dotted
             for n in A.walk(e) if isinstance(n, A.FuncCall)
             and n.name.text in ("present", "missing")
             for a in n.args if isinstance(a, A.Ref)}

    def reads(n: A.Expr) -> list[tuple[str | None, A.Expr]]:
        """The values ``n`` reads: (name, node), name None for one that is never blank
        in the sense above (a sum, a record's part, a lookup)."""
        if isinstance(n, A.Ref):
            if n.attr is not None:
                return [(None, n)]
            cell = n.name.text in row_columns
            return [(f"{row_table}.{n.name.text}" if cell else n.name.text, n)]
        if isinstance(n, A.FuncCall):
            name = n.name.text
            target = n.args[0] if len(n.args) == 1 else None
            if name == PREVIOUS and isinstance(target, A.Ref) \
                    and target.name.text in row_columns:
                return [(f"{row_table}.{target.name.text}", n)]
            if name in _CELL_AGGREGATES and target is not None \
                    and _column_table(target) is not None:
                return [(target.dotted, n)]  # type: ignore[union-attr]
            if name in _WHOLE_COLUMN:
                return [(None, n)]
            return [r for a in n.args for r in reads(a)]  # abs(credit)
        if isinstance(n, A.Unary):
            return reads(n.operand)
        if isinstance(n, A.Binary):
            return reads(n.left) + reads(n.right)
        return []

    def terms(n: A.Expr) -> list[A.Expr]:
        if isinstance(n, A.Binary) and n.op in ("+", "-"):
            return terms(n.left) + terms(n.right)
        if isinstance(n, A.Unary) and n.op == "-":
            return terms(n.operand)
        return [n]

    out: dict[str, A.Expr] = {}

    def walk(n: A.Expr, in_sum: bool) -> None:
        if isinstance(n, A.Binary) and n.op in ("+", "-") and not in_sum:
            parts = [[(name, node) for name, node in reads(t)] for t in terms(n)]
            maybe = [[(name, node) for name, node in p
                      if name is not None and name not in asked and blank(name)]
                     for p in parts]
            if any(maybe) and any(p and not m for p, m in zip(parts, maybe, strict=True)):
                for m in maybe:
                    for name, node in m:
                        out.setdefault(name, node)
        if isinstance(n, A.Binary):
            inner = n.op in ("+", "-")
            walk(n.left, inner)
            walk(n.right, inner)
        elif isinstance(n, A.Unary):
            walk(n.operand, in_sum and n.op == "-")
        elif isinstance(n, A.FuncCall) and n.name.text not in _WHOLE_COLUMN:
            for a in n.args:
                walk(a, False)

    walk(e, False)
    return list(out.items())


def uses_tolerance(e: A.Expr) -> bool:
    """Whether ``e`` has a comparison a rule's ``tolerance`` applies to (==, !=, <=, >=)."""
    if isinstance(e, A.Binary):
        return e.op in ("==", "!=", "<=", ">=") or uses_tolerance(e.left) \
            or uses_tolerance(e.right)
    if isinstance(e, A.Unary):
        return uses_tolerance(e.operand)
    if isinstance(e, A.FuncCall):
        return any(uses_tolerance(a) for a in e.args)
    return False


def kind_fits(kind: str, want: str) -> bool:
    return want == "any" or kind == "any" or kind == want or {kind, want} <= NUMERIC


# ----------------------------------------------------------------------- pages
@dataclass
class Pages:
    """Where a document's values are, for ``each page:`` rules: each table row's page and
    each repeated field's values' pages (0-based), and how many pages there are."""

    rows: dict[str, list[int]] = field(default_factory=dict)
    values: dict[str, list[int]] = field(default_factory=dict)
    count: int = 0
    #: Whether ``count`` is the document's page count (page scopes' count), not only the
    #: pages a value was found on (a record re-validated without its document).
    of_document: bool = False


def page_index(chosen: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> Pages:
    """The :class:`Pages` of a record: ``chosen`` maps a repeated field to its candidates
    (each with its ``page``), ``tables`` a table to its rows of candidates. A row is on
    the page of its first cell read there (a defaulted cell has no place of its own)."""
    def row_page(row: dict[str, Any]) -> int:
        read = [c.page for c in row.values() if c is not None
                and getattr(c, "locator", "") != "default"]
        return min(read) if read else -1

    rows = {t: [row_page(r) for r in rs] for t, rs in tables.items()}
    values = {n: [c.page for c in cs] for n, cs in chosen.items() if isinstance(cs, list)}
    seen = [p for ps in (*rows.values(), *values.values()) for p in ps]
    return Pages(rows, values, max(seen, default=-1) + 1)


@dataclass(frozen=True)
class Several:
    """A repeated field's values on one page, in an ``each page`` rule, when there are
    more than one: no value the rule can read as the page's."""

    name: str
    count: int
    page: int


def pages_of(scope: Scope, repeated: Any = ()) -> list[tuple[int, Scope]]:
    """``scope`` page by page (1-based page numbers), for an ``each page`` rule: on each,
    a table's rows are those of the page, and the page's "row" (:data:`PAGE_ROWS`) holds
    each repeated field's value found on it (none: blank; several: :class:`Several`);
    ``previous(name)`` reads the page before's. Fields of one value, the document's,
    stay as they are."""
    pages = scope.pages or Pages()
    names = list(repeated) or list(pages.values)
    out: list[tuple[int, Scope]] = []
    before: dict[str, Any] | None = None
    for p in range(pages.count):
        tables = {t: [r for r, at in zip(rows, pages.rows.get(t, ()), strict=False) if at == p]
                  for t, rows in scope.tables.items()}
        row: dict[str, Any] = {}
        for name in names:
            values = scope.values.get(name)
            values = values if isinstance(values, list) else []
            here = [v for v, at in zip(values, pages.values.get(name, ()), strict=False)
                    if at == p and v is not None]
            row[name] = here[0] if len(here) == 1 else None if not here \
                else Several(name, len(here), p + 1)
        on_page = Scope(scope.values, tables, scope.confidences, scope.outcomes,
                        scope.functions, row=row, previous_row=before,
                        tolerance=scope.tolerance, tolerance_percent=scope.tolerance_percent,
                        optional_columns=scope.optional_columns, pages=pages)
        out.append((p + 1, on_page))
        before = row
    return out


# ----------------------------------------------------------------------- evaluation
@dataclass
class Scope:
    """Values a rule sees: fields, table rows, confidences and earlier rule outcomes."""

    values: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    confidences: dict[str, float] = field(default_factory=dict)
    outcomes: dict[str, bool | None] = field(default_factory=dict)
    functions: dict[str, Any] = field(default_factory=dict)
    row: dict[str, Any] | None = None
    #: The row before ``row`` in an ``each`` rule (None on the first row).
    previous_row: dict[str, Any] | None = None
    tolerance: Decimal | None = None
    tolerance_percent: bool = False
    #: "table.column" of the columns written with "?": blank cells there are no values,
    #: so that ``sum(statement.debit)`` adds the debits there are (a blank is no debit)
    optional_columns: set[str] = field(default_factory=set)
    #: lookup()'s index of a key column, built once per scope (an 'each' rule looks up
    #: every row: a linear search each would be quadratic)
    lookups: dict[Any, Any] = field(default_factory=dict)
    #: Where the values are, for ``each page:`` rules (:func:`page_index`).
    pages: Pages | None = None
    #: The row a ``where`` condition is asked of: its table, its cells and its number
    #: (1-based); ``table.column`` there is that row's cell.
    picking: tuple[str, dict[str, Any], int] | None = None


def evaluate(e: A.Expr, scope: Scope) -> Any:
    """Evaluate ``e``; raises :class:`MissingValue` when a referenced value is absent."""
    return _EVAL[type(e)](e, scope)


def _num(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return Decimal(v)
    return v


def _ref(e: A.Ref, s: Scope) -> Any:
    name = e.name.text
    if s.picking is not None and e.attr is not None and _column_table(e) == s.picking[0]:
        _, row, n = s.picking  # sum(entries.hours where entries.tk == tk): the row's cell
        v = row.get((e.part or e.attr).text)
        if v is None:
            raise MissingValue(f"{e.dotted} of row {n}", e.dotted)
        return _num(v)
    if e.attr is None:
        if s.row is not None and name in s.row:
            v = s.row[name]
        elif name in s.values:
            v = s.values[name]
        else:
            raise MissingValue(name)
        if v is None:
            raise MissingValue(name)
        if isinstance(v, Several):
            raise RuleEvalError(f"'{name}' has {v.count} values on page {v.page}")
        return _num(v)
    if e.part is not None and f"{name}.{e.attr.text}" in s.tables:  # inv.items.qty
        return [_num(r.get(e.part.text)) for r in s.tables[f"{name}.{e.attr.text}"]]
    record = s.values.get(name)
    if isinstance(record, dict):  # a record field (mrz.surname) or a packet's document
        v = record.get(e.attr.text)
        if e.part is not None:  # a packet document's record field (id.mrz.birth_date)
            v = v.get(e.part.text) if isinstance(v, dict) else None
        if v is None:
            raise MissingValue(e.dotted)
        return _num(v)
    rows = s.tables.get(name)
    if rows is None:
        raise MissingValue(e.dotted)
    return [_num(r.get(e.attr.text)) for r in rows]


def _binary(e: A.Binary, s: Scope) -> Any:
    if e.op in ("and", "or"):
        # a side that lacks a value decides nothing, unless the other side decides alone:
        # "missing or true" holds, "missing and false" fails; "missing or false" is not
        # evaluated (it would hold with the missing value)
        decides = e.op == "or"
        try:
            if bool(evaluate(e.left, s)) == decides:
                return decides
        except MissingValue:
            if bool(evaluate(e.right, s)) == decides:
                return decides
            raise
        return bool(evaluate(e.right, s))
    a = evaluate(e.left, s)
    b = evaluate(e.right, s)
    op = e.op
    if op in MEMBERSHIP:
        found = _member(a, b, e.right)
        return found if op == "in" else not found
    if op in _COMPARISONS:
        a, b = _as_dates(a, b)
    elif op in ("+", "-") and not (op == "+" and isinstance(a, str) and isinstance(b, str)):
        a, b = _literal_value(e.left, a, "date"), _literal_value(e.right, b, "date")
    if op in ("==", "!="):
        equal = _equal(a, b, s)
        return equal if op == "==" else not equal
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b or _equal(a, b, s)
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b or _equal(a, b, s)
    try:
        if isinstance(a, date) and op == "-" and isinstance(b, date):
            return Decimal((a - b).days)
        if isinstance(a, date):
            days = timedelta(days=int(b))
            return a + days if op == "+" else a - days
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise RuleEvalError("division by zero")
        return a / b
    except (InvalidOperation, OverflowError) as exc:
        raise RuleEvalError(f"cannot compute {op}: {exc}") from exc


def _member(value: Any, values: list[Any], where: A.Expr) -> bool:
    """Whether ``values`` hold ``value``, as ``==`` compares without a tolerance (texts
    ignoring case and the spaces around them). Not found where cells are blank: the value
    may be in one of them (:class:`MissingValue`)."""
    if any(v is not None and _same_key(*_as_dates(value, v)) for v in values):
        return True
    blank = sum(1 for v in values if v is None)
    if blank:
        dotted = getattr(where, "dotted", "the list")
        raise MissingValue(f"{blank} cell(s) of {dotted}", dotted)
    return False


def _param(e: A.Param, s: Scope) -> Any:
    """A parameter's value, as :func:`formsift.templates.params.bind` gave it (a list
    parameter's as a list)."""
    if e.value is A.UNBOUND:
        raise MissingValue(f"{e.dotted}, a parameter given no value,", e.dotted)
    return list(e.value) if isinstance(e.value, tuple) else e.value


def rests_on_missing(e: A.Expr, s: Scope, positive: bool = True
                     ) -> tuple[MissingValue, list[str]] | None:
    """For ``e``, which could not be evaluated for a missing value: that value, and the
    parts of ``e`` that were read and left the outcome to it alone, when there are any:
    an ``or`` whose other side was read and is false (``status == "Vacant" or rent > 0``
    on an occupied unit with no rent), or, under ``not``, an ``and`` whose other side is
    true (``not (status == "Occupied" and rent <= 0)``). Such a rule asks for the value:
    without it, it does not hold (rent roll journey, finding 1: the row was "not
    evaluated" and the rule passed). A presence test read (``missing(x)``, ``present(x)``) is
    a guard, no such part. None where every branch needs the missing value
    (``amount == qty * price`` with ``qty`` blank; an ``and`` whose read side holds), which
    leaves the rule, or the row, not evaluated. The parts read are given as ``'status ==
    "Vacant" is false'``."""
    if isinstance(e, A.Unary) and e.op == "not":
        return rests_on_missing(e.operand, s, not positive)
    if not (isinstance(e, A.Binary) and e.op in ("and", "or")):
        return None
    known: list[tuple[A.Expr, bool]] = []
    unknown: list[tuple[A.Expr, MissingValue]] = []
    for operand in _flat(e, e.op):
        try:
            known.append((operand, bool(evaluate(operand, s))))
        except MissingValue as exc:
            unknown.append((operand, exc))
        except (NoPreviousRow, RuleEvalError, TypeError):
            return None
    if not unknown:
        return None
    if (e.op == "or") == positive:  # either side would do: those read did not
        # a presence test is a guard, not a condition on values: `missing(po_no) or
        # po_no == order_ref` with order_ref blank is as unchecked as the comparison
        # alone (an `or` that loosens a rule never makes it stricter)
        known = [(x, v) for x, v in known if not _presence_test(x)]
        if not known:
            return None
        from formsift.grammar.formatter import expr as written

        said = [f"{written(x)} is {'true' if v else 'false'}" for x, v in known]
        return unknown[0][1], said
    for operand, _exc in unknown:  # every side must hold: one of them may rest on it
        found = rests_on_missing(operand, s, positive)
        if found is not None:
            return found
    return None


def _presence_test(e: A.Expr) -> bool:
    """Whether ``e`` is ``missing(x)`` or ``present(x)``, negated or not."""
    while isinstance(e, A.Unary) and e.op == "not":
        e = e.operand
    return isinstance(e, A.FuncCall) and e.name.text in ("missing", "present")


def _flat(e: A.Expr, op: str) -> list[A.Expr]:
    """``a or b or c`` as [a, b, c] (the parser nests it to the left)."""
    if isinstance(e, A.Binary) and e.op == op:
        return _flat(e.left, op) + _flat(e.right, op)
    return [e]


def _as_dates(a: Any, b: Any) -> tuple[Any, Any]:
    """A date compared with a literal date ("2024-03-31"), a time of day with a literal
    time ("09:00"): both as dates (times)."""
    if isinstance(a, date) and isinstance(b, str):
        return a, _iso_date(b) or b
    if isinstance(b, date) and isinstance(a, str):
        return _iso_date(a) or a, b
    if isinstance(a, time) and isinstance(b, str):
        return a, _iso_time(b) or b
    if isinstance(b, time) and isinstance(a, str):
        return _iso_time(a) or a, b
    return a, b


def _equal(a: Any, b: Any, s: Scope) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal) and s.tolerance is not None:
        tol = s.tolerance
        if s.tolerance_percent:
            tol = abs(b) * tol / 100
        return abs(a - b) <= tol
    return _same_key(a, b)


def _same_key(a: Any, b: Any) -> bool:
    """``a == b`` as a rule compares without a tolerance (a key of ``lookup`` or of a
    map): texts ignoring case and the spaces around them, a name also as a
    machine-readable zone writes it (:func:`_as_zone_writes`)."""
    if isinstance(a, str) and isinstance(b, str):
        x, y = a.strip().casefold(), b.strip().casefold()
        # a name in plain Latin letters (as an MRZ writes it) against its spelling with
        # diacritics; never between two texts of other scripts (ハヤシ is not バヤシ)
        return x == y or _as_zone_writes(x, y) or _as_zone_writes(y, x)
    return a == b


#: a name as a machine-readable zone holds it, case-folded, its fillers read as spaces
_ZONE_NAME = re.compile(r"[a-z]+(?: [a-z]+)*")


def _as_zone_writes(text: str, plain: str) -> bool:
    """Whether ``plain`` (case-folded, ASCII) is ``text`` as an MRZ writes it: without
    its diacritics (:func:`icao_latin`), and, where ``plain`` holds letters and single
    spaces only (a zone's name), also without its punctuation (:func:`icao_name`:
    Anna-Lena is ANNA<LENA, O'Brien OBRIEN)."""
    if not plain.isascii():
        return False
    return icao_latin(text) == plain or (
        _ZONE_NAME.fullmatch(plain) is not None and icao_name(text) == plain)


#: ICAO 9303 Part 3's transliteration of Latin letters with diacritics that do not simply
#: lose them (every other diacritic is dropped: é is e).
_ICAO = str.maketrans({"ä": "ae", "å": "aa", "æ": "ae", "ö": "oe", "ø": "oe", "ü": "ue",
                       "ß": "ss", "þ": "th", "œ": "oe", "ĳ": "ij", "ð": "d", "ł": "l",
                       "đ": "d", "ı": "i"})


def icao_latin(text: str) -> str:
    """``text`` (case-folded) as a machine-readable zone writes it: Müller is mueller,
    Jérôme is jerome. Text equality in rules compares a plain Latin text with this form of
    the other, so a printed name equals the same name in an MRZ. Letters of Latin script
    only lose their marks: other scripts' are kept (Cyrillic Й is not И)."""
    import unicodedata

    out = []
    for ch in text.translate(_ICAO):
        base = unicodedata.normalize("NFKD", ch)
        out.append(base[0] if base[:1].isascii() and base[0].isalpha() else ch)
    return "".join(out)


#: ICAO 9303 Part 3 (4.6, punctuation in the name), between two letters only: the parts
#: of a name an apostrophe joins are written together (D'ARTAGNAN: DARTAGNAN), a hyphen is
#: written as a filler (MARIE-ELISE: MARIE<ELISE). Punctuation elsewhere (a leading or
#: trailing mark, a comma: 'Anna,Lena' is a hyphen misread as often as a name) stays, so
#: that a rule tying the name to a zone does not vouch for a mark no zone shows (code
#: read R5: 'Anna-Lena,' and '-Anna Lena' passed, accepted at 0.99).
_APOSTROPHE_IN_NAME = re.compile(r"(?<=[a-z])['\u2019](?=[a-z])")
_HYPHEN_IN_NAME = re.compile(r"(?<=[a-z])[-\u2010](?=[a-z])")


def icao_name(text: str) -> str:
    """``text`` (case-folded) as a machine-readable zone writes a name, its fillers read
    as spaces: without diacritics (:func:`icao_latin`), an apostrophe between two letters
    left out and a hyphen between two letters a filler (Anna-Lena is ``anna lena``,
    O'Brien ``obrien``), its spaces single."""
    latin = _APOSTROPHE_IN_NAME.sub("", icao_latin(text))
    return " ".join(_HYPHEN_IN_NAME.sub(" ", latin).split())


def _call(e: A.FuncCall, s: Scope) -> Any:
    name = e.name.text
    if e.where is not None:
        return _where(e, s)
    if name in ("present", "missing") and isinstance(e.args[0], A.FuncCall):
        inner = e.args[0]
        if inner.args and (inner.name.text == LOOKUP
                           or isinstance(s.functions.get(inner.name.text), MapLookup)):
            # the key itself unread (a blank timekeeper cell) says nothing about the map:
            # MissingValue leaves the rule not evaluated, as any rule over a blank value
            evaluate(inner.args[0], s)
        for arg in inner.args[:-1] if inner.name.text == LAST_SEEN else ():
            evaluate(arg, s)  # missing(last_seen(project_no, x)): project_no unread likewise
        try:  # present(approved_rate(tk)): whether the map has the key
            evaluate(inner, s)
            present = True
        except (NoMatchingRow, MissingValue):
            present = False
        return present if name == "present" else not present
    if name in SPECIAL:
        target = e.args[0]
        assert isinstance(target, A.Ref)
        key = target.dotted
        if name in ("failed", "passed"):
            outcome = s.outcomes.get(key)
            return outcome is False if name == "failed" else outcome is True
        table = _table_ref((target,), s.tables)
        if name == "confidence":
            # the confidence of a field not extracted is no figure (an optional field left
            # blank, on a form of alternative sections): the rule or policy is not
            # evaluated, as any other over a missing value; a missing required field has
            # its own reason
            if table is None and "." not in key and s.values.get(key) in (None, []):
                raise MissingValue(key)
            return Decimal(str(round(s.confidences.get(key, 0.0), 4)))
        if table is not None:  # a table: present when it has rows
            return bool(s.tables[table]) if name == "present" else not s.tables[table]
        try:
            value = evaluate(target, s)
            present = value is not None and value != [] and not (
                isinstance(value, list) and all(v is None for v in value))
        except MissingValue:
            present = False
        return present if name == "present" else not present
    if name == PREVIOUS:
        target = e.args[0]
        assert isinstance(target, A.Ref)
        if s.previous_row is None:
            raise NoPreviousRow()
        v = s.previous_row.get(target.name.text)
        if v is None:
            before = "page" if s.pages is not None and s.row is not None \
                and target.name.text in (s.pages.values or {}) else "row"
            raise MissingValue(f"{target.name.text} of the {before} before", target.name.text)
        if isinstance(v, Several):
            raise RuleEvalError(f"'{v.name}' has {v.count} values on page {v.page}")
        return _num(v)
    table = _table_ref(e.args, s.tables) if name == "count" else None
    if table is not None:
        return Decimal(len(s.tables[table]))
    if name == LOOKUP:
        return _lookup(e, s)
    if name == LAST_SEEN:  # its last argument names a field: not this document's value
        from formsift.templates.series import evaluate_call

        return _num(evaluate_call(e, s))
    args = [evaluate(a, s) for a in e.args]
    if name in AGGREGATES:
        column = e.args[0].dotted if len(e.args) == 1 and isinstance(e.args[0], A.Ref) else ""
        if column in s.optional_columns and name == "sum" and isinstance(args[0], list):
            args = [[v for v in args[0] if v is not None]]  # a blank optional cell adds 0
        return _aggregate(name, args, column)
    fn = s.functions[name]
    if name == SEEN_BEFORE and len(args) > 1:
        from formsift.core.seen import key

        args = [key(args)]  # seen_before(seller, invoice_date, total): one key
    args = [_literal_value(node, v, want)  # days_between("2026-01-04", week_ending)
            for node, v, want in zip(e.args, args, fn.params, strict=False)]
    where = _origin(fn.impl)
    try:
        value = fn.impl(*args)
    except (MissingValue, RuleEvalError):  # RuleEvalError: the function says why
        raise
    except Exception as exc:
        cause = (str(exc).strip().splitlines() or [""])[0]  # one line of a reason
        raise RuleEvalError(f"{name}() failed{where}: {type(exc).__name__}: {cause}") from exc
    problem = kind_problem(value, fn.returns)
    if value is None and fn.returns == "bool":  # not False: 'not f(x)' would pass
        problem = "None, but a bool value must be True or False"
    if problem is not None:  # "False" from a function declared bool would pass the rule
        raise RuleEvalError(f"{name}(){where} returned {problem}: a bug in the function, "
                            f"the rule is not evaluated")
    return _num(value)


def _where(e: A.FuncCall, s: Scope) -> Any:
    """An aggregate over the rows that meet its ``where`` condition (asked of each row as
    ``==`` compares, with no tolerance: ``entries.tk == tk`` picks the rows of one
    timekeeper). A row whose condition lacks a value leaves the aggregate without one."""
    assert e.where is not None
    name = e.name.text
    arg = e.args[0]
    assert isinstance(arg, A.Ref)
    whole = _table_ref((arg,), s.tables) if name == "count" else None
    table = whole or _column_table(arg) or ""
    rows = s.tables.get(table)
    if rows is None:
        raise MissingValue(arg.dotted)
    picked: list[tuple[int, dict[str, Any]]] = []
    outer, tolerance, s.tolerance = s.picking, s.tolerance, None
    try:
        for n, row in enumerate(rows, start=1):
            s.picking = (table, row, n)
            if evaluate(e.where, s):
                picked.append((n, row))
    finally:
        s.picking, s.tolerance = outer, tolerance
    if whole is not None:
        return Decimal(len(picked))
    column = (arg.part or arg.attr).text  # type: ignore[union-attr]
    cells = [(n, _num(row.get(column))) for n, row in picked]
    if arg.dotted in s.optional_columns and name in ("sum", "count"):
        cells = [(n, v) for n, v in cells if v is not None]  # a blank optional cell adds 0
    blank = [n for n, v in cells if v is None]
    if blank and name not in ("count", COUNT_TRUE):
        rows_shown = ", ".join(map(str, blank[:5])) + (" ..." if len(blank) > 5 else "")
        raise MissingValue(f"{len(blank)} cell(s) of {arg.dotted} (row(s) {rows_shown})",
                           arg.dotted)
    return _aggregate(name, [[v for _, v in cells]], arg.dotted)


def _lookup(e: A.FuncCall, s: Scope) -> Any:
    """The value in the first row whose key equals ``key`` (as ``==`` compares it, with no
    tolerance); no such row is :class:`NoMatchingRow`."""
    key = evaluate(e.args[0], s)
    ref = e.args[2]
    assert isinstance(ref, A.Ref) and isinstance(e.args[1], A.Ref)
    rows = s.tables.get(_column_table(ref) or "")
    cache = (e.args[1].dotted, ref.dotted, id(rows))
    if cache not in s.lookups:
        keys, values = evaluate(e.args[1], s), evaluate(e.args[2], s)
        buckets: dict[Any, list[int]] = {}
        for n, k in enumerate(keys):
            if k is not None:
                buckets.setdefault(_bucket(k), []).append(n)
        s.lookups[cache] = (keys, values, buckets)
    keys, values, buckets = s.lookups[cache]
    i = _key_match(buckets.get(_bucket(key), ()), key, keys.__getitem__)
    column = e.args[1].dotted if isinstance(e.args[1], A.Ref) else "the column"
    table, _, keycol = column.rpartition(".")
    if i is None:
        blank = sum(1 for k in keys if k is None)
        raise NoMatchingRow(f"no row of {table} has {keycol} {_shown(key)}"
                            + (f" ({blank} row(s) have no {keycol})" if blank else ""))
    if values[i] is None:
        raise MissingValue(f"{ref.dotted} of the row with {keycol} {_shown(key)}", ref.dotted)
    return values[i]


_T = TypeVar("_T")


def _key_match(members: Sequence[_T], key: Any, key_of: Callable[[_T], Any]) -> _T | None:
    """The member of a bucket (:func:`_bucket`) whose key (``key_of``) is ``key``: one
    equal as written (case and edge spaces aside) first, else the first :func:`_same_key`
    calls equal ('KIT PRO' finds the row KIT PRO, not an earlier KIT-PRO, which it finds
    where no row KIT PRO is); None when none is."""
    exact = next((m for m in members if _same_text(key_of(m), key)), None)
    if exact is not None:
        return exact
    return next((m for m in members if _same_key(key_of(m), key)), None)


def _same_text(a: Any, b: Any) -> bool:
    """``a == b`` as written: texts ignoring case and the spaces around them only."""
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return bool(a == b)


def key_bucket(value: Any) -> Any:
    """Keys ``==`` may call equal share a bucket (texts as an MRZ writes them)."""
    return _bucket(_num(value))


def _bucket(value: Any) -> Any:
    """Values ``==`` may call equal share a bucket: a text as an MRZ writes a name
    (:func:`icao_name`), so that 'Anna-Lena', 'ANNA LENA' and 'Anna Léna' share one;
    :func:`_same_key` tells a bucket's values apart ('D'Artagnan' is no 'D ARTAGNAN')."""
    if isinstance(value, str):
        return icao_name(value.strip().casefold())
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def _origin(impl: Any) -> str:
    """For a rule function outside formsift (a plugin's): ' (validator 'v' of dist 1.2,
    module m)' for a registered validator's, else ' (in module m)'."""
    origin = getattr(impl, "formsift_origin", None)
    if isinstance(origin, str):
        return f" ({origin})"
    module = str(getattr(impl, "__module__", "") or "")
    return "" if not module or module.split(".")[0] == "formsift" else f" (in module {module})"


def _aggregate(name: str, args: list[Any], column: str = "") -> Any:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if name == "count":
        return Decimal(sum(1 for v in values if v is not None))
    if name == COUNT_TRUE:  # a box not read leaves the count unknown: not evaluated
        if any(v is None for v in values):
            raise MissingValue(_blank_cells(values, column) if column else
                               f"{values.count(None)} of the values counted",
                               column or None)
        return Decimal(sum(1 for v in values if v is True))
    if name in ("first", "last") and values:
        # the cell of that row: other rows' blanks are no concern of first()/last() (a
        # statement's first debit, its credit cells blank on other rows)
        n = 0 if name == "first" else len(values) - 1
        if values[n] is None:
            raise MissingValue(f"{column or 'the column'} of the {name} row (row {n + 1})",
                               column or None)
        return values[n]
    if any(v is None for v in values):
        raise MissingValue(_blank_cells(values, column), column or None)
    if not values:
        if name == "sum":
            return Decimal(0)
        raise MissingValue(f"{column or 'the column'} (no rows)", column or None)
    if name == "sum":
        return sum(values, Decimal(0))
    if name == "avg":
        return sum(values, Decimal(0)) / len(values)
    return min(values) if name == "min" else max(values)


def _blank_cells(values: list[Any], column: str) -> str:
    """'2 cell(s) of tx.debit (rows 2 and 4)': the blank cells an aggregate needed."""
    rows = [str(n) for n, v in enumerate(values, start=1) if v is None]
    shown = rows if len(rows) <= 6 else [*rows[:5], f"{len(rows) - 5} more"]
    where = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return (f"{len(rows)} cell(s) of {column or 'the column'} "
            f"(row{'s' if len(rows) > 1 else ''} {where})")


def _regex_lit(e: A.RegexLit, s: Scope) -> Any:
    return compile_pattern(e.regex.pattern, e.regex.flags)


def _unary(e: A.Unary, s: Scope) -> Any:
    v = evaluate(e.operand, s)
    return (not v) if e.op == "not" else -v


_EVAL: dict[type, Callable[[Any, Scope], Any]] = {
    A.Num: lambda e, s: e.value,
    A.Str: lambda e, s: e.value,
    A.Bool: lambda e, s: e.value,
    A.RegexLit: _regex_lit,
    A.Ref: _ref,
    A.Binary: _binary,
    A.Unary: _unary,
    A.FuncCall: _call,
    A.Param: _param,
}


def referenced_names(e: A.Expr) -> list[str]:
    """Field and table names an expression refers to (for candidate search and reports)."""
    out: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, A.Ref):
            out.append(n.name.text)
        elif isinstance(n, A.Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, A.Unary):
            walk(n.operand)
        elif isinstance(n, A.FuncCall) and n.name.text not in ("failed", "passed"):
            for a in n.args:
                walk(a)
            if n.where is not None:
                walk(n.where)

    walk(e)
    return list(dict.fromkeys(out))

