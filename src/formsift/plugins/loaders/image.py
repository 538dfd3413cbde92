"""The image loader: PNG, JPEG (EXIF orientation applied), TIFF (multi-page), BMP, WebP
through OpenCV. Images have no text layer; recognizer plugins read them.

A multi-page TIFF is checked page by page before decoding (each page's directory and image
data must lie inside the file): a truncated or damaged first page is an error naming the
page; when a later page is, the pages before it are loaded and the document's
``metadata["warnings"]`` (and the ``formsift.loaders`` log) say which page and why, so a
page is never dropped silently. OpenCV's own log lines (``[ERROR:0@...] ... TIFF_Error``)
are silenced while decoding: the loader's errors and warnings say it instead.
"""

from __future__ import annotations

import logging
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

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
        images: list[Any]
        warnings: list[str] = []
        with _quiet_opencv():
            if kind == "image/tiff":
                images, warnings = _load_tiff(source, opts)
            else:
                buf = np.frombuffer(source.data, dtype=np.uint8)
                try:
                    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)  # applies EXIF orientation
                except cv2.error:
                    img = None
                if img is not None and (kind == "image/webp" or (kind == "image/png"
                                        and _png_transparent(source.data))):
                    img = _on_white(img, buf)
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
        metadata: dict[str, Any] = {}
        if warnings:
            metadata["warnings"] = warnings
            metadata["damaged"] = warnings[0]  # pages lost: never accepted as complete
            for warning in warnings:
                _log.warning("%s: %s", source.name, warning)
        return Document(id=source.id, name=source.name, media_type=kind, pages=pages,
                        loader=self.name, size_bytes=len(source.data), metadata=metadata)


_log = logging.getLogger("formsift.loaders")
_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved: int | None = None


@contextmanager
def _quiet_opencv() -> Iterator[None]:
    """Silence OpenCV's logging (libtiff/libpng messages printed straight to stderr) while
    decoding, and restore the previous level after the last concurrent decode ends."""
    global _quiet_depth, _quiet_saved
    import cv2

    log = cv2.utils.logging
    with _quiet_lock:
        if _quiet_depth == 0:
            _quiet_saved = log.getLogLevel()
            log.setLogLevel(log.LOG_LEVEL_SILENT)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _quiet_saved is not None:
                log.setLogLevel(_quiet_saved)
                _quiet_saved = None


# -- TIFF ----------------------------------------------------------------------------------
_TIFF_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8,
               13: 4}
_WIDTH, _LENGTH = 256, 257
_DATA_TAGS = ((273, 279), (324, 325))  # (strip offsets, strip byte counts), tiles alike


class _TiffPage(NamedTuple):
    offset: int  # of the page's directory
    next_at: int  # where the directory stores the offset of the next page's
    size: tuple[int, int] | None  # width, height (pixels) as the directory declares


def _tiff_pages(data: bytes, limit: int) -> tuple[list[_TiffPage], str | None]:
    """The pages of a TIFF whose directory and image data lie inside the file, in order, up
    to ``limit`` + 1 of them, and why the walk stopped before the last page (None when the
    chain of page directories ended normally)."""
    e = "<" if data[:2] == b"II" else ">"
    n = len(data)

    def u(fmt: str, at: int) -> int:
        return struct.unpack_from(e + fmt, data, at)[0]

    def values(typ: int, count: int, field_at: int) -> list[int] | None:
        size = _TIFF_SIZES.get(typ, 0)
        if typ not in (3, 4) or count <= 0:
            return []
        at = field_at if size * count <= 4 else u("I", field_at)
        if at + size * count > n:
            return None
        return list(struct.unpack_from(f"{e}{count}{'H' if typ == 3 else 'I'}", data, at))

    pages: list[_TiffPage] = []
    seen: set[int] = set()
    offset = u("I", 4) if n >= 8 else n
    while offset and len(pages) <= limit:
        number = len(pages) + 1
        if offset in seen:
            return pages, f"page {number}'s directory points back to an earlier page"
        seen.add(offset)
        if offset + 2 > n or offset + 2 + 12 * u("H", offset) + 4 > n:
            return pages, (f"page {number}'s directory lies past the end of the file (the "
                           f"file is truncated)")
        entries = u("H", offset)
        tags: dict[int, list[int] | None] = {}
        for i in range(entries):
            at = offset + 2 + 12 * i
            tag, typ, count = struct.unpack_from(e + "HHI", data, at)
            if tag in (_WIDTH, _LENGTH, 273, 279, 324, 325):
                tags[tag] = values(typ, count, at + 8)
        if any(v is None for v in tags.values()):
            return pages, f"page {number}'s directory is cut off (the file is truncated)"
        for offsets_tag, counts_tag in _DATA_TAGS:
            starts, counts = tags.get(offsets_tag) or [], tags.get(counts_tag) or []
            if any(s + c > n for s, c in zip(starts, counts, strict=False)):
                return pages, (f"page {number}'s image data is cut off (the file is "
                               f"truncated)")
        w, h = (tags.get(_WIDTH) or [0])[0], (tags.get(_LENGTH) or [0])[0]
        next_at = offset + 2 + 12 * entries
        pages.append(_TiffPage(offset, next_at, (w, h) if w and h else None))
        offset = u("I", next_at)
    return pages, None


