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

Each place the first field's label is printed (any of its ``or`` alternatives) starts a
record. A label belongs to the block it is printed in: on the line of a block's first label,
from that label rightwards (up to the next block's first label on the line); on the lines
under it (and the next pages), the nearest block above it whose column holds it, from a
little left of its first label to the first label of the next block printed to its right
(two columns of blocks side by side). The first label of another group's block (a
"Received by:" line under each transfer) ends a record. Each field is read beside the first
place its label is printed in the record (its ``or`` alternatives in turn), and only there:
a record whose own ``Date:`` is blank has no date, never the next label's value (the
receiver's date of the same transfer, or the next transfer's). A record with no value at all
(an unused transfer line of the form) is no row.

What could be lost is said: a label of the group printed again on a later line of a record
(a block whose first label was not read) starts a record of its own, which a reason names;
printed again on its line, its value is named. A value read on a page after its record's
first label (a block cut by a page break) is not taken surely, and a label at the place
another page prints it outside every block (a page header's "Date:") is nobody's.

The records are rows of a table named as the group: ``each transfers: ...``,
``count(transfers)``, ``first(transfers.date)`` read them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from formsift.core.document import Document, Line
from formsift.core.geometry import Box
from formsift.core.kinds import ParseContext
from formsift.core.result import Reason
from formsift.templates import model as M
from formsift.templates.labels import LabelHit, find_label, loose, normalize
from formsift.templates.locators import Anchor, Candidate, label_texts, relative_candidates
from formsift.util.safe_regex import compile_pattern

#: A label's places that count as the label printed: those read at least this share as
#: well as its best place on the page (not the same words inside a longer phrase read far
#: worse, "Date" of a table's "Date Collected" header beside a caption "Date:").
_SAME_LABEL = 0.8

#: How far left of its first label (in that label's heights) a block reaches on the lines
#: under it: "Date:" under the "2." of "2. Relinquished by:".
_REACH_LEFT = 2.0

#: At most this many records a group's labels printed again start (a bound on the work).
_MAX_ROUNDS = 50


@dataclass(frozen=True, eq=False)
class _Place:
    """Where a label is printed, in reading order."""

    page: int
    line: Line
    box: Box
    #: the line's place among the page's lines (0-based)
    index: int = 0

    def after(self, other: _Place) -> bool:
        """Whether this place comes at or after ``other`` in reading order: a later page,
        a line below ``other``'s, or ``other``'s line from its left edge on."""
        if self.page != other.page:
            return self.page > other.page
        if self.same_line(other):
            return self.box.x0 >= other.box.x0 - 1e-6
        return self.line.box.cy > other.line.box.cy

    def same_line(self, other: _Place) -> bool:
        """Whether the two places are on one line of a page."""
        return self.page == other.page and self.line.box.vertical_overlap(
            other.line.box) > 0.5

    def same_words(self, other: _Place) -> bool:
        return self.same_line(other) and self.box.intersection_area(other.box) > 0

    def where(self) -> str:
        """``page 1, line 4 'Date: 03 Dec 2026'``."""
        text = self.line.text
        text = text if len(text) <= 60 else text[:57] + "..."
        return f"page {self.page + 1}, line {self.index + 1} {text!r}"


def _reading_order(places: list[_Place]) -> list[_Place]:
    return sorted(places, key=functools.cmp_to_key(
        lambda a, b: 0 if a.after(b) and b.after(a) else 1 if a.after(b) else -1))


@dataclass
class _Start:
    """Where a block starts, and the column it holds on the lines under it."""

    place: _Place
    #: False: another group's block, which ends this group's record before it
    own: bool = True
    left: float = float("-inf")
    right: float = float("inf")
    #: a block whose first label was not read: the label printed a second time that
    #: starts it, and the record it was printed in (the start of that record)
    again: tuple[_Place, str, _Place] | None = None

    def holds(self, place: _Place) -> bool:
        """Whether ``place`` is in this block's reach (not whether a later block's)."""
        if not place.after(self.place):
            return False
        return place.same_line(self.place) or self.left <= place.box.x0 < self.right


def _reach(doc: Document, starts: list[_Start]) -> None:
    """The column of each of a group's blocks: from a little left of its first label
    (:data:`_REACH_LEFT`) to the left edge of the nearest block of the group printed to
    its right on the page, if any."""
    def margin(s: _Start) -> float:
        page = next(p for p in doc.pages if p.index == s.place.page)
        return _REACH_LEFT * s.place.box.height * page.height / max(page.width, 1e-9)

    for s in starts:
        s.left = s.place.box.x0 - margin(s)
        s.right = min((t.place.box.x0 - margin(t) for t in starts
                       if t.place.page == s.place.page
                       and t.place.box.x0 - margin(t) > s.place.box.x0),
                      default=float("inf"))


def _owner(place: _Place, starts: list[_Start]) -> int | None:
    """The block ``place`` is printed in: the last in reading order whose reach holds it."""
    best: int | None = None
    for k, s in enumerate(starts):
        if s.holds(place) and (best is None or s.place.after(starts[best].place)):
            best = k
    return best


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
        out += [(_Place(page.index, page.lines[h.line_index], h.box, h.line_index), h)
                for h in kept]
    order = _reading_order([p for p, _ in out])
    return sorted(out, key=lambda x: order.index(x[0]))


def _firsts(doc: Document, lead: M.FieldSpec) -> list[_Place]:
    """Every place the field ``lead``'s label is printed, any of its ``or`` alternatives
    (found on the same words, once), in reading order."""
    out: list[_Place] = []
    for loc in lead.locators:
        out += [p for p, _ in _places(doc, lead, loc) if not any(p.same_words(q) for q in out)]
    return _reading_order(out)


def _label_of(place: _Place, hit: LabelHit) -> str:
    return " ".join(w.text for w in place.line.words[hit.first:hit.last + 1])


def extract_group(doc: Document, spec: M.TableSpec, ctx: ParseContext,
                  labels: frozenset[str] = frozenset(), reasons: list[Reason] | None = None,
                  others: Sequence[M.TableSpec] = ()) -> list[dict[str, Candidate | None]]:
    """The records of a group (:class:`~formsift.templates.model.TableSpec` with
    ``group``), one row per place its first field's label is printed (see the module's
    docstring). ``labels``: the template's labels (its fields'; the group's own are
    added), which no value is; ``others``: the template's other groups, whose blocks end
    this one's records; ``reasons`` gets what the records could not place surely."""
    members = spec.group
    lead = members[0]
    labels = labels | label_texts(members)  # "Date:" is no value of "Received by:"
    own = _firsts(doc, lead)
    if not own:
        return []
    starts = [_Start(p) for p in own]
    _reach(doc, starts)
    for other in others:
        theirs = [_Start(p, own=False) for p in _firsts(doc, other.group[0])
                  if not any(p.same_words(q) for q in own)]
        _reach(doc, theirs)
        starts += theirs
    found = {m.name: [(order, loc, place, hit) for order, loc in enumerate(m.locators)
                      for place, hit in _places(doc, m, loc)] for m in members}
    header = _furniture(doc, found, starts)
    patterns = {m.name: compile_pattern(m.pattern.pattern, m.pattern.flags)
                if m.pattern else None for m in members}
    read: dict[tuple[str, int, int, int, int], list[Candidate]] = {}

    def value(member: M.FieldSpec, order: int, loc: M.LocatorSpec, place: _Place,
              hit: LabelHit) -> Candidate | None:
        key = (member.name, order, place.page, hit.line_index, hit.first)
        if key not in read:
            page = next(p for p in doc.pages if p.index == place.page)
            cands = relative_candidates(page.lines, hit, loc, member, ctx,
                                        patterns[member.name], loc.describe(),
                                        (1.0 - 0.05 * order) * hit.score, page, labels)
            # a blank "Received by:" followed by "Date: 03 Dec 2026": the next label
            # and its value, none of this field's
            read[key] = [c for c in cands if not _starts_with_label(c.raw, labels)]
        if not read[key]:
            return None  # blank beside its own label: no value, never the next one's
        best = max(read[key], key=lambda c: c.score)
        best.anchor = Anchor(place.page, hit.box, normalize(_label_of(place, hit)),
                             place.line.text)
        return best

    for _ in range(_MAX_ROUNDS):
        records = [k for k, s in enumerate(starts) if s.own]
        rows: dict[int, dict[str, Candidate | None]] = {k: {m.name: None for m in members}
                                                        for k in records}
        taken: dict[tuple[int, str], _Place] = {}
        twice: list[tuple[int, M.FieldSpec, _Place, LabelHit, Candidate]] = []
        for member in members:
            owners = [(order, loc, place, hit, _owner(place, starts))
                      for order, loc, place, hit in found[member.name]
                      if id(place) not in header]
            for k in records:
                mine = [(o, loc, p, h) for o, loc, p, h, at in owners if at == k]
                first = min(mine, key=lambda x: x[0], default=None)  # earlier alternative
                if first is None:
                    continue
                taken[(k, member.name)] = first[2]
                rows[k][member.name] = value(member, *first)
                for o, loc, p, h in mine:  # the label printed again in the record
                    if not p.same_words(first[2]) and p.after(first[2]) \
                            and (c := value(member, o, loc, p, h)) is not None:
                        twice.append((k, member, p, h, c))
        again = [t for t in twice if not t[2].same_line(taken[(t[0], t[1].name)])]
        added = False
        for k in dict.fromkeys(t[0] for t in again):  # the first label printed again
            _, member, p, h, _c = min((t for t in again if t[0] == k),
                                      key=functools.cmp_to_key(
                                          lambda a, b: 1 if a[2].after(b[2]) else -1))
            s = starts[k]
            line = p.line.box
            start = _Place(p.page, p.line, Box(s.left, line.y0, s.left, line.y1), p.index)
            starts.append(_Start(start, True, s.left, s.right,
                                 (p, _label_of(p, h), s.place)))
            added = True
        if not added:
            break
    kept = [k for k in sorted(rows, key=functools.cmp_to_key(
        lambda a, b: 1 if starts[a].place.after(starts[b].place) else -1))
        if any(c is not None for c in rows[k].values())]
    if reasons is not None:
        reasons += _doubts(spec, starts, kept, rows, taken, twice)
    return [rows[k] for k in kept]


def _furniture(doc: Document, found: dict[str, list[tuple[int, M.LocatorSpec, _Place, Any]]],
               starts: list[_Start]) -> set[int]:
    """The places of the group's labels printed where another page prints the same label
    outside every block (before the first one: a page header's "Date: 01 Dec 2026"),
    which are the page's, no block's (ids of the places)."""
    out: set[int] = set()
    if len(doc.pages) < 2:
        return out
    for places in found.values():
        outside = [p for _o, _l, p, _h in places if _owner(p, starts) is None]
        for _o, _l, p, _h in places:
            h = p.box.height
            if any(o.page != p.page and abs(o.box.x0 - p.box.x0) <= h
                   and abs(o.box.y0 - p.box.y0) <= h for o in outside):
                out.add(id(p))
    return out


def _doubts(spec: M.TableSpec, starts: list[_Start], kept: list[int],
            rows: dict[int, dict[str, Candidate | None]], taken: dict[tuple[int, str], _Place],
            twice: list[tuple[int, M.FieldSpec, _Place, LabelHit, Candidate]]
            ) -> list[Reason]:
    """What the records could not place surely: a record started by a label printed again
    (its first label not read), a value beside a label printed twice on a line of one
    record (in no record), a value read on a page after its record's first label."""
    out: list[Reason] = []
    lead = spec.group[0]
    first = " or ".join(f'"{x}"' for loc in lead.locators for x in loc.label
                        if isinstance(x, str)) or lead.name
    why = (f"a block whose {first} was not read, or a block of another kind (a group of "
           f"its own reads it)")
    row = {k: i for i, k in enumerate(kept)}
    for k in kept:
        again = starts[k].again
        if again is not None:
            place, label, record = again
            out.append(Reason(code="field_missing", field=f"{spec.name}.{lead.name}",
                              rows=[row[k]], message=(
                f"row {row[k] + 1} of group '{spec.name}' has no '{lead.name}': it starts "
                f"where {label!r} is printed a second time in the block of "
                f"{record.where()} ({place.where()}): {why}")))
        for (at, name), place in taken.items():
            c = rows[k].get(name)
            if at == k and c is not None and place.page > starts[k].place.page:
                out.append(Reason(code="ambiguous", field=f"{spec.name}.{name}",
                                  rows=[row[k]], message=(
                    f"row {row[k] + 1} of group '{spec.name}': '{name}' {c.raw!r} is read "
                    f"on page {place.page + 1} ({place.where()}), its block starting on page "
                    f"{starts[k].place.page + 1}: a block cut by a page break, or a label "
                    f"that page prints above its blocks (a header's)")))
    for k, member, place, _hit, c in twice:
        if k in row and place.same_line(taken[(k, member.name)]):
            out.append(Reason(code="ambiguous", field=f"{spec.name}.{member.name}",
                              rows=[row[k]], message=(
                f"row {row[k] + 1} of group '{spec.name}' prints the label of "
                f"'{member.name}' twice on a line ({place.where()}): {c.raw!r} beside the "
                f"second one is in no record: {why}")))
    return out


def _starts_with_label(raw: Any, labels: frozenset[str]) -> bool:
    """Whether text ``raw`` starts with a label of the template and its colon ("Date: 03
    Dec 2026", "Received by: K. Lee")."""
    words = str(raw).split()
    for k, word in enumerate(words[:4]):
        if word.endswith(":"):
            return loose(" ".join(words[:k + 1])) in labels
    return False


def group_of(spec: Any) -> bool:
    """Whether a table spec is a group's."""
    return bool(getattr(spec, "group", None))
