"""``formsift keys``: create, list and revoke the service's API keys."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    from formsift.cli.serve import add_storage_arguments

    p = sub.add_parser("keys", help="manage the service's API keys (stored hashed)")
    ks = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    c = ks.add_parser("create", help="create a key and print it (once: it is not stored)")
    c.add_argument("name", help="who or what uses the key")
    c.add_argument("--templates", metavar="T1,T2",
                   help="templates the key may use (default: all)")
    c.add_argument("--roles", metavar="R1,R2",
                   help="extract, review, audit (default: all three)")
    add_storage_arguments(c)
    ls = ks.add_parser("list", help="list keys (ids, names, scopes; never secrets)")
    ls.add_argument("--json", action="store_true", help="print the keys as JSON")
    add_storage_arguments(ls)
    r = ks.add_parser("revoke", help="revoke a key by id")
    r.add_argument("key_id", metavar="KEY_ID", help="the key's id, as keys list shows it")
    add_storage_arguments(r)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formsift.cli.serve import user_errors

    with user_errors():
        return _keys(args)


def _keys(args: argparse.Namespace) -> int:
    from formsift.cli.serve import require_service_extra, storage_settings

    require_service_extra()
    from formsift.core.errors import FormsiftError
    from formsift.service import auth
    from formsift.service.storage import Store

    # only create makes a new database; list and revoke refuse a missing one (a typo)
    store = Store(storage_settings(args)["db_url"], create=args.keys_command == "create")
    try:
        if args.keys_command == "create":
            templates = auth.parse_list(args.templates) or None
            if templates:
                _check_templates(args, templates)
            roles = auth.parse_list(args.roles, auth.ROLES, "role") or None
            key, row = auth.create_key(store, args.name, templates, roles)
            store.audit(actor="cli", action="key.create",
                        details={"key_id": row["id"], "name": row["name"],
                                 "templates": row["templates"], "roles": row["roles"]})
            print(key)
            print(f"formsift: created key {row['id']} ({row['name']}); templates: "
                  f"{', '.join(row['templates'])}; roles: {', '.join(row['roles'])}. "
                  "Keep it safe: it cannot be shown again.", file=sys.stderr)
        elif args.keys_command == "list":
            rows = store.list_keys()
            if args.json:
                json.dump([{k: (v.isoformat() + "Z" if hasattr(v, "isoformat") else v)
                            for k, v in r.items() if k != "secret_hash"} for r in rows],
                          sys.stdout, indent=2)
                print()
            else:
                for r in rows:
                    state = "revoked" if r["revoked_at"] else "active"
                    print(f"{r['id']}  {state:7}  {r['name']}  templates="
                          f"{','.join(r['templates'])}  roles={','.join(r['roles'])}")
        else:
            if not store.revoke_key(args.key_id):
                raise FormsiftError(f"no active key {args.key_id!r}",
                                    hint="formsift keys list")
            store.audit(actor="cli", action="key.revoke", details={"key_id": args.key_id})
            print(f"formsift: revoked key {args.key_id}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _check_templates(args: argparse.Namespace, names: list[str]) -> None:
    """Scopes name templates the library knows, or paths; a typo is an error."""
    from pathlib import Path

    from formsift.templates import library_names
    from formsift.util.suggest import did_you_mean

    known = library_names()
    for n in names:
        if n not in known and n != "*" and not Path(n).suffix:
            hint = did_you_mean(n, known)
            print(f"formsift: warning: {n!r} is not a library template"
                  + (f" (did you mean {hint!r}?)" if hint else "")
                  + "; the key is scoped to it anyway", file=sys.stderr)
