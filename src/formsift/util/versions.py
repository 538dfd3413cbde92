"""Versions of the libraries that shape a reading, for a result's audit block: a result
replayed months later can be told apart from one the same formsift produced with another
PyMuPDF (text extraction), onnxruntime (inference) or model package."""

from __future__ import annotations

import functools
from importlib import metadata

#: Distributions whose version changes what a document reads as: text layers and
#: rendering (PyMuPDF), image handling (OpenCV, NumPy), inference (onnxruntime), the
#: PP-OCR model files (rapidocr-onnxruntime's wheel), ID checks (python-stdnum).
LIBRARIES = ("PyMuPDF", "onnxruntime", "opencv-python-headless", "opencv-python", "numpy",
             "rapidocr-onnxruntime", "python-stdnum", "regex")


@functools.cache
def library_versions() -> dict[str, str]:
    """``{distribution: version}`` of :data:`LIBRARIES` that are installed."""
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out
