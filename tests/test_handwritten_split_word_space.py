"""A handwritten token split at a gap in the pen is read joined (9661d8e), but any two
recognized words 1.5 characters apart counted as one run, more than a word space: an
``id`` reads any run, so "T-7710" "spare" gave "T-7710spare" first (review, ambiguous),
and a date or a time with a word written a space after it ("04/12/2026" "JS", "9:15"
"10") went to review at 0.5 where it was accepted. A run is now measured in the line's
own word spaces; it is read joined only where the joined text is a value its parts are
not (a date, a time; a code whose pattern matches the joined run and no part of it; a
text or an ``id`` without a pattern never), and a part is doubted only where the type
cannot tell (the joined run reads as one of its values too) and another word of the run
stands before it, or clearly nearer than a word space after it. The words are laid out
as a recognizer reads them (a character 0.012 of the page wide, words one apart)."""

from __future__ import annotations

from formsift.core.result import Status
from tests.words import laid_out, run, words_doc


def _field(registry, ftype: str, label: str, *parts: tuple[str, float],
           gap: float = 0.012):
    src = f'template t {{\n  field v: {ftype} = right of "{label}" handwritten\n}}'
    first, *rest = label.split()
    line = laid_out(((first, 0.0), *((w, gap) for w in rest), *parts))[0]
    ex = run(src, words_doc(line), registry)
    return ex, ex.fields["v"]


def test_a_word_a_word_space_after_an_id_is_not_glued_to_it(registry):
    for parts in ((("T-7710", 0.024), ("spare", 0.012)),
                  (("T-7710", 0.024), ("2", 0.012), ("pcs", 0.012)),
                  (("T-7710", 0.024), ("(spare)", 0.01))):
        ex, f = _field(registry, "id", "Equipment serial:", *parts)
        assert str(f.value) == "T-7710", parts
        assert ex.status == Status.ACCEPTED, (parts, ex.reasons)


def test_a_date_or_a_time_with_a_word_after_it_stays_sure(registry):
    ex, f = _field(registry, "date", "Visit date:", ("04/12/2026", 0.024), ("JS", 0.012))
    assert str(f.value) == "2026-12-04" and ex.status == Status.ACCEPTED, ex.reasons
    ex, f = _field(registry, "time", "Time in:", ("9:15", 0.024), ("10", 0.012))
    assert str(f.value) == "09:15:00" and ex.status == Status.ACCEPTED, ex.reasons


def test_an_id_without_a_pattern_is_not_joined_but_a_part_is_doubted(registry):
    # "PL" left between the label and the value: the id may be PLT-7710 or T-7710
    ex, f = _field(registry, "id", "Equipment serial:", ("PL", 0.024), ("T-7710", 0.01))
    assert str(f.value) == "T-7710"
    assert ex.status != Status.ACCEPTED, ex.reasons
    # "4" a pen's gap after it, clearly nearer than the line's word spaces
    ex, f = _field(registry, "id", "Equipment serial:", ("CRAC-4", 0.024), ("4", 0.004),
                   ("02", 0.011))
    assert str(f.value) == "CRAC-4"
    assert ex.status != Status.ACCEPTED, ex.reasons


def test_an_id_is_joined_where_its_pattern_matches_the_run_and_no_part(registry):
    ex, f = _field(registry, r"id(/[A-Z]{3}-\d{4}/)", "Equipment serial:", ("PL", 0.024),
                   ("T-7710", 0.01))
    assert str(f.value) == "PLT-7710"
    assert ex.status != Status.ACCEPTED, ex.reasons
    ex, f = _field(registry, r"id(/[A-Z]{4}-\d{4}/)", "Equipment serial:", ("CRAC-4", 0.024),
                   ("4", 0.004), ("02", 0.011))
    assert str(f.value) == "CRAC-4402"
    assert ex.status != Status.ACCEPTED, ex.reasons
    # a pattern that reads the part as well: not joined, the part doubted
    ex, f = _field(registry, r"id(/[A-Z]+-\d{4}/)", "Equipment serial:", ("PL", 0.024),
                   ("T-7710", 0.01))
    assert str(f.value) == "T-7710"
    assert ex.status != Status.ACCEPTED, ex.reasons


def test_the_run_is_measured_in_the_lines_own_word_spaces(registry):
    # words written two characters apart: "spare" 1.5 characters after the id is a word
    # of its own (1.5 fixed characters made it a run), "4" 0.75 characters after it not
    wide = 0.024
    ex, f = _field(registry, "id", "Equipment serial:", ("T-7710", wide), ("spare", 0.018),
                   ("now", wide), gap=wide)
    assert str(f.value) == "T-7710" and ex.status == Status.ACCEPTED, ex.reasons
    ex, f = _field(registry, "id", "Equipment serial:", ("T-7710", wide), ("4", 0.009),
                   ("now", wide), gap=wide)
    assert str(f.value) == "T-7710" and ex.status != Status.ACCEPTED, ex.reasons


def test_a_date_split_in_its_year_is_still_read_whole(registry):
    ex, f = _field(registry, "date", "Visit date:", ("4/12/20", 0.024), ("26", 0.012))
    assert str(f.value) == "2026-12-04"
    assert ex.status != Status.ACCEPTED, ex.reasons
