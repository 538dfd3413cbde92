"""The ``handwriting`` segmenter: text lines found by a detector, each labelled printed
(``kind="text"``) or handwritten (``kind="handwritten"``) by the style classifier of
:mod:`formsift.handwriting.style`."""

from __future__ import annotations

from typing import Any

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.kinds import Segmenter, TextRegion
from formsift.handwriting.style import StyleModel, features

STYLE_MODEL = "printed_vs_handwritten.json"


class HandwritingOptions(Options):
    #: The detector whose regions are classified (a segmenter's options: ppocr_det's).
    det_model: str | None = None
    #: P(handwritten) at or above which a region is labelled handwritten.
    threshold: float | None = None
    #: A style model (JSON) trained with scripts/train_style_classifier.py; default: shipped.
    model: str | None = None


def style_model(path: str | None = None) -> StyleModel:
    from importlib import resources
    from pathlib import Path

    from formsift.core.errors import ComponentNotFound

    p = Path(path) if path else Path(str(resources.files("formsift") / "models" / STYLE_MODEL))
    if not p.is_file():
        raise ComponentNotFound(f"style model {p} does not exist")
    return StyleModel.load(p)


class HandwritingSegmenter(Segmenter):
    name = "handwriting"
    version = "0.1.0"
    summary = "Text lines labelled printed or handwritten (PP-OCR detection + style classifier)"
    Options = HandwritingOptions
    path_options = ("model",)
    path_formats = {"model": "json"}
    #: Added by routing when a template asks for handwriting, never a default segmenter.
    handwriting = True

    def setup(self) -> None:
        from formsift.plugins.ocr.detect import PPOCRDetector

        opts: HandwritingOptions = self.options  # type: ignore[assignment]
        self._model_det = PPOCRDetector({"model": opts.det_model} if opts.det_model else None)
        self._model_det.ensure_ready()
        self._model_style = style_model(opts.model)

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        self.ensure_ready()
        regions = self._model_det.segment(image, page)
        return self.label(image, regions)

    def label(self, image: Any, regions: list[TextRegion]) -> list[TextRegion]:
        """Set ``kind`` and ``attrs["handwritten_p"]`` of text regions (in place)."""
        from formsift.plugins.ocr.recognize import _crop

        self.ensure_ready()
        opts: HandwritingOptions = self.options  # type: ignore[assignment]
        threshold = opts.threshold if opts.threshold is not None else \
            self._model_style.threshold
        todo = [r for r in regions if r.kind in ("text", "handwritten")]
        if not todo:
            return regions
        import numpy as np

        feats = np.stack([features(_crop(image, r)) for r in todo])
        probs = self._model_style.probability(feats)
        for r, p in zip(todo, probs, strict=True):
            r.attrs["handwritten_p"] = round(float(p), 4)
            r.kind = "handwritten" if p >= threshold else "text"
        return regions
