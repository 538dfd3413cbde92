"""Running a compiled template on a document: locate, choose among candidates with the
rules, validate, score confidence and route to a status."""

from __future__ import annotations

import contextlib
import itertools
import re
import weakref
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any

from formsift.core.document import Document
from formsift.core.geometry import Box
from formsift.core.reasons import by_action, routes
from formsift.core.result import EarlierRecord, FieldValue, Reason, RuleOutcome, Status
from formsift.grammar import ast as A
from formsift.grammar.hints import no_rows_form
from formsift.templates import check_digits
from formsift.templates.accepted import note_accepted
from formsift.templates.confidence import (
    UNSURE_CHARACTER,
    UNSURE_TEXT_CHARACTER,
    Signals,
    ceiling,
    combine,
    recognition,
)
from formsift.templates.decimal_marks import reads_previous, settle_marks
from formsift.templates.groups import extract_group
from formsift.templates.locators import UNREAD_DIGITS, Candidate, label_texts, locate
from formsift.templates.locators import a_or_an as _a
from formsift.templates.locators import anchored as _anchored
from formsift.templates.lost_points import doubt_lost_point_fields
from formsift.templates.model import (
    CompiledTemplate,
    FieldSpec,
    PolicySpec,
    RuleSpec,
    scope_count,
)
from formsift.templates.rules import (
    LAST_SEEN,
    LOOKUP,
    MEMBERSHIP,
    PREVIOUS,
    SEEN_BEFORE,
    SPECIAL,
    MapLookup,
    MissingValue,
    NoPreviousRow,
    RuleEvalError,
    Scope,
    evaluate,
    page_index,
    pages_of,
    rests_on_missing,
    said_may_be_empty,
)
from formsift.templates.shared_symbols import FAMILY as _FAMILY
from formsift.templates.shared_symbols import name_shared_currencies
from formsift.templates.struck_values import struck_cells, struck_fields
from formsift.templates.tables import (
    GIVEN,
    HEADER_MISREAD,
    INKED,
    LEFT_ABOVE,
    LEFT_UNDER,
    Row,
    extract_table,
    looks_numeric,
)
from formsift.util.currencies import expected_currency, mismatched_currency
from formsift.util.safe_regex import RegexTimeout

#: Fields under this confidence send a record to review unless the template says otherwise.
DEFAULT_MIN_CONFIDENCE = 0.5
#: ... and fields and columns the template marks ``handwritten`` under this one: their
#: confidence is the share of such readings that are right (the handwriting calibration
#: tables), and under 0.7 a reading is wrong one time in three or more (digit strings
#: read 0.5 to 0.7 were right 55% of the time: benchmarks/calibrate_handwriting.py
#: --digits); a meter reading misread '7494784' at 0.50 and an SSN at 0.69 were accepted
#: under 0.5 (meters and HR journeys).
HANDWRITTEN_MIN_CONFIDENCE = 0.7
#: A rival candidate scoring at least this share of the chosen one's score, with another
#: value and no passed rule to decide, makes a field ambiguous (a reason for review).
AMBIGUOUS_RATIO = 0.95
_MAX_COMBINATIONS = 243
_TOP_K = 3


@dataclass
class Extraction:
    """Everything a template run found, chosen and decided (the engine makes a result of it)."""

    fields: dict[str, FieldValue | list[FieldValue] | None]
    tables: dict[str, list[dict[str, FieldValue | None]]]
    rules: list[RuleOutcome]
    status: Status
    reasons: list[Reason]
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    #: The evidence behind each single field's confidence (for calibration and explain).
    signals: dict[str, Signals] = field(default_factory=dict)


def in_document_marks(template: CompiledTemplate, doc: Document) -> CompiledTemplate:
    """``template`` reading numbers with the decimal mark the document's own numbers show
    (:func:`~formsift.plugins.fieldtypes.amounts.document_marks`: "7.122,750 KGS" on a
    page says the comma is its decimal mark, so its "30,250 CBM" is 30.25, not 30250,
    under en_GB), where it differs from the template's locale; as it is where the
    template states ``decimal`` or ``thousands``, or the document shows no convention or
    both."""
    import dataclasses

    from formsift.plugins.fieldtypes.amounts import document_marks

    locale = template.context.locale
    if template.marks_stated:
        return template
    marks = _document_marks(doc, document_marks)
    if marks is None or marks[0] == locale.decimal:
        return template
    context = dataclasses.replace(template.context, locale=locale.with_overrides(
        decimal=marks[0], thousands=marks[1]))
    return dataclasses.replace(template, context=context)


#: What a document's numbers show of its marks (each function of its text below), kept
#: while its pages' lines are the ones read: every template run on a document asks
#: (classification and near-ties run several templates on one document), and each read
#: the document's whole text again.
_MARKS: weakref.WeakKeyDictionary[Document, tuple[list[Any], dict[str, Any]]] = \
    weakref.WeakKeyDictionary()


def _of_text(doc: Document, fn: Callable[[str], Any]) -> Any:
    """``fn(doc.text)``, worked out once per document and function, and again only when a
    page's words were set since (``Page.set_words``: its lines are made anew) or its pages
    changed."""
    lines = [page.lines for page in doc.pages]
    kept = _MARKS.get(doc)
    if kept is None or len(kept[0]) != len(lines) \
            or not all(a is b for a, b in zip(kept[0], lines, strict=True)):
        kept = (lines, {})
        _MARKS[doc] = kept
    key = f"{fn.__module__}.{fn.__qualname__}"
    if key not in kept[1]:
        kept[1][key] = fn(doc.text)
    return kept[1][key]


def _document_marks(doc: Document, document_marks: Callable[[str], tuple[str, str] | None]
                    ) -> tuple[str, str] | None:
    """``document_marks(doc.text)``, once per document (:func:`_of_text`)."""
    return _of_text(doc, document_marks)


def run(template: CompiledTemplate, doc: Document) -> Extraction:
    template = in_document_marks(template, doc)
    if not any(w.recognized for page in doc.pages for w in page.words):
        # every letter from a text layer: none is put right as an OCR look-alike
        template = replace(template, context=replace(template.context, recognized=False))
    ctx = template.context
    cands: dict[str, list[Candidate]] = {}
    reasons: list[Reason] = []
    misses: dict[str, list[str]] = {}
    misfits: dict[str, list[str]] = {}
    labels = label_texts(template.fields.values())
    for name, spec in template.fields.items():
        timeouts: list[str] = []
        misses[name], misfits[name] = [], []
        cands[name] = [c for c in locate(doc, spec, ctx, template.regions, template.normalize,
                                         timeouts, misses[name], misfits[name], labels=labels)
                       if not _put_right_in_print(c, spec.type, ctx)]
        reasons += [Reason(code="regex_timeout", field=name, message=m) for m in timeouts]
    template = _no_default_where_unread(template, misfits)
    tables: dict[str, list[Row]] = {}
    unread: dict[str, list[dict[str, str]]] = {}
    headless: dict[str, set[str]] = {}
    for name, tspec in template.tables.items():
        if tspec.group:  # a block of labelled fields printed again and again: its records
            tables[name] = extract_group(doc, tspec, ctx, labels, reasons, [
                t for t in template.tables.values() if t.group and t is not tspec])
            continue
        try:
            tables[name] = extract_table(doc, tspec, ctx, template.regions, template.normalize,
                                         template.functions, unread.setdefault(name, []),
                                         headless.setdefault(name, set()))
        except RegexTimeout as exc:
            tables[name] = []
            reasons.append(Reason(code="regex_timeout", field=name,
                                  message=f"table '{name}': {exc}"))
    reasons += _copied_blocks(doc, template, cands)
    undecided: dict[str, list[Any]] = {}
    chosen = _choose(template, cands, tables, undecided)
    reasons += doubt_lost_point_fields(template, doc, chosen, cands, tables)
    name_shared_currencies(template, chosen, tables, doc)
    cell_choices = _choose_cells(template, chosen, tables)
    mark_doubts = settle_marks(template, doc, chosen, tables, cell_choices.chose)
    outcomes, problems = _evaluate_rules(template, chosen, tables, scope_count(doc))
    outcomes = [o.model_copy(update={"message": "; ".join(
        x for x in (o.message, cell_choices.chose[o.name]) if x)})
        if o.passed is True and o.name in cell_choices.chose else o for o in outcomes]
    reasons += problems
    reasons += _ambiguous_cells(template, tables, outcomes, cell_choices)
    signals: dict[str, Signals] = {}
    fields = _field_values(template, chosen, cands, outcomes, signals,
                           _refuted(template, chosen, cands, tables), tables)
    from formsift.templates import second_reading  # (it imports this module's kin)

    reasons += second_reading.judge(template, doc, fields, signals)
    reasons += struck_fields(template, doc, chosen, cands, fields)  # cancelled by hand
    columns = {name: {c.name: c for c in spec.columns}
               for name, spec in template.tables.items()}
    table_values = {
        name: [{col: (_fv(c, combine(signals_of(
            c, columns[name][col].type, ctx,
            handwritten=columns[name][col].handwritten))) if c else None)
                for col, c in row.items()} for row in rows]
        for name, rows in tables.items()
    }
    reasons += struck_cells(template, doc, tables, table_values)  # a cell struck by hand
    outcomes = _suspects(template, outcomes, tables, table_values)
    reasons += _undecided_reasons(template, fields, undecided)
    reasons += _date_order_reasons(template, fields, doc, table_values)
    reasons += mark_doubts  # (decimal_marks.settle_marks)
    reasons += _invalid_values(template, fields, misfits)
    outcomes = _invalid_not_missing(outcomes, misfits, fields)
    reasons += _unsure_cells(template, table_values, outcomes, chosen, tables)
    status, reasons = _route(template, fields, table_values, outcomes, cands, signals, reasons,
                             misses, unread, headless)
    reasons = _lines_left(template, fields, cands, reasons, doc)
    return Extraction(fields, table_values, outcomes, status, reasons, cands, signals)


def _no_default_where_unread(template: CompiledTemplate, misfits: dict[str, list[str]]
                             ) -> CompiledTemplate:
    """``template`` without the ``default`` of each field whose place held writing that gave
    no value (``misfits``: handwriting the type refused, printed digits that did not read,
    a comb an amount is not read from): a default is for a blank box, not for a value that
    could not be read. Such a field stays without a value, its ``invalid_value`` reason
    said, and no rule is computed on the default (a VAT return's unread box 86 took
    ``000``, and ``b87 == b86 * 0.07`` failed on it; two unread boxes of a pair passed)."""
    unread = {n for n, notes in misfits.items()
              if notes and template.fields[n].default is not None}
    if not unread:
        return template
    return replace(template, fields={n: replace(s, default=None) if n in unread else s
                                     for n, s in template.fields.items()})


def _lines_left(template: CompiledTemplate, fields: dict[str, Any],
                cands: dict[str, list[Candidate]], reasons: list[Reason],
                doc: Document | None = None) -> list[Reason]:
    """The reason of a text field read ``in REGION`` (or a box) that took one line of the
    region while others there read as text too (a remark box's second and third lines),
    or read ``below`` a label one line of a paragraph that goes on under it
    (:func:`_lines_under`), says so, and how to read them all (``text(multiline=true)``):
    the rest was left silently (field service journey, finding F3)."""
    out = list(reasons)
    labels = label_texts(template.fields.values())
    for name, spec in template.fields.items():
        fv = fields.get(name)
        if spec.repeated or spec.pattern is not None or not isinstance(fv, FieldValue) \
                or spec.type.value_kind != "text" or spec.type.multiline or fv.box is None:
            continue
        at = next((i for i, r in enumerate(out) if r.field == name), None)
        if at is None:
            continue
        if fv.locator.startswith("below ") and doc is not None and fv.page is not None \
                and fv.page <= len(doc.pages):
            under = _lines_under(doc.pages[fv.page - 1].lines, fv.box, labels)
            if under:
                out[at] = out[at].model_copy(update={"message": out[at].message + (
                    f"; '{name}' took one line ({fv.locator}) of a text that goes on under "
                    f"it for {len(under)} more line{'s' if len(under) > 1 else ''} "
                    f"({_shown(under[0], quoted=True)}{', ...' if len(under) > 1 else ''}): "
                    f"text(multiline=true) reads them with it")})
            continue
        if not fv.locator.startswith(("in ", "box(")):
            continue
        y0, y1 = fv.box[1], fv.box[3]
        left = [c for c in cands.get(name, []) if c.locator == fv.locator and c.box
                and c.page + 1 == fv.page and str(c.value) != str(fv.value)
                and (c.box.y0 >= y1 - 0.25 * (y1 - y0) or c.box.y1 <= y0 + 0.25 * (y1 - y0))]
        if not left:
            continue
        more = len({round(c.box.y0, 3) for c in left if c.box})
        fix = ("text(multiline=true) reads every line of it" if spec.type.name == "text"
               else "a field of type text(multiline=true) reads every line of it")
        note = (f"; '{name}' took one line of its area ({fv.locator}), which holds {more} "
                f"more line{'s' if more > 1 else ''} it did not take "
                f"({_shown(left[0].value, quoted=True)}{', ...' if len(left) > 1 else ''}): {fix}")
        out[at] = out[at].model_copy(update={"message": out[at].message + note})
    return out


def _lines_under(lines: list[Any], box: list[float], labels: frozenset[str]) -> list[str]:
    """The texts of the lines that go on under a value read in ``box`` (its page's
    ``lines``): each starting within the value's width, at most one and a half line's
    height under the one before, up to a line that starts with a label of the template
    (``labels``, loose) or a caption ending in a colon."""
    from formsift.templates.labels import loose

    x0, x1, bottom, height = box[0], box[2], box[3], box[3] - box[1]
    out = []
    for line in sorted(lines, key=lambda ln: ln.box.y0):
        if line.box.y0 < bottom - 0.5 * height:
            continue
        if line.box.y0 - bottom > 1.5 * height:
            break
        words = [w for w in line.words if x0 - height <= w.box.x0 <= x1]
        if not words:  # (another column's line)
            continue
        start = loose(" ".join(w.text for w in line.words))
        if any(start.startswith(x) for x in labels) or any(
                w.text.endswith(":") for w in words[:2]):
            break
        out.append(" ".join(w.text for w in words))
        bottom = max(w.box.y1 for w in words)
    return out


#: At most this many cells a failed rule over a table column names as the ones to
#: recheck first.
_MAX_SUSPECTS = 3
#: ... and at most this many of its blank cells (where a value lost adds nothing).
_MAX_BLANKS = 5


def _suspects(template: CompiledTemplate, outcomes: list[RuleOutcome],
              tables: dict[str, list[Row]], table_values: dict[str, list[dict[str, Any]]]
              ) -> list[RuleOutcome]:
    """A failed rule over a table's column as a whole (``sum(items.counted) ==
    page_total``), which names no row, with the cells of that column to recheck first:
    those read two ways, read by the print recognizer in a column the template says is
    handwritten, or less surely than a plain reading (under the confidence perfect
    evidence gives, a little margin apart), the most doubtful first, at most
    :data:`_MAX_SUSPECTS`, each with its reading and confidence; and its blank cells (a
    value the recognizer lost adds nothing to a sum: a lone "1" read as no stroke), unless
    there are no doubted cells and many blanks (a rent roll's vacant units). A reviewer
    told only "493 against 593" had to recheck every row (stock-take journey, finding
    2)."""
    bar = combine(Signals()) - 0.02
    rules = {r.name: r for r in template.rules}
    out = []
    for o in outcomes:
        rule = rules.get(o.name)
        if o.passed is not False or rule is None or rule.each is not None:
            out.append(o)
            continue
        columns = list(dict.fromkeys(
            (r.name.text, r.attr.text) for r in A.walk(rule.expr)
            if isinstance(r, A.Ref) and r.attr is not None and r.part is None
            and r.name.text in template.tables and r.name.text in tables))
        found: list[tuple[tuple[bool, float], str]] = []
        blank: list[str] = []
        for t, col in columns:
            spec = next((c for c in template.tables[t].columns if c.name == col), None)
            if spec is None:
                continue
            where = "" if len(columns) == 1 else f" of {t}.{col}"
            for i, (row, values) in enumerate(zip(tables[t], table_values.get(t, []),
                                                  strict=False)):
                c, fv = row.get(col), values.get(col)
                if c is None or fv is None:
                    blank.append(f"{i + 1}{where}")
                    continue
                if c.locator == "default":
                    continue
                why = []
                if c.rival is not None:
                    why.append(f"read {_shown(c.value)} or {_shown(c.rival)}")
                if spec.handwritten and c.words and not all(w.handwritten for w in c.words) \
                        and any(w.recognized for w in c.words):
                    why.append("read as print in a handwritten column")
                if not why and fv.confidence >= bar:
                    continue
                why.append(f"confidence {fv.confidence:.2f}")
                found.append(((c.rival is None, fv.confidence),
                              f"row {i + 1}{where} {c.raw!r} ({', '.join(why)})"))
        said = []
        if found:
            found.sort(key=lambda x: x[0])
            more = len(found) - _MAX_SUSPECTS
            said.append("cells to recheck first: "
                        + "; ".join(s for _, s in found[:_MAX_SUSPECTS])
                        + (f"; and {more} more read less surely" if more > 0 else ""))
        if blank and (found or len(blank) <= _MAX_BLANKS):
            said.append(f"blank: row{'s' if len(blank) > 1 else ''} "
                        f"{', '.join(blank[:_MAX_BLANKS])}"
                        + (" ..." if len(blank) > _MAX_BLANKS else ""))
        out.append(o.model_copy(update={"message": "; ".join([o.message, *said])})
                   if said else o)
    return out


def _invalid_values(template: CompiledTemplate, fields: dict[str, Any],
                    misfits: dict[str, list[str]]) -> list[Reason]:
    """An ``invalid_value`` reason per field for which the document holds a value of the
    type's shape that fails its check (an IBAN with wrong check digits) where the template
    looks: when no valid value was found (the field is missing), and also when one was,
    elsewhere: the bank's own IBAN in a form's footer must not stand in for the customer's
    mistyped one."""
    out = []
    for name, notes in misfits.items():
        fv = fields.get(name)
        if isinstance(fv, FieldValue) and fv.locator != "default":
            # digits that did not read matter only where nothing else was read: "Total"
            # in a sentence beside the total's own label is no doubt about it
            notes = [n for n in notes if UNREAD_DIGITS not in n]
        if not notes:
            continue
        taken = (f"; the value taken, {fv.raw!r}, comes from another place"
                 if isinstance(fv, FieldValue) and fv.raw else "")
        out.append(Reason(code="invalid_value", field=name,
                          message=f"'{name}' {'; '.join(notes[:2])}{taken}"))
    return out


