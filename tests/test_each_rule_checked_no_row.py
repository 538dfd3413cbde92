"""An error 'each' rule that checked no row sends the record to review (statement
journey, finding 2a): split Debit / Credit columns written ``money?`` leave one of the two
blank on every row, the first row has no row before it for ``previous()``, and the running
balance rule was "not evaluated: values missing in every row" while the statement, 90.00
off on one row, was accepted."""

from __future__ import annotations

from tests.test_rules_first_last_cells import STATEMENT, _extract


def test_an_each_rule_that_checked_no_row_is_a_reason():
    src = STATEMENT.replace("DEFAULT", "")
    result = _extract(src, "1658.64")
    running = next(r for r in result.rules if r.name == "running")
    assert running.passed is None
    assert running.message == ("not evaluated on any row: each row lacks 'debit' or "
                               "'credit' (the first has no row before it)")
    assert result.status.value == "review"
    assert any(r.code == "rule_not_evaluated" and r.rule == "running"
               for r in result.reasons)


def test_a_one_row_table_with_previous_is_no_reason():
    from formsift import Engine
    from formsift.templates import compile_template

    src = STATEMENT.replace("DEFAULT", " default 0")
    doc = """Opening balance                                                 1000.00

Date        Description              Debit        Credit        Balance
03.04.2026  Invoice 17              718.64                      1718.64

Closing balance                                                 1718.64
"""
    result = Engine(templates=[], seen_store="memory").extract(
        doc.encode(), compile_template(src), name="statement.txt")
    running = next(r for r in result.rules if r.name == "running")
    assert running.passed is None
    assert result.status.value == "accepted", result.reasons
