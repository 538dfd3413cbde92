"""An error rule settles a value whose decimal mark the document does not show (customs
journey, finding 2): a packing list's net weight "325,000" went to review as reading
325.000 or 325000 although ``sum(items.net_kg) == total_net`` held, and held only for
325.000; an invoice's quantity "1.000" likewise, though ``qty * unit_price == amount``
held for 1000 only. The two readings are the document's two conventions, every such value
read the other way at once (templates.decimal_marks): a rule that holds with one and
fails with the other settles the values it ties, and says so in its outcome; a rule that
holds both ways (a sum of weights and a total all written "6.100") settles nothing.

And a running balance settles a struck-out balance corrected beside it (controlled-drug
register journey): "34 32" read 32 or 34 stayed "no rule decides" though ``balance ==
previous(balance) + received - given`` held for 32 only, because a page rule over the
balance column could not be evaluated (the page's carried-forward was not read)."""

from __future__ import annotations

from tests.parsing import extract_text

PACKING = '''template pl {
  locale "en_GB"
  match { contains "PACKING LIST" }
  field total_net: decimal = right of "Total Net Weight:"
  table items {
    description: text header "Description"
    net_kg: decimal header "Net Wt"
    until "Total Net Weight"
  }
  rule net_sum: sum(items.net_kg) == total_net
}'''


def _packing(rows: list[str], total: str) -> str:
    lines = "".join(f"Item {i + 1:<14}{w}\n" for i, w in enumerate(rows))
    return f"PACKING LIST\nDescription       Net Wt\n{lines}Total Net Weight: {total}\n"


def _net(result):
    return [str(r["net_kg"].value) for r in result.tables["items"]]


def _ambiguous(result):
    return [r for r in result.reasons if r.code == "ambiguous"]


def _outcome(result, name):
    return next(o for o in result.rules if o.name == name)


def test_a_sum_that_holds_with_the_reading_taken_only_settles_it(tmp_path):
    # en_GB reads "1,500" and "2,500" as thousands: 4000 holds, 1.5 + 2.5 would not
    result = extract_text(tmp_path, PACKING, _packing(["1,500", "2,500"], "4000"))
    assert not _ambiguous(result), result.reasons
    assert _net(result) == ["1500", "2500"]
    said = _outcome(result, "net_sum").message
    assert "row 1 of items.net_kg '1,500' as 1500, not 1.500" in said, said
    assert result.status == "accepted", result.reasons
    # a sum that fails both ways settles nothing
    result = extract_text(tmp_path, PACKING, _packing(["1,500", "2,500"], "4100"))
    assert [r.field for r in _ambiguous(result)] == ["items.net_kg"]
    assert _net(result) == ["1500", "2500"]


def test_a_sum_that_holds_with_the_other_reading_only_takes_it(tmp_path):
    # "325,000" read 325000 under en_GB; 325 + 12 == 337 holds with 325.000 only
    result = extract_text(tmp_path, PACKING, _packing(["325,000", "12"], "337"))
    assert not _ambiguous(result), result.reasons
    assert _net(result) == ["325.000", "12"]
    assert _outcome(result, "net_sum").passed is True
    assert "as 325.000, not 325000" in _outcome(result, "net_sum").message
    assert result.status == "accepted", result.reasons
    # every weight and the total with three digits after the point: 6.1 + 6.2 == 12.3 as
    # 6100 + 6200 == 12300, the sum settles nothing (every value read the other way at
    # once, not one alone)
    result = extract_text(tmp_path, PACKING, _packing(["6.100", "6.200"], "12.300"))
    assert {r.field for r in _ambiguous(result)} == {"total_net", "items.net_kg"}
    assert result.status == "review"


INVOICE = '''template ci {
  locale "en_GB"
  match { contains "COMMERCIAL INVOICE" }
  table items {
    description: text header "Description"
    qty: decimal header "Qty"
    unit_price: money header "Unit Price"
    amount: money header "Amount"
    until "Subtotal"
  }
  field subtotal: money = right of "Subtotal:"
  rule line_math: each items: qty * unit_price == amount tolerance 0.01
  rule sum_lines: sum(items.amount) == subtotal
}'''

LINES = """COMMERCIAL INVOICE
Description        Qty       Unit Price    Amount
Pressure valve     1.000     12            {amount}
Coupling           20        3             60
Bearing            2         5             10
Subtotal: {subtotal}
"""


def test_a_line_rule_settles_its_rows_quantity(tmp_path):
    # en_GB reads "1.000" as 1; 1000 x 12 == 12000 holds with the other reading only
    result = extract_text(tmp_path, INVOICE, LINES.format(amount="12000", subtotal="12070"))
    assert not _ambiguous(result), result.reasons
    assert [str(r["qty"].value) for r in result.tables["items"]] == ["1000", "20", "2"]
    assert "as 1000, not 1.000" in _outcome(result, "line_math").message
    assert result.status == "accepted", result.reasons
    # a row whose rule holds as read ("2.000" x 3 == 6) beside the one that holds the other
    # way: the rows disagree, nothing is settled
    doc = LINES.format(amount="12000", subtotal="12070").replace(
        "Bearing            2  ", "Bearing            2.000")
    result = extract_text(tmp_path, INVOICE, doc)
    assert [str(r["qty"].value) for r in result.tables["items"]] == ["1.000", "20", "2.000"]
    assert {r.field for r in _ambiguous(result)} == {"items.qty"}, result.reasons
    # 1.000 x 12 == 12.000 as 1000 x 12 == 12000: the amount written so reads both ways
    result = extract_text(tmp_path, INVOICE, LINES.format(amount="12.000", subtotal="82"))
    assert {r.field for r in _ambiguous(result)} >= {"items.qty"}, result.reasons
    assert result.status == "review"


REGISTER = '''template reg {
  match { contains "Drug register" }
  field cf: decimal = right of "Carried forward:"
  table entries {
    who: text header "Who"
    received: decimal header "Received"
    given: decimal header "Given"
    balance: decimal header "Balance" handwritten
    until "End of page"
  }
  rule running: each entries: balance == previous(balance) + received - given
  rule page_end: last(entries.balance) == cf
}'''


def _register(row4: str) -> str:
    return ("Drug register\n\nWho          Received     Given     Balance\n"
            "Smith        0            2         40\n"
            "Jones        0            1.5       38.5\n"
            "Patel        0            6         32.5\n"
            f"Singh        0            0.5       {row4}\n"
            "Nowak        0            1         31\n"
            "Morgan       0            0.5       30.5\n\nEnd of page\n")


def _balances(result):
    return [str(r["balance"].value) for r in result.tables["entries"]]


def test_a_running_balance_settles_a_corrected_balance_whatever_a_page_rule_cannot_tell(
        tmp_path):
    # no carried-forward on the page: page_end cannot be evaluated, running decides
    for written in ("34 32", "32 34"):
        result = extract_text(tmp_path, REGISTER, _register(written))
        assert _balances(result) == ["40", "38.5", "32.5", "32", "31", "30.5"], written
        assert not _ambiguous(result), result.reasons
    # neither reading holds: doubted still
    result = extract_text(tmp_path, REGISTER, _register("36 35"))
    [reason] = _ambiguous(result)
    assert reason.field == "entries.balance" and reason.rows == [3]
    assert result.status == "review"