def _invalid_not_missing(outcomes: list[RuleOutcome], misfits: dict[str, list[str]],
                         fields: dict[str, Any]) -> list[RuleOutcome]:
    """Rules not evaluated for want of a field whose value is there but fails its type's
    check (an IBAN with wrong check digits) say so, not that the field is missing."""
    bad = {n: notes[0] for n, notes in misfits.items() if notes and fields.get(n) is None}
    out = []
    for o in outcomes:
        name = next((n for n in bad if o.message == f"not evaluated: {n} is missing"), None)
        if o.passed is None and name is not None:
            o = o.model_copy(update={"message": f"not evaluated: {name} is invalid "
                                                f"({bad[name]})"})
        out.append(o)
    return out


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})\s*$")


def _copied_blocks(doc: Document, template: CompiledTemplate,
                   cands: dict[str, list[Candidate]]) -> list[Reason]:
    """A ``several_documents`` reason per page that prints the template's labels twice,
    as a block and its copy, with other values (two payslips printed 2-up): the fields'
    candidates hold both documents' values, and rules would pick a mix of them (see
    :func:`~formsift.templates.splitting.copied_blocks`). The fields combined ``first``
    or ``last`` are then read again beside the label their best value stands by, and
    where a gutter parts documents side by side (three receipts on one scan), every field
    keeps the candidates left of it only, so that the record (in review) is the first
    document's, not a mix."""
    from formsift.templates.splitting import copied_blocks

    copies = [c for c in copied_blocks(template, cands, doc) if c.differ]
    timeouts: list[str] = []  # (those of the first reading are reasons already)
    if copies:
        ctx = template.context
        for name, spec in template.fields.items():
            if spec.combine in ("first", "last"):
                cands[name] = locate(doc, spec, ctx, template.regions, template.normalize,
                                     timeouts, one_place=True,
                                     labels=label_texts(template.fields.values()))
    for copy in copies:
        for name, found in cands.items():
            cands[name] = [c for c in found if copy.in_first(c)]
    return [Reason(code="several_documents", message=c.message(template.name))
            for c in copies]


def _numeric_date(fv: Any) -> tuple[int, int, str, Any] | None:
    m = _NUMERIC_DATE.match(fv.raw or "") if isinstance(fv, FieldValue) else None
    return (int(m.group(1)), int(m.group(2)), fv.raw, fv.value) if m else None


def _date_order_reasons(template: CompiledTemplate, fields: dict[str, Any],
                        doc: Document | None = None,
                        tables: dict[str, list[dict[str, Any]]] | None = None) -> list[Reason]:
    """An ``ambiguous`` reason for a numeric date read in one order (03/04/2024 as 4 March)
    when another date of the same record can only be read the other way (13/04/2024 is
    day first): the document does not write dates as they were read here. (A table's
    date columns are read in one order where a cell shows it, see
    :func:`~formsift.templates.tables.extract_table`; where none does, a column counts
    here as one date, its first cell, for the US documents of :func:`_dollar_dates`.)"""
    numeric: dict[str, tuple[int, int, str, Any]] = {}
    for name, spec in template.fields.items():
        if spec.type.value_kind == "date" and (found := _numeric_date(fields.get(name))):
            numeric[name] = found
    # a table's date columns: a cell that reads one way only proves the document's order
    # for the fields too; a column none of whose cells does is one date here
    proofs: list[tuple[int, int, str, Any]] = []
    columns: dict[str, tuple[int, int, str, Any]] = {}
    for name, rows in (tables or {}).items():
        for col in template.tables[name].columns:
            cells = [c for row in rows if (c := _numeric_date(row.get(col.name)))]
            proofs += [c for c in cells if c[0] > 12 or c[1] > 12]
            if cells and all(a <= 12 and b <= 12 for a, b, _, _ in cells):
                columns[f"{name}.{col.name}"] = cells[0]
    stated = _stated_order_reasons(template, numeric)
    dated = [*numeric.values(), *proofs]
    day_first = [raw for a, b, raw, _ in dated if a > 12 >= b]
    month_first = [raw for a, b, raw, _ in dated if b > 12 >= a]
    if not day_first and not month_first:
        return _dollar_dates(template, fields, {**numeric, **columns}, doc)
    if day_first and month_first:  # the document mixes both
        return stated
    written, proof = ("day first", day_first[0]) if day_first else ("month first",
                                                                     month_first[0])
    out = []
    for name, (a, b, raw, value) in numeric.items():
        if a > 12 or b > 12 or a == b or not hasattr(value, "day"):
            continue
        read_day_first = (value.day, value.month) == (a, b)
        if read_day_first != (written == "day first"):
            out.append(Reason(code="ambiguous", field=name, message=(
                f"'{name}' ({raw}) was read {'day' if read_day_first else 'month'} first, "
                f"but this document writes dates {written} ({proof})")))
    # a date that shows the other order sends the record to review itself only when no
    # date read in the template's order is doubted already (whose reason names it)
    return out or stated


def _stated_order_reasons(template: CompiledTemplate,
                          numeric: dict[str, tuple[int, int, str, Any]]) -> list[Reason]:
    """An ``ambiguous`` reason for a numeric date that reads only in the other order than
    the template states (``date_order "DMY"``: ``07/23/1988`` is 23 July only month
    first): the value may be right, but the writer does not write dates as the template
    says, and their other dates (``07/08/2025``) may be read wrongly; never sure."""
    order = template.context.locale.date_order
    if not template.date_order_stated or order not in ("DMY", "MDY"):
        return []
    first, other = ("day", "month") if order == "DMY" else ("month", "day")
    out = []
    for name, (a, b, raw, value) in numeric.items():
        day, month = (a, b) if order == "DMY" else (b, a)
        if month > 12 >= day and hasattr(value, "day"):
            out.append(Reason(code="ambiguous", field=name, message=(
                f"'{name}' ({raw}) reads only {other} first ({value:%d %B %Y}), but the "
                f"template says dates are written {first} first (date_order \"{order}\"): "
                f"the writer may write every date {other} first")))
    return out


#: A US address: a state's two-letter code and a ZIP code ("Austin, TX 78701"), or a
#: North American telephone number written as in the US and Canada ("(512) 555-0199").
_US_ADDRESS = re.compile(
    r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|"
    r"RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\.?\s+\d{5}(?:-\d{4})?\b"
    r"|\(\d{3}\)\s?\d{3}-\d{4}\b")


def _dollar_dates(template: CompiledTemplate, fields: dict[str, Any],
                  numeric: dict[str, tuple[int, int, str, Any]],
                  doc: Document | None = None) -> list[Reason]:
    """An ``ambiguous`` reason for a numeric date that reads both ways (04/01/26), read
    day first because the template does not say how its dates are written, on a record
    whose amounts are in US dollars, or of a document with a US address or a North American
    telephone number: a generic template (a receipt from any shop) reads a US receipt's
    1 April as 4 January. Slashes only: US dates are not written with dots. (A "$" is
    also Australia's, and a Canadian receipt may write dates either way: those go to review
    as well.) Under a locale of a country that writes dates both ways (en_CA, fr_CA:
    :attr:`~formsift.core.locale.Locale.both_orders`), or on a record whose amounts are in
    Canadian dollars, every such date, with a slash or a dash."""
    locale = template.context.locale
    if template.date_order_stated or locale.date_order != "DMY":
        return []
    currencies = {getattr(fv.value, "currency", None) for name, fv in fields.items()
                  if isinstance(fv, FieldValue) and name in template.fields
                  and template.fields[name].type.value_kind == "money"}
    canadian = locale.both_orders or "CAD" in currencies
    both = [(name, raw) for name, (a, b, raw, value) in numeric.items()
            if a <= 12 and b <= 12 and a != b and hasattr(value, "day")
            and ("/" in raw or (canadian and "-" in raw))]
    if not both:
        return []
    if canadian:
        whose = (f"of the template's locale ({locale.tag})" if locale.both_orders
                 else "in Canadian dollars")
        return [Reason(code="ambiguous", field=name, message=(
            f"'{name}' ({raw}) reads both ways and was read day first: documents {whose} "
            f"write dates both day first and month first, and nothing in this one shows "
            f"which; state the order with date_order"))
            for name, raw in both]
    if "USD" in currencies:
        why = "the amounts are in US dollars"
    else:
        found = next((m for page in (doc.pages if doc is not None else [])
                      if (m := _US_ADDRESS.search(page.text))), None)
        if found is None:
            return []
        why = f"the document has a North American address or telephone number ({found[0]})"
    return [Reason(code="ambiguous", field=name, message=(
        f"'{name}' ({raw}) was read day first (the template does not say how its dates "
        f"are written), but {why}, where dates are mostly written month first"))
        for name, raw in both]


def _ambiguous_cells(template: CompiledTemplate, tables: dict[str, list[Row]],
                     outcomes: list[RuleOutcome], choices: CellChoices | None = None
                     ) -> list[Reason]:
    """An ``ambiguous`` reason per table column with cells that read two ways as likely
    (``Candidate.rival``: "1 250,00" in de_DE), unless an error rule that ties that column
    to other values (``sum(items.amount) == net``, ``each items: amount == qty * price``)
    decided for the reading taken: it holds for it and fails for the other
    (:func:`_choose_cells`). A rule on the column alone (``amount > 0``), a warning, or a
    rule that holds for both readings does not. The reason names the rules that tie the
    column and why they did not decide."""
    if choices is None:
        return _column_reasons(
            template, tables, outcomes, "ambiguous", "reads two ways and no rule decides",
            lambda c, _t, _c: f"'{c.raw}' ({c.value} or {c.rival})"
            if c is not None and c.rival is not None else None)
    out = _column_reasons(
        template, tables, [], "ambiguous", "reads two ways and no rule decides",
        lambda c, _t, _c: f"'{c.raw}' ({c.value} or {c.rival})"
        if c is not None and c.rival is not None and id(c) not in choices.settled else None)
    return [r.model_copy(update={"message": f"{r.message}; {choices.why[r.field]}"})
            if r.field in choices.why else r for r in out]


def _unsure_cells(template: CompiledTemplate, tables: dict[str, list[dict[str, Any]]],
                  outcomes: list[RuleOutcome], chosen: dict[str, Any] | None = None,
                  rows: dict[str, list[Row]] | None = None) -> list[Reason]:
    """A ``low_confidence`` reason per table column with cells under
    :data:`DEFAULT_MIN_CONFIDENCE` (a quantity the recognizer could hardly read), or
    :data:`HANDWRITTEN_MIN_CONFIDENCE` in a column marked handwritten, as for a field;
    unless an error rule that ties the column to other values passed (as for
    :func:`_ambiguous_cells`). With the values as read (``chosen``, ``rows``), an
    ``each`` rule that would hold on a cell's row whatever the cell read
    (:func:`_holds_changed`) vouches for nothing about that cell (code read r2)."""
    hand = {(t, c.name) for t, spec in template.tables.items() for c in spec.columns
            if c.handwritten}
    types = {(t, c.name): c.type for t, spec in template.tables.items()
             for c in spec.columns}

    def unsure(fv: Any, t: str, c: str) -> str | None:
        if not isinstance(fv, FieldValue) or fv.confidence >= (
                HANDWRITTEN_MIN_CONFIDENCE if (t, c) in hand else DEFAULT_MIN_CONFIDENCE):
            return None
        put_right = misreading(fv.raw, fv.value, types.get((t, c)), template.context)
        return f"{fv.raw!r} (confidence {fv.confidence:.2f}" + (
            f"; {put_right}, a misreading put right; check it)" if put_right else ")")

    if chosen is None or rows is None:
        return _column_reasons(template, tables, outcomes, "low_confidence",
                               "has cells read with low confidence", unsure)
    read, scope = rows, _Lazy(lambda: _scope(template, chosen, read))

    def checks(rule: RuleSpec, table: str, column: str, i: int) -> bool:
        return rule.each != table or not _holds_changed(template, read, scope.get(), rule,
                                                        table, column, i)

    return _column_reasons(template, tables, outcomes, "low_confidence",
                           "has cells read with low confidence", unsure, checks)


class _Lazy:
    """A value made when first asked for (a scope only a tying rule needs)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make, self._value = make, None

    def get(self) -> Any:
        if self._value is None:
            self._value = self._make()
        return self._value


def _changed(value: Any) -> list[Any]:
    """Values of ``value``'s type that are not ``value``, two where the type allows (a
    time one and two hours later, a date a day later and a day earlier, a number more than
    twice as far from zero plus one and its negative, a flag flipped, a text with a
    character more and with a word more: ``words_amount`` reads past a stray mark, not a
    stray word); none for a type not known here or a value at the end of its range."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, date):  # (a datetime too)
        out = []
        for step in (timedelta(days=1), timedelta(days=-1)):
            with contextlib.suppress(OverflowError):  # date.max: "valid until 31.12.9999"
                out.append(value + step)
        return out
    if isinstance(value, dtime):
        return [value.replace(hour=(value.hour + k) % 24) for k in (1, 2)]
    if isinstance(value, int | Decimal):
        far = value + 1 + abs(value)
        return [far, -far]
    if isinstance(value, str):
        return [value + "#", value + " x"]
    return []


def _holds_changed(template: CompiledTemplate, tables: dict[str, list[Row]], scope: Scope,
                   rule: RuleSpec, table: str, column: str, i: int) -> bool:
    """Whether the ``each`` rule ``rule`` over ``table`` still holds on row ``i``
    (0-based; and the next, where it reads ``previous()``) with cell ``column`` of that
    row read as each of other values (:func:`_changed`), the row's defaults computed again
    from it: then it compares the cell with nothing but itself (``hours: decimal? default
    hours_between(start, end)`` with the Hours cell blank makes ``hours_between(start,
    end) == hours`` hold whatever the start is) and vouches for nothing about it. False
    where the rule fails for one of them, cannot be evaluated so (an error evaluating it
    included), or the cell's value has no other here (``scope``: the values as read, left
    as they were)."""
    row = tables[table][i]
    cell = row.get(column)
    others = _changed(cell.value) if cell is not None else []
    if not others:
        return False
    try:
        return all(_holds_with(template, row, scope, rule, table, column, i, other)
                   for other in others)
    except Exception:  # a rule or default that cannot take the other value: as it was
        return False


def _holds_with(template: CompiledTemplate, row: Row, scope: Scope, rule: RuleSpec,
                table: str, column: str, i: int, other: Any) -> bool:
    """Whether ``rule`` holds on row ``i`` (and the next, where it reads ``previous()``)
    with cell ``column`` read as ``other`` and the row's defaults computed again (see
    :func:`_holds_changed`); the cell and ``scope`` are put back as they were."""
    from formsift.templates.tables import _complete

    cell = row[column]
    read, cell.value = cell.value, other  # (put back below, as :func:`_swap_reading`)
    try:
        changed = _complete({k: (None if x is not None and x.locator == "default" else x)
                             for k, x in row.items()}, template.tables[table],
                            template.functions)
    finally:
        cell.value = read
    values = scope.tables[table]
    kept, values[i] = values[i], {k: (x.value if x else None) for k, x in changed.items()}
    values[i][column] = other
    try:
        held = [_row_holds(rule, scope, j) for j in ((i, i + 1) if reads_previous(rule)
                                                     else (i,))]
    finally:
        values[i] = kept
    return False not in held and True in held


@dataclass
class CellChoices:
    """What the rules over a table decided about its cells that read two ways (see
    :func:`_choose_cells`)."""

    #: ids of the cells whose reading a rule decided (taken or kept)
    settled: set[int] = field(default_factory=set)
    #: per rule, what it chose (said in its passed outcome's message)
    chose: dict[str, str] = field(default_factory=dict)
    #: per column ("items.counted"), why the rules that tie it did not decide
    why: dict[str, str] = field(default_factory=dict)


def _choose_cells(template: CompiledTemplate, chosen: dict[str, Any],
                  tables: dict[str, list[Row]]) -> CellChoices:
    """Let the error rules that tie a table column to other values (``sum(items.counted)
    == page_total``, ``each items: amount == qty * price``: see :func:`_ties`) choose
    between the readings of its cells that read two ways (``Candidate.rival``: a count
    struck out and written again beside it, '80 79'). Each such cell's other reading is
    tried, the other cells kept: where the rules hold as read and fail with the other
    reading, they decided for the reading taken; where they fail as read (an ``each``
    rule: on the cell's row) and the other reading makes them hold, no rule that held
    failing, and no other cell's other reading makes the same rule (row) hold, that
    reading is taken (the cell's ``value`` and ``rival`` swap, the row's defaults computed
    again) and the rule says so in its outcome. A rule that holds for both readings
    decides nothing (the custody journey's principle for fields: :func:`_refuted`); where
    no cell's or several cells' other readings make the rules hold, nothing changes and
    the ``ambiguous`` reason says why (stock-take journey, finding 3)."""
    out = CellChoices()
    cells = [(t, i, col, c) for t, rows in tables.items() for i, row in enumerate(rows)
             for col, c in row.items() if c is not None and c.rival is not None]
    if not cells:
        return out
    rules = [r for r in template.rules if r.severity == "error"
             and not _asks_other_documents(r)
             and any(_ties(r, t, col) for t, _, col, _ in cells)]
    if not rules:
        return out

    class State:
        """The rules' outcomes with the cells as they read now (``scope``: a copy)."""

        def __init__(self) -> None:
            self.scope = _scope(template, chosen, tables)
            self.passed = {r.name: _holds(r, self.scope) for r in rules}

        def on(self, r: RuleSpec, t: str, i: int) -> bool | None:
            """Whether ``r`` holds where row ``i`` of ``t`` counts: an each rule over
            ``t`` on that row, and on the next where it reads ``previous()`` (a running
            balance: false on either, false; true on one, the other not evaluated, true);
            another rule as a whole."""
            if r.each != t:
                return self.passed[r.name]
            held = [_row_holds(r, self.scope, j)
                    for j in ((i, i + 1) if reads_previous(r) else (i,))]
            return False if False in held else True if True in held else None

    base = State()
    trials: list[State] = []
    for t, i, _col, c in cells:
        row = tables[t][i]
        _swap_reading(template, tables, t, i, c)
        trials.append(State())
        _swap_reading(template, tables, t, i, c)
        tables[t][i] = row
    # the rules that tie a cell's column and can be evaluated with both its readings (a
    # page rule over a row the page's other values leave unread tells nothing)
    tying = [[r for r in rules if _ties(r, t, col) and base.on(r, t, i) is not None
              and trials[k].on(r, t, i) is not None]
             for k, (t, i, col, _) in enumerate(cells)]
    fixes: dict[int, list[tuple[str, int | None]]] = {}
    for k, (t, i, _col, _c) in enumerate(cells):
        failing = [r for r in tying[k] if base.on(r, t, i) is False]
        if failing and all(trials[k].on(r, t, i) is True for r in tying[k]) \
                and all(trials[k].passed[r.name] is not False
                        for r in rules if base.passed[r.name]):
            fixes[k] = [(r.name, i if r.each == t else None) for r in failing]
    shared = Counter(key for keys in fixes.values() for key in keys)
    taken = [k for k, keys in fixes.items() if all(shared[key] == 1 for key in keys)]
    for k in taken:
        t, i, col, c = cells[k]
        read = c.value
        _swap_reading(template, tables, t, i, c)
        out.settled.add(id(c))
        for name, _row in fixes[k]:
            said = (f"chose {_shown(c.value)} for row {i + 1} of {t}.{col} ('{c.raw}', "
                    f"read {_shown(read)} or {_shown(c.value)}): the one reading that "
                    f"makes it hold")
            out.chose[name] = f"{out.chose[name]}; {said}" if name in out.chose else said
    for k, (t, i, col, c) in enumerate(cells):
        if id(c) in out.settled:
            continue
        names = ", ".join(f"'{r.name}'" for r in tying[k])
        if not tying[k]:
            continue
        if all(base.on(r, t, i) is True for r in tying[k]):
            if any(trials[k].on(r, t, i) is False for r in tying[k]):
                out.settled.add(id(c))  # the rule holds as read, not the other way
            else:
                out.why.setdefault(f"{t}.{col}", f"{names} holds with either reading")
        elif k in fixes:
            rows = sorted({cells[g][1] + 1 for g in fixes
                           if set(fixes[g]) & set(fixes[k])})
            out.why[f"{t}.{col}"] = (
                f"{names} holds with the other reading of any one of rows "
                f"{', '.join(map(str, rows))}, so it does not tell which")
        elif any(base.on(r, t, i) is False for r in tying[k]):
            out.why.setdefault(f"{t}.{col}", f"{names} holds with neither reading")
    return out


