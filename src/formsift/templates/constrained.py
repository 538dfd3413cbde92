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

A handwritten line the segmenter took for print was read by the printed recognizer (a
date on a phone photo, "28/11/26", read "28/V26"). In a ``handwritten`` field, the words
a printed recognizer read from the page's pixels are read again so too where the field
gave no value and they could be a misread value (:func:`like_a_misread_value`: a typed
"TBC" is no misread date or amount, and the handwriting recognizer reads print as some
number under a digits-only constraint), their line widened over the writing beside it
that recognizer left out
(its word ends at the last character it read), up to the side of the box it is written
in; and where it read a value with a doubt (a ``low_confidence`` or ``ambiguous`` reason,
or parsed leniently), the two readings are weighed: the same value takes the handwriting
recognizer's words and confidences (calibrated on handwriting), another value leaves the
field ``ambiguous``, its reason naming both (through the page's ``second_reading`` note,
:func:`formsift.templates.second_reading.judge`). A reading the printed one contradicts
digit for digit, or whose letter read surely it turns into a digit it does not look like
(:func:`_contradicts`), is taken no surer than 0.5. A text layer's words are never read
again.

The engine calls :func:`read_again` after a template's run, and runs the template again
when it changed a page's words or notes. Cost: only the words of hinted fields that did
not give a value or gave a doubted one (and of table cells that did not read) are read, one
recognizer call per page and constraint.
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
#: The reasons that doubt a value a printed recognizer read in a ``handwritten`` field:
#: its words are read again by the handwriting recognizer (:func:`_doubted`).
DOUBTS = frozenset({"low_confidence", "low_confidence_accepted", "ambiguous"})
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
    #: The value a printed recognizer read there with a doubt (:func:`_doubted`): kept,
    #: and compared with the constrained reading; None where no value was read.
    doubted: Any = None


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


def _theirs(words: list[Word], handwriting: set[str]) -> list[Word]:
    """Of the ``words`` where a ``handwritten`` field's value should be, those to read
    again: the handwriting recognizers' (``handwriting``); where there are none, the words
    a printed recognizer read from the page's pixels (a line the segmenter took for print:
    a handwritten date of a phone photo read '28/V26'), never a text layer's."""
    hand = [w for w in words if w.handwritten and w.source in handwriting]
    if hand:
        return hand
    printed = [w for w in words if w.recognized and not w.handwritten]
    return printed if like_a_misread_value(" ".join(w.text for w in printed)) else []


#: The digit each letter (or sign) a printed recognizer writes for a handwritten digit
#: stands for: its look-alike.
LOOK_ALIKES = {**dict.fromkeys("OoQD", "0"), **dict.fromkeys("Il|i!", "1"),
               **dict.fromkeys("Zz", "2"), **dict.fromkeys("Ss", "5"),
               **dict.fromkeys("Gb", "6"), "B": "8", **dict.fromkeys("gq", "9")}


def like_a_misread_value(text: str) -> bool:
    """Whether a printed recognizer's reading ``text`` could be a handwritten value it
    misread, and is worth reading again: it holds a digit and no word ("TBC", "Paid",
    "N/A", "see attached", "250pcs", "12kg" are none: three letters in a row, or a letter
    that is no digit's look-alike (:data:`LOOK_ALIKES`) beside another letter); such a
    letter only alone between digits or signs, once ('28/V26', a "11/" read as one
    letter; 'I/I/4' and '0u/12/s' are misread dates)."""
    chars = "".join(text.split())
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if not any(c.isdigit() for c in chars) or re.search(r"[^\W\d_]{3}", chars):
        return False
    odd = [i for i in letters if chars[i] not in LOOK_ALIKES]
    return len(odd) <= 1 and all(0 < i < len(chars) - 1 and not chars[i - 1].isalpha()
                                 and not chars[i + 1].isalpha() for i in odd)


def _doubted(template: M.CompiledTemplate, doc: Any, ex: Any
             ) -> dict[str, tuple[Any, list[Word]]]:
    """The handwritten single fields whose value a printed recognizer read (every word in
    its box read from the page's pixels, none as handwriting) with a doubt (a reason of
    :data:`DOUBTS`, or parsed leniently): per field, its value and those words."""
    from formsift.core.result import FieldValue

    doubts = {r.field for r in ex.reasons if r.code in DOUBTS}
    out: dict[str, tuple[Any, list[Word]]] = {}
    for name, spec in template.fields.items():
        fv = ex.fields.get(name)
        sig = ex.signals.get(name)
        if not spec.handwritten or spec.repeated or not isinstance(fv, FieldValue) \
                or fv.box is None or fv.page is None or not 0 < fv.page <= len(doc.pages) \
                or not (name in doubts or (sig is not None and sig.parse < 1.0)):
            continue
        box = Box(*fv.box)
        words = [w for w in doc.pages[fv.page - 1].words if box.contains_center_of(w.box)]
        if name not in doubts and _cut_from_currency(fv.raw, words):
            continue  # 'EUR12.00': only its currency left out, no doubt of the amount
        if words and all(w.recognized and not w.handwritten for w in words):
            out[name] = (fv, words)
    return out


