"""A number written after a comparison sign is a bound, not a value (journey coa, finding
2): a certificate of analysis printed the microbiology result '>1000' against the limit
'≤ 1000 cfu/g'; `decimal` read 1000 and the rule 'value <= limit' accepted a failing lot,
and the raw text kept was '1000', so a reviewer could not see the '>' either ('<10' read
10 likewise). Now such a number is no value of decimal, int or percent: the cell or field
is left without one, with an invalid_value reason that shows the text as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drawing import pdf_in_font
from tests.parsing import best, ctx, extract_text, ftype

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.parametrize("text", [
    ">1000", "<10", "< 10", "≤ 0.5", "≥ 95.0", "<=5", ">= 3", "≦ 2", "less than 10",
    "Less than 0.5", "greater than 300", "more than 100", "> 300 cfu/g", "<0.3 %",
])
@pytest.mark.parametrize("name", ["decimal", "int", "percent"])
def test_a_number_after_a_comparison_is_no_value(registry, name, text):
    assert best(registry, name, text) is None
    with pytest.raises(ValueError):
        ftype(registry, name).parse(text, ctx())


@pytest.mark.parametrize("text, value", [
    ("Page 1 -> 2", 2),           # an arrow is no comparison
    ("Total => 45", 45),
    ("10 < 20", 10),              # the number before the sign is no bound
])
def test_arrows_and_numbers_before_a_sign_are_read(registry, text, value):
    found = ftype(registry, "decimal").find(text, ctx())
    assert value in [f.value for f in found]


def test_the_reason_says_the_value_is_a_bound(tmp_path):
    tpl = ('template t {\n  field tpc: decimal = right of "Total plate count:"\n'
           '  field n: int = right of "Colonies:"\n}\n')
    result = extract_text(tmp_path, tpl, "Total plate count: >1000\nColonies: <10\n")
    assert result.status == "review"
    assert result.fields.get("tpc") is None and result.fields.get("n") is None
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert "'>1000'" in said or '">1000"' in said, said
    assert "bound" in said and "text" in said, said


def _coa(tmp_path, rows):
    lines = [(40, 50, "CERTIFICATE OF ANALYSIS"), (40, 100, "Test"),
             (200, 100, "Specification"), (380, 100, "Result")]
    for i, row in enumerate(rows):
        lines += [(x, 118 + 15 * i, cell) for x, cell in zip((40, 200, 380), row, strict=True)]
    pdf = tmp_path / "coa.pdf"
    pdf.write_bytes(pdf_in_font(DEJAVU, lines))
    return pdf


def test_a_result_above_its_limit_is_not_accepted(tmp_path):
    from formsift import Engine

    tpl = tmp_path / "gt.sift"
    tpl.write_text('template gt {\n  match { contains "CERTIFICATE" }\n'
                   '  table results {\n    test: text header "Test"\n'
                   '    limit: text header "Specification"\n'
                   '    value: decimal header "Result"\n  }\n'
                   '  rule in_spec: each results: value <= 1000\n}\n', encoding="utf-8")
    pdf = _coa(tmp_path, [("Total plate count", "≤ 1000 cfu/g", ">1000"),
                          ("Yeasts", "< 100 cfu/g", "20")])
    result = Engine().extract(pdf, str(tpl))
    assert result.status == "review"
    rows = result.tables["results"]
    assert rows[0].get("value") is None
    assert str(rows[1]["value"].value) == "20"
    said = " ".join(r.message for r in result.reasons)
    assert ">1000" in said, said
