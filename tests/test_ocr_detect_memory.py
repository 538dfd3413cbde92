"""The detection model reads a whole page (about 270 MB of onnxruntime's memory at 300 dpi)
and its input shape changes from page to page: its runs give the arena's memory back when
they end, so that a worker reading page after page does not grow (issue 4; measured with
``benchmarks/bench_memory.py``). Its input is made without full-size temporaries, with
the same values as before."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.plugins.ocr.models import SHRINK_ARENA, models_available

pytestmark = pytest.mark.skipif(not models_available(), reason="PP-OCR models not installed")


class _Recording:
    """The detector's session, recording the run options of each call."""

    def __init__(self, model):
        self.model, self.calls = model, []

    def get_inputs(self):
        return self.model.get_inputs()

    def run(self, outputs, feeds, run_options=None):
        self.calls.append((run_options, next(iter(feeds.values()))))
        return self.model.run(outputs, feeds, run_options)


def _page_image() -> np.ndarray:
    from formsift.samples import generate, render_scan

    return render_scan(generate("receipt", 3).pdf, 150, "clean")[0]


def test_detection_runs_give_their_memory_back():
    from formsift.plugins.ocr.detect import PPOCRDetector

    det = PPOCRDetector({"threads": 1})
    det.ensure_ready()
    det._model = recording = _Recording(det._model)
    image = _page_image()
    regions = det.segment(image, Page(index=0, width=image.shape[1], height=image.shape[0]))
    assert regions
    (options, x), = recording.calls
    assert options is not None and options.get_run_config_entry(SHRINK_ARENA) == "cpu:0"
    assert x.dtype == np.float32 and x.flags["C_CONTIGUOUS"]  # nothing to copy


def test_detection_input_is_the_same_as_before():
    from formsift.plugins.ocr.detect import _model_input

    resized = np.random.default_rng(0).integers(0, 256, (64, 96, 3), dtype=np.uint8)
    before = ((resized.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
    assert np.array_equal(_model_input(resized), before)


def test_a_set_up_detector_still_pickles():
    """(for the batch workers: run options are made again in each process)"""
    from formsift.plugins.ocr.detect import PPOCRDetector

    det = PPOCRDetector({"threads": 1})
    det.ensure_ready()
    again = pickle.loads(pickle.dumps(det))
    image = _page_image()
    assert again.segment(image, Page(index=0, width=image.shape[1], height=image.shape[0]))