def _swap_reading(template: CompiledTemplate, tables: dict[str, list[Row]], table: str,
                  i: int, c: Candidate) -> None:
    """Read cell ``c`` of row ``i`` of ``table`` its other way (``rival``), and compute
    that row's defaults (``variance: decimal? default counted - system_qty``) again."""
    c.value, c.rival = c.rival, c.value
    recomplete_row(template, tables, table, i)


def recomplete_row(template: CompiledTemplate, tables: dict[str, list[Row]], table: str,
                   i: int) -> None:
    """Compute the defaults of row ``i`` of ``table`` again (a cell of it read another
    way)."""
    from formsift.templates.tables import _complete

    row = tables[table][i]
    tables[table][i] = _complete(
        {k: (None if x is not None and x.locator == "default" else x) for k, x in row.items()},
        template.tables[table], template.functions)


def _holds(rule: RuleSpec, scope: Scope) -> bool | None:
    """Whether ``rule`` holds in ``scope`` (an ``each`` rule: on every row); None when it
    cannot be evaluated."""
    if rule.each is None:
        return _check(rule, scope)
    scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
    try:
        return _each(rule, scope, lambda ref: True).passed
    finally:
        scope.tolerance = None


def _row_holds(rule: RuleSpec, scope: Scope, i: int) -> bool | None:
    """Whether the ``each`` rule ``rule`` holds on row ``i`` (0-based) of its table; None
    when it cannot be evaluated there."""
    rows = scope.tables.get(rule.each or "") or []
    if i >= len(rows):
        return None
    scope.row, scope.previous_row = rows[i], rows[i - 1] if i else None
    scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
    try:
        return bool(evaluate(rule.expr, scope))
    except (NoPreviousRow, MissingValue, *_EVAL_ERRORS):
        return None
    finally:
        scope.row = scope.previous_row = None
        scope.tolerance = None


def _column_reasons(template: CompiledTemplate, tables: dict[str, list[Any]],
                    outcomes: list[RuleOutcome], code: str, says: str,
                    doubt: Callable[[Any, str, str], str | None],
                    checks: Callable[[RuleSpec, str, str, int], bool] | None = None
                    ) -> list[Reason]:
    """A ``code`` reason per table column with cells ``doubt`` says something of (the
    rows named, three at most), unless an error rule that ties the column to other values
    passed; with ``checks`` (rule, table, column, 0-based row), for the cells such a rule
    checks."""
    passed = {o.name for o in outcomes if o.passed is True and o.severity == "error"}
    out = []
    for name, rows in tables.items():
        cells: dict[str, list[tuple[int, str]]] = {}
        for i, row in enumerate(rows, start=1):
            for col, cell in row.items():
                if (what := doubt(cell, name, col)) is not None:
                    cells.setdefault(col, []).append((i - 1, f"row {i}: {what}"))
        for col, where in cells.items():
            tying = [r for r in template.rules if r.name in passed and _ties(r, name, col)]
            if tying and checks is not None:
                where = [(i, w) for i, w in where
                         if not any(checks(r, name, col, i) for r in tying)]
            if not tying or where:
                out.append(Reason(code=code, field=f"{name}.{col}", message=(
                    f"'{name}.{col}' {says}: " + "; ".join(w for _, w in where[:3])
                    + (f" (+{len(where) - 3} more)" if len(where) > 3 else "")),
                    rows=[i for i, _ in where]))
    return out


def equated(rule: RuleSpec, functions: dict[str, Any] | None = None) -> set[str]:
    """The names ``rule`` holds equal (``==``) to another value: ``net + vat == total``
    equates all three, ``sum(items.amount) == net`` the table and ``net``;
    ``withheld <= wages`` none. An argument a function reads something beside
    (``Function.beside_value``: the currency of ``currency_of(total, ...)``) is not
    equated (``functions``: the template's, by name)."""
    out: set[str] = set()
    for _, names, _ in _equations(rule.expr, functions or {}):
        out |= names
    return out


#: An equation of a rule (:func:`_equations`): itself, the names it equates, and the
#: presence tests :func:`_conjuncts` stepped over to reach it.
Equation = tuple[A.Binary, set[str], tuple[A.Expr, ...]]


def _equations(e: A.Expr, functions: dict[str, Any]) -> list[Equation]:
    """The ``==`` parts of ``e`` (:func:`_conjuncts`) that equate two or more names, each
    with its own guards: in ``(missing(a) or p == q) and (missing(b) or r == s)``,
    ``p == q`` is guarded by ``missing(a)`` alone."""
    out = []
    for node, guards in _guarded_conjuncts(e):
        if isinstance(node, A.Binary) and node.op == "==":
            names = {r.name.text for r in _value_refs(node, functions)}
            if len(names) > 1:
                out.append((node, names, guards))
    return out


def _conjuncts(e: A.Expr) -> list[A.Expr]:
    """The parts of ``e`` that hold whenever it holds and its values are there: ``e``
    itself, or each side of an ``and``, recursively, and the other side of an ``or``
    beside a value's absence (``missing(po_no) or po_no == order_ref``). An equation
    beside another ``or`` (``date < rel1_date or (date == rel1_date and time <=
    rel1_time)``) or under ``not`` need not hold when the rule does: it ties no value to
    another (the custody journey: a release date held under such a rule by ``date <
    rel1_date`` alone scored 0.99)."""
    return [node for node, _ in _guarded_conjuncts(e)]


def _guarded_conjuncts(e: A.Expr, guards: tuple[A.Expr, ...] = ()
                       ) -> list[tuple[A.Expr, tuple[A.Expr, ...]]]:
    """:func:`_conjuncts`, each with the presence tests stepped over to reach it
    (``missing(note)`` of ``missing(note) or ref == order``): where one of them holds,
    the rule may hold by that alone, the part compared nothing."""
    if isinstance(e, A.Binary) and e.op == "and":
        return _guarded_conjuncts(e.left, guards) + _guarded_conjuncts(e.right, guards)
    if isinstance(e, A.Binary) and e.op == "or":
        if _absent(e.left):
            return _guarded_conjuncts(e.right, (*guards, e.left))
        if _absent(e.right):
            return _guarded_conjuncts(e.left, (*guards, e.right))
    return [(e, guards)]


def _absent(e: A.Expr) -> bool:
    """Whether ``e`` asks only that a value is not there: ``missing(x)``, ``not
    present(x)``."""
    if isinstance(e, A.Unary) and e.op == "not":
        return isinstance(e.operand, A.FuncCall) and e.operand.name.text == "present"
    return isinstance(e, A.FuncCall) and e.name.text == "missing"


def _value_refs(e: A.Expr, functions: dict[str, Any]) -> list[A.Ref]:
    if isinstance(e, A.Ref):
        return [e]
    if isinstance(e, A.FuncCall):
        beside = getattr(functions.get(e.name.text), "beside_value", ())
        return [r for k, a in enumerate(e.args) if k not in beside
                for r in _value_refs(a, functions)]
    if isinstance(e, A.Unary):
        return _value_refs(e.operand, functions)
    if isinstance(e, A.Binary):
        return _value_refs(e.left, functions) + _value_refs(e.right, functions)
    return []


def custom_message(rule: RuleSpec, said: str) -> str:
    """The template's ``message`` for a failed rule, with what the failure showed: "totals
    do not add up (119.00 against 120.00)", "invoiced more than delivered (row(s) 3 of
    inv.items)", not the message alone (a reviewer needs the values compared)."""
    _, holds, shown = said.partition(" does not hold")
    shown = shown.strip().removeprefix(":").strip() if holds else said
    if shown.startswith("(") and shown.endswith(")"):
        shown = shown[1:-1]
    if shown.startswith("for "):  # "for row(s) 3 of items (row 3: ...)" of an each rule
        shown = shown[4:]
        head, paren, rows = shown.partition(" (")
        if rule.each and not head.endswith(f" of {rule.each}"):
            head += f" of {rule.each}"
        shown = f"{head}; {rows[:-1]}" if paren and rows.endswith(")") else head
    return f"{rule.message} ({shown})" if shown else rule.message


def _ties(rule: RuleSpec, table: str, column: str) -> bool:
    """Whether ``rule`` holds an equation (``==``) between ``table.column`` and another
    value: a field or table of the record, or another column of the same table (in an
    ``each`` rule). An inequality beside it ("qty <= ordered and qty * price == amount"
    settles ``amount``, not ``qty``) holds for both readings alike and settles nothing."""
    for node in _conjuncts(rule.expr):
        if not (isinstance(node, A.Binary) and node.op == "=="):
            continue
        refs = {(r.name.text, r.attr.text if r.attr else None)
                for r in A.walk(node) if isinstance(r, A.Ref)}
        own = {(table, column)} | ({(column, None)} if rule.each == table else set())
        if not refs & own:
            continue
        others = refs - own
        if rule.each == table:  # a bare name in an each rule is a column or a field
            if others:
                return True
        elif any(name != table or attr != column for name, attr in others):
            return True
    return False


#: Reasons an extraction gives that the values alone cannot give again: about the document
#: (damaged, several documents in one file, not what the template named, no text, pages
#: missing or disagreeing, a near tie between templates, a match test that timed out, text
#: the page hides) or about how a value was read (rival readings, a value that failed its
#: type's check where the template looks, a locator's regex that timed out, an OCR layer
#: that does not say what the image shows). :func:`revalidate` has only the values, so a
#: review carries them over (:func:`unsettled`) until the reviewer settles them.
READING_REASONS = frozenset({"no_text", "input_damaged", "several_documents",
                             "pages_missing", "template_mismatch", "ambiguous",
                             "regex_timeout", "invalid_value", "pages_disagree",
                             "hidden_text", "ocr_layer_mismatch", "form_field_mismatch"})
#: Reasons that send a record the template would accept to review: a person has to look
#: (an ``accept when`` policy does not overrule them). The engine routes the same way.
FORCE_REVIEW = frozenset({"no_text", "ambiguous", "regex_timeout", "input_damaged",
                          "several_documents", "pages_missing", "template_mismatch",
                          "duplicate_document", "pages_disagree", "hidden_text",
                          "ocr_layer_mismatch", "form_field_mismatch"})


def unsettled(reasons: Sequence[Reason], *, corrected: Collection[str] = (),
              confirmed: bool = False) -> list[Reason]:
    """The reasons of ``reasons`` (a record's, before a review) that a review leaves
    standing, for :func:`revalidate` to carry over: those of :data:`READING_REASONS`,
    unless the reviewer ``confirmed`` (vouched for the record as shown: every reason is
    settled) or corrected the single field a reason names (``corrected``: field names;
    the value is the reviewer's now). A reason about the document (no ``field``), a
    table or a column is settled only by a confirmation: a correction of values does not
    change what the document is."""
    if confirmed:
        return []
    done = set(corrected)
    return [r for r in reasons if r.code in READING_REASONS
            and (r.field is None or r.field not in done)]


def revalidate(template: CompiledTemplate,
               fields: dict[str, FieldValue | list[FieldValue] | None],
               tables: dict[str, list[dict[str, FieldValue | None]]], *,
               seen_store: Any = None, document_id: str | None = None,
               carried: Sequence[Reason] = ()
               ) -> tuple[list[RuleOutcome], Status, list[Reason]]:
    """Rules and routing again, on values a person corrected (the review queue): the same
    evaluation and the same routing as an extraction, without locating anything.

    ``carried`` are reasons the extraction gave that the values cannot give again (see
    :func:`unsettled`): routed as the extraction routed them. A field's reason is one the
    rules and policies see (an ``accept when`` may overrule an ``ambiguous`` one); a
    reason about the document (no ``field``) is added after routing and, like the
    engine's, sends a record that would be accepted to review (:data:`FORCE_REVIEW`).

    ``seen_store`` (with the record's ``document_id``) is the duplicates store the
    extraction used: ``seen_before`` asks it as the engine did, bound to this template and
    document, so the record's own recorded values are not duplicates of it. Without one,
    ``seen_before`` finds nothing."""
    from formsift.core import seen

    of_fields = [r for r in carried if r.field is not None]
    of_document = [r for r in carried if r.field is None]
    binding = (seen.bound(seen_store, template.seen_namespace, document_id or "")
               if seen_store is not None else contextlib.nullcontext())
    with binding:
        outcomes, problems = _evaluate_rules(template, fields, tables)  # type: ignore[arg-type]
        status, reasons = _route(template, fields, tables, outcomes, {},
                                 found=[*problems, *of_fields])
    reasons = by_action([*reasons, *of_document])
    if status == Status.ACCEPTED and any(r.code in FORCE_REVIEW for r in reasons):
        status = Status.REVIEW
    return outcomes, status, reasons


