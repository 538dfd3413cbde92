"""What real receipts taught the language: values glued to a regex label, labels OCR wrote
with digits for letters, cents without the leading zero, payment rules that choose the
total, and rules about one value alone that do not raise its confidence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.engine import Engine
from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.core.result import Status
from formsift.templates import check_source


def _run(registry, make_pdf, source, lines):
    templates, diags = check_source(source, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    pdf = make_pdf([(20, 60 + 14 * i, text) for i, text in enumerate(lines)])
    return Engine(registry=registry).extract(pdf, templates[0])


@pytest.mark.parametrize("line", ["Net Total RM28.05", "Grand Tota1 RM28.05",
                                  "NET T0TAL: 28.05"])
def test_a_regex_label_finds_its_value_glued_or_misread(registry, make_pdf, line):
    src = ('template t {\n  field total: money = right of '
           '/\\b(GRAND|NETT?)\\s*TOTAL\\b\\s*(\\(?RM\\)?)?\\s*:?/i\n}\n')
    result = _run(registry, make_pdf, src, [line])
    assert result.value("total") == Decimal("28.05")


def test_a_regex_label_ending_inside_a_word_is_no_glued_value(registry, make_pdf):
    src = 'template t {\n  field ref: text = right of /Inv/\n}\n'
    result = _run(registry, make_pdf, src, ["Invoice ABC-1"])
    assert result.value("ref") == "ABC-1"  # not "oice"


@pytest.mark.parametrize("text, value", [(".40", "0.40"), ("RM .40", "0.40"),
                                         ("-.02", "-0.02"), ("12.40", "12.40")])
def test_cents_without_the_leading_zero(registry, text, value):
    money = registry.create("field_type", "money")
    assert money.parse(text, ParseContext(get_locale("en"))) == Decimal(value)


@pytest.mark.parametrize("text", [".4", ".400", "x.40"])
def test_a_lone_decimal_mark_needs_exactly_two_digits(registry, text):
    money = registry.create("field_type", "money")
    with pytest.raises(ValueError):
        money.parse(text, ParseContext(get_locale("en")))


def test_a_stray_space_beside_a_slash_in_a_date(registry):
    dates = registry.create("field_type", "date")
    found = dates.find("21 /02/18 11:19", ParseContext(get_locale("en")))
    assert [str(f.value) for f in found] == ["2018-02-21"]


RECEIPT = '''template r {
  field total: money = right of /\\bTOTAL\\b/i or right of /\\bROUNDING\\b(?!\\s*ADJ)/i
  field cash: money? = right of /\\bCASH\\b/i
  field change: money? = right of /\\bCHANGE\\b/i
  rule paid: total == cash - change tolerance 0.005
  rule total_positive: total > 0
}
'''


def test_the_payment_chooses_the_rounded_total(registry, make_pdf):
    lines = ["TOTAL 13.58", "ROUNDING ADJ .02", "ROUNDING 13.60", "CASH 14.00", "CHANGE .40"]
    result = _run(registry, make_pdf, RECEIPT, lines)
    assert result.value("total") == Decimal("13.60") and result.status == Status.ACCEPTED
    assert result.fields["total"].confidence >= 0.9


def test_a_rule_about_one_value_alone_does_not_vouch_for_it(registry, make_pdf):
    lines = ["TOTAL 13.58"]  # no payment lines: only "total > 0" holds
    alone = _run(registry, make_pdf, RECEIPT, lines).fields["total"].confidence
    paid = _run(registry, make_pdf, RECEIPT, [*lines, "CASH 20.00", "CHANGE 6.42"])
    assert paid.fields["total"].confidence > alone
    src = RECEIPT.replace("  rule total_positive: total > 0\n", "")
    without = _run(registry, make_pdf, src, lines).fields["total"].confidence
    assert alone == pytest.approx(without)  # the one-value rule added nothing
