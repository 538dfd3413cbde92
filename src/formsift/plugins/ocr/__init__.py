"""Built-in OCR: PP-OCRv4 text detection and recognition on onnxruntime (CPU).

The models come from the ``rapidocr-onnxruntime`` wheel (see :mod:`.models`); the
components register even when the models are missing, and say how to install them when
they are first used.
"""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.ocr.detect import PPOCRDetector
from formsift.plugins.ocr.recognize import PPOCRRecognizer
from formsift.plugins.segment import Checkboxes, InkLines, QrCodes, RulingLines
from formsift.plugins.segment.barcodes import Barcodes


@hookimpl
def formsift_register_segmenters() -> list[type]:
    # the text detector first: the engine's default segmenter is the first one registered
    return [PPOCRDetector, RulingLines, Checkboxes, InkLines, QrCodes, Barcodes]


@hookimpl
def formsift_register_recognizers() -> list[type]:
    return [PPOCRRecognizer]
