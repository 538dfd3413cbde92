"""Re-validating a corrected record (the service's review queue) gives its reasons in the
order a person acts on them, like an extraction: a missing page carried from the
extraction comes before the low confidence of the values (it was appended after them)."""

from __future__ import annotations

from formsift.core.reasons import tier
from formsift.core.result import Reason, Status
from tests.test_accept_low_confidence import _record, _template


def test_revalidated_reasons_come_in_action_order():
    fields, tables = _record(registration=0.30)
    carried = [Reason(code="pages_missing", message="page 2 of 2 is missing")]
    from formsift.templates.runtime import revalidate

    _, status, reasons = revalidate(_template(), fields, tables, carried=carried)
    assert status is Status.REVIEW
    codes = [r.code for r in reasons]
    assert "pages_missing" in codes and "low_confidence" in codes, codes
    assert codes[0] == "pages_missing", codes
    assert [tier(c) for c in codes] == sorted(tier(c) for c in codes), codes
