"""Time elapsed between two date + time pairs (custody journey, finding 6): a lab's hold
time, sampled 14:00 on 1 December and received 13:00 on 3 December, is 47 hours, but
``days_between(sd, rd) * 24 + hours_between(st, rt)`` gave 71: ``hours_between`` of two
times of day takes an end before the start for the next day (a night shift), which counts
a day twice once the days are counted. ``elapsed_hours(sd, st, rd, rt)`` and
``elapsed_minutes`` measure from one date and time to another, negative when the second
is earlier: the order rule (received at or after relinquished) is ``>= 0``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import extract_text

_TEMPLATE = """template hold {
  match { contains "HOLD TIME CHECK" }
  field sd: date = right of "Sampled date:"
  field st: time = right of "Sampled time:"
  field rd: date = right of "Received date:"
  field rt: time = right of "Received time:"
  rule hold48: elapsed_hours(sd, st, rd, rt) <= 48
  rule order: elapsed_minutes(sd, st, rd, rt) >= 0
}
"""


def _sheet(sd: str, st: str, rd: str, rt: str) -> str:
    return (f"HOLD TIME CHECK\nSampled date: {sd}\nSampled time: {st}\n"
            f"Received date: {rd}\nReceived time: {rt}\n")


def _rules(result):
    return {o.name: o.passed for o in result.rules}


def test_47_hours_across_two_midnights_meet_a_48_hour_hold(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE,
                          _sheet("2026-12-01", "14:00", "2026-12-03", "13:00"))
    assert _rules(result) == {"hold48": True, "order": True}, result.reasons
    assert result.status.value == "accepted", result.reasons


def test_49_hours_fail_the_hold(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE,
                          _sheet("2026-12-01", "14:00", "2026-12-03", "15:00"))
    assert _rules(result)["hold48"] is False
    assert result.status.value == "review"


def test_received_before_relinquished_on_the_same_day_fails_the_order(tmp_path):
    result = extract_text(tmp_path, _TEMPLATE,
                          _sheet("2026-12-02", "13:40", "2026-12-02", "13:25"))
    assert _rules(result)["order"] is False
    assert result.status.value == "review"


def test_the_functions_measure_from_one_date_and_time_to_the_other():
    from datetime import date, time

    from formsift.plugins.validators.plausibility import (
        elapsed_hours,
        elapsed_minutes,
        hours_between,
    )

    assert elapsed_hours(date(2026, 12, 1), time(14, 0), date(2026, 12, 3), time(13, 0)) == 47
    assert elapsed_minutes(date(2026, 12, 1), time(23, 50), date(2026, 12, 2),
                           time(0, 5)) == 15
    assert elapsed_minutes(date(2026, 12, 2), time(13, 40), date(2026, 12, 2),
                           time(13, 25)) == -15
    assert elapsed_hours(date(2026, 12, 2), time(8, 0), date(2026, 12, 2),
                         time(8, 0)) == 0
    # hours_between stays the time of day from one to the other, within 24 hours
    assert hours_between(time(22, 0), time(6, 0)) == 8
    assert elapsed_hours(date(2026, 12, 1), time(7, 0), date(2026, 12, 1),
                         time(16, 30)) == Decimal("9.5")


@pytest.mark.parametrize("rule", ["elapsed_hours(sd, st, rd)",
                                  "elapsed_hours(st, sd, rt, rd)"])
def test_formsift_check_refuses_wrong_arguments(rule):
    import formsift
    from formsift.core.errors import TemplateError

    with pytest.raises(TemplateError):
        formsift.compile_template(_TEMPLATE.replace("elapsed_hours(sd, st, rd, rt)", rule))
