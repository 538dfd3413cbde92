"""Compiled templates: loading, checking and the shipped template library.

``load_template("invoice")`` loads a template of the shipped library by name;
``load_template("path/to/acme.sift")`` loads a file. Errors raise
:class:`~formsift.core.errors.TemplateError` carrying every diagnostic of the file.
"""

from __future__ import annotations

from pathlib import Path

from formsift.core.errors import TemplateError
from formsift.core.plugins import PluginRegistry, default_registry
from formsift.grammar.diagnostics import Diagnostic, DiagnosticSink
from formsift.grammar.parser import parse
from formsift.templates.model import CompiledTemplate
from formsift.util.suggest import did_you_mean

LIBRARY = Path(__file__).with_name("library")
SUFFIX = ".sift"


def library_names() -> list[str]:
    """Names of the templates shipped with formsift."""
    return sorted(p.stem for p in LIBRARY.glob(f"*{SUFFIX}"))


def resolve_path(ref: str | Path) -> Path:
    """A template file path from a path or the name of a library template."""
    p = Path(ref)
    if p.suffix == SUFFIX or p.exists():
        if not p.exists():
            raise TemplateError(f"{p}: no such template file")
        if p.is_dir():
            raise TemplateError(f"{p}: is a directory; name a {SUFFIX} file")
        return p
    candidate = LIBRARY / f"{ref}{SUFFIX}"
    if candidate.exists():
        return candidate
    hint = did_you_mean(str(ref), library_names())
    raise TemplateError(
        f"no template named {str(ref)!r}: not a file, nor in the library"
        + (f"; did you mean {hint!r}?" if hint else
           f" (library: {', '.join(library_names())})"))


def check_source(source: str, path: str = "<template>",
                 registry: PluginRegistry | None = None
                 ) -> tuple[list[CompiledTemplate], list[Diagnostic]]:
    """Parse, check and compile ``source``; return the templates and all diagnostics."""
    from formsift.templates.compiler import Compiler

    tree, diagnostics = parse(source, path)
    if tree is None:
        return [], diagnostics
    sink = DiagnosticSink(path, source)
    templates = Compiler(registry or default_registry(), sink).compile_file(tree)
    return templates, sink.sorted()


def load_templates(ref: str | Path, registry: PluginRegistry | None = None
                   ) -> list[CompiledTemplate]:
    """Every template in a file (or the library template ``ref``)."""
    path = resolve_path(ref)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read template: {exc}") from exc
    templates, diagnostics = check_source(source, str(path), registry)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise TemplateError(f"{path}: {len(errors)} error(s)", errors)
    if not templates:
        raise TemplateError(f"{path}: the file defines no template")
    return templates


def load_template(ref: str | Path, registry: PluginRegistry | None = None) -> CompiledTemplate:
    """Load one template by library name or path (a file with several: the first)."""
    return load_templates(ref, registry)[0]


__all__ = [
    "CompiledTemplate",
    "check_source",
    "library_names",
    "load_template",
    "load_templates",
    "resolve_path",
]
