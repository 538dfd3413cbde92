"""Review: apply a reviewer's corrections to a record and validate it again with the
template's own rules and routing (:func:`formsift.templates.runtime.revalidate`).

Duplicate checks (``seen_before``) ask the same store the extraction used, bound to the
record's template and document, so a duplicate stays a duplicate after review, and a record
is not a duplicate of its own earlier recording. Once a review is stored,
:func:`record_seen` records the values as corrected (and forgets those corrected away);
for ``last_seen``, those any template sharing the record's ``duplicates "NAME"`` asks for
(:func:`formsift.templates.series.calls`), as the extraction kept them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from formsift.core.contracts import kind_problem
from formsift.core.kinds import ParseContext
from formsift.core.reasons import by_action
from formsift.core.result import ExtractionResult, FieldValue, Reason, Status
from formsift.core.seen import SeenStore, forget, normalize, unchecked, watched
from formsift.templates.model import CompiledTemplate
from formsift.templates.series import record_reviewed

#: The longest value a reviewer may type (characters): a correction is a value read off a
#: document, not a file.
MAX_VALUE_CHARS = 10_000
#: The most rows one submission may add to a table, and values a repeated field may take.
MAX_ADDED_ROWS = 500

#: ``items[0].amount`` (a cell) or ``items[0]`` (a row).
_TABLE_PATH = re.compile(r"^(?P<table>[A-Za-z_]\w*)\[(?P<row>\d+)\](\.(?P<col>[A-Za-z_]\w*))?$")


class CorrectionError(ValueError):
    """A correction names an unknown field or a value its type cannot parse."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass
class ReviewOutcome:
    result: dict[str, Any]  # the corrected result, JSON form
    corrections: list[dict[str, Any]]  # rows for the corrections table
    confirmed: list[str] = field(default_factory=list)
    #: What the duplicates store should hold for this document once the review is stored:
    #: the values the template's ``seen_before`` calls ask about, as corrected, and those
    #: the corrections replaced (see :func:`record_seen`); a rejected record holds none.
    seen_values: list[str] = field(default_factory=list)
    replaced_values: list[str] = field(default_factory=list)
    #: Likewise for ``last_seen``: the values kept for later documents, as corrected, by
    #: key, and the keys no longer kept (:func:`formsift.templates.series.reviewed`).
    kept_values: dict[str, Any] = field(default_factory=dict)
    replaced_kept: list[str] = field(default_factory=list)
    #: What the confirmation raised to 1.0, and from what: the path of each value in
    #: ``result`` (``("fields", "total")``, ``("tables", "items", 0, "amount")``), for
    #: :func:`vouch_for_nothing`.
    raised: list[tuple[tuple[str | int, ...], float]] = field(default_factory=list)


def vouch_for_nothing(outcome: ReviewOutcome, result: dict[str, Any]) -> None:
    """The submit leaves the record in review after all (the service found it a copy of
    a file whose record stands): like a submit a rule keeps in review, it vouches for
    nothing. The values of ``result`` (``outcome.result``, or the copy the service
    marked) get back the confidence the confirmation raised, and nothing is confirmed."""
    for path, confidence in outcome.raised:
        node: Any = result
        for step in path:
            node = node[step]
        node["confidence"] = confidence
    outcome.raised, outcome.confirmed = [], []


def typed(kind: str, value: Any) -> Any:
    """A JSON value back to the typed value rules compute with."""
    if value is None:
        return None
    if kind in ("money", "number"):
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError(f"not true or false: {value!r}")
    return value


