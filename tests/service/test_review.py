"""Review (:mod:`formsift.service.review`) without a server: what a submit does to the
values it does not correct."""

from __future__ import annotations

from tests.service.documents import invoice_needing_review


def test_review_keeps_whole_numbers_whole():
    """Any submit (no corrections, confirm false) turned the int column items[].qty from
    the JSON integer 3 into the string "3" without a value_type: record() gave '3'."""
    from formsift import Engine, ExtractionResult
    from formsift.service.review import apply_review
    from formsift.templates import load_template

    tpl = load_template("invoice")
    pdf, _, _ = invoice_needing_review(2)
    before = Engine([tpl], seen_store="memory").extract(pdf, tpl).model_dump(mode="json")
    qty = [row["qty"]["value"] for row in before["tables"]["items"]]
    assert qty and all(type(q) is int for q in qty)
    out = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=False)
    cells = [row["qty"] for row in out.result["tables"]["items"]]
    assert [c["value"] for c in cells] == qty
    assert all(c["value_type"] is None for c in cells)
    record = ExtractionResult.model_validate(out.result).record()
    assert [row["qty"] for row in record["items"]] == qty
    # amounts stay decimals with their currency, as they were
    amounts = [row["amount"] for row in out.result["tables"]["items"]]
    assert amounts == [row["amount"] for row in before["tables"]["items"]]
    assert out.result["fields"]["total"] == before["fields"]["total"]


def test_a_correction_in_json_form_must_still_fit_the_field_type():
    """A reviewer's "3.5" for an int column was taken (its JSON form parses as a number),
    bypassing the column's type; "3" and an amount's JSON form "1234.50" still are."""
    import pytest

    from formsift import Engine
    from formsift.service.review import apply_review
    from formsift.templates import load_template

    tpl = load_template("invoice")
    pdf, _, _ = invoice_needing_review(2)
    before = Engine([tpl], seen_store="memory").extract(pdf, tpl).model_dump(mode="json")
    with pytest.raises(ValueError, match="items"):
        apply_review(before, tpl, {"items[0].qty": "3.5"}, "rita", seen_store=None)
    out = apply_review(before, tpl, {"items[0].qty": "3", "total": "1234.50"}, "rita",
                       seen_store=None)
    assert out.result["tables"]["items"][0]["qty"]["value"] == 3
    assert out.result["fields"]["total"]["value"] == "1234.50"
