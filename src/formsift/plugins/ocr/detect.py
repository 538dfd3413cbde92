"""Text detection with PP-OCRv4's DB model: probability map -> text line boxes."""

from __future__ import annotations

import math
from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion
from formsift.plugins.ocr.models import DET_MODEL, find_model, releasing_run, session, trim_heap


class DetOptions(Options):
    model: str | None = None
    #: The shorter image side is scaled up to at least this (multiples of 32).
    limit_side: int = 736
    max_side: int = 2400
    #: The model's input is shrunk to at most this many pixels: its memory grows with them
    #: (an A4 page at 300 dpi is read at about 1130 x 1600; one worker stays under 600 MB).
    max_pixels: int = 1_800_000
    thresh: float = 0.3
    box_thresh: float = 0.5
    unclip_ratio: float = 1.6
    threads: int = 0


class PPOCRDetector(Segmenter):
    name = "ppocr_det"
    version = "0.1.0"
    summary = "Text line detection with PP-OCRv4 (DB) through onnxruntime"
    Options = DetOptions
    path_options = ("model",)

    def setup(self) -> None:
        opts: DetOptions = self.options  # type: ignore[assignment]
        self._model = _OwnOutput(session(find_model(DET_MODEL, opts.model), opts.threads))
        self._model_run = releasing_run()  # (a page's run takes ~240 MB: given back)

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        import cv2
        import numpy as np

        self.ensure_ready()
        opts: DetOptions = self.options  # type: ignore[assignment]
        h, w = image.shape[:2]
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        scale = max(1.0, opts.limit_side / min(h, w))
        if max(h, w) > 3 * min(h, w):  # a strip (lines cut out of a page): not blown up
            scale = max(1.0, min(scale, 64 / min(h, w)))
        scale = min(scale, opts.max_side / max(h, w)) if max(h, w) * scale > opts.max_side \
            else scale
        if h * w * scale * scale > opts.max_pixels:  # the model's memory grows with pixels
            scale = math.sqrt(opts.max_pixels / (h * w))
        rh = max(32, round(h * scale / 32) * 32)
        rw = max(32, round(w * scale / 32) * 32)
        x = _model_input(cv2.resize(image, (rw, rh)))
        trim_heap()  # (what the page's earlier stages freed: the run's peak comes on top)
        prob = self._model.run(None, {self._model.get_inputs()[0].name: x},
                               self._model_run)[0][0, 0]
        del x
        bitmap = (prob > opts.thresh).astype(np.uint8)
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
        contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        regions = []
        sx, sy = w / rw, h / rh
        for contour in contours[:3000]:
            rect = cv2.minAreaRect(contour)
            if min(rect[1]) < 3:
                continue
            score = _box_score(prob, contour)
            if score < opts.box_thresh:
                continue
            poly = _unclip(rect, opts.unclip_ratio)
            if poly is None:
                continue
            pts = [(float(px) * sx / w, float(py) * sy / h) for px, py in poly]
            pts = [(min(1.0, max(0.0, px)), min(1.0, max(0.0, py))) for px, py in pts]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = Box(min(xs), min(ys), max(xs), max(ys))
            if box.width <= 0 or box.height <= 0:
                continue
            regions.append(TextRegion(box, "text", float(score), pts))
        return regions


class _OwnOutput:
    """The detection session, its probability map written into an array of ours
    (onnxruntime's I/O binding) instead of one the session's memory arena hands out: such
    an output is still alive when the run ends and the arena gives back its memory, so the
    region holding it (32 MB for a 300 dpi page) stayed mapped from page to page, in each
    detector's session. The same values: only where the last step writes changes."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def get_inputs(self) -> Any:
        return self.model.get_inputs()

    def run(self, output_names: Any, feeds: dict[str, Any], run_options: Any = None
            ) -> list[Any]:
        """The model's one output (N, 1, H, W) for its one input (N, 3, H, W); a model
        whose output is not a float32 map of that shape (a float16 one, a plugin's own) is
        run as it is (code read R3: binding float32 to a float16 output failed)."""
        import numpy as np

        (name, x), = feeds.items()
        if not _float_map(self.model.get_outputs()[0], x.shape):
            return self.model.run(output_names, feeds, run_options)
        prob = np.empty((x.shape[0], 1, *x.shape[2:]), np.float32)
        binding = self.model.io_binding()
        binding.bind_cpu_input(name, x)
        binding.bind_output(self.model.get_outputs()[0].name, "cpu", 0, np.float32,
                            list(prob.shape), prob.ctypes.data)
        self.model.run_with_iobinding(binding, run_options)
        return [prob]


def _float_map(output: Any, shape: tuple[int, ...]) -> bool:
    """Whether a session's output (its ``NodeArg``) is a float32 map (N, 1, H, W) of an
    input of ``shape`` (N, 3, H, W): each of its dimensions named (dynamic) or equal."""
    dims = list(output.shape or ())
    want = [shape[0], 1, *shape[2:]]
    return output.type == "tensor(float)" and len(dims) == 4 and all(
        not isinstance(d, int) or d == w for d, w in zip(dims, want, strict=True))


def _model_input(resized: Any) -> Any:
    """The model's input (1, 3, H, W), (pixels / 255 - 0.5) / 0.5 as float32, made in one
    contiguous array: no full-size temporaries, and nothing for onnxruntime to copy while
    the model runs (a page's input is 21 MB)."""
    import numpy as np

    x = np.ascontiguousarray(resized.transpose(2, 0, 1)[None]).astype(np.float32)
    x /= 255.0
    x -= 0.5
    x /= 0.5
    return x


def _box_score(prob: Any, contour: Any) -> float:
    import cv2
    import numpy as np

    x, y, w, h = cv2.boundingRect(contour)
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, [contour.reshape(-1, 2) - (x, y)], 1)
    area = prob[y:y + h, x:x + w]
    return float(cv2.mean(area, mask)[0]) if mask.any() else 0.0


def _unclip(rect: Any, ratio: float) -> Any:
    """Grow a detected (shrunk) text rectangle back to the text's extent, as DB prescribes:
    offset = area * ratio / perimeter on every side."""
    import cv2

    (cx, cy), (rw, rh), angle = rect
    area, perimeter = rw * rh, 2 * (rw + rh)
    if perimeter == 0:
        return None
    d = area * ratio / perimeter
    grown = ((cx, cy), (rw + 2 * d, rh + 2 * d), angle)
    if min(grown[1]) < 5:
        return None
    return _order(cv2.boxPoints(grown))


def _order(pts: Any) -> list[tuple[float, float]]:
    """Corners in the order top-left, top-right, bottom-right, bottom-left."""
    pts = sorted(((float(x), float(y)) for x, y in pts), key=lambda p: p[0])
    left, right = sorted(pts[:2], key=lambda p: p[1]), sorted(pts[2:], key=lambda p: p[1])
    return [left[0], right[0], right[1], left[1]]
