"""Won and yuan amounts as Korean and Chinese documents close them (korea journey, findings 1
and 9): '₩1,000,000-', a dash that closes the amount as in '¥75,900-', was read as a minus
(net, vat and total all negative, the sum rule holding, accepted); '12,345元整' and
'금 1,234,000원정' (整 and 정 close the amount, 금 opens it, as 金 and 也 the Japanese
one) were no amounts. A trailing minus without such a mark stays a sign (SAP exports)."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, value, code", [
    ("합계 ₩1,000,000-", "1000000", "KRW"),
    ("합계 ₩ 1,000,000-", "1000000", "KRW"),
    ("합계 1,000,000원-", "1000000", "KRW"),
    ("합계 금1,000,000원-", "1000000", "KRW"),
    ("합계 금 1,000,000-", "1000000", "KRW"),
    ("合计 12,345元-", "12345", "CNY"),
    ("合計 12,345圓-", "12345", "CNY"),
    ("合计 ¥12,345-", "12345", "JPY"),
])
def test_a_dash_closing_a_won_or_yuan_amount_is_no_minus(registry, text, value, code):
    found = best(registry, "money", text)
    assert found is not None and str(found.value) == value
    assert found.value.currency == code


@pytest.mark.parametrize("text", ["₩1,000,000-", "1,000,000원-", "12,345元-"])
def test_parse_of_a_closed_amount(registry, text):
    assert ftype(registry, "money").parse(text, ctx()) > 0


@pytest.mark.parametrize("text, value", [
    ("Total 1,000.00-", "-1000.00"),     # SAP: a trailing minus without a mark is a sign
    ("Total 1,000,000-", "-1000000"),
    ("합계 1,000,000-", "-1000000"),
    ("合计 12,345.50元-", "-12345.50"),   # decimals: no closed whole amount, a sign
    ("合計 NT$12,345-", "-12345"),        # another currency's mark: a sign
])
def test_a_trailing_minus_without_such_a_mark_stays_a_sign(registry, text, value):
    assert str(best(registry, "money", text).value) == value


@pytest.mark.parametrize("text, value, code", [
    ("總計 12,345元整", "12345", "CNY"),
    ("總計 12,345 元整", "12345", "CNY"),
    ("總計 新台幣12,345元整", "12345", "TWD"),
    ("總計 新台幣 12,345 元整", "12345", "TWD"),
    ("合计 12,345圓整", "12345", "CNY"),
    ("합계 금 1,234,000원정", "1234000", "KRW"),
    ("합계 금1,234,000원정", "1234000", "KRW"),
    ("합계 1,234,000원정", "1234000", "KRW"),
    ("합계 금 1,234,000", "1234000", "KRW"),
])
def test_the_formal_marks_around_won_and_yuan(registry, text, value, code):
    found = best(registry, "money", text)
    assert found is not None and str(found.value) == value
    assert found.value.currency == code
    amount = text.split(" ", 1)[1]
    parsed = ftype(registry, "money").parse(amount, ctx())
    assert str(parsed) == value and parsed.currency == code


@pytest.mark.parametrize("text", ["합계 금액 1,234,000", "입금1,234,000원", "현금 1,234,000"])
def test_words_holding_the_formal_mark_are_no_mark(registry, text):
    found = best(registry, "money", text)
    # "금액" (amount) is a label, "입금" (deposit) and "현금" (cash) words: no formal mark
    if found is not None:
        assert found.value == 1234000 and text.startswith(("합계 금액", "현금", "입금"))


TEMPLATE = """template t {
  locale "ko_KR"
  currency "KRW"
  match { contains "세금계산서" }
  field net: money = right of "공급가액"
  field vat: money = right of "세액"
  field total: money = right of "합계금액"
  rule sum: net + vat == total
}
"""


def test_a_quote_closing_its_amounts_with_dashes(tmp_path):
    text = "세금계산서\n공급가액 ₩1,000,000-\n세액 ₩100,000-\n합계금액 ₩1,100,000-\n"
    result = extract_text(tmp_path, TEMPLATE, text)
    assert [str(result.fields[n].value) for n in ("net", "vat", "total")] == \
        ["1000000", "100000", "1100000"]