def _parse(ftype: Any, raw: Any, template: CompiledTemplate) -> Any:
    """What a reviewer typed, parsed the way the template parses the field; the JSON form
    (``1234.50``, ``2024-03-01``) is accepted too. An amount that reads two ways as
    extraction reads it (:func:`_two_ways`) is refused."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip()
    value = _parse_text(ftype, text, template)
    problem = _two_ways(ftype, text, value, template)
    if problem is not None:
        raise ValueError(problem)
    return value


def _two_ways(ftype: Any, text: str, value: Any, template: CompiledTemplate) -> str | None:
    """Why ``text`` is no amount a reviewer can mean one way: written with one mark and
    three digits after it ("1.250") in a template that states neither ``decimal`` nor
    ``thousands``, where extraction reads it two ways (``ambiguous``,
    :func:`formsift.templates.decimal_marks.doubts`) and a correction has no document
    to show which; None otherwise."""
    from formsift.plugins.fieldtypes.amounts import other_reading
    from formsift.templates.decimal_marks import KINDS

    if template.marks_stated or getattr(ftype, "name", None) not in KINDS:
        return None
    other = other_reading(text, value, template.context.locale, None,
                          money=ftype.name == "money",
                          currency=getattr(ftype.options, "currency", None)
                          or template.context.currency,
                          decimals=getattr(ftype.options, "decimals", None))
    if other is None:
        return None
    read, alt = _plain(value), _plain(other)
    return (f"{text!r} reads two ways, {read} or {alt}: the template states neither "
            f"decimal nor thousands, so the mark before three digits may be either; write "
            f"the amount with its decimals after a point, as {_unambiguous(value)!r} or "
            f"{_unambiguous(other)!r}")


def _plain(value: Decimal) -> str:
    """``1.250`` as 1.25, ``1250`` as 1250 (no exponent)."""
    return format(Decimal(value).normalize(), "f")


def _unambiguous(value: Decimal) -> str:
    """``value`` in the JSON form no mark makes two of: two decimals at least ("1250.00",
    "12.50"), four where there would be three ("1.1250")."""
    text = format(Decimal(value).normalize(), "f")
    decimals = len(text.partition(".")[2])
    return f"{Decimal(text):.{max(2, decimals + (decimals == 3))}f}"


def _parse_text(ftype: Any, text: str, template: CompiledTemplate) -> Any:
    """:func:`_parse` before the check of two readings."""
    try:
        return ftype.parse(text, template.context)
    except Exception as first:  # a plugin's type may raise anything
        # the JSON form of an amount, number, date or yes/no is accepted too; any other
        # value (text, an IBAN, an ID) must be what the field's own type accepts
        if ftype.value_kind not in _JSON_FORMS:
            raise ValueError(str(first) or "cannot parse the value") from None
        try:
            value = typed(ftype.value_kind, text)
        except (ValueError, TypeError):
            raise ValueError(str(first) or "cannot parse the value") from None
        if ftype.value_kind in ("money", "number"):
            # the JSON form must still be what the field's type accepts: "3.5" for an int
            # column, or an amount outside the type's limits, is refused like "3,5" is
            json_form = ParseContext(template.context.locale.with_overrides(
                decimal=".", thousands=","), template.context.currency)
            try:
                return ftype.parse(text, json_form)
            except Exception:  # a plugin's type may raise anything
                raise ValueError(str(first) or "cannot parse the value") from None
        return value


#: Value kinds whose JSON form :func:`typed` reads (``1234.50``, ``2024-03-01``, ``true``).
_JSON_FORMS = frozenset({"money", "number", "date", "bool"})


def _typed_result(result: ExtractionResult, template: CompiledTemplate) -> None:
    """Values read back from JSON in the types the template's rules compute with."""
    for name, spec in template.fields.items():
        fv = result.fields.get(name)
        for item in fv if isinstance(fv, list) else [fv]:
            if item is not None:
                _retype(item, spec.type.value_kind)
    for name, spec in template.tables.items():
        kinds = {c.name: c.type.value_kind for c in spec.columns}
        for row in result.tables.get(name, []):
            for col, cell in row.items():
                if cell is not None and col in kinds:
                    _retype(cell, kinds[col])


def _retype(item: FieldValue, kind: str) -> None:
    """Convert ``item``'s value to ``kind`` only when it is not already of that kind (an
    ``int`` stays an ``int``, an amount keeps its currency); a converted value says how
    it is written in JSON (``value_type``)."""
    if kind_problem(item.value, kind) is None:
        return
    item.value = typed(kind, item.value)
    item.value_type = ("date" if isinstance(item.value, date) else
                       "decimal" if isinstance(item.value, Decimal) else None)


def _dump(fv: FieldValue | list[FieldValue] | None) -> Any:
    if fv is None:
        return None
    if isinstance(fv, list):
        return [x.model_dump(mode="json") for x in fv]
    return fv.model_dump(mode="json")


def _corrected(before: FieldValue | None, value: Any, raw: Any, reviewer: str) -> FieldValue | None:
    if value is None:
        return None
    return FieldValue(value=value, raw=None if raw is None else str(raw),
                      page=before.page if before else None, box=before.box if before else None,
                      confidence=1.0, source="review", locator=f"review:{reviewer}")


