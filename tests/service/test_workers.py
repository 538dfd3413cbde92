"""Service workers start with whatever loaders are installed."""

from __future__ import annotations


def test_workers_warm_up_without_the_pdf_loader():
    """PyMuPDF is AGPL: a deployment may block the `pdf` loader and install another. The
    workers' warm-up used to extract a PDF directly, so with `pdf` blocked they never
    became ready."""
    from formsift.core.engine import Engine
    from formsift.service.workers import _warm_up

    engine = Engine(block=["pdf"])
    assert "pdf" not in engine.registry.of_kind("loader")
    _warm_up(engine, ocr=False)  # no exception: the worker reports ready
    assert engine.templates  # the templates were compiled before the first request


def test_a_worker_that_died_idle_is_replaced_before_it_is_given_a_document(tmp_path):
    """A worker killed while idle (out of memory, an operator's kill) answered the next
    request with 500 worker_crashed, charged to a healthy document; /health still counted
    it. And a stop signal sent to the whole process group (systemd, docker) killed the
    workers in the middle of their documents, which then failed for good."""
    import os
    import signal
    import time

    from tests.service.conftest import serve
    from tests.service.documents import invoice

    pdf, truth = invoice(1)
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client(svc.key()) as api:
        pool = svc.service.pool
        (worker,) = pool._all
        os.kill(worker.process.pid, signal.SIGTERM)  # ignored: the server stops workers
        time.sleep(0.5)
        assert worker.process.poll() is None
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait(10)
        assert api.get("/health").json()["workers"] == 0
        resp = api.post("/v1/extract?template=invoice", content=pdf)
        assert resp.status_code == 200, resp.text
        assert resp.json()["result"]["fields"]["total"]["value"] == truth["total"]
        assert pool.restarts == 1
        health = api.get("/health").json()
        assert health["workers"] == health["workers_configured"] == 1


def test_the_spec_declares_the_services_own_validation_error_body():
    """/openapi.json declared FastAPI's HTTPValidationError ({"detail": [...]}) for 422,
    while the service answers {"error": {"code": "invalid_request", ...}}: generated
    clients misparsed it."""
    import json

    from formsift.service import ServiceConfig, create_app

    spec = create_app(ServiceConfig(db_url="sqlite://", workers=1)).openapi()
    assert "HTTPValidationError" not in json.dumps(spec)
    answer = spec["paths"]["/v1/review/queue"]["get"]["responses"]["422"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


def test_a_failing_start_callback_gives_the_worker_back():
    """When marking a job 'running' failed (a locked database), the worker had been taken
    and was never given back: the next documents waited forever."""
    import asyncio

    import pytest

    from formsift.service.workers import WorkerPool, WorkerSettings
    from tests.service.documents import invoice

    async def scenario() -> dict:
        pool = WorkerPool(1, WorkerSettings(warm_ocr=False))
        await pool.start()
        try:
            async def boom() -> None:
                raise RuntimeError("database is locked")

            task = {"op": "extract", "data": invoice(1)[0], "name": "a.pdf",
                    "template": "invoice", "strip_words": True}
            with pytest.raises(RuntimeError, match="database is locked"):
                await pool.run(task, 60, boom)
            return await asyncio.wait_for(pool.run(task, 60), 60)
        finally:
            await pool.close()

    reply = asyncio.run(scenario())
    assert reply["ok"], reply


def test_two_copies_of_one_file_finishing_together_give_one_accepted_record(tmp_path):
    """The check for an earlier record and the insert were separate transactions: two
    copies finishing at the same moment were both accepted."""
    import threading

    from formsift.service.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    result = {"document_id": "sha256:abc", "source": "a.pdf", "template": "invoice",
              "status": "accepted", "reasons": []}
    barrier = threading.Barrier(4)
    saved: list[dict] = []

    def save() -> None:
        barrier.wait()
        saved.append(store.save_extraction(dict(result), lambda r: {"actor": "t",
                                                                     "action": "extract"},
                                           None)[1])

    threads = [threading.Thread(target=save) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    assert sorted(r["status"] for r in saved) == ["accepted", "review", "review", "review"]


def test_workers_do_not_import_modules_from_the_folder_the_service_runs_in(tmp_path,
                                                                            monkeypatch):
    """A worker is `python -m formsift.service.workers`, and `-m` puts the current folder
    first on sys.path: a `json.py` or `concurrent.py` in the folder `formsift serve` was
    started in ran in every worker and broke start-up ("extraction workers failed to
    start"). Workers no longer look there."""
    import asyncio

    from formsift.service.workers import WorkerPool, WorkerSettings
    from tests.service.documents import invoice

    hostile = tmp_path / "json.py"
    hostile.write_text("import os, sys\nopen(os.path.join(os.path.dirname(__file__), "
                       "'ran'), 'w').close()\nsys.exit('json.py of the current folder')\n")
    (tmp_path / "concurrent.py").write_text(hostile.read_text())
    monkeypatch.chdir(tmp_path)
    pdf, truth = invoice(1)

    async def run():
        pool = WorkerPool(1, WorkerSettings(warm_ocr=False))
        await pool.start()
        try:
            return await pool.run({"op": "extract", "data": pdf, "name": "inv.pdf",
                                   "template": "invoice"}, 120)
        finally:
            await pool.close()

    reply = asyncio.run(run())
    assert not (tmp_path / "ran").exists()
    assert reply["ok"], reply
    assert reply["result"]["fields"]["total"]["value"] == truth["total"]


def test_workers_that_cannot_start_stop_the_server_with_one_line(tmp_path):
    """A worker that could not start (here its interpreter exits at once, as one out of
    memory or with a broken environment would) stopped `formsift serve` with the traceback
    of the service's lifespan: it now says so in one line, and exits non-zero."""
    import os
    import subprocess
    import sys

    from tests.service.conftest import free_port

    site = tmp_path / "site"
    site.mkdir()
    # only the worker processes (their last argument is the settings, as JSON) die
    (site / "sitecustomize.py").write_text(
        "import os, sys\n"
        "if sys.argv and sys.argv[-1].startswith('{') and 'warm_ocr' in sys.argv[-1]:\n"
        "    os._exit(1)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(site), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run(
        [sys.executable, "-m", "formsift", "serve", "--no-auth", "--workers", "1",
         "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "--data-dir", str(tmp_path),
         "--port", str(free_port())],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "formsift: extraction workers failed to start: a worker process exited" \
        in done.stderr
