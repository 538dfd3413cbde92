"""Files of several documents (packets) through the service: ``split=true`` on
``POST /v1/extract`` and ``POST /v1/jobs`` gives one stored record per document, with the
packet's id and the document's pages, and the packet itself (its documents, the pages no
document took). Before, such a file was extracted as one document and went to review
with several_documents, and the other documents got no record."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.service.conftest import api_error, fresh_database, serve, wait_for

SECRET = "packet-webhook-secret"


@pytest.fixture(scope="module")
def svc(db_url, tmp_path_factory):
    with serve(db_url=db_url, data_dir=tmp_path_factory.mktemp("data"), max_pages=6,
               webhook_secret=SECRET, webhook_backoff_s=0.05,
               webhook_allow_private=True) as running:  # the test receiver is on loopback
        running.admin = running.key("admin")
        yield running




def _events(client, **params):
    resp = client.get("/v1/audit/export", params=params)
    assert resp.status_code == 200, resp.text
    return [json.loads(x) for x in resp.text.splitlines()]


def _packet(kinds, seed):
    from formsift.samples import packet

    return packet(kinds, seed)


def _truth(kind, seed):
    from formsift.samples import generate

    return generate(kind, seed).truth


def test_each_document_of_a_split_file_is_a_record_of_its_own(svc, api):
    """The bug report: three documents in one PDF (an invoice, a two-page invoice, a
    receipt) gave one record, in review with several_documents; the other two got none.
    With split=true each is a record, stored with the packet's id and its pages, found by
    GET /v1/records/{id}, in the audit trail and the metrics, its page images those of
    its own pages."""
    data, layout = _packet(["invoice", "invoice_2p", "receipt"], 3)
    assert layout == [("invoice", [1]), ("invoice_2p", [2, 3]), ("receipt", [4])]
    resp = api.post("/v1/extract?split=true&filename=three.pdf", content=data,
                    headers={"Content-Type": "application/pdf"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    packet_id, packet = body["packet_id"], body["packet"]
    assert body["status"] == packet["status"] == "accepted", packet["reasons"]
    file_hash = "sha256:" + hashlib.sha256(data).hexdigest()
    assert packet["document_id"] == file_hash and packet["pages"] == 4
    assert packet["unassigned_pages"] == []
    docs = packet["documents"]
    assert [(d["template"], d["pages"], d["status"]) for d in docs] == [
        ("invoice", [1], "accepted"), ("invoice", [2, 3], "accepted"),
        ("receipt", [4], "accepted")]
    assert len({d["record_id"] for d in docs}) == 3
    for doc, (kind, pages), seed in zip(docs, layout, (3, 4, 5), strict=True):
        record = api.get(f"/v1/records/{doc['record_id']}").json()
        assert record["packet_id"] == packet_id and record["packet_pages"] == pages
        assert record["template"] == doc["template"] and record["status"] == "accepted"
        assert record["source"] == f"three.pdf#pages={','.join(map(str, pages))}"
        # the file's hash: the stored bytes its page images are drawn from
        assert record["document_hash"] == file_hash and record["document_retained"]
        assert record["result"]["fields"]["total"]["value"] == _truth(kind, seed)["total"]
        assert record["result"]["fields"]["total"]["page"] == pages[-1]  # the file's pages
        assert record["result"] == doc["result"]
        image = api.get(f"/v1/records/{doc['record_id']}/pages/{pages[0]}")
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        (event,) = _events(api, record_id=doc["record_id"])
        assert event["action"] == "extract" and event["template"] == doc["template"]
        assert event["input_hash"] == file_hash
        assert event["details"]["packet_id"] == packet_id
        assert event["details"]["packet_pages"] == pages
        assert event["after"]["total"] == _truth(kind, seed)["total"]
    # another document's page is not this record's to show
    err = api_error(api.get(f"/v1/records/{docs[1]['record_id']}/pages/1"), 404, "not_found")
    assert "2, 3" in err["message"]
    (whole,) = [e for e in _events(api, action="extract.packet")
                if e["details"]["packet_id"] == packet_id]
    assert whole["input_hash"] == file_hash and whole["status"] == "accepted"
    assert [d["record_id"] for d in whole["details"]["documents"]] == [
        d["record_id"] for d in docs]
    again = api.get(f"/v1/packets/{packet_id}").json()
    assert again["packet_id"] == packet_id and again["packet"] == packet
    metrics = api.get("/metrics").text
    assert 'formsift_extractions_total{mode="sync",status="accepted",template="receipt"}' \
        in metrics


def test_pages_no_template_claims_are_reported_not_dropped(api):
    """A letter between an invoice and a receipt: its page is in unassigned_pages (and
    the packet goes to review for it), the two documents are records."""
    data, _ = _packet(["invoice", "letter", "receipt"], 3)
    body = api.post("/v1/extract?split=true", content=data).json()
    packet = body["packet"]
    assert packet["unassigned_pages"] == [2]
    assert body["status"] == "review"
    assert [r["code"] for r in packet["reasons"]] == ["unassigned_pages"]
    assert [(d["template"], d["pages"]) for d in packet["documents"]] == [
        ("invoice", [1]), ("receipt", [3])]
    (letter,) = [p for p in packet["page_classification"] if p["page"] == 2]
    assert letter["template"] is None and letter["document"] is None
    for doc in packet["documents"]:  # the documents themselves are fine
        assert api.get(f"/v1/records/{doc['record_id']}").json()["status"] == "accepted"


class _Receiver(BaseHTTPRequestHandler):
    got: list = []

    def do_POST(self):
        type(self).got.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_split_job_stores_a_record_per_document_and_its_webhook_has_the_packet(api):
    data, _ = _packet(["invoice", "receipt"], 11)
    _Receiver.got = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        resp = api.post("/v1/jobs", params={"split": "true", "filename": "two.pdf",
                                            "callback_url": url}, content=data)
        assert resp.status_code == 202, resp.text
        assert resp.json()["split"] is True and resp.json()["packet"] is None
        job_id = resp.json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["webhook_state"]
                       == "delivered" and j)
    finally:
        receiver.shutdown()
    assert job["status"] == "done" and job["record_id"] is None and job["result"] is None
    packet = job["packet"]
    assert [(d["template"], d["pages"], d["status"]) for d in packet["documents"]] == [
        ("invoice", [1], "accepted"), ("receipt", [2], "accepted")]
    for doc in packet["documents"]:
        record = api.get(f"/v1/records/{doc['record_id']}").json()
        assert record["packet_id"] == job["packet_id"]
        assert record["packet_pages"] == doc["pages"]
        (event,) = _events(api, record_id=doc["record_id"])
        assert event["job_id"] == job_id and event["details"]["packet_id"] == job["packet_id"]
    payload = json.loads(_Receiver.got[-1])
    assert payload["job_id"] == job_id and payload["status"] == "done"
    assert payload["packet_id"] == job["packet_id"]
    assert [(d["record_id"], d["template"], d["pages"]) for d in payload["packet"]["documents"]
            ] == [(d["record_id"], d["template"], d["pages"]) for d in packet["documents"]]
    assert payload["packet"]["documents"][1]["result"]["fields"]["total"]["value"] == \
        _truth("receipt", 12)["total"]


def test_bad_split_requests_get_clear_errors(api):
    data, _ = _packet(["invoice", "receipt"], 2)
    for path in ("/v1/extract", "/v1/jobs"):
        err = api_error(api.post(f"{path}?split=maybe", content=data), 422, "invalid_request")
        assert "split" in err["message"] and "true or false" in err["message"]
        # as formsift extract --split refuses --template: every page is classified
        err = api_error(api.post(f"{path}?split=true&template=invoice", content=data), 422,
                     "invalid_request")
        assert "leave out template" in err["message"]
        err = api_error(api.post(f"{path}?split=true&template=kyc", content=data), 422,
                     "invalid_request")
        assert "packet template" in err["message"]
        err = api_error(api.post(f"{path}?split=true&template=kycc", content=data), 422,
                     "unknown_template")
        assert "'kyc'" in err["message"]  # did you mean
    seven = _packet(["invoice", "invoice_2p", "receipt", "invoice", "receipt", "invoice"],
                    1)[0]
    api_error(api.post("/v1/extract?split=true", content=seven), 413, "too_many_pages")
    api_error(api.get("/v1/packets/nope"), 404, "not_found")
    spec = api.get("/openapi.json").json()
    for path in ("/v1/extract", "/v1/jobs"):
        (split,) = [p for p in spec["paths"][path]["post"]["parameters"]
                    if p["name"] == "split"]
        assert split["schema"]["type"] == "boolean" and not split["required"]
    assert "/v1/packets/{packet_id}" in spec["paths"]
    answer = spec["paths"]["/v1/extract"]["post"]["responses"]["200"]
    refs = json.dumps(answer["content"]["application/json"]["schema"])
    assert "PacketResponse" in refs and "ExtractResponse" in refs


def test_a_packet_sent_twice_is_reviewed_document_by_document(api):
    """Two invoices in one file are no copies of each other; the same file sent again
    is: each of its documents goes to review with duplicate_document (naming the earlier
    record of the same pages), and stays there when submitted unchanged."""
    data, _ = _packet(["invoice", "invoice"], 21)
    first = api.post("/v1/extract?split=true", content=data).json()
    assert [d["status"] for d in first["packet"]["documents"]] == ["accepted", "accepted"]
    second = api.post("/v1/extract?split=true", content=data).json()
    assert second["status"] == "review"
    assert [r["code"] for r in second["packet"]["reasons"]] == ["document_review"] * 2
    for old, new in zip(first["packet"]["documents"], second["packet"]["documents"],
                        strict=True):
        assert new["status"] == "review" and new["pages"] == old["pages"]
        (dup,) = [r for r in new["result"]["reasons"] if r["code"] == "duplicate_document"]
        assert old["record_id"] in dup["message"]
    copy = second["packet"]["documents"][1]
    queue = {q["record_id"]: q for q in api.get("/v1/review/queue").json()}
    assert queue[copy["record_id"]]["packet_id"] == second["packet_id"]
    assert queue[copy["record_id"]]["packet_pages"] == copy["pages"]
    assert api.post(f"/v1/review/{copy['record_id']}/claim").status_code == 200
    out = api.post(f"/v1/review/{copy['record_id']}/submit", json={"corrections": {}})
    assert out.status_code == 200, out.text
    assert out.json()["status"] == "review"
    assert "duplicate_document" in [r["code"] for r in out.json()["result"]["reasons"]]
    # the packet shows its documents as they are now
    now = api.get(f"/v1/packets/{second['packet_id']}").json()["packet"]
    assert now["documents"][1]["result"]["reasons"] == out.json()["result"]["reasons"]


def test_one_invoice_sent_whole_and_split_is_one_document(api):
    """An invoice sent once as it is and again with split=true is one document (the
    packet's only document is all of the file): the second is a copy, as the third, sent
    as it is again, is of both."""
    from tests.service.documents import invoice

    pdf, _ = invoice(51)
    whole = api.post("/v1/extract?template=invoice", content=pdf).json()
    assert whole["status"] == "accepted"
    split = api.post("/v1/extract?split=true", content=pdf).json()
    (document,) = split["packet"]["documents"]
    assert document["pages"] == [1] and document["status"] == "review"
    (dup,) = [r for r in document["result"]["reasons"] if r["code"] == "duplicate_document"]
    assert whole["record_id"] in dup["message"]
    again = api.post("/v1/extract?template=invoice", content=pdf).json()
    assert again["status"] == "review"


def test_a_scoped_key_splits_among_its_own_templates(svc, api):
    """A key limited to invoices may split (it need not name a template): its file is
    classified against its templates only, so a receipt's page is an unassigned page,
    not a record (nor a score) of a template it may not see."""
    data, _ = _packet(["invoice", "receipt"], 31)
    with svc.client(svc.key("invoices-only", templates=["invoice"])) as c:
        body = c.post("/v1/extract?split=true", content=data).json()
        packet = body["packet"]
        assert [(d["template"], d["pages"]) for d in packet["documents"]] == [
            ("invoice", [1])]
        assert packet["unassigned_pages"] == [2] and body["status"] == "review"
        assert all(set(p["scores"]) <= {"invoice"} for p in packet["page_classification"])
        assert c.get(f"/v1/packets/{body['packet_id']}").status_code == 200
        record_id = packet["documents"][0]["record_id"]
        assert c.get(f"/v1/records/{record_id}").json()["packet_id"] == body["packet_id"]
        job = c.post("/v1/jobs?split=true", content=data).json()
        done = wait_for(lambda: (j := c.get(f"/v1/jobs/{job['job_id']}").json())["status"]
                        in ("done", "failed") and j)
        assert [d["template"] for d in done["packet"]["documents"]] == ["invoice"]
    with svc.client(svc.key("receipts-only", templates=["receipt"])) as c:
        api_error(c.get(f"/v1/packets/{body['packet_id']}"), 404, "not_found")
        api_error(c.get(f"/v1/jobs/{job['job_id']}"), 404, "not_found")


def test_a_split_job_left_by_a_stopped_process_is_split_by_the_next(tmp_path):
    """A job sent with split=true that its process did not run (it stopped) is taken
    over at the next start and split there too: a record per document, not one record of
    the whole file."""
    from formsift.core.document import content_id
    from formsift.service.storage import Store

    data, layout = _packet(["invoice", "receipt"], 61)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    store.save_document(content_id(data), "left-over.pdf", data)
    job_id = store.add_job(source="left-over.pdf", document_hash=content_id(data),
                           template=None, callback_url=None, api_key_id="anonymous",
                           split=True)
    store.close()
    with serve(db_url=url, data_dir=tmp_path, auth=False) as svc, svc.client() as api:
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"]
                       in ("done", "failed") and j)
        assert job["status"] == "done" and job["split"] is True, job["error"]
        assert [(d["template"], d["pages"]) for d in job["packet"]["documents"]] == [
            ("invoice", [1]), ("receipt", [2])]
        assert [d for _, d in layout] == [[1], [2]]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_database_of_the_previous_schema_is_upgraded(kind, tmp_path):
    """A database at revision 0004 (records and jobs of whole files) upgrades: its
    records and jobs are of no packet, and packets can be stored beside them."""
    from alembic import command
    from alembic.config import Config

    from formsift.service.storage import MIGRATIONS, Store, connect

    for url in fresh_database(kind, tmp_path / "old.db"):
        engine = connect(url)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0004")
        import sqlalchemy as sa

        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO records (id, created_at, document_hash, source, template, "
                "status, extracted_status, result, original) VALUES ('r1', "
                "CURRENT_TIMESTAMP, 'sha256:x', 'a.pdf', 'invoice', 'review', 'review', "
                "'{}', '{}')"))
            conn.execute(sa.text(
                "INSERT INTO jobs (id, created_at, status, source, document_hash) VALUES "
                "('j1', CURRENT_TIMESTAMP, 'done', 'a.pdf', 'sha256:x')"))
        engine.dispose()
        store = Store(url)
        try:
            assert store.revision == "0006"
            record = store.record("r1")
            assert record["packet_id"] is None and record["packet_pages"] is None
            assert not store.job("j1")["split"]
            assert [q["packet_pages"] for q in store.review_queue(None)] == [None]
        finally:
            store.close()


def test_long_document_ids_are_told_apart_by_the_duplicates_store(tmp_path):
    """The documents of a packet have ids longer than the column (the file's hash and
    the pages): cut to 80 characters, the ids of two documents of one file could be the
    same, and an invoice number one of them holds was then its own to the other."""
    from formsift.service.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'seen.db'}")
    try:
        base = "sha256:" + "ab" * 32 + "#pages="
        first, second = base + "10,11,12", base + "10,13"
        assert first[:80] == second[:80]
        store.seen.add("invoice", "INV-1", first)
        assert store.seen.seen("invoice", "INV-1", exclude_document=second)
        assert not store.seen.seen("invoice", "INV-1", exclude_document=first)
        store.seen.discard("invoice", "INV-1", first)
        assert not store.seen.seen("invoice", "INV-1", exclude_document=second)
    finally:
        store.close()


def test_a_document_of_a_packet_is_no_copy_of_another_document_of_the_same_file(api):
    """Two invoices in one file, the first accepted, the second with a wrong total
    (review): corrected, the second is accepted. Both records have the file's hash and
    the template invoice, but not the same pages: the first is no earlier record of the
    same document (which would hold the second in review with duplicate_document)."""
    import pymupdf

    from tests.service.documents import invoice, invoice_needing_review

    wrong, truth, _ = invoice_needing_review(41)
    out = pymupdf.open()
    for part in (invoice(42)[0], wrong):
        out.insert_pdf(pymupdf.open(stream=part, filetype="pdf"))
    body = api.post("/v1/extract?split=true", content=out.tobytes()).json()
    first, second = body["packet"]["documents"]
    assert (first["pages"], first["status"]) == ([1], "accepted")
    assert (second["pages"], second["status"]) == ([2], "review")
    rid = second["record_id"]
    assert api.post(f"/v1/review/{rid}/claim").status_code == 200
    out = api.post(f"/v1/review/{rid}/submit",
                   json={"corrections": {"total": truth["total"]}})
    assert out.status_code == 200, out.text
    assert out.json()["status"] == "accepted", out.json()["result"]["reasons"]