# ---------------------------------------------------------------- choosing candidates
def _choose(template: CompiledTemplate, cands: dict[str, list[Candidate]],
            tables: dict[str, list[Row]],
            undecided: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """Pick one candidate per field (a list for repeated fields), letting rules decide.

    Rules that relate fields (``net + vat == total``) choose. When another combination
    of readings satisfies them as well, with other values, and the locators prefer it on
    some field, nothing tells the two apart: the choice stands, and ``undecided`` (when
    given) gets each such field's other values (an ``ambiguous`` reason). A rule that
    only checks a value against literals (``iban == "DE89..."``, ``total > 0``) never
    tells readings apart by itself: it checks the value read, it must not pick it."""
    chosen: dict[str, Any] = {}
    for name, spec in template.fields.items():
        options = cands.get(name, [])
        if spec.repeated:
            chosen[name] = in_reading_order(options)
        else:
            chosen[name] = options[0] if options else None
    ambiguous = [n for n, s in template.fields.items()
                 if not s.repeated and len(cands.get(n, [])) > 1
                 and any(n in r.fields for r in template.rules)]
    if not ambiguous:
        return chosen
    # a field the template says is handwritten whose best reading is handwriting: a rule
    # never puts a printed number of the form in its place (a mark left unread beside
    # "/ 10 Punkte": the printed maxima add up by construction, 10 + 10 == 20)
    choices = [[c for c in cands[n][:_TOP_K] if not _printed(c)]
               if template.fields[n].handwritten and not _printed(cands[n][0])
               else cands[n][:_TOP_K] for n in ambiguous]
    best_key: tuple[float, ...] | None = None
    best_combo: tuple[Candidate, ...] | None = None
    # a rule over a table that found no rows holds or fails by the empty sum alone
    # ("sum(items.amount) == net" holds for a net of 0.00): it says nothing about which
    # reading is right, so it never chooses ("000,00" of "5 000,00" was taken as the net)
    relevant = [r for r in template.rules if set(r.fields) & set(ambiguous) and r.each is None
                and not _asks_other_documents(r)
                and not _empty_tables(template, r, tables)]
    if not relevant:
        return chosen
    literal = {id(r) for r in relevant if checks_literals(r)}
    # rules over two fields or more ("mileage_out >= mileage_in"): one of them holding
    # for two readings scored alike leaves them undecided (below)
    joining = {id(r) for r in relevant if len(set(r.fields)) > 1}
    table_values = _table_values(tables)
    # A rule's outcome depends only on the candidates of the ambiguous fields it uses, so
    # it is evaluated once per distinct choice of those, not once per combination.
    positions = {id(r): [i for i, n in enumerate(ambiguous) if n in r.fields]
                 for r in relevant}
    checked: dict[tuple[int, tuple[int, ...]], bool | None] = {}
    tried: list[tuple[tuple[float, float], tuple[Candidate, ...]]] = []
    for combo in itertools.islice(itertools.product(*choices), _MAX_COMBINATIONS):
        trial = dict(chosen)
        trial.update(zip(ambiguous, combo, strict=True))
        scope = _scope(template, trial, tables, table_values)
        passed = {"error": [0.0, 0.0], "warn": [0.0, 0.0]}  # relating rules, literal checks
        joined = 0  # error rules over two fields or more that passed
        for r in relevant:
            memo = (id(r), tuple(id(combo[i]) for i in positions[id(r)]))
            if memo not in checked:
                # values read from the same words ("CASH TOTAL 53.35" giving both the
                # total and the cash) agree by themselves: that proves nothing
                checked[memo] = None if _one_reading(r.fields, trial) else _check(r, scope)
            if checked[memo]:
                passed["error" if r.severity == "error" else "warn"][id(r) in literal] += 1
                joined += r.severity == "error" and id(r) in joining
        relating = (passed["error"][0], passed["warn"][0])
        tried.append((relating, combo, joined))
        key = (passed["error"][0] + passed["error"][1], passed["warn"][0] + passed["warn"][1],
               sum(c.score for c in combo))
        if best_key is None or key > best_key:
            best_key, best_combo = key, combo
    assert best_combo is not None
    chosen.update(zip(ambiguous, best_combo, strict=True))
    if undecided is not None:
        ranks = [{id(c): k for k, c in enumerate(options)} for options in choices]
        best_relating, best_joined = next((k, j) for k, combo, j in tried
                                          if combo is best_combo)
        for relating, combo, joined in tried:
            if relating != best_relating or combo is best_combo:
                continue
            # readings that differ in case or spacing only ("Miller", "MILLER": the
            # rules compare text so) are one reading
            differ = [i for i, (a, b) in enumerate(zip(best_combo, combo, strict=True))
                      if str(a.value).casefold().split() != str(b.value).casefold().split()]
            # the choice stands when the locators prefer it on every field it differs in:
            # ranked before -- and, where a rule over two fields or more held for both,
            # scored above (two readings of one text scored alike, "84 213" as 84213 or
            # 213, that both satisfy "mileage_out >= mileage_in" are no preference,
            # whichever is listed first; where no such rule held, a tie is the runner-up
            # ambiguity of the field's confidence, which rules did not decide either)
            both = bool(best_joined and joined)
            if all(ranks[i][id(best_combo[i])] <= ranks[i][id(combo[i])]
                   and (not both or best_combo[i].score > combo[i].score + 1e-9)
                   for i in differ):
                continue
            for i in differ:
                others = undecided.setdefault(ambiguous[i], [])
                if combo[i].value not in others:
                    others.append(combo[i].value)
    return chosen


def in_reading_order(cands: list[Candidate]) -> list[Candidate]:
    """A repeated field's values in page order, then reading order: lines top to bottom
    (values whose boxes share most of their height are one line), left to right on a line;
    values without a box (a template's constant) last on their page, as found. The
    locators list candidates best first: a count sheet's page 2 total, scored higher,
    came before page 1's (stock-take journey, finding 5)."""
    out: list[Candidate] = []
    for page in sorted({c.page for c in cands}):
        on_page = [c for c in cands if c.page == page]
        boxed = sorted((c for c in on_page if c.box is not None),
                       key=lambda c: (c.box.y0 + c.box.y1) / 2)
        lines: list[list[Candidate]] = []
        for c in boxed:
            last = lines[-1][-1].box if lines else None
            if last is not None and last.y0 <= (c.box.y0 + c.box.y1) / 2 <= last.y1 \
                    and c.box.y0 <= (last.y0 + last.y1) / 2 <= c.box.y1:
                lines[-1].append(c)
            else:
                lines.append([c])
        out += [c for line in lines for c in sorted(line, key=lambda c: c.box.x0)]
        out += [c for c in on_page if c.box is None]
    return out


def _printed(c: Candidate) -> bool:
    """Whether ``c`` was read from printed words an OCR recognized (none handwritten): on a
    form filled in by hand, the form's own print (a caption, a maximum, a code)."""
    return bool(c.words) and all(w.recognized and not w.handwritten for w in c.words)


def _printed_only(template: CompiledTemplate, chosen: dict[str, Any]) -> set[str]:
    """The rules whose every field the template says is handwritten but whose every value
    was read from print (:func:`_printed`): numbers a form prints (the maxima beside each
    mark, "/ 10", "/ 20") agree by construction, so such a rule passing says nothing about
    what was written; it vouches for no value."""
    out = set()
    for r in template.rules:
        names = set(r.fields) & set(template.fields)
        if not names or not all(template.fields[n].handwritten for n in names):
            continue
        values = [chosen.get(n) for n in names]
        if all(isinstance(c, Candidate) and _printed(c) for c in values):
            out.add(r.name)
    return out


def _refuted(template: CompiledTemplate, chosen: dict[str, Any],
             cands: dict[str, list[Candidate]], tables: dict[str, list[Row]]
             ) -> dict[str, set[int]]:
    """Per field, the ids of its other candidates that an error rule refutes: the rule
    holds for the value chosen and fails for them, the other fields keeping their values
    (a check of the reading, ``valid_id("gb.nino", nino)``, or a rule relating fields,
    ``sampled <= released``, ``net + vat == total``; no comparison with literals, see
    :func:`checks_literals`, nor a rule about other documents, over a table that found no
    rows, or whose values were read from the same words). They are no rivals of the value
    (:func:`signals_of`): a spaced NINO 'JT 48 21 93 B' beside its own digit groups '48',
    '21', '93' is no ambiguity when the NINO check holds for the whole alone. A rule that
    holds for a rival as well decides nothing about it: four "Date:" values of a custody
    form's transfers all after the sampling date stay rivals under ``sampled <= rel1_date``
    (custody journey: that rule passing took the first date, accepted)."""
    out: dict[str, set[int]] = {}
    checks = [r for r in template.rules
              if r.severity == "error" and r.each is None
              and not checks_literals(r) and not _asks_other_documents(r)
              and not _empty_tables(template, r, tables)]
    if not checks:
        return out
    unvouched = _printed_only(template, chosen)
    table_values = _table_values(tables)
    for r in checks:
        if r.name in unvouched or _one_reading(r.fields, chosen):
            continue
        held: bool | None = None
        for name in dict.fromkeys(r.fields):
            c, options = chosen.get(name), cands.get(name, [])
            if not isinstance(c, Candidate) or len(options) < 2:
                continue
            if held is None:
                held = bool(_check(r, _scope(template, chosen, tables, table_values)))
            if not held:
                break
            for x in options:
                if x is not c and str(x.value) != str(c.value) and _check(
                        r, _scope(template, {**chosen, name: x}, tables, table_values)
                ) is False:
                    out.setdefault(name, set()).add(id(x))
    return out


def checks_literals(rule: RuleSpec) -> bool:
    """Whether ``rule`` compares one field with literals only (``iban == "DE89..."``,
    ``total > 0``, ``invoice_date <= today()``): it checks the value, it relates no
    fields, so it says nothing about which of two readings is the one printed.
    A parameter is the caller's, like a literal: ``holder == param.applicant`` and
    ``po in param.open_pos`` check the value read against it, they pick no reading."""
    refs = {r.name.text for r in A.walk(rule.expr) if isinstance(r, A.Ref)}
    return len(refs) == 1 and rule.each is None and any(
        _compares(n) for n in A.walk(rule.expr))


def _compares(n: A.Expr) -> bool:
    """Whether ``n`` compares values: ``a <= b``, or looks one up in a parameter's list
    (``po in param.open_pos``, a comparison with the caller's values)."""
    return isinstance(n, A.Binary) and (
        n.op in _COMPARISONS or (n.op in MEMBERSHIP and isinstance(n.right, A.Param)))


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _undecided_reasons(template: CompiledTemplate, fields: dict[str, Any],
                       undecided: dict[str, list[Any]]) -> list[Reason]:
    """An ``ambiguous`` reason per field whose reading the rules could not decide (see
    :func:`_choose`), naming the value chosen and the others."""
    out = []
    for name, others in undecided.items():
        fv = fields.get(name)
        if not isinstance(fv, FieldValue):
            continue
        shown = ", ".join(repr(str(v)) for v in [fv.value, *others])
        out.append(Reason(code="ambiguous", field=name, message=(
            f"'{name}' reads {shown}: the rules hold for more than one reading (or only a "
            f"check against a fixed value tells them apart), so they do not decide "
            f"which is the one printed" + _space_grouped(template, name, fv, others))))
    return out


#: Digits in groups of three after a first group, a space between them ("24 310").
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+")


def _space_grouped(template: CompiledTemplate, name: str, fv: FieldValue,
                   others: list[Any]) -> str:
    """A hint for a number whose readings are its digit groups joined and apart ('24310'
    and '310' of "24 310"), where the template states no decimal or thousands mark: a
    thousands space its locale does not use is read only where the template states it."""
    spec = template.fields.get(name)
    raw = " ".join(str(fv.raw or "").split())
    if spec is None or spec.type.name not in ("int", "decimal", "money") \
            or template.marks_stated or not _SPACE_GROUPED.fullmatch(raw):
        return ""
    joined = raw.replace(" ", "")
    if str(fv.value) != joined and not any(str(v) == joined for v in others):
        return ""
    return (f"; if '{raw}' is one number written with a space between its thousands, "
            f"state thousands \" \" in the template's header")


def _earlier(template: CompiledTemplate, rule: str, fields: dict[str, Any],
             tables: dict[str, Any]) -> EarlierRecord | None:
    """For a failed rule that asks about other documents (``not seen_before(...)``): the
    earlier document that carried its value first (see :func:`formsift.core.seen.earlier`)."""
    from formsift.core import seen

    spec = next((r for r in template.rules if r.name == rule), None)
    if spec is None or not _asks_other_documents(spec) or seen.current() is None:
        return None
    for value in _seen_keys(template, [(spec.expr, spec.each)], fields, tables):
        found = seen.earlier(value)
        if found is not None:
            return EarlierRecord(**found)
    from formsift.templates.series import earlier  # last_seen: the document compared with

    found = next(earlier(template, spec.expr, fields, tables), None)
    return EarlierRecord(**found) if found is not None else None


def _no_missing_key(ref: str) -> bool:
    """For a rule that asks about other documents (``not seen_before(po_no)``), no value
    may be missing without a reason of its own: with its key unread (an optional PO
    number, one part of ``seen_before(seller, date, total)``) the duplicate check did not
    run, and a copy sent again would pass. The template says when a missing key needs no
    check: ``missing(po_no) or not seen_before(po_no)``."""
    return False


def _asks_other_documents(rule: RuleSpec, names: tuple[str, ...] = (SEEN_BEFORE, LAST_SEEN)
                          ) -> bool:
    """Whether a rule asks about other documents (``seen_before``, ``last_seen``): its
    outcome says nothing about which reading is right, so it never chooses between
    candidates (else a duplicate would take another candidate's value to pass ``not
    seen_before(...)``, a misread line 7 another figure equal to last month's line 6)."""
    return any(isinstance(n, A.FuncCall) and n.name.text in names
               for n in A.walk(rule.expr))


def same_words(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates were read (at least partly) from the same words."""
    return any(wa.page == wb.page and min(wa.box.overlap_ratio(wb.box),
                                          wb.box.overlap_ratio(wa.box)) > 0.5
               for wa in a.words for wb in b.words)


def _one_reading(fields: list[str], chosen: dict[str, Any]) -> bool:
    """Whether two of a rule's fields hold values read from the same words."""
    cands = [c for f in fields if isinstance(c := chosen.get(f), Candidate)]
    return any(same_words(a, b) for i, a in enumerate(cands) for b in cands[i + 1:])


def _value_of(c: Any) -> Any:
    if c is None:
        return None
    if isinstance(c, list):
        return [x.value for x in c]
    return c.value


def _table_values(tables: dict[str, list[Row]]) -> dict[str, list[dict[str, Any]]]:
    return {n: [{k: (v.value if v else None) for k, v in row.items()} for row in rows]
            for n, rows in tables.items()}


def _scope(template: CompiledTemplate, chosen: dict[str, Any], tables: dict[str, list[Row]],
           table_values: dict[str, list[dict[str, Any]]] | None = None) -> Scope:
    values = {n: _value_of(c) for n, c in chosen.items()}
    for n, spec in template.fields.items():  # a field found nowhere has its default, in
        if values.get(n) is None and not spec.repeated and spec.default is not None:
            values[n] = spec.default     # rules as in the record
    if table_values is None:
        table_values = _table_values(tables)
    optional = {f"{t.name}.{c.name}" for t in template.tables.values() for c in t.columns
                if c.optional}
    return Scope(values, table_values, functions=template.functions,
                 optional_columns=optional,
                 pages=page_index(chosen, tables) if any(r.per_page for r in template.rules)
                 else None)  # (only 'each page' rules ask where the values are)


def _check(rule: RuleSpec, scope: Scope) -> bool | None:
    if rule.per_page:
        return _each_page(rule, scope, lambda ref: True).passed
    scope.tolerance = rule.tolerance
    scope.tolerance_percent = rule.tolerance_percent
    try:
        return bool(evaluate(rule.expr, scope))
    except (MissingValue, RuleEvalError, RegexTimeout, TypeError):
        return None
    finally:
        scope.tolerance = None


# ---------------------------------------------------------------- rules
@dataclass
class Verdict:
    """A rule's outcome: passed (None: not evaluated), its message and, for a rule that
    could not be evaluated for a reason a person must look at, that reason (``problem``):
    a computation that failed, or a value missing that the template requires."""

    passed: bool | None
    message: str
    problem: str | None = None
    #: An each rule's rows (0-based) it failed or could not be evaluated on.
    rows: list[int] | None = None


#: Whether a rule may go unevaluated for lack of a value (named as the template writes
#: it: ``iban``, ``items.amount``) without a reason of its own.
MayMiss = Callable[[str], bool]
_EVAL_ERRORS = (RuleEvalError, RegexTimeout, TypeError)


def _evaluate_rules(template: CompiledTemplate, chosen: dict[str, Any],
                    tables: dict[str, list[Row]], page_count: int | None = None
                    ) -> tuple[list[RuleOutcome], list[Reason]]:
    """Every rule's outcome, and a ``rule_not_evaluated`` reason for each error rule that
    could not be evaluated although its values are there. ``page_count``: the document's
    pages as page scopes count them (``each page`` rules read every page, those without
    values too); None when the record is re-validated without its document."""
    scope = _scope(template, chosen, tables)
    if page_count is not None and scope.pages is not None:
        scope.pages = replace(scope.pages, count=max(scope.pages.count, page_count),
                              of_document=True)
    may_miss = _may_be_missing(template, scope)
    may_be_empty = _may_be_empty(template)
    outcomes: list[RuleOutcome] = []
    problems: list[Reason] = []
    for rule in template.rules:
        scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
        # a duplicate check whose key has no value did not run: never a silent pass
        rule_may_miss = _no_missing_key if _asks_other_documents(rule) else may_miss
        if rule.per_page:
            verdict = _each_page(rule, scope, rule_may_miss)
        elif rule.each is None:
            verdict = evaluate_rule(rule, scope, rule_may_miss, asked=True)
        else:
            verdict = _each(rule, scope, rule_may_miss, _no_rows(rule.each, template),
                            asked=True)
        scope.tolerance = None
        unread = [n for n in _read_tables(template, rule)
                  if not tables.get(n) and n not in may_be_empty]
        unread = unread if verdict.passed is not False else []
        if unread:
            # a table the rule reads found no rows, and the template does not say it may
            # have none (missing(items) in a rule): an 'each' over nothing, a count or sum
            # of nothing checked no row that was never read (a matrix of ticks whose boxes
            # were not found), never a silent pass; as in packets
            said = "not evaluated: " + "; ".join(_no_rows(n, template) for n in unread)
            form = no_rows_form(unread[0], each=rule.each == unread[0])
            verdict = Verdict(None, said, said + (
                f" (where it may have none, say so in a rule: {form})"))
        scope.outcomes[rule.name] = verdict.passed
        message = verdict.message
        if verdict.passed is False and rule.message:
            message = custom_message(rule, message)
        empty = _empty_tables(template, rule, tables) if rule.each is None \
            and not unread else ""
        if empty:
            message = f"{message}; {empty}" if message else empty
        outcomes.append(RuleOutcome(name=rule.name, severity=rule.severity,
                                    passed=verdict.passed, message=message,
                                    fields=rule.fields, rows=verdict.rows))
        if verdict.problem and rule.severity == "error":
            problem = verdict.problem
            if verdict.passed is None and _asks_other_documents(rule, (SEEN_BEFORE,)):
                problem += ("; whether another document carried it (seen_before) is not "
                            "known: a copy sent again would not be caught")
            problems.append(Reason(code="rule_not_evaluated", rule=rule.name,
                                   message=f"rule '{rule.name}' {problem}",
                                   rows=verdict.rows))
    return outcomes, problems


def _empty_tables(template: CompiledTemplate, rule: RuleSpec,
                  tables: dict[str, list[Row]]) -> str:
    """A note for a rule over a table that found no rows: its outcome says nothing about
    line items that were never read (the usual cause: no header line matched)."""
    names = [n for n in dict.fromkeys(f.partition(".")[0] for f in rule.fields)
             if n in template.tables and not tables.get(n)]
    return "; ".join(_no_rows(n, template) for n in names)


def _read_tables(template: CompiledTemplate, rule: RuleSpec) -> list[str]:
    """The tables ``rule`` reads: the one it checks row by row (``each``), those of the
    columns it names (``sum(items.amount)``) and those it counts (``count(items)``)."""
    names = [rule.each] if rule.each else []
    names += [f.partition(".")[0] for f in rule.fields]
    return [n for n in dict.fromkeys(names) if n in template.tables]


def _may_be_empty(template: CompiledTemplate) -> set[str]:
    """The tables the template says may have no rows (:func:`said_may_be_empty`: the
    shipped invoice template's ``missing(items) or sum(items.amount) == net``, an
    invoice that prints no line items)."""
    return said_may_be_empty([r.expr for r in template.rules]
                             + [p.expr for p in template.policies], template.tables)


def _no_rows(table: str, template: CompiledTemplate | None = None) -> str:
    """Why a table has no rows, as it is read: by its line rules' regexes, or under a
    header line."""
    spec = template.tables.get(table) if template is not None else None
    if spec is not None and spec.row_sets:
        return (f"table '{table}' has no rows (its line rules matched no line whose values "
                f"its columns' types could read)")
    return (f"table '{table}' has no rows (no header line was found, or no line under it "
            f"held values its columns' types could read)")


def _may_be_missing(template: CompiledTemplate, scope: Scope) -> MayMiss:
    """A rule needs no reason of its own when what it lacks is a field that is missing (an
    optional one, or a required one, reported as ``field_missing``), a part of a record
    that its type says the record need not give (``optional_attributes``: an
    e-invoice's ``xml.iban`` on a direct debit) or cells of an optional column. Another
    part of a record that is there (``mrz.surname``) or cells of a required column are
    values the template requires: not evaluating is a reason."""
    def check(ref: str) -> bool:
        head, _, part = ref.partition(".")
        if head in template.fields:
            optional = getattr(template.fields[head].type, "optional_attributes", ())
            return scope.values.get(head) is None or (bool(part) and part in optional)
        table = template.tables.get(head)
        return table is not None and any(c.name == part and c.optional for c in table.columns)

    return check


def evaluate_rule(rule: RuleSpec, scope: Scope, may_miss: MayMiss = lambda ref: True,
                  asked: bool = False) -> Verdict:
    """A rule's outcome (see :class:`Verdict`). ``asked``: a value that may be missing
    but that the parts of the rule read leave the outcome to (:func:`rests_on_missing`:
    ``kind == "retail" or discount > 0`` on a trade order with no discount) fails the
    rule rather than leave it not evaluated."""
    try:
        ok = bool(evaluate(rule.expr, scope))
    except MissingValue as exc:
        message = f"not evaluated: {exc.name} is missing"
        if may_miss(exc.ref) and asked \
                and (rests := rests_on_missing(rule.expr, scope)) is not None:
            return Verdict(False, f"{rule.source} does not hold: {_asked(*rests)}")
        return Verdict(None, message, None if may_miss(exc.ref) else message)
    except _EVAL_ERRORS as exc:
        return Verdict(None, f"not evaluated: {exc}", f"not evaluated: {exc}")
    return Verdict(ok, "" if ok else f"{rule.source} does not hold{_sides(rule.expr, scope)}")


_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
#: A failed compound rule names at most this many of its failing parts ("... and 2 more").
_MAX_PARTS = 3
_LOGIC = ("and", "or")


def _sides(expr: Any, scope: Scope) -> str:
    """For a comparison that failed, what each side came to (``" (286.48 against
    286.49)"`` for ``net + vat == total``): what a person needs to see why. For an
    ``and``/``or`` that failed, the parts that failed, each with its sides or the values
    it read (``": valid_id("in_.gstin", buyer_gstin) is false (buyer_gstin
    "27AAPFU0939F1ZX")"``), at most :data:`_MAX_PARTS` of them; for a function, the
    values it read (``' (iban "DE89...")'``)."""
    if isinstance(expr, A.Binary) and expr.op in _COMPARISONS:
        shown = _compared(expr, scope)
        return f" ({shown})" if shown else ""
    if isinstance(expr, A.FuncCall) or (isinstance(expr, A.Binary)
                                        and expr.op in MEMBERSHIP):
        return _values(expr, scope)  # valid_iban(iban), po_no in param.open_pos: the values
    if not ((isinstance(expr, A.Binary) and expr.op in _LOGIC)
            or (isinstance(expr, A.Unary) and expr.op == "not")):
        return ""
    parts = _why_false(expr, scope)
    if not parts:
        return ""
    more = len(parts) - _MAX_PARTS
    shown = "; ".join(parts[:_MAX_PARTS]) + (f"; and {more} more" if more > 0 else "")
    return f": {shown}"


def _why_false(e: A.Expr, scope: Scope, in_or: bool = False) -> list[str]:
    """Why ``e``, a part of a failed rule that came out false, is false: its failing
    operands if it is an ``and``/``or`` (each explained in turn), else the part itself
    with its sides or values. An ``and`` that is one case of an ``or`` (``(sign == "-"
    and net - vat == total) or ...``) names only its first failing part: the case does
    not apply, and what it would have checked is beside the point."""
    if isinstance(e, A.Binary) and e.op in _LOGIC:
        out: list[str] = []
        false = [o for o in _operands(e, e.op) if _outcome(o, scope) is False]
        if e.op == "or" and not all(map(_guard, false)):
            false = [o for o in false if not _guard(o)]  # the check, not its guard
        for operand in false:
            out += _why_false(operand, scope, in_or=e.op == "or")
            if in_or and e.op == "and":
                break
        return out
    if isinstance(e, A.Unary) and e.op == "not":
        return [f"{_text(e.operand)} is true{_values(e.operand, scope)}"]
    if isinstance(e, A.Binary) and e.op in _COMPARISONS:
        shown = _compared(e, scope)
        return [f"{_text(e)} ({shown})" if shown else f"{_text(e)} is false"]
    return [f"{_text(e)} is false{_values(e, scope)}"]


def _guard(e: A.Expr) -> bool:
    """Whether ``e`` is ``missing(x)``, ``present(x)`` or ``not`` one of them: in an
    ``or`` beside a check (``missing(coo.origin) or origin == coo.origin``), it says when
    the check need not hold; its being false says nothing a person needs, so a failure
    names the check only."""
    if isinstance(e, A.Unary) and e.op == "not":
        e = e.operand
    return isinstance(e, A.FuncCall) and e.name.text in ("missing", "present")


def _operands(e: A.Expr, op: str) -> list[A.Expr]:
    """``a and b and c`` as [a, b, c] (the parser nests it to the left)."""
    if isinstance(e, A.Binary) and e.op == op:
        return _operands(e.left, op) + _operands(e.right, op)
    return [e]


def _outcome(e: A.Expr, scope: Scope) -> bool | None:
    try:
        return bool(evaluate(e, scope))
    except (MissingValue, NoPreviousRow, *_EVAL_ERRORS):
        return None


def _compared(e: A.Binary, scope: Scope) -> str:
    """"286.48 against 286.49": what the two sides of a comparison came to ("" when a side
    cannot be computed), and the key a side looked its value up by (a map's,
    ``approved_rate(tk)``, or ``lookup(article, ...)``): "340.00 against 295.00 for tk
    "DK""."""
    try:
        left, right = evaluate(e.left, scope), evaluate(e.right, scope)
    except (MissingValue, NoPreviousRow, *_EVAL_ERRORS):
        return ""
    keys: list[str] = []
    for node in A.walk(e):
        if isinstance(node, A.FuncCall) and node.name.text == LAST_SEEN:
            from formsift.templates.series import looked_up  # for project_no "RMOB-1234"

            said = looked_up(node, scope)
            if said and said not in keys:
                keys.append(said)
            continue
        if isinstance(node, A.FuncCall) and node.args and node.where is None and (
                node.name.text == LOOKUP or isinstance(scope.functions.get(node.name.text),
                                                       MapLookup)):
            key = node.args[0]
            try:
                value = _shown(evaluate(key, scope), quoted=True)
            except (MissingValue, NoPreviousRow, *_EVAL_ERRORS):
                continue
            said = value if not isinstance(key, A.Ref) else f"{key.dotted} {value}"
            if said not in keys:
                keys.append(said)
    return f"{_shown(left)} against {_shown(right)}" \
        + (f" for {', '.join(keys)}" if keys else "")


def _shown(value: Any, quoted: bool = False) -> str:
    from formsift.core.result import _jsonable
    from formsift.util.number_text import quoted as in_quotes

    text = str(_jsonable(value))
    text = text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str) and in_quotes(text) != f'"{text}"':
        return in_quotes(text)  # a soft hyphen or thin space shown, not hidden
    return f'"{text}"' if quoted and isinstance(value, str) else text


def _text(e: A.Expr) -> str:
    """A part of a rule as the template would write it, cut at 60 characters."""
    from formsift.grammar.formatter import expr as written

    text = written(e)
    return text if len(text) <= 60 else text[:57] + "..."


def _values(e: A.Expr, scope: Scope) -> str:
    """' (buyer_gstin "27AAPFU0939F1ZX")': the values a false part read (at most three;
    none for a name alone, which is its own value, or a column)."""
    if isinstance(e, A.Ref):
        return ""
    if isinstance(e, A.FuncCall) and e.name.text in (SEEN_BEFORE, LAST_SEEN):
        from formsift.templates.series import looked_up  # app_no - 1 = 5, not app_no 6

        said = looked_up(e, scope)
        if said:
            return f" ({said})"
    shown: list[str] = []
    for ref, node in _refs(e).items():
        try:
            value = evaluate(node, scope)
        except (MissingValue, *_EVAL_ERRORS):
            shown.append(f"{ref} missing")
            continue
        if not isinstance(value, (list, dict)):  # a column, a record: too long to show
            shown.append(f"{ref} {_shown(value, quoted=True)}")
    if len(shown) > 3:
        shown = [*shown[:3], "..."]
    return f" ({', '.join(shown)})" if shown else ""


def _refs(e: A.Expr) -> dict[str, A.Ref]:
    """The names a part reads a value of, in order: not a rule's name in ``failed(...)``,
    nor what ``present(...)`` or ``previous(...)`` look at (no value of their own)."""
    out: dict[str, A.Ref] = {}

    def walk(n: A.Expr) -> None:
        if isinstance(n, A.Ref):
            out.setdefault(n.dotted, n)
        elif isinstance(n, A.FuncCall) and n.name.text not in (*SPECIAL, PREVIOUS):
            for a in n.args:
                walk(a)
        elif isinstance(n, A.FuncCall) and n.name.text in ("present", "missing") \
                and n.args and isinstance(n.args[0], A.FuncCall):
            walk(n.args[0])  # present(approved_rate(tk)): the key it looked up
        elif isinstance(n, A.Unary):
            walk(n.operand)
        elif isinstance(n, A.Binary):
            walk(n.left)
            walk(n.right)

    walk(e)
    return out


def _asked(missing: MissingValue, said: list[str], blank: str = "missing") -> str:
    """'rent is blank, and status == "Vacant" is false': a value missing that the parts of
    a rule read leave its outcome to (:func:`rests_on_missing`)."""
    return f"{missing.name} is {blank}, and {' and '.join(said)}"


def _each(rule: RuleSpec, scope: Scope, may_miss: MayMiss, no_rows: str = "",
          asked: bool = False) -> Verdict:
    """An ``each`` rule's outcome over its table's rows (``no_rows``: why the table has
    none, for the message when it has none). A row whose blank optional cell leaves it
    unchecked is skipped, unless ``asked`` and the parts of the rule read on the row leave
    the outcome to that cell (:func:`rests_on_missing`: an occupied unit with no rent
    under ``status == "Vacant" or rent > 0``): the row does not hold, and the message
    says which cell is blank (rent roll journey, finding 1)."""
    rows = scope.tables.get(rule.each or "")
    if rows is None:  # a repeated field: a row per value, its one cell named as the field
        values = scope.values.get(rule.each or "")
        rows = [{rule.each: v} for v in values] if isinstance(values, list) else []
    failed: list[int] = []
    said: list[str] = []  # what each row failed on showed (its sides, a blank cell asked)
    problems: list[tuple[int, str]] = []
    skipped = 0
    lacking: list[str] = []  # what each row skipped for a missing value lacked
    for i, row in enumerate(rows, start=1):
        scope.row = row
        scope.previous_row = rows[i - 2] if i > 1 else None
        try:
            if not evaluate(rule.expr, scope):
                failed.append(i)
                sides = _sides(rule.expr, scope).strip().removeprefix(":").strip()
                if sides.startswith("(") and sides.endswith(")"):
                    sides = sides[1:-1]
                said.append(f"row {i}: {sides}" if sides else "")
        except NoPreviousRow:  # previous(...) on the first row: nothing to compare it with
            skipped += 1
        except MissingValue as exc:
            # a bare name that is no field is a column of the row
            ref = exc.ref if "." in exc.ref or exc.ref in scope.values \
                else f"{rule.each}.{exc.ref}"
            if may_miss(ref) and asked \
                    and (rests := rests_on_missing(rule.expr, scope)) is not None:
                failed.append(i)
                said.append(f"row {i}: {_asked(*rests, blank='blank')}")
            elif may_miss(ref):
                skipped += 1
                lacking.append(exc.name)
            else:
                problems.append((i, f"{exc.name} is missing"))
        except _EVAL_ERRORS as exc:
            problems.append((i, str(exc)))
    scope.row = scope.previous_row = None
    if failed:
        # the rows it failed on, each with what it showed there (the two sides of the
        # comparison, the key a map or lookup() was asked: "row 3: 340.00 against 295.00
        # for tk "DK""), and the rows it could not check ("row 5 not evaluated: map
        # approved_rate has no key 'XY'"), which a failure must not hide
        shown = [s for s in said if s]
        detail = shown[:3] + ([f"and {len(shown) - 3} more"] if len(shown) > 3 else [])
        if problems:
            detail.append(f"row(s) {', '.join(str(i) for i, _ in problems)} not evaluated: "
                          f"{problems[0][1]}")
        table = f" of {rule.each}" if rule.each else ""
        return Verdict(False, f"{rule.source} does not hold for row(s) "
                              f"{', '.join(map(str, failed))}{table}"
                              + (f" ({'; '.join(detail)})" if detail else ""),
                       rows=[i - 1 for i in failed])
    if problems:
        message = (f"not evaluated for row(s) {', '.join(str(i) for i, _ in problems)}: "
                   f"{problems[0][1]}")
        return Verdict(None, message, message, rows=[i - 1 for i, _ in problems])
    if not rows:  # nothing was checked: not "passed"
        return Verdict(None, f"not evaluated: {no_rows or _no_rows(rule.each or '')}")
    if skipped == len(rows):
        if not lacking:  # one row, and previous(...) has no row before it
            return Verdict(None, "not evaluated: the table's one row has no row before it")
        # optional cells blank on every row the rule could have checked (one column
        # blank throughout, or split debit and credit columns, one of the two blank on
        # each row): the rule checked nothing, which is for a person to look at (the
        # column's words may have gone to another column; a blank meant to be 0 wants
        # the column's 'default 0'), not an accept with no word of it
        names = [f"'{n}'" for n in dict.fromkeys(lacking)]
        if len(names) == 1 and len(lacking) == len(rows):
            message = f"not evaluated on any row: {names[0]} is blank in every row"
        else:
            message = (f"not evaluated on any row: each row lacks {' or '.join(names)}"
                       + (" (the first has no row before it)"
                          if len(lacking) < len(rows) else ""))
        return Verdict(None, message, message)
    note = f" ({skipped} row(s) not evaluated)" if skipped else ""
    return Verdict(True, note.strip())


def _each_page(rule: RuleSpec, scope: Scope, may_miss: MayMiss) -> Verdict:
    """An ``each page:`` rule's outcome: the rule on each page alone (:func:`pages_of`:
    a table's rows on the page, a repeated field's value there, ``previous(cf)`` the page
    before's). A page without a repeated field's value, or the first page under
    ``previous()``, is not checked; a page where a value the template requires is missing
    is a reason. A failure names its pages and what each side came to there. A rule no
    page could be checked on only because none has a page before it (``bf ==
    previous(cf)`` on a one-page file) is not applicable: not evaluated, said in its
    outcome, no reason to review (a value missing on a page still is one)."""
    scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
    repeated = set(scope.pages.values) if scope.pages is not None else set()
    failed: list[str] = []
    problems: list[tuple[int, str]] = []
    checked = first = 0
    lacking: list[str] = []
    try:
        for page, on_page in pages_of(scope):
            try:
                ok = bool(evaluate(rule.expr, on_page))
            except NoPreviousRow:  # the first page: no page before it to compare with
                first += 1
                continue
            except MissingValue as exc:
                if exc.ref in repeated or may_miss(exc.ref):
                    lacking.append(exc.name)
                else:
                    problems.append((page, f"{exc.name} is missing"))
                continue
            except _EVAL_ERRORS as exc:
                problems.append((page, str(exc)))
                continue
            checked += 1
            if not ok:
                sides = _sides(rule.expr, on_page).strip()
                failed.append(f"{page}" + (f" {sides}" if sides.startswith("(") else
                                           f" ({sides.lstrip(': ')})" if sides else ""))
    finally:
        scope.tolerance = None
    if failed:
        return Verdict(False, f"{rule.source} does not hold on page(s) "
                              + "; ".join(failed[:4])
                              + (f"; and {len(failed) - 4} more" if len(failed) > 4 else ""))
    if problems:
        message = (f"not evaluated on page(s) {', '.join(str(p) for p, _ in problems)}: "
                   f"{problems[0][1]}")
        return Verdict(None, message, message)
    if not checked and first and not lacking and scope.pages is not None \
            and scope.pages.of_document and scope.pages.count == 1:
        return Verdict(None, "not applicable: the document has one page, and previous() "
                             "reads the page before")
    if not checked:
        # no page had the values the rule reads: it checked nothing, never a silent pass
        why = f": {', '.join(dict.fromkeys(lacking))} on every page" if lacking else ""
        message = f"not evaluated on any page{why}"
        return Verdict(None, message, message)
    return Verdict(True, "")


# ---------------------------------------------------------------- confidence and routing
def _fv(c: Candidate, confidence: float) -> FieldValue:
    return FieldValue(value=c.value, raw=c.raw, page=c.page + 1,
                      box=c.box.as_list() if c.box else None,
                      confidence=round(max(0.0, min(1.0, confidence)), 4), source=c.source,
                      locator=c.locator)


def signals_of(c: Candidate, spec_type: Any, ctx: Any, outcomes: list[RuleOutcome] = (),
               name: str | None = None, others: list[Candidate] = (),
               chosen: dict[str, Any] | None = None,
               equations: dict[str, set[str]] | None = None,
               handwritten: bool = False, unvouched: Collection[str] = (),
               refuted: Collection[int] = ()) -> Signals:
    """The evidence about candidate ``c`` (see :mod:`formsift.templates.confidence`);
    ``chosen``: the other fields' candidates, to tell a rule that ties ``c`` to another
    reading from one that compares it with itself; ``equations``: per rule, the fields it
    equates with another value (:func:`equated`), the only ones a rule passed vouches
    for (all the rule's fields when not given); ``handwritten``: the template says the
    value is handwritten, so every recognized word of it counts as handwriting, whichever
    recognizer read it; ``unvouched``: rules whose passing vouches for no value
    (:func:`_printed_only`); ``refuted``: the ids of other candidates an error rule fails
    for while it holds for ``c`` (:func:`_refuted`), which are no rivals of ``c``: such a
    rule settles the runner-up ambiguity (``rules_held``); one holding for every reading
    settles nothing."""
    chars = [x for w in c.words for x in (w.char_confidences or (w.confidence,))]
    rec_min, rec_mean = recognition(chars) if c.words else (c.confidence, c.confidence)
    passed = failed = warns_passed = warns_failed = held = 0
    for o in outcomes:
        if name is None or name not in o.fields or o.passed is None:
            continue
        # a rule passed is evidence only when it ties the value to another one ("net + vat
        # == total"); one that checks the value alone ("total > 0") can only speak against
        tied = set(o.fields) - {name}
        # ... read elsewhere: "total == cash - change" with the total and the cash read
        # from the same words only says that the change is 0
        corroborates = o.passed is True and bool(tied) and o.name not in unvouched and not (
            chosen is not None and any(isinstance(x := chosen.get(f), Candidate)
                                       and same_words(c, x) for f in tied))
        # ... and by an equation: an inequality ("withheld <= wages") holds for a
        # neighbour's value read by mistake as well as for the right one, and vouches for
        # neither (though it may have chosen between rival readings: ``rules_held``,
        # counted below from the rivals it refutes, not from its passing: a rule that
        # holds for every reading decides nothing)
        if equations is not None and name not in equations.get(o.name, set()):
            corroborates = False
        if o.severity == "error":
            passed += corroborates
            failed += o.passed is False
        else:
            warns_passed += corroborates
            warns_failed += o.passed is False
    # rivals count for locators anchored on a label ("right of", "after", ...): two totals
    # beside two "Total" labels are ambiguous; several lines in a region are not. Other
    # values read from the same words by the same locator are rivals whatever the locator:
    # two readings of one text ("12 345,67" in de_DE: 12345.67 or 345.67)
    rivals = [x for x in others if x is not c and str(x.value) != str(c.value)
              and ((_anchored(x) and _anchored(c))
                   or (x.locator == c.locator and same_words(x, c)))]
    # a rival an error rule refutes ("48" of "JT 48 21 93 B" under valid_id("gb.nino",
    # nino); a date before the sampling date under "sampled <= rel1_date") is none: the
    # rule chose between them; rivals it holds for stay rivals
    held += any(id(x) in refuted for x in rivals)
    rivals = [x.score for x in rivals if id(x) not in refuted]
    runner_up = min(1.0, max(rivals) / c.score) if rivals and c.score > 0 else 0.0
    # a value read from handwriting (free text, a number, a date): no surer than its
    # weakest handwritten word, whose confidence a calibrated recognizer gives as the share
    # of such words read right; a misread handwritten digit the recognizer was unsure of
    # (0.76) scored as print (0.87) when this held for text only (fleet journey, finding 3)
    # A field the template says is handwritten counts every recognized word so, also one
    # the printed recognizer read (the style model took the digits for print): an SSN
    # misread '282-18-6298' with its word at 0.50 scored 0.85 as print, accepted (HR
    # onboarding journey, finding 1)
    written = [w.handwritten or (handwritten and w.recognized) for w in c.words]
    hand = [w.confidence for w, h in zip(c.words, written, strict=True) if h]
    lone = lone_letter(c, spec_type)
    if lone is not None:
        hand = [lone]
    printed = [x for w, h in zip(c.words, written, strict=True) if not h
               for x in (w.char_confidences or (w.confidence,))]
    return Signals(rec_min, rec_mean, min(1.0, c.score), _parse_quality(c, spec_type, ctx),
                   passed, failed, warns_passed, warns_failed, runner_up,
                   min(hand) if hand and not passed else 1.0, held,
                   min(printed, default=1.0), placed=c.placement,
                   digits=min(typed_digits(c, spec_type, written),
                              doubted_reading(c, spec_type, ctx)))


def doubted_reading(c: Candidate, spec_type: Any, ctx: Any) -> float:
    """:data:`~formsift.templates.confidence.UNSURE_CHARACTER` when the field's type read
    the value of ``c`` only by putting a recognizer's misreading right (:func:`misreading`),
    else 1.0: such a value is no surer than a character the recognizer doubts, unless a
    rule ties it to another value (``Signals.digits``)."""
    if not c.words or misreading(c.raw, c.value, spec_type, ctx) is None:
        return 1.0
    return UNSURE_CHARACTER


def _put_right_in_print(c: Candidate, spec_type: Any, ctx: Any) -> bool:
    """Whether ``c`` is a value its type read by putting a misreading right
    (:func:`misreading`) in words not all a recognizer's: a text layer's letters are as
    printed, nothing in them is a misreading (a born-digital page's typo '9. Mlai 1993'
    is no date put right because a scanned page came with it, nor is '15. II. 2026' on
    a page beside a recognized stamp November's)."""
    return ctx.recognized and bool(c.words) and not all(w.recognized for w in c.words) \
        and misreading(c.raw, c.value, spec_type, ctx) is not None


def misreading(raw: Any, value: Any, spec_type: Any, ctx: Any) -> str | None:
    """The recognizer's misreading the field's type put right to read ``value`` from
    ``raw`` (its ``doubted``: a date's day read as the letter 'I', "'I' read as 1"; a
    month name one letter off; an e-mail's ',' for '.' or '.0rg'), None when the value
    was read as written or the type puts nothing right."""
    doubted = getattr(spec_type, "doubted", None)
    if doubted is None or not isinstance(raw, str):
        return None
    return doubted(raw, value, ctx) or None


def lone_letter(c: Candidate, spec_type: Any) -> float | None:
    """How sure a value of an ``enum`` is that the handwriting recognizer read as one
    letter alone (a reading code "A" among A, E, N, R): the share of letters read right
    at the model's confidence in it (:func:`formsift.handwriting.calibration.letter_right`),
    not a word's (at most 0.58, which sent every such code to review). None for any other
    value (several characters or words, print, another type)."""
    from formsift.handwriting.calibration import letter_right

    if getattr(spec_type, "name", None) != "enum" or len(c.words) != 1:
        return None
    word = c.words[0]
    if not (word.handwritten and len(word.text) == 1 and word.text.isalpha()
            and len(word.char_confidences or ()) == 1):
        return None
    return letter_right(word.char_confidences[0])


def typed_digits(c: Candidate, spec_type: Any, written: list[bool]) -> float:
    """The weakest digit of a value whose type counts its digits at their weakest (a
    date's, an amount's: the type's ``digits_at_weakest``), in its words read as print
    (``written``: the handwritten ones, whose word confidence speaks for them, left out);
    1.0 for any other value or one without such a digit. No check covers a typed value's
    digits and one of them misread is a wrong value: a receipt's faded 15-03-18 read
    15-03-13 at 0.86 (its 3 at 0.94, the faded 0 beside it at 0.71) was accepted. The
    value is no surer than that digit unless a rule ties it to another value
    (``Signals.digits``, :func:`formsift.templates.confidence.digits_ceiling`)."""
    if not getattr(spec_type, "digits_at_weakest", False) or not isinstance(c.raw, str):
        return 1.0
    low = 1.0
    for w, hand in zip(c.words, written, strict=True):
        if hand or not w.recognized or not w.text:
            continue
        confs = w.char_confidences if len(w.char_confidences or ()) == len(w.text) \
            else (w.confidence,) * len(w.text)
        # the word's characters that are the value's: all of a word inside the value,
        # the value's part of a word it was cut out of ("TOTAL:12.50"); none of a word
        # beside it (a table row's quantity "1" beside the amount "5.80")
        at = 0 if w.text in c.raw else w.text.find(c.raw)
        if at < 0:
            continue
        part = slice(at, at + len(c.raw)) if at or w.text not in c.raw else slice(None)
        text, confs = w.text[part], confs[part]
        low = min([low, *(confs[m.start()] for m in _DIGIT.finditer(text))])
    return low


#: A digit of a value's digits: not a lone one against a letter, which is a letter read
#: as its look-alike that the type put right ("01 Ju1 2020", "06 0ct 2018": the month's
#: letters say what it is), nor a digit of a word of letters; a day's digit before its
#: ordinal suffix ("3rd Mar 2024", "1st") is one.
_DIGIT = re.compile(r"(?<![^\W\d_])\d(?![^\W\d_])|\d(?=\d)|(?<=\d)\d"
                    r"|(?<![^\W\d_])\d(?=(?:st|nd|rd|th)(?![^\W\d_]))")


#: A lower-case letter followed by an upper-case one inside a token ("AnnaKeller",
#: "SohnKG"): a space lost by the recognizer, more often than a real "McDonald".
_GLUED = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")




def _parse_quality(c: Candidate, ftype: Any, ctx: Any) -> float:
    """1.0 when the value is the whole of its words and parses strictly; less when it was
    cut out of a longer token or only found leniently inside the text."""
    if not c.words:
        return 1.0
    whole = "".join(w.text for w in c.words)
    raw = "".join(c.raw.split())
    coverage = min(1.0, len(raw) / len(whole)) if whole else 1.0
    try:
        strict = ftype.parse(c.raw, ctx) == c.value
    except (ValueError, TypeError):
        strict = False
    quality = coverage * (1.0 if strict else 0.7)
    if isinstance(c.value, str) and ftype.value_kind == "text" and _GLUED.search(c.value):
        quality *= 0.7  # "AnnaKeller": words a recognizer ran together, a likely misread
    if isinstance(c.value, str) and _put_right(c.raw, c.value):
        quality *= 0.7  # a look-alike the type put right ("82" for the enum value B2)
    return quality


def _put_right(raw: str, value: str) -> bool:
    """Whether a text value is not the text it was read from: a character the type put
    right (an enum's or an id's look-alike, an IBAN's O for 0), case, spacing, width and
    marks aside."""
    import unicodedata

    def letters(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold()
                       if ch.isalnum())
    return letters(raw) != letters(value)


def _has_value(template: CompiledTemplate, chosen: dict[str, Any],
               tables: dict[str, list[Row]], name: str) -> bool:
    """Whether ``name`` has a value to be equated with another: a field read (or its
    ``default``), a table with a row; a name that is neither counts as having one."""
    if name in tables:
        return bool(tables[name])
    spec = template.fields.get(name)
    return spec is None or bool(chosen.get(name)) or spec.default is not None


def _vouched(template: CompiledTemplate, chosen: dict[str, Any],
             tables: dict[str, list[Row]], rule: RuleSpec, doubted: set[str],
             scope: Scope) -> set[str]:
    """The names of ``rule``'s equations (:func:`equated`) its passing vouches for: those
    of each equation compared where the rule was evaluated (:func:`_compared_there`).
    Not one held by a presence test beside it (``missing(paid) or amount == paid`` with no
    ``paid``: a receipt's misread total rose from 0.89 to 0.99 beside an amount before
    tax not read; ``missing(note) or ref == order`` with no note lifted two references
    that differ; ``missing(kind(note))`` with a note the map has no key for, or
    ``missing(items.disc)`` with every cell blank, likewise), nor one with a name that has
    no value (a table with no rows); the equation beside a guard that did not hold
    still vouches (``(missing(a) or p == q) and (missing(b) or r == s)`` with ``a`` read
    and no ``b``: ``p`` and ``q``). And a misreading put right (``doubted``:
    :func:`doubted_reading`) only beside another value that is none: two dates read
    alike from 'I. 2. 2026' vouch for neither."""
    names: set[str] = set()
    for node, tied, guards in _equations(rule.expr, template.functions):
        if all(_has_value(template, chosen, tables, n) for n in tied) \
                and _compared_there(rule, node, guards, scope):
            names |= tied
    sure = names - doubted
    return {n for n in names if n in sure or sure - {n}}


def _compared_there(rule: RuleSpec, node: A.Expr, guards: Sequence[A.Expr],
                    scope: Scope) -> bool:
    """Whether ``rule``'s equation ``node`` holds somewhere the rule was evaluated (its
    scope; for an ``each`` rule a row of its table, for an ``each page`` one a page) where
    none of its ``guards`` (:func:`_guarded_conjuncts`) holds: there it was compared."""
    def held(s: Scope) -> bool:
        return not any(_outcome(g, s) is True for g in guards) and _outcome(node, s) is True

    scope.tolerance, scope.tolerance_percent = rule.tolerance, rule.tolerance_percent
    try:
        if rule.per_page:
            return scope.pages is not None and any(held(s) for _, s in pages_of(scope))
        if rule.each is None:
            return held(scope)
        rows = scope.tables.get(rule.each)
        if rows is None:  # a repeated field: a row per value, as :func:`_each` reads it
            values = scope.values.get(rule.each)
            rows = [{rule.each: v} for v in values] if isinstance(values, list) else []
        for i, row in enumerate(rows):
            scope.row, scope.previous_row = row, rows[i - 1] if i else None
            if held(scope):
                return True
        return False
    finally:
        scope.row = scope.previous_row = None
        scope.tolerance = None


def _doubted_names(template: CompiledTemplate, chosen: dict[str, Any]) -> set[str]:
    """The fields whose chosen value its type read by putting a misreading right
    (:func:`doubted_reading`)."""
    return {n for n, spec in template.fields.items()
            if isinstance(c := chosen.get(n), Candidate)
            and doubted_reading(c, spec.type, template.context) < 1.0}


def _field_values(template: CompiledTemplate, chosen: dict[str, Any],
                  cands: dict[str, list[Candidate]], outcomes: list[RuleOutcome],
                  signals: dict[str, Signals], refuted: dict[str, set[int]] | None = None,
                  tables: dict[str, list[Row]] | None = None
                  ) -> dict[str, FieldValue | list[FieldValue] | None]:
    out: dict[str, FieldValue | list[FieldValue] | None] = {}
    ctx = template.context
    doubted = _doubted_names(template, chosen)
    scope = _scope(template, chosen, tables or {})
    scope.outcomes.update({o.name: o.passed for o in outcomes})
    # (a rule that did not pass vouches for nothing whatever its equations)
    passed = {o.name for o in outcomes if o.passed is True}
    equations = {r.name: _vouched(template, chosen, tables or {}, r, doubted, scope)
                 if r.name in passed else set() for r in template.rules}
    # a rule about other documents (seen_before: a duplicate) says nothing about how
    # well a value was read: it routes the record, it leaves the confidence alone
    elsewhere = {r.name for r in template.rules if _asks_other_documents(r)}
    outcomes = [o for o in outcomes if o.name not in elsewhere]
    unvouched = _printed_only(template, chosen)
    for name, spec in template.fields.items():
        c = chosen.get(name)
        if spec.repeated:
            # each value, as a single field's: a passed rule that ties them to another
            # value (sum(building_totals) == total_rent) vouches for every one, a failed
            # one speaks against every one; they are no rivals of each other (the rent
            # roll journey: the subtotals stayed at 0.887 beside a total at 0.9996)
            # ... and a free-text value at its weakest character, as a single one (a
            # text[] value with a letter at 0.4 was accepted at 0.856)
            # ... and one failing a check of its own no surer than that allows
            sigs = [signals_of(x, spec.type, ctx, outcomes, name, (), chosen, equations,
                               handwritten=spec.handwritten, unvouched=unvouched)
                    for x in c or []]
            out[name] = [_fv(x, combine(_check_failed(template, outcomes, name, x,
                                                      _free_text_capped(sig, spec))))
                         for x, sig in zip(c or [], sigs, strict=True)]
            continue
        if c is None:
            out[name] = _default(spec)
            continue
        sig = signals_of(c, spec.type, ctx, outcomes, name, cands.get(name, []), chosen,
                         equations, handwritten=spec.handwritten, unvouched=unvouched,
                         refuted=(refuted or {}).get(name, ()))
        sig = _check_failed(template, outcomes, name, c, _free_text_capped(sig, spec))
        check = _value_check(template, chosen, outcomes, name, c, unvouched, equations)
        if check is not None:  # a check digit that passed: what it covers, what not
            sig = _with_check(sig, c, spec, check)
        signals[name] = sig
        # a value the template states (value "...") is as sure as a default, unless a
        # rule it takes part in failed
        stated = c.source == "template" and not sig.rules_failed
        fv = _fv(c, 1.0 if stated else combine(sig))
        fv.candidates = len(cands.get(name, [])) or 1
        out[name] = fv
    return out


def _free_text_capped(sig: Signals, spec: FieldSpec) -> Signals:
    """``sig`` of a free-text value (``text``) no surer than its weakest printed character
    under :data:`UNSURE_TEXT_CHARACTER` (``Signals.unchecked``), unless a rule ties it to
    another value: nothing covers its characters (a handwritten name the print recognizer
    read 'ofa Rossi' for 'Sofia Rossi', a letter at 0.37, scored 0.84)."""
    if getattr(spec.type, "name", None) == "text" and not sig.rules_passed \
            and sig.printed_min < UNSURE_TEXT_CHARACTER:
        return replace(sig, unchecked=sig.printed_min)
    return sig


@dataclass(frozen=True)
class ValueCheck:
    """The checks of a reading of one field (:func:`_value_check`): each takes a reading
    (a changed one), parses it by the field's type and runs it through them (None for one
    the type does not parse)."""

    #: the type's own check and the error rules over the field alone that check its
    #: reading and passed (``valid_iban(iban)``, ``valid_mrz(mrz)``, a closed list's)
    passes: Callable[[str], bool | None]
    #: what covers a character as a check digit does (every change of it fails:
    #: :func:`formsift.templates.check_digits.unchecked_min`): ``passes`` but the closed
    #: lists, and the passed error rules that equate the field with another value read
    #: elsewhere (``surname == mrz.surname`` covers the zone's surname, not the rest)
    looks: Callable[[str], bool | None]
    #: ``looks`` and the closed lists (:func:`formsift.templates.check_digits.closed_list`),
    #: when there are any
    listed: Callable[[str], bool | None] | None
    #: the readings a recognizer could have given (the type's pattern), else None
    possible: Callable[[str], bool] | None


def _with_check(sig: Signals, c: Candidate, spec: FieldSpec, check: ValueCheck) -> Signals:
    """``sig`` with what the checks of value ``c`` (:func:`_value_check`) say: its
    weakest printed character they do not cover, when they cover others
    (:func:`formsift.templates.check_digits.unchecked_min`: an MRZ's names), and, for a
    value capped (:func:`ceiling`), how sure the checks of the value alone make the
    doubted characters (:func:`formsift.templates.check_digits.checked`)."""
    written = [w.handwritten or (spec.handwritten and w.recognized) for w in c.words]
    sig = replace(sig, unchecked=min(sig.unchecked, check_digits.unchecked_min(
        c.raw, c.words, written, check.looks, check.listed)))
    if ceiling(sig) < 1.0:
        sig = replace(sig, checked=check_digits.checked(
            c.raw, c.words, written, lambda raw: bool(check.passes(raw)), check.possible))
    return sig


def _value_check(template: CompiledTemplate, chosen: dict[str, Any],
                 outcomes: list[RuleOutcome], name: str, c: Candidate,
                 unvouched: Collection[str] = (),
                 equations: dict[str, set[str]] | None = None) -> ValueCheck | None:
    """The checks of a reading of field ``name`` (:class:`ValueCheck`): the error rules
    over it alone that check its reading and passed (``valid_iban(iban)``; no comparison
    with literals, :func:`checks_literals`), its type's own check (a type whose
    ``checks_reading`` is set), and for what covers its characters also the passed error
    rules that equate it with a value read from other words (not a rule whose passing
    vouches for nothing: ``unvouched``, or one whose equation vouches for no value:
    ``equations``, see :func:`_vouched`). None when there is no check of the value alone
    or ``c`` was not read from words."""
    passed = {o.name for o in outcomes if o.passed is True}
    rules = [r for r in _reading_checks(template, name) if r.name in passed]
    spec = template.fields[name]
    # a type that checks its readings itself (an iban's mod 97) is a check too: a changed
    # reading it does not parse fails (deposit slips journey: a handwritten IBAN read
    # right was not lifted when the template had no valid_iban rule)
    if not (rules or getattr(spec.type, "checks_reading", False)) or not c.words \
            or not isinstance(c.raw, str):
        return None
    lists = [r for r in rules if _calls_closed_list(r, template.functions)]
    scope = _scope(template, chosen, {}, {})
    # (a tie over a table, which this scope leaves out, is not tried)
    ties = [r for r in _ties_to_others(template, chosen, passed, name, c, unvouched,
                                       equations) if _check(r, scope)]
    # a type that parses a reading whose check fails (an MRZ: ``valid`` False) says so
    own = getattr(spec.type, "reading_passes", lambda value: True)

    def checker(some: list[RuleSpec]) -> Callable[[str], bool | None]:
        def run(raw: str) -> bool | None:
            try:
                scope.values[name] = value = spec.type.parse(raw, template.context)
            except (ValueError, TypeError):
                return None
            # a changed reading of the same value ('Mat' for 'Mar', both March) is no
            # misreading: it says nothing about what the check looks at
            if raw != c.raw and value == c.value:
                return None
            return own(value) and all(_check(r, scope) for r in some)
        return run

    looks = [r for r in rules if r not in lists] + ties
    # a wrong reading is one of the type's shape (a recognizer reading by it gives no other)
    shape = getattr(spec.type.constraint(), "pattern", None)
    return ValueCheck(checker(rules), checker(looks), checker(looks + lists) if lists else None,
                      check_digits.shaped(shape) if shape else None)


def _reading_checks(template: CompiledTemplate, name: str) -> list[RuleSpec]:
    """The error rules over field ``name`` alone that check its reading as text
    (:func:`_checks_text`: ``valid_iban(iban)``, ``valid_mrz(mrz)``)."""
    return [r for r in template.rules
            if r.severity == "error" and r.each is None and set(r.fields) == {name}
            and _checks_text(r, template.functions) and not _asks_other_documents(r)]


def _check_failed(template: CompiledTemplate, outcomes: list[RuleOutcome], name: str,
                  c: Candidate, sig: Signals) -> Signals:
    """``sig`` marked ``check_failed`` when value ``c`` of field ``name`` failed a check of
    its own: its type's (an MRZ whose check digits do not hold: ``reading_passes``) or an
    error rule over the field alone that checks its reading (:func:`_reading_checks`) for
    validity (:func:`_checks_validity`).
    Such a value is no surer than :data:`formsift.templates.confidence.CHECK_FAILED`
    whatever rule tying it to another value passed (a zone whose document number failed
    its check digit was reported at 1.0 beside the printed fields it matched)."""
    own = getattr(template.fields[name].type, "reading_passes", None)
    failed = {o.name for o in outcomes if o.passed is False}
    if (own is not None and c.value is not None and not own(c.value)) \
            or any(r.name in failed and _checks_validity(r, template.functions)
                   for r in _reading_checks(template, name)):
        return replace(sig, check_failed=True)
    return sig


def _checks_validity(rule: RuleSpec, functions: dict[str, Any]) -> bool:
    """Whether every function ``rule`` calls checks that a reading is a valid code or
    number of its scheme: one marked so (:func:`formsift.templates.check_digits.
    checks_validity`: ``valid_iban``, ``valid_mrz``, ``valid_id``, ``luhn``) or a closed
    list of codes (:func:`formsift.templates.check_digits.closed_list`). Not a test of
    the text such as ``starts_with(iban, "DE")``, nor a plugin's business rule however
    named (``valid_for_route(iban)``), which a value read right fails as well: its
    failing routes the record, it says nothing of how well the value was read."""
    return all(check_digits.is_validity_check(getattr(functions.get(n.name.text), "impl", None))
               for n in A.walk(rule.expr) if isinstance(n, A.FuncCall))


def _calls_closed_list(rule: RuleSpec, functions: dict[str, Any]) -> bool:
    """Whether ``rule`` calls a function that checks against a closed list of codes
    (:func:`formsift.templates.check_digits.closed_list`: ``valid_country``)."""
    return any(isinstance(n, A.FuncCall) and check_digits.is_closed_list(
        getattr(functions.get(n.name.text), "impl", None)) for n in A.walk(rule.expr))


def _ties_to_others(template: CompiledTemplate, chosen: dict[str, Any], passed: set[str],
                    name: str, c: Candidate, unvouched: Collection[str],
                    equations: dict[str, set[str]] | None = None) -> list[RuleSpec]:
    """The passed error rules that equate field ``name`` with another value
    (:func:`equated`; of ``equations``, those whose passing vouches for it, see
    :func:`_vouched`: not ``missing(paid) or iban == paid_iban`` with no ``paid``) read
    from other words than ``c`` (a value compared with itself vouches for nothing), as
    :func:`signals_of` counts them, and that hold with the values as chosen: a character
    of ``c`` such a rule fails every change of is read right (the printed surname reads
    as the zone's)."""
    out = []
    for r in template.rules:
        others = set(r.fields) - {name}
        tied = equated(r, template.functions) if equations is None \
            else equations.get(r.name, set())
        if r.name not in passed or r.severity != "error" or r.each is not None \
                or not others or r.name in unvouched or _asks_other_documents(r) \
                or name not in tied:
            continue
        if any(isinstance(x := chosen.get(f), Candidate) and same_words(c, x)
               for f in others):
            continue
        out.append(r)
    return out


def _checks_text(rule: RuleSpec, functions: dict[str, Any]) -> bool:
    """Whether ``rule`` checks its field's reading as text (``valid_iban(iban)``,
    ``valid_mrz(mrz)``: calls of functions over text only, no comparison), the only rules
    whose passing says which characters were read right. A bound (``not_in_future(date)``,
    ``total > 0``, a function over a date or a number) fails some changed readings
    (a year's tens digit: 2034 is in the future) and covers no character."""
    nodes = list(A.walk(rule.expr))
    calls = [n for n in nodes if isinstance(n, A.FuncCall)]
    return bool(calls) and not any(_compares(n) for n in nodes) and all(
        set(getattr(functions.get(n.name.text), "params", ("?",))) <= {"text", "any"}
        for n in calls)


def _default(spec: FieldSpec) -> FieldValue | None:
    if spec.default is None:
        return None
    return FieldValue(value=spec.default, raw=None, confidence=1.0, source="template",
                      locator="default", candidates=0)


#: Reasons an ``accept when`` policy may overrule: the default policy's doubts about values
#: that are there. Every other reason (a failed or unevaluated error rule, a missing field,
#: a regex timeout, an amount in another currency) keeps a record from being accepted.
SOFT_REASONS = frozenset({"low_confidence", "ambiguous"})


def _weak_items(values: list[Any], floor: float) -> str:
    """The values of a repeated field read under ``floor``, named for a reason ("2 of 5
    values: item 2 ('stepping', 0.04), item 4 ('32d', 0.08)"; at most three named), or
    "" when none is."""
    weak = [(i, v) for i, v in enumerate(values, 1)
            if isinstance(v, FieldValue) and v.confidence < floor]
    if not weak:
        return ""
    named = ", ".join(f"item {i} ({v.raw!r}, {v.confidence:.2f})" for i, v in weak[:3])
    more = f" and {len(weak) - 3} more" if len(weak) > 3 else ""
    return f"{len(weak)} of {len(values)} values: {named}{more}"


def _route(template: CompiledTemplate, fields: dict[str, Any], tables: dict[str, Any],
           outcomes: list[RuleOutcome], cands: dict[str, list[Candidate]],
           signals: dict[str, Signals] | None = None, found: Sequence[Reason] = (),
           misses: dict[str, list[str]] | None = None,
           unread: dict[str, list[dict[str, str]]] | None = None,
           headless: dict[str, set[str]] | None = None
           ) -> tuple[Status, list[Reason]]:
    """The status and its reasons; ``found`` are reasons met before routing (regex
    timeouts, rules not evaluated); ``misses`` the text found where a missing field's
    value should be (see :func:`locate`); ``unread`` the same for table cells (per table,
    per row: column to text) and ``headless`` the columns whose header was not found (per
    table; see :func:`extract_table`)."""
    reasons: list[Reason] = list(found)
    failed_fields = {f for o in outcomes if o.passed is False and o.severity == "error"
                     for f in o.fields}
    # a value that is there but fails its type's check is invalid_value, not also missing
    invalid = {r.field for r in found if r.code == "invalid_value"}
    # a field the rules left undecided between readings already has its ambiguous reason
    doubted = {r.field for r in found if r.code == "ambiguous"}
    for o in outcomes:
        if o.passed is False and o.severity == "error":
            reasons.append(Reason(code="rule_failed", rule=o.name,
                                  message=o.message + _on_doubted(o.fields, fields, doubted)
                                  + _on_misread(template, o.fields, fields),
                                  refers_to=_earlier(template, o.name, fields, tables),
                                  rows=o.rows))
    for name, spec in template.fields.items():
        fv = fields.get(name)
        sig = (signals or {}).get(name)
        if fv is None and not spec.optional and not spec.repeated and name not in invalid:
            where = ", ".join(loc.describe() for loc in spec.locators)
            seen = (misses or {}).get(name)
            pattern = getattr(spec.type.options, "pattern", None)
            kind = (f"{_a(spec.type.name)} value of the pattern /{pattern}/"
                    if isinstance(pattern, str) else f"{_a(spec.type.name)} value")
            there = (f": {'; '.join(seen[:2])}, which does not read as {kind}"
                     if seen else "")
            reasons.append(Reason(code="field_missing", field=name,
                                  message=f"no value found for '{name}' ({where}){there}"))
        elif name in failed_fields:
            continue  # a failed rule already says why
        elif isinstance(fv, FieldValue) and sig is not None \
                and sig.runner_up >= AMBIGUOUS_RATIO and not sig.rules_held \
                and name not in doubted:  # said once, naming the values
            values = _candidate_values(fv, cands.get(name, []))
            kinds = ("different values" if len(values) >= fv.candidates
                     else f"{len(values)} different values")  # (one read twice or more)
            reasons.append(Reason(code="ambiguous", field=name, message=(
                f"'{name}' has {fv.candidates} candidates with {kinds} and nearly "
                f"equal scores; no rule decides between them: {_rival_values(values)}")))
        elif isinstance(fv, FieldValue) and fv.confidence < (
                HANDWRITTEN_MIN_CONFIDENCE if spec.handwritten else DEFAULT_MIN_CONFIDENCE):
            floor = (f" (under {HANDWRITTEN_MIN_CONFIDENCE} for a handwritten value)"
                     if spec.handwritten and fv.confidence >= DEFAULT_MIN_CONFIDENCE else "")
            put_right = misreading(fv.raw, fv.value, spec.type, template.context)
            misread = (f" ({fv.raw!r}: {put_right}, a misreading put right; check it)"
                       if put_right else "")
            reasons.append(Reason(code="low_confidence", field=name,
                                  message=f"confidence {fv.confidence:.2f} for '{name}'"
                                          f"{floor}{misread}"))
        elif isinstance(fv, list) and (weak := _weak_items(
                fv, HANDWRITTEN_MIN_CONFIDENCE if spec.handwritten
                else DEFAULT_MIN_CONFIDENCE)):
            floor = (f" (under {HANDWRITTEN_MIN_CONFIDENCE} for handwritten values)"
                     if spec.handwritten else "")
            reasons.append(Reason(code="low_confidence", field=name, message=(
                f"'{name}' has {weak} read with low confidence{floor}")))
    reasons += _currency_reasons(template, fields, tables, cands)
    reasons += _blank_cells(template, tables, unread or {}, headless or {})
    reasons += _left_above(template, unread or {})
    reasons = note_accepted(template, reasons)  # accept low_confidence(...): said, not routed
    scope = Scope(values={n: _value_of(v) for n, v in fields.items()},
                  tables={n: [{k: (v.value if v else None) for k, v in row.items()}
                              for row in rows] for n, rows in tables.items()},
                  confidences=_confidences(fields, tables),
                  outcomes={o.name: o.passed for o in outcomes},
                  functions=template.functions)
    decided = apply_policies(template.policies, scope, reasons)
    if decided == "reject":
        return Status.REJECTED, reasons
    # accepted must be earned: a policy overrules doubts, never a missing field or a rule
    # that failed or could not be checked
    routing = [r for r in reasons if routes(r)]
    if decided == "accept" and all(r.code in SOFT_REASONS for r in routing):
        return Status.ACCEPTED, [r for r in reasons if not routes(r)]
    return (Status.REVIEW if routing else Status.ACCEPTED), by_action(reasons)


def _on_doubted(names: Sequence[str], fields: dict[str, Any], doubted: set[str]) -> str:
    """What a failed rule's reason adds when the rule was computed on a value doubted
    before routing (``doubted``: its ambiguous reason names the other reading, a re-read
    of its crop the rules did not weigh): the value named, so that the failure is read as
    possibly the reading's (cheque journey: a date read '1/2 7/2 026', 2026-01-27, against
    its re-read 11/27/2026 failed not_stale, and the reviewer read "stale-dated cheque",
    which the right reading is not); "" when no value of the rule is doubted. Values whose
    candidates the rules chose between need no word: the rules were tried on each."""
    said = [f"'{name}' {_shown(fields[name].value)}" for name in dict.fromkeys(names)
            if name in doubted and isinstance(fields.get(name), FieldValue)]
    if not said:
        return ""
    return (f" (computed on a doubted value: {', '.join(said)}, read otherwise too, see "
            f"{'its' if len(said) == 1 else 'their'} ambiguous reason; the rule may hold "
            f"on the right reading)")


def _on_misread(template: CompiledTemplate, names: Sequence[str], fields: dict[str, Any]
                ) -> str:
    """What a failed rule's reason adds when the rule was computed on a value its type
    read by putting a recognizer's misreading right (:func:`misreading`): the value, the
    text it was read from and what was put right, so that the failure is read as possibly
    the reading's (HR journey: a start date read 'I. Januar 2027', 2027-01-01, failed
    the under-16 rule, whose reason said nothing of the doubted date); "" when none was."""
    said = []
    for name in dict.fromkeys(names):
        fv, spec = fields.get(name), template.fields.get(name)
        if isinstance(fv, FieldValue) and spec is not None and (
                how := misreading(fv.raw, fv.value, spec.type, template.context)):
            said.append(f"'{name}' {_shown(fv.value)} read from {fv.raw!r}, {how}")
    if not said:
        return ""
    return f" (computed on a misreading put right: {'; '.join(said)}; check it)"


#: An ``ambiguous`` field's reason names at most this many of its candidates' values.
_MAX_RIVALS = 4


def _candidate_values(fv: FieldValue, cands: list[Candidate]) -> list[tuple[Any, list[int]]]:
    """A field's candidates' values, each once with the pages (1-based) it was found on
    (once per candidate): the value taken first, then the others by score."""
    order = sorted(cands, key=lambda c: (str(c.value) != str(fv.value), -c.score))
    values: dict[str, tuple[Any, list[int]]] = {}
    for c in order:
        values.setdefault(str(c.value), (c.value, []))[1].append(c.page + 1)
    if str(fv.value) not in values:
        values = {str(fv.value): (fv.value, [fv.page] if fv.page else []), **values}
    return list(values.values())


def _rival_values(values: list[tuple[Any, list[int]]]) -> str:
    """'2026-12-02 (page 1, 3 times, taken), 2026-12-03 (page 1)': the values an
    ``ambiguous`` field's candidates read (at most :data:`_MAX_RIVALS`), so that a
    reviewer sees what to choose between (custody journey: "has 4 candidates" named
    none)."""
    shown = []
    for k, (value, found) in enumerate(values[:_MAX_RIVALS]):
        pages = sorted(set(found))
        where = (f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
                 if pages else "")
        times = f"{len(found)} times" if len(found) > 1 else ""
        said = ", ".join(x for x in (where, times, "taken" if k == 0 else "") if x)
        shown.append(f"{_shown(value)} ({said})" if said else _shown(value))
    more = len(values) - _MAX_RIVALS
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _blank_cells(template: CompiledTemplate, tables: dict[str, Any],
                 unread: dict[str, list[dict[str, str]]],
                 headless: dict[str, set[str]] | None = None) -> list[Reason]:
    """A ``field_missing`` reason for each required column (not ``?``, no ``default``)
    with rows that hold no value in it: a quantity left blank, or one the recognizer could
    not read, is no row to accept whether or not a rule reads the column. Text under the
    column that does not read as its type is named ("2.5" under an ``int`` column); a
    column whose header is on no header line says so (a misspelt header)."""
    out: list[Reason] = []
    for tname, tspec in template.tables.items():
        rows = tables.get(tname) or []
        texts = unread.get(tname) or []
        for col in tspec.columns:
            if col.optional or col.default is not None:
                out += _unread_numbers(tname, col, rows, texts, template.context)
                out += _inked_blanks(tname, col, rows, texts, tspec.columns)
                out += _header_misread(tname, col, rows, texts)
                continue
            blank = [i for i, row in enumerate(rows, start=1) if row.get(col.name) is None]
            if not blank:
                continue
            shared = _read_by_shared_header(tname, col, tspec.columns, rows, blank,
                                            "field_missing")
            if shared:
                out.append(shared)
                continue
            shown = ", ".join(map(str, blank[:10])) + (" ..." if len(blank) > 10 else "")
            seen = [(i, texts[i - 1][col.name]) for i in blank
                    if i <= len(texts) and col.name in texts[i - 1]]
            given = [(i, texts[i - 1][col.name + GIVEN]) for i in blank
                     if i <= len(texts) and col.name + GIVEN in texts[i - 1]]
            if col.name in (headless or {}).get(tname, ()):
                headers = " | ".join(f'"{h}"' if isinstance(h, str) else h.source()
                                     for h in col.header)
                message = (f"row(s) {shown} of table '{tname}' have no '{col.name}': its "
                           f"header {headers} is not on the table's header line (is it "
                           f"written as on the document?)")
            elif col.type.reads_image:  # read from its cells' pixels: none were there
                message = (f"row(s) {shown} of table '{tname}' have no '{col.name}': a "
                           f"{col.type_name} column is read from the image of each row's "
                           f"cell under its header, and there was none to read (a page "
                           f"with no image, or rows read by line rules)")
            elif seen:
                said = "; ".join(f"row {i}: {text!r}" for i, text in seen[:3])
                why = (f"the text under it does not read as {_a(col.type_name)} value "
                       f"({said}"
                       + (f" and {len(seen) - 3} more" if len(seen) > 3 else "") + ")")
                # what the column's type says of such a cell ("'271100' ... day 00, as GS1
                # expiry dates write the month's end: ..."), else a question about the type
                said_by_type = next((w for _, text in seen
                                     if (w := col.type.misfit(text, template.context))), None)
                if said_by_type:
                    message = (f"row(s) {shown} of table '{tname}' have no '{col.name}': "
                               f"{why}; {said_by_type}")
                elif len(seen) == len(blank) and len(rows) - len(blank) < len(seen):
                    # most of the column's cells fail its type: a template question
                    message = (f"row(s) {shown} of table '{tname}' have no '{col.name}': "
                               f"{why}; is '{col.type_name}' the column's type?")
                elif len(seen) == len(blank):  # the other rows read: this cell is misread
                    read = len(rows) - len(blank)
                    message = (f"row(s) {shown} of table '{tname}' have no '{col.name}': "
                               f"the text under it could not be read as "
                               f"{_a(col.type_name)} ({said}"
                               + (f" and {len(seen) - 3} more" if len(seen) > 3 else "")
                               + f") while {read} other row(s) read as {col.type_name} "
                               f"(handwriting or scan quality?)")
                else:
                    message = (f"row(s) {shown} of table '{tname}' have no '{col.name}' (a "
                               f"required column; {why})")
            elif given:  # its words went to the next column: no hint to make it optional
                said = "; ".join(f"row {i}: {text}" for i, text in given[:3])
                message = (f"row(s) {shown} of table '{tname}' have no '{col.name}' (a "
                           f"required column; {said}"
                           + (f"; and {len(given) - 3} more" if len(given) > 3 else "") + ")")
            else:
                message = (f"row(s) {shown} of table '{tname}' have no '{col.name}' (a "
                           f"required column; write '{col.type_name}?' if it may be blank)")
            out.append(Reason(code="field_missing", field=f"{tname}.{col.name}",
                              message=message, rows=[i - 1 for i in blank]))
    return out


def _left_above(template: CompiledTemplate, unread: dict[str, list[dict[str, str]]]
                ) -> list[Reason]:
    """An ``ambiguous`` reason for each row a next page's lines above its first row, under
    a column every row needs, followed without joining it nor making a row (the rest of
    its description cut by the page break, or a heading?): text of the table in no row
    (:data:`~formsift.templates.tables.LEFT_ABOVE`). Likewise for a page's last row, a
    line under it left out of it, set as the cell's next line would be, no row under it
    to tell (:data:`~formsift.templates.tables.LEFT_UNDER`: "Mesh back, grey" under
    "Office chair ergonomic"): the rest of the cell, or a note under the table?"""
    out: list[Reason] = []
    for tname, tspec in template.tables.items():
        for i, texts in enumerate(unread.get(tname) or []):
            for col in tspec.columns:
                for key, where, other in (
                        (LEFT_ABOVE, f"under '{col.name}' above the page's first row",
                         "cut by the page break, or a heading"),
                        (LEFT_UNDER, f"set under row {i + 1} as its '{col.name}' would wrap",
                         "or a note under the table")):
                    said = texts.get(col.name + key)
                    if said:
                        out.append(Reason(
                            code="ambiguous", field=f"{tname}.{col.name}", rows=[i],
                            message=f"table '{tname}': {said}, {where}, is in no row: the "
                                    f"rest of row {i + 1}'s '{col.name}', {other}?"))
    return out


def _blank_or_default(cell: Any) -> bool:
    """Whether a table cell holds no value read from the page: blank, or its column's
    ``default`` put in its place."""
    return cell is None or getattr(cell, "locator", None) == "default"


def _read_by_shared_header(tname: str, col: Any, columns: Sequence[Any],
                           rows: list[dict[str, Any]], which: list[int], code: str
                           ) -> Reason | None:
    """A reason saying that rows ``which`` (1-based) have no ``col`` because another
    column naming the same header read each of their cells (``current: int`` and
    ``current_digits: id(...)`` under one header: the number column reads the cell first),
    or None when no such column read them all."""
    from formsift.templates.compiler import _same_header

    other = next((o for o in columns if o is not col and _same_header(o.header, col.header)
                  and all(not _blank_or_default(rows[i - 1].get(o.name)) for i in which)),
                 None)
    if other is None:
        return None
    shown = ", ".join(map(str, which[:10])) + (" ..." if len(which) > 10 else "")
    return Reason(code=code, field=f"{tname}.{col.name}", rows=[i - 1 for i in which],
                  message=(f"row(s) {shown} of table '{tname}' have no '{col.name}': the "
                           f"cell under its header was read by '{other.name}', which names "
                           f"the same header and reads its cells first"))


def _inked_blanks(tname: str, col: Any, rows: list[dict[str, Any]],
                  texts: list[dict[str, str]], columns: Sequence[Any] = ()) -> list[Reason]:
    """An ``invalid_value`` reason for an optional ``handwritten`` column (``?`` or a
    ``default``) with cells left without a value (or given its default) that hold pen ink
    (:data:`~formsift.templates.tables.INKED`): a written "0" or "1" the recognizer did not
    find is no blank cell ("not counted" where 0 was counted)."""
    bad = [i for i, row in enumerate(rows, start=1)
           if _blank_or_default(row.get(col.name)) and i <= len(texts)
           and col.name + INKED in texts[i - 1]
           and not looks_numeric(texts[i - 1].get(col.name, ""))]  # (named as digits)
    if not bad:
        return []
    shared = _read_by_shared_header(tname, col, columns, rows, bad, "invalid_value")
    if shared:
        return [shared]
    shown = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
    said = "; ".join(f"row {i}: {texts[i - 1][col.name]!r}" for i in bad
                     if texts[i - 1].get(col.name))
    return [Reason(code="invalid_value", field=f"{tname}.{col.name}",
                   message=f"row(s) {shown} of table '{tname}' hold handwriting under "
                           f"'{col.name}' that reads as no value (unreadable ink"
                           + (f"; {said}" if said else "") + "): "
                           + ("given the column's default, they would be taken for it"
                              if col.default is not None else
                              "left blank, they would be taken for no value"),
                   rows=[i - 1 for i in bad])]


def _header_misread(tname: str, col: Any, rows: list[dict[str, Any]],
                    texts: list[dict[str, str]]) -> list[Reason]:
    """A ``field_missing`` reason for an optional column (``?`` or a ``default``) whose
    header is not on the table's header line, which prints a phrase close to it where it
    belongs, over rows left without a value that hold words under that phrase
    (:data:`~formsift.templates.tables.HEADER_MISREAD`: "Break (rnin)" for "Break
    (min)"): the cells are there, not read; left blank they would be taken for none."""
    bad = [i for i, row in enumerate(rows, start=1)
           if _blank_or_default(row.get(col.name)) and i <= len(texts)
           and col.name + HEADER_MISREAD in texts[i - 1]]
    if not bad:
        return []
    shown = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
    read = texts[bad[0] - 1][col.name + HEADER_MISREAD]
    header = col.header[0]
    header = f'"{header}"' if isinstance(header, str) else header.source()
    return [Reason(code="field_missing", field=f"{tname}.{col.name}",
                   rows=[i - 1 for i in bad],
                   message=f"row(s) {shown} of table '{tname}' have no '{col.name}': its "
                           f"header {header} is not on the table's header line, which "
                           f"prints {read!r} where it belongs (misread?); the text under "
                           f"it was not read")]


def _unread_numbers(tname: str, col: Any, rows: list[dict[str, Any]],
                    texts: list[dict[str, str]], ctx: Any = None) -> list[Reason]:
    """An ``invalid_value`` reason for an optional column (``?`` or a ``default``) with
    cells left without a value (or given the column's default: "3l.70" under ``adj: money
    default 0`` is no 0) although a number was written in them ("W35,000": a
    currency sign read as a letter; :func:`~formsift.templates.tables.looks_numeric`): a
    blank cell may be blank, a number that did not read is no blank (words, "incl.",
    "n/a", "-", a description running into the column, stay blank)."""
    # a number that did not read, or text the column's type says is a value of its shape
    # that fails ("< 10000 cfu/g": a bound under a decimal column, with its unit)
    bad = [(i, texts[i - 1][col.name]) for i, row in enumerate(rows, start=1)
           if _blank_or_default(row.get(col.name)) and i <= len(texts)
           and (looks_numeric(text := texts[i - 1].get(col.name, ""))
                or (ctx is not None and text and col.type.misfit(text, ctx)))]
    if not bad:
        return []
    said = "; ".join(f"row {i}: {text!r}" for i, text in bad[:3])
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    # what the column's type says of such a cell ("'>1000' is a bound ...", "'0.3 %' is a
    # percentage ..."), once, for its first cell that it explains
    why = next((w for _, text in bad if ctx is not None
                and (w := col.type.misfit(text, ctx))), None)
    more += f"; {why}" if why else ""
    return [Reason(code="invalid_value", field=f"{tname}.{col.name}",
                   message=f"{len(bad)} cell(s) of '{col.name}' in table '{tname}' hold "
                           f"digits that do not read as {_a(col.type_name)} value "
                           f"({said}{more}): " + ("given the column's default, they "
                                                   "would be taken for it"
                                                   if col.default is not None else
                                                   "left blank, they would be taken for no "
                                                   "value"), rows=[i - 1 for i, _ in bad])]


def _currency_reasons(template: CompiledTemplate, fields: dict[str, Any],
                      tables: dict[str, Any],
                      cands: dict[str, list[Candidate]] | None = None) -> list[Reason]:
    """A ``currency_mismatch`` reason for each field (and table column) holding an amount
    written in another currency than the template's, and for each field whose value,
    written without a currency, was taken beside its label in place of an amount in
    another currency on the same line (:func:`_passed_over`)."""
    ctx = template.context
    found: list[tuple[str, Any, FieldValue]] = []
    for name, spec in template.fields.items():
        fv = fields.get(name)
        found += [(name, spec.type, v) for v in (fv if isinstance(fv, list) else [fv])
                  if isinstance(v, FieldValue)]
    for tname, tspec in template.tables.items():
        for col in tspec.columns:
            cells = [row.get(col.name) for row in tables.get(tname, [])]
            found += [(f"{tname}.{col.name}", col.type, v) for v in cells
                      if isinstance(v, FieldValue)]
    out: list[Reason] = []
    for name, ftype, fv in found:
        other = mismatched_currency(fv.value, ftype, ctx)
        if other is not None and not any(r.field == name for r in out):
            out.append(Reason(code="currency_mismatch", field=name, message=(
                f"'{name}' is written in {other} ({fv.raw}); the template expects "
                f"{expected_currency(ftype, ctx)}")))
    for name, spec in template.fields.items():
        fv = fields.get(name)
        x = _passed_over(fv, spec.type, ctx, (cands or {}).get(name, []))
        if x is not None and not any(r.field == name for r in out):
            out.append(Reason(code="currency_mismatch", field=name, message=(
                f"'{name}' beside its label is written in "
                f"{mismatched_currency(x.value, spec.type, ctx)} ({x.raw}); the template "
                f"expects {expected_currency(spec.type, ctx)}, and {_shown(fv.value, True)}"
                f", with no currency, was taken in its place")))
    # without an expected currency, amounts of one document in several currencies
    # cannot be added up or compared: those in the less common ones are named
    unexpected = [(name, fv) for name, ftype, fv in found
                  if expected_currency(ftype, ctx) is None]
    keys = _currency_keys([fv.value for _, fv in unexpected])
    free = [(name, code, fv) for (name, fv), code in zip(unexpected, keys, strict=True)
            if code is not None]
    counts = Counter(code for _, code, _ in free)
    if len(counts) > 1:
        main = counts.most_common(1)[0][0]
        for name, code, fv in free:
            if code != main and not any(r.field == name for r in out):
                out.append(Reason(code="currency_mismatch", field=name, message=(
                    f"'{name}' is written in {code} ({fv.raw}), other amounts in {main}; "
                    f"the template names no currency")))
    return out


def _passed_over(fv: Any, ftype: Any, ctx: Any, cands: list[Candidate]
                 ) -> Candidate | None:
    """The amount in another currency than the expected one that value ``fv``, written
    with no currency, was taken in place of: a candidate beside the same label, on the
    same line ("Licenses   12   450,00 EUR" in a USD template: the amount ranks lower for
    its currency, and the bare "12" before it would be taken silently, where the amount
    alone goes to review). None when there is none, or ``fv`` names its currency."""
    if not isinstance(fv, FieldValue) or fv.box is None or fv.locator is None \
            or getattr(fv.value, "currency", None) is not None \
            or expected_currency(ftype, ctx) is None:
        return None
    box = Box(*fv.box)
    for x in cands:
        if x.locator == fv.locator and _anchored(x) and x.page + 1 == fv.page \
                and x.box is not None and x.box.vertical_overlap(box) >= 0.5 \
                and str(x.value) != str(fv.value) \
                and mismatched_currency(x.value, ftype, ctx) is not None:
            return x
    return None


def _currency_keys(values: list[Any]) -> list[str | None]:
    """The currency each of ``values`` counts in when amounts of one record are compared
    without a template currency: a currency named beside its amount (``Amount.named``:
    "USD", "CAD", "€") is its code; one read from a symbol several currencies write ("$",
    "kr", "¥") is its family (:data:`_FAMILY`), or the one currency of that family named
    beside other amounts ("$100.00" beside "AUD 110.00" is AUD), or None, no currency to
    compare, where several are named ("$100.00" beside "USD 100.00" and "CAD 120.00").
    None for a value without a currency."""
    named: dict[str, set[str]] = {}
    for v in values:
        code = getattr(v, "currency", None)
        if code and getattr(v, "named", False):
            named.setdefault(_FAMILY.get(code, code), set()).add(code)
    out: list[str | None] = []
    for v in values:
        code = getattr(v, "currency", None)
        if not code or getattr(v, "named", False):
            out.append(code or None)
            continue
        family = _FAMILY.get(code, code)
        codes = named.get(family, set())
        out.append(next(iter(codes)) if len(codes) == 1 else None if codes else family)
    return out


def apply_policies(policies: list[PolicySpec], scope: Scope, reasons: list[Reason]
                   ) -> str | None:
    """The decision of ``review when`` / ``reject when`` / ``accept when`` policies
    ("reject" wins over "review", which wins over "accept"), adding their reasons."""
    decided: str | None = None
    for p in policies:
        if p.action not in ("review", "reject", "accept"):  # accept low_confidence(...)
            continue
        try:
            hit = bool(evaluate(p.expr, scope))
        except (MissingValue, RuleEvalError, RegexTimeout):
            hit = False
        if not hit:
            continue
        if p.action == "reject":
            decided = "reject"
            reasons.append(Reason(code="policy", message=p.message or f"reject when {p.source}"))
        elif p.action == "review" and decided != "reject":
            decided = "review"
            reasons.append(Reason(code="policy", message=p.message or f"review when {p.source}"))
        elif p.action == "accept" and decided is None:
            decided = "accept"
    return decided


def _confidences(fields: dict[str, Any], tables: dict[str, Any]) -> dict[str, float]:
    out = {}
    for n, fv in fields.items():
        if isinstance(fv, FieldValue):
            out[n] = fv.confidence
        elif isinstance(fv, list) and fv:
            out[n] = min(x.confidence for x in fv)
        else:
            out[n] = 0.0
    for n, rows in tables.items():
        confs = [v.confidence for row in rows for v in row.values() if v is not None]
        out[n] = min(confs) if confs else 0.0
        cols: dict[str, list[float]] = {}
        for row in rows:
            for k, v in row.items():
                cols.setdefault(k, []).append(v.confidence if v is not None else 0.0)
        for k, vals in cols.items():
            out[f"{n}.{k}"] = min(vals)
    return out


# ---------------------------------------------------------------- duplicates
def seen_values(template: CompiledTemplate, ex: Extraction) -> list[str]:
    """The values the template's ``seen_before(...)`` calls asked about, computed from the
    final record: the engine records them once the result is final."""
    return seen_values_of(template, ex.fields, ex.tables)


def seen_values_of(template: CompiledTemplate,
                   fields: dict[str, FieldValue | list[FieldValue] | None],
                   tables: dict[str, list[dict[str, FieldValue | None]]]) -> list[str]:
    """:func:`seen_values` of a record's values (e.g. after a reviewer corrected them)."""
    exprs = [*((r.expr, r.each) for r in template.rules),
             *((p.expr, None) for p in template.policies)]
    return _seen_keys(template, exprs, fields, tables)


def _seen_keys(template: CompiledTemplate, exprs: list[tuple[A.Expr, str | None]],
               fields: dict[str, FieldValue | list[FieldValue] | None],
               tables: dict[str, list[dict[str, FieldValue | None]]]) -> list[str]:
    """The values (keys) the ``seen_before(...)`` calls of ``exprs`` (each with the table
    or repeated field its rule goes over, ``each``) ask about. In an ``each`` rule
    (``each signers: not seen_before(name)``) a call asks once per row, about that row's
    value: each row's is recorded, as a field's is (evaluated outside the rows, a column's
    name was no value, and nothing was recorded nor found)."""
    from formsift.core.seen import key

    calls = [(n.args, each) for e, each in exprs for n in A.walk(e)
             if isinstance(n, A.FuncCall) and n.name.text == SEEN_BEFORE and n.args]
    if not calls:
        return []
    scope = Scope(values={n: _value_of(v) for n, v in fields.items()},
                  tables={n: [{k: (v.value if v else None) for k, v in row.items()}
                              for row in rows] for n, rows in tables.items()},
                  functions=template.functions)
    out = []
    for args, each in calls:  # several arguments: one key (seen_before(seller, date, total))
        rows: list[dict[str, Any] | None] = [None]
        if each:  # the rows _each evaluates the rule on
            rows = scope.tables.get(each)  # type: ignore[assignment]
            if rows is None:  # a repeated field: a row per value
                values = scope.values.get(each)
                rows = [{each: v} for v in values] if isinstance(values, list) else []
        for row in rows:
            scope.row = row
            try:
                values = [evaluate(arg, scope) for arg in args]
            except (MissingValue, RuleEvalError, RegexTimeout):
                continue
            if all(v is not None and str(v).strip() for v in values):
                out.append(key(values))
    scope.row = None
    return list(dict.fromkeys(out))
