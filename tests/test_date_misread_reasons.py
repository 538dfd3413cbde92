"""What the date type says of a date a recognizer misread (HR new-hire journey).

'1. Januar 2027' read 'I. Januar 2027' was taken for a month and a year, and the reason
proposed ``date(format="I. %B %Y")``, which reads every misread day as the 1st; a
handwritten month name misread by one letter ('Mlai', 'Rugust', 'fanuary') was said to
name its month in a language the date type does not read. The reasons now name the
misreading and the date it hides, to be checked; a word that is no month name is called
so, not a language."""

from __future__ import annotations

import dataclasses

import pytest

from tests.parsing import ctx, ftype


def _date(registry, locale="de_DE", recognized=True):
    return ftype(registry, "date"), dataclasses.replace(ctx(locale), recognized=recognized)


@pytest.mark.parametrize("text, note", [
    ("I. Januar 2027", "'I' read as 1 gives 2027-01-01"),
    ("l. Januar 2027", "'l' read as 1 gives 2027-01-01"),
    ("S. Mai 2026", "'S' read as 5 gives 2026-05-05"),
    ("2O.11.2026", "'2O' read as 20 gives 2026-11-20"),
    ("12.O3.2026", "'O3' read as 03 gives 2026-03-12"),
])
def test_a_letter_for_a_digit_is_named_and_no_format_proposed(registry, text, note):
    date, c = _date(registry)
    with pytest.raises(ValueError) as err:
        date.parse(text, c)
    assert note in str(err.value) and "format=" not in str(err.value)
    why = date.misfit(text, c)
    assert note in why and "misreading, to be checked" in why and "format=" not in why


def test_a_month_and_a_year_alone_still_get_their_format(registry):
    date, c = _date(registry)
    with pytest.raises(ValueError, match=r'format="%B %Y"'):
        date.parse("Januar 2027", c)


@pytest.mark.parametrize("text, note", [
    ("9. Mlai 1993", "'Mlai' read as May gives 1993-05-09"),
    ("19. Rugust 1987", "'Rugust' read as August gives 1987-08-19"),
    ("1 fanuary 2027", "'fanuary' read as January gives 2027-01-01"),
])
def test_a_month_name_one_letter_off_is_named_a_misreading(registry, text, note):
    date, c = _date(registry)
    why = date.misfit(text, c)
    assert note in why and "language" not in why


def test_a_word_further_off_is_no_month_name(registry):
    date, c = _date(registry)
    why = date.misfit("5 Fobruor 2026", c)
    assert "'Fobruor' is no month name" in why and "in a language" not in why
    # 'Mlai' is one letter off German 'Mai' only: no month of an English template
    date, c = _date(registry, "en")
    assert "read as" not in date.misfit("5 Mlai 2026", c)


@pytest.mark.parametrize("text", ["IO.IO.IOIO", "Page I of 2 2026", "I. Januar"])
def test_no_date_is_made_of_letters_alone(registry, text):
    date, c = _date(registry)
    assert "read as" not in (date.misfit(text, c) or "")


def test_a_text_layers_letters_are_not_taken_for_digits(registry):
    date, c = _date(registry, recognized=False)
    assert "read as" not in (date.misfit("I. Januar 2027", c) or "")
