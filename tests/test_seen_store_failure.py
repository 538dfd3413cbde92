"""A duplicates store that fails (a SQLite file locked or damaged, the service's store
unreachable) never passes a document as "not seen": a ``review when`` / ``reject when``
policy asking ``seen_before`` that cannot be evaluated does not fire, so a copy of an
invoice was accepted with no reason, in an extraction (a store that answered again when
the values were recorded, or an engine that does not flag files sent again) and in the
review service's validation. The record now goes to review, with a reason naming the
store's error; a rule asking the store already did (rule_not_evaluated)."""

from __future__ import annotations

import sqlite3

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.core.seen import MemorySeenStore

TEMPLATE = '''template inv {
  locale "en_US"
  currency "USD"
  field invoice_no: id = right of "INVOICE NO:"
  field total: money = right of "TOTAL:"
  CHECK
}'''
CHECKS = {"review_when": "review when seen_before(invoice_no)",
          "reject_when": "reject when seen_before(invoice_no)",
          "rule": "rule not_paid_twice: not seen_before(invoice_no)"}


class LockedStore(MemorySeenStore):
    """A store whose questions fail once ``locked`` (recording still works)."""

    locked = False

    def seen(self, *args, **kwargs):
        if self.locked:
            raise sqlite3.OperationalError("database is locked")
        return super().seen(*args, **kwargs)


def invoice(number: str, note: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for n, text in enumerate([f"INVOICE NO: {number}", "TOTAL: 100.00", note]):
        page.insert_text((50, 100 + 20 * n), text, fontsize=10)
    return doc.tobytes()


def _copy_checked(tmp_path, check: str, locked: bool):
    """An engine (not flagging files sent again) whose store holds invoice A-1, and
    another file of A-1 extracted with the store ``locked`` or not."""
    (tmp_path / "inv.sift").write_text(TEMPLATE.replace("CHECK", CHECKS[check]))
    store = LockedStore()
    engine = Engine([tmp_path / "inv.sift"], seen_store=store, flag_resent=False)
    engine.extract(invoice("A-1", "first"), "inv")
    store.locked = locked
    return engine, engine.extract(invoice("A-1", "copy"), "inv")


def _store_error(result) -> list[str]:
    return [r.message for r in result.reasons
            if "OperationalError: database is locked" in r.message]


@pytest.mark.parametrize("check", list(CHECKS))
def test_an_extraction_the_store_failed_goes_to_review_naming_the_error(tmp_path, check):
    _, copy = _copy_checked(tmp_path, check, locked=True)
    assert copy.status == Status.REVIEW, copy.reasons
    assert _store_error(copy), copy.reasons


@pytest.mark.parametrize("check, status", [("review_when", Status.REVIEW),
                                           ("reject_when", Status.REJECTED),
                                           ("rule", Status.REVIEW)])
def test_a_store_that_answers_still_finds_the_copy(tmp_path, check, status):
    _, copy = _copy_checked(tmp_path, check, locked=False)
    assert copy.status == status and not _store_error(copy), copy.reasons


@pytest.mark.parametrize("check", list(CHECKS))
def test_a_review_the_store_failed_stays_in_review_naming_the_error(tmp_path, check):
    """The copy in review (or rejected), confirmed by a reviewer while the store fails."""
    from formsift.service.review import apply_review

    engine, copy = _copy_checked(tmp_path, check, locked=False)
    engine.seen_store.locked = True
    out = apply_review(copy.model_dump(mode="json"), engine.templates[0], {}, "rita",
                       seen_store=engine.seen_store)
    assert out.result["status"] == "review", out.result["reasons"]
    assert [r for r in out.result["reasons"]
            if "OperationalError: database is locked" in r["message"]]
