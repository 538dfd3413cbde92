"""The image loader: PNG, JPEG (EXIF orientation applied), TIFF (multi-page), BMP, WebP
through OpenCV. Images have no text layer; recognizer plugins read them.

Sizes are checked before anything is decoded, from the file's own header (PNG, JPEG, BMP,
WebP: VP8, VP8L and VP8X) or each page's directory (TIFF): an image over ``max_pixels``, a
file whose pages hold more than ``max_total_pixels`` in all, or one of more than
``max_pages`` pages is refused at once, and so is an image whose header does not say its
size (OpenCV would allocate what the header it reads says: a 1 KB BMP claiming 30,000 x
30,000 pixels took 5.4 GB before it could be refused).

A multi-page TIFF is checked page by page before decoding (each page's directory and image
data must lie inside the file), then decoded one page at a time: a truncated or damaged
first page is an error naming the page; when a later page is, the pages before it are
loaded and the document's ``metadata["warnings"]`` (and the ``formsift.loaders`` log) say
which page and why, so a page is never dropped silently. Running out of memory while
decoding is an error that says so, never a "damaged" page. OpenCV's own log lines
(``[ERROR:0@...] ... TIFF_Error``) are silenced while decoding: the loader's errors and
warnings say it instead.

Each page's resolution is read from the file (TIFF XResolution/YResolution/ResolutionUnit
of each page's directory, PNG pHYs, JPEG JFIF density) and recorded in the page's notes
(``notes["image"]``: ``dpi``, ``file_dpi``; ``assume_dpi`` when the file does not say,
and then the document's ``metadata["warnings"]`` say which resolution was assumed, unless
the caller gave it: :func:`_assumed_dpi_warning`).
A page whose pixels are not square (a standard-resolution fax is 204 x 98 dpi, a
superfine one 204 x 391) is resampled first, its short axis stretched to the larger
resolution, so that every later stage sees the page in its true proportions
(``notes["image"]["resampled"]`` says from what size); the pixel limits apply to the size
it is resampled to, checked before decoding.
"""

from __future__ import annotations

import logging
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from pydantic import Field

from formsift.core.components import Options
from formsift.core.document import Document, Page
from formsift.core.errors import InputError
from formsift.core.kinds import Loader
from formsift.core.sources import Source
from formsift.plugins.loaders.limits import PageLimitError

_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
#: The sizes of the BMP info headers there are (OS/2 1.x and 2.x, Windows 3 to 5).
_BMP_HEADERS = {12, 16, 40, 52, 56, 64, 108, 124}


