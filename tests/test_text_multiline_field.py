"""A single text field over a box of several lines (a handwritten fault description of
two or three lines): `text(multiline=true)` reads every line of its region, in reading
order; without it the value is one line, and the field's reason says the region holds
lines it did not take. A field service job sheet's `fault: text = in fault_box` gave only
"Car stopping short at 3rd floor" of its two lines, its reason only low_confidence
(field service journey, finding F3)."""

from __future__ import annotations

from tests.words import run, values, words_doc

LINES = ([("Fault", 0.05, 0.12), ("description:", 0.13, 0.28)],
         [("Car", 0.06, 0.10), ("stopping", 0.11, 0.22), ("short", 0.23, 0.30)],
         [("Door", 0.06, 0.12), ("belt", 0.13, 0.19), ("worn,", 0.20, 0.27),
          ("replaced.", 0.28, 0.40)],
         [("Lift", 0.06, 0.11), ("tested", 0.12, 0.21), ("OK", 0.22, 0.25)],
         [], [], [], [], [],
         [("Customer", 0.05, 0.16), ("name:", 0.17, 0.24), ("M.", 0.30, 0.33),
          ("Patel", 0.34, 0.42)])


def _template(ftype: str) -> str:
    return f"""template t {{
  region fault_box = below "Fault description:" size(90%, 13%)
  field fault: {ftype} = in fault_box
  field customer: text = right of "Customer name:"
}}
"""


def test_multiline_reads_every_line_of_the_region_in_order(registry):
    got = values(run(_template("text(multiline=true)"), words_doc(*LINES), registry))
    assert got == {"fault": "Car stopping short Door belt worn, replaced. Lift tested OK",
                   "customer": "M. Patel"}


def test_multiline_keeps_the_line_breaks_when_spaces_are_not_collapsed(registry):
    ex = run(_template("text(multiline=true, collapse_spaces=false)"), words_doc(*LINES),
             registry)
    assert ex.fields["fault"].value == \
        "Car stopping short\nDoor belt worn, replaced.\nLift tested OK"


def test_one_line_taken_is_said_in_the_fields_reason(registry):
    ex = run(_template("text"), words_doc(*LINES, conf=0.1), registry)
    assert ex.fields["fault"].value == "Car stopping short"
    said = [r.message for r in ex.reasons if r.field == "fault"]
    assert said and "2 more lines it did not take" in said[0], said
    assert "text(multiline=true)" in said[0]


def test_a_region_of_one_line_says_nothing_more(registry):
    doc = words_doc(*LINES[:2], *[[]] * 8, LINES[-1], conf=0.1)
    ex = run(_template("text"), doc, registry)
    said = [r.message for r in ex.reasons if r.field == "fault"]
    assert said and "did not take" not in said[0]


BELOW = """template t {
  field fault: text(multiline=true) = below "Fault description:"
  field customer: text = right of "Customer name:"
}
"""


def test_multiline_below_a_label_reads_the_lines_that_go_on_under_it(registry):
    """The lines under the first one, a line's height apart, are the value's; a gap, then
    another label's line, end it."""
    got = values(run(BELOW, words_doc(*LINES), registry))
    assert got == {"fault": "Car stopping short Door belt worn, replaced. Lift tested OK",
                   "customer": "M. Patel"}


def test_multiline_below_stops_at_a_label_right_under_it(registry):
    lines = (*LINES[:3], [("Customer", 0.05, 0.16), ("name:", 0.17, 0.24),
                          ("M.", 0.30, 0.33), ("Patel", 0.34, 0.42)])
    got = values(run(BELOW, words_doc(*lines), registry))
    assert got == {"fault": "Car stopping short Door belt worn, replaced.",
                   "customer": "M. Patel"}


def test_a_plain_text_below_a_label_still_reads_one_line(registry):
    got = values(run(BELOW.replace("text(multiline=true)", "text"), words_doc(*LINES),
                     registry))
    assert got["fault"] == "Car stopping short"


def test_one_line_taken_below_a_label_is_said_in_the_fields_reason(registry):
    ex = run(BELOW.replace("text(multiline=true)", "text"), words_doc(*LINES, conf=0.1),
             registry)
    assert ex.fields["fault"].value == "Car stopping short"
    said = [r.message for r in ex.reasons if r.field == "fault"]
    assert said and "goes on under it for 2 more lines" in said[0], said
    assert '"Door belt worn, replaced."' in said[0] and "text(multiline=true)" in said[0]
    said = [r.message for r in ex.reasons if r.field == "customer"]
    assert said and "goes on" not in said[0]
