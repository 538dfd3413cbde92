"""A plugin that misbehaves on purpose, for batch tests: on a marker in a document's text
it hangs, exits the process, segfaults, or kills itself with SIGKILL.

Markers: ``CHAOS-HANG`` (sleeps for an hour), ``CHAOS-EXIT`` (``os._exit(3)``),
``CHAOS-SEGFAULT`` (reads address 0), ``CHAOS-KILL`` (SIGKILL to itself), ``CHAOS-ONCE``
(``os._exit(3)`` the first time a document is seen, then behaves; the memory of having
seen it is a file in the folder named by ``FORMSIFT_CHAOS_DIR``).

``marker_pdf`` and ``write_invoices`` make the inputs of the batch tests and of
``benchmarks/bench_batch.py``.
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


def marker_pdf(text: str) -> bytes:
    """A one-page born-digital PDF that says ``text`` (e.g. a marker above)."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    data = doc.tobytes()
    doc.close()
    return data


def write_invoices(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Generated invoices ``invoice-NNNNN.pdf`` for seeds ``start..start+count-1``."""
    from formsift.samples import generate

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        path = folder / f"invoice-{seed:05d}.pdf"
        path.write_bytes(generate("invoice", seed).pdf)
        paths.append(path)
    return paths
