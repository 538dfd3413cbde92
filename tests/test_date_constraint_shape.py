"""The date type's constraint pattern (:data:`formsift.plugins.fieldtypes.dates.DATE_SHAPE`),
by which a handwritten date that did not read is read again: a beam search takes its most
probable reading of that shape. On the insurance claims journey a handwritten 14.01.2027 was
read "14.0/.2027" and read again "14.0/2027", which had the old shape (any separators, any
numbers) but is no date, so the date of loss stayed unread and the rule that it is not in
the future never ran. The shape is the numeric dates the type reads: one separator, days
and months that can be."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.engine import Engine
from formsift.core.kinds import ComponentKind, ParseContext
from formsift.core.locale import get_locale
from formsift.plugins.fieldtypes.dates import DATE_SHAPE
from formsift.util.safe_regex import fullmatches


@pytest.fixture(scope="module")
def date_type():
    return Engine().registry.create(ComponentKind.FIELD_TYPE, "date")


@pytest.mark.parametrize("text", ["14.0/2027", "14.01/2027", "14/01.2027", "00.12.2026",
                                  "14.00.2026", "14.01.202", "41.01.2026"])
def test_a_reading_that_is_no_date_has_no_date_shape(text, date_type):
    for locale in ("en_GB", "en_US", "de_DE"):
        with pytest.raises(ValueError):
            date_type.parse(text, ParseContext(get_locale(locale)))
    assert not fullmatches(DATE_SHAPE, text)


def _written(d: date) -> list[tuple[str, str]]:
    """(text, locale) of numeric ways to write ``d`` that the date type reads."""
    out = []
    for sep in "./-":
        out += [(f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}", "de_DE"),
                (f"{d.day}{sep}{d.month}{sep}{d.year % 100:02d}", "de_DE"),
                (f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}", "de_DE"),
                (f"{d.month}{sep}{d.day}{sep}{d.year}", "en_US")]
    return out


@pytest.mark.parametrize("d", [date(2026, 1, 4), date(2027, 1, 14), date(2026, 12, 31),
                               date(2004, 10, 9), date(2026, 2, 28)])
def test_every_numeric_date_the_type_reads_has_the_shape(d, date_type):
    for text, locale in _written(d):
        assert date_type.parse(text, ParseContext(get_locale(locale)))  # a date
        assert fullmatches(DATE_SHAPE, text), text
