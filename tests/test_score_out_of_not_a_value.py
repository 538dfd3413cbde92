"""A mark sheet's printed maxima are no marks (exams journey, finding 1): on a German list
of questions, "Aufgabe 1 ........ 7 / 10 Punkte" with the handwritten 4 and 11 of the
other rows not read, the printed maxima beside them ("/ 10 Punkte", "/ 20 Punkte") were
the only readings of q2 and the total, and the one combination satisfying ``q1 + q2 ==
total`` (10 + 10 == 20, by the form's construction): the rule chose q1's printed 10 over
its handwritten 7 and vouched for all three at 0.99, accepted. Three causes: a number
after a slash is the "out of" part of a score, no value; a rule does not put a printed
reading in the place of a handwritten one in a field hinted handwritten; a rule whose
every value was read from print, in fields hinted handwritten, vouches for nothing."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import runtime
from tests.parsing import best

_TEMPLATE = """template marks {
  version 1
  locale "de_DE"
  match {
    contains "Bewertungsbogen"
  }
  field total: int = right of "Gesamtpunktzahl:" handwritten
  field q1: int? = right of "Aufgabe 1" handwritten
  field q2: int? = right of "Aufgabe 2" handwritten
  rule sum_marks: q1 + q2 == total
}
"""


def _word(text, x0, x1, line, *, hand=False, confidence=0.999):
    y = 0.10 + 0.05 * line
    return Word(text, Box(x0, y, x1, y + 0.016), 0, confidence,
                "crnn" if hand else "ppocr_rec", handwritten=hand,
                char_confidences=(confidence,) * len(text))


def _sheet(rows):
    """A mark sheet as an OCR reads it: (label words, handwritten mark or None, printed
    words after it) per row."""
    words = [_word("Bewertungsbogen", 0.07, 0.26, 0)]
    for k, (label, mark, after) in enumerate(rows, start=1):
        x = 0.07
        for t in label.split():
            words.append(_word(t, x, x + 0.012 * len(t), k))
            x += 0.012 * len(t) + 0.01
        if mark is not None:
            words.append(_word(mark, 0.52, 0.52 + 0.012 * len(mark), k, hand=True,
                               confidence=0.98))
        x = 0.60
        for t in after.split():
            words.append(_word(t, x, x + 0.011 * len(t), k))
            x += 0.011 * len(t) + 0.006
    return Document("sha256:marks", "marks.png", "image/png",
                    [Page(0, 1.0, 1.0, "px", words=words)], "test")


def _run(tmp_path, doc):
    tpl = tmp_path / "marks.sift"
    tpl.write_text(_TEMPLATE, encoding="utf-8")
    return runtime.run(Engine(seen_store="memory").template(str(tpl)), doc)


def test_printed_maxima_after_a_slash_are_not_taken_for_unread_marks(tmp_path):
    # the journey's sheet: 7 read, the handwritten 4 and 11 not
    ex = _run(tmp_path, _sheet([("Aufgabe 1", "7", "/ 10 Punkte"),
                                ("Aufgabe 2", None, "/ 10 Punkte"),
                                ("Gesamtpunktzahl:", None, "/ 20 Punkte")]))
    assert ex.fields["q1"].value == 7
    assert ex.fields["q2"] is None and ex.fields["total"] is None
    assert ex.status.value == "review"
    said = " ".join(r.message for r in ex.reasons)
    assert '"out of" part of a score' in said


def test_a_rule_does_not_put_a_printed_maximum_in_place_of_a_handwritten_mark(tmp_path):
    # maxima printed without a slash ("max. 10"): the rule held only for the printed ones
    ex = _run(tmp_path, _sheet([("Aufgabe 1", "7", "max. 10 Punkte"),
                                ("Aufgabe 2", None, "max. 10 Punkte"),
                                ("Gesamtpunktzahl:", None, "max. 20 Punkte")]))
    assert ex.fields["q1"].value == 7
    assert ex.status.value == "review"


def test_printed_numbers_that_add_up_do_not_vouch_for_handwritten_fields(tmp_path):
    # nothing written was read: the printed maxima alone, which agree by construction
    ex = _run(tmp_path, _sheet([("Aufgabe 1", None, "max. 10 Punkte"),
                                ("Aufgabe 2", None, "max. 10 Punkte"),
                                ("Gesamtpunktzahl:", None, "max. 20 Punkte")]))
    assert [ex.fields[n].value for n in ("q1", "q2", "total")] == [10, 10, 20]
    assert all(ex.signals[n].rules_passed == 0 for n in ("q1", "q2", "total"))
    assert all(ex.fields[n].confidence < 0.95 for n in ("q1", "q2", "total"))


def test_handwritten_marks_that_add_up_still_vouch(tmp_path):
    # the guard: every mark read, the rule holds for what was written
    ex = _run(tmp_path, _sheet([("Aufgabe 1", "7", "/ 10 Punkte"),
                                ("Aufgabe 2", "4", "/ 10 Punkte"),
                                ("Gesamtpunktzahl:", "11", "/ 20 Punkte")]))
    assert [ex.fields[n].value for n in ("q1", "q2", "total")] == [7, 4, 11]
    assert ex.status.value == "accepted"
    assert ex.fields["total"].confidence > 0.95


@pytest.mark.parametrize("text, expected", [
    ("7 / 10 Punkte", 7), ("14 / 20", 14), ("Page 2 / 3", 2), ("1S / 20 Punkte", None),
    ("/ 10 Punkte", None), ("__ / 25", None), ("...... / 20", None), ("/20", None),
    ("Punkte: / 15", None),
])
def test_a_number_after_a_slash_is_the_out_of_part(registry, text, expected):
    found = best(registry, "int", text, locale="de_DE")
    assert (found.value if found else None) == expected


@pytest.mark.parametrize("name, text, expected", [
    # a word before the slash is a label's: its number stays
    ("int", "Qty/ 5", 5), ("int", "Nr./ 123", 123), ("decimal", "Net 100.00 / VAT 20.00", 100),
    # ... also a word with digits inside (the code read of 8b9a19a): the number after the
    # slash is read, the word before it is no number
    ("int", "INV2024 / 0457", 457), ("int", "Room B12 / 4", 4),
    ("decimal", "14.5 / 20", 14.5),
    # glued to both sides: never a number (as before), and money is not concerned
    ("int", "8/10", None), ("money", "Net 100.00 / VAT 20.00", 100),
])
def test_numbers_beside_other_slashes_stay(registry, name, text, expected):
    found = best(registry, name, text)
    assert (found.value if found else None) == expected
