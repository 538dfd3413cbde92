"""A ``digits`` field through the review service (apply_review, what POST .../review runs):
a confirm-only review keeps the extracted DigitString, and a reviewer's typed correction is
parsed by the field's type, its leading zeros kept (code read A, item 2; fixed by the
result's value_type "digits", 15d7aad: this guards the service's side)."""

from __future__ import annotations

from pathlib import Path

from formsift import Engine, ExtractionResult
from formsift.core.digit_string import DigitString
from formsift.service.review import apply_review
from formsift.templates import load_template

SIFT = """template self_read {
  field prev: digits(7) = right of "Previous reading:"
  field current: digits(7) = right of "Your reading:"
  field account: digits(8)? = right of "Account:"
  rule not_lower: current >= prev
}
"""


def _extracted(tmp_path: Path) -> tuple[dict, object]:
    (tmp_path / "card.sift").write_text(SIFT)
    (tmp_path / "card.txt").write_text(
        "Customer self-read card\nPrevious reading: 0045091\nYour reading: 0045127\n")
    tpl = load_template(str(tmp_path / "card.sift"))
    result = Engine([tpl], seen_store="memory").extract(tmp_path / "card.txt", tpl)
    assert result.record()["current"] == "0045127"
    return result.model_dump(mode="json"), tpl


def test_a_confirmed_record_keeps_its_digits(tmp_path: Path) -> None:
    before, tpl = _extracted(tmp_path)
    out = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=True)
    after = ExtractionResult.model_validate(out.result)
    assert after.record()["current"] == "0045127" and after.record()["prev"] == "0045091"
    assert isinstance(after.fields["current"].value, DigitString)


def test_a_typed_correction_keeps_its_zeros(tmp_path: Path) -> None:
    before, tpl = _extracted(tmp_path)
    out = apply_review(before, tpl, {"account": "00012345"}, "rita", seen_store=None,
                       confirm=True)
    assert out.result["fields"]["account"]["value"] == "00012345"
    after = ExtractionResult.model_validate(out.result)
    assert after.record()["account"] == "00012345"
    assert isinstance(after.fields["account"].value, DigitString)
