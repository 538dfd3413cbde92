"""Service settings: command-line flags and ``FORMSIFT_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

MB = 1024 * 1024


def default_data_dir() -> Path:
    """``$FORMSIFT_DATA_DIR``, else ``$XDG_DATA_HOME/formsift`` (``~/.local/share/formsift``)."""
    env = os.environ.get("FORMSIFT_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "formsift"


def default_db_url(data_dir: Path | None = None) -> str:
    """``$FORMSIFT_DB_URL``, else an SQLite file in the data directory."""
    env = os.environ.get("FORMSIFT_DB_URL")
    if env:
        return env
    return f"sqlite:///{(data_dir or default_data_dir()) / 'formsift.db'}"


def _flag(name: str) -> bool:
    """An on/off environment variable; a value that is neither is an error, not "off"."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ValueError(f"{name}={os.environ[name]!r}: use 1/true/yes/on or 0/false/no/off")


def _secret() -> str | None:
    value = os.environ.get("FORMSIFT_WEBHOOK_SECRET")
    if value is not None and value and not value.strip():
        raise ValueError("FORMSIFT_WEBHOOK_SECRET is only spaces: not a signing key")
    return value or None


#: The longest lease a job may have (a day): beyond it, or infinite, deadlines overflow.
MAX_LEASE_S = 86_400.0


def _seconds(name: str, default: float, minimum: float, maximum: float = MAX_LEASE_S
             ) -> float:
    """A number of seconds from an environment variable (``default`` when unset); a value
    that is not a number, under ``minimum`` or over ``maximum``, is an error, not the
    default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{name}={os.environ[name]!r}: not a number of seconds") from None
    if not minimum <= seconds <= maximum:  # (nan and inf too)
        raise ValueError(f"{name}={os.environ[name]!r}: from {minimum:g} to {maximum:g} s")
    return seconds


class ServiceConfig(BaseModel):
    """Everything ``formsift serve`` can be told. Sizes in bytes, times in seconds."""

    db_url: str = Field(default_factory=default_db_url,
                        description="SQLAlchemy URL: sqlite:///file.db, sqlite:// (memory) "
                                    "or postgresql://user:pass@host/db")
    data_dir: Path = Field(default_factory=default_data_dir)
    templates: list[str] = Field(default_factory=list,
                                 description="template files or folders (default: the "
                                             "shipped library)")
    block_plugins: list[str] = Field(default_factory=list)
    plugins: list[str] = Field(default_factory=list,
                               description="local plugin modules to load (--plugin MODULE)")
    workers: int = Field(2, ge=1, description="extraction worker processes")
    auth: bool = Field(True, description="require an API key on /v1 routes")
    max_upload_bytes: int = Field(25 * MB, gt=0, description="largest accepted upload (413)")
    sync_max_bytes: int = Field(5 * MB, gt=0,
                                description="largest upload /v1/extract processes while the "
                                            "client waits; larger ones go to /v1/jobs (413)")
    max_pages: int = Field(50, gt=0, description="most pages per document (413)")
    timeout_s: float = Field(60.0, gt=0, description="processing time per document while "
                                                     "the client waits (422)")
    job_timeout_s: float = Field(600.0, gt=0, description="processing time per document of "
                                                          "an asynchronous job")
    max_review_bytes: int = Field(MB, gt=0,
                                  description="largest request body other than a document "
                                              "(a review submission; 413)")
    upload_timeout_s: float = Field(60.0, gt=0,
                                    description="time to receive the request body (408)")
    zero_retention: bool = Field(False, description="never write document bytes (or "
                                                    "recognized page text) to disk or database")
    webhook_secret: str | None = Field(
        default_factory=_secret,
        description="HMAC-SHA256 key for webhook signatures (FORMSIFT_WEBHOOK_SECRET)")
    webhook_allow_private: bool = Field(
        default_factory=lambda: _flag("FORMSIFT_WEBHOOK_ALLOW_PRIVATE"),
        description="allow callback hosts with loopback or private addresses "
                    "(FORMSIFT_WEBHOOK_ALLOW_PRIVATE=1); refused by default (SSRF). "
                    "Link-local and cloud metadata addresses are refused always")
    webhook_attempts: int = Field(6, ge=1)
    webhook_backoff_s: float = Field(1.0, gt=0, description="first retry delay; doubles")
    webhook_timeout_s: float = Field(10.0, gt=0)
    max_queued_jobs: int = Field(200, ge=1, description="jobs waiting at once (429)")
    max_waiting: int = Field(32, ge=1,
                             description="requests whose clients wait (POST /v1/extract, "
                                         "page images) waiting for a worker at once, each "
                                         "with its document in memory (503 beyond, with "
                                         "Retry-After)")
    job_lease_s: float = Field(
        default_factory=lambda: _seconds("FORMSIFT_JOB_LEASE_S", 60.0, 1.0), ge=1,
        le=MAX_LEASE_S,
        description="how long a service process holds a job it works on without renewing "
                    "(it renews every third of it): a job of a process that died is taken "
                    "over by another once its lease has run out (FORMSIFT_JOB_LEASE_S)")
    claim_ttl_s: float = Field(900.0, gt=0, description="how long a review claim lasts")
    audit_reads: bool = Field(False, description="an audit event (record.read) for every "
                                                 "read of a record: the record, its "
                                                 "corrections, a page image, a job's or a "
                                                 "packet's result; who read which record")
    warm_ocr: bool = Field(True, description="load the OCR models when a worker starts, "
                                              "not on the first scan")
    render_dpi: int = Field(110, ge=36, le=300, description="page images for the review page")

    model_config = {"arbitrary_types_allowed": True}
