"""What a document's bytes are, against what its request says they are.

PDFs and images are told by their magic bytes, and the engine's loaders read them by their
bytes whatever their name; a request may say otherwise (``Content-Type: text/plain``, a
filename ending in ``.txt``, a PNG sent as ``application/pdf``). The bytes decide, and the
record says the request was wrong (``audit.input_warnings``), so that the sender can fix
it. Plain text has no magic bytes: it is never "detected", only declared.
"""

from __future__ import annotations

from pathlib import PurePath

#: The declared types that name a kind of document (others, such as
#: application/octet-stream or curl's default application/x-www-form-urlencoded, say
#: nothing about the bytes).
DECLARED = {"text/plain": "text/plain", "application/pdf": "application/pdf",
            "image/png": "image/png", "image/jpeg": "image/jpeg", "image/jpg": "image/jpeg",
            "image/pjpeg": "image/jpeg", "image/tiff": "image/tiff", "image/tif": "image/tiff",
            "image/bmp": "image/bmp", "image/x-ms-bmp": "image/bmp",
            "image/webp": "image/webp"}
SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".pdf": "application/pdf",
            ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
            ".tif": "image/tiff", ".tiff": "image/tiff", ".bmp": "image/bmp",
            ".webp": "image/webp"}
#: Declared types of documents without magic bytes, which their loaders know by the
#: suffix of their name: a body sent as one is named so (``document.txt``).
NAMED_BY_SUFFIX = {"text/plain": ".txt", "application/xml": ".xml", "text/xml": ".xml"}
NAMES = {"text/plain": "plain text", "application/pdf": "a PDF",
         "image/png": "a PNG image", "image/jpeg": "a JPEG image",
         "image/tiff": "a TIFF image", "image/bmp": "a BMP image",
         "image/webp": "a WebP image"}


def sniffed(data: bytes) -> str | None:
    """The media type of a PDF or an image by its magic bytes, as the loaders tell them
    (strictly: a note starting "BM" or quoting "%PDF-1.7" is no BMP or PDF); None for
    anything else (text, or what no loader reads)."""
    from formsift.plugins.loaders.image import media_type
    from formsift.plugins.loaders.pdf import is_pdf

    if is_pdf(data):
        return "application/pdf"
    return media_type(data[:32], len(data))


def content_type(header: str) -> str:
    """A Content-Type header's media type, lower case, without its parameters."""
    return header.split(";")[0].strip().lower()


def mismatch(ctype: str, filename: str, data: bytes) -> str | None:
    """What the request said wrongly of the document's kind, as a record's input
    warning: a declared Content-Type or a filename suffix naming another kind than the
    bytes are (a PNG sent as text/plain, named ``scan.txt``, sent as application/pdf);
    None when they agree, or the bytes are of no kind told by magic bytes."""
    kind = sniffed(data)
    if kind is None:
        return None
    said = []
    declared = DECLARED.get(content_type(ctype))
    if declared is not None and declared != kind:
        said.append(f"sent as {content_type(ctype)}")
    suffix = PurePath(filename).suffix.lower()
    if SUFFIXES.get(suffix, kind) != kind:
        said.append(f"named {filename!r}")
    if not said:
        return None
    return (f"{' and '.join(said)}, but its bytes are {NAMES[kind]} ({kind}): read as "
            "its bytes say")
