"""A Korean date written month, day, then the year after a comma ("12월 5일, 2026", as
software localized from English's "December 5, 2026" prints it) was not read, while
"2026년 12월 5일" was (korea journey, probe k7)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text", ["12월 5일, 2026", "12월5일,2026", "12 월 05 일 , 2026"])
@pytest.mark.parametrize("locale", ["ko_KR", "en"])
def test_month_day_comma_year_is_read(registry, text, locale):
    assert ftype(registry, "date").parse(text, ctx(locale)) == date(2026, 12, 5)
    found = best(registry, "date", f"발행일: {text} 합계 1,000", locale)
    assert found is not None and found.value == date(2026, 12, 5)


@pytest.mark.parametrize("text", ["12월 5일, 20261", "13월 5일, 2026", "12월 32일, 2026",
                                  "12월 5일, 2026년", "12월 5일 2026"])
def test_no_date_where_it_is_not_one(registry, text):
    assert [f.value for f in ftype(registry, "date").find(text, ctx("ko_KR"))
            if f.value == date(2026, 12, 5)] == []


def test_a_year_first_date_stays_one(registry):
    found = ftype(registry, "date").find("2026년 12월 5일, 2027", ctx("ko_KR"))
    assert [f.value for f in found] == [date(2026, 12, 5)]


def test_extracted(tmp_path):
    result = extract_text(tmp_path, 'template t {\n  locale "ko_KR"\n'
                          '  field issued: date = right of "K7"\n}\n',
                          "문서\nK7: 12월 5일, 2026\n")
    assert result.field("issued").value == date(2026, 12, 5)
