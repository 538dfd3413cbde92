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


def test_count_of_rows_dates_against_literal_dates_and_tolerance_on_equality(registry):
    assert errors("  rule rows: count(items) >= 1\n"
                  '  rule after: issued >= "2023-01-01"\n'
                  '  rule before: "2030-12-31" > issued\n'
                  "  rule cap: total <= net + vat tolerance 0.01", registry) == []
