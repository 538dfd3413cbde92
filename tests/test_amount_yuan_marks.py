"""The yuan's marks (china journey, findings 2, 2b and 7): 'RMB 8,236.00' was read as
ringgit (the 'RM' of 'RMB'), '人民币8,236.00' glued was no amount and '人民币 8,236.00' had
no currency, and '¥' / '￥' without a template currency were always yen, so '￥15,695.70'
was refused as 'JPY has no minor unit'. '¥' is the yuan's and the yen's: the template's
currency when it is one of them, else yuan for an amount written with decimals (the yen
has no minor unit), else yen."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text", [
    "RMB 8,236.00", "RMB8,236.00", "8,236.00 RMB", "人民币 8,236.00", "人民币8,236.00",
    "CN¥ 8,236.00", "CN¥8,236.00", "8,236.00元", "CNY 8,236.00",
])
@pytest.mark.parametrize("currency", [None, "CNY"])
def test_the_yuans_marks_are_cny(registry, text, currency):
    found = best(registry, "money", "Total " + text, currency=currency)
    assert found is not None and str(found.value) == "8236.00"
    assert found.value.currency == "CNY"
    parsed = ftype(registry, "money").parse(text, ctx(currency=currency))
    assert str(parsed) == "8236.00" and parsed.currency == "CNY"


def test_a_minus_after_the_glued_yuan_mark_is_the_sign(registry):
    assert str(best(registry, "money", "合计 人民币-9,831.00").value) == "-9831.00"


@pytest.mark.parametrize("text, currency, code", [
    ("￥15,695.70", None, "CNY"),     # a fraction: not yen, which has no minor unit
    ("¥13,890.00", None, "CNY"),     # decimals written: yuan
    ("¥12,800", None, "JPY"),        # whole, no template currency: yen, as before
    ("￥12,800", "CNY", "CNY"),       # the template's currency, when it writes ¥
    ("¥13,890.00", "JPY", "JPY"),
    ("¥13,890.00", "USD", "CNY"),    # another currency: still a mismatch
    ("¥12,800", "EUR", "JPY"),
])
def test_the_yen_sign_is_the_yuans_or_the_yens(registry, text, currency, code):
    found = best(registry, "money", "Total " + text, currency=currency)
    assert found is not None and found.value.currency == code
    assert ftype(registry, "money").parse(text, ctx(currency=currency)).currency == code


@pytest.mark.parametrize("text, code", [
    ("RM 29.30", "MYR"), ("RM29.30", "MYR"), ("29.30 RM", "MYR"),
    ("RMX 29.30", None),              # a word in capitals, not the ringgit
    ("JP¥ 12,800", "JPY"),
])
def test_other_capital_marks_are_unchanged_or_whole_words(registry, text, code):
    found = best(registry, "money", "Total " + text)
    assert found is not None and str(found.value) in ("29.30", "12800")
    assert getattr(found.value, "currency", None) == code


def _extract(tmp_path, text, template):
    from formsift import Engine

    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(doc, template=sift)


def test_a_yuan_invoice_in_a_cny_template_is_accepted(tmp_path):
    result = _extract(tmp_path, "A: RMB 8,236.00\nB: 人民币 8,236.00\nC: 人民币8,236.00\n",
                      'template r {\n  currency "CNY"\n  field a: money = right of "A"\n'
                      '  field b: money = right of "B"\n  field c: money = right of "C"\n}\n')
    assert result.status.value == "accepted", result.reasons
    assert result.record() == {"a": "8236.00", "b": "8236.00", "c": "8236.00"}


def test_a_fapiao_with_yen_signs_and_no_template_currency_is_read_in_yuan(tmp_path):
    result = _extract(tmp_path, "合计 ¥13,890.00\n小写 ￥15,695.70\n",
                      'template y {\n  field net: money = right of "合计"\n'
                      '  field total: money = right of "小写"\n}\n')
    assert result.status.value == "accepted", result.reasons
    assert {k: (str(v.value), v.value.currency) for k, v in result.fields.items()} == {
        "net": ("13890.00", "CNY"), "total": ("15695.70", "CNY")}


def test_ringgit_in_a_cny_template_is_still_a_mismatch(tmp_path):
    result = _extract(tmp_path, "A: RM 8,236.00\n",
                      'template r {\n  currency "CNY"\n  field a: money = right of "A"\n}\n')
    assert [r.code for r in result.reasons] == ["currency_mismatch"]
