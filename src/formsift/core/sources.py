"""Inputs as users give them (paths, bytes, file-like objects) turned into one shape."""

from __future__ import annotations

import errno
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Union

from formsift.core.document import content_id
from formsift.core.errors import FormsiftError, InputError

#: What ``extract`` accepts as a document.
SourceLike = Union[str, os.PathLike, bytes, bytearray, memoryview, IO[bytes], "Source"]

#: Inputs larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """An input's bytes, its display name and its content hash."""

    name: str
    data: bytes
    path: Path | None = None
    #: Passwords to try on an encrypted input (a PDF), before the loader's own option:
    #: given per input (``Engine.extract(..., password=...)``), as a mailbox gets each
    #: sender's password. Not part of the content hash, never shown.
    passwords: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def id(self) -> str:
        return content_id(self.data)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def printable_name(name: str) -> str:
    """A file name as results and JSON can carry it: bytes that are not UTF-8 (names from
    old archives, which Python keeps as lone surrogates) written as ``\\xff``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def as_source(obj: SourceLike, *, name: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES,
              password: str | Sequence[str] | None = None) -> Source:
    """Read ``obj`` into a :class:`Source`, with a clear error for anything unreadable;
    ``password``: one password, or several to try, for an encrypted input."""
    if name is not None and not isinstance(name, str):
        raise FormsiftError(f"name must be a str, not {type(name).__name__}: it is the "
                            "document's display name; pass name='scan.pdf' or leave it out")
    passwords = _passwords(password)
    if isinstance(obj, Source):
        return replace(obj, passwords=passwords + obj.passwords) if passwords else obj
    return replace(_read(obj, name, max_bytes), passwords=passwords) if passwords \
        else _read(obj, name, max_bytes)


def _passwords(password: str | Sequence[str] | None) -> tuple[str, ...]:
    """``password`` as a tuple of passwords to try; a clear error for anything else."""
    if password is None:
        return ()
    given = (password,) if isinstance(password, str) else password
    if isinstance(given, (bytes, bytearray)) or not all(isinstance(p, str) for p in given):
        raise FormsiftError(f"password must be a str or a list of str, not {password!r:.40}")
    return tuple(p for p in given if p)


def _read(obj: SourceLike, name: str | None, max_bytes: int) -> Source:
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        label = printable_name(name) if name else "<bytes>"
        path = None
    elif (looks := content_as_text(obj)) is not None:
        raise InputError(printable_name(name) if name else TEXT_LABEL, looks)
    elif isinstance(obj, (str, os.PathLike)):
        path = Path(obj)
        label = printable_name(name or str(obj))
        try:
            _check_path(path, label)
        except OSError as exc:  # a name too long for the file system, say
            raise InputError(label, f"cannot read file: {exc.strerror or exc}") from None
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError(label, f"file is {size:,} bytes, over the limit of "
                                        f"{max_bytes:,}")
            with open(path, "rb") as fh:  # the file may grow after stat(): read a bound
                data = fh.read(max_bytes + 1)
        except PermissionError as exc:
            raise InputError(label, "permission denied") from exc
        except OSError as exc:
            raise InputError(label, f"cannot read file: {exc.strerror or exc}") from exc
    elif hasattr(obj, "read"):
        label = printable_name(name or str(getattr(obj, "name", "<stream>")))
        path = None
        try:
            data = obj.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise InputError(label, f"cannot read stream: {exc}") from exc
        if isinstance(data, str):
            raise InputError(label, "stream is opened in text mode; open it with 'rb'")
        data = bytes(data)
    else:
        raise InputError(repr(obj)[:60], f"cannot read a document from a {type(obj).__name__}",
                         hint="pass a path, bytes or a binary file object")
    if len(data) > max_bytes:
        raise InputError(label, f"input is over the limit of {max_bytes:,} bytes")
    if not data:
        raise InputError(label, "file is empty")
    return Source(name=label, data=data, path=path)


#: What an input given as a str that holds a document's content is named (not the content).
TEXT_LABEL = "<text>"
PDF_AS_TEXT = ("this looks like a PDF's content as text: pass bytes (open the file in "
               "binary mode, 'rb')")
#: Longer than any path the OS takes (Linux's PATH_MAX; Windows' long paths: 32,767).
PATH_MAX = 4096
_PASS = "pass its bytes (text.encode()) or the path of a file"


def content_as_text(obj: object) -> str | None:
    """Why ``obj``, a str naming no file, is a document's content rather than a path (a
    PDF read in text mode, an XML, HTML or JSON document, lines of text, more characters
    than a path has), as the error's message; None for anything else. A file that exists
    by that name is read, whatever its name (a folder is told it is one)."""
    if not isinstance(obj, str):
        return None
    head = obj.lstrip("\ufeff \t\r\n")
    several_lines = "\n" in obj or "\r" in obj
    # (a PDF's header line ends with a line break: '%PDF-missing.pdf' is a file's name)
    kind = ("pdf" if head.startswith("%PDF-") and (several_lines or len(obj) > PATH_MAX)
            else
            "an XML document's content" if head[:5].lower() == "<?xml" else
            "an HTML document's content" if re.match(r"<(!doctype\s+html|html[\s>])", head,
                                                     re.IGNORECASE) else
            "markup (XML or HTML)" if head.startswith("<") and head.rstrip().endswith(">")
            else "a JSON document's content" if _json_like(head) else
            "text of several lines" if several_lines else
            f"text of {len(obj):,} characters, more than a path has"
            if len(obj) > PATH_MAX else None)
    if kind is None:
        return None
    try:
        if os.path.lexists(obj):  # a file, a folder, a broken link: told as such
            return None
    except (OSError, ValueError):  # too long a name, a NUL: no file's
        pass
    if kind == "pdf":
        return PDF_AS_TEXT
    return f"no file by this name: this looks like {kind}: {_PASS}"


def _json_like(head: str) -> bool:
    """Whether ``head`` (leading space gone) starts like a JSON object or array."""
    if head.startswith("{"):
        return head.rstrip().endswith("}") or '":' in head[:200]
    first = head[1:].lstrip()[:1]
    return head.startswith("[") and head.rstrip().endswith("]") \
        and (first in ('{', '"', "]") or first.isdigit())


def pdf_as_text(obj: object) -> bool:
    """Whether ``obj`` is a str holding a PDF (a file read in text mode, bytes decoded)
    rather than a path: it starts with ``%PDF-`` and names no file."""
    return content_as_text(obj) == PDF_AS_TEXT


def _check_path(path: Path, label: str) -> None:
    """An :class:`InputError` for a path that names no regular file."""
    if path.is_symlink() and not path.exists():
        try:
            path.resolve(strict=True)
        except RuntimeError:  # Python 3.11, 3.12
            raise InputError(label, "is a symbolic link loop") from None
        except OSError as exc:  # Python 3.13: ELOOP
            if exc.errno == errno.ELOOP:
                raise InputError(label, "is a symbolic link loop") from None
    if not path.exists():
        raise InputError(label, "no such file")
    if path.is_dir():
        raise InputError(label, "is a directory, not a document",
                         hint="name its files (DIR/*.pdf), or extract a whole folder with "
                              "formsift batch DIR")
    if not path.is_file():  # a FIFO would block, /dev/zero never ends
        raise InputError(label, "is not a regular file (a pipe, a device or a socket)")


#: How a ZIP archive starts (a local file header; an empty archive's end record).
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def archive_members(data: bytes | str | os.PathLike) -> list[str] | None:
    """The files a ZIP archive holds (``data``: its bytes, or a path to it), or None when
    it is no ZIP archive, or is a document format built on ZIP (OOXML, ODF, EPUB: a
    ``[Content_Types].xml`` or ``mimetype`` member), which a loader may read. formsift
    reads no archives: an input that is one is refused as one, naming what it holds
    (MuPDF would otherwise "repair" a stored archive of PDFs into its last PDF)."""
    import zipfile

    try:
        if isinstance(data, (bytes, bytearray, memoryview)):
            if not bytes(data[:4]).startswith(ZIP_SIGNATURES):
                return None
            archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
        else:
            with open(data, "rb") as fh:
                if not fh.read(4).startswith(ZIP_SIGNATURES):
                    return None
            archive = zipfile.ZipFile(data)
        with archive:
            names = [printable_name(i.filename) for i in archive.infolist()
                     if not i.is_dir()]
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return None
    if {"[Content_Types].xml", "mimetype"} & set(names):
        return None
    return names


def archive_error(name: str, members: list[str]) -> InputError:
    """The error of an input that is a ZIP archive of ``members``."""
    shown = ", ".join(members[:5]) + (f" and {len(members) - 5} more" if len(members) > 5
                                      else "")
    return InputError(name, f"a ZIP archive ({len(members)} file"
                            f"{'' if len(members) == 1 else 's'}: {shown or 'empty'}), not "
                            f"a document: formsift reads no archives",
                      hint="unpack it first: unzip ARCHIVE -d FOLDER, then give formsift "
                           "the files or that folder")


def open_stream(source: Source) -> io.BytesIO:
    return io.BytesIO(source.data)
