"""``formsift audit export``: the service's audit trail as JSON Lines."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    from formsift.cli.serve import add_storage_arguments

    p = sub.add_parser("audit", help="export the service's audit trail")
    a = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    e = a.add_parser("export", help="write audit events as JSON Lines")
    e.add_argument("--since", help="from this ISO date or time (UTC)")
    e.add_argument("--until", help="before this ISO date or time (UTC)")
    e.add_argument("--action", help="only this action (extract, review.submit, ...)")
    e.add_argument("--record", help="only events of this record id")
    e.add_argument("-o", "--output", help="write here instead of standard output")
    add_storage_arguments(e)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formsift.cli.serve import user_errors

    with user_errors():
        return _export(args)


def _export(args: argparse.Namespace) -> int:
    from formsift.cli.serve import require_service_extra, storage_settings

    require_service_extra()
    from formsift.cli.commands import _output
    from formsift.core.errors import FormsiftError
    from formsift.service.audit import ACTIONS, jsonl, parse_time
    from formsift.service.storage import Store

    since = parse_time(args.since, "--since")
    until = parse_time(args.until, "--until")
    if args.action is not None and args.action not in ACTIONS:
        raise FormsiftError(f"unknown action {args.action!r}",
                            hint="known: " + ", ".join(ACTIONS))
    store = Store(storage_settings(args)["db_url"], create=False)
    n = 0
    try:
        with _output(args.output, whole=False) as out:  # streamed: no exporter to fail
            for line in jsonl(store.audit_events(since=since, until=until, action=args.action,
                                                 record_id=args.record)):
                out.write(line)
                n += 1
    finally:
        store.close()
    if args.output:
        print(f"formsift: wrote {n} event(s) to {args.output}", file=sys.stderr)
    return 0
