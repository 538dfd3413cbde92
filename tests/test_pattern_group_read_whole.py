"""A ``pattern`` locator reads its group whole, as ``search`` does (fe5a9c5; GST journey):
a greedy repeat before the group, or an alternation's first branch, cut the value short."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text


@pytest.mark.parametrize("line, regex, ftype, value", [
    ("IGST @ 18% 1,234.00", r"/IGST @ [\d.]*(\d+)%/", "int", 18),
    ("INN 500100732259", r"/INN\s+(\d{10}|\d{12})/", "id", "500100732259"),
    # guard: a template may mean a part, where no match reads the value whole
    ("Ref 20240815", r"/Ref (\d{4})/", "id", "2024"),
])
def test_a_pattern_group_is_read_whole(tmp_path, line, regex, ftype, value):
    source = f"template t {{\n  field v: {ftype} = pattern {regex}\n}}\n"
    result = extract_text(tmp_path, source, f"{line}\n")
    assert result.fields["v"].value == value, result.reasons
