"""A rule decides between a field's readings only when it holds for some and fails for
others (custody journey, finding 1): a chain-of-custody form repeats "Date:" on every
transfer line, so ``right of "Date:"`` finds four dates; without a rule the record went to
review, ``ambiguous``; adding ``rule before: sampled <= rel1_date``, which every one of
the four dates passes, made it accepted with the first date and no reason (on the scan,
the second transfer's received date at 0.99)."""

from __future__ import annotations

from tests.parsing import extract_text

_TEMPLATE = """template coc {
  match { contains "FIELD CHAIN OF CUSTODY" }
  field sampled: date = right of "Sampled:"
  field rel1_date: date = right of "Date:"
  rule before: sampled <= rel1_date
}
"""


def _form(sampled: str, *dates: str) -> str:
    lines = ["FIELD CHAIN OF CUSTODY", f"Sampled: {sampled}"]
    for k, d in enumerate(dates):
        who = "Relinquished by" if k % 2 == 0 else "Received by"
        lines.append(f"{who}: Person {k}   Date: {d}")
    return "\n".join(lines) + "\n"


def _ambiguous(result, name):
    return [r for r in result.reasons if r.code == "ambiguous" and r.field == name]


def test_a_rule_every_reading_passes_leaves_them_ambiguous(tmp_path):
    text = _form("01-Dec-2026", "02-Dec-2026", "02-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE, text)
    assert result.status.value == "review", result.reasons
    assert _ambiguous(result, "rel1_date"), result.reasons


def test_a_rule_every_reading_passes_leaves_two_readings_ambiguous(tmp_path):
    text = _form("01-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE, text)
    assert result.status.value == "review", result.reasons
    assert _ambiguous(result, "rel1_date"), result.reasons


def test_without_the_rule_the_readings_are_ambiguous_too(tmp_path):
    text = _form("01-Dec-2026", "02-Dec-2026", "02-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE.replace("  rule before: sampled <= rel1_date\n",
                                                      ""), text)
    assert _ambiguous(result, "rel1_date"), result.reasons


def test_a_rule_that_separates_the_readings_decides(tmp_path):
    # 30 November fails the rule, 3 December holds: the rule chooses, no ambiguity
    text = _form("01-Dec-2026", "30-Nov-2026", "03-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE, text)
    assert str(result.fields["rel1_date"].value) == "2026-12-03"
    assert result.status.value == "accepted", result.reasons


def test_only_the_readings_a_rule_keeps_remain_rivals(tmp_path):
    # the rule drops 30 November; 3 and 4 December both hold, and nothing tells them apart
    text = _form("01-Dec-2026", "30-Nov-2026", "03-Dec-2026", "04-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE, text)
    assert str(result.fields["rel1_date"].value) != "2026-11-30"
    assert result.status.value == "review", result.reasons
    assert _ambiguous(result, "rel1_date"), result.reasons


def test_a_field_left_undecided_is_named_once(tmp_path):
    # two dates scored alike that the rule holds for: one ambiguous reason, naming both
    text = _form("01-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    result = extract_text(tmp_path, _TEMPLATE, text)
    [reason] = _ambiguous(result, "rel1_date")
    assert "2026-12-02" in reason.message and "2026-12-03" in reason.message
