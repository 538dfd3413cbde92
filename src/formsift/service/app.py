"""The ASGI application: :func:`create_app` wires storage, workers, jobs and routes."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.staticfiles import StaticFiles

from formsift import __version__
from formsift.service.config import ServiceConfig
from formsift.service.errors import STATUS_OF_CODE, ApiError
from formsift.service.jobs import Jobs
from formsift.service.metrics import Metrics, MetricsMiddleware
from formsift.service.storage import Store
from formsift.service.workers import (
    PoolClosing,
    WorkerCrashed,
    WorkerPool,
    WorkerSettings,
    WorkerTimeout,
)

log = logging.getLogger("formsift.service")
STATIC = Path(__file__).with_name("static")
#: The headers of the review page and its files: the page loads its own script, style
#: sheet and API answers, and shows page images as blob: URLs; nothing else, and it is
#: not to be framed by another site (clickjacking a reviewer's submit).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' blob:; connect-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


#: Seconds a client told ``503 busy`` is asked to wait before it tries again.
RETRY_AFTER_S = 5


class Waiting:
    """A request's place in the line for a worker (:meth:`Service.wait_in_line`): left
    when a worker takes the request (:meth:`started`, an ``on_start``) or when it ends
    (:meth:`leave`, also as a context manager), whichever comes first."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.here = True
        service.waiting += 1
        service.metrics.waiting.set(service.waiting)

    def leave(self) -> None:
        if self.here:
            self.here = False
            self.service.waiting -= 1
            self.service.metrics.waiting.set(self.service.waiting)

    async def started(self) -> None:
        self.leave()

    def __enter__(self) -> Waiting:
        return self

    def __exit__(self, *_: object) -> None:
        self.leave()


