"""Built-in handwriting support: the ``crnn`` recognizer (shipped model or your own), the
optional ``ppocr_v6`` recognizer (its model from the rapidocr 3.10.0 wheel), the
``handwriting`` segmenter (printed vs handwritten regions) and the ``signature`` and
``initials`` field types."""

from __future__ import annotations

from formsift.core.hookspecs import hookimpl
from formsift.plugins.handwriting.marks import InitialsType, SignatureType
from formsift.plugins.handwriting.ppocr_v6 import PPOCRv6Recognizer
from formsift.plugins.handwriting.recognize import CRNNRecognizer
from formsift.plugins.handwriting.segment import HandwritingSegmenter


@hookimpl
def formsift_register_recognizers() -> list[type]:
    return [CRNNRecognizer, PPOCRv6Recognizer]


@hookimpl
def formsift_register_segmenters() -> list[type]:
    return [HandwritingSegmenter]


@hookimpl
def formsift_register_field_types() -> list[type]:
    return [SignatureType, InitialsType]
