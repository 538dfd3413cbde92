"""Where the OCR models come from: never a download at run time.

PP-OCRv4 detection and recognition models (Apache-2.0) ship inside the
``rapidocr-onnxruntime==1.4.4`` wheel on PyPI. formsift only needs its model files, so it is
installed without its dependencies (``pip install --no-deps rapidocr-onnxruntime==1.4.4``)
and found through ``importlib`` without importing it. A model path can also be given
explicitly, or through ``FORMSIFT_MODELS`` (a folder holding the ``.onnx`` files).

The optional ``ppocr_v6`` handwriting recognizer takes PP-OCRv6's small recognition model
from the ``rapidocr==3.10.0`` wheel the same way (``pip install --no-deps rapidocr==3.10.0``).
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from formsift.core.errors import ComponentNotFound

DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"
INSTALL_HINT = "pip install --no-deps rapidocr-onnxruntime==1.4.4"
#: PP-OCRv6's small recognition model (Apache-2.0), in the ``rapidocr`` 3.10.0 wheel.
V6_REC_MODEL = "PP-OCRv6_rec_small.onnx"
V6_INSTALL_HINT = "pip install --no-deps rapidocr==3.10.0"


def model_dirs(package: str = "rapidocr_onnxruntime") -> list[Path]:
    """``FORMSIFT_MODELS``, then the ``models`` folder of the installed ``package``."""
    dirs = []
    if os.environ.get("FORMSIFT_MODELS"):
        dirs.append(Path(os.environ["FORMSIFT_MODELS"]))
    spec = importlib.util.find_spec(package)  # located, not imported
    if spec is not None and spec.submodule_search_locations:
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / "models")
    return dirs


def find_model(filename: str, explicit: str | None = None,
               package: str = "rapidocr_onnxruntime", install: str = INSTALL_HINT) -> Path:
    """The path of a model file (in ``package``'s wheel), or a clear error saying how to
    install it (``install``)."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ComponentNotFound(f"model file {explicit} does not exist")
        return path
    for d in model_dirs(package):
        if (d / filename).is_file():
            return d / filename
    raise ComponentNotFound(f"the OCR model {filename} is not installed",
                            hint=f"install it with: {install}")


def models_available() -> bool:
    try:
        find_model(DET_MODEL)
        find_model(REC_MODEL)
    except ComponentNotFound:
        return False
    return True


def session(path: Path, threads: int = 0) -> Any:
    """An onnxruntime CPU session (one per worker process: sessions do not pickle)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    # no memory pattern: onnxruntime plans a pattern per input shape and keeps every plan,
    # and a page's detection input has its own shape: a worker reading six 300 dpi pages
    # peaked at 1,105 MB with it, 833 MB without, at the same CPU time
    opts.enable_mem_pattern = False
    # batch workers set FORMSIFT_THREADS so that N workers do not each start N threads
    threads = threads or int(os.environ.get("FORMSIFT_THREADS") or 0)
    if threads:
        opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), sess_options=opts,
                                providers=["CPUExecutionProvider"])


#: The run option that gives a run's memory back to the system when the run ends.
SHRINK_ARENA = "memory.enable_memory_arena_shrinkage"


def releasing_run() -> Any:
    """Run options for a model call whose memory is large and varies with its input (the
    detection model reads a whole page): onnxruntime's CPU arena keeps what a run took
    and, as input shapes change from page to page, takes more again around the parts it
    keeps, so a worker grew page after page. With these options the arena gives back what
    it holds when the run ends (the next page's run maps its memory again: a little CPU)."""
    import onnxruntime as ort

    opts = ort.RunOptions()
    opts.add_run_config_entry(SHRINK_ARENA, "cpu:0")
    return opts


def trim_heap() -> None:
    """Give the C heap's free pages back to the system now (glibc's ``malloc_trim``; on
    other C libraries nothing). Called before a run whose memory is large (detection):
    what the page's earlier stages freed stays resident in the heap, and the run's own
    peak comes on top of it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None  # (on Windows ctypes.CDLL(None) raises a TypeError: code read R3)
    try:
        return ctypes.CDLL(None).malloc_trim
    except Exception:  # not glibc (musl): no trim, never an error
        return None
