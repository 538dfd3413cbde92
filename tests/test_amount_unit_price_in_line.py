"""A line that prints its own calculation gives its amount, not the unit price (telecom
journey, finding 1): right of "E911 fee" on 'E911 fee (3 lines x $1.50)   4.50' gave 1.50,
'Regulatory fee (12 lines @ $0.25)  3.00' 0.25 and 'Activation fee 2 x $35.00  70.00'
35.00, all accepted with no ambiguity. An amount after a count and 'x' or '@' (or after
'@' alone, or followed by 'x' and a count) is a unit price: refused where another amount
read as surely is on the line, as a rate per unit is; alone it is read."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, value, price", [
    ("(3 lines x $1.50)      4.50", "4.50", "1.50"),
    ("(12 lines @ $0.25)  3.00", "3.00", "0.25"),
    ("2 x $35.00  70.00", "70.00", "35.00"),
    ("25 users @ $12.00   300.00", "300.00", "12.00"),
    ("25 users @ 12.00   300.00", "300.00", "12.00"),
    ("Seats @ $12.00 each 300.00", "300.00", "12.00"),
    ("3 × 1.50 4.50", "4.50", "1.50"),
    ("2x $35.00 70.00", "70.00", "35.00"),
    ("$1.50 x 3 lines  4.50", "4.50", "1.50"),
    ("4 Stk. x 12,50 € 50,00 €", "50.00", "12.50"),
])
def test_a_unit_price_is_no_amount_of_its_line(registry, text, value, price):
    locale = "de_DE" if "€" in text else "en_US"
    found = ftype(registry, "money").find(text, ctx(locale))
    assert found and str(found[0].value) == value
    assert all(str(f.value) != price for f in found)


@pytest.mark.parametrize("text, value", [
    ("25 users @ $12.00", "12.00"), ("Unit price: 2 x $35.00", "35.00"), ("@ 12.00", "12.00"),
])
def test_a_unit_price_alone_is_read(registry, text, value):
    assert str(best(registry, "money", text, "en_US").value) == value


@pytest.mark.parametrize("text, value", [
    ("Box 12.00 Tax 1.20", "12.00"), ("Total 4.50 Fax 555-0100", "4.50"),
    ("Max 100.00 Min 20.00", "100.00"), ("Deposit (3 x EUR 1,200.00 = EUR 3,600.00)", None),
])
def test_words_ending_in_x_are_no_times_sign(registry, text, value):
    found = best(registry, "money", text, "en_US")
    if value is not None:
        assert str(found.value) == value


def test_fee_lines_of_a_telecom_bill(tmp_path):
    result = extract_text(tmp_path, """template t {
  currency "USD"
  locale "en_US"
  field e911: money = right of "E911 fee"
  field regulatory: money = right of "Regulatory fee"
  field activation: money = right of "Activation fee"
  field seats: money = right of "Seats"
}""", "E911 fee (3 lines x $1.50)          4.50\n"
      "Regulatory fee (12 lines @ $0.25)     3.00\n"
      "Activation fee 2 x $35.00            70.00\n"
      "Seats 25 users @ $12.00             300.00\n")
    values = {k: str(v.value) for k, v in result.fields.items()}
    assert values == {"e911": "4.50", "regulatory": "3.00", "activation": "70.00",
                      "seats": "300.00"}
