"""Storage over SQLAlchemy 2: SQLite by default, PostgreSQL (psycopg 3) by URL.

The schema is created and upgraded by Alembic migrations shipped in this package
(:func:`migrate`); :class:`Store` is the only place that reads or writes the tables.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from formsift.core.errors import FormsiftError
from formsift.service import tables as T

MIGRATIONS = Path(__file__).with_name("migrations")
#: ``jobs.webhook_state``: a callback still to deliver (then ``delivered`` or ``failed``).
WEBHOOK_PENDING = "pending"
_NEW_DATABASE = "check --db; formsift serve or formsift keys create makes a new one"


def utcnow() -> datetime:
    """Naive UTC (the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class PacketPart:
    """A record that is a document of a packet: the packet's id, the file's hash (the
    stored bytes its page images come from) and the document's pages in the file."""

    packet_id: str
    file_hash: str
    pages: tuple[int, ...]
    #: How many pages the file has.
    file_pages: int | None = None


def pages_text(pages: Iterable[int]) -> str:
    """A document's pages as ``records.packet_pages`` holds them: ``"4,3"`` (reading
    order)."""
    return ",".join(str(int(p)) for p in pages)


def _reasons_match(found: Any, codes: list[str] | None, rules: list[str] | None) -> bool:
    """Whether a record's reasons (JSON) have one of ``codes`` (if given) and one of
    ``rules`` (if given)."""
    found = [x for x in found or () if isinstance(x, dict)]
    if codes and not any(x.get("code") in codes for x in found):
        return False
    return not rules or any(x.get("rule") in rules for x in found)


def pages_of(text: str | None) -> list[int] | None:
    """``records.packet_pages`` as page numbers (None: the record is a whole file)."""
    return [int(p) for p in text.split(",")] if text else None


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` use psycopg 3; everything else unchanged."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def connect(url: str, *, create: bool = True) -> Engine:
    """An SQLAlchemy engine for ``url``. SQLite files get their folder created; without
    ``create`` a missing SQLite file is an error instead."""
    url = normalize_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise FormsiftError(f"not a database URL: {url!r}",
                            hint="e.g. sqlite:///formsift.db or "
                                 "postgresql://user:password@host/db") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            return sa.create_engine(url, poolclass=StaticPool,
                                    connect_args={"check_same_thread": False})
        path = Path(database).expanduser()
        if not create and not path.is_file():
            raise FormsiftError(f"no database at {path}", hint=_NEW_DATABASE)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False,
                                                     "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    except (ModuleNotFoundError, sa.exc.ArgumentError) as exc:
        raise FormsiftError(f"no database driver for {parsed.drivername}: {exc}",
                            hint="use sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DB"
                            ) from exc


def migrate(engine: Engine, *, create: bool = True) -> str:
    """Upgrade the schema to the newest migration; returns the revision now in place.
    Without ``create``, a database formsift never set up is an error, not made anew."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        if not create and not sa.inspect(engine).has_table("alembic_version"):
            where = engine.url.render_as_string(hide_password=True)
            raise FormsiftError(f"{where} holds no formsift database", hint=_NEW_DATABASE)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() or ""
    except sa.exc.OperationalError as exc:
        first = (str(exc.orig).strip().splitlines() or ["?"])[0]
        raise FormsiftError(f"cannot open the database: {first}") from exc


def _insert(dialect: str) -> Any:
    """The INSERT of ``dialect`` that has ``on_conflict_do_nothing``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


#: Longer normalized values are stored as their SHA-256 (the column holds 300 characters).
_MAX_VALUE = 250


#: A longer key of a ``last_seen`` value is stored as its SHA-256; the value follows it
#: after this character.
_MAX_KEPT_KEY = 100
_KEPT_END = "\x1d"
#: Kept in place of a value too long for the column (``last_seen`` then says so).
_TOO_LONG = "!too long"
#: The characters ``seen_values.value`` holds.
_VALUE_COLUMN = 300


def _document_key(document_id: str | None) -> str:
    """A document's id as the ``seen_values`` column holds it (80 characters): a longer
    one (a document of a packet, ``sha256:...#pages=12,13,14``) as its SHA-256, which the
    first 80 characters would not tell apart from another document of the same file."""
    import hashlib

    doc = document_id or ""
    if len(doc) <= 80:
        return doc
    return "sha256:" + hashlib.sha256(doc.encode("utf-8")).hexdigest()


def _seen_key(value: str, form: Any = None) -> str:
    """``value`` as the ``seen_values`` column holds it: in the compared form
    (:func:`formsift.core.seen.normalize`, or ``form``), hashed when it is long."""
    import hashlib

    from formsift.core.seen import normalize

    norm = (form or normalize)(value)
    if len(norm) <= _MAX_VALUE:
        return norm
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _seen_keys(value: str) -> list[str]:
    """The forms ``value`` may be held in: the current one, and the one a service
    recorded it in before separators were ignored (case and spacing only)."""
    from formsift.core.seen import legacy_normalize

    return list(dict.fromkeys([_seen_key(value), _seen_key(value, legacy_normalize)]))


class DatabaseSeenStore:
    """The duplicates store of ``seen_before`` (:mod:`formsift.core.seen`) in the
    service's database (table ``seen_values``): the workers ask it through their pipes,
    the review queue directly, and several service processes on one PostgreSQL database
    share it. Thread-safe (one connection per call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _earlier(self, namespace: str, value: str, exclude_document: str | None) -> Any:
        """The rows recorded with ``value`` by another document before the asking one
        recorded it (if it did), oldest first."""
        t = T.seen_values
        same = sa.and_(t.c.namespace == namespace[:200], t.c.value.in_(_seen_keys(value)))
        doc = _document_key(exclude_document)
        own = sa.select(sa.func.min(t.c.id)).where(same, t.c.document_id == doc) \
            .scalar_subquery()
        return (sa.select(t.c.document_id, t.c.created_at)
                .where(same, t.c.document_id != doc, sa.or_(own.is_(None), t.c.id < own))
                .order_by(t.c.id).limit(1))

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        with self.engine.connect() as c:
            return c.execute(self._earlier(namespace, value, exclude_document)).first() \
                is not None

    def first(self, namespace: str, value: str, exclude_document: str | None = None
              ) -> tuple[str, datetime | None] | None:
        """The document that recorded ``value`` first, of those :meth:`seen` counts, and
        when (a packet's document is named by the hash its long id is stored as)."""
        with self.engine.connect() as c:
            row = c.execute(self._earlier(namespace, value, exclude_document)).first()
        if row is None:
            return None
        when = row[1]
        return row[0], (when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None
                        else when)

    def add(self, namespace: str, value: str, document_id: str) -> None:
        row = {"namespace": namespace[:200], "value": _seen_key(value),
               "document_id": _document_key(document_id), "created_at": utcnow()}
        with self.engine.begin() as c:
            c.execute(_insert(self.engine.dialect.name)(T.seen_values).values(**row)
                      .on_conflict_do_nothing(
                          index_elements=["namespace", "value", "document_id"]))

    def discard(self, namespace: str, value: str, document_id: str) -> None:
        t = T.seen_values
        with self.engine.begin() as c:
            c.execute(t.delete().where(t.c.namespace == namespace[:200],
                                       t.c.value.in_(_seen_keys(value)),
                                       t.c.document_id == _document_key(document_id)))

    # last_seen's values (formsift.core.seen.SeriesStore) are rows of the same table under
    # the namespace "last_seen:<namespace>", each value the key, _KEPT_END and the value as
    # formsift.core.seen.encode_value writes it; ``id`` orders them as it orders
    # seen_before's. Kept again by the same document, a row is updated: it keeps its place.

    def _kept(self, namespace: str, key: str) -> tuple[Any, str]:
        """The condition selecting the rows of ``key``, and the start of their value."""
        import hashlib

        if len(key) > _MAX_KEPT_KEY:
            key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
        start = key + _KEPT_END
        t = T.seen_values
        return sa.and_(t.c.namespace == ("last_seen:" + namespace)[:200],
                       sa.func.substr(t.c.value, 1, len(start)) == start), start

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        from formsift.core.seen import encode_value

        same, start = self._kept(namespace, key)
        text = encode_value(value)
        if len(start) + len(text) > _VALUE_COLUMN:
            text = _TOO_LONG
        t, doc = T.seen_values, _document_key(document_id)
        with self.engine.begin() as c:
            if not c.execute(t.update().where(same, t.c.document_id == doc)
                             .values(value=start + text)).rowcount:
                c.execute(_insert(self.engine.dialect.name)(t).values(
                    namespace=("last_seen:" + namespace)[:200], value=start + text,
                    document_id=doc, created_at=utcnow()).on_conflict_do_nothing(
                    index_elements=["namespace", "value", "document_id"]))

    def recall(self, namespace: str, key: str, document_id: str
               ) -> tuple[str, Any, datetime | None] | None:
        """The value kept under ``key`` by the latest other document that kept one before
        ``document_id`` did (any, when it kept none), in its type, and when."""
        from formsift.core.seen import decode_value

        same, start = self._kept(namespace, key)
        t, doc = T.seen_values, _document_key(document_id)
        own = sa.select(sa.func.min(t.c.id)).where(same, t.c.document_id == doc) \
            .scalar_subquery()
        with self.engine.connect() as c:
            row = c.execute(sa.select(t.c.document_id, t.c.value, t.c.created_at)
                            .where(same, t.c.document_id != doc,
                                   sa.or_(own.is_(None), t.c.id < own))
                            .order_by(t.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        text = row[1][len(start):]
        if text == _TOO_LONG:
            raise ValueError(f"the earlier document's value is longer than the service "
                             f"keeps ({_VALUE_COLUMN - len(start)} characters)")
        when = row[2]
        return row[0], decode_value(text), (when.replace(tzinfo=UTC) if when is not None
                                            and when.tzinfo is None else when)

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        same, _ = self._kept(namespace, key)
        t = T.seen_values
        with self.engine.begin() as c:
            c.execute(t.delete().where(same, t.c.document_id == _document_key(document_id)))

    def forget_document(self, document_id: str, keep: Sequence[str] = ()) -> int:
        """Drop every value ``document_id`` recorded (``seen_before``'s and
        ``last_seen``'s) but those under the namespaces ``keep`` (another standing
        record's of the document): a rejected record's, whatever template and version
        recorded them. Returns how many rows were dropped."""
        t = T.seen_values
        where = t.c.document_id == _document_key(document_id)
        kept = list(dict.fromkeys(n[:200] for ns in keep for n in (ns, "last_seen:" + ns)))
        if kept:
            where = sa.and_(where, t.c.namespace.not_in(kept))
        with self.engine.begin() as c:
            return c.execute(t.delete().where(where)).rowcount


class Store:
    """Every read and write of the service's tables. Thread-safe (one connection per call)."""

    def __init__(self, url: str, *, upgrade: bool = True, create: bool = True) -> None:
        """``create=False`` (the read-only commands) refuses a database that does not
        exist yet instead of creating an empty one."""
        self.url = normalize_url(url)
        self.engine = connect(self.url, create=create)
        #: New records one at a time in this process: two copies of one file finishing
        #: together must not both pass :meth:`mark_resubmission`. (Several service
        #: processes on one PostgreSQL database are not covered by it.)
        self._new_records = threading.Lock()
        try:
            self.revision = migrate(self.engine, create=create) if upgrade else ""
        except BaseException:
            self.engine.dispose()
            raise
        #: The duplicates store of ``seen_before``, in this database.
        self.seen = DatabaseSeenStore(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _begin(self) -> Any:
        return self.engine.begin()

    # ------------------------------------------------------------------ API keys
    def add_key(self, key_id: str, name: str, secret_hash: str, templates: list[str],
                roles: list[str]) -> dict[str, Any]:
        row = {"id": key_id, "name": name, "secret_hash": secret_hash,
               "templates": templates, "roles": roles, "created_at": utcnow(),
               "revoked_at": None}
        with self._begin() as c:
            c.execute(T.api_keys.insert().values(**row))
        return row

    def get_key(self, key_id: str) -> dict[str, Any] | None:
        with self._begin() as c:
            row = c.execute(T.api_keys.select().where(T.api_keys.c.id == key_id)).mappings()
            found = row.first()
        return dict(found) if found else None

    def list_keys(self) -> list[dict[str, Any]]:
        with self._begin() as c:
            rows = c.execute(T.api_keys.select().order_by(T.api_keys.c.created_at)).mappings()
            return [dict(r) for r in rows]

    def revoke_key(self, key_id: str, *, actor: str = "cli") -> bool:
        """Revoke a key and free the review claims it holds (a revoked reviewer's claims
        kept records from other reviewers until they ran out), each freed claim an audit
        event (``review.release`` by ``actor``, naming the key), in one transaction.
        False when there is no such key, or it was revoked already."""
        now = utcnow()
        r = T.records.c
        with self._begin() as c:
            res = c.execute(T.api_keys.update()
                            .where(T.api_keys.c.id == key_id, T.api_keys.c.revoked_at.is_(None))
                            .values(revoked_at=now))
            if res.rowcount != 1:
                return False
            held = c.execute(sa.select(r.id, r.document_hash, r.template, r.status)
                             .where(r.claimed_by == key_id, r.claim_expires_at > now)
                             ).all()
            c.execute(T.records.update().where(r.claimed_by == key_id)
                      .values(claimed_by=None, claim_expires_at=None))
            for row in held:
                c.execute(T.audit_events.insert().values(
                    at=now, actor=actor, action="review.release", record_id=row.id,
                    input_hash=row.document_hash, template=row.template, status=row.status,
                    details={"key_id": key_id, "reason": "key revoked"}))
        return True

    # ------------------------------------------------------------------ documents
    def save_document(self, digest: str, name: str, data: bytes) -> None:
        """Store a document once per content hash (concurrent uploads of the same bytes
        are fine: the second insert does nothing)."""
        insert = _insert(self.dialect)
        row = {"hash": digest, "name": name, "size": len(data), "data": data,
               "created_at": utcnow()}
        with self._begin() as c:
            c.execute(insert(T.documents).values(**row)
                      .on_conflict_do_nothing(index_elements=["hash"]))

    def document(self, digest: str) -> tuple[str, bytes] | None:
        with self._begin() as c:
            row = c.execute(sa.select(T.documents.c.name, T.documents.c.data)
                            .where(T.documents.c.hash == digest)).first()
        return (row[0], bytes(row[1])) if row else None

    def purge_documents(self, before: datetime, *, dry_run: bool = False) -> int:
        """Delete stored documents older than ``before``, except those a record in review
        or an unfinished job still needs. Records, corrections and the audit trail stay.
        Returns how many documents were (or, with ``dry_run``, would be) deleted."""
        needed = sa.union(
            sa.select(T.records.c.document_hash).where(T.records.c.status == "review"),
            sa.select(T.jobs.c.document_hash).where(T.jobs.c.status.in_(("queued",
                                                                          "running"))))
        old = sa.and_(T.documents.c.created_at < before,
                      T.documents.c.hash.not_in(sa.select(needed.subquery().c[0])))
        with self._begin() as c:
            if dry_run:
                return c.execute(sa.select(sa.func.count()).select_from(T.documents)
                                 .where(old)).scalar() or 0
            return c.execute(T.documents.delete().where(old)).rowcount

    # ------------------------------------------------------------------ records
    def add_record(self, result: dict[str, Any], *, api_key_id: str | None,
                   job_id: str | None = None, conn: Connection | None = None,
                   record_id: str | None = None, packet: PacketPart | None = None) -> str:
        """Store a new record. ``packet``: the record is a document of a packet (its id,
        the file's hash and the document's pages): ``document_hash`` is then the file's,
        whose stored bytes the page images are drawn from."""
        if conn is None:
            with self._begin() as c:
                return self.add_record(result, api_key_id=api_key_id, job_id=job_id, conn=c,
                                       record_id=record_id, packet=packet)
        record_id = record_id or new_id()
        row = {"id": record_id, "created_at": utcnow(),
               "document_hash": packet.file_hash if packet else result["document_id"],
               "source": result["source"][:500], "template": result.get("template"),
               "status": result["status"], "extracted_status": result["status"],
               "result": result, "original": result, "api_key_id": api_key_id,
               "job_id": job_id, "packet_id": packet.packet_id if packet else None,
               "packet_pages": pages_text(packet.pages) if packet else None}
        conn.execute(T.records.insert().values(**row))
        return record_id

    def mark_resubmission(self, result: dict[str, Any], *, record_id: str | None = None,
                          packet: PacketPart | None = None) -> dict[str, Any]:
        """The same file sent again (a client's retry after a lost answer, an invoice
        forwarded twice) while an earlier record of it with the same template stands: an
        accepted result goes to review, saying which record it repeats. Two accepted
        records of one invoice would be paid twice; ``seen_before`` cannot tell, as a
        document is never a duplicate of itself. A document of a packet repeats a record
        of the same file and the same pages (a packet sent twice), not one of another
        document of the file (two invoices in one PDF); a document that is all of its file,
        its pages in order, is the whole file (sent once with split=true, once without).

        ``record_id``: the result is that record's, reviewed (only records created before
        it count); ``None``: a new record's (``packet``: a document of a packet)."""
        if result.get("status") != "accepted" or not result.get("template"):
            return result
        r = T.records.c
        q = (sa.select(r.id, r.created_at)
             .where(r.template == result["template"], r.status != "rejected")
             .order_by(r.created_at).limit(1))
        if record_id is not None:  # the reviewed record: its file and pages
            this = self.record(record_id)
            if this is None:
                return result
            file_hash, pages = this["document_hash"], this["packet_pages"]
            file_pages = self._file_pages(this)
            q = q.where(r.id != record_id, r.created_at <= this["created_at"])
        elif packet is not None:
            file_hash, pages, file_pages = (packet.file_hash, pages_text(packet.pages),
                                            packet.file_pages)
        else:
            file_hash, pages, file_pages = result["document_id"], None, result.get("pages")
        whole = pages_text(range(1, file_pages + 1)) if file_pages else None
        if pages is None or pages == whole:
            same = r.packet_pages.is_(None) if whole is None else sa.or_(
                r.packet_pages.is_(None), r.packet_pages == whole)
        else:
            same = r.packet_pages == pages
        q = q.where(r.document_hash == file_hash, same)
        with self._begin() as conn:
            earlier = conn.execute(q).first()
        if earlier is None:
            return result
        when = earlier.created_at.replace(tzinfo=UTC) if earlier.created_at.tzinfo is None \
            else earlier.created_at
        reason = {"code": "duplicate_document", "field": None, "rule": None,
                  "message": f"the same file was extracted before as record {earlier.id} "
                             f"({earlier.created_at:%Y-%m-%d %H:%M} UTC)",
                  "refers_to": {"document_id": file_hash, "seen_at": when.isoformat(),
                                "value": None, "record_id": earlier.id}}
        return {**result, "status": "review", "reasons": [*result.get("reasons", []), reason]}

    def _file_pages(self, record: dict[str, Any]) -> int | None:
        """How many pages the file of ``record`` has: its packet's, or its own."""
        if record.get("packet_id"):
            packet = self.packet(record["packet_id"])
            return packet["result"].get("pages") if packet else None
        return (record.get("result") or {}).get("pages")

    def other_record_stands(self, record_id: str) -> bool:
        """Whether another record (not rejected) of ``record_id``'s file and template
        exists: the duplicates store's values of that file are that record's too."""
        r, this = T.records.c, T.records.alias("this")
        same = sa.select(this.c.document_hash, this.c.template, this.c.packet_pages).where(
            this.c.id == record_id).subquery()
        q = (sa.select(r.id).join(same, sa.and_(
                r.document_hash == same.c.document_hash, r.template == same.c.template,
                r.packet_pages.is_not_distinct_from(same.c.packet_pages)))
             .where(r.id != record_id, r.status != "rejected").limit(1))
        with self._begin() as conn:
            return conn.execute(q).first() is not None

    def other_templates_standing(self, record_id: str) -> list[str]:
        """The templates of the other records (not rejected) of ``record_id``'s file and
        pages, whatever their template: the duplicates store's values of that document
        under their namespaces are theirs."""
        r, this = T.records.c, T.records.alias("this")
        same = sa.select(this.c.document_hash, this.c.packet_pages).where(
            this.c.id == record_id).subquery()
        q = (sa.select(r.template).distinct().join(same, sa.and_(
                r.document_hash == same.c.document_hash,
                r.packet_pages.is_not_distinct_from(same.c.packet_pages)))
             .where(r.id != record_id, r.status != "rejected", r.template.is_not(None)))
        with self._begin() as conn:
            return [row[0] for row in conn.execute(q)]

    def record(self, record_id: str) -> dict[str, Any] | None:
        with self._begin() as c:
            row = c.execute(T.records.select().where(T.records.c.id == record_id)).mappings()
            found = row.first()
        return dict(found) if found else None

    def review_queue(self, templates: list[str] | None, limit: int = 100,
                     after: str | None = None, *, template: str | None = None,
                     reasons: list[str] | None = None, rules: list[str] | None = None
                     ) -> list[dict[str, Any]]:
        """Records waiting for a person, oldest first (``templates``: None for all);
        ``after``: only those after that record in this order (the last record of the
        previous page: records reviewed meanwhile do not shift the pages). See
        :meth:`review_page` for the filters."""
        return self.review_page(templates, limit, after, template=template,
                                reasons=reasons, rules=rules)[0]

    def review_page(self, templates: list[str] | None, limit: int = 100,
                    after: str | None = None, *, template: str | None = None,
                    reasons: list[str] | None = None, rules: list[str] | None = None
                    ) -> tuple[list[dict[str, Any]], int, bool]:
        """A page of the review queue (as :meth:`review_queue`), how many records wait
        in all (with these filters, whatever ``after``), and whether more follow this
        page. ``template``: of that template only; ``reasons``: with a reason of one of
        these codes; ``rules``: with a failed rule of one of these names."""
        r = T.records.c
        cols = (r.id, r.created_at, r.source, r.template, r.status, r.claimed_by,
                r.claim_expires_at, r.packet_id, r.packet_pages,
                r.result["reasons"].label("reasons"))
        where = [r.status == "review"]
        if templates is not None:
            where.append(r.template.in_(templates))
        if template is not None:
            where.append(r.template == template)
        later = None
        if after is not None:
            mark = T.records.alias("mark")
            at = sa.select(mark.c.created_at).where(mark.c.id == after).scalar_subquery()
            later = sa.or_(r.created_at > at, sa.and_(r.created_at == at, r.id > after))
        order = (r.created_at, r.id)
        with self._begin() as c:
            if reasons or rules:
                # the reasons are JSON in the record: filtered here, in order (the rows
                # in review, not the whole table)
                q = sa.select(r.id, r.result["reasons"].label("reasons")).where(*where)
                ids = [x.id for x in c.execute(q.order_by(*order))
                       if _reasons_match(x.reasons, reasons, rules)]
                total = len(ids)
                if later is not None:
                    left = {x for x in c.execute(sa.select(r.id).where(*where, later))
                            .scalars()}
                    ids = [i for i in ids if i in left]
                page_ids = ids[:limit]
                more = len(ids) > limit
                rows = [dict(x) for x in c.execute(
                    sa.select(*cols).where(r.id.in_(page_ids)).order_by(*order)).mappings()
                        ] if page_ids else []
            else:
                total = c.execute(sa.select(sa.func.count()).select_from(T.records)
                                  .where(*where)).scalar() or 0
                q = sa.select(*cols).where(*where).order_by(*order).limit(limit + 1)
                if later is not None:
                    q = q.where(later)
                rows = [dict(x) for x in c.execute(q).mappings()]
                more = len(rows) > limit
                rows = rows[:limit]
        now = utcnow()
        for row in rows:
            if row["claim_expires_at"] is None or row["claim_expires_at"] <= now:
                row["claimed_by"] = row["claim_expires_at"] = None
            row["packet_pages"] = pages_of(row["packet_pages"])
            found = [x for x in row["reasons"] or () if isinstance(x, dict)]
            # the reasons' codes, in order, once each: what a reviewer picks work by; and
            # the rules that failed (a duplicate's seen_before and a total's sum are both
            # rule_failed)
            row["reasons"] = list(dict.fromkeys(
                x.get("code") for x in found if isinstance(x.get("code"), str)))
            row["rules"] = list(dict.fromkeys(
                x.get("rule") for x in found if isinstance(x.get("rule"), str)))
        return rows, int(total), more

    def claim(self, reviewer: str, ttl_s: float, templates: list[str] | None,
              record_id: str | None = None) -> dict[str, Any] | None:
        """Claim ``record_id`` (or the oldest free record in review) for ``reviewer``.

        Claims are compare-and-set updates, so two reviewers (or two service processes)
        never hold the same record; an expired claim is free again. A reviewer who already
        holds the record renews the claim.
        """
        now = utcnow()
        free = sa.or_(T.records.c.claimed_by.is_(None), T.records.c.claim_expires_at <= now,
                      T.records.c.claimed_by == reviewer)
        for _ in range(20):
            with self._begin() as c:
                if record_id is not None:
                    candidate = record_id
                else:
                    q = (sa.select(T.records.c.id).where(T.records.c.status == "review", free)
                         .order_by(T.records.c.created_at, T.records.c.id).limit(1))
                    if templates is not None:
                        q = q.where(T.records.c.template.in_(templates))
                    candidate = c.execute(q).scalar()
                    if candidate is None:
                        return None
                held = c.execute(sa.select(T.records.c.claimed_by,
                                           T.records.c.claim_expires_at)
                                 .where(T.records.c.id == candidate)).first()
                q = (T.records.update()
                     .where(T.records.c.id == candidate, T.records.c.status == "review", free)
                     .values(claimed_by=reviewer,
                             claim_expires_at=now + timedelta(seconds=ttl_s)))
                if held is not None:  # unchanged since read: else the next try
                    q = q.where(T.records.c.claimed_by.is_(None) if held[0] is None
                                else T.records.c.claimed_by == held[0])
                if templates is not None:
                    q = q.where(T.records.c.template.in_(templates))
                if c.execute(q).rowcount == 1:
                    found = c.execute(T.records.select().where(T.records.c.id == candidate))
                    row = dict(found.mappings().one())
                    if held is not None and held[0] not in (None, reviewer):
                        # another reviewer's claim that had run out: for the audit trail
                        row["expired_claim"] = {"claimed_by": held[0],
                                                "expired_at": held[1]}
                    return row
            if record_id is not None:
                return None
        return None

    def release(self, record_id: str, reviewer: str) -> bool:
        with self._begin() as c:
            res = c.execute(T.records.update()
                            .where(T.records.c.id == record_id,
                                   T.records.c.claimed_by == reviewer)
                            .values(claimed_by=None, claim_expires_at=None))
        return res.rowcount == 1

    def holds_claim(self, record_id: str, reviewer: str) -> bool:
        with self._begin() as c:
            row = c.execute(sa.select(T.records.c.claimed_by, T.records.c.claim_expires_at)
                            .where(T.records.c.id == record_id)).first()
        return bool(row and row[0] == reviewer and row[1] and row[1] > utcnow())

    def save_review(self, record_id: str, reviewer: str, result: dict[str, Any],
                    corrections: list[dict[str, Any]], event: dict[str, Any]) -> bool:
        """Store a reviewed record, its corrections and its audit event in one transaction;
        False when the reviewer no longer holds the claim."""
        now = utcnow()
        with self._begin() as c:
            res = c.execute(T.records.update()
                            .where(T.records.c.id == record_id,
                                   T.records.c.claimed_by == reviewer,
                                   T.records.c.claim_expires_at > now)
                            .values(result=result, status=result["status"],
                                    claimed_by=None, claim_expires_at=None,
                                    reviewed_by=reviewer, reviewed_at=now))
            if res.rowcount != 1:
                return False  # nothing was written: the transaction commits no change
            for corr in corrections:
                c.execute(T.corrections.insert().values(record_id=record_id, reviewer=reviewer,
                                                        at=now, **corr))
            c.execute(T.audit_events.insert().values(at=now, **event))
        return True

    def save_reextraction(self, record_id: str, reviewer: str, result: dict[str, Any],
                          event: dict[str, Any]) -> bool:
        """Store a record extracted again (its stored document, the template as served
        now) in place of its result, with its audit event, in one transaction; the claim
        stays while the record is in review. False when the reviewer no longer holds the
        claim."""
        now = utcnow()
        values: dict[str, Any] = {"result": result, "status": result["status"],
                                  "extracted_status": result["status"]}
        if result["status"] != "review":
            values.update(claimed_by=None, claim_expires_at=None)
        with self._begin() as c:
            res = c.execute(T.records.update()
                            .where(T.records.c.id == record_id,
                                   T.records.c.status == "review",
                                   T.records.c.claimed_by == reviewer,
                                   T.records.c.claim_expires_at > now)
                            .values(**values))
            if res.rowcount != 1:
                return False
            c.execute(T.audit_events.insert().values(at=now, **event))
        return True

    def corrections(self, record_id: str | None = None) -> list[dict[str, Any]]:
        q = T.corrections.select().order_by(T.corrections.c.id)
        if record_id is not None:
            q = q.where(T.corrections.c.record_id == record_id)
        with self._begin() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def count_by_status(self, table: str) -> dict[str, int]:
        t = T.metadata.tables[table]
        with self._begin() as c:
            rows = c.execute(sa.select(t.c.status, sa.func.count()).group_by(t.c.status))
            return {s: n for s, n in rows}

    # ------------------------------------------------------------------ jobs
    # A job is held by the service process working on it (``owner``) until ``lease_until``:
    # from its submission (or its taking over) through its extraction to its webhook's last
    # attempt. The holder renews the lease while it works; every write of a job's outcome
    # is conditional on holding it, so a process that lost a job (its lease ran out and
    # another process took the job over) writes nothing. Lease times come from the
    # database's clock on PostgreSQL (processes on several hosts) and from this host's
    # clock on SQLite (one host).
    def _now(self, conn: Connection) -> datetime:
        """Now, as naive UTC, by the clock leases are measured with."""
        if self.dialect == "postgresql":
            return conn.execute(sa.select(sa.func.timezone(
                "UTC", sa.func.clock_timestamp()))).scalar_one()
        return utcnow()

    def add_job(self, *, source: str, document_hash: str, template: str | None,
                callback_url: str | None, api_key_id: str | None,
                owner: str | None = None, lease_s: float | None = None,
                split: bool = False, params: dict[str, Any] | None = None,
                input_warnings: list[str] | None = None) -> str:
        """A queued job; held by ``owner`` for ``lease_s`` seconds when given (the process
        that runs it), else free for any process to take. ``split``: the file is split
        into documents (a packet). ``params``: the template parameters given (as text);
        ``input_warnings``: what the request said wrongly of the document (its record's
        ``audit.input_warnings``)."""
        job_id = new_id()
        with self._begin() as c:
            lease = (self._now(c) + timedelta(seconds=lease_s)
                     if owner is not None and lease_s is not None else None)
            c.execute(T.jobs.insert().values(
                id=job_id, created_at=utcnow(), status="queued", api_key_id=api_key_id,
                source=source[:500], document_hash=document_hash, template=template,
                callback_url=callback_url,
                webhook_state=WEBHOOK_PENDING if callback_url else None,
                owner=owner if lease is not None else None, lease_until=lease,
                split=split, params=dict(params) if params else None,
                input_warnings=input_warnings or None))
        return job_id

    def job(self, job_id: str) -> dict[str, Any] | None:
        with self._begin() as c:
            row = c.execute(T.jobs.select().where(T.jobs.c.id == job_id)).mappings().first()
        return dict(row) if row else None

    def update_job(self, job_id: str, **values: Any) -> None:
        """Change a job whoever holds it (not for a job's outcome: see :meth:`finish_job`,
        :meth:`fail_job`, :meth:`end_webhook`)."""
        with self._begin() as c:
            c.execute(T.jobs.update().where(T.jobs.c.id == job_id).values(**values))

    @staticmethod
    def _active() -> Any:
        """Jobs with work left: an extraction, or a webhook to deliver."""
        j = T.jobs.c
        return sa.or_(j.status.in_(("queued", "running")),
                      sa.and_(j.status.in_(("done", "failed")),
                              j.webhook_state == WEBHOOK_PENDING))

    def claimable_jobs(self, *, extractions: int, deliveries: int,
                       exclude: set[str] | frozenset[str] = frozenset()
                       ) -> list[dict[str, Any]]:
        """Jobs with work left that no process holds (never held, released by a process
        that stopped, or whose lease ran out): up to ``extractions`` still to run, oldest
        first, and up to ``deliveries`` finished with a webhook to deliver. Only a look:
        :meth:`claim_job` takes one."""
        j = T.jobs.c
        out: list[dict[str, Any]] = []
        with self._begin() as c:
            now = self._now(c)
            free = sa.or_(j.lease_until.is_(None), j.lease_until < now)
            for states, webhook, limit, order in (
                    (("queued", "running"), False, extractions, j.created_at),
                    (("done", "failed"), True, deliveries, j.finished_at)):
                if limit <= 0:
                    continue
                q = T.jobs.select().where(j.status.in_(states), free)
                if webhook:
                    q = q.where(j.webhook_state == WEBHOOK_PENDING)
                if exclude:
                    q = q.where(j.id.not_in(sorted(exclude)))
                out += [dict(r) for r in c.execute(q.order_by(order, j.id).limit(limit))
                        .mappings()]
        return out

    def claim_job(self, job_id: str, owner: str, lease_s: float) -> dict[str, Any] | None:
        """Take ``job_id`` for ``owner`` if no process holds it (a compare-and-set update:
        of processes claiming one job at once, one gets it). A job that was running goes
        back to ``queued`` (it waits for a worker of its new owner). Returns the job, or
        None when it is held, or has no work left."""
        j = T.jobs.c
        with self._begin() as c:
            now = self._now(c)
            took = c.execute(T.jobs.update().where(
                j.id == job_id, self._active(),
                sa.or_(j.lease_until.is_(None), j.lease_until < now),
            ).values(owner=owner, lease_until=now + timedelta(seconds=lease_s)))
            if took.rowcount != 1:
                return None
            c.execute(T.jobs.update().where(j.id == job_id, j.status == "running")
                      .values(status="queued", started_at=None))
            row = c.execute(T.jobs.select().where(j.id == job_id)).mappings().one()
        return dict(row)

    def start_job(self, job_id: str, owner: str, lease_s: float) -> bool:
        """Mark the job running (a worker has taken it) and renew its lease, if ``owner``
        still holds it."""
        j = T.jobs.c
        with self._begin() as c:
            now = self._now(c)
            res = c.execute(T.jobs.update().where(
                j.id == job_id, j.owner == owner, j.status.in_(("queued", "running"))
            ).values(status="running", started_at=utcnow(),
                     lease_until=now + timedelta(seconds=lease_s)))
        return res.rowcount == 1

    def renew_job_leases(self, owner: str, job_ids: set[str], lease_s: float) -> set[str]:
        """Extend ``owner``'s leases on ``job_ids`` (those it is working on). Returns the
        ids ``owner`` no longer holds: taken over by another process after its lease ran
        out (or released)."""
        if not job_ids:
            return set()
        j = T.jobs.c
        ids = sorted(job_ids)
        with self._begin() as c:
            now = self._now(c)
            c.execute(T.jobs.update().where(j.owner == owner, j.id.in_(ids),
                                            j.lease_until.is_not(None))
                      .values(lease_until=now + timedelta(seconds=lease_s)))
            lost = c.execute(sa.select(j.id).where(
                j.id.in_(ids), sa.or_(j.owner.is_(None), j.owner != owner))).scalars()
            return set(lost)

    def release_jobs(self, owner: str) -> int:
        """Give back every job ``owner`` holds (a process stopping): another process, or
        the next start, takes them at once instead of waiting for the leases to run out.
        Returns how many."""
        j = T.jobs.c
        held = sa.and_(j.owner == owner, j.lease_until.is_not(None))
        with self._begin() as c:
            c.execute(T.jobs.update().where(held, j.status == "running")
                      .values(status="queued", started_at=None))
            return c.execute(T.jobs.update().where(held)
                             .values(owner=None, lease_until=None)).rowcount

    def _outcome(self, c: Connection, job_id: str, owner: str, **values: Any) -> bool:
        """Write an unfinished job's outcome if ``owner`` holds it; the lease ends with it,
        unless a webhook is still to be delivered."""
        j = T.jobs.c
        lease = sa.case((j.webhook_state == WEBHOOK_PENDING, j.lease_until), else_=None)
        res = c.execute(T.jobs.update().where(
            j.id == job_id, j.owner == owner, j.status.in_(("queued", "running"))
        ).values(finished_at=utcnow(), lease_until=lease, **values))
        return res.rowcount == 1

    def fail_job(self, job_id: str, owner: str, code: str, message: str,
                 event: dict[str, Any] | None = None) -> bool:
        """Mark the job failed (with its audit ``event``, in one transaction) if ``owner``
        still holds it; False, writing nothing, when it does not."""
        with self._begin() as c:
            if not self._outcome(c, job_id, owner, status="failed", error_code=code,
                                 error_message=message):
                return False
            if event is not None:
                c.execute(T.audit_events.insert().values(at=utcnow(), **event))
        return True

    def finish_job(self, job_id: str, result: dict[str, Any],
                   event_of: Callable[[dict[str, Any]], dict[str, Any]],
                   api_key_id: str | None, owner: str
                   ) -> tuple[str, dict[str, Any]] | None:
        """Store the job's record (marked if the same file was sent before: see
        :meth:`mark_resubmission`) and its audit event (``event_of(result)``), and mark the
        job done, in one transaction, if ``owner`` still holds the job. Returns the record
        id and the result stored; None, writing nothing, when another process has taken
        the job over (its own run stores the record)."""
        with self._new_records:
            result = self.mark_resubmission(result)
            record_id = new_id()
            with self._begin() as c:
                if not self._outcome(c, job_id, owner, status="done", record_id=record_id):
                    return None
                self.add_record(result, api_key_id=api_key_id, job_id=job_id, conn=c,
                                record_id=record_id)
                c.execute(T.audit_events.insert().values(at=utcnow(), record_id=record_id,
                                                         **event_of(result)))
        return record_id, result

    def save_packet(self, packet: dict[str, Any],
                    event_of: Callable[[dict[str, Any], PacketPart], dict[str, Any]],
                    packet_event_of: Callable[[dict[str, Any], str], dict[str, Any]],
                    api_key_id: str | None, *, job_id: str | None = None,
                    owner: str | None = None) -> tuple[str, dict[str, Any]] | None:
        """A split file (``packet``: a PacketResult as JSON): each document's record (with
        the packet's id and its pages; marked as :meth:`mark_resubmission` says) and its
        audit event (``event_of(result, part)``), the packet's row and its audit event
        (``packet_event_of(stored, packet_id)``), in one transaction; with ``job_id``, the
        job is marked done too, if ``owner`` still holds it (else None, writing nothing).
        Returns the packet's id and the packet as stored, each document with its
        ``record_id`` and ``status``."""
        with self._new_records:
            packet_id = new_id()
            file_hash = packet["document_id"]
            status, reasons = packet["status"], list(packet.get("reasons") or [])
            documents = []
            for n, doc in enumerate(packet.get("documents") or []):
                part = PacketPart(packet_id, file_hash, tuple(doc["pages"]),
                                  packet.get("pages"))
                result = self.mark_resubmission(doc["result"], packet=part)
                if result["status"] != doc["result"]["status"]:  # a copy: to review
                    reasons.append({
                        "code": "document_review", "field": None, "rule": None,
                        "message": f"document {n + 1} ({doc.get('template') or 'unknown'}, "
                                   f"pages {', '.join(map(str, part.pages))}) is review: "
                                   f"{result['reasons'][-1]['message']}"})
                    status = "review" if status == "accepted" else status
                documents.append(({**doc, "record_id": new_id(), "status": result["status"],
                                   "result": result}, part))
            out = {**packet, "status": status, "reasons": reasons,
                   "documents": [d for d, _ in documents]}
            stored = {**out, "documents": [{k: v for k, v in d.items() if k != "result"}
                                           for d in out["documents"]]}
            with self._begin() as c:
                if job_id is not None and not self._outcome(
                        c, job_id, owner or "", status="done", packet_id=packet_id):
                    return None
                for doc, part in documents:
                    self.add_record(doc["result"], api_key_id=api_key_id, job_id=job_id,
                                    conn=c, record_id=doc["record_id"], packet=part)
                    c.execute(T.audit_events.insert().values(
                        at=utcnow(), record_id=doc["record_id"],
                        **event_of(doc["result"], part)))
                c.execute(T.packets.insert().values(
                    id=packet_id, created_at=utcnow(), document_hash=file_hash,
                    source=packet["source"][:500], packet=packet.get("packet"),
                    status=status, result=stored, api_key_id=api_key_id, job_id=job_id))
                c.execute(T.audit_events.insert().values(
                    at=utcnow(), **packet_event_of(stored, packet_id)))
        return packet_id, out

    def packet(self, packet_id: str) -> dict[str, Any] | None:
        """A packet's row; its ``result`` lists its documents with their record ids."""
        with self._begin() as c:
            row = c.execute(T.packets.select().where(T.packets.c.id == packet_id)
                            ).mappings().first()
        return dict(row) if row else None

    def packet_out(self, packet_id: str, *, original: bool = False,
                   row: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """A packet as the API answers it: each document with its record's id, status and
        result (``original``: as extracted; else as it is now, after any review). The
        packet's own status and reasons are those of its extraction."""
        row = row or self.packet(packet_id)
        if row is None:
            return None
        with self._begin() as c:
            records = {r["id"]: dict(r) for r in c.execute(
                T.records.select().where(T.records.c.packet_id == packet_id)).mappings()}
        documents = []
        for doc in row["result"].get("documents") or []:
            record = records.get(doc.get("record_id"))
            if record is None:  # (not written without its records: see save_packet)
                continue
            documents.append({**doc, "status": record["extracted_status" if original
                                                      else "status"],
                              "result": record["original" if original else "result"]})
        return {**row["result"], "documents": documents}

    def end_webhook(self, job_id: str, owner: str, state: str) -> bool:
        """The webhook's final state (``delivered`` or ``failed``), ending ``owner``'s
        lease, if it still holds the job."""
        j = T.jobs.c
        with self._begin() as c:
            res = c.execute(T.jobs.update().where(j.id == job_id, j.owner == owner)
                            .values(webhook_state=state, lease_until=None))
        return res.rowcount == 1

    def jobs_page(self, *, api_key_id: str | None, statuses: list[str] | None = None,
                  webhook_states: list[str] | None = None,
                  before: dict[str, Any] | None = None, limit: int = 100,
                  templates: list[str] | None = None,
                  viewer: str | None = None) -> list[dict[str, Any]]:
        """Jobs, newest first: of ``api_key_id`` (None: of every key), with one of
        ``statuses`` and ``webhook_states`` when given, and after ``before`` (a job row:
        the last of the previous page) in that order; at most ``limit``. ``templates``:
        only the jobs a key limited to them may see (:func:`_within`; ``viewer``, its
        id); None: every template's."""
        j = T.jobs.c
        q = T.jobs.select()
        if templates is not None:
            q = sa.select(*T.jobs.c).select_from(T.jobs.outerjoin(
                T.records, T.records.c.id == j.record_id)).where(_within(templates, viewer))
        if api_key_id is not None:
            q = q.where(j.api_key_id == api_key_id)
        if statuses:
            q = q.where(j.status.in_(statuses))
        if webhook_states:
            q = q.where(j.webhook_state.in_(webhook_states))
        if before is not None:
            q = q.where(sa.or_(j.created_at < before["created_at"],
                               sa.and_(j.created_at == before["created_at"],
                                       j.id < before["id"])))
        with self._begin() as c:
            rows = c.execute(q.order_by(j.created_at.desc(), j.id.desc()).limit(limit))
            return [dict(r) for r in rows.mappings()]

    def resend_webhook(self, job_id: str, owner: str, lease_s: float, until: int) -> bool:
        """Take a finished job whose webhook is not being delivered (delivered, or given
        up) for ``owner`` to deliver it again: its state back to ``pending``, held for
        ``lease_s`` seconds, ``until`` the last attempt of the new round (its number). A
        compare-and-set update: False when the job is unfinished, has no callback, is
        being delivered or is held by a process."""
        j = T.jobs.c
        with self._begin() as c:
            now = self._now(c)
            res = c.execute(T.jobs.update().where(
                j.id == job_id, j.status.in_(("done", "failed")),
                j.callback_url.is_not(None),
                sa.or_(j.webhook_state.is_(None), j.webhook_state != WEBHOOK_PENDING),
                sa.or_(j.lease_until.is_(None), j.lease_until < now))
                .values(webhook_state=WEBHOOK_PENDING, owner=owner, webhook_until=until,
                        lease_until=now + timedelta(seconds=lease_s)))
        return res.rowcount == 1

    def add_delivery(self, **row: Any) -> None:
        with self._begin() as c:
            c.execute(T.webhook_deliveries.insert().values(at=utcnow(), **row))

    def deliveries(self, job_id: str) -> list[dict[str, Any]]:
        with self._begin() as c:
            rows = c.execute(T.webhook_deliveries.select()
                             .where(T.webhook_deliveries.c.job_id == job_id)
                             .order_by(T.webhook_deliveries.c.id)).mappings()
            return [dict(r) for r in rows]

    # ------------------------------------------------------------------ extraction + audit
    def save_extraction(self, result: dict[str, Any],
                        event_of: Callable[[dict[str, Any]], dict[str, Any]],
                        api_key_id: str | None) -> tuple[str, dict[str, Any]]:
        """A synchronous extraction's record (marked as :meth:`finish_job` does) and its
        audit event, in one transaction. Returns the record id and the result stored."""
        with self._new_records:
            result = self.mark_resubmission(result)
            with self._begin() as c:
                record_id = self.add_record(result, api_key_id=api_key_id, conn=c)
                c.execute(T.audit_events.insert().values(at=utcnow(), record_id=record_id,
                                                         **event_of(result)))
        return record_id, result

    def audit(self, **event: Any) -> None:
        with self._begin() as c:
            c.execute(T.audit_events.insert().values(at=utcnow(), **event))

    def audit_events(self, *, since: datetime | None = None, until: datetime | None = None,
                     action: str | None = None, record_id: str | None = None,
                     templates: list[str] | None = None,
                     batch: int = 500) -> Iterator[dict[str, Any]]:
        """Audit events in order, read in batches (memory stays flat for big exports);
        ``templates``: only events of these templates (None for all events)."""
        last = 0
        while True:
            q = (T.audit_events.select().where(T.audit_events.c.id > last)
                 .order_by(T.audit_events.c.id).limit(batch))
            if since is not None:
                q = q.where(T.audit_events.c.at >= since)
            if until is not None:
                q = q.where(T.audit_events.c.at < until)
            if action is not None:
                q = q.where(T.audit_events.c.action == action)
            if record_id is not None:
                q = q.where(T.audit_events.c.record_id == record_id)
            if templates is not None:
                q = q.where(T.audit_events.c.template.in_(templates))
            with self._begin() as c:
                rows = [dict(r) for r in c.execute(q).mappings()]
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1]["id"]


def _within(templates: list[str], viewer: str | None) -> Any:
    """The jobs a key limited to ``templates`` (its id: ``viewer``) may see, as a
    condition on ``jobs`` outer-joined with its record (the service's ``_job_view``, in
    SQL): a job of one document by its template, or its record's when it was classified;
    a split job by its packet's records: none of a template out of scope, and one of a
    template at least unless ``viewer`` sent it (a split job without a packet yet: only
    its sender)."""
    j, r = T.jobs.c, T.records.c
    doc = T.records.alias("doc")
    in_packet = sa.and_(doc.c.packet_id == j.packet_id, doc.c.template.is_not(None))
    sent = j.api_key_id == viewer
    split = sa.and_(j.split.is_(True), sa.or_(
        sa.and_(j.packet_id.is_(None), sent),
        sa.and_(j.packet_id.is_not(None),
                ~sa.exists().where(in_packet, doc.c.template.not_in(templates)),
                sa.or_(sa.exists().where(in_packet), sent))))
    single = sa.and_(sa.or_(j.split.is_(None), j.split.is_(False)),
                     sa.func.coalesce(j.template, r.template).in_(templates))
    return sa.or_(single, split)
