"""Region-first OCR of a page scanned upside down detects the lines of the page turned
again (code read A on 913ace2): the lines the text detector found on the page upside down,
turned, stand 1-5 px up and left of those it finds on the page turned (one a whole line
off), and the handwriting recognizer reads a name cut there differently: a delivery note's
'Anna Keller' came out 'Anna IKeller', accepted. Which way up the page is is still told by
the lines detected first (one anchor pass, the page as scanned is not read)."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png
from formsift.templates import region_first as rf

#: no ``handwritten`` hint: the text detector alone finds the lines (the usual case)
RECEIVED = """template delivery_note_received {
  field note_no: id = right of "Delivery note No." | "Note No."
  field received_by: text = right of "Received by:" | "Received by"
}"""


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_handwritten_name_upside_down_is_read_as_on_the_page_upright(monkeypatch, tmp_path):
    from formsift import Engine
    from formsift.core import areas
    from formsift.samples.handwritten import handwritten_scan

    template = tmp_path / "received.sift"
    template.write_text(RECEIVED)
    scan = handwritten_scan(seed=5)
    engine = Engine(region_first=True)
    upright = engine.extract(encode_png(scan.images[0]), template)
    assert upright.record()["received_by"] == scan.truth["received_by"]
    detections: list[int] = []
    passes: list[int] = []
    for name, calls in (("segment_scaled", detections), ("_anchor_pass", passes)):
        owner = areas if name == "segment_scaled" else rf
        original = getattr(owner, name)
        monkeypatch.setattr(owner, name, lambda *a, _o=original, _c=calls, **k:
                            _c.append(1) or _o(*a, **k))
    down = engine.extract(encode_png(np.ascontiguousarray(np.rot90(scan.images[0], 2))),
                          template)
    assert down.page_info[0].notes["orientation"]["rotated"] == 180
    assert down.record() == upright.record()  # was 'Anna IKeller', accepted
    got, want = down.fields["received_by"], upright.fields["received_by"]
    assert (down.status, got.confidence) == (upright.status, want.confidence)
    assert (len(detections), len(passes)) == (2, 1)  # the page as scanned is not read
