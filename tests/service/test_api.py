"""The HTTP service end to end on a real server (loopback), against SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.service.conftest import api_error, serve, wait_for
from tests.service.documents import invoice, invoice_missing_a_line, invoice_needing_review

SECRET = "webhook-test-secret"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def svc(db_url, tmp_path_factory):
    with serve(db_url=db_url, data_dir=tmp_path_factory.mktemp("data"), max_pages=3,
               sync_max_bytes=1_000_000, max_upload_bytes=2_000_000, webhook_secret=SECRET,
               webhook_backoff_s=0.05, webhook_attempts=4,
               webhook_allow_private=True) as running:  # the test receiver is on loopback
        running.admin = running.key("admin")
        yield running




def test_health_openapi_and_metrics(svc, api):
    health = api.get("/health").json()
    assert health["status"] == "ok" and health["schema_revision"] == "0006"
    assert health["database"] == ("postgresql" if "postgresql" in svc.service.store.url
                                  else "sqlite")
    spec = api.get("/openapi.json").json()
    for path in ("/v1/extract", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/templates",
                 "/v1/templates/{name}/schema", "/v1/plugins", "/v1/review/claim",
                 "/v1/review/{record_id}/submit", "/v1/audit/export", "/metrics"):
        assert path in spec["paths"], path
    assert "X-API-Key" in json.dumps(spec["components"]["securitySchemes"])
    metrics = api.get("/metrics").text
    assert 'formsift_http_requests_total{method="GET",route="/health",status="200"}' in metrics


def test_templates_schemas_and_plugins(api):
    names = [t["name"] for t in api.get("/v1/templates").json()]
    assert {"invoice", "receipt"} <= set(names)
    schema = api.get("/v1/templates/invoice/schema").json()
    assert schema["properties"]["total"] and schema["$id"].startswith("urn:formsift:template")
    api_error(api.get("/v1/templates/nope/schema"), 404, "not_found")
    plugins = api.get("/v1/plugins").json()
    kinds = {c["kind"] for c in plugins["components"]}
    assert {"loader", "field_type", "exporter"} <= kinds


def test_keys_are_required_and_stored_hashed(svc, api):
    api_error(svc.client().get("/v1/templates"), 401, "unauthorized")
    api_error(svc.client("fsk_nothere_abc").get("/v1/templates"), 401, "unauthorized")
    api_error(svc.client("not-a-key").get("/v1/templates"), 401, "unauthorized")
    key = svc.key("bearer-user")
    with svc.client(headers={"Authorization": f"Bearer {key}"}) as c:
        assert c.get("/v1/templates").status_code == 200
    key_id, secret = key[4:].split("_", 1)
    store = svc.service.store
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.text("SELECT * FROM api_keys")).mappings()]
    dump = json.dumps(rows, default=str)
    assert secret not in dump
    row = next(r for r in rows if r["id"] == key_id)
    assert row["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert store.revoke_key(key_id)
    api_error(svc.client(key).get("/v1/templates"), 401, "unauthorized")


def test_template_scopes_and_roles(svc):
    pdf, _ = invoice(2)
    with svc.client(svc.key("receipts-only", templates=["receipt"])) as c:
        assert [t["name"] for t in c.get("/v1/templates").json()] == ["receipt"]
        # another template is unknown to it, as one that does not exist (a 403 would
        # confirm a guessed name)
        api_error(c.post("/v1/extract?template=invoice", content=pdf), 422, "unknown_template")
        api_error(c.post("/v1/extract", content=pdf), 403, "forbidden")  # must name one
        api_error(c.get("/v1/templates/invoice/schema"), 404, "not_found")
    with svc.client(svc.key("extract-only", roles=["extract"])) as c:
        api_error(c.get("/v1/review/queue"), 403, "forbidden")
        api_error(c.get("/v1/audit/export"), 403, "forbidden")


def _events(client, **params):
    resp = client.get("/v1/audit/export", params=params)
    assert resp.status_code == 200, resp.text
    return [json.loads(x) for x in resp.text.splitlines()]


def test_a_template_scope_hides_other_templates_everywhere(svc, api):
    """A key scoped to receipts sees nothing of invoices: not their audit events, jobs,
    records, corrections, page images or review items."""
    from formsift.samples import generate

    pdf, _, _ = invoice_needing_review(3)
    invoice_record = api.post("/v1/extract?template=invoice", content=pdf).json()
    assert invoice_record["status"] == "review"
    job = api.post("/v1/jobs?template=invoice", content=invoice(9)[0]).json()
    done = wait_for(lambda: (j := api.get(f"/v1/jobs/{job['job_id']}").json())["status"]
                    == "done" and j)
    assert done["result"]["fields"]["iban"]["value"]  # what a scoped key must not see
    receipt = api.post("/v1/extract?template=receipt", content=generate("receipt", 1).pdf)
    assert receipt.status_code == 200, receipt.text
    rid = invoice_record["record_id"]
    with svc.client(svc.key("receipt-auditor", templates=["receipt"],
                            roles=["audit", "review"])) as c:
        events = _events(c)
        assert {e["template"] for e in events} == {"receipt"}
        assert receipt.json()["record_id"] in {e["record_id"] for e in events}
        assert not _events(c, record_id=rid) and not _events(c, action="job.submit")
        api_error(c.get(f"/v1/jobs/{job['job_id']}"), 404, "not_found")
        for path in (f"/v1/records/{rid}", f"/v1/records/{rid}/corrections",
                     f"/v1/records/{rid}/pages/1", f"/v1/records/{done['record_id']}"):
            api_error(c.get(path), 404, "not_found")
        assert all(q["template"] == "receipt" for q in c.get("/v1/review/queue").json())
        api_error(c.post(f"/v1/review/{rid}/claim"), 404, "not_found")
        assert c.post("/v1/review/claim").status_code == 204  # the invoice is not offered
    with svc.client(svc.key("any-auditor", roles=["audit"])) as c:  # unscoped: all of it
        assert c.get(f"/v1/jobs/{job['job_id']}").status_code == 200
        assert [e["action"] for e in _events(c, record_id=rid)] == ["extract"]
    api.post(f"/v1/review/{rid}/claim")
    api.post(f"/v1/review/{rid}/submit", json={"reject": "test cleanup"})


def test_sync_extraction_is_stored_with_its_audit_event(svc, api):
    pdf, truth = invoice(3)
    resp = api.post("/v1/extract?template=invoice&filename=inv-3.pdf", content=pdf,
                    headers={"Content-Type": "application/pdf"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "accepted"
    assert body["result"]["fields"]["total"]["value"] == truth["total"]
    record = api.get(f"/v1/records/{body['record_id']}").json()
    assert record["source"] == "inv-3.pdf" and record["document_retained"] is True
    assert record["result"]["document_id"] == "sha256:" + hashlib.sha256(pdf).hexdigest()
    events = [json.loads(x) for x in api.get(
        "/v1/audit/export", params={"record_id": body["record_id"]}).text.splitlines()]
    assert [e["action"] for e in events] == ["extract"]
    event = events[0]
    assert event["actor"] == svc.admin[4:].split("_")[0]
    assert event["input_hash"] == record["result"]["document_id"]
    assert event["template"] == "invoice" and event["template_version"] == "1"
    assert event["template_hash"] and event["formsift_version"]
    assert any(c["kind"] == "loader" and c["version"] for c in event["components"])
    assert event["after"]["total"] == truth["total"]


def test_bad_requests_get_json_errors(svc, api):
    pdf, _ = invoice(4)
    api_error(api.post("/v1/extract?template=invoise", content=pdf), 422, "unknown_template")
    err = api_error(api.post("/v1/extract", content=b"not a document"), 422, "input_error")
    assert "unsupported file type" in err["message"]
    api_error(api.post("/v1/extract", content=b""), 422, "input_error")
    api_error(api.post("/v1/extract", files={"file": ("a.pdf", pdf)}), 415,
           "unsupported_media_type")
    big = b"%PDF-1.4\n" + b"0" * 1_200_000
    err = api_error(api.post("/v1/extract", content=big), 413, "too_large")
    assert "/v1/jobs" in err["message"]
    api_error(api.post("/v1/jobs", content=big + b"0" * 1_000_000), 413, "too_large")
    # over the upload limit itself: a job would be refused too, so none is suggested
    err = api_error(api.post("/v1/extract", content=big + b"0" * 1_000_000), 413, "too_large")
    assert "/v1/jobs" not in err["message"] and "upload limit of 2,000,000" in err["message"]
    from formsift.samples import packet

    four_pages = packet(["invoice", "receipt", "invoice", "receipt"], seed=1)
    four_pages = four_pages.pdf if hasattr(four_pages, "pdf") else four_pages[0]
    api_error(api.post("/v1/extract", content=four_pages), 413, "too_many_pages")
    api_error(api.get("/v1/records/nope"), 404, "not_found")
    api_error(api.get("/v1/jobs/nope"), 404, "not_found")
    api_error(api.get("/v1/review/queue?limit=0"), 422, "invalid_request")
    err = api_error(api.get("/v1/audit/export?action=nosuch"), 422, "invalid_request")
    assert "review.submit" in err["message"]  # the known actions are listed
    failed = [json.loads(x) for x in api.get("/v1/audit/export",
                                             params={"action": "extract.failed"}).text.split("\n")
              if x]
    assert any(e["details"]["code"] == "too_many_pages" for e in failed)


class _Receiver(BaseHTTPRequestHandler):
    """Answers 500 to the first ``fail`` deliveries, then 200; keeps what it got."""

    fail = 2
    got: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append((time.monotonic(), dict(self.headers), body))
        status = 500 if len(type(self).got) <= type(self).fail else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_job_with_signed_webhook_retried_with_backoff(api):
    from formsift.service.webhooks import verify_signature

    _Receiver.got = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        pdf, truth = invoice(5)
        url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        resp = api.post("/v1/jobs", params={"template": "invoice", "filename": "inv-5.pdf",
                                            "callback_url": url}, content=pdf)
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["deliveries"]
                       and j["deliveries"][-1]["delivered"] and j)
    finally:
        receiver.shutdown()
    assert job["status"] == "done"
    assert job["result"]["fields"]["total"]["value"] == truth["total"]
    assert [d["status_code"] for d in job["deliveries"]] == [500, 500, 200]
    assert [d["attempt"] for d in job["deliveries"]] == [1, 2, 3]
    times = [t for t, _, _ in _Receiver.got]
    # exponential backoff (0.05 s, then 0.1 s): each wait is at least what was scheduled
    # (a loaded machine only makes them longer, so the gaps are not compared)
    assert times[1] - times[0] >= 0.05 * 0.95
    assert times[2] - times[1] >= 0.1 * 0.95
    _, headers, body = _Receiver.got[-1]
    assert verify_signature(SECRET, headers["X-Formsift-Timestamp"], body,
                            headers["X-Formsift-Signature"])
    assert not verify_signature("wrong", headers["X-Formsift-Timestamp"], body,
                                headers["X-Formsift-Signature"])
    payload = json.loads(body)
    assert payload["job_id"] == job_id and payload["record_id"] == job["record_id"]


def test_a_callback_urls_password_is_not_shown(api):
    """A callback_url with credentials (http://user:pw@host/) was echoed as given in the
    job's answers: GET /v1/jobs/{id} showed the password to anyone who may read the job
    (audit keys too). Answers mask it; the delivery still uses it."""
    import base64

    _Receiver.got = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    password = "s3cret-" + uuid.uuid4().hex[:8]
    url = f"http://hooks:{password}@127.0.0.1:{receiver.server_address[1]}/hook?x=1"
    masked = f"http://hooks:***@127.0.0.1:{receiver.server_address[1]}/hook?x=1"
    try:
        resp = api.post("/v1/jobs", params={"template": "invoice", "callback_url": url},
                        content=invoice(11)[0])
        assert resp.status_code == 202, resp.text
        assert resp.json()["callback_url"] == masked and password not in resp.text
        job_id = resp.json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}"))
                       .json()["webhook_state"] == "delivered" and j)
    finally:
        receiver.shutdown()
    assert job.json()["callback_url"] == masked and password not in job.text
    _, headers, _ = _Receiver.got[-1]
    assert headers["Authorization"] == "Basic " + base64.b64encode(
        f"hooks:{password}".encode()).decode()
    assert password not in "".join(_events(api, action="job.submit").__repr__())


def test_job_failure_is_reported(api):
    resp = api.post("/v1/jobs", content=b"\x00garbage")
    job_id = resp.json()["job_id"]
    job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"] == "failed"
                   and j)
    assert job["error"]["code"] == "input_error"


def test_review_claim_correct_submit_revalidates(svc, api):
    pdf, truth, wrong = invoice_needing_review(1)
    body = api.post("/v1/extract?template=invoice&filename=wrong-total.pdf",
                    content=pdf).json()
    assert body["status"] == "review"
    assert any(r["rule"] == "totals" for r in body["result"]["reasons"])
    record_id = body["record_id"]
    queue = api.get("/v1/review/queue").json()
    assert record_id in [q["record_id"] for q in queue]
    # the listing says why each record waits (duplicates could not be told apart before)
    (item,) = [q for q in queue if q["record_id"] == record_id]
    assert "rule_failed" in item["reasons"]
    other = svc.key("other-reviewer")
    with svc.client(other) as c:
        claimed = c.post(f"/v1/review/{record_id}/claim")
        assert claimed.status_code == 200, claimed.text
    api_error(api.post(f"/v1/review/{record_id}/claim"), 409, "claimed")
    api_error(api.post(f"/v1/review/{record_id}/submit", json={}), 409, "not_claimed")
    with svc.client(other) as c:
        assert c.post(f"/v1/review/{record_id}/release").status_code == 204
    claim = api.post(f"/v1/review/{record_id}/claim").json()
    assert claim["claimed_by"] == svc.admin[4:].split("_")[0]
    png = api.get(f"/v1/records/{record_id}/pages/1")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    api_error(api.get(f"/v1/records/{record_id}/pages/9"), 404, "not_found")
    api_error(api.post(f"/v1/review/{record_id}/submit",
                    json={"corrections": {"total": "twelve"}}), 422, "invalid_correction")
    api_error(api.post(f"/v1/review/{record_id}/submit",
                    json={"corrections": {"totl": "1"}}), 422, "invalid_correction")
    done = api.post(f"/v1/review/{record_id}/submit",
                    json={"corrections": {"total": truth["total"]}})
    assert done.status_code == 200, done.text
    out = done.json()
    assert out["previous_status"] == "review" and out["status"] == "accepted"
    assert [r["passed"] for r in out["result"]["rules"] if r["name"] == "totals"] == [True]
    (corr,) = out["corrections"]
    assert corr["field"] == "total" and corr["after"]["value"] == truth["total"]
    assert corr["before"]["raw"] == wrong
    record = api.get(f"/v1/records/{record_id}").json()
    assert record["status"] == "accepted" and record["extracted_status"] == "review"
    assert record["reviewed_by"] == claim["claimed_by"]
    assert record_id not in [q["record_id"] for q in api.get("/v1/review/queue").json()]
    # a submit on a record no longer in review says so (it said "claim the record first",
    # and the claim then said not_in_review)
    api_error(api.post(f"/v1/review/{record_id}/submit", json={}), 409, "not_in_review")
    events = [json.loads(x) for x in api.get(
        "/v1/audit/export", params={"record_id": record_id}).text.splitlines()]
    actions = [e["action"] for e in events]
    assert actions == ["extract", "review.claim", "review.release", "review.claim",
                       "review.submit"]
    submit = events[-1]
    assert submit["before"]["total"]["raw"] == wrong
    assert submit["after"]["total"]["value"] == truth["total"]
    assert submit["status"] == "accepted" and submit["input_hash"] == record["document_hash"]


def test_review_adds_and_deletes_table_rows(api):
    """A line item the extraction missed is added (the sum rule then passes); a row can be
    deleted; both are corrections with before and after, in the audit trail too."""
    pdf, truth, missing = invoice_missing_a_line(1)
    body = api.post("/v1/extract?template=invoice", content=pdf).json()
    assert body["status"] == "review" and len(body["result"]["tables"]["items"]) == 2
    assert [r["rule"] for r in body["result"]["reasons"]] == ["sum_items"]
    rid = body["record_id"]
    first = body["result"]["tables"]["items"][0]
    api.post(f"/v1/review/{rid}/claim")
    for bad in ({"items[3].amount": "1.00"}, {"items[0]": "x"}, {"items[2]": None},
                {"items[0]": None, "items[0].qty": "2"}):
        api_error(api.post(f"/v1/review/{rid}/submit", json={"corrections": bad}), 422,
               "invalid_correction")
    out = api.post(f"/v1/review/{rid}/submit", json={"corrections": {"items[0]": None}})
    assert out.status_code == 200, out.text
    out = out.json()
    assert out["status"] == "review" and len(out["result"]["tables"]["items"]) == 1
    (deleted,) = out["corrections"]
    assert deleted["field"] == "items[0]" and deleted["after"] is None
    assert deleted["before"]["amount"]["value"] == first["amount"]["value"]
    # back in the queue: restore the deleted row and add the missing one (rows 1 and 2)
    api.post(f"/v1/review/{rid}/claim")
    rows = {f"items[{i}].{col}": str(value) for i, item in
            ((1, {c: first[c]["value"] for c in first}), (2, missing))
            for col, value in item.items()}
    out = api.post(f"/v1/review/{rid}/submit", json={"corrections": rows}).json()
    assert out["status"] == "accepted", out["result"]["reasons"]
    items = out["result"]["tables"]["items"]
    assert sorted(r["amount"]["value"] for r in items) == sorted(i["amount"]
                                                                 for i in truth["items"])
    assert [c["field"] for c in out["corrections"]] == ["items[1]", "items[2]"]
    assert out["corrections"][1]["before"] is None
    assert out["corrections"][1]["after"]["description"]["value"] == missing["description"]
    submits = [e for e in _events(api, record_id=rid) if e["action"] == "review.submit"]
    assert [e["before"] for e in submits] == [{"items[0]": deleted["before"]},
                                              {"items[1]": None, "items[2]": None}]
    assert submits[1]["after"]["items[2]"]["amount"]["value"] == missing["amount"]


def test_a_damaged_file_is_accepted_only_when_the_reviewer_confirms(api):
    """A record in review only because the file is damaged (junk after %%EOF) was accepted
    by a submit with no corrections and "confirm": false, with no reasons left; it stays
    in review (back in the queue) until a reviewer confirms."""
    data = (ROOT / "examples" / "documents" / "invoice.pdf").read_bytes()
    data += b"\n%" + uuid.uuid4().hex.encode() + b"A" * 4000 + b"\n"
    body = api.post("/v1/extract?template=invoice&filename=damaged.pdf", content=data).json()
    assert [r["code"] for r in body["result"]["reasons"]] == ["input_damaged"]
    rid = body["record_id"]
    api.post(f"/v1/review/{rid}/claim")
    out = api.post(f"/v1/review/{rid}/submit", json={"corrections": {}, "confirm": False})
    assert out.status_code == 200, out.text
    assert out.json()["status"] == "review"
    assert [r["code"] for r in out.json()["result"]["reasons"]] == ["input_damaged"]
    (item,) = [q for q in api.get("/v1/review/queue").json() if q["record_id"] == rid]
    assert item["reasons"] == ["input_damaged"] and item["claimed_by"] is None
    api.post(f"/v1/review/{rid}/claim")
    out = api.post(f"/v1/review/{rid}/submit", json={"corrections": {}}).json()
    assert out["status"] == "accepted" and out["result"]["reasons"] == []


def test_review_submissions_have_size_limits(svc, api):
    """A 60 MB text value and 20,000 added rows were accepted (the database grew by
    hundreds of MB). The body of a submission is limited (413 too_large, before it is
    read through; a chunked body as it arrives), so are a value's length and the rows a
    submission adds (422 invalid_correction, naming the correction); nothing is stored."""
    from formsift.service.review import MAX_ADDED_ROWS, MAX_VALUE_CHARS

    limit = svc.service.config.max_review_bytes
    pdf, _, _ = invoice_needing_review(4)
    rid = api.post("/v1/extract?template=invoice", content=pdf).json()["record_id"]
    assert api.post(f"/v1/review/{rid}/claim").status_code == 200
    big = json.dumps({"corrections": {"seller": "B" * limit}}).encode()
    err = api_error(api.post(f"/v1/review/{rid}/submit", content=big,
                          headers={"Content-Type": "application/json"}), 413, "too_large")
    assert f"{limit:,} bytes" in err["message"]

    def chunks():
        for i in range(0, len(big), 64_000):
            yield big[i:i + 64_000]

    api_error(api.post(f"/v1/review/{rid}/submit", content=chunks(),
                    headers={"Content-Type": "application/json"}), 413, "too_large")
    err = api_error(api.post(f"/v1/review/{rid}/submit", json={"corrections": {
        "seller": "B" * (MAX_VALUE_CHARS + 1)}}), 422, "invalid_correction")
    assert err["details"] == [{"field": "seller"}] and f"{MAX_VALUE_CHARS:,}" in err["message"]
    rows = len(api.get(f"/v1/records/{rid}").json()["result"]["tables"]["items"])
    many = {f"items[{i}].description": "x" for i in range(rows, rows + MAX_ADDED_ROWS + 1)}
    err = api_error(api.post(f"/v1/review/{rid}/submit", json={"corrections": many}), 422,
                 "invalid_correction")
    assert f"{MAX_ADDED_ROWS:,}" in err["message"]
    record = api.get(f"/v1/records/{rid}").json()
    assert record["status"] == "review" and len(record["result"]["tables"]["items"]) == rows
    assert api.get(f"/v1/records/{rid}/corrections").json() == []
    # within the limits a submission goes through, and the claim was kept meanwhile
    out = api.post(f"/v1/review/{rid}/submit", json={"reject": "size limits tested"})
    assert out.status_code == 200 and out.json()["status"] == "rejected"


def test_revoking_a_key_frees_its_claims(svc, api, capsys):
    """A revoked reviewer key kept its claims: other reviewers got 409 claimed until
    --claim-minutes ran out. `formsift keys revoke` frees them, each with an audit event
    (review.release by cli, naming the key)."""
    from formsift.cli import main

    pdf, _, _ = invoice_needing_review(6)
    rid = api.post("/v1/extract?template=invoice", content=pdf).json()["record_id"]
    temp = svc.key("temporary reviewer", roles=["review"])
    temp_id = temp[4:].split("_")[0]
    with svc.client(temp) as c:
        assert c.post(f"/v1/review/{rid}/claim").status_code == 200
    api_error(api.post(f"/v1/review/{rid}/claim"), 409, "claimed")
    assert main(["keys", "revoke", temp_id, "--db", svc.service.store.url]) == 0
    capsys.readouterr()
    with svc.client(temp) as c:
        api_error(c.get("/v1/review/queue"), 401, "unauthorized")
    (item,) = [q for q in api.get("/v1/review/queue").json() if q["record_id"] == rid]
    assert item["claimed_by"] is None and item["claim_expires_at"] is None
    claimed = api.post(f"/v1/review/{rid}/claim")
    assert claimed.status_code == 200, claimed.text
    events = _events(api, record_id=rid)
    (freed,) = [e for e in events if e["action"] == "review.release"]
    assert freed["actor"] == "cli" and freed["details"] == {"key_id": temp_id,
                                                            "reason": "key revoked"}
    assert freed["template"] == "invoice" and freed["input_hash"]
    assert api.post(f"/v1/review/{rid}/submit", json={"reject": "test"}).status_code == 200


def test_a_packet_is_said_to_be_one_the_way_an_http_client_can_act_on(api):
    """A KYC packet sent as one file goes to review with several_documents, whose message
    told an HTTP client to use Engine.extract_packet or formsift extract --split. The
    message says what a client of the service can do: send it again with split=true."""
    import pymupdf

    packet = pymupdf.open(ROOT / "examples" / "documents" / "kyc_packet.pdf")
    packet.select([0, 2, 3])  # three pages, the limit of this service
    data = packet.tobytes()
    body = api.post("/v1/extract?filename=kyc_packet.pdf", content=data).json()
    assert body["status"] == "review", body
    (reason,) = [r for r in body["result"]["reasons"] if r["code"] == "several_documents"]
    assert "Engine.extract_packet" not in reason["message"]
    assert "split=true" in reason["message"]
    assert "send each document as a file of its own" in reason["message"]
    assert "page " in reason["message"]  # which pages seem to be other documents
    split = api.post("/v1/extract?filename=kyc_packet.pdf&split=true", content=data).json()
    assert len(split["packet"]["documents"]) >= 2, split  # the advice does what it says
    text = " ".join((ROOT / "docs" / "service.md").read_text().split())
    missing = text[text.index("## Not (yet) there"):]
    assert "not split" not in missing and "?split=true" in text


def test_concurrent_submits_by_one_reviewer_are_answered_like_sequential_ones(svc, api):
    """Six submits of one reviewer at once: one is stored; the others got 409 not_claimed
    ("your claim expired"), while the same submit sent afterwards gets not_in_review, the
    accurate answer. They now get what a later submit gets."""
    import httpx

    pdf, truth, _ = invoice_needing_review(7)
    rid = api.post("/v1/extract?template=invoice", content=pdf).json()["record_id"]
    assert api.post(f"/v1/review/{rid}/claim").status_code == 200
    barrier = threading.Barrier(6)
    answers = []

    def submit(i):
        with httpx.Client(base_url=svc.url, headers={"X-API-Key": svc.admin},
                          timeout=60) as c:
            barrier.wait()
            resp = c.post(f"/v1/review/{rid}/submit", json={"corrections": {
                "total": truth["total"], "seller": f"Seller {i}"}})
            answers.append((resp.status_code, resp.json().get("status") or
                            resp.json()["error"]["code"]))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [(200, "accepted")] + [(409, "not_in_review")] * 5, answers
    later = api_error(api.post(f"/v1/review/{rid}/submit", json={}), 409, "not_in_review")
    assert "accepted" in later["message"]
    assert len([e for e in _events(api, record_id=rid) if e["action"] == "review.submit"]) == 1


def test_the_review_queue_is_read_page_by_page(svc, api):
    """The queue took only `limit`: past the first 1,000 records there was no way to see
    the rest. `after` (the last record id of the previous page) gives the next page, in
    the same order; an id that is no record (or one the key may not see) is 404."""
    for seed in (8, 9, 10):
        pdf, _, _ = invoice_needing_review(seed)
        assert api.post("/v1/extract?template=invoice", content=pdf).json()["status"] == \
            "review"
    whole = [q["record_id"] for q in api.get("/v1/review/queue?limit=1000").json()]
    assert len(whole) >= 3
    pages, after = [], None
    while True:
        page = api.get("/v1/review/queue", params={"limit": 2, **(
            {"after": after} if after else {})}).json()
        if not page:
            break
        assert len(page) <= 2
        pages.append([q["record_id"] for q in page])
        after = page[-1]["record_id"]
    assert [rid for p in pages for rid in p] == whole
    err = api_error(api.get("/v1/review/queue?after=no-such-record"), 404, "not_found")
    assert "no-such-record" in err["message"]
    with svc.client(svc.key("receipts reviewer", templates=["receipt"])) as c:
        api_error(c.get(f"/v1/review/queue?after={whole[0]}"), 404, "not_found")


def test_claim_next_and_empty_queue(svc, api):
    while (resp := api.post("/v1/review/claim")).status_code == 200:
        rid = resp.json()["record_id"]
        assert api.post(f"/v1/review/{rid}/submit",
                        json={"reject": "test cleanup"}).json()["status"] == "rejected"
    assert resp.status_code == 204


def test_audit_export_cli_matches_the_endpoint(svc, api, capsys):
    from formsift.cli import main

    rc = main(["audit", "export", "--db", svc.service.store.url, "--action", "extract"])
    assert rc == 0
    cli = capsys.readouterr().out.splitlines()
    http = api.get("/v1/audit/export", params={"action": "extract"}).text.splitlines()
    assert cli and cli == http
    assert main(["audit", "export", "--db", svc.service.store.url, "--since", "yesterday"]) == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_every_answer_conforms_to_the_spec(svc):
    """Schemathesis generates requests for every operation (valid and invalid ones) and
    checks each answer against the spec: status codes, content types, response schemas,
    no server errors. A short, deterministic run; docs/benchmarks.md has the long one."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    if "postgresql" in svc.service.store.url:
        pytest.skip("the spec does not depend on the database: SQLite suffices")
    config = schemathesis.Config.from_path(ROOT / "benchmarks" / "schemathesis.toml")
    schema = schemathesis.openapi.from_url(f"{svc.url}/openapi.json", config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers={"X-API-Key": svc.admin})

        try:
            check()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_review_checks_corrections_of_every_type_and_the_bodys_keys(api):
    """An IBAN, an ID or any text-valued type is checked as the template reads it (not
    only amounts and dates); a misspelt body key is refused, not taken as 'no
    corrections' that would vouch for every value."""
    pdf, _truth, _wrong = invoice_needing_review(2)
    rid = api.post("/v1/extract?template=invoice", content=pdf).json()["record_id"]
    assert api.post(f"/v1/review/{rid}/claim").status_code == 200
    err = api_error(api.post(f"/v1/review/{rid}/submit",
                          json={"corrections": {"iban": "NOT-AN-IBAN"}}),
                 422, "invalid_correction")
    assert "iban" in err["message"]
    resp = api.post(f"/v1/review/{rid}/submit", json={"corections": {"total": "1.00"}})
    assert resp.status_code == 422 and "corections" in resp.text
    # the claim is still there: nothing was submitted
    assert api.get(f"/v1/records/{rid}").json()["status"] == "review"


def test_unknown_query_parameters_are_refused_by_name(svc, api):
    """A misspelt query parameter was ignored: ?statuss=review listed the queue as if it
    were not there, and ?templat=invoice classified the document against every template.
    Every endpoint of the API now refuses a parameter it does not take, naming it."""
    err = api_error(api.get("/v1/review/queue?statuss=review"), 422, "invalid_request")
    assert "unknown query parameter 'statuss'" in err["message"]
    assert "GET /v1/review/queue takes after, limit" in err["message"]
    assert err["details"] == [{"loc": ["query", "statuss"],
                               "message": "unknown query parameter"}]
    err = api_error(api.post("/v1/extract?templat=invoice", content=invoice(1)[0]), 422,
                 "invalid_request")
    assert "'templat'" in err["message"]
    assert "takes filename, param, split, template" in err["message"]
    err = api_error(api.get("/v1/templates?a=1&b=2&a=3"), 422, "invalid_request")
    assert "parameters 'a', 'b'" in err["message"]
    assert "takes no query parameters" in err["message"]
    api_error(api.get("/v1/audit/export?action=extract&records_id=x"), 422, "invalid_request")
    api_error(api.post("/v1/extract?template=invoice&password=secret", content=b"%PDF"), 422,
           "invalid_request")
    # the parameters an endpoint takes (its own and its dependencies') still work
    assert api.get("/v1/review/queue?limit=5").status_code == 200
    assert api.get("/v1/audit/export", params={"action": "extract", "since":
                                               "2020-01-01T00:00:00Z"}).status_code == 200
    assert api.get("/health?").status_code == 200
    # the review page is no API endpoint: it takes any
    assert svc.client().get("/review?utm_source=mail").status_code == 200
    # the spec says every operation may answer 422 with the service's error body
    spec = api.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorResponse"), (method, path)


def test_the_spec_declares_what_a_review_submit_answers(svc, api):
    """The spec promised 400 "The body is not JSON" for a submit; the service answered
    422 invalid_request, as for any other invalid body (and a body that is not UTF-8 got
    FastAPI's 400). Every answer of a submit is now declared in the spec, with the
    service's error body, and a body that cannot be read as JSON is a 422 like every other
    invalid request; no operation declares a 400 (only the HTTP server's plain-text 400
    for a request it cannot read remains, before formsift sees it)."""
    spec = api.get("/openapi.json").json()
    declared = spec["paths"]["/v1/review/{record_id}/submit"]["post"]["responses"]
    pdf, _, _ = invoice_needing_review(5)
    rid = api.post("/v1/extract?template=invoice", content=pdf).json()["record_id"]
    submit = f"/v1/review/{rid}/submit"
    as_json = {"Content-Type": "application/json"}
    assert api.post(f"/v1/review/{rid}/claim").status_code == 200
    with svc.client(svc.key("a reviewer without the claim", roles=["review"])) as other, \
            svc.client(svc.key("no reviewer", roles=["extract"])) as extractor:
        cases = [
            ("not JSON", api.post(submit, content=b"not json", headers=as_json),
             422, "invalid_request"),
            ("not UTF-8", api.post(submit, content=b'{"corrections": {"total": "\xff"}}',
                                   headers=as_json), 422, "invalid_request"),
            ("JSON, not an object", api.post(submit, json=[1]), 422, "invalid_request"),
            ("a misspelt key", api.post(submit, json={"corections": {}}), 422,
             "invalid_request"),
            ("a value that does not parse", api.post(submit, json={"corrections": {
                "total": "twelve"}}), 422, "invalid_correction"),
            ("too large", api.post(submit, content=b" " * (2 << 20), headers=as_json), 413,
             "too_large"),
            ("no key", svc.client().post(submit, json={}), 401, "unauthorized"),
            ("no review role", extractor.post(submit, json={}), 403, "forbidden"),
            ("no such record", api.post("/v1/review/r_none/submit", json={}), 404,
             "not_found"),
            ("claimed by another", other.post(submit, json={}), 409, "not_claimed"),
            ("the method", api.get(submit), 405, "method_not_allowed"),
        ]
    for what, resp, status, code in cases:
        assert (resp.status_code, resp.json()["error"]["code"]) == (status, code), what
        if status == 405:
            continue  # the path has no GET operation to declare it
        assert str(status) in declared, (what, status, sorted(declared))
        schema = declared[str(status)]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/ErrorResponse"), what
    assert "400" not in declared
    assert "not JSON" in declared["422"]["description"]
    assert "the body is not JSON (Expecting value at character 0)" in cases[0][1].text
    assert "the body is not JSON" in cases[1][1].text
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert "400" not in operation["responses"], (method, path)
    ok = api.post(submit, json={"reject": "spec test"})
    assert ok.status_code == 200 and "200" in declared


def test_a_plain_text_body_is_read_as_text_by_its_content_type(api):
    """A plain-text document was read only when its filename ended in .txt: a body sent
    with Content-Type: text/plain and no filename got 422 "unsupported file type". The
    content type says it is text, as the suffix does (text has no magic bytes to tell it
    by): the name gets .txt, and the record, its job and its page image work; without
    either, the error says how to send text."""
    text = f"Payslip {uuid.uuid4().hex[:8]}\nEmployee: Lukas Berger\nGross 4,549.00\n".encode()
    plain = {"Content-Type": "text/plain; charset=utf-8"}

    def loader(result):
        return [c["name"] for c in result["audit"]["components"] if c["kind"] == "loader"]

    resp = api.post("/v1/extract?template=payslip", content=text, headers=plain)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert loader(body["result"]) == ["text"] and body["result"]["source"] == "document.txt"
    # a text page has no image to show (it was a 500): the review page says so
    err = api_error(api.get(f"/v1/records/{body['record_id']}/pages/1"), 404, "no_page_image")
    assert "text only" in err["message"]
    named = api.post("/v1/extract?template=payslip&filename=march", content=text,
                     headers=plain).json()
    assert named["result"]["source"] == "march.txt" and loader(named["result"]) == ["text"]
    # a name a loader reads is kept: the body is what it says (a PDF sent as text/plain)
    pdf = api.post("/v1/extract?template=invoice&filename=inv.pdf", content=invoice(3)[0],
                   headers=plain).json()
    assert pdf["result"]["source"] == "inv.pdf" and loader(pdf["result"]) == ["pdf"]
    job = api.post("/v1/jobs?template=payslip&filename=april", content=text + b"job\n",
                   headers=plain).json()
    done = wait_for(lambda: (j := api.get(f"/v1/jobs/{job['job_id']}").json())["status"]
                    in ("done", "failed") and j)
    assert done["status"] == "done", done
    assert done["source"] == "april.txt" and loader(done["result"]) == ["text"]
    err = api_error(api.post("/v1/extract?template=payslip", content=text,
                          headers={"Content-Type": "application/octet-stream"}),
                 422, "input_error")
    assert "Content-Type: text/plain" in err["message"]
    spec = api.get("/openapi.json").json()
    assert "text/plain" in spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]


