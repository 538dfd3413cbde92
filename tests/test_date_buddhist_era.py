"""Thai dates count years of the Buddhist Era (พ.ศ., 2569 is 2026), as every Thai tax
invoice prints them (seasia journey, finding 1): '05/12/2569' was read as the year 2569
and accepted."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.locale import get_locale
from tests.parsing import best, ctx, extract_text, ftype

DEC5 = date(2026, 12, 5)


def test_the_th_locale():
    th = get_locale("th_TH")
    assert (th.decimal, th.thousands, th.date_order) == (".", ",", "DMY")
    assert th.year_base == -543


@pytest.mark.parametrize("text, expected", [
    ("05/12/2569", DEC5),
    ("5/12/2569", DEC5),
    ("05-12-2569", DEC5),
    ("๐๕/๑๒/๒๕๖๙", DEC5),                 # Thai digits
    ("2569-12-05", DEC5),
    ("29/02/2567", date(2024, 2, 29)),      # 2567 BE is 2024, a leap year
    ("5 ธันวาคม 2569", DEC5),
    ("5 ธ.ค. 2569", DEC5),
    ("5 ธันวาคม พ.ศ. 2569", DEC5),
    ("5/12/69", DEC5),                      # a two-digit year is BE's too (CLDR's th)
    ("5 ธ.ค. 69", DEC5),
    ("05/12/2026", DEC5),                   # a Gregorian year stays one
    ("5 December 2026", DEC5),
    ("5 Dec 2569", DEC5),                   # a Buddhist-Era year of four digits is one
    ("05-Dec-26", DEC5),                    # an English month name's two digits are not
    ("1 มกราคม 2570", date(2027, 1, 1)),
])
def test_under_th_a_year_is_a_buddhist_era_year(registry, text, expected):
    assert ftype(registry, "date").parse(text, ctx("th")) == expected
    found = best(registry, "date", f"วันที่ {text}", "th")
    assert found is not None and found.value == expected


@pytest.mark.parametrize("text, expected", [
    ("5 ธันวาคม พ.ศ. 2569", DEC5),
    ("5 ธันวาคม 2569", DEC5),               # a Thai month name says it too
    ("5 ธ.ค. 69", DEC5),
    ("5 December B.E. 2569", DEC5),
    ("14 กุมภาพันธ์ 2569", date(2026, 2, 14)),
    ("1 มีนาคม 2570", date(2027, 3, 1)),
])
@pytest.mark.parametrize("locale", ["en", "en_US", "de", "zh_TW"])
def test_a_date_marked_as_buddhist_era_is_read_so_in_every_locale(registry, text, expected,
                                                                  locale):
    assert ftype(registry, "date").parse(text, ctx(locale)) == expected


@pytest.mark.parametrize("text", ["05/12/2569", "๐๕/๑๒/๒๕๖๙", "2569-12-05", "5 Dec 2569"])
@pytest.mark.parametrize("locale", ["en", "de", "ms", "zh_TW"])
def test_elsewhere_a_buddhist_era_year_is_no_year_and_the_message_says_why(
        registry, text, locale):
    with pytest.raises(ValueError, match="Buddhist"):
        ftype(registry, "date").parse(text, ctx(locale))
    assert ftype(registry, "date").find(f"Date: {text}", ctx(locale)) == []
    assert "Buddhist" in (ftype(registry, "date").misfit(f"Date: {text}", ctx(locale)) or "")


def test_a_format_does_not_read_a_buddhist_era_year_as_gregorian(registry):
    dt = ftype(registry, "date", format="%d/%m/%Y")
    assert dt.parse("05/12/2569", ctx("th")) == DEC5
    with pytest.raises(ValueError, match="Buddhist"):
        dt.parse("05/12/2569", ctx("en"))


def test_a_thai_tax_invoice_date_is_extracted(tmp_path):
    text = "TAX INVOICE\nDate: 05/12/2569\nวันที่ 5 ธันวาคม 2569\nTotal: 1,070.00\n"
    template = ('template t {\n  currency "THB"\n'
                '  field issued: date? = right of "Date"\n'
                '  field thai: date? = right of "วันที่"\n}\n')
    result = extract_text(tmp_path, template, text)
    assert result.value("issued") is None           # no more 2569-12-05
    assert result.value("thai") == DEC5
    assert "Buddhist" in result.model_dump_json()
    result = extract_text(tmp_path, template.replace('currency', 'locale "th"\n  currency'),
                          text)
    assert result.value("issued") == DEC5
    assert result.value("thai") == DEC5
