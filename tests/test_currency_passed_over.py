"""A number written without a currency taken beside a label in place of an amount in
another currency on the same line is not accepted silently ("Licenses   12   450,00 EUR"
in a USD template: "12" accepted with no reason, where the line without the 12 went to
review as currency_mismatch)."""

from tests.parsing import extract_text

EUR = """template t {
  currency "USD"
  locale "en_US"
  field price: money = right of "Licenses"
}
"""


def test_a_bare_number_taken_beside_an_amount_in_another_currency_is_reviewed(tmp_path):
    res = extract_text(tmp_path, EUR, "Order summary\nLicenses   12   450,00 EUR\n")
    assert res.status.value == "review"
    why = [r for r in res.reasons if r.code == "currency_mismatch"]
    assert why and why[0].field == "price" and "EUR" in why[0].message
    # the amount alone on the line: the same reason
    res = extract_text(tmp_path, EUR, "Order summary\nLicenses   450,00 EUR\n")
    assert [r.code for r in res.reasons] == ["currency_mismatch"]


def test_amounts_in_the_expected_currency_give_no_currency_reason(tmp_path):
    res = extract_text(tmp_path, EUR, "Order summary\nLicenses   12   450.00 USD\n")
    assert not any(r.code == "currency_mismatch" for r in res.reasons)
    res = extract_text(tmp_path, EUR, "Order summary\nLicenses   450.00\n")
    assert res.status.value == "accepted"
