"""Parsed template files kept for reuse: in the process, and on disk between processes.

Parsing is most of the time it takes to load a large template set (215 converted
invoice2data templates: about 9 ms each), and a process that starts for one document (a
CLI call, a batch worker) would otherwise pay it every time. A parse result depends only on
the file's text, its path (it is in every diagnostic) and the parser itself, so it is
kept under a key made of all three: a changed template, or another formsift, is parsed
afresh.

On disk, results live in ``cache_dir()/parsed/`` (the user's own directory, see
:func:`formsift.grammar.parser.cache_dir`), one file per template path, overwritten when
the template changes, so the cache grows with the number of template files, not edits
(and at most to :data:`DISK_FILES` files).
Every failure to read or write the cache is ignored: the file is then parsed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from formsift.util.files import write_atomically

if TYPE_CHECKING:
    from formsift.grammar.parser import ParseResult

#: Parse results kept in the process (most recently used last).
_MEMORY: OrderedDict[tuple[str, str], ParseResult] = OrderedDict()
MEMORY_SIZE = 1024
#: Files kept on disk; past it, the least recently written quarter goes (templates that
#: were moved or deleted, temporary files of tests).
DISK_FILES = 4096


@functools.cache
def _parser_fingerprint() -> bytes:
    """What a parse result depends on besides the file: the grammar and the code that
    turns its tree into the AST (a development checkout changes them without a release)."""
    here = Path(__file__).parent
    h = hashlib.sha256(repr(sys.version_info[:2]).encode())
    for name in ("formsift.lark", "parser.py", "ast.py", "diagnostics.py"):
        h.update((here / name).read_bytes())
    return h.digest()


def _key(source: str, path: str) -> str:
    h = hashlib.sha256(_parser_fingerprint())
    h.update(path.encode("utf-8", "surrogatepass") + b"\0")
    h.update(source.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _disk_file(path: str) -> Path | None:
    """Where the result for the template at ``path`` is kept (None: not on disk, for
    sources that are not files, or when there is no safe cache directory)."""
    if path.startswith("<"):
        return None
    from formsift.grammar.parser import cache_dir

    where = cache_dir()
    if where is None:
        return None
    name = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()
    return where / "parsed" / f"{name[:32]}.pickle"


def lookup(source: str, path: str) -> ParseResult | None:
    """The kept result of parsing ``source`` read from ``path``, if any."""
    hit = _MEMORY.get((path, source))
    if hit is not None:
        _MEMORY.move_to_end((path, source))
        return hit
    file = _disk_file(path)
    if file is None:
        return None
    try:
        if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
            return None  # not written by this user: never unpickle it
        with open(file, "rb") as fh:
            key, result = pickle.load(fh)
    except Exception:  # missing, unreadable, or written by an older formsift
        return None
    if key != _key(source, path):
        return None
    _remember(source, path, result)
    return result


def keep(source: str, path: str, result: ParseResult) -> None:
    """Keep ``result`` for later lookups of the same text at the same path."""
    _remember(source, path, result)
    file = _disk_file(path)
    if file is None:
        return
    try:
        file.parent.mkdir(mode=0o700, exist_ok=True)
        if not file.exists():
            _prune(file.parent)
        write_atomically(file, pickle.dumps((_key(source, path), result),
                                            pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only or full disk: the next process parses again
        return


def _prune(folder: Path) -> None:
    files = list(folder.glob("*.pickle"))
    if len(files) < DISK_FILES:
        return
    files.sort(key=lambda f: f.stat().st_mtime)
    for f in files[:len(files) // 4]:
        f.unlink(missing_ok=True)


def _remember(source: str, path: str, result: ParseResult) -> None:
    _MEMORY[(path, source)] = result
    _MEMORY.move_to_end((path, source))
    while len(_MEMORY) > MEMORY_SIZE:
        _MEMORY.popitem(last=False)


def clear_memory() -> None:
    """Forget the results kept in this process (the disk cache stays)."""
    _MEMORY.clear()
