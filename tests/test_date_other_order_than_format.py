"""A numeric date that reads only in the other order than the field's formats write day
and month is no date of the field, and its message names the reading (KYC onboarding
journey, item 2: '07/23/1988' under date(format="%d/%m/%Y") was read month first as 23
July 1988 with no reason; only strict=true refused it).

The formats state how the field's dates are written; a date written otherwise is
evidence the writer uses the other order, and their other dates (07/08/...) would be
read wrongly without a word: such a date goes to review, as an invalid value. Dates in
the formats' order, in other forms (dots for slashes, ISO) and fields without formats
read as before."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.document import Document
from formsift.core.result import Status
from formsift.templates import check_source, runtime
from tests.parsing import ctx, ftype, ocr_page

DMY = ["%d/%m/%Y"]
KYC = ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %b %Y"]


@pytest.mark.parametrize("formats", [DMY, KYC])
def test_month_first_is_no_date_of_a_day_first_field(registry, formats):
    t = ftype(registry, "date", formats=formats)
    assert t.find("07/23/1988", ctx()) == []
    why = t.misfit("07/23/1988", ctx()) or ""
    assert "reads only month first (23 July 1988)" in why and "day first" in why
    with pytest.raises(ValueError, match="month first"):
        t.parse("07/23/1988", ctx())


def test_day_first_is_no_date_of_a_month_first_field(registry):
    t = ftype(registry, "date", format="%m/%d/%Y")
    assert t.find("23.07.1988", ctx("en_US")) == []
    assert "reads only day first" in (t.misfit("23.07.1988", ctx("en_US")) or "")


@pytest.mark.parametrize(("formats", "text", "value"), [
    (DMY, "23/07/1988", date(1988, 7, 23)),
    (DMY, "07/08/2025", date(2025, 8, 7)),
    (DMY, "23.07.1988", date(1988, 7, 23)),     # another separator, the same order
    (KYC, "1988-07-23", date(1988, 7, 23)),     # year first: no order to break
    (["%m/%d/%Y"], "07/23/1988", date(1988, 7, 23)),
    (["%m/%d/%Y"], "07/08/2025", date(2025, 7, 8)),
])
def test_dates_in_the_formats_order_read_as_before(registry, formats, text, value):
    t = ftype(registry, "date", formats=formats)
    assert [f.value for f in t.find(text, ctx())] == [value]
    assert t.parse(text, ctx()) == value


def test_a_field_without_formats_reads_as_before(registry):
    """No format: the locale's order, and a date that reads only the other way is read
    so (a generic template reads a US receipt's 12/25/2024)."""
    assert [f.value for f in ftype(registry, "date").find("07/23/1988", ctx())] \
        == [date(1988, 7, 23)]


def test_a_formats_order_does_not_bind_formats_of_both_orders(registry):
    t = ftype(registry, "date", formats=["%d/%m/%Y", "%m-%d-%Y"])
    assert [f.value for f in t.find("07/23/1988", ctx())] == [date(1988, 7, 23)]


def test_the_form_goes_to_review_naming_the_reading(registry):
    page = ocr_page(["Date", "of", "birth:", "07/23/1988"])
    doc = Document("sha256:t", "t", "image/png", [page], "t")
    (t,), _ = check_source('template t {\n  date_order "DMY"\n'
                           '  field birth_date: date(format="%d/%m/%Y") = right of '
                           '"Date of birth:"\n}', "t.sift", registry)
    ex = runtime.run(t, doc)
    assert ex.fields["birth_date"] is None
    assert ex.status is Status.REVIEW
    assert any(r.code == "invalid_value" and r.field == "birth_date"
               and "23 July 1988" in r.message for r in ex.reasons)
