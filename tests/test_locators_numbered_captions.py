"""A row of numbered box captions on one line (a CMR's `11 Bruttogewicht kg   12 Umfang
m3`): the words under or after caption 11 end where caption 12 starts. A value lying
under the next caption, or past it, is that box's, not this one's: one word is not the
value of two fields, and the next caption's number is no value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_labels_ocr_readings import ocr_doc, run

CMR = """template t {
  locale "de_DE"
  field gross_weight: decimal? = below "11 Bruttogewicht kg"
  field volume: decimal? = below "12 Umfang m3"
  field packages: int? = below "7 Anzahl" pattern /(\\d+)/
}"""

CAPTIONS = ("7", "Anzahl", ("11", 0.03), "Bruttogewicht", "kg", ("12", 0.03), "Umfang", "m3")


def test_one_word_is_not_the_value_of_two_numbered_captions(registry):
    """A user's bug (journey shipping, finding 6): a dot-matrix CMR printed its values
    offset to the right, and `9.845,0` (past caption 12) became both the gross weight
    and the volume, accepted."""
    doc = ocr_doc(CAPTIONS, ("33", ("Paletten", 0.012), ("9.845,0", 0.4), ("66,5", 0.25)))
    got = run(CMR, doc, registry)
    assert got["gross_weight"] is None  # past caption 12: not caption 11's
    assert got["volume"] == Decimal("9845.0")
    assert got["packages"] == 33


def test_a_value_under_its_own_numbered_caption_is_read(registry):
    doc = ocr_doc(CAPTIONS, ("33", ("9.845,0", 0.176), ("66,5", 0.136)))
    got = run(CMR, doc, registry)
    assert got == {"gross_weight": Decimal("9845.0"), "volume": Decimal("66.5"),
                   "packages": 33}


def test_the_next_captions_number_is_no_value_right_of_a_caption(registry):
    src = """template t {
  field gross_weight: decimal? = right of "11 Bruttogewicht kg"
  field qty: int? = right of "Qty"
}"""
    doc = ocr_doc(("11", "Bruttogewicht", "kg", "12", "Umfang", "m3"), ("Qty", "12", "pcs"))
    got = run(src, doc, registry)
    assert got["gross_weight"] is None
    assert got["qty"] == 12  # a quantity with its unit after an unnumbered label


@pytest.mark.parametrize("text", ["Items 3  Total 24 EUR", "Pos. 1  Total 24 EUR",
                                  "Boxes 2  Total 16 KGS"])
def test_a_value_with_a_code_in_capitals_is_no_next_caption(tmp_path, text):
    """The code read of this stop: "Items 3  Total 24 EUR" read no total (review): "3"
    made "Total" a numbered caption and "24 EUR" the next one."""
    from tests.parsing import extract_text

    result = extract_text(tmp_path, 'template t {\n  locale "en_GB"\n'
                                    '  field total: decimal = right of "Total"\n}\n', text)
    assert str(result.value("total")) in ("24", "16")
