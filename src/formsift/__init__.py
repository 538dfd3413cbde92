"""formsift: turn business documents into validated, structured records.

The public API is loaded lazily so that ``import formsift`` stays fast; heavy libraries
(pymupdf, opencv, onnxruntime) load only when a component needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "extract": "formsift.core.engine",
    "Engine": "formsift.core.engine",
    "load_template": "formsift.templates",
    "compile_template": "formsift.templates",
    "ExtractionResult": "formsift.core.result",
    "FieldValue": "formsift.core.result",
    "Status": "formsift.core.result",
    "Document": "formsift.core.document",
    "Page": "formsift.core.document",
    "Word": "formsift.core.document",
    "Box": "formsift.core.geometry",
    "hookimpl": "formsift.core.hookspecs",
    "Options": "formsift.core.components",
    "Loader": "formsift.core.kinds",
    "Preprocessor": "formsift.core.kinds",
    "Segmenter": "formsift.core.kinds",
    "Recognizer": "formsift.core.kinds",
    "Validator": "formsift.core.kinds",
    "FieldType": "formsift.core.kinds",
    "Exporter": "formsift.core.kinds",
    "Function": "formsift.core.kinds",
    "Found": "formsift.core.kinds",
    "ParseContext": "formsift.core.kinds",
    "Constraint": "formsift.core.kinds",
    "ErrorResult": "formsift.core.result",
    "PacketResult": "formsift.core.packet",
    "FormsiftError": "formsift.core.errors",
    "InputError": "formsift.core.errors",
    "TemplateError": "formsift.core.errors",
    "PluginError": "formsift.core.errors",
    "DocumentTimeout": "formsift.core.errors",
    "ParamError": "formsift.templates.params",
}

__all__ = [
    "Box",
    "Constraint",
    "Document",
    "DocumentTimeout",
    "Engine",
    "ErrorResult",
    "Exporter",
    "ExtractionResult",
    "FieldType",
    "FieldValue",
    "FormsiftError",
    "Found",
    "Function",
    "InputError",
    "Loader",
    "Options",
    "PacketResult",
    "Page",
    "ParamError",
    "ParseContext",
    "PluginError",
    "Preprocessor",
    "Recognizer",
    "Segmenter",
    "Status",
    "TemplateError",
    "Validator",
    "Word",
    "__version__",
    "compile_template",
    "extract",
    "hookimpl",
    "load_template",
]

if TYPE_CHECKING:
    from formsift.core.components import Options
    from formsift.core.document import Document, Page, Word
    from formsift.core.engine import Engine, extract
    from formsift.core.errors import (
        DocumentTimeout,
        FormsiftError,
        InputError,
        PluginError,
        TemplateError,
    )
    from formsift.core.geometry import Box
    from formsift.core.hookspecs import hookimpl
    from formsift.core.kinds import (
        Constraint,
        Exporter,
        FieldType,
        Found,
        Function,
        Loader,
        ParseContext,
        Preprocessor,
        Recognizer,
        Segmenter,
        Validator,
    )
    from formsift.core.packet import PacketResult
    from formsift.core.result import ErrorResult, ExtractionResult, FieldValue, Status
    from formsift.templates import compile_template, load_template
    from formsift.templates.params import ParamError


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'formsift' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
