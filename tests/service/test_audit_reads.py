"""Reads in the audit trail (``audit_reads``, ``formsift serve --audit-reads``): who read
which record (the record, its corrections, a page image, a job's result), as a
``record.read`` event; off by default, when only changes are events."""

from __future__ import annotations

import json

import pytest

from tests.service.conftest import serve, wait_for
from tests.service.documents import invoice


def _reads(client, record_id):
    resp = client.get("/v1/audit/export", params={"action": "record.read",
                                                  "record_id": record_id})
    assert resp.status_code == 200, resp.text
    return [json.loads(x) for x in resp.text.splitlines()]


@pytest.mark.parametrize("on", [True, False])
def test_who_read_which_record(tmp_path, on):
    """Before, the trail had no event for a read: a record's values could be read by any
    key in scope without a trace."""
    with serve(db_url=f"sqlite:///{tmp_path / 'reads.db'}", data_dir=tmp_path,
               audit_reads=on) as svc:
        auditor = svc.key("auditor")
        reader = svc.key("reader", roles=["extract"])
        with svc.client(reader) as c:
            job_id = c.post("/v1/jobs", params={"template": "invoice"},
                            content=invoice(51)[0]).json()["job_id"]
            job = wait_for(lambda: (j := c.get(f"/v1/jobs/{job_id}").json())["status"]
                           in ("done", "failed") and j)
            record_id = job["record_id"]
            assert c.get(f"/v1/records/{record_id}").status_code == 200
            assert c.get(f"/v1/records/{record_id}/corrections").status_code == 200
            assert c.get(f"/v1/records/{record_id}/pages/1",
                         params={"dpi": 36}).status_code == 200
            assert c.get("/v1/records/no-such-record").status_code == 404
            # a split file's packet: a read of each of its documents' records
            from formsift.samples import packet

            split = c.post("/v1/extract", params={"split": "true"},
                           content=packet(["invoice", "receipt"], 52)[0]).json()
            assert c.get(f"/v1/packets/{split['packet_id']}").status_code == 200
            in_packet = [d["record_id"] for d in split["packet"]["documents"]]
            assert len(in_packet) == 2
        with svc.client(auditor) as a:
            reads = _reads(a, record_id)
            assert not _reads(a, "no-such-record")
            packet_reads = [_reads(a, r) for r in in_packet]
    assert packet_reads == ([[]] * 2 if not on else packet_reads)
    for each in packet_reads if on else ():
        (event,) = each
        assert event["details"] == {"what": "packet", "packet_id": split["packet_id"]}
    if not on:
        assert reads == []
        return
    from formsift.service.auth import split_key

    assert {e["actor"] for e in reads} == {split_key(reader)[0]}  # the reader, not others
    assert sorted(e["details"]["what"] for e in reads) == [
        "corrections", "job", "page", "record"]
    (page,) = [e for e in reads if e["details"]["what"] == "page"]
    assert page["details"]["page"] == 1 and page["input_hash"] == job["result"][
        "document_id"]
    (via_job,) = [e for e in reads if e["details"]["what"] == "job"]
    assert via_job["job_id"] == job_id and via_job["template"] == "invoice"
