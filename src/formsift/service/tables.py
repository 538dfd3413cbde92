"""The service's database tables (SQLAlchemy Core). Changes here need a migration in
``migrations/versions`` (see ``docs/service.md``)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("templates", sa.JSON, nullable=False),  # ["*"] or template names
    sa.Column("roles", sa.JSON, nullable=False),  # extract, review, audit
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("hash", sa.String(80), primary_key=True),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

records = sa.Table(
    "records", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("document_hash", sa.String(80), nullable=False, index=True),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("template", sa.String(200)),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("extracted_status", sa.String(20), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),  # current (after corrections)
    sa.Column("original", sa.JSON, nullable=False),  # as extracted
    sa.Column("api_key_id", sa.String(32)),
    sa.Column("job_id", sa.String(36)),
    sa.Column("claimed_by", sa.String(32)),
    sa.Column("claim_expires_at", sa.DateTime),
    sa.Column("reviewed_by", sa.String(32)),
    sa.Column("reviewed_at", sa.DateTime),
    # a document of a packet (a file split with split=true): the packet's id, and the
    # document's pages in the file, in reading order ("4,3"); document_hash is the file's
    sa.Column("packet_id", sa.String(36), index=True),
    sa.Column("packet_pages", sa.Text),
)

jobs = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("started_at", sa.DateTime),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("api_key_id", sa.String(32)),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("document_hash", sa.String(80), nullable=False),
    sa.Column("template", sa.String(200)),
    sa.Column("callback_url", sa.String(2000)),
    sa.Column("record_id", sa.String(36)),
    sa.Column("error_code", sa.String(50)),
    sa.Column("error_message", sa.Text),
    sa.Column("webhook_state", sa.String(20), index=True),  # pending, delivered, failed
    # the service process working on the job (its extraction, then its webhook) and until
    # when: renewed while it works; a job whose lease ran out is taken over by another
    sa.Column("owner", sa.String(100)),
    sa.Column("lease_until", sa.DateTime),
    # split=true: the file is split into documents (a packet), one record each
    sa.Column("split", sa.Boolean),
    sa.Column("packet_id", sa.String(36)),
    # the template parameters given (?param=NAME=VALUE), as text: {"applicant": "Anna"}
    sa.Column("params", sa.JSON),
    # what the request said wrongly of the document (a PNG sent as text/plain): its
    # record's audit.input_warnings, also when another process runs the job
    sa.Column("input_warnings", sa.JSON),
    # a webhook sent again (POST /v1/jobs/{id}/webhook): the number of the new round's
    # last attempt (None: the first round's, webhook_attempts)
    sa.Column("webhook_until", sa.Integer),
    # GET /v1/jobs: newest first, of every key (audit) or of one
    sa.Index("ix_jobs_created_at_id", "created_at", "id"),
    sa.Index("ix_jobs_api_key_id_created_at_id", "api_key_id", "created_at", "id"),
)

#: A file split into documents (split=true): what is said of the file as a whole (its
#: status and reasons, the packet template's rules, the pages no document took, every
#: page's classification) and its documents (role, template, pages, evidence and the id
#: of each one's record; the records hold the values).
packets = sa.Table(
    "packets", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("document_hash", sa.String(80), nullable=False, index=True),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("packet", sa.String(200)),  # the packet template that matched, if any
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("api_key_id", sa.String(32)),
    sa.Column("job_id", sa.String(36)),
)

webhook_deliveries = sa.Table(
    "webhook_deliveries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.String(36), nullable=False, index=True),
    sa.Column("url", sa.String(2000), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("error", sa.Text),
    sa.Column("duration_ms", sa.Float, nullable=False),
    sa.Column("delivered", sa.Boolean, nullable=False),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(36), nullable=False, index=True),
    sa.Column("field", sa.String(300), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("reviewer", sa.String(32), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("template", sa.String(200)),
    sa.Column("template_version", sa.String(50)),
)

audit_events = sa.Table(
    "audit_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False, index=True),
    sa.Column("record_id", sa.String(36), index=True),
    sa.Column("job_id", sa.String(36)),
    sa.Column("input_hash", sa.String(80)),
    sa.Column("template", sa.String(200)),
    sa.Column("template_version", sa.String(50)),
    sa.Column("template_hash", sa.String(80)),
    sa.Column("formsift_version", sa.String(30)),
    sa.Column("components", sa.JSON),
    sa.Column("status", sa.String(20)),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("details", sa.JSON),
)

#: The duplicates store of ``seen_before`` (formsift.core.seen), shared by every worker and
#: every service process on this database: one row per template, value and document; ``id``
#: orders the recordings (a document is a duplicate of those recorded before it).
seen_values = sa.Table(
    "seen_values", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("namespace", sa.String(200), nullable=False),  # the template's name
    sa.Column("value", sa.String(300), nullable=False),  # normalized (or its hash)
    sa.Column("document_id", sa.String(80), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("namespace", "value", "document_id", name="uq_seen_values"),
)
