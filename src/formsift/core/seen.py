"""Stores of values seen in earlier documents, for duplicate checks (``seen_before``).

A rule such as ``rule not_paid_twice: not seen_before(invoice_no)`` asks the engine's store
whether another document already carried that invoice number for the same template. The
engine records the values of a document once its result is final (never the values of
candidates tried while choosing), so re-extracting the same file is not a duplicate of
itself: values are keyed by template, value and document id. Recordings are ordered: a
document that recorded a value is a duplicate only of documents that recorded it *before*
it did, so that the first of two documents with one number stays the original when it is
extracted again or re-validated after the second one came in.

Two stores ship: :class:`MemorySeenStore` (per engine, forgotten at exit) and
:class:`SqliteSeenStore` (a file, shared by processes); the service keeps its own in its
database (``formsift.service.storage.DatabaseSeenStore``). Any object with the methods of
:class:`SeenStore` can be passed as ``Engine(seen_store=...)``; a store may also have
``discard`` (used when a reviewer corrects a value, see :func:`forget`).

Without a ``seen_store`` the engine uses ``$FORMSIFT_SEEN_STORE`` (``memory`` or a SQLite
file path), else the default file :func:`default_path`.

Re-validating a record later (the service's review queue) binds the same store, template and
document id as its extraction (:func:`bound`), so ``seen_before`` answers as it did then,
and the record's own values, recorded by its extraction, do not make it a duplicate.

``last_seen(project_no, earned_less_ret)`` asks the same store for a *value* an earlier
document kept (:class:`SeriesStore`, see :mod:`formsift.templates.series`): the stores
keep it typed (:func:`encode_value`), under a key of the value's name and the series
(:func:`series_key`), in the order of recording, and answer with the latest one kept
before the asking document kept its own. A store without these methods still serves
``seen_before``; a template calling ``last_seen`` is refused with it.
"""

from __future__ import annotations

import contextvars
import itertools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from formsift.core.result import Reason, RuleOutcome, Status

T = TypeVar("T")


@runtime_checkable
class SeenStore(Protocol):
    """Where ``seen_before`` looks values up and the engine records them."""

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        """Whether ``value`` was recorded under ``namespace`` by another document than
        ``exclude_document`` (the one asking) and, when that one recorded it too, before
        it did."""
        ...

    def add(self, namespace: str, value: str, document_id: str) -> None:
        """Record that ``document_id`` carried ``value`` (idempotent)."""
        ...


@runtime_checkable
class SeriesStore(Protocol):
    """What ``last_seen`` needs of a store besides :class:`SeenStore`'s methods: values
    kept per document under a key (:func:`series_key`), in the order they were first kept.
    The shipped stores have these methods; a store of one's own may leave them out, and
    templates calling ``last_seen`` are then refused with it."""

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        """Keep ``document_id``'s ``value`` under ``key``; kept again by the same document,
        the value is replaced and keeps its place in the order (a file extracted again,
        a value a reviewer corrected)."""
        ...

    def recall(self, namespace: str, key: str, document_id: str
               ) -> tuple[str, Any, datetime | None] | None:
        """The value kept under ``key`` by the latest other document than ``document_id``
        that kept one before it did (any, when it kept none): ``(document_id, value,
        when)``, the value in its type; None when there is none."""
        ...

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        """Drop ``document_id``'s value under ``key`` (a record rejected or corrected)."""
        ...


#: Environment variable naming the store of engines created without ``seen_store``:
#: ``memory``, ``sqlite`` (the default file) or the path of a SQLite file.
ENV = "FORMSIFT_SEEN_STORE"


#: Between the parts of a key of several values (``seen_before(seller, date, total)``).
KEY_SEPARATOR = "\x1f"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SEPARATORS = re.compile(r"[\s\-/.\u2010-\u2015_]+")


def normalize(value: object) -> str:
    """The form values are compared in: case, spacing and the separators printed inside an
    identifier (``-``, ``/``, ``.``, ``_``) do not make a new number (``INV-2026-1001``,
    ``INV 2026/1001`` and ``inv20261001`` are one). A plain number keeps its decimal point
    (``15.00`` is not ``1500``). A key of several values (:func:`key`) is normalized part
    by part."""
    parts = str(value).split(KEY_SEPARATOR)
    return KEY_SEPARATOR.join(
        p.strip() if _PLAIN_NUMBER.fullmatch(p.strip()) else _SEPARATORS.sub("", p).casefold()
        for p in parts)


