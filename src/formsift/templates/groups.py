"""Groups: a block of labelled values a form prints again and again down the page, read as
a list of records (custody journey F7).

A chain-of-custody form prints "Relinquished by: ... Date: ... Time: ..." once per
transfer, a multi-signature approval block "Approved by / Date" once per approver. A
field ``right of "Date:"`` then has one candidate per block and no way to say which
block it means. A group names the block once::

    group transfers {
      field by:   text = right of "Relinquished by:"
      field date: date = right of "Date:"
      field time: time = right of "Time:"
    }

Each place the first field's label is printed starts a record, which runs in reading order
(pages, then lines top to bottom, then left to right on a line) up to the next such place.
Each field is read beside the first place its label is printed in the record (its ``or``
alternatives in turn), and only there: a record whose own ``Date:`` is blank has no date,
never the next label's value (the receiver's date of the same transfer, or the next
transfer's). A record with no value at all (an unused transfer line of the form) is no row.
The records are rows of a table named as the group: ``each transfers: ...``,
``count(transfers)``, ``first(transfers.date)`` read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from formsift.core.document import Document, Line
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.templates import model as M
from formsift.templates.labels import LabelHit, find_label, loose, normalize
from formsift.templates.locators import Anchor, Candidate, _relative, label_texts
from formsift.util.safe_regex import compile_pattern

#: A label's places that count as the label printed: those read at least this share as
#: well as its best place on the page (not the same words inside a longer phrase read far
#: worse, "Date" of a table's "Date Collected" header beside a caption "Date:").
_SAME_LABEL = 0.8


@dataclass(frozen=True)
class _Place:
    """Where a label is printed, in reading order."""

    page: int
    line: Line
    box: Box

    def after(self, other: _Place) -> bool:
        """Whether this place comes at or after ``other`` in reading order: a later page,
        a line below ``other``'s, or ``other``'s line from its left edge on."""
        if self.page != other.page:
            return self.page > other.page
        if _same_line(self.line.box, other.line.box):
            return self.box.x0 >= other.box.x0 - 1e-6
        return self.line.box.cy > other.line.box.cy

    def key(self) -> tuple[int, float, float]:
        return self.page, self.line.box.cy, self.box.x0


def _same_line(a: Box, b: Box) -> bool:
    """Whether two lines stand at one height (overlapping by half the lower one's height)."""
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _places(doc: Document, spec: M.FieldSpec, loc: M.LocatorSpec
            ) -> list[tuple[_Place, LabelHit]]:
    """Every place ``loc``'s label is printed on the pages ``spec`` looks at, in reading
    order (two alternatives found on the same words count once)."""
    out: list[tuple[_Place, LabelHit]] = []
    count = M.scope_count(doc)
    for page in doc.pages:
        if not spec.pages.includes(page.index, count):
            continue
        hits = find_label(page, loc.label)
        if not hits:
            continue
        best = hits[0].score
        kept: list[LabelHit] = []
        for h in hits:
            if h.score >= _SAME_LABEL * best and not any(
                    k.line_index == h.line_index and k.box.intersection_area(h.box) > 0
                    for k in kept):
                kept.append(h)
        out += [(_Place(page.index, page.lines[h.line_index], h.box), h) for h in kept]
    return sorted(out, key=lambda x: x[0].key())


def extract_group(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                  labels: frozenset[str] = frozenset()) -> list[dict[str, Candidate | None]]:
    """The records of a group (:class:`~formsift.templates.model.TableSpec` with
    ``group``), one row per place its first field's label is printed. ``labels``: the
    template's labels (its fields'; the group's own are added), which no value is."""
    members = spec.group
    lead = members[0]
    labels = labels | label_texts(members)  # "Date:" is no value of "Received by:"
    starts = [p for p, _ in _places(doc, lead, lead.locators[0])]
    if not starts:
        return []
    rows: list[dict[str, Candidate | None]] = [{m.name: None for m in members}
                                               for _ in starts]

    def record(place: _Place) -> int | None:
        """The record ``place`` lies in: the last start at or before it."""
        at = None
        for i, s in enumerate(starts):
            if place.after(s):
                at = i
        return at

    for member in members:
        pattern = compile_pattern(member.pattern.pattern, member.pattern.flags) \
            if member.pattern else None
        decided: set[int] = set()
        for order, loc in enumerate(member.locators):
            weight = 1.0 - 0.05 * order
            firsts: dict[int, tuple[_Place, LabelHit]] = {}
            for place, hit in _places(doc, member, loc):
                i = record(place)
                if i is not None and i not in decided and i not in firsts:
                    firsts[i] = (place, hit)  # the record's first place of the label
            for i, (place, hit) in firsts.items():
                decided.add(i)
                page = doc.pages[place.page]
                found = _relative(page.lines, hit, loc, member, ctx, pattern,
                                  loc.describe(), weight * hit.score, page, labels)
                # a blank "Received by:" followed by "Date: 03 Dec 2026": the next label
                # and its value, none of this field's
                found = [c for c in found if not _starts_with_label(c.raw, labels)]
                if not found:
                    continue  # blank beside its own label: no value, never the next one's
                best = max(found, key=lambda c: c.score)
                best.anchor = Anchor(place.page, hit.box, normalize(" ".join(
                    w.text for w in place.line.words[hit.first:hit.last + 1])),
                    " ".join(w.text for w in place.line.words))
                rows[i][member.name] = best
    return [row for row in rows if any(c is not None for c in row.values())]


def _starts_with_label(raw: Any, labels: frozenset[str]) -> bool:
    """Whether text ``raw`` starts with a label of the template ending in a colon."""
    words = str(raw).split()
    return bool(words) and words[0].endswith(":") and loose(words[0]) in labels


def group_of(spec: Any) -> bool:
    """Whether a table spec is a group's."""
    return bool(getattr(spec, "group", None))
