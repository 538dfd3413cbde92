"""Nordic ways of writing amounts (nordic journey, finding 7): 'Kr. 450,00' (Danish and
Norwegian kroner with a dot) had no currency, while 'kr' and 'NOK' were read; the old
Swedish kronor:öre style '1 250:50' was read 1 (confidence 0.88): a wrong value, where
no value would have sent the record to review."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, expected, code", [
    ("Beløb  Kr. 450,00", "DKK", "DKK"),
    ("Beløb  kr. 450,00", "DKK", "DKK"),
    ("Beløp  Kr 450,00", "NOK", "NOK"),
    ("Beløp  KR 450,00", "NOK", "NOK"),
    ("Beløp  450,00 Kr.", "NOK", "NOK"),
    ("Belopp  450,00 kr", None, "SEK"),
    ("Beløb  Kr. 450,00", "EUR", "SEK"),  # another currency than the template's: flagged
])
def test_kroner_written_with_a_capital_or_a_dot_have_their_currency(registry, text,
                                                                      expected, code):
    found = best(registry, "money", text, "fr", expected)
    assert str(found.value) == "450.00" and found.value.currency == code
    parsed = ftype(registry, "money").parse(text.split("  ")[1], ctx("fr", expected))
    assert parsed.currency == code


def test_a_label_ending_in_nr_dot_is_no_currency(registry):
    found = best(registry, "money", "Fakturanr. 4460", "fr", "NOK")
    assert getattr(found.value, "currency", None) is None


@pytest.mark.parametrize("text, locale", [
    ("Belopp 1 250:50", "fr"),        # kronor:öre
    ("Belopp 1 250 000:50", "fr"),
    ("Total 1\u00a0250:50", "en"),
    ("Total 1'250:50", "de_CH"),
])
def test_a_number_grouped_on_past_what_was_read_is_not_read_in_part(registry, text, locale):
    assert ftype(registry, "money").find(text, ctx(locale)) == []
    assert ftype(registry, "int").find(text, ctx(locale)) == []


@pytest.mark.parametrize("text, locale, values", [
    ("Antal 1000 250,00", "fr", ["250.00", "1000"]),   # four digits start no group
    ("Pos 1 250,00", "fr", ["1250.00"]),
    ("Kl 12:50 Summa 12 500:-", "fr", ["12500"]),
])
def test_numbers_beside_each_other_are_still_read(registry, text, locale, values):
    assert [str(f.value) for f in ftype(registry, "money").find(text, ctx(locale))] == values


def test_the_journeys_amounts(tmp_path):
    """The journey's reproduction (min/amts.pdf with min/amts.sift): Belopp05 '1 250:50'
    was 1, Belopp13 'Kr. 450,00' had no currency."""
    from formsift import Engine

    (tmp_path / "a.txt").write_text("Belopp05: 1 250:50\nBelopp13: Kr. 450,00\n",
                                    encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template a {\n  currency "SEK"\n  decimal ","\n  thousands " "\n'
        '  field a05: money? = right of "Belopp05:"\n'
        '  field a13: money? = right of "Belopp13:"\n}\n', encoding="utf-8")
    result = Engine().extract(tmp_path / "a.txt", template=tmp_path / "t.sift")
    assert result.field("a05") is None or result.field("a05").value is None
    assert result.field("a13").value.currency == "SEK"
