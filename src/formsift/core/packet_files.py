"""A packet that arrives as several files (a folder of a case's files, a customer's phone
photos): which files are its pages, and extracting them as one packet whose documents
name the file each came from."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formsift.core.errors import FormsiftError
from formsift.core.packet import PacketResult, name_files
from formsift.core.reasons import by_action
from formsift.core.result import Reason, Status
from formsift.core.sources import printable_name

if TYPE_CHECKING:
    from formsift.core.engine import Engine


#: The reason a packet goes to review for a file of it not read (a broken link, a pipe, an
#: archive, a file no loader could open, a link out of the folder): a page of the case
#: may be missing.
FILE_LEFT_OUT = "file_left_out"
#: The reason for a file of the packet that is the same file as another of the packet or
#: of the batch run (two accepted records of one invoice would pay it twice).
DUPLICATE_INPUT = "duplicate_input"


@dataclass(frozen=True)
class LeftOut:
    """An entry of a packet's folder (or list) not read as one of its pages, and why.
    ``code`` is the reason the packet goes to review for it (:data:`FILE_LEFT_OUT`,
    :data:`DUPLICATE_INPUT`); None for what is no page of a case (``Thumbs.db``, a mail
    signature's logo, a subfolder)."""

    name: str
    why: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.why})"


def member_problem(path: Path, top: Path, follow_outside_links: bool = False
                   ) -> LeftOut | None:
    """Why the folder entry ``path`` (not a folder) cannot be a page of its packet
    without opening it: a symbolic link that leads outside ``top`` (the folder given;
    not followed unless ``follow_outside_links``, as a batch walk does), a broken link,
    a pipe, a device or a socket (opening one would block), a file not readable. None
    for a regular file."""
    name = printable_name(path.name)
    if not follow_outside_links and path.is_symlink() and _outside(path, top):
        return LeftOut(name, "a symbolic link that leads outside the folder given: not "
                             "followed", FILE_LEFT_OUT)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return LeftOut(name, "no such file: a broken link?", FILE_LEFT_OUT)
    except OSError as exc:
        return LeftOut(name, f"cannot be read: {exc.strerror or exc}", FILE_LEFT_OUT)
    if not stat.S_ISREG(mode):
        return LeftOut(name, "not a regular file: a pipe, a device or a socket",
                       FILE_LEFT_OUT)
    if not os.access(path, os.R_OK):
        return LeftOut(name, "cannot be read: permission denied", FILE_LEFT_OUT)
    return None


def _outside(path: Path, top: Path) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(top)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


def loader_suffixes(engine: Engine) -> set[str]:
    """The file name suffixes the engine's loaders read (``.pdf``, ``.jpg``...)."""
    return {s.lower() for lo in engine.loaders() for s in lo.suffixes}


def folder_pages(folder: Path, suffixes: set[str], top: Path | None = None,
                 follow_outside_links: bool = False) -> tuple[list[Path], list[LeftOut]]:
    """The files of ``folder`` that are a packet's pages, in name order (see
    :func:`~formsift.templates.packet_runner.folder_files`), and every entry left out,
    each with why: a file no loader reads, an image too small for a page, a subfolder
    (its files are not this packet's), and what sends the packet to review (a broken
    link, a pipe, an archive, a link leading outside ``top``): none is left out unsaid."""
    from formsift.templates.packet_runner import folder_files

    files, left_out = folder_files(folder, suffixes, top, follow_outside_links)
    subfolders = sorted(p.name for p in folder.iterdir()
                        if p.is_dir() and not p.name.startswith("."))
    left_out += [LeftOut(f"{printable_name(name)}{os.sep}", "a folder: its files are not "
                         "pages of this packet") for name in subfolders]
    return files, left_out


def packet_files(source: Any, engine: Engine) -> tuple[list[Path], list[LeftOut]] | None:
    """The files of a packet given as several files, and what was left out: a folder
    (its files in name order) or a list of file paths (in the order given). None for
    anything else (one file, bytes, a stream: a packet of its own)."""
    if isinstance(source, (str, os.PathLike)):
        folder = Path(source)
        return folder_pages(folder, loader_suffixes(engine)) if folder.is_dir() else None
    if not isinstance(source, Sequence) or isinstance(source, (bytes, bytearray)):
        return None
    if not source:
        raise FormsiftError("extract_packet([]): no files given; give a file, a folder, "
                            "or a list of the packet's files")
    wrong = [f for f in source if not isinstance(f, (str, os.PathLike))]
    if wrong:
        raise FormsiftError(f"extract_packet([...]): a list holds the paths of the packet's "
                            f"files, not {type(wrong[0]).__name__}")
    folders = [os.fspath(f) for f in source if Path(f).is_dir()]
    if folders:
        raise FormsiftError(f"extract_packet([...]): {folders[0]} is a folder; a list names "
                            f"the packet's files (give a folder alone to read its files)")
    return [Path(f) for f in source], []


def extract_files(engine: Engine, files: list[Path], name: str,
                  left_out: Sequence[LeftOut] = ()) -> PacketResult:
    """``files`` as one packet named ``name``, their pages one after the other in this
    order; each document says the file(s) and pages it came from (its ``files``, its
    result's source), and the packet the entries ``left_out`` of its folder. A file that
    cannot be loaded (an archive, a damaged file) or is the same file as one before it
    is left out too, and the packet goes to review for it, as for each entry of
    ``left_out`` with a ``code``; none left is a :class:`FormsiftError`."""
    from formsift.templates.packet_runner import extract_packet_files

    left = list(left_out)
    result, read = extract_packet_files(engine, files, printable_name(name), left)
    result.left_out = [str(x) for x in left]
    _review_left_out(result, left)
    return name_files(result, [(printable_name(str(f)), n) for f, n in read],
                      several=True)


def _review_left_out(result: PacketResult, left: list[LeftOut]) -> None:
    """A reason of the packet for the entries ``left`` that may hold a page of it
    (:data:`FILE_LEFT_OUT`) or repeat a file of it or of the run
    (:data:`DUPLICATE_INPUT`); an accepted packet goes to review."""
    said = {
        FILE_LEFT_OUT: "not read as pages of this packet (a page of the case may be "
                       "missing: check them)",
        DUPLICATE_INPUT: "the same file as another one read (two accepted records of "
                         "one invoice would pay it twice): not read again, check it",
    }
    added = False
    for code, what in said.items():
        named = [str(x) for x in left if x.code == code]
        if named:
            result.reasons.append(Reason(code=code, message=f"{'; '.join(named)}: {what}"))
            added = True
    if added:
        result.reasons = by_action(result.reasons)
        if result.status is Status.ACCEPTED:
            result.status = Status.REVIEW
