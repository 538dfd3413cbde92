"""A template (or packet) that compares a table's count with nothing says the table may
have no rows, as ``missing(items)`` does (the stop's code read of b6b93a9: ``count(items)
== 0 or sum(items.amount) == total`` on a page without line items went to review as
``rule_not_evaluated``, where the template's own words allow it)."""

from __future__ import annotations

import pytest

from formsift.grammar.parser import parse
from tests.test_checkbox_matrix_table import _extract


@pytest.mark.parametrize("rule", [
    "rule sums: count(items) == 0 or sum(items.amount) == total",
    "rule sums: 0 == count(items) or sum(items.amount) == total",
    "rule sums: count(items) < 1 or sum(items.amount) == total",
    "rule sums: count(items) <= 0 or sum(items.amount) == total",
])
def test_a_table_counted_against_nothing_may_be_empty(rule):
    result = _extract(rule)
    assert result.status.value == "accepted", result.reasons
    assert result.rules[0].passed is True


@pytest.mark.parametrize("rule", [
    "rule sums: count(items) == 2 or sum(items.amount) == total",
    "rule sums: count(items) > 0 or total > 100",
])
def test_other_counts_do_not_say_so(rule):
    """A count compared with something else says nothing of an empty table."""
    result = _extract(rule)
    assert result.status.value == "review"


def test_the_tables_said_may_be_empty():
    from formsift.templates.rules import said_may_be_empty

    parsed, problems = parse("""template t {
  rule a: missing(items) or count(lines) == 0 or count(notes) == 3
  rule b: 1 > count(rows)
}""")
    assert parsed is not None and not problems
    exprs = [r.expr for r in parsed.templates[0].rules]
    assert said_may_be_empty(exprs, {"items", "lines", "notes", "rows"}) == \
        {"items", "lines", "rows"}