def _cut_from_currency(raw: str, words: list[Word]) -> bool:
    """Whether a value read as ``raw`` was cut out of its ``words`` only from a currency
    written against it ('EUR12.00', 'Rs.250', '€12'): the value was parsed leniently for
    that alone (its share of the token), which is no doubt of what was read."""
    from formsift.plugins.fieldtypes.amounts import CODE_ALIASES, CURRENCY_CODES, CURRENCY_SYMBOLS

    whole, value = "".join(w.text for w in words), "".join(raw.split())
    if not value or value not in whole:
        return False
    rest = [p.strip(" :") for p in whole.split(value, 1) if p.strip(" :")]
    return len(rest) == 1 and (rest[0] in CURRENCY_SYMBOLS or rest[0] in CURRENCY_CODES
                               or rest[0] in CODE_ALIASES)


def worth_looking(template: M.CompiledTemplate, doc: Any) -> bool:
    """Whether :func:`places` may find anything to read again on ``doc``: a page holds
    words read as handwriting, or ``template`` has a single field hinted ``handwritten``
    and a page holds words a recognizer read from its pixels (a handwritten line the
    segmenter took for print may be the page's only handwriting). A template with no
    such field, on pages without handwriting, costs nothing more."""
    words = [w for p in doc.pages for w in p.words]
    if any(w.handwritten for w in words):
        return True
    return any(s.handwritten and not s.repeated for s in template.fields.values()) \
        and any(w.recognized for w in words)


def places(template: M.CompiledTemplate, doc: Any, ex: Any, handwriting: set[str]
           ) -> list[_Place]:
    """Where the handwritten fields that gave no value (:func:`_unread`) hold handwriting
    (words of the ``handwriting`` recognizers; where there are none, words a printed
    recognizer read from the page's pixels) that reads as no value of their type, and
    where a printed recognizer read a handwritten field's value with a doubt
    (:func:`_doubted`): per field and place its locator looks at, those words and the
    regions to read again."""
    from formsift.templates.locators import locate

    ctx = template.context
    beside = _Beside()
    out: list[_Place] = []
    taken: set[tuple[Any, ...]] = set()
    for name, (fv, words) in _doubted(template, doc, ex).items():
        constraint = constraint_of(template.fields[name])
        if constraint is None:
            continue
        page = doc.pages[fv.page - 1]
        taken.add((page.index, constraint, *(id(w) for w in words)))
        out.append(_Place(name, template.fields[name], constraint, page, words,
                          [_region(line.words, page) for line in group_lines(words)], fv))
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
            words = _theirs(cand.words, handwriting)
            if not words or _reads(spec.type, " ".join(w.text for w in cand.words), ctx):
                continue  # nothing read there, or what is there reads as a value
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


def _over_ink(image: Any, printed: list[_Place], page: Page) -> None:
    """Set the regions (one per line) the ``printed`` places of ``page`` (words a printed
    recognizer read) are read again in: each line's box widened over the writing beside it
    it did not read (:func:`formsift.plugins.handwriting.segment.grown_over_ink`, one
    measure of the page's ink for them all), with margins."""
    from formsift.plugins.handwriting.segment import grown_over_ink

    lines = [(p, ln) for p in printed for ln in group_lines(p.words)]
    if not lines:
        return
    boxes = grown_over_ink(image, [Box.enclosing([w.box for w in ln.words])
                                   for _, ln in lines], ACROSS_MARGIN)
    for p in printed:
        p.regions = [_region(ln.words, page, box, 0.0)
                     for (q, ln), box in zip(lines, boxes, strict=True) if q is p]


def _region(words: list[Word], page: Page, box: Box | None = None,
            margin: float = ACROSS_MARGIN) -> TextRegion:
    """The region a line's ``words`` are read again in: their box (or ``box``) with margins,
    ``margin`` of its height across (boxes are fractions of the page's width and height:
    ``page``'s shape turns one into the other)."""
    box = box or Box.enclosing([w.box for w in words])
    aspect = page.height / page.width if page.width > 0 and page.height > 0 else 1.0
    across, down = margin * box.height * aspect, DOWN_MARGIN * box.height
    return TextRegion(Box(max(0.0, box.x0 - across), max(0.0, box.y0 - down),
                          min(1.0, box.x1 + across), min(1.0, box.y1 + down)),
                      "handwritten", 1.0)


