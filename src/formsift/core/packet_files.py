"""A packet that arrives as several files (a folder of a case's files, a customer's phone
photos): which files are its pages, and extracting them as one packet whose documents
name the file each came from."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formsift.core.errors import FormsiftError
from formsift.core.packet import PacketResult, name_files
from formsift.core.sources import printable_name

if TYPE_CHECKING:
    from formsift.core.engine import Engine


def loader_suffixes(engine: Engine) -> set[str]:
    """The file name suffixes the engine's loaders read (``.pdf``, ``.jpg``...)."""
    return {s.lower() for lo in engine.loaders() for s in lo.suffixes}


def folder_pages(folder: Path, suffixes: set[str]) -> tuple[list[Path], list[str]]:
    """The files of ``folder`` that are a packet's pages, in name order (see
    :func:`~formsift.templates.packet_runner.folder_files`), and every entry left out,
    each with why: a file no loader reads, an image too small for a page, and a
    subfolder (its files are not this packet's: none is left out unsaid)."""
    from formsift.templates.packet_runner import folder_files

    files, left_out = folder_files(folder, suffixes)
    subfolders = sorted(p.name for p in folder.iterdir()
                        if p.is_dir() and not p.name.startswith("."))
    left_out += [f"{printable_name(name)}{os.sep} (a folder: its files are not pages of "
                 f"this packet)" for name in subfolders]
    return files, left_out


def packet_files(source: Any, engine: Engine) -> tuple[list[Path], list[str]] | None:
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
                  left_out: list[str] | None = None) -> PacketResult:
    """``files`` as one packet named ``name``, their pages one after the other in this
    order; each document says the file(s) and pages it came from (its ``files``, its
    result's source), and the packet the entries ``left_out`` of its folder."""
    from formsift.templates.packet_runner import extract_packet_files

    result, counts = extract_packet_files(engine, files, printable_name(name))
    result.left_out = list(left_out or [])
    return name_files(result, [(printable_name(str(f)), n)
                               for f, n in zip(files, counts, strict=True)])
