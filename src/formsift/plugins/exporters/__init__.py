"""Built-in exporters: JSON, JSON Lines, CSV (a row per document) and CSV of table rows
(a row per line item, for matching against a ledger). Error results are written too."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import Field

from formsift.core.components import Options
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Exporter
from formsift.core.result import Status

#: A number as a spreadsheet reads it ("-12.50", "+3"): left as it is.
_NUMBER = re.compile(r"[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet shows and never runs: text starting with
    ``= + - @``, a tab or a carriage return (``=HYPERLINK(...)`` printed on a document) gets
    a leading apostrophe, as OWASP advises against CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _dump(result: Any, stable: bool = False) -> dict[str, Any]:
    return as_line(result.model_dump(mode="json"), stable)


#: The keys a written result starts with, whatever its kind (a result, a packet, an
#: error), so that lines of a file read alike.
LEADING = ("source", "status")


def as_line(data: dict[str, Any], stable: bool = False) -> dict[str, Any]:
    """A result's JSON as the json and jsonl exporters and batch lines write it: ``source``
    and ``status`` first (an error result's order; a result's model starts with its
    ``document_id``), the rest in the model's order; with ``stable``, without what
    differs from run to run (:func:`without_volatile`)."""
    if stable:
        data = without_volatile(data)
    head = {k: data[k] for k in LEADING if k in data}
    return {**head, **{k: v for k, v in data.items() if k not in head}}


def without_volatile(data: dict[str, Any]) -> dict[str, Any]:
    """A result's JSON (``model_dump(mode="json")``) without what differs from run to run
    for the same input: ``audit.created_at`` and ``audit.timings_ms``; for a packet also
    its ``created_at``, ``timings_ms`` and each page's ``recognize_ms``, and its
    documents' audits. What is left is the same bytes on every run (values, statuses,
    reasons, document ids, versions), so a checksum tells a changed result. Changed in
    place, and returned."""
    audit = data.get("audit")
    if isinstance(audit, dict):
        audit.pop("created_at", None)
        audit.pop("timings_ms", None)
    if isinstance(data.get("documents"), list):  # a packet
        data.pop("created_at", None)
        data.pop("timings_ms", None)
        for page in data.get("page_classification") or []:
            if isinstance(page, dict):
                page.pop("recognize_ms", None)
        for doc in data["documents"]:
            if isinstance(doc, dict) and isinstance(doc.get("result"), dict):
                without_volatile(doc["result"])
    return data


class JsonOptions(Options):
    stable: bool = Field(
        default=False, description="leave out what differs from run to run for the same "
        "input (audit.created_at, audit.timings_ms; a packet's created_at, timings_ms and "
        "pages' recognize_ms): the same input gives the same bytes")


class JsonExporter(Exporter):
    name = "json"
    version = "0.2.0"
    summary = "One result as a JSON object, several as a JSON array"
    suffix = ".json"
    media_type = "application/json"
    takes_packets = True
    Options = JsonOptions

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        stable = self.options.stable  # type: ignore[attr-defined]
        items = [_dump(r, stable) for r in results]
        json.dump(items[0] if len(items) == 1 else items, stream, indent=2, ensure_ascii=False)
        stream.write("\n")


class JsonLinesExporter(Exporter):
    name = "jsonl"
    version = "0.2.0"
    summary = "One JSON result per line"
    suffix = ".jsonl"
    media_type = "application/x-ndjson"
    takes_packets = True
    Options = JsonOptions

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        stable = self.options.stable  # type: ignore[attr-defined]
        for r in results:
            stream.write(json.dumps(_dump(r, stable), ensure_ascii=False) + "\n")


class CsvOptions(Options):
    columns: list[str] | None = Field(
        default=None, description="the columns to write, in this order (e.g. source, "
        "status, invoice_no, total): a name no result has is an empty column, a field not "
        "named is left out, so every file has the same header whatever documents came in; "
        "default: source, status, template, message, then the fields of the templates "
        "present, by template name, each in the order its template declares them; a "
        "field named like a column the exporter writes itself (status, source, page...) "
        "is the column field:NAME (field:status); a name here that the file does not "
        "write itself (page in csv) reads that field; reasons, as the JSON result calls "
        "them, is the message column under that name; a money field's NAME.currency "
        "(total.currency) is the currency written beside its amount")


class CsvExporter(Exporter):
    name = "csv"
    version = "0.2.0"
    summary = ("One row per document: source, status, template, message (an error's, or "
               "the reasons for review), then each field's value (templates by name, "
               "fields in their template's order: the same header whatever order the "
               "documents came in; option columns fixes it); a packet (--split) is a "
               "row per document in it; text a spreadsheet would run as a formula gets a "
               "leading apostrophe")
    suffix = ".csv"
    media_type = "text/csv"
    takes_packets = True  # a row per record of it (_records), with the packet's columns
    Options = CsvOptions

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        rows = []
        for r, head in _records(results):
            row: dict[str, Any] = dict(head)
            if hasattr(r, "record"):
                row.update(_fields(r.record()))
                row.update(_currencies(r, self.options.columns))  # type: ignore[attr-defined]
            rows.append(row)
        _write_rows(rows, stream, self.options.columns)  # type: ignore[attr-defined]


#: The columns a record of a packet (``--split``) adds after ``message``: the packet
#: template, the packet's file and status, and the document's role and own status.
PACKET_COLUMNS = ("packet", "packet_source", "packet_status", "packet_role",
                  "document_status")


def _records(results: Iterable[Any]) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Each record to write, with the columns its rows start with: source, status,
    template, message; for the records of a packet (its documents', and its own first
    when it has something to say: ``PacketResult.flat``) also :data:`PACKET_COLUMNS`. A
    document's ``status`` is what its packet gives it (:func:`packet_gives`) when that is
    worse, and its ``message`` then starts with the packet's reasons (``document_status``
    keeps its own): no row of a packet in review reads accepted to a loader that books
    the rows it finds accepted."""
    from formsift.core.packet import PacketResult

    for x in results:
        if not isinstance(x, PacketResult):
            yield x, _head(x)
            continue
        index = {id(d.result): n for n, d in enumerate(x.documents)}
        given = packet_gives(x)
        for r in x.flat():
            head = _head(r)
            n = index.get(id(r))
            head.update({"packet": x.packet or "", "packet_source": x.source,
                         "packet_status": x.status.value,
                         "packet_role": "" if n is None else x.documents[n].role or "",
                         "document_status": "" if n is None else r.status.value})
            if n is not None and _RANK.index(given) > _RANK.index(r.status):
                head["status"] = given.value
                head["message"] = "; ".join(filter(None, (_held_back(x, n),
                                                          head["message"])))
            yield r, head


