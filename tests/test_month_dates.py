"""Dates printed as a month and a year ("03/2027", "MAR 2027", "EXP 2027-03"), as expiry
dates of medicines are: read by a format without a day, on the day ``day=`` says."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from formsift.templates import check_source


def _ctx(locale: str = "en") -> ParseContext:
    return ParseContext(get_locale(locale), None)


def _date(registry, **options):
    return registry.create("field_type", "date", options or None)


@pytest.mark.parametrize("fmt, text, first, last", [
    ("%m/%Y", "03/2027", date(2027, 3, 1), date(2027, 3, 31)),
    ("%m/%Y", "02/2028", date(2028, 2, 1), date(2028, 2, 29)),  # a leap year
    ("%b %Y", "APR 2029", date(2029, 4, 1), date(2029, 4, 30)),
    ("EXP %Y-%m", "EXP 2027-03", date(2027, 3, 1), date(2027, 3, 31)),
    ("%Y", "2027", date(2027, 1, 1), date(2027, 12, 31)),
])
def test_a_month_and_a_year_read_on_the_first_or_the_last_day(registry, fmt, text, first,
                                                               last):
    """A user's bug: a pharmaceutical expiry month means 'use by the end of that month',
    but '03/2027' read by format="%m/%Y" was always 2027-03-01, so a rule 'expiry >
    delivery_date' flagged goods delivered in their last valid month as expired."""
    assert _date(registry, format=fmt).parse(text, _ctx()) == first
    assert _date(registry, format=fmt, day="first").parse(text, _ctx()) == first
    last_day = _date(registry, format=fmt, day="last")
    assert last_day.parse(text, _ctx()) == last
    assert [f.value for f in last_day.find(f"Verfall {text} (lot 7)", _ctx())] == [last]


def test_day_last_leaves_dates_printed_with_a_day_alone(registry):
    both = _date(registry, formats=["%d.%m.%Y", "%m/%Y"], day="last")
    assert both.parse("15.03.2027", _ctx()) == date(2027, 3, 15)
    assert both.parse("03/2027", _ctx()) == date(2027, 3, 31)
    # and the general parser (no format) is not affected either
    assert both.parse("2027-03-15", _ctx()) == date(2027, 3, 15)


@pytest.mark.parametrize("options", [{"day": "last"}, {"format": "%d.%m.%Y", "day": "last"}])
def test_day_last_without_a_format_lacking_a_day_is_refused(registry, options):
    with pytest.raises(ValueError, match=r'day="last" .*format="%m/%Y"'):
        _date(registry, **options)


def test_a_template_refuses_day_last_with_a_clear_error(registry):
    src = 'template t {\n  field e: date(format="%d.%m.%Y", day="last") = right of "Exp"\n}'
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert errors and 'day="last"' in errors[0].message


@pytest.mark.parametrize("text, hint", [
    ("APR 2029", 'format="%b %Y"'),
    ("JUNE 2028", 'format="%B %Y"'),
    ("03/2027", 'format="%m/%Y"'),
    ("EXP 2027-03", 'format="EXP %Y-%m"'),
    ("2027-03", 'format="%Y-%m"'),
])
def test_a_month_and_a_year_without_a_format_says_which_format_reads_it(registry, text,
                                                                         hint):
    """The error named no format: a user was asked whether 'date' was the column's type
    when what was missing was format="%b %Y"."""
    with pytest.raises(ValueError, match="a month and a year without a day") as err:
        _date(registry).parse(text, _ctx())
    assert hint in str(err.value) and 'day="last"' in str(err.value)


def test_a_month_name_of_another_language_gets_the_format_that_reads_it(registry):
    # (a format's %B reads the month names of every language the template reads: the
    # hint named no format while strptime read English names only)
    with pytest.raises(ValueError, match=r'format="%B %Y"'):
        _date(registry).parse("März 2027", _ctx("de"))
    assert _date(registry, format="%B %Y").parse("März 2027", _ctx("de")) == date(2027, 3, 1)


@pytest.mark.parametrize("text", ["13/2027", "Invoice 2027", "31.02.2027"])
def test_other_texts_get_no_month_and_year_hint(registry, text):
    with pytest.raises(ValueError) as err:
        _date(registry).parse(text, _ctx())
    assert "a month and a year" not in str(err.value)


def test_an_expiry_month_passes_a_rule_in_its_last_month(registry, make_pdf):
    from formsift.core.engine import Engine

    src = '''template dn {
  field delivered: date = right of "Delivered"
  field expiry: date(format="%m/%Y", day="last") = right of "Expiry"
  rule not_expired: expiry > delivered
}'''
    (tpl,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    pdf = make_pdf([(50, 100, "Delivered"), (200, 100, "2027-03-18"),
                    (50, 120, "Expiry"), (200, 120, "03/2027")])
    result = Engine(registry=registry, seen_store="memory").extract(pdf, tpl)
    assert result.record()["expiry"] == "2027-03-31"
    assert "rule_failed" not in {r.code for r in result.reasons}
