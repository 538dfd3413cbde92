"""Helpers for a plugin's own tests: a one-page PDF made from lines of text, and an
engine that loads the plugin as formsift would, refusing any plugin problem.

    from formsift.testing import engine_with, pdf_from_lines

    engine = engine_with("formsift_acme.plugin")
    result = engine.extract(pdf_from_lines(["CF: RSSMRA85T10A562S"]), "t.sift", name="a.pdf")

Both are part of the public API (documented in docs/plugins.md, "Testing a plugin").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from formsift.core.engine import Engine
from formsift.core.errors import FormsiftError
from formsift.core.plugins import PluginRegistry

#: Where the first line's baseline is and how far apart lines are, in points.
_TOP, _LEFT, _LEADING = 72.0, 60.0, 24.0


def pdf_from_lines(lines: Sequence[str], *, font_size: float = 11,
                   size: tuple[float, float] = (595, 842)) -> bytes:
    """A born-digital one-page PDF (A4 by default) with each of ``lines`` on a line of its
    own, from the top left down: the words a text-layer template reads."""
    import pymupdf

    if isinstance(lines, str):
        raise FormsiftError("pdf_from_lines takes a list of lines, not one str: "
                            "pdf_from_lines(['Total: 12.00'])")
    if _TOP + _LEADING * (len(lines) - 1) > size[1] - _LEADING:
        raise FormsiftError(f"pdf_from_lines: {len(lines)} lines do not fit on one page "
                            f"of {size[1]:g} points ({_LEADING:g} points a line)")
    doc = pymupdf.open()
    try:
        page = doc.new_page(width=size[0], height=size[1])
        for i, text in enumerate(lines):
            page.insert_text((_LEFT, _TOP + _LEADING * i), str(text), fontsize=font_size)
        return doc.tobytes()
    finally:
        doc.close()


def engine_with(*plugins: Any, block: Iterable[str] = (), strict: bool = True,
                **engine_options: Any) -> Engine:
    """An :class:`~formsift.Engine` whose registry holds the installed plugins and
    ``plugins`` (modules, module names or ``(name, module)`` pairs, as
    ``PluginRegistry.discover(extra_plugins=...)`` takes them). ``strict`` (the default)
    raises :class:`~formsift.core.errors.PluginError` for any plugin problem (a name
    another plugin has, a hook misspelled); ``block`` leaves plugins out (another
    installed one whose names clash with yours). Other keywords go to ``Engine``
    (``seen_store`` is ``"memory"`` unless given, so no test writes a store to disk)."""
    registry = PluginRegistry.discover(extra_plugins=list(plugins), block=block,
                                       strict=strict)
    engine_options.setdefault("seen_store", "memory")
    return Engine(registry=registry, **engine_options)
