"""A packet rule over a role of several documents, written from another document's rows
(expense-claims journey, finding 8): "every claim line has a receipt of its amount",
``each form.lines: count(rc where rc.total == amount) >= 1``, was refused by formsift
check ("'rc' holds several documents"). In an aggregate's ``where`` over a repeated role,
``rc.total`` is the field of the document the condition is asked of, and the row's
columns are in scope by their bare names."""

from __future__ import annotations

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source

_SOURCE = """template claim {
  match { contains "EXPENSE CLAIM" }
  field employee: text = right of "Employee"
  table lines {
    item: text header "Item"
    amount: money header "Amount"
  }
}
template receipt {
  currency "EUR"
  match { contains "RECEIPT" }
  field total: money = right of "Total"
}
packet expense {
  document form: claim
  document rc: receipt[0..]
  rule has_receipt: each form.lines: count(rc where rc.total == amount) >= 1
}
"""

_LINES = [("Taxi to airport", "42.50"), ("Hotel Lyon", "180.00"), ("Dinner", "35.20")]


def _claim() -> list[tuple[float, float, str]]:
    out = [(50, 60, "EXPENSE CLAIM"), (50, 80, "Employee: Dana Whitfield"),
           (50, 120, "Item"), (300, 120, "Amount")]
    for k, (item, amount) in enumerate(_LINES):
        out += [(50, 140 + 16 * k, item), (300, 140 + 16 * k, amount)]
    return out


def _receipt(total: str) -> list[tuple[float, float, str]]:
    return [(50, 60, "Cafe du Parc"), (50, 80, "RECEIPT"), (50, 100, f"Total: {total}")]


def _extract(make_pdf, tmp_path, receipts: list[list[tuple[float, float, str]]],
             source: str = _SOURCE):
    path = tmp_path / "expense.sift"
    path.write_text(source)
    engine = Engine(templates=[path], seen_store="memory")
    return engine.extract_packet(make_pdf(_claim(), *receipts), name="claim.pdf")


def test_the_rule_checks_clean_and_other_reads_are_still_refused(registry):
    """A misspelt field is named; a role's field outside an aggregate says nothing of
    which receipt."""
    _, diags = check_source(_SOURCE, "expense.sift", registry)
    assert [d for d in diags if d.severity == "error"] == [], diags
    rule = "each form.lines: count(rc where rc.total == amount) >= 1"
    for other, said in [(rule.replace("rc.total", "rc.totl"), "did you mean 'total'?"),
                        ("rc.total > 0", "count(rc where rc.total == ...)")]:
        _, diags = check_source(_SOURCE.replace(rule, other), "expense.sift", registry)
        assert any(said in (d.hint or "") for d in diags if d.severity == "error"), diags


def test_a_line_without_a_receipt_fails_naming_it(make_pdf, tmp_path):
    result = _extract(make_pdf, tmp_path, [_receipt("42.50"), _receipt("35.20")])
    assert [d.role for d in result.documents] == ["form", "rc", "rc"]
    (rule,) = result.rules
    assert rule.passed is False, rule
    assert "row 2" in rule.message and "row 1" not in rule.message \
        and "row 3" not in rule.message, rule.message
    assert result.status is not Status.ACCEPTED


def test_every_line_with_a_receipt_passes(make_pdf, tmp_path):
    result = _extract(make_pdf, tmp_path, [_receipt(t) for t in ("180.00", "42.50", "35.20")])
    (rule,) = result.rules
    assert rule.passed is True, rule
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_receipt_whose_total_was_not_read_is_named(make_pdf, tmp_path):
    """Never a silent pass or fail: the rule is not evaluated, naming the receipt."""
    source = _SOURCE.replace('field total: money = right of "Total"',
                             'field total: money? = right of "Total"\n'
                             '  field shop: text = right of "Shop"')
    receipts = [[*_receipt(t), (50, 130, "Shop: Cafe du Parc")]
                for t in ("42.50", "n/a", "180.00", "35.20")]
    result = _extract(make_pdf, tmp_path, receipts, source)
    (rule,) = result.rules
    assert rule.passed is None
    assert rule.message == "not evaluated: rc.total is missing in rc document 3 (pages 3)"
    assert result.status is Status.REVIEW
