"""A time written as four digits: a 24-hour clock's "1430", or a handwritten "17:59" whose
colon's two dots the recognizer lost (meters journey, finding 7), as the whole of a
value's text; four digits before other words are no time ("2000 cartons" read 20:00,
accepted: the code read of this stop)."""

from __future__ import annotations

from datetime import time

import pytest

from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text, value", [("1759", time(17, 59)), ("1430", time(14, 30)),
                                         ("0745 hrs", time(7, 45)), ("  2359", time(23, 59))])
def test_four_digits_alone_are_a_time(registry, text, value):
    (found,) = ftype(registry, "time").find(text, ctx())
    assert found.value == value and found.score < 1.0


@pytest.mark.parametrize("text", ["2460", "1799", "12345", "Ref 1430", "1430.50", "14-30",
                                  "0745/12", "2000 cartons", "2019 model", "1200 EUR",
                                  "1759 No. of"])
def test_other_numbers_are_no_time(registry, text):
    assert ftype(registry, "time").find(text, ctx()) == []


def test_a_written_time_wins_over_four_digits(registry):
    (found,) = ftype(registry, "time").find("1430 or 16:30", ctx())
    assert found.value == time(16, 30)


def test_a_cell_of_four_digits_parses(registry):
    assert ftype(registry, "time").parse("0830", ctx()) == time(8, 30)
    with pytest.raises(ValueError):
        ftype(registry, "time").parse("2460", ctx())
