"""Deterministic sample documents with known truth, for tests, golden files and benchmarks.

    >>> from formsift.samples import generate
    >>> sample = generate("invoice", seed=3)
    >>> sample.pdf[:5], sample.truth["total"]
"""

from __future__ import annotations

from formsift.samples.generator import KINDS, Sample, generate, packet
from formsift.samples.scans import encode_png, render_scan

__all__ = ["KINDS", "Sample", "encode_png", "generate", "packet", "render_scan"]
