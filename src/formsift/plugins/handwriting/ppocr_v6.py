"""The optional ``ppocr_v6`` recognizer: handwritten lines read by PP-OCRv6's small
recognition model (Apache-2.0, 21 MB, 18,708 characters of 50 languages), which ships
inside the ``rapidocr==3.10.0`` wheel. formsift takes only the model file from it: the
wheel is installed without its dependencies (``pip install --no-deps rapidocr==3.10.0``)
and found with ``importlib.util.find_spec``, never imported.

It reads with ``ppocr_rec``'s code (:class:`~formsift.plugins.ocr.recognize.PPOCRRecognizer`:
PP-OCR's preprocessing, CTC decoding with per-character confidences, decoding constrained
by a field type's alphabet and pattern, words from character positions); its character
list is the model's own (its ``character`` metadata). It is a handwriting recognizer
(routed the handwritten regions, as ``crnn`` is), never a default one: a template names
it, ``recognize ppocr_rec, ppocr_v6``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from formsift.core.document import Page, Word
from formsift.core.kinds import Constraint, TextRegion
from formsift.handwriting.calibration import Calibration
from formsift.plugins.ocr.models import V6_INSTALL_HINT, V6_REC_MODEL, find_model
from formsift.plugins.ocr.recognize import PPOCRRecognizer, RecOptions


class PPOCRv6Options(RecOptions):
    """``ppocr_rec``'s options, with defaults for handwriting."""

    #: One onnxruntime thread, as ``crnn`` (batch workers set ``FORMSIFT_THREADS``).
    threads: int = 1
    #: No line is dropped for low confidence: a handwritten value read unsure goes to
    #: review by its confidences instead.
    min_confidence: float = 0.0
    #: Off: the model writes accents itself (``ppocr_rec``'s PP-OCRv4 does not).
    diacritics: bool = False
    #: Off: machine-readable zones are printed.
    mrz_tails: bool = False
    mrz_lines: bool = False


class PPOCRv6Recognizer(PPOCRRecognizer):
    name = "ppocr_v6"
    version = "0.1.0"
    summary = ("Handwritten line recognition with PP-OCRv6_rec_small (CTC, ONNX) from the "
               "rapidocr 3.10.0 wheel; optional: pip install --no-deps rapidocr==3.10.0")
    Options = PPOCRv6Options
    #: Routed handwritten regions (see formsift.core.routing).
    handwriting = True
    path_options = ("model",)

    def model_path(self) -> Path:
        return find_model(V6_REC_MODEL, self.options.model,  # type: ignore[attr-defined]
                          package="rapidocr", install=V6_INSTALL_HINT)

    def recognize_groups(self, image: Any, page: Page,
                         groups: Sequence[tuple[list[TextRegion], Constraint | None]]
                         ) -> list[Word]:
        """``ppocr_rec``'s words, each word's confidence the share of handwritten words
        like it read right at its weakest character's confidence (the ``crnn``'s tables,
        :class:`~formsift.handwriting.calibration.Calibration`): the model's own
        confidences are no such share (a median of 0.995 on handwriting-font lines, wrong
        names accepted at 0.71-0.88 in code read r7)."""
        table = Calibration()
        return [dataclasses.replace(w, confidence=table.word_confidence(
                    w.text, min(w.char_confidences or (w.confidence,))))
                for w in super().recognize_groups(image, page, groups)]
