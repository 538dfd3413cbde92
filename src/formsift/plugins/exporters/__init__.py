"""Built-in exporters: JSON, JSON Lines, CSV (a row per document) and CSV of table rows
(a row per line item, for matching against a ledger). Error results are written too."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Exporter

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


def _dump(result: Any) -> dict[str, Any]:
    return result.model_dump(mode="json")


class JsonExporter(Exporter):
    name = "json"
    version = "0.1.0"
    summary = "One result as a JSON object, several as a JSON array"
    suffix = ".json"
    media_type = "application/json"
    takes_packets = True

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        items = [_dump(r) for r in results]
        json.dump(items[0] if len(items) == 1 else items, stream, indent=2, ensure_ascii=False)
        stream.write("\n")


class JsonLinesExporter(Exporter):
    name = "jsonl"
    version = "0.1.0"
    summary = "One JSON result per line"
    suffix = ".jsonl"
    media_type = "application/x-ndjson"
    takes_packets = True

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        for r in results:
            stream.write(json.dumps(_dump(r), ensure_ascii=False) + "\n")


class CsvExporter(Exporter):
    name = "csv"
    version = "0.1.0"
    summary = ("One row per document: source, status, template, message (an error's, or "
               "the reasons for review), then each field's value; a packet (--split) is a "
               "row per document in it; text a spreadsheet would run as a formula gets a "
               "leading apostrophe")
    suffix = ".csv"
    media_type = "text/csv"

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        rows = []
        for r in results:
            row: dict[str, Any] = {"source": r.source, "status": r.status.value,
                                   "template": getattr(r, "template", None) or "",
                                   "message": _message(r)}
            if hasattr(r, "record"):
                row.update({k: _cell(v) for k, v in r.record().items()})
            rows.append(row)
        _write_rows(rows, stream)


def _message(result: Any) -> str:
    """An error's message, or why a record is not accepted (its reasons)."""
    return getattr(result, "message", "") or "; ".join(
        x.message for x in getattr(result, "reasons", []))


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_rows(rows: list[dict[str, Any]], stream: TextIO) -> None:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else spreadsheet_safe(row.get(k)))
                         for k in columns})


class CsvRowsExporter(Exporter):
    name = "csv-rows"
    version = "0.1.0"
    summary = ("One row per table row (line item, statement line) of every record: source, "
               "status, template, message, table, row (from 1), page, then the document's "
               "fields (repeated on each of its rows) and the row's cells as TABLE.COLUMN; a "
               "document without table rows, and an error, is one row with no cells, so no "
               "input is left out; a packet (--split) is a row set per document")
    suffix = ".csv"
    media_type = "text/csv"

    def export(self, results: Iterable[Any], stream: TextIO) -> None:
        rows: list[dict[str, Any]] = []
        for r in results:
            head: dict[str, Any] = {"source": r.source, "status": r.status.value,
                                    "template": getattr(r, "template", None) or "",
                                    "message": _message(r), "table": None, "row": None,
                                    "page": None}
            tables = getattr(r, "tables", {}) or {}
            record = r.record() if hasattr(r, "record") else {}
            head.update({k: _cell(v) for k, v in record.items() if k not in tables})
            lines = [(name, n, row) for name, table in tables.items()
                     for n, row in enumerate(table, start=1)]
            if not lines:
                rows.append(head)
            for name, n, row in lines:
                pages = [fv.page for fv in row.values() if fv is not None]
                out = {**head, "table": name, "row": n, "page": min(pages, default=None)}
                out.update({f"{name}.{column}": _cell(value)
                            for column, value in record[name][n - 1].items()})
                rows.append(out)
        _write_rows(rows, stream)


@hookimpl
def formsift_register_exporters() -> list[type]:
    return [JsonExporter, JsonLinesExporter, CsvExporter, CsvRowsExporter]
