"""A dot grouping thousands in a template whose decimal mark is the comma and whose
thousands are spaces (nordic journey, finding 1): Norwegian invoices print both
'12 500,00' and '12.500,-' / 'kr 12.500'. '10.000,-', 'kr 2.500,-', 'kr 12.500,-' were read
10.000, 2.500 and 12.500 and ACCEPTED, net + vat == total holding at 1/1000 scale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, locale, expected", [
    # ",-" (",--", ",–", ",—"): no cents, after the decimal mark; so the dot before groups
    ("Å betale  kr 12.500,-", "fr", "12500"),
    ("Beløp  12.500,- NOK", "fr", "12500"),
    ("Beløp  kr 1.250.000,-", "fr", "1250000"),
    ("Summe  12.500,-- €", "fr", "12500"),
    ("Summe  12.500,— €", "pl", "12500"),
    ("Celkem  12 500,- Kč", "fr", "12500"),
    ("Celkem  12.500,- Kč", "de", "12500"),
    ("Summe  12.500,– €", "de", "12500"),
    ("Preis  12,- €", "de", "12"),
    ("Pris  Fr. 12.-", "de_CH", "12"),
    ("Pris  Fr. 1'250.-", "de_CH", "1250"),
    ("Total  12,500.- USD", "en", "12500"),
    ("Att betala  12 500:-", "fr", "12500"),
    ("Att betala  12.500:-", "fr", "12500"),
    ("Att betala  1.250:-", "en", "1250"),
    # a minus is still a minus, before or after
    ("Kreditnota  kr -12.500,-", "fr", "-12500"),
    ("Rabatt  12,00-", "de", "-12.00"),
    # a decimal part of digits says the same, as before
    ("Å betale  kr 12.500,00", "fr", "12500.00"),
])
def test_a_dash_for_no_cents_shows_which_mark_is_the_decimal_one(registry, text, locale,
                                                                   expected):
    found = best(registry, "money", text, locale, "NOK")
    assert found is not None and str(found.value) == expected
    assert not [f for f in ftype(registry, "money").find(text, ctx(locale, "NOK"))
                if f.tied]
    raw = text.split("  ", 1)[1]
    assert str(ftype(registry, "money").parse(raw, ctx(locale, "NOK"))) == expected


@pytest.mark.parametrize("text, locale", [
    ("Summe 12,500,- €", "en"),   # the comma both groups and marks the decimals: no value
    ("Summe 1.250.-", "de"),
])
def test_a_mark_that_would_both_group_and_end_the_amount_is_no_amount(registry, text,
                                                                        locale):
    assert [f.value for f in ftype(registry, "money").find(text, ctx(locale))] == []


def test_the_currency_after_a_dash_for_no_cents_is_read(registry):
    value = best(registry, "money", "Beløp 12.500,- kr", "fr", "NOK").value
    assert value == Decimal("12500") and value.currency == "NOK"
    value = best(registry, "money", "Celkem 12 500,- Kč", "fr", "CZK").value
    assert value.currency == "CZK"


@pytest.mark.parametrize("text, locale, readings", [
    # a lone separator that is neither the template's decimal mark nor its thousands
    # separator, with three digits after it: either may be meant, rules decide or review
    ("Å betale kr 12.500", "fr", ["12.500", "12500"]),
    ("Summa 12.500 kr", "fr", ["12.500", "12500"]),
    ("Preis 1.859 €/l", "fr", ["1.859", "1859"]),
    ("Fr. 1,250", "de_CH", ["1.250", "1250"]),
])
def test_a_lone_foreign_separator_before_three_digits_is_ambiguous(registry, text, locale,
                                                                     readings):
    found = ftype(registry, "money").find(text, ctx(locale))
    assert [str(f.value) for f in found[:2]] == readings
    assert found[1].tied and found[1].score == found[0].score
    # a plain decimal reads it as parse_number does (a fuel price "1.859"): the tie is money's
    decimals = ftype(registry, "decimal").find(text, ctx(locale))
    assert [str(f.value) for f in decimals] == readings[:1]


@pytest.mark.parametrize("text, locale, expected", [
    ("Summe 1.250", "de", "1250"),       # the locale's own thousands separator
    ("Total 1,250", "en", "1250"),
    ("Total 1.250", "en", "1.250"),      # the locale's own decimal mark
    ("Summe 1,250", "de", "1.250"),
    ("Preis 0.125", "fr", "0.125"),      # no thousands group starts with 0
    ("Summa 12.50", "fr", "12.50"),      # two decimals
])
def test_a_separator_of_the_locale_is_not_ambiguous(registry, text, locale, expected):
    found = ftype(registry, "money").find(text, ctx(locale))
    assert [str(f.value) for f in found] == [expected]


def _extract(tmp_path, lines):
    from formsift import Engine

    (tmp_path / "no.txt").write_text("FAKTURA\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template no {\n  currency "NOK"\n  decimal ","\n  thousands " "\n'
        '  field net: money = right of "Sum eks. mva"\n'
        '  field vat: money = right of "MVA 25 %"\n'
        '  field total: money = right of "Å betale"\n'
        '  rule totals: net + vat == total\n}\n', encoding="utf-8")
    return Engine().extract(tmp_path / "no.txt", template=tmp_path / "t.sift")


def test_a_norwegian_invoice_grouped_with_dots(tmp_path):
    """The journey's reproduction (docs/no4.pdf, min/dotk.pdf): 10.000 + 2.500 = 12.500,
    accepted at confidence 0.99."""
    result = _extract(tmp_path, ["Sum eks. mva kr 10.000,-", "MVA 25 % kr 2.500,-",
                                 "Å betale kr 12.500,-"])
    assert [str(result.field(n).value) for n in ("net", "vat", "total")] == \
        ["10000", "2500", "12500"]
    # no cents written: either reading holds the rule; the record is not accepted
    result = _extract(tmp_path, ["Sum eks. mva kr 10.000", "MVA 25 % kr 2.500",
                                 "Å betale kr 12.500"])
    assert result.status == "review"
    assert "ambiguous" in {r.code for r in result.reasons}
    # amounts written otherwise on the same invoice decide
    result = _extract(tmp_path, ["Sum eks. mva 10 000,00", "MVA 25 % 2 500,00",
                                 "Å betale kr 12.500"])
    assert [str(result.field(n).value) for n in ("net", "vat", "total")] == \
        ["10000.00", "2500.00", "12500"]