def apply_review(result_json: dict[str, Any], template: CompiledTemplate | None,
                 corrections: dict[str, Any], reviewer: str, *,
                 seen_store: SeenStore | None, confirm: bool = True,
                 reject: str | None = None, unvalidated: Reason | None = None,
                 templates: Sequence[CompiledTemplate] = ()) -> ReviewOutcome:
    """Correct ``result_json`` and validate it again.

    ``seen_store`` is the duplicates store the record was extracted with (the service's);
    ``seen_before`` asks it for this template and the record's document. ``None`` only for
    templates without duplicate checks: ``seen_before`` then finds nothing.

    ``corrections`` maps a field name (``total``), a table cell (``items[0].amount``,
    rows counted from 0) or a repeated field (a list of texts) to what the reviewer typed;
    ``None`` or ``""`` clears it. Cells of the rows after the last (``items[4].amount`` on
    a table of 4 rows, then ``items[5]...``) add rows; a row set to ``None``
    (``"items[2]": null``) is deleted. Row numbers are those of the record as shown. With
    ``confirm``, the reviewer vouches for every value shown, so uncorrected values count
    as confirmed (confidence 1.0; put back when the record stays in review), and the
    reasons the values cannot give again (the
    document is damaged, holds several documents, is not what the template named; a
    value read two ways) are settled; without it they stay (see
    :func:`formsift.templates.runtime.unsettled`), except a field's once that field is
    corrected. ``reject`` (a reason) rejects the record whatever the rules say.
    ``unvalidated`` (why the record's template cannot validate it: it is no longer
    served, or changed since the extraction; ``template`` is then None): the record can
    only be rejected, with no corrections and no validation; this reason is added to its
    reasons. ``templates``: the templates served beside ``template`` (the engine's), so
    the values kept for ``last_seen`` are those the extraction kept: what any template
    sharing the record's ``duplicates "NAME"`` asks for, updated or forgotten with it.
    """
    from formsift.templates.runtime import revalidate, seen_values_of, unsettled
    from formsift.templates.series import kept_values, reviewed

    result = ExtractionResult.model_validate(result_json)
    # what the document is, and how a value was read: reasons the values cannot give
    # again, settled by a confirmation (or, for a field's, by correcting that field)
    carried = unsettled(result.reasons, confirmed=confirm,
                        corrected=[p for p in corrections if template and p in template.fields])
    rows: list[dict[str, Any]] = []
    before_seen: list[str] = []
    before_kept: dict[str, Any] = {}
    if unvalidated is not None:
        if corrections or reject is None:
            raise CorrectionError("template", f"{unvalidated.message}: the record can only "
                                              "be rejected")
        result.reasons = by_action([*result.reasons, unvalidated])
    elif template is None:
        if corrections:
            raise CorrectionError("template", "the document matched no template: it can only "
                                              "be rejected")
        if reject is None:
            raise CorrectionError("template", "the document matched no template: reject it "
                                              "(or extract it again naming a template)")
    else:
        _typed_result(result, template)
        before_seen = seen_values_of(template, result.fields, result.tables)
        before_kept = kept_values(template, result.fields, result.tables, templates)
        edits: dict[str, dict[int, dict[str | None, Any]]] = {}
        for path, raw in corrections.items():
            _check_size(path, raw)
            if path in template.fields:
                row = _correct_field(result, template, path, raw, reviewer)
                if row is not None:
                    rows.append(row)
            else:
                table_name, index, col = _table_path(template, path)
                edits.setdefault(table_name, {}).setdefault(index, {})[col] = raw
        for table_name, by_row in edits.items():
            rows.extend(_edit_table(result, template, table_name, by_row, reviewer))
    confirmed: list[str] = []
    #: what the confirmation raised, and from what: put back when the record stays in
    #: review (the next reviewer sees where to look)
    raised: list[tuple[FieldValue, float]] = []
    paths: list[tuple[str | int, ...]] = []  # where each is in the result's JSON form
    if template is not None and confirm:
        for name, fv in result.fields.items():
            for k, item in enumerate(fv if isinstance(fv, list) else [fv]):
                if item is not None and item.confidence < 1.0:
                    raised.append((item, item.confidence))
                    paths.append(("fields", name, k) if isinstance(fv, list)
                                 else ("fields", name))
                    item.confidence = 1.0
                    confirmed.append(name)
        for name, table in result.tables.items():
            for i, row in enumerate(table):
                for col, cell in row.items():
                    if cell is not None and cell.confidence < 1.0:
                        raised.append((cell, cell.confidence))
                        paths.append(("tables", name, i, col))
                        cell.confidence = 1.0
                        confirmed.append(f"{name}[{i}].{col}")
    after_seen: list[str] = []
    if template is not None:
        from formsift.templates.params import bound_as_recorded

        with watched() as failed:  # a store error a policy swallowed is said (review)
            result.rules, status, reasons = revalidate(  # (the values the rules read)
                bound_as_recorded(template, result.audit.params), result.fields,
                result.tables, seen_store=seen_store,
                document_id=result.document_id, carried=carried)
        result.status, result.reasons = status, reasons = unchecked(status, reasons, failed,
                                                                    result.rules)
        after_seen = seen_values_of(template, result.fields, result.tables)
        if status == Status.REVIEW and raised:
            # not vouched for: the record is not right yet; the values keep their
            # confidence (the reasons a confirmation settles stay settled)
            for item, confidence in raised:
                item.confidence = confidence
            confirmed, raised, paths = [], [], []
    if reject is not None:
        result.status = Status.REJECTED
        result.reasons = by_action([*result.reasons, Reason(
            code="reviewer_rejected", message=reject or "rejected by a reviewer")])
    for row in rows:
        row["template"] = result.template
        row["template_version"] = template.version if template else None
    kept = {normalize(v) for v in after_seen}
    replaced = [v for v in before_seen if normalize(v) not in kept]
    if result.status == Status.REJECTED:
        # never booked: its values must not make a later document (a rescan) a duplicate
        after_seen, replaced = [], list(dict.fromkeys([*before_seen, *replaced]))
    kept, replaced_kept = reviewed(template, before_kept, result.fields, result.tables,
                                   result.status == Status.REJECTED,
                                   templates) if template else ({}, [])
    return ReviewOutcome(result.model_dump(mode="json"), rows, list(dict.fromkeys(confirmed)),
                         after_seen, replaced, kept, replaced_kept,
                         [(path, c) for path, (_, c) in zip(paths, raised, strict=True)])


