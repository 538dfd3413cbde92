"""The compiled templates an :class:`~formsift.core.engine.Engine` keeps for reuse.

A ``template=`` given as a name, a path or a template's text is compiled once and kept,
so a long-running process (a queue worker, a web application) does not compile it again
for every document. Texts and paths that differ from call to call (templates built in
code or kept per customer in a database, a temporary ``.sift`` file per job) would keep
every compiled template for the engine's life: the cache keeps the most recently used
:data:`TEMPLATE_CACHE_SIZE`, so its memory is bounded; one pushed out is compiled again
when it is used again. It is safe to use from several threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

#: Compiled templates an engine keeps (each about 0.1 MB): far more than a template set in
#: use at a time, which is never compiled twice.
TEMPLATE_CACHE_SIZE = 256


class TemplateCache:
    """Values by key, the ``size`` most recently used kept (least recently used first)."""

    def __init__(self, size: int | None = None) -> None:
        self.size = TEMPLATE_CACHE_SIZE if size is None else size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        """The value kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``, pushing out the least recently used past the size."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