def legacy_normalize(value: object) -> str:
    """The form values were stored in before separators were ignored (case and spacing
    only): a SQLite store written then is still asked in it."""
    return " ".join(str(value).split()).casefold()


def key(values: list[Any] | tuple[Any, ...]) -> str:
    """The value ``seen_before`` asks about and the engine records: one argument's value
    as text; several (``seen_before(seller, invoice_date, total)``) joined in one key, so
    that a document is a duplicate when it carries all of them."""
    return KEY_SEPARATOR.join(str(v) for v in values)


#: Between the name of the value ``last_seen`` returns and its series in a
#: :func:`series_key`.
SERIES_SEPARATOR = "\x1e"


def series_key(name: str, series: list[Any] | tuple[Any, ...]) -> str:
    """The key ``last_seen(project_no, earned_less_ret)`` keeps and asks a value under:
    the value's name and the series' values, compared as ``seen_before`` compares them
    (:func:`normalize`: "RMOB-1234" and "rmob 1234" are one project)."""
    return f"{name}{SERIES_SEPARATOR}{normalize(key(series))}"


def encode_value(value: Any) -> str:
    """``value`` as text a store keeps (JSON as a record writes a value: money as a
    decimal string with its currency, dates in ISO 8601, whole numbers as numbers), so
    that :func:`decode_value` gives it back in its type."""
    import json

    from formsift.core.result import FieldValue

    shown = FieldValue(value=value).model_dump(
        mode="json", include={"value", "value_type", "currency"}, exclude_none=True)
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode_value(text: str) -> Any:
    """The value :func:`encode_value` wrote, in its type (``Decimal``, ``date``...)."""
    import json

    from formsift.core.result import FieldValue

    return FieldValue.model_validate(json.loads(text)).value


class MemorySeenStore:
    """Values held in memory for the life of the engine (tests, one-off batch runs)."""

    def __init__(self) -> None:
        # (namespace, value) -> document id -> (order of recording, when)
        self._docs: dict[tuple[str, str], dict[str, tuple[int, datetime]]] = {}
        self._order = itertools.count()
        self._lock = threading.Lock()
        # (namespace, key) -> document id -> (order first kept, value, when)
        self._kept: dict[tuple[str, str], dict[str, tuple[int, Any, datetime]]] = {}

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        return self.first(namespace, value, exclude_document) is not None

    def add(self, namespace: str, value: str, document_id: str) -> None:
        with self._lock:
            docs = self._docs.setdefault((namespace, normalize(value)), {})
            if document_id not in docs:
                docs[document_id] = (next(self._order), datetime.now(UTC))

    def first(self, namespace: str, value: str, exclude_document: str | None = None
              ) -> tuple[str, datetime | None] | None:
        """The document that recorded ``value`` first, not counting ``exclude_document``
        nor anything it recorded before it, and when: ``(document_id, seen_at)``; None
        when there is none (``seen`` is whether there is one)."""
        with self._lock:
            docs = self._docs.get((namespace, normalize(value)), {})
            own = docs.get(exclude_document) if exclude_document is not None else None
            earlier = [(n, d, t) for d, (n, t) in docs.items()
                       if d != exclude_document and (own is None or n < own[0])]
            if not earlier:
                return None
            _, doc, when = min(earlier)
            return doc, when

    def discard(self, namespace: str, value: str, document_id: str) -> None:
        with self._lock:
            self._docs.get((namespace, normalize(value)), {}).pop(document_id, None)

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        with self._lock:
            docs = self._kept.setdefault((namespace, key), {})
            order = docs[document_id][0] if document_id in docs else next(self._order)
            docs[document_id] = (order, value, datetime.now(UTC))

    def recall(self, namespace: str, key: str, document_id: str
               ) -> tuple[str, Any, datetime | None] | None:
        with self._lock:
            docs = self._kept.get((namespace, key), {})
            own = docs[document_id][0] if document_id in docs else None
            earlier = [(n, d, v, t) for d, (n, v, t) in docs.items()
                       if d != document_id and (own is None or n < own)]
            if not earlier:
                return None
            _, doc, value, when = max(earlier, key=lambda x: x[0])
            return doc, value, when

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        with self._lock:
            self._kept.get((namespace, key), {}).pop(document_id, None)


