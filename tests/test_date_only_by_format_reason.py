"""A date printed in a form the date type reads only with a format is a reason that names
the format, for an optional field too. A car dealer's used-car invoices print the first
registration as "Erstzulassung: 03/2019" or "First reg.: Mar 2019", a UK V5C as "22 07
2021": optional date fields came out empty and the record was accepted without a word
(optional numbers in the same case were invalid_value), and a required one said only
"does not read as a date value" (vehicles journey, findings 6 and 7)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.parsing import extract_text

SRC = 'template t {\n  locale "de_DE"\n  field reg: date? = right of "First reg"\n}\n'


@pytest.mark.parametrize("printed, fmt", [("03/2019", '"%m/%Y"'), ("08.2027", '"%m.%Y"'),
                                          ("Mar 2019", '"%b %Y"'),
                                          ("22 07 2021", '"%d %m %Y"')])
def test_an_optional_date_only_a_format_reads_is_a_reason_naming_it(tmp_path, printed, fmt):
    result = extract_text(tmp_path, SRC, f"First reg: {printed}\n")
    assert result.status is Status.REVIEW
    (reason,) = [r for r in result.reasons if r.field == "reg"]
    assert reason.code == "invalid_value" and fmt in reason.message, reason.message


@pytest.mark.parametrize("printed", ["see below", "n/a", "14.03.2019"])
def test_other_texts_give_no_such_reason(tmp_path, printed):
    result = extract_text(tmp_path, SRC, f"First reg: {printed}\n")
    assert result.status is Status.ACCEPTED, result.reasons


def test_the_format_named_reads_it(tmp_path):
    src = SRC.replace("date?", 'date(format="%d %m %Y")')
    result = extract_text(tmp_path, src, "First reg: 22 07 2021\n")
    assert str(result.value("reg")) == "2021-07-22"


@pytest.mark.parametrize("printed", ["07/1411 99 1", "07/2019 99 1"])
def test_no_format_is_suggested_for_a_misread_date(tmp_path, printed):
    """A handwritten 07/14/1991 read '07/1411 99 1' (HR onboarding journey, finding 6):
    the reason suggested date(format="%m/%Y 99 1")."""
    result = extract_text(tmp_path, SRC, f"First reg: {printed}\n")
    assert not any("%Y 99" in r.message for r in result.reasons), result.reasons


@pytest.mark.parametrize("locale, printed, fmt", [("en_US", "07 04 1991", '"%m %d %Y"'),
                                                  ("en_GB", "22 07 2021", '"%d %m %Y"')])
def test_the_spaced_format_named_is_in_the_locales_order(registry, locale, printed, fmt):
    """The code read of this stop: under en_US the reason named "%d %m %Y", which reads
    07 04 1991 as 7 April, while en_US reads 07/04/1991 as 4 July."""
    from tests.parsing import ctx, ftype

    assert fmt in ftype(registry, "date").misfit(printed, ctx(locale))


def test_no_spaced_format_is_named_with_other_digits_around(registry):
    from tests.parsing import ctx, ftype

    assert ftype(registry, "date").misfit("3 12 2020 4", ctx("en_GB")) is None
