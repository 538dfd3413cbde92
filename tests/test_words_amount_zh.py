"""``words_amount(text, "zh")``: the amount in Chinese financial numerals (大写) that every
fapiao, and Chinese cheques, contracts and receipts, print beside the figures (小写): the
control an AP team checks first (china journey, finding 1: a fapiao whose 价税合计 大写
捌仟贰佰陆拾叁圆整 disagrees with ¥8,236.00 was accepted, zh being refused)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source
from formsift.templates.rules import RuleEvalError


def words_amount(text: str, lang: str = "zh") -> Decimal:
    from formsift.plugins.validators.words import words_amount as impl

    return impl(text, lang)


@pytest.mark.parametrize("text, expected", [
    ("壹仟贰佰叁拾肆圆伍角陆分", "1234.56"),
    ("壹万零伍拾圆整", "10050.00"),
    ("贰亿零伍佰万圆整", "205000000.00"),
    # the examples of the People's Bank's rules for writing amounts (支付结算办法, 附件:
    # 正确填写票据和结算凭证的基本规定), with the 零 each requires or allows
    ("人民币壹仟肆佰零玖元伍角", "1409.50"),
    ("人民币陆仟零柒元壹角肆分", "6007.14"),
    ("人民币壹仟陆佰捌拾元零叁角贰分", "1680.32"),
    ("人民币壹仟陆佰捌拾元叁角贰分", "1680.32"),
    ("人民币壹拾万柒仟元零伍角叁分", "107000.53"),
    ("人民币壹拾万零柒仟元伍角叁分", "107000.53"),
    ("人民币壹万陆仟肆佰零玖元零贰分", "16409.02"),
    ("人民币叁佰贰拾伍元零肆分", "325.04"),
    ("壹佰圆伍分", "100.05"),
    ("叁拾万零贰佰圆整", "300200.00"),
    ("壹仟零壹拾圆整", "1010.00"),
    ("拾圆整", "10.00"),
    ("拾万圆整", "100000.00"),
    ("壹佰圆正", "100.00"),
    ("壹拾贰圆", "12.00"),
    ("伍角", "0.50"),
    ("陆分", "0.06"),
    ("零圆伍角陆分", "0.56"),
    ("壹佰圆零角伍分", "100.05"),
    ("壹佰圆伍角陆分整", "100.56"),
    ("玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分", "999999999999.99"),
    # as fapiaos print them: the ⓧ (or ⊗) mark before, 角 then 整, negative red-letter ones
    ("ⓧ壹万伍仟陆佰玖拾伍圆柒角整", "15695.70"),
    ("ⓧ捌仟贰佰陆拾叁圆整", "8263.00"),
    ("⊗柒仟壹佰零肆圆整", "7104.00"),
    ("ⓧ陆万圆整", "60000.00"),
    ("ⓧ负玖仟捌佰叁拾壹圆整", "-9831.00"),
    ("（负数）壹佰圆整", "-100.00"),
    ("价税合计（大写）：ⓧ叁万叁仟壹佰捌拾陆圆壹角整", "33186.10"),
    # the mark as OCR reads it (β), spaces OCR puts between the characters
    ("β叁万叁仟壹佰捌拾陆圆壹角整", "33186.10"),
    ("壹 仟 贰 佰 圆 整", "1200.00"),
    # traditional characters (zh-TW): 圓, 參 and 叄, 貳, 陸, 萬, 億, 負, 新臺幣
    ("參佰圓整", "300.00"),
    ("叄佰圓整", "300.00"),
    ("新臺幣壹萬貳仟參佰肆拾伍圓陸角柒分", "12345.67"),
    ("壹億零伍佰萬圓整", "105000000.00"),
    ("負壹佰圓整", "-100.00"),
    # a compatibility ideograph in a PDF's text layer (U+F9D3 陸)
    ("壹佰\uf9d3拾圓整", "160.00"),
    # ordinary numerals, 两, 〇
    ("一千二百三十四元五角六分", "1234.56"),
    ("两万元整", "20000.00"),
    ("十二元", "12.00"),
    ("一百〇五元", "105.00"),
    ("壹佰", "100.00"),
])
def test_words_amount_reads_chinese_financial_numerals(text, expected):
    assert words_amount(text) == Decimal(expected)
    assert str(words_amount(text)) == expected


@pytest.mark.parametrize("lang", ["zh", "zh_CN", "zh-TW", "zh-Hant-TW", "ZH"])
def test_the_chinese_language_codes(lang):
    assert words_amount("壹佰圆整", lang) == Decimal("100.00")


@pytest.mark.parametrize("text, why", [
    # 参 is not a numeral (叁 is; OCR reads one for the other): never 8260 or 8200
    ("捌仟贰佰陆拾参圆整", "'参'"),
    ("参拾圆整", "'参'"),
    ("人民币参拾圆整", "'参'"),
    ("参佰圆整", "'参'"),
    # a unit left without its digit (a digit dropped or misread)
    ("佰圆整", "'佰' without its digit"),
    ("壹仟佰圆整", "'佰' without its digit"),
    # a digit after 万, 仟 or 佰 with no 零 and no unit: 15000 as spoken, 10005 as written
    ("壹万伍圆整", "'伍' after '万' with neither 零 before it nor a unit after it"),
    ("壹佰伍圆整", "'伍' after '佰' with neither 零 before it nor a unit after it"),
    ("壹佰伍万圆整", "'伍' after '佰' with neither 零 before it nor a unit after it"),
    # a 零 where no digit is zero, or with nothing after it
    ("壹佰零伍拾圆整", "零 where no digit is zero"),
    ("壹佰零圆整", "零 with no digit after it"),
    ("壹万零万圆整", "零 with no digit after it"),
    ("伍圆零伍角", "零 where no digit is zero"),
    # places out of order, 角 or 分 without 圆 after a whole number, twice the same place
    ("壹佰壹仟圆整", "out of order"),
    ("壹万壹万圆整", "out of order"),
    ("壹佰伍角", "after a whole number without 圆"),
    ("壹佰圆伍角伍角", "out of order"),
    ("壹佰圆伍分伍角", "out of order"),
    # no number, figures with the words, words after the amount
    ("圆整", "no number before 圆"),
    ("整", "no Chinese numeral"),
    ("One hundred", "no Chinese numeral"),
    ("捌仟贰佰陆拾叁圆整 ¥8,236.00", "after the amount"),
    ("8236 捌仟贰佰陆拾叁圆整", "digits before the amount"),
    ("捌仟贰佰陆拾叁圆整整", "after the amount"),
    ("壹佰圆整（含税）", "after the amount"),
    ("壹佰伍拾圆伍分整角", "after the amount"),
])
def test_words_amount_refuses_what_is_no_chinese_amount(text, why):
    with pytest.raises(RuleEvalError) as exc:
        words_amount(text)
    assert "does not read as an amount in words (zh)" in str(exc.value)
    assert why in str(exc.value)


def test_chinese_needs_no_text2num(monkeypatch, registry):
    monkeypatch.setitem(sys.modules, "text_to_num", None)  # import fails
    assert words_amount("壹佰圆整", "zh_CN") == Decimal("100.00")
    _, diags = check_source(TEMPLATE, "fapiao.sift", registry)
    assert not [d for d in diags if d.severity == "error"]


def test_check_names_chinese_among_the_languages(registry):
    _, diags = check_source(TEMPLATE.replace('"zh"', '"ja"'), "fapiao.sift", registry)
    [error] = [d for d in diags if d.severity == "error"]
    assert error.message == "words_amount() does not read the language 'ja'"
    assert "zh" in (error.hint or "")


TEMPLATE = """template fapiao {
  currency "CNY"
  field total: money = right of "小写"
  field total_words: text = right of "大写"
  rule words_agree: words_amount(total_words, "zh") == total
}
"""


def _fapiao(tmp_path: Path, words: str, figures: str):
    doc = tmp_path / "fapiao.txt"
    doc.write_text(f"电子发票（普通发票）\n价税合计 大写 {words}\n小写 {figures}\n",
                   encoding="utf-8")
    sift = tmp_path / "fapiao.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    return Engine().extract(doc, template=sift)


def test_a_fapiao_whose_capitals_disagree_with_its_figures_goes_to_review(tmp_path):
    ok = _fapiao(tmp_path, "ⓧ捌仟贰佰叁拾陆圆整", "¥8,236.00")
    assert ok.status == Status.ACCEPTED, ok.reasons
    # the journey's d10: 捌仟贰佰陆拾叁 (8263) against ¥8,236.00
    wrong = _fapiao(tmp_path, "ⓧ捌仟贰佰陆拾叁圆整", "¥8,236.00")
    assert wrong.status == Status.REVIEW
    assert [(r.code, r.message) for r in wrong.reasons if r.rule == "words_agree"] == [
        ("rule_failed", 'words_amount(total_words, "zh") == total does not hold '
                        "(8263.00 against 8236.00)")]
    # red-letter: both negative
    red = _fapiao(tmp_path, "ⓧ负玖仟捌佰叁拾壹圆整", "¥-9,831.00")
    assert red.status == Status.ACCEPTED, red.reasons


def test_a_misread_numeral_sends_the_fapiao_to_review_never_a_pass(tmp_path):
    # the journey's d11: OCR read 叁 as 参
    result = _fapiao(tmp_path, "捌仟贰佰陆拾参圆整", "¥8,236.00")
    assert result.status == Status.REVIEW
    [reason] = [r for r in result.reasons if r.rule == "words_agree"]
    assert reason.code == "rule_not_evaluated"
    assert "'参'" in reason.message
