"""A ``handwritten`` hint on a field of a ``group`` looks beside the group's labels, as a
field's hint does (stop 34's marks task, finding 3).

Where the hints of a template look (:func:`formsift.core.routing.hint_areas`) was worked
out from its fields and its tables' columns under their headers only. A group is a table
with no headers, so a hint on one of its fields gave no area at all, and the page was
routed as if a hint looked at the whole of it: every line the segmenter labelled
handwritten went to the handwriting recognizer, printed ones too (the other hints'
narrowing lost). A group field's hint now looks where the field is read: beside each
place its label is printed.
"""

from __future__ import annotations

from typing import Any

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.templates import check_source


def _lines(*words: tuple[str, float, float, float, float]) -> list[Any]:
    return group_lines([Word(t, Box(x0, y0, x1, y1), 0, 0.99, "ppocr_rec")
                        for t, x0, y0, x1, y1 in words])


#: A custody form's page: two transfer blocks ("Relinquished by: ... Date: ..."), a
#: printed sample table above them and a total line below
PAGE = _lines(("Sample", 0.10, 0.10, 0.17, 0.12), ("Matrix", 0.50, 0.10, 0.57, 0.12),
              ("Relinquished", 0.10, 0.40, 0.22, 0.42), ("by:", 0.225, 0.40, 0.25, 0.42),
              ("Date:", 0.60, 0.40, 0.65, 0.42),
              ("Relinquished", 0.10, 0.60, 0.22, 0.62), ("by:", 0.225, 0.60, 0.25, 0.62),
              ("Date:", 0.60, 0.60, 0.65, 0.62),
              ("Total", 0.10, 0.90, 0.15, 0.92))

_GROUP = '''  group transfers {
    field by: text = right of "Relinquished by:" handwritten
    field date: date? = right of "Date:"
  }'''


def _areas(registry: Any, body: str) -> Any:
    from formsift.core.routing import hint_areas

    (t,), diags = check_source("template t {\n" + body + "\n}", "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return hint_areas(t, 0, 1, PAGE, PAGE)


def test_a_group_fields_hint_looks_beside_each_of_its_labels(registry):
    got = _areas(registry, _GROUP)
    assert got is not None  # not the whole page
    where, labels = got
    assert len(where) == 2 and labels == []
    for area, y in zip(sorted(where, key=lambda a: a.y0), (0.40, 0.60), strict=True):
        assert area.x0 >= 0.24 and area.y0 < y and area.y1 > y + 0.02 and area.y1 < y + 0.06
    # the printed table and the total are no hinted area; nor the unhinted date
    for printed in (Box(0.10, 0.10, 0.17, 0.12), Box(0.10, 0.90, 0.15, 0.92)):
        assert not any(a.contains_center_of(printed) for a in where)


def test_a_group_hint_keeps_the_other_hints_areas(registry):
    """A template with a hinted field and a group whose hinted field is its second: the
    field's area and one beside each "Date:", not the whole page."""
    got = _areas(registry, '''  field total: text = right of "Total" handwritten
  group transfers {
    field by: text = right of "Relinquished by:"
    field date: date? = right of "Date:" handwritten
  }''')
    assert got is not None
    where, _ = got
    assert len(where) == 3
    assert sum(a.x0 >= 0.64 and a.y0 > 0.3 and a.y1 < 0.7 for a in where) == 2
    assert any(a.contains_center_of(Box(0.30, 0.90, 0.35, 0.92)) for a in where)
