"""A ``warn`` rule asking a duplicates store that fails is a warning, not a review (code
read A on de7a187): ``warn not_paid_twice: not seen_before(invoice_no)`` passes a copy of
an invoice with a warning when the store answers, and the record that was accepted with the
rule not evaluated (its outcome naming the store's error) went to review once a store error
a policy swallows was made a reason. A policy or an error rule asking the failing store
still sends the record to review, also beside a warn rule asking the same."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from tests.test_seen_store_failure import TEMPLATE, LockedStore, invoice

WARN = "warn not_paid_twice: not seen_before(invoice_no)"
LOCKED = "OperationalError: database is locked"


def _copy(tmp_path, checks: list[str], locked: bool = True):
    """An engine (not flagging files sent again) whose store holds invoice A-1, and
    another file of A-1 extracted with the store ``locked`` or not."""
    (tmp_path / "inv.sift").write_text(TEMPLATE.replace("CHECK", "\n  ".join(checks)))
    store = LockedStore()
    engine = Engine([tmp_path / "inv.sift"], seen_store=store, flag_resent=False)
    engine.extract(invoice("A-1", "first"), "inv")
    store.locked = locked
    return engine, engine.extract(invoice("A-1", "copy"), "inv")


def _warned(rules) -> bool:
    return any(r.name == "not_paid_twice" and r.passed is None and LOCKED in r.message
               for r in rules)


def test_a_warn_rule_the_store_failed_is_a_warning(tmp_path):
    _, answered = _copy(tmp_path, [WARN], locked=False)
    assert answered.status == Status.ACCEPTED and not answered.reasons
    _, copy = _copy(tmp_path, [WARN])
    assert copy.status == Status.ACCEPTED, copy.reasons  # was review
    assert not copy.reasons and _warned(copy.rules)


@pytest.mark.parametrize("other", ["review when seen_before(invoice_no)",
                                   "reject when seen_before(invoice_no)",
                                   "rule also_new: not seen_before(invoice_no)"])
def test_a_policy_or_rule_asking_the_failing_store_beside_it_still_reviews(tmp_path, other):
    _, copy = _copy(tmp_path, [WARN, other])
    assert copy.status == Status.REVIEW, copy.reasons
    assert [r for r in copy.reasons if LOCKED in r.message], copy.reasons


@pytest.mark.parametrize("other, status", [("", "accepted"),  # was review
                                           ("review when seen_before(invoice_no)", "review")])
def test_a_review_the_store_failed_with_a_warn_rule(tmp_path, other, status):
    """The copy in review for its total (an error rule), corrected by a reviewer while the
    store fails: the warn rule alone is a warning; a policy asking the store reviews."""
    from formsift.service.review import apply_review

    engine, copy = _copy(tmp_path, [WARN, "rule large: total > 100", other], locked=False)
    assert copy.status == Status.REVIEW
    engine.seen_store.locked = True
    out = apply_review(copy.model_dump(mode="json"), engine.templates[0],
                       {"total": "150.00"}, "rita", seen_store=engine.seen_store)
    assert out.result["status"] == status, out.result["reasons"]
    said = [r for r in out.result["reasons"] if LOCKED in r["message"]]
    assert bool(said) == (status == "review"), out.result["reasons"]
