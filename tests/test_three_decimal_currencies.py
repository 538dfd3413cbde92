"""An amount in a currency with three minor units, written with one mark and three digits
after it, reads two ways (letters of credit journey, finding 1): a SWIFT MT700's
``:32B:KWD125,500`` (KWD 125.500: SWIFT's decimal mark is the comma) was read 125500 under
``locale "en"`` and ACCEPTED, ``OMR999,125`` 999125, and ``money(currency="KWD",
decimals=3)`` accepted 125500.000. In BHD, IQD, JOD, KWD, LYD, OMR and TND (ISO 4217's
three decimals), or where the field declares ``decimals=3``, "125,500" is 125500 or
125.500 alike: ambiguous, review, until the template states its marks. And an amount whose
comma groups no thousands (``BHD4500,250`` under en) says to state decimal ",".
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.locale import get_locale
from formsift.core.money import Amount
from formsift.core.result import Status
from formsift.plugins.fieldtypes.amounts import other_reading
from tests.parsing import extract_text

MT700 = "SWIFT MT700\n:20:LC26SG0003\n:32B:{amount}\n"


def _template(field: str = "money", marks: str = "", currency: str = "") -> str:
    return (f'template lc {{\n  locale "en"\n{marks}{currency}'
            f'  field amount: {field} = right of ":32B:"\n}}\n')


@pytest.mark.parametrize("raw, currency, other", [
    ("KWD125,500", "KWD", "125.500"),
    ("OMR999,125", "OMR", "999.125"),
    ("BHD 1,250", "BHD", "1.250"),
    ("JOD -2,500", "JOD", "-2.500"),
])
def test_a_three_decimal_currency_in_thousands_has_its_decimals_as_other_reading(
        raw, currency, other):
    value = Decimal(other.replace(".", "")) if "-" not in other else -Decimal(
        other[1:].replace(".", ""))
    got = other_reading(raw, Amount(value, currency), get_locale("en"), None, money=True)
    assert got == Decimal(other)
    # the template's (or the field's) currency, where none is written beside the amount
    got = other_reading(raw[3:], value, get_locale("en"), None, money=True,
                        currency=currency)
    assert got == Decimal(other)


@pytest.mark.parametrize("raw, value, currency, decimals", [
    ("KD 12.345", "12.345", "KWD", None),    # read as the dinar's decimals: as written
    ("$1,250", "1250", "USD", None),          # two decimals: an amount in thousands
    ("¥1,250", "1250", "JPY", None),          # yen are whole
    ("1,250", "1250", "USD", 2),              # decimals=2: three would not fit
])
def test_no_other_reading(raw, value, currency, decimals):
    got = other_reading(raw, Decimal(value), get_locale("en"), None, money=True,
                        currency=currency, decimals=decimals)
    assert got is None


def test_declared_three_decimals_stand_for_the_minor_units():
    got = other_reading("125,500", Decimal("125500"), get_locale("en"), None, money=True,
                        decimals=3)
    assert got == Decimal("125.500")


@pytest.mark.parametrize("amount, read, other", [
    ("KWD125,500", "125500", "125.500"),
    ("OMR999,125", "999125", "999.125"),
])
def test_swift_amount_in_dinars_goes_to_review(tmp_path, amount, read, other):
    result = extract_text(tmp_path, _template(), MT700.format(amount=amount))
    assert result.status is Status.REVIEW
    reasons = [r for r in result.reasons if r.field == "amount"]
    assert [r.code for r in reasons] == ["ambiguous"], result.reasons
    assert f"{read} or {other}" in reasons[0].message
    assert 'decimal ","' in reasons[0].message


@pytest.mark.parametrize("field, currency", [
    ('money(currency="KWD", decimals=3)', '  currency "KWD"\n'),
    ("money(decimals=3)", ""),
])
def test_declared_decimals_do_not_settle_the_mark(tmp_path, field, currency):
    """``decimals=3`` says how many decimals an amount has, not which mark writes them:
    under en "125,500" is 125500.000 or 125.500, and the template must state the marks."""
    result = extract_text(tmp_path, _template(field, currency=currency),
                          MT700.format(amount="KWD125,500"))
    assert result.status is Status.REVIEW
    assert any(r.code == "ambiguous" and r.field == "amount" for r in result.reasons)


def test_stated_marks_read_the_swift_amount(tmp_path):
    marks = '  decimal ","\n  thousands "."\n'
    result = extract_text(tmp_path, _template(marks=marks), MT700.format(amount="KWD125,500"))
    assert result.fields["amount"].value == Decimal("125.500")
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("amount, value", [
    ("USD125,500", Decimal("125500")),   # two decimals: thousands, as before
    ("USD125000,00", Decimal("125000.00")),
    ("KWD125.500", Decimal("125.500")),   # the point reads as the dinar's decimals
    ("KWD1,250.500", Decimal("1250.500")),
])
def test_amounts_that_read_one_way_stay_accepted(tmp_path, amount, value):
    result = extract_text(tmp_path, _template(), MT700.format(amount=amount))
    assert result.fields["amount"].value == value
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("amount, head", [("BHD4500,250", "4500"), ("KWD12500,500", "12500")])
def test_a_comma_that_groups_no_thousands_names_the_decimal_mark(tmp_path, amount, head):
    result = extract_text(tmp_path, _template(), MT700.format(amount=amount))
    assert result.status is Status.REVIEW
    message = next(r.message for r in result.reasons if r.field == "amount")
    assert f"{len(head)} digits before its comma" in message
    assert 'state decimal "," and thousands "."' in message


@pytest.mark.parametrize("text, said", [
    ("BHD4500,250", True),
    ("4500,250 BHD", True),
    ("12500,500", True),
    ("Order 12345,678 pieces", False),   # a number in a sentence: nothing said of it
    ("4500.250", False),                 # en's own decimal mark
])
def test_the_decimal_mark_is_named_for_the_number_alone(registry, text, said):
    from tests.parsing import ctx, ftype

    why = ftype(registry, "money").misfit(text, ctx("en"))
    assert (why is not None and 'state decimal ","' in why) is said
