"""Times of day (the ``time`` field type), the hours between two in rules, the day of the
week, and literal dates wherever a date is expected: a staffing agency's weekly
timesheets (start 7:00, end 16:30, a break of 30 minutes, 9.0 hours; the week ending on a
Sunday)."""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal as D

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.templates import check_source


def _ctx() -> ParseContext:
    return ParseContext(get_locale("en_GB"), None)


@pytest.fixture()
def time_type(registry):
    return registry.create("field_type", "time", None)


@pytest.mark.parametrize("raw, value", [
    ("7:00", time(7, 0)), ("07:00", time(7, 0)), ("16:30", time(16, 30)),
    ("16.30", time(16, 30)), ("8.15", time(8, 15)),
    ("4:30 pm", time(16, 30)), ("4:30pm", time(16, 30)), ("4.30 p.m.", time(16, 30)),
    ("4 PM", time(16, 0)), ("11 a.m.", time(11, 0)), ("12:00 am", time(0, 0)),
    ("12 pm", time(12, 0)), ("16h30", time(16, 30)), ("16 h 30", time(16, 30)),
    ("7h", time(7, 0)), ("7h00", time(7, 0)), ("7:00:15", time(7, 0, 15)),
    ("24:00", time(0, 0)), ("0:00", time(0, 0)),
])
def test_a_time_of_day_is_read_as_people_write_it(time_type, raw, value):
    assert time_type.parse(raw, _ctx()) == value


@pytest.mark.parametrize("raw, reason", [
    ("7.5", "a decimal number of hours"), ("7.75", "a decimal number of hours"),
    ("9,5", "a decimal number of hours"),
    ("25:00", "the hour goes from 0 to 23"), ("24:30", "the hour goes from 0 to 23"),
    ("7:60", "minutes and seconds go from 00 to 59"),
    ("13 pm", "with am or pm the hour goes from 1 to 12"),
    ("2460", "write it 7:30"), ("seven", "write it 7:30"), ("9", "write it 7:30"),
])
def test_what_is_no_time_of_day_is_refused_with_the_reason(time_type, raw, reason):
    with pytest.raises(ValueError, match="not a time of day") as err:
        time_type.parse(raw, _ctx())
    assert reason in str(err.value)


def test_times_are_found_in_a_line_but_not_inside_dates_or_numbers(time_type):
    found = time_type.find("Mon 12.03.2026 7:00-16:30 break 30 hours 9.5 at 4pm", _ctx())
    assert [f.value for f in found] == [time(7, 0), time(16, 30), time(16, 0)]


def test_a_time_is_hh_mm_in_json_and_reads_back(time_type):
    from formsift.core.result import FieldValue

    fv = FieldValue(value=time(7, 5), raw="7.05")
    data = json.loads(fv.model_dump_json())
    assert (data["value"], data["value_type"]) == ("07:05", "time")
    assert FieldValue.model_validate(data).value == time(7, 5)
    assert json.loads(FieldValue(value=time(7, 5, 9)).model_dump_json())["value"] == \
        "07:05:09"
    assert time_type.to_json(time(16, 30)) == "16:30"
    assert time_type.json_schema()["pattern"]


TIMESHEET = """template timesheet {
  locale "en_GB"
  match { contains "WEEKLY TIMESHEET" }
  field week_ending: date = right of "Week ending:"
  field total: decimal = right of "Total hours:"
  table days {
    day: text header "Day"
    start: time header "Start"
    end: time header "End"
    brk: int header "Break"
    hours: decimal header "Hours"
    until "Total hours"
  }
  rule day_hours: each days: hours_between(start, end) - brk / 60 == hours tolerance 0.01
    message "hours worked are not end - start - break"
  rule total_matches_days: sum(days.hours) == total
  rule week_ends_sunday: weekday(week_ending) == 7
    message "week ending is not a Sunday"
  rule not_before_2026: days_between("2026-01-04", week_ending) >= 0
}
"""

ROWS = [("Mon", "7:00", "16:30", "30", "9.0"),
        ("Tue", "07:00", "15:10", "30", "7.67"),  # 7 h 40 min, to the hundredth
        ("Wed", "8.15", "4:30 pm", "45", "7.5"),
        ("Thu", "16h30", "1:00", "30", "8.0"),  # a night shift, ending after midnight
        ("Fri", "7h", "12h", "0", "5.0")]


def _timesheet(make_pdf, week_ending="11/01/2026", rows=ROWS, total="37.17") -> bytes:
    items = [(60, 60, "WEEKLY TIMESHEET"), (60, 90, f"Week ending: {week_ending}")]
    xs = (60, 130, 200, 290, 360)
    for x, head in zip(xs, ("Day", "Start", "End", "Break", "Hours"), strict=True):
        items.append((x, 130, head))
    for n, row in enumerate(rows):
        for x, cell in zip(xs, row, strict=True):
            items.append((x, 150 + 18 * n, cell))
    items.append((60, 150 + 18 * len(rows) + 20, f"Total hours: {total}"))
    return make_pdf(items)


def _extract(pdf: bytes):
    from formsift import Engine
    from formsift.templates import compile_template

    return Engine(templates=[], seen_store="memory").extract(
        pdf, compile_template(TIMESHEET), name="timesheet.pdf")


