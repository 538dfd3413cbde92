"""A rule that checks a doubted value against a value computed from that same value
vouches for nothing (code read r2, finding 2). ``hours: decimal? default
hours_between(start, end)`` with the Hours column blank on the page makes ``rule each
days: hours_between(start, end) == hours`` hold whatever '715' was meant to be: nothing
on the page checked the start. A rule ties a doubted value only through values read
from the page; a weekly total or an Hours cell written on the page still vouches."""

from __future__ import annotations

from datetime import time

import pytest

from tests.words import laid_out, run, words_doc

TABLE = '''template t {
  table days {
    day: text header "Day"
    start: time header "Start" handwritten
    end: time header "End" handwritten
    hours: decimal? header "Hours" default hours_between(start, end)
  }
  field week: decimal? = right of "Week:"
  RULE
}'''
EACH = "rule day_hours: each days: hours_between(start, end) == hours tolerance 0.01"
WEEK = "rule week_hours: sum(days.hours) == week tolerance 0.01"


def _days(start: str, hours: tuple[str, str] | None = None, week: str | None = None):
    head = (("Day", 0.05, 0.09), ("Start", 0.3, 0.36), ("End", 0.5, 0.54),
            ("Hours", 0.7, 0.76))
    r1 = [("Mon", 0.05, 0.09), (start, 0.3, 0.3 + 0.012 * len(start), True),
          ("16:30", 0.5, 0.56, True)]
    r2 = [("Tue", 0.05, 0.09), ("7:00", 0.3, 0.348, True), ("16:00", 0.5, 0.56, True)]
    if hours is not None:
        r1.append((hours[0], 0.7, 0.74, True))
        r2.append((hours[1], 0.7, 0.74, True))
    lines = [head, tuple(r1), tuple(r2)]
    if week is not None:
        lines.append(laid_out((("Week:", 0), (week, 0.02)))[0])
    return words_doc(*lines)


def _starts(ex) -> list[time]:
    return [r["start"].value for r in ex.tables["days"]]


@pytest.mark.parametrize("start", ["715", "745"])
def test_a_rule_against_a_default_computed_from_the_doubted_cell_vouches_for_nothing(
        registry, start):
    ex = run(TABLE.replace("RULE", EACH), _days(start), registry)
    assert _starts(ex)[1] == time(7, 0)
    assert [o.passed for o in ex.rules if o.name == "day_hours"] == [True]
    assert ex.status.value == "review", ex.reasons
    (reason,) = [r for r in ex.reasons if r.field == "days.start"]
    assert f"'{start}'" in reason.message and "no colon" in reason.message


def test_an_hours_cell_written_on_the_page_still_vouches(registry):
    ex = run(TABLE.replace("RULE", EACH), _days("715", ("9.25", "9")), registry)
    assert _starts(ex) == [time(7, 15), time(7, 0)]
    assert ex.status.value == "accepted", ex.reasons


def test_an_hours_cell_written_on_the_page_that_disagrees_goes_to_review(registry):
    ex = run(TABLE.replace("RULE", EACH), _days("715", ("8.25", "9")), registry)
    assert ex.status.value == "review"
    assert any(r.field == "days.start" and "no colon" in r.message for r in ex.reasons)


@pytest.mark.parametrize("week, status", [("18.25", "accepted"), ("17.25", "review")])
def test_a_weekly_total_read_from_the_page_ties_the_days_through_their_defaults(
        registry, week, status):
    """The Hours cells are blank (computed from start and end), the week's total is
    written: it checks every start through the hours computed from it."""
    ex = run(TABLE.replace("RULE", WEEK), _days("715", week=week), registry)
    assert _starts(ex) == [time(7, 15), time(7, 0)]
    assert ex.fields["week"].value is not None
    assert ex.status.value == status, ex.reasons
    if status == "review":
        assert any(r.field == "days.start" and "no colon" in r.message
                   for r in ex.reasons), ex.reasons


FIELDS = '''template t {
  field start: time = right of "Start:" handwritten
  field end: time = right of "End:" handwritten
  field hours: decimal? = right of "Hours:" default 9.25
  rule shift: hours_between(start, end) == hours tolerance 0.01
}'''


def _form(start: str, hours: str | None):
    lines = [(("Start:", 0), (start, 0.02)), (("End:", 0), ("16:30", 0.02))]
    if hours is not None:
        lines.append((("Hours:", 0), (hours, 0.02)))
    doc = []
    for label, *rest in laid_out(*lines):
        doc.append((label, *[(*w, True) for w in rest]))
    return words_doc(*doc)


@pytest.mark.parametrize("hours, status", [(None, "review"), ("9.25", "accepted")])
def test_a_field_rule_against_a_value_not_on_the_page_vouches_for_nothing(
        registry, hours, status):
    """The Hours box blank (its default, not read from the page) checks no start; the
    Hours written on the page does."""
    ex = run(FIELDS, _form("715", hours), registry)
    assert ex.fields["start"].value == time(7, 15)
    assert [o.passed for o in ex.rules if o.name == "shift"] == [True]
    assert ex.status.value == status, ex.reasons
    if status == "review":
        (reason,) = [r for r in ex.reasons if r.field == "start"]
        assert "'715'" in reason.message and "no colon" in reason.message


DATES = '''template t {
  locale "en_GB"
  table rows {
    item: text header "Item"
    d: date header "Date" handwritten
    n: int? header "N" default days_between("2026-01-01", d)
  }
  rule r: each rows: days_between("2026-01-01", d) == n
}'''


def test_a_doubted_date_against_a_default_computed_from_it_goes_to_review(registry):
    """'1O.03.2026' ('O' read as 0) under a column computed from it (code read r2, p6)."""
    head = (("Item", 0.05, 0.09), ("Date", 0.3, 0.36), ("N", 0.7, 0.72))
    r1 = (("A", 0.05, 0.07), ("1O.03.2026", 0.3, 0.42, True))
    r2 = (("B", 0.05, 0.07), ("16.03.2026", 0.3, 0.42, True))
    ex = run(DATES, words_doc(head, r1, r2), registry)
    assert [str(r["d"].value) for r in ex.tables["rows"]] == ["2026-03-10", "2026-03-16"]
    assert ex.status.value == "review"
    (reason,) = [r for r in ex.reasons if r.field == "rows.d"]
    assert "'1O.03.2026'" in reason.message and reason.rows == [0]
