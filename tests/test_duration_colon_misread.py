"""A handwritten block time ``1:26`` in a technical log, declared
``duration(unit="min", two_parts="h:mm")``: the handwriting recognizer returns ``1.26``
(the colon read as a dot) or ``126`` (its dots lost), which were no duration, so every
block and flight time of a scanned log was missed while the ``time`` type read ``23.52``
and ``1759`` (aircraft technical log journey, finding 4)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.parsing import ctx, extract_text, ftype

HMM = {"unit": "min", "two_parts": "h:mm"}


@pytest.mark.parametrize(("text", "value"), [
    ("1.26", "86"), ("0.53", "53"), ("12.05", "725"),  # the colon read as a dot
    ("126", "86"), ("134", "94"), ("0053", "53"), ("1045", "645"),  # the colon lost
])
def test_a_misread_colon_is_read_as_hours_and_minutes(registry, text, value):
    assert ftype(registry, "duration", **HMM).parse(text, ctx()) == Decimal(value)


@pytest.mark.parametrize("text", ["1.75", "1.5", "1.7", "175", "1.260", "12.30.45", "99",
                                  "12345", "1.26.2026", "v1.26"])
def test_what_a_misread_colon_does_not_make_a_duration(registry, text):
    with pytest.raises(ValueError):
        ftype(registry, "duration", **HMM).parse(text, ctx())


def test_a_dot_or_lost_colon_is_less_sure_than_a_colon(registry):
    dtype = ftype(registry, "duration", **HMM)
    colon, = dtype.find("1:26", ctx())
    dotted, = dtype.find("1.26", ctx())
    digits, = dtype.find("126", ctx())
    assert colon.value == dotted.value == digits.value == Decimal(86)
    assert colon.score > dotted.score > digits.score


def test_only_hours_and_minutes_read_so(registry):
    # minutes and seconds (the default), or a unit after the number: not hours and minutes
    assert not ftype(registry, "duration", unit="min").find("126", ctx())
    with pytest.raises(ValueError):
        ftype(registry, "duration", unit="min").parse("1.26", ctx())
    assert ftype(registry, "duration", **HMM).parse("1.26 h", ctx()) == Decimal("75.6")
    assert ftype(registry, "duration", **HMM).parse("1.5 hrs", ctx()) == Decimal(90)


def test_a_text_layers_digits_were_typed_so(registry):
    # "126" from a text layer lost no colon: no duration; its "1.26" is still 1:26
    typed = replace(ctx(), recognized=False)
    with pytest.raises(ValueError):
        ftype(registry, "duration", **HMM).parse("126", typed)
    assert ftype(registry, "duration", **HMM).parse("1.26", typed) == Decimal(86)


def test_a_technical_logs_block_times_add_up(tmp_path):
    template = """template log {
  field block: duration(unit="min", two_parts="h:mm") = right of "Block time"
  field flight: duration(unit="min", two_parts="h:mm") = right of "Flight time"
  rule flight_in_block: flight <= block
}
"""
    result = extract_text(tmp_path, template, "Block time  1.26\nFlight time  1.13\n")
    assert result.status == "accepted", result.reasons
    assert result.record() == {"block": "86", "flight": "73"}