def read_again(template: M.CompiledTemplate, todo: list[_Place],
               recognizers: Sequence[Recognizer], image_of: Callable[[Page], Any]) -> bool:
    """Read again, with their field's constraint, the handwriting of the places
    :func:`places` found; a page's free words are replaced by the constrained ones where
    those read as a value of the field's type, whole (:func:`_weigh`), and a value a
    printed recognizer read with a doubt is weighed against its constrained reading
    (:func:`_second_reading`). ``recognizers``: the handwriting recognizers that read
    them; ``image_of(page)``: the image its words' boxes refer to. True when a page's
    words or notes changed (the template is to run again)."""
    from formsift.core import areas as A

    hand = [r for r in recognizers if getattr(r, "handwriting", False)]
    if not hand or not todo:
        return False
    changed = False
    for page in dict.fromkeys(p.page for p in todo):
        mine = [p for p in todo if p.page is page]
        groups: dict[Constraint, list[TextRegion]] = {}
        image = image_of(page)
        _over_ink(image, [p for p in mine if not all(w.handwritten for w in p.words)], page)
        for p in mine:
            groups.setdefault(p.constraint, []).extend(p.regions)
        read = A.read_groups(image, page, list((g, c) for c, g in groups.items()), hand)
        words, replaced = list(page.words), False
        notes = page.notes.setdefault("constrained", {"why": NOTE_WHY, "places": []})["places"]
        for p in mine:
            new = sorted((w for w in read if any(r.box.contains_center_of(w.box)
                                                 for r in p.regions)),
                         key=lambda w: (_line_of(w, p.regions), w.box.x0))
            note, put = _weigh(template, p, new, words)
            notes.append(note)
            if put is not None:
                words = [w for w in words if not any(w is x for x in p.words)] + put
                replaced = True
            changed = changed or replaced or note.get("same") is False
        if replaced:
            page.set_words(words)
    return changed


def _weigh(template: M.CompiledTemplate, p: _Place, new: list[Word], words: list[Word]
           ) -> tuple[dict[str, Any], list[Word] | None]:
    """What the constrained reading ``new`` of place ``p`` comes to, with ``words`` the
    page's words now: the note said of it, and the words that replace the place's (None:
    they stay). A reading that is no value of the type, whole, changes nothing. Where no
    value was read, it is taken; where a printed recognizer's reading of the line read a
    digit as another one (:func:`_contradicts`), no surer than
    :data:`~formsift.templates.confidence.DISAGREED`. A value a printed recognizer read
    with a doubt is read alike: the handwriting recognizer's words are taken, with its
    confidences (calibrated on handwriting, as the line's would have been had it been
    labelled so); read as another value, the first reading stays and the field is
    ``ambiguous`` (:func:`_second_reading`)."""
    free = " ".join(w.text for w in p.words)
    text = " ".join(w.text for w in new)
    whole = bool(new) and _reads_whole(p.spec.type, text, template.context, p.constraint)
    printed = not all(w.handwritten for w in p.words)
    note: dict[str, Any] = {"field": p.field, "free": free, "read": text,
                            "box": Box.enclosing([r.box for r in p.regions]).as_list(),
                            "recognizer": ",".join(sorted({w.source for w in new})) or None,
                            "kept": False}
    if printed:
        note["printed"] = True
    if not whole or not all(any(w is x for x in words) for w in p.words):
        return note, None
    if p.spec.type.value_kind == "money" and merges_groups(free, text):
        note["merged"] = True  # "1312 751100" read "1312751100": one amount of two?
        return note, None
    if p.doubted is not None:
        from formsift.templates.second_reading import verdict

        note["doubted"] = p.doubted.raw
        note["same"] = verdict(p.spec, p.doubted.value, text, template.context) > 0
        if not note["same"]:
            _second_reading(p.page, p.field, p.doubted, text, note["recognizer"])
            return note, None
    note["kept"] = True
    if printed and _contradicts(free, text, _sure_letters(p.words)):
        note["contradicted"] = True
        from formsift.templates.confidence import DISAGREED
        from formsift.templates.locators import no_surer

        return note, [no_surer(w, DISAGREED) for w in new]
    return note, new


