"""An IBAN whose check digits were read as look-alike letters (a hand-filled French
returns form: 'FRI4 2004 ...' for 'FR14 2004 ...'; returns journey, finding 3) is read
when its checksum holds with the digit, a little less sure than one read whole; one whose
checksum fails either way is named as an IBAN with wrong check digits, not dropped with
no word."""

import pytest

from tests.parsing import ctx, ftype

GOOD_FR = "FR1420041010050500013M02606"
GOOD_DE = "DE89370400440532013000"


@pytest.mark.parametrize("text, expected", [
    ("FRI420041010050500013M02606", GOOD_FR),
    ("FRI4 2004 1010 0505 0001 3M02 606", GOOD_FR),
    ("IBAN: DEB9 3704 0044 0532 0130 00", GOOD_DE),
])
def test_check_digits_read_as_letters_are_repaired(registry, text, expected) -> None:
    found = ftype(registry, "iban").find(text, ctx())
    assert [f.value for f in found] == [expected]
    assert found[0].score < 1.0


def test_an_iban_read_right_is_unchanged(registry) -> None:
    found = ftype(registry, "iban").find("DE89 3704 0044 0532 0130 00", ctx())
    assert [(f.value, f.score) for f in found] == [(GOOD_DE, 1.0)]


def test_a_repair_that_fails_the_checksum_is_no_iban_but_is_named(registry) -> None:
    iban = ftype(registry, "iban")
    text = "FRI520041010050500013M02606"
    assert iban.find(text, ctx()) == []
    assert "check digits are wrong" in (iban.misfit(text, ctx()) or "")


def test_letters_elsewhere_are_not_taken_for_check_digits(registry) -> None:
    # a word of capitals is no IBAN
    assert ftype(registry, "iban").find("FROM ISLAND OFFICE REFERENCE NUMBER", ctx()) == []
