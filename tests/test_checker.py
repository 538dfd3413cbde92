"""The semantic checker: every error of a file, located, with did-you-mean hints."""

from __future__ import annotations

import pytest

from formsift.templates import check_source

BASE = '''template t {
  currency "EUR"
  field net: money = right of "Net"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  field issued: date = right of "Date"
  field ref: text = right of "Ref"
  table items {
    amount: money header "Amount"
    label: text header "Item"
  }
%s
}
'''


def errors(body: str, registry) -> list:
    _, diags = check_source(BASE % body, "t.sift", registry)
    return [d for d in diags if d.severity == "error"]


def test_a_correct_template_has_no_diagnostics(registry):
    assert errors("  rule ok: net + vat == total tolerance 0.01\n"
                  "  rule sum: sum(items.amount) == net\n"
                  "  rule each_pos: each items: amount > 0\n"
                  "  review when confidence(total) < 0.9 or failed(ok)", registry) == []


@pytest.mark.parametrize("body, message, hint", [
    ("  field x: mony = anywhere", "unknown field type 'mony'", "did you mean 'money'"),
    ("  field x: money = right of \"a\" in totalz", "unknown region 'totalz'", None),
    ("  rule r: nett == total", "unknown field 'nett'", "did you mean 'net'"),
    ("  rule r: sum(items.amout) == net", "has no column 'amout'", "did you mean 'amount'"),
    ("  rule r: sum(itemz.amount) == net", "unknown table 'itemz'", "did you mean 'items'"),
    ("  rule r: issued == total", "cannot compare a date with money", None),
    ("  rule r: sum(items.label) == net", "cannot sum text", None),
    ("  rule r: net + vat", "must be true or false", None),
    ("  rule r: valid_ibam(ref)", "unknown function 'valid_ibam'", "did you mean 'valid_iban'"),
    ("  review when failed(nope)", "unknown rule 'nope'", None),
    ("  field x: date(formatt=\"%d\") = anywhere", "has no option 'formatt'", "did you mean"),
    ("  field x: money = box(10%, 50%, 5%, 60%)", "x0 < x1", None),
    ("  field x: text = pattern /([a-z)/", "invalid regex", None),
    ("  field net: money = anywhere", "already used", None),
    ("  locale \"xx_XX\"", "unknown locale", None),
])
def test_semantic_errors(registry, body, message, hint):
    errs = errors(body, registry)
    assert errs, f"no error for {body!r}"
    text = "\n".join(e.format() for e in errs)
    assert message in text
    if hint:
        assert hint in text
    assert all(e.line > 0 and e.column > 0 for e in errs)


def test_all_semantic_errors_are_reported_at_once(registry):
    errs = errors("  field x: mony = anywhere\n  rule r: nett == total\n"
                  "  rule s: issued == total", registry)
    assert len(errs) == 3
    assert sorted(e.line for e in errs) == [12, 13, 14]


@pytest.mark.parametrize("body, message, hint", [
    ('  field x: date(format="%Q") = anywhere', "%Q is not a date format directive", None),
    # a claims-form author's signature beside its label was always null, with no word why
    ('  field s: signature = right of "Signature"', "read from the pixels of an area",
     "= in sign_box"),
    ('  field s: initials = box(0%, 0%, 10%, 5%) or below "Initials"',
     "read from the pixels of an area", None),
    ('  field x: date(formats=["%d.%m.%Y", "%d/%m/%"]) = anywhere', "a lone '%'", None),
    ("  field x: enum(values=[]) = anywhere", "at least one value", None),
    ("  field x: text = anywhere default 5", "default for 'x' is text", 'default "5"'),
    ("  rule r: net / 0 == total", "division by zero", None),
    ("  rule r: net < total tolerance 0.01", "'tolerance' applies to ==, !=, <= and >=", None),
    ('  rule r: issued == "31.12.2023"', "cannot compare a date with text", '"2024-03-31"'),
    ('  field x: money(currency="EUX") = anywhere', "'EUX' is not an ISO 4217 currency code",
     "did you mean 'EUR'"),
])
def test_checker_catches_values_that_cannot_work(registry, body, message, hint):
    text = "\n".join(e.format() for e in errors(body, registry))
    assert message in text
    if hint:
        assert hint in text


