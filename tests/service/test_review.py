"""Review (:mod:`formsift.service.review`) without a server: what a submit does to the
values it does not correct."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.service.documents import invoice_needing_review

ROOT = Path(__file__).resolve().parents[2]


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


def _documents_in_review_for_what_the_document_is():
    """(name, bytes, template, the reason) of documents that went to review only because
    of the document: junk after %%EOF, a KYC packet sent as one file, a payslip given to
    the receipt template."""
    src = (ROOT / "examples" / "documents" / "invoice.pdf").read_bytes()
    yield "damaged.pdf", src + b"\n%" + b"A" * 4000 + b"\n", "invoice", "input_damaged"
    yield ("kyc_packet.pdf", (ROOT / "examples" / "documents" / "kyc_packet.pdf").read_bytes(),
           None, "several_documents")
    yield ("payslip.pdf", (ROOT / "examples" / "documents" / "payslip.pdf").read_bytes(),
           "receipt", "template_mismatch")


@pytest.mark.parametrize("name,data,template,code",
                         [pytest.param(*case, id=case[-1]) for case in
                          _documents_in_review_for_what_the_document_is()])
def test_only_a_confirmation_settles_what_the_document_is(name, data, template, code):
    """A submit with no corrections and "confirm": false accepted a damaged file, a packet
    sent as one document and a payslip given to the receipt template: revalidate rebuilt
    the reasons from the rules and routing alone, and the document's reasons were lost.
    They describe the document, not the values: a submit that does not confirm keeps them
    (the record stays in review); a confirmation (the reviewer vouches for what is shown)
    settles them."""
    from formsift import Engine
    from formsift.service.review import apply_review

    engine = Engine(seen_store="memory")
    result = engine.extract(data, template, name=name)
    assert code in [r.code for r in result.reasons] and result.status == "review"
    tpl = engine.template(result.template)
    before = result.model_dump(mode="json")
    out = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=False)
    assert out.result["status"] == "review"
    assert code in [r["code"] for r in out.result["reasons"]]
    # kept once, also after a second submit that does not confirm either
    again = apply_review(out.result, tpl, {}, "rita", seen_store=None, confirm=False)
    assert [r["code"] for r in again.result["reasons"]].count(code) == 1
    assert again.result["status"] == "review"
    # a correction of values does not settle it either
    field = next(n for n, s in tpl.fields.items() if not s.repeated)
    corrected = apply_review(before, tpl, {field: _shown(before, field)}, "rita",
                             seen_store=None, confirm=False)
    assert code in [r["code"] for r in corrected.result["reasons"]]
    # the reviewer vouches for the values as shown: the document's reasons are settled
    confirmed = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=True)
    assert code not in [r["code"] for r in confirmed.result["reasons"]]


def _shown(result, field):
    fv = result["fields"].get(field)
    return (fv or {}).get("raw") or ""


def test_a_reason_about_how_a_value_was_read_is_settled_by_correcting_that_value():
    """An 'ambiguous', 'invalid_value' or 'regex_timeout' reason of a field is about how
    the extraction read it: revalidate cannot tell it again from the values. It stays
    until the reviewer corrects that field or confirms; a column's reason until they
    confirm."""
    from formsift import Engine
    from formsift.service.review import apply_review
    from formsift.templates import load_template

    tpl = load_template("invoice")
    pdf, _, _ = invoice_needing_review(2)
    before = Engine([tpl], seen_store="memory").extract(pdf, tpl).model_dump(mode="json")
    before["reasons"] = [
        {"code": "ambiguous", "field": "invoice_date", "rule": None,
         "message": "'invoice_date' (03/04/2024) was read day first, ..."},
        {"code": "invalid_value", "field": "iban", "rule": None, "message": "bad IBAN"},
        {"code": "ambiguous", "field": "items.amount", "rule": None, "message": "two ways"}]
    out = apply_review(before, tpl, {"invoice_date": _shown(before, "invoice_date")},
                       "rita", seen_store=None, confirm=False)
    kept = [(r["code"], r["field"]) for r in out.result["reasons"]]
    assert ("ambiguous", "invoice_date") not in kept
    assert ("invalid_value", "iban") in kept and ("ambiguous", "items.amount") in kept
    assert out.result["status"] == "review"
    out = apply_review(before, tpl, {}, "rita", seen_store=None, confirm=True)
    assert not {("invalid_value", "iban"), ("ambiguous", "items.amount")} & {
        (r["code"], r["field"]) for r in out.result["reasons"]}
