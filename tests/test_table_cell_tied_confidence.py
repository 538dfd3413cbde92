"""A table cell's confidence says what a field's does: a passed error rule that ties its
column to other values (``sum(items.amount) == total``) vouches for the column's cells,
which are then no longer held at their weakest digit (issue 5; 1495f86's "unless a rule
ties it"). Routing already let such a column through (``_unsure_cells`` drops its
reason), but the cell was reported at its weak digit's 0.6 beside a record accepted on
the rule."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.words import run, words_doc

TEMPLATE = """template t {
  field total: money = right of "Total"
  table items {
    description: text header "Description"
    amount: money header "Amount"
    until "Total"
  }
  RULE
}
"""


def _doc(total: str):
    """Three line amounts (10, 20, 30) and a total; the 2 of 20.00 read at 0.6."""
    doc = words_doc((("Description", 0.05, 0.2), ("Amount", 0.6, 0.7)),
                    (("Bolts", 0.05, 0.12), ("10.00", 0.6, 0.67)),
                    (("Nuts", 0.05, 0.11), ("20.00", 0.6, 0.67)),
                    (("Washers", 0.05, 0.14), ("30.00", 0.6, 0.67)),
                    (("Total", 0.05, 0.12), (total, 0.6, 0.67)))
    word = next(w for w in doc.pages[0].words if w.text == "20.00")
    word.char_confidences = (0.6, *word.char_confidences[1:])
    return doc


def _amounts(rule: str, total: str, registry):
    ex = run(TEMPLATE.replace("RULE", rule), _doc(total), registry)
    return [row["amount"].confidence for row in ex.tables["items"]], ex


def test_a_cell_of_a_column_a_passed_rule_ties_is_not_held_at_its_weak_digit(registry):
    confidences, ex = _amounts("rule sums: sum(items.amount) == total", "60.00", registry)
    assert ex.status is Status.ACCEPTED, ex.reasons
    assert confidences[1] > 0.9
    field = ex.fields["total"].confidence  # as the field the same rule ties
    assert all(c == pytest.approx(field, abs=0.01) for c in confidences)


@pytest.mark.parametrize("rule, total", [
    ("rule sums: sum(items.amount) == total", "70.00"),  # the rule failed
    ("rule sums: sum(items.amount) <= total", "60.00"),  # compares, ties nothing
    ("", "60.00"),                                       # no rule
])
def test_a_cell_no_passed_rule_ties_stays_at_its_weakest_digit(registry, rule, total):
    confidences, _ = _amounts(rule, total, registry)
    assert confidences[1] == pytest.approx(0.6)
    assert confidences[0] < 0.9  # and the others get no rule's weight