def test_the_template_currency_is_an_iso_4217_code(registry):
    src = BASE.replace('currency "EUR"', 'currency "EUX"') % ""
    _, diags = check_source(src, "t.sift", registry)
    assert [(d.line, d.message) for d in diags] == [
        (2, "'EUX' is not an ISO 4217 currency code; did you mean 'EUR'?")]
    _, diags = check_source(BASE.replace('"EUR"', '"CHF"') % "", "t.sift", registry)
    assert diags == []


def test_a_dollar_template_without_a_date_order_is_warned_of_day_first_dates(registry):
    # a US supplier's 03/04/2024 (4 March) was read as 3 April without a word
    _, diags = check_source(BASE.replace('"EUR"', '"USD"') % "", "t.sift", registry)
    assert [(d.severity, d.line) for d in diags] == [("warning", 2)]
    assert "read day first" in diags[0].message and "en_US" in (diags[0].hint or "")
    for setting in ('locale "en_US"', 'date_order "DMY"'):
        src = BASE.replace('currency "EUR"', f'currency "USD"\n  {setting}') % ""
        assert check_source(src, "t.sift", registry)[1] == []


def test_count_of_rows_dates_against_literal_dates_and_tolerance_on_equality(registry):
    assert errors("  rule rows: count(items) >= 1\n"
                  '  rule after: issued >= "2023-01-01"\n'
                  '  rule before: "2030-12-31" > issued\n'
                  "  rule cap: total <= net + vat tolerance 0.01", registry) == []


def test_every_parser_error_is_reported_and_fails_the_file(registry, tmp_path):
    from formsift.core.errors import TemplateError
    from formsift.templates import load_template

    body = '  match {\n    contains "A"\n  }\n  match {\n    contains "B"\n  }'
    errs = errors(body, registry)
    assert [(e.line, e.message) for e in errs] == [
        (15, "a template has one match block; merge them")]
    path = tmp_path / "t.sift"
    path.write_text(BASE % body)
    with pytest.raises(TemplateError, match="one match block"):
        load_template(path, registry)


def test_a_pattern_given_twice_is_an_error(registry):
    errs = errors('  field d: text = right of "Ref" pattern /[A-Z]+-\\d+/ pattern /\\d+/',
                  registry)
    assert [(e.line, e.column, e.message) for e in errs] == [
        (12, 55, "'pattern' is given twice for field 'd'")]
    assert "/A|B/" in errs[0].hint


MIXED = '''template t {
  currency "EUR"
  feild a: money = anywhere
  field b: mony = anywhere
  field c: money = right of "C" in totls
  region totals = box(10%, 10%, 90%, 20%)
  rule r: c + == b
  rule s: nett == c
  rule u: a > 0
  review when failed(r) or not present(a)
  table items {
    amount money header "Amount"
    label: text header "Item"
  }
  rule v: sum(items.amount) == c
  rule w: sum(items.label) == c
  rule x: issued == c
}
'''
FIXED = (MIXED.replace("feild", "field").replace("c + == b", "c + 1 == b")
         .replace("amount money", "amount:money"))


def test_syntax_and_semantic_errors_are_reported_in_one_run(registry):
    templates, diags = check_source(MIXED, "t.sift", registry)
    assert templates == []  # a file with syntax errors gives no template
    assert [(d.line, d.code == "syntax") for d in diags] == [
        (3, True), (4, False), (5, False), (7, True), (8, False), (12, True), (16, False),
        (17, False)]
    # each semantic error is where the corrected file has it, with the same words
    _, fixed = check_source(FIXED, "t.sift", registry)
    semantic = [d for d in diags if d.code != "syntax"]
    assert [(d.line, d.column, d.message) for d in semantic] == [
        (d.line, d.column, d.message) for d in fixed]
    assert [d.source_line for d in semantic] == [d.source_line for d in fixed]