def packet_gives(packet: Any) -> Status:
    """The status a packet gives its documents' rows: its own, except that a rejection
    (or an error) only one of its documents has is review for the others. Nothing
    rejected them, so they are not to be returned or discarded as rejected (a proof of
    address too old beside a good form and ID card); but they are not booked without the
    rest of their packet either. A packet rejected as a whole (no document of it is, or a
    packet ``review when``/``reject when`` held, which its reasons do not tell apart)
    gives every row its status."""
    status = packet.status
    if _RANK.index(status) <= _RANK.index(Status.REVIEW):
        return status
    as_bad = any(d.result.status is status for d in packet.documents)
    if as_bad and not any(r.code == "policy" for r in packet.reasons):
        return Status.REVIEW
    return status


def _head(result: Any) -> dict[str, Any]:
    return {"source": result.source, "status": result.status.value,
            "template": getattr(result, "template", None) or "",
            "message": _message(result)}


def _held_back(packet: Any, n: int) -> str:
    """Why the packet holding document ``n`` is worse than it: the packet's reasons but
    the one repeating that document's own status ("the packet is in review: rule
    'line_qty' failed...")."""
    from formsift.templates.packet_runner import said_status

    own = f"document {n + 1} ("
    why = [r.message for r in packet.reasons
           if not (r.code.startswith("document_") and r.message.startswith(own))]
    return f"the packet {said_status(packet.status)}" + (f": {'; '.join(why)}" if why
                                                         else "")


def _message(result: Any) -> str:
    """An error's message, or why a record is not accepted (its reasons)."""
    return getattr(result, "message", "") or "; ".join(
        x.message for x in getattr(result, "reasons", []))


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


#: The columns every row has, first, in this order (a packet's records add
#: :data:`PACKET_COLUMNS`, csv-rows adds table, row, page).
_HEAD = ("source", "status", "template", "message", *PACKET_COLUMNS, "table", "row", "page")
#: What a field's column starts with when its name is one of :data:`_HEAD`'s (``field:status``):
#: a template's names are letters, digits and ``_``, so no field or cell has such a name.
FIELD_PREFIX = "field:"


