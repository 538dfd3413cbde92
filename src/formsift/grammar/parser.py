"""Parse ``.sift`` source into the typed AST, with friendly syntax errors.

The LALR parser is built once per process, lazily, from ``formsift.lark`` (strict mode: no
conflicts, no token collisions) and cached on disk by Lark so later processes load it fast.
The cache is a pickle, so it lives in a directory only the user can write (see
:func:`cache_dir`), never in a shared one such as ``/tmp``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from formsift.grammar import ast as A
from formsift.grammar.diagnostics import Diagnostic, DiagnosticSink
from formsift.grammar.hints import no_rows_form

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


def cache_dir() -> Path | None:
    """The user's own formsift cache directory, or None when there is no safe one.

    ``$FORMSIFT_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/formsift`` or
    ``~/.cache/formsift``; created with mode 0o700. The parser cache in it is a pickle that
    is loaded (and so may run code): a directory that is not the user's, or that others may
    write to, is not used, and neither is one the user cannot write to.
    """
    configured = os.environ.get("FORMSIFT_CACHE_DIR")
    try:
        if configured:
            where = Path(configured)
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            # the XDG spec: a relative path is invalid and is ignored
            base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
            where = base / "formsift"
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = where.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return None
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        return None
    if not os.access(where, os.W_OK | os.X_OK):
        return None
    return where


def _cache_file(grammar: str) -> str | bool:
    """Where Lark keeps the built parser (False: build it in memory every time)."""
    import lark

    where = cache_dir()
    if where is None:
        return False
    key = f"{grammar}\0whole-words\0{lark.__version__}\0{sys.version_info[:2]}"
    path = where / f"grammar-{hashlib.sha256(key.encode()).hexdigest()[:16]}.lark"
    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return False  # not written by this user: never unpickle it
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return str(path)


@functools.cache
def get_parser() -> Any:
    """The Lark parser, built on first use and cached for the life of the process (and on
    disk, in :func:`cache_dir`, for later processes)."""
    from lark import Lark

    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    cache_file = _cache_file(grammar)
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
                                 "decimal, thousands, date_order, duplicates, fallback, match, "
                                 "pipeline, "
                                 "normalize, "
                                 "region, field, table, group, map, param, rule, warn, review, "
                                 "reject "
                                 "or accept) "
                                 "or '}'"),
    ({"DOCUMENT", "RULE"}, "a packet statement (title, version, document, param, rule, "
                           "warn, review, reject or accept) or '}'"),
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
    if {"INT", "FLOAT"} <= set(names):  # a whole number is a number: say "a number" once
        names = set(names) - {"INT"}
    shown = _terminal_display()
    words = sorted({shown.get(n, n.lower()) for n in names})
    if len(words) > 8:
        words = [*words[:8], "..."]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class BlankedStatement:
    """A statement with a syntax error, blanked out so the rest of the file can be read."""

    first_line: int
    last_line: int
    #: The names it may declare (see :func:`_declared_words`).
    names: frozenset[str]
    #: The table or packet it was in, which lost it.
    within: str | None = None


@dataclass(frozen=True)
class ParseResult:
    """The outcome of :func:`parse_recovering`."""

    #: The file's AST; None when it has syntax errors.
    tree: A.TemplateFile | None
    #: Every diagnostic of reading the file, in source order.
    diagnostics: list[Diagnostic]
    #: With syntax errors: the file read with each broken statement blanked out (same lines
    #: and columns), to check the rest of it; never to be used as a template. None when
    #: even that cannot be read (the file ends inside a statement, say).
    recovered: A.TemplateFile | None = None
    #: The statements blanked out to read ``recovered``.
    blanked: tuple[BlankedStatement, ...] = ()

    def follows_from_blanking(self, span: A.Span, message: str) -> bool:
        """Whether a problem found in ``recovered`` may just come from a blanked statement:
        it names what a blanked statement declares (a rule using a field whose declaration
        has a syntax error) or the table or packet that lost it (a rule using a column of
        that table), or it is about a block that lost a line (a table whose only column has
        one)."""
        quoted = set(re.findall(r"'([A-Za-z_]\w*)'", message))
        for b in self.blanked:
            if quoted & b.names or b.within in quoted:
                return True
            if span.end_line > span.line and span.line <= b.first_line \
                    and b.last_line <= span.end_line:
                return True
        return False


#: The largest template source parsed (1 MB): real templates are a few KB.
MAX_SOURCE_BYTES = 1_000_000


def parse(source: str, path: str = "<template>") -> tuple[A.TemplateFile | None, list[Diagnostic]]:
    """Parse ``source``. Returns the AST (None on syntax errors) and the diagnostics.

    The AST may come with errors that do not stop the file being read (a second match
    block): check the diagnostics before using it, as the checker does.
    """
    result = parse_recovering(source, path)
    return result.tree, result.diagnostics


def parse_recovering(source: str, path: str = "<template>") -> ParseResult:
    """Parse ``source``; on syntax errors, also read the rest of the file for checking.

    After a syntax error the statement it is in is blanked out (replaced by spaces, so
    lines and columns stay the same) and the text parsed again, so that one run reports
    every independent syntax error of the file, not a cascade of one. When the text then
    parses, the result's ``recovered`` AST holds the rest of the file.

    A file read before (same text, same path, same formsift) is not parsed again: the
    result is kept for the process and, in :func:`cache_dir`, for later processes.
    """
    from formsift.grammar import parse_cache

    size = len(source) if source.isascii() else len(source.encode("utf-8", "replace"))
    if size > MAX_SOURCE_BYTES:  # parsing costs ~300 bytes of memory per byte
        return ParseResult(None, [Diagnostic(
            path, 0, 0, f"the template is {size:,} bytes, over the limit of "
                        f"{MAX_SOURCE_BYTES:,} (1 MB); templates are a few KB", code="file")])
    result = parse_cache.lookup(source, path)
    if result is None:
        result = _parse(source, path)
        parse_cache.keep(source, path, result)
    # the diagnostics list is the caller's to extend; the AST itself is immutable
    return replace(result, diagnostics=list(result.diagnostics))


def _parse(source: str, path: str) -> ParseResult:
    from lark.exceptions import UnexpectedInput

    if source.startswith("\ufeff"):  # a byte-order mark some editors write: a blank
        source = " " + source[1:]  # (same lines and columns for every diagnostic)

    sink = DiagnosticSink(path, source)
    parser = get_parser()
    original = source.split("\n")
    text = source
    tree = None
    blanked: list[BlankedStatement] = []
    closed = 0  # braces added at the end to check the rest of a file that lacks them
    for _attempt in range(20):
        try:
            tree = parser.parse(text)
            break
        except UnexpectedInput as e:
            at_end = getattr(getattr(e, "token", None), "type", "") == "$END"
            if not (at_end and closed):  # the first "ends too early" says it all
                _report(sink, e)
            if at_end:
                if closed < 3 and "RBRACE" in set(getattr(e, "expected", None) or ()):
                    text += "\n}"  # a missing '}': check what the file has all the same
                    closed += 1
                    continue
                break
            lines = text.split("\n")
            where = _statement_lines(text, getattr(e, "line", 0) or 0,
                                     getattr(e, "column", 0) or 0, _cut_short(e, lines))
            if where is None:
                break
            first, stop = where
            if not any(lines[i].strip() for i in range(first, stop)):
                break
            blanked.append(BlankedStatement(first + 1, stop,
                                            _declared_words(lines[first:stop])))
            for i in range(first, stop):
                lines[i] = " " * len(lines[i])
            text = "\n".join(lines)
    if tree is None:
        return ParseResult(None, sink.sorted())
    found = len(sink.items)
    _check_nesting(tree, sink)
    if len(sink.items) > found:  # the AST builder recurses: a too deep tree is not built
        return ParseResult(None, sink.sorted())
    comments: list[tuple[int, str]] = []
    for lineno, line in enumerate(original, start=1):
        idx = _comment_start(line)
        if idx is not None:
            comments.append((lineno, line[idx:]))
    try:
        builder = _Builder(sink)
        templates = [builder.template(t) for t in tree.children if t.data == "template"]
        packets = [builder.packet(t) for t in tree.children if t.data == "packet"]
    except _BuildError as e:
        sink.error(e.span, e.message)
        return ParseResult(None, sink.sorted())
    built = A.TemplateFile(path, source, templates, comments, packets)
    if blanked or closed:
        blocks = [*packets, *(tb for t in templates for tb in t.tables)]
        blanked = [replace(b, within=next(
            (x.name.text for x in blocks
             if x.span.line < b.first_line and b.last_line < x.span.end_line), None))
            for b in blanked]
        return ParseResult(None, sink.sorted(), built, tuple(blanked))
    return ParseResult(built, sink.sorted())


_DECLARATION = re.compile(
    r"\b(?:field|region|table|rule|warn|document|map|param)\s+([A-Za-z_]\w*)")


def _declared_words(lines: list[str]) -> frozenset[str]:
    """The names blanked lines may declare: each line's head, the words before its first
    ':', '=', '{', '(', text or regex (``field NAME:``, ``table NAME {``, a column
    ``NAME: type``, and so when the keyword itself is what is broken: ``feild NAME``), and
    the name after each declaring keyword (another statement on the same line)."""
    words: set[str] = set()
    for line in lines:
        cut = _comment_start(line)
        code = line[:cut] if cut is not None else line
        head = re.split(r"[:={(\"/]", code, maxsplit=1)[0]
        words.update(re.findall(r"[A-Za-z_]\w*", head))
        words.update(_DECLARATION.findall(code))
    return frozenset(words)


def _cut_short(e: Any, lines: list[str]) -> bool:
    """Whether the error is a statement cut short: the token that does not fit starts its
    line, and the parser still wanted more of the statement before (where a statement may
    end, it would accept a '}', or at the top level 'template' or the end)."""
    from lark.exceptions import UnexpectedToken

    if not isinstance(e, UnexpectedToken) or e.token.type in ("$END", "RBRACE"):
        return False
    line, column = getattr(e, "line", 0) or 0, getattr(e, "column", 0) or 0
    if not 0 < line <= len(lines) or lines[line - 1][:column - 1].strip():
        return False
    accepts = set(e.accepts or e.expected or ())
    return bool(accepts) and not accepts & {"RBRACE", "TEMPLATE", "PACKET", "$END"}


_STATEMENT_KEYWORDS = frozenset({
    "field", "region", "rule", "warn", "table", "group", "match", "pipeline", "review",
    "reject", "accept", "title", "version", "locale", "currency", "decimal", "thousands",
    "date_order", "description", "duplicates", "fallback", "document", "normalize", "map",
    "param"})
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


def _statement_lines(text: str, line: int, column: int = 0, cut_short: bool = False
                     ) -> tuple[int, int] | None:
    """The lines (a ``range``'s start and stop, from 0) of the statement around ``line``
    (the error at ``column``); None when it cannot be told apart from its definition.
    ``cut_short``: the error is the first token of a line, and the statement before it is
    the unfinished one.

    Only that statement: the lines it continues on, never a neighbouring statement, so that
    a misspelled keyword on the next line is still reported.
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
    if (cut_short or (_first_word(lines[idx]) == "}" and depth_at[idx] <= 1)) and idx > 0:
        # the template's closing brace, or a statement where the parser wanted more of the
        # one before: the statement before it is unfinished
        idx -= 1
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
    return first, last + 1


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


def _several_documents_hint(tok: Any, source_line: str) -> str | None:
    """``document pays: payslip_uk+`` (or ``*``, ``{2,3}``): a packet role of several
    documents is written with a count in brackets."""
    if str(tok) in ("+", "*", "{") and re.match(r"\s*document\s+\w+\s*:", source_line):
        return ("several documents of one template: TEMPLATE[] (one or more), "
                "TEMPLATE[2..3], TEMPLATE[1..], TEMPLATE[0..4]")
    return None


def _cardinality_before_args_hint(tok: Any, source_line: str, column: int) -> str | None:
    """``text?(pattern=/.../)``: a type's options come before its ``?`` or ``[]``."""
    before = re.search(r"(\w+)\s*(\?|\[\])\s*$", source_line[:column - 1])
    if str(tok) != "(" or before is None:
        return None
    args = _balanced_parens(source_line[column - 1:])
    return (f"a type's options come before its '{before[2]}': "
            f"{before[1]}{args or '(...)'}{before[2]}")


def _balanced_parens(text: str) -> str | None:
    """The ``(...)`` that ``text`` starts with, up to its matching ')' (None: unmatched)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return text[:i + 1]
    return None


def _each_in_expression_hint(tok: Any, source_line: str, column: int) -> str | None:
    """``rule r: missing(miles) or each miles: ...``: an ``each`` starts its rule, it is no
    operand; a table that may have no rows is said with ``missing(T) or`` and a count of
    the rows that fail."""
    before = re.search(r"\b(or|and|not)\s+each\s*$", source_line[:column - 1])
    if tok.type != "NAME" or before is None:
        return None
    table = str(tok)
    return (f"'each' starts a rule (rule r: each {table}: ...), it cannot follow "
            f"'{before[1]}'; where '{table}' may have no rows, write: "
            f"{no_rows_form(table, each=True)}")


def _report(sink: DiagnosticSink, e: Any) -> None:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    line = getattr(e, "line", 0) or 0
    column = getattr(e, "column", 0) or 0
    if isinstance(e, UnexpectedToken):
        tok = e.token
        if tok.type == "$END":
            line = len(sink.lines)
            column = len(sink.lines[-1]) + 1 if sink.lines else 1
        accepts = set(e.accepts or e.expected)
        expected = describe_expected(accepts)
        hint = _hint_for(tok, accepts)
        width = len(str(tok))
        if tok.type == "$END":
            message = f"the file ends too early; expected {expected}"
            if "RBRACE" in accepts:
                hint = "is a '}' missing?"
        elif tok.type == "EQUAL" and "COMP_OP" in accepts:
            # `rule r: a = 1`: the expression is complete, so the parser wants what comes
            # after a statement; the user meant to compare
            message = f"unexpected '='; expected {describe_expected({'COMP_OP'})}"
            hint = "did you mean '=='? ('==' compares two values)"
        elif tok.type == "COLON" and (word := _keyword_before(sink, line, column)):
            # `header: text` after a column: a name the grammar reads as a keyword here
            message = f"'{word}' is a keyword here, so it cannot be the name before ':'"
            hint = f"give it another name, such as '{word}_col'"
            column, width = column - len(word) - _gap_before(sink, line, column), len(word)
        elif (exponent := _exponent_literal(tok, sink, line, column)) is not None:
            # 1e999 reads as the number 1 and the name e999: say what was meant
            message = f"exponent notation is not supported: '{exponent[0]}'"
            hint = "write the number in digits (1e3 is 1000, 2.5e-3 is 0.0025)"
            column, width = exponent[1], len(exponent[0])
        elif _after_regex(sink, line, column) and str(tok).isalpha():
            # /x/q: letters glued to a regex's closing slash are meant as its flags
            bad = sorted(set(str(tok)) - set("imsx"))
            message = f"unknown regex flag{'s' if len(bad) > 1 else ''} '{''.join(bad)}'"
            hint = "a regex takes the flags i (ignore case), m, s and x"
        else:
            message = f"unexpected '{tok}'; expected {expected}"
            source_line = sink.lines[line - 1] if 0 < line <= len(sink.lines) else ""
            hint = (_clause_order_hint(tok, accepts, source_line, column) or hint
                    or _quote_hint(tok, accepts, source_line, column)
                    or _several_documents_hint(tok, source_line)
                    or _cardinality_before_args_hint(tok, source_line, column)
                    or _each_in_expression_hint(tok, source_line, column))
        rest = sink.lines[line - 1][column:] if 0 < line <= len(sink.lines) else ""
        if str(tok) == "/" and "REGEX" in (e.accepts or e.expected) and "/" not in rest:
            message, hint = "unterminated regex", "a /regex/ ends with / on the same line"
        span = A.Span(line, column, line, column + max(1, width))
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


def _keyword_before(sink: Any, line: int, column: int) -> str | None:
    """The keyword written right before ``column`` of ``line`` (a column's or field's name
    that the parser took for a keyword where both may stand), or None."""
    text = sink.lines[line - 1][:column - 1] if 0 < line <= len(sink.lines) else ""
    m = re.search(r"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\s*$", text)
    if m is None:
        return None
    keywords = {v.strip("'") for v in _terminal_display().values() if v.startswith("'")}
    return m.group(1) if m.group(1) in keywords else None


def _gap_before(sink: Any, line: int, column: int) -> int:
    text = sink.lines[line - 1][:column - 1]
    return len(text) - len(text.rstrip())


def _exponent_literal(tok: Any, sink: Any, line: int, column: int
                      ) -> tuple[str, int] | None:
    """A number written with an exponent (``1e999``, ``2.5E-3``), which the lexer reads as a
    number and a name glued to it: the literal as written and its 1-based column."""
    if getattr(tok, "type", "") != "NAME" or not re.fullmatch(r"[eE]\d*", str(tok)) \
            or not 0 < line <= len(sink.lines):
        return None
    text = sink.lines[line - 1]
    number = re.search(r"\d+(?:\.\d+)?$", text[:column - 1])
    if number is None:
        return None
    exponent = re.match(r"[eE][+-]?\d*", text[column - 1:])
    end = column - 1 + (exponent.end() if exponent else len(str(tok)))
    return text[number.start():end], number.start() + 1


#: A setting and its value, the rest of the line (``title "Brightline quotation"``), when
#: that holds no quote.
_SETTING_LINE = re.compile(r"\s*(title|version|locale|currency|decimal|thousands|date_order"
                           r"|description|duplicates)\s+([^\"]+)$")


def _quote_hint(tok: Any, accepts: set[str], line: str, column: int) -> str | None:
    """The hint for text written without quotes where a "quoted text" goes: the text
    quoted (a setting's whole value: ``title Brightline quotation``)."""
    if tok.type != "NAME" or "STRING" not in accepts or "NAME" in accepts:
        return None
    code = line[:_comment_start(line) or len(line)].rstrip()
    setting = _SETTING_LINE.match(code)
    if setting and setting.start(2) <= column - 1:
        return f'text is written in double quotes: {setting[1]} "{setting[2]}"'
    return f'text is written in double quotes: "{tok}"'


def _after_regex(sink: Any, line: int, column: int) -> bool:
    """Whether the text just before ``line:column`` ends a regex (``/.../`` and flags)."""
    if not 0 < line <= len(sink.lines):
        return False
    before = sink.lines[line - 1][:column - 1]
    return bool(re.search(r"/(?![/*])(?:[^/\\\n]|\\.)+/[imsx]*$", before))


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


#: A column's options, which follow its header label.
_COLUMN_OPTIONS = ("multiline", "handwritten", "default", "heading")
#: A field's modifiers, which follow its locators.
_FIELD_MODIFIERS = frozenset({"in", "pattern", "on", "handwritten", "default", "within",
                              "from", "until", "combine", "each"})


def _clause_order_hint(tok: Any, accepts: set[str], line: str, column: int) -> str | None:
    """The hint for a column or field whose clauses are in the wrong order: the order and
    the line rewritten in it. A column's ``header`` comes right after its type, before its
    options (``qty: int default 0 header "Qty"`` reads ``header`` as the next column's
    name); a field's locator (``= ...``) comes before its modifiers."""
    start = column - 1
    code = line[:_comment_start(line) or len(line)].rstrip()
    if tok.type in ("STRING", "REGEX") and accepts == {"COLON"}:
        return _column_order_hint(code, start)
    if str(tok) in _FIELD_MODIFIERS and accepts == {"EQUAL"} \
            and re.match(r"\s*field\s", code):
        return _field_order_hint(code, start, str(tok))
    if str(tok) == "or" and re.match(r"\s*field\s", code):
        return _modifier_before_or_hint(code, start)
    return None


def _modifier_before_or_hint(code: str, or_start: int) -> str | None:
    """The hint for a modifier written between two locators (``= below "A" in zahlteil or
    anywhere``): modifiers come after the last locator and apply to every one."""
    i = code.find("=")
    if i < 0:
        return None
    i += 1
    locator_read = False  # `in REGION` right after the '=' is the locator, not a modifier
    while i < or_start:  # the first modifier word after the '=', outside literals
        if code[i] in "\"/(":
            i = _skip_literal(code, i)
            continue
        word = re.match(r"[A-Za-z_]\w*", code[i:])
        if word is None:
            i += 1
            continue
        if not locator_read:
            locator_read = True
            if word.group() == "in":  # skip the region's name too
                region = re.match(r"in\s+[A-Za-z_]\w*", code[i:])
                i += region.end() if region else word.end()
                continue
        if word.group() in _FIELD_MODIFIERS and code[i - 1:i].isspace():
            moved, rest = code[i:or_start].strip(), code[or_start:].strip()
            # the last locator may carry the same modifiers already: written once
            fixed = f"{code[:i].rstrip()} {rest}" + (
                "" if rest.endswith(moved) else f" {moved}")
            return (f"modifiers such as '{word.group()}' come after the last locator and "
                    f"apply to every one: {fixed.strip()}")
        i += word.end()
    return None


def _column_order_hint(code: str, label_start: int) -> str | None:
    header = re.search(r"\bheader\s*$", code[:label_start])
    decl = re.match(r"\s*([A-Za-z_]\w*\s*:\s*)", code)
    if header is None or decl is None:
        return None
    type_end = _type_end(code, decl.end())
    if type_end is None:
        return None
    options = code[type_end:header.start()].strip()
    if not options.startswith(_COLUMN_OPTIONS):
        return None
    found = [w for w in re.findall(r"[A-Za-z_]\w*", options) if w in _COLUMN_OPTIONS]
    label_end = label_start
    while True:  # "A" | "B" | /C/
        label_end = _skip_literal(code, label_end)
        more = re.match(r"\s*\|\s*", code[label_end:])
        if more is None or label_end == len(code):
            break
        label_end += more.end()
    label = code[label_start:label_end]
    after = code[label_end:].strip()
    fixed = " ".join(x for x in (code[:type_end].strip(), "header", label, options, after) if x)
    return (f"in a column, 'header' comes right after the type, before "
            f"{' and '.join(dict.fromkeys(repr(w) for w in found))}: {fixed}")


def _field_order_hint(code: str, start: int, word: str) -> str | None:
    general = (f"in a field, the locator ('= right of ...') comes first, then modifiers "
               f"such as '{word}'")
    i = start
    while i < len(code) and code[i] != "=":  # the modifiers, up to the locator's '='
        i = _skip_literal(code, i) if code[i] in "\"/(" else i + 1
    locator = code[i + 1:].strip()
    if i >= len(code) or not locator:
        return general
    fixed = f"{code[:start].strip()} = {locator} {code[start:i].strip()}"
    return f"{general}: {fixed}"


def _type_end(code: str, i: int) -> int | None:
    """Where the type written at ``code[i:]`` ends: a name, arguments in parentheses, '?'
    or '[]'."""
    name = re.match(r"[A-Za-z_]\w*", code[i:])
    if name is None:
        return None
    i += name.end()
    if code[i:i + 1] == "(":
        i = _skip_literal(code, i)
    for mark in ("?", "[]"):
        if code.startswith(mark, i):
            i += len(mark)
    return i


def _skip_literal(code: str, i: int) -> int:
    """The index after the "string", /regex/ (and flags) or (parenthesized arguments, with
    the strings and regexes in them) that starts at ``code[i]``; ``i + 1`` for anything
    else. An unclosed one runs to the end of the line."""
    opener = code[i:i + 1]
    if opener in ('"', "/"):
        j = i + 1
        while j < len(code) and code[j] != opener:
            j += 2 if code[j] == "\\" else 1
        j += 1
        if opener == "/":
            while j < len(code) and code[j] in "imsx":
                j += 1
        return min(j, len(code))
    if opener == "(":
        j, depth = i, 0
        while j < len(code):
            if code[j] in "\"/":
                j = _skip_literal(code, j)
                continue
            depth += {"(": 1, ")": -1}.get(code[j], 0)
            j += 1
            if depth == 0:
                break
        return j
    return i + 1


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
        if node.data == "neg_number":  # weight(offset=-40), value -5
            return A.Literal(-self.number(node.children[0]), _span(node))
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
            elif isinstance(built, A.GroupDecl):
                t.groups.append(built)
            elif isinstance(built, A.MapDecl):
                t.maps.append(built)
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
            elif isinstance(built, A.ParamDecl):
                decl.params.append(built)
            else:
                out.append(built)
        return out

    def item_document_decl(self, tree: Any) -> A.DocumentDecl:
        from lark import Token

        kids = list(tree.children)
        card = ""
        count: tuple[int, int | None] | None = None
        if isinstance(kids[-1], Token) and kids[-1].type == "CARDINALITY":
            card = str(kids.pop())
            if card == "[]":  # one or more
                count = (1, None)
        elif not isinstance(kids[-1], Token) and kids[-1].data == "doc_count":
            nums = [int(t) for t in kids.pop().children]
            count = (nums[0], nums[1] if len(nums) > 1 else None)
        return A.DocumentDecl(self.name(kids[0]), self.name(kids[1]),
                              card == "?" or (count is not None and count[0] == 0),
                              _span(tree), count)

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

    def item_group_decl(self, tree: Any) -> A.GroupDecl:
        return A.GroupDecl(self.name(tree.children[0]),
                           tuple(self.item_field_decl(c) for c in tree.children[1:]),
                           _span(tree))

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
                default = next((self.expr(o.children[0]) for o in rest
                                if o.data == "col_default"), None)
                columns.append(A.Column(self.name(c.children[0]), self.type_ref(c.children[1]),
                                        header, "multiline" in opts,
                                        "col_handwritten" in opts, _span(c), default,
                                        "col_heading" in opts))
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

    def item_map_decl(self, tree: Any) -> A.MapDecl:
        entries = []
        for entry in tree.children[1:]:
            key, value = (self.literal(c) for c in (entry.children[0].children[0],
                                                     entry.children[1]))
            for lit, what in ((key, "key"), (value, "value")):
                if isinstance(lit.value, (A.Regex, list)):
                    raise _BuildError(lit.span, f"a map's {what} is a number or a \"text\"")
            if isinstance(key.value, bool):
                raise _BuildError(key.span, "a map's key is a number or a \"text\"")
            entries.append((key, value))
        return A.MapDecl(self.name(tree.children[0]), tuple(entries), _span(tree))

    def item_param_decl(self, tree: Any) -> A.ParamDecl:
        default = self.literal(tree.children[2]) if len(tree.children) > 2 else None
        return A.ParamDecl(self.name(tree.children[0]), self.param_type(tree.children[1]),
                           default, _span(tree))

    def param_type(self, tree: Any) -> A.TypeRef:
        name = self.name(tree.children[0])
        card = str(tree.children[1]) if len(tree.children) > 1 else ""
        return A.TypeRef(A.Call(name, (), name.span), card, _span(tree))

    def item_rule_decl(self, tree: Any) -> A.RuleDecl:
        severity = "error" if str(tree.children[0].children[0]) == "rule" else "warn"
        name = self.name(tree.children[1])
        body = tree.children[2]
        each = each_role = None
        if getattr(body, "data", None) == "each":
            names = [self.name(c) for c in body.children[:-1]]
            each = names[-1]
            each_role = names[0] if len(names) > 1 else None
            body = body.children[-1]
        each_page = getattr(body, "data", None) == "each_page"
        if each_page:
            body = body.children[-1]
        tol = msg = None
        for c in tree.children[3:]:
            if c.data == "tolerance":
                tol = A.Tolerance(self.number(c.children[0]), len(c.children) > 1, _span(c))
            else:
                msg = _unquote(c.children[0])
        return A.RuleDecl(severity, name, self.expr(body), each, tol, msg, _span(tree),
                          each_role, each_page)

    def item_policy_decl(self, tree: Any) -> A.PolicyDecl:
        action = str(tree.children[0].children[0])
        msg = _unquote(tree.children[2].children[0]) if len(tree.children) > 2 else None
        return A.PolicyDecl(action, self.expr(tree.children[1]), msg, _span(tree))

    # -- expressions -----------------------------------------------------------------
    def param_ref(self, k: list[Any], sp: A.Span) -> A.Param:
        """``param.NAME``: a parameter the caller gives (``param`` names no field here)."""
        if len(k) > 2:
            raise _BuildError(sp, f"a parameter has no parts: write 'param.{k[1]}'")
        return A.Param(self.name(k[1]), sp)

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
        if d == "ref" and str(k[0]) == "param" and len(k) > 1:
            return self.param_ref(k, sp)
        if d == "ref":
            return A.Ref(self.name(k[0]), self.name(k[1]) if len(k) > 1 else None, sp,
                         self.name(k[2]) if len(k) > 2 else None)
        if d == "call":
            return A.FuncCall(self.name(k[0]), tuple(self.expr(a) for a in k[1:]), sp)
        if d == "call_where":
            return A.FuncCall(self.name(k[0]), (self.expr(k[1]),), sp, self.expr(k[2]))
        if d == "neg":
            return A.Unary("-", self.expr(k[0]), sp)
        if d == "not_":
            return A.Unary("not", self.expr(k[0]), sp)
        if d in ("or_", "and_"):
            return A.Binary(d[:-1], self.expr(k[0]), self.expr(k[1]), sp)
        if d in ("compare", "arith"):
            return A.Binary(str(k[1]), self.expr(k[0]), self.expr(k[2]), sp)
        if d in ("member", "not_member"):
            return A.Binary("in" if d == "member" else "not in", self.expr(k[0]),
                            self.expr(k[1]), sp)
        raise _BuildError(sp, f"unexpected expression {d}")  # pragma: no cover


_LOCATORS = {"at_box", "relative", "after", "in_region", "pattern_locator", "search_locator",
             "anywhere",
             "constant"}
