"""The recognizers of the pipeline a segmenter runs in.

A segmenter sometimes reads a little text to decide what it found: the ``checkboxes``
segmenter reads the ink inside a box (a printed "M" in a sex box is no tick). It reads it
with the recognizer the engine loaded for the page (a template's ``recognize
ppocr_rec(model=...)``, or the installed default), never with one of its own: that would
be a second copy of the model in every worker's memory, and a reading by a model the
template did not ask for.

While its segmenters run, the engine binds the pipeline's recognizers (:func:`bound`);
a segmenter asks for :func:`line_reader`, the first printed-text recognizer among them
that reads crops line by line (``read_lines``), loaded on first use. A segmenter used on
its own, outside an engine, finds none bound (:func:`in_pipeline` is false).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: The recognizers of the pipeline running now, as a function (called when a segmenter
#: first asks: a page read from its text layer loads no model until then).
_BOUND: ContextVar[Callable[[], Sequence[Any]] | None] = ContextVar(
    "formsift_pipeline_recognizers", default=None)


@contextmanager
def bound(recognizers: Callable[[], Sequence[Any]]) -> Iterator[None]:
    """While the block runs, the pipeline's recognizers are ``recognizers()``."""
    token = _BOUND.set(recognizers)
    try:
        yield
    finally:
        _BOUND.reset(token)


def in_pipeline() -> bool:
    """Whether an engine's pipeline is running (its recognizers bound)."""
    return _BOUND.get() is not None


def line_reader() -> Any | None:
    """The first recognizer of the pipeline running now that reads printed text
    (``handwriting`` not set) and reads crops line by line: ``read_lines(crops)`` gives,
    for each crop, its characters as (character, confidence, x) and the share of the
    width read. Ready (its model loaded); None when no pipeline is running or none of its
    recognizers reads so."""
    recognizers = _BOUND.get()
    if recognizers is None:
        return None
    for rec in recognizers():
        if not getattr(rec, "handwriting", False) and callable(getattr(rec, "read_lines", None)):
            rec.ensure_ready()
            return rec
    return None
