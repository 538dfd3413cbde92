"""A type's pattern (``text(pattern=/.../)``, ``id(/.../)``) gives the value it matches,
or its first group, on a field and in a table cell alike: a cell "LOT: L25B7787" under
``text(pattern=/[A-Z]\\d{2}[A-Z]\\d{4}/)`` is L25B7787, not the whole cell."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.templates import compile_template

CTX = ParseContext(get_locale("en"))

NOTE = """DISPATCH ADVICE
Description            Batch            Quantity
Amoxicillin            LOT: L25B7787    120
Ibuprofen              LOT: B22B6952    60
Total units 180
First batch: LOT: L25B7787
"""


def _template(batch_type: str) -> str:
    return f"""template dn {{
  field first: {batch_type} = after "First batch:"
  table items {{
    product: text header "Description"
    batch: {batch_type} header "Batch"
    qty: int header "Quantity"
    until "Total units"
  }}
}}"""


@pytest.mark.parametrize("batch_type", [
    "text(pattern=/[A-Z]\\d{2}[A-Z]\\d{4}/)",
    "text(pattern=/LOT:\\s?([A-Z0-9]+)/)",
    "text(pattern=/(?<=LOT: )[A-Z0-9]+/)",
    "id(/LOT:\\s?([A-Z0-9]+)/)",
    "id(/LOT:\\s?(?P<batch>[A-Z0-9]+)/)",
])
def test_a_pattern_cuts_the_value_out_of_a_cell_as_out_of_a_field(batch_type):
    """A user's bug (a pharma wholesaler's dispatch advices): the batch column kept
    "LOT: L25B7787" in accepted records, while the same type on a field gave L25B7787,
    and the packet rule comparing it with the certificate's batch failed."""
    result = Engine(templates=[], seen_store="memory").extract(
        NOTE.encode(), compile_template(_template(batch_type)), name="dn.txt")
    assert result.fields["first"].value == "L25B7787"
    assert [r["batch"].value for r in result.tables["items"]] == ["L25B7787", "B22B6952"]


def test_text_and_id_parse_give_the_match_or_its_group():
    text = Engine(templates=[]).registry.create("field_type", "text",
                                               {"pattern": r"(\d{4})-\d{2}"})
    assert text.parse("Period 2026-03", CTX) == "2026"
    with pytest.raises(ValueError, match="does not match"):
        text.parse("no period", CTX)
    ident = Engine(templates=[]).registry.create("field_type", "id",
                                                {"pattern": r"INV-(\d+)"})
    assert ident.parse("INV-0042", CTX) == "0042"
    assert [f.value for f in ident.find("see INV-0042 and INV-7", CTX)] == ["0042", "7"]
    with pytest.raises(ValueError):
        ident.parse("XINV-0042", CTX)  # an id's pattern still matches the whole text
    plain = Engine(templates=[]).registry.create("field_type", "text", {})
    assert plain.parse("  Acme   GmbH ", CTX) == "Acme GmbH"
