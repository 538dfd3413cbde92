"""A thousands comma with a space after it (journey shipping, finding 1): monospaced
carrier print (Courier, dot-matrix: the comma's cell leaves a gap) and formsift's own OCR
on photos (a space is put back after a comma that hugs the digit before it) give
'16, 530.750 KGS'. It was read 16, accepted at 0.81, under decimal and money alike; a
comma (or point) followed by one space, exactly three digits and then the other mark with
decimals groups thousands. A plain list '16, 530' stays two numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("kind", ["decimal", "money"])
@pytest.mark.parametrize("text, locale, expected", [
    ("Total Gross Weight:   16, 530.750 KGS", "en_GB", "16530.750"),
    ("Total Gross Weight:   5, 010.000 KGS", "en_GB", "5010.000"),
    ("Total  1, 234.56", "en", "1234.56"),
    ("Total  1, 234, 567.89", "en", "1234567.89"),
    ("Bruttogewicht  16. 530,750 kg", "de", "16530.750"),
    ("Gross weight 16, 530.750", "de", "16530.750"),   # both marks: the last is decimal
])
def test_a_comma_and_a_space_before_a_group_and_decimals_group_thousands(
        registry, kind, text, locale, expected):
    found = ftype(registry, kind).find(text, ctx(locale))
    assert str(found[0].value) == expected
    assert not found[0].tied
    # its parts rank below it, none tied with it
    assert all(f.score < found[0].score and not f.tied for f in found[1:])
    raw = text[found[0].start:found[0].end]
    assert str(ftype(registry, kind).parse(raw, ctx(locale))) == expected


@pytest.mark.parametrize("text", [
    "Pallets 16, 530",          # a list of two numbers, no decimals
    "Boxes 3, 125, 250",
    "Lines 2, 30.50",           # not three digits after the comma
    "Lots 16,  530.750",        # two spaces: a list
    "Items 7, 16, 530.750",     # inside a list
])
def test_a_list_stays_a_list(registry, text):
    values = [f.value for f in ftype(registry, "decimal").find(text, ctx("en_GB"))]
    assert Decimal("16530.750") not in values and Decimal("30250") not in values
    assert not any(v >= 1000 for v in values)


def test_an_int_reads_the_grouped_number_and_not_its_first_group(registry):
    assert best(registry, "int", "Packages 1, 250.00", "en_GB").value == 1250
    # a list of whole numbers is a list
    assert best(registry, "int", "Packages 16, 530", "en_GB").value == 16


GW = '''template gw {
  locale "en_GB"
  match { contains "Total Gross Weight" }
  field gross_weight: %s = right of "Total Gross Weight:"
  field measurement: decimal = right of "Total Measurement:"
}'''


@pytest.mark.parametrize("kind", ["decimal", "money"])
@pytest.mark.parametrize("line, expected", [
    ("Total Gross Weight:   16, 530.750 KGS", "16530.750"),
    ("Total Gross Weight:   5, 010.000 KGS", "5010.000"),
])
def test_the_journeys_bill_of_lading_total(tmp_path, kind, line, expected):
    """min/gw_commaspace.txt and min/gw2.txt of the journey: gross weight 16, accepted."""
    result = extract_text(tmp_path, GW % kind,
                          line + "\nTotal Measurement:    206.000 CBM\n")
    assert str(result.field("gross_weight").value) == expected
    assert result.status == "accepted"