class SqliteSeenStore:
    """Values kept in a SQLite file, so that duplicates are caught across runs and
    processes (SQLite serialises concurrent writers). Its folder must exist, unless
    ``create_folder`` (the default store's folder, :func:`default_path`, is created): a
    mistyped folder is an error, not a new empty store that finds no duplicates."""

    def __init__(self, path: str | Path, *, create_folder: bool = False) -> None:
        self.path = Path(path)
        self.create_folder = create_folder
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if not self.create_folder:
                check_folder(self.path)
            try:
                if self.create_folder:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute("CREATE TABLE IF NOT EXISTS seen (namespace TEXT NOT NULL, "
                             "value TEXT NOT NULL, document_id TEXT NOT NULL, "
                             "seen_at TEXT, PRIMARY KEY (namespace, value, document_id))")
                columns = {row[1] for row in conn.execute("PRAGMA table_info(seen)")}
                if "seen_at" not in columns:  # a file written by an earlier version
                    conn.execute("ALTER TABLE seen ADD COLUMN seen_at TEXT")
                # last_seen's values (a file written before it had none: added here)
                conn.execute("CREATE TABLE IF NOT EXISTS kept (namespace TEXT NOT NULL, "
                             "key TEXT NOT NULL, document_id TEXT NOT NULL, "
                             "value TEXT NOT NULL, seen_at TEXT, "
                             "PRIMARY KEY (namespace, key, document_id))")
                conn.commit()
            except (OSError, sqlite3.Error) as exc:
                from formsift.core.errors import FormsiftError

                raise FormsiftError(f"the duplicates store {str(self.path)!r} cannot be "
                                    f"opened: {exc}") from exc
            self._local.conn = conn
        return conn

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep other processes using this file from checking and recording values
        meanwhile (an advisory lock on a file beside it, where the OS has one)."""
        try:
            import fcntl
        except ImportError:  # Windows: SQLite's own locking only
            yield
            return
        self._conn()
        with open(self.path.with_name(self.path.name + ".lock"), "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        return self.first(namespace, value, exclude_document) is not None

    def first(self, namespace: str, value: str, exclude_document: str | None = None
              ) -> tuple[str, datetime | None] | None:
        """The document that recorded ``value`` first, not counting ``exclude_document``
        nor anything it recorded before it, and when (None for a value recorded by an
        earlier version, which kept no time); None when there is none."""
        # rowids grow with each insert: the order of recording; a file written before
        # separators were ignored holds values in the older form (legacy_normalize)
        new, old, doc = normalize(value), legacy_normalize(value), exclude_document or ""
        row = self._conn().execute(
            "SELECT document_id, seen_at FROM seen WHERE namespace = ? AND value IN (?, ?) "
            "AND document_id != ? AND rowid < coalesce((SELECT min(rowid) FROM seen "
            "WHERE namespace = ? AND value IN (?, ?) AND document_id = ?), "
            "9223372036854775807) ORDER BY rowid LIMIT 1",
            (namespace, new, old, doc, namespace, new, old, doc)).fetchone()
        if row is None:
            return None
        return row[0], (datetime.fromisoformat(row[1]) if row[1] else None)

    def add(self, namespace: str, value: str, document_id: str) -> None:
        conn = self._conn()
        conn.execute("INSERT OR IGNORE INTO seen (namespace, value, document_id, seen_at) "
                     "VALUES (?, ?, ?, ?)", (namespace, normalize(value), document_id,
                                             datetime.now(UTC).isoformat()))
        conn.commit()

    def discard(self, namespace: str, value: str, document_id: str) -> None:
        conn = self._conn()
        conn.execute("DELETE FROM seen WHERE namespace = ? AND value IN (?, ?) "
                     "AND document_id = ?",
                     (namespace, normalize(value), legacy_normalize(value), document_id))
        conn.commit()

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        conn = self._conn()
        # an update keeps the row's rowid: its place in the order of recording
        conn.execute("INSERT INTO kept (namespace, key, document_id, value, seen_at) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, key, document_id) "
                     "DO UPDATE SET value = excluded.value",
                     (namespace, key, document_id, encode_value(value),
                      datetime.now(UTC).isoformat()))
        conn.commit()

    def recall(self, namespace: str, key: str, document_id: str
               ) -> tuple[str, Any, datetime | None] | None:
        row = self._conn().execute(
            "SELECT document_id, value, seen_at FROM kept WHERE namespace = ? AND key = ? "
            "AND document_id != ? AND rowid < coalesce((SELECT rowid FROM kept WHERE "
            "namespace = ? AND key = ? AND document_id = ?), 9223372036854775807) "
            "ORDER BY rowid DESC LIMIT 1",
            (namespace, key, document_id, namespace, key, document_id)).fetchone()
        if row is None:
            return None
        return row[0], decode_value(row[1]), (datetime.fromisoformat(row[2]) if row[2]
                                              else None)

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        conn = self._conn()
        conn.execute("DELETE FROM kept WHERE namespace = ? AND key = ? AND document_id = ?",
                     (namespace, key, document_id))
        conn.commit()


class _ReadOnly:
    """A store's reads without its writes (see :func:`read_only`)."""

    def __init__(self, store: SeenStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:  # seen, first, recall, hold, ...
        return getattr(self._store, name)

    def add(self, namespace: str, value: str, document_id: str) -> None:
        pass

    def discard(self, namespace: str, value: str, document_id: str) -> None:
        pass


class _ReadOnlySeries(_ReadOnly):
    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        pass

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        pass


def read_only(store: SeenStore) -> SeenStore:
    """``store`` as one that answers ``seen_before`` and ``last_seen`` as it does, and
    records nothing: what ``explain`` extracts through, since a look at a document is no
    record of it (an invoice explained, then extracted, is no copy of itself)."""
    return _ReadOnlySeries(store) if isinstance(store, SeriesStore) else _ReadOnly(store)


def check_folder(path: Path, label: str | None = None) -> None:
    """A FormsiftError naming the folder of ``path`` when it does not exist."""
    folder = path.parent
    if not folder.exists():
        from formsift.core.errors import FormsiftError

        raise FormsiftError(f"the duplicates store {label or str(path)!r}: its folder "
                            f"{str(folder)!r} does not exist; create it, or name a file in "
                            f"an existing folder (or 'memory')")


def default_path() -> Path:
    """``$FORMSIFT_STATE_DIR/seen.sqlite3``, else ``$XDG_STATE_HOME/formsift/...``, else
    ``~/.local/state/formsift/seen.sqlite3``."""
    if os.environ.get("FORMSIFT_STATE_DIR"):
        return Path(os.environ["FORMSIFT_STATE_DIR"]) / "seen.sqlite3"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "formsift" / "seen.sqlite3"


class LazyStore:
    """Opens the real store on first use, so an engine whose templates never call
    ``seen_before`` creates no file."""

    def __init__(self, factory: type[SqliteSeenStore], path: Path) -> None:
        self._factory, self._path = factory, path
        self._store: SqliteSeenStore | None = None

    def _get(self) -> SqliteSeenStore:
        if self._store is None:  # the default location: its folder is created
            self._store = self._factory(self._path, create_folder=True)
        return self._store

    def seen(self, namespace: str, value: str, exclude_document: str | None = None) -> bool:
        return self._get().seen(namespace, value, exclude_document)

    def add(self, namespace: str, value: str, document_id: str) -> None:
        self._get().add(namespace, value, document_id)

    def hold(self) -> Any:
        return self._get().hold()

    def discard(self, namespace: str, value: str, document_id: str) -> None:
        self._get().discard(namespace, value, document_id)

    def remember(self, namespace: str, key: str, value: Any, document_id: str) -> None:
        self._get().remember(namespace, key, value, document_id)

    def recall(self, namespace: str, key: str, document_id: str
               ) -> tuple[str, Any, datetime | None] | None:
        return self._get().recall(namespace, key, document_id)

    def forget_remembered(self, namespace: str, key: str, document_id: str) -> None:
        self._get().forget_remembered(namespace, key, document_id)


def make_store(option: SeenStore | str | Path | None) -> SeenStore:
    """The store an ``Engine(seen_store=...)`` option names: a store object, ``"memory"``,
    ``"sqlite"`` (the default file, :func:`default_path`) or a path to a SQLite file.
    ``None`` means ``$FORMSIFT_SEEN_STORE`` when it is set, else ``"sqlite"``."""
    from_env = option is None and bool(os.environ.get(ENV, "").strip())
    if option is None:
        option = os.environ.get(ENV, "").strip() or None
    if option is None or option == "sqlite":
        return LazyStore(SqliteSeenStore, default_path())
    if option == "memory":
        return MemorySeenStore()
    if isinstance(option, (str, Path)):
        from formsift.core.errors import FormsiftError

        path = Path(option).expanduser()
        if path.is_dir():
            raise FormsiftError(f"the duplicates store {str(option)!r} is a folder; name a "
                                f"file (e.g. seen.sqlite3), or 'memory'")
        if isinstance(option, str) and not path.exists() and path.suffix == "" \
                and len(path.parts) == 1:
            from formsift.util.suggest import did_you_mean

            hint = did_you_mean(option, ["memory", "sqlite"])
            if hint:  # "memroy" is a typo, not a file name the user chose
                raise FormsiftError(f"seen_store {option!r}: did you mean {hint!r}? (or "
                                    f"name a SQLite file, e.g. seen.sqlite3)")
        check_folder(path, f"${ENV}={option}" if from_env else str(option))
        store = SqliteSeenStore(path)
        store._conn()  # a path the user named: an unusable one is reported now
        return store
    if isinstance(option, SeenStore):
        return option
    from formsift.core.errors import FormsiftError

    raise FormsiftError("seen_store is a SeenStore (an object with seen() and add()), "
                        f"'memory', 'sqlite' or a file path, not {type(option).__name__}")


def check_usable(store: SeenStore) -> None:
    """Open a SQLite store now (the default one opens on first use): a store that cannot
    be opened is one clear error before any document, not an error line per document."""
    real = store._get() if isinstance(store, LazyStore) else store
    if isinstance(real, SqliteSeenStore):
        real._conn()


#: The rule functions that ask the store about other documents.
ASKING = ("seen_before", "last_seen")


def uses_seen_before(templates: Any) -> bool:
    """Whether any of the compiled ``templates`` asks the store: calls ``seen_before`` or
    ``last_seen``."""
    return any(f in ASKING for t in templates for f in t.functions_called())


@dataclass(frozen=True)
class Binding:
    store: SeenStore
    namespace: str
    document_id: str


_CURRENT: contextvars.ContextVar[Binding | None] = contextvars.ContextVar(
    "formsift_seen_store", default=None)


@contextmanager
def bound(store: SeenStore, namespace: str, document_id: str) -> Iterator[None]:
    """Make ``store`` the one ``seen_before`` asks while a document is extracted."""
    token = _CURRENT.set(Binding(store, namespace, document_id))
    try:
        yield
    finally:
        _CURRENT.reset(token)


_CLAIM = threading.RLock()


@contextmanager
def claiming(store: SeenStore) -> Iterator[None]:
    """Make "is this value new?" and "record it" one step: documents checked on other
    threads of this process (and, with a store that has ``hold()``, such as the SQLite
    file, in other processes) wait, so two copies of one invoice extracted at the same
    time cannot both pass ``not seen_before(invoice_no)``."""
    hold = getattr(store, "hold", None)
    with _CLAIM:
        if hold is None:
            yield
        else:
            with hold():
                yield


def current() -> Binding | None:
    return _CURRENT.get()


_FAILURES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "formsift_seen_failures", default=None)


