"""A passed rule tying part of a value keeps the doubt of the rest, and a closed list of
codes covers only the characters no other code could stand for (issue 5, "confidence
that keeps its doubt").

The shipped id_card template ties the zone's surname, given names, number and dates to
the printed ones; those rules passing lifted the whole unchecked-characters cap, so a
nationality misread 'AUS' for 'AUT' (its 'S' at 0.34) was accepted at 1.0. The cap now
holds under passed rules, each rule covering the characters it ties, and the template's
``valid_mrz_state`` list covers a state's letter where no other letter there makes a
code: the 'O' of the specimen state 'UTO' (the shipped example passport), not the last
letter of 'AUT' (AUS is a code) nor the 'U' of 'UTO' (TTO is one)."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.plugins.validators.mrz import check_digit
from tests.test_mrz_unchecked_characters import _td3
from tests.test_unchecked_cap_reader_x import _template


def _zone(nationality: str, state: str) -> list[str]:
    """A passport zone for ANNA SCHMIDT (every check digit right) of ``state``, holder
    of ``nationality``."""
    l1, l2 = _td3("SCHMIDT", "ANNA")
    l1 = l1[:2] + state + l1[5:]
    l2 = l2[:10] + nationality + l2[13:43]
    return [l1, l2 + check_digit(l2[0:10] + l2[13:20] + l2[21:43])]


def _passport(lines: list[str], weak: tuple[int, int] | None, at: float = 0.34) -> Document:
    """A passport's data page as read: its printed fields (as the zone says, every
    character at 0.97) and the zone, its character at ``weak`` (line, place) at ``at``."""
    words: list[Word] = []

    def line(y: float, *texts: str) -> None:
        x = 0.05
        for text in texts:
            words.append(Word(text, Box(x, y, x + 0.012 * len(text), y + 0.025), 0, 0.97,
                              "ppocr_rec", char_confidences=(0.97,) * len(text)))
            x += 0.012 * len(text) + 0.02

    line(0.05, "Passport")
    line(0.10, "Surname", "SCHMIDT")
    line(0.15, "Given", "names", "ANNA")
    line(0.20, "Date", "of", "birth", "23.07.1988")
    line(0.25, "Passport", "No.", "P1234567")
    line(0.30, "Date", "of", "expiry", "09.09.2032")
    for n, text in enumerate(lines):
        confs = [0.97] * len(text)
        if weak is not None and weak[0] == n:
            confs[weak[1]] = at
        words.append(Word(text, Box(0.05, 0.6 + 0.04 * n, 0.95, 0.63 + 0.04 * n), 0, 0.9,
                          "ppocr_rec", char_confidences=tuple(confs)))
    return Document("sha256:p", "p", "image/png", [Page(0, 1000, 700, words=words)], "p")


def _run(lines: list[str], weak: tuple[int, int] | None):
    from formsift.templates import load_template, runtime

    result = runtime.run(load_template("id_card"), _passport(lines, weak))
    tied = {o.name: o.passed for o in result.rules}
    assert tied["same_surname"] and tied["same_number"] and tied["same_birth_date"], tied
    return result


def test_a_misread_nationality_is_not_lifted_by_the_printed_fields_agreeing():
    """'AUS' read for 'AUT', its 'S' at 0.34: AUS is a code too, and the rules that
    tie the surname, number and dates say nothing of it (accepted at 1.0 before)."""
    result = _run(_zone("AUS", "AUT"), (1, 12))
    fv = result.fields["mrz"]
    assert fv.value["nationality"] == "AUS"
    assert fv.confidence == pytest.approx(0.34)
    assert result.status != "accepted"


@pytest.mark.parametrize("weak", [(1, 20), (1, 10)])  # the sex; the 'U' of UTO (TTO)
def test_other_characters_no_rule_covers_keep_their_doubt(weak):
    result = _run(_zone("UTO", "UTO"), weak)
    assert result.fields["mrz"].confidence == pytest.approx(0.34)
    assert result.status != "accepted"


@pytest.mark.parametrize("weak", [
    (1, 12),  # the nationality's 'O' of UTO: no other letter there makes a code
    (0, 4),   # the issuing state's 'O'
    (0, 7),   # a surname letter: same_surname ties it to the printed surname
    (0, 15),  # a given name's letter: same_given_names
    (1, 0),   # the document number's letter: its check digit covers it
])
def test_a_doubt_a_list_a_rule_or_a_check_digit_covers_keeps_the_zone_sure(weak):
    """Guards: the shipped example passport's zone ('UTO', its 'O' read at 0.54-0.66 on
    scans) and the characters the tying rules or the check digits cover."""
    result = _run(_zone("UTO", "UTO"), weak)
    assert result.fields["mrz"].confidence > 0.9
    assert result.status == "accepted", result.reasons


def test_a_state_that_is_no_code_fails_the_templates_rule():
    result = _run(_zone("UTD", "UTO"), None)
    known = next(o for o in result.rules if o.name == "known_states")
    assert known.passed is False and result.status != "accepted"


@pytest.mark.parametrize("code, weak, capped", [
    ("AT", 1, True),    # AD, AE, AU ... are codes: the 'T' is covered by nothing
    ("AUT", 2, True),   # AUS
    ("NLD", 1, False),  # no N?D but NLD: the list covers the 'L'
])
def test_valid_country_covers_a_letter_where_no_other_code_is(registry, code, weak, capped):
    """An id field checked by ``valid_country``: a letter the recognizer doubts (0.25,
    under ``confidence.UNSURE_CHARACTER``) that another letter would make another code
    keeps its doubt (a check digit's three changes made the 'T' of 'AT' no-one's: it was
    accepted at 0.85); one no other letter makes a code of is covered by the list. (A
    letter the list leaves uncovered counts only under that level, as with no check:
    tests/test_closed_list_no_less_sure.py.)"""
    from formsift.templates import runtime

    t = _template(registry, '  field origin: id(/[A-Z]{2,3}/) = right of "Origin"\n'
                            "  rule iso: valid_country(origin)\n")
    confs = [0.97] * len(code)
    confs[weak] = 0.25
    words = [Word("Origin", Box(0.1, 0.1, 0.2, 0.13), 0, 0.97, "ppocr_rec",
                  char_confidences=(0.97,) * 6),
             Word(code, Box(0.25, 0.1, 0.3, 0.13), 0, 0.9, "ppocr_rec",
                  char_confidences=tuple(confs))]
    doc = Document("sha256:o", "o", "image/png", [Page(0, 1000, 700, words=words)], "o")
    fv = runtime.run(t, doc).fields["origin"]
    assert fv.value == code
    if capped:
        assert fv.confidence == pytest.approx(0.25)
    else:
        assert fv.confidence > 0.8


def test_valid_mrz_state(registry):
    from tests.test_validators import fn

    valid = fn(registry, "valid_mrz_state")
    assert [valid(x) for x in ("AUT", "UTO", "D<<", "D", "XXA", "GBD")] == [True] * 6
    assert [valid(x) for x in ("AT", "UTD", "EU", "", "DE")] == [False] * 5
