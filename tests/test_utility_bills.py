"""What a utility-bill journey (Germany, the Netherlands, the UK) found on accepted records:
a billing period whose start has no year of its own, minus signs of Dutch and German
bookkeeping, and an IBAN with wrong check digits reported as missing too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.core.result import Status
from formsift.templates import runtime
from tests.test_routing import doc, tpl


def ctx(locale: str = "en", currency: str | None = None) -> ParseContext:
    return ParseContext(get_locale(locale), currency)


# ---------------------------------------------------------------- a period's yearless start
RANGES = [
    ("1 jan t/m 31 mrt 2026", "nl", "1 jan"),
    ("01.01. - 31.03.2026", "de", "01.01."),
    ("01.01.-31.03.2026", "de", "01.01."),
    ("1 January to 31 March 2026", "en_GB", "1 January"),
    ("1. Januar bis 31. März 2026", "de", "1. Januar"),
    ("du 1er janvier au 31 mars 2026", "fr", "1er janvier"),
    ("1 januari tot 31 maart 2026", "nl", "1 januari"),
    ("del 1 de enero al 31 de marzo de 2026", "es", "1 de enero"),
    ("January 1 to March 31, 2026", "en", "January 1"),
    ("Jan 1 - Mar 31, 2026", "en", "Jan 1"),
    ("1 jan - 31 mrt 2026", "nl", "1 jan"),          # was read as 1 January 2031
    ("01/01 until 03/31/2026", "en_US", "01/01"),
]


@pytest.mark.parametrize("text, locale, start", RANGES)
def test_a_range_whose_first_date_has_no_year_borrows_the_second_ones(registry, text,
                                                                      locale, start):
    """'Periode 1 jan t/m 31 mrt 2026': the start was skipped and the end date read as the
    start, accepted at 0.89."""
    found = registry.create("field_type", "date").find(text, ctx(locale))
    assert (text[found[0].start:found[0].end], found[0].value) == (start, date(2026, 1, 1))
    assert found[-1].value == date(2026, 3, 31) and len(found) == 2


def test_a_range_over_new_year_takes_the_year_before_for_its_start(registry):
    found = registry.create("field_type", "date").find("15.12. - 14.01.2027", ctx("de"))
    assert [f.value for f in found] == [date(2026, 12, 15), date(2027, 1, 14)]
    found = registry.create("field_type", "date").find("29.02. - 28.02.2025", ctx("de"))
    assert [f.value for f in found] == [date(2024, 2, 29), date(2025, 2, 28)]


def test_a_strict_format_reads_the_yearless_start_of_a_range_too(registry):
    strict = registry.create("field_type", "date", {"format": "%d.%m.%Y", "strict": True})
    found = strict.find("01.01. - 31.03.2026", ctx("de"))
    assert [f.value for f in found] == [date(2026, 1, 1), date(2026, 3, 31)]


@pytest.mark.parametrize("text", ["Lieferung 01.03. Rechnung 31.03.2026",  # no range word
                                  "01.01. - 2026-03-31",     # an ISO end: not written alike
                                  "01/01 - 31.03.2026",      # another separator
                                  "3 items - 31 March 2026",  # no month
                                  "12 - 31.03.2026"])         # no month either
def test_a_yearless_date_outside_a_range_is_still_no_date(registry, text):
    found = registry.create("field_type", "date").find(text, ctx("de"))
    assert [f.value.year for f in found] == [2026]


@pytest.mark.parametrize("raw", ["1 jan", "01.01.", "1. März", "January 1"])
def test_a_lone_yearless_date_says_it_has_no_year(registry, raw):
    with pytest.raises(ValueError, match="no year: a date printed without one is read only "
                                         "as the first date of a range"):
        registry.create("field_type", "date").parse(raw, ctx("nl"))


def test_a_period_label_gives_the_start_and_combine_last_the_end(registry):
    src = '''template t {
      locale "LOCALE"
      field period_start: date = right of "Periode"
      field period_end: date = right of "Periode" combine last
      field bill_date: date = right of "Datum"
      rule order: period_end > period_start
    }'''
    for locale, words in [("nl_NL", ("1", "jan", "t/m", "31", "mrt", "2026")),
                          ("de_DE", ("01.01.", "-", "31.03.2026")),
                          ("de_DE", ("01.01.-31.03.2026",)),
                          ("en_GB", ("1", "January", "to", "31", "March", "2026"))]:
        ex = runtime.run(tpl(src.replace("LOCALE", locale), registry),
                         doc(("Periode", *words), ("Datum", "02.04.2026")))
        assert ex.fields["period_start"].value == date(2026, 1, 1), locale
        assert ex.fields["period_end"].value == date(2026, 3, 31), locale
        assert ex.fields["period_start"].raw in ("1 jan", "01.01.", "1 January")
        assert ex.status is Status.ACCEPTED, ex.reasons


# ---------------------------------------------------------------- minus signs
NEGATIVE = [
    ("-/- € 212,35", "nl", "-/- € 212,35"),
    ("-/- 212,35", "nl", "-/- 212,35"),
    ("€ 212,35 -/-", "nl", "212,35 -/-"),
    ("212,35 -/-", "nl", "212,35 -/-"),
    ("./. 212,35 €", "de", "./. 212,35"),
    ("212,35-", "de", "212,35-"),
    ("212,35 €-", "de", "212,35 €-"),                # a minus glued to the currency
    ("212,35 EUR-", "de", "212,35 EUR-"),
    ("£212.35cr", "en_GB", "212.35cr"),
    ("212.35cr", "en_GB", "212.35cr"),
    ("212.35CR", "en_GB", "212.35CR"),
]


@pytest.mark.parametrize("text, locale, raw", NEGATIVE)
def test_dutch_and_german_minus_signs_and_a_glued_credit_are_negative(registry, text,
                                                                      locale, raw):
    """'-/- € 1.200,00' (a Dutch deduction) came out as +1200.00, and '£212.35cr' was not
    read at all."""
    money = registry.create("field_type", "money")
    (found,) = money.find(text, ctx(locale))
    assert found.value == Decimal("-212.35") and text[found.start:found.end] == raw
    assert money.parse(text, ctx(locale)) == Decimal("-212.35")


def test_a_credit_glued_to_its_amount_keeps_the_cr_option(registry):
    money = registry.create("field_type", "money", {"cr": "positive"})
    assert money.parse("212.35cr", ctx("en_GB")) == Decimal("212.35")


@pytest.mark.parametrize("text, values", [
    ("Artikel 12 - 212,35", ["212.35", "12"]),
    ("10 - 15 kg", ["10", "15"]),
    ("212,35 - 10,00", ["212.35", "10.00"]),       # a minus between two amounts joins them
    ("212,35 € - 10,00 €", ["212.35", "10.00"]),
    ("100,00 -/- 20,00", ["100.00", "-20.00"]),    # 100 less 20: the mark is 20's sign
    ("₹2.50cr total 12.00", ["12.00"]),             # crore, not a credit
])
def test_a_dash_between_two_things_is_no_minus(registry, text, values):
    found = registry.create("field_type", "money").find(text, ctx("de"))
    assert [str(f.value) for f in found] == values


BILL = '''template t {
  locale "LOCALE"
  field credit: money = right of "Teruggave"
  field item: money = right of "Artikel"
  field weight: money? = right of "Gewicht"
}'''


def test_minus_signs_on_a_bill_are_negative_and_a_separating_dash_is_not(registry):
    """On a real bill, 'Betaalde termijnbedragen -/- € 1.200,00' was read +1200.00; only
    a sum rule caught it."""
    cases = [("nl_NL", ("-/-", "€", "1.200,00")), ("nl_NL", ("€", "1.200,00", "-/-")),
             ("de_DE", ("./.", "1.200,00", "€")), ("de_DE", ("1.200,00-", "€")),
             ("de_DE", ("1.200,00", "€-")),
             ("en_GB", ("£1,200.00cr",))]
    for locale, words in cases:
        ex = runtime.run(tpl(BILL.replace("LOCALE", locale), registry),
                         doc(("Teruggave", *words), ("Artikel", "12", "-", "212,35"),
                             ("Gewicht", "10", "-", "15", "kg")))
        credit = ex.fields["credit"]
        assert credit.value == Decimal("-1200.00"), (locale, words)
        assert any(m in credit.raw for m in ("-/-", "./.", "-", "cr")), credit.raw
        # the dash after the article number is no sign of the amount, nor of the number
        assert ex.fields["item"].value >= 0 and ex.fields["weight"].value == 10


def test_a_minus_set_apart_after_an_amount_is_no_sign(registry):
    """The review: an invoice whose totals have a right-hand column printing "-" for none
    ("Total 142.80 -") came out with every amount negated, and accepted (net + vat ==
    total still held). A minus set apart after an amount is no sign; one glued to its
    digits is ("212,35-")."""
    src = '''template t {
      field net: money = right of "Subtotal"
      field vat: money = right of "VAT"
      field total: money = right of "Total"
      rule sum: net + vat == total
    }'''
    ex = runtime.run(tpl(src, registry), doc(("Subtotal", "120.00", "-"),
                                             ("VAT", "19%", "22.80", "-"),
                                             ("Total", "142.80", "-")))
    assert [ex.fields[f].value for f in ("net", "vat", "total")] == [
        Decimal("120.00"), Decimal("22.80"), Decimal("142.80")]
    euros = runtime.run(tpl(src, registry), doc(("Subtotal", "120,00", "€", "-"),
                                                ("VAT", "19%", "22,80", "€", "-"),
                                                ("Total", "142,80", "€", "-")))
    assert [euros.fields[f].value for f in ("net", "vat", "total")] == [
        Decimal("120.00"), Decimal("22.80"), Decimal("142.80")]
    glued = runtime.run(tpl(src, registry),
                        doc(("Subtotal", "120.00-"), ("VAT", "22.80-"), ("Total", "142.80-")))
    assert glued.fields["total"].value == Decimal("-142.80")


@pytest.mark.parametrize("text, locale, value", [
    ("12.50 -", "en", "12.50"),
    ("$12.50 -", "en", "12.50"),
    ("12,50 € -", "de", "12.50"),
    ("12,50 € -", "fr", "12.50"),
    ("212,35 € -", "de", "212.35"),   # the utility bill's credit line: a dash set apart
    ("CASH 20.00 - ", "en", "20.00"),
    ("1,234.56 - ", "en", "1234.56"),
    ("12.50 VAT-", "en", "12.50"),    # glued to a word that is no currency
])
def test_a_minus_set_apart_or_after_a_word_signs_no_amount(registry, text, locale, value):
    money = registry.create("field_type", "money")
    assert [str(f.value) for f in money.find(text, ctx(locale))] == [value]


# ---------------------------------------------------------------- an invalid IBAN
def test_an_iban_with_wrong_check_digits_is_invalid_not_also_missing(registry):
    """The record said both 'invalid_value' and 'field_missing: no value found', and the
    rule 'not evaluated: iban is missing'."""
    src = '''template t {
      field surname: text = right of "Surname"
      field iban: iban = right of "IBAN"
      rule iban_ok: valid_iban(iban)
    }'''
    ex = runtime.run(tpl(src, registry),
                     doc(("Surname", "Novak"), ("IBAN", "DE89", "3704", "0044", "0532", "0130",
                                                "01")))
    assert [r.code for r in ex.reasons] == ["invalid_value"]
    assert ex.status is Status.REVIEW
    (rule,) = ex.rules
    assert rule.passed is None
    assert rule.message.startswith("not evaluated: iban is invalid (")
    assert "check digits are wrong" in rule.message


@pytest.mark.parametrize("text, expected", [
    # the review: numbers that are no yearless dates before a dash
    ("Kasse 1.2 - 14.03.2026 08:12", "2026-03-14"),
    ("Tisch 4.1 - 14.03.2026", "2026-03-14"),
    ("kl. 08.12 - 14.03.2026", "2026-03-14"),
    ("Rev 2.1 - 31.03.2026", "2026-03-31"),
    ("Qty 12.3 to 14.03.2026", "2026-03-14"),
    ("2.5 do 31.05.2026", "2026-05-31"),
    # written with the dots, but not with the zeros of the end date
    ("Kasse 1.2. - 14.03.2026", "2026-03-14"),
    ("Tisch 4.1. - 14.03.2026", "2026-03-14"),
    # slashes: a page number or a fraction, not padded like the end date
    ("Page 1/2 - 14/03/2026", "2026-03-14"),
    ("Qty 1/2 to 14/03/2026", "2026-03-14"),
    # a month name of another language than the end's, or written the other way round
    ("1 set - 31 March 2026", "2026-03-31"),
    ("Jan 1 - 31 March 2026", "2026-03-31"),
    # and dates whose parts are joined by spaced dashes, read again
    ("15 - Mar - 2026", "2026-03-15"),
    ("15-Mar- 2026", "2026-03-15"),
    ("15 -Mar-2026", "2026-03-15"),
    ("15 Mar - 2024", "2024-03-15"),
    ("1st - March 2026", "2026-03-01"),
    # a two-digit year after a spaced dash, as OCR spaces the dashes of "15-Mar-24"
    ("15 - Mar - 24", "2024-03-15"),
    ("15-Mar - 24", "2024-03-15"),
    ("15-Mar- 24", "2024-03-15"),
    ("15 -Mar-24", "2024-03-15"),
    ("15 Mar - 24", "2024-03-15"),
    ("15 - Mar - 24, 14:02", "2024-03-15"),
])
def test_what_is_no_range_start_and_dates_with_spaced_dashes(registry, text, expected):
    src = '''template t {
      field d: date = right of "Date"
    }'''
    ex = runtime.run(tpl(src, registry), doc(("Date", *text.split())))
    assert ex.fields["d"] is not None and ex.fields["d"].value.isoformat() == expected, text


@pytest.mark.parametrize("text, locale, dates", [
    ("1 jan - 31 mrt", "nl", []),                       # no year: not 1 January 2031
    ("1 Jan - 12 items", "en", []),
    ("1-Jan - 31-Mar-26", "en", ["2026-01-01", "2026-03-31"]),
    ("2 May - 31 Mar 26", "en", ["2025-05-02", "2026-03-31"]),
    # ranges still read: numbers written like the end, month names of its language
    ("1.1. - 31.12.2025", "de", ["2025-01-01", "2025-12-31"]),
    ("3.4. - 5.4.2026", "de", ["2026-04-03", "2026-04-05"]),
    ("Period 01/01 - 31/03/2026", "en_GB", ["2026-01-01", "2026-03-31"]),
    ("1 stycznia do 31 marca 2026", "pl", ["2026-01-01", "2026-03-31"]),
    ("1 mai - 31 März 2026", "de", ["2025-05-01", "2026-03-31"]),
])
def test_a_two_digit_year_after_a_spaced_dash_is_no_range_end(registry, text, locale, dates):
    found = registry.create("field_type", "date").find(text, ctx(locale))
    assert [f.value.isoformat() for f in found] == dates
