"""A field left blank beside its label is noted as blank, not with what a worse match of
the label has beside it (petitions journey, stop 32, finding 7): on a blank petition
sheet the missing circulator's date (right of "Date:") was said to read "Signed", the
word after "Date" in the signers table's header "Date Signed"."""

from __future__ import annotations

from tests.words import run, words_doc

SRC = '''template t {
  field circ_date: date(format="%d/%m/%Y") = right of "Date:" handwritten
}'''


def _reason(ex):
    (r,) = [r for r in ex.reasons if r.field == "circ_date"]
    return r


def test_a_blank_label_is_not_noted_with_a_header_beside_a_worse_match(registry):
    doc = words_doc((("Printed", 0.05, 0.12), ("Name", 0.13, 0.18), ("Date", 0.50, 0.54),
                     ("Signed", 0.55, 0.61), ("Signature", 0.70, 0.79)),
                    (("Signature:", 0.05, 0.15), ("Date:", 0.55, 0.60)))
    r = _reason(run(SRC, doc, registry))
    assert r.code == "field_missing"
    assert "Signed" not in r.message
    assert r.message == "no value found for 'circ_date' (right of \"Date:\")"


def test_what_the_label_itself_has_beside_it_is_still_noted(registry):
    # guard: the best match's own text, written and unread, is what the note quotes
    doc = words_doc((("Printed", 0.05, 0.12), ("Name", 0.13, 0.18), ("Date", 0.50, 0.54),
                     ("Signed", 0.55, 0.61), ("Signature", 0.70, 0.79)),
                    (("Signature:", 0.05, 0.15), ("Date:", 0.55, 0.60),
                     ("soon", 0.62, 0.68, True)))
    r = _reason(run(SRC, doc, registry))
    assert "soon" in r.message and "Signed" not in r.message


def test_a_worse_match_is_noted_when_the_label_is_not_found_as_written(registry):
    # no "Date:" on the page: the header's "Date" is the only match and its note stands
    doc = words_doc((("Printed", 0.05, 0.12), ("Name", 0.13, 0.18), ("Date", 0.50, 0.54),
                     ("Signed", 0.55, 0.61), ("Signature", 0.70, 0.79)),)
    r = _reason(run(SRC, doc, registry))
    assert "Signed" in r.message
