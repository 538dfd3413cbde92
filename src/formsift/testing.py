"""Helpers for a plugin's own tests: a one-page PDF made from lines of text, and an
engine that loads the plugin as formsift would, refusing any plugin problem.

    from formsift.testing import engine_with, pdf_from_lines

    engine = engine_with("formsift_acme.plugin")
    result = engine.extract(pdf_from_lines(["CF: RSSMRA85T10A562S"]), "t.sift", name="a.pdf")

Both are part of the public API (documented in docs/plugins.md, "Testing a plugin").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from formsift.core.engine import Engine
from formsift.core.errors import FormsiftError
from formsift.core.plugins import PluginRegistry

#: Where the first line's baseline is and how far apart lines are, in points (the
#: right margin is the left one).
_TOP, _LEFT, _LEADING = 72.0, 60.0, 24.0
#: The font of a line beyond Latin-1 (``€``, ``Łódź``, Cyrillic, CJK): pymupdf's built-in
#: Droid Sans Fallback, embedded as the subset used; Latin-1 lines stay in Helvetica.
_WIDE_FONT = "F-wide"


@cache
def _wide_font() -> Any:
    import pymupdf

    return pymupdf.Font("cjk")


def _font_of(number: int, text: str) -> str:
    """``helv`` for a line of Latin-1 only, else :data:`_WIDE_FONT`; a FormsiftError for a
    character neither has a glyph for (the page would show another one)."""
    if all(ord(c) < 256 for c in text):
        return "helv"
    missing = next((c for c in text if ord(c) >= 256
                    and not _wide_font().has_glyph(ord(c))), None)
    if missing is not None:
        raise FormsiftError(f"pdf_from_lines: line {number} has {missing!r} "
                            f"(U+{ord(missing):04X}), which neither Helvetica nor pymupdf's "
                            f"built-in Droid Sans Fallback can write; the page would show "
                            f"another character")
    return _WIDE_FONT


def _width(text: str, font: str, font_size: float) -> float:
    import pymupdf

    if font == "helv":
        return float(pymupdf.get_text_length(text, fontname="helv", fontsize=font_size))
    return float(_wide_font().text_length(text, fontsize=font_size))


def pdf_from_lines(lines: Sequence[str], *, font_size: float = 11,
                   size: tuple[float, float] = (595, 842)) -> bytes:
    """A born-digital one-page PDF (A4 by default) with each of ``lines`` on a line of its
    own, from the top left down: the words a text-layer template reads. Its text is
    exactly ``lines``: a line wider than the page, or with a character no font here has
    a glyph for, is a :class:`FormsiftError`, not a line cut or a letter replaced."""
    import pymupdf

    if isinstance(lines, str):
        raise FormsiftError("pdf_from_lines takes a list of lines, not one str: "
                            "pdf_from_lines(['Total: 12.00'])")
    if _TOP + _LEADING * (len(lines) - 1) > size[1] - _LEADING:
        raise FormsiftError(f"pdf_from_lines: {len(lines)} lines do not fit on one page "
                            f"of {size[1]:g} points ({_LEADING:g} points a line)")
    room = size[0] - 2 * _LEFT
    fonts = []
    for number, text in enumerate(map(str, lines), start=1):
        fonts.append(_font_of(number, text))
        width = max(_width(part, fonts[-1], font_size) for part in text.split("\n"))
        if width > room:
            raise FormsiftError(f"pdf_from_lines: line {number} is {width:.0f} points wide "
                                f"at font_size {font_size:g}, more than the {room:g} the "
                                f"page has; split it, or pass a smaller font_size or a "
                                f"wider size")
    doc = pymupdf.open()
    try:
        page = doc.new_page(width=size[0], height=size[1])
        if _WIDE_FONT in fonts:
            page.insert_font(fontname=_WIDE_FONT, fontbuffer=_wide_font().buffer)
        for i, (text, font) in enumerate(zip(map(str, lines), fonts, strict=True)):
            page.insert_text((_LEFT, _TOP + _LEADING * i), text, fontsize=font_size,
                             fontname=font)
        if _WIDE_FONT not in fonts:
            return doc.tobytes()
        doc.subset_fonts()  # the glyphs used, not the font's 3.5 MB
        return doc.tobytes(garbage=3, deflate=True)
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
