"""Words grouped into lines (``core.document.group_lines``), on words in memory."""

from __future__ import annotations

import pytest

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box


def _lines(words: list[Word]) -> list[list[str]]:
    return [[w.text for w in ln.words] for ln in group_lines(words)]


@pytest.mark.parametrize("heading_top", [0.133, 0.126, 0.140])
def test_a_large_title_beside_two_label_lines_does_not_join_them(heading_top):
    """The bug report, a faxed invoice's header as OCR read it: a 20-pt "INVOICE" at the
    left reaches over the two 10-pt lines "Invoice No.: AM-2026-10417" and "Invoice Date:
    03.12.2026" at the right (only 1.5 times their height). The two label lines were one
    line, so both fields were missing. The title joins one of them at most."""
    top = heading_top
    words = [Word("INVOICE", Box(0.081, top, 0.219, top + 0.025), 0),
             Word("Invoice", Box(0.570, 0.130, 0.624, 0.147), 0),
             Word("No.:", Box(0.631, 0.130, 0.661, 0.147), 0),
             Word("AM-2026-10417", Box(0.737, 0.130, 0.858, 0.146), 0),
             Word("Invoice", Box(0.571, 0.148, 0.624, 0.163), 0),
             Word("Date:", Box(0.631, 0.148, 0.670, 0.163), 0),
             Word("03.12.2026", Box(0.739, 0.148, 0.822, 0.162), 0)]
    lines = [[t for t in line if t != "INVOICE"] for line in _lines(words)]
    assert [line for line in lines if line] == [["Invoice", "No.:", "AM-2026-10417"],
                                                ["Invoice", "Date:", "03.12.2026"]]
    assert sum("INVOICE" in line for line in _lines(words)) == 1


def test_words_of_one_line_in_two_sizes_stay_one_line():
    """A label in small print and its amount in larger print on one baseline, and a
    slanting line of one size, are still single lines."""
    words = [Word("Total", Box(0.10, 0.500, 0.16, 0.512), 0),
             Word("1,234.00", Box(0.60, 0.494, 0.75, 0.513), 0),
             Word("EUR", Box(0.77, 0.501, 0.81, 0.513), 0)]
    assert _lines(words) == [["Total", "1,234.00", "EUR"]]
    slant = [Word(f"w{i}", Box(0.1 * i, 0.30 + 0.004 * i, 0.1 * i + 0.08, 0.312 + 0.004 * i), 0)
             for i in range(8)]
    assert _lines(slant) == [[f"w{i}" for i in range(8)]]
