"""Storage: migrations build exactly the declared tables; claims are exclusive; keys CLI."""

from __future__ import annotations

import threading

import pytest


@pytest.fixture
def store(db_url, tmp_path):
    from formsift.service.storage import Store

    url = db_url.replace("formsift.db", f"{tmp_path.name}.db")
    s = Store(url)
    yield s
    s.close()


def test_migrations_match_the_declared_tables(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from formsift.service.tables import metadata

    assert store.revision == "0006"
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    from formsift.service.storage import migrate

    assert migrate(store.engine) == "0006"  # upgrading again is a no-op


def test_the_duplicates_store_is_in_the_database_and_shared(store):
    """seen_before's store in the service database: values compared without case and
    spacing, a document is a duplicate only of those recorded before it, another process
    on the same database sees the same values, a corrected value can be forgotten."""
    from formsift.service.storage import Store

    seen = store.seen
    seen.add("invoice", "INV-1", "doc-a")
    seen.add("invoice", " inv-1 ", "doc-b")
    seen.add("invoice", "INV-1", "doc-a")  # idempotent
    assert not seen.seen("invoice", "INV-1", "doc-a")  # the first is the original
    assert seen.seen("invoice", "INV-1", "doc-b") and seen.seen("invoice", "INV-1", "doc-c")
    assert not seen.seen("receipt", "INV-1", "doc-c")  # per template
    long_value = "x" * 400  # stored as its hash
    seen.add("invoice", long_value, "doc-a")
    other = Store(store.url)  # another service process on the same database
    try:
        assert other.seen.seen("invoice", long_value.upper(), "doc-z")
        other.seen.discard("invoice", "INV-1", "doc-a")
    finally:
        other.close()
    assert not seen.seen("invoice", "INV-1", "doc-b")


def _review_record(store, n: int) -> str:
    result = {"document_id": f"sha256:{n:064x}", "source": f"doc-{n}.pdf",
              "template": "invoice", "status": "review"}
    return store.add_record(result, api_key_id=None)


def test_each_record_is_claimed_by_one_reviewer_only(store):
    ids = {_review_record(store, n) for n in range(6)}
    got: dict[str, list[str]] = {}
    barrier = threading.Barrier(4)

    def reviewer(name: str) -> None:
        barrier.wait()
        got[name] = []
        for _ in range(20):  # a reviewer gets back the record it holds, so finish each
            row = store.claim(name, 60, None)
            if row is None:
                return
            got[name].append(row["id"])
            done = dict(row["result"], status="accepted")
            assert store.save_review(row["id"], name, done, [],
                                     {"actor": name, "action": "review.submit"})

    threads = [threading.Thread(target=reviewer, args=(f"r{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [rid for rows in got.values() for rid in rows]
    assert sorted(claimed) == sorted(ids)  # every record once, none twice
    assert len(got) == 4


def test_an_expired_claim_is_free_again(store):
    rid = _review_record(store, 99)
    assert store.claim("a", -1, None, rid)["claimed_by"] == "a"  # expires at once
    assert not store.holds_claim(rid, "a")
    assert store.claim("b", 60, None, rid)["claimed_by"] == "b"
    assert store.claim("a", 60, None, rid) is None
    assert store.claim("c", 60, ["receipt"]) is None  # scoped to another template


def test_keys_cli_create_list_revoke(tmp_path, capsys):
    from formsift.cli import main

    db = ["--db", f"sqlite:///{tmp_path / 'keys.db'}"]
    assert main(["keys", "create", "ci-bot", "--templates", "invoice", "--roles",
                 "extract", *db]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    assert key.startswith("fsk_") and "cannot be shown again" in out.err
    assert main(["keys", "list", *db]) == 0
    listing = capsys.readouterr().out
    key_id = key[4:].split("_")[0]
    assert key_id in listing and "templates=invoice" in listing and key[20:] not in listing
    assert main(["keys", "create", "x", "--roles", "admin", *db]) == 2  # usage error
    assert "unknown role" in capsys.readouterr().err
    assert main(["keys", "revoke", key_id, *db]) == 0
    assert main(["keys", "revoke", key_id, *db]) == 2
    assert "no active key" in capsys.readouterr().err
    from formsift.service.storage import Store

    store = Store(db[1])
    actions = [e["action"] for e in store.audit_events()]
    store.close()
    assert actions == ["key.create", "key.revoke"]


def test_serve_refuses_bad_settings_in_one_line(capsys):
    from formsift.cli import main

    assert main(["serve", "--workers", "0", "--db", "sqlite://"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("formsift: error: invalid --workers:") and err.count("\n") == 1
    assert main(["serve", "--db", "nonsense://x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("formsift: error: no database driver for nonsense") and \
        err.count("\n") == 1
    assert main(["serve", "--db", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    assert capsys.readouterr().err.startswith("formsift: error: cannot open the database")
    for port in ("99999", "0", "-1"):
        assert main(["serve", "--port", port, "--db", "sqlite://"]) == 2
        assert capsys.readouterr().err == (f"formsift: error: --port {port}: not a port "
                                           "number (1 to 65535)\n")


def test_serve_on_a_port_in_use_says_so_in_one_line(capsys):
    import socket

    from formsift.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--db", "sqlite://"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"formsift: error: cannot listen on 127.0.0.1:{port}: ") and \
        err.count("\n") == 1


@pytest.mark.parametrize("argv", [["keys", "list"], ["keys", "revoke", "abc"],
                                  ["audit", "export"],
                                  ["documents", "purge", "--older-than", "1"]])
def test_read_only_commands_refuse_a_database_that_does_not_exist(argv, tmp_path, capsys):
    """A typo in --db is not a new, empty database: one line naming it, exit 2, and no
    folder or file left behind; a file that is not a formsift database is refused too."""
    from formsift.cli import main

    typo = tmp_path / "typo" / "x.db"
    assert main([*argv, "--db", f"sqlite:///{typo}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"formsift: error: no database at {typo} ") and err.count("\n") == 1
    assert not typo.parent.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main([*argv, "--db", f"sqlite:///{empty}"]) == 2
    assert "holds no formsift database" in capsys.readouterr().err


def test_a_read_only_command_refuses_an_empty_postgres_database(pg_url, capsys):
    from formsift.cli import main

    assert main(["keys", "list", "--db", pg_url]) == 2
    assert "holds no formsift database" in capsys.readouterr().err
    assert main(["keys", "create", "first", "--db", pg_url]) == 0  # create may create it
    capsys.readouterr()
    assert main(["keys", "list", "--db", pg_url]) == 0
    assert "first" in capsys.readouterr().out


def test_audit_export_refuses_an_unknown_action(tmp_path, capsys):
    from formsift.cli import main

    db = ["--db", f"sqlite:///{tmp_path / 'a.db'}"]
    assert main(["keys", "create", "k", *db]) == 0
    capsys.readouterr()
    assert main(["audit", "export", "--action", "nosuch", *db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("formsift: error: unknown action 'nosuch' (known: extract, ") and \
        "review.submit" in err and err.count("\n") == 1


def test_in_memory_sqlite_for_tests():
    from formsift.service.auth import create_key
    from formsift.service.storage import Store

    store = Store("sqlite://")
    _key, row = create_key(store, "memory")
    assert store.get_key(row["id"])["name"] == "memory" and store.revision == "0006"
    store.close()


def test_serve_maps_its_flags_to_the_service_settings(tmp_path, monkeypatch):
    import uvicorn

    from formsift.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    from tests.service.conftest import free_port

    monkeypatch.delenv("FORMSIFT_WEBHOOK_ALLOW_PRIVATE", raising=False)
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    port = free_port()
    assert main(["--block", "nothing", "serve", "--db", db, "--port", str(port),
                 "--workers", "3", "--max-upload-mb", "2", "--sync-max-mb", "4",
                 "--max-pages", "7", "--timeout", "9", "--job-timeout", "90",
                 "--zero-retention", "--claim-minutes", "2", "--job-lease", "30"]) == 0
    cfg = seen["app"].state.service.config
    assert (seen["host"], seen["port"]) == ("127.0.0.1", port)
    assert cfg.job_timeout_s == 90 and not cfg.webhook_allow_private
    assert main(["serve", "--db", db, "--port", str(port), "--webhook-allow-private"]) == 0
    assert seen["app"].state.service.config.webhook_allow_private
    assert cfg.db_url == db and cfg.workers == 3 and cfg.max_pages == 7
    assert cfg.max_upload_bytes == 2 * 1024 * 1024 == cfg.sync_max_bytes  # sync <= upload
    assert cfg.timeout_s == 9 and cfg.zero_retention and cfg.claim_ttl_s == 120
    assert cfg.auth and cfg.block_plugins == ["nothing"] and cfg.job_lease_s == 30
    assert (tmp_path / "serve.db").exists()  # migrated before serving
    monkeypatch.setenv("FORMSIFT_JOB_LEASE_S", "45")
    assert main(["serve", "--db", db, "--port", str(port)]) == 0
    assert seen["app"].state.service.config.job_lease_s == 45  # the flag's default


def test_serve_names_the_flag_of_a_bad_job_lease(tmp_path, capsys):
    from formsift.cli import main
    from tests.service.conftest import free_port

    db = f"sqlite:///{tmp_path / 'serve.db'}"
    for bad in ("0.5", "inf", "1e12"):  # the review: inf and 1e12 made every job a 500
        assert main(["serve", "--db", db, "--port", str(free_port()), "--job-lease", bad]) == 2
        assert "invalid --job-lease" in capsys.readouterr().err


def test_the_same_document_saved_concurrently_is_stored_once(store):
    """Found by benchmarks/bench_service.py: two uploads of the same bytes at once."""
    from concurrent.futures import ThreadPoolExecutor

    data = b"%PDF-1.4 same bytes"
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.save_document("sha256:same", f"copy-{i}.pdf", data),
                      range(16)))
    assert store.document("sha256:same")[1] == data
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1


def test_purge_keeps_what_review_and_jobs_still_need(tmp_path, capsys):
    from formsift.cli import main
    from formsift.service.storage import Store, utcnow

    url = f"sqlite:///{tmp_path / 'purge.db'}"
    store = Store(url)
    for name in ("done", "in-review", "queued"):
        store.save_document(f"sha256:{name}", f"{name}.pdf", b"%PDF " + name.encode())
    store.add_record({"document_id": "sha256:in-review", "source": "in-review.pdf",
                      "template": "invoice", "status": "review"}, api_key_id=None)
    store.add_record({"document_id": "sha256:done", "source": "done.pdf",
                      "template": "invoice", "status": "accepted"}, api_key_id=None)
    store.add_job(source="queued.pdf", document_hash="sha256:queued", template=None,
                  callback_url=None, api_key_id=None)
    assert store.purge_documents(utcnow(), dry_run=True) == 1
    store.close()
    assert main(["documents", "purge", "--older-than", "0", "--db", url]) == 0
    assert "deleted 1 document(s)" in capsys.readouterr().err
    store = Store(url)
    assert store.document("sha256:done") is None
    assert store.document("sha256:in-review") and store.document("sha256:queued")
    assert store.count_by_status("records") == {"review": 1, "accepted": 1}  # records stay
    assert [e["details"]["deleted"] for e in store.audit_events(action="documents.purge")] == [1]
    store.close()


def test_serve_says_when_it_creates_a_new_database(tmp_path, capsys, monkeypatch):
    """A mistyped --db path quietly started a fresh, empty database: every client then got
    401 and no job was resumed, with nothing saying why."""
    import uvicorn

    from formsift.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)  # start-up only
    db = tmp_path / "sub" / "dir" / "x.db"
    args = ["serve", "--db", f"sqlite:///{db}", "--data-dir", str(tmp_path), "--workers", "1"]
    assert main(args) == 0
    assert f"created a new, empty database at {db}" in capsys.readouterr().err
    assert main(args) == 0
    assert "created a new" not in capsys.readouterr().err


@pytest.fixture(autouse=True)
def _service_log_as_it_was():
    """``formsift serve`` run here sets up the service's logger (a stderr handler, its
    level): the tests after these see it as it was."""
    import logging

    logger = logging.getLogger("formsift.service")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_the_start_says_what_it_loads_and_how_long_it_took(tmp_path, caplog):
    """The service took 25-40 s to start with nothing said: an operator could not tell a
    slow start from a hung one. Each step is logged with its time: the templates and
    plugins, the database, the workers (each with its own steps), then ready."""
    import logging
    import re

    from tests.service.conftest import serve

    with caplog.at_level(logging.INFO, logger="formsift.service"), \
            serve(db_url=f"sqlite:///{tmp_path / 'start.db'}", data_dir=tmp_path,
                  auth=False):
        pass
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "formsift.service")
    assert re.search(r"loaded \d+ template\(s\) \(\w.*\), \d+ packet template\(s\) and "
                     r"\d+ plugin component\(s\) in \d+\.\d s", said), said
    assert re.search(r"database \(sqlite\) at schema revision \d+ in \d+\.\d s", said)
    assert "starting 1 extraction worker process(es)" in said
    assert re.search(r"worker process \d+ ready in \d+\.\d s \(templates and plugins "
                     r"\d+\.\d s, loaders \d+\.\d s", said), said
    assert re.search(r"1 worker\(s\) ready in \d+\.\d s", said)


def test_formsift_serve_shows_the_start_up_log(tmp_path, capsys, monkeypatch):
    """uvicorn sets up only its own loggers: the service's info messages went nowhere."""
    import uvicorn

    from formsift.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)  # up to the server's start
    args = ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--data-dir", str(tmp_path)]
    assert main(args) == 0
    assert "formsift: loaded" in capsys.readouterr().err
    assert main([*args, "--log-level", "warning"]) == 0
    assert "formsift: loaded" not in capsys.readouterr().err
