"""What the second code read of stop 27 found in the money type: a slash between two
amounts or currencies made the first a "rate" and the line's other amount was taken; a
month and its year gave the year as the total again; full-width brackets made a Japanese
amount negative."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.parsing import extract_text


def _value(tmp_path, label: str, line: str):
    template = (f'template t {{\n  match {{ contains "{label}" }}\n'
                f'  field v: money = right of "{label}"\n}}\n')
    return extract_text(tmp_path, template, line + "\n").value("v")


@pytest.mark.parametrize("label, line, expected", [
    ("Net", "Net 100.00 / VAT 20.00 / Total 120.00", "100.00"),
    ("Net", "Net EUR 100.00/USD 108.50", "100.00"),
    ("Total", "Total CHF 100.00 / EUR 104.00", "100.00"),
    ("Total", "Total 1,500.00 EUR/USD rate 1.08", "1500.00"),
    # a rate per unit is still no amount of its line
    ("Detention", "Detention 2.5 hrs x $75.00/hr    187.50", "187.50"),
    ("Freight", "Freight 12.00 EUR/kg 36.00", "36.00"),
])
def test_a_slash_makes_a_rate_only_before_a_unit(tmp_path, label, line, expected):
    assert _value(tmp_path, label, line) == Decimal(expected)


@pytest.mark.parametrize("line", ["Total for December 2026", "Total Dezember 2026"])
def test_a_month_and_its_year_is_no_amount(tmp_path, line):
    assert _value(tmp_path, "Total", line) is None


def test_a_month_and_year_beside_an_amount_leaves_the_amount(tmp_path):
    assert _value(tmp_path, "Total", "Total December 2026 1,234.00") == Decimal("1234.00")


@pytest.mark.parametrize("line", ["消費税 （￥6,900）", "消費税 （6,900円）"])
def test_full_width_brackets_do_not_make_an_amount_negative(tmp_path, line):
    assert _value(tmp_path, "消費税", line) == Decimal("6900")
