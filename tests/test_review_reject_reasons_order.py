"""A record a reviewer rejects keeps its reasons in action order (formsift.core.reasons.
by_action): the reviewer's rejection, and a template_gone/template_changed reason added to
a record rejected without validation, are reasons about the document (first tier), not
appended after a missing value."""

from __future__ import annotations

from pathlib import Path

from formsift import Engine
from formsift.core.reasons import by_action
from formsift.core.result import Reason
from formsift.service.review import apply_review
from formsift.templates import load_template

SIFT = """template card {
  field account: id = right of "Account:"
  field amount: decimal = right of "Amount:"
}
"""


def _in_review(tmp_path: Path) -> tuple[dict, object]:
    (tmp_path / "card.sift").write_text(SIFT)
    (tmp_path / "card.txt").write_text("Customer card\nAccount: AB-1234\n")
    tpl = load_template(str(tmp_path / "card.sift"))
    result = Engine([tpl], seen_store="memory").extract(tmp_path / "card.txt", tpl)
    assert [r.code for r in result.reasons] == ["field_missing"]
    return result.model_dump(mode="json"), tpl


def _codes(outcome) -> list[str]:
    return [r["code"] for r in outcome.result["reasons"]]


def _ordered(codes: list[str]) -> list[str]:
    return [r.code for r in by_action(Reason(code=c, message=c) for c in codes)]


def test_reviewer_rejection_comes_before_a_missing_value(tmp_path: Path) -> None:
    before, tpl = _in_review(tmp_path)
    out = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=False,
                       reject="torn page")
    assert out.result["status"] == "rejected"
    assert _codes(out) == ["reviewer_rejected", "field_missing"] == _ordered(_codes(out))


def test_unvalidated_rejection_reason_comes_first(tmp_path: Path) -> None:
    before, _ = _in_review(tmp_path)
    gone = Reason(code="template_gone", message="the template 'card' is gone")
    out = apply_review(before, None, {}, "rita", seen_store=None, confirm=False,
                       reject="no template", unvalidated=gone)
    assert _codes(out) == ["template_gone", "reviewer_rejected", "field_missing"]
