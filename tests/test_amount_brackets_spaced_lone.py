"""Bracketed negatives with spaces inside the brackets, and brackets a scan left on one
side only (credit notes journey, finding 2): a fixed-width ERP print '(   1,029.00)' and
'( 1,234.56)' were read positive and accepted (net, vat and total all flipped, so net +
vat == total still held), while '(1,234.56 )' was negative; '1,234.56)' and '(1,234.56',
a bracket lost on a scan, were read positive and accepted. Spaces inside the brackets keep
the sign; a lone bracket gives both signs, tied, so that a rule decides or review."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, extract_text, ftype


@pytest.mark.parametrize("text", [
    "( 1,234.56)", "(   1,234.56)", "(1,234.56 )", "( 1,234.56 )", "(1,234.56   )",
    "( $1,234.56)", "( $ 1,234.56 )", "(1,234.56 € )", "Total: (   1,234.56)",
    "(\u00a01,234.56)",
])
def test_spaces_inside_brackets_keep_the_sign(registry, text):
    money = ftype(registry, "money")
    found = money.find(text, ctx("en_GB"))
    assert [str(f.value) for f in found] == ["-1234.56"]
    if not text.startswith("Total"):
        assert str(money.parse(text, ctx("en_GB"))) == "-1234.56"


@pytest.mark.parametrize("text", ["1,234.56)", "(1,234.56", "Total: 1,234.56)",
                                  "Total: (1,234.56", "Total: ( € 1,234.56"])
def test_a_lone_bracket_gives_both_signs_tied(registry, text):
    found = ftype(registry, "money").find(text, ctx("en_GB"))
    assert [str(f.value).lstrip("-") for f in found[:2]] == ["1234.56", "1234.56"]
    assert {str(f.value) for f in found[:2]} == {"1234.56", "-1234.56"}
    assert found[1].tied and found[1].score == found[0].score


@pytest.mark.parametrize("text, values", [
    ("(3 lines x $1.50)      4.50", ["4.50"]),
    ("Discount (10%) 12.50", ["12.50"]),
    ("Total (EUR) 1,234.56", ["1234.56"]),
    ("(1,234.56) and (20.00)", ["-1234.56", "-20.00"]),
    ("Pages (3)", []),
])
def test_balanced_brackets_make_no_lone_one(registry, text, values):
    found = ftype(registry, "money").find(text, ctx("en_GB"))
    assert [str(f.value) for f in found if not f.tied][:len(values)] == values
    assert not any(f.tied for f in found)


CREDIT = """template credit {
  locale "en_GB"
  currency "EUR"
  field net: money = right of "Net:"
  field vat: money = right of "VAT:"
  field total: money = right of "Total:"
  rule sum: net + vat == total
}"""


def test_a_padded_credit_memo_is_negative(tmp_path):
    result = extract_text(tmp_path, CREDIT, "Credit Memo\nNet:   (   1,029.00)\n"
                          "VAT:   (     205.80)\nTotal: (   1,234.80)\n")
    assert {k: str(v.value) for k, v in result.fields.items()} == {
        "net": "-1029.00", "vat": "-205.80", "total": "-1234.80"}


def test_a_lone_bracket_goes_to_review(tmp_path):
    result = extract_text(tmp_path, """template t {
  locale "en_GB"
  currency "EUR"
  field total: money = right of "Total:"
}""", "Credit Note\nTotal: 1,234.56)\n")
    assert result.status == "review"
    assert any(r.code == "ambiguous" for r in result.reasons)
