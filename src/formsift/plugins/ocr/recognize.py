"""Text recognition with PP-OCRv4's CRNN model: CTC decoding with per-character confidences,
batching by width, word boxes from character positions, and decoding constrained to a
field type's alphabet."""

from __future__ import annotations

import itertools
import math
import unicodedata
from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, Recognizer, TextRegion
from formsift.plugins.ocr.models import REC_MODEL, find_model, session

HEIGHT = 48


class RecOptions(Options):
    model: str | None = None
    batch: int = 8
    threads: int = 0
    #: Lines whose mean character confidence is below this are dropped.
    min_confidence: float = 0.5
    #: Split glued words where the gap between two characters is this many times the
    #: line's typical character pitch (PP-OCR often drops spaces).
    split_gap: float = 1.6
    #: Split glued words where the ink-free gap between two characters is at least this
    #: share of the text's height (measured on the line's own pixels; the character-pitch
    #: rule above is the fallback when there are no pixels to measure).
    space_gap: float = 0.38
    #: ... and the characters' centres at least this many times the line's typical
    #: character pitch apart.
    space_pitch: float = 1.15


class PPOCRRecognizer(Recognizer):
    name = "ppocr_rec"
    version = "0.1.0"
    summary = "Text recognition with PP-OCRv4 (CRNN + CTC) through onnxruntime"
    Options = RecOptions

    def setup(self) -> None:
        opts: RecOptions = self.options  # type: ignore[assignment]
        self._model = session(find_model(REC_MODEL, opts.model), opts.threads)
        meta = self._model.get_modelmeta().custom_metadata_map
        chars = meta.get("character", "").splitlines()
        if not chars:
            raise ValueError("the recognition model carries no character list")
        # NFKC: the model writes some punctuation full-width ("（", "："); users expect ASCII
        self._model_chars = ["<blank>", *(unicodedata.normalize("NFKC", c) for c in chars),
                             " "]

    # -- public ------------------------------------------------------------------
    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Constraint | None = None) -> list[Word]:
        self.ensure_ready()
        if not regions:
            regions = [TextRegion(Box(0, 0, 1, 1))]
        crops = [_crop(image, r) for r in regions]
        lines = self.read_lines(crops, constraint)
        words: list[Word] = []
        for region, crop, (chars, width_frac) in zip(regions, crops, lines, strict=True):
            words.extend(self._words(chars, width_frac, region, page.index, crop))
        return words

    def read_lines(self, crops: list[Any], constraint: Constraint | None = None
                   ) -> list[tuple[list[tuple[str, float, float]], float]]:
        """For each crop: its characters as (char, confidence, x fraction of the crop)."""
        import numpy as np

        self.ensure_ready()
        opts: RecOptions = self.options  # type: ignore[assignment]
        mask = self._mask(constraint)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        out: list[Any] = [([], 1.0)] * len(crops)
        for start in range(0, len(order), opts.batch):
            idx = order[start:start + opts.batch]
            ratio = max(320 / HEIGHT, *(crops[i].shape[1] / crops[i].shape[0] for i in idx))
            width = math.ceil(HEIGHT * ratio)
            batch = np.zeros((len(idx), 3, HEIGHT, width), np.float32)
            widths = []
            for j, i in enumerate(idx):
                batch[j], used = _normalize(crops[i], width)
                widths.append(used)
            probs = self._model.run(None, {self._model.get_inputs()[0].name: batch})[0]
            if mask is not None:
                probs = probs * mask
            for j, i in enumerate(idx):
                out[i] = (self._decode(probs[j], width, widths[j]), widths[j] / width)
        return out

    # -- internals ---------------------------------------------------------------
    def _mask(self, constraint: Constraint | None) -> Any:
        if constraint is None or not constraint.alphabet:
            return None
        import numpy as np

        allowed = set(constraint.alphabet)
        mask = np.array([1.0 if (i == 0 or c in allowed) else 0.0
                         for i, c in enumerate(self._model_chars)], np.float32)
        return mask

    def _decode(self, probs: Any, width: int, used: int) -> list[tuple[str, float, float]]:
        idx = probs.argmax(axis=1)
        conf = probs.max(axis=1)
        steps = len(idx)
        chars = []
        prev = 0
        for t in range(steps):
            k = int(idx[t])
            if k != 0 and k != prev:
                # the step's centre, as a fraction of the text's own width
                x = (t + 0.5) * width / steps / max(1, used)
                chars.append((self._model_chars[k], float(conf[t]), min(1.0, x)))
            prev = k
        return chars

    def _words(self, chars: list[tuple[str, float, float]], _frac: float, region: TextRegion,
               page: int, crop: Any = None) -> list[Word]:
        opts: RecOptions = self.options  # type: ignore[assignment]
        if not chars:
            return []
        mean = sum(c[1] for c in chars) / len(chars)
        if mean < opts.min_confidence:
            return []
        pitches = [b[2] - a[2] for a, b in itertools.pairwise(chars)
                   if a[0] != " " and b[0] != " "]
        pitch = sorted(pitches)[len(pitches) // 2] if pitches else 0.0
        gaps = ink_gaps(crop, [c[2] for c in chars]) if crop is not None else None
        groups: list[list[tuple[str, float, float]]] = [[]]
        for i, c in enumerate(chars):
            if c[0] == " ":
                groups.append([])
                continue
            if groups[-1] and _is_space(i, chars, pitch, gaps, opts):
                groups.append([])
            groups[-1].append(c)
        words = []
        half = pitch / 2 if pitch else 0.02
        for g in groups:
            if not g:
                continue
            text = "".join(c[0] for c in g)
            box = _along(region, max(0.0, g[0][2] - half), min(1.0, g[-1][2] + half))
            confs = tuple(round(c[1], 4) for c in g)
            words.append(Word(text, box, page, min(confs), self.name,
                              region.kind == "handwritten", None, confs))
        return words


def _is_space(i: int, chars: list[tuple[str, float, float]], pitch: float,
              gaps: list[float] | None, opts: RecOptions) -> bool:
    """Whether a word space (that the model did not write) lies before ``chars[i]``."""
    if _inside_number(i, chars):
        return False
    step = chars[i][2] - chars[i - 1][2]
    a, b = chars[i - 1][0], chars[i][0]
    if gaps is not None:
        # wide blank pixels, and the characters further apart than letters of a word are
        # (a "1" stands alone in its cell in proportional fonts: pixels alone mislead);
        # digits of one number sit one pitch apart, and a "1" leaves wide blanks beside it
        digits = a.isdigit() and b.isdigit()
        need = opts.space_gap + (0.2 if digits and "1" in (a, b) else 0.0)
        factor = 1.5 if digits else opts.space_pitch
        return gaps[i - 1] >= need and (pitch <= 0 or step > factor * pitch)
    return pitch > 0 and step > opts.split_gap * pitch


def _inside_number(i: int, chars: list[tuple[str, float, float]]) -> bool:
    """A decimal or thousands separator between digits never borders a space ("5 . 90" is
    a wide-spaced "5.90")."""
    def at(k: int) -> str:
        return chars[k][0] if 0 <= k < len(chars) else ""

    if at(i) in ".," and at(i - 1).isdigit() and at(i + 1).isdigit():
        return True
    return at(i - 1) in ".," and at(i - 2).isdigit() and at(i).isdigit()


def ink_gaps(crop: Any, xs: list[float]) -> list[float] | None:
    """For each pair of neighbouring characters (at ``xs``, fractions of the crop's width):
    the widest run of ink-free columns between them, in units of the text's height."""
    import cv2
    import numpy as np

    if crop is None or len(xs) < 2:
        return None
    g = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, bw = cv2.threshold(g, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = bw.sum(axis=1)
    inked = np.nonzero(rows > 0.05 * max(1, rows.max()))[0]
    if len(inked) == 0:
        return None
    height = max(4, int(inked[-1] - inked[0] + 1))
    band = bw[inked[0]:inked[-1] + 1]
    empty = band.sum(axis=0) == 0
    w = bw.shape[1]
    out = []
    for a, b in itertools.pairwise(xs):
        lo, hi = int(a * w), math.ceil(b * w)
        run = best = 0
        for e in empty[lo:hi]:
            run = run + 1 if e else 0
            best = max(best, run)
        out.append(best / height)
    return out


def _normalize(crop: Any, width: int) -> tuple[Any, int]:
    import cv2
    import numpy as np

    h, w = crop.shape[:2]
    used = min(width, math.ceil(HEIGHT * w / max(1, h)))
    resized = cv2.resize(crop, (max(1, used), HEIGHT)).astype(np.float32)
    out = np.zeros((3, HEIGHT, width), np.float32)
    out[:, :, :used] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return out, used


def _crop(image: Any, region: TextRegion) -> Any:
    """The region straightened into a horizontal strip (perspective crop of its polygon)."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if region.polygon and len(region.polygon) == 4:
        pts = np.float32([(x * w, y * h) for x, y in region.polygon])
        cw = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
        ch = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
        cw, ch = max(cw, 2), max(ch, 2)
        dst = np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]])
        m = cv2.getPerspectiveTransform(pts, dst)
        crop = cv2.warpPerspective(image, m, (cw, ch), borderMode=cv2.BORDER_REPLICATE,
                                   flags=cv2.INTER_CUBIC)
        if ch / cw >= 1.5:
            crop = np.rot90(crop)
        return np.ascontiguousarray(crop)
    b = region.box
    x0, y0 = int(b.x0 * w), int(b.y0 * h)
    x1, y1 = max(x0 + 2, math.ceil(b.x1 * w)), max(y0 + 2, math.ceil(b.y1 * h))
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def _along(region: TextRegion, a: float, b: float) -> Box:
    """The box of the part [a, b] (fractions of the width) of a region's text line."""
    if region.polygon and len(region.polygon) == 4:
        (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = region.polygon
        pts = []
        for f in (a, b):
            pts.append((tlx + f * (trx - tlx), tly + f * (try_ - tly)))
            pts.append((blx + f * (brx - blx), bly + f * (bry - bly)))
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return Box(min(xs), min(ys), max(xs), max(ys))
    r = region.box
    return Box(r.x0 + a * r.width, r.y0, r.x0 + b * r.width, r.y1)
