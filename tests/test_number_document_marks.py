"""A document read in the decimal mark its own numbers show (journey shipping, finding
4): a European carrier's bill of lading under an en_GB template prints '7.122,750 KGS'
(both marks: the comma is its decimal mark) and '30,250 CBM', which was read 30250 and
accepted (the containers' '18,250' and '12,000 CBM' alike, so the sum rule held)."""

from __future__ import annotations

import pytest

from formsift.plugins.fieldtypes.amounts import document_marks
from tests.parsing import extract_text


@pytest.mark.parametrize("text, marks", [
    ("Total Gross Weight: 7.122,750 KGS\nTotal Measurement: 30,250 CBM", (",", ".")),
    ("Total 12,345.678 KGS\n45.500 CBM", (".", ",")),
    ("Total 1,23,456.78", (".", ",")),                       # Indian grouping
    ("Weight 6.100 KGS\nDate 18.11.2026", None),              # nothing says which
    ("EUR 1.234,56 = USD 1,340.20", None),                     # both: no convention
    ("Version 1.2.3,4 of 12.05.2024", None),
])
def test_the_marks_a_document_shows(text, marks):
    assert document_marks(text) == marks


BL = '''template bl {
  locale "en_GB"%s
  match { contains "BILL OF LADING" }
  field gross_weight: decimal = right of "Total Gross Weight:"
  field measurement: decimal = right of "Total Measurement:"
  field freight: money? = right of "Freight:"
}'''

EU = """BILL OF LADING
Total Gross Weight:   7.122,750 KGS
Total Measurement:    30,250 CBM
Freight:              1.250,00 EUR
"""




def test_the_journeys_european_bill_of_lading(tmp_path):
    result = extract_text(tmp_path, BL % "", EU)
    assert str(result.field("gross_weight").value) == "7122.750"
    assert str(result.field("measurement").value) == "30.250"
    assert str(result.field("freight").value) == "1250.00"


def test_an_english_document_is_read_as_before(tmp_path):
    result = extract_text(tmp_path, BL % "", "BILL OF LADING\nTotal Gross Weight: "
                          "12,345.678 KGS\nTotal Measurement: 45.500 CBM\n")
    assert str(result.field("gross_weight").value) == "12345.678"
    assert str(result.field("measurement").value) == "45.500"
    # a document that shows no convention is read in the template's locale
    result = extract_text(tmp_path, BL % "", "BILL OF LADING\nTotal Gross Weight: "
                          "6.100 KGS\nTotal Measurement: 30,250 CBM\n")
    assert str(result.field("gross_weight").value) == "6.100"
    assert str(result.field("measurement").value) == "30250"


def test_marks_stated_in_the_template_are_kept(tmp_path):
    result = extract_text(tmp_path, BL % '\n  decimal "."', EU)
    assert str(result.field("measurement").value) == "30250"
