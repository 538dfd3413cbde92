"""A GS1 date (YYMMDD) that does not read says which format reads it. A warehouse's
packing lists (GS1 receiving journey, finding 5): an expiry '271100' (day 00: the month's
end, as GS1 writes it) under date(format="%y%m%d") went to review as "does not read as a
date value; is 'date' the column's type?", and a YYMMDD column without a format the same."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.templates import check_source

ROWS = [("4012345678901", "L1", "270331", "12"), ("4012345678902", "L2", "{exp}", "24")]


def _run(registry, make_pdf, date_type, exp):
    src = ("template t {\n  table items {\n    gtin: id(/\\d{13}/) header \"GTIN\"\n"
           "    batch: text header \"Batch\"\n"
           f"    expiry: {date_type} header \"Expiry\"\n    qty: int header \"Qty\"\n  }}\n}}\n")
    (tpl,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    lines = [(40, 60, "GTIN"), (160, 60, "Batch"), (220, 60, "Expiry"), (300, 60, "Qty")]
    for k, row in enumerate(ROWS):
        y = 80 + 16 * k
        for x, text in zip((40, 160, 220, 300), row, strict=True):
            lines.append((x, y, text.format(exp=exp)))
    return Engine(registry=registry).extract(make_pdf(lines), tpl)


@pytest.mark.parametrize("date_type, exp, says", [
    ('date(format="%y%m%d")', "271100", '%y%m00'),
    ("date", "271130", '%y%m%d'),
])
def test_the_reason_names_the_format(registry, make_pdf, date_type, exp, says):
    result = _run(registry, make_pdf, date_type, exp)
    (reason,) = [r for r in result.reasons if r.field == "items.expiry"]
    assert says in reason.message, reason.message


def test_no_format_is_named_that_the_column_already_has(registry, make_pdf):
    """The code read of this stop: a misread '271131' under date(format="%y%m%d") got the
    reason 'read them with date(format="%y%m%d")', the column's own format."""
    result = _run(registry, make_pdf, 'date(format="%y%m%d")', "271131")
    (reason,) = [r for r in result.reasons if r.field == "items.expiry"]
    assert 'format=\\"%y%m%d\\"' not in reason.message and "%y%m%d" not in reason.message


def test_six_digits_without_a_format_name_both_orders(registry, make_pdf):
    result = _run(registry, make_pdf, "date", "311224")
    (reason,) = [r for r in result.reasons if r.field == "items.expiry"]
    assert "%y%m%d" in reason.message and "%d%m%y" in reason.message
