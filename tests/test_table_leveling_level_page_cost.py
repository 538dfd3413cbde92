"""A table page whose lines as grouped already lie level is left as it is without looking
for runs of words (stop 37's leveling, e78f794 and abf1889, found runs on every scanned
table page: 25-66 ms a call on a dense table against 0.4-1.2 ms before).

The check must not pass a page that needs measuring: a table whose rows lean, and one
whose rows leaning have been joined in pieces, are still measured and set level.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.templates import leveling

H = 0.010  # the words' height, a share of the page's
PAGE = SimpleNamespace(width=612, height=792, index=0)


def _table(rows: int, slope: float = 0.0, lean_from: int = 0) -> list[Word]:
    """A dense table's word boxes: a header and ``rows`` rows of eight cells across the
    page (a description of two words in the second); from row ``lean_from`` on the rows
    fall by ``slope`` to the right."""
    words = []
    for r in range(rows + 1):
        y = 0.08 + r * 0.9 / (rows + 1)
        lean = slope if r >= lean_from else 0.0
        cells = [(0.06, "001"), (0.12, "Desk"), (0.17, "lamp"), (0.45, "12"), (0.52, "pcs"),
                 (0.6, "713.41"), (0.7, "120.00"), (0.8, "8,560.92"), (0.9, "8,680.92")]
        for x, text in cells:
            lift = lean * x
            words.append(Word(text, Box(x, y + lift, x + 0.006 * len(text), y + lift + H), 0,
                              0.95, "ppocr_rec"))
    return words


def _no_runs(*_: object) -> list[list[Word]]:
    raise AssertionError("runs of words looked for on a level page")


@pytest.mark.parametrize("rows", [10, 30, 60])
def test_level_rows_are_kept_without_looking_for_runs(monkeypatch, rows):
    lines = group_lines(_table(rows))
    assert len(lines) == rows + 1
    monkeypatch.setattr(leveling, "_runs", _no_runs)
    assert leveling.level_lines(lines, PAGE) is lines


def test_leaning_rows_are_still_set_level():
    # each row falls by 0.9 of a word's height across the table: grouped as they are,
    # each row is one line that leans; set level, still one line a row
    words = _table(20, slope=0.011)
    out = leveling.level_lines(group_lines(words), PAGE)
    assert len(out) == 21
    assert all(len(line.words) == 9 for line in out)


def test_rows_leaning_below_a_level_header_are_measured(monkeypatch):
    # the lower rows fall by 2.5 word heights across the table (a photo's perspective):
    # grouped as they are, they are joined and split (no line of theirs fits, or few
    # words are on level lines), so the page is measured and regrouped
    words = _table(20, slope=0.03, lean_from=8)
    lines = group_lines(words)
    called = []
    runs = leveling._runs
    monkeypatch.setattr(leveling, "_runs", lambda *a: called.append(1) or runs(*a))
    assert leveling.level_lines(lines, PAGE) is not lines
    assert called


def _log_sheet(slope: float) -> list[Word]:
    """A log sheet's word boxes: a header and 20 tall rows (a code, a description of four
    words across less than a quarter of the page, a quantity and two amounts far apart);
    from row 13 on the rows fall by ``slope`` to the right (a photo's curled foot)."""
    words = []
    for r in range(21):
        y = 0.08 + r * 0.9 / 21
        lean = slope if r >= 13 else 0.0
        cells = [(0.06, f"{r:03d}"), (0.12, "Oak"), (0.16, "desk"), (0.20, "lamp"),
                 (0.24, "shade"), (0.45, str(r)), (0.6, "10.00"), (0.75, f"{r * 10}.00")]
        for x, text in cells:
            lift = lean * x
            words.append(Word(text, Box(x, y + lift, x + 0.006 * len(text), y + lift + H), 0,
                              0.95, "ppocr_rec"))
    return words


@pytest.mark.parametrize("slope", [0.03, 0.04])
def test_leaning_rows_cut_in_short_pieces_are_measured(slope):
    # code read Y of adec089: each leaning row is grouped in pieces, its description a
    # line of five words across less than a quarter of the page (never checked), its
    # cells lines of one word; the 13 level rows hold over 60% of the words, so the page
    # passed as level and every leaning row came out in four pieces
    lines = group_lines(_log_sheet(slope))
    assert len(lines) > 30
    out = leveling.level_lines(lines, PAGE)
    assert sum(len(line.words) == 8 for line in out) >= 20
