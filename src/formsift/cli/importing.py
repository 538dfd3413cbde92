"""``formsift import invoice2data PATH... [--out DIR]``: convert invoice2data templates.

Each YAML/JSON template becomes a ``.sift`` file named after its template (folders are
searched recursively; names stay unique, so the output is one flat folder that
``formsift extract --templates DIR`` reads). Every converted file is checked like
``formsift check``; what could not be converted is reported per template and per field,
in the output and as comments at the top of each ``.sift`` file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import", help="convert templates of another tool (invoice2data) to .sift",
        description="Convert invoice2data templates (YAML or JSON) into .sift templates, "
                    "check them, and report what could not be converted.")
    p.add_argument("tool", choices=["invoice2data"], help="the tool the templates are for")
    p.add_argument("paths", nargs="+", metavar="PATH", help="template files or folders")
    p.add_argument("-o", "--out", metavar="DIR", default=".",
                   help="write the .sift files here (default: the current folder)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="only the summary (and templates that fail their check)")
    from formsift.cli import add_plugin_argument

    add_plugin_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formsift.cli import EXIT_INPUT, EXIT_OK, EXIT_TEMPLATE
    from formsift.core.plugins import default_registry
    from formsift.importers.invoice2data import (
        TemplateImportError,
        convert_many,
        template_files,
    )
    from formsift.templates import check_source

    registry = default_registry(block=tuple(args.block), strict=args.strict_plugins or None,
                                plugins=tuple(args.plugin))
    out_dir = Path(args.out)
    files = template_files(args.paths)
    if not files:
        raise TemplateImportError("no .yml, .yaml or .json template files found in "
                                  + ", ".join(args.paths))
    report: list[dict[str, Any]] = []
    counts = {"templates": len(files), "converted": 0, "check_ok": 0, "complete": 0,
              "unreadable": 0, "fields": 0, "fields_converted": 0}
    for path, conv in convert_many(args.paths):
        entry: dict[str, Any] = {"source": str(path)}
        if isinstance(conv, TemplateImportError):
            counts["unreadable"] += 1
            entry.update(status="unreadable", error=str(conv))
            report.append(entry)
            continue
        target = out_dir / f"{conv.name}.sift"  # names are unique: one flat folder
        out_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(conv.text, encoding="utf-8")
        _, diagnostics = check_source(conv.text, str(target), registry)
        errors = [d for d in diagnostics if d.severity == "error"]
        counts["converted"] += 1
        counts["check_ok"] += not errors
        counts["complete"] += conv.complete and not errors
        counts["fields"] += conv.fields_total
        counts["fields_converted"] += conv.fields_converted
        entry.update(status="ok" if not errors else "check_failed", output=str(target),
                     template=conv.name, fields=conv.fields_total,
                     fields_converted=conv.fields_converted,
                     notes=[{"field": n.field, "kind": n.kind, "message": n.message}
                            for n in conv.notes],
                     errors=[d.format() for d in errors])
        report.append(entry)
    if args.json:
        json.dump({"summary": counts, "templates": report}, sys.stdout, indent=2,
                  ensure_ascii=False)
        print()
    else:
        _print(report, counts, args.quiet)
    if counts["unreadable"]:
        return EXIT_INPUT
    return EXIT_TEMPLATE if counts["converted"] > counts["check_ok"] else EXIT_OK


def _print(report: list[dict[str, Any]], counts: dict[str, int], quiet: bool) -> None:
    for e in report:
        if e["status"] == "unreadable":
            print(f"not converted: {e['error']}")
            continue
        bad = e["status"] != "ok"
        if quiet and not bad:
            continue
        state = "converted" if not bad else "converted, but formsift check fails"
        skipped = sum(n["kind"] == "skipped" for n in e["notes"])
        also = f"; {skipped} thing(s) skipped, listed below" if skipped else ""
        print(f"{e['source']} -> {e['output']}: {state} "
              f"({e['fields_converted']}/{e['fields']} fields{also})")
        for n in e["notes"]:
            where = f"{n['field']}: " if n["field"] else ""
            print(f"    {n['kind']}: {where}{n['message']}")
        for err in e["errors"]:
            print("    " + err.replace("\n", "\n    "))
    n = counts["templates"]
    print(f"\n{n} template(s): {counts['converted']} converted, {counts['check_ok']} pass "
          f"formsift check ({_pct(counts['check_ok'], counts['converted'])} of those "
          f"converted), {counts['complete']} with nothing skipped, {counts['unreadable']} "
          f"unreadable; fields: {counts['fields_converted']}/{counts['fields']} converted")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"
