"""A time of day written without a colon (timesheet journey JP): a handwritten "7:15"
read "715" (its colon's dots lost, or never written) under a ``time`` column gave no
value at all. Three or four digits, hours 0-23 and minutes 00-59, are now a time, but
doubted: the value goes to review with a reason naming the missing colon, never accepted
on its own. Four digits on a text layer stay a 24-hour clock's time as printed ("1730")."""

from __future__ import annotations

from datetime import time

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from tests.parsing import ctx, ftype
from tests.words import laid_out, run, words_doc


@pytest.mark.parametrize("text, value", [("715", time(7, 15)), ("830", time(8, 30)),
                                         ("0715", time(7, 15)), ("1730", time(17, 30)),
                                         ("930 hrs", time(9, 30))])
def test_three_or_four_digits_are_a_time_doubted(registry, text, value):
    t = ftype(registry, "time")
    assert t.parse(text, ctx()) == value
    (found,) = t.find(text, ctx())
    assert found.value == value and found.score < 1.0
    assert "no colon" in t.doubted(text, value, ctx())


@pytest.mark.parametrize("text", ["960", "2460", "99", "12345", "715 cartons", "7150"])
def test_other_digits_are_no_time(registry, text):
    assert ftype(registry, "time").find(text, ctx()) == []


def test_a_time_with_its_colon_or_printed_four_digits_is_not_doubted(registry):
    t = ftype(registry, "time")
    assert t.doubted("7:15", time(7, 15), ctx()) is None
    printed = ParseContext(get_locale("en"), None, recognized=False)
    assert t.doubted("1730", time(17, 30), printed) is None
    assert "no colon" in t.doubted("730", time(7, 30), printed)


FIELD = '''template t {
  field start: time = right of "Start:" handwritten
}'''


@pytest.mark.parametrize("written", ["715", "0715"])
def test_a_handwritten_time_without_its_colon_goes_to_review(registry, written):
    (line,) = laid_out((("Start:", 0), (written, 0.04)))
    ex = run(FIELD, words_doc(((*line[0],), (*line[1], True))), registry)
    assert ex.fields["start"].value == time(7, 15)
    assert ex.status.value == "review"
    assert any(r.field == "start" and "no colon" in r.message for r in ex.reasons), \
        ex.reasons


def test_a_handwritten_time_with_its_colon_is_accepted(registry):
    (line,) = laid_out((("Start:", 0), ("7:15", 0.04)))
    ex = run(FIELD, words_doc(((*line[0],), (*line[1], True))), registry)
    assert ex.fields["start"].value == time(7, 15)
    assert ex.status.value == "accepted", ex.reasons


TABLE = '''template t {
  table days {
    day: text header "Day"
    start: time header "Start" handwritten
    end: time header "End" handwritten
  }
}'''


def _days(start: str):
    head = (("Day", 0.05, 0.09), ("Start", 0.3, 0.36), ("End", 0.5, 0.54))
    row = (("Mon", 0.05, 0.09), (start, 0.3, 0.3 + 0.012 * len(start), True),
           ("16:30", 0.5, 0.56, True))
    row2 = (("Tue", 0.05, 0.09), ("7:00", 0.3, 0.348, True), ("16:00", 0.5, 0.56, True))
    return words_doc(head, row, row2)


def test_a_handwritten_cell_without_its_colon_goes_to_review(registry):
    ex = run(TABLE, _days("715"), registry)
    assert [r["start"].value for r in ex.tables["days"]] == [time(7, 15), time(7, 0)]
    assert ex.status.value == "review"
    (reason,) = [r for r in ex.reasons if r.field == "days.start"]
    assert "'715'" in reason.message and "no colon" in reason.message


def test_a_handwritten_cell_with_its_colon_is_accepted(registry):
    ex = run(TABLE, _days("7:15"), registry)
    assert [r["start"].value for r in ex.tables["days"]] == [time(7, 15), time(7, 0)]
    assert ex.status.value == "accepted", ex.reasons


def _printed(make_pdf, start: str) -> bytes:
    items = [(60, 60, "DAILY LOG")]
    for x, head in zip((60, 160, 260), ("Day", "Start", "End"), strict=True):
        items.append((x, 100, head))
    for n, (day, s, e) in enumerate((("Mon", start, "1730"), ("Tue", "0700", "1600"))):
        for x, cell in zip((60, 160, 260), (day, s, e), strict=True):
            items.append((x, 120 + 18 * n, cell))
    return make_pdf(items)


@pytest.mark.parametrize("start, status", [("0715", "accepted"), ("715", "review")])
def test_printed_four_digits_on_a_text_layer_are_a_24_hour_clock(make_pdf, start, status):
    from formsift import Engine
    from formsift.templates import compile_template

    src = TABLE.replace(" handwritten", "").replace("table days", 'match { contains '
                                                    '"DAILY LOG" }\n  table days')
    result = Engine(templates=[], seen_store="memory").extract(
        _printed(make_pdf, start), compile_template(src), name="log.pdf")
    days = result.tables["days"]
    assert [(r["start"].value, r["end"].value) for r in days] == [
        (time(7, 15), time(17, 30)), (time(7, 0), time(16, 0))]
    assert result.status.value == status, result.reasons
    assert [r.field for r in result.reasons] == ([] if status == "accepted"
                                                 else ["days.start"])


@pytest.mark.parametrize("hours, status", [("9.0", "accepted"), ("8.0", "review")])
def test_a_rule_tying_a_time_without_its_colon_vouches_for_it(make_pdf, hours, status):
    """A doubted '700' is taken where an error rule that ties it to other values holds
    (``hours_between(start, end) - brk / 60 == hours``: a misread time would break it), as
    for any value put right; where the rule fails, the reason names the missing colon."""
    from tests.test_times import ROWS, _extract, _timesheet

    rows = [("Mon", "700", "16:30", "30", hours), *ROWS[1:]]
    total = "37.17" if hours == "9.0" else "36.17"
    result = _extract(_timesheet(make_pdf, rows=rows, total=total))
    assert result.tables["days"][0]["start"].value == time(7, 0)
    assert result.status.value == status, result.reasons
    if status == "review":
        assert any(r.field == "days.start" and "no colon" in r.message
                   for r in result.reasons), result.reasons
