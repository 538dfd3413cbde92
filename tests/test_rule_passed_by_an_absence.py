"""A rule that passed only because a value is absent ties nothing.

``missing(paid) or amount == paid`` holds where ``paid`` was not read: nothing was
compared, yet the amount was counted as tied to another value and went from 0.89 to 0.99
(a draft of the shipped receipt template, ``missing(net) or (missing(tax) or net + tax ==
total)``, so accepted SROIE's misread total 194.19 for 94.19 at 0.99 on a receipt whose
amount before tax was not read). Where the value is there, the equation ties as before.
"""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import compile_template

TEMPLATE = """
template vac {
  title "vacuous"
  version 1
  match { contains /AMOUNT/ }
  field amount: money = right of "Amount"
  field paid: money? = right of "Paid"
  rule tie: missing(paid) or amount == paid
}
"""


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def amount_confidence(engine, registry, text: str) -> float:
    template = compile_template(TEMPLATE, registry)
    result = engine.extract(text.encode(), template, name="slip.txt")
    return result.fields["amount"].confidence


def test_an_equation_beside_an_absent_value_vouches_for_nothing(engine, registry):
    alone = amount_confidence(engine, registry, "AMOUNT 12.00\n")
    assert alone < 0.9


def test_an_equation_that_was_compared_still_vouches(engine, registry):
    tied = amount_confidence(engine, registry, "AMOUNT 12.00\nPAID 12.00\n")
    assert tied > 0.95


TABLE = """
template vac {
  title "vacuous"
  version 1
  match { contains /NET/ }
  table items {
    description: text header "Description"
    amount: money header "Amount"
    until "Net"
  }
  field net: money = right of "Net"
  rule tie: missing(items) or sum(items.amount) == net
}
"""


def net_confidence(engine, registry, text: str) -> float:
    template = compile_template(TABLE, registry)
    return engine.extract(text.encode(), template, name="slip.txt").fields["net"].confidence


def test_a_sum_over_a_table_without_rows_vouches_for_nothing(engine, registry):
    assert net_confidence(engine, registry, "NET\nNet 12.00\n") < 0.9


def test_a_sum_over_rows_still_vouches(engine, registry):
    text = "NET\nDescription      Amount\nWidget           12.00\nNet 12.00\n"
    assert net_confidence(engine, registry, text) > 0.95
