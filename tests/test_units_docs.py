"""What docs/templates.md says of numbers printed with a unit (freight report, finding 9):
a unit set apart is ignored, one glued to the number leaves no value, and the example
template with patterns reads both and checks the unit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formsift import Engine
from formsift.templates import check_source

PLAIN = '''template plain {
  locale "en_GB"
  field gw: decimal = right of "Weight:"
  field n: int = right of "Count:"
}'''


@pytest.mark.parametrize("weight,count,gw,n", [
    ("2,480.00 KGS", "48 CTNS", "2480.00", 48),
    ("KGS 2,480.00", "CTNS 48", "2480.00", 48),
    ("5,467.50 LBS", "48 cartons", "5467.50", 48),
    ("2480KGS", "48CTNS", None, None),
    ("1,250.5kg", "48pcs", None, None),
])
def test_a_unit_set_apart_is_ignored_and_a_glued_one_leaves_no_value(
        registry, weight, count, gw, n):
    (tpl,), _ = check_source(PLAIN, "plain.sift", registry)
    text = f"Weight: {weight}\nCount: {count}\n".encode()
    record = Engine([tpl], registry=registry).extract(text, tpl, name="w.txt").record()
    assert (record["gw"], record["n"]) == (gw, n)


def _docs_example() -> str:
    text = (Path(__file__).resolve().parents[1] / "docs" / "templates.md").read_text()
    m = re.search(r"```\n(template weights \{.*?\n\})\n```", text, re.S)
    assert m, "docs/templates.md has no 'template weights' example"
    return m.group(1)


@pytest.mark.parametrize("weight,gw,unit,status", [
    ("2480KGS", "2480", "KGS", "accepted"),
    ("1,250.5kg", "1250.5", "kg", "accepted"),
    ("2,480.00 KGS", "2480.00", "KGS", "accepted"),
    ("5,467.50 LBS", "5467.50", "LBS", "review"),
])
def test_the_docs_example_reads_glued_units_and_checks_them(registry, weight, gw, unit,
                                                            status):
    (tpl,), diags = check_source(_docs_example(), "weights.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    text = f"Total Gross Weight: {weight}\nTotal Packages: 48CTNS\n".encode()
    result = Engine([tpl], registry=registry).extract(text, tpl, name="w.txt")
    assert result.record() == {"gross_weight": gw, "weight_unit": unit, "packages": 48}
    assert result.status.value == status
