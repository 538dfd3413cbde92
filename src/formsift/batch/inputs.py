"""Turning what the user named (files, folders, ``-`` for paths on standard input) into the
list of inputs of a batch, and the content hash of each."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from formsift.core.errors import FormsiftError
from formsift.core.packet_files import DUPLICATE_INPUT, FILE_LEFT_OUT, LeftOut
from formsift.core.sources import archive_members, printable_name

#: How a file starts, and the suffixes of its kind: a file in a folder whose name has no
#: suffix a loader reads (``scan``, ``mail-attachment.pdf.1``) is taken when it starts
#: so and a loader of that kind is installed, as ``formsift extract`` reads it by its
#: bytes. (Only signatures that text does not start with: BMP's ``BM`` could be a note.)
SIGNATURES: tuple[tuple[bytes, tuple[str, ...]], ...] = (
    (b"%PDF-", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", (".png",)),
    (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    (b"II*\x00", (".tif", ".tiff")),
    (b"MM\x00*", (".tif", ".tiff")),
)


#: An image in a folder whose longer side is under this many pixels, and whose area is
#: under :data:`MIN_PAGE_PIXELS`, is no page of a document but a mail signature's logo or
#: an icon (``image001.png``, 200 x 60 px): a walk leaves it out and the summary names it.
#: An A4 page a mail client downscaled to 72 dpi is 595 x 842 px, an A7 one 210 x 298 px
#: (62,580 px); a line of handwriting cropped from a page 1,224 x 57 px.
MIN_PAGE_SIDE = 400
MIN_PAGE_PIXELS = 40_000


@dataclass
class InputList:
    """The inputs of a run, in order, plus what folder walks left out."""

    paths: list[str] = field(default_factory=list)
    #: Files a folder walk left out (hidden, or no installed loader reads them), in the
    #: order walked.
    ignored_paths: list[str] = field(default_factory=list)
    #: Symbolic links in walked folders that lead outside the folder given (not followed
    #: unless ``follow_outside_links``): each gets an error line, none is read.
    outside_links: list[str] = field(default_factory=list)
    #: Images in walked folders too small to be a page of a document (see
    #: :data:`MIN_PAGE_SIDE`), each with its size in pixels (width, height).
    small_images: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    duplicates: int = 0
    #: Folders under a folder given, each with how many of its files are inputs:
    #: with ``packet_folders``, each of them is one input (a packet of its files).
    folders: dict[str, int] = field(default_factory=dict)
    #: With ``packet_folders``: each folder read as a packet -> the folder given it was
    #: found under (whose outside-link rule its packet's files follow).
    tops: dict[str, str] = field(default_factory=dict)
    #: With ``packet_folders``: each folder given -> how many files right in it are
    #: inputs (a packet each).
    loose: dict[str, int] = field(default_factory=dict)

    @property
    def ignored(self) -> int:
        return len(self.ignored_paths)


def expand(items: Iterable[str | os.PathLike[str]], *, globs: Sequence[str] = (),
           suffixes: Iterable[str] = (), stdin: TextIO | None = None,
           follow_outside_links: bool = False, packet_folders: bool = False) -> InputList:
    """Files are taken as given (even missing ones: they get an error line); folders are
    walked recursively, keeping files that match one of ``globs`` (default: a suffix some
    loader reads, or, whatever the name, the first bytes of a PDF, PNG, JPEG or TIFF whose
    loader is installed, or a ZIP archive of files, which gets an error line), skipping
    hidden files and folders; ``-`` reads one path per line
    from ``stdin``. In a walked folder, a symbolic link (to a file or a folder) that leads
    outside the folder given is not followed but listed in ``outside_links``, unless
    ``follow_outside_links``. With ``packet_folders``, a folder under a folder given is
    one input in place of its files (a packet of them, as ``formsift extract --split
    FOLDER`` reads it); the files right in the folder given stay inputs each."""
    out = InputList()
    seen: set[str] = set()
    suffixes = {s.lower() for s in suffixes}

    def add(path: str) -> None:
        key = os.path.normpath(os.path.abspath(path))
        if key in seen:
            out.duplicates += 1
            return
        seen.add(key)
        out.paths.append(path)

    for item in items:
        item = os.fspath(item)
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin
            for line in stream:
                line = line.strip()
                if line:
                    add(line)
        elif os.path.isdir(item):
            for path, wanted in _walk(item, follow_outside_links):
                folder = _packet_folder(item, path, wanted) if packet_folders else None
                if wanted is None and folder is not None:
                    # a case's file: its packet names it as left out (and goes to review)
                    _add_folder(out, folder, item, add)
                elif wanted is None:
                    out.outside_links.append(path)
                elif wanted == UNLISTED or (  # unlisted: its error line says so
                        wanted and (_matches(path, globs, suffixes) or os.path.isdir(path)
                                    or (not globs and _sniffed(path, suffixes)))):
                    size = None if wanted == UNLISTED else too_small(path)
                    folder = _packet_folder(item, path, wanted)
                    if size is not None:  # a signature's logo beside the attachments
                        out.small_images.append((path, size))
                    elif folder is None:
                        if packet_folders and wanted != UNLISTED:
                            out.loose[item] = out.loose.get(item, 0) + 1
                        add(path)
                    elif packet_folders:  # a file of a case's folder
                        _add_folder(out, folder, item, add)
                    else:
                        out.folders[folder] = out.folders.get(folder, 0) + 1
                        add(path)
                else:
                    out.ignored_paths.append(path)
        else:
            add(item)
    return out


def _add_folder(out: InputList, folder: str, top: str, add: Any) -> None:
    """Count a file of ``folder`` (under the folder given ``top``), which is one input."""
    out.folders[folder] = out.folders.get(folder, 0) + 1
    if out.folders[folder] == 1:
        out.tops[folder] = top
        add(folder)


def _packet_folder(top: str, path: str, wanted: bool | str | None) -> str | None:
    """The folder under ``top`` (a folder given) that holds the file ``path``; None for
    a file right in ``top``, and for a folder that could not be listed."""
    folder = os.path.dirname(path)
    if wanted == UNLISTED or os.path.normpath(folder) == os.path.normpath(top):
        return None
    return folder


@dataclass
class FolderPacket:
    """A folder read as one packet (``--packet-folders``): its files in page order with
    their content ids, and its entries left out, each with why."""

    files: list[tuple[str, str]]
    left_out: list[LeftOut]

    @property
    def content_id(self) -> str:
        """The hash of its files' content ids in page order, as the packet's
        ``document_id`` (a file changed, added or removed changes it)."""
        ids = "\n".join(doc_id for _, doc_id in self.files)
        return "sha256:" + hashlib.sha256(ids.encode()).hexdigest()


def folder_packet(folder: str, suffixes: Iterable[str], top: str | None = None,
                  follow_outside_links: bool = False, max_bytes: int | None = None,
                  copy_of: Callable[[str, str], str | None] | None = None) -> FolderPacket:
    """The files of ``folder`` read as one packet, as ``formsift extract --split FOLDER``
    lists them, a symbolic link leading outside ``top`` (the folder given) left out
    unless ``follow_outside_links``, and a file that cannot be read (or is over
    ``max_bytes``) left out, each named with why; ``copy_of(path, content_id)`` names
    the input a file is a copy of (this run's, an earlier run's): such a file is left
    out as a ``duplicate_input``. Raises :class:`FormsiftError` for a folder that cannot
    be listed or holds no file to read."""
    from formsift.core.packet_files import folder_pages

    try:
        paths, left = folder_pages(Path(folder), {s.lower() for s in suffixes},
                                   Path(top) if top else None, follow_outside_links)
    except OSError as exc:
        raise FormsiftError(f"{folder}: folder cannot be listed ({exc.strerror or exc})"
                            ) from None
    files: list[tuple[str, str]] = []
    for p in paths:
        name = printable_name(p.name)
        try:
            doc_id = content_hash(str(p), max_bytes=max_bytes)
        except FormsiftError as exc:
            left.append(LeftOut(name, str(exc).removeprefix(f"{p}: "), FILE_LEFT_OUT))
            continue
        other = copy_of(str(p), doc_id) if copy_of is not None else None
        if other is not None:
            left.append(LeftOut(name, f"the same file as {printable_name(other)}, "
                                      f"identical content", DUPLICATE_INPUT))
        else:
            files.append((str(p), doc_id))
    if not files:
        error = CopiedFolder if all(x.code == DUPLICATE_INPUT for x in left) and left \
            else FormsiftError
        raise error(f"{folder}: no file of the folder can be read as a packet (left out: "
                    f"{', '.join(map(str, left))})")
    return FolderPacket(files, left)


class CopiedFolder(FormsiftError):
    """A folder read as one packet whose every file is a copy of another input."""

    code = DUPLICATE_INPUT


#: What :func:`_walk` yields for a folder it could not list (no permission, a path
#: longer than the system allows): an input whatever ``--glob`` says.
UNLISTED = "unlisted"


def _walk(folder: str, follow_outside_links: bool = False
          ) -> Iterable[tuple[str, bool | str | None]]:
    """(path, not hidden) of every file under ``folder`` in a stable order; hidden folders
    (``.git``, ``.cache``) are not entered; linked folders are followed (each real folder
    once). A symbolic link (to a file or a folder) that leads outside ``folder`` is
    yielded as (link, None) and not followed, unless ``follow_outside_links``: an inbox
    filled by others must not make the run read ``/etc/passwd``. A folder that cannot be
    listed is yielded itself, as (folder, :data:`UNLISTED`): it becomes an input whose
    error line says so, instead of files left out in silence."""
    unlisted: list[str] = []
    visited: set[str] = set()
    top = os.path.realpath(folder)

    def failed(exc: OSError) -> None:
        unlisted.append(exc.filename or folder)

    def outside(path: str) -> bool:
        if follow_outside_links or not os.path.islink(path):
            return False
        real = os.path.realpath(path)
        return real != top and not real.startswith(top.rstrip(os.sep) + os.sep)

    for root, dirs, files in os.walk(folder, onerror=failed, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:  # a link back up the tree, or a second link to one folder
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            if outside(os.path.join(root, d)):
                dirs.remove(d)
                yield os.path.join(root, d), None
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith("."):
                yield path, False
            else:
                yield path, None if outside(path) else True
        while unlisted:
            yield unlisted.pop(0), UNLISTED
    while unlisted:
        yield unlisted.pop(0), UNLISTED


def _matches(path: str, globs: Sequence[str], suffixes: set[str]) -> bool:
    name = os.path.basename(path)
    if globs:
        return any(fnmatch.fnmatch(name.lower(), g.lower()) or
                   fnmatch.fnmatch(path, g) for g in globs)
    return Path(name).suffix.lower() in suffixes


def image_size(path: str) -> tuple[int, int] | None:
    """The width and height in pixels of the image file ``path`` (PNG, JPEG, BMP, WebP),
    read from its header as the image loader reads it (None for other files, and where
    the header does not say)."""
    from formsift.plugins.loaders.image import header_size, media_type

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)  # (a JPEG's frame header may follow a large EXIF block)
    except OSError:
        return None
    kind = media_type(head, info.st_size)
    return header_size(head, kind) if kind is not None else None


def too_small(path: str) -> tuple[int, int] | None:
    """The size of the image ``path`` when it is too small to be a page of a document
    (:data:`MIN_PAGE_SIDE`, :data:`MIN_PAGE_PIXELS`), else None."""
    size = image_size(path)
    if size is None:
        return None
    width, height = size
    if max(width, height) < MIN_PAGE_SIDE and width * height < MIN_PAGE_PIXELS:
        return size
    return None


def _sniffed(path: str, suffixes: set[str]) -> bool:
    """Whether the regular file ``path`` starts as a kind of file (:data:`SIGNATURES`) an
    installed loader reads (``suffixes``). Pipes and devices are not opened."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False  # unreadable, we cannot tell: left out, and named in the summary
    if any(head.startswith(magic) and not suffixes.isdisjoint(kind)
           for magic, kind in SIGNATURES):
        return True
    # a ZIP archive of documents: an input, refused as an archive with an error line
    # (as formsift extract and the service refuse it), not left out as "ignored"
    return ".pdf" in suffixes and archive_members(path) is not None


