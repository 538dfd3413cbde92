"""A table cell holding a bound says why it has no value (the numbers2 fixer's patch for
runtime.py, journey coa finding 2): '<10' under an optional decimal column was reported as
digits that do not read, with no word that '<' made it a bound."""

from __future__ import annotations

from tests.parsing import extract_text

TEMPLATE = """template coa {
  table results {
    test: text header "Test"
    value: decimal? header "Result"
    until "Released"
  }
}"""

DOC = """Test                 Result
Moisture             12.5
E. coli              <10
Released by QA
"""


def test_a_bound_in_a_cell_is_explained(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, DOC)
    reason = next(r for r in result.reasons if r.field == "results.value")
    assert reason.code == "invalid_value" and reason.rows == [1]
    assert "'<10'" in reason.message and "is a bound" in reason.message


def test_a_bound_with_its_unit_is_no_blank(tmp_path):
    # regression review of this stop (coa): '< 10000 cfu/g' under an optional decimal
    # column was left blank with no reason, so a rule skipped the row and an out-of-spec
    # certificate was accepted
    template = """template coa {
  table results {
    test: text header "Test"
    spec: decimal? header "Limit"
    value: decimal header "Result"
    until "Released"
  }
  rule within: each results: missing(spec) or value < spec
}"""
    doc = """Test                 Limit              Result
Ash (max)            8.0                7.5
Total plate count    < 10000 cfu/g      15000
Released by QA
"""
    result = extract_text(tmp_path, template, doc)
    reason = next(r for r in result.reasons if r.field == "results.spec")
    assert reason.code == "invalid_value" and reason.rows == [1] and "is a bound" in reason.message
    assert result.status == "review"
