"""Repeated documents in a packet (mortgage journey, finding 7): a mortgage packet holds
"two or three payslips, one to four statements", but a packet role was one document:
``document pays: payslip_uk+`` was a syntax error, every payslip needed a role of its own
(pay1, pay2, pay3?) and a copy of every rule, and a statement more than the roles became
``extra_documents``. A role may now take several documents of its template
(``payslip_uk[]``: one or more; ``[2..3]``; ``[1..]``; ``[0..4]``), and a rule reads them
one by one with ``each pays: ...``."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source

_TEMPLATES = """template application {
  match { contains "Mortgage Application" }
  field name: text = right of "Applicant"
  field monthly: money = right of "Monthly income"
}
template slip {
  currency "GBP"
  match { contains "PAYSLIP" }
  field employee: text = right of "Employee name"
  field pay_date: date = right of "Pay date"
  field gross: money = right of "Gross pay"
}
"""

_PACKET = _TEMPLATES + """packet mortgage {
  document app: application
  document pays: slip[COUNT]
  rule pay_name: each pays: pays.employee == app.name
  rule salary: each pays: abs(pays.gross - app.monthly) <= 0.05 * app.monthly
}
"""


def _lines(*texts: str) -> list[tuple[float, float, str]]:
    return [(50, 60 + 16 * k, t) for k, t in enumerate(texts)]


def _application() -> list[tuple[float, float, str]]:
    return _lines("Mortgage Application", "Applicant: Margaret Hughes",
                  "Monthly income: 4,250.00")


def _payslip(month: int, name: str = "Margaret Hughes", gross: str = "4,250.00"
             ) -> list[tuple[float, float, str]]:
    return _lines("Harbourside Logistics Ltd", "PAYSLIP", f"Employee name: {name}",
                  f"Pay date: 2026-{month:02d}-27", f"Gross pay: {gross}")


def _engine(tmp_path, count: str = "2..3") -> Engine:
    path = tmp_path / "mortgage.sift"
    path.write_text(_PACKET.replace("COUNT", count))
    return Engine(templates=[path], seen_store="memory")


def _roles(result) -> list[tuple[str | None, list[int]]]:
    return [(d.role, d.pages) for d in result.documents]


@pytest.mark.parametrize("count", ["", "2..3", "1..", "0..4"])
def test_a_role_takes_every_payslip_and_each_rule_reads_each(make_pdf, tmp_path, count):
    engine = _engine(tmp_path, count)
    pdf = make_pdf(_application(), _payslip(1), _payslip(2), _payslip(3))
    result = engine.extract_packet(pdf, name="p.pdf")
    assert result.packet == "mortgage"
    assert _roles(result) == [("app", [1]), ("pays", [2]), ("pays", [3]), ("pays", [4])]
    assert [(r.name, r.passed) for r in result.rules] == [("pay_name", True),
                                                          ("salary", True)]
    assert result.status is Status.ACCEPTED, result.reasons
    # one record per document of the role, each with its own values
    dates = [str(d.result.value("pay_date")) for d in result.documents if d.role == "pays"]
    assert dates == ["2026-01-27", "2026-02-27", "2026-03-27"]


def test_a_rule_over_a_repeated_role_names_the_documents_it_fails_for(make_pdf, tmp_path):
    engine = _engine(tmp_path)
    pdf = make_pdf(_application(), _payslip(1), _payslip(2, name="Daniel Hughes"),
                   _payslip(3, gross="3,100.00"))
    result = engine.extract_packet(pdf, name="p.pdf")
    rules = {r.name: r for r in result.rules}
    assert rules["pay_name"].passed is False
    assert "document 3 (pages 3)" in rules["pay_name"].message
    assert "Daniel Hughes" in rules["pay_name"].message
    assert "document 2 " not in rules["pay_name"].message
    assert rules["salary"].passed is False
    assert "document 4 (pages 4)" in rules["salary"].message
    assert result.status is Status.REVIEW
    assert [r.rule for r in result.reasons if r.code == "rule_failed"] == ["pay_name",
                                                                           "salary"]


def test_too_few_documents_for_a_repeated_role_is_a_missing_document(make_pdf, tmp_path):
    engine = _engine(tmp_path)
    result = engine.extract_packet(make_pdf(_application(), _payslip(1)), name="p.pdf")
    assert result.packet is None
    assert result.status is Status.REVIEW
    (missing,) = [r for r in result.reasons if r.code == "document_missing"]
    assert "pays (slip: 2 to 3, 1 found)" in missing.message


def test_more_documents_than_a_repeated_role_takes_are_extra(make_pdf, tmp_path):
    engine = _engine(tmp_path)
    pdf = make_pdf(_application(), *(_payslip(m) for m in (1, 2, 3, 4)))
    result = engine.extract_packet(pdf, name="p.pdf")
    assert [role for role, _ in _roles(result)].count("pays") == 3
    assert result.status is Status.REVIEW
    assert [r.code for r in result.reasons if r.code == "extra_documents"]


def test_an_empty_optional_repeated_role_leaves_its_rules_unevaluated(make_pdf, tmp_path):
    engine = _engine(tmp_path, "0..4")
    result = engine.extract_packet(make_pdf(_application()), name="p.pdf")
    assert result.packet == "mortgage"
    assert {r.name: r.passed for r in result.rules} == {"pay_name": None, "salary": None}
    assert result.status is Status.ACCEPTED, result.reasons


def test_roles_of_one_template_share_its_documents_in_file_order():
    from formsift.templates.model import CompiledPacket, PacketDocSpec
    from formsift.templates.packet_rules import assign_roles

    p = CompiledPacket("p", "p", "1", "", "", [PacketDocSpec("first", "x", False),
                                               PacketDocSpec("rest", "x", False, 1, None, True),
                                               PacketDocSpec("last", "x", False)],
                       [], [], {})
    assert assign_roles(p, ["x", "y", "x", "x", "x", "x"]) == {
        "first": 0, "rest": [2, 3, 4], "last": 5}
    assert assign_roles(p, ["x", "x", "x"]) == {"first": 0, "rest": [1], "last": 2}
    two = CompiledPacket("p", "p", "1", "", "", [PacketDocSpec("pays", "x", False, 2, 3, True)],
                         [], [], {})
    ranks = [(0.5, 0.0), (1.0, 1.0), (1.0, 1.0), (1.0, 0.9), (1.0, 1.0)]
    # the three best take the role, in file order; the cover page (0.5) is left out
    assert assign_roles(two, ["x"] * 5, ranks) == {"pays": [1, 2, 4]}


def _errors(source: str) -> list[tuple[str, str | None]]:
    return [(d.message, d.hint) for d in check_source(source, "m.sift")[1]
            if d.severity == "error"]


def test_repeated_roles_check_clean():
    for count in ("", "2..3", "1..", "0..4", "1..1"):
        assert _errors(_PACKET.replace("COUNT", count)) == [], count


@pytest.mark.parametrize("line, message, hint", [
    ("rule r: pays.gross > 0", "'pays' holds several documents (slip[2..3]): a rule "
                               "reads them one by one", "each pays: ..."),
    ("review when pays.gross > 5000", "'pays' holds several documents", "a policy"),
    ("rule r: each app: app.name != \"\"", "or a role of several documents "
                                           "(document app: TEMPLATE[])", None),
])
def test_a_repeated_role_read_as_one_document_is_a_check_error(line, message, hint):
    source = _PACKET.replace("COUNT", "2..3").replace(
        "  rule salary", f"  {line}\n  rule salary")
    errors = _errors(source)
    assert len(errors) == 1, errors
    assert message in errors[0][0]
    if hint:
        assert hint in (errors[0][1] or "")


@pytest.mark.parametrize("count, message", [("3..2", "the most (2) is below the least (3)"),
                                            ("0..0", "takes no document")])
def test_a_count_that_takes_nothing_is_a_check_error(count, message):
    (error,) = _errors(_PACKET.replace("COUNT", count))
    assert message in error[0]


def test_formatting_keeps_a_repeated_role():
    from formsift.grammar.formatter import format_source

    source = _PACKET.replace("COUNT", "2..3").replace(
        "  document app: application\n",
        "  document app: application\n  document banks: slip[]\n  document more: slip[0..]\n"
        "  document tax: slip?\n")
    out = format_source(source)
    for line in ("document pays: slip[2..3]", "document banks: slip[]",
                 "document more: slip[0..]", "document tax: slip?"):
        assert line in out
    assert format_source(out) == out


@pytest.mark.parametrize("written", ["slip+", "slip*", "slip{2,3}"])
def test_a_count_written_as_a_regex_quantifier_gets_a_hint(written):
    source = _PACKET.replace("slip[COUNT]", written)
    _, diags = check_source(source, "m.sift")
    assert any("TEMPLATE[2..3]" in (d.hint or "") for d in diags), diags
