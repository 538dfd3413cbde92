"""A dash set apart before three capitals that name no currency is no sign: 'Item - ABC
45.00' read -45.00 (while 'Room - BB 45.00' read 45.00), as the dash before a currency
code is the amount's sign ('- EUR 1,234.56', 'Fee - CDN 45.00': negative). Checked with the
credit notes journey's finding 9, where a dash before a code must keep its sign."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text, value", [
    ("Item - ABC 45.00", "45.00"), ("Room - BB 45.00", "45.00"), ("- XYZ 45.00", "45.00"),
    ("- EUR 1,234.56", "-1234.56"), ("Total - USD 1,234.56", "-1234.56"),
    ("Fee - CDN 45.00", "-45.00"), ("-QRX 45.00", "-45.00"), ("- € 45.00", "-45.00"),
    ("(ABC 45.00)", "-45.00"),
])
def test_a_dash_is_a_sign_before_a_currency_only(registry, text, value):
    found = ftype(registry, "money").find(text, ctx("en_GB"))
    assert [str(f.value) for f in found] == [value]
