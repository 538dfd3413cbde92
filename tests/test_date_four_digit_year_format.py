"""A date the template's formats write with a four-digit year (``%Y``) is not read from a
two-digit year: on a hand-filled accident statement, a driver's birth date 19/04/1965 cut
by the OCR into "19/04/19" and "65" was read 2019-04-19 under ``date(format="%d/%m/%Y")``,
accepted at 0.88 (accident journey, finding 1). Other forms of a date are still read
after the formats (month names, ISO), and a template that names no format, or a ``%y``
format, reads two-digit years as before."""

import datetime as dt

import pytest

from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text", ["19/04/19", "14/06/27", "19.04.19", "19 Apr 19"])
def test_a_two_digit_year_is_no_date_of_a_four_digit_format(registry, text) -> None:
    date = ftype(registry, "date", format="%d/%m/%Y")
    assert date.find(text, ctx("en_GB")) == []
    with pytest.raises(ValueError):
        date.parse(text, ctx("en_GB"))


@pytest.mark.parametrize("text, expected", [
    ("19/04/1965", dt.date(1965, 4, 19)),
    ("19 April 1965", dt.date(1965, 4, 19)),
    ("1965-04-19", dt.date(1965, 4, 19)),
])
def test_other_forms_with_a_full_year_are_still_read(registry, text, expected) -> None:
    date = ftype(registry, "date", format="%d/%m/%Y")
    assert [f.value for f in date.find(text, ctx("en_GB"))] == [expected]


def test_without_a_format_or_with_a_short_year_format_two_digits_read(registry) -> None:
    assert [f.value for f in ftype(registry, "date").find("19/04/19", ctx("en_GB"))] == [
        dt.date(2019, 4, 19)]
    both = ftype(registry, "date", formats=["%d/%m/%Y", "%d/%m/%y"])
    assert [f.value for f in both.find("19/04/19", ctx("en_GB"))] == [dt.date(2019, 4, 19)]


@pytest.mark.parametrize("text, expected", [
    ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("令和12年4月1日", dt.date(2030, 4, 1)),
    ("R05.04.01", dt.date(2023, 4, 1)),
    ("民國99年4月1日", dt.date(2010, 4, 1)),
])
def test_an_era_year_of_two_digits_is_still_read(registry, text, expected) -> None:
    """The era's year is no Gregorian year cut short (the code read of the change above
    found Japanese and Taiwanese era dates lost under a %Y format)."""
    date = ftype(registry, "date", format="%Y/%m/%d")
    assert [f.value for f in date.find(text, ctx("ja"))] == [expected]
