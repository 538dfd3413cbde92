"""A number the recognizer split into two touching words ("11" "8204" of a handwritten
118204) is one number, never its first part alone, for every locator."""

from __future__ import annotations

import pytest

from tests.words import run, values, words_doc

# -- finding: a number split by the recognizer keeps only its first part --------------

MILEAGE = '''template t {
  locale "en_GB"
  field mileage_in: int = right of "Mileage in:" handwritten
  field mileage_out: int = right of "Mileage out:" handwritten
  field odometer: int? = below "Odometer"
  field price: decimal? = after "Price:"
}'''


@pytest.mark.parametrize("gap", [0.003, 0.0, -0.0008])
def test_a_number_split_into_touching_words_is_read_whole(gap, registry):
    """A user's bug (fleet repair orders): the handwritten mileage 118204 came back from
    the recognizer as "11" and "8204", 0.003 of the page apart (less than the gaps between
    its digits), and mileage_in 11 was accepted (73 for 73518 with another recognizer)."""
    doc = words_doc(
        (("Mileage", 0.56, 0.615), ("in:", 0.619, 0.64), ("11", 0.708, 0.732, True),
         ("8204", 0.732 + gap, 0.789 + gap, True)),
        (("Mileage", 0.56, 0.615), ("out:", 0.621, 0.65), ("118206", 0.708, 0.791, True)),
        (("Odometer", 0.05, 0.15),),
        (("73", 0.05, 0.085), ("518", 0.085 + gap, 0.136 + gap)),
        (("Price:", 0.05, 0.1), ("12", 0.11, 0.134), ("50", 0.134 + gap, 0.158 + gap)))
    ex = run(MILEAGE, doc, registry)
    got = values(ex)
    assert got["mileage_in"] == "118204"
    assert got["mileage_out"] == "118206"
    assert got["odometer"] == "73518"
    assert got["price"] == "1250"


def test_a_touching_split_number_is_not_read_as_its_groups_to_please_a_rule(registry):
    """The same bug with another recognizer: "73" and "518" (boxes overlapping) of a
    handwritten 73518; mileage_out 73158 is lower (the error the rule is there for), and
    the rule chose the reading '518' of the two words, accepted."""
    src = MILEAGE.replace("field odometer: int? = below \"Odometer\"\n", "").replace(
        "field price: decimal? = after \"Price:\"\n", "").replace(
        "}", "  rule order: mileage_out >= mileage_in\n}")
    doc = words_doc(
        (("Mileage", 0.56, 0.615), ("in:", 0.619, 0.64), ("73", 0.7518, 0.7865),
         ("518", 0.7857, 0.8374)),
        (("Mileage", 0.56, 0.615), ("out:", 0.621, 0.65), ("73158", 0.7546, 0.8378)))
    ex = run(src, doc, registry)
    assert values(ex)["mileage_in"] == "73518"
    assert ex.fields["mileage_in"].raw == "73518"
    assert [r.rule for r in ex.reasons if r.code == "rule_failed"] == ["order"]


def test_numbers_a_word_space_apart_stay_apart(registry):
    # a word space (half a digit's width or more) parts two numbers: "2 350" under a
    # label is 2, as before; a gap wider still, too
    for gap in (0.006, 0.03):
        doc = words_doc((("Mileage", 0.56, 0.615), ("in:", 0.619, 0.64),
                         ("11", 0.708, 0.732, True), ("8204", 0.732 + gap, 0.789 + gap, True)),
                        (("Mileage", 0.56, 0.615), ("out:", 0.621, 0.65),
                         ("118206", 0.708, 0.791, True)))
        assert values(run(MILEAGE, doc, registry))["mileage_in"] == "11"


def test_a_split_number_that_does_not_join_into_a_value_is_ambiguous(registry):
    # "12.50" touching "3.75": not one number; neither part alone is sure
    src = """template t {
  locale "en_GB"
  currency "GBP"
  field price: money = after "Price:"
}"""
    doc = words_doc((("Price:", 0.05, 0.1), ("12.50", 0.11, 0.17), ("3.75", 0.171, 0.219)))
    ex = run(src, doc, registry)
    assert [r.code for r in ex.reasons if r.field == "price"] == ["ambiguous"]
    # a word space apart, the first is the value, as before
    doc = words_doc((("Price:", 0.05, 0.1), ("12.50", 0.11, 0.17), ("3.75", 0.18, 0.228)))
    ex = run(src, doc, registry)
    assert values(ex)["price"] == "12.50"
    assert not [r for r in ex.reasons if r.field == "price"]


def test_a_superscript_after_a_number_is_no_split_number(registry):
    """A code review's find: "12" touching "²" (a footnote mark; str.isdigit says digit,
    the number pattern does not) raised AttributeError out of the locator."""
    src = "template t {\n  field area: int = right of \"Area:\"\n}"
    doc = words_doc((("Area:", 0.05, 0.1), ("12", 0.11, 0.134), ("²", 0.134, 0.14)))
    assert values(run(src, doc, registry))["area"] == "12"


def test_an_amount_touching_its_currency_keeps_its_raw_text_as_written(registry):
    # only a number split between its digits is joined in the raw text: "(225,00" and
    # "€)" touching stay two tokens, as the text line has them
    src = ('template t {\n  locale "es_ES"\n  currency "EUR"\n'
           '  field irpf: money = right of "IRPF:"\n}')
    doc = words_doc((("IRPF:", 0.05, 0.1), ("(225,00", 0.11, 0.19), ("€)", 0.19, 0.21)))
    ex = run(src, doc, registry)
    assert str(ex.fields["irpf"].value) == "-225.00"
    assert ex.fields["irpf"].raw == "(225,00 €)"
