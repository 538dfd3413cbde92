"""A reason about table rows names them as data (reviewer journey, stop 28, finding 5): a
row-level reason gave `field: "items.qty"` and the row only in its message, counted from 1,
while corrections count from 0 (`items[1]`), so a review screen could not point at the
row. Reasons and rule outcomes now carry `rows`, 0-based indexes into the result's rows."""

from __future__ import annotations

import json

from tests.test_rules_first_last_cells import STATEMENT, _extract


def test_an_each_rule_names_the_rows_it_failed_on():
    result = _extract(STATEMENT.replace("DEFAULT", " default 0"), "1777.77")
    running = next(o for o in result.rules if o.name == "running")
    assert running.passed is False and running.rows == [2, 3]
    assert "row(s) 3, 4" in running.message
    reason = next(r for r in result.reasons if r.rule == "running")
    assert reason.code == "rule_failed" and reason.rows == [2, 3]
    # the row the reason names is the row of the result's table
    assert str(result.tables["tx"][2]["balance"].value) == "1777.77"


def test_a_blank_required_cell_names_its_row():
    result = _extract(STATEMENT.replace("DEFAULT", " default 0"), "")
    blank = next(r for r in result.reasons if r.field == "tx.balance")
    assert blank.code == "field_missing" and blank.rows == [2]
    assert "row(s) 3" in blank.message


def test_rows_are_in_the_json_and_absent_elsewhere():
    result = _extract(STATEMENT.replace("DEFAULT", " default 0"), "1777.77")
    data = json.loads(result.model_dump_json())
    assert next(r for r in data["reasons"] if r.get("rule") == "running")["rows"] == [2, 3]
    ends = next(o for o in data["rules"] if o["name"] == "ends")
    assert ends.get("rows") is None
