"""The document model: documents, pages, words and lines.

Coordinates are page-relative (0..1, origin top-left) so that one template serves a PDF,
a 150 dpi scan and a 300 dpi scan alike. Every word records its confidence and the
component that produced it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from formsift.core.geometry import Box

#: Spaces other than U+0020 that text layers keep inside words: no-break, the typographic
#: spaces (thin, narrow no-break: "13 024,68 €"), ideographic. pdftotext writes each as a
#: plain space.
ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"

#: The sources of words a text layer gives (its letters are known): a word of any other
#: source was read by a recognizer.
TEXT_LAYER_SOURCES = frozenset({"pdf", "text", "text-layer"})
#: ``Document.metadata`` key: each page's recognition time in ms (0-based page -> ms).
RECOGNIZE_MS = "recognize_ms"

if TYPE_CHECKING:
    import numpy as np

#: Renders a page to an image at a given dpi: ``render(dpi) -> numpy array (H, W, 3) BGR``.
Renderer = Callable[[int], "np.ndarray"]


class Deferred(NamedTuple):
    """A preprocessing step not applied yet (a warp that keeps the page's size: deskew's
    rotation), as a preprocessor's ``deferred(image, page)`` gives it: what it makes of
    the image it measured, the whole page (``whole(image)``, what its ``process``
    returns, pixel for pixel) or only some parts (``within(image, boxes)``: the page's
    size, the ``boxes``, page-relative, as ``whole`` makes them, the rest white).
    Region-first OCR straightens only the parts it reads; whoever reads the page image
    later gets the whole page (:meth:`Page.image`)."""

    whole: Callable[[np.ndarray], np.ndarray]
    within: Callable[[np.ndarray, Sequence[Box]], np.ndarray]


@dataclass(slots=True)
class Word:
    """One word on a page, with its box, its confidence and the component that read it."""

    text: str
    box: Box
    page: int
    confidence: float = 1.0
    source: str = "text-layer"
    handwritten: bool = False
    #: Key of the line the producer put this word in (e.g. pymupdf block/line), if any.
    line_key: tuple[int, int] | None = None
    #: Per-character confidences, when a recognizer gives them.
    char_confidences: tuple[float, ...] = ()

    @property
    def recognized(self) -> bool:
        """Whether a recognizer (OCR, handwriting) read the word, rather than a text
        layer giving it (the ``pdf`` and ``text`` loaders' words)."""
        return self.source not in TEXT_LAYER_SOURCES


@dataclass(slots=True)
class Line:
    """Words that share a baseline, in reading order."""

    words: list[Word]
    page: int
    #: Derived data that consumers cache on the line (e.g. normalized text for labels).
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> Box:
        return Box.enclosing([w.box for w in self.words])

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0)


def group_lines(words: list[Word]) -> list[Line]:
    """Group words into lines by vertical overlap, then order lines top to bottom.

    Words that carry a producer's ``line_key`` (as pymupdf gives) are grouped by it first;
    lines whose boxes sit on the same baseline are then joined, so a label and its value in
    separate text blocks still read as one line. A word whose text holds line breaks (a
    decoded QR code's payload) is a line of its own: it shares no baseline.
    """
    if not words:
        return []
    keyed: dict[Any, list[Word]] = {}
    for i, w in enumerate(words):
        key = w.line_key if w.line_key is not None and not _block(w) else ("w", i)
        keyed.setdefault(key, []).append(w)
    fragments = sorted(
        (sorted(ws, key=lambda w: w.box.x0) for ws in keyed.values()),
        key=lambda ws: (min(w.box.cy for w in ws)),
    )
    lines: list[list[Word]] = []
    for frag in fragments:
        fbox = Box.enclosing([w.box for w in frag])
        placed = False
        # Only the last few lines can share a baseline with a fragment sorted by centre.
        for j in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            if _block(frag[0]) or _block(lines[j][0]):
                continue
            if _band(lines[j], fbox.height).vertical_overlap(fbox) >= 0.6:
                lines[j].extend(frag)
                placed = True
                break
        if not placed:
            lines.append(list(frag))
    page = words[0].page
    return [Line(sorted(ws, key=lambda w: w.box.x0), page) for ws in lines]


