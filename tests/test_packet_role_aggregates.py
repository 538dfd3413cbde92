"""Aggregates over a repeated role (mortgage journey, finding 7, the rest of it): a packet
role may take several documents (``document pays: payslip_uk[2..3]``) and ``each pays:``
checks them one by one, but a mortgage processor also needs the role as a whole: the
mean of the payslips' gross pay against the declared income, how many statements there
are, the latest pay date. ``sum(pays.gross)`` was a check error ("'pays' holds several
documents ... a rule reads them one by one") and ``count(pays)`` another ("'pays' is a
document"). The aggregates now take a repeated role's field, one value per document in
the role's document order, and ``count(pays)`` its number of documents; a document of
the role that lacks the field leaves the rule not evaluated, naming it (never an
aggregate over fewer documents)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source

_TEMPLATES = """template application {
  match { contains "Mortgage Application" }
  field name: text = right of "Applicant"
  field declared: money = right of "Declared annual income"
}
template slip {
  currency "GBP"
  match { contains "PAYSLIP" }
  field employee: text = right of "Employee name"
  field pay_date: date = right of "Pay date"
  field gross: money GROSS = right of "Gross pay"
}
template statement {
  currency "GBP"
  match { contains "Bank statement" }
  field closing: money = right of "Closing balance"
}
"""

_RULES = """  rule enough: count(pays) >= 2
  rule income: avg(pays.gross) * 12 >= app.declared * 0.9
  rule total: sum(pays.gross) == 12750
  rule latest: max(pays.pay_date) == "2026-03-27"
  rule earliest: min(pays.pay_date) == "2026-01-27"
  rule order: first(pays.pay_date) < last(pays.pay_date)
  rule savings: sum(banks.closing) >= 5000
  rule each_share: each pays: pays.gross * count(pays) <= sum(banks.closing) * 10
"""


def _packet(rules: str = _RULES, optional: bool = False) -> str:
    return (_TEMPLATES.replace("GROSS", "?" if optional else "").replace("money ?", "money?")
            + "packet mortgage {\n  document app: application\n"
              "  document pays: slip[2..3]\n  document banks: statement[1..4]\n"
            + rules + "}\n")


def _lines(*texts: str) -> list[tuple[float, float, str]]:
    return [(50, 60 + 16 * k, t) for k, t in enumerate(texts)]


def _application(declared: str = "51,000.00") -> list[tuple[float, float, str]]:
    return _lines("Mortgage Application", "Applicant: Margaret Hughes",
                  f"Declared annual income: {declared}")


def _payslip(month: int, gross: str | None = "4,250.00") -> list[tuple[float, float, str]]:
    lines = ["Harbourside Logistics Ltd", "PAYSLIP", "Employee name: Margaret Hughes",
             f"Pay date: 2026-{month:02d}-27"]
    return _lines(*lines, *([f"Gross pay: {gross}"] if gross else []))


def _statement(closing: str) -> list[tuple[float, float, str]]:
    return _lines("Northbank plc", "Bank statement", f"Closing balance: {closing}")


def _run(tmp_path, make_pdf, *pages, rules: str = _RULES, optional: bool = False):
    path = tmp_path / "mortgage.sift"
    path.write_text(_packet(rules, optional))
    engine = Engine(templates=[path], seen_store="memory")
    return engine.extract_packet(make_pdf(*pages), name="p.pdf")


def test_aggregates_read_each_document_of_the_role(make_pdf, tmp_path):
    result = _run(tmp_path, make_pdf, _application(), _payslip(1), _statement("3,100.00"),
                  _payslip(2), _payslip(3), _statement("2,400.00"))
    assert result.packet == "mortgage"
    assert [(r.name, r.passed) for r in result.rules] == [
        ("enough", True), ("income", True), ("total", True), ("latest", True),
        ("earliest", True), ("order", True), ("savings", True), ("each_share", True)]
    assert result.status is Status.ACCEPTED, result.reasons


def test_an_aggregate_that_does_not_hold_fails_with_its_value(make_pdf, tmp_path):
    # the mean of 4,250, 4,250 and 1,000 is 3,166.67: 38,000 a year against 45,900
    result = _run(tmp_path, make_pdf, _application(), _payslip(1), _payslip(2),
                  _payslip(3, gross="1,000.00"), _statement("6,000.00"))
    rules = {r.name: r for r in result.rules}
    assert rules["income"].passed is False
    assert "45900" in rules["income"].message.replace(",", ""), rules["income"].message
    assert rules["total"].passed is False and "9500" in rules["total"].message
    assert rules["enough"].passed is True and rules["savings"].passed is True
    assert result.status is Status.REVIEW
    assert {r.rule for r in result.reasons if r.code == "rule_failed"} == {"income", "total"}


@pytest.mark.parametrize("optional", [False, True])
def test_a_document_lacking_the_field_leaves_the_aggregate_unevaluated(make_pdf, tmp_path,
                                                                       optional):
    # the third payslip shows no gross pay: a mean over the other two would pass
    result = _run(tmp_path, make_pdf, _application(), _payslip(1), _payslip(2),
                  _payslip(3, gross=None), _statement("6,000.00"), optional=optional)
    assert [d.role for d in result.documents].count("pays") == 3
    rules = {r.name: r for r in result.rules}
    for name in ("income", "total"):
        assert rules[name].passed is None, rules[name]
        assert "pays.gross" in rules[name].message
        assert "pays document 4 (pages 4)" in rules[name].message, rules[name].message
        assert "document 2 " not in rules[name].message
    # the aggregates that do not read the gross still hold
    assert rules["enough"].passed is True and rules["latest"].passed is True
    assert result.status is Status.REVIEW
    not_evaluated = [r for r in result.reasons if r.code == "rule_not_evaluated"]
    assert {r.rule for r in not_evaluated} >= {"income", "total"}
    assert all("pays document 4" in r.message for r in not_evaluated
               if r.rule in ("income", "total"))


def test_an_empty_optional_role_counts_none(make_pdf, tmp_path):
    rules = """  document more: slip[0..2]
  rule none_more: count(more) == 0 and sum(more.gross) == 0
  rule more_income: avg(more.gross) > 0
