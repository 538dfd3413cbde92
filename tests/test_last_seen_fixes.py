"""``last_seen`` after a code read of 23203a2: a policy cannot hold it (the first document
of a series would pass unchecked), and templates sharing ``duplicates "NAME"`` keep every
field any of them asks for (the next document is never checked against an older one)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.plugins import default_registry
from formsift.core.result import Status
from formsift.templates import check_source
from tests.test_last_seen import PAYAPP, _rules, application_pdf

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




SHARED = '''template NAME {
  duplicates "payapps"
  locale "en_US"
  currency "USD"
  field app_no: int = right of "APPLICATION NO:"
  field project_no: id = right of "PROJECT NO:"
  field earned_less_ret: money = right of "6. TOTAL EARNED LESS RETAINAGE"
  field previous_certs: money = right of "7. LESS PREVIOUS CERTIFICATES"
  RULE
}
'''
PREV_CERTS = ("rule prev_certs_match: app_no == 1 or previous_certs == "
              "last_seen(project_no, earned_less_ret)")


def _shared_series(tmp_path, other_rule: str) -> Engine:
    """An engine with payapp_a (``other_rule``) and payapp_b (PREV_CERTS) sharing
    duplicates "payapps": application 1 read by payapp_b, application 2 by payapp_a."""
    for name, rule in (("payapp_a", other_rule), ("payapp_b", PREV_CERTS)):
        (tmp_path / f"{name}.sift").write_text(
            SHARED.replace("NAME", name).replace("RULE", rule))
    engine = Engine([tmp_path / "payapp_a.sift", tmp_path / "payapp_b.sift"],
                    seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), "payapp_b")
    engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"), "payapp_a")
    return engine


@pytest.mark.parametrize("other_rule", [
    "rule app_sequence: app_no == 1 or app_no == last_seen(project_no, app_no) + 1",
    "",  # a template of the namespace that asks about no earlier document
])
def test_templates_sharing_duplicates_keep_what_any_of_them_asks_for(tmp_path, other_rule):
    """Application 2 read by another template of the shared namespace: application 3 is
    checked against application 2's line 6, not application 1's (a wrong line 7 equal to
    application 1's line 6 was accepted)."""
    wrong = _shared_series(tmp_path, other_rule).extract(
        application_pdf(3, "RMOB-1234", "2,500.00", "1,000.00"), "payapp_b")
    assert _rules(wrong)["prev_certs_match"] is False
    assert wrong.status == Status.REVIEW
    right = _shared_series(tmp_path, other_rule).extract(
        application_pdf(3, "RMOB-1234", "2,500.00", "1,900.00"), "payapp_b")
    assert _rules(right)["prev_certs_match"] is True


@pytest.mark.parametrize("rule, warned", [
    ("rule s: app_no == 1 or app_no == last_seen(project_no, app_no) + 1", False),
    ("rule s: app_no > 0", True),
])
def test_duplicates_for_last_seen_is_no_unused_setting(rule, warned):
    """'duplicates "NAME"' shares last_seen's series between templates: a template that
    calls last_seen (and no seen_before) uses it; one calling neither is still warned."""
    source = SHARED.replace("NAME", "payapp").replace("RULE", rule)
    _, diags = check_source(source, "payapp.sift", default_registry())
    said = [d.message for d in diags if "'duplicates' names where" in d.message]
    assert bool(said) is warned, diags
