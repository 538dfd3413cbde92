"""Geometric preprocessing: deskew, page orientation and perspective correction.

Each records what it measured in ``page.notes`` (the deskew angle, the orientation, the
page quadrilateral), which ends up in the result, so a user can see what was done.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Literal

from formsift.core.components import Options
from formsift.core.document import Deferred, Page
from formsift.core.geometry import Box
from formsift.core.kinds import Preprocessor
from formsift.plugins.preprocess.filters import gray


def _ink(image: Any, width: int = 1000) -> Any:
    """The letters of a small grey copy of ``image`` (at most ``width`` pixels wide) as 1
    on 0, for measuring. A local threshold (``text_direction.text_ink``), not one global
    level: under uneven lighting a global threshold takes the shaded side of the page for
    ink, and its edge for a line of text 10 degrees off."""
    from formsift.plugins.preprocess.text_direction import text_ink

    return _memo(image, ("ink", width), lambda: text_ink(_small_gray(image, width)))


#: What the page measurements made of the last image they looked at, per thread:
#: orientation and deskew both look at the same small grey copy of the page and at its
#: letters (:func:`_small_gray`, :func:`_ink`), which cost as much to make as the rest of
#: their measuring (a resize and a local threshold of a 300 dpi page, about 40 ms).
_MEMO = threading.local()


def _memo(image: Any, key: tuple[str, int], make: Callable[[], Any]) -> Any:
    """``make()``, computed once for ``image``: kept while ``image`` is the last image
    measured, the same object (held weakly). Preprocessors return new images and never
    write into their input (:meth:`formsift.Preprocessor.process`); a sample of the pixels
    (one in 61 rows, one in 37 columns) is compared as well, which catches a step that
    breaks that rule over the page, not a change to a strip narrower than the sample's
    step. The result is shared: callers read it, never write into it."""
    import numpy as np

    stamp = hash(np.ascontiguousarray(image[::61, ::37]).tobytes())
    ref = getattr(_MEMO, "image", None)
    if ref is None or ref() is not image or _MEMO.stamp != stamp:
        _MEMO.image = weakref.ref(image)
        _MEMO.stamp = stamp
        _MEMO.made = {}
    made: dict[tuple[str, int], Any] = _MEMO.made
    if key in made:
        return made[key]
    out = make()
    if out is not image:  # (an image already small and grey is its own copy: not held)
        made[key] = out
    return out


def _rotate(image: Any, angle: float) -> Any:
    import cv2

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = 255 if image.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=border)


def _rotate_within(image: Any, angle: float, boxes: Sequence[Box]) -> Any:
    """What :func:`_rotate` makes of ``boxes`` (page-relative) of ``image``, on a white page
    of its size: each box is warped alone, through the same map shifted to its corner
    (a pixel may differ from the whole page's by the map's fixed-point rounding, a grey
    level or so)."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = 255 if image.ndim == 2 else (255, 255, 255)
    out = np.full_like(image, 255)
    for b in _merged(boxes):
        x0, y0 = max(0, int(b.x0 * w)), max(0, int(b.y0 * h))
        x1, y1 = min(w, int(np.ceil(b.x1 * w))), min(h, int(np.ceil(b.y1 * h)))
        if x1 <= x0 or y1 <= y0:
            continue
        part = m.copy()
        part[:, 2] -= (x0, y0)
        out[y0:y1, x0:x1] = cv2.warpAffine(image, part, (x1 - x0, y1 - y0),
                                           flags=cv2.INTER_CUBIC, borderValue=border)
    return out


def _merged(boxes: Sequence[Box]) -> list[Box]:
    """``boxes`` with those that overlap so much that their enclosing box is smaller than
    the two apart joined into it (each pixel of an overlap is warped once, not twice)."""
    out = list(boxes)
    joined = True
    while joined:
        joined = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                both = out[i].union(out[j])
                if both.area() < out[i].area() + out[j].area():
                    out[i] = both
                    del out[j]
                    joined = True
                    break
            if joined:
                break
    return out


def _ink_points(bw: Any) -> Any:
    """Coordinates of the ink pixels (at most 200,000, evenly sampled), centred."""
    import numpy as np

    ys, xs = np.nonzero(bw)
    if len(xs) > 200_000:
        step = len(xs) // 200_000 + 1
        xs, ys = xs[::step], ys[::step]
    h, w = bw.shape
    return xs.astype(np.float64) - w / 2, ys.astype(np.float64) - h / 2


