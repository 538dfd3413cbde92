"""A handwritten token the recognizer split at a gap in the pen (field service journey,
F1 and F6): a serial written "PLT-7710", read "PL" "T-7710", gave the id T-7710 at 0.88,
accepted; "CRAC-4402" read "CRAC-4" "4" "02" gave CRAC-4; a time "11:40" read "11:4" "0"
and a date "04/12/2026" read "04/12/2" "076" read as no value at all. In a field hinted
``handwritten``, the recognized words of one run (a letter's gap apart, at most) are read
joined when the value the type found is only part of them: a value of the type, whole,
is the value, less sure (the joining may be wrong: review); else the part is kept, less
sure. Printed words (no hint) are read as before, and so are words a column's gap apart.
The words are laid out as a recognizer reads them (a character 0.012 of the page wide)."""

from __future__ import annotations

from formsift.core.result import Status
from tests.words import laid_out, run, words_doc

TPL = '''template t {
  field serial: TYPE = right of "Equipment serial:" HINT
}'''
#: An id without a pattern reads any run joined, so is never joined (its part is doubted:
#: tests/test_handwritten_split_word_space.py); with the serials' pattern it is.
CODE = r"id(/[A-Z]{2,4}-\d{4}/)"


def _serial(registry, *parts: tuple[str, float], hint: str = "handwritten",
            ftype: str = "id"):
    line = laid_out((("Equipment", 0.0), ("serial:", 0.012), *parts))[0]
    doc = words_doc(line)
    return run(TPL.replace("HINT", hint).replace("TYPE", ftype), doc, registry)


def test_a_serial_split_after_its_letters_is_read_whole_and_doubted(registry):
    ex = _serial(registry, ("PL", 0.024), ("T-7710", 0.01), ftype=CODE)
    assert str(ex.fields["serial"].value) == "PLT-7710"
    assert ex.status != Status.ACCEPTED, ex.reasons


def test_a_serial_split_in_its_digits_is_read_whole(registry):
    ex = _serial(registry, ("CRAC-4", 0.024), ("4", 0.005), ("02", 0.011), ftype=CODE)
    assert str(ex.fields["serial"].value) == "CRAC-4402"
    assert ex.status != Status.ACCEPTED, ex.reasons


def test_a_value_that_is_part_of_a_run_not_read_whole_is_doubted(registry):
    # (a pen's gap before the next word: "(spare)" a word space after it leaves it sure)
    ex = _serial(registry, ("T-7710", 0.024), ("4", 0.004))
    assert str(ex.fields["serial"].value) == "T-7710"
    assert ex.status != Status.ACCEPTED, ex.reasons


def test_words_a_column_apart_are_no_run(registry):
    ex = _serial(registry, ("T-7710", 0.024), ("PL", 0.08))
    assert str(ex.fields["serial"].value) == "T-7710"
    assert ex.status == Status.ACCEPTED, ex.reasons


def test_printed_words_are_read_as_before(registry):
    ex = _serial(registry, ("PL", 0.024), ("T-7710", 0.01), hint="")
    assert str(ex.fields["serial"].value) == "T-7710"


def test_a_time_and_a_date_split_by_a_gap_are_read_whole_and_doubted(registry):
    src = '''template t {
  field departure: time = right of "Departure:" handwritten
  field date: date = right of "Visit date:" handwritten
}'''
    doc = words_doc(*laid_out((("Departure:", 0.0), ("11:4", 0.024), ("0", 0.012)),
                              (("Visit", 0.0), ("date:", 0.012), ("04/12/2", 0.024),
                               ("076", 0.0))))
    ex = run(src, doc, registry)
    assert str(ex.fields["departure"].value) == "11:40:00"
    assert str(ex.fields["date"].value) == "2076-12-04"  # what was read: review says
    assert ex.status != Status.ACCEPTED
    low = {r.field for r in ex.reasons if r.code == "low_confidence"}
    assert {"departure", "date"} <= low, ex.reasons
