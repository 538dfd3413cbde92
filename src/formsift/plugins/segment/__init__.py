"""Segmenters beside text detection: ruling lines (table rules, form boxes), checkboxes
(ticked or empty, with a confidence), ink lines (the text lines of a small box by
projection) and QR codes (decoded). OpenCV, no model. They register through
the ``ocr`` plugin module, after the text detector (which stays the default segmenter);
templates add them to their pipeline: ``segment: ppocr_det, checkboxes``."""

from formsift.plugins.segment.checkboxes import Checkboxes
from formsift.plugins.segment.ink_lines import InkLines
from formsift.plugins.segment.qr_codes import QrCodes
from formsift.plugins.segment.rules import RulingLines

__all__ = ["Checkboxes", "InkLines", "QrCodes", "RulingLines"]