def _png_transparent(data: bytes) -> bool:
    """Whether a PNG may be transparent: an alpha channel (colour type 4 or 6) or a
    ``tRNS`` chunk before the image data. Others are decoded once, not twice (decoding a
    300 dpi page takes a tenth of a second)."""
    if len(data) < 26 or data[12:16] != b"IHDR":
        return True  # not the layout we know: let the decoder tell
    if data[25] in (4, 6):
        return True
    at = 8
    while at + 8 <= len(data):  # walk the chunks up to the first IDAT
        size = int.from_bytes(data[at:at + 4], "big")
        name = data[at + 4:at + 8]
        if name == b"tRNS":
            return True
        if name in (b"IDAT", b"IEND"):
            return False
        at += 12 + size
    return True


def _on_white(img: Any, buf: Any) -> Any:
    """``img`` laid on white paper where the file is transparent: decoding to colour
    drops the alpha channel, and black text on a transparent ground became black on
    black. Blended in integers, a band of rows at a time (a large, mostly transparent
    PNG is small as a file). Left as decoded when the colour decode turned the image by
    its EXIF orientation (the alpha channel would not line up)."""
    import cv2
    import numpy as np

    try:
        raw = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    except cv2.error:
        return img
    if raw is None or raw.ndim != 3 or raw.shape[2] != 4 or raw.shape[:2] != img.shape[:2]:
        return img
    deep = raw.dtype == np.uint16
    alpha_full = 65535 if deep else 255
    if int(raw[:, :, 3].min()) == alpha_full:
        return img
    band = 512

    def colour(y: int) -> Any:
        rows = raw[y:y + band, :, :3]
        return (rows >> 8).astype(np.uint8) if deep else rows

    if not all(np.array_equal(colour(y), img[y:y + band])
               for y in range(0, img.shape[0], band)):
        return img  # turned by EXIF, or converted otherwise: do not guess
    for y in range(0, img.shape[0], band):  # in place: no second full-size image
        alpha = raw[y:y + band, :, 3]
        a = (alpha >> 8 if deep else alpha).astype(np.uint32)[:, :, None]
        blended = (colour(y).astype(np.uint32) * a + 255 * (255 - a) + 127) // 255
        img[y:y + band] = blended.astype(np.uint8)
    return img


def _load_tiff(source: Source, opts: ImageOptions) -> tuple[list[Any], list[str]]:
    """Decode the readable pages of a (multi-page) TIFF; warnings name the pages lost."""
    import cv2
    import numpy as np

    data = source.data
    pages, problem = _tiff_pages(data, opts.max_pages)
    if len(pages) > opts.max_pages:
        raise InputError(source.name, f"image has more than {opts.max_pages:,} pages, "
                                      f"over the limit")
    for index, page in enumerate(pages):  # refuse huge pages before decoding them
        if page.size and page.size[0] * page.size[1] > opts.max_pixels:
            w, h = page.size
            raise InputError(source.name, f"page {index + 1} is {w:,} x {h:,} pixels, "
                                          f"over the limit of {opts.max_pixels:,}")
    if not pages:
        raise InputError(source.name, f"cannot decode image: {problem or 'no pages'}")

    def decode(count: int) -> list[Any]:
        """The first ``count`` pages, the chain cut after them when there are more."""
        raw: Any = np.frombuffer(data, np.uint8)  # no copy of a sound file
        if count < len(pages) or problem:
            buf = bytearray(data)
            struct.pack_into(("<" if data[:2] == b"II" else ">") + "I", buf,
                             pages[count - 1].next_at, 0)
            raw = np.frombuffer(buf, np.uint8)
        try:
            ok, mats = cv2.imdecodemulti(raw, cv2.IMREAD_COLOR)
        except cv2.error:  # e.g. "Unsupported number of channels" on one damaged page
            return []
        return list(mats)[:count] if ok else []

    images = decode(len(pages))
    if len(images) < len(pages):
        # OpenCV stops at the first page it cannot decode, or (on some damage) raises and
        # gives up on the whole file: then find the longest run of first pages that decodes
        if not images and len(pages) > 1:
            lo, hi = 0, len(pages) - 1  # images of lo pages decode; lo + 1 .. hi unknown
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if len(decode(mid)) == mid:
                    lo = mid
                else:
                    hi = mid - 1
            images = decode(lo) if lo else []
        problem = (f"page {len(images) + 1} cannot be decoded (its image data is damaged "
                   f"or in a form OpenCV does not read)")
    if not images:
        raise InputError(source.name, f"cannot decode image: {problem}")
    if problem is None:
        return images, []
    loaded = "page 1" if len(images) == 1 else f"pages 1-{len(images)}"
    return images, [f"TIFF {problem}: loaded {loaded} only; page {len(images) + 1} and any "
                    f"pages after it are missing"]


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
