"""What a PDF page shows, against what its text layer holds.

A PDF's text layer holds every glyph the content stream draws, including those that
something painted later covers: a white box over an amount (a PDF editor's white-out), an
image patch pasted over it, a black redaction bar that does not remove the text. Such
words are not what the page shows, and an invoice whose text layer holds amounts the
page does not show is an alarm for whoever pays it.

MuPDF reports the page's paint order: :meth:`pymupdf.Page.get_bboxlog` lists what is
painted (``fill-text``, ``fill-path``, ``fill-image``, ``ignore-text``...) in order, and
the sequence numbers of :meth:`~pymupdf.Page.get_texttrace` (the glyphs) and
:meth:`~pymupdf.Page.get_drawings` (the paths, with their fill and opacity) are indices
into that order. A word is *covered* when most of its glyphs lie under an opaque fill or
an opaque image painted after them. A fill or an image painted before the text (a table
cell's background, a watermark, the page's scan under its OCR layer) hides nothing.

Invisible text (render mode 3, or fully transparent) over an image is a scan's OCR layer
(the page's text is the layer's reading of the image, which nothing here checks); without
an image under it, it is text the page does not show at all (*invisible*): such words are
kept (PDF generators write some: TCPDF's "Powered by TCPDF" link) and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: bboxlog entries that paint over what is under them when opaque.
_COVERS = ("fill-path", "fill-image")
#: A glyph is under a cover when the cover holds this share of its box.
GLYPH_COVERED = 0.6
#: A word is hidden when this share of its glyphs (more than) is hidden.
WORD_HIDDEN = 0.5
#: An image of a soft mask (alpha) hides what is under it where its alpha is this high.
OPAQUE_ALPHA = 0.9
#: A fill of this opacity or more hides what is under it.
OPAQUE_FILL = 0.95
#: Pages whose content paints more than this many things are not checked (a map, a
#: chart of thousands of paths): the check would cost more than the page's reading.
MAX_PAINTED = 50_000


@dataclass(slots=True)
class Hidden:
    """A text-layer word the page does not show: ``why`` is ``"fill"`` (under an opaque
    fill painted after it) or ``"image"`` (under an opaque image painted after it)."""

    index: int
    why: str


@dataclass(slots=True)
class Visibility:
    """The result of :func:`check`: the hidden words (indices into the words checked),
    how many words are invisible text over an image (an OCR layer), and the page's image
    rectangles that OCR-layer words lie on."""

    hidden: list[Hidden]
    ocr_layer_words: int = 0
    checked: bool = True
    why: str = ""
    #: Words drawn invisible over no image: kept (generators write such text: TCPDF's
    #: "Powered by TCPDF" link), listed in the page's notes.
    invisible: list[int] = field(default_factory=list)


def _area(r: tuple[float, float, float, float]) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _center_in(c: tuple[float, ...], r: tuple[float, ...]) -> bool:
    x, y = (c[0] + c[2]) / 2, (c[1] + c[3]) / 2
    return r[0] <= x <= r[2] and r[1] <= y <= r[3]


def check(page: Any, words: list[tuple[Any, ...]]) -> Visibility:
    """Which of ``words`` (MuPDF word tuples ``(x0, y0, x1, y1, text, ...)`` in the
    page's unrotated coordinates) the page does not show. Never raises: a page whose
    paint order cannot be read is reported unchecked (``checked=False``)."""
    try:
        return _check(page, words)
    except Exception as exc:  # a damaged content stream, an unreadable image mask
        return Visibility([], checked=False, why=str(exc).splitlines()[0][:200]
                          if str(exc).strip() else type(exc).__name__)


def _check(page: Any, words: list[tuple[Any, ...]]) -> Visibility:
    if not words:
        return Visibility([])
    log = page.get_bboxlog()
    if len(log) > MAX_PAINTED:
        return Visibility([], checked=False, why=f"over {MAX_PAINTED:,} things painted")
    images = [tuple(r) for kind, r in log if kind == "fill-image"]
    invisible_text = any(kind == "ignore-text" for kind, _ in log)
    first_text = next((i for i, (kind, _) in enumerate(log) if kind.endswith("-text")), None)
    if first_text is None:
        return Visibility([])
    late = _over_earlier_text(log, first_text)
    if not late and not invisible_text:  # nothing painted over text: all shown
        return Visibility([])
    covers = _opaque_covers(page, log, late)
    if not covers and not invisible_text:
        return Visibility([])
    import numpy as np

    boxes = np.array([w[:4] for w in words], dtype=float).reshape(-1, 4)
    # the covers over each word (a word under none is shown, whatever painted it)
    over: dict[int, list[tuple[int, tuple[float, ...], str]]] = {}
    for cover in covers:
        r = cover[1]
        hit = np.nonzero((boxes[:, 0] < r[2]) & (boxes[:, 2] > r[0])
                         & (boxes[:, 1] < r[3]) & (boxes[:, 3] > r[1]))[0]
        for i in hit.tolist():
            over.setdefault(i, []).append(cover)
    if not over and not invisible_text:
        return Visibility([])
    spans = page.get_texttrace()
    hidden: list[Hidden] = []
    invisible_words: list[int] = []
    ocr_layer = 0
    # words under no cover: drawn invisible when they lie on invisible spans only (told
    # per span, not per glyph: a searchable scan's layer holds thousands of words)
    suspects = set(over)
    for index, kind in _by_span(spans, boxes, images, sorted(set(range(len(words)))
                                                            - suspects)):
        if kind == "ocr":
            ocr_layer += 1
        elif kind == "invisible":
            invisible_words.append(index)
        elif kind == "unsure":  # on visible and invisible spans: told by its glyphs
            suspects.add(index)
    for index in sorted(suspects):
        word = words[index]
        box = tuple(word[:4])
        glyphs = _glyphs(spans, box, str(word[4]))
        if not glyphs:
            continue
        invisible = [g for g in glyphs if g[2]]
        if len(invisible) * 2 > len(glyphs):
            if any(_center_in(g[1], r) for g in invisible for r in images):
                ocr_layer += 1
            else:
                invisible_words.append(index)
            continue
        under: dict[str, int] = {}
        mine = over.get(index, [])
        for seq, gbox, _ in glyphs:
            why = _cover_of(mine, seq, gbox)
            if why:
                under[why] = under.get(why, 0) + 1
        if sum(under.values()) > WORD_HIDDEN * len(glyphs):
            hidden.append(Hidden(index, max(under, key=under.__getitem__)))
    invisible_words.sort()
    return Visibility(hidden, ocr_layer, invisible=invisible_words)


#: Words told by their spans (:func:`_by_span`) at a time: a block of this many words
#: against all the page's spans.
_SPAN_BLOCK = 128


def _is_invisible(span: dict[str, Any]) -> bool:
    return span.get("type") == 3 or (span.get("opacity") or 0.0) <= 0.0


def _by_span(spans: list[dict[str, Any]], boxes: Any, images: list[tuple[float, ...]],
             indices: list[int]) -> list[tuple[int, str]]:
    """(index, kind) of the words of ``indices`` (rows of ``boxes``) whose centre lies on
    an invisible span: ``"ocr"`` (the span lies over an image: a scan's OCR layer),
    ``"invisible"`` (over no image), or ``"unsure"`` when the centre lies on a visible
    span too (two words drawn at one place: their glyphs tell). Words on visible spans
    only are left out."""
    import numpy as np

    if not indices or not any(_is_invisible(s) for s in spans):
        return []
    rects = np.array([s["bbox"] for s in spans], dtype=float).reshape(-1, 4)
    pad = 0.5
    rects += (-pad, -pad, pad, pad)
    invisible = np.array([_is_invisible(s) for s in spans])
    centres = (rects[:, :2] + rects[:, 2:]) / 2
    on_image = np.zeros(len(spans), dtype=bool)
    for r in images:
        on_image |= ((centres[:, 0] >= r[0]) & (centres[:, 0] <= r[2])
                     & (centres[:, 1] >= r[1]) & (centres[:, 1] <= r[3]))
    kinds = np.stack([invisible & on_image, invisible & ~on_image, ~invisible], axis=1
                     ).astype(np.int32)
    chosen = np.array(indices)
    # blocks of words close in height, each against the spans of its heights only
    chosen = chosen[np.argsort(boxes[chosen, 1] + boxes[chosen, 3], kind="stable")]
    out: list[tuple[int, str]] = []
    for start in range(0, len(chosen), _SPAN_BLOCK):
        block = chosen[start:start + _SPAN_BLOCK]
        b = boxes[block]
        cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
        near = np.nonzero((rects[:, 1] <= cy.max()) & (rects[:, 3] >= cy.min()))[0]
        r = rects[near]
        inside = ((cx[:, None] >= r[None, :, 0]) & (cx[:, None] <= r[None, :, 2])
                  & (cy[:, None] >= r[None, :, 1]) & (cy[:, None] <= r[None, :, 3]))
        counts = inside.astype(np.int32) @ kinds[near]  # per word: ocr, invisible, shown
        for index, (ocr, hid, shown) in zip(block.tolist(), counts.tolist(), strict=True):
            if not ocr and not hid:
                continue
            out.append((index, "unsure" if shown else "ocr" if ocr else "invisible"))
    return out


def _over_earlier_text(log: list[Any], first_text: int) -> list[int]:
    """The bboxlog indices of the fills and images painted over text painted before
    them (a table cell's background painted before its text is none)."""
    import numpy as np

    late = [i for i, (kind, _) in enumerate(log) if kind in _COVERS and i > first_text]
    if not late:
        return []
    text = [(i, r) for i, (kind, r) in enumerate(log) if kind.endswith("-text")]
    order = np.array([i for i, _ in text])
    rects = np.array([r for _, r in text], dtype=float).reshape(-1, 4)
    out = []
    for i in late:
        r = log[i][1]
        if np.any((order < i) & (rects[:, 0] < r[2]) & (rects[:, 2] > r[0])
                  & (rects[:, 1] < r[3]) & (rects[:, 3] > r[1])):
            out.append(i)
    return out


def _cover_of(covers: list[tuple[int, tuple[float, ...], str]], seq: int,
              gbox: tuple[float, ...]) -> str | None:
    """What hides the glyph painted ``seq``-th at ``gbox`` (``"fill"``, ``"image"``):
    the covers painted after it that hold :data:`GLYPH_COVERED` of its box together (an
    image's opaque cells, two boxes side by side), or None."""
    size = _area(gbox)  # type: ignore[arg-type]
    if size <= 0:
        return None
    held: dict[str, float] = {}
    for cseq, rect, why in covers:
        if cseq > seq:
            held[why] = held.get(why, 0.0) + _overlap(rect, gbox)
    if sum(held.values()) >= GLYPH_COVERED * size:
        return max(held, key=held.__getitem__)
    return None


def _opaque_covers(page: Any, log: list[Any], late: list[int]
                   ) -> list[tuple[int, tuple[float, ...], str]]:
    """(sequence number, rectangle, "fill" or "image") of the opaque fills and images of
    ``late`` (bboxlog indices)."""
    if not late:
        return []
    fills: dict[int, Any] = {}
    if any(log[i][0] == "fill-path" for i in late):
        fills = {d["seqno"]: d for d in page.get_drawings()
                 if d.get("fill") is not None}
    image_info: list[dict[str, Any]] | None = None
    out: list[tuple[int, tuple[float, ...], str]] = []
    for i in late:
        kind, rect = log[i]
        rect = tuple(rect)
        if kind == "fill-path":
            d = fills.get(i)
            if d is None or (d.get("fill_opacity") or 0.0) < OPAQUE_FILL:
                continue
            out.extend((i, r, "fill") for r in _rectangles(d, rect))
        else:
            if image_info is None:
                image_info = page.get_image_info(xrefs=True)
            mask = _image_mask(page, image_info, rect)
            if mask is False:
                out.append((i, rect, "image"))
            elif mask is not None:
                for sub in mask:
                    out.append((i, sub, "image"))
    return out


def _rectangles(path: dict[str, Any], rect: tuple[float, ...]) -> list[tuple[float, ...]]:
    """The rectangles a filled path paints: its rectangles (``re``, upright ``qu``), or
    its bounds when its lines run round them; none of a curve or another shape (a
    filled glyph outline, a logo), whose bounds it does not fill."""
    items = path.get("items") or ()
    out: list[tuple[float, ...]] = []
    if all(it[0] == "l" for it in items) and items:
        x0, y0, x1, y1 = rect
        on_side = all(min(abs(p[0] - x0), abs(p[0] - x1), abs(p[1] - y0), abs(p[1] - y1))
                      < 0.5 for it in items for p in it[1:3])
        straight = all(abs(it[1][0] - it[2][0]) < 0.5 or abs(it[1][1] - it[2][1]) < 0.5
                       for it in items)
        return [rect] if on_side and straight and len(items) >= 3 else []
    for it in items:
        if it[0] == "re":
            out.append(tuple(it[1]))
        elif it[0] == "qu" and it[1].is_rectangular:
            out.append(tuple(it[1].rect))
        else:
            return []
    return out


def _image_mask(page: Any, infos: list[dict[str, Any]], rect: tuple[float, ...]
                ) -> Any:
    """False when the image painted at ``rect`` is opaque; None when it is not known to
    hide anything (no matching image, a transformed one); else the opaque parts of an
    image with a soft mask, as page rectangles (a grid of its cells)."""
    match = [i for i in infos
             if all(abs(a - b) < 0.5 for a, b in zip(i["bbox"], rect, strict=True))]
    if not match:
        return None
    info = match[0]
    if not info.get("has-mask"):
        t = info.get("transform") or (1, 0, 0, 1, 0, 0)
        if abs(t[1]) > 1e-3 or abs(t[2]) > 1e-3:  # turned or sheared: bbox is no cover
            return None
        return False
    return _opaque_cells(page, info, rect)


#: The soft mask of an image over text is read as a grid of this many cells a side.
_GRID = 24


def _opaque_cells(page: Any, info: dict[str, Any], rect: tuple[float, ...]
                  ) -> list[tuple[float, ...]] | None:
    import pymupdf

    xref = info.get("xref") or 0
    if xref <= 0:
        return None
    doc = page.parent
    kind, value = doc.xref_get_key(xref, "SMask")
    if kind != "xref":
        return None  # a stencil or color-key mask: not known to be opaque
    t = info.get("transform") or (1, 0, 0, 1, 0, 0)
    if abs(t[1]) > 1e-3 or abs(t[2]) > 1e-3:
        return None
    alpha = pymupdf.Pixmap(doc, int(value.split()[0]))
    if alpha.n != 1 or alpha.w <= 0 or alpha.h <= 0:
        return None
    samples = alpha.samples
    w, h = alpha.w, alpha.h
    x0, y0, x1, y1 = rect
    flip_y = t[3] < 0
    flip_x = t[0] < 0
    out = []
    gx, gy = min(_GRID, w), min(_GRID, h)
    for cy in range(gy):
        for cx in range(gx):
            px0, px1 = cx * w // gx, max(cx * w // gx + 1, (cx + 1) * w // gx)
            py0, py1 = cy * h // gy, max(cy * h // gy + 1, (cy + 1) * h // gy)
            total = count = 0
            for py in range(py0, py1, max(1, (py1 - py0) // 4)):
                row = py * w
                for px in range(px0, px1, max(1, (px1 - px0) // 4)):
                    total += samples[row + px]
                    count += 1
            if count and total / count >= OPAQUE_ALPHA * 255:
                fx0, fx1 = cx / gx, (cx + 1) / gx
                fy0, fy1 = cy / gy, (cy + 1) / gy
                if flip_x:
                    fx0, fx1 = 1 - fx1, 1 - fx0
                if flip_y:
                    fy0, fy1 = 1 - fy1, 1 - fy0
                out.append((x0 + fx0 * (x1 - x0), y0 + fy0 * (y1 - y0),
                            x0 + fx1 * (x1 - x0), y0 + fy1 * (y1 - y0)))
    return out


def _glyphs(spans: list[dict[str, Any]], box: tuple[float, ...], text: str
            ) -> list[tuple[int, tuple[float, ...], bool]]:
    """The glyphs that make the word of ``box`` and ``text``: (sequence number, glyph
    box, invisible), from the span that holds most of its characters inside the box (two
    words drawn at one place, one over the other, are told apart by their characters)."""
    wanted = [c for c in text if not c.isspace()]
    best: list[tuple[int, tuple[float, ...], bool]] = []
    best_n = 0
    pad = 0.5
    area = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    for span in spans:
        sb = span["bbox"]
        if sb[2] < area[0] or sb[0] > area[2] or sb[3] < area[1] or sb[1] > area[3]:
            continue
        invisible = span.get("type") == 3 or (span.get("opacity") or 0.0) <= 0.0
        inside = [ch for ch in span["chars"] if _center_in(ch[3], area)]
        if not inside:
            continue
        # the word's characters matched in order against the span's (a subsequence)
        got: list[tuple[int, tuple[float, ...], bool]] = []
        at = 0
        for ch in inside:
            if at < len(wanted) and chr(ch[0]) == wanted[at]:
                got.append((span["seqno"], tuple(ch[3]), invisible))
                at += 1
        if len(got) > best_n:
            best, best_n = got, len(got)
        elif len(got) == best_n and got:  # the same word drawn twice: the later one shows
            best = got
    if best_n * 2 < len(wanted):
        return []  # a word of several spans: not told here
    return best
