"""A failed rule computed on a value doubted by a second reading says so (cheque journey,
finding 3): a handwritten date read '1/2 7/2 026' (2026-01-27) against its re-read
11/27/2026 was marked ambiguous, and the not_stale rule then failed on the first reading:
the reviewer read "stale-dated cheque (313 against 183)", which the right reading is not.
The record stays in review either way; the failure now names the doubted value."""

from __future__ import annotations

import datetime as dt

import pytest

from formsift.core.result import Status
from formsift.templates import compile_template, runtime, second_reading
from tests.test_second_reading import FakeRecognizer, page

TEMPLATE = """template t {
  field date: date = right of "Date"
  field shop: text = right of "Shop"
  rule not_stale: days_between(date, today()) <= 183 message "stale-dated cheque"
  rule our_shop: shop == "Northwind" message "not our shop"
}"""


@pytest.fixture(autouse=True)
def enabled(monkeypatch):
    monkeypatch.setattr(second_reading, "ENABLED", True)


def _failed(ex, rule):
    return next(r.message for r in ex.reasons if r.code == "rule_failed" and r.rule == rule)


def test_a_rule_failed_on_a_doubted_value_names_it():
    doc, image = page()  # the date read "15-03-13": years old
    template = compile_template(TEMPLATE)
    first = runtime.run(template, doc)
    # a guard: read once, the value is not doubted and the failure is said as it is
    assert _failed(first, "not_stale").startswith("stale-dated cheque (")
    assert "doubted" not in _failed(first, "not_stale")
    recent = (dt.date.today() - dt.timedelta(days=10)).strftime("%d-%m-%y")
    assert second_reading.read(template, doc, first, [FakeRecognizer(recent)],
                               lambda p: image)
    ex = runtime.run(template, doc)
    assert ex.status is Status.REVIEW
    assert any(r.code == "ambiguous" and r.field == "date" for r in ex.reasons)
    said = _failed(ex, "not_stale")
    assert said.startswith("stale-dated cheque (")
    assert f"computed on a doubted value: 'date' {ex.fields['date'].value}" in said
    assert "may hold on the right reading" in said
    # a rule on values that are not doubted says its failure as before
    assert _failed(ex, "our_shop") == _failed(first, "our_shop")
    assert "doubted" not in _failed(ex, "our_shop")
