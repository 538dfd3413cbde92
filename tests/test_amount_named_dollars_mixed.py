"""Two dollars named beside the amounts of one record are two currencies (anzca journey,
the remaining part of finding 1): without a template currency, a French-Canadian invoice
with '1 149,75 $ US' on four lines and '1 149,75 $ CA' on a fifth was accepted, because
every dollar counted as one currency. Dollars named by a code or a mark that differ are a
currency_mismatch; a bare '$' beside a named dollar stays that dollar."""

from __future__ import annotations

import pickle

import pytest

from formsift.core.money import Amount
from tests.parsing import ctx, extract_text, ftype

TEMPLATE = """template t {
  locale "%s"
  field a1: money? = right of "A1"
  field a2: money? = right of "A2"
  field a3: money? = right of "A3"
}"""


@pytest.mark.parametrize("locale, lines, flagged", [
    ("fr_CA", ["1 149,75 $ US", "1 149,75 $US", "1 149,75 $ CA"], "a3"),
    ("en_US", ["USD 100.00", "USD 200.00", "NZD 150.00"], "a3"),
    ("en_US", ["US$ 100.00", "CA$ 120.00", "US$ 20.00"], "a2"),
    ("en_US", ["$100.00", "USD 100.00", "CAD 120.00"], "a3"),
])
def test_two_named_dollars_are_a_mismatch(tmp_path, locale, lines, flagged):
    text = "".join(f"A{i} {line}\n" for i, line in enumerate(lines, 1))
    result = extract_text(tmp_path, TEMPLATE % locale, text)
    assert result.status == "review"
    assert [r.field for r in result.reasons if r.code == "currency_mismatch"] == [flagged]


@pytest.mark.parametrize("locale, lines", [
    ("en_US", ["$100.00", "AUD 110.00", "$20.00"]),
    ("fr_CA", ["1 149,75 $", "1 149,75 $ CA", "100,00 $"]),
    ("en_US", ["$100.00", "$110.00", "USD 20.00"]),
    ("en_US", ["USD 100.00", "US$ 110.00", "$20.00"]),
])
def test_a_bare_dollar_beside_a_named_one_is_one_currency(tmp_path, locale, lines):
    text = "".join(f"A{i} {line}\n" for i, line in enumerate(lines, 1))
    result = extract_text(tmp_path, TEMPLATE % locale, text)
    assert not [r for r in result.reasons if r.code == "currency_mismatch"]
    assert result.status == "accepted"


@pytest.mark.parametrize("text, code, named", [
    ("$100.00", "USD", False), ("USD 100.00", "USD", True), ("1 149,75 $ CA", "CAD", True),
    ("€ 100,00", "EUR", True), ("kr 100,00", "SEK", False), ("CA$ 100.00", "CAD", True),
])
def test_an_amount_knows_whether_its_currency_is_named(registry, text, code, named):
    locale = "fr_CA" if "CA" in text and "$ CA" in text else "en_US"
    money = ftype(registry, "money")
    for value in (money.find(text, ctx(locale))[0].value, money.parse(text, ctx(locale))):
        assert (value.currency, value.named) == (code, named)
        again = pickle.loads(pickle.dumps(value))
        assert (again, again.currency, again.named) == (value, code, named)


def test_an_amount_made_elsewhere_is_not_named():
    assert Amount("1.00", "USD").named is False
