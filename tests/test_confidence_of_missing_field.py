"""``confidence(x)`` of a field that was not extracted is no figure: a ``review when
confidence(x) < 0.8`` policy (the line docs/handwriting.md recommends) sent every donation
form with an optional "other amount" left blank to review (pledges journey, finding 4:
11 of 11 forms with alternative sections), though the docs say a rule over a missing value
is not evaluated."""

from tests.parsing import extract_text

TEMPLATE = """template pol {
  match { contains "Donation Form" }
  field ref: text = right of "Ref:"
  field other_amount: money? = right of "Other amount:"
  %s
}
"""


def test_a_blank_optional_field_does_not_trigger_a_confidence_policy(tmp_path) -> None:
    result = extract_text(tmp_path, TEMPLATE % "review when confidence(other_amount) < 0.8",
                          "Donation Form\nRef: ABC123\n")
    assert result.status == "accepted", result.reasons


def test_the_policy_still_applies_to_a_value_read(tmp_path) -> None:
    result = extract_text(tmp_path, TEMPLATE % "review when confidence(other_amount) > 0.5",
                          "Donation Form\nRef: ABC123\nOther amount: 25.00\n")
    assert result.fields["other_amount"].value is not None
    assert result.status == "review"
    assert any(r.code == "policy" for r in result.reasons)


def test_present_and_confidence_together_still_work(tmp_path) -> None:
    policy = "review when present(other_amount) and confidence(other_amount) < 0.8"
    result = extract_text(tmp_path, TEMPLATE % policy, "Donation Form\nRef: ABC123\n")
    assert result.status == "accepted", result.reasons


def test_a_required_missing_field_is_still_sent_to_review(tmp_path) -> None:
    result = extract_text(tmp_path, TEMPLATE % "review when confidence(ref) < 0.8",
                          "Donation Form\nOther amount: 25.00\n")
    assert result.status == "review"
    assert any(r.code == "field_missing" and r.field == "ref" for r in result.reasons)
