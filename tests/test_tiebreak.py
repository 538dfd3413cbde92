"""Near-ties between templates are decided by what each contender extracts."""

from __future__ import annotations

from pathlib import Path

from formsift.core.engine import Engine
from formsift.core.result import Status

ROOT_DOCS = Path(__file__).resolve().parents[1] / "examples" / "documents"


def _write(tmp_path, name, body):
    path = tmp_path / f"{name}.sift"
    path.write_text(f"template {name} {{\n  match {{ contains \"Order\" }}\n{body}}}\n")
    return path


def test_the_shipped_invoice_is_an_invoice_though_it_says_total_and_invoice():
    # the receipt template's tests pass too (TOTAL, INVOICE, QTY), but a page with a due
    # date asks to be paid later: no receipt
    result = Engine().extract(ROOT_DOCS / "invoice.pdf")
    scores = {s.template: s.score for s in result.classification}
    assert scores["invoice"] == 1.0 and scores["receipt"] == 0.0
    assert result.template == "invoice" and result.status == Status.ACCEPTED
    assert not any(r.code == "ambiguous" for r in result.reasons)


def test_the_contender_with_a_complete_record_wins(tmp_path, make_pdf):
    pdf = make_pdf([(50, 50, "Order 42"), (50, 80, "Total 12.00")])
    complete = _write(tmp_path, "complete", '  field total: money = right of "Total"\n')
    lacking = _write(tmp_path, "lacking", '  field iban: iban = right of "IBAN"\n')
    for order in ([lacking, complete], [complete, lacking]):
        result = Engine(templates=order).extract(pdf)
        assert result.template == "complete" and result.status == Status.ACCEPTED


def test_a_tie_that_extraction_cannot_decide_stands_and_goes_to_review(tmp_path, make_pdf):
    pdf = make_pdf([(50, 50, "Order 42"), (50, 80, "Total 12.00")])
    body = '  field total: money = right of "Total"\n'
    result = Engine(templates=[_write(tmp_path, "one", body), _write(tmp_path, "two", body)]
                    ).extract(pdf)
    assert result.status == Status.REVIEW
    assert [r.code for r in result.reasons] == ["ambiguous"]


def test_a_template_that_checks_less_does_not_win_a_tie_over_the_values_it_shares(
        tmp_path, make_pdf):
    # journey africa, finding 4: a generic template with only the sum rule won the tie
    # (accepted) over the supplier's own, whose VAT-rate rule failed on the same values
    pdf = make_pdf([(50, 50, "Order 42"), (50, 80, "Net 100.00"), (50, 100, "VAT 10.00"),
                    (50, 120, "Total 110.00")])
    fields = ('  field net: money = right of "Net"\n  field vat: money = right of "VAT"\n'
              '  field total: money = right of "Total"\n  rule sums: net + vat == total\n')
    generic = _write(tmp_path, "generic", fields)
    supplier = _write(tmp_path, "supplier", fields + "  rule rate: vat == net * 0.15\n")
    for order in ([generic, supplier], [supplier, generic]):
        result = Engine(templates=order, seen_store="memory").extract(pdf)
        assert result.status == Status.REVIEW, (result.template, result.reasons)


def test_a_failed_rule_on_other_values_does_not_hold_the_tie(tmp_path, make_pdf):
    # the other contender's rule failed on a value the winner read otherwise: no doubt on it
    pdf = make_pdf([(50, 50, "Order 42"), (50, 80, "Total 12.00"), (50, 100, "Sum 13.00")])
    good = _write(tmp_path, "good", '  field total: money = right of "Total"\n')
    bad = _write(tmp_path, "bad", '  field total: money = right of "Sum"\n'
                                  '  rule small: total < 13\n')
    for order in ([bad, good], [good, bad]):
        result = Engine(templates=order, seen_store="memory").extract(pdf)
        assert result.template == "good" and result.status == Status.ACCEPTED
