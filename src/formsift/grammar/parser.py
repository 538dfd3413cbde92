"""Parse ``.sift`` source into the typed AST, with friendly syntax errors.

The LALR parser is built once per process, lazily, from ``formsift.lark`` (strict mode: no
conflicts, no token collisions) and cached on disk by Lark so later processes load it fast.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from formsift.grammar import ast as A
from formsift.grammar.diagnostics import Diagnostic, DiagnosticSink

GRAMMAR_PATH = Path(__file__).with_name("formsift.lark")
LANGUAGE_VERSION = 1

# What users type, for the terminals Lark names by pattern.
_FRIENDLY = {
    "NAME": "a name",
    "STRING": 'a "quoted text"',
    "REGEX": "a /regex/",
    "INT": "a whole number",
    "FLOAT": "a number",
    "PERCENT": "'%'",
    "CARDINALITY": "'?' or '[]'",
    "COMP_OP": "a comparison (==, !=, <, <=, >, >=)",
    "ADD_OP": "'+' or '-'",
    "MUL_OP": "'*' or '/'",
    "$END": "the end of the file",
}


class _WholeWords:
    """Lark post-lexer that lets the lexer see a name in every parser state, so a keyword
    is only ever a whole word: ``rightof`` is an unknown word, not ``right`` + ``of``."""

    always_accept = ("NAME",)

    def process(self, stream: Any) -> Any:
        return stream


@functools.cache
def get_parser() -> Any:
    """The Lark parser, built on first use and cached for the life of the process."""
    from lark import Lark

    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    digest = hashlib.sha256((grammar + "\0whole-words").encode()).hexdigest()[:12]
    cache_dir = Path(os.environ.get("FORMSIFT_CACHE_DIR", tempfile.gettempdir()))
    cache_file: str | bool = str(cache_dir / f"formsift-grammar-{digest}.lark.cache")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache_file = False
    return Lark(
        grammar,
        parser="lalr",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=False,
        postlex=_WholeWords(),
        cache=cache_file,
    )


@functools.cache
def _terminal_display() -> dict[str, str]:
    from lark.lexer import PatternStr

    parser = get_parser()
    shown = dict(_FRIENDLY)
    for term in parser.terminals:
        if term.name in shown:
            continue
        if isinstance(term.pattern, PatternStr):
            shown[term.name] = f"'{term.pattern.value}'"
    return shown


# When the parser expects one of these groups, say what the user would write.
_GROUPS = [
    ({"FIELD", "RULE", "TABLE"}, "a statement (title, version, locale, currency, description, "
                                 "decimal, thousands, date_order, match, pipeline, normalize, "
                                 "region, field, table, rule, warn, review, reject or accept) "
                                 "or '}'"),
    ({"DOCUMENT", "RULE"}, "a packet statement (title, version, document, rule, warn, "
                           "review, reject or accept) or '}'"),
    ({"TEMPLATE", "PACKET"}, "'template' or 'packet'"),
    ({"RIGHT", "BELOW", "ANYWHERE"}, "a locator (right of, left of, below, above, after, in, "
                                     "box(...), pattern, search, anywhere or value)"),
    ({"NAME", "STRING", "LPAR", "TRUE"}, "a value (a number, a name, a \"quoted text\", a "
                                         "function call or '(')"),
]


def describe_expected(names: set[str] | frozenset[str]) -> str:
    for keys, words in _GROUPS:
        if keys <= set(names):
            return words
    shown = _terminal_display()
    words = sorted({shown.get(n, n.lower()) for n in names})
    if len(words) > 8:
        words = [*words[:8], "..."]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _token_text(tok: Any) -> str:
    if tok.type == "$END":
        return "the end of the file"
    return f"'{tok}'"


def parse(source: str, path: str = "<template>") -> tuple[A.TemplateFile | None, list[Diagnostic]]:
    """Parse ``source``. Returns the AST (None on syntax errors) and the syntax errors."""
    from lark.exceptions import UnexpectedInput

    sink = DiagnosticSink(path, source)
    comments: list[tuple[int, str]] = []
    parser = get_parser()
    text = source
    tree = None
    # After a syntax error, blank the statement it is in and parse again, so one run
    # reports every independent syntax error of the file (not a cascade of one).
    for _attempt in range(20):
        try:
            tree = parser.parse(text)
            break
        except UnexpectedInput as e:
            _report(sink, e)
            if getattr(getattr(e, "token", None), "type", "") == "$END":
                break
            blanked = _blank_statement(text, getattr(e, "line", 0) or 0,
                                       getattr(e, "column", 0) or 0)
            if blanked is None or blanked == text:
                break
            text = blanked
    if tree is not None:
        _check_nesting(tree, sink)
    if sink.items or tree is None:
        return None, sink.sorted()
    for lineno, text in enumerate(source.split("\n"), start=1):
        idx = _comment_start(text)
        if idx is not None:
            comments.append((lineno, text[idx:]))
    try:
        builder = _Builder(sink)
        templates = [builder.template(t) for t in tree.children if t.data == "template"]
        packets = [builder.packet(t) for t in tree.children if t.data == "packet"]
    except _BuildError as e:
        sink.error(e.span, e.message)
        return None, sink.sorted()
    return A.TemplateFile(path, source, templates, comments, packets), sink.sorted()


_STATEMENT_KEYWORDS = frozenset({
    "field", "region", "rule", "warn", "table", "match", "pipeline", "review", "reject",
    "accept", "title", "version", "locale", "currency", "decimal", "thousands", "date_order",
    "description", "document", "normalize"})
_TOP_KEYWORDS = ("template", "packet")
#: Words that go on with the statement of the line above (``or below "X"``,
#: ``tolerance 0.01``); any other word at the start of a line starts a statement.
_CONTINUATION_WORDS = frozenset({
    "or", "and", "not", "in", "pattern", "on", "handwritten", "default", "within", "from",
    "until", "combine", "each", "tolerance", "message", "header", "multiline", "size", "of",
    "when", "weight", "right", "left", "below", "above", "after", "box", "search",
    "anywhere", "value"})


def _first_word(line: str) -> str:
    stripped = line.strip()
    return stripped.split(None, 1)[0].rstrip(":") if stripped else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _continues(line: str, statement_indent: int) -> bool:
    """Whether ``line`` goes on with a statement that starts at ``statement_indent``: it is
    indented deeper, or starts with an operator, a value or a word that cannot start a
    statement. A misspelled keyword (``curency``) starts a statement of its own."""
    stripped = line.strip()
    first = _first_word(line)
    if not stripped or stripped.startswith("#"):
        return True
    if first in _STATEMENT_KEYWORDS:
        return False
    if _indent(line) > statement_indent:
        return True
    return not (stripped[0].isalpha() or stripped[0] == "_") or first in _CONTINUATION_WORDS


def _blank_statement(text: str, line: int, column: int = 0) -> str | None:
    """``text`` with the statement around ``line`` replaced by spaces (positions kept).

    Only that statement goes: the lines it continues on, never a neighbouring statement,
    so that a misspelled keyword on the next line is still reported.
    """
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    depth_at: list[int] = []
    depth = 0
    for ln in lines:
        depth_at.append(depth)
        cut = _comment_start(ln)
        code = ln[:cut] if cut is not None else ln
        depth += code.count("{") - code.count("}")
    idx = line - 1
    if _first_word(lines[idx]) == "}" and depth_at[idx] <= 1 and idx > 0:
        idx -= 1  # the template's closing brace: the statement before it is unfinished
        column = 0
        while idx > 0 and not lines[idx].strip():
            idx -= 1
    if depth_at[idx] >= 2 or _first_word(lines[idx]) == "}":
        first = last = idx  # inside a block: blank just this line
    else:
        first = idx
        at_line_start = column == _indent(lines[idx]) + 1
        while not at_line_start and first > 0 and depth_at[first - 1] == depth_at[idx] \
                and _continues(lines[first], _indent(lines[first - 1])):
            first -= 1
        if _first_word(lines[first]) in _TOP_KEYWORDS:
            return None
        last = idx
        while last + 1 < len(lines) and _first_word(lines[last + 1]) not in ("}", *_TOP_KEYWORDS) \
                and _continues(lines[last + 1], _indent(lines[first])):
            last += 1
    for i in range(first, last + 1):
        lines[i] = " " * len(lines[i])
    return "\n".join(lines)


#: How deep a statement may nest (operations chained in one expression, groups in groups):
#: the checker, the evaluator and the formatter walk the tree recursively.
MAX_NESTING = 100


def _check_nesting(tree: Any, sink: DiagnosticSink) -> None:
    """Report each statement nested deeper than :data:`MAX_NESTING` (walked iteratively)."""
    from lark import Tree

    for definition in tree.children:
        for item in definition.children:
            if not isinstance(item, Tree):
                continue
            stack, deepest = [(item, 0)], 0
            while stack and deepest <= MAX_NESTING:
                node, depth = stack.pop()
                deepest = max(deepest, depth)
                stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))
            if deepest > MAX_NESTING:
                what = ("this expression" if item.data in ("rule_decl", "policy_decl")
                        else "this statement")
                sink.error(_span(item), f"{what} nests too deeply (more than {MAX_NESTING} "
                                        "levels: operations in one chain, groups in groups)",
                           "split it into several rules, or add up a table column with sum(...)"
                           if what == "this expression" else "split it", code="syntax")


#: Keywords a regex literal may follow (a '/' after them starts a regex, not a division).
_BEFORE_REGEX = ("pattern", "contains", "search", "replace", "from", "until", "line",
                 "first_line", "last_line", "skip_line", "of", "after", "below", "above",
                 "default", "header")


def _comment_start(line: str) -> int | None:
    """Column of a '#' comment outside strings and regexes, or None."""
    in_str = in_re = False
    prev = ""
    for i, ch in enumerate(line):
        if in_str:
            if ch == '"' and prev != "\\":
                in_str = False
        elif in_re:
            if ch == "/" and prev != "\\":
                in_re = False
        elif ch == '"':
            in_str = True
        elif ch == "/" and i + 1 < len(line) and line[i + 1] not in "/*":
            # a regex starts where a value is expected; division has spaces around it
            before = line[:i].rstrip()
            in_re = not before or before[-1] in "(,=~:|[" or before.endswith(
                _BEFORE_REGEX)
        elif ch == "#":
            return i
        prev = ch
    return None


def _report(sink: DiagnosticSink, e: Any) -> None:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    line = getattr(e, "line", 0) or 0
    column = getattr(e, "column", 0) or 0
    if isinstance(e, UnexpectedToken):
        tok = e.token
        if tok.type == "$END":
            line = len(sink.lines)
            column = len(sink.lines[-1]) + 1 if sink.lines else 1
        expected = describe_expected(e.accepts or e.expected)
        message = f"unexpected {_token_text(tok)}; expected {expected}"
        hint = _hint_for(tok, e.accepts or e.expected)
        rest = sink.lines[line - 1][column:] if 0 < line <= len(sink.lines) else ""
        if str(tok) == "/" and "REGEX" in (e.accepts or e.expected) and "/" not in rest:
            message, hint = "unterminated regex", "a /regex/ ends with / on the same line"
        span = A.Span(line, column, line, column + max(1, len(str(tok))))
    elif isinstance(e, UnexpectedCharacters):
        text = sink.lines[line - 1] if 0 < line <= len(sink.lines) else ""
        ch = text[column - 1] if 0 < column <= len(text) else "?"
        message, hint = _unexpected_character(e, text, column, ch)
        span = A.Span(line, column, line, column + 1)
    else:
        message = "the file ends too early; is a '}' missing?"
        hint = None
        line = len(sink.lines)
        span = A.Span(line, 1, line, 2)
    sink.error(span, message, hint, code="syntax")


def _unexpected_character(e: Any, text: str, column: int, ch: str
                          ) -> tuple[str, str | None]:
    """The message and hint for a character no token starts with."""
    if ch == '"' and '"' not in text[column:].replace('\\"', ""):
        return "unterminated string", 'a "quoted text" ends with " on the same line'
    message = f"unexpected character {ch!r}"
    allowed = set(getattr(e, "allowed", None) or ())
    accepted = _parser_accepts(e)
    if accepted is not None:
        allowed &= accepted  # the lexer also tries names everywhere (see _WholeWords)
    if allowed:
        message += f"; expected {describe_expected(allowed)}"
    return message, "strings use double quotes: \"text\"" if ch == "'" else None


def _parser_accepts(e: Any) -> set[str] | None:
    """The terminals the parser accepts where the error happened (None: unknown)."""
    state = getattr(e, "state", None)
    try:
        return set(state.parse_conf.states[state.position])
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


#: Keywords of two words, written as one by mistake: "rightof" -> "right of".
_PHRASES = ("right of", "left of", "each line")


def _hint_for(tok: Any, expected: set[str]) -> str | None:
    from formsift.util.suggest import did_you_mean

    keywords = [v.strip("'") for k, v in _terminal_display().items()
                if k in expected and v.startswith("'")]
    glued = {p.replace(" ", ""): p for p in _PHRASES}.get(str(tok).lower())
    if tok.type == "NAME" and glued and glued.split()[0] in keywords:
        return f"did you mean '{glued}'?"
    if tok.type == "NAME" and keywords:
        guess = did_you_mean(str(tok), keywords, cutoff=0.7)
        if guess:
            return f"did you mean '{guess}'?"
    if tok.type == "STRING" and "NAME" in expected:
        return "names are written without quotes"
    return None


class _BuildError(Exception):
    def __init__(self, span: A.Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


def _span(tree: Any) -> A.Span:
    if hasattr(tree, "meta"):
        return A.Span.of(tree.meta)
    return A.Span.of_token(tree)


def _unquote(tok: Any) -> str:
    s = str(tok)[1:-1]
    if "\\" not in s:
        return s
    out = []
    it = iter(s)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def _regex(tok: Any) -> A.Regex:
    text = str(tok)
    end = text.rindex("/")
    return A.Regex(text[1:end], text[end + 1:], A.Span.of_token(tok))


_ROW_RULES = {"row_line": "line", "row_first": "first_line", "row_last": "last_line",
              "row_skip": "skip_line"}


class _Builder:
    """Turns Lark's parse tree into the typed AST."""

    def __init__(self, sink: DiagnosticSink) -> None:
        self.sink = sink

    # -- helpers --------------------------------------------------------------------
    def name(self, tok: Any) -> A.Name:
        return A.Name(str(tok), A.Span.of_token(tok))

    def number(self, tree: Any) -> Decimal:
        return Decimal(str(tree.children[0]))

    def literal(self, node: Any) -> A.Literal:
        from lark import Token

        if isinstance(node, Token):
            if node.type == "STRING":
                return A.Literal(_unquote(node), A.Span.of_token(node))
            if node.type == "REGEX":
                return A.Literal(_regex(node), A.Span.of_token(node))
            raise _BuildError(A.Span.of_token(node), f"unexpected {node}")
        if node.data == "number":
            return A.Literal(self.number(node), _span(node))
        if node.data == "true":
            return A.Literal(True, _span(node))
        if node.data == "false":
            return A.Literal(False, _span(node))
        if node.data == "list_lit":
            return A.Literal([self.literal(c).value for c in node.children], _span(node))
        raise _BuildError(_span(node), f"unexpected {node.data}")

    def pattern_lit(self, tok: Any) -> str | A.Regex:
        return _regex(tok) if tok.type == "REGEX" else _unquote(tok)

    def label(self, tree: Any) -> A.Label:  # label and table_label
        return A.Label(tuple(self.pattern_lit(t) for t in tree.children), _span(tree))

    def coord(self, tree: Any) -> A.Coord:
        return A.Coord(self.number(tree.children[0]), len(tree.children) > 1, _span(tree))

    def page_sel(self, tree: Any) -> A.PageSel:
        sp = _span(tree)
        if tree.data == "page_which":
            return A.PageSel(str(tree.children[0].children[0]), span=sp)
        if tree.data == "page_number":
            n = int(tree.children[0])
            return A.PageSel("number", n, n, sp)
        return A.PageSel("range", int(tree.children[0]), int(tree.children[1]), sp)

    def call(self, tree: Any) -> A.Call:
        name = self.name(tree.children[0])
        args: list[A.Arg] = []
        if len(tree.children) > 1:
            for a in tree.children[1].children:
                if a.data == "pos_arg":
                    args.append(A.Arg(None, self.literal(a.children[0]), _span(a)))
                else:
                    args.append(A.Arg(self.name(a.children[0]), self.literal(a.children[1]),
                                      _span(a)))
        return A.Call(name, tuple(args), _span(tree))

    def type_ref(self, tree: Any) -> A.TypeRef:
        from lark import Token

        kids = list(tree.children)
        card = ""
        if isinstance(kids[-1], Token) and kids[-1].type == "CARDINALITY":
            card = str(kids.pop())
        call_tree = type("T", (), {"children": kids, "meta": tree.meta})()
        return A.TypeRef(self.call(call_tree), card, _span(tree))

    def box(self, tree: Any) -> A.BoxArea:
        coords = tuple(self.coord(c) for c in tree.children)
        return A.BoxArea(coords, _span(tree))  # type: ignore[arg-type]

    # -- template -------------------------------------------------------------------
    def template(self, tree: Any) -> A.TemplateDecl:
        t = A.TemplateDecl(self.name(tree.children[0]), _span(tree))
        for built in self._items(tree, t):
            if isinstance(built, A.MatchBlock):
                if t.match is not None:
                    self.sink.error(built.span, "a template has one match block; merge them")
                t.match = built
            elif isinstance(built, A.Stage):
                t.stages.append(built)
            elif isinstance(built, list):  # pipeline block
                t.stages.extend(built)
            elif isinstance(built, A.Region):
                t.regions.append(built)
            elif isinstance(built, A.FieldDecl):
                t.fields.append(built)
            elif isinstance(built, A.TableDecl):
                t.tables.append(built)
            elif isinstance(built, A.NormalizeBlock):
                t.normalize.extend(built.steps)
        return t

    def packet(self, tree: Any) -> A.PacketDecl:
        p = A.PacketDecl(self.name(tree.children[0]), _span(tree))
        for built in self._items(tree, p):
            if isinstance(built, A.DocumentDecl):
                p.documents.append(built)
        return p

    def _items(self, tree: Any, decl: A.TemplateDecl | A.PacketDecl) -> list[Any]:
        """Build a definition's items in order; settings, rules and policies are filed here,
        the rest by the caller."""
        out = []
        for item in tree.children[1:]:
            built = getattr(self, "item_" + item.data)(item)
            decl.items.append(built)
            if isinstance(built, A.Setting):
                decl.settings.append(built)
            elif isinstance(built, A.RuleDecl):
                decl.rules.append(built)
            elif isinstance(built, A.PolicyDecl):
                decl.policies.append(built)
            else:
                out.append(built)
        return out

    def item_document_decl(self, tree: Any) -> A.DocumentDecl:
        from lark import Token

        kids = list(tree.children)
        card = ""
        if isinstance(kids[-1], Token) and kids[-1].type == "CARDINALITY":
            tok = kids.pop()
            card = str(tok)
            if card != "?":
                raise _BuildError(A.Span.of_token(tok), "a packet document is one document; "
                                  "write '?' after the template for an optional one")
        return A.DocumentDecl(self.name(kids[0]), self.name(kids[1]), card == "?", _span(tree))

    def item_normalize_block(self, tree: Any) -> A.NormalizeBlock:
        steps = []
        for c in tree.children:
            if c.data == "norm_replace":
                steps.append(A.NormStep(A.Name("replace", _span(c)), _regex(c.children[0]),
                                        _unquote(c.children[1]), _span(c)))
            else:
                steps.append(A.NormStep(self.name(c.children[0]), span=_span(c)))
        return A.NormalizeBlock(tuple(steps), _span(tree))

    def item_setting(self, tree: Any) -> A.Setting:
        key = str(tree.children[0].children[0])
        return A.Setting(key, self.literal(tree.children[1]), _span(tree))

    def item_match_block(self, tree: Any) -> A.MatchBlock:
        items = []
        threshold = None
        for c in tree.children:
            if c.data == "match_threshold":
                threshold = self.number(c.children[0])
            else:
                items.append(self.match_item(c))
        return A.MatchBlock(tuple(items), threshold, _span(tree))

    def match_item(self, tree: Any) -> A.MatchItem:
        if tree.data == "match_test":
            weight = Decimal(1)
            if len(tree.children) > 1:
                weight = self.number(tree.children[1].children[0])
            return A.MatchTest(self.pattern_lit(tree.children[0]), weight, _span(tree))
        if tree.data == "match_not":
            return A.MatchNot(self.match_item(tree.children[0]), _span(tree))
        if tree.data == "match_threshold":
            raise _BuildError(_span(tree), "'threshold' belongs at the top of the match block")
        mode = "any" if tree.data == "match_any" else "all"
        return A.MatchGroup(mode, tuple(self.match_item(c) for c in tree.children), _span(tree))

    def item_pipeline_block(self, tree: Any) -> list[A.Stage]:
        stages = []
        for st in tree.children:
            key = str(st.children[0].children[0])
            stages.append(A.Stage(key, tuple(self.call(c) for c in st.children[1:]), _span(st)))
        return stages

    def item_region_decl(self, tree: Any) -> A.Region:
        name = self.name(tree.children[0])
        area_tree = tree.children[1]
        if area_tree.data == "box_area":
            area: A.BoxArea | A.AnchorArea = self.box(area_tree)
        else:
            direction = " ".join(str(t) for t in area_tree.children[0].children)
            size = None
            if len(area_tree.children) > 2:
                s = area_tree.children[2]
                size = (self.coord(s.children[0]), self.coord(s.children[1]))
            area = A.AnchorArea(direction, self.label(area_tree.children[1]), size,
                                _span(area_tree))
        pages = self.page_sel(tree.children[2]) if len(tree.children) > 2 else None
        return A.Region(name, area, pages, _span(tree))

    def item_field_decl(self, tree: Any) -> A.FieldDecl:
        name = self.name(tree.children[0])
        type_ref = self.type_ref(tree.children[1])
        locators: list[A.Locator] = []
        modifiers: list[A.Modifier] = []
        for c in tree.children[2:]:
            if c.data in _LOCATORS:
                locators.append(self.locator(c))
            else:
                modifiers.append(self.modifier(c))
        return A.FieldDecl(name, type_ref, tuple(locators), tuple(modifiers), _span(tree))

    def locator(self, tree: Any) -> A.Locator:
        sp = _span(tree)
        kind = tree.data
        if kind == "at_box":
            return A.Locator("box", sp, box=self.box(tree.children[0]))
        if kind == "relative":
            direction = " ".join(str(t) for t in tree.children[0].children)
            return A.Locator("relative", sp, direction=direction,
                             label=self.label(tree.children[1]))
        if kind == "after":
            return A.Locator("after", sp, label=self.label(tree.children[0]))
        if kind == "in_region":
            return A.Locator("region", sp, region=self.name(tree.children[0]))
        if kind == "pattern_locator":
            return A.Locator("pattern", sp, regex=_regex(tree.children[0]))
        if kind == "search_locator":
            return A.Locator("search", sp, regex=_regex(tree.children[0]))
        if kind == "anywhere":
            return A.Locator("anywhere", sp)
        return A.Locator("constant", sp, value=self.literal(tree.children[0]))

    def modifier(self, tree: Any) -> A.Modifier:
        sp = _span(tree)
        kind = tree.data
        if kind == "scope":
            return A.Modifier("scope", sp, region=self.name(tree.children[0]))
        if kind == "pattern":
            return A.Modifier("pattern", sp, regex=_regex(tree.children[0]))
        if kind == "on_pages":
            return A.Modifier("pages", sp, pages=self.page_sel(tree.children[0]))
        if kind == "handwritten":
            return A.Modifier("handwritten", sp)
        if kind == "default":
            return A.Modifier("default", sp, value=self.literal(tree.children[0]))
        if kind in ("from_mod", "until_mod"):
            label = A.Label((self.pattern_lit(tree.children[0]),), sp)
            return A.Modifier(kind[:-4], sp, label=label)
        if kind == "combine":
            return A.Modifier("combine", sp, name=self.name(tree.children[0]))
        if kind == "each_line":
            return A.Modifier("each_line", sp)
        return A.Modifier("within", sp, coord=self.coord(tree.children[0]))

    def item_table_decl(self, tree: Any) -> A.TableDecl:
        name = self.name(tree.children[0])
        columns = []
        until = start = None
        region = None
        rows: list[tuple[str, A.Label]] = []
        blocks: list[A.RowBlock] = []
        for c in tree.children[1:]:
            if c.data == "column_decl":
                rest = list(c.children[2:])
                header = None
                if rest and getattr(rest[0], "data", None) == "table_label":
                    header = self.label(rest.pop(0))
                opts = {o.data for o in rest}
                columns.append(A.Column(self.name(c.children[0]), self.type_ref(c.children[1]),
                                        header, "multiline" in opts,
                                        "col_handwritten" in opts, _span(c)))
            elif c.data in _ROW_RULES:
                rows.append((_ROW_RULES[c.data], self.label(c.children[0])))
            elif c.data == "row_block":
                blocks.append(self.row_block(c))
            elif c.data == "until":
                until = self.label(c.children[0])
            elif c.data == "table_start":
                start = self.label(c.children[0])
            else:
                region = self.name(c.children[0])
        return A.TableDecl(name, tuple(columns), until, start, region, _span(tree),
                           tuple(rows), tuple(blocks))

    def row_block(self, tree: Any) -> A.RowBlock:
        rows = []
        start = until = None
        for c in tree.children:
            if c.data == "until":
                until = self.label(c.children[0])
            elif c.data == "table_start":
                start = self.label(c.children[0])
            else:
                rows.append((_ROW_RULES[c.data], self.label(c.children[0])))
        return A.RowBlock(tuple(rows), start, until, _span(tree))

    def item_rule_decl(self, tree: Any) -> A.RuleDecl:
        severity = "error" if str(tree.children[0].children[0]) == "rule" else "warn"
        name = self.name(tree.children[1])
        body = tree.children[2]
        each = None
        if getattr(body, "data", None) == "each":
            each = self.name(body.children[0])
            body = body.children[1]
        tol = msg = None
        for c in tree.children[3:]:
            if c.data == "tolerance":
                tol = A.Tolerance(self.number(c.children[0]), len(c.children) > 1, _span(c))
            else:
                msg = _unquote(c.children[0])
        return A.RuleDecl(severity, name, self.expr(body), each, tol, msg, _span(tree))

    def item_policy_decl(self, tree: Any) -> A.PolicyDecl:
        action = str(tree.children[0].children[0])
        msg = _unquote(tree.children[2].children[0]) if len(tree.children) > 2 else None
        return A.PolicyDecl(action, self.expr(tree.children[1]), msg, _span(tree))

    # -- expressions -----------------------------------------------------------------
    def expr(self, node: Any) -> A.Expr:
        from lark import Token

        if isinstance(node, Token):  # pragma: no cover - atoms are wrapped
            raise _BuildError(A.Span.of_token(node), f"unexpected {node}")
        sp = _span(node)
        d = node.data
        k = node.children
        if d == "num":
            return A.Num(self.number(k[0]), sp)
        if d == "str_":
            return A.Str(_unquote(k[0]), sp)
        if d == "regex_":
            return A.RegexLit(_regex(k[0]), sp)
        if d == "true":
            return A.Bool(True, sp)
        if d == "false":
            return A.Bool(False, sp)
        if d == "ref":
            return A.Ref(self.name(k[0]), self.name(k[1]) if len(k) > 1 else None, sp)
        if d == "call":
            return A.FuncCall(self.name(k[0]), tuple(self.expr(a) for a in k[1:]), sp)
        if d == "neg":
            return A.Unary("-", self.expr(k[0]), sp)
        if d == "not_":
            return A.Unary("not", self.expr(k[0]), sp)
        if d in ("or_", "and_"):
            return A.Binary(d[:-1], self.expr(k[0]), self.expr(k[1]), sp)
        if d in ("compare", "arith"):
            return A.Binary(str(k[1]), self.expr(k[0]), self.expr(k[2]), sp)
        raise _BuildError(sp, f"unexpected expression {d}")  # pragma: no cover


_LOCATORS = {"at_box", "relative", "after", "in_region", "pattern_locator", "search_locator",
             "anywhere",
             "constant"}
