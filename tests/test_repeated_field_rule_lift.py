"""A passed rule that ties a repeated field's values to another value vouches for each of
them, as it does for a single field (rent roll journey, finding 6): with ``rule
buildings: sum(building_totals) == total_rent`` passing, the grand total went to 0.9996
while each building's subtotal stayed at 0.887, so a ``review when
confidence(building_totals) ...`` would misfire."""

from __future__ import annotations

from tests.parsing import extract_text

_TEMPLATE = """template roll {
  match { contains "RENT ROLL" }
  currency "USD"
  field total_rent: money = right of "Grand Total"
  field building_totals: money[] = search /Building [A-Z] Total\\s+(\\S+)/
  RULE
}
"""

_DOC = """RENT ROLL
Building A Total    55,580.00
Building B Total    57,965.00
Building C Total    49,485.00
Grand Total        163,030.00
"""


def _confidences(tmp_path, rule: str, doc: str = _DOC):
    result = extract_text(tmp_path, _TEMPLATE.replace("RULE", rule), doc)
    return result, [v.confidence for v in result.fields["building_totals"]]


def test_a_passed_sum_lifts_each_value_as_it_lifts_the_total(tmp_path):
    result, subtotals = _confidences(tmp_path,
                                     "rule buildings: sum(building_totals) == total_rent")
    assert [str(v.value) for v in result.fields["building_totals"]] == [
        "55580.00", "57965.00", "49485.00"]
    total = result.fields["total_rent"].confidence
    assert total > 0.98
    assert subtotals == [total] * 3, (subtotals, total)


def test_without_the_rule_they_stay_where_they_were(tmp_path):
    _, subtotals = _confidences(tmp_path, "")
    assert all(c < 0.9 for c in subtotals), subtotals


def test_a_failed_sum_lowers_them(tmp_path):
    result, subtotals = _confidences(tmp_path,
                                     "rule buildings: sum(building_totals) == total_rent",
                                     _DOC.replace("163,030.00", "163,000.00"))
    assert result.status.value == "review"
    assert all(c < 0.5 for c in subtotals), subtotals


def test_a_rule_on_the_values_alone_lifts_nothing(tmp_path):
    _, subtotals = _confidences(tmp_path, "rule positive: each building_totals: "
                                          "building_totals > 0")
    assert all(c < 0.9 for c in subtotals), subtotals