def record_seen(store: SeenStore, template: CompiledTemplate | None, document_id: str,
                outcome: ReviewOutcome) -> None:
    """After a review is stored: record the document's values as corrected (a later
    document with the corrected number is a duplicate) and forget those the reviewer
    corrected away (they were misread: a later document carrying one is not), or all of
    them when the record was rejected. Not for a rejected record of a document another
    record of which stands: the store keeps values by document, that record's too. (The
    service forgets a rejected record's values by its document instead, whatever
    template version recorded them: ``DatabaseSeenStore.forget_document``.)"""
    if template is None:
        return
    for value in outcome.seen_values:
        store.add(template.seen_namespace, value, document_id)
    for value in outcome.replaced_values:
        forget(store, template.seen_namespace, value, document_id)
    record_reviewed(store, template, document_id, outcome.kept_values, outcome.replaced_kept)


def _check_size(path: str, raw: Any) -> None:
    """A value over :data:`MAX_VALUE_CHARS` characters, or a list of more than
    :data:`MAX_ADDED_ROWS` values, is refused: nothing a document holds is that long, and
    it would be stored several times (the record, the correction, the audit event)."""
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_ADDED_ROWS:
        raise CorrectionError(path, f"takes at most {MAX_ADDED_ROWS:,} values "
                                    f"({len(items):,} given)")
    for item in items:
        if isinstance(item, str) and len(item) > MAX_VALUE_CHARS:
            raise CorrectionError(path, f"a value of {len(item):,} characters, over the "
                                        f"limit of {MAX_VALUE_CHARS:,}")


def _same(before: FieldValue | None, after: FieldValue | None) -> bool:
    """A correction that changes nothing: the value typed is the value there (``35.0``
    over ``35.00``, ``" KOS-1 "`` over ``KOS-1``): not stored as a correction."""
    return before is not None and after is not None and before.value == after.value and \
        type(before.value) is type(after.value) and before.currency == after.currency


def _correct_field(result: ExtractionResult, template: CompiledTemplate, path: str,
                   raw: Any, reviewer: str) -> dict[str, Any] | None:
    """The correction of a field (None when it changes nothing: the value stays as read)."""
    spec = template.fields[path]
    before = result.fields.get(path)
    if spec.repeated:
        items = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
        after_list = []
        for i, text in enumerate(items):
            try:
                value = _parse(spec.type, text, template)
            except ValueError as exc:
                raise CorrectionError(f"{path}[{i}]", str(exc)) from None
            fv = _corrected(None, value, text, reviewer)
            if fv is not None:
                after_list.append(fv)
        was = before if isinstance(before, list) else []
        if len(was) == len(after_list) and all(map(_same, was, after_list)):
            return None
        result.fields[path] = after_list
    else:
        assert not isinstance(before, list)
        after = _cell(spec, path, raw, before, template, reviewer)
        if _same(before, after):
            return None
        result.fields[path] = after
    return {"field": path, "before": _dump(before), "after": _dump(result.fields[path])}


