"""Webhooks: callbacks into private networks are refused unless allowed (SSRF);
deliveries being retried survive a restart and never fill the job queue."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.service.conftest import serve, wait_for
from tests.service.documents import invoice

SECRET = "webhook-test-secret"


class _Receiver(BaseHTTPRequestHandler):
    """Answers ``status`` to every delivery; keeps what it got."""

    status = 500
    got: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.got = []
    _Receiver.status = 500
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost/hook",
                                 "http://[::1]/hook", "http://10.1.2.3/hook",
                                 "http://192.168.0.10/hook", "http://169.254.169.254/latest",
                                 "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook",
                                 "http://nosuchhost.invalid/hook"])
def test_callback_hosts_that_are_not_public_are_refused(url):
    from formsift.service.webhooks import CallbackRefused, check_callback

    with pytest.raises(CallbackRefused):
        asyncio.run(check_callback(url, allow_private=False))
    if "invalid" not in url and "169.254" not in url:  # link-local: refused always
        asyncio.run(check_callback(url, allow_private=True))


def test_a_public_callback_host_is_accepted():
    from formsift.service.webhooks import check_callback

    asyncio.run(check_callback("https://93.184.216.34/hook", allow_private=False))


def test_the_service_refuses_private_callbacks_by_default(db_url, tmp_path, receiver):
    with serve(db_url=db_url, data_dir=tmp_path, webhook_secret=SECRET) as svc, \
            svc.client(svc.key()) as api:
        assert svc.service.config.webhook_allow_private is False
        resp = api.post("/v1/jobs", params={"template": "invoice", "callback_url": receiver},
                        content=invoice(1)[0])
        assert resp.status_code == 422, resp.text
        error = resp.json()["error"]
        assert error["code"] == "callback_not_allowed"
        assert "127.0.0.1" in error["message"] and "FORMSIFT_WEBHOOK_ALLOW_PRIVATE" in \
            error["message"]
    assert not _Receiver.got


def test_the_delivery_checks_the_host_again(receiver):
    """A host that resolved to a public address at submission may not later: every attempt
    checks; a refused host is final (recorded, not retried)."""
    from formsift.service.webhooks import deliver

    rows: list[dict] = []
    outcome = asyncio.run(deliver(receiver, {"job_id": "x"}, secret=SECRET, attempts=3,
                                  backoff_s=0.01, timeout_s=5, record=lambda **r: rows.append(r)))
    assert not outcome.delivered and outcome.attempts == 1
    assert [r["attempt"] for r in rows] == [1] and "not a public address" in rows[0]["error"]
    assert not _Receiver.got


def test_a_delivery_being_retried_resumes_after_a_restart(db_url, tmp_path, receiver,
                                                          monkeypatch):
    """The receiver is down (500); the service stops between two attempts; the next start
    delivers with the attempts left. Meanwhile the retrying delivery is no queued job:
    with room for one job, a new job is still accepted."""
    from formsift.service.webhooks import verify_signature

    monkeypatch.setenv("FORMSIFT_WEBHOOK_ALLOW_PRIVATE", "1")  # the receiver is on loopback
    settings = {"db_url": db_url, "data_dir": tmp_path, "webhook_secret": SECRET,
                "webhook_attempts": 3, "max_queued_jobs": 1}
    pdf, truth = invoice(2)
    with serve(**settings, webhook_backoff_s=600) as svc, svc.client(svc.key()) as api:
        job_id = api.post("/v1/jobs", params={"template": "invoice", "callback_url": receiver},
                          content=pdf).json()["job_id"]
        wait_for(lambda: api.get(f"/v1/jobs/{job_id}").json()["deliveries"])
        assert svc.service.jobs.pending == 0  # waiting 600 s to retry, not a queued job
        assert api.get(f"/v1/jobs/{job_id}").json()["webhook_state"] == "pending"
        other = api.post("/v1/jobs?template=invoice", content=pdf)
        assert other.status_code == 202, other.text
        wait_for(lambda: api.get(f"/v1/jobs/{other.json()['job_id']}").json()["status"]
                 == "done")
    _Receiver.status = 200
    with serve(**settings, webhook_backoff_s=0.05) as svc, svc.client(svc.key()) as api:
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["deliveries"][-1]
                       ["delivered"] and j)
        # the job says so (it said nothing: given up or delivered, only the database knew)
        assert wait_for(lambda: api.get(f"/v1/jobs/{job_id}").json()["webhook_state"]
                        == "delivered")
    assert [(d["attempt"], d["status_code"]) for d in job["deliveries"]] == [(1, 500), (2, 200)]
    headers, body = _Receiver.got[-1]
    assert verify_signature(SECRET, headers["X-Formsift-Timestamp"], body,
                            headers["X-Formsift-Signature"])
    payload = json.loads(body)
    assert payload["job_id"] == job_id and payload["status"] == "done"
    assert payload["result"]["fields"]["total"]["value"] == truth["total"]
    assert len(_Receiver.got) == 2  # once per attempt: delivered ones are not resumed


def test_a_redirect_is_final_not_retried(receiver):
    """A receiver answering 302 got every attempt, as if it were down for a moment."""
    from formsift.service.webhooks import deliver

    _Receiver.status = 302
    rows: list[dict] = []
    outcome = asyncio.run(deliver(receiver, {"job_id": "x"}, secret=SECRET, attempts=3,
                                  backoff_s=0.01, timeout_s=5, allow_private=True,
                                  record=lambda **r: rows.append(r)))
    assert not outcome.delivered and outcome.attempts == 1
    assert [r["status_code"] for r in rows] == [302]


@pytest.mark.parametrize("env, message", [
    ({"FORMSIFT_WEBHOOK_ALLOW_PRIVATE": "maybe"},
     "FORMSIFT_WEBHOOK_ALLOW_PRIVATE='maybe': use 1/true/yes/on or 0/false/no/off"),
    ({"FORMSIFT_WEBHOOK_SECRET": "   "}, "FORMSIFT_WEBHOOK_SECRET is only spaces"),
])
def test_settings_from_the_environment_that_make_no_sense_are_errors(monkeypatch, env,
                                                                     message):
    """'maybe' quietly meant off, and a key of spaces signed webhooks."""
    from formsift.service.config import ServiceConfig

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ServiceConfig()


class _Waits:
    """``asyncio`` for the webhooks module: keeps the wait asked of each ``sleep`` between
    tries, and waits none of it."""

    def __init__(self):
        self.asked: list[float] = []

    def __getattr__(self, name):
        return getattr(asyncio, name)

    async def sleep(self, seconds):
        self.asked.append(seconds)
        await asyncio.sleep(0)


def test_a_webhook_sent_again_waits_between_tries_as_the_first_round(
        db_url, tmp_path, receiver, monkeypatch):
    """The receiver is down for two rounds of 3 attempts: the round sent again waits
    backoff, then twice as long, as the first (before: its attempts 4, 5 waited
    backoff * 8, * 16, a third round * 64, * 128: with the defaults, hours)."""
    from formsift.service import webhooks

    waits = _Waits()
    monkeypatch.setattr(webhooks, "asyncio", waits)
    backoff = 7.0  # asked, never waited
    with serve(db_url=db_url, data_dir=tmp_path, webhook_secret=SECRET, webhook_attempts=3,
               webhook_backoff_s=backoff, webhook_allow_private=True) as svc, \
            svc.client(svc.key()) as api:
        job_id = api.post("/v1/jobs", params={"template": "invoice", "callback_url": receiver},
                          content=invoice(3)[0]).json()["job_id"]
        rounds = []
        for again in (False, True, True):
            if again:
                assert api.post(f"/v1/jobs/{job_id}/webhook").status_code == 202
            job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())
                           ["webhook_state"] == "failed" and len(j["deliveries"]) % 3 == 0
                           and j)
            rounds.append(list(waits.asked))
            waits.asked.clear()
    assert [d["attempt"] for d in job["deliveries"]] == list(range(1, 10))
    assert rounds == [[backoff, 2 * backoff]] * 3


def test_a_webhook_sent_again_resumes_its_own_round_after_a_restart(
        db_url, tmp_path, receiver, monkeypatch):
    """A round sent again (POST /v1/jobs/{id}/webhook) is cut by a stop between two of its
    attempts: the next start goes on with that round's attempts left (4 failed, 5 and 6
    to come), neither giving up at the first round's end nor starting a third round."""
    monkeypatch.setenv("FORMSIFT_WEBHOOK_ALLOW_PRIVATE", "1")  # the receiver is on loopback
    settings = {"db_url": db_url, "data_dir": tmp_path, "webhook_secret": SECRET,
                "webhook_attempts": 3}
    with serve(**settings, webhook_backoff_s=0.05) as svc:
        key = svc.key()  # the key that submitted the job sends its webhook again
        api = svc.client(key)
        job_id = api.post("/v1/jobs", params={"template": "invoice", "callback_url": receiver},
                          content=invoice(4)[0]).json()["job_id"]
        wait_for(lambda: api.get(f"/v1/jobs/{job_id}").json()["webhook_state"] == "failed")
        api.close()
    with serve(**settings, webhook_backoff_s=600) as svc, svc.client(key) as api:
        assert api.post(f"/v1/jobs/{job_id}/webhook").status_code == 202
        wait_for(lambda: len(api.get(f"/v1/jobs/{job_id}").json()["deliveries"]) == 4)
        assert api.get(f"/v1/jobs/{job_id}").json()["webhook_state"] == "pending"
    _Receiver.status = 200
    with serve(**settings, webhook_backoff_s=0.05) as svc, svc.client(key) as api:
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())
                       ["webhook_state"] == "delivered" and j)
    assert [(d["attempt"], d["status_code"]) for d in job["deliveries"]] == [
        (1, 500), (2, 500), (3, 500), (4, 500), (5, 200)]
    assert len(_Receiver.got) == 5
