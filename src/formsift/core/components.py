"""Components: the named, versioned units of work that plugins contribute.

A component belongs to one kind (loader, preprocessor, segmenter, recognizer, validator,
field type, exporter). It has a ``name``, a ``version`` and a pydantic ``Options`` model that
templates and callers fill in; the checker validates template options against that model.
Components that hold models (ONNX sessions, which cannot be pickled) load them in
:meth:`Component.setup`, which the engine calls once per worker process, lazily.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from formsift.core.contracts import blame
from formsift.core.errors import FormsiftError, PluginError


class ComponentKind(StrEnum):
    LOADER = "loader"
    PREPROCESSOR = "preprocessor"
    SEGMENTER = "segmenter"
    RECOGNIZER = "recognizer"
    VALIDATOR = "validator"
    FIELD_TYPE = "field_type"
    EXPORTER = "exporter"

    @property
    def plural(self) -> str:
        return {"field_type": "field types"}.get(self.value, self.value + "s")


class Options(BaseModel):
    """Base of every component's options model: unknown options are errors, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoOptions(Options):
    """For components that take no options."""


class Component:
    """Base class of every component. Subclasses set ``kind``, ``name`` and ``version``."""

    kind: ClassVar[ComponentKind]
    name: ClassVar[str]
    version: ClassVar[str] = "0.1.0"
    summary: ClassVar[str] = ""
    Options: ClassVar[type[Options]] = NoOptions
    #: Options that name files (a model): a relative path in a template is read from the
    #: template's own folder, and a missing file is reported when the template is checked.
    path_options: ClassVar[tuple[str, ...]] = ()
    #: The kind of file each path option names, where it is not an ONNX model ("json");
    #: ``formsift check`` refuses a file that is not of its kind.
    path_formats: ClassVar[dict[str, str]] = {}

    def __init__(self, options: Options | dict[str, Any] | None = None) -> None:
        if options is None:
            options = self.Options()
        elif isinstance(options, dict):
            options = self.Options(**options)
        self.options = options
        self._ready = False

    def setup(self) -> None:
        """Load heavy resources (models). Called once per worker process before first use."""

    def ensure_ready(self) -> None:
        if not self._ready:
            try:
                self.setup()
            except Exception as exc:
                files = {k: getattr(self.options, k, None) for k in self.path_options}
                given = ", ".join(f"{k}={v!r}" for k, v in files.items() if v)
                if not given or isinstance(exc, FormsiftError):
                    blame(exc, self, "setup")  # (a plugin's: its error names the component)
                    raise
                # a file a template named (model=...) that is no model this component
                # loads: the user's mistake, said in one line (not its contents)
                raise PluginError(f"{self.kind.value} '{self.name}' cannot load the file "
                                  f"its template names ({given}): "
                                  f"{type(exc).__name__}") from exc
            self._ready = True

    def __getstate__(self) -> dict[str, Any]:
        # Models are per process: a pickled component sets itself up again in its worker.
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_model")}
        state["_ready"] = False
        return state

    def __repr__(self) -> str:
        return f"<{self.kind.value} {self.name} {self.version}>"
