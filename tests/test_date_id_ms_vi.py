"""Indonesian, Malay and Vietnamese dates (seasia journey, findings 2 and 3): '17 Agustus
2026', 'Maret', Malay '5 Disember 2026', '14 Ogos 2026' and Vietnamese 'Ngày 05 tháng 12
năm 2026' were no dates (the Indonesian names read were Dutch or Norwegian ones)."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.locale import get_locale
from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("tag, decimal, thousands", [
    ("id", ",", "."), ("id_ID", ",", "."), ("ms_MY", ".", ","), ("vi_VN", ",", "."),
])
def test_the_locales(tag, decimal, thousands):
    loc = get_locale(tag)
    assert (loc.decimal, loc.thousands, loc.date_order) == (decimal, thousands, "DMY")


ID_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
ID_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MS_MONTHS = ["Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos",
             "September", "Oktober", "November", "Disember"]
MS_ABBR = ["Jan", "Feb", "Mac", "Apr", "Mei", "Jun", "Jul", "Ogo", "Sep", "Okt", "Nov", "Dis"]


@pytest.mark.parametrize("names", [ID_MONTHS, ID_ABBR, MS_MONTHS, MS_ABBR])
@pytest.mark.parametrize("locale", ["id", "ms", "en"])
def test_indonesian_and_malay_month_names(registry, names, locale):
    for number, name in enumerate(names, start=1):
        expected = date(2026, number, 14)
        for text in (f"14 {name} 2026", f"14 {name.upper()} 2026"):
            assert ftype(registry, "date").parse(text, ctx(locale)) == expected, text
            found = best(registry, "date", f"Tanggal: {text}", locale)
            assert found is not None and found.value == expected, text


@pytest.mark.parametrize("text", ["Senin, 17 Agustus 2026", "Isnin, 17 Ogos 2026"])
def test_a_weekday_before(registry, text):
    assert ftype(registry, "date").parse(text, ctx("id")) == date(2026, 8, 17)


@pytest.mark.parametrize("text", [
    "Ngày 05 tháng 12 năm 2026", "ngày 5 tháng 12 năm 2026", "05 tháng 12 năm 2026",
    "5 tháng 12, 2026", "NGÀY 05 THÁNG 12 NĂM 2026",
    "Ngay 05 thang 12 nam 2026", "5 thang 12, 2026",          # without the marks (OCR)
    "Nga\u0300y 05 tha\u0301ng 12 na\u0306m 2026",              # decomposed marks
])
@pytest.mark.parametrize("locale", ["vi", "en", "en_US"])
def test_vietnamese_dates(registry, text, locale):
    assert ftype(registry, "date").parse(text, ctx(locale)) == date(2026, 12, 5)
    found = best(registry, "date", f"Hóa đơn số 0000457 {text} Ký hiệu 1C26TAA", locale)
    assert found is not None and found.value == date(2026, 12, 5)


def test_no_vietnamese_date_of_wrong_numbers(registry):
    with pytest.raises(ValueError):
        ftype(registry, "date").parse("Ngày 35 tháng 12 năm 2026", ctx("vi"))
    assert ftype(registry, "date").find("5 tháng 13 năm 2026", ctx("vi")) == []


def test_a_malay_mac_is_no_month_in_a_quantity(registry):
    # "Mac" is read as March in a date, but "2 Mac mini" holds no day and month
    from formsift.plugins.fieldtypes.dates import day_and_month_spans
    assert day_and_month_spans("Qty 2 Mac mini 4,999.00", ctx("en")) == []
    assert ftype(registry, "date").parse("5 Mac 2026", ctx("ms")) == date(2026, 3, 5)


def test_invoices_are_extracted(tmp_path):
    text = ("FAKTUR\nTanggal: 17 Agustus 2026\nJatuh tempo: 3 Maret 2027\n"
            "Tarikh: 14 Ogos 2026\nNgày 05 tháng 12 năm 2026\nTotal: Rp 12.500.000,00\n")
    result = extract_text(tmp_path, 'template t {\n  locale "id"\n'
                          '  field issued: date = right of "Tanggal"\n'
                          '  field due: date = right of "Jatuh tempo"\n'
                          '  field tarikh: date = right of "Tarikh"\n'
                          '  field ngay: date = search /(Ngày.*)/\n'
                          '  field total: money = right of "Total"\n}\n', text)
    assert result.value("issued") == date(2026, 8, 17)
    assert result.value("due") == date(2027, 3, 3)
    assert result.value("tarikh") == date(2026, 8, 14)
    assert result.value("ngay") == date(2026, 12, 5)
    assert str(result.value("total")) == "12500000.00"


def test_philippine_dates_are_month_first(registry):
    # (CLDR's en_PH: "12/5/26"); Malaysia's English writes the day first
    assert get_locale("en_PH").date_order == "MDY"
    assert ftype(registry, "date").parse("12/05/2026", ctx("en_PH")) == date(2026, 12, 5)
    assert ftype(registry, "date").parse("05/12/2026", ctx("en_MY")) == date(2026, 12, 5)
