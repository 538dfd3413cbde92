"""Hints for two forms users write from the docs (expense-claims journey, findings 7 and
8): ``rule r: missing(miles) or each miles: ...`` (an ``each`` starts its rule; the hint
gives the form that says a table may have no rows) and ``text?(pattern=...)`` (a type's
options come before its ``?``)."""

from __future__ import annotations

import re

import pytest

from formsift.templates import check_source

CLAIM = '''template claim {
  field total: money = right of "Total"
  table miles {
    km: decimal header "Km"
    amount: money header "Amount"
  }
  RULE
}
'''


def _diags(source: str, registry) -> list:
    _, diags = check_source(source, "t.sift", registry)
    return diags


@pytest.mark.parametrize("joint", ["or", "and"])
def test_each_after_or_says_what_to_write(registry, joint):
    rule = f"rule r: missing(miles) {joint} each miles: miles.amount > 0"
    errors = [d for d in _diags(CLAIM.replace("RULE", rule), registry)
              if d.severity == "error"]
    assert len(errors) == 1
    hint = errors[0].hint or ""
    assert "'each' starts a rule" in hint and f"follow '{joint}'" in hint
    assert "missing(miles) or count(miles where not (miles.COLUMN ...)) == 0" in hint


def test_the_hinted_form_is_valid(registry):
    """What the hint says to write checks clean once its '...' is the condition."""
    diags = _diags(CLAIM.replace("RULE", "rule r: missing(miles) or each miles: x"), registry)
    form = re.search(r"write: (.*)$", diags[0].hint or "")[1]
    rule = "rule r: " + form.replace("miles.COLUMN ...", "miles.amount > 0")
    assert _diags(CLAIM.replace("RULE", rule), registry) == []


@pytest.mark.parametrize(("written", "meant"), [
    ("text?(pattern=/[A-Z]+/)", "text(pattern=/[A-Z]+/)?"),
    ("date[](format=\"%d.%m.%Y\")", "date(format=\"%d.%m.%Y\")[]"),
    ("text?(pattern=/(AB|CD)[0-9]+/)", "text(pattern=/(AB|CD)[0-9]+/)?"),
])
def test_options_after_the_question_mark_get_a_hint(registry, written, meant):
    source = f'template t {{\n  field ref: {written} = right of "Ref"\n}}\n'
    errors = [d for d in _diags(source, registry) if d.severity == "error"]
    assert len(errors) == 1
    mark = "?" if meant.endswith("?") else "[]"
    assert errors[0].hint == f"a type's options come before its '{mark}': {meant}"
    assert _diags(source.replace(written, meant), registry) == []  # the hinted form is valid
