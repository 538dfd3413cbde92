"""A rule over a table chooses between a cell's two readings where exactly one makes it
hold (stock-take journey, finding 3): a count sheet's handwritten "80" struck out and
"79" written beside it read '80 79' (80 or 79); the page total, 326, holds with 79 only,
yet the record kept 80, said "no rule decides" and failed the total (327 against 326).
Where neither reading or several cells' do, the record goes to review naming the rows, the
readings and the rule; a rule that holds for both readings decides nothing."""

from __future__ import annotations

from tests.parsing import extract_text

_TEMPLATE = """template cs {
  match { contains "Annual Stock Count" }
  field page_total: decimal = right of "Page total counted:"
  table items {
    sku: id(/FW\\d{6}/) header "SKU"
    system_qty: decimal header "System Qty"
    counted: decimal? header "Counted" handwritten
    variance: decimal? default counted - system_qty
    until "Page total counted"
  }
  rule page_total: sum(items.counted) == page_total
}
"""


def _sheet(total: str, row3: str = "80 79", row2: str = "48") -> str:
    return ("Annual Stock Count\n\n"
            "SKU          System Qty     Counted\n"
            "FW100001     113            114\n"
            f"FW100002     47             {row2}\n"
            f"FW100003     81             {row3}\n"
            "FW100004     84             85\n\n"
            f"Page total counted: {total}\n")


def _counted(result):
    return [str(r["counted"].value) if r["counted"] else None
            for r in result.tables["items"]]


def _ambiguous(result):
    return [r for r in result.reasons if r.code == "ambiguous" and r.field == "items.counted"]


def test_the_total_chooses_the_one_reading_that_makes_it_hold(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE, _sheet("326"))
    assert _counted(result) == ["114", "48", "79", "85"]
    assert str(result.tables["items"][2]["variance"].value) == "-2"  # its default again
    outcome = next(o for o in result.rules if o.name == "page_total")
    assert outcome.passed is True
    assert "row 3" in outcome.message and "79" in outcome.message
    assert result.status.value == "accepted", result.reasons


def test_the_reading_taken_stays_when_it_makes_the_total_hold(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE, _sheet("327"))
    assert _counted(result) == ["114", "48", "80", "85"]
    assert result.status.value == "accepted", result.reasons


def test_neither_reading_holds_review_naming_row_readings_and_rule(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE, _sheet("330"))
    assert result.status.value == "review"
    [reason] = _ambiguous(result)
    assert reason.rows == [2]
    assert "row 3" in reason.message and "80 or 79" in reason.message
    assert "page_total" in reason.message
    assert any(r.code == "rule_failed" for r in result.reasons)


def test_two_cells_whose_other_readings_each_make_it_hold_stay_ambiguous(tmp_path):
    # 48 or 47 and 80 or 79: either correction alone gives 326
    result = extract_text(tmp_path, _TEMPLATE, _sheet("326", row2="48 47"))
    assert result.status.value == "review"
    [reason] = _ambiguous(result)
    assert sorted(reason.rows) == [1, 2]
    assert "page_total" in reason.message


def test_a_rule_that_holds_for_both_readings_decides_nothing(tmp_path):
    template = _TEMPLATE.replace("== page_total", "== page_total tolerance 1")
    result = extract_text(tmp_path, template, _sheet("327"))
    assert result.status.value == "review", result.reasons
    assert _ambiguous(result)


_EACH = """template cs2 {
  match { contains "Annual Stock Count" }
  table items {
    sku: id(/FW\\d{6}/) header "SKU"
    system_qty: decimal header "System Qty"
    counted: decimal header "Counted" handwritten
    diff: decimal header "Difference"
    until "Page total counted"
  }
  rule diffs: each items: diff == counted - system_qty
}
"""


def test_an_each_rule_chooses_on_the_cells_row_whatever_other_rows_do(tmp_path):
    # row 3: 80 struck, 79 written, the difference -2 holds with 79 only; row 1's
    # difference is wrong on its own (the rule fails there, and only there)
    text = ("Annual Stock Count\n\n"
            "SKU          System Qty     Counted     Difference\n"
            "FW100001     113            114         5\n"
            "FW100002     47             48          1\n"
            "FW100003     81             80 79       -2\n\n"
            "Page total counted: 241\n")
    result = extract_text(tmp_path, _EACH, text)
    assert _counted(result) == ["114", "48", "79"]
    assert not _ambiguous(result), result.reasons
    outcome = next(o for o in result.rules if o.name == "diffs")
    assert outcome.passed is False and outcome.rows == [0]


_PRICES = """template inv {
  match { contains "INVOICE" }
  table items {
    desc: text header "Description"
    qty: int header "Qty"
    price: money header "Unit Price"
    amount: money header "Amount"
    until "Total"
  }
  rule lines: each items: amount == qty * price
}
"""


def test_an_each_rule_holding_on_the_row_as_read_settles_it_though_another_row_fails(
        tmp_path):
    # an old and a promotional price in one printed cell: 2 x 1.99 == 3.98 decides on
    # row 1; row 3's amount is wrong on its own
    text = ("INVOICE\n\n"
            "Description        Qty     Unit Price      Amount\n"
            "Widget A           2       2.49  1.99      3.98\n"
            "Widget B           3       1.00            3.00\n"
            "Widget C           1       5.00            6.00\n\n"
            "Total 12.98\n")
    result = extract_text(tmp_path, _PRICES, text)
    assert str(result.tables["items"][0]["price"].value) == "1.99"
    assert not [r for r in result.reasons if r.code == "ambiguous"], result.reasons
    assert any(r.code == "rule_failed" for r in result.reasons)
