"""A misread date is told it does not read as a date, not to use a format (HR onboarding
journey, finding 6). A handwritten 07/14/1991 read '07/1411 99 1' got a format built from
its digits (fixed in 0ff30b4); a handwritten 01/15/2026 read '0111 5/2026' still got 'a
month and a year without a day: the date type reads these only by a format, such as
date(format="%m/%Y", day="last")': digits beside a month and a year make no month and a
year written another way."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, extract_text, ftype


@pytest.mark.parametrize("text", ["0111 5/2026", "02/1 6/2026", "07/2019 99 1",
                                  "3 03/2019"])
def test_digits_beside_a_month_and_a_year_get_no_format(registry, text):
    assert ftype(registry, "date").misfit(text, ctx("en_US")) is None


@pytest.mark.parametrize("text, fmt", [("03/2019", "%m/%Y"), ("EXP 2027-03", "EXP %Y-%m"),
                                       ("Mar 2019", "%b %Y")])
def test_a_month_and_a_year_alone_still_name_their_format(registry, text, fmt):
    assert fmt in ftype(registry, "date").misfit(text, ctx("en_GB"))


def test_a_required_date_misread_says_it_does_not_read(tmp_path):
    src = 'template t {\n  field start: date = right of "Start date"\n}\n'
    result = extract_text(tmp_path, src, "Start date: 0111 5/2026\n")
    (reason,) = [r for r in result.reasons if r.field == "start"]
    assert "format" not in reason.message, reason.message
