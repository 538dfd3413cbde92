"""Values that may be blank in the arithmetic of error rules (statement journey, finding 2a;
payroll journey, finding 4): a supplier statement with split Debit / Credit columns
written ``money?`` had its running-balance rule checking no row and was accepted although a
balance was 90.00 off; a payslip template with an optional deduction in the net-pay
equation had the equation switched off on every slip without that deduction. A blank that
means 0 is written ``default 0`` (checked row by row below), and ``formsift check`` warns
about an error rule adding up an optional value with no default."""

from __future__ import annotations

import pytest

from tests.test_rules_first_last_cells import STATEMENT, _extract


@pytest.mark.parametrize("third, running", [("1568.64", True), ("1658.64", False)])
def test_split_debit_credit_columns_with_default_0_are_checked_row_by_row(third, running):
    """The documented pattern for split Debit / Credit columns: a blank cell is 0
    (``default 0``), so the running balance is checked on every row, and a statement
    with a balance 90.00 off goes to review."""
    result = _extract(STATEMENT.replace("DEFAULT", " default 0"), third)
    outcomes = {r.name: r.passed for r in result.rules}
    assert outcomes == {"running": running, "starts": True, "ends": True}
    assert (result.status.value == "accepted") is running
    if not running:
        assert "does not hold for row(s) 3, 4" in result.rules[0].message
    cell = result.tables["tx"][1]["debit"]
    assert cell.value == 0 and cell.locator == "default"  # the record says it is no print


PAYSLIP = """template slip {
  field gross: money = right of "Gross"
  field fed_tax: money = right of "Federal"
  field state_tax: money? = right of "State"%s
  field net: money = right of "Net"
  %s
}"""


def warnings(source: str) -> list:
    from formsift.templates import check_source

    _, diags = check_source(source, "t.sift")
    assert not [d for d in diags if d.severity == "error"], diags
    return [d for d in diags if d.severity == "warning"]


def test_check_warns_about_an_error_rule_computing_with_an_optional_field():
    """payroll F4: an optional deduction with no default in the net-pay equation left the
    equation not evaluated on every slip without it, and the slip was accepted."""
    (w,) = warnings(PAYSLIP % ("", "rule net_ok: gross - fed_tax - state_tax == net"))
    assert w.message.startswith("rule 'net_ok' adds up optional field 'state_tax' with no "
                                "default: where it is blank the rule is not evaluated")
    assert "not evaluated" in w.message
    assert "default 0" in (w.hint or "")
    assert w.line == 6  # where the rule reads it


@pytest.mark.parametrize("default, rule", [
    (" default 0", "rule net_ok: gross - fed_tax - state_tax == net"),  # has a default
    ("", "warn net_ok: gross - fed_tax - state_tax == net"),  # a warning rule
    ("", "rule net_ok: missing(state_tax) or gross - fed_tax - state_tax == net"),
    ("", "rule low: state_tax <= gross"),  # a comparison, no arithmetic
    ("", "rule net_ok: gross - fed_tax == net"),  # the optional field is not used
    # blank values only: the rule is about them (a receipt's cash and change)
    ("", "field cash: money? = right of \"Cash\"\n  rule paid: gross == cash - state_tax"),
    ("", "rule r: state_tax * 2 < gross"),  # a product: a blank is no 0 there
])
def test_no_warning_where_a_blank_value_is_handled(default, rule):
    assert warnings(PAYSLIP % (default, rule)) == []


def test_check_warns_about_an_each_rule_over_optional_cells():
    """statement F2: each tx: balance == previous(balance) + debit - credit over optional
    columns checks no row (one of the two is blank on every row)."""
    src = STATEMENT.replace("DEFAULT", "")
    found = warnings(src)
    assert {w.line for w in found} == {12, 13}  # running (row cells), starts (first())
    running = next(w for w in found if w.line == 12)
    assert "optional column 'tx.debit'" in running.message
    assert "optional column 'tx.credit'" in running.message
    assert 'debit: money? header "..." default 0' in (running.hint or "")
    assert "each tx: missing(debit) or ..." in (running.hint or "")
    assert warnings(STATEMENT.replace("DEFAULT", " default 0")) == []


def test_no_warning_for_rows_whose_blank_cells_are_multiplied():
    src = STATEMENT.replace("DEFAULT", "").split("  rule running")[0] + \
        "  rule r: each tx: debit * 2 == credit * 2\n}"
    assert warnings(src) == []


def test_no_warning_for_the_sum_of_an_optional_column():
    src = STATEMENT.replace("DEFAULT", "").split("  rule running")[0] + \
        "  rule movement: opening + sum(tx.debit) - sum(tx.credit) == closing\n}"
    assert warnings(src) == []
