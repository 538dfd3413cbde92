"""first()/last() of a column read the cell of that row, and a rule that lacks cells names
them by row (statement journey, findings 2b and 4: ``first(tx.debit)`` over an optional
Debit column was "not evaluated: 5 cell(s) of tx.debit is missing" although the first row's
debit is 718.64, the count being of blank debits anywhere in the column)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.grammar.parser import parse
from formsift.templates.rules import MissingValue, Scope, evaluate

D = Decimal


def ev(text: str, **values):
    tree, diags = parse(f"template t {{\n  rule r: {text}\n}}\n")
    assert not diags, [d.format() for d in diags]
    tables = {k: v for k, v in values.items() if isinstance(v, list)}
    scalars = {k: v for k, v in values.items() if not isinstance(v, list)}
    scope = Scope(scalars, tables, optional_columns={"tx.debit", "tx.credit"})
    return evaluate(tree.templates[0].rules[0].expr, scope)


TX = [{"debit": D("718.64"), "credit": None, "balance": D("1718.64")},
      {"debit": None, "credit": D("200.00"), "balance": D("1518.64")},
      {"debit": D("50.00"), "credit": None, "balance": D("1568.64")},
      {"debit": None, "credit": D("68.64"), "balance": D("1500.00")}]


def test_first_and_last_read_the_cell_of_that_row():
    """statement F2b: first(tx.debit) was refused because other debit cells are blank,
    although the first row's debit is 718.64."""
    assert ev("first(tx.debit) == 718.64", tx=TX) is True
    assert ev("last(tx.credit) == 68.64", tx=TX) is True
    assert ev("first(tx.balance) == 1718.64", tx=TX) is True


def test_a_blank_first_cell_names_that_cell_not_a_count_of_the_column():
    """statement F4: "5 cell(s) of tx.debit is missing" counted blanks anywhere in the
    column, not the cell the rule needed."""
    with pytest.raises(MissingValue) as exc:
        ev("first(tx.credit) == 1", tx=TX)
    assert exc.value.ref == "tx.credit"
    assert exc.value.name == "tx.credit of the first row (row 1)"
    with pytest.raises(MissingValue) as exc:
        ev("last(tx.debit) == 1", tx=TX)
    assert exc.value.name == "tx.debit of the last row (row 4)"


def test_blank_cells_an_aggregate_needs_are_named_by_row():
    with pytest.raises(MissingValue) as exc:
        ev("max(tx.debit) > 1", tx=TX)
    assert exc.value.ref == "tx.debit"
    assert exc.value.name == "2 cell(s) of tx.debit (rows 2 and 4)"
    rows = [{"debit": None}] * 9
    with pytest.raises(MissingValue) as exc:
        ev("avg(tx.debit) > 1", tx=rows)
    assert exc.value.name == "9 cell(s) of tx.debit (rows 1, 2, 3, 4, 5 and 4 more)"


STATEMENT = """template stmt {
  field opening: money = right of "Opening balance"
  field closing: money = right of "Closing balance"
  table tx {
    date: text header "Date"
    text: text header "Description"
    debit: money? header "Debit"DEFAULT
    credit: money? header "Credit"DEFAULT
    balance: money header "Balance"
    until "Closing balance"
  }
  rule running: each tx: balance == previous(balance) + debit - credit tolerance 0.005
  rule starts: first(tx.balance) == opening + first(tx.debit) - first(tx.credit)
  rule ends: last(tx.balance) == closing
}"""

STATEMENT_DOC = """Opening balance                                                 1000.00

Date        Description              Debit        Credit        Balance
03.04.2026  Invoice 17              718.64                      1718.64
05.04.2026  Payment                               200.00        1518.64
07.04.2026  Invoice 18               50.00                      THIRD
09.04.2026  Credit note                            68.64        1500.00

Closing balance                                                 1500.00
"""


def _extract(source: str, third: str):
    from formsift import Engine
    from formsift.templates import compile_template

    engine = Engine(templates=[], seen_store="memory")
    return engine.extract(STATEMENT_DOC.replace("THIRD", third).encode(),
                          compile_template(source), name="statement.txt")


def test_first_of_an_optional_column_is_evaluated_end_to_end():
    src = STATEMENT.replace("DEFAULT", "").replace(
        "  rule ends", "  rule firstdebit: first(tx.debit) == 718.64\n  rule ends")
    result = _extract(src, "1568.64")
    outcomes = {r.name: (r.passed, r.message) for r in result.rules}
    assert outcomes["firstdebit"] == (True, "")
    # the first row has no credit: the cell the rule needed, by its row
    assert outcomes["starts"] == (None, "not evaluated: tx.credit of the first row (row 1) "
                                        "is missing")
    assert result.tables["tx"][1]["debit"] is None  # a blank optional cell stays blank