def media_type(data: bytes, length: int | None = None) -> str | None:
    """The image type of ``data`` (a file's first bytes: 32 do; ``length``, the file's,
    when ``data`` is not all of it) by its magic bytes; None for anything else."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM") and _bmp_header(data, len(data) if length is None else length):
        return "image/bmp"
    return None


def _bmp_header(data: bytes, length: int) -> bool:
    """Whether a file of ``length`` bytes starting ``data`` ("BM...") has a BMP's file
    header: the file's size (0 or at most ``length``), reserved zeros, its pixels after
    its headers and in the file, and an info header of a size there is. "BM" alone is
    no BMP: a note may start so ("BMW AG ..."), and its letters read as sizes of some
    hundred megabytes."""
    if len(data) < 18:
        return False
    size, reserved, pixels, info = struct.unpack_from("<IIII", data, 2)
    return (size == 0 or 26 <= size <= length) and reserved == 0 \
        and info in _BMP_HEADERS and 14 + info <= pixels <= length


def _kind(source: Source) -> str | None:
    """The image type of ``source``: by its bytes, or a BMP for one named ``.bmp`` that
    starts "BM" (a damaged one is told why it cannot be read)."""
    kind = media_type(source.data[:32], len(source.data))
    if kind is None and source.suffix == ".bmp" and source.data.startswith(b"BM"):
        return "image/bmp"
    return kind


class ImageOptions(Options):
    #: Refuse an image, or a page of a TIFF, of more pixels than this (from its header,
    #: before decoding it; a page is decoded in colour, 3 bytes a pixel).
    max_pixels: int = Field(200_000_000, gt=0)
    #: Refuse a file whose pages hold more pixels than this in all (a multi-page TIFF),
    #: from the pages' directories, before decoding any: 50 A4 pages at 300 dpi fit.
    max_total_pixels: int = Field(500_000_000, gt=0)
    #: The resolution assumed when the file does not say (most scanners write it).
    assume_dpi: int = Field(300, gt=0)
    #: Refuse a file of more pages than this, from its page directories, before decoding
    #: any (the service sets its ``--max-pages`` here).
    max_pages: int = Field(1000, gt=0)


class ImageLoader(Loader):
    name = "image"
    version = "0.1.0"
    summary = "PNG, JPEG (EXIF orientation), TIFF (multi-page), BMP and WebP through OpenCV"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
    Options = ImageOptions

    def accepts(self, source: Source) -> bool:
        return _kind(source) is not None

    def load(self, source: Source) -> Document:
        opts: ImageOptions = self.options  # type: ignore[assignment]
        kind = _kind(source) or "application/octet-stream"
        images: list[Any]
        warnings: list[str] = []
        with _quiet_opencv():
            if kind == "image/tiff":
                images, declared, warnings = _load_tiff(source, opts)
            else:
                size = header_size(source.data, kind)
                resolution = _header_dpi(source.data, kind)
                _check_size(source.name, size, resolution, opts)
                img = _decode(source.name, source.data, kind, size)
                images = [img] if img is not None else []
                declared = [(size, resolution)]
        if not images:
            raise InputError(source.name, "cannot decode image: the file is corrupt or "
                                          "truncated")
        pages = []
        for index, img in enumerate(images):
            h, w = img.shape[:2]
            if h == 0 or w == 0:
                raise InputError(source.name, f"page {index + 1} is empty (0 pixels)")
            size, resolution = declared[index]
            if resolution is not None and size == (h, w) and w != h:
                resolution = resolution.swapped()  # turned a quarter by its orientation tag
            square = _square(resolution, opts.assume_dpi)
            note = square.note
            if square.stretch != (1.0, 1.0):
                size = _stretched((w, h), square.stretch)
                if size[0] * size[1] > opts.max_pixels:
                    raise InputError(source.name, f"page {index + 1} is {size[0]:,} x "
                                                  f"{size[1]:,} pixels once its "
                                                  f"{resolution} pixels are made square, "
                                                  f"over the limit of {opts.max_pixels:,}")
                img = _resample(img, size)
                note["resampled"] = {"from_px": [w, h], "why": square.why}
                w, h = size
            if h * w > opts.max_pixels:
                raise InputError(source.name, f"page {index + 1} is {w:,} x {h:,} pixels, "
                                              f"over the limit of {opts.max_pixels:,}")
            dpi = square.dpi
            render = _renderer(img, dpi, source.name, index + 1, opts.max_pixels)
            two = two_levels(images[index])  # a fax's (ocr.specks acts there only)
            render.bilevel = lambda two=two: two
            page = Page(index=index, width=float(w), height=float(h), unit="px",
                        renderer=render)
            page.notes["image"] = {"dpi": dpi, "size_px": [w, h], **note}
            page.set_image(dpi, img)
            pages.append(page)
        metadata: dict[str, Any] = {}
        if warnings:
            metadata["warnings"] = warnings
            metadata["damaged"] = warnings[0]  # pages lost: never accepted as complete
            for warning in warnings:
                _log.warning("%s: %s", source.name, warning)
        # (a resolution the caller gave with assume_dpi is theirs: not warned of)
        assumed = None if "assume_dpi" in opts.model_fields_set \
            else _assumed_dpi_warning(pages, opts.assume_dpi)
        if assumed:  # said, not a damage: the record is not sent to review for it
            metadata.setdefault("warnings", []).append(assumed)
            _log.info("%s: %s", source.name, assumed)
        return Document(id=source.id, name=source.name, media_type=kind, pages=pages,
                        loader=self.name, size_bytes=len(source.data), metadata=metadata)


#: Paper sizes in inches (A4, US Letter) and the resolutions scanners save at: an image
#: without a resolution whose pixels are one of them at one of these is named so in the
#: warning that the resolution was assumed.
_PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
_SCAN_DPIS = (72, 96, 100, 150, 200, 240, 300, 400, 600)


def _assumed_dpi_warning(pages: list[Page], assume_dpi: int) -> str | None:
    """The warning for pages read at ``assume_dpi`` because the file gives no resolution
    (``notes["image"]["assume_dpi"]``): which pages, the resolution assumed, how to give
    another, and the one the first such page's size suggests (A4 or Letter at a usual
    scanning resolution); None when every page says its resolution."""
    which = [p for p in pages if p.notes.get("image", {}).get("assume_dpi")]
    if not which:
        return None
    w, h = which[0].notes["image"]["size_px"]
    on = (f"page {which[0].index + 1}" if len(pages) > 1 and len(which) == 1
          else f"{len(which)} of {len(pages)} pages" if len(which) < len(pages) else
          "the image" if len(pages) == 1 else f"its {len(pages)} pages")
    size = _paper_at(w, h)
    hint = ""
    if size is not None:
        paper, dpi = size
        hint = (f"; its {w} x {h} pixels are {paper} at {dpi} dpi" if dpi != assume_dpi
                else f" ({w} x {h} pixels: {paper} at {dpi} dpi)")
    return (f"the file gives no resolution: {on} read as {assume_dpi} dpi{hint}; give "
            f"the scan's with the image loader's assume_dpi (Engine(loader_options="
            f"{{'image': {{'assume_dpi': N}}}}))")


def _paper_at(w: int, h: int) -> tuple[str, int] | None:
    """The paper and usual scanning resolution that ``w`` x ``h`` pixels are, within 2%
    each way (either orientation), or None."""
    short, long = sorted((w, h))
    for dpi in _SCAN_DPIS:
        for paper, (pw, ph) in _PAPERS.items():
            if abs(short / dpi - pw) <= 0.02 * pw and abs(long / dpi - ph) <= 0.02 * ph:
                return paper, dpi
    return None


def _check_size(name: str, size: tuple[int, int] | None, resolution: _Resolution | None,
                opts: ImageOptions) -> None:
    """Refuse an image (not a TIFF) from its header's size, as its pixels will be once
    made square: over the limits, or unknown."""
    if size is None:  # OpenCV reads a size from a header we cannot: do not let it guess
        raise InputError(name, "cannot decode image: its header does not give its size "
                               "(the file is corrupt or truncated)")
    w, h = size
    limit = min(opts.max_pixels, opts.max_total_pixels)
    if w * h > limit:
        raise InputError(name, f"image is {w:,} x {h:,} pixels, over the limit of "
                               f"{limit:,}")
    stretch = _square(resolution, opts.assume_dpi).stretch
    sw, sh = _stretched(size, stretch)
    if sw * sh > limit:
        raise InputError(name, f"image is {sw:,} x {sh:,} pixels once its {resolution} "
                               f"pixels are made square ({w:,} x {h:,} in the file), over "
                               f"the limit of {limit:,}")


def _decode(name: str, data: bytes, kind: str, size: tuple[int, int] | None) -> Any:
    """The image in BGR (EXIF orientation applied, transparency laid on white), or None
    when OpenCV cannot decode it."""
    import cv2
    import numpy as np

    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)  # applies EXIF orientation
        if img is not None and (kind == "image/webp" or (kind == "image/png"
                                                         and _png_transparent(data))):
            img = _on_white(img, buf)
    except (cv2.error, MemoryError) as exc:
        if _out_of_memory(exc):
            raise _memory_error(name, "the image", size) from None
        return None
    return img


def _out_of_memory(exc: BaseException) -> bool:
    """Whether decoding failed for want of memory (OpenCV's allocator says "Insufficient
    memory" / "Failed to allocate"), not because the file is damaged."""
    text = str(exc)
    return isinstance(exc, MemoryError) or "Insufficient memory" in text \
        or "Failed to allocate" in text


def _memory_error(name: str, what: str, size: tuple[int, int] | None) -> InputError:
    pixels = f" ({size[0]:,} x {size[1]:,} pixels)" if size else ""
    return InputError(name, f"not enough memory to decode {what}{pixels}; the file is not "
                            f"damaged")


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


# -- resolution ----------------------------------------------------------------------------
#: Pixels whose sides differ by more than this ratio are resampled square; within it (a
#: 300 x 299 dpi header, a resolution rounded in centimetres) they are taken as square.
_SQUARE_WITHIN = 1.01
#: A resolution whose x and y differ more than this is not believed (fax resolutions differ
#: by up to about 2:1; a header saying 300 x 1 dpi is broken, and stretching by it would
#: make a page 300 times larger): the page is read at its own pixels, the note says why.
_MAX_ASPECT = 4.0


class _Resolution(NamedTuple):
    """A resolution a file declares: pixels per inch across (x) and down (y), or when
    ``per_inch`` is False only their ratio (TIFF ResolutionUnit 1, PNG unit 0, JFIF 0)."""

    x: float
    y: float
    per_inch: bool = True

    def swapped(self) -> _Resolution:
        return _Resolution(self.y, self.x, self.per_inch)

    def __str__(self) -> str:
        if self.per_inch:
            return f"{_num(self.x)} x {_num(self.y)} dpi"
        return f"{_num(self.x)} x {_num(self.y)} (a pixel aspect, no unit)"


def _num(value: float) -> float | int:
    """A resolution as the notes show it: 204, 203.2."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def _resolution(x: float | None, y: float | None, unit: int) -> _Resolution | None:
    """The resolution from a header's numbers (``unit`` 1: none, 2: inch, 3: cm, as TIFF
    counts), or None when it says none that can be used."""
    if not x or x <= 0:
        x = None
    if not y or y <= 0:
        y = None
    if (x is None and y is None) or unit not in (1, 2, 3):
        return None
    x, y = x or y, y or x
    assert x is not None and y is not None
    if unit == 3:
        return _Resolution(x * 2.54, y * 2.54)
    return _Resolution(x, y, per_inch=unit != 1)


class _Square(NamedTuple):
    """How a page is read: at ``dpi`` in both directions, after its pixels are stretched
    by ``stretch`` (x, y), and what its notes say of its resolution."""

    dpi: int
    stretch: tuple[float, float]
    note: dict[str, Any]
    why: str = ""


def _square(res: _Resolution | None, assume_dpi: int) -> _Square:
    """How a page of resolution ``res`` is made of square pixels: its short axis is
    stretched to the larger resolution (a 204 x 98 dpi fax is read at 204 x 204)."""
    if res is None:
        return _Square(assume_dpi, (1.0, 1.0), {"assume_dpi": True})
    note: dict[str, Any] = ({"file_dpi": [_num(res.x), _num(res.y)]} if res.per_inch
                            else {"file_aspect": [_num(res.x), _num(res.y)]})
    big, small = max(res.x, res.y), min(res.x, res.y)
    dpi = round(big) if res.per_inch else 0
    if dpi < 1:  # no unit, or under 1 dpi: the resolution is not known
        dpi = assume_dpi
        note["assume_dpi"] = True
    ratio = big / small
    if ratio <= _SQUARE_WITHIN:
        return _Square(dpi, (1.0, 1.0), note)
    if ratio > _MAX_ASPECT:
        note["ignored"] = (f"its pixels are {_num(ratio)} times as tall as wide or wide as "
                           f"tall: not believed, read as they are")
        if res.per_inch:
            note["assume_dpi"] = True
            dpi = assume_dpi
        return _Square(dpi, (1.0, 1.0), note)
    stretch = (big / res.x, big / res.y)
    axis, factor = ("height", stretch[1]) if stretch[1] > 1 else ("width", stretch[0])
    return _Square(dpi, stretch, note,
                   f"non-square pixels ({res}): {axis} stretched x{factor:.2f}")


def _stretched(size: tuple[int, int], stretch: tuple[float, float]) -> tuple[int, int]:
    return max(1, round(size[0] * stretch[0])), max(1, round(size[1] * stretch[1]))


def _resample(img: Any, size: tuple[int, int]) -> Any:
    """``img`` stretched to ``size`` (one axis enlarged: each pixel drawn as a rectangle
    of its true proportions, smoothed)."""
    import cv2

    return cv2.resize(img, size, interpolation=cv2.INTER_LINEAR)


# -- TIFF ----------------------------------------------------------------------------------
_TIFF_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8,
               13: 4}
_WIDTH, _LENGTH = 256, 257
_DATA_TAGS = ((273, 279), (324, 325))  # (strip offsets, strip byte counts), tiles alike
_XRES, _YRES, _RESUNIT = 282, 283, 296


class _TiffPage(NamedTuple):
    offset: int  # of the page's directory
    next_at: int  # where the directory stores the offset of the next page's
    size: tuple[int, int] | None  # width, height (pixels) as the directory declares
    resolution: _Resolution | None = None  # as the directory declares


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

    def scalar(typ: int, count: int, field_at: int) -> float | None:
        """The first value of a resolution tag (RATIONAL, or SHORT/LONG as some writers
        put it); None when it is not there or cannot be read."""
        if count <= 0:
            return None
        if typ == 5:
            at = u("I", field_at)
            if at + 8 > n:
                return None
            num, den = struct.unpack_from(e + "II", data, at)
            return num / den if den else None
        found = values(typ, 1, field_at) if typ in (3, 4) else None
        return float(found[0]) if found else None

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
        res: dict[int, float | None] = {}
        for i in range(entries):
            at = offset + 2 + 12 * i
            tag, typ, count = struct.unpack_from(e + "HHI", data, at)
            if tag in (_WIDTH, _LENGTH, 273, 279, 324, 325):
                tags[tag] = values(typ, count, at + 8)
            elif tag in (_XRES, _YRES, _RESUNIT):
                res[tag] = scalar(typ, count, at + 8)
        if any(v is None for v in tags.values()):
            return pages, f"page {number}'s directory is cut off (the file is truncated)"
        for offsets_tag, counts_tag in _DATA_TAGS:
            starts, counts = tags.get(offsets_tag) or [], tags.get(counts_tag) or []
            if any(s + c > n for s, c in zip(starts, counts, strict=False)):
                return pages, (f"page {number}'s image data is cut off (the file is "
                               f"truncated)")
        w, h = (tags.get(_WIDTH) or [0])[0], (tags.get(_LENGTH) or [0])[0]
        next_at = offset + 2 + 12 * entries
        resolution = _resolution(res.get(_XRES), res.get(_YRES), int(res.get(_RESUNIT) or 2))
        pages.append(_TiffPage(offset, next_at, (w, h) if w and h else None, resolution))
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


def _load_tiff(source: Source, opts: ImageOptions
               ) -> tuple[list[Any], list[tuple[tuple[int, int] | None, _Resolution | None]],
                          list[str]]:
    """Decode the readable pages of a (multi-page) TIFF, one at a time, after checking the
    page count and the pages' sizes from their directories (as they will be once their
    pixels are made square); the size and resolution each decoded page's directory
    declares; warnings name the pages lost."""
    import cv2
    import numpy as np

    data = source.data
    pages, problem = _tiff_pages(data, opts.max_pages)
    if len(pages) > opts.max_pages:
        count, complete = _tiff_page_count(data, pages)
        raise PageLimitError(source.name, f"image has {'' if complete else 'at least '}"
                                          f"{count:,} pages, over the limit of "
                                          f"{opts.max_pages:,}",
                             pages=count, limit=opts.max_pages)
    total = 0
    for index, page in enumerate(pages):  # refuse huge pages before decoding any
        if page.size is None:  # libtiff refuses a page without ImageWidth/ImageLength
            problem = f"page {index + 1}'s directory does not give its size (it is damaged)"
            pages = pages[:index]
            break
        w, h = page.size
        if w * h > opts.max_pixels:
            raise InputError(source.name, f"page {index + 1} is {w:,} x {h:,} pixels, "
                                          f"over the limit of {opts.max_pixels:,}")
        sw, sh = _stretched(page.size, _square(page.resolution, opts.assume_dpi).stretch)
        if sw * sh > opts.max_pixels:
            raise InputError(source.name, f"page {index + 1} is {sw:,} x {sh:,} pixels "
                                          f"once its {page.resolution} pixels are made "
                                          f"square ({w:,} x {h:,} in the file), over the "
                                          f"limit of {opts.max_pixels:,}")
        total += sw * sh
    if total > opts.max_total_pixels:
        raise InputError(source.name, f"image's {len(pages):,} pages are {total:,} pixels "
                                      f"in all, over the limit of "
                                      f"{opts.max_total_pixels:,}")
    if not pages:
        raise InputError(source.name, f"cannot decode image: {problem or 'no pages'}")

    # each page is decoded alone, as the only page of a copy of the file (its directory
    # made the first, the chain cut after it): one page's pixels at a time, and a page
    # OpenCV cannot read does not take the others with it. A sound one-page file is
    # decoded as it is, without a copy.
    order = "<" if data[:2] == b"II" else ">"
    buf = bytearray(data) if len(pages) > 1 or problem else None
    images: list[Any] = []
    for index, page in enumerate(pages):
        kept = b""
        if buf is not None:
            struct.pack_into(order + "I", buf, 4, page.offset)
            kept = bytes(buf[page.next_at:page.next_at + 4])
            struct.pack_into(order + "I", buf, page.next_at, 0)
        try:
            ok, mats = cv2.imdecodemulti(np.frombuffer(data if buf is None else buf,
                                                       np.uint8), cv2.IMREAD_COLOR)
        except (cv2.error, MemoryError) as exc:  # e.g. "Unsupported number of channels"
            if _out_of_memory(exc):
                raise _memory_error(source.name, f"page {index + 1}", page.size) from None
            ok, mats = False, ()
        finally:
            if buf is not None:
                buf[page.next_at:page.next_at + 4] = kept
        if not ok or not mats:
            problem = (f"page {index + 1} cannot be decoded (its image data is damaged or "
                       f"in a form OpenCV does not read)")
            break
        images.append(mats[0])
    if not images:
        raise InputError(source.name, f"cannot decode image: {problem}")
    declared = [(page.size, page.resolution) for page in pages[:len(images)]]
    if problem is None:
        return images, declared, []
    loaded = "page 1" if len(images) == 1 else f"pages 1-{len(images)}"
    return images, declared, [f"TIFF {problem}: loaded {loaded} only; page "
                              f"{len(images) + 1} and any pages after it are missing"]


def _tiff_page_count(data: bytes, pages: list[_TiffPage],
                     cap: int = 1_000_000) -> tuple[int, bool]:
    """How many pages a TIFF has: ``pages`` (the first ones, walked) and the directories
    chained after them, counted without reading them; and whether the chain ended (False:
    it broke off, looped or went on past ``cap``, and the count is a least)."""
    e = "<" if data[:2] == b"II" else ">"
    n = len(data)
    count = len(pages)
    seen = {p.offset for p in pages}
    offset = struct.unpack_from(e + "I", data, pages[-1].next_at)[0]
    while offset:
        if offset in seen or offset + 2 > n or count >= cap:
            return count, False
        seen.add(offset)
        next_at = offset + 2 + 12 * struct.unpack_from(e + "H", data, offset)[0]
        if next_at + 4 > n:
            return count, False
        count += 1
        offset = struct.unpack_from(e + "I", data, next_at)[0]
    return count, True


def two_levels(img: Any) -> bool:
    """Whether ``img`` (as decoded, before any resampling) is black and white: two grey
    levels at most, its colour channels alike (a fax's page)."""
    import numpy as np

    img = np.asarray(img)
    if img.dtype != np.uint8:
        return False
    first = img if img.ndim < 3 else img[..., 0]
    if np.count_nonzero(np.bincount(first.ravel(), minlength=256)) > 2:
        return False
    return img.ndim < 3 or all(np.array_equal(first, img[..., k])
                               for k in range(1, img.shape[2]))


def _renderer(img: Any, native_dpi: int, name: str, number: int, max_pixels: int) -> Any:
    """The page at another dpi: scaled, within ``max_pixels`` (a header that says 1 dpi
    would make a page asked for at 300 dpi 90,000 times larger)."""

    def render(dpi: int) -> Any:
        import cv2

        if dpi == native_dpi:
            return img
        scale = dpi / native_dpi
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        h, w = img.shape[:2]  # a tiny image must not scale to nothing
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        if size[0] * size[1] > max_pixels:
            raise InputError(name, f"page {number} at {dpi} dpi would be over "
                                   f"{max_pixels:,} pixels")
        return cv2.resize(img, size, interpolation=interp)

    return render


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height from the file header, to refuse huge images before decoding (None:
    the header does not say, or not where OpenCV's decoders read it). TIFF pages: see
    :func:`_tiff_pages`."""
    try:
        if kind == "image/png":
            return struct.unpack(">II", data[16:24]) if data[12:16] == b"IHDR" else None
        if kind == "image/jpeg":
            return _jpeg_size(data)
        if kind == "image/bmp":
            header = struct.unpack_from("<I", data, 14)[0]
            if header == 12:  # OS/2 1.x: 16-bit sizes
                return struct.unpack_from("<HH", data, 18)
            if header >= 36:  # Windows (40, 52, 56, 108, 124) and OS/2 2.x (64) headers;
                w, h = struct.unpack_from("<ii", data, 18)  # a negative height: top down
                return abs(w), abs(h)
            return None  # OpenCV reads no other header
        if kind == "image/webp":
            chunk = data[12:16]
            if chunk == b"VP8X":  # extended: the canvas (24-bit sizes, minus one)
                return (int.from_bytes(data[24:27], "little") + 1,
                        int.from_bytes(data[27:30], "little") + 1)
            if chunk == b"VP8L" and data[20] == 0x2F:  # lossless: 14-bit sizes, minus one
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy key frame
                w, h = struct.unpack_from("<HH", data, 26)
                return w & 0x3FFF, h & 0x3FFF
            return None
    except (struct.error, IndexError):
        return None
    return None


#: JPEG markers without a length: TEM, RST0-7, SOI (the others are followed by one)
_JPEG_BARE = {0x01, *range(0xD0, 0xD9)}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a JPEG's frame header (SOF0-15), walking the segments as
    libjpeg does: bytes between segments and fill bytes (0xFF) before a marker are
    skipped. None when a scan or the end comes first (libjpeg refuses such a file)."""
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            i = data.find(b"\xff", i)
            if i < 0:
                return None
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0x00 or marker in _JPEG_BARE:  # 0xFF00: a stuffed byte, skipped
            continue
        if marker in (0xD9, 0xDA):  # EOI or SOS before any frame header
            return None
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn
            h, w = struct.unpack_from(">HH", data, i + 3)  # after length and precision
            return w, h
        if i + 2 > n:
            return None
        i += struct.unpack_from(">H", data, i)[0]
    return None


def _header_dpi(data: bytes, kind: str) -> _Resolution | None:
    """The resolution the file declares (PNG pHYs, JPEG JFIF), if any."""
    try:
        if kind == "image/png":
            i = data.find(b"pHYs", 8, 4096)
            if i > 0:
                px, py, unit = struct.unpack(">IIB", data[i + 4:i + 13])
                # pixels per metre (unit 1), or only their aspect (unit 0)
                return _resolution(px * 0.0254, py * 0.0254, 2) if unit == 1 \
                    else _resolution(px, py, 1) if unit == 0 else None
        elif kind == "image/jpeg" and data[6:11] == b"JFIF\x00":
            unit = data[13]
            x, y = struct.unpack(">HH", data[14:18])
            if unit in (1, 2) and x > 1:  # per inch, per cm (a density of 1: not set)
                return _resolution(x, y, unit + 1)
            if unit == 0:
                return _resolution(x, y, 1)
    except struct.error:
        return None
    return None
