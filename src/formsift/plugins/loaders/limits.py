"""What the loaders share about limits: the error of a file over its page limit, and the
loader options that set every installed loader's page limit to a caller's (the service's
``--max-pages``), so that the caller's limit is the one checked and cited, before the
pages are read."""

from __future__ import annotations

from typing import Any

from formsift.core.errors import InputError


class PageLimitError(InputError):
    """A file has more pages than a loader's ``max_pages`` allows; raised from the file's
    page count, before its pages are read or decoded."""

    def __init__(self, source: str, reason: str, *, pages: int, limit: int) -> None:
        super().__init__(source, reason)
        #: The pages the file has (at least), and the limit it is over
        self.pages = pages
        self.limit = limit


def page_limit_options(registry: Any, max_pages: int,
                       loader_options: dict[str, dict[str, Any]] | None = None
                       ) -> dict[str, dict[str, Any]]:
    """``loader_options`` (for :class:`~formsift.core.engine.Engine`) with ``max_pages``
    set for each installed loader that has that option (PDF, image, text, and plugins'
    loaders that declare it). Loaders the registry does not have (blocked) get none: the
    engine refuses options for a loader it does not know."""
    from formsift.core.components import ComponentKind

    out = {name: dict(opts) for name, opts in (loader_options or {}).items()}
    for name, info in registry.of_kind(ComponentKind.LOADER).items():
        if "max_pages" in getattr(info.cls.Options, "model_fields", {}):
            out.setdefault(name, {})["max_pages"] = max_pages
    return out
