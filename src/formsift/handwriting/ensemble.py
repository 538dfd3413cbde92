"""Two handwriting models read one line together: their per-frame log-posteriors averaged.

Each model cuts the line as it was trained to (:func:`cut`: the ink crop, deslanted or
not, trimmed to its ink), so its output frames do not fall on the same columns of the line
as the other's: a deslanted copy is sheared and trimmed again. :func:`aligned` resamples
the second model's output at the first's frames, following each frame's centre through
both cuts along the line's middle row (the shear moves the rows above and below it
sideways, the middle row only by the cut's offset), and :func:`averaged` averages the two
log-posteriors frame by frame (renormalised: a geometric mean of the two distributions),
which the usual CTC decoding (greedy, constrained, language model) then reads.

Used by ``CRNNRecognizer.add_partner`` for measuring, not shipped: stage 5 reading lines
as they are with stage 8 reading them deslanted missed the rule written for it on the
held-out lines (docs/handwriting.md, "Two models reading a line together").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from formsift.handwriting.preprocess import (
    PAPER_PERCENTILE,
    STRIDE,
    line_gray,
    tensor_width,
    trim_box,
)

#: The first model's share of the averaged log-posteriors.
WEIGHT = 0.5


@dataclass(frozen=True)
class Cut:
    """A line cut for one model: ``gray`` (what the model reads, as
    :func:`~formsift.handwriting.preprocess.model_crop` cuts it) and how a point of the
    line (before deslanting and trimming) lands in the model's input."""

    gray: Any
    #: the shear applied (``x' = x - shear * y + shift``; 0: none)
    shear: float
    shift: float
    #: the trimmed part's left column and width (pixels of the line)
    x0: int
    width: int
    #: the model input's width (pixels, before the stride)
    columns: int

    def column(self, x: Any, y: float) -> Any:
        """The model-input column of the line's point (``x``, ``y``)."""
        return (x - self.shear * y + self.shift - self.x0) * self.columns / self.width

    def line_x(self, column: Any, y: float) -> Any:
        """The line's x at row ``y`` of model-input ``column`` (:meth:`column` inverted)."""
        return column * self.width / self.columns + self.x0 - self.shift + self.shear * y


def cut(image: Any, crop: str = "ink", deslant: bool = False) -> tuple[Cut, float]:
    """``image`` cut for a model (its ``crop``, ``deslant`` as
    :func:`formsift.handwriting.slant.deslant` does it), and the line's middle row (the
    middle of its ink's rows, before trimming)."""
    import numpy as np

    from formsift.handwriting.slant import DEAD_ZONE, SHARE, estimate_slant, shear

    gray = line_gray(image, crop)
    k, shift = 0.0, 0.0
    if deslant:
        slant = estimate_slant(gray)
        if abs(slant) > DEAD_ZONE:
            k = -SHARE * slant
            shift = k * gray.shape[0] if k > 0 else 0.0
            gray = shear(gray, k, int(np.percentile(gray, PAPER_PERCENTILE)))
    x0, y0, x1, y1 = trim_box(gray)
    part = gray[y0:y1, x0:x1]
    h, w = part.shape[:2]
    columns = tensor_width(h, w) if h and w else 1
    return Cut(part, k, shift, x0, max(1, w), columns), (y0 + y1) / 2


def aligned(probs: Any, mine: Cut, theirs: Cut, frames: int, row: float) -> Any:
    """``probs`` ((T, C) probabilities a model gave reading ``theirs``) resampled at the
    ``frames`` output frames of the model reading ``mine``: each of ``mine``'s frame
    centres followed to the line's ``row`` and into ``theirs``, the two nearest frames
    there interpolated (a frame beyond ``theirs``'s ends takes its end frame)."""
    import numpy as np

    centres = (np.arange(frames) + 0.5) * STRIDE
    at = theirs.column(mine.line_x(centres, row), row) / STRIDE - 0.5
    at = np.clip(at, 0, len(probs) - 1)
    lo = np.floor(at).astype(int)
    hi = np.minimum(lo + 1, len(probs) - 1)
    share = (at - lo)[:, None]
    return probs[lo] * (1 - share) + probs[hi] * share


def averaged(first: Any, second: Any, weight: float = WEIGHT) -> Any:
    """Per frame, the probabilities whose log is the ``weight``-ed mean of ``first``'s and
    ``second``'s logs ((T, C) probabilities each), normalised to sum to 1."""
    import numpy as np

    logp = weight * np.log(np.maximum(first, 1e-12)) + \
        (1 - weight) * np.log(np.maximum(second, 1e-12))
    logp -= logp.max(axis=1, keepdims=True)
    p = np.exp(logp)
    return p / p.sum(axis=1, keepdims=True)


class Partner:
    """The second model of an ensemble: an onnxruntime ``session`` of a model reading
    lines cut with ``crop`` (deslanted when ``deslant``)."""

    def __init__(self, session: Any, crop: str = "ink", deslant: bool = False) -> None:
        self.session, self.crop, self.deslant = session, crop, deslant
        self._input = session.get_inputs()[0].name

    def read(self, line: Cut) -> Any:
        """The model's (T, C) probabilities for a line it has cut."""
        from formsift.handwriting.decode import to_probs
        from formsift.handwriting.preprocess import batch, crop_tensor

        x, widths = batch([crop_tensor(line.gray)])
        out = to_probs(self.session.run(None, {self._input: x})[0])
        return out[0][:max(1, widths[0] // STRIDE)]

    def joined(self, image: Any, probs: Any, mine: Cut, row: float) -> Any:
        """``probs`` (the first model's reading of ``image``, cut as ``mine``, its middle
        at ``row``) averaged with this model's reading of it, frame by frame."""
        theirs, _ = cut(image, self.crop, self.deslant)
        return averaged(probs, aligned(self.read(theirs), mine, theirs, len(probs), row))