def content_hash(path: str, chunk: int = 1 << 20, max_bytes: int | None = None) -> str:
    """The content id of a file (``sha256:<hex>``, as ``Document.id``), read in chunks.
    Raises :class:`FormsiftError` with a short reason when the file cannot be read, or
    (refused by its size, before any of it is read) is over ``max_bytes``."""
    digest = hashlib.sha256()
    if os.path.isdir(path):
        try:
            os.listdir(path)
        except OSError as exc:  # a folder of the inbox that could not be walked
            raise FormsiftError(f"{path}: folder cannot be listed ({exc.strerror or exc}): "
                                f"its files are not in this run") from None
        raise FormsiftError(f"{path}: is a directory, not a document")
    if os.path.exists(path) and not os.path.isfile(path):
        # a FIFO would block the planning of the whole run, /dev/zero would never end
        raise FormsiftError(f"{path}: is not a regular file (a pipe, a device or a socket)")
    try:
        size = 0
        with open(path, "rb") as fh:
            total = os.fstat(fh.fileno()).st_size
            if max_bytes is not None and total > max_bytes:  # as the loaders say it
                raise FormsiftError(f"{path}: file is {total:,} bytes, over the limit of "
                                    f"{max_bytes:,}")
            while block := fh.read(chunk):
                digest.update(block)
                size += len(block)
    except FileNotFoundError:
        raise FormsiftError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FormsiftError(f"{path}: is a directory, not a document") from None
    except PermissionError:
        raise FormsiftError(f"{path}: permission denied") from None
    except OSError as exc:
        raise FormsiftError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    if size == 0:  # empty uploads are no copies of each other
        raise FormsiftError(f"{path}: file is empty")
    return "sha256:" + digest.hexdigest()
