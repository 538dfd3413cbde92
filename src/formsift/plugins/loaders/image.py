"""The image loader: PNG, JPEG (EXIF orientation applied), TIFF (multi-page), BMP, WebP
through OpenCV. Images have no text layer; recognizer plugins read them."""

from __future__ import annotations

import struct
from typing import Any

from formsift.core.components import Options
from formsift.core.document import Document, Page
from formsift.core.errors import InputError
from formsift.core.kinds import Loader
from formsift.core.sources import Source

_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
    b"BM": "image/bmp",
}


def media_type(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class ImageOptions(Options):
    max_pixels: int = 200_000_000
    #: The resolution assumed when the file does not say (most scanners write it).
    assume_dpi: int = 300
    max_pages: int = 1000


class ImageLoader(Loader):
    name = "image"
    version = "0.1.0"
    summary = "PNG, JPEG (EXIF orientation), TIFF (multi-page), BMP and WebP through OpenCV"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
    Options = ImageOptions

    def accepts(self, source: Source) -> bool:
        return media_type(source.data[:16]) is not None

    def load(self, source: Source) -> Document:
        import cv2
        import numpy as np

        opts: ImageOptions = self.options  # type: ignore[assignment]
        kind = media_type(source.data[:16]) or "application/octet-stream"
        dims = _header_size(source.data, kind)
        if dims and dims[0] * dims[1] > opts.max_pixels:
            raise InputError(source.name, f"image is {dims[0]:,} x {dims[1]:,} pixels, over "
                                          f"the limit of {opts.max_pixels:,}")
        buf = np.frombuffer(source.data, dtype=np.uint8)
        images: list[Any]
        if kind == "image/tiff":
            ok, images = cv2.imdecodemulti(buf, cv2.IMREAD_COLOR)
            images = list(images) if ok else []
        else:
            img = cv2.imdecode(buf, cv2.IMREAD_COLOR)  # applies EXIF orientation
            images = [img] if img is not None else []
        if not images:
            raise InputError(source.name, "cannot decode image: the file is corrupt or "
                                          "truncated")
        if len(images) > opts.max_pages:
            raise InputError(source.name, f"image has {len(images):,} pages, over the limit "
                                          f"of {opts.max_pages:,}")
        dpi = _header_dpi(source.data, kind) or opts.assume_dpi
        pages = []
        for index, img in enumerate(images):
            h, w = img.shape[:2]
            if h == 0 or w == 0:
                raise InputError(source.name, f"page {index + 1} is empty (0 pixels)")
            if h * w > opts.max_pixels:
                raise InputError(source.name, f"page {index + 1} is {w:,} x {h:,} pixels, "
                                              f"over the limit of {opts.max_pixels:,}")
            page = Page(index=index, width=float(w), height=float(h), unit="px",
                        renderer=_renderer(img, dpi))
            page.notes["image"] = {"dpi": dpi, "size_px": [w, h]}
            page.set_image(dpi, img)
            pages.append(page)
        return Document(id=source.id, name=source.name, media_type=kind, pages=pages,
                        loader=self.name, size_bytes=len(source.data))


def _renderer(img: Any, native_dpi: int) -> Any:
    def render(dpi: int) -> Any:
        import cv2

        if dpi == native_dpi:
            return img
        scale = dpi / native_dpi
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        h, w = img.shape[:2]  # a tiny image must not scale to nothing
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        return cv2.resize(img, size, interpolation=interp)

    return render


def _header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height from the file header, to refuse huge images before decoding."""
    try:
        if kind == "image/png" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if kind == "image/jpeg":
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    return None
                marker = data[i + 1]
                length = struct.unpack(">H", data[i + 2:i + 4])[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    h, w = struct.unpack(">HH", data[i + 5:i + 9])
                    return w, h
                i += 2 + length
    except struct.error:
        return None
    return None


def _header_dpi(data: bytes, kind: str) -> int | None:
    """The resolution the file declares (PNG pHYs, JPEG JFIF), if any."""
    try:
        if kind == "image/png":
            i = data.find(b"pHYs", 8, 4096)
            if i > 0:
                px, _py, unit = struct.unpack(">IIB", data[i + 4:i + 13])
                if unit == 1 and px > 0:
                    return round(px * 0.0254)
        elif kind == "image/jpeg" and data[6:11] == b"JFIF\x00":
            unit = data[13]
            x = struct.unpack(">H", data[14:16])[0]
            if unit == 1 and x > 1:
                return x
            if unit == 2 and x > 1:
                return round(x * 2.54)
    except struct.error:
        return None
    return None