class Service:
    """Everything a request needs: settings, store, worker pool, templates, metrics."""

    def __init__(self, config: ServiceConfig) -> None:
        from formsift.core.engine import Engine
        from formsift.core.plugins import default_registry

        self.config = config
        self.metrics = Metrics()
        # templates and plugins for listing, JSON Schemas and review (no extraction here)
        t0 = time.perf_counter()
        self.catalog = Engine(templates=list(config.templates) or None,
                              registry=default_registry(block=tuple(config.block_plugins),
                                                        plugins=tuple(config.plugins)),
                              seen_store="memory")
        self.templates = {t.name: t for t in self.catalog.templates}
        log.info("loaded %d template(s) (%s), %d packet template(s) and %d plugin "
                 "component(s) in %.1f s", len(self.templates), ", ".join(self.templates),
                 len(self.catalog.packets), len(self.catalog.registry.all()),
                 time.perf_counter() - t0)
        self.store: Store | None = None  # type: ignore[assignment]
        self.pool: WorkerPool | None = None  # type: ignore[assignment]
        self.jobs = Jobs(self)
        #: Why the service could not start, in one line (reported instead of a traceback)
        self.start_error = ""
        #: Requests whose clients wait (POST /v1/extract, page images) that are not on a
        #: worker yet: at most ``config.max_waiting`` (each holds its document in memory)
        self.waiting = 0

    def wait_in_line(self, advice: str) -> Waiting:
        """A place among the requests waiting for a worker while their clients wait, or
        ``503 busy`` (with ``Retry-After`` and ``advice``) when ``config.max_waiting``
        are waiting already: each would hold its document in memory, without end."""
        if self.waiting >= self.config.max_waiting:
            raise ApiError(503, "busy", f"{self.waiting} requests are waiting for a worker "
                                        f"already (the limit of this service); {advice}",
                           headers={"Retry-After": str(RETRY_AFTER_S)})
        return Waiting(self)

    async def start(self) -> None:
        cfg = self.config
        # database calls and pipe reads run in threads: enough of them for many clients
        from concurrent.futures import ThreadPoolExecutor

        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=32 + 2 * cfg.workers,
                               thread_name_prefix="formsift-io"))
        if not cfg.zero_retention:
            cfg.data_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        self.store = await asyncio.to_thread(Store, cfg.db_url)
        log.info("database (%s) at schema revision %s in %.1f s", self.store.dialect,
                 self.store.revision, time.perf_counter() - t0)
        self.metrics.watch("formsift_records", lambda: self.store.count_by_status("records"),
                           "status")
        self.metrics.watch("formsift_jobs", lambda: self.store.count_by_status("jobs"),
                           "status")
        from formsift.core.plugins import plugin_roots

        # duplicate checks of every worker (and of the review queue) go to the database
        self.pool = WorkerPool(cfg.workers, WorkerSettings(
            templates=tuple(cfg.templates), block_plugins=tuple(cfg.block_plugins),
            plugins=tuple(cfg.plugins), plugin_path=plugin_roots(cfg.plugins),
            max_bytes=cfg.max_upload_bytes, max_pages=cfg.max_pages,
            warm_ocr=cfg.warm_ocr), seen_store=self.store.seen)
        log.info("starting %d extraction worker process(es): each loads the templates, "
                 "plugins and loaders%s; requests are served once all are ready",
                 cfg.workers, " and the OCR models" if cfg.warm_ocr else "")
        t0 = time.perf_counter()
        await self.pool.start()
        log.info("%d worker(s) ready in %.1f s", cfg.workers, time.perf_counter() - t0)
        await self.jobs.resume()

    async def stop(self) -> None:
        await self.jobs.close()
        if self.pool is not None:
            await self.pool.close()
        if self.store is not None:
            self.store.close()

    async def _run(self, task: dict[str, Any], timeout: float, advice: str,
                   on_start: Callable[[], Awaitable[None]] | None = None) -> dict[str, Any]:
        """``task`` on a worker; a task over ``timeout`` answers ``processing_timeout``
        (a 422: a limit of this service, not a failure of it), with ``advice``."""
        assert self.pool is not None
        try:
            reply = await self.pool.run(task, timeout, on_start)
        except PoolClosing as exc:
            reply = {"ok": False, "code": "service_stopping", "message": str(exc)}
        except WorkerTimeout as exc:
            reply = {"ok": False, "code": "processing_timeout", "message": f"{exc}; {advice}"}
        except WorkerCrashed as exc:
            reply = {"ok": False, "code": "worker_crashed", "message": str(exc)}
        finally:
            self.metrics.workers_busy.set(self.pool.busy)
            self.metrics.worker_restarts.set(self.pool.restarts)
        return reply

    def _timeout_of(self, mode: str) -> tuple[float, str]:
        cfg = self.config
        if mode == "job":
            return cfg.job_timeout_s, "the limit for jobs is --job-timeout"
        return cfg.timeout_s, ("submit the document as an asynchronous job instead (POST "
                               f"/v1/jobs, which allows {cfg.job_timeout_s:g} s)")

    async def extract(self, data: bytes, name: str, template: str | None, *,
                      mode: str, on_start: Callable[[], Awaitable[None]] | None = None,
                      params: dict[str, Any] | None = None,
                      warnings: list[str] | None = None) -> dict[str, Any]:
        """Extract in a worker (``mode``: sync or job, each with its time limit); the
        result as JSON, or :class:`ApiError`. ``on_start``: awaited when a worker takes
        the document. ``params``: the template's parameters (as given in the request).
        ``warnings``: what the request said wrongly of the document (its
        ``audit.input_warnings``). Counted in the metrics once stored
        (:meth:`count_extraction`)."""
        t0 = time.perf_counter()
        reply = await self._run({"op": "extract", "data": data, "name": name,
                                 "template": template, "params": params,
                                 "strip_words": self.config.zero_retention},
                                *self._timeout_of(mode), on_start=on_start)
        self.metrics.extraction_seconds.observe(time.perf_counter() - t0)
        self._raise_failure(reply)
        return _warned(reply["result"], warnings)

    def count_extraction(self, result: dict[str, Any], mode: str) -> None:
        """Count an extraction in the metrics with the status it was stored with (a copy
        of a file sent before is ``review``, whatever the worker made of it)."""
        self.metrics.extractions.labels(result.get("template") or "", result["status"],
                                        mode).inc()

    def count_packet(self, packet: dict[str, Any], mode: str) -> None:
        """Count each document of a split file as stored (see :meth:`count_extraction`;
        ``packet`` as extracted: each as its result says)."""
        for document in packet["documents"]:
            status = document.get("status") or document["result"]["status"]
            self.metrics.extractions.labels(document.get("template") or "", status,
                                            mode).inc()

    async def extract_packet(self, data: bytes, name: str, scope: list[str] | None, *,
                             mode: str,
                             on_start: Callable[[], Awaitable[None]] | None = None,
                             params: dict[str, Any] | None = None,
                             warnings: list[str] | None = None) -> dict[str, Any]:
        """Split a file into documents and extract each, in a worker, within the time
        limit of ``mode`` for the whole file; ``scope``: the templates to classify against
        (a key's; None: all); ``warnings`` as for :meth:`extract`, for each document. The
        packet as JSON (a PacketResult), or :class:`ApiError`.
        Each document counts as an extraction in the metrics once stored
        (:meth:`count_packet`)."""
        t0 = time.perf_counter()
        reply = await self._run({"op": "extract_packet", "data": data, "name": name,
                                 "scope": scope, "params": params,
                                 "strip_words": self.config.zero_retention},
                                *self._timeout_of(mode), on_start=on_start)
        self.metrics.extraction_seconds.observe(time.perf_counter() - t0)
        self._raise_failure(reply)
        for document in reply["packet"].get("documents") or []:
            _warned(document["result"], warnings)
        return reply["packet"]

    def _raise_failure(self, reply: dict[str, Any]) -> None:
        """A worker's failed reply as :class:`ApiError` (counted by its code)."""
        if reply["ok"]:
            return
        self.metrics.errors.labels(reply["code"]).inc()
        message = reply["message"]
        if reply["code"] == "input_error" and "unsupported file type" in message:
            message += ("; plain text is read when it is sent with Content-Type: "
                        "text/plain or a filename ending in .txt (an XML e-invoice: "
                        "application/xml or .xml)")
        raise ApiError(STATUS_OF_CODE.get(reply["code"], 500), reply["code"], message)

    async def render(self, data: bytes, name: str, page: int, dpi: int,
                     on_start: Callable[[], Awaitable[None]] | None = None,
                     transform: list[list[Any]] | None = None) -> tuple[bytes, int]:
        """A page as PNG, and the dpi it was drawn at: ``dpi``, or lower for a page too
        large at it (:data:`~formsift.service.workers.MAX_PAGE_IMAGE_PIXELS`); turned,
        straightened and unwarped by ``transform``
        (:func:`~formsift.service.workers.read_frame`)."""
        reply = await self._run({"op": "render", "data": data, "name": name, "page": page,
                                 "dpi": dpi, "transform": transform or []},
                                self.config.timeout_s,
                                "try a lower dpi", on_start=on_start)
        if not reply["ok"]:
            status = 404 if reply["code"] == "not_found" else STATUS_OF_CODE.get(
                reply["code"], 500)
            raise ApiError(status, reply["code"], reply["message"])
        return reply["png"], reply.get("dpi", dpi)


