"""``formsift extract --split``: files that hold several documents (packets)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from formsift.core.errors import FormsiftError


def _packet(engine: Any, path: Any, params: Any = None) -> Any:
    """The packet a file holds; a folder's files (a customer's phone photos, a page each;
    a case's purchase order, delivery note and invoice) are one packet, their pages in
    name order, told on stderr file by file, with what the folder holds besides."""
    result = engine.extract_packet(path, params=params)
    if not Path(path).is_dir():
        return result
    if result.left_out:
        print(f"formsift: {path}: left out {', '.join(result.left_out)}", file=sys.stderr)
    said = [f"{f.pages[0]}" + (f"-{f.pages[-1]}" if len(f.pages) > 1 else "")
            + f" {Path(f.file).name}" for f in result.files if f.pages]
    print(f"formsift: {path}: one packet of {len(result.files)} file(s), in name order; "
          f"pages " + ", ".join(said), file=sys.stderr)
    return result


def extract_split(args: argparse.Namespace, engine: Any) -> int:
    """Packets as JSON (whole, or with ``--record`` their documents' records), or in any
    other format as ``Engine.export`` writes them (csv: a row per document)."""
    from formsift.cli import EXIT_INPUT, EXIT_NOT_ACCEPTED, EXIT_OK
    from formsift.cli.commands import (
        _note_struck_rows,
        _output,
        _output_format,
        _progress,
        check_csv_columns,
        checked_params,
        export,
        export_options,
        write_json,
    )
    from formsift.core.result import ErrorResult

    fmt = _output_format(engine.registry, args)
    json_out = fmt in ("json", "jsonl")
    if args.record and not json_out:
        raise FormsiftError(f"--record writes plain values as JSON, not {fmt!r}",
                            hint="use -f json (the default) or -f jsonl, or leave out "
                                 "--record for the full results in any format (csv: a "
                                 "row per document)")
    export_options(engine.registry, fmt, args)  # a wrong option before any input
    if args.template:
        raise FormsiftError("--split classifies every page; leave out --template (use "
                            "--templates to choose the candidates)")
    _ = engine.templates  # load and check the templates before reading inputs
    check_csv_columns(fmt, args, engine.templates)
    params = checked_params(engine, None, args)
    outputs: list[dict[str, Any]] = []
    results: list[Any] = []  # the other formats: as Engine.export writes them
    failed = 0
    not_accepted = False  # --with-status: exit 7 (a packet's record shows its status)
    for path in _progress(args.files, not args.no_progress, engine=engine):
        try:
            result = _packet(engine, path, params)
        except FormsiftError as exc:
            failed += 1
            print(f"formsift: error: {exc}", file=sys.stderr)
            outputs.append({"source": str(path), "status": "error", "error": exc.code,
                            "message": str(exc)})
            results.append(ErrorResult(source=str(path), error=exc.code, message=str(exc)))
            continue
        not_accepted = not_accepted or result.status.value != "accepted"
        if result.status.value == "error":  # a document could not be extracted: say so
            failed += 1
            said = next((r.message for r in result.reasons if r.code == "document_error"),
                        result.reasons[0].message if result.reasons else
                        "could not be extracted")
            print(f"formsift: error: {path}: {said}", file=sys.stderr)
        if not json_out:
            results.append(result)
        elif args.record:  # each document's record, and why anything is in review
            outputs.append(result.record())
            for d in result.documents:  # a plain record has no page notes
                _note_struck_rows(d.result)
        else:  # as the json exporters write it
            from formsift.plugins.exporters import as_line

            outputs.append(as_line(result.model_dump(mode="json"), args.stable))
    with _output(args.output) as out:
        if json_out:
            write_json(outputs, out, lines=fmt == "jsonl")
        else:
            export(engine, results, out, fmt, args)
    if failed:
        return EXIT_INPUT
    return EXIT_NOT_ACCEPTED if args.with_status and not_accepted else EXIT_OK
