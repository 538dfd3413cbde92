"""A number with a % sign is no value of decimal or int (a rate beside an amount must not
be taken for it), and the reason says so (journeys coa finding 5, weighbridge F6): a
weighbridge ticket's 'Moisture: 16.3 %' read by `decimal` said '"16.3 %" holds digits that
do not read as a decimal value', although the docs say a unit set apart is ignored; the
reason now names the percentage and the type that reads it."""

from __future__ import annotations

import pytest

from tests.parsing import best, extract_text


@pytest.mark.parametrize("name", ["decimal", "int"])
def test_the_reason_points_to_percent(tmp_path, name):
    tpl = f'template t {{\n  field moisture: {name} = right of "Moisture:"\n}}\n'
    result = extract_text(tmp_path, tpl, "WEIGHBRIDGE TICKET\nMoisture: 16 %\n")
    assert result.status == "review"
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert '"16 %" is a percentage' in said and 'percent(sign="optional")' in said, said


def test_percent_reads_it(tmp_path, registry):
    tpl = 'template t {\n  field moisture: percent = right of "Moisture:"\n}\n'
    result = extract_text(tmp_path, tpl, "WEIGHBRIDGE TICKET\nMoisture: 16.3 %\n")
    assert result.status == "accepted" and str(result.fields["moisture"].value) == "16.3"
    # and a rate stays no amount under decimal: the amount beside it is read
    assert best(registry, "decimal", "VAT 19 % 120.00").value == 120
