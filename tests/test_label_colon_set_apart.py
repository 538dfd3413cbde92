"""Label/value pairs on one row whose colons stand apart (journey weighbridge, findings 1,
3 and 5): on a monospaced weighbridge print, 'Time in :  07: 42    Time out :  08:15' gave
time_in 08:15, accepted (the next label's colon, a word of its own, was not seen as a
label's end, and '07: 42' was no time); 'Lieferanten-Nr .:  L-4471' gave the text '.:'."""

from __future__ import annotations

import pytest

from tests.parsing import best, extract_text


def test_a_value_stops_at_the_next_label_whose_colon_stands_apart(tmp_path):
    template = """template t {
  field time_in: time = right of "Time in:"
  field time_out: time = right of "Time out:"
  field gross: int = right of "Gross:"
}"""
    text = "Time in :  07: 42    Time out :  08:15\nGross :  38420   Tare weight :  12000\n"
    result = extract_text(tmp_path, template, text)
    assert str(result.fields["time_in"].value) == "07:42:00"
    assert str(result.fields["time_out"].value) == "08:15:00"
    assert result.fields["gross"].value == 38420
    assert result.status == "accepted"


def test_a_label_with_no_value_before_the_next_one_is_missing(tmp_path):
    template = """template t {
  field time_in: time = right of "Time in:"
}"""
    result = extract_text(tmp_path, template, "Time in :        Time out :  08:15\n")
    assert result.fields.get("time_in") is None
    assert result.status == "review"


@pytest.mark.parametrize("text", ["Lieferanten-Nr .:  L-4471", "Lieferanten-Nr ....  L-4471",
                                  "Lieferanten-Nr : L-4471"])
def test_separators_after_a_label_are_not_its_value(tmp_path, text):
    template = """template t {
  field supplier_no: text = right of "Lieferanten-Nr"
}"""
    result = extract_text(tmp_path, template, text + "\n")
    assert result.fields["supplier_no"].value == "L-4471"


@pytest.mark.parametrize("text, value", [("14 :38", "14:38:00"), ("12: 30", "12:30:00"),
                                         ("07 : 42", "07:42:00"), ("7:05", "07:05:00")])
def test_a_time_with_its_colon_set_apart(registry, text, value):
    found = best(registry, "time", f"Time out {text}")
    assert found is not None and str(found.value) == value


@pytest.mark.parametrize("text", ["Qty 12 : 3", "12: 345", "Ratio 25 :60"])
def test_no_time_where_the_minutes_are_none(registry, text):
    found = best(registry, "time", text)
    assert found is None
