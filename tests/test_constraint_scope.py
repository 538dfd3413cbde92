"""Where a field type's constraint (its alphabet, its shape) limits what a recognizer may
read, as docs/handwriting.md ("Constrained decoding") and docs/ocr.md say: at once only
region-first, only in a ``box(...)`` written in the field, its only locator, without a
``pattern``; on the whole page, only where a handwritten value did not read (read
again). A cheque journey (finding D2) expected it everywhere after reading the handwriting
page, and found handwritten amounts read with letters in the default mode."""

from __future__ import annotations

from pathlib import Path

from formsift.templates import check_source
from formsift.templates.region_first import plan

ROOT = Path(__file__).resolve().parents[1]

TEMPLATE = """template cheque {
  locale "en_GB"
  region amount_box = box(70%, 41%, 99%, 62%)
  field own_box:   money(decimals=2) = box(70%, 10%, 99%, 20%) handwritten
  field in_region: money(decimals=2) = in amount_box handwritten
  field two_ways:  money = box(10%, 70%, 30%, 80%) or right of "Total"
  field shaped:    money = box(40%, 70%, 60%, 80%) pattern /\\d+/
  field label:     money = right of "Amount"
}
"""


def test_only_a_box_of_the_field_s_own_is_read_with_its_alphabet(registry):
    [template], diags = check_source(TEMPLATE, "cheque.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    areas = {(round(a.box.x0, 2), round(a.box.y0, 2)): a for _, a in plan(template).fixed}
    own = areas[(0.7, 0.1)]
    assert own.constraint is not None and set(own.constraint.alphabet) <= set("0123456789-,. ")
    assert own.constraint.pattern  # the shape of a number
    assert areas[(0.7, 0.41)].constraint is None  # a named region: read as any text
    assert areas[(0.1, 0.7)].constraint is None  # another locator besides the box
    assert areas[(0.4, 0.7)].constraint is None  # a pattern


def test_the_docs_say_where_the_constraint_applies():
    handwriting = (ROOT / "docs" / "handwriting.md").read_text()
    section = handwriting.split("### Constrained decoding", 1)[1].split("\n## ", 1)[0]
    assert "In a field's own box, region-first, at once" in section
    assert "whole-page mode" in section and "named region" in section
    # ... and, since this stop, where a handwritten value did not read, read again
    assert "Read again where a handwritten value did not read" in section
    ocr = (ROOT / "docs" / "ocr.md").read_text()
    assert "Only region-first extraction\nuses it" in ocr