def test_what_follows_from_a_broken_statement_is_not_reported(registry):
    # rule u and the review name 'a' and 'r', declared by the broken statements, and
    # sum(items.amount) names the broken column: no "unknown ..." errors for them
    _, diags = check_source(MIXED, "t.sift", registry)
    text = "\n".join(d.format() for d in diags)
    for name in ("'a'", "'r'", "'amount'"):
        assert name not in text
    # a table whose only column is broken is not reported as having none
    src = 'template t {\n  table items {\n    amount money header "A"\n  }\n}\n'
    _, diags = check_source(src, "t.sift", registry)
    assert [d.line for d in diags] == [3]


def test_a_missing_closing_brace_does_not_hide_the_other_errors():
    from formsift.templates import check_source

    src = ('template t {\n  currency "GPB"\n  field a: mony = right of "Total"\n'
           '  rule r: a > 5 tolerance 0.1\n')  # no '}'
    _, diags = check_source(src, "t.sift")
    messages = [d.message for d in diags]
    assert any("'GPB' is not an ISO 4217 currency code" in m for m in messages)
    assert any("unknown field type 'mony'" in m for m in messages)
    assert sum("ends too early" in m for m in messages) == 1


def test_a_stated_value_must_be_a_value_of_the_fields_type(registry):
    """`value "2024-13-01"` on a date field passed check, and the record carried the
    string at confidence 1.0."""
    found = errors('field d: date = value "2024-13-01"\n'
                   '  field c: checkbox = value "maybe"\n'
                   '  field m: money = value "12,50"', registry)
    assert [d.message for d in found] == [
        "value for 'd' is not a valid date: not a date: '2024-13-01' (there is no month 13)",
        "value for 'c' is not a valid checkbox: not a checkbox mark: 'maybe'"]


@pytest.mark.parametrize("line, message, hint", [
    # text without quotes: the setting's whole value, quoted, is the hint
    ('  title Brightline quotation', "unexpected 'Brightline'",
     'text is written in double quotes: title "Brightline quotation"'),
    ('  field x: text = right of Total', "unexpected 'Total'",
     'text is written in double quotes: "Total"'),
    # numbers in exponent notation are not read: 1e999 was "unexpected 'e999'; expected a
    # statement"
    ("  rule r: net + vat == total tolerance 1e999",
     "exponent notation is not supported: '1e999'", "write the number in digits"),
    ("  rule r: net < 2.5E-3", "exponent notation is not supported: '2.5E-3'", None),
])
def test_syntax_errors_that_users_made_get_a_hint(registry, line, message, hint):
    (err,) = errors(line, registry)
    assert message in err.message
    if hint:
        assert hint in (err.hint or "")


# ------------------------------------------------------------------ packet rules
PACKET = '''template po {
  field po_no: text = right of "PO"
  field total_net: money = right of "Net"
  field order_date: date = right of "Date"
  table items {
    article: text header "Article"
    qty: int header "Qty"
    unit_price: money header "Price"
  }
}
template inv {
  field order_no: text = right of "Order"
  field net: money = right of "Net"
  field issued: date = right of "Date"
  table items {
    article: text header "Article"
    qty: int header "Qty"
    amount: money header "Amount"
  }
}
packet p {
  document po: po
  document inv: inv
%s
}
'''


def packet_errors(body: str, registry) -> list:
    from formsift.templates import check_definitions

    _, _, diags = check_definitions(PACKET % body, "p.sift", registry)
    return [d for d in diags if d.severity == "error"]


def test_packet_rules_over_tables_check(registry):
    assert packet_errors(
        "  rule a: each inv.items: qty <= lookup(article, po.items.article, po.items.qty)\n"
        "  rule b: inv.net == sum(inv.items.amount) tolerance 0.01\n"
        "  rule c: count(inv.items) <= count(po.items) and count(inv.items.qty) > 0\n"
        "  rule d: first(inv.items.article) == first(po.items.article)\n"
        "  rule e: last(inv.items.qty) <= max(po.items.qty) and min(inv.items.qty) > 0\n"
        "  rule f: each po.items: qty >= previous(qty)\n"
        "  rule g: present(inv.items)\n"
        "  review when confidence(inv.items.qty) < 0.5", registry) == []


