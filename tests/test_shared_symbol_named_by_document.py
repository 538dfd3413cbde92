"""A bare "$" (or "kr", "¥") in a template without a currency takes the currency the
document names (anzca journey, finding 3): an Australian or New Zealand invoice read with
one template for every dollar was accepted with its amounts in US dollars, even where the
page printed 'Total NZD $1,380.00' and the template's label was "Total NZD"."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

TEMPLATE = """template t {
  %s
  field net: money = right of "Subtotal"
  field tax: money = right of "GST"
  field total: money = right of "Total NZD" | "Total"
  rule sums: net + tax == total
}"""


def _currencies(result):
    return {name: fv.value.currency for name, fv in result.fields.items()}


@pytest.mark.parametrize("setting, text, code", [
    # the code stands in the label the template names: the value is a bare "$"
    ("", "Subtotal $1,200.00\nGST 15% $180.00\nTotal NZD $1,380.00\n", "NZD"),
    # the code stands elsewhere on the page
    ("", "All amounts in AUD\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "AUD"),
    ("", "Subtotal $100.00\nGST $5.00\nTotal $105.00\nPayable in CDN funds\n", "CAD"),
    ("", "Currency: NZD\nSubtotal $100.00\nGST $15.00\nTotal $115.00\n", "NZD"),
    ("", "Prices in A$\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "AUD"),
    # no code anywhere: the country of the template's locale
    ('locale "en_AU"', "Subtotal $100.00\nGST $10.00\nTotal $110.00\n", "AUD"),
    ('locale "en_NZ"', "Subtotal $100.00\nGST $15.00\nTotal $115.00\n", "NZD"),
    # the page beats the locale: an NZ invoice read with an Australian template
    ('locale "en_AU"', "Subtotal $100.00\nGST $15.00\nTotal NZD $115.00\n", "NZD"),
])
def test_a_bare_dollar_is_the_dollar_the_document_names(tmp_path, setting, text, code):
    result = extract_text(tmp_path, TEMPLATE % setting, text)
    assert _currencies(result) == dict.fromkeys(("net", "tax", "total"), code)
    assert result.status == "accepted"


@pytest.mark.parametrize("setting, text, code", [
    # nothing names the dollar: as before, the symbol's first currency
    ("", "Subtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    # two dollars named on the page: nothing says which one "$" is
    ("", "Rates: USD and CAD\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    # the template's currency always wins
    ('currency "USD"', "All amounts in NZD\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n",
     "USD"),
    # a code glued to other letters is no code
    ("", "CADRE Ltd\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    # a code as a word of text, or glued to digits, names no currency (code read)
    ("", "CAD drafting, 12 hours\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    ("", "Travel to COP28 Dubai\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    ("", "Order NZD2026-114\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
    ("", "Account AUD1\nSubtotal $100.00\nGST $10.00\nTotal $110.00\n", "USD"),
])
def test_a_bare_dollar_stays_as_read_where_nothing_says(tmp_path, setting, text, code):
    result = extract_text(tmp_path, TEMPLATE % setting, text)
    assert _currencies(result) == dict.fromkeys(("net", "tax", "total"), code)


def test_kronor_named_on_the_page(tmp_path):
    template = """template t {
  locale "nb"
  field total: money = right of "Totalt"
}"""
    result = extract_text(tmp_path, template, "Valuta: NOK\nTotalt kr 1 250,00\n")
    assert result.fields["total"].value.currency == "NOK"
    assert result.fields["total"].value == 1250


def test_a_rule_sees_the_named_currency(tmp_path):
    template = """template t {
  field currency: text = right of "Currency:"
  field total: money = right of "Total"
  rule same: currency_of(total, currency) == currency
}"""
    result = extract_text(tmp_path, template, "Currency: NZD\nTotal $1,380.00\n")
    assert result.fields["total"].value.currency == "NZD"
    assert result.status == "accepted"
