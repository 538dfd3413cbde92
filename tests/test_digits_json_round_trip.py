"""A digits value read back from a result's JSON keeps its leading zeros (batch results,
the review service): it was read as a decimal, "0045127" becoming 45127."""

from formsift.core.result import ExtractionResult
from tests.parsing import extract_text

CARD = '''template self_read {
  field prev: digits = right of "Previous reading:"
  field current: digits = right of "Your reading:"
  rule used: current - prev == 36
}
'''


def test_a_reading_read_back_from_json_keeps_its_zeros(tmp_path):
    r = extract_text(tmp_path, CARD, "Previous reading: 0045091\nYour reading: 0045127\n")
    assert r.fields["current"].value_type == "digits"
    back = ExtractionResult.model_validate_json(r.model_dump_json())
    assert back.record() == {"prev": "0045091", "current": "0045127"}
    assert back.value("current") - back.value("prev") == 36
