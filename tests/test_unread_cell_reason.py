"""A cell that does not read under a column whose other cells read fine is a misread cell,
not a template mistake. Journey JP (weekly handwritten timesheets): one smudged date among
good ones went to review as "... does not read as a date value; is 'date' the column's
type?", pointing the payroll clerk at a template that was right."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.templates import check_source

SRC = ("template t {\n  table days {\n    day: text header \"Day\"\n"
       "    date: date header \"Date\"\n    hours: decimal header \"Hours\"\n  }\n}\n")


def _run(registry, make_pdf, dates):
    (tpl,), diags = check_source(SRC, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    lines = [(40, 60, "Day"), (160, 60, "Date"), (300, 60, "Hours")]
    for k, (day, date) in enumerate(zip(("Mon", "Tue", "Wed", "Thu", "Fri"), dates, strict=True)):
        y = 80 + 16 * k
        lines += [(40, y, day), (160, y, date), (300, y, "8.0")]
    return Engine(registry=registry).extract(make_pdf(lines), tpl)


def test_one_unreadable_cell_among_good_ones_is_no_question_about_the_type(
        registry, make_pdf):
    dates = ["02/03/2026", "03/03/2026", "04/03/2026", "~?/Q#/2~26", "06/03/2026"]
    result = _run(registry, make_pdf, dates)
    (reason,) = [r for r in result.reasons if r.field == "days.date"]
    assert reason.rows == [3]
    assert "the column's type?" not in reason.message, reason.message
    assert "could not be read as a date" in reason.message, reason.message
    assert "4 other row(s) read as date" in reason.message, reason.message
    assert "~?/Q#/2~26" in reason.message, reason.message


def test_a_column_none_of_whose_cells_read_still_asks_about_the_type(registry, make_pdf):
    dates = ["first", "second", "third", "fourth", "fifth"]
    result = _run(registry, make_pdf, dates)
    (reason,) = [r for r in result.reasons if r.field == "days.date"]
    assert "is 'date' the column's type?" in reason.message, reason.message
