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
    bad_lines: int = 0
    truncated: bool = False

    def status(self, path: str, document_id: str | None) -> str | None:
        if document_id is not None:
            return self.by_hash.get(document_id)
        return self.by_path.get(path)


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
        done, kept, dropped = self._read()
        if drop_errors and dropped:
            tmp = self.path + ".tmp"
            with open(tmp, "wb") as out:
                out.write(b"".join(line + b"\n" for line in kept))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
            self._fh.close()
            self._fh = self._open_locked()
            for doc_id, status in list(done.by_hash.items()):
                if status == "error":
                    del done.by_hash[doc_id]
            done.by_path = {k: v for k, v in done.by_path.items() if v != "error"}
            done.lines -= dropped
        self._fh.seek(0, os.SEEK_END)
        return done

    def _open_locked(self) -> IO[bytes]:
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the whole run
        except OSError as exc:
            raise FormsiftError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        _lock(fh, self.path)
        return fh

    def _read(self) -> tuple[Done, list[bytes], int]:
        """What the file holds; a cut-off last line is removed from the file."""
        assert self._fh is not None
        done = Done()
        self._fh.seek(0)
        data = self._fh.read()
        if data and not data.endswith(b"\n"):
            data = data[: data.rfind(b"\n") + 1]
            self._fh.truncate(len(data))
            done.truncated = True
        kept: list[bytes] = []
        dropped = 0
        for raw in data.splitlines():
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                status = str(obj["status"])
                doc_id, source = obj.get("document_id"), str(obj.get("source", ""))
            except (ValueError, KeyError, TypeError):
                done.bad_lines += 1
                kept.append(raw)
                continue
            if status == "error":
                dropped += 1
            else:
                kept.append(raw)
            done.lines += 1
            if doc_id:
                done.by_hash[doc_id] = status
            else:
                done.by_path[source] = status
        return done, kept, dropped

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
