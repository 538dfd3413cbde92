"""Jobs with several service processes on one database: a job is held by one process at a
time (an owner and a lease), renewed while it works; a job whose lease ran out is taken
over; a process that lost a job does not overwrite the new holder's result. Two service
apps in this test process stand for two processes (each has its own owner id)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
import sqlalchemy as sa

from tests.service.conftest import fresh_database, serve, wait_for
from tests.service.documents import invoice

LEASE = 2.0  # seconds: short, so that a lease runs out within a test
HELD = 12.0  # seconds left on the lease of a process that was killed


@pytest.fixture(params=["sqlite", "postgres"])
def shared_db(request, tmp_path):
    """One database for two service processes, fresh for each test: an SQLite file, or a
    PostgreSQL schema."""
    yield from fresh_database(request.param, tmp_path / "shared.db")


def hold_in_worker(service) -> threading.Event:
    """From now on, documents of ``service``'s jobs stop once a worker has taken them (the
    job is ``running``), until the event returned is set: an extraction that takes long.
    (A wait the service's stop can cancel.)"""
    gate = threading.Event()
    pool = service.pool
    run = pool.run

    async def slow_run(task, timeout, on_start=None):
        async def started():
            if on_start is not None:
                await on_start()
            while not gate.is_set():
                await asyncio.sleep(0.05)

        return await run(task, timeout, started)

    pool.run = slow_run
    return gate


def _job_rows(url: str) -> tuple[dict, dict, dict]:
    """Per job id: its records, its extraction audit events, and its row."""
    from formsift.service.storage import connect

    engine = connect(url)
    try:
        with engine.connect() as conn:
            records: dict = {}
            for job_id, record_id in conn.execute(sa.text(
                    "SELECT job_id, id FROM records WHERE job_id IS NOT NULL")):
                records.setdefault(job_id, []).append(record_id)
            events: dict = {}
            for job_id, action in conn.execute(sa.text(
                    "SELECT job_id, action FROM audit_events WHERE job_id IS NOT NULL")):
                events.setdefault(job_id, []).append(action)
            jobs = {r["id"]: dict(r) for r in conn.execute(
                sa.text("SELECT * FROM jobs")).mappings()}
    finally:
        engine.dispose()
    return records, events, jobs


def _status(api, job_id: str) -> str:
    return api.get(f"/v1/jobs/{job_id}").json()["status"]


def test_a_job_is_run_once_by_two_processes_on_one_database(shared_db, tmp_path):
    """A second process started on the database while the first one's jobs were queued
    and running took every one of them as left over and ran it again: two records, two
    audit events and two webhooks per job. Now it leaves them to the process that holds
    them, which renews its leases while it works (here for more than twice the lease)."""
    settings = {"db_url": shared_db, "data_dir": tmp_path, "job_lease_s": LEASE}
    with serve(**settings) as a, a.client(a.key()) as api:
        gate = hold_in_worker(a.service)
        ids = [api.post("/v1/jobs?template=invoice", content=invoice(seed)[0])
               .json()["job_id"] for seed in (11, 12, 13)]
        wait_for(lambda: _status(api, ids[0]) == "running")
        with serve(**settings) as b:
            time.sleep(2.5 * LEASE)  # b looks for jobs to take every LEASE / 3
            assert b.service.jobs.pending == 0
            assert [_status(api, i) for i in ids] == ["running", "queued", "queued"]
            gate.set()
            for job_id in ids:
                _wait_done(api, job_id)
            wait_for(lambda: b.service.jobs.pending == 0)
        assert a.service.jobs.pending == 0
    records, events, jobs = _job_rows(shared_db)
    for job_id in ids:
        assert len(records[job_id]) == 1, (job_id, records[job_id])
        assert sorted(events[job_id]) == ["extract", "job.submit"]
        assert jobs[job_id]["record_id"] == records[job_id][0]
        assert jobs[job_id]["lease_until"] is None  # done: nobody holds it


def test_a_job_whose_lease_ran_out_is_taken_over_and_the_late_finisher_writes_nothing(
        shared_db, tmp_path, monkeypatch):
    """Process a takes two jobs (one in its worker, one waiting for it) and stalls (it
    stops renewing its leases, as a process that died or lost the database would); once
    the leases have run out, process b takes both over and runs them. When a goes on after
    all, the result of the job its worker had is discarded, and the other job is dropped
    before a worker gets it: each job keeps b's record, and has one record and one audit
    event."""
    settings = {"db_url": shared_db, "data_dir": tmp_path, "job_lease_s": LEASE}
    docs = [invoice(14), invoice(19)]
    with serve(**settings) as a, a.client(a.key()) as api:
        gate = hold_in_worker(a.service)
        ids = [api.post("/v1/jobs?template=invoice", content=pdf).json()["job_id"]
               for pdf, _ in docs]
        wait_for(lambda: _status(api, ids[0]) == "running")
        # a stops renewing: its leases run out (its worker still has the first document)
        monkeypatch.setattr(a.service.store, "renew_job_leases",
                            lambda owner, ids, lease_s: set(), raising=False)
        with serve(**settings) as b:
            taken = time.monotonic()
            done = [_wait_done(api, job_id) for job_id in ids]
            assert b.service.jobs.pending == 0
        for job, (_, truth) in zip(done, docs, strict=True):
            assert job["result"]["fields"]["total"]["value"] == truth["total"]
        gate.set()  # a goes on
        wait_for(lambda: a.service.jobs.pending == 0)
        jobs = [api.get(f"/v1/jobs/{job_id}").json() for job_id in ids]
        # a's worker extracted the first document only
        assert _job_extractions(api) == 1
    assert time.monotonic() - taken < 30
    records, events, _ = _job_rows(shared_db)
    for job_id, before, after in zip(ids, done, jobs, strict=True):
        assert after["status"] == "done" and after["record_id"] == before["record_id"]
        assert records[job_id] == [before["record_id"]]
        assert sorted(events[job_id]) == ["extract", "job.submit"]


def _wait_done(api, job_id: str, timeout: float = 120) -> dict:
    """The job once done; its state when it is not done in time."""
    deadline = time.monotonic() + timeout
    while True:
        job = api.get(f"/v1/jobs/{job_id}").json()
        if job["status"] == "done":
            return job
        assert time.monotonic() < deadline, {k: job.get(k) for k in (
            "job_id", "status", "started_at", "error")}
        time.sleep(0.1)


def _job_extractions(api) -> float:
    """Documents of jobs a service's workers extracted (its metrics)."""
    import re

    text = api.get("/metrics").text
    return sum(float(m.group(1)) for m in re.finditer(
        r'^formsift_extractions_total\{[^}]*mode="job"[^}]*\} (\S+)$', text, re.M))


def test_a_lease_that_has_not_run_out_is_waited_for(shared_db, tmp_path):
    """A job left held by a process that was killed (its lease still running) is not
    taken at once by the next start, but as soon as the lease runs out; a job left
    without an owner (a process that stopped cleanly, or a database from before leases)
    is taken at once."""
    from formsift.core.document import content_id
    from formsift.service.storage import Store

    store = Store(shared_db)
    ids = {}
    for name, seed, owner in (("held", 15, "killed-host:1:dead"), ("free", 16, None)):
        pdf, _ = invoice(seed)
        store.save_document(content_id(pdf), f"{name}.pdf", pdf)
        ids[name] = store.add_job(source=f"{name}.pdf", document_hash=content_id(pdf),
                                  template="invoice", callback_url=None, api_key_id=None,
                                  owner=owner, lease_s=HELD if owner else None)
    leased = time.monotonic()
    store.update_job(ids["held"], status="running")
    store.close()
    with serve(db_url=shared_db, data_dir=tmp_path, job_lease_s=LEASE, auth=False) as svc, \
            svc.client() as api:
        wait_for(lambda: _status(api, ids["free"]) == "done")
        if time.monotonic() - leased < HELD - 1:  # (else a slow start: nothing to see)
            assert _status(api, ids["held"]) == "running"
        wait_for(lambda: _status(api, ids["held"]) == "done")
        assert time.monotonic() - leased >= HELD - 0.5
        _, _, jobs = _job_rows(shared_db)
        assert jobs[ids["held"]]["owner"] == svc.service.jobs.owner


def test_a_clean_stop_releases_the_jobs_for_the_next_start(shared_db, tmp_path):
    """A process that stops gives its unfinished jobs back: the next start (with another
    owner id) runs them at once, without waiting for the lease."""
    settings = {"db_url": shared_db, "data_dir": tmp_path, "job_lease_s": 600}
    with serve(**settings) as a, a.client(a.key()) as api:
        hold_in_worker(a.service)  # never let go: the job is running when a stops
        job_id = api.post("/v1/jobs?template=invoice", content=invoice(17)[0]) \
            .json()["job_id"]
        wait_for(lambda: _status(api, job_id) == "running")
        key = a.key("second")
    _, _, jobs = _job_rows(shared_db)
    assert jobs[job_id]["owner"] is None and jobs[job_id]["status"] == "queued"
    with serve(**settings) as b, b.client(key) as api:
        wait_for(lambda: _status(api, job_id) == "done", timeout=60)
    records, _, _ = _job_rows(shared_db)
    assert len(records[job_id]) == 1


# ---------------------------------------------------------------------- the store
@pytest.fixture
def two_stores(shared_db):
    from formsift.service.storage import Store

    one, two = Store(shared_db), Store(shared_db)
    yield one, two
    one.close()
    two.close()


def test_of_processes_claiming_one_job_at_once_one_gets_it(two_stores):
    one, two = two_stores
    job_id = one.add_job(source="a.pdf", document_hash="sha256:a", template=None,
                         callback_url=None, api_key_id=None)
    barrier = threading.Barrier(8)
    got: list = []

    def claim(store, owner):
        barrier.wait()
        got.append((owner, store.claim_job(job_id, owner, 60)))

    threads = [threading.Thread(target=claim, args=((one, two)[i % 2], f"p{i}"))
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [owner for owner, job in got if job is not None]
    assert len(winners) == 1
    assert one.job(job_id)["owner"] == winners[0]
    assert two.claim_job(job_id, "late", 60) is None  # held, lease running
    assert not two.claimable_jobs(extractions=10, deliveries=10)


def test_only_the_holder_writes_a_jobs_outcome(two_stores):
    """A process that lost a job writes nothing: no record, no audit event, no state."""
    one, two = two_stores
    job_id = one.add_job(source="a.pdf", document_hash="sha256:b", template="invoice",
                         callback_url=None, api_key_id=None, owner="first", lease_s=60)
    one.update_job(job_id, lease_until=one.job(job_id)["lease_until"] - _minutes(2))
    assert two.claim_job(job_id, "second", 60)["status"] == "queued"
    assert one.renew_job_leases("first", {job_id}, 60) == {job_id}  # lost
    assert not one.start_job(job_id, "first", 60)
    result = {"document_id": "sha256:b", "source": "a.pdf", "template": "invoice",
              "status": "accepted", "reasons": []}
    event = {"actor": "t", "action": "extract", "job_id": job_id}
    assert one.finish_job(job_id, result, lambda r: event, None, "first") is None
    assert not one.fail_job(job_id, "first", "input_error", "late", event)
    assert one.job(job_id)["status"] == "queued"
    assert list(one.audit_events(record_id=None)) == []
    assert two.start_job(job_id, "second", 60)
    record_id, _ = two.finish_job(job_id, result, lambda r: event, None, "second")
    job = two.job(job_id)
    assert job["status"] == "done" and job["record_id"] == record_id
    assert job["lease_until"] is None and job["owner"] == "second"


def test_released_jobs_are_free_and_running_ones_queued_again(two_stores):
    one, two = two_stores
    job_id = one.add_job(source="a.pdf", document_hash="sha256:c", template=None,
                         callback_url="https://example.org/hook", api_key_id=None,
                         owner="first", lease_s=600)
    assert one.start_job(job_id, "first", 600)
    assert two.claim_job(job_id, "second", 60) is None
    assert one.release_jobs("first") == 1
    job = two.claim_job(job_id, "second", 60)
    assert job["status"] == "queued" and job["started_at"] is None
    # a finished job whose webhook is still to be delivered stays held until it is
    assert two.fail_job(job_id, "second", "input_error", "unreadable")
    assert two.job(job_id)["lease_until"] is not None
    assert two.end_webhook(job_id, "second", "delivered")
    assert two.job(job_id)["lease_until"] is None
    assert not one.claimable_jobs(extractions=10, deliveries=10)


def _minutes(n: int):
    from datetime import timedelta

    return timedelta(minutes=n)


def test_a_database_from_before_leases_is_upgraded_and_its_jobs_run(tmp_path):
    """Migration 0004 adds the owner and the lease to existing jobs; a job queued before
    the upgrade has no owner and is taken at once."""
    from alembic import command
    from alembic.config import Config

    from formsift.core.document import content_id
    from formsift.service.storage import MIGRATIONS, connect, utcnow

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = connect(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    pdf, truth = invoice(18)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO documents (hash, name, size, data, created_at) "
                             "VALUES (:h, 'old.pdf', :n, :d, :t)"),
                     {"h": content_id(pdf), "n": len(pdf), "d": pdf, "t": utcnow()})
        conn.execute(sa.text("INSERT INTO jobs (id, created_at, status, source, "
                             "document_hash, template) VALUES ('old-job', :t, 'running', "
                             "'old.pdf', :h, 'invoice')"), {"t": utcnow(), "h": content_id(pdf)})
    engine.dispose()
    with serve(db_url=url, data_dir=tmp_path, auth=False) as svc, svc.client() as api:
        assert api.get("/health").json()["schema_revision"] == "0006"
        job = wait_for(lambda: (j := api.get("/v1/jobs/old-job").json())["status"] == "done"
                       and j)
    assert job["result"]["fields"]["total"]["value"] == truth["total"]


def test_the_lease_is_set_from_the_environment(monkeypatch):
    from formsift.service.config import ServiceConfig

    assert ServiceConfig().job_lease_s == 60
    monkeypatch.setenv("FORMSIFT_JOB_LEASE_S", "15")
    assert ServiceConfig().job_lease_s == 15
    monkeypatch.setenv("FORMSIFT_JOB_LEASE_S", "a minute")
    with pytest.raises(ValueError, match="FORMSIFT_JOB_LEASE_S='a minute': not a number"):
        ServiceConfig()
    monkeypatch.setenv("FORMSIFT_JOB_LEASE_S", "0.1")
    with pytest.raises(ValueError, match=r"FORMSIFT_JOB_LEASE_S='0\.1': from 1 to 86400 s"):
        ServiceConfig()
    monkeypatch.setenv("FORMSIFT_JOB_LEASE_S", "inf")  # every job answered 500
    with pytest.raises(ValueError, match=r"FORMSIFT_JOB_LEASE_S='inf': from 1 to 86400 s"):
        ServiceConfig()
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        ServiceConfig(job_lease_s=0.5)
