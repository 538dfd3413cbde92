"""Japanese amounts (japan journey, findings 1, 2 and 7): '¥75,900-', the dash that closes
a yen amount on Japanese invoices and receipts, was read as a minus (net, tax and total all
negative, the sum rule holding, accepted); full-width digits with a full-width comma
('４０，５００円') were read as their last group (500); the formal '金12,345円也' was not
read. A trailing minus after an amount written without a yen mark stays a sign (SAP
exports: '1,234.56-'); '△75,900' and '▲75,900' are the Japanese negative marks."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text", [
    "合計 ¥75,900-", "合計 ￥75,900-", "合計 ¥75,900－", "合計(税込) ¥ 75,900-",
    "合計 金75,900円-", "合計 75,900円-", "合計 ¥75,900-  ", "小計 JP¥75,900-",
])
@pytest.mark.parametrize("currency", ["JPY", None])
def test_a_dash_closing_a_yen_amount_is_no_minus(registry, text, currency):
    found = best(registry, "money", text, currency=currency)
    assert found is not None and str(found.value) == "75900"
    assert found.value.currency == "JPY"


@pytest.mark.parametrize("text", ["¥75,900-", "￥75,900-", "金75,900円-"])
def test_parse_of_a_closed_yen_amount(registry, text):
    assert str(ftype(registry, "money").parse(text, ctx(currency="JPY"))) == "75900"


def test_the_closing_dash_on_a_row_of_yen_amounts(registry):
    found = ftype(registry, "money").find("トナーカートリッジ 2 ¥18,500- ¥37,000-",
                                          ctx(currency="JPY"))
    assert [str(f.value) for f in found if f.value > 100] == ["18500", "37000"]


@pytest.mark.parametrize("text, value", [
    ("Total 1,234.56-", "-1234.56"),   # SAP: a trailing minus without a yen mark is a sign
    ("Total 75,900-", "-75900"),
    ("Total $1,234.56-", "-1234.56"),  # another currency's mark: a sign
])
def test_a_trailing_minus_without_a_yen_mark_stays_a_sign(registry, text, value):
    assert str(best(registry, "money", text).value) == value


@pytest.mark.parametrize("text", ["差引 △75,900", "差引 ▲75,900", "差引 △ 75,900",
                                  "差引 ▲¥75,900", "差引 △￥75,900"])
def test_the_japanese_negative_marks(registry, text):
    found = best(registry, "money", text, currency="JPY")
    assert found is not None and str(found.value) == "-75900"


@pytest.mark.parametrize("text", ["△75,900", "▲75,900", "▲¥75,900"])
def test_parse_of_the_japanese_negative_marks(registry, text):
    assert str(ftype(registry, "money").parse(text, ctx(currency="JPY"))) == "-75900"


@pytest.mark.parametrize("text, value", [
    ("合計 ４０，５００円", "40500"), ("合計 １２，３４５円", "12345"),
    ("合計 ￥１，２３４，５６７", "1234567"), ("合計 ４０５００円", "40500"),
    ("合計 ¥４０，５００－", "40500"), ("差引 △４０，５００", "-40500"),
])
def test_full_width_digits_and_commas(registry, text, value):
    found = best(registry, "money", text, currency="JPY")
    assert found is not None and str(found.value) == value


@pytest.mark.parametrize("name, text, value", [
    ("decimal", "数量 １，２５０．５", "1250.5"), ("int", "数量 １，２５０", "1250"),
    ("percent", "税率 １０％", "10"),
])
def test_full_width_numbers_in_other_number_types(registry, name, text, value):
    found = best(registry, name, text)
    assert found is not None and str(found.value) == value


def test_parse_of_full_width_digits(registry):
    assert str(ftype(registry, "money").parse("４０，５００円", ctx(currency="JPY"))) == "40500"
    assert str(ftype(registry, "decimal").parse("１，２３４．５６", ctx())) == "1234.56"


@pytest.mark.parametrize("text", ["合計 金12,345円也", "合計 金12,345円", "合計 金 12,345 円也",
                                  "合計 金12,345-", "合計 金１２，３４５円也"])
def test_the_formal_amount(registry, text):
    found = best(registry, "money", text, currency="JPY")
    assert found is not None and str(found.value) == "12345"
    assert found.value.currency == "JPY"


def test_parse_of_the_formal_amount(registry):
    assert str(ftype(registry, "money").parse("金12,345円也", ctx(currency="JPY"))) == "12345"