@contextmanager
def watched() -> Iterator[list[str]]:
    """Collect the store's failures (:func:`asking`) while a record is checked: an error
    of a ``seen_before`` or ``last_seen`` a policy or a condition asked is swallowed as
    "not evaluated" there (a ``review when seen_before(...)`` that does not fire), so the
    caller says so (:func:`unchecked`)."""
    failures: list[str] = []
    token = _FAILURES.set(failures)
    try:
        yield failures
    finally:
        _FAILURES.reset(token)


def asking(function: str, question: Callable[[], T]) -> T:
    """``question()``, a question ``function`` (``seen_before``, ``last_seen``) asks the
    store; its failure (a SQLite file locked, the service's store unreachable) is noted
    for :func:`watched` and raised."""
    try:
        return question()
    except Exception as exc:
        failures = _FAILURES.get()
        if failures is not None:
            failures.append(f"{function}() failed: {type(exc).__name__}: {exc}")
        raise


def unchecked(status: Status, reasons: list[Reason], failures: list[str],
              rules: Sequence[RuleOutcome] = ()) -> tuple[Status, list[Reason]]:
    """``status`` and ``reasons`` of a record checked while the store failed
    (:func:`watched`): a reason naming each failure no reason names yet (a rule not
    evaluated names its own), and review for a record that would be accepted; unchanged
    when the store answered every question. A ``warn`` rule of ``rules`` not evaluated
    names the failure of its question in its outcome: a warning, as its failing would be
    (each such rule accounts for one failure: a policy asking the same is still said)."""
    from formsift.core.reasons import by_action
    from formsift.core.result import Reason, Status

    left = list(failures)
    for rule in rules:
        if rule.severity == "warn" and rule.passed is None:
            said = next((f for f in left if f in rule.message), None)
            if said is not None:
                left.remove(said)
    unsaid = [f for f in dict.fromkeys(left) if not any(f in r.message for r in reasons)]
    if not unsaid:
        return status, reasons
    reason = Reason(code="rule_not_evaluated", message=(
        f"the duplicates store failed while the record was checked ({'; '.join(unsaid)}): "
        "a policy or condition asking it (seen_before, last_seen) was not evaluated, so "
        "whether another document carried its values is not known"))
    return (Status.REVIEW if status == Status.ACCEPTED else status), by_action([*reasons, reason])


