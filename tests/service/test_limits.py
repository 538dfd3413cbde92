"""Processing-time limit (the worker is killed and replaced) and zero retention (no
document bytes on disk or in the database)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.service.conftest import serve, wait_for
from tests.service.documents import invoice


def test_timeout_answers_422_and_the_worker_is_replaced(tmp_path):
    """Over the time limit: a 4xx with a machine-readable code and the way out (a job,
    which has a limit of its own); the worker is killed and replaced."""
    from formsift.samples import encode_png, render_scan

    pdf, truth = invoice(6)
    scan = encode_png(render_scan(pdf, dpi=200, seed=6)[0])  # OCR: many seconds
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path,
               timeout_s=0.2) as svc, svc.client(svc.key()) as api:
        # OCR of a page (models loaded on first use) takes far longer than 0.2 s
        resp = api.post("/v1/extract?template=invoice", content=scan)
        assert resp.status_code == 422, resp.text
        error = resp.json()["error"]
        assert error["code"] == "processing_timeout" and "POST /v1/jobs" in error["message"]
        assert svc.service.pool.restarts == 1
        # jobs have their own limit: a generous one for waiting clients, a short one here
        svc.service.config = svc.service.config.model_copy(
            update={"timeout_s": 120.0, "job_timeout_s": 0.2})
        job_id = api.post("/v1/jobs?template=invoice", content=scan).json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"]
                       == "failed" and j)
        assert job["error"]["code"] == "processing_timeout"
        assert "--job-timeout" in job["error"]["message"]
        ok = api.post("/v1/extract?template=invoice", content=pdf)  # a fresh worker
        assert ok.status_code == 200, ok.text
        assert ok.json()["result"]["fields"]["total"]["value"] == truth["total"]
        assert svc.service.pool.restarts == 2
        assert "formsift_worker_restarts 2.0" in api.get("/metrics").text


def _marked_invoice() -> tuple[bytes, str]:
    """An invoice with a unique footer line that no field extracts."""
    import pymupdf

    pdf, _ = invoice(7)
    marker = "RETENTIONPROBE" + uuid.uuid4().hex[:10].upper()
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    doc[0].insert_text((60, 825), f"Reference {marker}", fontsize=8, fontname="helv")
    data = doc.tobytes(deflate=False)  # the marker stays readable in the bytes
    doc.close()
    return data, marker


def _job_left_by_a_previous_process(url: str, retained: bool) -> str:
    """A job queued by a service that stopped before running it (its document stored
    only when documents are retained)."""
    from formsift.core.document import content_id
    from formsift.service.storage import Store

    pdf, _ = invoice(8)
    store = Store(url)
    if retained:
        store.save_document(content_id(pdf), "left-over.pdf", pdf)
    job_id = store.add_job(source="left-over.pdf", document_hash=content_id(pdf),
                           template="invoice", callback_url=None, api_key_id="anonymous")
    store.close()
    return job_id


def _database_dump(url: str) -> list[bytes]:
    from formsift.service.storage import connect

    engine = connect(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    out = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(table.select()):
                for value in row:
                    out.append(bytes(value) if isinstance(value, (bytes, memoryview))
                               else str(value).encode())
    engine.dispose()
    return out


def _files(*roots: Path) -> list[Path]:
    return [p for root in roots for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("zero_retention", [True, False])
def test_zero_retention_writes_no_document_bytes(db_url, tmp_path, monkeypatch,
                                                 zero_retention):
    """With zero retention no byte of the document reaches the database or a file; the
    same inspection without it finds the document (so the inspection can see it)."""
    if not zero_retention and "postgresql" in db_url:
        pytest.skip("the contrast run on SQLite suffices")
    tmp = tmp_path / "tmp"
    data_dir = tmp_path / "data"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))  # the service and its workers
    monkeypatch.setattr(tempfile, "tempdir", None)
    pdf, marker = _marked_invoice()
    probe = pdf[len(pdf) // 2: len(pdf) // 2 + 48]
    url = db_url.replace("formsift.db", f"zr-{zero_retention}.db")
    left_over = _job_left_by_a_previous_process(url, retained=not zero_retention)
    with serve(db_url=url, data_dir=data_dir, zero_retention=zero_retention) as svc, \
            svc.client(svc.key()) as api:
        resumed = wait_for(lambda: (j := api.get(f"/v1/jobs/{left_over}").json())["status"]
                           in ("done", "failed") and j)
        if zero_retention:  # its document was never stored: it cannot run again
            assert resumed["error"]["code"] == "lost_on_restart"
        else:
            assert resumed["status"] == "done" and resumed["result"]["template"] == "invoice"
        sync = api.post("/v1/extract?template=invoice&filename=probe.pdf", content=pdf)
        assert sync.status_code == 200, sync.text
        job = api.post("/v1/jobs?template=invoice", content=pdf).json()
        wait_for(lambda: api.get(f"/v1/jobs/{job['job_id']}").json()["status"] == "done")
        image = api.get(f"/v1/records/{sync.json()['record_id']}/pages/1")
        assert (image.status_code == 404) == zero_retention
        record = api.get(f"/v1/records/{sync.json()['record_id']}").json()
        assert record["document_retained"] is not zero_retention
        # split into documents (a packet of one here): their records and the packet too
        split = api.post("/v1/extract?split=true&filename=probe.pdf", content=pdf)
        assert split.status_code == 200, split.text
        (document,) = split.json()["packet"]["documents"]
        assert document["template"] == "invoice"
        job = api.post("/v1/jobs?split=true", content=pdf).json()
        wait_for(lambda: api.get(f"/v1/jobs/{job['job_id']}").json()["status"] == "done")
        image = api.get(f"/v1/records/{document['record_id']}/pages/1")
        assert (image.status_code == 404) == zero_retention
    dump = b"\n".join(_database_dump(url))
    assert dump, "the database dump is empty: the check would prove nothing"
    assert (probe in dump) is not zero_retention
    if zero_retention:
        assert marker.encode() not in dump
        files = _files(tmp, data_dir)
        for path in files:
            content = path.read_bytes()
            assert probe not in content and marker.encode() not in content, path
        assert not data_dir.exists() or not any(data_dir.iterdir())
