"""Labels ignore punctuation in every form a document writes it: the full-width colon and
brackets of Chinese and Japanese text ("发票号码：12345678", "（小写）¥1,234.56"), the
ideographic marks ("、", "「」"), and typographic apostrophes ("Date d’échéance" for a
template's "Date d'échéance", and back). In a script written without spaces a label may
start inside a word ("日期" in "开票日期：...")."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import compile_template

CN = """template t {
  currency "CNY"
  field no: id? = right of "发票号码" | "Invoice No"
  field name: text? = right of "名称"
  field total: money? = right of "小写"
  field issued: date? = right of "日期"
}"""


def extract(text: str, template: str) -> dict:
    result = Engine(templates=[], seen_store="memory").extract(
        text.encode(), compile_template(template), name="doc.txt")
    return {k: (v.value if v is not None else None) for k, v in result.fields.items()}


@pytest.mark.parametrize("line", [
    "发票号码：26312000000012345678",   # full-width colon, one word (no spaces in Chinese)
    "发票号码:26312000000012345678",    # as the ASCII colon always did
    "发票号码、26312000000012345678",   # ideographic comma
    "「发票号码」26312000000012345678",  # corner brackets
])
def test_value_glued_by_full_width_punctuation(line):
    assert extract(line, CN)["no"] == "26312000000012345678"


def test_latin_label_glued_by_a_full_width_colon():
    assert extract("Invoice No：12345678", CN)["no"] == "12345678"


def test_text_value_after_a_full_width_colon():
    assert extract("名称：上海星河国际贸易有限公司", CN)["name"] == "上海星河国际贸易有限公司"


def test_amount_after_full_width_brackets():
    got = extract("价税合计（大写） 壹仟贰佰叁拾肆圆伍角陆分 （小写）¥1,234.56", CN)
    assert str(got["total"]) == "1234.56"


def test_label_inside_a_word_of_a_script_without_spaces():
    got = extract("开票日期：2026年12月04日", CN)
    assert str(got["issued"]) == "2026-12-04"


def test_label_after_a_slash_inside_a_word_of_a_script_without_spaces():
    got = extract("统一社会信用代码/纳税人识别号：91310115MA1K3F7W2H", """template t {
  field tax_id: id = right of "纳税人识别号"
  field other: text? = right of "Time"
}""")
    assert got["tax_id"] == "91310115MA1K3F7W2H"
    assert extract("Date/Time 12:00", """template t {
  field other: text? = right of "Time"
}""")["other"] is None  # a Latin label still starts at a word's start


def test_cjk_label_inside_a_longer_word_only_where_it_stands_nowhere_alone():
    """A fapiao's sum row "合 计 ¥6,600.00 ¥504.00" and the "价税合计（大写）… （小写）￥7,104.00"
    line under it: `right of "合计" combine last` is the tax of the sum row."""
    got = extract("合 计 ¥6,600.00 ¥504.00\n价税合计（大写） 柒仟壹佰零肆圆整 （小写）￥7,104.00",
                  """template t {
  currency "CNY"
  field tax: money = right of "合计" combine last
}""")
    assert str(got["tax"]) == "504.00"


def test_cjk_label_inside_a_longer_word_scores_as_the_end_of_a_phrase():
    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box
    from formsift.templates.labels import find_label

    words = [Word("开票日期：2026年12月04日", Box(0.1, 0.1, 0.5, 0.12), 0, 1.0, "pdf")]
    [hit] = find_label(Page(0, 100, 100, words=words), ("日期",))
    assert hit.score == pytest.approx(0.8075)  # 0.85 of a glued value's 0.95
    # the label's box starts at its own characters, not at the word's start
    assert hit.box.x0 > 0.15
    assert hit.rest is not None and hit.rest.text == "2026年12月04日"
    words.append(Word("日期：2026年12月05日", Box(0.1, 0.2, 0.4, 0.22), 0, 1.0, "pdf"))
    assert [h.line_index for h in find_label(Page(0, 100, 100, words=words), ("日期",))] \
        == [1]


def test_latin_label_still_never_starts_inside_a_word():
    got = extract("Subtotal 12.00\nTotal 14.00", """template t {
  field total: money = right of "Total"
}""")
    assert str(got["total"]) == "14.00"
    assert extract("Subtotal 12.00", """template t {
  field total: money? = right of "Total"
}""")["total"] is None


def test_cjk_label_does_not_end_inside_a_word():
    """"开票" is no label in "开票日期": nothing marks where it would end."""
    got = extract("开票日期：2026年12月04日", """template t {
  field d: date? = right of "开票"
}""")
    assert got["d"] is None


APOS = """template t {
  locale "fr_BE"
  field due: date? = right of "Date d'échéance"
  field due2: date? = right of "Date d’échéance"
}"""


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ", "´", "`"])
def test_apostrophes_are_alike(apostrophe):
    got = extract(f"Facture X\nDate d{apostrophe}échéance : 1 janvier 2027", APOS)
    assert str(got["due"]) == "2027-01-01"
    assert str(got["due2"]) == "2027-01-01"


def test_labels_normalize_quotes_and_cjk_punctuation():
    from formsift.templates.labels import normalize

    assert normalize("Date d’échéance") == normalize("Date d'échéance") == "datedéchéance"
    assert normalize("N° d´entreprise") == normalize("N° d'entreprise")
    assert normalize("“Total”") == normalize('"Total"') == "total"
    assert normalize("（小写）") == normalize("(小写)") == "小写"
    assert normalize("【发票号码】：") == "发票号码"

