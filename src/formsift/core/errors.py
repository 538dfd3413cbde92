"""The exceptions formsift raises for users' mistakes and bad inputs.

Every error a user can cause derives from :class:`FormsiftError`; the CLI prints such errors
as one clear line (``--debug`` shows the traceback) and exits with the error's ``exit_code``.
"""

from __future__ import annotations

from typing import Any


class FormsiftError(Exception):
    """Base class of every error formsift reports to its users. Unless a subclass says
    otherwise, it is a usage error (exit code 2): a bad option, path or setting."""

    exit_code = 2
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its class, ``args`` and attributes, without calling ``__init__``
        (whose arguments a subclass changes: ``InputError(source, reason)``), so that an
        error raised in a worker process (``ProcessPoolExecutor``, a task queue) reaches
        the caller as itself instead of breaking the pool."""
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[FormsiftError], args: tuple[Any, ...],
             state: dict[str, Any]) -> FormsiftError:
    """An unpickled :class:`FormsiftError` (see ``FormsiftError.__reduce__``)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class InputError(FormsiftError):
    """An input document cannot be read: missing, empty, corrupt, encrypted, unsupported."""

    exit_code = 3
    code = "input_error"

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {reason}", hint=hint)
        self.source = source
        self.reason = reason


class TemplateError(FormsiftError):
    """A template has errors; ``diagnostics`` lists every one of them."""

    exit_code = 4
    code = "template_error"

    def __init__(self, message: str, diagnostics: list | None = None, *,
                 listing: str | None = None) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])
        #: The full text when it holds more than the diagnostics (several files' errors)
        self.listing = listing

    def __str__(self) -> str:
        if self.listing is not None:
            return self.listing
        if not self.diagnostics:
            return self.message
        return "\n".join(d.format() for d in self.diagnostics)


class PluginError(FormsiftError):
    """A plugin is broken: it failed to import, misspelled a hook, or clashes by name."""

    exit_code = 5
    code = "plugin_error"

    def __init__(self, message: str, *, distribution: str | None = None) -> None:
        super().__init__(message)
        self.distribution = distribution


class ComponentNotFound(FormsiftError):
    """A template or call names a component that no installed plugin provides."""

    exit_code = 5
    code = "component_not_found"


class ExtractionError(FormsiftError):
    """Extraction failed for a reason other than the input file itself."""

    exit_code = 6
    code = "extraction_error"


class DocumentTimeout(FormsiftError):
    """Processing one document took longer than its allowed time."""

    exit_code = 7
    code = "timeout"
