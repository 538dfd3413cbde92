"""Amounts written the Arabic way (gulf journey, finding 1): the Arabic decimal separator
U+066B, thousands separator U+066C and comma U+060C were no separators, so '١٠٠٫٥٠' was
read 100, '١٬١٥٠٫٠٠' 1: net, VAT and total all cut to whole riyals still held
net + vat == total and the rate rule, and the invoice was accepted. '١٥٪' (the Arabic
percent sign U+066A) was no percentage."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("raw, expected", [
    ("١٠٠٫٥٠", "100.50"),
    ("١٥٫٠٨", "15.08"),
    ("١٬١٥٠٫٠٠", "1150.00"),
    ("١،١٥٠٫٠٠", "1150.00"),     # the Arabic comma grouping thousands
    ("١٬١٥٠", "1150"),
    ("١،١٥٠", "1150"),
    ("١٬٢٣٤٬٥٦٧٫٨٩", "1234567.89"),
    ("١٫٥٠٠", "1.500"),          # U+066B is the decimal mark, whatever follows
    ("-١٠٠٫٥٠", "-100.50"),
    ("1٬150٫75", "1150.75"),     # Western digits with the Arabic marks
])
@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_the_arabic_decimal_and_thousands_marks_are_read(registry, raw, expected, locale):
    found = best(registry, "money", f"الإجمالي: {raw} ر.س", locale)
    assert found is not None and str(found.value) == expected
    assert str(ftype(registry, "money").parse(raw, ctx(locale))) == expected
    assert str(best(registry, "decimal", f"Total {raw}", locale).value) == expected


@pytest.mark.parametrize("raw", ["١٬١٥", "١٢٫٥٠٫٣", "١٬١٥٠٬٠"])
def test_a_number_that_goes_on_is_not_read_in_part(registry, raw):
    assert ftype(registry, "money").find(f"Total {raw}", ctx()) == []


@pytest.mark.parametrize("text", ["VAT ١٥٪", "VAT 15٪", "VAT ١٥ ٪", "VAT 15％"])
def test_the_arabic_percent_sign_is_a_percent(registry, text):
    assert best(registry, "percent", text).value == 15
    assert best(registry, "money", text) is None  # a rate, no amount
    assert ftype(registry, "percent").parse(text[4:], ctx()) == 15


def test_an_arabic_invoice_written_with_arabic_marks(tmp_path):
    """The journey's reproduction (mini/wrong_accepted.txt with mini/sa_txt.sift)."""
    from formsift import Engine

    (tmp_path / "sa.txt").write_text(
        "TAX INVOICE\nTotal excl. VAT: ١٠٠٫٥٠ ر.س\nVAT 15%: ١٥٫٠٨ ر.س\n"
        "Total incl. VAT: ١١٥٫٥٨ ر.س\n", encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template sa {\n  currency "SAR"\n'
        '  field net: money = right of "Total excl. VAT"\n'
        '  field vat: money = right of "VAT 15%"\n'
        '  field total: money = right of "Total incl. VAT"\n'
        '  rule totals: net + vat == total\n}\n', encoding="utf-8")
    result = Engine().extract(tmp_path / "sa.txt", template=tmp_path / "t.sift")
    assert [str(result.field(n).value) for n in ("net", "vat", "total")] == \
        ["100.50", "15.08", "115.58"]
