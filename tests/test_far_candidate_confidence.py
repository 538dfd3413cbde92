"""A value its label's locator found far from where it looks is not accepted on the
logistic's say (aircraft technical log journey, finding 3: ``landings`` read from the
value two boxes under its label, locator score 0.25, confidence 0.85, accepted)."""

from formsift.templates.confidence import FAR_PLACEMENT, Signals, ceiling, combine
from tests.parsing import extract_text

BELOW = """template t {
  field landings: int = below "Landings"
}
"""


def _log(*rows: str) -> str:
    return "\n".join(["Flight log", "", "Block Off   Landings   Fuel", *rows]) + "\n" \
        + "\n" * 30 + "end\n"


def test_a_value_found_far_below_its_label_goes_to_review(tmp_path):
    # the handwritten count under "Landings" lost: the next figure in the column is on
    # the fifth line down, another box's value
    res = extract_text(tmp_path, BELOW, _log("Pilot A", "Copilot B", "Route X", "Gate 4",
                                             "Crew 3 Fuel after   5800"))
    fv = res.fields["landings"]
    assert fv.value == 5800
    assert fv.confidence < 0.5
    assert res.status.value == "review"
    assert any(r.code == "low_confidence" and r.field == "landings" for r in res.reasons)


def test_a_value_under_its_label_keeps_its_confidence(tmp_path):
    res = extract_text(tmp_path, BELOW, _log("            1"))
    assert res.fields["landings"].value == 1
    assert res.fields["landings"].confidence > 0.85
    assert res.status.value == "accepted"
    # a few lines down (the label's box holds a note first) is not far
    res = extract_text(tmp_path, BELOW, _log("Pilot A", "Copilot B", "            2"))
    assert res.fields["landings"].value == 2
    assert res.fields["landings"].confidence > 0.8
    assert res.status.value == "accepted"


def test_placement_ceiling():
    assert ceiling(Signals(locator=0.25, placed=0.25)) == 0.25
    assert combine(Signals(locator=0.25, placed=0.25)) == 0.25
    assert ceiling(Signals(locator=FAR_PLACEMENT, placed=FAR_PLACEMENT)) == 1.0
    # a value found by another locator (a region, anywhere) is not placed beside a label
    assert combine(Signals(locator=0.25)) > 0.8
    # a passed rule that ties the value to another one lifts it; a check digit does not
    assert ceiling(Signals(placed=0.25, rules_passed=1)) == 1.0
    assert ceiling(Signals(placed=0.25, recognition_min=0.2, checked=0.97)) == 0.25
