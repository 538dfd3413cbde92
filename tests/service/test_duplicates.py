"""Duplicate checks (``seen_before``) in the service: the store lives in the service's
database (SQLite or PostgreSQL), the workers and the review queue use it, and a review
re-validates against it instead of forgetting what was seen."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from formsift.core.seen import normalize
from tests.service.conftest import serve

DUP = '''template dup {
  field invoice_no: text = right of "Invoice No."
  field amount: money = right of "Amount"
  rule first_time: not seen_before(invoice_no) message "this invoice number was seen before"
  rule small: amount < 1000
}'''


def _pdf(number: str, amount: str, extra: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for x, y, text in ((50, 100, "Invoice No."), (150, 100, number), (50, 140, "Amount"),
                       (150, 140, amount), (50, 200, extra)):
        page.insert_text((x, y), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def _compile():
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    (tpl,), _ = check_source(DUP, "dup.sift", default_registry())
    return tpl


def _rules(result: dict) -> dict[str, bool | None]:
    return {r["name"]: r["passed"] for r in result["rules"]}


def test_review_keeps_a_duplicate_a_duplicate():
    """The audit's reproduction: re-validating the second of two documents with one
    invoice number, without corrections, must not accept it; the first stays the original
    (its own recording does not make it a duplicate, nor does the second's)."""
    from formsift import Engine
    from formsift.service.review import apply_review

    tpl = _compile()
    engine = Engine([tpl], seen_store="memory")
    first = engine.extract(_pdf("INV-1", "10.00", "one"), tpl)
    second = engine.extract(_pdf("INV-1", "10.00", "two"), tpl)
    assert (first.status.value, second.status.value) == ("accepted", "review")
    store = engine.seen_store
    again = apply_review(second.model_dump(mode="json"), tpl, {}, "rita", seen_store=store)
    assert again.result["status"] == "review"
    assert _rules(again.result)["first_time"] is False
    original = apply_review(first.model_dump(mode="json"), tpl, {}, "rita", seen_store=store)
    assert original.result["status"] == "accepted"
    assert _rules(original.result)["first_time"] is True
    fixed = apply_review(second.model_dump(mode="json"), tpl, {"invoice_no": "INV-2"}, "rita",
                         seen_store=store)
    assert fixed.result["status"] == "accepted"
    assert (fixed.seen_values, fixed.replaced_values) == (["INV-2"], ["INV-1"])


@pytest.fixture(scope="module")
def dup_svc(db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("dup")
    (root / "dup.sift").write_text(DUP)
    with pytest.MonkeyPatch.context() as mp:
        # where the CLI's default duplicates file would go: the service must not write it
        mp.setenv("FORMSIFT_STATE_DIR", str(root / "state"))
        mp.delenv("FORMSIFT_SEEN_STORE", raising=False)
        with serve(db_url=db_url, data_dir=root / "data", templates=[str(root / "dup.sift")],
                   zero_retention=True) as running:
            running.root = root
            running.admin = running.key("admin")
            yield running


def _seen_rows(url: str) -> set[tuple[str, str, str]]:
    from formsift.service.storage import connect

    engine = connect(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT namespace, value, document_id "
                                        "FROM seen_values")).all()
    finally:
        engine.dispose()
    return {tuple(r) for r in rows}


def test_duplicates_are_kept_in_the_database_and_survive_review(dup_svc):
    with dup_svc.client(dup_svc.admin) as api:
        def extract(pdf: bytes) -> dict:
            resp = api.post("/v1/extract?template=dup", content=pdf)
            assert resp.status_code == 200, resp.text
            return resp.json()

        def review(record_id: str, corrections: dict) -> dict:
            assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
            resp = api.post(f"/v1/review/{record_id}/submit",
                            json={"corrections": corrections})
            assert resp.status_code == 200, resp.text
            return resp.json()

        first_pdf = _pdf("INV-1", "5000.00", "first")
        first = extract(first_pdf)  # review: the amount is too big
        assert first["status"] == "review"
        assert _rules(first["result"]) == {"first_time": True, "small": False}
        second = extract(_pdf("inv-1", "10.00", "second"))  # another file, the same number
        assert second["status"] == "review"
        assert _rules(second["result"]) == {"first_time": False, "small": True}
        assert _rules(extract(first_pdf)["result"])["first_time"]  # not a duplicate of itself

        # the first came first: correcting its amount accepts it, the second is no reason
        out = review(first["record_id"], {"amount": "500.00"})
        assert out["status"] == "accepted" and _rules(out["result"])["first_time"] is True
        # the second stays a duplicate when a reviewer submits it unchanged
        out = review(second["record_id"], {})
        assert out["status"] == "review" and _rules(out["result"])["first_time"] is False
        # a misread number corrected: the record is accepted, the new number recorded
        out = review(second["record_id"], {"invoice_no": "INV-2"})
        assert out["status"] == "accepted"
        third = extract(_pdf("INV-2", "10.00", "third"))
        assert _rules(third["result"])["first_time"] is False

    rows = _seen_rows(dup_svc.service.store.url)
    first_id, second_id = first["result"]["document_id"], second["result"]["document_id"]
    inv1, inv2 = normalize("INV-1"), normalize("INV-2")  # stored as compared: "inv1"
    assert ("dup", inv1, first_id) in rows and ("dup", inv2, second_id) in rows
    assert ("dup", inv1, second_id) not in rows  # corrected away: forgotten
    # zero retention: the values live in the database (with the records), nowhere else
    assert not (dup_svc.root / "state").exists()
    assert not (dup_svc.root / "data").exists() or not any((dup_svc.root / "data").iterdir())


def test_the_same_file_sent_again_goes_to_review_naming_the_first_record(dup_svc):
    """A client retrying after a lost answer (or an invoice forwarded twice) made a second
    accepted record of the same file: paid twice (seen_before never counts a document as a
    duplicate of itself)."""
    from tests.service.conftest import wait_for

    pdf = _pdf("INV-77", "10.00", "resent")
    with dup_svc.client(dup_svc.admin) as api:
        first = api.post("/v1/extract?template=dup", content=pdf).json()
        assert first["status"] == "accepted"
        again = api.post("/v1/extract?template=dup", content=pdf).json()
        assert again["status"] == "review" and again["record_id"] != first["record_id"]
        (reason,) = [r for r in again["result"]["reasons"] if r["code"] == "duplicate_document"]
        assert first["record_id"] in reason["message"]
        # ... and says so where a program reads it (audit journey, finding 8)
        assert reason["refers_to"]["record_id"] == first["record_id"]
        assert reason["refers_to"]["document_id"] == first["result"]["document_id"]
        assert reason["refers_to"]["seen_at"]
        assert _rules(again["result"])["first_time"] is True  # the number: not a duplicate
        job_id = api.post("/v1/jobs?template=dup", content=pdf).json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"]
                       == "done" and j)
        record = api.get(f"/v1/records/{job['record_id']}").json()
        assert record["status"] == "review"


