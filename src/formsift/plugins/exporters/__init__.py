"""Built-in exporters: JSON, JSON Lines and CSV. Error results are written too."""

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
        columns: dict[str, None] = {}
        for r in results:
            # the message: an error's, or why a record is not accepted (its reasons)
            message = getattr(r, "message", "") or "; ".join(
                x.message for x in getattr(r, "reasons", []))
            row: dict[str, Any] = {"source": r.source, "status": r.status.value,
                                   "template": getattr(r, "template", None) or "",
                                   "message": message}
            if hasattr(r, "record"):
                for k, v in r.record().items():
                    row[k] = json.dumps(v, ensure_ascii=False) if isinstance(
                        v, (list, dict)) else v
            rows.append(row)
            columns.update(dict.fromkeys(row))
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else spreadsheet_safe(row.get(k)))
                             for k in columns})


@hookimpl
def formsift_register_exporters() -> list[type]:
    return [JsonExporter, JsonLinesExporter, CsvExporter]
