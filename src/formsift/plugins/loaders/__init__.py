"""Built-in loaders: PDF (PyMuPDF) and images (OpenCV)."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.loaders.image import ImageLoader
from formsift.plugins.loaders.pdf import PdfLoader


@hookimpl
def formsift_register_loaders() -> list[type]:
    return [PdfLoader, ImageLoader]
