"""An explicit date format reads a whole date, never a part of a longer one: with
formats=["%Y-%m", "%Y-%m-%d"] and day="last", "Expiry date: 2028-03-01" was read 2028-03-31
(the month format matched the start of the full date and came first), so the expiry of a
lot moved up to 30 days later; listed the other way round it was right."""

from __future__ import annotations

from datetime import date

import pytest

from tests.parsing import ctx, extract_text


def _date(registry, **options):
    return registry.create("field_type", "date", options or None)


@pytest.mark.parametrize("formats", [["%Y-%m", "%Y-%m-%d"], ["%Y-%m-%d", "%Y-%m"]])
def test_the_longest_format_match_wins_whatever_the_order(registry, formats):
    dt = _date(registry, formats=formats, day="last")
    assert [f.value for f in dt.find("Expiry date: 2028-03-01", ctx())] == [date(2028, 3, 1)]
    assert [f.value for f in dt.find("Best before: 2028-03", ctx())] == [date(2028, 3, 31)]
    assert dt.parse("2028-03-01", ctx()) == date(2028, 3, 1)


@pytest.mark.parametrize("fmt, text", [
    ("%Y-%m", "2028-03-01"),     # the month format at the start of a full date
    ("%m.%Y", "15.03.2027"),     # ... at its end
    ("%m/%Y", "15/03/2027"),
])
def test_a_month_format_does_not_read_part_of_a_full_date(registry, fmt, text):
    """Only the month format is given: the full date is no month and a year, so the
    format does not read it as one (the general parser reads the whole date)."""
    dt = _date(registry, format=fmt, day="last")
    values = [f.value for f in dt.find(f"Expiry {text}", ctx("de"))]
    assert all(v.day != 31 or text.startswith("31") for v in values), values
    assert date(2027 if "2027" in text else 2028, 3, 31) not in values


def test_a_range_of_full_dates_is_still_read(registry):
    dt = _date(registry, format="%d.%m.%Y")
    assert [f.value for f in dt.find("Period 01.03.2027-31.03.2027", ctx())] == [
        date(2027, 3, 1), date(2027, 3, 31)]


def test_the_template_of_the_bug_report(tmp_path):
    dt = 'date(formats=["%Y-%m", "%Y-%m-%d"], day="last")'
    tpl = (f'template t {{\n  field exp: {dt} = right of "Expiry date:"\n'
           f'  field bb: {dt} = right of "Best before:"\n}}\n')
    result = extract_text(tmp_path, tpl, "Expiry date:   2028-03-01\nBest before:   2028-03\n")
    assert result.status == "accepted", result.reasons
    assert result.fields["exp"].value == date(2028, 3, 1)
    assert result.fields["bb"].value == date(2028, 3, 31)