def _warned(result: dict[str, Any], warnings: list[str] | None) -> dict[str, Any]:
    """``result`` with ``warnings`` first among its ``audit.input_warnings``."""
    if warnings:
        audit = result.setdefault("audit", {})
        audit["input_warnings"] = [*warnings, *(audit.get("input_warnings") or [])]
    return result


class _BodyTooLarge(HTTPException):
    """Raised while FastAPI reads a body (it passes HTTP exceptions on): a 413."""


class BodyLimit:
    """Request bodies other than documents (``exempt`` paths, which have limits of their
    own: :func:`formsift.service.api.read_document`), such as a review submission, are
    refused with ``413 too_large`` beyond ``limit`` bytes: at once when the
    ``Content-Length`` says so, else as soon as a chunked body passes it (never read whole
    into memory)."""

    def __init__(self, app: Any, limit: int, exempt: tuple[str, ...]) -> None:
        self.app = app
        self.limit = limit
        self.exempt = frozenset(exempt)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import Headers

        from formsift.service.errors import error_response

        message = f"the request body is larger than {self.limit:,} bytes"
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await error_response(413, "too_large", message)(scope, receive, send)
            return
        size = 0

        async def limited() -> Any:
            nonlocal size
            event = await receive()
            if event["type"] == "http.request":
                size += len(event.get("body", b""))
                if size > self.limit:
                    raise _BodyTooLarge(413, message)
            return event

        await self.app(scope, limited, send)


