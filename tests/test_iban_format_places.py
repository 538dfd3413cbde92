"""The iban type reads an IBAN by its country's format (python-stdnum's copy of the IBAN
registry: the country's letters, two check digits, the BBAN's letters and digits place
by place; deposit slips journey, stop 33, findings 5 and 6).

- A look-alike character (O/0, I/1, S/5, B/8, Z/2, G/6) read at a place the format
  gives the other kind is that kind (the format decides: a letter in a sort code is a
  digit), and the IBAN is taken when mod 97 then holds: A03's handwritten
  'GB6O BARC 2000 O055 7799 11' is GB60BARC20000055779911. In places that allow both
  (a French account number's), a letter read there may be its look-alike digit: exactly
  one such change that makes mod 97 hold is taken; two that both do, none (the field is
  an invalid value, for review). A digit is never made a letter there (stop 37: one of
  the many such changes makes mod 97 hold by chance; see
  test_iban_no_letter_to_pass_checksum.py). The repaired value is no surer for the
  repair.
- The type gives a recognizer the format as its pattern (Constraint.pattern), so a comb
  read box by box takes the country's places for letters: 'DE' was read '1 6'."""

from __future__ import annotations

from typing import Any

import pytest
from stdnum import iban

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.core.result import Status
from formsift.templates import check_source, runtime
from tests.parsing import ctx, ftype

GB = "GB60BARC20000055779911"
DE = "DE44500105175407324931"


@pytest.mark.parametrize("text", [
    "GB60 BARC 2000 O055 7799 11",   # a digit of the sort code read O
    "GB6O BARC 2000 O055 7799 11",   # and a check digit (the journey's A03)
    "GB60 BARC 20O0 0055 7799 11",
    "G860 BARC 2000 0055 7799 11",   # the country's B read 8
    "GB6O BARC 2000 0055 7799 11",   # a check digit read O
    "GB60 8ARC 2000 0055 7799 11",   # the bank code's B read 8
    "IBAN: GB60 BARC 2000 0055 7799 I1",
])
def test_one_lookalike_is_put_right_where_the_format_allows_it(registry, text):
    assert iban.is_valid(GB)
    found = ftype(registry, "iban").find(text, ctx())
    assert [f.value for f in found] == [GB]
    assert found[0].score < 1.0


def test_two_repairs_that_both_pass_give_none(registry):
    """In France's 11 places of letters or digits, both O for the 0 and I for the 1 (or
    the other way) are allowed; here each single change gives a valid IBAN."""
    text = "FR46 3000 6000 0111 0006 80S6 554"
    both = ["FR463000600001110O0680S6554", "FR4630006000011I000680S6554"]
    assert all(iban.is_valid(v) for v in both) and not iban.is_valid(text)
    t = ftype(registry, "iban")
    assert t.find(text, ctx()) == []
    assert "check digits are wrong" in (t.misfit(text, ctx()) or "")


@pytest.mark.parametrize("text", [
    "GB60 BARC 2000 0055 7799 12",   # a wrong digit, no look-alike to put right
    "FR14 2004 1010 05O5 000I 3M02 606",  # two changes where letters may stand
    "6829 NWBK 6016 1331 9268 19",   # a country read as two digits ("68": GB)
    "1234 5678 9012 3456 7890",      # digits: a country needs two letters
])
def test_no_repair_past_one_lookalike(registry, text):
    assert ftype(registry, "iban").find(text, ctx()) == []


def test_text_no_recognizer_read_is_not_repaired(registry):
    typed = ParseContext(get_locale("en"), None, recognized=False)
    assert ftype(registry, "iban").find("GB60 BARC 2000 O055 7799 11", typed) == []


def test_the_repair_does_not_make_the_value_surer(registry):
    words = [Word("IBAN:", Box(0.05, 0.1, 0.12, 0.12), 0, 0.99, "ppocr_rec",
                  char_confidences=(0.99,) * 5)]
    x = 0.15
    for text in ["GB60", "BARC", "2000", "O055", "7799", "11"]:
        words.append(Word(text, Box(x, 0.1, x + 0.05, 0.12), 0, 0.6, "crnn", True,
                          char_confidences=(0.6,) * len(text)))
        x += 0.06
    doc = Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    (t,), _ = check_source('template t {\n  field iban: iban = right of "IBAN:" handwritten\n'
                           '  rule iban_ok: valid_iban(iban)\n}', "t.sift", registry)
    ex = runtime.run(t, doc)
    assert ex.fields["iban"].value == GB
    assert ex.fields["iban"].confidence <= 0.6 and ex.status is Status.REVIEW


# ---------------------------------------------------------------- the format as a pattern
def test_the_constraint_is_each_countrys_format(registry):
    from formsift.util.safe_regex import fullmatches

    pattern = ftype(registry, "iban").constraint().pattern
    assert pattern
    for good in (GB, DE, "FR1420041010050500013M02606", "GB29NWBK60161331926819"):
        assert fullmatches(pattern, good), good
    for bad in ("1644500105175407324931", "1E44500105175407324931",  # 'DE' read as digits
                "DE4450010517540732493",  # one short of Germany's 22
                "GB60BARC2000O055779911"):  # a letter in the sort code
        assert not fullmatches(pattern, bad), bad


def test_comb_cells_are_read_by_the_countrys_places(registry):
    """A comb's cells, each with the recognizer's probabilities: the first two read '1'
    and '6' more surely than 'D' and 'E'. Read by the type's pattern, the places of
    the country's letters take the letters."""
    import numpy as np

    from formsift.plugins.handwriting.recognize import _by_pattern

    charset = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    def cell(probs: dict[str, float]) -> Any:
        p = np.zeros(len(charset), np.float32)
        for c, v in probs.items():
            p[charset.index(c)] = v
        return p

    cells = [cell({"1": 0.8, "D": 0.1}), cell({"6": 0.6, "E": 0.3})]
    cells += [cell({d: 0.9, "O": 0.05}) for d in DE[2:]]
    got = _by_pattern(charset, cells, ftype(registry, "iban").constraint().pattern)
    assert got is not None and "".join(c for c, _ in got) == DE


@pytest.mark.parametrize("text", ["FRI4 2004 1010 0505 0001 3M02 606",  # C01's re-read
                                  "GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"])
def test_a_reading_again_by_the_pattern_is_kept_when_the_type_reads_it(registry, text):
    """A handwritten IBAN read again with the type's constraint (its value did not read
    on the whole page: C01's 'FRI4 2004 1010 0505 oool 3M02 606') is kept when the type
    reads it whole as a value the pattern matches: in its groups, or with the look-alike
    the type puts right (the compact pattern matched neither, and the re-read that gave
    C01 its right IBAN was dropped)."""
    from formsift.templates.constrained import _reads_whole

    t = ftype(registry, "iban")
    assert _reads_whole(t, text, ctx(), t.constraint())
    assert not _reads_whole(t, "FRI4 2004 1010 0505 0001 3M02 607", ctx(), t.constraint())
