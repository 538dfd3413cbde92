"""Dates, e-mail addresses and identifiers a recognizer misread (HR new-hire journey).

- A day read as the letter that looks like its digit ("I. Januar 2027" for "1. Januar
  2027") made the start date invalid, so the age rule was never evaluated (an under-age
  employee missed), and the reason proposed ``date(format="I. %B %Y")``, which reads every
  misread day as the 1st. It is read as the digit, doubted (``DateType.doubted``).
- A handwritten month name misread by one letter ("Mlai", "Rugust", "fanuary") was said to
  name its month in a language the date type does not read. It is read, doubted.
- An address read with a comma for a dot or a digit in its top-level domain
  ("lukasz,wisniewski@example.0rg") was no address; an @ read as "G" stays unread.

Each is read, doubted: ``doubted`` says so, and the runtime holds such a value at
``UNSURE_CHARACTER`` (``runtime.doubted_reading``), so it goes to review unless a rule
ties it to another value. The reasons when none is read: tests/test_date_misread_reasons.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.parsing import ctx, ftype
from tests.words import run, values, words_doc

DE = "de_DE"
DATE = 'template t {\n  locale "de_DE"\n  field start: date = right of "Start"\n}\n'
MAIL = 'template t {\n  field mail: email = right of "E-mail"\n}\n'


def _read(registry, text, locale=DE, recognized=True):
    c = dataclasses.replace(ctx(locale), recognized=recognized)
    date = ftype(registry, "date")
    return date, c, date.find(text, c)


@pytest.mark.parametrize("text, value", [
    ("I. Januar 2027", dt.date(2027, 1, 1)),
    ("l. Januar 2027", dt.date(2027, 1, 1)),
    ("S. Mai 2026", dt.date(2026, 5, 5)),
    ("2O.11.2026", dt.date(2026, 11, 20)),
    ("12.O3.2026", dt.date(2026, 3, 12)),
    ("1B.04.1990", dt.date(1990, 4, 18)),
])
def test_a_letter_read_for_a_digit_is_that_digit_doubted(registry, text, value):
    date, c, found = _read(registry, text)
    assert [f.value for f in found] == [value]
    assert found[0].score < 0.95
    assert "read as" in date.doubted(text, value, c)


def test_a_date_read_as_written_is_not_doubted(registry):
    date, c, found = _read(registry, "1. Januar 2027")
    assert [f.value for f in found] == [dt.date(2027, 1, 1)]
    assert not date.doubted("1. Januar 2027", dt.date(2027, 1, 1), c)


@pytest.mark.parametrize("text, near, value", [
    ("IO.IO.IOIO", "IO.11.2026", dt.date(2026, 11, 10)),  # no part read as written
    ("Page I of 2 2026", "Page I. Mai 2026", dt.date(2026, 5, 1)),  # no date
    ("I. Januar", "I. Januar 2027", dt.date(2027, 1, 1)),  # no year
])
def test_no_date_is_made_of_letters_alone(registry, text, near, value):
    assert _read(registry, text)[2] == []
    assert [f.value for f in _read(registry, near)[2]] == [value]


def test_a_text_layers_letters_are_kept(registry):
    assert [f.value for f in _read(registry, "I. Januar 2027")[2]] == [dt.date(2027, 1, 1)]
    assert _read(registry, "I. Januar 2027", recognized=False)[2] == []


@pytest.mark.parametrize("text, value", [
    ("9. Mlai 1993", dt.date(1993, 5, 9)),
    ("19. Rugust 1987", dt.date(1987, 8, 19)),
    ("1 fanuary 2027", dt.date(2027, 1, 1)),
    ("fanuary 5, 2026", dt.date(2026, 1, 5)),
])
def test_a_month_name_one_letter_off_is_read_doubted(registry, text, value):
    date, c, found = _read(registry, text)
    assert [f.value for f in found] == [value]
    word = next(w for w in text.split() if w.isalpha())
    assert date.doubted(text, value, c) == f"{word!r} read as {value:%B}"


def test_only_the_templates_language_and_english_are_near(registry):
    # 'Mlai' is one letter off German 'Mai', and off no English month
    assert [f.value for f in _read(registry, "5 Mlai 2026")[2]] == [dt.date(2026, 5, 5)]
    assert _read(registry, "5 Mlai 2026", locale="en")[2] == []


@pytest.mark.parametrize("text, value", [
    ("lukasz,wisniewski@example.0rg", "lukasz.wisniewski@example.org"),
    ("j.doe@example,org", "j.doe@example.org"),
    ("ANNA@EXAMPLE.C0M", "ANNA@EXAMPLE.COM"),
])
def test_an_address_misread_is_put_right_doubted(registry, text, value):
    email = ftype(registry, "email")
    found = email.find(text, ctx())
    assert [f.value for f in found] == [value]
    assert "read as" in email.doubted(text[found[0].start:found[0].end], value, ctx())


@pytest.mark.parametrize("text, expected, near, value", [
    # an @ is never made up
    ("helène.dubois Gexample.org", [], "helène,dubois@example.org",
     "helène.dubois@example.org"),
    ("x@y.n1", [], "x@y.n0", "x@y.no"),  # nl or ni: no telling
    # a comma between two addresses, or after one, is no dot
    ("anna@example.org,bob@example.org", ["anna@example.org", "bob@example.org"],
     "anna,bob@example.org", "anna.bob@example.org"),
    ("a@example.org,b", ["a@example.org"], "a,b@example.org,b", "a.b@example.org"),
])
def test_no_address_is_guessed(registry, text, expected, near, value):
    email = ftype(registry, "email")
    assert [f.value for f in email.find(text, ctx())] == expected
    # where only the misreading stands in the way, the address is read (first; beside
    # the address read as written after the comma, as its rival: test_doubted_readings_
    # per_value.py)
    assert email.find(near, ctx())[0].value == value


def test_an_address_read_as_written_is_not_doubted(registry):
    email = ftype(registry, "email")
    assert not email.doubted("anna@example.org", "anna@example.org", ctx())
    known = dataclasses.replace(ctx(), recognized=False)
    assert email.find("lukasz,wisniewski@example.0rg", known) == []


def _doc(*value):
    return words_doc((("Start", 0.05, 0.12), *value))


def _start(day, month, year):
    return _doc((day, 0.2, 0.23), (month, 0.25, 0.35), (year, 0.37, 0.43))


@pytest.mark.parametrize("misread, written, value, note", [
    (("I.", "Januar", "2027"), ("1.", "Januar", "2027"), "2027-01-01", "'I' read as 1"),
    (("9.", "Mlai", "1993"), ("9.", "Mai", "1993"), "1993-05-09", "'Mlai' read as May"),
])
def test_a_date_put_right_goes_to_review_naming_the_misreading(
        registry, misread, written, value, note):
    ex = run(DATE, _start(*misread), registry)
    assert values(ex)["start"] == value
    assert ex.fields["start"].confidence < 0.5 and ex.status.value == "review"
    assert any(r.field == "start" and note in r.message for r in ex.reasons), ex.reasons
    # the same date read as written is accepted
    ex = run(DATE, _start(*written), registry)
    assert values(ex)["start"] == value and ex.status.value == "accepted"


def test_a_failed_rule_on_a_date_put_right_names_the_misreading(registry):
    # HR journey: the under-16 rule failed on a start date read 'I. Januar 2027' and its
    # reason did not say the date was a misreading put right
    src = DATE.replace("}\n", '  rule late: start >= "2027-06-01"\n}\n', 1)
    ex = run(src, _start("I.", "Januar", "2027"), registry)
    failed = [r for r in ex.reasons if r.code == "rule_failed"]
    assert len(failed) == 1 and "'I. Januar 2027', 'I' read as 1" in failed[0].message
    ex = run(src, _start("1.", "Januar", "2027"), registry)
    failed = [r for r in ex.reasons if r.code == "rule_failed"]
    assert len(failed) == 1 and "misreading" not in failed[0].message


def test_an_address_put_right_goes_to_review(registry):
    doc = words_doc((("E-mail", 0.05, 0.12), ("lukasz,wisniewski@example.0rg", 0.2, 0.5)))
    ex = run(MAIL, doc, registry)
    assert values(ex)["mail"] == "lukasz.wisniewski@example.org"
    assert ex.fields["mail"].confidence < 0.5 and ex.status.value == "review"
    assert any("',' read as '.', '0' as 'o'" in r.message for r in ex.reasons), ex.reasons
    doc = words_doc((("E-mail", 0.05, 0.12), ("lukasz.wisniewski@example.org", 0.2, 0.5)))
    assert run(MAIL, doc, registry).status.value == "accepted"
