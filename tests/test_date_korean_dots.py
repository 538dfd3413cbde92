"""The Korean way of writing a date with dots, a space after each and a dot at the end
("2026. 12. 5.", as Korean spelling rules write it; korea journey, finding 8)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text", ["2026. 12. 5.", "2026. 12. 05.", "2026.12.5.", "2026. 12. 5",
                                  "2026.\u00a012.\u00a05."])
@pytest.mark.parametrize("locale", ["ko_KR", "en", "de_DE"])
def test_a_year_first_date_with_spaced_dots_is_read(registry, text, locale):
    """A user's bug: 'K0: 2026. 12. 5.' was no date (explain: "not a date"), while
    '2026.12.5' was; the year first with four digits says the order in every locale."""
    assert ftype(registry, "date").parse(text, ctx(locale)) == date(2026, 12, 5)
    found = best(registry, "date", f"작성일자: {text} (토)", locale)
    assert found is not None and found.value == date(2026, 12, 5)


def test_the_final_dot_is_part_of_the_date_and_its_neighbours_are_not(registry):
    found = ftype(registry, "date").find("발행일 2026. 12. 5. 공급가액 1,000", ctx("ko_KR"))
    assert [(f.value, "발행일 2026. 12. 5. 공급가액 1,000"[f.start:f.end]) for f in found] == \
        [(date(2026, 12, 5), "2026. 12. 5.")]


@pytest.mark.parametrize("text", ["2026. 13. 5.", "2026. 12. 32.", "12026. 12. 5.",
                                  "2026. 12 5.", "2026 12. 5."])
def test_no_date_where_the_numbers_are_not_one(registry, text):
    with pytest.raises(ValueError):
        ftype(registry, "date").parse(text, ctx("ko_KR"))


def test_a_korean_tax_invoice_date_is_extracted(tmp_path):
    result = extract_text(tmp_path, 'template t {\n  locale "ko_KR"\n'
                          '  field issued: date = right of "작성일자"\n}\n',
                          "세금계산서\n작성일자: 2026. 12. 5.\n합계금액: 1,100,000\n")
    assert result.value("issued") == date(2026, 12, 5)