def csv_column(name: str) -> str:
    """The CSV column of a field (or, in ``-f csv``, a table) named ``name``: its name,
    or, when that is a column the exporters write themselves (``status``, ``source``,
    ``page``...; in any case, for a loader that folds it), :data:`FIELD_PREFIX` and its
    name. The same in every file, packet or not, csv or csv-rows: a loader can count on
    it, and the field never overwrites the record's status, nor is it lost."""
    return FIELD_PREFIX + name if name.casefold() in _HEAD else name


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    """``record``'s values as cells, under their columns (:func:`csv_column`)."""
    return {csv_column(k): _cell(v) for k, v in record.items()}


#: What a column ``NAME.currency`` adds to a field ``NAME``: the currency written beside
#: its amount (``FieldValue.currency``), a column only when named (``columns``).
CURRENCY = ".currency"


def _currencies(result: Any, columns: list[str] | None) -> dict[str, Any]:
    """The cells of the ``FIELD.currency`` columns ``columns`` names for ``result``'s
    fields (a repeated field's as a list); none unless named, so the default header is
    unchanged. A table's cells keep ``TABLE.COLUMN`` (no field has a table's name)."""
    named = set(columns or ())
    out: dict[str, Any] = {}
    for name, fv in (getattr(result, "fields", None) or {}).items():
        for column in {csv_column(name) + CURRENCY, name + CURRENCY} & named:
            if fv is not None:  # (as field:status.currency or status.currency)
                out[column] = _cell([v.currency for v in fv] if isinstance(fv, list)
                                    else fv.currency)
    return out


#: The statuses from best to worst.
_RANK = list(Status)
#: A row's key (not a column) giving the place of each of its record's keys.
_ORDER = "\0order"


def _column_order(rows: list[dict[str, Any]]) -> list[str]:
    """The columns of ``rows`` in an order that depends on which templates are present,
    never on the order of the rows (input order in ``extract``, completion order in a
    batch): the head columns, then each template's columns (by template name), its fields
    in the order the template declares them (its records' order), then its tables' cells
    (``TABLE.COLUMN``), table by table in the same order, each in its columns' order. A
    name two templates share (``date``) is one column, where the first of them by name
    puts it."""
    head = [c for c in _HEAD if any(c in row for row in rows)]
    # per template, a column's place: (0 for a field, else 1 + its table's place among
    # the record's keys; its place in the record or in the table's row), the smallest
    # of any row: a row of csv-rows holds the cells of one table only
    places: dict[str, dict[str, tuple[int, int]]] = {}
    for row in rows:
        own = places.setdefault(str(row.get("template") or ""), {})
        order = row.get(_ORDER) or {}
        fields = [k for k in row if k not in _HEAD and k != _ORDER and "." not in k]
        cells = [k for k in row if "." in k]
        for k in fields:
            place = (0, order.get(k, fields.index(k)))
            own[k] = min(own.get(k, place), place)
        for n, k in enumerate(cells):
            place = (1 + order.get(k.partition(".")[0], len(order)), n)
            own[k] = min(own.get(k, place), place)
    columns = dict.fromkeys(head)
    for template in sorted(places):
        own = places[template]
        columns.update(dict.fromkeys(sorted(own, key=lambda k: (own[k], k))))
    return list(columns)


def _write_rows(rows: list[dict[str, Any]], stream: TextIO,
                fixed: list[str] | None = None) -> None:
    columns = list(dict.fromkeys(fixed)) if fixed else _column_order(rows)
    keys = {c: _fixed_key(c, rows) for c in columns} if fixed else {c: c for c in columns}
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: ("" if row.get(k) is None else spreadsheet_safe(row.get(k)))
                         for c, k in keys.items()})


def _fixed_key(column: str, rows: list[dict[str, Any]]) -> str:
    """The key of ``rows`` a column named in ``columns`` reads: the column itself, or a
    field's ``field:NAME`` when NAME is a column this file does not write (``row`` or
    ``page`` in ``-f csv``, the packet columns of single documents), so that a list
    written before fields were renamed still gets the field's values; a name of
    :data:`COLUMN_ALIASES` no field has reads the column it names (``reasons``: the
    ``message`` column)."""
    if column in COLUMN_ALIASES and not any(column in row for row in rows):
        return COLUMN_ALIASES[column]
    if column.casefold() not in _HEAD or any(column in row for row in rows):
        return column
    renamed = csv_column(column)
    return renamed if any(renamed in row for row in rows) else column


#: The columns only csv-rows writes.
_ROWS_ONLY = ("table", "row", "page")
#: Other names of the columns the exporters write: ``reasons``, as the JSON result calls
#: what the CSV writes in ``message`` (the header keeps the name given).
COLUMN_ALIASES = {"reasons": "message"}


