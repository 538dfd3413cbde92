"""Loading an engine's templates and packet templates from its references (library names,
files, folders, compiled objects). Files are read in two passes, so that a packet may name
templates defined in any of the engine's files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from formsift.core.errors import TemplateError
from formsift.core.plugins import PluginRegistry
from formsift.templates.model import CompiledPacket, CompiledTemplate


def _defines_packets(path: Path) -> bool:
    from formsift.grammar.parser import parse
    from formsift.templates import read_template_text

    try:
        source = read_template_text(path)  # (a file over the size limit is not read)
    except TemplateError:
        return False  # load_definitions reports the error
    if _PACKET_WORD.search(source) is None:  # most files: no need to parse them twice
        return False
    tree, _ = parse(source, str(path))
    return tree is not None and bool(tree.packets)


#: Where a packet definition may start (a line whose first word is ``packet``).
_PACKET_WORD = re.compile(r"^[ \t]*packet\b", re.MULTILINE)


def load_engine_definitions(refs: Iterable[Any] | None, registry: PluginRegistry,
                            resolve: Callable[[Any], CompiledTemplate]
                            ) -> tuple[list[CompiledTemplate], list[CompiledPacket]]:
    """Templates and packets of ``refs`` (None: the shipped library and its packets)."""
    from formsift.templates import (
        LIBRARY,
        library_names,
        library_packet_paths,
        load_definitions,
        template_files,
    )

    if refs is None:
        refs = [*(LIBRARY / f"{n}.sift" for n in library_names()), *library_packet_paths()]
    items: list[Any] = []
    for ref in refs:
        if isinstance(ref, (str, Path)) and Path(ref).is_dir():
            # with its subfolders, as check and test walk it (a library kept one folder
            # per supplier); hidden files and folders (._acme.sift twins) left out
            found = template_files(ref, recursive=True)
            if not found:  # a mistyped path, a mount not up yet: not "no template matched"
                raise TemplateError(f"{ref}: the folder holds no templates (.sift files), "
                                    f"nor do its subfolders")
            items.extend(found)
        else:
            items.append(ref)
    templates: list[CompiledTemplate] = []
    packets: list[CompiledPacket] = []
    deferred: list[Any] = []
    broken: list[TemplateError] = []  # every file's errors are reported, not the first's
    for ref in items:
        if isinstance(ref, CompiledPacket):
            packets.append(ref)
        elif isinstance(ref, (str, Path)) and Path(ref).suffix == ".sift" \
                and Path(ref).is_file() and _defines_packets(Path(ref)):
            deferred.append(ref)
        elif isinstance(ref, (str, Path)):
            try:
                templates.extend(load_definitions(ref, registry)[0])
            except TemplateError as exc:
                broken.append(exc)
        else:
            templates.append(resolve(ref))
    if len(broken) == 1:
        raise broken[0]
    if broken:
        raise TemplateError(f"{len(broken)} template files have errors",
                            [d for e in broken for d in e.diagnostics],
                            listing="\n".join(str(e) for e in broken)
                            + f"\n{len(broken)} template files have errors")
    for ref in deferred:  # packets see every template of the engine...
        known = _WithLibrary({t.name: t for t in templates}, registry)
        ts, ps = load_definitions(ref, registry, known=known)
        templates.extend(ts)
        packets.extend(ps)
        # ... and a library template a packet names joins them (its pages are classified)
        templates.extend(known.borrowed.values())
    return _once(templates), packets


class _WithLibrary(dict):  # type: ignore[type-arg]
    """The engine's templates; a name they lack is looked up in the shipped library (a
    packet file given alone names the library's kyc_form, id_card...), and remembered."""

    def __init__(self, own: dict[str, CompiledTemplate], registry: PluginRegistry) -> None:
        super().__init__(own)
        self.registry = registry
        self.borrowed: dict[str, CompiledTemplate] = {}

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        found = super().get(name)
        if found is not None:
            return found
        from formsift.templates import LIBRARY, library_names, load_templates

        if name not in library_names():
            return default
        (template,) = [t for t in load_templates(LIBRARY / f"{name}.sift", self.registry)
                       if t.name == name]
        self[name] = self.borrowed[name] = template
        return template


def _once(templates: list[CompiledTemplate]) -> list[CompiledTemplate]:
    """The templates, each file's once; two different files defining one name are an
    error (which one a document's classification or ``template=`` meant is unknowable)."""
    seen: dict[str, CompiledTemplate] = {}
    out = []
    for t in templates:
        first = seen.get(t.name)
        if first is None:
            seen[t.name] = t
            out.append(t)
        elif first.path != t.path or first.source_hash != t.source_hash:
            raise TemplateError(defined_twice(t.name, first.path, t.path))
    return out


def defined_twice(name: str, first: Any, second: Any) -> str:
    """What a set of templates in which two files define one name says (``extract`` at
    load, ``formsift check`` at the second file's line)."""
    return f"template '{name}' is defined twice: in {first} and in {second} (rename one of them)"
