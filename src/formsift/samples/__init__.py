"""Deterministic sample documents with known truth, for tests, golden files and benchmarks.

``generate(kind, seed)`` returns a :class:`Sample`: a born-digital PDF of an invoice,
receipt, delivery note or payslip, the values a template must extract from it (``truth``,
JSON-ready) and every word printed (``words_truth``). ``render_scan`` turns a PDF into
page images, clean or degraded like a scan or phone photo; ``packet`` concatenates several
samples into one PDF. The same arguments always give the same bytes::

    from formsift.samples import generate, render_scan
    sample = generate("invoice", seed=3)      # sample.name == "invoice-003"
    sample.truth["total"]                     # a string such as "1234.50"
    pages = render_scan(sample.pdf, dpi=150, degrade="skew", seed=3)

PyMuPDF, NumPy and OpenCV are imported only when a function needs them.
"""

from __future__ import annotations

from formsift.samples.generator import KINDS, Sample, generate, packet
from formsift.samples.scans import DEGRADATIONS, encode_png, render_scan

__all__ = ["DEGRADATIONS", "KINDS", "Sample", "encode_png", "generate", "packet", "render_scan"]
