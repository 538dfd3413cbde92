"""A field's value struck through by hand is never accepted (three-way-match journey: a
printed invoice total struck through, the corrected amount written under it; the
struck total was read, ``net + vat == total`` held on the printed figures, and the
invoice was accepted at 0.99). The record goes to review with an ``invalid_value``
reason naming the correction, the struck value no surer than 0.5 whatever rule passed
on it; lines along the total (an underline, a frame) leave it accepted. End to end
through the engine (the runtime calls ``struck_values.struck_fields``); the detection
itself is tested in test_struck_values.py, whose pages these are."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.result import Status
from tests.test_struck_values import GUARDS, TEMPLATE, _scan, invoice


def _extract(tmp_path: Any, data: bytes, name: str) -> Any:
    from formsift import Engine

    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / name).write_bytes(data)
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / name)


@pytest.mark.parametrize("correction", [None, "under"])
def test_a_struck_total_goes_to_review_though_the_rule_passes(tmp_path, correction):
    result = _extract(tmp_path, invoice(strike="total", correction=correction), "i.pdf")
    assert result.status is Status.REVIEW
    assert all(o.passed for o in result.rules)  # the printed figures add up
    assert result.fields["total"].confidence <= 0.5
    said = [r.message for r in result.reasons if r.code == "invalid_value"]
    assert len(said) == 1 and "'17,853.55' is struck through" in said[0]
    assert ("'17,753.55' written near it" in said[0]) == (correction is not None)


def test_a_scanned_struck_total_with_its_correction_beside_it_goes_to_review(tmp_path):
    """The correction between the label and the struck total (the journey's ct_left: the
    rule chose the struck reading over the handwritten one, accepted at 0.99)."""
    result = _extract(tmp_path, _scan(invoice(strike="total", correction="left"), 2), "i.png")
    assert result.status is Status.REVIEW
    said = [r.message for r in result.reasons if r.code == "invalid_value"]
    assert len(said) == 1 and "'17,753.55' written near it" in said[0], result.reasons


@pytest.mark.parametrize("layout", GUARDS, ids=lambda d: "-".join(d.values()))
def test_lines_along_the_total_leave_it_accepted(tmp_path, layout):
    result = _extract(tmp_path, invoice(**layout), "i.pdf")
    assert result.status is Status.ACCEPTED, result.reasons
    assert str(result.fields["total"].value) == "17853.55"
