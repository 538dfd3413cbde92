"""Fixtures for the service tests: a database per backend (SQLite always; PostgreSQL when
FORMSIFT_TEST_POSTGRES_URL names a server, each test module in a schema of its own) and a
real service on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

PG_URL = os.environ.get("FORMSIFT_TEST_POSTGRES_URL")


def _postgres_schema(url: str) -> Iterator[str]:
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_url(request: Any, tmp_path_factory: Any) -> Iterator[str]:
    """A fresh, empty database: an SQLite file, or a PostgreSQL schema."""
    yield from fresh_database(request.param, tmp_path_factory.mktemp("db") / "formsift.db")


def fresh_database(kind: str, sqlite_file: Any) -> Iterator[str]:
    """The URL of an empty database of ``kind`` ("sqlite": at ``sqlite_file``; "postgres":
    a schema of its own, dropped afterwards; skipped without a test server)."""
    if kind == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    if not PG_URL:
        pytest.skip("FORMSIFT_TEST_POSTGRES_URL is not set (scripts/start_test_postgres.sh)")
    yield from _postgres_schema(PG_URL)


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("FORMSIFT_TEST_POSTGRES_URL is not set (scripts/start_test_postgres.sh)")
    yield from _postgres_schema(PG_URL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    url: str
    app: Any

    @property
    def service(self) -> Any:
        return self.app.state.service

    def client(self, key: str | None = None, headers: dict | None = None) -> Any:
        import httpx

        headers = {**({"X-API-Key": key} if key else {}), **(headers or {})}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)

    def key(self, name: str = "tester", templates: list[str] | None = None,
            roles: list[str] | None = None) -> str:
        from formsift.service.auth import create_key

        return create_key(self.service.store, name, templates, roles)[0]


@contextlib.contextmanager
def serve(**settings: Any) -> Iterator[Running]:
    """Run the service with these settings on a free loopback port until the block ends."""
    import uvicorn

    from formsift.service import ServiceConfig, create_app

    settings.setdefault("workers", 1)
    settings.setdefault("warm_ocr", False)  # the tests hardly OCR: start faster
    app = create_app(ServiceConfig(**settings))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield Running(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(30)


def wait_for(predicate: Any, timeout: float = 60, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


def api_error(resp: Any, status: int, code: str) -> dict:
    """The service's error object of ``resp``, after checking its status and code (and that
    no traceback leaked into it)."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"]["code"] == code, body
    assert "Traceback" not in resp.text
    return body["error"]


@pytest.fixture(scope="module")
def api(svc: Any) -> Iterator[Any]:
    """A client with the admin key of the test module's own ``svc`` (each module starts
    its service with its own settings)."""
    with svc.client(svc.admin) as client:
        yield client


def invoice_pdf(number: str, amount: str) -> bytes:
    """A one-page PDF printing "Invoice No." and "Amount" beside their values (review
    queue tests: a record per number, in review or not by its amount)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for x, y, text in ((50, 100, "Invoice No."), (150, 100, number), (50, 140, "Amount"),
                       (150, 140, amount)):
        page.insert_text((x, y), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data

