"""``formsift serve``: the HTTP service (needs the ``service`` extra)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any

MB = 1024 * 1024


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the HTTP service (extraction API, jobs, review "
                                     "queue, audit trail)",
                       description="Run the formsift HTTP service. Settings also come from "
                                   "FORMSIFT_DB_URL, FORMSIFT_DATA_DIR and "
                                   "FORMSIFT_WEBHOOK_SECRET (and "
                                   "FORMSIFT_WEBHOOK_ALLOW_PRIVATE). See docs/service.md.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                                                      "127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on, 1 to 65535 "
                                                          "(default: 8000)")
    add_storage_arguments(p)
    p.add_argument("--templates", action="append", default=[], metavar="PATH",
                   help="serve these template files or folders (default: the library)")
    from formsift.cli import add_plugin_argument

    add_plugin_argument(p)
    p.add_argument("--workers", type=int, default=2,
                   help="extraction worker processes (default: 2)")
    p.add_argument("--max-upload-mb", type=float, default=25.0,
                   help="largest upload in MB (413 beyond; default 25)")
    p.add_argument("--sync-max-mb", type=float, default=5.0,
                   help="largest upload /v1/extract handles while the client waits; larger "
                        "ones must be jobs (default 5)")
    p.add_argument("--max-pages", type=int, default=50, help="most pages per document "
                                                             "(413 beyond; default 50)")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="processing time per document in seconds while the client waits "
                        "(422 processing_timeout beyond; default 60)")
    p.add_argument("--job-timeout", type=float, default=600.0,
                   help="processing time per document of an asynchronous job in seconds "
                        "(default 600)")
    p.add_argument("--max-waiting", type=int, default=32, metavar="N",
                   help="requests of waiting clients (POST /v1/extract, page images) that "
                        "may wait for a worker at once, each holding its document in "
                        "memory; more are answered 503 busy with Retry-After (default 32)")
    p.add_argument("--job-lease", type=float, metavar="SECONDS",
                   help="how long this process holds a job without renewing it (it renews "
                        "every third of that); another process on the same database takes "
                        "over a job whose lease ran out (default: $FORMSIFT_JOB_LEASE_S, "
                        "else 60)")
    p.add_argument("--zero-retention", action="store_true",
                   help="never write document bytes (or recognized page text) to disk or "
                        "database; the review page then shows no page images")
    p.add_argument("--audit-reads", action="store_true",
                   help="write an audit event (record.read) for every read of a record, "
                        "its corrections, a page image, or a job's or packet's result: "
                        "who read which record")
    p.add_argument("--no-auth", action="store_true",
                   help="accept requests without an API key (local development only)")
    p.add_argument("--claim-minutes", type=float, default=15.0,
                   help="how long a reviewer's claim lasts (default 15)")
    p.add_argument("--webhook-attempts", type=int, default=6,
                   help="tries of a job's webhook (1 s, 2 s, 4 s, ... apart) before it is "
                        "given up (default: 6)")
    p.add_argument("--webhook-allow-private", action="store_true",
                   help="allow callback URLs whose host is a loopback or private "
                        "address (refused by default: SSRF; also "
                        "FORMSIFT_WEBHOOK_ALLOW_PRIVATE=1); link-local and cloud metadata "
                        "addresses stay refused")
    p.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"],
                   help="the server's log level (default: info)")
    p.set_defaults(func=run)


def add_storage_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="database URL: sqlite:///FILE or "
                                               "postgresql://USER:PASSWORD@HOST/DB (default: "
                                               "$FORMSIFT_DB_URL, else DATA_DIR/formsift.db)")
    p.add_argument("--data-dir", metavar="DIR", help="where the default SQLite database "
                                                     "lives (default: $FORMSIFT_DATA_DIR or "
                                                     "~/.local/share/formsift)")


def storage_settings(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    from formsift.service.config import default_data_dir, default_db_url

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    return {"data_dir": data_dir, "db_url": args.db or default_db_url(data_dir)}


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """The plain errors of the service commands (serve, keys, audit, documents) are the
    user's: a bad flag, database URL, key id or date. They exit 2 (usage), not 1."""
    from formsift.cli import EXIT_USAGE
    from formsift.core.errors import FormsiftError

    try:
        yield
    except FormsiftError as exc:
        if type(exc) is FormsiftError:
            exc.exit_code = EXIT_USAGE
        raise