class StartupError:
    """A start that failed for a reason the service can name (its workers could not start)
    is reported to the ASGI server as that one line, not as a traceback of the lifespan."""

    def __init__(self, app: Any, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return

        async def send_plainly(message: Any) -> None:
            if message["type"] == "lifespan.startup.failed" and self.service.start_error:
                message = {**message, "message": self.service.start_error}
            await send(message)

        await self.app(scope, receive, send_plainly)


class PageFiles(StaticFiles):
    """The review page's files (its script and style sheet), with :data:`PAGE_HEADERS`."""

    async def get_response(self, path: str, scope: Any) -> Any:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The formsift service as an ASGI app (run it with uvicorn, or ``formsift serve``)."""
    from formsift.service import api, errors

    config = config or ServiceConfig()
    service = Service(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from formsift.service.workers import WorkersFailedToStart

        try:
            await service.start()
        except WorkersFailedToStart as exc:
            service.start_error = f"formsift: {exc}"
            await service.stop()
            raise
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title="formsift service", version=__version__, lifespan=lifespan,
        description="Extract validated records from business documents; review the "
                    "exceptions; export the audit trail. Errors are JSON: "
                    '`{"error": {"code": ..., "message": ...}}`. See docs/service.md.')
    app.state.service = service
    errors.install(app)
    app.include_router(api.router)
    app.mount("/static", PageFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, limit=config.max_review_bytes,
                       exempt=("/v1/extract", "/v1/jobs"))
    app.add_middleware(MetricsMiddleware, metrics=service.metrics)
    app.add_middleware(StartupError, service=service)
    # the spec is served to anyone: with keys (which may be limited to some templates, the
    # others to look as if they did not exist) it names none; GET /v1/templates lists a
    # key's own
    _name_templates_in_spec(app, [] if config.auth else sorted(service.templates))
    return app


def _name_templates_in_spec(app: FastAPI, names: list[str]) -> None:
    """The ``template`` parameters accept the names this service serves: say so in the
    OpenAPI spec (an enum), so that clients and schema-driven tests know them (``names``
    empty: the spec says nothing of them)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for path in ("/v1/extract", "/v1/jobs") if names else ():
                for param in schema["paths"][path]["post"].get("parameters", []):
                    if param["name"] != "template":
                        continue
                    for branch in param["schema"].get("anyOf", [param["schema"]]):
                        if branch.get("type") == "string":
                            branch["enum"] = names
            _own_validation_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _own_validation_errors(schema: dict[str, Any]) -> None:
    """FastAPI declares its own 422 body (``HTTPValidationError``) on every route with
    parameters; this service answers bad parameters with its error body
    (``{"error": {"code": "invalid_request", ...}}``, errors.py), on every route (an
    unknown query parameter): the spec says so, so that generated clients parse what they
    get."""
    ours = {"$ref": "#/components/schemas/ErrorResponse"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # every operation refuses a query parameter it does not take (api.known_query)
            answer = operation.setdefault("responses", {}).setdefault("422", {
                "description": "Invalid request (a query parameter the operation does not "
                               "take, named)",
                "content": {"application/json": {"schema": dict(ours)}}})
            for media in answer.get("content", {}).values():
                if media.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                    media["schema"] = ours
    components = schema.get("components", {}).get("schemas", {})
    if "ErrorResponse" in components:
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
