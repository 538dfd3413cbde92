"""Credit and debit marks beside an amount, read alike in every spelling, and a debit read
from the accounts-payable side (credit notes journey, finding 3): a supplier's debit note
'240.00 DR' (money owed, positive in AP) was always negative, with no option to say so
(money(cr="positive") flipped only CR); and the marks were read unevenly: 'DR' negative but
'Dr' positive, 'Cr' negative but a spaced 'cr' positive, 'CREDIT' after the amount and
'CR 1,234.56' positive. money(dr="positive") reads a debit as owed; DR, Dr, dr, CR, Cr, cr,
spaced or glued, CREDIT and DEBIT after the amount and CR or DR before it read the same way.
In rupees a lower-case cr is crore, not read, as before."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, extract_text, ftype

CREDITS = ["1,234.56 CR", "1,234.56 Cr", "1,234.56 cr", "1,234.56CR", "1,234.56Cr",
           "1,234.56cr", "1,234.56 Cr.", "1,234.56 CREDIT", "1,234.56 Credit", "CR 1,234.56",
           "€1,234.56 CR", "1,234.56 EUR Cr"]
DEBITS = ["1,234.56 DR", "1,234.56 Dr", "1,234.56 dr", "1,234.56DR", "1,234.56Dr",
          "1,234.56dr", "1,234.56 Dr.", "1,234.56 DEBIT", "1,234.56 Debit", "DR 1,234.56",
          "€1,234.56 DR", "1,234.56 EUR Dr"]


def _read(registry, text, **options):
    money = ftype(registry, "money", **options)
    found = money.find(text, ctx("en_GB"))
    return str(money.parse(text, ctx("en_GB"))), [str(f.value) for f in found]


@pytest.mark.parametrize("text", CREDITS)
@pytest.mark.parametrize("cr", ["negative", "positive"])
def test_every_credit_mark_reads_alike(registry, text, cr):
    value = "-1234.56" if cr == "negative" else "1234.56"
    assert _read(registry, text, cr=cr) == (value, [value])
    assert _read(registry, text, cr=cr, dr="positive") == (value, [value])


@pytest.mark.parametrize("text", DEBITS)
@pytest.mark.parametrize("dr", ["negative", "positive"])
def test_every_debit_mark_reads_alike(registry, text, dr):
    value = "-1234.56" if dr == "negative" else "1234.56"
    assert _read(registry, text, dr=dr) == (value, [value])
    assert _read(registry, text, dr=dr, cr="positive") == (value, [value])


def test_overdrawn_stays_negative(registry):
    assert _read(registry, "132.46 OD", dr="positive") == ("-132.46", ["-132.46"])


@pytest.mark.parametrize("text, value", [
    ("50.00 Dr. Smith", "50.00"), ("50.00 DR SMITH", "50.00"), ("500.00 Credit limit", "500.00"),
    ("500.00 credit card fee", "500.00"), ("Credit 1,234.56", "1234.56"),
    ("Debit 1,234.56", "1234.56"), ("12.00drinks", None), ("12.00 drinks", "12.00"),
])
def test_words_that_are_no_marks(registry, text, value):
    found = ftype(registry, "money").find(text, ctx("en_GB"))
    if value is None:
        assert not found
    else:
        assert found and str(found[0].value) == value


@pytest.mark.parametrize("text", ["₹2.50cr", "₹2.50 cr", "Rs. 2.50 cr"])
def test_lower_case_cr_in_rupees_is_crore(registry, text):
    assert not ftype(registry, "money").find(text, ctx("en_IN"))


def test_a_debit_note_in_accounts_payable(tmp_path):
    result = extract_text(tmp_path, """template ap_debit {
  locale "en_GB"
  field net: money(dr="positive") = right of "Net:"
  field vat: money(dr="positive") = right of "VAT:"
  field total: money(dr="positive") = right of "Total:"
  rule sum: net + vat == total
}""", "Debit Note\nNet:   240.00 DR\nVAT:    48.00 Dr\nTotal: 288.00 DR\n")
    assert result.status == "accepted"
    assert {k: str(v.value) for k, v in result.fields.items()} == {
        "net": "240.00", "vat": "48.00", "total": "288.00"}


@pytest.mark.parametrize("text, values", [
    ("Withdrawal 100.00 DR 5,000.00", ["-100.00", "5000.00"]),
    ("Deposit 100.00 EUR CR 5,000.00", ["-100.00", "5000.00"]),
    ("Balance: DR 1,234.56", ["-1234.56"]),
])
def test_a_mark_after_an_amount_is_not_the_next_ones(registry, text, values):
    found = ftype(registry, "money").find(text, ctx("en_GB"))
    assert [str(f.value) for f in found] == values
