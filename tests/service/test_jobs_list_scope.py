"""``GET /v1/jobs`` for a key limited to some templates: the jobs it may read
(``GET /v1/jobs/{id}``), and no others, left out by the query, not read one by one (a key
limited to receipts among 15,000 invoice jobs took 20 s for a page of 100, 86 s for one)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.service.conftest import serve

_clock = itertools.count()


@pytest.fixture(scope="module")
def svc(db_url, tmp_path_factory):
    with serve(db_url=db_url, data_dir=tmp_path_factory.mktemp("data")) as running:
        yield running


def _key(svc, name, templates, roles):
    from formsift.service.auth import create_key

    key, row = create_key(svc.service.store, name, templates, roles)
    return key, row


def _job(store, sender, *, template=None, record=None, split=None, packet=None):
    """A finished job of ``sender``, newer than those before it: with a record of the
    template ``record`` (one document), or a packet of documents of the templates in
    ``packet`` (split; None: no packet yet)."""
    from formsift.service import tables as T
    from formsift.service.storage import new_id, utcnow

    job_id = new_id()
    at = utcnow() + timedelta(seconds=next(_clock))
    blank = {"created_at": at, "document_hash": "sha256:0", "source": "x.pdf",
             "status": "accepted", "api_key_id": sender}
    record_id = packet_id = None
    with store.engine.begin() as c:
        if record is not None:
            record_id = new_id()
            c.execute(T.records.insert().values(
                id=record_id, template=record, extracted_status="accepted", result={},
                original={}, job_id=job_id, **blank))
        if packet is not None:
            packet_id = new_id()
            documents = []
            for template in packet:
                documents.append({"template": template, "record_id": new_id(), "pages": [1]})
                c.execute(T.records.insert().values(
                    id=documents[-1]["record_id"], template=template,
                    extracted_status="accepted", result={}, original={}, job_id=job_id,
                    packet_id=packet_id, **blank))
            c.execute(T.packets.insert().values(id=packet_id, job_id=job_id,
                                                result={"documents": documents}, **blank))
        c.execute(T.jobs.insert().values(
            id=job_id, created_at=at, status="done", api_key_id=sender, source="x.pdf",
            document_hash="sha256:0", template=template, record_id=record_id,
            split=split, packet_id=packet_id))
    return job_id


def _listed(client, limit):
    """Every job of the listing, a page of ``limit`` at a time."""
    seen, after = [], None
    while True:
        resp = client.get("/v1/jobs", params={"limit": limit, **(
            {"after": after} if after else {})})
        assert resp.status_code == 200, resp.text
        seen += [j["job_id"] for j in resp.json()]
        if resp.headers["X-Has-More"] != "true":
            return seen
        after = resp.headers["X-Next-After"]


def test_a_limited_key_lists_the_jobs_it_may_read(svc):
    """Every kind of job, of the key and of another: a template named or classified, a
    split job with no packet yet, a packet of its templates, of another's, of both, of
    documents of no template, of no documents. The listing (one page, or pages of 1 and
    2) is the jobs ``GET /v1/jobs/{id}`` shows it, newest first."""
    from formsift.service.api import _job_view
    from formsift.service.auth import Principal

    store = svc.service.store
    key, row = _key(svc, "receipts-jobs", ["receipt"], ["audit", "extract"])
    _, other = _key(svc, "all-jobs", None, ["extract"])
    made = []
    for sender in (row["id"], other["id"]):
        for split in (None, False):
            made += [_job(store, sender, template="receipt", split=split),
                     _job(store, sender, template="invoice", split=split),
                     _job(store, sender, record="receipt", split=split),
                     _job(store, sender, record="invoice", split=split),
                     _job(store, sender, split=split)]  # failed: no record
        made += [_job(store, sender, split=True, packet=packet) for packet in (
            None, ["receipt"], ["receipt", "receipt"], ["invoice"], ["receipt", "invoice"],
            [None], ["receipt", None], [])]
    who = Principal(key_id=row["id"], name=row["name"], templates=tuple(row["templates"]),
                    roles=frozenset(row["roles"]))
    may = [j for j in made[::-1] if _job_view(store, who, store.job(j))[0]]
    assert 0 < len(may) < len(made)
    with svc.client(key) as c:
        for limit in (1000, 1, 2):
            assert [j for j in _listed(c, limit) if j in made] == may


def test_the_jobs_a_key_may_not_see_are_not_read_one_by_one(svc):
    """The statements a listing runs on records do not grow with the jobs the key
    cannot see (before: each was read, its record too, one statement each)."""
    store = svc.service.store
    key, _ = _key(svc, "receipts-only", ["receipt"], ["audit"])
    _, other = _key(svc, "invoices", ["invoice"], ["extract"])
    oldest = _job(store, other["id"], template="receipt")
    ran: list[str] = []

    def count(conn, cursor, statement, *args):
        if "records" in statement:
            ran.append(statement)

    counts = []
    with svc.client(key) as c:
        for _ in range(2):
            for _ in range(20):
                _job(store, other["id"], record="invoice")
            ran.clear()
            sa.event.listen(store.engine, "before_cursor_execute", count)
            try:
                resp = c.get("/v1/jobs", params={"limit": 1})
            finally:
                sa.event.remove(store.engine, "before_cursor_execute", count)
            assert [j["job_id"] for j in resp.json()] == [oldest]
            counts.append(len(ran))
    assert counts[0] == counts[1], counts
