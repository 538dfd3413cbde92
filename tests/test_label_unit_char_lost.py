"""A label's unit with one character OCR lost is the label (aircraft technical log
journey, finding 6: a value missed, and a needless review). PP-OCR read the printed
``Density (kg/l)`` as ``Density (kg/)`` on all five scans of one layout, so
``below "Density (kg/l)"`` found no label, the density was missing and the fuel-mass
rule never ran. A letter or digit lost beside a slash of a word, which leaves the unit
unfinished, is now found on words an OCR read, at a lower score (0.75); never on a text
layer, which prints what it has, and never where the loss makes another unit or word."""

from __future__ import annotations

import pytest

from formsift.templates.labels import find_label
from tests.parsing import ocr_page


@pytest.mark.parametrize("read", [["Density", "(kg/)"], ["Density", "(kg/"],
                                  ["Density(kg/)"]])
def test_a_unit_with_one_character_lost_on_a_scan(read):
    page = ocr_page(["Uplift", "(litres)", "4000"], [*read, "0.785"])
    hits = find_label(page, ("Density (kg/l)",))
    assert hits and hits[0].line_index == 1 and hits[0].first == 0, hits
    exact = find_label(ocr_page(["Density", "(kg/l)", "0.785"]), ("Density (kg/l)",))[0]
    assert hits[0].score < exact.score


def test_the_label_as_printed_wins_over_one_with_a_character_lost():
    page = ocr_page(["Density", "(kg/)", "0.785"], ["Density", "(kg/l)", "0.790"])
    assert find_label(page, ("Density (kg/l)",))[0].line_index == 1


def test_a_text_layer_prints_what_it_has():
    page = ocr_page(["Density", "(kg/)", "0.785"], source="pdf")
    assert find_label(page, ("Density (kg/l)",)) == []


@pytest.mark.parametrize("label, read", [
    ("Density (kg/l)", ["Density", "(g/l)"]),  # another unit, not an unfinished one
    ("Volume (ml)", ["Volume", "(l)"]),
    ("E-mail address", ["mail", "address"]),
    ("Density", ["Destiny"]),
    ("Contract person", ["Contact", "person"]),
])
def test_a_character_lost_that_makes_another_word_is_no_label(label, read):
    assert find_label(ocr_page(read), (label,)) == []
