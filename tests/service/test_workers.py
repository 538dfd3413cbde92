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
