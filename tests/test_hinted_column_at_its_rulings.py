"""A handwritten column's area ends at the ruling between it and the column beside it.

Stock-take journey, finding 6: on a count sheet the printed system quantity is set
right-aligned against the ruling of the handwritten "Ist-Menge" column beside it, right
of its own header "Soll-Menge". The area where the column's handwriting hint looks ran
from the end of "Soll-Menge" on, took the printed "2" (which the style model labelled
handwritten) and the handwriting recognizer read it "CV": the system quantity went
missing. Where the table rules its columns, the line between the headers bounds it.
"""

from __future__ import annotations

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.templates import check_source
from formsift.templates.rulings import Rule, Rulings

TEMPLATE = """template count {
  table items {
    sku: text header "Artikel"
    system_qty: decimal header "Soll-Menge"
    counted: decimal? header "Ist-Menge" handwritten
    until "Summe"
  }
}"""
PAGE = group_lines([Word(t, Box(x0, y0, x1, y1), 0, 0.99, "ppocr_rec") for t, x0, y0, x1, y1 in (
    ("Artikel", 0.06, 0.15, 0.12, 0.17), ("Soll-Menge", 0.66, 0.15, 0.74, 0.17),
    ("Ist-Menge", 0.79, 0.15, 0.86, 0.17), ("Summe", 0.06, 0.75, 0.11, 0.77))])
#: The column rulings: left of "Soll-Menge", between the two quantities, at the right.
RULED = Rulings((), tuple(Rule(x, 0.14, 0.74) for x in (0.65, 0.778, 0.95)))
#: A printed "2" set against the ruling, right of the end of "Soll-Menge".
PRINTED_TWO = Box(0.759, 0.632, 0.772, 0.648)


def _areas(registry, rulings=None):
    from formsift.core.routing import hint_areas

    (t,), diags = check_source(TEMPLATE, "count.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    where, _ = hint_areas(t, 0, 1, PAGE, PAGE, *([rulings] if rulings else []))
    return where


def test_the_ruling_between_the_columns_bounds_the_handwritten_columns_area(registry):
    (area,) = _areas(registry, RULED)
    assert not area.contains_center_of(PRINTED_TWO)
    assert area.contains_center_of(Box(0.80, 0.63, 0.81, 0.647))  # a count written in it
    assert area.x1 <= 0.95  # the table's right edge


def test_without_rulings_the_area_runs_between_the_headers(registry):
    (area,) = _areas(registry)
    assert area.x0 < 0.75 and area.x1 == 1.0
