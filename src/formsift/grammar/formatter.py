"""``formsift fmt``: print a template in canonical form, keeping its comments.

Formatting is idempotent: formatting formatted text changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formsift.core.errors import TemplateError
from formsift.grammar import ast as A
from formsift.grammar.parser import parse

INDENT = "  "
_PREC = {"or": 1, "and": 2, "not": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
         "in": 4, "not in": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def format_source(source: str, path: str = "<template>") -> str:
    """The canonical form of ``source``; raises TemplateError on syntax errors."""
    tree, diagnostics = parse(source, path)
    if tree is None:
        raise TemplateError(f"{path}: cannot format a file with syntax errors", diagnostics)
    return _Printer(tree).print()


def _str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _num(d: Decimal) -> str:
    return str(d)


def _lit(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, A.Regex):
        return v.source()
    if isinstance(v, Decimal):
        return _num(v)
    if isinstance(v, list):
        return "[" + ", ".join(_lit(x) for x in v) + "]"
    return str(v)


def _label(label: A.Label) -> str:
    return " | ".join(_lit(o) for o in label.options)


def _coord(c: A.Coord) -> str:
    return _num(c.value) + ("%" if c.percent else "")


def _call(c: A.Call) -> str:
    if not c.args:
        return c.name.text
    parts = [(f"{a.name.text}=" if a.name else "") + _lit(a.value.value) for a in c.args]
    return f"{c.name.text}({', '.join(parts)})"


def _pages(p: A.PageSel) -> str:
    if p.which in ("first", "last", "every"):
        return f"on {p.which} page"
    if p.which == "number":
        return f"on page {p.start}"
    return f"on pages {p.start}-{p.end}"


def _box(b: A.BoxArea) -> str:
    return "box(" + ", ".join(_coord(c) for c in b.coords) + ")"


def expr(e: A.Expr, parent: int = 0, right: bool = False) -> str:
    if isinstance(e, A.Num):
        return _num(e.value)
    if isinstance(e, A.Str):
        return _str(e.value)
    if isinstance(e, A.Bool):
        return "true" if e.value else "false"
    if isinstance(e, A.RegexLit):
        return e.regex.source()
    if isinstance(e, (A.Ref, A.Param)):
        return e.dotted
    if isinstance(e, A.FuncCall):
        where = f" where {expr(e.where)}" if e.where is not None else ""
        return f"{e.name.text}({', '.join(expr(a) for a in e.args)}{where})"
    if isinstance(e, A.Unary):
        if e.op == "not":
            text = "not " + expr(e.operand, _PREC["not"])
            prec = _PREC["not"]
        else:
            text = "-" + expr(e.operand, 7)
            prec = 7
        return f"({text})" if prec < parent else text
    prec = _PREC[e.op]
    # comparisons do not chain; arithmetic and logic are left-associative
    left = expr(e.left, prec + (1 if prec == 4 else 0))
    rgt = expr(e.right, prec + 1, right=True)
    text = f"{left} {e.op} {rgt}"
    return f"({text})" if prec < parent else text


class _Printer:
    def __init__(self, tree: A.TemplateFile) -> None:
        self.tree = tree
        self.comments = list(tree.comments)
        self.out: list[str] = []
        self.src_lines = tree.source.split("\n")

    # comments -------------------------------------------------------------------
    def _leading(self, before_line: int, depth: int) -> None:
        while self.comments and self.comments[0][0] < before_line:
            _line, text = self.comments.pop(0)
            # a comment after a statement that did not take it as its own trailing comment
            # is kept on a line of its own: fmt never drops a comment
            self.out.append(INDENT * depth + text)

    def _is_trailing(self, line: int) -> bool:
        src = self.src_lines[line - 1] if 0 < line <= len(self.src_lines) else ""
        return not src.lstrip().startswith("#")

    def _trailing(self, line: int) -> str:
        for i, (ln, text) in enumerate(self.comments):
            if ln == line and self._is_trailing(ln):
                self.comments.pop(i)
                return "  " + text
            if ln > line:
                break
        return ""

    def _line_starting(self, word: str, span: A.Span) -> int | None:
        """The source line within ``span`` whose statement starts with ``word``."""
        for line in range(span.line, span.end_line + 1):
            src = self.src_lines[line - 1] if 0 < line <= len(self.src_lines) else ""
            if src.lstrip().startswith(word):
                return line
        return None

    def emit(self, span: A.Span, depth: int, text: str) -> None:
        self._leading(span.line, depth)
        lines = text.split("\n")
        lines[-1] += self._trailing(span.end_line)
        self.out.extend(INDENT * depth + ln for ln in lines)

    def close(self, span: A.Span, depth: int) -> None:
        self._leading(span.end_line, depth + 1)
        self.out.append(INDENT * depth + "}" + self._trailing(span.end_line))

    # structure ------------------------------------------------------------------
    def print(self) -> str:
        for i, t in enumerate(self.tree.definitions):
            if i:
                self.out.append("")
            self.template(t)
        self._leading(10**9, 0)
        return "\n".join(self.out).rstrip() + "\n"

    def template(self, t: A.TemplateDecl | A.PacketDecl) -> None:
        self._leading(t.span.line, 0)
        keyword = "packet" if isinstance(t, A.PacketDecl) else "template"
        self.out.append(f"{keyword} {t.name.text} {{" + self._trailing(t.span.line))
        prev_group = None
        for item in t.items:
            group = _group(item)
            if prev_group is not None and (group != prev_group or group in ("block",)):
                self.out.append("")
            prev_group = group
            self.item(item, 1)
        self.close(t.span, 0)

    def item(self, item: Any, d: int) -> None:
        if isinstance(item, A.Setting):
            self.emit(item.span, d, f"{item.key} {_lit(item.value.value)}")
        elif isinstance(item, A.MatchBlock):
            self.block_open(item.span, d, "match {")
            # the threshold is printed last: its comment is taken before the tests print
            line = self._line_starting("threshold", item.span) if item.threshold else None
            note = self._trailing(line) if line else ""
            for m in item.items:
                self.match_item(m, d + 1)
            if item.threshold is not None:
                self.out.append(INDENT * (d + 1) + f"threshold {_num(item.threshold)}" + note)
            self.close(item.span, d)
        elif isinstance(item, list):  # pipeline stages
            span = A.Span(item[0].span.line - 1, 0, item[-1].span.end_line + 1, 0) if item \
                else A.NOSPAN
            self.out.append(INDENT * d + "pipeline {")
            for st in item:
                self.emit(st.span, d + 1, f"{st.stage} " + ", ".join(_call(c) for c in st.calls))
            self._leading(span.end_line, d + 1)
            self.out.append(INDENT * d + "}")
        elif isinstance(item, A.Region):
            area = item.area
            text = _box(area) if isinstance(area, A.BoxArea) else (
                f"{area.direction} {_label(area.label)}" + (
                    f" size({_coord(area.size[0])}, {_coord(area.size[1])})" if area.size else ""))
            if item.pages:
                text += " " + _pages(item.pages)
            self.emit(item.span, d, f"region {item.name.text} = {text}")
        elif isinstance(item, A.FieldDecl):
            self.emit(item.span, d, self.field(item))
        elif isinstance(item, A.GroupDecl):
            self.block_open(item.span, d, f"group {item.name.text} {{")
            for f in item.fields:
                self.emit(f.span, d + 1, self.field(f))
            self.close(item.span, d)
        elif isinstance(item, A.MapDecl):
            self.block_open(item.span, d, f"map {item.name.text} {{")
            for key, value in item.entries:
                self.emit(A.Span(key.span.line, key.span.column, value.span.end_line,
                                 value.span.end_column), d + 1,
                          f"{_lit(key.value)}: {_lit(value.value)}")
            self.close(item.span, d)
        elif isinstance(item, A.DocumentDecl):
            self.emit(item.span, d, f"document {item.name.text}: {item.template.text}"
                                    + _document_count(item))
        elif isinstance(item, A.ParamDecl):
            default = f" = {_lit(item.default.value)}" if item.default is not None else ""
            self.emit(item.span, d, f"param {item.name.text}: {_call(item.type.call)}"
                                    f"{item.type.cardinality}{default}")
        elif isinstance(item, A.TableDecl):
            self.table(item, d)
        elif isinstance(item, A.RuleDecl):
            kw = "rule" if item.severity == "error" else "warn"
            body = expr(item.expr)
            if item.each:
                body = f"each {item.each_dotted}: {body}"
            elif item.each_page:
                body = f"each page: {body}"
            text = f"{kw} {item.name.text}: {body}"
            if item.tolerance:
                text += f" tolerance {_num(item.tolerance.value)}" + (
                    "%" if item.tolerance.percent else "")
            if item.message is not None:
                text += f" message {_str(item.message)}"
            self.emit(item.span, d, text)
        elif isinstance(item, A.NormalizeBlock):
            self.block_open(item.span, d, "normalize {")
            for st in item.steps:
                text = st.name.text
                if st.regex is not None:
                    text += f" {st.regex.source()} {_str(st.replacement)}"
                self.emit(st.span, d + 1, text)
            self.close(item.span, d)
        elif isinstance(item, A.PolicyDecl):
            # accept low_confidence(name, ...) is written without 'when': it is no condition
            bare = item.action == "accept" and isinstance(item.expr, A.FuncCall) \
                and item.expr.name.text == "low_confidence"
            text = f"{item.action}{'' if bare else ' when'} {expr(item.expr)}"
            if item.message is not None:
                text += f" message {_str(item.message)}"
            self.emit(item.span, d, text)

    def block_open(self, span: A.Span, d: int, head: str) -> None:
        self._leading(span.line, d)
        self.out.append(INDENT * d + head + self._trailing(span.line))

    def match_item(self, m: A.MatchItem, d: int) -> None:
        if isinstance(m, A.MatchTest):
            w = f" weight {_num(m.weight)}" if m.weight != 1 else ""
            self.emit(m.span, d, f"contains {_lit(m.pattern)}{w}")
        elif isinstance(m, A.MatchNot):
            inner = m.item
            if isinstance(inner, A.MatchTest):
                w = f" weight {_num(inner.weight)}" if inner.weight != 1 else ""
                self.emit(m.span, d, f"not contains {_lit(inner.pattern)}{w}")
            else:
                self.block_open(m.span, d, f"not {inner.mode} {{")
                for i in inner.items:
                    self.match_item(i, d + 1)
                self.close(inner.span, d)
        else:
            self.block_open(m.span, d, f"{m.mode} {{")
            for i in m.items:
                self.match_item(i, d + 1)
            self.close(m.span, d)

    def field(self, f: A.FieldDecl) -> str:
        type_text = _call(f.type.call) + f.type.cardinality
        locs = " or ".join(self.locator(loc) for loc in f.locators)
        mods = []
        for m in f.modifiers:
            if m.kind == "scope" and m.region:
                mods.append(f"in {m.region.text}")
            elif m.kind == "pattern" and m.regex:
                mods.append(f"pattern {m.regex.source()}")
            elif m.kind == "pages" and m.pages:
                mods.append(_pages(m.pages))
            elif m.kind == "handwritten":
                mods.append("handwritten")
            elif m.kind == "default" and m.value:
                mods.append(f"default {_lit(m.value.value)}")
            elif m.kind == "within" and m.coord:
                mods.append(f"within {_coord(m.coord)}")
            elif m.kind in ("from", "until") and m.label:
                mods.append(f"{m.kind} {_label(m.label)}")
            elif m.kind == "combine" and m.name:
                mods.append(f"combine {m.name.text}")
            elif m.kind == "each_line":
                mods.append("each line")
        return f"field {f.name.text}: {type_text} = {locs}" + "".join(" " + m for m in mods)

    def locator(self, loc: A.Locator) -> str:
        if loc.kind == "box" and loc.box:
            return _box(loc.box)
        if loc.kind == "relative" and loc.label:
            return f"{loc.direction} {_label(loc.label)}"
        if loc.kind == "after" and loc.label:
            return f"after {_label(loc.label)}"
        if loc.kind == "region" and loc.region:
            return f"in {loc.region.text}"
        if loc.kind == "pattern" and loc.regex:
            return f"pattern {loc.regex.source()}"
        if loc.kind == "search" and loc.regex:
            return f"search {loc.regex.source()}"
        if loc.kind == "constant" and loc.value:
            return f"value {_lit(loc.value.value)}"
        return "anywhere"

    def table(self, t: A.TableDecl, d: int) -> None:
        self.block_open(t.span, d, f"table {t.name.text} {{")
        for c in t.columns:
            text = f"{c.name.text}: {_call(c.type.call)}{c.type.cardinality}"
            if c.header is not None:
                text += f" header {_label(c.header)}"
            if c.multiline:
                text += " multiline"
            if c.handwritten:
                text += " handwritten"
            if c.default is not None:
                text += f" default {expr(c.default, _PREC['+'])}"  # (a comparison in brackets)
            if c.heading:
                text += " heading"
            self.emit(c.span, d + 1, text)
        if t.start:
            self.emit(t.start.span, d + 1, f"from {_label(t.start)}")
        if t.region:
            self.emit(t.region.span, d + 1, f"in {t.region.text}")
        if t.until:
            self.emit(t.until.span, d + 1, f"until {_label(t.until)}")
        for kind, label in t.rows:
            self.emit(label.span, d + 1, f"{kind} {_label(label)}")
        for blk in t.blocks:
            self.block_open(blk.span, d + 1, "block {")
            if blk.start:
                self.emit(blk.start.span, d + 2, f"from {_label(blk.start)}")
            if blk.until:
                self.emit(blk.until.span, d + 2, f"until {_label(blk.until)}")
            for kind, label in blk.rows:
                self.emit(label.span, d + 2, f"{kind} {_label(label)}")
            self.close(blk.span, d + 1)
        self.close(t.span, d)


def _group(item: Any) -> str:
    if isinstance(item, A.Setting):
        return "setting"
    if isinstance(item, (A.MatchBlock, A.TableDecl, A.GroupDecl, A.MapDecl, A.NormalizeBlock,
                         list)):
        return "block"
    if isinstance(item, A.Region):
        return "region"
    if isinstance(item, (A.FieldDecl, A.DocumentDecl, A.ParamDecl)):
        return "field"
    if isinstance(item, A.RuleDecl):
        return "rule"
    return "policy"


def _document_count(item: A.DocumentDecl) -> str:
    """``?``, ``[]`` (one or more) or ``[2..3]``, ``[1..]`` after a packet document."""
    if item.count is None:
        return "?" if item.optional else ""
    least, most = item.count
    return "[]" if item.count == (1, None) else f"[{least}..{'' if most is None else most}]"
