"""text(multiline=true) below a label stops at the form's next caption or another field's
value, though it ends in no colon (stop 34's code read c, finding 3; follow-up of 54bb450).
"Fault description:" / "Car stopping" / "Date 12/03/2026" gave the fault "Car stopping Date
12/03/2026" at 0.88, and "... / Work carried out / Replaced belt" ran into the next
caption and its value: the text went on at every line a line's height under the one
before, stopping only at a template label or a word ending in a colon."""

from __future__ import annotations

from tests.words import run, values, words_doc

T = """template t {
  field fault: text(multiline=true) = below "Fault description:"
  field engineer: text = right of "Engineer:"
}
"""
LABEL = [("Fault", 0.05, 0.12), ("description:", 0.13, 0.28)]


def _fault(registry, *lines):
    return values(run(T, words_doc(LABEL, *lines), registry))["fault"]


def test_a_caption_at_the_labels_margin_ends_the_indented_text(registry):
    assert _fault(registry, [("Car", 0.06, 0.10), ("stopping", 0.11, 0.22)],
                  [("Work", 0.05, 0.11), ("carried", 0.12, 0.21), ("out", 0.22, 0.26)],
                  [("Replaced", 0.06, 0.18), ("belt", 0.19, 0.25)]) == "Car stopping"


def test_a_caption_and_a_date_end_the_text(registry):
    """Under the text's own lines (not at the label's margin): a caption, then a date."""
    for date in ("12/03/2026", "2026-03-12", "14:30"):
        assert _fault(registry, [("Car", 0.06, 0.10), ("stopping", 0.11, 0.22)],
                      [("Date", 0.06, 0.11), (date, 0.12, 0.26)]) == "Car stopping", date


def test_a_printed_line_under_a_handwritten_text_ends_it(registry):
    assert _fault(registry, [("Car", 0.06, 0.10, True), ("stopping", 0.11, 0.22, True)],
                  [("Door", 0.06, 0.12, True), ("belt", 0.13, 0.19, True)],
                  [("Work", 0.06, 0.12), ("carried", 0.13, 0.22), ("out", 0.23, 0.27)],
                  [("Replaced", 0.06, 0.18, True), ("belt", 0.19, 0.25, True)]) \
        == "Car stopping Door belt"


def test_the_texts_own_lines_still_go_on(registry):
    """Lines at the text's margin, a lower-case date in a sentence, a printed value set at
    the label's own margin: all the text's."""
    assert _fault(registry, [("Car", 0.06, 0.10), ("stopping", 0.11, 0.22)],
                  [("since", 0.06, 0.11), ("12/03/2026", 0.12, 0.26)],
                  [("Door", 0.06, 0.12), ("belt", 0.13, 0.19), ("worn", 0.20, 0.26)]) \
        == "Car stopping since 12/03/2026 Door belt worn"
    assert _fault(registry, [("Car", 0.05, 0.09), ("stopping", 0.10, 0.21)],
                  [("Door", 0.05, 0.11), ("belt", 0.12, 0.18), ("worn", 0.19, 0.25)]) \
        == "Car stopping Door belt worn"


def test_a_handwritten_line_at_the_labels_margin_goes_on(registry):
    """A hand sets its lines loosely: the second at the label's margin, the first a little
    right of it, is still the text's."""
    assert _fault(registry, [("Car", 0.06, 0.10, True), ("stopping", 0.11, 0.22, True)],
                  [("Door", 0.05, 0.11, True), ("belt", 0.12, 0.18, True)]) \
        == "Car stopping Door belt"
