"""Labels that end in a number (numbered lines and boxes of a form: "Line 11", "K11",
"Box 1") are not found in a shorter label followed by its value's first digits."""

from __future__ import annotations

from tests.parsing import extract_text

TEMPLATE = """template lines {
  field line11: money? = right of "Line 11"
  field line1: money? = right of "Line 1"
  field box2: money? = right of "Box 2"
}
"""


def test_a_numbered_label_does_not_take_a_shorter_ones_value(tmp_path):
    """'Line 11' found 'Line 1: 1,234.00' (the label's last 1 the value's first digit)
    and gave 234.00, accepted."""
    result = extract_text(tmp_path, TEMPLATE, "Line 1: 1,234.00\nLine 12: 50.00\n")
    rec = result.record()
    assert rec["line11"] is None
    assert str(rec["line1"]) == "1234.00"
    assert rec["box2"] is None


def test_a_numbered_label_is_not_a_longer_number_with_one_digit_more(tmp_path):
    """'Line 1' with no line 1 on the page took 'Line 12: 50.00' as an OCR's stray
    character after the label."""
    result = extract_text(tmp_path, TEMPLATE, "Line 12: 50.00\nBox 23 7.00\n")
    rec = result.record()
    assert rec["line1"] is None
    assert rec["box2"] is None


def test_numbered_labels_still_found(tmp_path):
    result = extract_text(tmp_path, TEMPLATE,
                          "Line 1: 1,234.00\nLine 11: 99.50\nBox 2:7.25\n")
    rec = result.record()
    assert str(rec["line11"]) == "99.50"
    assert str(rec["line1"]) == "1234.00"
    assert str(rec["box2"]) == "7.25"
