"""A ``search`` value is read whole after a greedy repeat too (GST journey, finding 2):
``/IGST\\s*@?\\s*[\\d.]*\\s*\\(?(\\d+(?:\\.\\d+)?\\s*%)/`` read ``IGST @ 18%`` as ``8%``
and ``/INN\\s+\\d*(\\d{10}|\\d{12})/`` the INN ``500100732259`` as ``0100732259``: the
repeat before the group took what it could, and the match read whole (its group bounded
as a type's pattern is) covered the same text, so the regex's own match was kept."""

from __future__ import annotations

import pytest

from formsift.util.safe_regex import compile_pattern
from tests.parsing import extract_text

TEXT = "TAX INVOICE\nIGST @ 18%        20,923.83\nINN 500100732259\n"


def _value(tmp_path, locator: str, kind: str = "text"):
    template = f"template t {{\n  field v: {kind} = {locator}\n}}\n"
    return extract_text(tmp_path, template, TEXT).fields["v"].value


@pytest.mark.parametrize("locator, expected", [
    (r"search /IGST\s*@?\s*[\d.]*\s*\(?(\d+(?:\.\d+)?\s*%)/", "18%"),
    (r"search /IGST @ \d*(\d+%)/", "18%"),
    (r"search /IGST @ \d*(\d+)/", "18"),
    (r"search /INN\s+\d*(\d{10}|\d{12})/", "500100732259"),
    (r"search /IGST @ \d*(?P<v>\d+)/", "18"),
])
def test_the_group_after_a_greedy_repeat_is_read_whole(tmp_path, locator, expected):
    assert _value(tmp_path, locator) == expected


def test_a_percent_field_reads_the_whole_rate(tmp_path):
    from decimal import Decimal

    assert _value(tmp_path, r"search /IGST\s*@?\s*[\d.]*\s*\(?(\d+(?:\.\d+)?\s*%)/",
                  "percent") == Decimal("18")


def test_the_shared_helper_reads_a_pattern_locators_group_whole():
    """:func:`pattern_matches`, for the ``pattern`` locator's regex (its first group)."""
    from formsift.templates.whole_match import pattern_matches

    rx = compile_pattern(r"IGST @ [\d.]*(\d+%)")
    assert [m.group(1) for m in pattern_matches(rx, "IGST @ 18%  and IGST @ 5%", 1.0)] \
        == ["18%", "5%"]
    rx = compile_pattern(r"INN\s+(\d{10}|\d{12})")
    assert [m.group(1) for m in pattern_matches(rx, "INN 500100732259", 1.0)] \
        == ["500100732259"]
