"""A type's pattern (``text(pattern=/.../)``, ``id(/.../)``) gives the value it matches,
on a field and in a table cell alike: a cell "LOT: L25B7787" under
``text(pattern=/[A-Z]\\d{2}[A-Z]\\d{4}/)`` is L25B7787, not the whole cell. Its groups are
the pattern's own (alternatives, repeats): the value is the whole match."""

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
    "text(pattern=/(?<=LOT: )[A-Z0-9]+/)",
    "text(pattern=/(?<=LOT:\\s?)([A-Z]\\d{2})([A-Z]\\d{4})/)",
])
def test_a_pattern_cuts_the_value_out_of_a_cell_as_out_of_a_field(batch_type):
    """A user's bug (a pharma wholesaler's dispatch advices): the batch column kept
    "LOT: L25B7787" in accepted records, while the same type on a field gave L25B7787,
    and the packet rule comparing it with the certificate's batch failed."""
    result = Engine(templates=[], seen_store="memory").extract(
        NOTE.encode(), compile_template(_template(batch_type)), name="dn.txt")
    assert result.fields["first"].value == "L25B7787"
    assert [r["batch"].value for r in result.tables["items"]] == ["L25B7787", "B22B6952"]


def test_text_and_id_give_the_whole_match_whatever_their_groups():
    """The review of this change: with the first group as the value, a customs packet's
    incoterm /(EXW|FOB|CIF|DDP)\\s+\\S.*/ came out "FOB" (not "FOB Shenzhen"), an HS code
    /\\d{4}\\.?\\d{2}(\\.?\\d{2}){0,2}/ ".00", and /(INV|CRN)-\\d{6}/ "INV", accepted."""
    engine = Engine(templates=[])

    def create(name: str, pattern: str):
        return engine.registry.create("field_type", name, {"pattern": pattern})

    incoterm = create("text", r"(EXW|FOB|CIF|DDP)\s+\S.*")
    assert incoterm.parse("Terms: FOB Shenzhen", CTX) == "FOB Shenzhen"
    assert [f.value for f in incoterm.find("Terms: FOB Shenzhen", CTX)] == ["FOB Shenzhen"]
    hs = create("id", r"\d{4}\.?\d{2}(\.?\d{2}){0,2}")
    assert hs.parse("8471.30.00", CTX) == "8471.30.00"
    assert [f.value for f in hs.find("HS 8471.30.00 / 8471.60.60", CTX)] == [
        "8471.30.00", "8471.60.60"]
    ident = create("id", r"(INV|CRN)-\d{6}")
    assert ident.parse("INV-004711", CTX) == "INV-004711"
    with pytest.raises(ValueError, match="does not match"):
        ident.parse("XINV-004711", CTX)  # an id's pattern matches the whole text
    with pytest.raises(ValueError, match="does not match"):
        create("text", r"(\d{4})-\d{2}").parse("no period", CTX)
    assert create("text", "").parse("  Acme   GmbH ", CTX) == "Acme GmbH"