def check_listen(host: str, port: int) -> None:
    """One clear line, before anything starts, when ``host:port`` cannot be listened on."""
    import socket

    from formsift.core.errors import FormsiftError

    if not 1 <= port <= 65535:
        raise FormsiftError(f"--port {port}: not a port number", hint="1 to 65535")
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise FormsiftError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                            ) from None


def require_service_extra() -> None:
    from formsift.core.errors import FormsiftError

    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as exc:
        raise FormsiftError(f"the service needs {exc.name}",
                            hint='pip install "formsift[service]"') from exc


def _new_sqlite_file(url: str) -> str | None:
    """The file an SQLite URL names when it does not exist yet (serve will create it)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else str(path)


#: The flag that sets a setting, where its name differs (an error names what the user typed).
_FLAG_OF = {"max_upload_bytes": "--max-upload-mb", "sync_max_bytes": "--sync-max-mb",
            "timeout_s": "--timeout", "job_timeout_s": "--job-timeout",
            "claim_ttl_s": "--claim-minutes", "auth": "--no-auth", "block_plugins": "--block",
            "plugins": "--plugin",
            "job_lease_s": "--job-lease"}


def show_service_log(level: str) -> None:
    """The service's own messages (start-up progress with timings, jobs taken over, lost
    leases) on stderr at ``level``, as uvicorn's are: uvicorn sets up only its own
    loggers, and these went unseen below warnings (a start of half a minute was silent)."""
    import logging

    class Stderr(logging.StreamHandler):  # sys.stderr as it is when a message comes
        @property  # type: ignore[override]
        def stream(self) -> Any:
            return sys.stderr

        @stream.setter
        def stream(self, _: Any) -> None:
            pass

    logger = logging.getLogger("formsift.service")
    value = logging.getLevelName(level.upper())
    logger.setLevel(value if isinstance(value, int) else logging.INFO)
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s:  formsift: %(message)s"))
        logger.addHandler(handler)


def run(args: argparse.Namespace) -> int:
    with user_errors():
        return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    require_service_extra()
    import uvicorn
    from pydantic import ValidationError

    from formsift.core.errors import FormsiftError
    from formsift.service.app import create_app
    from formsift.service.config import ServiceConfig
    from formsift.service.storage import Store

    check_listen(args.host, args.port)
    if args.sync_max_mb > args.max_upload_mb:
        args.sync_max_mb = args.max_upload_mb
    allow_private = {"webhook_allow_private": True} if args.webhook_allow_private else {}
    lease = {"job_lease_s": args.job_lease} if args.job_lease is not None else {}
    try:
        config = ServiceConfig(
            **storage_settings(args), templates=args.templates,
            block_plugins=list(args.block), plugins=list(args.plugin),
            workers=args.workers, auth=not args.no_auth,
            max_upload_bytes=int(args.max_upload_mb * MB),
            sync_max_bytes=int(args.sync_max_mb * MB), max_pages=args.max_pages,
            timeout_s=args.timeout, job_timeout_s=args.job_timeout,
            max_waiting=args.max_waiting, zero_retention=args.zero_retention,
            audit_reads=args.audit_reads,
            claim_ttl_s=args.claim_minutes * 60,
            webhook_attempts=args.webhook_attempts, **allow_private, **lease)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        flag = _FLAG_OF.get(where, f"--{where.replace('_', '-')}")
        raise FormsiftError(f"invalid {flag}: {first['msg']}") from exc
    except ValueError as exc:  # an environment variable (FORMSIFT_...) that makes no sense
        raise FormsiftError(str(exc)) from exc
    fresh = _new_sqlite_file(config.db_url)
    Store(config.db_url).close()  # a bad URL or an unreachable database: one clear line
    if fresh is not None:  # a mistyped --db path would otherwise look like lost keys
        print(f"formsift: created a new, empty database at {fresh} (no API keys yet: "
              f"formsift keys create NAME --db ...)", file=sys.stderr)
    show_service_log(args.log_level)
    app = create_app(config)  # compiles the templates: their errors are one report here
    # a model file a template names that its component cannot load: one line now, not a
    # traceback of every worker failing to start
    from formsift.templates import load_model_files

    load_model_files(app.state.service.templates.values())
    if config.auth and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"formsift: serving on {args.host}:{args.port}; API keys are required "
              "(formsift keys create NAME)")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                proxy_headers=False)
    return 0
