"""Diagnostics: errors and warnings about a template, shown as users need to see them.

::

    invoice.sift:12:16: error: unknown field type 'mony'; did you mean 'money'?
       12 |   field total: mony = right of "Total"
          |                ^^^^
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from formsift.grammar.ast import Span

#: Characters of a source line shown under a message (longer lines are cut around the error).
_SHOWN = 120


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    severity: str = "error"
    end_column: int = 0
    source_line: str = ""
    hint: str | None = None
    code: str = "template"

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line > 0 else self.file
        head = f"{where}: {self.severity}: {self.message}"
        if not self.source_line or self.line <= 0:
            return head + (f"\n  hint: {self.hint}" if self.hint else "")
        gutter = f"{self.line:>5} | "
        width = max(1, (self.end_column or self.column + 1) - self.column)
        text = self.source_line.rstrip("\n").expandtabs(1)
        width = min(width, max(1, len(text) - self.column + 2))
        column = self.column
        if len(text) > _SHOWN:  # a very long line: the part around the error
            start = max(0, column - 1 - _SHOWN // 4)
            text = ("..." if start else "") + text[start:start + _SHOWN] + (
                "..." if start + _SHOWN < len(text) else "")
            column = column - start + (3 if start else 0)
            width = min(width, _SHOWN - (column - 1))
        caret = " " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^" * width
        out = f"{head}\n{gutter}{text}\n{caret}"
        if self.hint:
            out += f"\n{' ' * (len(gutter) - 2)}= hint: {self.hint}"
        return out

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class DiagnosticSink:
    """Collects every diagnostic of one file, so all errors are reported in one run."""

    def __init__(self, path: str, source: str,
                 suppress: Callable[[Span, str], bool] | None = None) -> None:
        self.path = path
        # Lark counts lines by '\n' only; so do we (splitlines also breaks at \v, \f...)
        self.lines = source.split("\n")
        self.items: list[Diagnostic] = []
        #: Drops the problems it returns True for (span, message): those that only follow
        #: from an error already reported.
        self.suppress = suppress

    def error(self, span: Span, message: str, hint: str | None = None,
              code: str = "template") -> None:
        self._add(span, message, "error", hint, code)

    def warning(self, span: Span, message: str, hint: str | None = None,
                code: str = "template") -> None:
        self._add(span, message, "warning", hint, code)

    def _add(self, span: Span, message: str, severity: str, hint: str | None,
             code: str) -> None:
        if self.suppress is not None and self.suppress(span, message):
            return
        line = span.line
        source_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        end = span.end_column if span.end_line == span.line else len(source_line) + 1
        self.items.append(Diagnostic(self.path, line, span.column, message, severity, end,
                                     source_line, hint, code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.column))
