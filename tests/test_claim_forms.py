"""Hand-filled, scanned claim forms (the health insurer's journey): comb fields, years that
start with 0, stray spaces in handwriting, checkbox groups in rules."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale


def ctx(locale: str = "en_GB") -> ParseContext:
    return ParseContext(get_locale(locale), None)


def ftype(registry, name: str, **options):
    return registry.create("field_type", name, options or None)


# -- a four-digit year starting with 0 is no year ---------------------------------------

@pytest.mark.parametrize("raw, options", [
    ("07020994", {"format": "%d%m%Y"}),    # "17 12 1994" in comb cells, its 1s read as 0
    ("07.02.0994", {}),
    ("0994-02-07", {}),
    ("07/02/0994", {"format": "%d/%m/%Y"}),
    ("7 February 0994", {}),
    ("11.10.0319", {}),
])
def test_a_year_starting_with_0_is_no_date(registry, raw, options):
    t = ftype(registry, "date", **options)
    with pytest.raises(ValueError, match="starts with 0"):
        t.parse(raw, ctx())
    assert [f.value for f in t.find(f"Date of birth {raw} signed", ctx())] == []


@pytest.mark.parametrize("raw, options, expected", [
    ("17121994", {"format": "%d%m%Y"}, date(1994, 12, 17)),
    ("17.12.1994", {}, date(1994, 12, 17)),
    ("1994-12-17", {}, date(1994, 12, 17)),
    ("17 December 1994", {}, date(1994, 12, 17)),
    ("17.12.94", {}, date(1994, 12, 17)),
    ("01.01.1000", {}, date(1000, 1, 1)),
])
def test_dates_with_a_real_year_still_read(registry, raw, options, expected):
    t = ftype(registry, "date", **options)
    assert t.parse(raw, ctx()) == expected
    assert [f.value for f in t.find(f"born {raw} in", ctx())] == [expected]