def _profile_score(points: Any, angle: float) -> float:
    """How sharply text lines stand out in the row profile at this rotation: the ink
    pixels are projected onto the rotated vertical axis (no image is resampled)."""
    import numpy as np

    xs, ys = points
    a = np.radians(angle)
    rows = ys * np.cos(a) - xs * np.sin(a)  # the row of each ink pixel, as cv2 rotates
    rows = np.round(rows - rows.min()).astype(np.int64) if len(rows) else rows.astype(np.int64)
    hist = np.bincount(rows).astype(np.float64)
    return float(np.sum(np.diff(hist) ** 2))


class DeskewOptions(Options):
    max_angle: float = 10.0
    #: Angles smaller than this are left alone (no resampling blur for nothing).
    min_angle: float = 0.1


class Deskew(Preprocessor):
    name = "deskew"
    version = "0.1.0"
    summary = "Straighten a page rotated by a few degrees (projection profiles)"
    Options = DeskewOptions

    def measure(self, image: Any) -> float:
        import numpy as np

        opts: DeskewOptions = self.options  # type: ignore[assignment]
        bw = _ink(image)
        points = _ink_points(bw)
        best, best_score = 0.0, _profile_score(points, 0.0)
        for step, span in ((0.5, opts.max_angle), (0.1, 0.5), (0.02, 0.1)):
            center = best
            for a in np.arange(center - span, center + span + 1e-9, step):
                s = _profile_score(points, float(a))
                if s > best_score:
                    best, best_score = float(a), s
        return round(best, 2)

    def process(self, image: Any, page: Page) -> Any:
        out = self.deferred(image, page)
        return out.whole(image) if isinstance(out, Deferred) else out

    def deferred(self, image: Any, page: Page) -> Any:
        """:meth:`process` with the rotation not done yet: the angle is measured and
        recorded now; a :class:`~formsift.core.document.Deferred` rotates the whole page
        or only the parts asked for (region-first OCR straightens only what it reads), or
        ``image`` itself when it is straight enough."""
        opts: DeskewOptions = self.options  # type: ignore[assignment]
        angle = self.measure(image)
        page.notes[self.name] = {"angle": angle}
        if abs(angle) < opts.min_angle:
            return image
        return Deferred(lambda src: _rotate(src, angle),
                        lambda src, boxes: _rotate_within(src, angle, boxes))


class OrientationOptions(Options):
    #: Also turn pages that are upside down (180 degrees). Default (None): yes when PP-OCR's
    #: text-direction classifier is installed (it reads all-caps receipts as well as
    #: prose), no otherwise: the ink-profile cue (Latin ascenders outnumber descenders)
    #: fails on all-caps text. Sideways pages (90/270) are always turned.
    upside_down: bool | None = None
    #: How to tell which way up text is: "classifier" (PP-OCR's text-direction model, from
    #: the rapidocr-onnxruntime wheel), "ink" (the ink-profile cue, no model) or "auto"
    #: (the classifier when installed).
    method: Literal["auto", "classifier", "ink"] = "auto"
    #: An explicit path of the classifier model.
    model: str | None = None


