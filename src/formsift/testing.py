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
#: The font of a character beyond Latin-1 (``€``, ``Łódź``, Cyrillic, CJK): pymupdf's
#: built-in Droid Sans Fallback, embedded as the subset used. Latin-1 characters stay in
#: Helvetica, also on a line holding such a character: the fallback font has no glyph
#: for a no-break space nor ``µ`` (they read back ``\x00``).
_WIDE_FONT = "F-wide"
#: How far below the one before it a part of a line after a ``\n`` goes, in font sizes,
#: when the line mixes fonts (one font: pymupdf places it).
_LINE_HEIGHT = 1.2

#: A line's parts, each with its font: ``[(font, text), ...]``.
_Runs = list[tuple[str, str]]


@cache
def _wide_font() -> Any:
    import pymupdf

    return pymupdf.Font("cjk")


def _runs(number: int, text: str) -> _Runs:
    """``text`` cut into runs of one font: ``helv`` for Latin-1 characters,
    :data:`_WIDE_FONT` for the others; a FormsiftError for a character neither has a
    glyph for (the page would show another one)."""
    runs: _Runs = []
    for char in text:
        font = "helv" if ord(char) < 256 else _WIDE_FONT
        if font == _WIDE_FONT and not _wide_font().has_glyph(ord(char)):
            raise FormsiftError(f"pdf_from_lines: line {number} has {char!r} "
                                f"(U+{ord(char):04X}), which neither Helvetica nor pymupdf's "
                                f"built-in Droid Sans Fallback can write; the page would "
                                f"show another character")
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs or [("helv", "")]


@cache
def _helvetica() -> Any:
    import pymupdf

    return pymupdf.Font("helv")


def _width(text: str, font: str, font_size: float) -> float:
    """``text``'s width in points (``pymupdf.get_text_length`` undercounts Latin-1
    letters beyond ASCII: 70 points for 'Net ¬®© ¤ ½ 5°C § ', which takes 98)."""
    face = _helvetica() if font == "helv" else _wide_font()
    return float(face.text_length(text, fontsize=font_size))


def _sublines(runs: _Runs) -> list[_Runs]:
    """``runs`` cut at each ``\\n``: the runs of each part of the line."""
    parts: list[_Runs] = [[]]
    for font, text in runs:
        for i, piece in enumerate(text.split("\n")):
            if i:
                parts.append([])
            if piece:
                parts[-1].append((font, piece))
    return parts


def _write(page: Any, runs: _Runs, y: float, font_size: float) -> None:
    """One line at baseline ``y``: one call for a line in one font (the PDF as before),
    else each run where the one before it ends."""
    if len(runs) == 1:
        font, text = runs[0]
        page.insert_text((_LEFT, y), text, fontsize=font_size, fontname=font)
        return
    for k, part in enumerate(_sublines(runs)):
        x = _LEFT
        for font, text in part:
            page.insert_text((x, y + k * font_size * _LINE_HEIGHT), text,
                             fontsize=font_size, fontname=font)
            x += _width(text, font, font_size)


def pdf_from_lines(lines: Sequence[str], *, font_size: float = 11,
                   size: tuple[float, float] = (595, 842)) -> bytes:
    """A born-digital one-page PDF (A4 by default) with each of ``lines`` on a line of its
    own, from the top left down: the words a text-layer template reads. Its text is
    ``lines`` (a no-break space reads back as a space, as Helvetica writes it): a line
    wider than the page, or with a character no font here has a glyph for, is a
    :class:`FormsiftError`, not a line cut or a letter replaced."""
    import pymupdf

    if isinstance(lines, str):
        raise FormsiftError("pdf_from_lines takes a list of lines, not one str: "
                            "pdf_from_lines(['Total: 12.00'])")
    if _TOP + _LEADING * (len(lines) - 1) > size[1] - _LEADING:
        raise FormsiftError(f"pdf_from_lines: {len(lines)} lines do not fit on one page "
                            f"of {size[1]:g} points ({_LEADING:g} points a line)")
    room = size[0] - 2 * _LEFT
    all_runs = []
    for number, text in enumerate(map(str, lines), start=1):
        all_runs.append(_runs(number, text))
        width = max(sum(_width(t, font, font_size) for font, t in part)
                    for part in _sublines(all_runs[-1]))
        if width > room:
            raise FormsiftError(f"pdf_from_lines: line {number} is {width:.0f} points wide "
                                f"at font_size {font_size:g}, more than the {room:g} the "
                                f"page has; split it, or pass a smaller font_size or a "
                                f"wider size")
    wide = any(font == _WIDE_FONT for runs in all_runs for font, _ in runs)
    doc = pymupdf.open()
    try:
        page = doc.new_page(width=size[0], height=size[1])
        if wide:
            page.insert_font(fontname=_WIDE_FONT, fontbuffer=_wide_font().buffer)
        for i, runs in enumerate(all_runs):
            _write(page, runs, _TOP + _LEADING * i, font_size)
        if not wide:
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