def resent(store: SeenStore, namespace: str, values: list[str], document_id: str
           ) -> list[str]:
    """Why a document is a copy of one extracted before: the store holds its ``seen_before``
    values recorded by this very document (same content, so the same document id), and by
    no other one. ``seen_before`` skips a document's own records, so without this a file
    sent again on a later run would pass as new."""
    own = [v for v in values if store.seen(namespace, v)
           and not store.seen(namespace, v, exclude_document=document_id)]
    if not own:
        return []
    where = (f"templates sharing duplicates \"{namespace[7:]}\""
             if namespace.startswith("shared:") else f"template '{namespace}'")
    return [f"this file was extracted before with {where} (its "
            f"{', '.join(repr(v.replace(KEY_SEPARATOR, ' + ')) for v in own[:3])} recorded then): "
            f"a copy sent again?"]


def first_recorded(store: SeenStore, namespace: str, values: list[str], document_id: str
                   ) -> dict[str, Any] | None:
    """For a copy sent again (:func:`resent`): the document that recorded its first
    value first -- this very document, content being identity -- and when, as a reason's
    ``refers_to``; None when the store cannot tell (no ``first``)."""
    first = getattr(store, "first", None)
    for value in values:
        found = first(namespace, value) if first is not None else None
        if found is not None and found[0] == document_id:
            return {"document_id": found[0], "seen_at": found[1],
                    "value": value.replace(KEY_SEPARATOR, " + ")}
    return None


def earlier(value: str) -> dict[str, Any] | None:
    """The earlier document that carried ``value``, asked of the store bound to the
    document being extracted (:func:`bound`): ``{"document_id", "seen_at", "value"}``, or
    None (nothing bound, nothing earlier, or a store without ``first``, which is
    optional)."""
    binding = current()
    first = getattr(binding.store, "first", None) if binding is not None else None
    if binding is None or first is None:
        return None
    found = first(binding.namespace, value, binding.document_id)
    if found is None:
        return None
    return {"document_id": found[0], "seen_at": found[1],
            "value": value.replace(KEY_SEPARATOR, " + ")}


def forget(store: SeenStore, namespace: str, value: str, document_id: str) -> bool:
    """Drop ``document_id``'s record of ``value`` (a reviewer corrected a misread value),
    when the store can (``discard`` is optional); True if it could."""
    discard = getattr(store, "discard", None)
    if discard is None:
        return False
    discard(namespace, value, document_id)
    return True