def test_an_empty_rejection_reason_is_refused_not_a_rejection(dup_svc):
    """{"reject": ""} rejected the record (anything but null did)."""
    with dup_svc.client(dup_svc.admin) as api:
        record = api.post("/v1/extract?template=dup",
                          content=_pdf("INV-88", "5000.00", "empty reason")).json()
        assert record["status"] == "review"
        rid = record["record_id"]
        assert api.post(f"/v1/review/{rid}/claim").status_code == 200
        resp = api.post(f"/v1/review/{rid}/submit", json={"reject": "  "})
        assert resp.status_code == 422, resp.text
        assert resp.json()["error"]["code"] == "invalid_request"
        assert "needs a reason" in resp.text
        assert api.get(f"/v1/records/{rid}").json()["status"] == "review"


def _submit(api, record_id: str, body: dict) -> dict:
    assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
    resp = api.post(f"/v1/review/{record_id}/submit", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _codes(result: dict) -> list[str]:
    return [r["code"] for r in result["reasons"]]


def test_a_copy_of_a_standing_record_stays_in_review_after_a_submit(dup_svc):
    """The second copy of one file (duplicate_document) submitted without corrections was
    validated again and accepted: the reason vanished, two accepted records of one invoice.
    Now a copy stays in review while an earlier record of the file stands; a copy that
    went to review for another reason is caught when a correction would accept it; once
    the earlier record is rejected, the copy can be accepted."""
    with dup_svc.client(dup_svc.admin) as api:
        pdf = _pdf("INV-90", "10.00", "sent twice")
        first = api.post("/v1/extract?template=dup", content=pdf).json()
        second = api.post("/v1/extract?template=dup", content=pdf).json()
        assert (first["status"], second["status"]) == ("accepted", "review")
        for body in ({"corrections": {}}, {"corrections": {}, "confirm": False},
                     {"corrections": {"amount": "10.00"}}):
            out = _submit(api, second["record_id"], body)
            assert out["status"] == "review", out["result"]["reasons"]
            assert _codes(out["result"]) == ["duplicate_document"]
            assert first["record_id"] in out["result"]["reasons"][0]["message"]
        assert _submit(api, second["record_id"], {"reject": "a copy"})["status"] == "rejected"

        big = _pdf("INV-91", "5000.00", "sent twice, too big")
        first = api.post("/v1/extract?template=dup", content=big).json()
        second = api.post("/v1/extract?template=dup", content=big).json()
        assert (first["status"], second["status"]) == ("review", "review")
        out = _submit(api, second["record_id"], {"corrections": {"amount": "500.00"}})
        assert out["status"] == "review" and _codes(out["result"]) == ["duplicate_document"]
        assert _submit(api, first["record_id"], {"reject": "rescan"})["status"] == "rejected"
        out = _submit(api, second["record_id"], {"corrections": {}})
        assert out["status"] == "accepted", out["result"]["reasons"]


def test_a_rejected_record_is_no_reason_to_call_a_later_one_seen_before(dup_svc):
    """The first copy of an invoice rejected in review (rescan requested) still counted in
    the duplicates store: the rescan was 'seen before' and could not be accepted. A
    rejected copy of a file whose earlier record stands forgets nothing of that record."""
    with dup_svc.client(dup_svc.admin) as api:
        bad = api.post("/v1/extract?template=dup",
                       content=_pdf("INV-92", "5000.00", "bad scan")).json()
        assert bad["status"] == "review"
        assert _submit(api, bad["record_id"], {"reject": "rescan requested"})["status"] \
            == "rejected"
        rescan = api.post("/v1/extract?template=dup",
                          content=_pdf("INV-92", "50.00", "rescan")).json()
        assert rescan["status"] == "accepted", rescan["result"]["reasons"]
        assert _rules(rescan["result"])["first_time"] is True

        pdf = _pdf("INV-93", "10.00", "booked, then sent again")
        booked = api.post("/v1/extract?template=dup", content=pdf).json()
        copy = api.post("/v1/extract?template=dup", content=pdf).json()
        assert (booked["status"], copy["status"]) == ("accepted", "review")
        assert _submit(api, copy["record_id"], {"reject": "a copy"})["status"] == "rejected"
        other = api.post("/v1/extract?template=dup",
                         content=_pdf("INV-93", "10.00", "another file")).json()
        assert _rules(other["result"])["first_time"] is False


def test_an_edited_template_is_served_as_it_was_at_start_up(dup_svc):
    """docs/integration.md said a template edited while a service runs is read again on
    its next use: true only of a template passed to extract() as a file path, not of the
    named templates `formsift serve --templates` serves. The service keeps what it
    compiled at start-up (a restart serves the edit) and the docs say so."""
    from pathlib import Path

    path = dup_svc.root / "dup.sift"
    with dup_svc.client(dup_svc.admin) as api:
        def template_hash() -> str:
            body = api.post("/v1/extract?template=dup",
                            content=_pdf("INV-94", "10.00", str(path.stat().st_mtime))).json()
            return body["result"]["audit"]["template_hash"]

        served = template_hash()
        try:
            path.write_text(DUP.replace("amount < 1000", "amount < 2000"))
            assert template_hash() == served
        finally:
            path.write_text(DUP)
    docs = Path(__file__).resolve().parents[2] / "docs"
    assert "then restart the service" in " ".join((docs / "service.md").read_text().split())
    integration = " ".join((docs / "integration.md").read_text().split())
    assert "a template edited while a service runs is read again" not in integration


def test_a_service_duplicate_points_at_the_earlier_document_and_old_values_still_count(
        dup_svc):
    """The service's duplicates store kept values compared by case and spacing only;
    separators are ignored now, and a value the service recorded before ('inv-9', as it
    was stored) must still make 'INV-9' a duplicate. A duplicate's reason names the
    earlier document in ``refers_to``, as in the CLI and the Python API."""
    from formsift.service.storage import connect

    engine = connect(dup_svc.service.store.url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO seen_values (namespace, value, document_id, created_at) "
                "VALUES ('dup', 'inv-9', 'sha256:an-older-document', :t)"),
                {"t": datetime(2026, 1, 2, 3, 4, 5)})
    finally:
        engine.dispose()
    with dup_svc.client(dup_svc.admin) as api:
        old = api.post("/v1/extract?template=dup", content=_pdf("INV-9", "10.00", "o")).json()
        assert _rules(old["result"])["first_time"] is False
        (reason,) = [r for r in old["result"]["reasons"] if r.get("rule") == "first_time"]
        assert reason["refers_to"]["document_id"] == "sha256:an-older-document"
        assert reason["refers_to"]["seen_at"].startswith("2026-01-02T03:04:05")
        first = api.post("/v1/extract?template=dup", content=_pdf("INV-10", "10.00", "a")).json()
        again = api.post("/v1/extract?template=dup",
                         content=_pdf("INV 10", "10.00", "b")).json()
        (reason,) = [r for r in again["result"]["reasons"] if r.get("rule") == "first_time"]
        assert reason["refers_to"]["document_id"] == first["result"]["document_id"]
