"""Compiled templates: loading, checking and the shipped template library.

``load_template("invoice")`` loads a template of the shipped library by name;
``load_template("path/to/acme.sift")`` loads a file; ``compile_template(text)`` compiles a
template's source text. Errors raise
:class:`~formsift.core.errors.TemplateError` carrying every diagnostic of the file.
"""

from __future__ import annotations

from pathlib import Path

from formsift.core.errors import TemplateError
from formsift.core.plugins import PluginRegistry, default_registry
from formsift.grammar.diagnostics import Diagnostic, DiagnosticSink
from formsift.grammar.parser import parse_recovering
from formsift.templates.model import CompiledPacket, CompiledTemplate
from formsift.util.suggest import did_you_mean

LIBRARY = Path(__file__).with_name("library")
SUFFIX = ".sift"


def library_names() -> list[str]:
    """Names of the templates shipped with formsift."""
    return sorted(p.stem for p in LIBRARY.glob(f"*{SUFFIX}"))


def resolve_path(ref: str | Path) -> Path:
    """A template file path from a path or the name of a library template."""
    p = Path(ref)
    library = LIBRARY / f"{ref}{SUFFIX}"
    if p.is_dir() and p.suffix != SUFFIX and library.exists() and p.name == str(ref):
        return library  # a folder of documents named like the template ("invoice/")
    if p.suffix == SUFFIX or p.exists():
        if not p.exists():
            raise TemplateError(f"{p}: no such template file")
        if p.is_dir():
            raise TemplateError(f"{p}: is a directory; name a {SUFFIX} file")
        return p
    if library.exists():
        return library
    hint = did_you_mean(str(ref), library_names())
    raise TemplateError(
        f"no template named {str(ref)!r}: not a file, nor in the library"
        + (f"; did you mean {hint!r}?" if hint else
           f" (library: {', '.join(library_names())})"))


def check_source(source: str, path: str = "<template>",
                 registry: PluginRegistry | None = None
                 ) -> tuple[list[CompiledTemplate], list[Diagnostic]]:
    """Parse, check and compile ``source``; return the templates and all diagnostics
    (packets in the file are checked too; :func:`check_definitions` returns them)."""
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
    from formsift.templates.compiler import Compiler

    parsed = parse_recovering(source, path)
    tree = parsed.tree if parsed.tree is not None else parsed.recovered
    if tree is None:
        return [], [], parsed.diagnostics
    sink = DiagnosticSink(path, source,
                          parsed.follows_from_blanking if parsed.blanked else None)
    compiler = Compiler(registry or default_registry(), sink, known)
    templates = compiler.compile_file(tree)
    packets = compiler.packets
    sink.items.extend(parsed.diagnostics)
    if parsed.tree is None:  # statements were left out: what was compiled is not the file
        templates, packets = [], []
    return templates, packets, sink.sorted()


def read_template_text(path: Path) -> str:
    """The text of a template file; TemplateError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
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
    "check_definitions",
    "check_source",
    "compile_template",
    "library_names",
    "library_packet_paths",
    "load_definitions",
    "load_template",
    "load_templates",
    "read_template_text",
    "resolve_path",
]