def _table_path(template: CompiledTemplate, path: str) -> tuple[str, int, str | None]:
    """(table, row, column) of ``items[0].amount``; (table, row, None) of ``items[0]``."""
    m = _TABLE_PATH.match(path)
    if not m or m["table"] not in template.tables:
        known = list(template.fields) + [f"{t}[ROW].{c.name}" for t, s in
                                         template.tables.items() for c in s.columns]
        raise CorrectionError(path, "no such field in template " + template.name
                              + " (fields: " + ", ".join(known) + ")")
    table, col = m["table"], m["col"]
    columns = [c.name for c in template.tables[table].columns]
    if col is not None and col not in columns:
        raise CorrectionError(path, f"table {table} has no column {col} (columns: "
                                    + ", ".join(columns) + ")")
    return table, int(m["row"]), col


def _edit_table(result: ExtractionResult, template: CompiledTemplate, table: str,
                edits: dict[int, dict[str | None, Any]], reviewer: str
                ) -> list[dict[str, Any]]:
    """Correct cells, add rows after the last and delete rows of one table; ``edits``
    maps a row number (as shown) to column -> text, or to ``{None: None}`` to delete it.
    Returns the correction rows: one per cell, one per added or deleted row."""
    columns = {c.name: c for c in template.tables[table].columns}
    rows = result.tables.setdefault(table, [])
    shown = len(rows)
    added = sorted(i for i, cells in edits.items() if i >= shown and None not in cells)
    if added != list(range(shown, shown + len(added))):
        raise CorrectionError(f"{table}[{added[-1]}]", f"table {table} has {shown} row(s): "
                              f"add rows as {table}[{shown}], {table}[{shown + 1}], ... "
                              "in order")
    if len(added) > MAX_ADDED_ROWS:
        raise CorrectionError(f"{table}[{added[MAX_ADDED_ROWS]}]",
                              f"a submission adds at most {MAX_ADDED_ROWS:,} rows to a table "
                              f"({len(added):,} given)")
    out: list[dict[str, Any]] = []
    deleted: list[int] = []
    for i in sorted(edits):
        cells = edits[i]
        path = f"{table}[{i}]"
        if None in cells:
            _check_deletion(path, cells, i < shown)
            deleted.append(i)
            continue
        if i < shown:
            for col, raw in cells.items():
                assert col is not None
                before = rows[i].get(col)
                after = _cell(columns[col], f"{path}.{col}", raw, before, template, reviewer)
                if _same(before, after):
                    continue
                rows[i][col] = after
                out.append({"field": f"{path}.{col}", "before": _dump(before),
                            "after": _dump(rows[i][col])})
            continue
        new = {c: _cell(columns[c], f"{path}.{c}", cells.get(c), None, template, reviewer)
               for c in columns}
        if all(v is None for v in new.values()):
            raise CorrectionError(path, "a new row needs at least one value")
        rows.append(new)
        out.append({"field": path, "before": None, "after": _dump_row(new)})
    for i in reversed(deleted):
        out.append({"field": f"{table}[{i}]", "before": _dump_row(rows[i]), "after": None})
        del rows[i]
    return out


def _check_deletion(path: str, cells: dict[str | None, Any], exists: bool) -> None:
    if cells[None] not in (None, ""):
        raise CorrectionError(path, f"a row takes null (to delete it); correct its cells as "
                                    f"{path}.COLUMN")
    if not exists:
        raise CorrectionError(path, "no such row to delete")
    if len(cells) > 1:
        raise CorrectionError(path, "the row is deleted: its cells cannot be corrected too")


def _cell(column: Any, path: str, raw: Any, before: FieldValue | None,
          template: CompiledTemplate, reviewer: str) -> FieldValue | None:
    """A corrected single value of a field or a table cell (``column``: its spec)."""
    if isinstance(raw, list):
        raise CorrectionError(path, "takes one value, not a list")
    try:
        value = _parse(column.type, raw, template)
    except ValueError as exc:
        raise CorrectionError(path, str(exc)) from None
    return _corrected(before, value, raw, reviewer)


def _dump_row(row: dict[str, FieldValue | None]) -> dict[str, Any]:
    return {col: _dump(cell) for col, cell in row.items()}
