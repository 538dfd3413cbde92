"""A rule whose known parts leave it resting on a blank value alone does not pass (rent
roll journey, finding 1): ``each units: status == "Vacant" or rent > 0`` over an
occupied unit whose optional rent is blank said "passed (1 row(s) not evaluated)" and the
roll was accepted. A blank optional cell still leaves its row unchecked where every
branch of the rule needs it (``amount == qty * price`` with ``qty`` blank); but where the
other side of an ``or`` was read and is false (or, under ``not``, the other side of an
``and`` is true), the rule says the value is required: the row does not hold."""

from __future__ import annotations

from tests.parsing import extract_text

_ROLL = """template roll {
  match { contains "Rent Roll" }
  table units {
    unit:   id header "Unit"
    tenant: text? header "Tenant"
    rent:   money? header "Rent"
    status: text header "Status"
    until "Total"
  }
  rule RULE
}
"""


def _doc(*rows: tuple[str, str, str, str]) -> str:
    lines = ["Rent Roll", "", f"{'Unit':<8}{'Tenant':<18}{'Rent':>10}   Status"]
    lines += [f"{u:<8}{t:<18}{r:>10}   {s}" for u, t, r, s in rows]
    return "\n".join([*lines, "Total", ""])


_ROWS = [("101", "Smith, Robert", "1185.00", "Occupied"),
         ("102", "", "", "Vacant")]


def _run(tmp_path, rule: str, *rows):
    return extract_text(tmp_path, _ROLL.replace("RULE", rule), _doc(*_ROWS, *rows))


def _outcome(result, name):
    return next(o for o in result.rules if o.name == name)


def test_a_vacant_unit_with_a_blank_rent_passes(tmp_path):
    result = _run(tmp_path, 'rent_when_occupied: each units: status == "Vacant" or rent > 0')
    assert _outcome(result, "rent_when_occupied").passed is True
    assert result.status.value == "accepted", result.reasons


def test_an_occupied_unit_with_a_blank_rent_does_not_pass(tmp_path):
    result = _run(tmp_path, 'rent_when_occupied: each units: status == "Vacant" or rent > 0',
                  ("103", "Kim, James", "", "Occupied"))
    outcome = _outcome(result, "rent_when_occupied")
    assert outcome.passed is False, outcome
    assert outcome.rows == [2]
    assert "row 3: rent is blank" in outcome.message, outcome.message
    assert 'status == "Vacant" is false' in outcome.message, outcome.message
    assert result.status.value == "review"
    assert any(r.code == "rule_failed" and r.rule == "rent_when_occupied"
               for r in result.reasons)


def test_the_same_under_not_and(tmp_path):
    # not (occupied and no positive rent): the occupied unit's blank rent decides it
    rule = 'rent_when_occupied: each units: not (status == "Occupied" and rent <= 0)'
    result = _run(tmp_path, rule, ("103", "Kim, James", "", "Occupied"))
    outcome = _outcome(result, "rent_when_occupied")
    assert outcome.passed is False, outcome
    assert 'status == "Occupied" is true' in outcome.message, outcome.message
    # a vacant unit's blank rent: the rule holds by its first part
    assert _outcome(_run(tmp_path, rule), "rent_when_occupied").passed is True


def test_a_rule_every_branch_of_which_needs_the_blank_leaves_the_row_unchecked(tmp_path):
    # nothing known says the row must have a rent: the row is not evaluated, as before
    result = _run(tmp_path, "positive: each units: rent > 0")
    outcome = _outcome(result, "positive")
    assert outcome.passed is True
    assert "1 row(s) not evaluated" in outcome.message
    # an 'and' whose known part holds is no guard: the blank part alone is unknown
    result = _run(tmp_path, 'both: each units: len(status) > 0 and rent > 0')
    assert _outcome(result, "both").passed is True


def test_a_missing_optional_field_under_a_guard_that_is_false(tmp_path):
    src = """template t {
  match { contains "Order" }
  field kind: text = right of "Kind:"
  field discount: money? = right of "Discount:"
  rule RULE
}
"""
    rule = 'disc: kind == "retail" or discount > 0'
    result = extract_text(tmp_path, src.replace("RULE", rule), "Order\nKind: trade\n")
    outcome = _outcome(result, "disc")
    assert outcome.passed is False, outcome
    assert "discount is missing" in outcome.message
    assert result.status.value == "review"
    result = extract_text(tmp_path, src.replace("RULE", rule), "Order\nKind: retail\n")
    assert _outcome(result, "disc").passed is True
    assert result.status.value == "accepted", result.reasons


def test_a_presence_guard_does_not_make_a_rule_stricter(tmp_path):
    """``missing(x) or ...``: a presence test is a guard, not a read condition; with the
    other side resting on a blank cell the row stays unchecked, as the comparison alone
    leaves it (the stop's second code read of d79589d: `missing(po_no) or po_no ==
    order_ref` with order_ref blank failed where `po_no == order_ref` was not evaluated)."""
    rows = ("103", "Lee, Ann", "", "Occupied")
    for rule in ('g: each units: missing(tenant) or rent > 0',
                 'g: each units: not present(tenant) or rent > 0'):
        result = _run(tmp_path, rule, rows)
        assert _outcome(result, "g").passed is not False, rule
        assert result.status.value == "accepted", (rule, result.reasons)
    # a value condition read false still asks for the blank value
    result = _run(tmp_path, 'g: each units: tenant == "" or rent > 0', rows)
    assert result.status.value == "review"