@pytest.mark.parametrize("body, message, hint", [
    # the user's report: "'inv' has no field 'items'" (it has a table 'items')
    ("  rule r: sum(inv.itemz.qty) > 0", "'inv' has no field or table 'itemz'",
     "did you mean 'items'?"),
    ("  rule r: sum(inv.items.qtx) > 0", "table 'inv.items' has no column 'qtx'",
     "did you mean 'qty'?"),
    ("  rule r: inv.items == 1", "'inv.items' is a table; name a column", "count(inv.items)"),
    ("  rule r: each inv.itemz: qty > 0", "'inv' has no table 'itemz'",
     "did you mean 'items'?"),
    ("  rule r: each invv.items: qty > 0", "unknown document 'invv'", "did you mean 'inv'?"),
    ("  rule r: each inv.items: qtx > 0", "unknown field 'qtx'", "did you mean 'qty'?"),
    ("  rule r: each items: qty > 0", "'each' in a packet rule names a document's table: "
                                      "each po.items: ...", "lookup(key"),
    ("  rule r: each inv.items: qty <= po.items.qty", "cannot take a whole column",
     "lookup(key, po.items.key_column, po.items.qty)"),
    ("  rule r: each inv.items: qty <= lookup(article, po.items.article)",
     "lookup() takes a key and two columns of one table", None),
    ("  rule r: each inv.items: qty <= lookup(article, po.items.article, inv.items.qty)",
     "lookup() takes a key and two columns of one table", None),
    ("  rule r: each inv.items: qty <= lookup(qty, po.items.article, po.items.qty)",
     "lookup() compares the key, a number, with po.items.article, text", None),
    ("  rule r: each inv.items: article == lookup(article, po.items.article, "
     "po.items.qty)", "cannot compare text with a number", None),
    # a bare field in a packet rule: name the documents that have it
    ("  rule r: po_no == inv.order_no", "unknown field 'po_no'",
     "packet rules name the document: did you mean 'po.po_no'?"),
    ("  rule r: net > 0", "unknown field 'net'", "did you mean 'inv.net'?"),
    ("  rule r: sum(qty) > 0", "unknown field 'qty'", "'po.items.qty' or 'inv.items.qty'"),
    ("  rule r: inv > 0", "'inv' is a document; name one of its fields", "inv.order_no"),
    # tolerance does nothing on text, dates or true/false
    ("  rule r: po.po_no == inv.order_no tolerance 0.01",
     "'tolerance' applies to comparisons of numbers and money; this rule compares text",
     "drop the tolerance"),
    ('  rule r: po.po_no == "PO-1" tolerance 1', "this rule compares text", None),
    ("  rule r: inv.issued >= po.order_date tolerance 2", "this rule compares a date",
     "abs(a - b) <= 3"),
])
def test_packet_rule_errors_over_tables(registry, body, message, hint):
    errs = packet_errors(body, registry)
    text = "\n".join(e.format() for e in errs)
    assert message in text, text
    if hint:
        assert hint in text, text
    assert len(errs) == 1, text


def test_tolerance_applies_when_one_comparison_of_the_rule_takes_numbers(registry):
    assert packet_errors("  rule r: po.po_no == inv.order_no and inv.net <= po.total_net "
                         "tolerance 0.01", registry) == []
    errs = errors('  rule r: ref == "A" tolerance 0.01', registry)
    assert "this rule compares text" in errs[0].message


def test_each_of_a_documents_table_belongs_in_packets(registry):
    errs = errors("  rule r: each inv.items: amount > 0", registry)
    assert [e.message for e in errs] == ["'each inv.items' names a document's table; only "
                                         "packet rules do that"]
    assert errs[0].hint == "write 'each items'"
