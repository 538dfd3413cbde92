"""Which dollar (anzca journey, finding 1; korea journey, finding 3): a code or country mark
written beside a "$" names the dollar, before or after it, with a space or without. US
dollars written the Canadian way ("$1,149.75 US", "USD $1,149.75", "1 149,75 $ US",
"1 149,75 $US", "$ É.-U.") were read as the template's dollar (CAD, accepted), "$ CA",
"$CAN", "CDN" as USD in a template without currency, "Total NZD $1,380.00" as USD, and
"NT$12,345", "NTD 12,345", "新台幣 12,345 元" as USD, none and CNY."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, locale, code", [
    ("$1,149.75 US", "en_CA", "USD"),
    ("US $1,149.75", "en_CA", "USD"),
    ("USD $1,149.75", "en_CA", "USD"),
    ("U.S. $1,149.75", "en_CA", "USD"),
    ("$US 1,149.75", "en_CA", "USD"),
    ("1 149,75 $ US", "fr_CA", "USD"),
    ("1 149,75 $US", "fr_CA", "USD"),
    ("1 149,75 $ É.-U.", "fr_CA", "USD"),
    ("1 149,75 $ CA", "fr_CA", "CAD"),
    ("1 149,75 $CAN", "fr_CA", "CAD"),
    ("$ CAN 1,149.75", "en_CA", "CAD"),
    ("$1,149.75 CDN", "en_CA", "CAD"),
    ("CDN $1,149.75", "en_CA", "CAD"),
    ("CDN 1,149.75", "en_CA", "CAD"),
    ("NZD $1,149.75", "en", "NZD"),
    ("AU $1,149.75", "en", "AUD"),
    ("$1,149.75 AUD", "en", "AUD"),
    ("NT$1,149", "en", "TWD"),
    ("NT$ 1,149", "en", "TWD"),
    ("NTD 1,149", "en", "TWD"),
    ("新台幣 1,149 元", "en", "TWD"),
    ("新臺幣1,149元", "en", "TWD"),
])
@pytest.mark.parametrize("currency", [None, "CAD", "AUD", "EUR"])
def test_a_mark_beside_the_dollar_names_it(registry, text, locale, code, currency):
    found = best(registry, "money", "Total " + text, locale=locale, currency=currency)
    assert found is not None and found.value.currency == code
    assert found.value == (1149 if code == "TWD" else 1149.75)
    parsed = ftype(registry, "money").parse(text, ctx(locale, currency))
    assert parsed.currency == code


@pytest.mark.parametrize("text, currency, code", [
    ("$1,149.75", "CAD", "CAD"),      # a bare dollar is still the template's
    ("$1,149.75", None, "USD"),
    ("C$1,149.75", None, "CAD"),
    ("GST $1,149.75", "AUD", "AUD"),  # a word in capitals, no currency code
    ("HST $1,149.75", "CAD", "CAD"),
    ("TOTAL $1,149.75", "CAD", "CAD"),
    ("$1,149.75 TOTAL", "CAD", "CAD"),
    ("$1,149.75 USAGE", "CAD", "CAD"),
    ("1,149.75 元", None, "CNY"),      # the yuan sign alone: the yuan, or the template's
    ("1,149.75 元", "TWD", "TWD"),
    ("1,149.75 元", "HKD", "HKD"),
])
def test_a_bare_dollar_and_words_in_capitals_are_unchanged(registry, text, currency, code):
    found = best(registry, "money", "Total " + text, currency=currency)
    assert found is not None and found.value.currency == code


TEMPLATE = """template t {
  locale "en_CA"
  currency "CAD"
  match { contains "Invoice" }
  field total: money = right of "Total"
}
"""


@pytest.mark.parametrize("total", ["USD $1,149.75", "$1,149.75 US", "US $1,149.75"])
def test_us_dollars_in_a_cad_template_are_a_mismatch(tmp_path, total):
    result = extract_text(tmp_path, TEMPLATE, f"Invoice 12\nTotal {total}\n")
    assert result.fields["total"].value.currency == "USD"
    assert result.status == "review"
    assert any(r.code == "currency_mismatch" for r in result.reasons)


def test_canadian_dollars_in_a_cad_template_are_accepted(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "Invoice 12\nTotal $1,149.75 CDN\n")
    assert result.fields["total"].value.currency == "CAD"
    assert not any(r.code == "currency_mismatch" for r in result.reasons)
