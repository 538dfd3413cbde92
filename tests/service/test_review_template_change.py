"""Records in review whose template changed, or is no longer served, after they were
extracted (reviewer journey): a retired or renamed template must not jam the queue, and a
record is never validated with a template version it was not extracted with."""

from __future__ import annotations

import pytest

from tests.service.conftest import api_error, serve
from tests.service.documents import labelled_pdf

V1 = '''template kos {
  field invoice_no: text = right of "Invoice No."
  field net: money = right of "Net"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total
}'''
#: v1 with ``vat`` renamed ``tax``
V2 = V1.replace("field vat", "field tax").replace("net + vat", "net + tax")
#: v1 renamed: ``kos`` is no longer served
RENAMED = V1.replace("template kos", "template kos_invoice")


def _pdf(number: str = "K-1", net: str = "10.00", vat: str = "2.00",
         total: str = "13.00") -> bytes:
    return labelled_pdf((100, "Invoice No.", number), (140, "Net", net),
                        (160, "VAT", vat), (180, "Total", total))


@pytest.fixture
def in_review(db_url, tmp_path):
    """A record of template ``kos`` (v1) in review (its totals do not add up), and a
    function that serves the same database with another template source."""
    root = tmp_path
    (root / "v1").mkdir()
    (root / "v1" / "kos.sift").write_text(V1)
    with serve(db_url=db_url, data_dir=root / "data",
               templates=[str(root / "v1" / "kos.sift")]) as running:
        admin = running.key("admin")
        with running.client(admin) as api:
            resp = api.post("/v1/extract?template=kos&filename=k1.pdf", content=_pdf())
            assert resp.status_code == 200, resp.text
            assert resp.json()["status"] == "review"
            record_id = resp.json()["record_id"]

    def serve_with(source: str, folder: str):
        (root / folder).mkdir()
        path = root / folder / "kos.sift"
        path.write_text(source)
        return serve(db_url=db_url, data_dir=root / "data", templates=[str(path)])

    return record_id, admin, serve_with


def test_a_record_of_a_retired_template_can_be_rejected_and_leaves_the_queue(in_review):
    record_id, admin, serve_with = in_review
    with serve_with(RENAMED, "v3") as running, running.client(admin) as api:
        claimed = api.post("/v1/review/claim")
        assert claimed.status_code == 200, claimed.text
        assert claimed.json()["record_id"] == record_id
        assert claimed.json()["template_served"] is False
        # nothing can parse a correction or validate an approval: refused, saying what to do
        err = api_error(api.post(f"/v1/review/{record_id}/submit",
                                 json={"corrections": {"total": "12.00"}}), 409,
                        "template_gone")
        assert "reject" in err["message"]
        api_error(api.post(f"/v1/review/{record_id}/submit", json={}), 409, "template_gone")
        # a release needs no template either
        assert api.post(f"/v1/review/{record_id}/release").status_code == 204
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        resp = api.post(f"/v1/review/{record_id}/submit", json={"reject": "template retired"})
        assert resp.status_code == 200, resp.text
        out = resp.json()
        assert out["status"] == "rejected"
        assert out["template_served"] is False
        assert [r["code"] for r in out["result"]["reasons"]][-2:] == [
            "template_gone", "reviewer_rejected"]
        # the queue is clear: claim next has nothing to hand out
        assert api.post("/v1/review/claim").status_code == 204
        events = [e for e in _events(api, record_id) if e["action"] == "review.submit"]
        assert events[-1]["details"]["template_gone"] is True
        assert events[-1]["status"] == "rejected"


def _events(api, record_id: str) -> list[dict]:
    import json

    resp = api.get(f"/v1/audit/export?record_id={record_id}")
    assert resp.status_code == 200, resp.text
    return [json.loads(line) for line in resp.text.splitlines() if line.strip()]


def test_a_record_of_an_older_template_version_is_extracted_again_not_mixed(in_review):
    """v1 read ``vat``; v2 renamed it ``tax``. Validating the v1 record with v2 reported
    ``tax`` missing, and a correction of ``tax`` accepted a record holding both, with v1's
    template_hash."""
    record_id, admin, serve_with = in_review
    with serve_with(V2, "v2") as running, running.client(admin) as api:
        v2_hash = running.service.templates["kos"].source_hash
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        err = api_error(api.post(f"/v1/review/{record_id}/submit",
                                 json={"corrections": {"total": "12.00"}}), 409,
                        "template_changed")
        assert "reextract" in err["message"]
        api_error(api.post(f"/v1/review/{record_id}/submit", json={}), 409,
                  "template_changed")
        again = api.post(f"/v1/review/{record_id}/reextract")
        assert again.status_code == 200, again.text
        result = again.json()["result"]
        assert sorted(result["fields"]) == ["invoice_no", "net", "tax", "total"]
        assert result["audit"]["template_hash"] == v2_hash
        assert again.json()["status"] == "review"  # 10.00 + 2.00 is still not 13.00
        # still claimed: the reviewer goes on with the record as v2 reads it
        fixed = api.post(f"/v1/review/{record_id}/submit",
                         json={"corrections": {"total": "12.00"}})
        assert fixed.status_code == 200, fixed.text
        assert fixed.json()["status"] == "accepted"
        assert sorted(fixed.json()["result"]["fields"]) == ["invoice_no", "net", "tax", "total"]
        assert fixed.json()["result"]["audit"]["template_hash"] == v2_hash
        events = _events(api, record_id)
        (event,) = [e for e in events if e["action"] == "review.reextract"]
        assert event["template_hash"] == v2_hash
        assert event["details"]["previous_template_hash"] != v2_hash
        assert event["before"]["vat"] == "2.00" and event["after"]["tax"] == "2.00"
        assert [e for e in events if e["action"] == "review.submit"][-1][
            "template_hash"] == v2_hash


def test_a_record_of_an_older_template_version_can_be_rejected(in_review):
    record_id, admin, serve_with = in_review
    with serve_with(V2, "v2") as running, running.client(admin) as api:
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        resp = api.post(f"/v1/review/{record_id}/submit", json={"reject": "old version"})
        assert resp.status_code == 200, resp.text
        assert resp.json()["template_changed"] is True
        assert resp.json()["status"] == "rejected"
        # validated with nothing: no tax reported missing
        codes = [r["code"] for r in resp.json()["result"]["reasons"]]
        assert "field_missing" not in codes
        assert codes[-2:] == ["template_changed", "reviewer_rejected"]