def test_a_right_timesheet_is_accepted(make_pdf):
    result = _extract(_timesheet(make_pdf))
    days = result.tables["days"]
    assert [(r["start"].value, r["end"].value) for r in days] == [
        (time(7, 0), time(16, 30)), (time(7, 0), time(15, 10)), (time(8, 15), time(16, 30)),
        (time(16, 30), time(1, 0)), (time(7, 0), time(12, 0))]
    assert all(r.passed is True for r in result.rules), \
        [(r.name, r.passed, r.message) for r in result.rules]
    assert result.status.value == "accepted"
    assert json.loads(result.model_dump_json())["tables"]["days"][0]["start"]["value"] == \
        "07:00"


def test_a_day_whose_hours_are_not_end_minus_start_minus_break_is_caught(make_pdf):
    """A user's need: 'hours = end - start - break' could only be checked by reading the
    grid a second time as text and splitting each time into hours and minutes."""
    rows = [*ROWS[:2], ("Wed", "8.15", "4:30 pm", "45", "8.5"), *ROWS[3:]]
    result = _extract(_timesheet(make_pdf, rows=rows, total="38.17"))
    failed = {r.name: r for r in result.rules if r.passed is False}
    assert list(failed) == ["day_hours"]
    assert "row(s) 3 of days" in failed["day_hours"].message
    assert result.status.value != "accepted"


def test_a_week_ending_that_is_not_a_sunday_is_caught(make_pdf):
    """A user's need: 'the week ends on a Sunday' had no weekday function; the workaround
    was a constant field holding a known Sunday."""
    result = _extract(_timesheet(make_pdf, week_ending="10/01/2026"))  # a Saturday
    failed = {r.name: r for r in result.rules if r.passed is False}
    assert list(failed) == ["week_ends_sunday"]
    assert "week ending is not a Sunday (6 against 7)" in failed["week_ends_sunday"].message


def _functions():
    from formsift.plugins.validators.basics import BasicsValidator
    from formsift.plugins.validators.plausibility import PlausibilityValidator

    return {f.name: f for v in (BasicsValidator(), PlausibilityValidator())
            for f in v.functions()}


@pytest.mark.parametrize("rule", [
    "hours_between(s, e) == 9.5", "minutes_between(s, e) == 570",
    "hours_between(e, s) == 14.5",  # from 16:30 to 7:00 the next day
    "hours_between(s, s) == 0", 'hours_between("07:00", e) == 9.5',
    's < e', 's == "07:00"', 'e >= "16:30"', '"7:00" < e',
    "weekday(we) == 7", 'weekday("2026-01-05") == 1',
    'days_between("2026-01-04", we) == 7', 'we - "2026-01-04" == 7',
    '"2026-01-04" + 7 == we', 'we - 7 == "2026-01-04"', 'we > "2026-01-10"',
])
def test_rules_on_times_weekdays_and_literal_dates(rule):
    from formsift.grammar.parser import parse
    from formsift.templates.rules import Scope, evaluate

    tree, _ = parse(f"template t {{\n  rule r: {rule}\n}}\n")
    expr = tree.templates[0].rules[0].expr
    from datetime import date

    scope = Scope({"s": time(7, 0), "e": time(16, 30), "we": date(2026, 1, 11)}, {},
                  functions=_functions())
    assert evaluate(expr, scope) is True


def test_a_night_shift_counts_to_the_next_morning():
    from formsift.plugins.validators.plausibility import hours_between, minutes_between

    assert hours_between(time(22, 0), time(6, 0)) == 8
    assert minutes_between(time(23, 45), time(0, 15)) == 30
    assert abs(hours_between(time(8, 10), time(16, 0)) - D(30) / 60 - D("7.33")) <= D("0.01")


SOURCE = """template t {
  field we: date = right of "Week ending"
  field s: time = right of "Start"
  field e: time = right of "End"
  field n: money = right of "Net"
  rule r: RULE
}
"""


@pytest.mark.parametrize("rule", [
    "weekday(we) == 7", 'days_between("2026-01-04", we) >= 0', 'we - "2026-01-04" >= 0',
    'hours_between(s, e) - 30 / 60 == 9', 's <= "09:00"', 'within_days("2026-01-04", we, 7)',
])
def test_the_checker_takes_times_and_literal_dates(registry, rule):
    _, diags = check_source(SOURCE.replace("RULE", rule), "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]


@pytest.mark.parametrize("rule, message", [
    ("s == we", "cannot compare a time of day with a date"),
    ("s < n", "cannot order a time of day against money"),
    ("e - s == 9", "cannot apply '-' to a time of day and a time of day"),
    ('s == "9am"', "cannot compare a time of day with text"),
    ("hours_between(s, we) == 9", "hours_between() expects a time of day here, not a date"),
    ("weekday(s) == 7", "weekday() expects a date here, not a time of day"),
    ('days_between("2026-13-01", we) >= 0', "days_between() expects a date here, not text"),
    ('we - "next sunday" >= 0', "cannot apply '-' to a date and text"),
])
def test_the_checker_refuses_times_mixed_with_other_kinds(registry, rule, message):
    _, diags = check_source(SOURCE.replace("RULE", rule), "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert any(message in d.message for d in errors), [d.format() for d in diags]
    if rule.startswith("e - s"):
        assert "hours_between(start, end)" in (errors[0].hint or "")
