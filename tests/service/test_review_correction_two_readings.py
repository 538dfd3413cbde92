"""A reviewer's correction of an amount is read with the rules extraction reads the same
text with: "1.250" in a template that states neither decimal nor thousands reads two
ways (extraction says ``ambiguous``), so a correction so written is refused, naming the
field, both readings and how to write it; it was stored as 1.25 (J2 journey, F1)."""

from __future__ import annotations

import pytest

from tests.service.documents import labelled_pdf

CLAIM = '''template claim {
  currency "EUR"
  field claim_no: text = right of "Claim number"
  field claimed: money = right of "Claimed"
  field payable: money = right of "Payable"
}'''
#: the same, stating the marks: "1.250" is 1250 there, as extraction reads it
GERMAN = CLAIM.replace('currency "EUR"', 'currency "EUR"\n  decimal ","\n  thousands "."')


def _template(source: str):
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    (tpl,), _ = check_source(source, "claim.sift", default_registry())
    return tpl


def _pdf(payable: str) -> bytes:
    return labelled_pdf((100, "Claim number", "CLM-1"), (140, "Claimed", "900"),
                        (160, "Payable", payable))


def _review(tpl, corrections: dict):
    from formsift import Engine
    from formsift.service.review import apply_review

    result = Engine([tpl], seen_store="memory").extract(_pdf("900"), tpl)
    return apply_review(result.model_dump(mode="json"), tpl, corrections, "rita",
                        seen_store=None, confirm=False)


def test_extraction_reads_the_text_two_ways():
    """What the correction is held to: extraction doubts the same printed text."""
    from formsift import Engine

    tpl = _template(CLAIM)
    result = Engine([tpl], seen_store="memory").extract(_pdf("1.250"), tpl)
    assert "payable" in {r.field for r in result.reasons if r.code == "ambiguous"}


@pytest.mark.parametrize("typed", ["1.250", "EUR 1.250", "12.500"])
def test_an_amount_that_reads_two_ways_is_refused_naming_both_readings(typed):
    from formsift.service.review import CorrectionError

    with pytest.raises(CorrectionError) as caught:
        _review(_template(CLAIM), {"payable": typed})
    assert caught.value.path == "payable"
    message = str(caught.value)
    assert message.startswith("payable: ")
    head, tail = typed.split()[-1].split(".")
    assert f"{head}.{tail.rstrip('0')} or {head}{tail}" in message
    assert f"'{head}{tail}.00'" in message  # how to write it one way
    assert "\n" not in message


@pytest.mark.parametrize("typed,value", [("1250.00", "1250.00"), ("1.25", "1.25"),
                                         ("1,250", "1250"), ("1.250,00", "1250.00")])
def test_amounts_that_read_one_way_are_taken(typed, value):
    out = _review(_template(CLAIM), {"payable": typed})
    assert out.result["fields"]["payable"]["value"] == value


def test_a_template_stating_its_marks_reads_one_way():
    out = _review(_template(GERMAN), {"payable": "1.250"})
    assert out.result["fields"]["payable"]["value"] == "1250"
