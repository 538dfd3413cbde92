"""A worker's memory over many pages: onnxruntime's memory pattern is planned (and kept)
per input shape, and every page's detection input has its own shape; with it a worker
reading six 300 dpi pages peaked at 1,105 MB, without it 833 MB (``benchmarks/
bench_scans.py`` measures one page's peak in a fresh process)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import DET_MODEL, find_model, models_available, session


@pytest.mark.skipif(not models_available(), reason="PP-OCR models not installed")
def test_sessions_keep_no_memory_pattern_per_shape():
    sess = session(find_model(DET_MODEL), threads=1)
    assert sess.get_session_options().enable_mem_pattern is False