"""
    source = _packet("").replace("  document pays: slip[2..3]\n", rules)
    path = tmp_path / "mortgage.sift"
    path.write_text(source)
    engine = Engine(templates=[path], seen_store="memory")
    result = engine.extract_packet(make_pdf(_application(), _statement("10.00")), name="p.pdf")
    assert result.packet == "mortgage"
    assert {r.name: r.passed for r in result.rules} == {"none_more": True,
                                                        "more_income": None}
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_policy_reads_a_repeated_role_as_a_whole(make_pdf, tmp_path):
    rules = "  review when sum(banks.closing) < 7000 message \"savings under 7,000\"\n"
    pages = (_application(), _payslip(1), _payslip(2), _statement("3,100.00"))
    result = _run(tmp_path, make_pdf, *pages, _statement("2,400.00"), rules=rules)
    assert result.status is Status.REVIEW
    assert [r.message for r in result.reasons if r.code == "policy"] == ["savings under 7,000"]
    result = _run(tmp_path, make_pdf, *pages, _statement("4,400.00"), rules=rules)
    assert result.status is Status.ACCEPTED, result.reasons


def _errors(rules: str) -> list[tuple[str, str | None]]:
    return [(d.message, d.hint) for d in check_source(_packet(rules), "m.sift")[1]
            if d.severity == "error"]


def test_aggregates_over_a_repeated_role_check_clean():
    assert _errors(_RULES) == []
    assert _errors("  review when avg(pays.gross) < 1000\n"
                   "  review when count(banks) > 3\n") == []


@pytest.mark.parametrize("rule, message, hint", [
    # an unknown field names the nearest
    ("rule r: sum(pays.grosss) > 0", "'pays' has no field 'grosss'", "gross"),
    # the aggregates' types are the field's
    ("rule r: sum(pays.employee) > 0", "cannot sum text", None),
    ("rule r: max(pays.pay_date) > 5", "cannot order a date against a number", None),
    ("rule r: count(pays) == \"two\"", "cannot compare a number with text", None),
    # a role of one document is no list to aggregate, as a field is not
    ("rule r: sum(app.declared) > 0", "sum() takes a table column", None),
    # the role outside an aggregate is still which payslip's?
    ("rule r: pays.gross > 0 and sum(pays.gross) > 0", "'pays' holds several documents",
     "sum(pays.gross)"),
    ("rule r: sum(pays) > 0", "'pays' holds several documents", "count(pays)"),
    # inside its own 'each', the role's name is one document
    ("rule r: each pays: pays.gross <= avg(pays.gross) * 2", "inside 'each pays:'",
     "a rule of its own"),
])
def test_aggregates_over_a_role_are_type_checked(rule, message, hint):
    errors = _errors(f"  {rule}\n")
    assert len(errors) == 1, errors
    assert message in errors[0][0], errors
    if hint:
        assert hint in (errors[0][1] or ""), errors
