"""A field's ``ambiguous`` reason names the values it could not decide between (custody
journey, finding 4 follow-up): "'rel1_date' has 4 candidates with different values ...
no rule decides between them" named none of them, so the reviewer had to search the page
for every "Date:"."""

from __future__ import annotations

from tests.parsing import extract_text
from tests.test_rule_holding_for_every_reading import _form

_TEMPLATE = """template coc {
  match { contains "FIELD CHAIN OF CUSTODY" }
  field sampled: date = right of "Sampled:"
  field rel1_date: date = right of "Date:"
}
"""


def _message(tmp_path, *dates: str) -> str:
    result = extract_text(tmp_path, _TEMPLATE, _form("01-Dec-2026", *dates))
    (reason,) = [r for r in result.reasons if r.code == "ambiguous"]
    assert reason.field == "rel1_date"
    return reason.message


def test_the_values_are_named_the_one_taken_first(tmp_path):
    message = _message(tmp_path, "02-Dec-2026", "02-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    assert message.endswith("no rule decides between them: 2026-12-02 (page 1, 3 times, "
                            "taken), 2026-12-03 (page 1)"), message


def test_at_most_four_values_are_named(tmp_path):
    message = _message(tmp_path, "02-Dec-2026", "03-Dec-2026", "04-Dec-2026",
                       "05-Dec-2026", "06-Dec-2026", "07-Dec-2026")
    said = message.partition("between them: ")[2]
    assert said.startswith("2026-12-02 (page 1, taken), 2026-12-03 (page 1), "), said
    assert said.count("(page 1") == 4, said
    shown = int(message.partition(" has ")[2].split()[0])  # the candidates found
    assert said.endswith(f" and {shown - 4} more"), message


def test_the_count_of_values_agrees_with_the_values_named(tmp_path):
    """AP journey J3, F6: "'seller_vat' has 3 candidates with different values" named 2
    values, one read twice: the message says how many values differ."""
    message = _message(tmp_path, "02-Dec-2026", "02-Dec-2026", "03-Dec-2026")
    assert message.startswith("'rel1_date' has 3 candidates with 2 different values and "
                              "nearly equal scores"), message
    said = message.partition("between them: ")[2]
    assert said == "2026-12-02 (page 1, 2 times, taken), 2026-12-03 (page 1)", said
