"""The JSON Lines results file of a batch: what it already holds (for resuming) and
appending to it safely (one line per input, flushed as it arrives, one writer at a time)."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import IO

from formsift.core.errors import FormsiftError


@dataclass
class Done:
    """What a results file already holds: status by content hash (and, for inputs that
    could not even be read, by path)."""

    by_hash: dict[str, str] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    #: The templates the result lines were extracted with.
    templates: set[str] = field(default_factory=set)
    #: How many result lines are packets (``--split``) and how many single records.
    packets: int = 0
    records: int = 0
    truncated: bool = False
    #: Inputs whose line says they copy another input of their run (``duplicate_input``).
    copies: set[str] = field(default_factory=set)
    #: The source of the first line of each content hash (the input a copy repeats).
    first_source: dict[str, str] = field(default_factory=dict)
    #: Every source a line names (each input path that has its line).
    sources: set[str] = field(default_factory=set)
    _real: set[str] | None = field(default=None, repr=False)

    def status(self, path: str, document_id: str | None) -> str | None:
        if document_id is not None:
            return self.by_hash.get(document_id)
        return self.by_path.get(path)

    def has_line(self, path: str) -> bool:
        """Whether a line names ``path``: as written, or the same file by another name
        (``./in/a.pdf`` for ``in/a.pdf``, an absolute path; resolved from the current
        folder)."""
        if path in self.sources:
            return True
        if self._real is None:
            self._real = {os.path.realpath(s) for s in self.sources}
        return os.path.realpath(path) in self._real


class ResultsFile:
    """An append-only JSON Lines file, locked against a second concurrent writer.

    Opening it reads what earlier runs wrote; a last line cut short by a crash (no newline)
    is removed, so its input is simply done again.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._fh: IO[bytes] | None = None

    def open(self, *, drop_errors: bool = False) -> Done:
        """Lock the file, read it, and get ready to append. With ``drop_errors``, lines of
        inputs that ended as errors are removed first, so that those inputs run again."""
        self._fh = self._open_locked()
        done = self._read()
        if drop_errors and "error" in {*done.by_hash.values(), *done.by_path.values()}:
            self._drop_errors(done)
        self._fh.seek(0, os.SEEK_END)
        return done

    def _open_locked(self) -> IO[bytes]:
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the whole run
        except OSError as exc:
            raise FormsiftError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        _lock(fh, self.path)
        return fh

    def _read(self) -> Done:
        """What the file holds, read line by line; a cut-off last line is removed."""
        assert self._fh is not None
        done = Done()
        self._fh.seek(0)
        end = 0
        for number, raw in enumerate(self._fh, 1):
            if not raw.endswith(b"\n") and raw.lstrip().startswith(b"{"):
                self._fh.truncate(end)  # a result line a crash cut short
                done.truncated = True
                break
            end += len(raw)
            parsed = _parse(raw)
            if parsed is None:
                if raw.strip():
                    self._refuse(number)
                continue
            status, doc_id, source, template, is_packet = parsed
            done.lines += 1
            if status != "error":
                if is_packet:
                    done.packets += 1
                else:
                    done.records += 1
            if template:
                done.templates.add(template)
            done.sources.add(source)
            if doc_id:
                done.by_hash[doc_id] = status
                done.first_source.setdefault(doc_id, source)
            else:
                done.by_path[source] = status
            if status == "error" and b'"duplicate_input"' in raw:
                done.copies.add(source)
        return done

    def _refuse(self, number: int) -> None:
        """Never append to, or cut, a file that is not a results file."""
        assert self._fh is not None
        self._fh.close()
        self._fh = None
        raise FormsiftError(f"{self.path} is not a formsift results file (line {number} is "
                            f"not a result line); choose another --output, or delete it")

    def _drop_errors(self, done: Done) -> None:
        """Rewrite the file without its error lines (atomically, through a temporary)."""
        assert self._fh is not None
        tmp = self.path + ".tmp"
        self._fh.seek(0)
        kept: set[str] = set()  # sources of the copies' lines
        with open(tmp, "wb") as out:
            for raw in self._fh:
                parsed = _parse(raw)
                if parsed is not None and parsed[0] == "error" \
                        and b'"duplicate_input"' in raw:
                    kept.add(parsed[2])  # a copy of another input is not a failure to retry
                if parsed is None or parsed[0] != "error" or parsed[2] in kept:
                    out.write(raw)
                else:
                    done.lines -= 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
        self._fh.close()
        self._fh = self._open_locked()
        done.by_hash = {k: v for k, v in done.by_hash.items() if v != "error"}
        done.by_path = {k: v for k, v in done.by_path.items() if v != "error" or k in kept}

    def write(self, line: str) -> None:
        assert self._fh is not None, "open() the results file first"
        self._fh.write(line.encode("utf-8") + b"\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()  # closing releases the lock
            self._fh = None


def _parse(raw: bytes) -> tuple[str, str | None, str, str | None, bool] | None:
    """(status, document_id, source, template, is a packet) of a results line; None if it
    is not one."""
    try:
        obj = json.loads(raw)
        return (str(obj["status"]), obj.get("document_id"), str(obj.get("source", "")),
                obj.get("template"), "documents" in obj)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _lock(fh: IO[bytes], path: str) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        err = FormsiftError(f"{path} is being written by another batch run; wait for it "
                            f"to finish or choose another --output")
        err.exit_code = 2
        raise err from None
