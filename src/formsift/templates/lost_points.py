"""A handwritten number whose decimal point the recognizer left out, doubted in its cell.

Temperature-log journeys: a handwritten "1.5" in a ``decimal`` cell was read "15" at
0.886 and accepted where the template's review line was 0.85. The point reached the
handwriting model (it gave it some probability between the digits, less than the blank);
the model left it out, sure of both digits, so no confidence tells such a reading from a
right one. The cell's ink does: a small round blot on the digits' baseline between two of
them (:func:`formsift.handwriting.points.baseline_dot`) that the reading has no character
for. Such a cell reads two ways, with the point where the ink shows it and as read
("'15' (1.5 or 15)"): it goes to review as ``ambiguous`` unless a rule that ties the
column decides.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formsift.core.document import Document
    from formsift.core.kinds import ParseContext
    from formsift.templates import model as M
    from formsift.templates.locators import Candidate

#: The margin round a cell's words looked at for the point (a share of their height: the
#: recognizer's word box may end at the digits' last column).
MARGIN = 0.15


def doubt_lost_points(doc: Document, rows: list[dict[str, Candidate | None]],
                      spec: M.TableSpec, ctx: ParseContext) -> None:
    """Give each handwritten cell of a decimal or money column read as digits alone
    (two or more, no point, no rival yet) whose ink shows a point between its digits the
    reading with that point, the reading as read its rival (in place)."""
    from formsift.templates.tables import _note

    cols = [c for c in spec.columns
            if c.type.value_kind == "number" and c.type_name != "int"]
    pages = {p.index: p for p in doc.pages}
    for col in cols:
        for row in rows:
            cand = row.get(col.name)
            if cand is None or cand.rival is not None or not cand.words \
                    or not (col.handwritten or all(w.handwritten for w in cand.words)) \
                    or not re.fullmatch(r"\d{2,}", "".join(cand.raw.split())):
                continue
            dotted = _read_with_point(pages.get(cand.page), cand)
            if dotted is None:
                continue
            try:
                value = col.type.parse(dotted, ctx)
            except ValueError:
                continue
            if str(value) == str(cand.value):
                continue
            row[col.name] = replace(cand, value=value, rival=cand.value)
            _note(f"{col.name} {cand.raw!r}: a dot between its digits the reading left "
                  f"out, its decimal point ({value}, or {cand.value} as read)")


def _read_with_point(page: Any, cand: Candidate) -> str | None:
    """The cell's reading with the point its ink shows (:func:`with_point`), or None
    (no page image, no point)."""
    from formsift.core.geometry import Box
    from formsift.handwriting.points import with_point
    from formsift.templates.locators import IMAGE_DPI

    if page is None:
        return None
    try:
        image = page.shown_image(page.notes.get("image", {}).get("dpi") or IMAGE_DPI)
    except Exception:  # no image (a text layer's page, a broken renderer)
        return None
    h, w = image.shape[:2]
    box = Box.enclosing([wd.box for wd in cand.words])
    m = MARGIN * box.height
    x0, x1 = max(0, int((box.x0 - m * h / w) * w)), min(w, int((box.x1 + m * h / w) * w) + 1)
    y0, y1 = max(0, int((box.y0 - m) * h)), min(h, int((box.y1 + m) * h) + 1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return with_point(cand.raw, image[y0:y1, x0:x1])