class Orientation(Preprocessor):
    name = "orientation"
    version = "0.2.0"
    summary = "Turn a page scanned sideways or upside down (90/180/270 degrees) upright"
    Options = OrientationOptions
    path_options = ("model",)

    def setup(self) -> None:
        from formsift.plugins.preprocess import text_direction as td

        opts: OrientationOptions = self.options  # type: ignore[assignment]
        self._model_cls = None
        if opts.method == "classifier" or (opts.method == "auto" and (
                opts.model or td.classifier_available())):
            self._model_cls = td.load_classifier(opts.model)

    def measure(self, image: Any) -> int:
        """The clockwise turn (0, 90, 180 or 270) that makes the page upright."""
        return self._measure(image)[0] or 0

    def _measure(self, image: Any, pending: bool = False) -> tuple[int | None, dict[str, Any]]:
        """The turn and its evidence; with ``pending``, None (not decided yet) where the
        upside-down check would start (:meth:`provisional`)."""
        import numpy as np

        self.ensure_ready()
        opts: OrientationOptions = self.options  # type: ignore[assignment]
        import cv2

        small = _small_gray(image, 1000)
        _, bw = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        sideways = _sideways(bw)
        if not sideways and self._model_cls is not None:
            # a second look at the letters alone: noise and uneven lighting pass for glyphs
            # in the global threshold above (the letters of ``small``)
            sideways = _sideways(_ink(image, 1000))
        if sideways:
            turned = np.ascontiguousarray(np.rot90(image, -1))
            # 90 or 270: neither is the likelier, so the majority of the lines decides
            flipped, how = self._upside_down(turned, _majority_down, _majority_settled)
            return (270 if flipped else 90), how
        check = opts.upside_down if opts.upside_down is not None else \
            self._model_cls is not None
        if check and pending and self._model_cls is not None:  # (lines read tell, settle)
            return None, {}
        if check:
            flipped, how = self._upside_down(image)
            return (180 if flipped else 0), how
        return 0, {}

    def _upside_down(self, image: Any, vote: Any = None, settled: Any = None
                     ) -> tuple[bool, dict[str, Any]]:
        """Whether ``image`` (upright or upside down) is upside down, and the evidence.
        ``vote(up, down)`` decides from the lines' votes; by default the page is upright
        unless clearly outvoted (:func:`_upside_down_vote`), and then only if the page
        turned by 180 degrees reads upright too: the lines of both looks vote together.
        ``settled`` is the early stop of ``vote``."""
        import numpy as np

        if self._model_cls is None:
            bw = _ink(image, 1000)
            return _upside_down(bw), {"method": "ink"}

        from formsift.plugins.preprocess import text_direction as td

        up, down = td.upside_down_votes(self._model_cls,
                                        td.line_pieces(_small_gray(image, 1600)),
                                        settled=settled or _upside_down_settled)
        evidence: dict[str, Any] = {"method": "classifier", "lines_upright": up,
                                    "lines_upside_down": down}
        if vote is not None:
            return vote(up, down), evidence
        if down <= up:
            return False, evidence
        # Before turning (or when the lines lean that way), a second look: the page turned
        # by 180 degrees must read upright by its own lines (crops from the other end of
        # each line). Both looks vote together; anything weaker keeps the page.
        turned = np.ascontiguousarray(np.rot90(image, 2))
        t_up, t_down = td.upside_down_votes(
            self._model_cls, td.line_pieces(_small_gray(turned, 1600)),
            settled=lambda u, d, left: _upside_down_settled(up + d, down + u, left))
        evidence.update(turned_lines_upright=t_up, turned_lines_upside_down=t_down)
        flipped = _upside_down_vote(up + t_down, down + t_up)
        if not flipped:
            evidence["unsure"] = True
        return flipped, evidence

    def process(self, image: Any, page: Page) -> Any:
        return self._turned(image, page, *self._measure(image))

    def _turned(self, image: Any, page: Page, angle: int | None,
                evidence: dict[str, Any]) -> Any:
        import numpy as np

        angle = angle or 0
        page.notes[self.name] = {"rotated": angle, **evidence}
        if angle == 0:
            return image
        # angle is the clockwise turn that makes the page upright
        return np.ascontiguousarray(np.rot90(image, -angle // 90))

    def provisional(self, image: Any, page: Page) -> Any:
        """:meth:`process` for a reader of some parts of the page alone (region-first OCR):
        a page turned sideways is turned as :meth:`process` turns it; any other page is
        kept as it is, and whether it is upside down is left to :meth:`settle`, with the
        lines read on it (its note says ``"pending": true`` until then)."""
        angle, evidence = self._measure(image, pending=True)
        if angle is None:
            page.notes[self.name] = {"rotated": 0, "pending": True}
            return image
        return self._turned(image, page, angle, evidence)

    def settle(self, page: Page, image: Any, lines: Sequence[Box],
               whole: Callable[[], Any], looked_at: str = "lines read") -> bool:
        """After :meth:`provisional` kept ``page`` as it was: whether it is upside down.
        ``lines``: boxes (page-relative) of printed lines on it, in ``image``: the lines
        read, or (``looked_at="lines detected"``) the text lines detected before any is
        read. When they read upright clearly (:func:`text_direction.reads_upright`: the
        longest six classified, at least three confidently upright, none upside down), it
        is not; anything else and the whole page, ``whole()``, decides as in
        :meth:`process`. The note records the evidence (``"looked_at"``: which lines, when
        the lines decided)."""
        from formsift.plugins.preprocess import text_direction as td

        up, down = td.upside_down_votes(self._model_cls, td.line_crops(image, lines))
        if td.reads_upright(up, down):
            page.notes[self.name] = {"rotated": 0, "method": "classifier", "lines_upright": up,
                                     "lines_upside_down": down, "looked_at": looked_at}
            return False
        flipped, evidence = self._upside_down(whole())
        page.notes[self.name] = {"rotated": 180 if flipped else 0, **evidence}
        return flipped


def _upside_down_vote(up: int, down: int) -> bool:
    """Upside down: at least four lines read confidently so, and more than three times as
    many as read upright. Anything weaker keeps the page as it is: turning an upright page
    loses all of its text (an upright scan voted 1 line upright to 3 upside down)."""
    return down >= 4 and down > 3 * up


def _upside_down_settled(up: int, down: int, left: int) -> bool:
    """No way the ``left`` lines still to classify change the vote: whether each of them
    reads upright, upside down or neither."""
    return _upside_down_vote(up, down) == _upside_down_vote(up, down + left) \
        == _upside_down_vote(up + left, down)


def _majority_down(up: int, down: int) -> bool:
    """Of two turns equally likely beforehand (90 or 270): more lines read upside down."""
    return down > up


def _majority_settled(up: int, down: int, left: int) -> bool:
    return _majority_down(up, down) == _majority_down(up, down + left) \
        == _majority_down(up + left, down)


def _small_gray(image: Any, width: int) -> Any:
    """The image in grey, at most ``width`` pixels wide (computed once per image: see
    :func:`_memo`)."""
    return _memo(image, ("gray", width), lambda: _shrunk_gray(image, width))


def _shrunk_gray(image: Any, width: int) -> Any:
    import cv2

    g = gray(image)
    scale = min(1.0, width / g.shape[1])
    if scale < 1.0:
        g = cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return g


def _sideways(bw: Any) -> bool:
    """Letters of a line are each other's nearest neighbours: in upright (or upside-down)
    text the vector to a glyph's nearest neighbour is mostly horizontal; on a page turned by
    90 degrees it is mostly vertical."""
    import cv2
    import numpy as np

    _, _, stats, centroids = cv2.connectedComponentsWithStats(bw.astype(np.uint8), 8)
    size = np.maximum(stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH])
    keep = (size >= 4) & (size < 0.06 * max(bw.shape)) & (stats[1:, cv2.CC_STAT_AREA] >= 6)
    pts = centroids[1:][keep][:2500]
    if len(pts) < 20:
        return False
    d = pts[:, None, :] - pts[None, :, :]
    dist = np.hypot(d[..., 0], d[..., 1])
    np.fill_diagonal(dist, np.inf)
    v = d[np.arange(len(pts)), dist.argmin(axis=1)]
    angle = np.degrees(np.arctan2(np.abs(v[:, 1]), np.abs(v[:, 0])))
    return int((angle > 60).sum()) > 3 * (int((angle < 30).sum()) + 1)


def _upside_down(bw: Any) -> bool:
    """Latin text has more ascenders than descenders: above each line's x-height band
    there is more ink than below it. Upside down, the opposite holds."""
    import numpy as np

    rows = bw.sum(axis=1)
    inked = rows > 0.02 * max(1, rows.max())
    above = below = 0.0
    i = 0
    n = len(rows)
    while i < n:
        if not inked[i]:
            i += 1
            continue
        j = i
        while j < n and inked[j]:
            j += 1
        line = rows[i:j].astype(np.float64)
        if len(line) >= 6:
            core = np.where(line >= 0.5 * line.max())[0]
            top, bottom = core[0], core[-1]
            above += line[:top].sum()
            below += line[bottom + 1:].sum()
        i = j
    return below > 1.15 * above


class PerspectiveOptions(Options):
    #: The page must cover at least this share of the photo to be unwarped.
    min_area: float = 0.2


class Perspective(Preprocessor):
    name = "perspective"
    version = "0.1.0"
    summary = "Find the page in a phone photo and unwarp it to a flat rectangle"
    Options = PerspectiveOptions
    #: The page found in the photo is the page: boxes are fractions of the unwarped image.
    reframes = True

    def find_page(self, image: Any) -> Any:
        import cv2
        import numpy as np

        g = gray(image)
        scale = min(1.0, 800 / max(g.shape))
        small = cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        _, bw = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        bw = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
        contours, _ = cv2.findContours(bw, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if not contours:
            return None
        c = max(contours, key=cv2.contourArea)
        if cv2.contourArea(c) < self.options.min_area * small.size:  # type: ignore[attr-defined]
            return None
        quad = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(quad) != 4:
            return None
        return _order(quad.reshape(4, 2) / scale)

    def process(self, image: Any, page: Page) -> Any:
        import cv2
        import numpy as np

        quad = self.find_page(image)
        h, w = image.shape[:2]
        if quad is None:
            page.notes[self.name] = {"found": False}
            return image
        # nothing to do when the "page" is the whole image
        if np.all(np.abs(quad - np.float32([[0, 0], [w, 0], [w, h], [0, h]])) < 0.02 * max(h, w)):
            page.notes[self.name] = {"found": False}
            return image
        tw = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[3] - quad[2])))
        th = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
        dst = np.float32([[0, 0], [tw, 0], [tw, th], [0, th]])
        m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
        page.notes[self.name] = {"found": True,
                                 "quad": [[round(float(x) / w, 4), round(float(y) / h, 4)]
                                          for x, y in quad]}
        return cv2.warpPerspective(image, m, (tw, th), flags=cv2.INTER_CUBIC)


def _order(pts: Any) -> Any:
    import numpy as np

    pts = np.asarray(pts, np.float32)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)],
                       pts[np.argmax(d)]])
