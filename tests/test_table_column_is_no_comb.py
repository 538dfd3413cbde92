"""A table's column of handwritten cells is no comb: one cell's writing is not read with
the rows above and below it.

Tender bids journey, finding 2 (the hinted form): on a scanned bill of quantities with
``handwritten`` on Rate and Amount, the rates, written right-aligned in ruled cells one
under the other, were taken for writing in a tall comb (the Rate and Amount cells of a
row, two walled cells): the line of one rate was stretched to the "comb's" height, three
rows tall, and read as one word ('s', '"s' at confidence 0.04), and the rates of those
rows were lost (rate blank on 4 of 8 rows; 4 of 8 again on a generated 250 dpi scan of
the same page). A line is stretched to a comb's height only when no other line found on
the page lies in the stretched box.
"""

from __future__ import annotations

from dataclasses import dataclass

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion


@dataclass
class _Near:  # the line with the page around it, as comb.comb_around gives it
    box: Box
    x0: float = 0.0
    x1: float = 200.0

    def quad(self, x0, x1, y0, y1):  # the crop's pixels to the page: here the tall box
        b = self.box
        return [(b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1)]


@dataclass
class _Found:  # a short comb: two walled cells (Rate and Amount), taller than the line
    cells: tuple = ((0, 100), (110, 200))
    top: int = 0
    bottom: int = 300


def _run(monkeypatch, regions, tall_box):
    from formsift.plugins.handwriting import comb as C
    from formsift.plugins.handwriting import segment as S

    monkeypatch.setattr(C, "comb_around", lambda image, r, fewest=None: (
        (_Near(tall_box), _Found(), True) if r is regions[0] else None))
    return S._written_in_combs(None, regions)


def _line(y0, y1, kind="handwritten"):
    return TextRegion(Box(0.78, y0, 0.835, y1), kind, 0.9, None, {})


def test_a_rate_between_two_rates_is_not_stretched_over_them(monkeypatch):
    middle, above, below = _line(0.224, 0.242), _line(0.193, 0.213), _line(0.252, 0.273)
    _run(monkeypatch, [middle, above, below], Box(0.784, 0.185, 0.835, 0.279))
    assert middle.box == Box(0.78, 0.224, 0.835, 0.242)
    assert not middle.attrs.get("comb")


def test_a_digit_low_in_a_tall_comb_cell_is_read_with_the_cells_height(monkeypatch):
    digit = _line(0.25, 0.27, kind="text")
    _run(monkeypatch, [digit, _line(0.40, 0.42)], Box(0.78, 0.185, 0.835, 0.279))
    assert digit.box == Box(0.78, 0.185, 0.835, 0.279)
    assert digit.kind == "handwritten" and digit.attrs.get("comb")
