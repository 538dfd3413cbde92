"""A row struck through its letters right under the header's rule is left out (code read
A, stop 36). At 150 dpi the rule's faint anti-aliased edge, beside the first row's
letters, is broken by the local threshold into pieces shorter than a level line: they were
counted as the letters' ink, and the busiest row of them (the letters' ink is spread over
many rows) made the "letters" a row tall, above the stroke, so the stroke through the
middle of the letters struck nothing and the struck row was kept. The letters' ink is the
run of rows holding the most ink. Pages drawn here (tests.test_struck_rows_rules.sheet)."""

from __future__ import annotations

import pytest

from tests.test_struck_rows_rules import _extract, _items, _struck, sheet


@pytest.mark.parametrize("ruled", [False, True], ids=["plain", "ruled"])
def test_the_first_row_struck_under_the_rule_is_left_out(tmp_path, ruled):
    """Times 16 pt, the journey's rule (0.85 of the size over the first row's baseline),
    the first row struck 0.4 of the size over its baseline."""
    result = _extract(tmp_path, "s.pdf", sheet("tiro", 16, rule=2.3 - 0.85, first=2.3,
                                               struck=(0, 0.4), ruled=ruled))
    assert _items(result) == ["002", "003"], _struck(result)
    assert [t[:3] for t in _struck(result)["rows"]] == ["001"]


@pytest.mark.parametrize("ruled", [False, True], ids=["plain", "ruled"])
def test_the_first_row_under_the_rule_alone_stands(tmp_path, ruled):
    """The same page with no row struck: every row stands."""
    result = _extract(tmp_path, "s.pdf", sheet("tiro", 16, rule=2.3 - 0.85, first=2.3,
                                               ruled=ruled))
    assert _items(result) == ["001", "002", "003"], _struck(result)
    assert _struck(result) == {}
