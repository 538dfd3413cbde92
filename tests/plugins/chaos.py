"""A plugin that misbehaves on purpose, for batch tests: on a marker in a document's text
it hangs, exits the process, segfaults, or kills itself with SIGKILL.

Markers: ``CHAOS-HANG`` (sleeps for an hour), ``CHAOS-EXIT`` (``os._exit(3)``),
``CHAOS-SEGFAULT`` (reads address 0), ``CHAOS-KILL`` (SIGKILL to itself), ``CHAOS-ONCE``
(``os._exit(3)`` the first time a document is seen, then behaves; the memory of having
seen it is a file in the folder named by ``FORMSIFT_CHAOS_DIR``).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from formsift.core.hookspecs import hookimpl


@hookimpl
def formsift_document_loaded(document):
    text = document.text
    if "CHAOS-" not in text:
        return
    if "CHAOS-HANG" in text:
        time.sleep(3600)
    elif "CHAOS-EXIT" in text:
        os._exit(3)
    elif "CHAOS-SEGFAULT" in text:
        import ctypes

        ctypes.string_at(0)
    elif "CHAOS-KILL" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    elif "CHAOS-ONCE" in text:
        flag = Path(os.environ["FORMSIFT_CHAOS_DIR"]) / document.id.replace(":", "-")
        if not flag.exists():
            flag.write_text("crashed once")
            os._exit(3)