def _block(word: Word) -> bool:
    """A word of several lines (a decoded code's payload), which is a line by itself."""
    return "\n" in word.text or "\r" in word.text


#: A word more than this many times as tall as a fragment is print of another size for it
TALLER = 1.3


def _band(words: list[Word], height: float) -> Box:
    """The height a line's words take, measured for a fragment ``height`` tall: the band
    of the line's words not much taller than it (``TALLER``), or, when all are, of its
    words of ordinary size. So a heading taller than the print beside it, reaching over
    two of its lines, joins one of them but never carries the other line's words into it:
    they are measured against the small print, not the heading (while the words of a
    slanting line, all of one size, still reach as far as they drift)."""
    boxes = [w.box for w in words]
    body = [b for b in boxes if b.height <= TALLER * height]
    if not body:
        heights = sorted(b.height for b in boxes)
        usual = 1.6 * heights[(len(heights) - 1) // 2]
        body = [b for b in boxes if b.height <= usual] or boxes
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in body),
               max(b.x1 for b in boxes), max(b.y1 for b in body))


@dataclass(eq=False)
class Page:
    """One page: its size, rotation, words and a raster image rendered on demand."""

    index: int
    width: float
    height: float
    unit: str = "pt"
    rotation: int = 0
    words: list[Word] = field(default_factory=list)
    has_text_layer: bool = False
    renderer: Renderer | None = field(default=None, repr=False)
    #: What preprocessing measured or decided (deskew angle, orientation, ...), per component.
    notes: dict[str, Any] = field(default_factory=dict)
    #: Where the page shows images (scans, stamps, photos, ink annotations), as loaders
    #: report them: OCR reads those the text layer does not cover (mixed PDFs).
    image_areas: list[Box] = field(default_factory=list)
    #: Counts word changes (``set_words``): views derived from the words key on it.
    revision: int = field(default=0, repr=False)
    _lines: list[Line] | None = field(default=None, repr=False)
    _images: dict[int, Any] = field(default_factory=dict, repr=False)
    #: Images packed by :meth:`pack` (PNG bytes), unpacked when asked for again.
    _packed: dict[int, bytes] = field(default_factory=dict, repr=False)
    #: Images whose last preprocessing step is deferred (:meth:`defer_image`): the image
    #: it measured (or its PNG bytes, packed) and the step.
    _deferred: dict[int, tuple[Any, Deferred]] = field(default_factory=dict, repr=False)

    @property
    def number(self) -> int:
        """1-based page number, as users count."""
        return self.index + 1

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            self._lines = group_lines(self.words)
        return self._lines

    def set_words(self, words: list[Word]) -> None:
        self.words = words
        self._lines = None
        self.revision += 1

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def has_image(self) -> bool:
        """Whether the page can be shown as an image (a PDF's or a scan's page; not a text
        file's)."""
        return self.renderer is not None or bool(self._images) or bool(self._packed) \
            or bool(self._deferred)

    def image(self, dpi: int = 150) -> np.ndarray:
        """The page as a BGR image at ``dpi``, rendered once per dpi and cached (a deferred
        preprocessing step, :meth:`defer_image`, is applied now, once)."""
        if dpi not in self._images and dpi in self._packed:
            self._images[dpi] = _unpacked(self._packed.pop(dpi))
        if dpi not in self._images and dpi in self._deferred:
            source, step = self._deferred.pop(dpi)
            self._images[dpi] = step.whole(_unpacked(source))
        if dpi not in self._images:
            if self.renderer is None:
                raise ValueError(f"page {self.number} has no image renderer")
            self._images[dpi] = self.renderer(dpi)
        return self._images[dpi]

    def defer_image(self, dpi: int, image: np.ndarray, step: Deferred) -> None:
        """Hold ``image`` at ``dpi`` with its last preprocessing step not applied yet:
        :meth:`image` applies it, once, when the page image is first read;
        :meth:`image_within` makes only the parts asked for."""
        self._images.pop(dpi, None)
        self._packed.pop(dpi, None)
        self._deferred[dpi] = (image, step)

    def image_within(self, dpi: int, boxes: Sequence[Box]) -> np.ndarray:
        """The page image at ``dpi``, of which only the pixels inside ``boxes``
        (page-relative) are sure to be right: while a preprocessing step is deferred
        (:meth:`defer_image`), only those parts are made (the rest is white) and the page
        keeps the step for whoever reads the whole image; else :meth:`image`."""
        if dpi in self._images or dpi not in self._deferred:
            return self.image(dpi)
        source, step = self._deferred[dpi]
        if isinstance(source, bytes):
            source = _unpacked(source)
            self._deferred[dpi] = (source, step)
        return step.within(source, boxes)

    def shown_image(self, dpi: int = 100) -> np.ndarray:
        """The image the word boxes refer to, at ``dpi``: the preprocessed one (turned
        upright, straightened) when the page was preprocessed, else the page itself."""
        done = self.notes.get("image", {}).get("dpi") or self.notes.get("render_dpi")
        if not self.notes.get("preprocessed") or (done not in self._images
                                                   and done not in self._packed
                                                   and done not in self._deferred):
            return self.image(dpi)
        import cv2

        image = self.image(done)
        scale = dpi / done
        if abs(scale - 1) < 1e-6:
            return image
        size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
        return cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1
                          else cv2.INTER_LINEAR)

    def forget_images(self) -> None:
        """Drop the cached images, preprocessed ones too (the page is rendered afresh the
        next time: before it is read again with another preprocessing chain)."""
        self._images.clear()
        self._packed.clear()
        self._deferred.clear()
        self.notes.pop("preprocessed", None)
        if self.notes.pop("turned_size", False):  # preprocessing turned it a quarter
            self.width, self.height = self.height, self.width

    def pack(self) -> None:
        """Keep the cached images PNG-compressed (lossless): a 300 dpi A4 page takes 26 MB
        as pixels and a few MB packed. The engine packs each page once it is read, so a
        long scan does not hold every page's pixels; :meth:`image` unpacks on demand
        (an image whose preprocessing step is deferred is packed as it was measured)."""
        for dpi, img in list(self._images.items()):
            buf = _packed(img)
            if buf is not None:
                self._packed[dpi] = buf
                del self._images[dpi]
        for dpi, (source, step) in list(self._deferred.items()):
            buf = None if isinstance(source, bytes) else _packed(source)
            if buf is not None:
                self._deferred[dpi] = (buf, step)

    def set_image(self, dpi: int, image: np.ndarray) -> None:
        """Replace the cached image at ``dpi`` (preprocessing writes its output here)."""
        self._packed.pop(dpi, None)
        self._deferred.pop(dpi, None)
        self._images[dpi] = image


def _packed(image: np.ndarray) -> bytes | None:
    """``image`` as PNG bytes (lossless, fast compression), or None when it cannot be."""
    import cv2

    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    return buf.tobytes() if ok else None


def _unpacked(image: np.ndarray | bytes) -> np.ndarray:
    """An image :func:`_packed` (or one never packed) as pixels."""
    if not isinstance(image, bytes):
        return image
    import cv2
    import numpy as np

    return cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_UNCHANGED)


@dataclass(eq=False)
class Document:
    """A loaded input: its pages plus where it came from and which loader read it."""

    id: str
    name: str
    media_type: str
    pages: list[Page]
    loader: str
    size_bytes: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Page]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)

    @property
    def words(self) -> Iterable[Word]:
        for page in self.pages:
            yield from page.words

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)


def content_id(data: bytes) -> str:
    """The stable id of a document: the SHA-256 of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()
