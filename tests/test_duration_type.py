"""The duration type: call durations and hours worked as a number of seconds (or minutes,
or hours), so that a rule adds them up; a telecom bill's usage table printed `1:23:45`
and `27:41:09`, which the time type read as a clock time or not at all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize(("text", "options", "value"), [
    ("1:23:45", {}, "5025"),
    ("27:41:09", {}, "99669"),  # more hours than a day has
    ("0:45", {}, "45"),
    ("45:10", {}, "2710"),  # two parts: minutes and seconds by default
    ("45:10", {"two_parts": "h:mm"}, "162600"),
    ("1h 23m 45s", {}, "5025"),
    ("2 h 30 min", {"unit": "min"}, "150"),
    ("90 min", {"unit": "h"}, "1.5"),
    ("2.5 hrs", {"unit": "h"}, "2.5"),
    ("2,5 Std", {"unit": "min"}, "150"),
    ("45 sec", {}, "45"),
    ("1h30", {"unit": "min"}, "90"),  # minutes without their unit after hours (the code read)
    ("2 h 15", {"unit": "min"}, "135"),
    ("1h05", {"unit": "min"}, "65"),
    ("100 s", {"unit": "min"}, "1.6667"),
])
def test_durations_read(registry, text, options, value):
    found = best(registry, "duration", f"Duration {text} ", **options)
    assert found is not None and str(found.value) == value
    assert ftype(registry, "duration", **options).parse(text, ctx()) == Decimal(value)


@pytest.mark.parametrize("text", ["90", "4:30 pm", "12/04/2026", "3 m", "v1.2:3", "7 items",
                                  "12:30:45:10"])
def test_what_is_no_duration(registry, text):
    with pytest.raises(ValueError):
        ftype(registry, "duration").parse(text, ctx())


def test_a_rule_adds_durations_up(tmp_path):
    template = """template usage {
  field total: duration(unit="min") = right of "Total call time"
  table calls {
    number: text header "Number"
    length: duration(unit="min") header "Duration"
    until "Total call time"
  }
  rule adds_up: sum(calls.length) == total
}
"""
    text = ("Number        Duration\n"
            "555-0100      1:02:30\n"
            "555-0101      0:27:30\n"
            "Total call time  1h 30m\n")
    result = extract_text(tmp_path, template, text)
    assert result.status == "accepted", result.reasons
    assert str(result.record()["total"]) == "90"
    assert [str(r["length"]) for r in result.record()["calls"]] == ["62.5", "27.5"]


def test_the_alphabet_holds_the_unit_words(registry):
    """Decoding constrained by the type's alphabet (region-first boxes, handwriting) must
    be able to write what the type reads: '2 hours', '45 sec', '2 Std.'."""
    alphabet = set(ftype(registry, "duration").constraint().alphabet)
    for text in ("2 hours", "45 sec", "2 Std.", "90 Minuten", "3 heures", "1:23:45"):
        assert set(text) <= alphabet, text
