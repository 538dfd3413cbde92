"""Smaller review findings (reviewer journey): a correction that changes nothing is not
stored; a submit that leaves the record in review does not mark the values it did not
touch as checked; the audit trail says when a claim runs out and who took over an
expired one."""

from __future__ import annotations

import json
import time

from tests.service.conftest import invoice_pdf as _pdf
from tests.service.conftest import serve

TEMPLATE = '''template small {
  field invoice_no: text = right of "Invoice No."
  field amount: money = right of "Amount"
  rule small: amount < 1000
}'''


def _template():
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    (tpl,), _ = check_source(TEMPLATE, "small.sift", default_registry())
    return tpl


def test_corrections_that_change_nothing_are_not_stored():
    from formsift import Engine
    from formsift.service.review import apply_review

    tpl = _template()
    result = Engine([tpl]).extract(_pdf("KOS-1014", "35.00"), tpl).model_dump(mode="json")
    out = apply_review(result, tpl, {"invoice_no": "  KOS-1014  ", "amount": "35.0"},
                       "rita", seen_store=None)
    assert out.corrections == []
    assert out.result["fields"]["invoice_no"]["source"] == "pdf"  # as read
    assert out.result["status"] == "accepted"
    changed = apply_review(result, tpl, {"invoice_no": "KOS-1015", "amount": "35.00"},
                           "rita", seen_store=None)
    assert [c["field"] for c in changed.corrections] == ["invoice_no"]


def test_a_submit_that_leaves_the_record_in_review_vouches_for_nothing():
    from formsift import Engine
    from formsift.service.review import apply_review

    tpl = _template()
    result = Engine([tpl]).extract(_pdf("KOS-1", "5000.00"), tpl).model_dump(mode="json")
    assert result["status"] == "review"
    shown = {k: f["confidence"] for k, f in result["fields"].items()}
    assert min(shown.values()) < 1.0
    # a wrong correction: the rule still fails, nothing is checked yet
    out = apply_review(result, tpl, {"amount": "4000.00"}, "rita", seen_store=None)
    assert out.result["status"] == "review"
    assert out.confirmed == []
    assert out.result["fields"]["invoice_no"]["confidence"] == shown["invoice_no"]
    # the right one: accepted, and what was shown is vouched for
    out = apply_review(result, tpl, {"amount": "500.00"}, "rita", seen_store=None)
    assert out.result["status"] == "accepted"
    assert out.confirmed == ["invoice_no"]
    assert out.result["fields"]["invoice_no"]["confidence"] == 1.0


def test_the_audit_trail_says_when_a_claim_runs_out_and_who_took_over(tmp_path):
    (tmp_path / "small.sift").write_text(TEMPLATE)
    with serve(db_url=f"sqlite:///{tmp_path / 'c.db'}", data_dir=tmp_path / "data",
               templates=[str(tmp_path / "small.sift")], claim_ttl_s=1.0) as running:
        rita, bob = running.key("rita"), running.key("bob")
        with running.client(rita) as api_rita, running.client(bob) as api_bob:
            rid = api_rita.post("/v1/extract?template=small",
                                content=_pdf("K-9", "5000.00")).json()["record_id"]
            mine = api_rita.post(f"/v1/review/{rid}/claim")
            assert mine.status_code == 200, mine.text
            time.sleep(1.5)
            taken = api_bob.post(f"/v1/review/{rid}/claim")
            assert taken.status_code == 200, taken.text
            events = [json.loads(line) for line in api_rita.get(
                f"/v1/audit/export?record_id={rid}&action=review.claim").text.splitlines()]
        first, second = events
        assert first["details"]["claim_expires_at"].startswith(
            mine.json()["claim_expires_at"][:19])
        assert "took_over_expired_claim" not in first["details"]
        took = second["details"]["took_over_expired_claim"]
        assert took["claimed_by"] == first["actor"] and took["expired_at"] == \
            first["details"]["claim_expires_at"]
