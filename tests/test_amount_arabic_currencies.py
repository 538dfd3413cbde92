"""Arabic currency marks (gulf journey, finding 4): '2,150.75 د.إ', 'د.إ 2,150.75' and
'2,150.75 درهم' (UAE dirhams) had no currency, so in a Saudi riyal template they were
taken for riyals, with no currency_mismatch; the rial sign U+FDFC and the new Saudi
riyal sign U+20C1 were not read either."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, expected, code", [
    ("Total 2,150.75 د.إ", None, "AED"),
    ("Total د.إ 2,150.75", None, "AED"),
    ("Total 2,150.75 درهم", None, "AED"),
    ("Total 2,150.75 درهم", "MAD", "MAD"),   # the Moroccan dirham writes it too
    ("Total 1,150.00 ر.س", None, "SAR"),
    ("Total ر.س 1,150.00", None, "SAR"),
    ("Total 1,150.00 ريال", None, "SAR"),
    ("Total 1,150.00 ريال", "QAR", "QAR"),   # as "$" is the template's dollar
    ("Total 1,150.00 ريال سعودي", None, "SAR"),
    ("Total 1,150.00 ﷼", None, "SAR"),
    ("Total 1,150.00 ﷼", "OMR", "OMR"),
    ("Total 1,150.00 \u20c1", None, "SAR"),
    ("Total \u20c1 1,150.00", None, "SAR"),
    ("Total 1,150.00 ر.ق", None, "QAR"),
    ("Total 1,150.000 ر.ع.", None, "OMR"),
    ("Total 1,150.000 د.ك", None, "KWD"),
    ("Total 1,150.000 د.ب", None, "BHD"),
    ("Total 1,150.00 ج.م", None, "EGP"),
    ("الإجمالي ١٠٠٫٥٠ ر.س", None, "SAR"),
])
def test_arabic_currency_marks_name_their_currency(registry, text, expected, code):
    found = best(registry, "money", text, "en", expected)
    assert found is not None and getattr(found.value, "currency", None) == code
    raw = text.split(" ", 1)[1]
    parsed = ftype(registry, "money").parse(raw, ctx("en", expected))
    assert parsed == found.value and getattr(parsed, "currency", None) == code


@pytest.mark.parametrize("text", ["Total 2,150.75 د.إ", "Total 2,150.75 درهم"])
def test_a_dirham_amount_in_a_riyal_template_is_flagged(registry, text):
    found = ftype(registry, "money").find(text, ctx("en", "SAR"))
    assert found[0].value.currency == "AED" and found[0].score < 1.0


def test_dirhams_routed_to_a_riyal_template_go_to_review(tmp_path):
    """The journey's reproduction (mini/cur.txt with mini/cur.sift)."""
    from formsift import Engine

    (tmp_path / "cur.txt").write_text(
        "A1: 2,150.75 د.إ\nB1: 2,150.75 AED\nC1: د.إ 2,150.75\nD1: 2,150.75 درهم\n",
        encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template cur {\n  currency "SAR"\n  field a: money = right of "A1"\n'
        '  field b: money = right of "B1"\n  field c: money = right of "C1"\n'
        '  field d: money = right of "D1"\n}\n', encoding="utf-8")
    result = Engine().extract(tmp_path / "cur.txt", template=tmp_path / "t.sift")
    assert result.status == "review"
    assert {r.field for r in result.reasons if r.code == "currency_mismatch"} == set("abcd")
