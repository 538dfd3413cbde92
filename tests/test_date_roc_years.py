"""Dates of the Republic of China (民國) calendar, as every Taiwanese uniform invoice prints
its date: year 1 is 1912, 民國115年 is 2026 (korea journey, finding 5)."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.locale import get_locale
from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, expected", [
    ("中華民國115年12月05日", date(2026, 12, 5)),
    ("中華民國 115年12月5日", date(2026, 12, 5)),
    ("民國115年12月5日", date(2026, 12, 5)),
    ("民國 99年 1月 5日", date(2010, 1, 5)),
    ("民国115年12月5日", date(2026, 12, 5)),     # simplified
    ("中华民国115年12月5日", date(2026, 12, 5)),
    ("民國115/12/05", date(2026, 12, 5)),
    ("民國115.12.05", date(2026, 12, 5)),
    ("民國元年1月1日", date(1912, 1, 1)),
])
@pytest.mark.parametrize("locale", ["en", "zh_TW", "zh_CN", "ja_JP"])
def test_the_roc_prefix_says_the_year_is_a_minguo_year(registry, text, expected, locale):
    """A user's bug: '中華民國115年12月05日' on a Taiwanese invoice was no date, with a
    format either: issue_date was missing on all six Taiwan documents."""
    assert ftype(registry, "date").parse(text, ctx(locale)) == expected
    found = best(registry, "date", f"日期：{text}", locale)
    assert found is not None and found.value == expected


@pytest.mark.parametrize("text, expected", [
    ("115年12月5日", date(2026, 12, 5)),
    ("115 年 12 月 05 日", date(2026, 12, 5)),
    ("99年1月5日", date(2010, 1, 5)),
    ("115/12/05", date(2026, 12, 5)),
    ("115.12.05", date(2026, 12, 5)),
    ("115-12-05", date(2026, 12, 5)),
])
def test_under_zh_tw_a_short_year_is_a_minguo_year(registry, text, expected):
    assert get_locale("zh_TW").date_order == "YMD"
    assert ftype(registry, "date").parse(text, ctx("zh_TW")) == expected
    found = best(registry, "date", f"開立日期：{text}", "zh_TW")
    assert found is not None and found.value == expected


def test_under_zh_tw_a_gregorian_date_is_still_one(registry):
    for text in ("2026年12月5日", "2026/12/05", "2026-12-05"):
        assert ftype(registry, "date").parse(text, ctx("zh_TW")) == date(2026, 12, 5)


@pytest.mark.parametrize("text", ["115年12月5日", "115/12/05", "115.12.05"])
@pytest.mark.parametrize("locale", ["en", "zh_CN", "ja_JP"])
def test_without_the_prefix_or_zh_tw_a_short_year_is_unread_and_the_message_says_why(
        registry, text, locale):
    with pytest.raises(ValueError, match="民國"):
        ftype(registry, "date").parse(text, ctx(locale))
    assert ftype(registry, "date").find(f"日期：{text}", ctx(locale)) == []


def test_no_roc_year_inside_a_code(registry):
    # an invoice number's digits are no ROC date, under zh_TW either (at most a date
    # inside a code, at half its score)
    found = ftype(registry, "date").find("發票號碼 AB115/12/05", ctx("zh_TW"))
    assert all(f.score < 0.6 for f in found)
    with pytest.raises(ValueError):
        ftype(registry, "date").parse("115/13/05", ctx("zh_TW"))


def test_a_taiwanese_uniform_invoice_date_is_extracted(tmp_path):
    text = "統一發票(三聯式)\n發票號碼：AB-12345678\n中華民國 115年12月5日\n日期：115/12/05\n"
    result = extract_text(tmp_path, 'template t {\n  currency "TWD"\n'
                          '  field issued: date = search /(中華民國\\s*\\S+)/\n'
                          '  field written: date? = right of "日期"\n}\n', text)
    assert result.value("issued") == date(2026, 12, 5)
    assert result.value("written") is None          # 115/12/05 without zh_TW: unread
    result = extract_text(tmp_path, 'template t {\n  locale "zh_TW"\n  currency "TWD"\n'
                          '  field written: date = right of "日期"\n}\n', text)
    assert result.value("written") == date(2026, 12, 5)
