"""Rule-function arguments that name a file (``Function.file_params``): a relative path
written in the template is read from the template's folder, as a component's file option
(``path_options``) is, so ``vat_whitelisted(vat, "whitelist.csv")`` finds the list beside
the template wherever formsift runs. The compiler rewrites the literal into the absolute
path before the rule is checked, so the function's ``check`` and ``impl`` both get it.
A leading ``~`` is the user's home folder; a URL (``scheme://``: ``https://...``,
``file:///...``, ``db://lists``) names no file here and is passed as written, while a
name holding ':' without ``//`` (``wl-2026-01-01T10:00.csv``, ``C:\\lists\\wl.csv``) is a
path.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from formsift.grammar import ast as A

#: A URL: a scheme (two letters or more: ``C://`` is no URL) and ``//``. A scheme
#: alone is not enough: 'wl-2026-01-01T10:00.csv' and 'wl:2026.csv' are file names.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def resolve_file_args(expr: A.Expr, functions: dict[str, Any], folder: Path) -> A.Expr:
    """``expr`` with each text literal passed where a function takes a file
    (``file_params``) made absolute against ``folder``; ``expr`` itself when none is."""
    if isinstance(expr, A.FuncCall):
        positions = getattr(functions.get(expr.name.text), "file_params", ()) or ()
        args = tuple(_absolute(a, folder) if i in positions
                     else resolve_file_args(a, functions, folder)
                     for i, a in enumerate(expr.args))
        where = None if expr.where is None else \
            resolve_file_args(expr.where, functions, folder)
        if all(a is b for a, b in zip(args, expr.args, strict=True)) and where is expr.where:
            return expr
        return replace(expr, args=args, where=where)
    if isinstance(expr, A.Unary):
        operand = resolve_file_args(expr.operand, functions, folder)
        return expr if operand is expr.operand else replace(expr, operand=operand)
    if isinstance(expr, A.Binary):
        left = resolve_file_args(expr.left, functions, folder)
        right = resolve_file_args(expr.right, functions, folder)
        if left is expr.left and right is expr.right:
            return expr
        return replace(expr, left=left, right=right)
    return expr


def _absolute(arg: A.Expr, folder: Path) -> A.Expr:
    if not isinstance(arg, A.Str) or not arg.value.strip():
        return arg  # a field, a param or an expression: its value is the caller's
    if _URL.match(arg.value):
        return arg
    path = Path(arg.value).expanduser()
    if path.is_absolute():
        return arg if str(path) == arg.value else replace(arg, value=str(path))
    return replace(arg, value=str((folder / path).resolve()))
