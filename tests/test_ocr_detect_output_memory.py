"""A detection run leaves nothing of its memory behind (issue 4, peak memory of one worker):
its probability map is written into an array of ours, not into one onnxruntime's arena
hands out, which was still alive when the run gave the arena's memory back and kept its
region (32 MB for a 300 dpi page) allocated from page to page. The map is the same."""

from __future__ import annotations

import ctypes
import gc

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.plugins.ocr.models import models_available

pytestmark = pytest.mark.skipif(not models_available(), reason="PP-OCR models not installed")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _allocated_mb() -> float:
    """Bytes the C heap has handed out and not had back (glibc's mallinfo2), in MB."""
    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        pytest.skip("not glibc")
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20


def _page() -> tuple[np.ndarray, Page]:
    from formsift.samples import generate, render_scan

    image = render_scan(generate("invoice", 100).pdf, 300, "clean")[0]
    return image, Page(index=0, width=image.shape[1], height=image.shape[0])


def test_a_detection_run_keeps_no_memory_allocated():
    from formsift.plugins.ocr.detect import PPOCRDetector

    det = PPOCRDetector({"threads": 1})
    det.ensure_ready()
    image, page = _page()
    gc.collect()
    before = _allocated_mb()
    for _ in range(2):
        assert det.segment(image, page)
    gc.collect()
    assert _allocated_mb() - before < 8  # was 32 MB more: the region of the last output


def test_the_probability_map_is_the_sessions_own():
    from formsift.plugins.ocr.detect import PPOCRDetector, _model_input

    det = PPOCRDetector({"threads": 1})
    det.ensure_ready()
    rng = np.random.default_rng(1)
    x = _model_input(rng.integers(0, 256, (160, 224, 3), dtype=np.uint8))
    feeds = {det._model.get_inputs()[0].name: x}
    ours, = det._model.run(None, feeds, det._model_run)
    theirs, = det._model.model.run(None, feeds)
    assert ours.shape == (1, 1, 160, 224) and np.array_equal(ours, theirs)


def test_the_heap_is_trimmed_before_the_run(monkeypatch):
    """What the page's earlier stages freed is given back before the run's peak comes on
    top of it (glibc's malloc_trim; elsewhere a call that does nothing)."""
    import formsift.plugins.ocr.detect as detect
    from formsift.plugins.ocr import models

    events: list[str] = []
    det = detect.PPOCRDetector({"threads": 1})
    det.ensure_ready()
    model = det._model.model

    class _Session:
        def __getattr__(self, name):
            return getattr(model, name)

        def run_with_iobinding(self, *args):
            events.append("run")
            return model.run_with_iobinding(*args)

    det._model.model = _Session()
    monkeypatch.setattr(detect, "trim_heap", lambda: events.append("trim"))
    image, page = _page()
    assert det.segment(image, page)
    assert events == ["trim", "run"]
    models.trim_heap()  # (glibc or not: no error)
