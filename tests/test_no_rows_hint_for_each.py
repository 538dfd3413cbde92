"""The hint on a rule not evaluated because its table found no rows (expense-claims
journey): 'say so in a rule: missing(T) or ...' led an ``each`` rule's writer to
``missing(T) or each T: ...``, a formsift check error (an ``each`` starts its rule); for
an ``each`` rule over that table the hint gives a form that checks clean."""

from __future__ import annotations

from typing import Any

from formsift.templates import compile_template

SRC = """template claim {
  match { contains "EXPENSE CLAIM" }
  field claimant: text = right of "Claimant:"
  table miles {
    date: date header "Date"
    km: decimal header "Km"
  }
  rule RULE
}"""

DOC = b"""EXPENSE CLAIM
Claimant: Ann Lee
No mileage this month.
"""


def _message(rule: str) -> str:
    from formsift import Engine

    result = Engine(templates=[], seen_store="memory").extract(
        DOC, compile_template(SRC.replace("RULE", rule)), name="claim.txt")
    (reason,) = [r for r in result.reasons if r.code == "rule_not_evaluated"]
    return reason.message


def _checks(rule: str) -> Any:
    from formsift.templates import compile_template as compile_

    return compile_(SRC.replace("RULE", rule))  # raises on a check error


def test_an_each_rule_is_told_a_form_that_checks():
    message = _message("short: each miles: km < 1000")
    assert "missing(miles) or count(miles where not (miles.COLUMN ...)) == 0" in message, message
    _checks("short: missing(miles) or count(miles where not (miles.km < 1000)) == 0")


def test_a_plain_rule_keeps_missing_or():
    message = _message("few: count(miles) < 40")
    assert message.endswith("say so in a rule: missing(miles) or ...)"), message
