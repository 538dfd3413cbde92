"""``last_seen`` after a code read of 23203a2: a policy cannot hold it (the first document
of a series would pass unchecked), and templates sharing ``duplicates "NAME"`` keep every
field any of them asks for (the next document is never checked against an older one)."""

from __future__ import annotations

import pytest

from formsift.core.plugins import default_registry
from formsift.templates import check_source
from tests.test_last_seen import PAYAPP

POLICY = PAYAPP.split("  rule prev_certs_match")[0] + "  POLICY\n}\n"


@pytest.mark.parametrize("policy, hint", [
    ("review when previous_certs != last_seen(project_no, earned_less_ret)",
     "rule r: app_no == 1 or previous_certs == last_seen(project_no, earned_less_ret)"),
    ("reject when app_no > 1 and app_no != last_seen(project_no, app_no) + 1",
     "rule r: app_no == 1 or not (app_no > 1 and app_no != last_seen(project_no, app_no)"
     " + 1)"),
])
def test_a_policy_cannot_ask_last_seen(policy, hint):
    """A policy that cannot be evaluated does not fire: the first application of a project
    (no earlier one) would pass with its line 7 unchecked. formsift check says so and
    gives the rule to write."""
    _, diags = check_source(POLICY.replace("POLICY", policy), "payapp.sift", default_registry())
    errors = [d for d in diags if d.severity == "error"]
    assert len(errors) == 1, errors
    assert "cannot be in a" in errors[0].message and "policy" in errors[0].message
    assert hint in (errors[0].hint or ""), errors[0].hint


def test_accept_when_last_seen_is_still_allowed():
    """An 'accept when' that cannot be evaluated accepts nothing: on the safe side."""
    source = POLICY.replace("POLICY", "accept when previous_certs == "
                                      "last_seen(project_no, earned_less_ret)")
    _, diags = check_source(source, "payapp.sift", default_registry())
    assert not [d for d in diags if d.severity == "error"], diags


