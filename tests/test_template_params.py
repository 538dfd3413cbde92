"""Parameters: a value the caller knows at extraction time that a rule needs and the
document does not carry (a lender's applicant, an ERP's open purchase orders, a KYC
customer record). Before, no rule could be given one: a statement in another person's
name was accepted. ``param applicant: text`` declares one, rules read ``param.applicant``,
``Engine.extract(..., params={...})`` gives it, and the result's audit records it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift import Engine
from formsift.templates import check_source
from formsift.templates.params import ParamError

STATEMENT = '''template statement {
  match { contains "Account statement" threshold 1 }
  param applicant: text
  param open_pos: text[] = []
  param limit: money = 5000
  field holder: text = right of "Account holder:"
  field po: text = right of "Order:"
  field balance: money = right of "Balance:"
  rule holder_is_applicant: holder == param.applicant
  rule po_open: count(param.open_pos) == 0 or po in param.open_pos
  rule under_limit: balance <= param.limit
}
'''


def statement_pdf(holder: str = "Anna Berg", po: str = "PO-1002",
                  balance: str = "1,250.00") -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for y, text in ((72, "Account statement"), (100, f"Account holder: {holder}"),
                    (120, f"Order: {po}"), (140, f"Balance: {balance}")):
        page.insert_text((72, y), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "statement.sift"
    path.write_text(STATEMENT)
    return Engine(templates=[path], seen_store="memory")


def _outcome(result, rule: str):
    return next(o for o in result.rules if o.name == rule)


def test_a_statement_in_another_name_goes_to_review(engine):
    result = engine.extract(statement_pdf(holder="John Doe"), "statement",
                            params={"applicant": "Anna Berg"})
    assert result.status.value == "review"
    outcome = _outcome(result, "holder_is_applicant")
    assert outcome.passed is False
    assert "John Doe against Anna Berg" in outcome.message
    assert any(r.code == "rule_failed" and r.rule == "holder_is_applicant"
               for r in result.reasons)


def test_the_applicants_own_statement_passes_and_the_audit_names_the_inputs(engine):
    # compared as == compares texts in rules: case and the spaces around it aside
    result = engine.extract(statement_pdf(), "statement", params={"applicant": " anna berg"})
    assert result.status.value == "accepted", result.reasons
    assert _outcome(result, "holder_is_applicant").passed is True
    # (read as text reads it, as --param reads it: the spaces around it dropped)
    assert result.audit.params == {"applicant": "anna berg", "open_pos": [],
                                   "limit": Decimal(5000)}
    dumped = result.model_dump(mode="json")["audit"]["params"]
    assert dumped["limit"] == "5000"


def test_a_template_chosen_by_classification_takes_its_parameters(engine):
    result = engine.extract(statement_pdf(holder="John Doe"), params={"applicant": "Anna Berg"})
    assert result.template == "statement"
    assert _outcome(result, "holder_is_applicant").passed is False


def test_membership_in_a_list_parameter(engine):
    given = {"applicant": "Anna Berg", "open_pos": ["PO-1001", "po-1002"]}
    assert engine.extract(statement_pdf(), "statement", params=given).status.value \
        == "accepted"
    closed = engine.extract(statement_pdf(po="PO-0999"), "statement", params=given)
    outcome = _outcome(closed, "po_open")
    assert outcome.passed is False and 'po "PO-0999"' in outcome.message
    assert closed.status.value == "review"


def test_a_default_is_used_unless_given(engine):
    over = engine.extract(statement_pdf(balance="7,000.00"), "statement",
                          params={"applicant": "Anna Berg"})
    assert _outcome(over, "under_limit").passed is False
    raised = engine.extract(statement_pdf(balance="7,000.00"), "statement",
                            params={"applicant": "Anna Berg", "limit": Decimal("10000")})
    assert _outcome(raised, "under_limit").passed is True
    assert raised.audit.params["limit"] == Decimal("10000")


def test_a_parameter_not_given_is_named_before_the_document_is_read(engine):
    with pytest.raises(ParamError) as exc:  # (not an input error: nothing was read)
        engine.extract(b"not a document at all", "statement", params={})
    assert "'applicant'" in str(exc.value) and "template 'statement'" in str(exc.value)
    with pytest.raises(ParamError, match="'applicant'"):
        engine.extract(statement_pdf(), "statement")


def test_an_undeclared_parameter_is_a_typo(engine):
    with pytest.raises(ParamError) as exc:
        engine.extract(statement_pdf(), "statement", params={"aplicant": "Anna Berg"})
    assert "'aplicant'" in str(exc.value) and "did you mean 'applicant'" in str(exc.value)
    with pytest.raises(ParamError, match="'zzz'"):  # classified: no template declares it
        engine.extract(statement_pdf(), params={"applicant": "A", "zzz": 1})


@pytest.mark.parametrize("params, said", [
    ({"applicant": 5}, "takes a text, not int 5"),
    ({"applicant": ["Anna", "Berg"]}, "takes one value, not a list"),
    ({"applicant": "A", "open_pos": "PO-1001"}, "takes a list"),
    ({"applicant": "A", "limit": 99.5}, "float is not exact"),
    ({"applicant": "A", "limit": "lots"}, "does not read as an amount"),
    ({"applicant": "A", "limit": "NaN"}, "takes a finite number"),
    ({"applicant": "A", "limit": Decimal("Infinity")}, "takes a finite number"),
])
def test_a_value_of_the_wrong_type_is_a_clear_error(engine, params, said):
    with pytest.raises(ParamError, match=said):
        engine.extract(statement_pdf(), "statement", params=params)


def test_extract_many_checks_the_parameters_before_any_input(engine):
    with pytest.raises(ParamError, match="'applicant'"):
        list(engine.extract_many([b"garbage", statement_pdf()], "statement"))
    results = list(engine.extract_many([statement_pdf(holder="John Doe")], "statement",
                                       params={"applicant": "Anna Berg"}))
    assert results[0].status.value == "review"


def test_check_names_an_undeclared_parameter_with_a_hint():
    source = STATEMENT.replace("holder == param.applicant", "holder == param.aplicant")
    _, diags = check_source(source, "statement.sift")
    (d,) = [d for d in diags if d.severity == "error"]
    assert "unknown parameter 'aplicant'" in d.message
    assert d.hint == "did you mean 'param.applicant'?"
    _, diags = check_source(source.replace("param.aplicant", "param.customer"), "s.sift")
    (d,) = [d for d in diags if d.severity == "error"]
    assert "declare it: param customer: text" in d.hint


@pytest.mark.parametrize("decl, said", [
    ("param applicant: text?", "given or has a default"),
    ("param applicant: text = 5", "the default of parameter 'applicant'"),
    ("param applicant: text\n  param applicant: text", "declared twice"),
])
def test_a_wrong_declaration_is_reported(decl, said):
    _, diags = check_source(STATEMENT.replace("param applicant: text", decl, 1), "s.sift")
    assert any(said in d.message for d in diags if d.severity == "error"), diags


@pytest.mark.parametrize("rule, said", [
    ("po in param.applicant", "'in' looks in a list, not in text"),
    ("balance in param.open_pos", "cannot look for money in a list of text"),
])
def test_membership_is_type_checked(rule, said):
    _, diags = check_source(STATEMENT.replace("po in param.open_pos", rule), "s.sift")
    assert any(said in d.message for d in diags if d.severity == "error"), diags


def test_membership_in_a_table_column(tmp_path, make_pdf):
    source = '''template delivery {
  match { contains "Delivery note" threshold 1 }
  field article: text = right of "Ordered:"
  table items {
    name: text header "Article"
    qty: int header "Qty"
  }
  rule delivered: article in items.name
  rule not_returned: "Returned goods" not in items.name
}
'''
    path = tmp_path / "delivery.sift"
    path.write_text(source)
    engine = Engine(templates=[path], seen_store="memory")
    rows = [(50, 60, "Delivery note"), (50, 90, "Ordered: Gate valve"),
            (50, 130, "Article"), (300, 130, "Qty"), (50, 150, "Gate valve"),
            (300, 150, "3"), (50, 170, "Flange"), (300, 170, "2")]
    assert engine.extract(make_pdf(rows), "delivery").status.value == "accepted"
    other = [(x, y, "Ordered: Ball valve" if t.startswith("Ordered") else t)
             for x, y, t in rows]
    result = engine.extract(make_pdf(other), "delivery")
    assert _outcome(result, "delivered").passed is False


def test_formatting_keeps_parameters_and_membership():
    from formsift.grammar.formatter import format_source

    once = format_source(STATEMENT)
    assert "  param open_pos: text[] = []\n" in once
    assert "  param limit: money = 5000\n" in once
    assert "po in param.open_pos" in once
    assert format_source(once) == once


PACKET = '''template application {
  match { contains "Loan application" threshold 1 }
  field applicant: text = right of "Applicant:"
}
''' + STATEMENT.replace("  param applicant: text\n", "  param applicant: text = \"\"\n"
                        ).replace("rule holder_is_applicant: holder == param.applicant\n", "") + '''
packet loan {
  document app: application
  document stmt: statement
  param customer: text
  rule same_customer: app.applicant == param.customer and stmt.holder == param.customer
}
'''


def test_a_packet_rule_reads_the_packets_parameter(tmp_path):
    import pymupdf

    path = tmp_path / "loan.sift"
    path.write_text(PACKET)
    engine = Engine(templates=[path], seen_store="memory")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "Loan application", fontsize=10)
    page.insert_text((72, 100), "Applicant: Anna Berg", fontsize=10)
    doc.insert_pdf(pymupdf.open(stream=statement_pdf(holder="John Doe")))
    data = doc.tobytes()
    packet = engine.extract_packet(data, params={"customer": "Anna Berg"})
    assert packet.packet == "loan"
    assert packet.params == {"customer": "Anna Berg"}
    (outcome,) = packet.rules
    assert outcome.passed is False and packet.status.value == "review"
    with pytest.raises(ParamError, match="'customer'"):
        engine.extract_packet(data)
    with pytest.raises(ParamError, match="did you mean 'customer'"):
        engine.extract_packet(data, params={"custome": "Anna Berg"})


def test_a_table_named_param_is_told_to_be_renamed():
    source = '''template t {
  field total: money = right of "Total"
  table param {
    x: money header "X"
  }
  rule r: sum(param.x) == total
}
'''
    _, diags = check_source(source, "t.sift")
    (d,) = [d for d in diags if d.severity == "error"]
    assert d.message == "unknown parameter 'x'"
    assert "rename the field or table 'param'" in d.hint


def test_a_near_ties_trial_run_reads_the_parameters(engine):
    """Classification's near-ties are decided by trial runs of the contenders: their
    rules read the parameters given too (else each rule on one was 'not evaluated')."""
    doc = engine.load(statement_pdf())
    template = engine.template("statement")
    given = engine._trial(doc, {"applicant": "Anna Berg"})(template)
    assert {o.name: o.passed for o in given.rules}["holder_is_applicant"] is True
    bare = engine._trial(doc)(template)
    assert {o.name: o.passed for o in bare.rules}["holder_is_applicant"] is None


RIVALS = '''template t {
  param applicant: text = "x"
  param applicants: text[] = []
  field holder: text = right of "Holder:"
  field po: text = right of "Order:"
  RULE
}
'''


def _rivals_doc():
    """Two printed orders: two readings of ``po``, neither preferred."""
    from tests.words import words_doc

    return words_doc((("Holder:", 0.05, 0.12), ("Anna", 0.30, 0.35), ("Berg", 0.36, 0.41)),
                     (("Order:", 0.05, 0.12), ("PO-1001", 0.30, 0.38)),
                     (("Order:", 0.05, 0.12), ("PO-2002", 0.30, 0.38)), conf=0.95)


@pytest.mark.parametrize("rule", ['po == "PO-2002"', "po == param.applicant",
                                  "po in param.applicants"])
def test_a_parameter_checks_a_reading_it_does_not_vouch_for_one(tmp_path, rule):
    """A parameter is the caller's, like a literal: with two printed orders, the caller's
    list of open orders must not settle which one the document means (the record went
    from review to accepted with ``po in param.applicants``, the ambiguity cleared and
    the confidence lifted)."""
    given = {"applicant": "PO-2002", "applicants": ["PO-2002"]}
    path = tmp_path / "t.sift"
    path.write_text(RIVALS.replace("RULE", ""))
    bare = Engine(templates=[path], seen_store="memory").extract_document(
        _rivals_doc(), "t", params=given)
    path.write_text(RIVALS.replace("RULE", f"rule r: {rule}"))
    result = Engine(templates=[path], seen_store="memory").extract_document(
        _rivals_doc(), "t", params=given)
    assert _outcome(result, "r").passed is True
    assert result.status.value == "review"
    assert "ambiguous" in {r.code for r in result.reasons}
    assert result.fields["po"].confidence == bare.fields["po"].confidence


INVOICE = '''template invoice {
  match { contains "Invoice" threshold 1 }
  field number: text = right of "Invoice no:"
  field total: money = right of "Total:"
  rule pos: total > 0
}
'''


def invoice_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for y, text in ((72, "Invoice"), (100, "Invoice no: 42"), (120, "Total: 100.00")):
        page.insert_text((72, y), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture()
def library(tmp_path):
    (tmp_path / "statement.sift").write_text(STATEMENT)
    (tmp_path / "invoice.sift").write_text(INVOICE)
    return Engine(templates=[tmp_path / "statement.sift", tmp_path / "invoice.sift"],
                  seen_store="memory")


def test_a_classified_input_missing_a_parameter_is_that_inputs_error(library):
    """One statement among invoices, its applicant not given: before, the whole run
    stopped there (the invoices after it never read)."""
    results = list(library.extract_many([("a.pdf", invoice_pdf()), ("b.pdf", statement_pdf()),
                                         ("c.pdf", invoice_pdf())]))
    assert [r.status.value for r in results] == ["accepted", "error", "accepted"]
    assert results[1].error == "param_error"
    assert results[1].message.startswith("b.pdf: template 'statement' needs the parameter "
                                          "'applicant'")
    # named by the caller, the same mistake for every input: raised before any is read
    with pytest.raises(ParamError, match="'applicant'"):
        list(library.extract_many([invoice_pdf()], "statement"))


def test_a_packet_document_missing_a_parameter_is_that_documents_error(library):
    import pymupdf

    doc = pymupdf.open(stream=invoice_pdf())
    doc.insert_pdf(pymupdf.open(stream=statement_pdf()))
    packet = library.extract_packet(doc.tobytes())
    invoice, statement = (d.result for d in packet.documents)
    assert invoice.status.value == "accepted"
    assert statement.template == "statement" and statement.status.value == "error"
    assert "needs the parameter 'applicant'" in statement.reasons[0].message
    assert packet.status.value == "error"
    assert any(r.code == "document_error" for r in packet.reasons)


def test_a_replay_gives_what_was_given_to_the_template_as_it_is_now(engine):
    from formsift.templates.params import RecordedParams

    result = engine.extract(statement_pdf(balance="7,000.00"), "statement",
                            params={"applicant": "Anna Berg"})
    audit = result.model_dump(mode="json")["audit"]
    assert audit["params_defaulted"] == ["open_pos", "limit"]
    replay = RecordedParams.of(audit)
    assert replay == {"applicant": "Anna Berg"}
    # a parameter since dropped (or renamed) is skipped; the defaults now apply
    again = engine.extract(statement_pdf(balance="7,000.00"), "statement",
                           params=RecordedParams({**replay, "region": "EU"}))
    assert again.audit.params["applicant"] == "Anna Berg"
    assert _outcome(again, "under_limit").passed is False
    with pytest.raises(ParamError, match="'region'"):  # given by a caller: a typo
        engine.extract(statement_pdf(), "statement",
                       params={"applicant": "Anna Berg", "region": "EU"})


TYPED = '''template t {
  param account: iban = "DE89370400440532013000"
  param n: int = 1
  param code: digits = "12345"
  field iban: iban = right of "IBAN:"
  rule same_account: iban == param.account
}
'''


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    path = tmp_path_factory.mktemp("typed") / "t.sift"
    path.write_text(TYPED)
    return Engine(templates=[path], seen_store="memory")


def _iban_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 72), "IBAN: DE89370400440532013000",
                                                    fontsize=10)
    return doc.tobytes()


@pytest.mark.parametrize("as_text", [False, True])
def test_a_text_given_in_python_is_read_with_its_type(typed, as_text):
    """An IBAN as a bank writes it, given in Python, compared as the spaced text and
    failed the rule (from --param it passed); "hello" was taken as an IBAN."""
    from formsift.templates.params import TextParams

    def given(values):
        return TextParams(values) if as_text else values

    spaced = given({"account": "DE89 3704 0044 0532 0130 00"})
    result = typed.extract(_iban_pdf(), "t", params=spaced)
    assert result.audit.params["account"] == "DE89370400440532013000"
    assert _outcome(result, "same_account").passed is True
    with pytest.raises(ParamError, match="'hello' does not read as iban"):
        typed.extract(_iban_pdf(), "t", params=given({"account": "hello"}))
    zeros = typed.extract(_iban_pdf(), "t", params=given({"code": "00451"}))
    assert str(zeros.audit.params["code"]) == "00451"
    assert zeros.model_dump(mode="json")["audit"]["params"]["code"] == "00451"


@pytest.mark.parametrize("value", [Decimal("2.5"), "2.5"])
def test_an_int_parameter_takes_whole_numbers(typed, value):
    with pytest.raises(ParamError, match=r"takes a whole number, not 2\.5"):
        typed.extract(_iban_pdf(), "t", params={"n": value})
    assert typed.extract(_iban_pdf(), "t", params={"n": "3"}).audit.params["n"] == 3


def test_a_misspelt_parameter_is_named_before_a_classified_document_is_read(library):
    """Without a template, a typo was found only once the document was classified (not
    at all when no template matched it)."""
    for data in (b"not a document at all", invoice_pdf()):
        with pytest.raises(ParamError, match="did you mean 'applicant'"):
            library.extract(data, params={"aplicant": "Anna Berg"})


@pytest.mark.parametrize("params", ["applicant=Anna Berg", [("applicant", "Anna Berg")]])
def test_params_that_are_no_dict_are_a_clear_error(engine, params):
    """``params="applicant=A"`` raised a bare ValueError from dict()."""
    with pytest.raises(ParamError, match="params= takes a dict of names and values"):
        engine.extract(statement_pdf(), "statement", params=params)
    with pytest.raises(ParamError, match="params= takes a dict"):
        engine.extract(statement_pdf(), params=params)


def test_a_missing_parameter_is_told_how_it_is_given(engine):
    from formsift.templates.params import TextParams

    with pytest.raises(ParamError, match=r'give it: params=\{"applicant": \.\.\.\}\)$'):
        engine.extract(statement_pdf(), "statement", params={})
    with pytest.raises(ParamError, match=r"give it: --param applicant=\.\.\.\)$"):
        engine.extract(statement_pdf(), "statement", params=TextParams())
