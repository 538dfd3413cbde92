"""Routing that saves a claims team work (motor claims journey, findings 1-3).

1. ``accept low_confidence(name, ...)``: fields a person reads anyway, whose low
   confidence alone sends no record to review; still said (``low_confidence_accepted``),
   never hiding another field's doubt, a failed rule or a missing value.
2. Reasons a person acts on come first in the result's list.
(The CLI's side: tests/test_claims_cli.py.)
"""

from __future__ import annotations

from formsift.core.result import FieldValue, Reason, Status
from formsift.templates import check_source
from formsift.templates.runtime import revalidate

CLAIM = '''template claim {
  field name: text = right of "Name:" handwritten
  field registration: text = right of "Registration:" handwritten
  field description: text = right of "Description:" handwritten
  field cost: money = right of "Cost:"
  table parts {
    part: text header "Part" handwritten
    price: money header "Price"
  }
  rule cost_ok: cost > 0
  %s
}
'''


def _template(line: str = "accept low_confidence(name, description, parts.part)"):
    templates, diags = check_source(CLAIM % line)
    assert not [d for d in diags if d.severity == "error"], diags
    return templates[0]


def _fv(value, conf: float) -> FieldValue:
    return FieldValue(value=value, raw=str(value), confidence=conf, source="crnn",
                      page=1, box=[0.1, 0.1, 0.3, 0.12])


def _record(name=0.40, registration=0.85, description=0.30, cost=0.95, part=0.40):
    """A claim's values; a table's low cells are said by the extraction (carried over)."""
    from decimal import Decimal

    fields = {"name": _fv("EMMA WILSON", name), "registration": _fv("HU70 MNB", registration),
              "description": _fv("rear bumper", description), "cost": _fv(Decimal("1225.00"), cost)}
    tables = {"parts": [{"part": _fv("bumper", part), "price": _fv(Decimal("300.00"), 0.95)}]}
    return fields, tables


def _route(template, fields, tables):
    """Status and reasons as the extraction routes them (the table's low cells as it says
    them: a column's reason)."""
    part = tables["parts"][0]["part"]
    carried = [Reason(code="low_confidence", field="parts.part", rows=[0],
                      message="'parts.part' has cells read with low confidence")
               ] if part.confidence < 0.7 else []
    _, status, reasons = revalidate(template, fields, tables, carried=carried)
    return status, reasons


# ---------------------------------------------------------------- 1. accept low_confidence
def test_accepted_fields_low_confidence_alone_does_not_route_but_is_said():
    fields, tables = _record()
    status, reasons = _route(_template(), fields, tables)
    assert status is Status.ACCEPTED
    said = {r.field: r for r in reasons}
    assert set(said) == {"name", "description", "parts.part"}
    assert all(r.code == "low_confidence_accepted" for r in reasons)
    assert "confidence 0.40 for 'name'" in said["name"].message
    assert "accept low_confidence(name, description, parts.part)" in said["name"].message


def test_without_the_line_the_same_record_goes_to_review():
    fields, tables = _record()
    status, reasons = _route(_template(""), fields, tables)
    assert status is Status.REVIEW
    assert {r.field for r in reasons if r.code == "low_confidence"} == {
        "name", "description", "parts.part"}


def test_another_fields_doubt_still_routes_and_comes_first():
    fields, tables = _record(registration=0.30)
    status, reasons = _route(_template(), fields, tables)
    assert status is Status.REVIEW
    assert (reasons[0].code, reasons[0].field) == ("low_confidence", "registration")
    assert [r.code for r in reasons[1:]] == ["low_confidence_accepted"] * 3


def test_a_failed_rule_and_a_missing_accepted_field_still_route():
    from decimal import Decimal

    fields, tables = _record()
    fields["cost"] = _fv(Decimal("-5"), 0.95)
    fields["name"] = None
    status, reasons = _route(_template(), fields, tables)
    assert status is Status.REVIEW
    codes = [(r.code, r.field or r.rule) for r in reasons]
    assert ("rule_failed", "cost_ok") in codes and ("field_missing", "name") in codes
    assert codes.index(("field_missing", "name")) < codes.index(
        ("low_confidence_accepted", "description"))


def test_a_review_policy_over_an_accepted_field_still_holds():
    template = _template("accept low_confidence(name)\n"
                         "  review when confidence(name) < 0.5 message \"name unreadable\"")
    fields, tables = _record(description=0.9, part=0.9)
    status, reasons = _route(template, fields, tables)
    assert status is Status.REVIEW
    assert [r.code for r in reasons] == ["policy", "low_confidence_accepted"]


def test_a_whole_table_can_be_accepted():
    fields, tables = _record(name=0.9, description=0.9)
    status, reasons = _route(_template("accept low_confidence(parts)"), fields, tables)
    assert status is Status.ACCEPTED
    assert [(r.code, r.field) for r in reasons] == [("low_confidence_accepted", "parts.part")]


def _errors(line: str) -> list[str]:
    _, diags = check_source(CLAIM % line)
    return [f"{d.message} | {d.hint}" for d in diags if d.severity == "error"]


def test_misuse_is_a_check_error_with_a_hint():
    assert "unknown field 'nme'" in _errors("accept low_confidence(nme)")[0]
    assert "did you mean 'name'" in _errors("accept low_confidence(nme)")[0]
    assert "has no column 'prt'" in _errors("accept low_confidence(parts.prt)")[0]
    assert "leave out 'when'" in _errors("accept when low_confidence(name)")[0]
    assert "not ambiguous" in _errors("accept ambiguous(name)")[0]
    assert "accept when CONDITION" in _errors("accept cost > 0")[0]
    assert "takes no message" in _errors('accept low_confidence(name) message "x"')[0]


def test_the_formatter_keeps_the_line_as_written():
    from formsift.grammar.formatter import format_source

    src = CLAIM % "accept low_confidence(name, parts.part)"
    assert "  accept low_confidence(name, parts.part)\n" in format_source(src)


# ---------------------------------------------------------------- 2. order of reasons
def test_reasons_a_person_acts_on_come_first_in_the_result():
    fields, tables = _record(name=0.3, registration=0.3, description=0.3, part=0.9)
    fields["cost"] = None  # a missing value after three low confidences
    _, reasons = _route(_template(""), fields, tables)
    assert reasons[0].code == "field_missing"