def _png() -> bytes:
    import cv2
    import numpy as np

    image = np.full((300, 400, 3), 255, np.uint8)
    cv2.putText(image, "Payslip", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    return cv2.imencode(".png", image)[1].tobytes()


def test_a_pdf_or_an_image_declared_as_text_is_read_by_its_bytes_and_said_so(api):
    """A PNG or a PDF sent as text/plain (or named document.txt) was renamed
    document.txt and its record said nothing of the mistake: the bytes decide (they are
    read as what they are, under the name given), and the record's
    audit.input_warnings names what the request said and what the bytes are."""
    plain = {"Content-Type": "text/plain"}

    def loader(result):
        return [c["name"] for c in result["audit"]["components"] if c["kind"] == "loader"]

    pdf = invoice(4)[0]
    sent = api.post("/v1/extract?template=invoice", content=pdf, headers=plain)
    assert sent.status_code == 200, sent.text
    result = sent.json()["result"]
    assert result["source"] == "document" and loader(result) == ["pdf"]
    (said,) = [w for w in result["audit"]["input_warnings"] if "bytes" in w]
    assert "sent as text/plain" in said and "a PDF (application/pdf)" in said
    named = api.post("/v1/extract?template=invoice&filename=scan.txt", content=pdf,
                     headers={"Content-Type": "application/octet-stream"}).json()["result"]
    assert named["source"] == "scan.txt" and loader(named) == ["pdf"]
    assert any("named 'scan.txt'" in w and "a PDF" in w
               for w in named["audit"]["input_warnings"])
    # what agrees (or says nothing: octet-stream, curl's form type) is not warned of
    agreed = api.post("/v1/extract?template=invoice&filename=inv.pdf", content=pdf,
                      headers={"Content-Type": "application/x-www-form-urlencoded"}).json()
    assert not [w for w in agreed["result"]["audit"]["input_warnings"] if "bytes" in w]
    # a PNG sent as text/plain, as a job: its record says so too
    job = api.post("/v1/jobs?template=payslip", content=_png(), headers=plain)
    assert job.status_code == 202, job.text
    done = wait_for(lambda: (j := api.get(f"/v1/jobs/{job.json()['job_id']}").json())[
        "status"] in ("done", "failed") and j)
    assert done["status"] == "done", done
    assert done["source"] == "document" and loader(done["result"]) == ["image"]
    assert any("sent as text/plain" in w and "a PNG image (image/png)" in w
               for w in done["result"]["audit"]["input_warnings"])


@pytest.mark.parametrize("note", [
    b"BMW AG Invoice No. 12\nTotal 5.00\n",
    b"Notes on the upload: it starts with %PDF-1.7 as usual.\nTotal 5\n"])
def test_a_note_that_starts_like_a_bmp_or_quotes_a_pdf_header_is_text(api, note):
    """Sent as text/plain: read as text, no warning (before: taken for a BMP of
    171,061,536 x 1,635,020,628 pixels, or a damaged PDF, and refused, 422)."""
    resp = api.post("/v1/extract", content=note, headers={"Content-Type": "text/plain"})
    assert resp.status_code == 200, resp.text
    result = resp.json()["result"]
    assert result["source"] == "document.txt"
    assert [c["name"] for c in result["audit"]["components"]
            if c["kind"] == "loader"] == ["text"]
    assert not [w for w in result["audit"]["input_warnings"] if "bytes" in w]


def test_an_xml_einvoice_is_read_by_its_content_type(api):
    """An XRechnung sent as application/xml without a filename was 'unsupported file
    type' (the e-invoice loader knows XML by its .xml name, as the text loader knows
    text by .txt), and the error told the client to send text/plain."""
    from tests.test_einvoice import CII

    def loader(result):
        return [c["name"] for c in result["audit"]["components"] if c["kind"] == "loader"]

    for ctype in ("application/xml", "text/xml; charset=utf-8"):
        resp = api.post("/v1/extract", content=CII.encode(), headers={"Content-Type": ctype})
        assert resp.status_code == 200, resp.text
        result = resp.json()["result"]
        assert result["source"] == "document.xml" and loader(result) == ["einvoice_xml"]
    err = api_error(api.post("/v1/extract", content=CII.encode(),
                             headers={"Content-Type": "application/octet-stream"}),
                    422, "input_error")
    assert "application/xml" in err["message"]


def test_json_sent_without_its_content_type_is_told_so(api):
    resp = api.post("/v1/review/r_none/submit", content=b'{"corrections": {}}',
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    err = api_error(resp, 422, "invalid_request")
    assert "Content-Type: application/json" in err["message"]


def test_a_chunked_upload_over_the_sync_limit_is_told_the_job_limit(api):
    """A body sent without Content-Length (chunked) over the sync limit was told to
    "submit it as a job" even when it was over the job limit too."""
    big = b"%PDF-1.4\n" + b"0" * 2_500_000  # over both limits (1 MB sync, 2 MB jobs)

    def chunks():
        for i in range(0, len(big), 100_000):
            yield big[i:i + 100_000]

    err = api_error(api.post("/v1/extract", content=chunks()), 413, "too_large")
    assert "2,000,000 bytes" in err["message"], err["message"]
    assert "submit it as a job" not in err["message"]
    api_error(api.post("/v1/jobs", content=chunks()), 413, "too_large")


def test_the_docs_name_every_error_status_and_limit():
    """docs/service.md left out 405, the 200-job queue limit, the 60 s upload time limit
    and that the service takes no PDF password."""
    from formsift.service import ServiceConfig

    text = " ".join((ROOT / "docs" / "service.md").read_text().split())
    table = text[text.index("| Status | Codes | When |"):]
    for status in (400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 503):
        assert f"| {status} |" in table, status
    cfg = ServiceConfig()
    assert f"{cfg.max_queued_jobs} jobs" in text
    assert f"{cfg.upload_timeout_s:g} s" in text
    assert "encrypted PDF" in text and "no password" in text
    from formsift.service.review import MAX_ADDED_ROWS, MAX_VALUE_CHARS

    assert cfg.max_review_bytes == 1024 * 1024 and "over 1 MB (`max_review_bytes`" in text
    assert f"up to {MAX_VALUE_CHARS:,} characters" in text
    assert f"add up to {MAX_ADDED_ROWS:,} rows" in text


def test_the_docs_describe_job_leases_and_their_setting():
    """The docs said one process per database runs jobs (a second one re-ran the first
    one's jobs); jobs now have an owner and a lease, and the docs say how it works and
    how to set it."""
    from formsift.service import ServiceConfig

    text = " ".join((ROOT / "docs" / "service.md").read_text().split())
    assert "One process per database runs jobs." not in text
    assert "only one of them may take jobs" not in text
    assert "Several processes on one database: leases." in text
    assert "FORMSIFT_JOB_LEASE_S" in text and "job_lease_s" in text
    assert f"({ServiceConfig().job_lease_s:g} by default" in text


def _done(client, job_id):
    return wait_for(lambda: (j := client.get(f"/v1/jobs/{job_id}").json())["status"]
                    in ("done", "failed") and j["webhook_state"] != "pending" and j)


def test_jobs_are_listed_for_the_key_that_may_read_them(svc, api):
    """GET /v1/jobs (before: 405, no way to find a job whose id was lost): the key's own
    jobs, newest first, by status, a page at a time; an audit key sees every key's, within
    its template scope."""
    key = svc.key("lister", roles=["extract"])
    with svc.client(key) as c:
        sent = [c.post("/v1/jobs", params={"template": "invoice", "filename": f"l{i}.pdf"},
                       content=invoice(30 + i)[0]).json()["job_id"] for i in range(2)]
        sent.append(c.post("/v1/jobs", params={"filename": "junk.bin"},
                           content=b"\x00junk").json()["job_id"])
        for job_id in sent:
            _done(c, job_id)
        listed = c.get("/v1/jobs")
        assert listed.status_code == 200, listed.text
        assert [j["job_id"] for j in listed.json()] == sent[::-1]
        assert listed.headers["X-Has-More"] == "false"
        assert "result" not in listed.json()[0]
        failed = c.get("/v1/jobs", params={"status": "failed"}).json()
        assert [j["job_id"] for j in failed] == [sent[2]]
        assert failed[0]["error"]["code"] == "input_error"
        first = c.get("/v1/jobs", params={"limit": 2})
        assert [j["job_id"] for j in first.json()] == [sent[2], sent[1]]
        assert first.headers["X-Has-More"] == "true"
        rest = c.get("/v1/jobs", params={"limit": 2,
                                         "after": first.headers["X-Next-After"]})
        assert [j["job_id"] for j in rest.json()] == [sent[0]]
        assert rest.headers["X-Has-More"] == "false"
        api_error(c.get("/v1/jobs", params={"status": "finished"}), 422, "invalid_request")
        api_error(c.get("/v1/jobs", params={"after": "no-such-job"}), 404, "not_found")
    with svc.client(svc.key("other", roles=["extract"])) as c:
        assert c.get("/v1/jobs").json() == []  # another key's jobs are not its own
        api_error(c.get("/v1/jobs", params={"after": sent[0]}), 404, "not_found")
    everyone = [j["job_id"] for j in api.get("/v1/jobs", params={"limit": 1000}).json()]
    assert set(sent) <= set(everyone)  # the admin key has the audit role
    with svc.client(svc.key("receipt-auditor-jobs", templates=["receipt"],
                            roles=["audit"])) as c:
        seen = {j["job_id"] for j in c.get("/v1/jobs", params={"limit": 1000}).json()}
        assert not seen & set(sent[:2])  # invoice jobs are out of its scope


class _Down(_Receiver):
    """A receiver that answers 500 until told otherwise."""

    fail = 10**6
    got: list = []


def test_a_jobs_webhook_is_sent_again(svc, api):
    """POST /v1/jobs/{id}/webhook (before: 405, a receiver down for every attempt lost
    the outcome for good): a new round of attempts, signed, after those made; only for a
    finished job with a callback, by the key that sent it, checked against the
    private-address rules again; audited."""
    from formsift.service.webhooks import verify_signature

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Down)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    try:
        job_id = api.post("/v1/jobs", params={"template": "invoice", "callback_url": url},
                          content=invoice(41)[0]).json()["job_id"]
        job = _done(api, job_id)
        assert job["webhook_state"] == "failed" and len(job["deliveries"]) == 4
        in_list = api.get("/v1/jobs", params={"webhook_state": "failed"}).json()
        assert job_id in [j["job_id"] for j in in_list]
        with svc.client(svc.key("not-its-sender", roles=["extract"])) as c:
            api_error(c.post(f"/v1/jobs/{job_id}/webhook"), 404, "not_found")
        service = svc.service
        service.config.webhook_allow_private = False
        try:
            api_error(api.post(f"/v1/jobs/{job_id}/webhook"), 422, "callback_not_allowed")
        finally:
            service.config.webhook_allow_private = True
        _Down.fail = 0
        again = api.post(f"/v1/jobs/{job_id}/webhook")
        assert again.status_code == 202, again.text
        job = _done(api, job_id)
    finally:
        receiver.shutdown()
        _Down.fail = 10**6
    assert job["webhook_state"] == "delivered"
    assert [d["attempt"] for d in job["deliveries"]] == [1, 2, 3, 4, 5]
    assert [d["delivered"] for d in job["deliveries"]] == [False] * 4 + [True]
    _, headers, body = _Down.got[-1]
    assert verify_signature(SECRET, headers["X-Formsift-Timestamp"], body,
                            headers["X-Formsift-Signature"])
    assert json.loads(body)["job_id"] == job_id
    (event,) = [e for e in _events(api, action="job.webhook") if e["job_id"] == job_id]
    assert event["details"]["previous_state"] == "failed"
    plain = api.post("/v1/jobs", params={"template": "invoice"},
                     content=invoice(42)[0]).json()["job_id"]
    _done(api, plain)
    api_error(api.post(f"/v1/jobs/{plain}/webhook"), 409, "no_callback")
