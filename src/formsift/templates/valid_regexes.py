"""Regexes known to compile, so that loading templates need not compile every one again.

Checking a template compiles each of its regexes to report a bad one; with hundreds of
templates that is most of a process's start (1,850 regexes of 215 converted invoice2data
templates: 1.2 s). A regex that compiled once compiles again with the same ``regex``
release, so the ones that did are remembered in the user's cache folder (a file per
``regex`` release and Python version, holding a 16-byte hash per pattern and flags; no
pickle, nothing executable). A remembered regex is compiled only when it is first used,
which for most keyword regexes is never (see :mod:`formsift.templates.required_text`).
A regex that failed is never remembered, so it is reported every time.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import sys
from pathlib import Path

from formsift.util.files import write_atomically

#: Past this many remembered regexes the file starts afresh (16 bytes each).
LIMIT = 200_000
_DIGEST = 16

_known: set[bytes] | None = None
_new: set[bytes] = set()


def _digest(pattern: str, flags: str) -> bytes:
    return hashlib.sha256(f"{pattern}\0{flags}".encode("utf-8", "surrogatepass")
                          ).digest()[:_DIGEST]


def _file() -> Path | None:
    import regex

    from formsift.grammar.parser import cache_dir

    where = cache_dir()
    if where is None:
        return None
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return where / f"regex-ok-{regex.__version__}-py{py}.bin"


def _read(file: Path | None) -> set[bytes]:
    if file is None:
        return set()
    try:
        if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
            return set()
        data = file.read_bytes()
    except OSError:
        return set()
    if len(data) % _DIGEST:
        return set()  # damaged: start afresh
    return {data[i:i + _DIGEST] for i in range(0, len(data), _DIGEST)}


def known(pattern: str, flags: str) -> bool:
    """Whether ``/pattern/flags`` compiled before with this ``regex`` release."""
    global _known
    if _known is None:
        _known = _read(_file())
    return _digest(pattern, flags) in _known


def remember(pattern: str, flags: str) -> None:
    """Note that ``/pattern/flags`` compiled (written to disk by :func:`save`, which runs
    when the process ends)."""
    global _known
    if _known is None:
        _known = _read(_file())
    d = _digest(pattern, flags)
    if d not in _known:
        if not _new:
            atexit.register(save)  # once per batch of new ones: one write, at the end
        _known.add(d)
        _new.add(d)


def save() -> None:
    """Add the regexes remembered since the last save to the file (others' additions
    kept); any failure to write only means they are compiled again next time."""
    if not _new:
        return
    atexit.unregister(save)
    file = _file()
    if file is None:
        _new.clear()
        return
    merged = _read(file) | _new
    if len(merged) > LIMIT:
        merged = set(_new)
    with contextlib.suppress(OSError):  # read-only or full: compiled again next time
        write_atomically(file, b"".join(sorted(merged)))
    _new.clear()


def forget() -> None:
    """Save what this process learnt, then forget it all, as a new process starts."""
    global _known
    save()
    _known = None
