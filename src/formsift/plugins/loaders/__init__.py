"""Built-in loaders: PDF (PyMuPDF), images (OpenCV) and plain text."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.loaders.image import ImageLoader
from formsift.plugins.loaders.pdf import PdfLoader
from formsift.plugins.loaders.text import TextLoader


@hookimpl
def formsift_register_loaders() -> list[type]:
    return [PdfLoader, ImageLoader, TextLoader]
