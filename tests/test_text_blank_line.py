"""A blank line drawn to be filled in (``Buyer: ______`` in a signature block, a dotted
leader) is no text value: the closing journey's settlement statement gave its buyer as
twenty underscores, from the signature block, ahead of the buyer's name in the header
(ambiguous, review, the record's buyer a row of underscores)."""

import pytest

from tests.parsing import extract_text

TEMPLATE = """template closing {
  match { contains "SETTLEMENT" }
  field buyer: text = right of "Buyer:"
}
"""


def test_a_signature_blank_is_not_the_buyer(tmp_path) -> None:
    text = ("SETTLEMENT STATEMENT\n"
            "Buyer:   Daniel and Maria Okafor\n"
            "Charges ...\n"
            "Signatures\n"
            "Buyer:   ____________________\n")
    result = extract_text(tmp_path, TEMPLATE, text)
    rec = result
    assert rec.fields["buyer"].value == "Daniel and Maria Okafor"
    assert rec.status == "accepted", rec.reasons


@pytest.mark.parametrize("blank", [".........", "----------", "==========", "— — — —"])
def test_only_blanks_is_a_missing_value(tmp_path, blank) -> None:
    result = extract_text(tmp_path, TEMPLATE, f"SETTLEMENT\nBuyer:   {blank}\n")
    rec = result
    assert rec.fields.get("buyer") is None
    assert any(r.code == "field_missing" for r in rec.reasons)


@pytest.mark.parametrize("value", ["n/a", "A.B.C.", "Mr _ Smith"])
def test_short_marks_and_text_with_blanks_stay_values(tmp_path, value) -> None:
    result = extract_text(tmp_path, TEMPLATE, f"SETTLEMENT\nBuyer:   {value}\n")
    assert result.fields["buyer"].value == value


@pytest.mark.parametrize("blank", ["----------", "==========", "— — — —", "______"])
def test_the_text_type_refuses_a_drawn_line(registry, blank) -> None:
    """In a table cell too ('Note: ------' is an empty note; the code read found dashes
    and equals signs still taken as text)."""
    from tests.parsing import ctx, ftype

    with pytest.raises(ValueError, match="blank line"):
        ftype(registry, "text").parse(blank, ctx())
    assert ftype(registry, "text").parse("--", ctx()) == "--"
