"""One rule for brackets under int, decimal and money (code read of stop 30, after the
fooddist fix 021ba62 made a bracketed whole number negative under int): a bracket around
the whole number (padding, and a currency, inside it aside) makes it negative; a bracket
around a word or a note ('(SR)', '(1 BOX)', '(3 boxes)') is no sign; a number in brackets
right after the words or the number it restates ('FORTY EIGHT (48) CARTONS', 'Five
Hundred Dollars (500.00)', 'Pages: 3 (3)') is that number. The three types read these
differently: 'Net loss (1,250)' was +1250 under int and -1250 under decimal, '(1 BOX)'
-1 under money and 1 under decimal, '($3.00)' -3.00 under money and 3.00 under decimal,
'FORTY EIGHT (48)' 48 under int and -48 under decimal and money, '(12.50 )' found +12.50
and parsed -12.50 under decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, extract_text, ftype

TYPES = ["int", "decimal", "money"]


def _value(registry, name, text):
    found = best(registry, name, text, "en_US")
    return None if found is None else Decimal(str(found.value))


# (text, the value found under int, decimal and money; None: no value of that type)
SHAPES = [
    ("(3)", -3, -3, -3),
    ("(3.00)", -3, -3, -3),
    ("( 3 )", -3, -3, -3),
    ("(   3)", -3, -3, -3),
    ("(12.50 )", None, Decimal("-12.50"), Decimal("-12.50")),
    ("( 12.50)", None, Decimal("-12.50"), Decimal("-12.50")),
    ("($3.00)", -3, -3, -3),
    ("(3.00 €)", -3, -3, -3),
    ("(USD 3.00)", -3, -3, -3),
    ("(3) boxes", -3, -3, -3),
    ("Returned (3)", -3, -3, -3),
    ("Qty (3) boxes", -3, -3, -3),
    ("Net loss (1,250)", -1250, -1250, -1250),
    ("(SR)", None, None, None),
    ("Water (SR) 3.00", 3, 3, 3),
    ("(1 BOX)", 1, 1, 1),
    ("Note (1 BOX)", 1, 1, 1),
    ("(3 boxes)", 3, 3, 3),
    ("(3.00 BOX)", 3, 3, 3),
    ("SAY FORTY EIGHT (48) CARTONS ONLY", 48, 48, 48),
    ("Five Hundred Dollars (500.00)", 500, 500, 500),
    ("Five Hundred and 00/100 Dollars ($500.00)", 500, 500, 500),
    ("Pages: 3 (3)", 3, 3, 3),
]


@pytest.mark.parametrize("text, expected", [(s[0], s[1:]) for s in SHAPES])
@pytest.mark.parametrize("k, name", list(enumerate(TYPES)))
def test_one_rule_for_brackets(registry, k, name, text, expected):
    assert _value(registry, name, text) == (None if expected[k] is None
                                            else Decimal(expected[k]))


@pytest.mark.parametrize("text, value", [
    ("(3)", -3), ("(3.00)", -3), ("( 3 )", -3), ("(12.50 )", Decimal("-12.50")),
    ("( 12.50)", Decimal("-12.50")),
])
@pytest.mark.parametrize("name", TYPES)
def test_parse_reads_a_bracketed_number_as_find_does(registry, name, text, value):
    if name == "int" and value != int(value):
        return
    assert Decimal(str(ftype(registry, name).parse(text, ctx("en_US")))) == value


@pytest.mark.parametrize("text", ["(1 BOX)", "(3 boxes)", "(SR)", "(3.00 BOX)"])
@pytest.mark.parametrize("name", TYPES)
def test_a_note_in_brackets_is_no_value_given_whole(registry, name, text):
    with pytest.raises(ValueError):
        ftype(registry, name).parse(text, ctx("en_US"))


DOC = """PACKING NOTE
Item        Qty    Note         Amount
Water        12    (SR)          24.00
Cups          1    (1 BOX)        3.00
Returns     (3)    deposit       (9.00)
Total                            18.00
"""

TPL = '''template t {
  locale "en_US"
  currency "USD"
  field total: money = right of "Total"
  table items {
    item: text header "Item"
    qty: int header "Qty"
    note: text header "Note"
    amount: money header "Amount"
    until "Total"
  }
  rule sum: sum(items.amount) == total
}'''


def test_a_table_reads_notes_and_returns_alike(tmp_path):
    result = extract_text(tmp_path, TPL, DOC)
    rows = result.tables["items"]
    assert [r["qty"].value for r in rows] == [12, 1, -3]
    assert [str(r["amount"].value) for r in rows] == ["24.00", "3.00", "-9.00"]
    assert result.status == "accepted", result.reasons
