"""An amount written after a comparison is a bound under money too, as under decimal, int
and percent (journey coa, finding 2, as stop 29 left it): `decimal` refused '>1000' and
'<10', but `money` still read '>1 000,00' as 1000.00 and '< 10.00' as 10.00, so a rule
'fee <= limit' accepted an amount that is only known to be above its limit. One function
(amounts.bound_before, through amounts._without_bounds) decides for every number type,
also where a currency stands between the sign and the digits ('< $10.00', '> EUR
1,000.00'), and for the parts of a space-grouped number ('>1 000,00' gave 0.00 under
decimal: its last group was read alone)."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, extract_text, ftype

BOUNDS = [
    (">1 000,00", "de_DE"), ("< 10.00", "en_US"), (">1000", "en_US"), ("<10", "en_US"),
    ("≤ 0.5", "en_US"), ("≥ 1.250,00", "de_DE"), ("less than 10.00", "en_GB"),
    ("< $10.00", "en_US"), ("> EUR 1,000.00", "en_GB"), ("<€ 10,00", "de_DE"),
    ("Total: >1,000.00", "en_US"), (">1 000,00", "en_US"), ("> 1 000.00", "en_GB"),
]


@pytest.mark.parametrize("text, locale", BOUNDS)
@pytest.mark.parametrize("name", ["money", "decimal", "int"])
def test_a_number_after_a_comparison_is_no_value(registry, name, text, locale):
    found = ftype(registry, name).find(text, ctx(locale))
    assert found == [], [(text[f.start:f.end], f.value) for f in found]
    with pytest.raises(ValueError):
        ftype(registry, name).parse(text.split(": ")[-1], ctx(locale))


@pytest.mark.parametrize("text, locale", BOUNDS)
def test_money_says_why(registry, text, locale):
    why = ftype(registry, "money").misfit(text, ctx(locale))
    assert why is not None and "bound" in why, why


@pytest.mark.parametrize("text, locale, value", [
    ("$10.00", "en_US", "10.00"),
    ("1 000,00 €", "de_DE", "1000.00"),
    ("Total => 45.00", "en_US", "45.00"),         # an arrow is no comparison
    ("10.00 < 20.00", "en_US", "10.00"),          # the amount before the sign is read
    ("-> EUR 12.50", "en_GB", "12.50"),
])
def test_amounts_without_a_comparison_before_them_are_read(registry, text, locale, value):
    found = ftype(registry, "money").find(text, ctx(locale))
    assert value in [str(f.value) for f in found], found


def test_a_money_field_holding_a_bound_goes_to_review(tmp_path):
    tpl = ('template t {\n  locale "en_US"\n  currency "USD"\n'
           '  field fee: money = right of "Handling fee:"\n'
           '  rule cap: fee <= 1000.00\n}\n')
    result = extract_text(tmp_path, tpl, "Handling fee: >1,000.00\n")
    assert result.status == "review"
    assert result.fields.get("fee") is None
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert ">1,000.00" in said and "bound" in said, said
