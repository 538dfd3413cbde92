"""A label that ends in a sign glued to its value ('$52.500,00' after a regex label ending
in '\\$', or a text label "Importe Total: $") leaves the value where the label ends: the
whole word is not taken for the label, with no text beside it."""

from __future__ import annotations

from decimal import Decimal

from tests.parsing import extract_text

VAT = """template t {
  locale "es_AR"
  field vat: money = right of /IVA \\d+(,\\d+)?%:? ?(\\$|USD)?/
  field total: money = right of "Importe Total: $"
}"""


def test_a_regex_label_ending_in_a_dollar_glued_to_the_amount(tmp_path):
    """A user's bug (journey latam2, F8): 'IVA 10,5% $52.500,00' gave 'no text beside
    it', the label taken as the whole '$52.500,00'."""
    result = extract_text(tmp_path, VAT, "IVA 10,5% $52.500,00\nImporte Total: $552.500,00\n")
    assert result.fields["vat"].value == Decimal("52500.00")
    assert result.fields["total"].value == Decimal("552500.00")


def test_a_regex_label_ending_inside_letters_is_still_no_glued_value(tmp_path):
    src = 'template t {\n  field ref: text = right of /Inv/\n}\n'
    assert extract_text(tmp_path, src, "Invoice ABC-1\n").fields["ref"].value == "ABC-1"
