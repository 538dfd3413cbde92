"""A handwritten number whose decimal point the recognizer left out, doubted.

Temperature-log journeys: a handwritten "1.5" in a ``decimal`` cell was read "15" at
0.886 and accepted where the template's review line was 0.85; a motor claim's
handwritten "1225.00" ``money`` field was read 122500 and accepted. The point reached the
handwriting model; the model left it out, sure of the digits, so no confidence tells such
a reading from a right one. Two signals do:

- the ink: a small round blot on the digits' baseline between two of them
  (:func:`formsift.handwriting.points.baseline_dot`) that the reading has no character
  for;
- the model itself: a "." or "," it gave some probability at a step between two digits
  and left out (:func:`formsift.handwriting.points.points_heard`, kept in the page's
  notes by the ``crnn`` recognizer).

Either one makes the value read two ways, as read and with the point ("'15' (15 or
1.5)"): the value stays as read, the reading with the point its rival. A table cell goes
to review as ``ambiguous`` unless an equation that ties the column to other values
decides (:func:`doubt_lost_points`); a single field likewise
(:func:`doubt_lost_point_fields`). An inequality (``cost <= limit``) settles nothing: it
does not choose the reading with the point. A ``money`` value's
point goes before its currency's decimals (two for GBP: "122500" is 122500 or 1225.00),
and only where a signal puts it exactly there; a currency without decimals (JPY) has no
point to lose. The model's signal counts only the locale's decimal mark (a "," heard in
en_GB's "1,250" is a thousands separator); the ink's only a filled, round blot, where
the ink has one piece per digit read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from formsift.core.result import Reason

if TYPE_CHECKING:
    from formsift.core.document import Document
    from formsift.core.kinds import ParseContext
    from formsift.templates import model as M
    from formsift.templates.locators import Candidate

#: The margin round a value's words looked at for the point (a share of their height: the
#: recognizer's word box may end at the digits' last column).
MARGIN = 0.15
#: The model's point counts from this probability between two digits (below, a point it
#: heard is noise as often as not: measured on generated log sheets,
#: benchmarks/bench_handwritten_cells.py --signals).
HEARD = 0.05
#: Which signals doubt a reading ("ink", "model"); the benchmark sets it to measure each.
SIGNALS = frozenset({"ink", "model"})
#: The types whose handwritten readings are checked for a point left out (a percentage's
#: "12.5%" loses its point as a decimal's does).
KINDS = ("decimal", "money", "percent")


def doubt_lost_points(doc: Document, rows: list[dict[str, Candidate | None]],
                      spec: M.TableSpec, ctx: ParseContext) -> None:
    """Give each handwritten cell of a decimal, money or percent column read as digits alone
    (two or more, no point, no rival yet) whose ink or model shows a point between its
    digits the reading with that point, the reading as read its rival (in place)."""
    from formsift.templates.tables import _note

    pages = {p.index: p for p in doc.pages}
    for col in spec.columns:
        if col.type_name not in KINDS:
            continue
        for row in rows:
            cand = row.get(col.name)
            if cand is None or cand.rival is not None \
                    or not _doubtable(cand, col.handwritten):
                continue
            value = point_value(pages.get(cand.page), cand, col.type, ctx)
            if value is None:
                continue
            row[col.name] = replace(cand, rival=value)
            _note(f"{col.name} {cand.raw!r}: a dot between its digits the reading left "
                  f"out, its decimal point ({cand.value} as read, or {value})")


def doubt_lost_point_fields(template: Any, doc: Document, chosen: dict[str, Any],
                            cands: dict[str, list[Candidate]], tables: dict[str, Any]
                            ) -> list[Reason]:
    """For each single handwritten ``decimal``/``money``/``percent`` field of ``chosen`` read as
    digits alone whose ink or model shows a point between them: the value stays as read,
    the reading with the point its rival, and an ``ambiguous`` reason names both, unless
    an equation of an error rule tying the field to other values (:func:`_holds`) holds
    for one reading only, which is then taken without a reason (``chosen``, and the
    field's ``cands``, are changed in place: the reading as read is no other candidate of
    its own). An inequality (``cost <= limit``) or a check against fixed values holds
    for either reading alike and settles nothing; the rules are evaluated on the value as
    read."""
    pages = {p.index: p for p in doc.pages}
    out = []
    for name, spec in template.fields.items():
        cand = chosen.get(name)
        if spec.repeated or spec.type_name not in KINDS or cand is None \
                or not hasattr(cand, "words") or cand.rival is not None \
                or not _doubtable(cand, spec.handwritten):
            continue
        value = point_value(pages.get(cand.page), cand, spec.type, template.context)
        if value is None:
            continue
        dotted = replace(cand, value=value, rival=cand.value)
        held = [_holds(template, chosen, tables, name, c) for c in (dotted, cand)]
        if held == [False, True]:
            continue
        taken = dotted if held == [True, False] else replace(cand, rival=value)
        chosen[name] = taken
        cands[name] = [taken if c is cand else c for c in cands.get(name, [])]
        if taken is not dotted:
            out.append(Reason(code="ambiguous", field=name, message=(
                f"'{name}' '{cand.raw}' reads {cand.value} or {value}: a dot between its "
                f"handwritten digits the reading left out, its decimal point or not; no "
                f"equation decides")))
    return out


def _doubtable(cand: Candidate, handwritten: bool) -> bool:
    """Whether ``cand`` is a handwritten reading of two digits or more, and nothing else
    (no point, comma or sign)."""
    return bool(cand.words) and (handwritten or all(w.handwritten for w in cand.words)) \
        and re.fullmatch(r"\d{2,}", "".join(cand.raw.split())) is not None


def _holds(template: Any, chosen: dict[str, Any], tables: dict[str, Any], name: str,
           cand: Candidate) -> bool | None:
    """Whether the error rules holding an equation between field ``name`` and other
    values (:func:`formsift.templates.runtime._ties`: ``cost == sum(items.amount)``; not
    an inequality, not a check against fixed values: they tell no reading apart) all
    hold with ``cand`` its value; None when there are none, or one cannot be
    evaluated."""
    from formsift.templates.runtime import _check, _scope, _ties

    rules = [r for r in template.rules if r.severity == "error" and r.each is None
             and not r.per_page and _ties(r, name, None)]
    if not rules:
        return None
    scope = _scope(template, {**chosen, name: cand}, tables)
    results = [_check(r, scope) for r in rules]
    return None if None in results else all(results)


def point_value(page: Any, cand: Candidate, ftype: Any, ctx: ParseContext) -> Any:
    """The value of ``cand`` (a reading of digits alone) read with the decimal point its
    ink or the model shows (:func:`point_place`), or None (no point shown, or the type
    does not read it so)."""
    digits = "".join(cand.raw.split())
    at = point_place(page, cand, digits, ctx.locale.decimal)
    if at is not None and ftype.name == "money":
        at = _money_place(at, digits, ftype, ctx)
    if at is None or not 0 < at < len(digits):
        return None
    try:
        value = ftype.parse(f"{digits[:at]}{ctx.locale.decimal}{digits[at:]}", ctx)
    except ValueError:
        return None
    return None if str(value) == str(cand.value) else value


def point_place(page: Any, cand: Candidate, digits: str, mark: str = ".") -> int | None:
    """How many of ``digits`` (``cand``'s reading) come before the decimal point its
    model heard (the most probable ``mark``, the locale's decimal mark, at least
    :data:`HEARD`: the other mark is a thousands separator), else its ink shows
    (:func:`formsift.handwriting.points.ink_place`); None when neither does."""
    from formsift.handwriting.points import heard_in

    if "model" in SIGNALS and page is not None:
        heard = [h for h in heard_in(page, cand.words) if h.p >= HEARD and h.mark == mark]
        if heard:
            return max(heard, key=lambda h: h.p).at
    if "ink" in SIGNALS:
        return _ink_place(page, cand, digits)
    return None


def _money_place(at: int, digits: str, ftype: Any, ctx: ParseContext) -> int | None:
    """Where a money amount's point goes: before its decimals (the type's ``decimals``,
    else its currency's, else two), when the signal put it exactly there; None for a
    currency without decimals, or a point elsewhere (in a 3-4 digit amount, one digit off
    the pence place is every gap there is)."""
    from formsift.util.currencies import minor_units

    decimals = getattr(ftype.options, "decimals", None)
    if decimals is None:
        code = getattr(ftype.options, "currency", None) or ctx.currency
        decimals = minor_units().get(code or "", 2)
    place = len(digits) - decimals
    return place if decimals and at == place else None


def _ink_place(page: Any, cand: Candidate, digits: str) -> int | None:
    """Where the ink of the value's words shows a point (:func:`ink_place`), or None (no
    page image, no point)."""
    from formsift.core.geometry import Box
    from formsift.handwriting.points import ink_place
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
    return ink_place(digits, image[y0:y1, x0:x1])
