"""A minus set apart before an amount's currency code keeps its sign (credit notes journey,
finding 9): right of "Total:" on 'Total: - EUR 1,234.56' and 'Total: - USD 1,234.56' read
1234.56, while 'Total: - € 1,234.56' was negative: the locator took the dash for a
separator between label and value when a code, not a digit or a symbol, followed it."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

TEMPLATE = """template t {
  locale "en_GB"
  field total: money = right of "Total:"
  field contact: text = right of "Contact"
}"""


@pytest.mark.parametrize("line, value", [
    ("Total: - EUR 1,234.56", "-1234.56"), ("Total: - USD 1,234.56", "-1234.56"),
    ("Total: - € 1,234.56", "-1234.56"), ("Total: – CHF 80.00", "-80.00"),
    ("Total: - 1,234.56", "-1234.56"), ("Total: EUR 1,234.56", "1234.56"),
    ("Total: - BB 45.00", "45.00"),
])
def test_a_minus_before_a_currency_code_is_the_sign(tmp_path, line, value):
    result = extract_text(tmp_path, TEMPLATE, f"Credit Note\n{line}\nContact - USA desk\n")
    assert str(result.fields["total"].value) == value
    assert result.fields["contact"].value == "USA desk"
