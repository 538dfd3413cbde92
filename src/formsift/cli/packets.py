"""``formsift extract --split``: files that hold several documents (packets)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from formsift.core.errors import FormsiftError


def extract_split(args: argparse.Namespace, engine: Any) -> int:
    from formsift.cli import EXIT_INPUT, EXIT_OK
    from formsift.cli.commands import _output, _progress, write_json

    if args.format not in ("json", "jsonl"):
        raise FormsiftError(f"--split writes json or jsonl, not {args.format!r}")
    if args.template:
        raise FormsiftError("--split classifies every page; leave out --template (use "
                            "--templates to choose the candidates)")
    _ = engine.templates  # load and check the templates before reading inputs
    outputs: list[dict[str, Any]] = []
    failed = 0
    for path in _progress(args.files, not args.no_progress):
        try:
            result = engine.extract_packet(path)
        except FormsiftError as exc:
            failed += 1
            print(f"formsift: error: {exc}", file=sys.stderr)
            outputs.append({"source": str(path), "status": "error", "error": exc.code,
                            "message": str(exc)})
            continue
        if args.record:
            # the record of each document, and why anything is in review (a plain
            # status without its reasons leaves a reviewer guessing)
            outputs.append({"source": result.source, "packet": result.packet,
                            "status": result.status.value,
                            "reasons": [_reason(r) for r in result.reasons],
                            "documents": [{"role": d.role, "template": d.template,
                                           "pages": d.pages, "status": d.result.status.value,
                                           "reasons": [_reason(r) for r in d.result.reasons],
                                           "record": d.result.record()}
                                          for d in result.documents],
                            "unassigned_pages": result.unassigned_pages})
        else:
            outputs.append(result.model_dump(mode="json"))
    with _output(args.output) as out:
        write_json(outputs, out, lines=args.format == "jsonl")
    return EXIT_INPUT if failed else EXIT_OK


def _reason(reason: Any) -> dict[str, Any]:
    return {k: v for k, v in reason.model_dump(mode="json").items() if v is not None}
