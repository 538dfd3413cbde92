"""An ``each`` rule that would hold on a row whatever a doubted cell of it read vouches
for nothing about that cell (code read r2, finding 2). ``hours: decimal? default
hours_between(start, end)`` with the Hours cell blank makes ``hours_between(start, end)
== hours`` hold for any start: a handwritten '715' (read 07:15 without its colon) was
accepted. A rule that fails with the cell changed (an Hours cell written on the page, a
literal) still vouches; a rule that did not vouch before (a week's total) still does not."""

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
HEAD = (("Day", 0.05, 0.09), ("Start", 0.3, 0.36), ("End", 0.5, 0.54), ("Hours", 0.7, 0.76))


def _days(rows: list[tuple[str, str | None]], week: str | None = None):
    """A timesheet: per row its start (handwritten) and its Hours (None: left blank),
    ending at 16:30; with ``week``, a week's total under it."""
    lines: list[tuple] = [HEAD]
    for k, (start, hours) in enumerate(rows):
        line = [(f"D{k}", 0.05, 0.09), (start, 0.3, 0.3 + 0.012 * len(start), True),
                ("16:30", 0.5, 0.56, True)]
        if hours is not None:
            line.append((hours, 0.7, 0.74, True))
        lines.append(tuple(line))
    if week is not None:
        lines.append(laid_out((("Week:", 0), (week, 0.02)))[0])
    return words_doc(*lines)


def _start_reason(ex):
    return [r for r in ex.reasons if r.field == "days.start"]


@pytest.mark.parametrize("start, read", [("715", time(7, 15)), ("745", time(7, 45))])
def test_a_rule_against_the_cells_own_default_vouches_for_nothing(registry, start, read):
    ex = run(TABLE.replace("RULE", EACH), _days([(start, None), ("7:00", None)]), registry)
    assert [r["start"].value for r in ex.tables["days"]] == [read, time(7, 0)]
    assert [o.passed for o in ex.rules if o.name == "day_hours"] == [True]
    assert ex.status.value == "review", ex.reasons
    (reason,) = _start_reason(ex)
    assert f"'{start}'" in reason.message and "no colon" in reason.message
    assert reason.rows == [0]


def test_only_the_rows_whose_hours_are_blank_are_named(registry):
    """Row 2's Hours is written (8.75 for 07:45-16:30): the rule checks its start there."""
    ex = run(TABLE.replace("RULE", EACH), _days([("715", None), ("745", "8.75")]), registry)
    assert ex.status.value == "review"
    (reason,) = _start_reason(ex)
    assert reason.rows == [0] and "'715'" in reason.message and "'745'" not in reason.message


@pytest.mark.parametrize("hours, status", [(("9.25", "9.5"), "accepted"),
                                           (("8.25", "9.5"), "review")])
def test_an_hours_cell_written_on_the_page_still_checks_the_start(registry, hours, status):
    ex = run(TABLE.replace("RULE", EACH),
             _days([("715", hours[0]), ("7:00", hours[1])]), registry)
    assert ex.status.value == status, ex.reasons
    assert bool(_start_reason(ex)) == (status == "review")


def test_a_literal_still_checks_the_start(registry):
    rule = "rule day_hours: each days: hours_between(start, end) == 9.25 tolerance 0.01"
    ex = run(TABLE.replace("RULE", rule), _days([("715", None), ("7:15", None)]), registry)
    assert ex.status.value == "accepted", ex.reasons


def test_a_weeks_total_over_the_defaults_lifts_no_start(registry):
    """Unchanged: ``sum(days.hours) == week`` does not tie the start column."""
    rule = "rule week_hours: sum(days.hours) == week tolerance 0.01"
    ex = run(TABLE.replace("RULE", rule), _days([("715", None), ("7:00", None)], "18.75"),
             registry)
    assert [o.passed for o in ex.rules if o.name == "week_hours"] == [True]
    assert ex.status.value == "review" and _start_reason(ex)


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


def test_a_doubted_date_at_the_end_of_the_calendar_is_checked_not_a_crash(registry):
    """Code read r13 of 31c4b1a: trying a doubted '3I.12.9999' (SAP's "valid until")
    a day later raised OverflowError out of runtime.run; a day earlier is tried instead,
    and the rule, which checks it, vouches as before."""
    src = '''template t {
  locale "en_GB"
  table rows {
    item: text header "Item"
    a: date header "From"
    d: date header "Until" handwritten
    n: int header "Days"
  }
  rule r: each rows: days_between(a, d) == n
}'''
    head = (("Item", 0.05, 0.09), ("From", 0.2, 0.26), ("Until", 0.4, 0.46),
            ("Days", 0.7, 0.74))
    row1 = (("A", 0.05, 0.07), ("01.01.2026", 0.2, 0.32), ("3I.12.9999", 0.4, 0.52, True),
            ("2912442", 0.7, 0.76))
    row2 = (("B", 0.05, 0.07), ("01.01.2026", 0.2, 0.32), ("16.03.2026", 0.4, 0.52, True),
            ("74", 0.7, 0.72))
    ex = run(src, words_doc(head, row1, row2), registry)
    assert [str(r["d"].value) for r in ex.tables["rows"]] == ["9999-12-31", "2026-03-16"]
    assert ex.status.value == "accepted", [r.message for r in ex.reasons]


@pytest.mark.parametrize(("amount", "status"), [("250.00", "accepted"), ("350.00", "review")])
def test_a_rule_reading_past_a_stray_mark_still_checks_the_text(registry, amount, status):
    """Code read r13 of 31c4b1a: ``words_amount`` reads 'two hundred fifty#' as 250, so a
    text tried with a '#' added left the rule holding and a right amount in words (read
    at 0.60) went to review; a text is tried with a word more too, which it does not read."""
    src = '''template t {
  locale "en_GB"
  table cheques {
    no: text header "No"
    words: text header "In words" handwritten
    amount: decimal header "Amount"
  }
  rule r: each cheques: words_amount(words, "en") == amount
}'''
    head = (("No", 0.05, 0.08), ("In", 0.3, 0.32), ("words", 0.33, 0.39), ("Amount", 0.75, 0.82))
    row1 = (("101", 0.05, 0.09), ("two", 0.3, 0.34, True), ("hundred", 0.35, 0.43, True),
            ("fifty", 0.44, 0.5, True), (amount, 0.75, 0.82))
    row2 = (("102", 0.05, 0.09), ("eighty", 0.3, 0.37, True), ("80.00", 0.75, 0.81))
    ex = run(src, words_doc(head, row1, row2, conf=0.6), registry)
    assert ex.status.value == status, [r.message for r in ex.reasons]
