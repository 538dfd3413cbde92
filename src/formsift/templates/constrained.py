"""Handwritten values read again with their field's type, on the whole page.

A page is read before anyone knows what its handwriting holds: a handwritten date's
slashes read as ones ("07/14119 91"), a time's colon lost ("1759"). Once a template has
run, the place of each ``handwritten`` field's value is known (the text its locator found
beside the label), and so is the field's type: where the handwriting found there does not
read as a value of the type, its lines are read again by the handwriting recognizer with
the type's constraint (:meth:`FieldType.constraint`: its alphabet, and its pattern through
a beam search), as region-first extraction reads a ``box(...)`` field
(:func:`formsift.core.areas.read`). The constrained reading replaces the free one only when
it reads as a value of the type, whole (and matches the constraint's pattern, when it has
one); otherwise the free reading stays. The words keep their recognizer as their source,
their boxes and their calibrated confidences (a character the constraint changed gets the
line's weakest), and the page's ``constrained`` note lists each place read again.

Table cells are read again so too: a cell whose handwriting did not read as its column's
type (a count "3" read "N" under an ``int`` column, a time "16:05" read "16-05") is read
again with the column type's constraint, in place (the cell's words, collected by
:func:`formsift.templates.tables.unread_cells`). A value found so is a reading of the
recognizer like any other, with its confidences (never more sure than the same reading of
a single field); a cell still unreadable stays blank and is named, as before.

The engine calls :func:`read_again` after a template's run, and runs the template again
when it changed a page's words. Cost: only handwritten words of hinted fields that did not
give a value (and of table cells that did not read) are read, one recognizer call per page
and constraint.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from formsift.core.document import Page, Word, group_lines
from formsift.core.geometry import Box
from formsift.core.kinds import Constraint, FieldType, ParseContext, Recognizer, TextRegion
from formsift.templates import model as M

#: The margin added around the handwritten words of a line to make the region read again,
#: as a share of the line's height: across (about one character, which the words' boxes
#: may have cut off) and along its height.
ACROSS_MARGIN = 0.5
DOWN_MARGIN = 0.1
#: Places (label occurrences) of one field looked at, best first.
MAX_PLACES = 5
#: What the page's ``constrained`` note is about.
NOTE_WHY = ("handwriting where a handwritten field's value did not read, read again with "
            "the field type's constraint; kept where it reads as a value of the type")


class _Beside(FieldType):
    """Any text: the type a field is located with to find the words its locator looks at,
    whatever they read as."""

    name = "text beside"
    value_kind = "text"

    def parse(self, raw: str, ctx: ParseContext) -> str:
        text = " ".join(raw.split())
        if not text:
            raise ValueError("empty text")
        return text


@dataclass
class _Place:
    """The handwritten words where a field's value should be, and the regions (one per
    line) they are read again in."""

    field: str  # a field's name, or a table cell's "table.column"
    spec: M.FieldSpec | M.ColumnSpec
    constraint: Constraint
    page: Page
    words: list[Word]
    regions: list[TextRegion]


def constraint_of(spec: M.FieldSpec | M.ColumnSpec) -> Constraint | None:
    """The constraint a ``handwritten`` field's value (or a table cell's) is read again
    with: its type's (as for a ``box(...)`` field), none for a field with its own pattern,
    an image type or a type that allows anything."""
    if getattr(spec, "pattern", None) is not None or spec.type is None \
            or spec.type.reads_image:
        return None
    constraint = spec.type.constraint()
    if constraint is None or not (constraint.alphabet or constraint.pattern):
        return None
    return constraint


def _unread(template: M.CompiledTemplate, ex: Any) -> list[str]:
    """The handwritten single fields that gave no value, or whose text where a value was
    expected did not read (an ``invalid_value`` reason)."""
    invalid = {r.field for r in ex.reasons if r.code == "invalid_value"}
    out = []
    for name, spec in template.fields.items():
        value = ex.fields.get(name)
        if not spec.handwritten or spec.repeated or isinstance(value, list):
            continue
        if value is None or name in invalid:
            out.append(name)
    return out


def _reads_whole(ftype: FieldType, text: str, ctx: ParseContext,
                 constraint: Constraint | None = None) -> bool:
    """Whether ``text`` is a value of ``ftype`` and nothing more (and matches the
    constraint's pattern in full, when it has one, or the type reads it as a value that
    does: an IBAN read in its groups, ``FRI4 2004 ...`` with the look-alike its type puts
    right, is the compact ``FR1420041010...`` the pattern of the IBAN formats matches)."""
    from formsift.util.safe_regex import fullmatches

    text = text.strip()
    if not text:
        return False
    try:
        found = ftype.find(text, ctx)
    except Exception:  # a type's regex running out of time: no value read
        return False
    whole = [f for f in found if not text[:f.start].strip() and not text[f.end:].strip()]
    if not whole or constraint is None or not constraint.pattern:
        return bool(whole)
    return fullmatches(constraint.pattern, text) or any(
        isinstance(f.value, str) and fullmatches(constraint.pattern, f.value) for f in whole)


def _reads(ftype: FieldType, text: str, ctx: ParseContext) -> bool:
    """Whether ``text`` needs no reading again: it reads as a value of ``ftype``, or it is
    a number of another shape (:func:`wrong_shape`), which the constraint would only read
    into another value."""
    if wrong_shape(ftype, text):
        return True
    try:
        return bool(ftype.find(text, ctx))
    except Exception:
        return False


#: A point or a comma after a digit, inside a reading ("0045.127", "12.5", "0045./27").
_MARK_INSIDE = re.compile(r"[0-9][.,](?=.)")


def wrong_shape(ftype: FieldType, free: str) -> bool:
    """Whether a free reading ``free`` is well-formed text of the wrong shape for
    ``ftype``, not a misreading: a number with a point or a comma between digits, where
    ``ftype`` is a number (``digits``: "holds a point or a comma"; ``int``: a fraction) or
    its constraint reads no point or comma (an ``id(/[0-9]{7}/)``: its pattern does not take
    the text with its mark). A reading under the
    constraint would drop the mark the free reading saw and take another value
    ("0045.127" as 0045127, "12.5" as 125): it is not read again, and its field stays
    ``invalid_value``. So too where a character beside the mark is a look-alike
    ("0045./27"): the mark was seen. Look-alike characters alone ("0045/27") are read
    again, and so is a date ("14.071991": the date's constraint reads points)."""
    from formsift.util.safe_regex import fullmatches

    text = "".join(free.split())
    if _MARK_INSIDE.search(text) is None or any(c.isalpha() for c in text):
        return False
    if ftype.value_kind in ("number", "money"):
        return True
    constraint = ftype.constraint()
    if constraint is None:
        return False
    if constraint.alphabet:
        return not set(".,") & set(constraint.alphabet)
    return bool(constraint.pattern) and not fullmatches(constraint.pattern, text)


def places(template: M.CompiledTemplate, doc: Any, ex: Any, handwriting: set[str]
           ) -> list[_Place]:
    """Where the handwritten fields that gave no value (:func:`_unread`) hold handwriting
    (words of the ``handwriting`` recognizers) that reads as no value of their type: per
    field and place its locator looks at, those words and the regions to read again."""
    from formsift.templates.locators import locate

    ctx = template.context
    beside = _Beside()
    out: list[_Place] = []
    taken: set[tuple[Any, ...]] = set()
    for name in _unread(template, ex):
        spec = template.fields[name]
        constraint = constraint_of(spec)
        if constraint is None:
            continue
        loose = dataclasses.replace(spec, type=beside, pattern=None, combine=None,
                                    default=None)
        try:
            cands = locate(doc, loose, ctx, template.regions)[:MAX_PLACES]
        except Exception:  # a locator's regex running out of time: nothing to read again
            continue
        for cand in cands:
            words = [w for w in cand.words if w.handwritten and w.source in handwriting]
            if not words or _reads(spec.type, " ".join(w.text for w in cand.words), ctx):
                continue  # no handwriting there, or what is there reads as a value
            key = (cand.page, constraint, *(id(w) for w in words))
            if key in taken:  # (the same words beside two fields' labels: read once)
                continue
            taken.add(key)
            page = doc.pages[cand.page]
            out.append(_Place(name, spec, constraint, page, words,
                              [_region(line.words, page) for line in group_lines(words)]))
    return out + _cells(template, doc, handwriting, taken)


def _cells(template: M.CompiledTemplate, doc: Any, handwriting: set[str],
           taken: set[tuple[Any, ...]]) -> list[_Place]:
    """The table cells whose handwriting (words of the ``handwriting`` recognizers) did
    not read as their column's type, and that were left without a value: per cell, its
    handwritten words and the regions to read again (the tables are read once more, which
    takes milliseconds, to collect them: :func:`~formsift.templates.tables.unread_cells`).
    """
    from formsift.templates.tables import extract_table, unread_cells

    ctx = template.context
    tables = [t for t in template.tables.values()
              if not t.row_sets and any(constraint_of(c) is not None for c in t.columns)]
    out: list[_Place] = []
    for tspec in tables:
        with unread_cells() as book:
            try:
                extract_table(doc, tspec, ctx, template.regions, template.normalize,
                              template.functions)
            except Exception:  # a regex running out of time: nothing to read again
                continue
        for col, cell in book.get(tspec.name, []):
            constraint = constraint_of(col)
            words = [w for w in cell if w.handwritten and w.source in handwriting]
            if constraint is None or not words or not (
                    col.handwritten or all(w.handwritten for w in cell)):
                continue  # printed, or print and a stray mark: not the recognizer's to read
            if wrong_shape(col.type, " ".join(w.text for w in cell)):
                continue  # a number with a point or a comma: read again, another number
            key = (words[0].page, constraint, *(id(w) for w in words))
            if key in taken:
                continue
            taken.add(key)
            page = next((p for p in doc.pages if p.index == words[0].page), None)
            if page is None:
                continue
            out.append(_Place(f"{tspec.name}.{col.name}", col, constraint, page, words,
                              [_region(line.words, page) for line in group_lines(words)]))
    return out


def _region(words: list[Word], page: Page) -> TextRegion:
    """The region a line's ``words`` are read again in: their box with margins (boxes are
    fractions of the page's width and height: ``page``'s shape turns one into the other)."""
    box = Box.enclosing([w.box for w in words])
    aspect = page.height / page.width if page.width > 0 and page.height > 0 else 1.0
    across, down = ACROSS_MARGIN * box.height * aspect, DOWN_MARGIN * box.height
    return TextRegion(Box(max(0.0, box.x0 - across), max(0.0, box.y0 - down),
                          min(1.0, box.x1 + across), min(1.0, box.y1 + down)),
                      "handwritten", 1.0)


def read_again(template: M.CompiledTemplate, todo: list[_Place],
               recognizers: Sequence[Recognizer], image_of: Callable[[Page], Any]) -> bool:
    """Read again, with their field's constraint, the handwriting of the places
    :func:`places` found; a page's free words are replaced by the constrained ones where
    those read as a value of the field's type, whole. ``recognizers``: the handwriting
    recognizers that read them; ``image_of(page)``: the image its words' boxes refer to.
    True when a page's words changed (the template is to run again)."""
    from formsift.core import areas as A

    hand = [r for r in recognizers if getattr(r, "handwriting", False)]
    if not hand or not todo:
        return False
    changed = False
    for page in dict.fromkeys(p.page for p in todo):
        mine_changed = False
        mine = [p for p in todo if p.page is page]
        groups: dict[Constraint, list[TextRegion]] = {}
        for p in mine:
            groups.setdefault(p.constraint, []).extend(p.regions)
        read = A.read_groups(image_of(page), page, list((g, c) for c, g in groups.items()),
                             hand)
        words = list(page.words)
        notes = page.notes.setdefault("constrained", {"why": NOTE_WHY, "places": []})["places"]
        for p in mine:
            new = sorted((w for w in read if any(r.box.contains_center_of(w.box)
                                                 for r in p.regions)),
                         key=lambda w: (_line_of(w, p.regions), w.box.x0))
            free = " ".join(w.text for w in p.words)
            text = " ".join(w.text for w in new)
            kept = bool(new) and _reads_whole(p.spec.type, text, template.context,
                                              p.constraint) and \
                all(any(w is x for x in words) for w in p.words)
            notes.append({"field": p.field, "free": free, "read": text,
                          "box": Box.enclosing([r.box for r in p.regions]).as_list(),
                          "recognizer": ",".join(sorted({w.source for w in new})) or None,
                          "kept": kept})
            if kept:
                words = [w for w in words if not any(w is x for x in p.words)] + new
                mine_changed = True
        if mine_changed:
            page.set_words(words)
            changed = True
    return changed


def _line_of(word: Word, regions: list[TextRegion]) -> int:
    return next((i for i, r in enumerate(regions) if r.box.contains_center_of(word.box)), 0)