def _contradicts(free: str, read: str, sure: frozenset[int] = frozenset()) -> bool:
    """Whether a printed recognizer's reading ``free`` of a line reads a digit where its
    constrained reading ``read`` reads another one, the two aligned character by
    character ("28/11/28b" against "28/11/26"; a character one of them left out or read
    as a sign, "28/V26" or "15//1/26" against "15/11/26", is none), or reads surely (its
    position, spaces aside, in ``sure``) a letter the constrained reading reads, one for
    one, as a digit it does not look like (:data:`LOOK_ALIKES`: "1A" against "14")."""
    from difflib import SequenceMatcher

    a, b = "".join(free.split()), "".join(read.split())
    for op, i0, i1, j0, j1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace":
            continue
        pairs = list(zip(range(i0, i1), b[j0:j1], strict=False))
        if any(a[i].isdigit() and y.isdigit() and a[i] != y for i, y in pairs):
            return True
        if i1 - i0 == j1 - j0 and any(
                i in sure and a[i].isalpha() and y.isdigit() and LOOK_ALIKES.get(a[i]) != y
                for i, y in pairs):
            return True
    return False


#: A gap between two digits (or their look-alikes) of a free reading.
_DIGIT_GAP = re.compile(r"(?<=[0-9" + "".join(LOOK_ALIKES) + r"])\s+(?=[0-9])")
#: The digits of a free reading, with the letters a recognizer writes for them.
_DIGIT_LIKE = frozenset("0123456789") | frozenset(LOOK_ALIKES)


def merges_groups(free: str, read: str) -> bool:
    """Whether the constrained reading ``read`` of an amount joins into one number two
    groups of digits the free reading ``free`` had apart ("1312 751100" read
    "1312751100": the cheque's "1312 75/100" with its slash read 1 and left out by a
    constraint without one), but a thousands group ("1 312.7S" read "1 312.75" or
    "1312.75": three digits after the gap, then no digit). Two groups of an amount may be
    its cents or another number: a value read so is doubtful, and the free reading stays
    (its field not read, to review). (A ``digits`` field's groups are one number written
    with a gap in the pen: "1159 6" read again under ``digits(5)`` is 11596.)"""
    for m in _DIGIT_GAP.finditer(free):
        group = free[m.end():m.end() + 4]
        if len(group) >= 3 and all(c in _DIGIT_LIKE for c in group[:3]) \
                and group[3:] not in _DIGIT_LIKE:
            continue  # "1 312", "I 3l2.7S": a thousands group
        seen = sum(c in _DIGIT_LIKE for c in free[:m.start()])
        digits = [i for i, c in enumerate(read) if c.isdigit()]
        if len(digits) > seen and digits[seen] == digits[seen - 1] + 1:
            return True  # the digit after the gap follows the one before it directly
    return False


#: A printed recognizer's character at least this sure is what it read.
SURE_LETTER = 0.9


def _sure_letters(words: list[Word]) -> frozenset[int]:
    """The positions (in the words' text joined, spaces aside) of the characters a
    printed recognizer read at :data:`SURE_LETTER` or more (a word without a confidence
    per character: its own)."""
    out: set[int] = set()
    at = 0
    for w in words:
        text = "".join(w.text.split())
        confs = w.char_confidences if len(w.char_confidences or ()) == len(text) \
            else (w.confidence,) * len(text)
        out.update(at + k for k, c in enumerate(confs) if c >= SURE_LETTER)
        at += len(text)
    return frozenset(out)


#: How the page's ``second_reading`` note says a doubted value was read again.
SECOND_VIEW = "by the handwriting recognizer, with the field type's constraint"
SECOND_WHY = ("a handwritten field's value a printed recognizer read with a doubt, read "
              "again by the handwriting recognizer with the field type's constraint")


def _second_reading(page: Page, field: str, value: Any, text: str,
                    recognizer: str | None) -> None:
    """The constrained reading ``text`` of a doubted ``value`` of ``field``, another value,
    kept in the page's second-reading note, which the template's run weighs
    (:func:`formsift.templates.second_reading.judge`): the field is ``ambiguous``, its
    reason naming both readings, its confidence no more than
    :data:`~formsift.templates.confidence.DISAGREED`."""
    from formsift.templates import second_reading as S

    note = page.notes.setdefault(S.NOTE, {"why": SECOND_WHY, "view": SECOND_VIEW,
                                          "values": []})
    note["values"].append({"field": field, "box": list(value.box), "first": value.raw,
                           "second": text, "by": recognizer})


def _line_of(word: Word, regions: list[TextRegion]) -> int:
    return next((i for i, r in enumerate(regions) if r.box.contains_center_of(word.box)), 0)
