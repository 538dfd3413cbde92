"""Compiled templates: loading, checking and the shipped template library.

``load_template("invoice")`` loads a template of the shipped library by name;
``load_template("path/to/acme.sift")`` loads a file; ``compile_template(text)`` compiles a
template's source text. Errors raise
:class:`~formsift.core.errors.TemplateError` carrying every diagnostic of the file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from formsift.core.errors import FormsiftError, PluginError, TemplateError
from formsift.core.plugins import PluginRegistry, default_registry
from formsift.grammar.diagnostics import Diagnostic, DiagnosticSink
from formsift.grammar.parser import MAX_SOURCE_BYTES, parse_recovering
from formsift.templates.model import CompiledPacket, CompiledTemplate
from formsift.util.suggest import did_you_mean

LIBRARY = Path(__file__).with_name("library")
SUFFIX = ".sift"
#: The largest template formsift reads, file or text (1 MB). Real templates are a few KB
#: (the shipped ones 2-4 KB, the largest of 215 converted invoice2data templates 6 KB);
#: checking one costs about 300 bytes of memory per byte of template.
MAX_TEMPLATE_BYTES = MAX_SOURCE_BYTES
#: Folders (``os.pathsep``-separated) that a template's file options (``model="..."``) must
#: name a file in; ``none``: no template may name a file. Unset: any file the process reads.
MODEL_DIRS_ENV = "FORMSIFT_ALLOWED_MODEL_DIRS"


def library_names() -> list[str]:
    """Names of the templates shipped with formsift."""
    return sorted(p.stem for p in LIBRARY.glob(f"*{SUFFIX}"))


def template_files(folder: str | Path, *, recursive: bool = False) -> list[Path]:
    """The template files (``*.sift``) of a folder, sorted; with ``recursive``, of its
    subfolders too. Hidden files and folders are left out, as folder walks of documents
    leave them out: a macOS AppleDouble twin (``._acme.sift``, written beside every file
    on SMB, FAT and USB shares), an editor's ``.acme.sift.swp`` or a ``.x.sift`` is not a
    template, and must not stop every run."""
    folder = Path(folder)
    found = folder.rglob(f"*{SUFFIX}") if recursive else folder.glob(f"*{SUFFIX}")
    return sorted(p for p in found
                  if not any(part.startswith(".") for part in p.relative_to(folder).parts))


def resolve_path(ref: str | Path) -> Path:
    """A template file path from a path or the name of a library template."""
    p = Path(ref)
    library = LIBRARY / f"{ref}{SUFFIX}"
    if p.exists() and p.suffix != SUFFIX and library.exists() and p.name == str(ref):
        return library  # a folder or a document named like the template ("invoice/")
    if p.suffix == SUFFIX or p.exists():
        if not p.exists():
            raise TemplateError(f"{p}: no such template file")
        if p.is_dir():
            raise TemplateError(f"{p}: is a directory; name a {SUFFIX} file")
        if p.suffix != SUFFIX:  # /etc/passwd: never read (and quoted in errors) as one
            raise TemplateError(
                f"{p}: not a template file: template files end in {SUFFIX}, and a library "
                f"template is named without a path ({', '.join(library_names())})")
        return p
    if library.exists():
        return library
    hint = did_you_mean(str(ref), library_names())
    raise TemplateError(
        f"no template named {str(ref)!r}: not a file, nor in the library"
        + (f"; did you mean {hint!r}?" if hint else
           f" (library: {', '.join(library_names())})"))


def unknown_template_error(name: str, own: list[str],
                           packets: dict[str, list[str]]) -> TemplateError:
    """The error for a template name that is neither one of ``own`` (the templates given to
    the engine, ``--templates``) nor the library's: said to be a packet's (``packets``: the
    templates of each packet's documents), else with the nearest name among all of them."""
    if name in packets:
        documents = ", ".join(dict.fromkeys(packets[name]))
        return TemplateError(
            f"{name!r} is a packet template (of {documents}), not a document's: a packet is "
            f"applied to a file split into its documents, with formsift extract --split "
            f"and no -t (in Python Engine(templates=[...]).extract_packet(file)); -t names "
            f"the template of one document ({documents})")
    library = library_names()
    hint = did_you_mean(name, [*own, *library, *packets])
    where = " among the templates given, nor in the library" if own else \
        ": not a file, nor in the library"
    known = (f"templates given: {', '.join(own)}; " if own else "") + \
        f"library: {', '.join(library)}"
    return TemplateError(f"no template named {name!r}{where}"
                         + (f"; did you mean {hint!r}?" if hint else f" ({known})"))


def check_source(source: str, path: str = "<template>",
                 registry: PluginRegistry | None = None
                 ) -> tuple[list[CompiledTemplate], list[Diagnostic]]:
    """Parse, check and compile ``source``; return the templates and all diagnostics
    (packets in the file are checked too; :func:`check_definitions` returns them). A
    template of a file with errors carries them (``errors``): the engine refuses to run
    it, as ``formsift extract`` refuses the file."""
    templates, _packets, diagnostics = check_definitions(source, path, registry)
    return templates, diagnostics


def check_definitions(source: str, path: str = "<template>",
                      registry: PluginRegistry | None = None,
                      known: dict[str, CompiledTemplate] | None = None
                      ) -> tuple[list[CompiledTemplate], list[CompiledPacket], list[Diagnostic]]:
    """Parse, check and compile ``source``: its templates, its packets and all diagnostics.
    Packets may name the file's templates, ``known`` ones, or (by default) the library's.

    Every error of the file is reported: those of the parser, and the checker's. With
    syntax errors the rest of the file is checked too (each broken statement left out,
    and what only follows from leaving it out not reported), but no template is returned.
    """
    not_template = _not_a_template(source, path)
    if not_template is not None:
        return [], [], [not_template]
    parsed = parse_recovering(source, path)
    tree = parsed.tree if parsed.tree is not None else parsed.recovered
    if tree is None:
        return [], [], parsed.diagnostics
    sink = DiagnosticSink(path, source,
                          parsed.follows_from_blanking if parsed.blanked else None)
    compiler = _compiler()(registry or default_registry(), sink, known)
    templates = compiler.compile_file(tree)
    packets = compiler.packets
    sink.items.extend(parsed.diagnostics)
    if parsed.tree is None:  # statements were left out: what was compiled is not the file
        templates, packets = [], []
    diagnostics = sink.sorted()
    errors = tuple(d for d in diagnostics if d.severity == "error")
    if errors:  # returned to be shown (formsift check), never run: Engine refuses them
        templates = [replace(t, errors=errors) for t in templates]
    return templates, packets, diagnostics


def _not_a_template(source: str, path: str) -> Diagnostic | None:
    """A diagnostic when ``source`` does not start as a template file does (its first word
    after blank lines and comments is neither ``template`` nor ``packet``, nor close to
    them): the file is no template (a document, ``/etc/passwd``), and is not quoted back
    line by line as syntax errors."""
    for number, line in enumerate(source.split("\n"), start=1):
        text = line.strip().lstrip("\ufeff").strip()
        if not text or text.startswith("#"):
            continue
        word = re.match(r"[A-Za-z_]\w*", text)
        if word is not None and did_you_mean(word.group(0), ("template", "packet")):
            return None  # a template, or one with a typo the parser explains
        return Diagnostic(path, number, 1,
                          "this is not a template: a template file starts with 'template "
                          "NAME {' or 'packet NAME {' (after blank lines and # comments)",
                          code="file")
    return None


def _too_big(path: Path | str, size: int) -> TemplateError:
    return TemplateError(f"{path}: the template is {size:,} bytes, over the limit of "
                         f"{MAX_TEMPLATE_BYTES:,} (1 MB); templates are a few KB")


def read_template_text(path: Path) -> str:
    """The text of a template file; TemplateError saying why it cannot be read (also a
    file over :data:`MAX_TEMPLATE_BYTES`, refused before it is read)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would block, a device never end
            raise TemplateError(f"{path}: not a regular file (a pipe, a device or a "
                                f"socket); name a {SUFFIX} file")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise _too_big(path, info.st_size)
        with open(path, encoding="utf-8") as fh:
            text = fh.read(MAX_TEMPLATE_BYTES + 1)  # it may have grown since stat()
        if len(text) > MAX_TEMPLATE_BYTES:
            raise _too_big(path, len(text))
        return text
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text (byte {exc.start}); templates are "
                            f"UTF-8") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template: {exc.strerror or exc}") from None


def load_definitions(ref: str | Path, registry: PluginRegistry | None = None,
                     known: dict[str, CompiledTemplate] | None = None
                     ) -> tuple[list[CompiledTemplate], list[CompiledPacket]]:
    """The templates and packets of a file; TemplateError listing every error."""
    path = resolve_path(ref)
    source = read_template_text(path)
    templates, packets, diagnostics = check_definitions(source, str(path), registry, known)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise TemplateError(f"{path}: {len(errors)} error(s)", errors)
    if not templates and not packets:
        raise TemplateError(f"{path}: the file defines no template")
    return templates, packets


def load_templates(ref: str | Path, registry: PluginRegistry | None = None
                   ) -> list[CompiledTemplate]:
    """Every template in a file (or the library template ``ref``); a file of packets only
    gives an empty list."""
    return load_definitions(ref, registry)[0]


def compile_template(text: str, registry: PluginRegistry | None = None, *,
                     path: str = "<string>") -> CompiledTemplate:
    """Compile one template from its source text (what a ``.sift`` file holds), for
    templates kept in a database or built in code; ``path`` names the text in
    diagnostics. Errors raise :class:`TemplateError` with every diagnostic, as for a
    file; text that defines several templates, or none, is an error too."""
    if not isinstance(text, str):
        raise TemplateError(f"compile_template takes a template's text as a str, not "
                            f"{type(text).__name__}; decode bytes as UTF-8 first")
    if not text.strip():
        raise TemplateError(f"{path}: the text is empty; pass a template's source "
                            f"('template NAME {{ ... }}')")
    if "{" not in text and "\n" not in text.strip():  # no template, but a name or a path
        raise TemplateError(f"{path}: {text.strip()[:80]!r} is no template's text; to load "
                            f"a .sift file or a library template by name, use "
                            f"load_template({text.strip()[:80]!r})")
    templates, packets, diagnostics = check_definitions(text, path, registry)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise TemplateError(f"{path}: {len(errors)} error(s)", errors)
    if len(templates) > 1:
        names = [t.name for t in templates]
        raise TemplateError(
            f"{path}: the text holds {len(names)} templates ({', '.join(names)}) and "
            f"compile_template compiles one: pass each template's text on its own, or "
            f"save them as a .sift file for Engine(templates=[path])")
    if not templates:
        what = "packets only" if packets else "no template"
        raise TemplateError(f"{path}: the text defines {what}; compile_template needs one "
                            f"'template NAME {{ ... }}'")
    return templates[0]


# ------------------------------------------------------------------ file options (model=)
def allowed_model_dirs() -> list[Path] | None:
    """The folders of ``$FORMSIFT_ALLOWED_MODEL_DIRS`` (resolved), ``[]`` for ``none``, or
    None when it is not set (a template may name any file the process can read)."""
    value = os.environ.get(MODEL_DIRS_ENV, "").strip()
    if not value:
        return None
    if value.lower() == "none":
        return []
    return [Path(os.path.realpath(Path(d).expanduser())) for d in value.split(os.pathsep)
            if d.strip()]


def _is_onnx(fh: BinaryIO, size: int) -> bool:
    """Whether the file is laid out as an ONNX model: protobuf fields of a ModelProto from
    start to end, with an IR version and a graph (see :mod:`formsift.util.onnx_file`)."""
    from formsift.util.onnx_file import NotOnnx, fields

    seen: set[int] = set()
    try:
        for field, wire, value in fields(fh, size, limit=10_000):
            if field == 1 and wire == 0 and not 1 <= value <= 100:  # ir_version
                return False
            seen.add(field)
    except NotOnnx:
        return False
    return {1, 7} <= seen


def _is_json(fh: BinaryIO, size: int) -> bool:
    import json

    if size > 64 * 1024 * 1024:
        return False
    try:
        return isinstance(json.loads(fh.read()), dict)
    except (ValueError, RecursionError):
        return False


_FORMATS = {"onnx": ("an ONNX model", _is_onnx), "json": ("a JSON model file", _is_json)}


def model_file_problem(value: str, base: Path, fmt: str = "onnx") -> str | None:
    """Why the file option ``value`` (relative to the folder ``base``) names no usable
    model file, or None. Nothing of the file's contents is said: the file may be anyone's
    (``model="/etc/shadow"`` in a template someone else wrote)."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = base / path
    real = Path(os.path.realpath(path))
    allowed = allowed_model_dirs()
    if allowed is not None and not any(real.is_relative_to(d) for d in allowed):
        # said before looking at the file: whether it exists is not told either
        return ("files may not be named here (" + MODEL_DIRS_ENV + " is 'none')"
                if not allowed else
                f"not in a folder {MODEL_DIRS_ENV} allows ("
                + ", ".join(str(d) for d in allowed) + ")")
    if not real.is_file():
        return None  # the compiler says "no file" (with where relative paths are read)
    what, check = _FORMATS.get(fmt, _FORMATS["onnx"])
    try:
        with open(real, "rb") as fh:
            ok = check(fh, os.fstat(fh.fileno()).st_size)
    except OSError as exc:
        return f"{value!r} cannot be read ({exc.strerror or type(exc).__name__})"
    return None if ok else f"{value!r} is not {what}"


_COMPILER: Any = None


def _compiler() -> Any:
    """The template compiler, checking the files that components' file options name."""
    global _COMPILER
    if _COMPILER is not None:
        return _COMPILER
    from formsift.templates.compiler import TEMPLATE_FOLDERS, Compiler

    class _FileCheckingCompiler(Compiler):
        def component(self, kind: Any, call: Any, positional: str | None = None) -> Any:
            info = self.registry.of_kind(kind).get(call.name.text)
            options = tuple(getattr(info.cls, "path_options", ())) if info else ()
            if not options:
                return super().component(kind, call, positional)
            formats = getattr(info.cls, "path_formats", {})
            unnamed = positional if positional is not None else getattr(
                info.cls, "positional", None)
            here = Path(self.sink.path)
            base = here.parent if not self.sink.path.startswith("<") and \
                here.parent.is_dir() else Path.cwd()
            base = Path(TEMPLATE_FOLDERS.get(self.sink.path, base))
            bad = []
            for arg in call.args:
                key = arg.name.text if arg.name is not None else unnamed
                value = arg.value.value
                if key not in options or not isinstance(value, str) or not value:
                    continue
                problem = model_file_problem(value, base, formats.get(key, "onnx"))
                if problem is not None:
                    what = kind.value.replace("_", " ")
                    self.sink.error(arg.span, f"{what} '{call.name.text}', option "
                                              f"'{key}': {problem}")
                    bad.append(id(arg))
                elif hasattr(info.cls, "file_note"):  # a word about a usable file
                    path = Path(value).expanduser()
                    path = path if path.is_absolute() else base / path
                    note = info.cls.file_note(key, path) if path.is_file() else None
                    if note:
                        self.sink.warning(arg.span, note)
            if not bad:
                return super().component(kind, call, positional)
            # the other options are still checked, and their errors reported too
            super().component(kind, replace(call, args=tuple(
                a for a in call.args if id(a) not in bad)), positional)
            return None

    _COMPILER = _FileCheckingCompiler
    return _COMPILER


def load_model_files(templates: Iterable[CompiledTemplate]) -> None:
    """Load, once and then let go, every model file the templates name explicitly (a
    component's file option): a file that is laid out as a model but that its component
    cannot load is a :class:`PluginError` of one line now, not a failure of every worker
    later (``formsift serve`` calls this before it starts its workers)."""
    done: set[tuple[type, str]] = set()
    for template in templates:
        for stage in template.stages:
            for comp in stage.components:
                if not any(getattr(comp.options, k, None)
                           for k in getattr(comp, "path_options", ())):
                    continue
                key = (type(comp), repr(comp.options))
                if key in done:
                    continue
                done.add(key)
                try:
                    type(comp)(comp.options).ensure_ready()  # then garbage: let go
                except FormsiftError as exc:
                    raise PluginError(f"{template.path}: template {template.name!r}: "
                                      f"{exc}") from exc


def library_packet_paths() -> list[Path]:
    """Files of the packet templates shipped with formsift (``library/packets/*.sift``)."""
    return sorted((LIBRARY / "packets").glob(f"*{SUFFIX}"))


def load_template(ref: str | Path, registry: PluginRegistry | None = None) -> CompiledTemplate:
    """Load one template by library name or path; a file that holds several is an error
    that names them (which one was meant cannot be told)."""
    templates = load_templates(ref, registry)
    if not templates:
        raise TemplateError(f"{ref}: the file defines packets only; name a template")
    if len(templates) > 1:
        names = [t.name for t in templates]
        raise TemplateError(
            f"{ref}: the file holds {len(names)} templates ({', '.join(names)}), and one "
            f"was asked for: name it (formsift ... --templates {ref} -t {names[0]}; in "
            f"Python Engine(templates=[...]).template('{names[0]}')), or classify each "
            f"document among them (--templates {ref}, without -t)")
    return templates[0]


__all__ = [
    "CompiledPacket",
    "CompiledTemplate",
    "allowed_model_dirs",
    "check_definitions",
    "check_source",
    "compile_template",
    "library_names",
    "library_packet_paths",
    "load_definitions",
    "load_model_files",
    "load_template",
    "load_templates",
    "model_file_problem",
    "read_template_text",
    "resolve_path",
    "unknown_template_error",
]
