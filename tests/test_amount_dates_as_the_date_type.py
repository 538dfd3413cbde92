"""The money type kept its own, weaker copy of date spotting (code read of stop 27, item 1):
right of a total label, 'Total a pagar antes del 15 de enero de 2027' (es),
'Amount due by 15-Jan-2027' (en_GB) and 'Zahlbar bis 15.Januar 2027' (de) were accepted as
a total of 15 though the date type reads each as a date; 'Te betalen vóór: 15 mei' and
'Amount due by 15 May' too (a full month name of three letters was taken for an
abbreviation), and 'within thirty (30) days' gave a total of -30 (the brackets made it
negative, and hid the count of days). The money type now asks the date type where the
dates of a text are."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, ftype


def amounts(registry, text, locale="en_GB", currency="EUR"):
    return [str(f.value) for f in ftype(registry, "money").find(text, ctx(locale, currency))]


@pytest.mark.parametrize("text, locale", [
    # dates the date type reads, in forms the money type's copy did not know
    ("antes del 15 de enero de 2027", "es_ES"),
    ("by 15-Jan-2027", "en_GB"),
    ("bis 15.Januar 2027", "de_DE"),
    ("bis 15-Jan-27", "en_GB"),
    ("the first day of March 2026", "en_GB"),
    ("uiterlijk 1 jan t/m 31 mrt 2026", "nl"),
    # a day and a full month name without a year: "mei", "May", "Mai" are full names
    ("vóór: 15 mei", "nl"),
    ("by 15 May", "en_GB"),
    ("bis 15. Mai", "de_DE"),
    ("antes del 15 de mayo", "es_ES"),
    ("due May 15", "en_US"),
    # a count of days in brackets, as contracts write it after the words
    ("within thirty (30) days", "en_GB"),
    ("binnen dertig (30) dagen", "nl"),
    ("innerhalb von 14 Werktagen", "de_DE"),
    ("within 30 business days", "en_GB"),
])
def test_the_numbers_of_dates_and_counts_of_days_are_no_amounts(registry, text, locale):
    assert amounts(registry, text, locale) == []


@pytest.mark.parametrize("text, locale, values", [
    # an abbreviation or a word that is no month name without a year: still an amount
    ("Totale 12 mag", "it", ["12"]),
    ("Totaal 3 set", "nl", ["3"]),
    ("Beløp 40 des", "nb", ["40"]),
    # a currency beside a day and a month without a year: the amount's
    ("€ 25 May apply", "en_GB", ["25"]),
    # an amount beside a date, or after a two-digit year, is read whole
    ("15 Jan 2027 € 120,00", "nl", ["120.00"]),
    ("Pos 1 Mai 25,50", "de_DE", ["25.50"]),
    # brackets still make an amount negative
    ("Credit (30.00)", "en_GB", ["-30.00"]),
    ("Credit (30)", "en_GB", ["-30"]),
])
def test_amounts_beside_them_are_still_read(registry, text, locale, values):
    assert amounts(registry, text, locale) == values


def _extract(tmp_path, line, locale):
    from formsift import Engine

    (tmp_path / "d.txt").write_text(f"Doc\n{line}\n", encoding="utf-8")
    label = line.split()[0]
    (tmp_path / "t.sift").write_text(
        f'template t {{\n  locale "{locale}"\n  currency "EUR"\n  match {{ contains "Doc" }}\n'
        f'  field total: money = right of "{label}"\n}}\n', encoding="utf-8")
    return Engine().extract(tmp_path / "d.txt", template=tmp_path / "t.sift")


@pytest.mark.parametrize("line, locale", [
    ("Total a pagar antes del 15 de enero de 2027", "es_ES"),
    ("Amount due by 15-Jan-2027", "en_GB"),
    ("Zahlbar bis 15.Januar 2027", "de_DE"),
    ("Amount due by 15 May", "en_GB"),
    ("Amount due within thirty (30) days", "en_GB"),
])
def test_no_total_is_accepted_from_a_date_or_a_term(tmp_path, line, locale):
    result = _extract(tmp_path, line, locale)
    assert result.field("total") is None
    assert result.status == "review"


def test_the_date_type_reads_a_date_after_a_number_and_a_word(registry):
    """'KB nr. 1 van 29 december 1992': '1 van 29' is no date ('van' is no month), and the
    date after it is read (the money type asks the date type where the dates are)."""
    found = ftype(registry, "date").find("KB nr. 1 van 29 december 1992", ctx("nl"))
    assert [str(f.value) for f in found] == ["1992-12-29"]
