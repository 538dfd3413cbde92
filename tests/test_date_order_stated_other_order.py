"""A numeric date that reads only in the other order than the template's date_order is
ambiguous (KYC onboarding journey, item 2: '07/23/1988' under date_order "DMY" read as
23 July 1988 at 0.88, no reason)."""

from __future__ import annotations

from datetime import date

from formsift.core.document import Document
from formsift.core.result import Status
from formsift.templates import check_source, runtime
from tests.parsing import ocr_page


def _run(registry, order: str, *lines: list[str]):
    doc = Document("sha256:t", "t", "image/png", [ocr_page(*lines)], "t")
    src = (f'template t {{\n  date_order "{order}"\n'
           '  field birth_date: date = right of "Born:"\n'
           '  field signed_on: date = right of "Signed:"\n}')
    (t,), _ = check_source(src, "t.sift", registry)
    return runtime.run(t, doc)


def test_a_month_first_date_under_day_first_is_ambiguous(registry):
    """The only numeric date of the record reads only month first: it is the reason."""
    ex = _run(registry, "DMY", ["Born:", "07/23/1988"], ["Signed:", "2025-11-03"])
    assert ex.fields["birth_date"].value == date(1988, 7, 23)
    assert ex.status is Status.REVIEW
    assert any(r.code == "ambiguous" and r.field == "birth_date"
               and "reads only month first" in r.message for r in ex.reasons)


def test_a_date_read_in_the_stated_order_is_doubted_by_the_other_one(registry):
    """Another date that reads both ways is doubted, naming the month-first one: that
    reason is enough (the month-first date itself, surely read, adds none)."""
    ex = _run(registry, "DMY", ["Born:", "07/23/1988"], ["Signed:", "03/11/2025"])
    assert ex.status is Status.REVIEW
    doubted = [r for r in ex.reasons if r.code == "ambiguous"]
    assert [r.field for r in doubted] == ["signed_on"] and "07/23/1988" in doubted[0].message


def test_dates_in_the_stated_order_have_no_reason(registry):
    ex = _run(registry, "DMY", ["Born:", "23/07/1988"], ["Signed:", "03/11/2025"])
    assert not [r for r in ex.reasons if r.code == "ambiguous"]
