"""``handwritten`` hints on some columns of a chain-of-custody form do not reach its
checkbox columns.

Chain-of-custody journey, finding 3: a form with a samples table (handwritten ids, dates,
times and counts; five columns of printed boxes ticked with a hand X) above a custody
table ("Relinquished by | Date | Time | Received by | Date | Time", handwritten). With the
hints, the tick cells read confidence 0.0 and shifted into the next column; without them
all 50 were right. Two causes: the custody table's "Date" and "Time" were also found on
the samples table's header line, and the area of its hinted "Time" column ran from there
to the page's right edge, over the boxes; and the handwriting recognizer read the row of
boxes between the rulings as a comb ("2 ? ? ? ? 1"), whose cells lay outside the region
that found them, and words outside every region were kept wherever they were.
"""

from __future__ import annotations

from typing import Any

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.templates import check_source

TEMPLATE = """template coc {
  table samples {
    sample_id: text header "Sample ID" handwritten
    date: date header "Date" handwritten
    time: time header "Time" handwritten
    voc: checkbox header "VOC"
    metals: checkbox header "Metals"
    until "Total containers"
  }
  table custody {
    rel_by: text header "Relinquished by"
    rel_date: date header "Date" handwritten
    rel_time: time header "Time" handwritten
    rec_by: text header "Received by"
    rec_date: date header "Date" handwritten
    rec_time: time header "Time" handwritten
  }
}"""


def _lines(*words: tuple[str, float, float, float, float]) -> list[Any]:
    return group_lines([Word(t, Box(x0, y0, x1, y1), 0, 0.99, "ppocr_rec")
                        for t, x0, y0, x1, y1 in words])


#: The samples header at y 0.20, the custody header at y 0.60.
PAGE = _lines(("Sample", 0.05, 0.20, 0.10, 0.22), ("ID", 0.105, 0.20, 0.12, 0.22),
              ("Date", 0.22, 0.20, 0.25, 0.22), ("Time", 0.30, 0.20, 0.33, 0.22),
              ("VOC", 0.50, 0.20, 0.53, 0.22), ("Metals", 0.62, 0.20, 0.67, 0.22),
              ("Total", 0.05, 0.45, 0.09, 0.47), ("containers", 0.095, 0.45, 0.16, 0.47),
              ("Relinquished", 0.05, 0.60, 0.13, 0.62), ("by", 0.135, 0.60, 0.15, 0.62),
              ("Date", 0.25, 0.60, 0.28, 0.62), ("Time", 0.33, 0.60, 0.36, 0.62),
              ("Received", 0.45, 0.60, 0.52, 0.62), ("by", 0.525, 0.60, 0.54, 0.62),
              ("Date", 0.60, 0.60, 0.63, 0.62), ("Time", 0.68, 0.60, 0.71, 0.62))


def test_another_tables_headers_on_the_tick_columns_line_give_it_no_area(registry):
    from formsift.core.routing import hint_areas

    (t,), diags = check_source(TEMPLATE, "coc.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    where, _ = hint_areas(t, 0, 1, PAGE, PAGE)
    ticks = [Box(0.505, 0.25, 0.52, 0.27), Box(0.635, 0.25, 0.65, 0.27),  # row 1's boxes
             Box(0.505, 0.35, 0.52, 0.37)]
    for box in ticks:
        assert not any(a.contains_center_of(box) for a in where), (box, where)
    # the hinted columns still look where their cells are
    for cell in (Box(0.22, 0.25, 0.25, 0.27), Box(0.30, 0.25, 0.33, 0.27),  # samples
                 Box(0.33, 0.65, 0.36, 0.67), Box(0.68, 0.65, 0.71, 0.67)):  # custody
        assert any(a.contains_center_of(cell) for a in where), cell


def test_a_combs_cells_outside_its_region_go_with_that_region():
    """A handwriting word read outside every region (a comb's cell) belongs to the region
    on its line nearest to it, and is left out with it where no hint looks there."""
    from formsift.core.routing import _written_owner

    written = [TextRegion(Box(0.44, 0.20, 0.455, 0.23), "handwritten"),  # a count's "2"
               TextRegion(Box(0.573, 0.207, 0.59, 0.228), "handwritten")]  # a ticked box
    cell = Box(0.525, 0.208, 0.537, 0.226)  # between the boxes, nearer the second region
    assert _written_owner(cell, written) == 1
    assert _written_owner(Box(0.578, 0.21, 0.585, 0.22), written) == 1  # inside
    assert _written_owner(Box(0.5, 0.5, 0.51, 0.52), written) is None  # on no line
