"""``formsift documents purge``: delete the service's stored documents after a period."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    from formsift.cli.serve import add_storage_arguments

    p = sub.add_parser("documents", help="the service's stored documents (retention)")
    d = p.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    purge = d.add_parser("purge", help="delete stored documents older than N days (records, "
                                       "corrections and the audit trail stay)")
    purge.add_argument("--older-than", type=float, required=True, metavar="DAYS",
                       help="delete documents stored more than DAYS days ago (fractions "
                            "allowed)")
    purge.add_argument("--dry-run", action="store_true", help="only count them")
    add_storage_arguments(purge)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formsift.cli.serve import user_errors

    with user_errors():
        return _purge(args)


def _purge(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from formsift.cli.serve import require_service_extra, storage_settings

    require_service_extra()
    from formsift.core.errors import FormsiftError
    from formsift.service.storage import Store, utcnow

    if args.older_than < 0:
        raise FormsiftError("--older-than takes a number of days, 0 or more")
    before = utcnow() - timedelta(days=args.older_than)
    store = Store(storage_settings(args)["db_url"], create=False)
    try:
        n = store.purge_documents(before, dry_run=args.dry_run)
        if not args.dry_run:
            store.audit(actor="cli", action="documents.purge",
                        details={"before": before.isoformat() + "Z", "deleted": n})
    finally:
        store.close()
    verb = "would delete" if args.dry_run else "deleted"
    print(f"formsift: {verb} {n} document(s) stored before {before:%Y-%m-%d %H:%M} UTC "
          "(kept: those of records in review and of unfinished jobs)", file=sys.stderr)
    return 0
