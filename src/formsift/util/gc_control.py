"""Python's cyclic garbage collector around long-lived setup work.

Loading a large template set creates hundreds of thousands of objects that live as long
as the engine. While they are created, the collector runs again and again and walks all of
them each time (215 converted invoice2data templates: about a third of the loading time),
although none is garbage. :func:`paused` keeps it out of such bulk work; :func:`settle`,
for processes formsift owns (the CLI, batch and service workers), moves everything built
so far out of the collector's sight for good, so that later collections only walk what
documents create.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees objects);
    the collector is enabled again afterwards only if it was enabled before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Treat every object alive now as permanent (``gc.freeze``): for a process that has
    finished setting up and keeps its engine until it exits. Never for a library call:
    the caller's own objects would be frozen too."""
    gc.freeze()