def known_columns(templates: Iterable[Any], rows: bool = False) -> list[str]:
    """The names a ``columns`` list may give for results of ``templates``: the columns
    the exporter writes (:data:`_HEAD`, less ``table``, ``row`` and ``page`` in csv;
    :data:`COLUMN_ALIASES`), then each template's fields and tables (csv), or (``rows``:
    csv-rows) its fields and ``TABLE.COLUMN`` cells, under their columns
    (:func:`csv_column`)."""
    head = _HEAD if rows else [c for c in _HEAD if c not in _ROWS_ONLY]
    out = dict.fromkeys([*head, *COLUMN_ALIASES])
    for t in templates:
        tables = getattr(t, "tables", None) or {}
        fields = getattr(t, "fields", None) or {}
        out.update(dict.fromkeys(csv_column(f) for f in fields))
        out.update(dict.fromkeys(csv_column(f) + CURRENCY for f, spec in fields.items()
                                 if _is_money(spec)))
        for name, table in tables.items():
            if not rows:
                out[csv_column(name)] = None
                continue
            out.update(dict.fromkeys(f"{name}.{c.name}" for c in table.columns))
    return list(out)


def _is_money(spec: Any) -> bool:
    """Whether a template's field holds amounts (a ``money`` field: its currency column)."""
    from formsift.plugins.fieldtypes.amounts import MoneyType

    return isinstance(getattr(spec, "type", None), MoneyType)


def check_columns(columns: list[str], known: list[str], option: str = "--csv-columns"
                  ) -> None:
    """A usage error naming each of ``columns`` that is none of ``known``
    (:func:`known_columns`) and the names known, with the nearest as a hint: a mistyped
    name would be an empty column without a word. ``field:NAME`` is known where NAME is,
    and NAME where ``field:NAME`` is (a list written before a field was renamed so)."""
    from formsift.core.errors import FormsiftError
    from formsift.util.suggest import did_you_mean

    names = set(known)
    unknown = [c for c in columns if c not in names and FIELD_PREFIX + c not in names
               and c.removeprefix(FIELD_PREFIX) not in names]
    if not unknown:
        return
    near = did_you_mean(unknown[0], known)
    raise FormsiftError(
        f"{option}: no such column: {', '.join(repr(c) for c in unknown)}; the columns "
        f"are: {', '.join(known)}",
        hint=f"did you mean {near!r}?" if near else "names are comma-separated, as the "
                                                     "CSV header writes them")


def _row_page(row: dict[str, Any]) -> int | None:
    """The page a table row is on: the page most of its cells were read from (a cell
    filled down from a section heading keeps the heading's page, which may be an earlier
    one), the first of them on a tie."""
    pages = [fv.page for fv in row.values() if fv is not None and fv.page is not None]
    if not pages:
        return None
    return min(set(pages), key=lambda p: (-pages.count(p), p))


class CsvRowsExporter(Exporter):
    name = "csv-rows"
    version = "0.2.0"
    summary = ("One row per table row (line item, statement line) of every record: source, "
               "status, template, message, table, row (from 1), page, then the document's "
               "fields (repeated on each of its rows) and the row's cells as TABLE.COLUMN "
               "(in the order csv gives fields; option columns fixes them); a "
               "document without table rows, and an error, is one row with no cells, so no "
               "input is left out; a packet (--split) is a row set per document")
    suffix = ".csv"
    media_type = "text/csv"
    takes_packets = True  # rows per record of it (_records), with the packet's columns
    Options = CsvOptions

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        rows: list[dict[str, Any]] = []
        for r, first in _records(results):
            head: dict[str, Any] = {**first, "table": None, "row": None, "page": None}
            tables = getattr(r, "tables", {}) or {}
            record = r.record() if hasattr(r, "record") else {}
            head.update(_fields({k: v for k, v in record.items() if k not in tables}))
            head.update(_currencies(r, self.options.columns))  # type: ignore[attr-defined]
            # (a table's place by its name, which its cells' columns start with)
            head[_ORDER] = {c: n for n, k in enumerate(record) for c in (k, csv_column(k))}
            lines = [(name, n, row) for name, table in tables.items()
                     for n, row in enumerate(table, start=1)]
            if not lines:
                rows.append(head)
            for name, n, row in lines:
                out = {**head, "table": name, "row": n, "page": _row_page(row)}
                out.update({f"{name}.{column}": _cell(value)
                            for column, value in record[name][n - 1].items()})
                rows.append(out)
        _write_rows(rows, stream, self.options.columns)  # type: ignore[attr-defined]


@hookimpl
def formsift_register_exporters() -> list[type]:
    return [JsonExporter, JsonLinesExporter, CsvExporter, CsvRowsExporter]
