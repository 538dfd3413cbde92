"""Built-in preprocessors (OpenCV, deterministic)."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.preprocess.filters import (
    Binarize,
    Contrast,
    Denoise,
    Dropout,
    Flatten,
    Grayscale,
    Rescale,
)
from formsift.plugins.preprocess.geometry import Deskew, Orientation, Perspective

#: What scans get when their template names no preprocessing.
DEFAULT_CHAIN = ("orientation", "deskew")


@hookimpl
def formsift_register_preprocessors() -> list[type]:
    return [Dropout, Grayscale, Denoise, Contrast, Binarize, Flatten, Rescale, Deskew, Orientation,
            Perspective]
