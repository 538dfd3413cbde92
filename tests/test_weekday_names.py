"""The one weekday table (core.locale.WEEKDAYS) that dates (a weekday name before a date)
and tables (a timesheet's days in order) read: each language's seven days, each name once."""

from __future__ import annotations

import pytest

from formsift.core.locale import WEEKDAYS


@pytest.mark.parametrize("lang", sorted(WEEKDAYS))
def test_each_language_has_seven_days_each_name_once(lang):
    days = WEEKDAYS[lang]
    assert len(days) == 7
    assert all(names for names, _ in days)
    words = [w for names, short in days for w in (*names, *short)]
    assert len(words) == len(set(words)), words  # a name of two days reads as neither
    assert all(w == w.casefold() and w.replace("-", "").replace("'", "").isalpha()
               for w in words), words

